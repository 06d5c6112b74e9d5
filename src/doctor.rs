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

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde::Serialize;

mod backups;
mod checks;
mod permissions;
mod served;
mod sshd_config;

pub use served::ServedSetup;

use crate::i18n::Lang;
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Ok,
    Warning,
    Problem,
}

/// One thing checked: what was found and, for a problem, how to fix it,
/// in English and in Chinese (`what_zh`, `fix_zh`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub level: Level,
    pub topic: &'static str,
    pub what: String,
    /// Commands that fix it, in order.
    pub fix: Vec<String>,
    pub what_zh: String,
    pub fix_zh: Vec<String>,
}

impl Finding {
    pub fn what_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.what,
            Lang::Zh => &self.what_zh,
        }
    }

    pub fn fix_in(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::En => &self.fix,
            Lang::Zh => &self.fix_zh,
        }
    }
}

/// A topic's name as shown, in a language (the JSON keeps the code).
fn topic_name(topic: &str, lang: Lang) -> &str {
    if lang == Lang::En {
        return topic;
    }
    match topic {
        "permissions" => "权限",
        "filesystem" => "文件系统",
        "database" => "数据库",
        "schema" => "结构版本",
        "journal" => "日志模式",
        "integrity" => "完整性",
        "wal" => "WAL 文件",
        "team" => "团队",
        "clock" => "时钟",
        "backup" => "备份",
        "served" => "服务模式",
        other => other,
    }
}

/// `s` padded with spaces to `width` terminal cells.
fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnosis {
    pub path: String,
    pub findings: Vec<Finding>,
}

impl Diagnosis {
    pub fn count(&self, level: Level) -> usize {
        self.findings.iter().filter(|f| f.level == level).count()
    }

    /// The findings as text, in English.
    pub fn write_text(&self, out: &mut dyn Write) -> std::io::Result<()> {
        self.write_text_in(out, Lang::En)
    }

    /// The findings as text, in a language.
    pub fn write_text_in(&self, out: &mut dyn Write, lang: Lang) -> std::io::Result<()> {
        let zh = lang == Lang::Zh;
        writeln!(out, "dcc doctor: {}", self.path)?;
        writeln!(out)?;
        for f in &self.findings {
            let level = match (f.level, zh) {
                (Level::Ok, false) => "ok",
                (Level::Warning, false) => "WARNING",
                (Level::Problem, false) => "PROBLEM",
                (Level::Ok, true) => "正常",
                (Level::Warning, true) => "注意",
                (Level::Problem, true) => "问题",
            };
            let (level, topic) = (pad(level, 8), pad(topic_name(f.topic, lang), 12));
            writeln!(out, "  {level} {topic} {}", f.what_in(lang))?;
            let fix = if zh { "修复：" } else { "fix: " };
            for cmd in f.fix_in(lang) {
                writeln!(out, "  {:<8} {:<12} {fix}{cmd}", "", "")?;
            }
        }
        let (p, w) = (self.count(Level::Problem), self.count(Level::Warning));
        writeln!(out)?;
        match (p + w == 0, zh) {
            (true, false) => writeln!(out, "everything is in order"),
            (true, true) => writeln!(out, "一切正常"),
            (false, false) => writeln!(
                out,
                "{p} problem(s), {w} warning(s): run the commands shown (as the files' owner or root)"
            ),
            (false, true) => writeln!(
                out,
                "{p} 个问题，{w} 个注意事项：请运行上面列出的命令（以文件所有者或 root 身份）"
            ),
        }
    }
}

/// A text in English and Chinese.
type Bi = [String; 2];

/// A command that reads the same in both languages.
fn cmd(s: impl Into<String>) -> Bi {
    let s = s.into();
    [s.clone(), s]
}

fn finding(level: Level, topic: &'static str, [what, what_zh]: Bi, fix: Vec<Bi>) -> Finding {
    let (fix, fix_zh) = fix.into_iter().map(|[en, zh]| (en, zh)).unzip();
    Finding {
        level,
        topic,
        what,
        fix,
        what_zh,
        fix_zh,
    }
}

fn ok(topic: &'static str, what: Bi) -> Finding {
    finding(Level::Ok, topic, what, Vec::new())
}

fn warn(topic: &'static str, what: Bi, fix: Vec<Bi>) -> Finding {
    finding(Level::Warning, topic, what, fix)
}

fn problem(topic: &'static str, what: Bi, fix: Vec<Bi>) -> Finding {
    finding(Level::Problem, topic, what, fix)
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
    let health = store::inspect(path);
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
