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
//! - the clock: `DCC_NOW`, a plausible system time, not behind the data.
//!
//! Everything is read-only: the doctor creates nothing beside the database.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDateTime};
use serde::Serialize;

use crate::store::{self, Health, StoreError};

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

/// One thing checked: what was found and, for a problem, how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub level: Level,
    pub topic: &'static str,
    pub what: String,
    /// Commands that fix it, in order.
    pub fix: Vec<String>,
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

    pub fn write_text(&self, out: &mut dyn Write) -> std::io::Result<()> {
        writeln!(out, "dcc doctor: {}", self.path)?;
        writeln!(out)?;
        for f in &self.findings {
            let level = match f.level {
                Level::Ok => "ok",
                Level::Warning => "WARNING",
                Level::Problem => "PROBLEM",
            };
            writeln!(out, "  {level:<8} {:<12} {}", f.topic, f.what)?;
            for cmd in &f.fix {
                writeln!(out, "  {:<8} {:<12} fix: {cmd}", "", "")?;
            }
        }
        let (p, w) = (self.count(Level::Problem), self.count(Level::Warning));
        writeln!(out)?;
        if p + w == 0 {
            writeln!(out, "everything is in order")
        } else {
            writeln!(
                out,
                "{p} problem(s), {w} warning(s): run the commands shown (as the files' owner or root)"
            )
        }
    }
}

fn ok(topic: &'static str, what: String) -> Finding {
    Finding {
        level: Level::Ok,
        topic,
        what,
        fix: Vec::new(),
    }
}

fn warn(topic: &'static str, what: String, fix: Vec<String>) -> Finding {
    Finding {
        level: Level::Warning,
        topic,
        what,
        fix,
    }
}

fn problem(topic: &'static str, what: String, fix: Vec<String>) -> Finding {
    Finding {
        level: Level::Problem,
        topic,
        what,
        fix,
    }
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
    permissions(path, env, health.as_ref().ok(), &mut findings);
    filesystem(path, env, &mut findings);
    database(path, &health, &mut findings);
    if let Ok(h) = &health {
        team(h, &mut findings);
    }
    clock(env, health.as_ref().ok(), &mut findings);
    Diagnosis {
        path: path.display().to_string(),
        findings,
    }
}

/// `/etc/group` and `/etc/passwd`, as far as the doctor needs them.
struct Accounts {
    /// (name, gid, members)
    groups: Vec<(String, u32, Vec<String>)>,
    /// (login, uid, primary gid)
    users: Vec<(String, u32, u32)>,
}

impl Accounts {
    fn read(env: &Env) -> Accounts {
        let groups = env
            .groups
            .as_deref()
            .unwrap_or("")
            .lines()
            .filter_map(|l| {
                let f: Vec<&str> = l.split(':').collect();
                let gid = f.get(2)?.parse().ok()?;
                let members = f
                    .get(3)
                    .map(|m| {
                        m.split(',')
                            .filter(|s| !s.is_empty())
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default();
                Some((f[0].to_string(), gid, members))
            })
            .collect();
        let users = env
            .passwd
            .as_deref()
            .unwrap_or("")
            .lines()
            .filter_map(|l| {
                let f: Vec<&str> = l.split(':').collect();
                Some((
                    f[0].to_string(),
                    f.get(2)?.parse().ok()?,
                    f.get(3)?.parse().ok()?,
                ))
            })
            .collect();
        Accounts { groups, users }
    }

    fn group_name(&self, gid: u32) -> String {
        self.groups
            .iter()
            .find(|g| g.1 == gid)
            .map_or_else(|| gid.to_string(), |g| g.0.clone())
    }

    fn user_name(&self, uid: u32) -> Option<&str> {
        self.users.iter().find(|u| u.1 == uid).map(|u| u.0.as_str())
    }

    fn is_user(&self, login: &str) -> bool {
        self.users.iter().any(|u| u.0 == login)
    }

    /// Whoever belongs to the group: listed in it, or with it as their own.
    fn members(&self, gid: u32) -> Vec<String> {
        let mut m: Vec<String> = self
            .groups
            .iter()
            .filter(|g| g.1 == gid)
            .flat_map(|g| g.2.iter().cloned())
            .chain(
                self.users
                    .iter()
                    .filter(|u| u.2 == gid)
                    .map(|u| u.0.clone()),
            )
            .collect();
        m.sort();
        m.dedup();
        m
    }
}

#[cfg(unix)]
fn permissions(path: &Path, env: &Env, health: Option<&Health>, out: &mut Vec<Finding>) {
    use std::os::unix::fs::MetadataExt;
    const T: &str = "permissions";
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let Ok(dmeta) = std::fs::metadata(&dir) else {
        out.push(problem(
            T,
            format!("the folder {} cannot be read", dir.display()),
            vec![],
        ));
        return;
    };
    let acc = Accounts::read(env);
    let gid = dmeta.gid();
    let group = acc.group_name(gid);
    let files: Vec<(PathBuf, std::fs::Metadata)> = [
        path.to_path_buf(),
        store::sidecar(path, "-wal"),
        store::sidecar(path, "-shm"),
    ]
    .into_iter()
    .filter_map(|p| std::fs::metadata(&p).ok().map(|m| (p, m)))
    .collect();
    let before = out.len();

    // The team's group.
    let personal = acc.user_name(dmeta.uid()) == Some(group.as_str());
    if gid == 0 || personal {
        out.push(warn(
            T,
            format!(
                "the folder {} belongs to group {group}, {}: give the team a group of its own",
                dir.display(),
                if gid == 0 {
                    "the administrators' group"
                } else {
                    "one person's own group"
                }
            ),
            vec![
                "groupadd dcc-team".into(),
                format!("chgrp -R dcc-team {}", q(&dir)),
                "usermod -aG dcc-team LOGIN   (for each agent)".into(),
            ],
        ));
    }

    // The files.
    let pick = |test: &dyn Fn(&std::fs::Metadata) -> bool| -> Vec<PathBuf> {
        files
            .iter()
            .filter(|(_, m)| test(m))
            .map(|(p, _)| p.clone())
            .collect()
    };
    let world = pick(&|m| m.mode() & 0o007 != 0);
    if !world.is_empty() {
        out.push(problem(
            T,
            format!(
                "{} can be read by every user of this computer: it holds customers' phone numbers",
                names(&world)
            ),
            vec![format!("chmod o-rwx {}", qs(&world))],
        ));
    }
    let strangers = pick(&|m| m.gid() != gid);
    if !strangers.is_empty() {
        out.push(problem(
            T,
            format!(
                "{} belong(s) to another group than the folder's ({group}): colleagues cannot write it",
                names(&strangers)
            ),
            vec![format!("chgrp {} {}", q(&group), qs(&strangers))],
        ));
    }
    let locked = pick(&|m| m.mode() & 0o060 != 0o060);
    if !locked.is_empty() {
        out.push(problem(
            T,
            format!(
                "{} cannot be read and written by group {group}: colleagues' work cannot be saved \
                 (SQLite writes the -wal and -shm files on every save)",
                names(&locked)
            ),
            vec![format!("chmod g+rw {}", qs(&locked))],
        ));
    }

    // The folder.
    let mode = dmeta.mode();
    let (group_writable, setgid) = (mode & 0o070 == 0o070, mode & 0o2000 != 0);
    if !group_writable || !setgid {
        let mut why = Vec::new();
        if !group_writable {
            why.push(format!(
                "is not writable by group {group}: colleagues cannot create the -wal and -shm files"
            ));
        }
        if !setgid {
            why.push(
                "has no setgid bit: new -wal and -shm files get the group of whoever creates them, \
                 not the team's"
                    .to_string(),
            );
        }
        let level = if group_writable {
            Level::Warning
        } else {
            Level::Problem
        };
        out.push(Finding {
            level,
            topic: T,
            what: format!("the folder {} {}", dir.display(), why.join("; and ")),
            fix: vec![format!("chmod g+rwxs {}", q(&dir))],
        });
    }
    if mode & 0o002 != 0 {
        out.push(problem(
            T,
            format!(
                "anyone on this computer can delete or replace files in {}",
                dir.display()
            ),
            vec![format!("chmod o-rwx {}", q(&dir))],
        ));
    }

    // The team in the group.
    if let (Some(h), false) = (health, gid == 0) {
        let members = acc.members(gid);
        for a in h.agents.iter().filter(|a| a.active) {
            if acc.is_user(&a.login) && !members.contains(&a.login) {
                out.push(problem(
                    T,
                    format!(
                        "agent {} ({}) is not in group {group}: they cannot save their work",
                        a.login, a.name
                    ),
                    vec![format!("usermod -aG {} {}", q(&group), q(&a.login))],
                ));
            }
        }
        for m in &members {
            if !h.agents.iter().any(|a| &a.login == m) {
                out.push(warn(
                    T,
                    format!("{m} is in group {group} and can open the database, but is not an agent"),
                    vec![format!(
                        "dcc --db {} agent add {} --name NAME --role outbound   (a supervisor; or gpasswd -d {} {})",
                        q(path),
                        q(m),
                        q(m),
                        q(&group)
                    )],
                ));
            }
        }
    }

    if out.len() == before {
        out.push(ok(
            T,
            format!(
                "{} and its folder are shared with group {group} only; the folder keeps new files in the group",
                names(&files.iter().map(|f| f.0.clone()).collect::<Vec<_>>())
            ),
        ));
    }
}

#[cfg(not(unix))]
fn permissions(_: &Path, _: &Env, _: Option<&Health>, _: &mut Vec<Finding>) {}

fn names(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| {
            p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn filesystem(path: &Path, env: &Env, out: &mut Vec<Finding>) {
    const T: &str = "filesystem";
    let dir = std::path::absolute(path)
        .ok()
        .and_then(|p| p.ancestors().find_map(|a| a.canonicalize().ok()));
    let mount = match (&env.mounts, dir) {
        (Some(m), Some(d)) => store::filesystem_of(&d, m),
        _ => None,
    };
    match mount {
        None => out.push(warn(
            T,
            "the filesystem type cannot be told here (no /proc/mounts)".into(),
            vec![],
        )),
        Some(m) if store::is_network_fs(&m.fs_type) => out.push(problem(
            T,
            format!(
                "{} is on a network filesystem ({}, mounted at {}). SQLite's WAL shares memory between \
                 the programs using the file, which only works on one computer: dcc refuses to open it",
                path.display(),
                m.fs_type,
                m.mount_point.display()
            ),
            vec![
                format!("cp {} /var/lib/dcc/   (a local disk of the host agents log in to, e.g. with ssh)", q(path)),
                "then set db = \"/var/lib/dcc/...\" in each agent's config, or DCC_DB".into(),
            ],
        )),
        Some(m) => out.push(ok(
            T,
            format!(
                "{}, a local filesystem (mounted at {})",
                m.fs_type,
                m.mount_point.display()
            ),
        )),
    }
}

fn mib(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

/// The WAL size above which a checkpoint is being held back.
const WAL_WARN_BYTES: u64 = 64 * 1024 * 1024;

fn database(path: &Path, health: &Result<Health, StoreError>, out: &mut Vec<Finding>) {
    let p = q(path);
    let h = match health {
        Ok(h) => h,
        Err(StoreError::Missing(_)) => {
            out.push(problem(
                "database",
                format!("there is no database at {}", path.display()),
                vec![format!(
                    "dcc --db {p} init   (or give the right path with --db)"
                )],
            ));
            return;
        }
        Err(e) => {
            out.push(problem(
                "database",
                format!("the file cannot be read as a database: {e}"),
                vec![format!(
                    "cp BACKUP {p}   (restore the latest backup; keep the damaged file aside)"
                )],
            ));
            return;
        }
    };
    if !h.ours {
        out.push(problem(
            "database",
            format!(
                "{} is another program's SQLite database, not dcc-desk's",
                path.display()
            ),
            vec!["dcc --db PATH ...   (point dcc at its own database)".into()],
        ));
        return;
    }
    let v = h.schema_version;
    if v > h.known_version {
        out.push(problem(
            "schema",
            format!(
                "version {v}, written by a newer dcc-desk; this program knows up to {}",
                h.known_version
            ),
            vec!["install the newer dcc-desk on this host".into()],
        ));
    } else if v < h.known_version {
        out.push(warn(
            "schema",
            format!(
                "version {v}; it is upgraded to {} the next time someone who can write it opens it",
                h.known_version
            ),
            vec![format!("dcc --db {p} channels")],
        ));
    } else {
        out.push(ok("schema", format!("version {v}, the current one")));
    }
    if h.journal == "wal" {
        out.push(ok("journal", "WAL: agents read while one writes".into()));
    } else {
        out.push(warn(
            "journal",
            format!(
                "{} journal, not WAL: agents wait for each other while one saves",
                h.journal
            ),
            vec![format!(
                "dcc --db {p} channels   (opening it with write access switches it to WAL)"
            )],
        ));
    }
    let check = if h.quick {
        "quick_check"
    } else {
        "integrity_check"
    };
    if h.integrity == ["ok"] {
        out.push(ok(
            "integrity",
            format!("{check}: ok ({})", mib(h.file_bytes)),
        ));
    } else {
        out.push(problem(
            "integrity",
            format!(
                "{check} found damage: {}",
                h.integrity
                    .iter()
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            vec![
                format!("cp BACKUP {p}   (restore the latest backup; keep the damaged file aside)"),
                format!(
                    "sqlite3 {p} .recover | sqlite3 {}   (to salvage what is left)",
                    q(format!("{}.recovered", path.display()))
                ),
            ],
        ));
    }
    if h.wal_bytes > WAL_WARN_BYTES {
        out.push(warn(
            "wal",
            format!(
                "the -wal file is {}: a program keeps a read transaction open, so it cannot be emptied",
                mib(h.wal_bytes)
            ),
            vec![
                "close idle report tools and workstations left open for days".into(),
                format!("sqlite3 {p} 'PRAGMA wal_checkpoint(TRUNCATE)'"),
            ],
        ));
    } else {
        out.push(ok("wal", format!("the -wal file is {}", mib(h.wal_bytes))));
    }
}

fn team(h: &Health, out: &mut Vec<Finding>) {
    const T: &str = "team";
    if h.agents.is_empty() {
        return;
    }
    const ROLES: [&str; 3] = ["inbound", "outbound", "supervisor"];
    for a in h
        .agents
        .iter()
        .filter(|a| !ROLES.contains(&a.role.as_str()))
    {
        out.push(problem(
            T,
            format!(
                "agent {} ({}) has no role: they are treated as outbound",
                a.login, a.name
            ),
            vec![format!("a supervisor gives {} a role", a.login)],
        ));
    }
    let sups: Vec<_> = h.agents.iter().filter(|a| a.role == "supervisor").collect();
    let active = sups.iter().filter(|a| a.active).count();
    let inactive: Vec<&str> = sups
        .iter()
        .filter(|a| !a.active)
        .map(|a| a.login.as_str())
        .collect();
    if active == 0 {
        out.push(problem(
            T,
            format!(
                "no active supervisor{}: nobody can add agents, approve requests or move leads",
                if inactive.is_empty() {
                    String::new()
                } else {
                    format!(" ({} inactive)", inactive.join(", "))
                }
            ),
            vec![
                "restore a backup from before the supervisor was removed, or ask your vendor"
                    .into(),
            ],
        ));
    } else if !inactive.is_empty() {
        out.push(warn(
            T,
            format!("inactive supervisor(s): {}", inactive.join(", ")),
            vec![],
        ));
    }
    if !h.orphan_leads.is_empty() {
        let shown: Vec<String> = h.orphan_leads.iter().take(10).map(i64::to_string).collect();
        out.push(warn(
            T,
            format!(
                "{}{} lead(s) to call belong to an inactive agent or nobody: nobody will call them",
                h.orphan_leads.len(),
                if h.orphan_leads.len() >= 1000 {
                    "+"
                } else {
                    ""
                }
            ),
            vec![format!(
                "dcc reassign {}{} --to LOGIN --reason \"agent left\"",
                shown.join(" "),
                if h.orphan_leads.len() > 10 {
                    " ..."
                } else {
                    ""
                }
            )],
        ));
    }
    if out.last().is_none_or(|f| f.topic != T) {
        out.push(ok(
            T,
            format!(
                "{} agent(s), {active} active supervisor(s), every lead to call has an active owner",
                h.agents.iter().filter(|a| a.active).count()
            ),
        ));
    }
}

fn clock(env: &Env, health: Option<&Health>, out: &mut Vec<Finding>) {
    const T: &str = "clock";
    let before = out.len();
    if let Some(v) = &env.dcc_now {
        out.push(warn(
            T,
            format!("DCC_NOW={v} fixes the time of everything dcc does: it is for tests and demos"),
            vec!["unset DCC_NOW".into()],
        ));
    }
    let year = env.now.year();
    if !(2024..=2100).contains(&year) {
        out.push(problem(
            T,
            format!(
                "the system clock says {}: it is wrong",
                env.now.format("%Y-%m-%d %H:%M")
            ),
            vec!["timedatectl set-ntp true".into()],
        ));
    } else if let Some(latest) = health.and_then(|h| h.latest) {
        if latest > env.now + chrono::Duration::minutes(10) {
            out.push(problem(
                T,
                format!(
                    "the system clock ({}) is behind the database: work was saved at {}",
                    env.now.format("%Y-%m-%d %H:%M"),
                    latest.format("%Y-%m-%d %H:%M")
                ),
                vec!["timedatectl set-ntp true".into()],
            ));
        }
    }
    if out.len() == before {
        out.push(ok(
            T,
            format!("{} (system clock)", env.now.format("%Y-%m-%d %H:%M")),
        ));
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

    #[test]
    fn group_members_include_those_whose_own_group_it_is() {
        let env = Env {
            groups: Some("sales:x:1200:amy,bob\nroot:x:0:\n".into()),
            passwd: Some(
                "zoe:x:1003:1200::/home/zoe:/bin/sh\namy:x:1001:1001::/h:/bin/sh\n".into(),
            ),
            ..Env::default()
        };
        let acc = Accounts::read(&env);
        assert_eq!(acc.members(1200), ["amy", "bob", "zoe"]);
        assert_eq!(acc.group_name(1200), "sales");
        assert_eq!(acc.group_name(4242), "4242");
        assert!(acc.is_user("amy") && !acc.is_user("bob"));
    }

    #[test]
    fn the_clock_is_questioned_when_set_by_hand_or_behind_the_data() {
        let now = NaiveDateTime::parse_from_str("2026-11-23 10:00", "%Y-%m-%d %H:%M").unwrap();
        let mut out = Vec::new();
        let env = Env {
            now,
            dcc_now: Some("2026-11-23T10:00".into()),
            ..Env::default()
        };
        clock(&env, None, &mut out);
        assert_eq!(out[0].level, Level::Warning);
        assert_eq!(out[0].fix, ["unset DCC_NOW"]);
        let mut out = Vec::new();
        let env = Env {
            now: now - chrono::Duration::days(365 * 25),
            ..Env::default()
        };
        clock(&env, None, &mut out);
        assert_eq!(out[0].level, Level::Problem, "{out:?}");
        let h = Health {
            ours: true,
            schema_version: 1,
            known_version: 1,
            journal: "wal".into(),
            file_bytes: 0,
            wal_bytes: 0,
            integrity: vec!["ok".into()],
            quick: false,
            agents: vec![],
            orphan_leads: vec![],
            latest: Some(now + chrono::Duration::hours(2)),
        };
        let mut out = Vec::new();
        clock(
            &Env {
                now,
                ..Env::default()
            },
            Some(&h),
            &mut out,
        );
        assert_eq!(out[0].level, Level::Problem, "{out:?}");
        assert!(out[0].what.contains("behind"), "{out:?}");
    }
}
