//! `dcc doctor`: checks what makes a shared database work for a whole team
//! and explains each problem with the command that fixes it.
//!
//! - permissions: the database and its `-wal` and `-shm` files readable and
//!   writable by the team's group and by nobody else, the folder writable by
//!   the group with the setgid bit (so new `-wal`/`-shm` files get the
//!   team's group), every agent in that group;
//! - the filesystem (a network filesystem cannot share SQLite's WAL);
//! - the file itself: ours, its schema version, WAL journal, integrity, the
//!   size of the WAL;
//! - the team: an active supervisor, agents with a role, leads nobody calls;
//! - the clock: `DCC_NOW`, a plausible system time, not behind the data;
//! - in a served setup, instead of the team's permissions: the service
//!   account's database, the program and configuration sshd trusts, sshd's
//!   settings for the account, a locked account, agents without a key.
//!
//! Everything is read-only: the doctor creates nothing beside the database.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

mod backups;
mod checks;
mod finding;
mod permissions;
mod served;
mod sshd_config;

pub use finding::{Finding, Fix, Found, Level, Others, SshdGap, Topic};
pub use served::ServedSetup;

use crate::store;

/// What the doctor looks at besides the file: given, so that a test can
/// describe any machine.
#[derive(Debug, Clone, Default)]
pub struct Env {
    /// The system clock.
    pub now: NaiveDateTime,
    /// `DCC_NOW`, if set.
    pub dcc_now: Option<String>,
    /// The text of `/proc/mounts`, `/etc/group` and `/etc/passwd`.
    pub mounts: Option<String>,
    pub groups: Option<String>,
    pub passwd: Option<String>,
    /// Where backups are (`backup_dir` in the config); `backups/` beside the
    /// database when `None`.
    pub backup_dir: Option<std::path::PathBuf>,
    /// A served setup (agents over SSH to a service account): its checks
    /// replace those of a team sharing the file.
    pub served: Option<ServedSetup>,
}

impl Env {
    pub fn from_system() -> Env {
        let read = |p: &str| std::fs::read_to_string(p).ok();
        Env {
            now: chrono::Local::now().naive_local(),
            dcc_now: std::env::var("DCC_NOW")
                .ok()
                .filter(|v| !v.trim().is_empty()),
            mounts: read("/proc/mounts"),
            groups: read("/etc/group"),
            passwd: read("/etc/passwd"),
            backup_dir: None,
            served: None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Diagnosis {
    pub path: String,
    pub findings: Vec<Finding>,
}

impl Diagnosis {
    pub fn count(&self, level: Level) -> usize {
        self.findings.iter().filter(|f| f.level == level).count()
    }
}

fn finding(level: Level, topic: Topic, found: Found, fix: Vec<Fix>) -> Finding {
    Finding {
        level,
        topic,
        found,
        fix,
    }
}

fn ok(topic: Topic, found: Found) -> Finding {
    finding(Level::Ok, topic, found, Vec::new())
}

fn warn(topic: Topic, found: Found, fix: Vec<Fix>) -> Finding {
    finding(Level::Warning, topic, found, fix)
}

fn problem(topic: Topic, found: Found, fix: Vec<Fix>) -> Finding {
    finding(Level::Problem, topic, found, fix)
}

/// A path or word as the shell reads it back.
fn q(s: impl AsRef<std::ffi::OsStr>) -> String {
    let s = s.as_ref().to_string_lossy();
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+=:,@".contains(c))
    {
        s.into_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

fn qs(paths: &[PathBuf]) -> String {
    paths.iter().map(q).collect::<Vec<_>>().join(" ")
}

/// Checks everything about the database at `path`.
pub fn examine(path: &Path, env: &Env) -> Diagnosis {
    let mut findings = Vec::new();
    let health = store::inspect(path).map_err(std::sync::Arc::new);
    match &env.served {
        Some(setup) => served::served(path, setup, health.as_ref().ok(), &mut findings),
        None => permissions::permissions(path, env, health.as_ref().ok(), &mut findings),
    }
    checks::filesystem(path, env, &mut findings);
    checks::database(path, &health, &mut findings);
    if let Ok(h) = &health {
        checks::team(h, &mut findings);
    }
    checks::clock(env, health.as_ref().ok(), &mut findings);
    backups::backups(path, env, &mut findings);
    Diagnosis {
        path: path.display().to_string(),
        findings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_quoted_for_the_shell_only_when_needed() {
        assert_eq!(q("/srv/dcc/dcc.sqlite"), "/srv/dcc/dcc.sqlite");
        assert_eq!(q("/srv/my team/dcc.sqlite"), "'/srv/my team/dcc.sqlite'");
        assert_eq!(q("/srv/it's"), r"'/srv/it'\''s'");
        assert_eq!(q("/srv/销售/dcc.sqlite"), "'/srv/销售/dcc.sqlite'");
    }
}
