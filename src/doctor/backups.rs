//! The newest backup: missing, or older than a day and a bit, is a warning
//! with the command that makes one.

use std::path::Path;

use super::{ok, q, warn, Env, Finding};
use crate::store;

/// A daily backup is late after this many hours.
pub const BACKUP_LATE_HOURS: i64 = 26;

pub(super) fn backups(db: &Path, env: &Env, out: &mut Vec<Finding>) {
    const T: &str = "backup";
    let dir = env
        .backup_dir
        .clone()
        .unwrap_or_else(|| crate::config::default_backup_dir(db));
    let make = |dir: &Path| {
        let command = format!("dcc --db {} backup {} --keep 14", q(db), q(dir));
        vec![[
            format!(
                "{command}   (and every day: a systemd timer or a cron line, README \"Backups\")"
            ),
            format!("{command}   （并每天运行：systemd 定时器或 cron，见 README「Backups」）"),
        ]]
    };
    let Some((at, newest)) = store::backups_in(&dir).pop() else {
        out.push(warn(
            T,
            [
                format!("no backup in {}", dir.display()),
                format!("{} 中没有备份", dir.display()),
            ],
            make(&dir),
        ));
        return;
    };
    let hours = (env.now - at).num_hours();
    let name = newest.display();
    if hours >= BACKUP_LATE_HOURS {
        out.push(warn(
            T,
            [
                format!("the newest backup is {hours} hours old: {name}"),
                format!("最新的备份已有 {hours} 小时：{name}"),
            ],
            make(&dir),
        ));
    } else {
        out.push(ok(
            T,
            [
                format!("the newest backup is {hours} hours old: {name}"),
                format!("最新的备份在 {hours} 小时前：{name}"),
            ],
        ));
    }
}
