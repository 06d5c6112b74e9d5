//! `dcc backup` and `dcc restore`: the folder, who runs them, a progress
//! bar on a terminal, and what they report.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use super::{db_path, open, os_login, Cli, CliError, Result};
use crate::config::Config;
use crate::i18n::{self, Lang};
use crate::store::{LeadStore, Operator, SqliteStore, StoreError};

/// Who runs the command: the account, and its agent in the database if any
/// (the account that owns the file need not be one).
fn operator(store: &SqliteStore, cli: &Cli) -> Result<Operator> {
    let login = os_login();
    let agent = match store.identify(&login, cli.act_as.as_deref()) {
        Ok(a) => Some(a),
        Err(e) if cli.act_as.is_some() => return Err(e.into()),
        Err(_) => None,
    };
    Ok(Operator { login, agent })
}

fn lang(cli: &Cli, config: &Config) -> Lang {
    Lang::choose(cli.lang.as_deref(), config.lang.as_deref())
}

/// A bar on a terminal for a file of more than a few MiB.
fn bar() -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} backup {bar:40} {percent:>3}%  {elapsed}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(bar)
}

pub(super) fn backup(
    cli: &Cli,
    config: &Config,
    dir: &Option<PathBuf>,
    keep: Option<u64>,
    now: NaiveDateTime,
    out: &mut dyn Write,
) -> Result<()> {
    let path = db_path(cli, config);
    let store = open(cli, config)?;
    let who = operator(&store, cli)?;
    let dir = dir.clone().unwrap_or_else(|| config.backup_dir_for(&path));
    let lang = lang(cli, config);
    let bar = bar();
    let facts = store.back_up(&who, &dir, now, &mut |done, total| {
        if let Some(b) = &bar {
            b.set_length(total);
            b.set_position(done);
        }
    })?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    writeln!(out, "{}", i18n::backup_written(&facts, lang))?;
    if let Some(n) = keep {
        let removed = crate::store::prune_backups(&dir, n as usize)?;
        if !removed.is_empty() {
            writeln!(out, "{}", i18n::backups_removed(&removed, lang))?;
        }
    }
    Ok(())
}

pub(super) fn restore(
    cli: &Cli,
    config: &Config,
    file: &Path,
    force: bool,
    now: NaiveDateTime,
    out: &mut dyn Write,
) -> Result<()> {
    let path = db_path(cli, config);
    let restored = match open(cli, config) {
        Ok(store) => {
            let who = operator(&store, cli)?;
            store.restore(&who, file, force, now)?
        }
        // A file that cannot be opened cannot say who is working in it.
        Err(CliError::Store(
            StoreError::Missing(_) | StoreError::NotADatabase(_) | StoreError::Corrupt(_),
        )) if force => {
            let who = Operator {
                login: os_login(),
                agent: None,
            };
            crate::store::restore_unopenable(&path, &who, file, now)?
        }
        Err(e) => return Err(e),
    };
    writeln!(
        out,
        "{}",
        i18n::restored(&restored, &path, lang(cli, config))
    )?;
    Ok(())
}
