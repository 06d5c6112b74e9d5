//! The filesystem, the file itself, the team and the clock.

use std::path::Path;

use chrono::Datelike;

use super::{cmd, ok, problem, q, warn, Bi, Env, Finding};
use crate::store::{self, Health, StoreError};

pub(super) fn filesystem(path: &Path, env: &Env, out: &mut Vec<Finding>) {
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
            [
                "the filesystem type cannot be told here (no /proc/mounts)".into(),
                "无法判断文件系统类型（没有 /proc/mounts）".into(),
            ],
            vec![],
        )),
        Some(m) if store::is_network_fs(&m.fs_type) => out.push(problem(
            T,
            [
                format!(
                    "{} is on a network filesystem ({}, mounted at {}). SQLite's WAL shares memory between \
                     the programs using the file, which only works on one computer: dcc refuses to open it",
                    path.display(),
                    m.fs_type,
                    m.mount_point.display()
                ),
                format!(
                    "{} 在网络文件系统上（{}，挂载于 {}）。SQLite 的 WAL 要在使用该文件的程序之间共享内存，\
                     只能在同一台电脑上工作：dcc 拒绝打开它",
                    path.display(),
                    m.fs_type,
                    m.mount_point.display()
                ),
            ],
            vec![
                [
                    format!("cp {} /var/lib/dcc/   (a local disk of the host agents log in to, e.g. with ssh)", q(path)),
                    format!("cp {} /var/lib/dcc/   （坐席登录的那台主机的本地磁盘，例如通过 ssh 登录）", q(path)),
                ],
                [
                    "then set db = \"/var/lib/dcc/...\" in each agent's config, or DCC_DB".into(),
                    "然后在每个坐席的配置中设置 db = \"/var/lib/dcc/...\"，或设置 DCC_DB".into(),
                ],
            ],
        )),
        Some(m) => out.push(ok(
            T,
            [
                format!(
                    "{}, a local filesystem (mounted at {})",
                    m.fs_type,
                    m.mount_point.display()
                ),
                format!(
                    "{}，本地文件系统（挂载于 {}）",
                    m.fs_type,
                    m.mount_point.display()
                ),
            ],
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

pub(super) fn database(path: &Path, health: &Result<Health, StoreError>, out: &mut Vec<Finding>) {
    let p = q(path);
    let h = match health {
        Ok(h) => h,
        Err(StoreError::Missing(_)) => {
            out.push(problem(
                "database",
                [
                    format!("there is no database at {}", path.display()),
                    format!("{} 没有数据库", path.display()),
                ],
                vec![[
                    format!("dcc --db {p} init   (or give the right path with --db)"),
                    format!("dcc --db {p} init   （或用 --db 指定正确的路径）"),
                ]],
            ));
            return;
        }
        Err(e) => {
            out.push(problem(
                "database",
                [
                    format!("the file cannot be read as a database: {e}"),
                    format!("无法作为数据库读取该文件：{e}"),
                ],
                vec![restore(&p)],
            ));
            return;
        }
    };
    if !h.ours {
        out.push(problem(
            "database",
            [
                format!(
                    "{} is another program's SQLite database, not dcc-desk's",
                    path.display()
                ),
                format!(
                    "{} 是其他程序的 SQLite 数据库，不是 dcc-desk 的",
                    path.display()
                ),
            ],
            vec![[
                "dcc --db PATH ...   (point dcc at its own database)".into(),
                "dcc --db PATH ...   （让 dcc 使用它自己的数据库）".into(),
            ]],
        ));
        return;
    }
    let v = h.schema_version;
    if v > h.known_version {
        let known = h.known_version;
        out.push(problem(
            "schema",
            [
                format!(
                    "version {v}, written by a newer dcc-desk; this program knows up to {known}"
                ),
                format!("版本 {v}，由更新的 dcc-desk 写入；本程序只认识到版本 {known}"),
            ],
            vec![[
                "install the newer dcc-desk on this host".into(),
                "在这台主机上安装更新的 dcc-desk".into(),
            ]],
        ));
    } else if v < h.known_version {
        let known = h.known_version;
        out.push(warn(
            "schema",
            [
                format!(
                    "version {v}; it is upgraded to {known} the next time someone who can write it opens it"
                ),
                format!("版本 {v}；下次由有写权限的人打开时升级到版本 {known}"),
            ],
            vec![cmd(format!("dcc --db {p} channels"))],
        ));
    } else {
        out.push(ok(
            "schema",
            [
                format!("version {v}, the current one"),
                format!("版本 {v}，即当前版本"),
            ],
        ));
    }
    if h.journal == "wal" {
        out.push(ok(
            "journal",
            [
                "WAL: agents read while one writes".into(),
                "WAL：一人写入时其他坐席照常读取".into(),
            ],
        ));
    } else {
        let j = &h.journal;
        out.push(warn(
            "journal",
            [
                format!("{j} journal, not WAL: agents wait for each other while one saves"),
                format!("日志模式为 {j}，不是 WAL：一人保存时其他坐席都要等待"),
            ],
            vec![[
                format!(
                    "dcc --db {p} channels   (opening it with write access switches it to WAL)"
                ),
                format!("dcc --db {p} channels   （以写权限打开即切换为 WAL）"),
            ]],
        ));
    }
    let check = if h.quick {
        "quick_check"
    } else {
        "integrity_check"
    };
    let size = mib(h.file_bytes);
    if h.integrity == ["ok"] {
        out.push(ok(
            "integrity",
            [
                format!("{check}: ok ({size})"),
                format!("{check}：正常（{size}）"),
            ],
        ));
    } else {
        let found = h
            .integrity
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join("; ");
        let salvage = format!(
            "sqlite3 {p} .recover | sqlite3 {}",
            q(format!("{}.recovered", path.display()))
        );
        out.push(problem(
            "integrity",
            [
                format!("{check} found damage: {found}"),
                format!("{check} 发现损坏：{found}"),
            ],
            vec![
                restore(&p),
                [
                    format!("{salvage}   (to salvage what is left)"),
                    format!("{salvage}   （抢救剩下的数据）"),
                ],
            ],
        ));
    }
    let wal = mib(h.wal_bytes);
    if h.wal_bytes > WAL_WARN_BYTES {
        out.push(warn(
            "wal",
            [
                format!(
                    "the -wal file is {wal}: a program keeps a read transaction open, so it cannot be emptied"
                ),
                format!("-wal 文件有 {wal}：有程序一直开着读事务，所以无法清空"),
            ],
            vec![
                [
                    "close idle report tools and workstations left open for days".into(),
                    "关闭闲置的报表工具和开了好几天的工作台".into(),
                ],
                cmd(format!("sqlite3 {p} 'PRAGMA wal_checkpoint(TRUNCATE)'")),
            ],
        ));
    } else {
        out.push(ok(
            "wal",
            [
                format!("the -wal file is {wal}"),
                format!("-wal 文件有 {wal}"),
            ],
        ));
    }
}

/// Restoring the latest backup.
fn restore(p: &str) -> Bi {
    [
        format!("dcc --db {p} restore --force BACKUP   (the newest backup; the damaged file is kept aside)"),
        format!("dcc --db {p} restore --force BACKUP   （最近的备份；损坏的文件会另存一边）"),
    ]
}

pub(super) fn team(h: &Health, out: &mut Vec<Finding>) {
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
            [
                format!(
                    "agent {} ({}) has no role: they are treated as outbound",
                    a.login, a.name
                ),
                format!("坐席 {}（{}）没有角色：按呼出专员处理", a.login, a.name),
            ],
            vec![[
                format!("a supervisor gives {} a role", a.login),
                format!("由主管为 {} 指定角色", a.login),
            ]],
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
        let (list, list_zh) = if inactive.is_empty() {
            (String::new(), String::new())
        } else {
            (
                format!(" ({} inactive)", inactive.join(", ")),
                format!("（{} 已停用）", inactive.join(", ")),
            )
        };
        out.push(problem(
            T,
            [
                format!(
                    "no active supervisor{list}: nobody can add agents, approve requests or move leads"
                ),
                format!("没有在职的主管{list_zh}：没有人能添加坐席、审批申请或转移客户"),
            ],
            vec![[
                "restore a backup from before the supervisor was removed, or ask your vendor".into(),
                "恢复主管被移除之前的备份，或联系供应商".into(),
            ]],
        ));
    } else if !inactive.is_empty() {
        let list = inactive.join(", ");
        out.push(warn(
            T,
            [
                format!("inactive supervisor(s): {list}"),
                format!("已停用的主管：{list}"),
            ],
            vec![],
        ));
    }
    if !h.orphan_leads.is_empty() {
        let shown: Vec<String> = h.orphan_leads.iter().take(10).map(i64::to_string).collect();
        let n = format!(
            "{}{}",
            h.orphan_leads.len(),
            if h.orphan_leads.len() >= 1000 {
                "+"
            } else {
                ""
            }
        );
        let more = if h.orphan_leads.len() > 10 {
            " ..."
        } else {
            ""
        };
        out.push(warn(
            T,
            [
                format!(
                    "{n} lead(s) to call belong to an inactive agent or nobody: nobody will call them"
                ),
                format!("{n} 个待回访的客户属于已停用的坐席或没有负责人：没有人会打给他们"),
            ],
            vec![[
                format!(
                    "dcc reassign {}{more} --to LOGIN --reason \"agent left\"",
                    shown.join(" ")
                ),
                format!(
                    "dcc reassign {}{more} --to LOGIN --reason \"坐席离职\"",
                    shown.join(" ")
                ),
            ]],
        ));
    }
    if out.last().is_none_or(|f| f.topic != T) {
        let agents = h.agents.iter().filter(|a| a.active).count();
        out.push(ok(
            T,
            [
                format!(
                    "{agents} agent(s), {active} active supervisor(s), every lead to call has an active owner"
                ),
                format!(
                    "{agents} 名坐席，{active} 名在职主管，每个待回访的客户都有在职的负责人"
                ),
            ],
        ));
    }
}

pub(super) fn clock(env: &Env, health: Option<&Health>, out: &mut Vec<Finding>) {
    const T: &str = "clock";
    let before = out.len();
    if let Some(v) = &env.dcc_now {
        out.push(warn(
            T,
            [
                format!(
                    "DCC_NOW={v} fixes the time of everything dcc does: it is for tests and demos"
                ),
                format!("DCC_NOW={v} 固定了 dcc 所做一切的时间：它只用于测试和演示"),
            ],
            vec![cmd("unset DCC_NOW")],
        ));
    }
    let year = env.now.year();
    if !(2024..=2100).contains(&year) {
        let now = env.now.format("%Y-%m-%d %H:%M");
        out.push(problem(
            T,
            [
                format!("the system clock says {now}: it is wrong"),
                format!("系统时钟显示 {now}：时间不对"),
            ],
            vec![cmd("timedatectl set-ntp true")],
        ));
    } else if let Some(latest) = health.and_then(|h| h.latest) {
        if latest > env.now + chrono::Duration::minutes(10) {
            let (now, latest) = (
                env.now.format("%Y-%m-%d %H:%M"),
                latest.format("%Y-%m-%d %H:%M"),
            );
            out.push(problem(
                T,
                [
                    format!(
                        "the system clock ({now}) is behind the database: work was saved at {latest}"
                    ),
                    format!("系统时钟（{now}）落后于数据库：已有工作保存于 {latest}"),
                ],
                vec![cmd("timedatectl set-ntp true")],
            ));
        }
    }
    if out.len() == before {
        let now = env.now.format("%Y-%m-%d %H:%M");
        out.push(ok(
            T,
            [
                format!("{now} (system clock)"),
                format!("{now}（系统时钟）"),
            ],
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
