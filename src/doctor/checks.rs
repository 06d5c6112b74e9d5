//! The filesystem, the file itself, the team and the clock.

use std::path::Path;
use std::sync::Arc;

use chrono::Datelike;

use super::{ok, problem, q, warn, Env, Finding, Fix, Found, Topic};
use crate::store::{self, Health, StoreError};

pub(super) fn filesystem(path: &Path, env: &Env, out: &mut Vec<Finding>) {
    const T: Topic = Topic::Filesystem;
    let dir = std::path::absolute(path)
        .ok()
        .and_then(|p| p.ancestors().find_map(|a| a.canonicalize().ok()));
    let mount = match (&env.mounts, dir) {
        (Some(m), Some(d)) => store::filesystem_of(&d, m),
        _ => None,
    };
    match mount {
        None => out.push(warn(T, Found::FilesystemUnknown, vec![])),
        Some(m) if store::is_network_fs(&m.fs_type) => out.push(problem(
            T,
            Found::NetworkFilesystem {
                path: path.display().to_string(),
                fs_type: m.fs_type,
                mount_point: m.mount_point.display().to_string(),
            },
            vec![
                Fix::CopyToLocalDisk { path: q(path) },
                Fix::PointConfigsAtCopy,
            ],
        )),
        Some(m) => out.push(ok(
            T,
            Found::LocalFilesystem {
                fs_type: m.fs_type,
                mount_point: m.mount_point.display().to_string(),
            },
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

pub(super) fn database(
    path: &Path,
    health: &Result<Health, Arc<StoreError>>,
    out: &mut Vec<Finding>,
) {
    let p = q(path);
    let h = match health {
        Ok(h) => h,
        Err(e) if matches!(**e, StoreError::Missing(_)) => {
            out.push(problem(
                Topic::Database,
                Found::NoDatabase {
                    path: path.display().to_string(),
                },
                vec![Fix::Init { db: p }],
            ));
            return;
        }
        Err(e) => {
            out.push(problem(
                Topic::Database,
                Found::Unreadable(e.clone()),
                vec![Fix::Restore { db: p }],
            ));
            return;
        }
    };
    if !h.ours {
        out.push(problem(
            Topic::Database,
            Found::ForeignDatabase {
                path: path.display().to_string(),
            },
            vec![Fix::PointAtOwnDatabase],
        ));
        return;
    }
    let (version, known) = (h.schema_version, h.known_version);
    if version > known {
        out.push(problem(
            Topic::Schema,
            Found::SchemaNewer { version, known },
            vec![Fix::InstallNewer],
        ));
    } else if version < known {
        out.push(warn(
            Topic::Schema,
            Found::SchemaOlder { version, known },
            vec![Fix::run(format!("dcc --db {p} channels"))],
        ));
    } else {
        out.push(ok(Topic::Schema, Found::SchemaCurrent { version }));
    }
    if h.journal == "wal" {
        out.push(ok(Topic::Journal, Found::Wal));
    } else {
        out.push(warn(
            Topic::Journal,
            Found::NotWal {
                journal: h.journal.clone(),
            },
            vec![Fix::OpenToSwitch { db: p.clone() }],
        ));
    }
    let check = if h.quick {
        "quick_check"
    } else {
        "integrity_check"
    };
    if h.integrity == ["ok"] {
        let size = mib(h.file_bytes);
        out.push(ok(Topic::Integrity, Found::Intact { check, size }));
    } else {
        let found = h
            .integrity
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join("; ");
        let command = format!(
            "sqlite3 {p} .recover | sqlite3 {}",
            q(format!("{}.recovered", path.display()))
        );
        out.push(problem(
            Topic::Integrity,
            Found::Damaged { check, found },
            vec![Fix::Restore { db: p.clone() }, Fix::Salvage { command }],
        ));
    }
    let size = mib(h.wal_bytes);
    if h.wal_bytes > WAL_WARN_BYTES {
        out.push(warn(
            Topic::Wal,
            Found::WalHeld { size },
            vec![
                Fix::CloseIdleReaders,
                Fix::run(format!("sqlite3 {p} 'PRAGMA wal_checkpoint(TRUNCATE)'")),
            ],
        ));
    } else {
        out.push(ok(Topic::Wal, Found::WalSize { size }));
    }
}

pub(super) fn team(h: &Health, out: &mut Vec<Finding>) {
    const T: Topic = Topic::Team;
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
            Found::NoRole {
                login: a.login.clone(),
                name: a.name.clone(),
            },
            vec![Fix::GiveRole {
                login: a.login.clone(),
            }],
        ));
    }
    let sups: Vec<_> = h.agents.iter().filter(|a| a.role == "supervisor").collect();
    let active = sups.iter().filter(|a| a.active).count();
    let inactive: Vec<String> = sups
        .iter()
        .filter(|a| !a.active)
        .map(|a| a.login.clone())
        .collect();
    if active == 0 {
        out.push(problem(
            T,
            Found::NoActiveSupervisor { inactive },
            vec![Fix::RestoreSupervisor],
        ));
    } else if !inactive.is_empty() {
        out.push(warn(
            T,
            Found::InactiveSupervisors { logins: inactive },
            vec![],
        ));
    }
    if !h.orphan_leads.is_empty() {
        let n = h.orphan_leads.len();
        out.push(warn(
            T,
            Found::Unowned {
                count: n,
                at_least: n >= 1000,
            },
            vec![Fix::Reassign {
                ids: h.orphan_leads.iter().take(10).copied().collect(),
                more: n > 10,
            }],
        ));
    }
    if out.last().is_none_or(|f| f.topic != T) {
        let agents = h.agents.iter().filter(|a| a.active).count();
        out.push(ok(
            T,
            Found::TeamInOrder {
                agents,
                supervisors: active,
            },
        ));
    }
}

pub(super) fn clock(env: &Env, health: Option<&Health>, out: &mut Vec<Finding>) {
    const T: Topic = Topic::Clock;
    let before = out.len();
    let minute = |t: chrono::NaiveDateTime| t.format("%Y-%m-%d %H:%M").to_string();
    if let Some(v) = &env.dcc_now {
        out.push(warn(
            T,
            Found::ClockFixed { value: v.clone() },
            vec![Fix::run("unset DCC_NOW")],
        ));
    }
    let year = env.now.year();
    if !(2024..=2100).contains(&year) {
        out.push(problem(
            T,
            Found::ClockWrong {
                now: minute(env.now),
            },
            vec![Fix::run("timedatectl set-ntp true")],
        ));
    } else if let Some(latest) = health.and_then(|h| h.latest) {
        if latest > env.now + chrono::Duration::minutes(10) {
            out.push(problem(
                T,
                Found::ClockBehind {
                    now: minute(env.now),
                    latest: minute(latest),
                },
                vec![Fix::run("timedatectl set-ntp true")],
            ));
        }
    }
    if out.len() == before {
        out.push(ok(
            T,
            Found::ClockInOrder {
                now: minute(env.now),
            },
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::Level;
    use chrono::NaiveDateTime;

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
        assert_eq!(out[0].fix, [Fix::run("unset DCC_NOW")]);
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
        assert!(matches!(out[0].found, Found::ClockBehind { .. }), "{out:?}");
    }
}
