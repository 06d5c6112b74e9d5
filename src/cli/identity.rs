//! Who acts, on which file, and when: decided by the system, never by the
//! caller's environment.
//!
//! - Local mode: the agent is the operating-system account of the process's
//!   real user id (`USER`, `LOGNAME`, `USERNAME` are not read). `--login`
//!   names another agent only for the owner of the database file, who can
//!   change anything in it anyway (tests, demos, the load test's copy).
//! - Served mode (`dcc session`, run by sshd's forced command): the agent is
//!   the one the SSH key is registered to, the database is the one in the
//!   served configuration, and the clock is the system's.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use chrono::{Local, NaiveDateTime, Timelike};

use super::{Cli, CliError, Result};
use crate::i18n::{Lang, Msg};

/// What a served session decided before any of the client's words were read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Served {
    /// The database of the served configuration.
    pub db: PathBuf,
    /// The login of the agent the SSH key belongs to.
    pub agent: String,
}

/// The real user id of this process (`/proc/self/status`, first `Uid:` field).
pub fn real_uid() -> Option<u32> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The account name of a user id in /etc/passwd.
pub fn account_name(uid: u32) -> Option<String> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|l| {
        let f: Vec<&str> = l.split(':').collect();
        (f.len() > 2 && f[2].parse() == Ok(uid)).then(|| f[0].to_string())
    })
}

/// The operating-system account of whoever runs the command: the name of
/// the process's real user id, never an environment variable.
pub fn os_login() -> String {
    match real_uid() {
        Some(uid) => account_name(uid).unwrap_or_else(|| format!("uid-{uid}")),
        None => "unknown".to_string(),
    }
}

/// Whether this process's real user owns the file.
pub fn owns(path: &Path) -> bool {
    match (std::fs::metadata(path), real_uid()) {
        (Ok(m), Some(uid)) => m.uid() == uid,
        _ => false,
    }
}

/// The login that acts on the database at `path`: the served session's
/// agent, else `--login` for the file's owner (or its creator, when it does
/// not exist yet), else the operating-system account.
pub fn login_for(cli: &Cli, path: &Path) -> Result<String> {
    if let Some(s) = &cli.served {
        return Ok(s.agent.clone());
    }
    match &cli.acting_login {
        None => Ok(os_login()),
        Some(login) if !path.exists() || owns(path) => Ok(login.clone()),
        Some(_) => Err(CliError::Input(format!(
            "--login is only for the owner of {}: you act as your own account, {}",
            path.display(),
            os_login()
        ))),
    }
}

/// The time everything is measured from. A served session always uses the
/// system clock; in local mode `DCC_NOW` (`YYYY-MM-DD` meaning 09:00 that
/// day, or `YYYY-MM-DDTHH:MM`) fixes it for tests and demos, and only for
/// the owner of the database at `path` (or its creator, when it does not
/// exist yet): anyone else is refused, as with `--login`, so that a
/// colleague cannot date calls, audit rows or claims.
pub fn now_for(cli: &Cli, path: &Path, lang: Lang) -> Result<NaiveDateTime> {
    if cli.served.is_some() {
        return Ok(system_now());
    }
    let fixed = std::env::var_os("DCC_NOW").is_some_and(|v| !v.to_string_lossy().trim().is_empty());
    if fixed && path.exists() && !owns(path) {
        return Err(CliError::Input(format!(
            "{} {}",
            Msg::NowOnlyForOwner.text(lang),
            path.display()
        )));
    }
    now()
}

/// The time everything is measured from in local mode: `DCC_NOW`
/// (`YYYY-MM-DD` meaning 09:00 that day, or `YYYY-MM-DDTHH:MM`) or the local
/// clock. Commands ask [`now_for`], which allows `DCC_NOW` only for the
/// database's owner; the load test's workers read it on their own copy.
pub fn now() -> Result<NaiveDateTime> {
    match std::env::var("DCC_NOW") {
        Ok(v) if !v.trim().is_empty() => crate::domain::when::parse_strict(v.trim(), super::nine())
            .map_err(|e| CliError::Input(format!("DCC_NOW={v}: {e}"))),
        _ => Ok(system_now()),
    }
}

/// The local clock, to the second.
pub fn system_now() -> NaiveDateTime {
    Local::now()
        .naive_local()
        .with_nanosecond(0)
        .unwrap_or_default()
}
