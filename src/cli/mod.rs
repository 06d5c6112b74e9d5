//! The command line: parses arguments, finds the database and the acting
//! agent, and calls the store's operations. Everything scriptable lives here.

mod agents;
mod args;
mod backup;
mod dnc;
mod doctor;
pub mod identity;
mod imports;
mod leads;
mod output;
mod printable;
pub mod serve;
mod settings;
mod setup;
mod showroom;
mod supervise;
mod walk_in;

pub use args::*;
pub use identity::{os_login, Served};

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::config::{self, Config};
use crate::domain::access::Op;
use crate::domain::when;
use crate::i18n::{self, Lang, Localize};
use crate::store::{Actor, LeadStore, OpenMode, SqliteStore, StoreError};

/// Everything a command can fail with, as the user reads it.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    #[error("{0}")]
    Input(String),
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
}

type Result<T> = std::result::Result<T, CliError>;

/// What every command starts from: the parsed line, the configuration, the
/// language it answers in and the time it acts at.
#[derive(Clone, Copy)]
struct Ctx<'a> {
    cli: &'a Cli,
    config: &'a Config,
    lang: Lang,
    now: NaiveDateTime,
}

impl Ctx<'_> {
    /// The database and who acts on it: where every command on the record
    /// starts.
    fn session(&self) -> Result<(SqliteStore, Actor)> {
        let store = open(self.cli, self.config)?;
        let me = actor(&store, self.cli)?;
        Ok((store, me))
    }
}

impl Localize for CliError {
    fn localize(&self, lang: Lang) -> String {
        match self {
            CliError::Store(e) => e.localize(lang),
            CliError::Config(e) => i18n::config_error(e, lang),
            CliError::Input(said) => said.clone(),
            CliError::Output(e) => i18n::cannot_write(&e.to_string(), lang),
        }
    }
}

/// Refuses what the access policy refuses, as the store does.
fn allow(actor: &crate::store::Actor, op: Op) -> Result<()> {
    crate::domain::access::check(actor, op)
        .map_err(|d| CliError::Store(StoreError::NotPermitted(d)))
}

/// What the store refused stays a store error, named in the user's language.
fn import_error(e: crate::import::ImportError, lang: crate::i18n::Lang) -> CliError {
    match e {
        crate::import::ImportError::Store(s) => CliError::Store(s),
        other => CliError::Input(other.message(lang)),
    }
}

pub(super) fn nine() -> NaiveTime {
    NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN)
}

/// Resolves the database path: a served session's, else the flag, `DCC_DB`,
/// the config file, the default.
pub fn db_path(cli: &Cli, config: &Config) -> PathBuf {
    if let Some(s) = &cli.served {
        return s.db.clone();
    }
    cli.db
        .clone()
        .or_else(|| {
            std::env::var_os("DCC_DB")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .or_else(|| config.db.clone())
        .unwrap_or_else(config::default_db)
}

pub fn load_config() -> Result<Config> {
    match config::default_path() {
        Some(p) => Ok(Config::load(&p)?),
        None => Ok(Config::default()),
    }
}

/// The language of what a command prints: `--lang`, the config, the locale.
pub fn lang(cli: &Cli, config: &Config) -> Lang {
    Lang::choose(cli.lang.as_deref(), config.lang.as_deref())
}

/// A flag's value that does not read, in the user's language.
fn bad(flag: &str, v: &str, why: &dyn i18n::Localize, lang: Lang) -> CliError {
    CliError::Input(i18n::bad_value(flag, v, &why.localize(lang), lang))
}

/// An expected purchase or visit, read as the capture form and the importer
/// read it (`2026-12-20`, `一周内`, `下个月`, `2027-01`).
fn parse_by(flag: &str, v: &str, today: NaiveDate, lang: Lang) -> Result<NaiveDate> {
    crate::domain::horizon::parse(v, today).map_err(|e| bad(flag, v, &e, lang))
}

/// The expected visit as the capture form reads it: `周六 14:00` keeps its
/// time, `周六` or `一周内` is a day.
fn parse_visit(
    flag: &str,
    v: &str,
    now: NaiveDateTime,
    lang: Lang,
) -> Result<crate::domain::when::Moment> {
    crate::domain::horizon::visit(v, now).map_err(|e| bad(flag, v, &e, lang))
}

fn parse_date(flag: &str, v: &str, lang: Lang) -> Result<NaiveDate> {
    when::parse_date(v).map_err(|e| bad(flag, v, &e, lang))
}

fn parse_time(flag: &str, v: &str, now: NaiveDateTime, lang: Lang) -> Result<NaiveDateTime> {
    when::parse_human(v, now, nine()).map_err(|e| bad(flag, v, &e, lang))
}

fn open(cli: &Cli, config: &Config) -> Result<SqliteStore> {
    Ok(SqliteStore::open(
        &db_path(cli, config),
        OpenMode::Existing,
    )?)
}

fn actor(store: &SqliteStore, cli: &Cli) -> Result<Actor> {
    let login = identity::login_for(cli, store.path())?;
    let act_as = if cli.served.is_some() {
        None
    } else {
        cli.act_as.as_deref()
    };
    Ok(store.identify(&login, act_as)?)
}

/// The commands sshd runs, which read no configuration, environment or
/// clock of the caller's: `None` for every other command.
pub fn run_for_sshd(cli: &Cli, out: &mut dyn std::io::Write) -> Option<Result<()>> {
    match &cli.command {
        Some(Command::AuthorizedKeys(a)) => Some(serve::authorized_keys(a, out)),
        Some(Command::Session(s)) if cli.served.is_none() => {
            Some(serve::session(s, cli.lang.as_deref(), out))
        }
        _ => None,
    }
}

/// Runs a parsed command line; with no command, the workstation. What it
/// prints goes through [`printable::Printable`]: no control character from
/// stored text reaches the terminal.
pub fn run(cli: &Cli, config: &Config, out: &mut dyn std::io::Write) -> Result<()> {
    if let Some(done) = run_for_sshd(cli, out) {
        return done;
    }
    if writes_workbook(cli) {
        // A workbook's bytes are not text: filtering them would break the
        // file. Its cells are written as strings, never formulas.
        return run_command(cli, config, out);
    }
    let mut safe = printable::Printable::new(out);
    let result = run_command(cli, config, &mut safe);
    let finished = safe.finish();
    result?;
    Ok(finished?)
}

/// Whether the command writes an Excel workbook to standard output
/// (`--format xlsx --output -`, as every report over SSH does).
fn writes_workbook(cli: &Cli) -> bool {
    use crate::export::{ExportCommand, OutFormat};
    let to_stdout = |o: &Option<PathBuf>| o.as_deref() == Some(std::path::Path::new("-"));
    match &cli.command {
        Some(Command::Report(r)) => r.format == OutFormat::Xlsx && to_stdout(&r.output),
        Some(Command::Export {
            what: ExportCommand::Visits(v),
        }) => v.format == OutFormat::Xlsx && to_stdout(&v.output),
        _ => false,
    }
}

fn run_command(cli: &Cli, config: &Config, out: &mut dyn std::io::Write) -> Result<()> {
    let lang = lang(cli, config);
    let now = match &cli.command {
        // The doctor only reads, and says itself what DCC_NOW does.
        Some(Command::Doctor { .. }) => identity::system_now(),
        _ => identity::now_for(cli, &db_path(cli, config), lang)?,
    };
    let Some(command) = &cli.command else {
        return setup::workstation(cli, config, now);
    };
    let cx = Ctx {
        cli,
        config,
        lang,
        now,
    };
    let cx = &cx;
    match command {
        Command::Init { name } => setup::init(cx, name, out)?,
        #[cfg(feature = "tools")]
        Command::Demo { leads, seed, open } => setup::demo(cx, leads, seed, open, out)?,
        Command::Agent { command } => agents::agent(cx, command, out)?,
        Command::Lead { command } => leads::lead(cx, command, out)?,
        Command::Queue { date, all, format } => leads::queue(cx, date, all, format, out)?,
        Command::Log(args) => leads::log(cx, args, out)?,
        Command::Decide { id, decision, note } => supervise::decide(cx, id, decision, note, out)?,
        Command::Team { format } => supervise::team(cx, format, out)?,
        Command::Requests { format } => supervise::requests(cx, format, out)?,
        Command::Reassign { ids, to, reason } => supervise::reassign(cx, ids, to, reason, out)?,
        Command::Reason { command } => settings::reason(cx, command, out)?,
        Command::Model { command } => settings::model(cx, command, out)?,
        Command::Script { command } => settings::scripts(cx, command, out)?,
        Command::Rules { command } => settings::rules(cx, command, out)?,
        Command::Set { key, value } => settings::set(cx, key, value, out)?,
        Command::Spend {
            channel,
            month,
            yuan,
        } => settings::spend(cx, channel, month, yuan, out)?,
        Command::Reasons => {
            let store = open(cli, config)?;
            output::reasons(out, &store.reasons()?, lang)?;
        }
        Command::Channels => {
            let store = open(cli, config)?;
            output::channels(out, &store.channels()?, lang)?;
        }
        Command::Backup { dir, keep } => backup::backup(cli, config, dir, *keep, now, out)?,
        Command::Restore { file, force } => backup::restore(cli, config, file, *force, now, out)?,
        Command::Doctor {
            format,
            served_config,
            sshd_config,
        } => doctor::doctor(cx, format, served_config, sshd_config, out)?,
        #[cfg(feature = "tools")]
        Command::Load(opts) => {
            // The store asks the policy (RunLoad) before it copies anything.
            let me = actor(&open(cli, config)?, cli)?;
            crate::load::run(&db_path(cli, config), &me, opts, lang, out)?;
        }
        #[cfg(feature = "tools")]
        Command::LoadWorker(opts) => {
            let store = open(cli, config)?;
            let me = actor(&store, cli)?;
            crate::load::worker(&store, &me, opts, out)?;
        }
        Command::AuthorizedKeys(_) | Command::Session(_) => {
            return Err(CliError::Input(i18n::sshd_only(lang).into()))
        }
        Command::SshSetup(args) => serve::setup(args, lang, out)?,
        Command::Import {
            command: Some(command),
            ..
        } => {
            let store = open(cli, config)?;
            let me = actor(&store, cli)?;
            imports::run(&store, &me, command, lang, now, out)?;
        }
        Command::Import {
            command: None,
            file,
        } => imports::import_file(cx, file, out)?,
        Command::Dnc { command } => dnc::dnc(cx, command, out)?,
        Command::Showroom { command } => showroom::showroom(cx, command, out)?,
        Command::Report(args) => {
            let store = open(cli, config)?;
            let me = actor(&store, cli)?;
            crate::export::report_command(&store, &me, args, lang, now, out)?;
        }
        Command::Export { what } => {
            let store = open(cli, config)?;
            let me = actor(&store, cli)?;
            crate::export::export_command(&store, &me, what, lang, now, out)?;
        }
    }
    Ok(())
}
