//! The newest backup: missing, or older than a day and a bit, is a warning
//! with the command that makes one.

use std::path::Path;

use super::{ok, q, warn, Env, Finding, Fix, Found, Topic};
use crate::store;

/// A daily backup is late after this many hours.
pub const BACKUP_LATE_HOURS: i64 = 26;

pub(super) fn backups(db: &Path, env: &Env, out: &mut Vec<Finding>) {
    const T: Topic = Topic::Backup;
    let dir = env
        .backup_dir
        .clone()
        .unwrap_or_else(|| crate::config::default_backup_dir(db));
    let make = vec![Fix::BackUp {
        command: format!("dcc --db {} backup {} --keep 14", q(db), q(&dir)),
    }];
    let Some((at, newest)) = store::backups_in(&dir).pop() else {
        let dir = dir.display().to_string();
        out.push(warn(T, Found::NoBackup { dir }, make));
        return;
    };
    let hours = (env.now - at).num_hours();
    let name = newest.display().to_string();
    if hours >= BACKUP_LATE_HOURS {
        out.push(warn(T, Found::BackupLate { hours, name }, make));
    } else {
        out.push(ok(T, Found::BackupRecent { hours, name }));
    }
}
