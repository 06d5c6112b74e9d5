//! The command line: parses arguments, finds the database and the acting
//! agent, and calls the store's operations. Everything scriptable lives here.

mod args;
mod backup;
pub mod identity;
mod imports;
mod output;
pub mod serve;

pub use args::*;
pub use identity::{os_login, Served};

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::config::{self, Config};
use crate::domain::access::Op;
use crate::domain::outcome::CallReport;
use crate::domain::phone::Phone;
use crate::domain::when;
use crate::i18n::{self, Lang, Localize};
use crate::store::{Actor, CallLog, LeadStore, NewLead, OpenMode, Role, SqliteStore, StoreError};

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

/// Opens the workstation for the acting agent.
fn workstation(cli: &Cli, config: &Config, start: NaiveDateTime) -> Result<()> {
    use crate::app::{App, Keymap, RunningClock, Session};
    use crate::i18n::Lang;
    let store = open(cli, config)?;
    let me = actor(&store, cli)?;
    let lang = Lang::choose(cli.lang.as_deref(), config.lang.as_deref());
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme_dir = config::default_path().and_then(|p| p.parent().map(|d| d.join("themes")));
    let (theme, theme_note) = crate::theme::Theme::load(
        cli.theme.as_deref().or(config.theme.as_deref()),
        theme_dir.as_deref(),
        no_color,
    );
    let (queue_keys, mode_keys) = config.key_overrides();
    let (keymap, mut notices) = Keymap::with_mode_overrides(&queue_keys, &mode_keys);
    notices.extend(theme_note);
    let session = Session {
        lang: Some(lang),
        keymap: Some(keymap),
        dial_command: config.dial_command.clone(),
        notices,
    };
    let clock = RunningClock {
        start,
        since: std::time::Instant::now(),
    };
    let mut app = App::new(Box::new(store), Box::new(clock), me, session)?;
    crate::tui::run(&mut app, &theme)?;
    Ok(())
}

fn scripts(
    cli: &Cli,
    config: &Config,
    command: &ScriptCommand,
    now: NaiveDateTime,
    out: &mut dyn std::io::Write,
) -> Result<()> {
    use crate::domain::script::{render, ScriptVars};
    let ui = lang(cli, config);
    let store = open(cli, config)?;
    let me = actor(&store, cli)?;
    let preview = |kind: &str,
                   lang: &str,
                   lead: Option<i64>,
                   raw: bool,
                   out: &mut dyn std::io::Write|
     -> Result<()> {
        let Some((title, body)) = store.script(kind, lang)? else {
            return Err(CliError::Input(i18n::no_script(kind, lang, ui)));
        };
        if raw {
            writeln!(out, "{title}\n\n{body}")?;
            return Ok(());
        }
        let mut vars = ScriptVars {
            customer: "韩梅梅".into(),
            model: "凯美瑞".into(),
            source: "汽车之家".into(),
            agent: me.agent.name.clone(),
            dealer: store.setting("dealer")?.unwrap_or_default(),
            visit_time: "2026-11-25 14:00".into(),
            campaign: store.setting("campaign")?.unwrap_or_default(),
        };
        if let Some(id) = lead {
            let card = store.lead(&me, id, now)?;
            vars.customer = card.name;
            vars.model = card.model;
            vars.source = if lang == "en" {
                card.channel.name_en
            } else {
                card.channel.name_zh
            };
            vars.visit_time = card
                .appointment
                .map(|v| v.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default();
        }
        writeln!(out, "{title}\n\n{}", render(&body, &vars))?;
        Ok(())
    };
    match command {
        ScriptCommand::Show {
            kind,
            script_lang,
            lead,
            raw,
        } => preview(kind, script_lang, *lead, *raw, out)?,
        ScriptCommand::Set {
            kind,
            script_lang,
            title,
            file,
        } => {
            let body = crate::infile::read_text(file, crate::infile::SMALL_LIMIT).map_err(|e| {
                CliError::Input(i18n::unreadable(
                    &file.display().to_string(),
                    &e.localize(ui),
                    ui,
                ))
            })?;
            let title = match title {
                Some(t) => t.clone(),
                None => store
                    .script(kind, script_lang)?
                    .map(|(t, _)| t)
                    .unwrap_or_else(|| kind.clone()),
            };
            store.set_script(&me, kind, script_lang, &title, body.trim_end(), now)?;
            writeln!(out, "{}\n", i18n::script_saved(ui))?;
            preview(kind, script_lang, None, false, out)?;
        }
    }
    Ok(())
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

/// `dcc agent key …`.
fn keys(
    store: &SqliteStore,
    me: &Actor,
    command: &KeyCommand,
    (now, lang): (NaiveDateTime, Lang),
    out: &mut dyn std::io::Write,
) -> Result<()> {
    use crate::domain::sshkey::PublicKey;
    match command {
        KeyCommand::Add { login, file } => {
            let text = if file.as_os_str() == "-" {
                let mut t = String::new();
                std::io::Read::read_to_string(
                    &mut std::io::Read::take(std::io::stdin(), 64 * 1024),
                    &mut t,
                )?;
                t
            } else {
                std::fs::read_to_string(file).map_err(|e| {
                    CliError::Input(i18n::unreadable(
                        &file.display().to_string(),
                        &e.to_string(),
                        lang,
                    ))
                })?
            };
            let key = PublicKey::parse(&text)
                .map_err(|e| CliError::Input(format!("{e}; nothing was changed")))?;
            let fp = store.add_key(me, login, &key, now)?;
            writeln!(out, "{}", i18n::key_added(login, &key.kind, &fp, lang))?;
        }
        KeyCommand::List { login, format } => {
            output::keys(out, &store.keys(me, login.as_deref())?, *format, lang)?
        }
        KeyCommand::Remove { fingerprint } => {
            let login = store.remove_key(me, fingerprint, now)?;
            writeln!(out, "{}", i18n::key_removed(fingerprint, &login, lang))?;
        }
    }
    Ok(())
}

/// Runs a parsed command line; with no command, the workstation. What it
/// prints goes through [`output::Printable`]: no control character from
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
    let mut safe = output::Printable::new(out);
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
        return workstation(cli, config, now);
    };
    match command {
        Command::Init { name } => {
            let path = db_path(cli, config);
            let login = identity::login_for(cli, &path)?;
            let store = SqliteStore::open(&path, OpenMode::Create)?;
            if let Some(a) = store.agent(&login)? {
                let role = i18n::role(a.role, lang);
                let ready = i18n::init_ready(&path.display().to_string(), &a.login, role, lang);
                writeln!(out, "{ready}")?;
                return Ok(());
            }
            let name = name.clone().unwrap_or_else(|| login.clone());
            let agent = store
                .add_agent(None, &login, &name, Role::Supervisor, now)
                .map_err(|e| match e {
                    StoreError::NotPermitted(_) => CliError::Input(i18n::init_has_agents(
                        &path.display().to_string(),
                        &login,
                        lang,
                    )),
                    other => other.into(),
                })?;
            let path = path.display().to_string();
            let created = i18n::init_created(&path, &agent.name, &agent.login, lang);
            writeln!(out, "{created}")?;
        }
        #[cfg(feature = "tools")]
        Command::Demo { leads, seed, open } => {
            let path = db_path(cli, config);
            if path.exists() {
                return Err(CliError::Input(i18n::demo_exists(
                    &path.display().to_string(),
                    lang,
                )));
            }
            let login = identity::login_for(cli, &path)?;
            let opts = crate::demo::DemoOptions {
                leads: *leads,
                seed: *seed,
                supervisor_login: login.clone(),
                supervisor_name: login,
                now,
            };
            let bar = indicatif::ProgressBar::new(*leads);
            bar.set_style(
                indicatif::ProgressStyle::with_template(i18n::demo_progress(lang))
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            let summary =
                crate::demo::generate(&path, &opts, &mut |done, _| bar.set_position(done))?;
            bar.finish_and_clear();
            let figures = i18n::DemoFigures {
                leads: summary.leads,
                calls: summary.calls,
                agents: summary.agents as u64,
                appointments: summary.appointments,
                seconds: summary.elapsed.as_secs_f64(),
                megabytes: summary.file_bytes / 1_000_000,
            };
            let built = i18n::demo_built(&path.display().to_string(), &figures, lang);
            writeln!(out, "{built}")?;
            if *open {
                return workstation(cli, config, now);
            }
        }
        Command::Agent { command } => {
            let store = open(cli, config)?;
            match command {
                AgentCommand::Add { login, name, role } => {
                    let me = actor(&store, cli)?;
                    let a = store.add_agent(Some(&me), login, name, (*role).into(), now)?;
                    let role = i18n::role(a.role, lang);
                    writeln!(out, "{}", i18n::agent_added(&a.login, &a.name, role, lang))?;
                }
                AgentCommand::List { format } => {
                    allow(&actor(&store, cli)?, Op::ListAgents)?;
                    output::agents(out, &store.agents()?, *format, lang)?
                }
                AgentCommand::Disable { login } | AgentCommand::Enable { login } => {
                    let me = actor(&store, cli)?;
                    let active = matches!(command, AgentCommand::Enable { .. });
                    store.set_agent_active(&me, login, active, now)?;
                    writeln!(out, "{}", i18n::agent_state(login, active, lang))?;
                }
                AgentCommand::Key { command } => {
                    let me = actor(&store, cli)?;
                    keys(&store, &me, command, (now, lang), out)?;
                }
                AgentCommand::Target { login, calls } => {
                    let me = actor(&store, cli)?;
                    let target = match calls.as_str() {
                        "none" | "default" => None,
                        n => Some(
                            n.parse::<u32>()
                                .map_err(|_| CliError::Input(i18n::target_bad(n, lang)))?,
                        ),
                    };
                    store.set_target(&me, login, target, now)?;
                    writeln!(out, "{}", i18n::target_set(login, calls, lang))?;
                }
            }
        }
        Command::Lead { command } => {
            let store = open(cli, config)?;
            match command {
                LeadCommand::Add {
                    name,
                    phone,
                    channel,
                    model,
                    purchase_by,
                    grade,
                    visit_by,
                    owner,
                    note,
                } => {
                    let me = actor(&store, cli)?;
                    let phone = Phone::parse(phone).map_err(|e| bad("--phone", phone, &e, lang))?;
                    let lead = NewLead {
                        name: name.clone(),
                        phone,
                        channel: channel.clone(),
                        model: model.clone(),
                        purchase_by: purchase_by
                            .as_deref()
                            .map(|d| parse_by("--purchase-by", d, now.date(), lang))
                            .transpose()?,
                        visit_by: visit_by
                            .as_deref()
                            .map(|d| parse_visit("--visit-by", d, now, lang))
                            .transpose()?,
                        grade: grade.clone(),
                        owner: owner.clone(),
                        note: note.clone(),
                        details: Default::default(),
                    };
                    let id = store.add_lead(&me, &lead, now)?;
                    writeln!(out, "{id}")?;
                }
                LeadCommand::Show { id, format } => {
                    let me = actor(&store, cli)?;
                    let card = store.lead(&me, *id, now)?;
                    output::lead(out, &card, *format, lang)?;
                }
            }
        }
        Command::Queue { date, all, format } => {
            let store = open(cli, config)?;
            let me = actor(&store, cli)?;
            let day = match date {
                Some(d) => parse_date("--date", d, lang)?,
                None => now.date(),
            };
            let agent = if *all { None } else { Some(me.agent.id) };
            let items = store.queue(&me, agent, day, now)?;
            output::queue(
                out,
                day,
                agent.map(|_| me.agent.login.as_str()),
                &items,
                *format,
                lang,
            )?;
        }
        Command::Log {
            id,
            outcome,
            grade,
            at,
            visit,
            reason,
            note,
            format,
        } => {
            let store = open(cli, config)?;
            let me = actor(&store, cli)?;
            let call = CallLog {
                lead_id: *id,
                outcome: (*outcome).into(),
                report: CallReport {
                    grade: grade.clone(),
                    at: at
                        .as_deref()
                        .map(|v| parse_time("--at", v, now, lang))
                        .transpose()?,
                    visit: visit
                        .as_deref()
                        .map(|v| parse_time("--visit", v, now, lang))
                        .transpose()?,
                    reason: reason.clone(),
                },
                note: note.clone(),
                started: None,
                inbound: false,
            };
            let logged = store.log_call(&me, &call, now)?;
            output::logged(out, &logged, *format, lang)?;
        }
        Command::Decide { id, decision, note } => {
            let store = open(cli, config)?;
            let me = actor(&store, cli)?;
            let status = store.decide(
                &me,
                *id,
                *decision == Decision::Approve,
                note.as_deref(),
                now,
            )?;
            writeln!(
                out,
                "{}",
                i18n::decided(*id, i18n::status(status, lang), lang)
            )?;
        }
        Command::Team { format } => {
            let store = open(cli, config)?;
            let me = actor(&store, cli)?;
            allow(&me, Op::SeeTeamDay)?;
            output::team(out, &store.team_day(now.date(), now)?, *format, lang)?;
        }
        Command::Requests { format } => {
            let store = open(cli, config)?;
            let me = actor(&store, cli)?;
            allow(&me, Op::ReviewRequests)?;
            output::requests(out, &store.pending_requests()?, *format, lang)?;
        }
        Command::Reassign { ids, to, reason } => {
            let store = open(cli, config)?;
            let me = actor(&store, cli)?;
            let moved = store.reassign(&me, ids, to, reason, now)?;
            writeln!(out, "{}", i18n::moved(moved, ids.len(), to, lang))?;
        }
        Command::Reason { command } => {
            let store = open(cli, config)?;
            let me = actor(&store, cli)?;
            match command {
                ReasonCommand::Add {
                    list,
                    code,
                    group,
                    zh,
                    en,
                } => {
                    store.add_reason(&me, list, code, group, zh, en, now)?;
                    let list = i18n::reason_list(list, lang);
                    writeln!(out, "{}", i18n::reason_added(list, code, lang))?;
                }
                ReasonCommand::Disable { list, code } => {
                    store.disable_reason(&me, list, code, now)?;
                    let list = i18n::reason_list(list, lang);
                    writeln!(out, "{}", i18n::reason_disabled(list, code, lang))?;
                }
            }
        }
        Command::Model { command } => {
            let store = open(cli, config)?;
            match command {
                ModelCommand::List => output::models(out, &store.models()?, lang)?,
                ModelCommand::Add { zh, en, aliases } => {
                    let me = actor(&store, cli)?;
                    let model = crate::domain::models::CarModel {
                        name_zh: zh.trim().to_string(),
                        name_en: en.clone(),
                        aliases: aliases.clone(),
                    };
                    store.add_model(&me, &model, now)?;
                    writeln!(out, "{}", i18n::model_added(&model.name(), lang))?;
                }
                ModelCommand::Remove { name } => {
                    let me = actor(&store, cli)?;
                    let name = store.remove_model(&me, name, now)?;
                    writeln!(out, "{}", i18n::model_removed(&name, lang))?;
                }
            }
        }
        Command::Script { command } => scripts(cli, config, command, now, out)?,
        Command::Rules { command } => {
            let store = open(cli, config)?;
            match command {
                RulesCommand::Show => {
                    let text = toml::to_string_pretty(&store.rules()?)
                        .map_err(|e| CliError::Input(e.to_string()))?;
                    write!(out, "{text}")?;
                }
                RulesCommand::Set { file } => {
                    let me = actor(&store, cli)?;
                    let shown = file.display().to_string();
                    let text = crate::infile::read_text(file, crate::infile::SMALL_LIMIT).map_err(
                        |e| CliError::Input(i18n::unreadable(&shown, &e.localize(lang), lang)),
                    )?;
                    let rules: crate::domain::Rules = toml::from_str(&text).map_err(|e| {
                        CliError::Input(i18n::unreadable(&shown, e.to_string().trim_end(), lang))
                    })?;
                    store.set_rules(&me, &rules, now)?;
                    writeln!(out, "{}", i18n::rules_saved(lang))?;
                }
            }
        }
        Command::Set { key, value } => {
            let store = open(cli, config)?;
            let me = actor(&store, cli)?;
            store.set_setting(&me, key, value, now)?;
            writeln!(out, "{key} = {value}")?;
        }
        Command::Spend {
            channel,
            month,
            yuan,
        } => {
            let store = open(cli, config)?;
            let me = actor(&store, cli)?;
            if !yuan.is_finite() || *yuan < 0.0 {
                return Err(CliError::Input(i18n::spend_bad(*yuan, lang)));
            }
            store.set_spend(&me, channel, month, (yuan * 100.0).round() as i64, now)?;
            writeln!(out, "{}", i18n::spend_set(channel, month, *yuan, lang))?;
        }
        Command::Reasons => {
            let store = open(cli, config)?;
            output::reasons(out, &store.reasons()?, lang)?;
        }
        Command::Backup { dir, keep } => backup::backup(cli, config, dir, *keep, now, out)?,
        Command::Restore { file, force } => backup::restore(cli, config, file, *force, now, out)?,
        Command::Doctor {
            format,
            served_config,
            sshd_config,
        } => {
            let path = db_path(cli, config);
            let served = serve::served_here(&path, served_config.as_deref())
                .map(|c| crate::doctor::ServedSetup::gather(&path, &c, sshd_config));
            let env = crate::doctor::Env {
                backup_dir: config.backup_dir.clone(),
                served,
                ..crate::doctor::Env::from_system()
            };
            let diagnosis = crate::doctor::examine(&path, &env);
            match format {
                Format::Json => writeln!(out, "{}", i18n::diagnosis_json(&diagnosis))?,
                _ => i18n::write_diagnosis(out, &diagnosis, lang)?,
            }
            let problems = diagnosis.count(crate::doctor::Level::Problem);
            if problems > 0 {
                return Err(CliError::Input(i18n::doctor_problems(problems, lang)));
            }
        }
        #[cfg(feature = "tools")]
        Command::Load(opts) => {
            allow(&actor(&open(cli, config)?, cli)?, Op::RunLoad)?;
            crate::load::run(&db_path(cli, config), opts, lang, out)?;
        }
        Command::AuthorizedKeys(_) | Command::Session(_) => {
            return Err(CliError::Input(i18n::sshd_only(lang).into()))
        }
        Command::SshSetup(args) => serve::setup(args, lang, out)?,
        #[cfg(feature = "tools")]
        Command::LoadWorker(opts) => {
            let store = open(cli, config)?;
            let me = actor(&store, cli)?;
            crate::load::worker(&store, &me, opts, out)?;
        }
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
            channel,
            map,
            dry_run,
            all_or_nothing,
            report,
            owner,
            format,
            force,
        } => {
            let store = open(cli, config)?;
            let me = actor(&store, cli)?;
            let lang = crate::i18n::Lang::choose(cli.lang.as_deref(), config.lang.as_deref());
            let opts = crate::import::ImportOptions {
                // clap requires it without a subcommand.
                file: file.clone().unwrap_or_default(),
                channel: channel.clone(),
                map: map.clone(),
                dry_run: *dry_run,
                all_or_nothing: *all_or_nothing,
                report: report.clone(),
                owner: owner.clone(),
                lang: Some(lang),
                progress: true,
                force: *force,
                stop: Some(imports::stop_on_signals()),
            };
            let summary = crate::import::import_file(&store, &me, &opts, now)
                .map_err(|e| import_error(e, lang))?;
            match format {
                Format::Json => writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&summary).map_err(std::io::Error::other)?
                )?,
                _ => output::import_summary(out, &summary, lang)?,
            }
            if let Some(stopped) = &summary.stopped {
                return Err(CliError::Input(i18n::import_stopped(
                    stopped,
                    summary.import,
                    lang,
                )));
            }
            if summary.refusal().is_some() {
                return Err(CliError::Input(i18n::import_refused(
                    summary.rejected,
                    summary.rows,
                    summary.report.as_deref(),
                    lang,
                )));
            }
        }
        Command::Dnc { command } => {
            let store = open(cli, config)?;
            let me = actor(&store, cli)?;
            match command {
                DncCommand::Add { phone, note } => {
                    let p = Phone::parse(phone).map_err(|e| bad("", phone, &e, lang))?;
                    let added = store.dnc_add(&me, &p, "manual", note.as_deref(), now)?;
                    let lead = store.find_by_phone(&p)?;
                    writeln!(
                        out,
                        "{}",
                        i18n::dnc_added(&p.to_string(), !added, lead, lang)
                    )?;
                }
                DncCommand::Remove { phone, reason } => {
                    let p = Phone::parse(phone).map_err(|e| bad("", phone, &e, lang))?;
                    let was_on = store.dnc_remove(&me, &p, reason, now)?;
                    writeln!(out, "{}", i18n::dnc_removed(p.as_str(), was_on, lang))?;
                }
                DncCommand::List { format } => {
                    output::dnc_list(out, &store.dnc_list()?, *format, lang)?
                }
                DncCommand::Import { file } => {
                    allow(&me, Op::DncImport)?;
                    let summary = crate::import::import_dnc(&store, &me, file, lang, now)
                        .map_err(|e| import_error(e, lang))?;
                    output::dnc_import_summary(out, &summary, lang)?;
                }
            }
        }
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
        Command::Channels => {
            let store = open(cli, config)?;
            output::channels(out, &store.channels()?, lang)?;
        }
    }
    Ok(())
}
