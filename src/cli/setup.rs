//! Starting out: `dcc init`, `dcc demo`, and opening the workstation.

use std::io::Write;

use chrono::NaiveDateTime;

use super::Cli;
use super::{actor, db_path, identity, open, CliError, Ctx, Result};
use crate::config::{self, Config};
use crate::i18n;
use crate::store::{LeadStore, OpenMode, Role, SqliteStore, StoreError};

/// `dcc init`: creates the database and makes the caller its first supervisor.
pub(super) fn init(cx: &Ctx, name: &Option<String>, out: &mut dyn Write) -> Result<()> {
    let Ctx {
        cli,
        config,
        lang,
        now,
    } = *cx;
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
    Ok(())
}

#[cfg(feature = "tools")]
/// `dcc demo`: a populated demo database, then the workstation with `--open`.
pub(super) fn demo(
    cx: &Ctx,
    leads: &u64,
    seed: &u64,
    open: &bool,
    out: &mut dyn Write,
) -> Result<()> {
    let Ctx {
        cli,
        config,
        lang,
        now,
    } = *cx;
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
    let summary = crate::demo::generate(&path, &opts, &mut |done, _| bar.set_position(done))?;
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
    Ok(())
}

/// Opens the workstation for the acting agent.
pub(super) fn workstation(cli: &Cli, config: &Config, start: NaiveDateTime) -> Result<()> {
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
