//! The permissions a team needs to share the file: the database and its
//! `-wal` and `-shm` files readable and writable by the team's group and by
//! nobody else, the folder writable by the group with the setgid bit, every
//! agent in that group.

use std::path::{Path, PathBuf};

use super::{cmd, finding, ok, problem, q, qs, warn, Env, Finding, Level};
use crate::store::{self, Health};

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
pub(super) fn permissions(path: &Path, env: &Env, health: Option<&Health>, out: &mut Vec<Finding>) {
    use std::os::unix::fs::MetadataExt;
    const T: &str = "permissions";
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let Ok(dmeta) = std::fs::metadata(&dir) else {
        out.push(problem(
            T,
            [
                format!("the folder {} cannot be read", dir.display()),
                format!("无法读取文件夹 {}", dir.display()),
            ],
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
            [
                format!(
                    "the folder {} belongs to group {group}, {}: give the team a group of its own",
                    dir.display(),
                    if gid == 0 {
                        "the administrators' group"
                    } else {
                        "one person's own group"
                    }
                ),
                format!(
                    "文件夹 {} 属于组 {group}（{}）：请为团队建立专用的组",
                    dir.display(),
                    if gid == 0 {
                        "管理员组"
                    } else {
                        "某个人的私人组"
                    }
                ),
            ],
            vec![
                cmd("groupadd dcc-team"),
                cmd(format!("chgrp -R dcc-team {}", q(&dir))),
                [
                    "usermod -aG dcc-team LOGIN   (for each agent)".into(),
                    "usermod -aG dcc-team LOGIN   （每个坐席各一次）".into(),
                ],
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
            [
                format!(
                    "{} can be read by every user of this computer: it holds customers' phone numbers",
                    names(&world)
                ),
                format!(
                    "{} 本机所有用户都能读取：其中有客户的电话号码",
                    names(&world)
                ),
            ],
            vec![cmd(format!("chmod o-rwx {}", qs(&world)))],
        ));
    }
    let strangers = pick(&|m| m.gid() != gid);
    if !strangers.is_empty() {
        out.push(problem(
            T,
            [
                format!(
                    "{} belong(s) to another group than the folder's ({group}): colleagues cannot write it",
                    names(&strangers)
                ),
                format!(
                    "{} 不属于文件夹的组（{group}）：同事无法写入",
                    names(&strangers)
                ),
            ],
            vec![cmd(format!("chgrp {} {}", q(&group), qs(&strangers)))],
        ));
    }
    let locked = pick(&|m| m.mode() & 0o060 != 0o060);
    if !locked.is_empty() {
        out.push(problem(
            T,
            [
                format!(
                    "{} cannot be read and written by group {group}: colleagues' work cannot be saved \
                     (SQLite writes the -wal and -shm files on every save)",
                    names(&locked)
                ),
                format!(
                    "组 {group} 不能读写 {}：同事的工作无法保存（每次保存 SQLite 都要写 -wal 和 -shm 文件）",
                    names(&locked)
                ),
            ],
            vec![cmd(format!("chmod g+rw {}", qs(&locked)))],
        ));
    }

    // The folder.
    let mode = dmeta.mode();
    let (group_writable, setgid) = (mode & 0o070 == 0o070, mode & 0o2000 != 0);
    if !group_writable || !setgid {
        let (mut why, mut why_zh) = (Vec::new(), Vec::new());
        if !group_writable {
            why.push(format!(
                "is not writable by group {group}: colleagues cannot create the -wal and -shm files"
            ));
            why_zh.push(format!(
                "组 {group} 不能写入，同事无法创建 -wal 和 -shm 文件"
            ));
        }
        if !setgid {
            why.push(
                "has no setgid bit: new -wal and -shm files get the group of whoever creates them, \
                 not the team's"
                    .to_string(),
            );
            why_zh.push(
                "没有 setgid 位，新建的 -wal 和 -shm 文件会属于创建者的组，而不是团队的组"
                    .to_string(),
            );
        }
        let level = if group_writable {
            Level::Warning
        } else {
            Level::Problem
        };
        out.push(finding(
            level,
            T,
            [
                format!("the folder {} {}", dir.display(), why.join("; and ")),
                format!("文件夹 {}：{}", dir.display(), why_zh.join("；并且")),
            ],
            vec![cmd(format!("chmod g+rwxs {}", q(&dir)))],
        ));
    }
    if mode & 0o002 != 0 {
        out.push(problem(
            T,
            [
                format!(
                    "anyone on this computer can delete or replace files in {}",
                    dir.display()
                ),
                format!("本机任何人都能删除或替换 {} 中的文件", dir.display()),
            ],
            vec![cmd(format!("chmod o-rwx {}", q(&dir)))],
        ));
    }

    // The team in the group.
    if let (Some(h), false) = (health, gid == 0) {
        let members = acc.members(gid);
        for a in h.agents.iter().filter(|a| a.active) {
            if acc.is_user(&a.login) && !members.contains(&a.login) {
                out.push(problem(
                    T,
                    [
                        format!(
                            "agent {} ({}) is not in group {group}: they cannot save their work",
                            a.login, a.name
                        ),
                        format!(
                            "坐席 {}（{}）不在组 {group} 中：无法保存工作",
                            a.login, a.name
                        ),
                    ],
                    vec![cmd(format!("usermod -aG {} {}", q(&group), q(&a.login)))],
                ));
            }
        }
        for m in &members {
            if !h.agents.iter().any(|a| &a.login == m) {
                let add = format!(
                    "dcc --db {} agent add {} --name NAME --role outbound",
                    q(path),
                    q(m)
                );
                let remove = format!("gpasswd -d {} {}", q(m), q(&group));
                out.push(warn(
                    T,
                    [
                        format!("{m} is in group {group} and can open the database, but is not an agent"),
                        format!("{m} 在组 {group} 中，能打开数据库，但不是坐席"),
                    ],
                    vec![[
                        format!("{add}   (a supervisor; or {remove})"),
                        format!("{add}   （由主管执行；或 {remove}）"),
                    ]],
                ));
            }
        }
    }

    if out.len() == before {
        let all = names(&files.iter().map(|f| f.0.clone()).collect::<Vec<_>>());
        out.push(ok(
            T,
            [
                format!(
                    "{all} and its folder are shared with group {group} only; the folder keeps new files in the group"
                ),
                format!("{all} 及其文件夹只与组 {group} 共享；文件夹让新文件留在该组"),
            ],
        ));
    }
}

#[cfg(not(unix))]
pub(super) fn permissions(_: &Path, _: &Env, _: Option<&Health>, _: &mut Vec<Finding>) {}

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
