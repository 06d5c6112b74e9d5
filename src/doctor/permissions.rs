//! The permissions a team needs to share the file: the database and its
//! `-wal` and `-shm` files readable and writable by the team's group and by
//! nobody else, the folder writable by the group with the setgid bit, every
//! agent in that group.

use std::path::{Path, PathBuf};

use super::{finding, ok, problem, q, qs, warn, Env, Finding, Fix, Found, Level, Topic};
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
    const T: Topic = Topic::Permissions;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let shown = dir.display().to_string();
    let Ok(dmeta) = std::fs::metadata(&dir) else {
        out.push(problem(T, Found::FolderUnreadable { dir: shown }, vec![]));
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
            Found::NotATeamGroup {
                dir: shown.clone(),
                group: group.clone(),
                admin: gid == 0,
            },
            vec![
                Fix::run("groupadd dcc-team"),
                Fix::run(format!("chgrp -R dcc-team {}", q(&dir))),
                Fix::AddEachAgent {
                    group: "dcc-team".into(),
                },
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
            Found::ReadableByAll {
                files: names(&world),
            },
            vec![Fix::run(format!("chmod o-rwx {}", qs(&world)))],
        ));
    }
    let strangers = pick(&|m| m.gid() != gid);
    if !strangers.is_empty() {
        out.push(problem(
            T,
            Found::OtherGroup {
                files: names(&strangers),
                group: group.clone(),
            },
            vec![Fix::run(format!("chgrp {} {}", q(&group), qs(&strangers)))],
        ));
    }
    let locked = pick(&|m| m.mode() & 0o060 != 0o060);
    if !locked.is_empty() {
        out.push(problem(
            T,
            Found::GroupCannotWrite {
                files: names(&locked),
                group: group.clone(),
            },
            vec![Fix::run(format!("chmod g+rw {}", qs(&locked)))],
        ));
    }

    // The folder.
    let mode = dmeta.mode();
    let (group_writable, setgid) = (mode & 0o070 == 0o070, mode & 0o2000 != 0);
    if !group_writable || !setgid {
        let level = if group_writable {
            Level::Warning
        } else {
            Level::Problem
        };
        out.push(finding(
            level,
            T,
            Found::Folder {
                dir: shown.clone(),
                group: group.clone(),
                group_writable,
                setgid,
            },
            vec![Fix::run(format!("chmod g+rwxs {}", q(&dir)))],
        ));
    }
    if mode & 0o002 != 0 {
        out.push(problem(
            T,
            Found::FolderOpenToAll { dir: shown },
            vec![Fix::run(format!("chmod o-rwx {}", q(&dir)))],
        ));
    }

    // The team in the group.
    if let (Some(h), false) = (health, gid == 0) {
        let members = acc.members(gid);
        for a in h.agents.iter().filter(|a| a.active) {
            if acc.is_user(&a.login) && !members.contains(&a.login) {
                out.push(problem(
                    T,
                    Found::AgentNotInGroup {
                        login: a.login.clone(),
                        name: a.name.clone(),
                        group: group.clone(),
                    },
                    vec![Fix::run(format!(
                        "usermod -aG {} {}",
                        q(&group),
                        q(&a.login)
                    ))],
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
                    Found::NotAnAgent {
                        login: m.clone(),
                        group: group.clone(),
                    },
                    vec![Fix::AgentOrOut { add, remove }],
                ));
            }
        }
    }

    if out.len() == before {
        let all = names(&files.iter().map(|f| f.0.clone()).collect::<Vec<_>>());
        out.push(ok(T, Found::SharedWithGroup { files: all, group }));
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
