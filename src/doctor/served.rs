//! A served setup (agents over SSH to one service account): the account owns
//! the database and its folder and nobody else can read or write them; the
//! served configuration and the program sshd runs belong to root and are
//! writable by nobody else, up every folder above them; sshd's configuration
//! for the account asks dcc for keys, forces `dcc session`, allows no
//! password, no forwarding and gives a terminal; the account is not locked;
//! every active agent has a key.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use super::{ok, problem, q, warn, Finding, Fix, Found, Others, SshdGap, Topic};
use crate::store::Health;

const T: Topic = Topic::Served;

/// What the doctor reads of a served setup besides the database: gathered
/// by [`ServedSetup::gather`], or given by a test.
#[derive(Debug, Clone, Default)]
pub struct ServedSetup {
    /// The served configuration (`/etc/dcc-desk/served.toml`).
    pub config: PathBuf,
    /// The service account: the owner of the database's folder.
    pub account: String,
    /// sshd's effective configuration for a login to the account
    /// (`sshd -T -C user=…`, lower-case `key value` lines), when readable.
    pub sshd_effective: Option<String>,
    /// Otherwise, the settings for the account as far as the configuration
    /// files can be read (`Include`s followed: [`super::sshd_config::read`]).
    pub sshd_read: Vec<(String, String)>,
    /// `/etc/shadow`, when readable (root), to see a locked account.
    pub shadow: Option<String>,
    /// The account's own `~/.ssh/authorized_keys`, when it has one.
    pub account_keys: Option<(PathBuf, String)>,
    /// Logins with a key in force, when the database could be read.
    pub with_keys: Option<Vec<String>>,
}

impl ServedSetup {
    /// Reads the system's served setup for the database at `path`.
    pub fn gather(path: &Path, config: &Path, sshd_config: &Path) -> ServedSetup {
        let folder = path.parent().unwrap_or(Path::new("."));
        let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
        let entry = |pick: &dyn Fn(&[&str]) -> bool| -> Option<Vec<String>> {
            passwd.lines().find_map(|l| {
                let f: Vec<&str> = l.split(':').collect();
                (f.len() > 5 && pick(&f)).then(|| f.iter().map(|x| x.to_string()).collect())
            })
        };
        let account = std::fs::metadata(folder)
            .ok()
            .and_then(|m| entry(&|f| f[2].parse() == Ok(m.uid())))
            .map(|f| f[0].clone())
            .unwrap_or_else(|| "dcc".into());
        let effective = std::process::Command::new("/usr/sbin/sshd")
            .arg("-T")
            .arg("-f")
            .arg(sshd_config)
            .arg("-C")
            .arg(format!("user={account},host=localhost,addr=127.0.0.1"))
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
        let read = if effective.is_none() {
            super::sshd_config::read(
                sshd_config,
                Path::new(super::sshd_config::SSH_DIR),
                &account,
            )
        } else {
            Vec::new()
        };
        let home = entry(&|f| f[0] == account).map(|f| PathBuf::from(&f[5]));
        let account_keys = home
            .map(|h| h.join(".ssh/authorized_keys"))
            .and_then(|p| std::fs::read_to_string(&p).ok().map(|t| (p, t)));
        ServedSetup {
            config: config.to_path_buf(),
            account,
            sshd_effective: effective,
            sshd_read: read,
            shadow: std::fs::read_to_string("/etc/shadow").ok(),
            account_keys,
            with_keys: crate::store::logins_with_keys(path).ok(),
        }
    }

    /// sshd's settings for the account: the effective ones, else what the
    /// readable files say (sshd takes the first value it reads of each).
    fn settings(&self) -> Vec<(String, String)> {
        let Some(t) = &self.sshd_effective else {
            return self.sshd_read.clone();
        };
        let mut out: Vec<(String, String)> = Vec::new();
        for l in t.lines() {
            if let Some((k, v)) = l.split_once(' ') {
                let k = k.to_ascii_lowercase();
                if !out.iter().any(|(o, _)| *o == k) {
                    out.push((k, v.trim().to_string()));
                }
            }
        }
        out
    }
}

/// Who may change a file or folder besides root and `owner`: `None` when
/// nobody may.
fn writable_by_others(m: &std::fs::Metadata, owner: u32) -> Option<Others> {
    let sticky = m.mode() & 0o1000 != 0;
    if m.uid() != 0 && m.uid() != owner {
        Some(Others::Owner)
    } else if m.mode() & 0o020 != 0 && !sticky {
        Some(Others::Group)
    } else if m.mode() & 0o002 != 0 && !sticky {
        Some(Others::Everyone)
    } else {
        None
    }
}

/// The first of `path` and the folders above it that someone other than
/// root (or `owner`) could change or replace.
fn first_unsafe(path: &Path, owner: u32) -> Option<(PathBuf, Others)> {
    let mut p = Some(path);
    while let Some(at) = p {
        if at.as_os_str().is_empty() {
            break;
        }
        if let Ok(m) = std::fs::metadata(at) {
            if let Some(who) = writable_by_others(&m, owner) {
                return Some((at.to_path_buf(), who));
            }
        }
        p = at.parent();
    }
    None
}

fn drop_in_fix(s: &ServedSetup) -> Vec<Fix> {
    vec![
        Fix::run(format!(
            "dcc ssh-setup --account {} --config {} --drop-in > /etc/ssh/sshd_config.d/dcc-desk.conf",
            q(&s.account),
            q(&s.config)
        )),
        Fix::run("sshd -t && systemctl reload ssh"),
    ]
}

pub(super) fn served(
    path: &Path,
    s: &ServedSetup,
    health: Option<&Health>,
    out: &mut Vec<Finding>,
) {
    let before = out.len();
    let account = &s.account;
    files(path, s, out);
    program(s, out);
    sshd(s, out);
    if let Some(shadow) = &s.shadow {
        let pw = shadow.lines().find_map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            (f.first() == Some(&account.as_str())).then(|| f.get(1).copied().unwrap_or(""))
        });
        if pw.is_some_and(|p| p.starts_with('!')) {
            out.push(problem(
                T,
                Found::AccountLocked {
                    account: account.clone(),
                },
                vec![Fix::run(format!("usermod -p '*' {}", q(account)))],
            ));
        }
    }
    if let Some((p, text)) = &s.account_keys {
        let loose = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter(|l| !forced_and_restricted(l))
            .count();
        if loose > 0 {
            out.push(problem(
                T,
                Found::LooseKeys {
                    file: p.display().to_string(),
                    lines: loose,
                    account: account.clone(),
                },
                vec![Fix::run(format!("mv {} {}.removed", q(p), q(p)))],
            ));
        }
    }
    if let (Some(h), Some(keys)) = (health, &s.with_keys) {
        for a in h
            .agents
            .iter()
            .filter(|a| a.active && !keys.contains(&a.login))
        {
            out.push(warn(
                T,
                Found::NoKey {
                    login: a.login.clone(),
                    name: a.name.clone(),
                },
                vec![Fix::run(format!(
                    "dcc agent key add {} /path/to/{}.pub",
                    q(&a.login),
                    a.login
                ))],
            ));
        }
    }
    if out.len() == before {
        out.push(ok(
            T,
            Found::ServedInOrder {
                account: account.clone(),
            },
        ));
    }
}

/// An `authorized_keys` line that can only run `dcc session`, restricted.
fn forced_and_restricted(line: &str) -> bool {
    let opts = line.split_whitespace().next().unwrap_or("");
    let has = |o: &str| opts.split(',').any(|x| x == o);
    has("restrict")
        && opts.contains("command=\"")
        && line.contains(" session ")
        && ![
            "port-forwarding",
            "agent-forwarding",
            "X11-forwarding",
            "user-rc",
        ]
        .iter()
        .any(|o| has(o))
}

/// The database, its sidecars and its folder: the account's alone.
fn files(path: &Path, s: &ServedSetup, out: &mut Vec<Finding>) {
    let account = &s.account;
    let folder = path.parent().unwrap_or(Path::new("."));
    let Ok(dm) = std::fs::metadata(folder) else {
        return;
    };
    let owner = dm.uid();
    let mut items: Vec<(PathBuf, std::fs::Metadata, u32)> = vec![(folder.to_path_buf(), dm, 0o700)];
    for p in [
        path.to_path_buf(),
        crate::store::sidecar(path, "-wal"),
        crate::store::sidecar(path, "-shm"),
    ] {
        if let Ok(m) = std::fs::metadata(&p) {
            items.push((p, m, 0o600));
        }
    }
    for (p, m, want) in &items {
        if m.uid() != owner || owner == 0 {
            out.push(problem(
                T,
                Found::NotTheAccounts {
                    path: p.display().to_string(),
                    account: account.clone(),
                },
                vec![Fix::run(format!("chown {}: {}", q(account), q(p)))],
            ));
        }
        if m.mode() & 0o077 != 0 {
            out.push(problem(
                T,
                Found::OpenToOthers {
                    path: p.display().to_string(),
                    mode: m.mode() & 0o777,
                    writable: m.mode() & 0o022 != 0,
                },
                vec![Fix::run(format!("chmod {want:04o} {}", q(p)))],
            ));
        }
    }
    if let Some((p, by)) = folder.parent().and_then(|up| first_unsafe(up, owner)) {
        out.push(problem(
            T,
            Found::FolderChangeable {
                path: p.display().to_string(),
                by,
            },
            vec![Fix::run(format!(
                "chown root: {} && chmod go-w {}",
                q(&p),
                q(&p)
            ))],
        ));
    }
}

/// The served configuration and the program sshd runs: root's, up the tree.
fn program(s: &ServedSetup, out: &mut Vec<Finding>) {
    let settings = s.settings();
    let command = settings
        .iter()
        .find(|(k, _)| k == "authorizedkeyscommand")
        .map(|(_, v)| v.clone())
        .filter(|v| v != "none");
    let bin = command
        .as_deref()
        .and_then(|c| c.split_whitespace().next())
        .map(PathBuf::from);
    for p in [Some(s.config.clone()), bin].into_iter().flatten() {
        if !p.exists() {
            continue;
        }
        if let Some((at, by)) = first_unsafe(&p, 0) {
            out.push(problem(
                T,
                Found::ProgramChangeable {
                    at: at.display().to_string(),
                    path: p.display().to_string(),
                    by,
                },
                vec![Fix::run(format!(
                    "chown root:root {} && chmod go-w {}",
                    q(&at),
                    q(&at)
                ))],
            ));
        }
    }
}

/// sshd's settings for the account.
fn sshd(s: &ServedSetup, out: &mut Vec<Finding>) {
    let settings = s.settings();
    if settings.is_empty() {
        out.push(warn(T, Found::SshdUnreadable, vec![]));
        return;
    }
    let get = |k: &str| {
        settings
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.to_ascii_lowercase())
    };
    let is = |k: &str, v: &str| get(k).as_deref() == Some(v);
    let account = &s.account;
    let asks_dcc = get("authorizedkeyscommand").is_some_and(|c| c.contains(" authorized-keys"));
    let mut gaps = Vec::new();
    if !asks_dcc {
        gaps.push(SshdGap::KeysNotAskedOfDcc);
    }
    if get("authorizedkeysfile").is_some_and(|v| v != "none") {
        gaps.push(SshdGap::KeysFile);
    }
    if get("authorizedkeyscommanduser").is_some_and(|v| v == "root") {
        gaps.push(SshdGap::CommandUserRoot);
    }
    if ["passwordauthentication", "kbdinteractiveauthentication"]
        .iter()
        .any(|k| is(k, "yes"))
    {
        gaps.push(SshdGap::Password);
    }
    let forwarding = !is("disableforwarding", "yes")
        && [
            "allowtcpforwarding",
            "x11forwarding",
            "allowagentforwarding",
            "allowstreamlocalforwarding",
        ]
        .iter()
        .any(|k| get(k).is_some_and(|v| v != "no"));
    if forwarding || is("permittunnel", "yes") {
        gaps.push(SshdGap::Forwarding);
    }
    if is("permittty", "no") {
        gaps.push(SshdGap::NoTerminal);
    }
    if !gaps.is_empty() {
        out.push(problem(
            T,
            Found::SshdLetsIn {
                account: account.clone(),
                gaps,
            },
            drop_in_fix(s),
        ));
    }
    if is("permituserrc", "yes") || is("clientaliveinterval", "0") {
        out.push(warn(
            T,
            Found::SshdKeepsSessions {
                account: account.clone(),
            },
            drop_in_fix(s),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_lines_must_force_dcc_session_with_restrict() {
        assert!(forced_and_restricted(
            "restrict,pty,command=\"/usr/local/bin/dcc session --config /etc/dcc-desk/served.toml --key SHA256:x\" ssh-ed25519 AAAA"
        ));
        assert!(!forced_and_restricted("ssh-ed25519 AAAA amy@pc"));
        assert!(!forced_and_restricted(
            "pty,command=\"/usr/local/bin/dcc session --key SHA256:x\" ssh-ed25519 AAAA"
        ));
        assert!(!forced_and_restricted(
            "restrict,port-forwarding,command=\"/usr/local/bin/dcc session --key SHA256:x\" ssh-ed25519 AAAA"
        ));
    }
}
