//! A served setup (agents over SSH to one service account): the account owns
//! the database and its folder and nobody else can read or write them; the
//! served configuration and the program sshd runs belong to root and are
//! writable by nobody else, up every folder above them; sshd's configuration
//! for the account asks dcc for keys, forces `dcc session`, allows no
//! password, no forwarding and gives a terminal; the account is not locked;
//! every active agent has a key.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use super::{cmd, ok, problem, q, warn, Bi, Finding};
use crate::store::Health;

const T: &str = "served";

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

fn bi(en: String, zh: String) -> Bi {
    [en, zh]
}

/// Who may change a file or folder besides root and `owner`: `None` when
/// nobody may.
fn writable_by_others(m: &std::fs::Metadata, owner: u32) -> Option<&'static str> {
    let sticky = m.mode() & 0o1000 != 0;
    if m.uid() != 0 && m.uid() != owner {
        Some("its owner")
    } else if m.mode() & 0o020 != 0 && !sticky {
        Some("its group")
    } else if m.mode() & 0o002 != 0 && !sticky {
        Some("everyone")
    } else {
        None
    }
}

/// The first of `path` and the folders above it that someone other than
/// root (or `owner`) could change or replace.
fn first_unsafe(path: &Path, owner: u32) -> Option<(PathBuf, &'static str)> {
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

fn drop_in_fix(s: &ServedSetup) -> Vec<Bi> {
    vec![
        cmd(format!(
            "dcc ssh-setup --account {} --config {} --drop-in > /etc/ssh/sshd_config.d/dcc-desk.conf",
            q(&s.account),
            q(&s.config)
        )),
        cmd("sshd -t && systemctl reload ssh"),
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
                bi(
                    format!("the account {account} is locked: OpenSSH refuses every login to it, even with a key"),
                    format!("账户 {account} 已被锁定：OpenSSH 拒绝登录该账户，即使用密钥也不行"),
                ),
                vec![cmd(format!("usermod -p '*' {}", q(account)))],
            ));
        }
    }
    if let Some((p, text)) = &s.account_keys {
        let loose: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter(|l| !forced_and_restricted(l))
            .collect();
        if !loose.is_empty() {
            out.push(problem(
                T,
                bi(
                    format!(
                        "{} has {} line(s) without `restrict` and a forced `dcc session` command: \
                         such a key gets a shell as {account}, with the whole database (agents' keys belong in `dcc agent key add`)",
                        p.display(),
                        loose.len()
                    ),
                    format!(
                        "{} 有 {} 行没有 `restrict` 和强制的 `dcc session` 命令：这样的密钥可以以 {account} 身份取得 shell，拿到整个数据库（坐席的密钥应通过 `dcc agent key add` 添加）",
                        p.display(),
                        loose.len()
                    ),
                ),
                vec![cmd(format!("mv {} {}.removed", q(p), q(p)))],
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
                bi(
                    format!(
                        "agent {} ({}) is active but has no key: they cannot log in",
                        a.login, a.name
                    ),
                    format!("坐席 {}（{}）在职但没有密钥：无法登录", a.login, a.name),
                ),
                vec![cmd(format!(
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
            bi(
                format!("served by {account} over SSH: the database is the account's alone, sshd asks dcc for every key and forces `dcc session`"),
                format!("由 {account} 通过 SSH 提供服务：数据库只属于该账户，sshd 每次登录都向 dcc 查询密钥并强制运行 `dcc session`"),
            ),
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
                bi(
                    format!("{} does not belong to the service account {account}: its sessions cannot save", p.display()),
                    format!("{} 不属于服务账户 {account}：会话无法保存", p.display()),
                ),
                vec![cmd(format!("chown {}: {}", q(account), q(p)))],
            ));
        }
        if m.mode() & 0o077 != 0 {
            out.push(problem(
                T,
                bi(
                    format!(
                        "{} has mode {:o}: other accounts of this computer can read{} it, and with it every customer's number",
                        p.display(),
                        m.mode() & 0o777,
                        if m.mode() & 0o022 != 0 { " or change" } else { "" }
                    ),
                    format!(
                        "{} 的权限是 {:o}：本机其他账户能读取{}它，也就拿到了每位客户的号码",
                        p.display(),
                        m.mode() & 0o777,
                        if m.mode() & 0o022 != 0 { "或修改" } else { "" }
                    ),
                ),
                vec![cmd(format!("chmod {want:04o} {}", q(p)))],
            ));
        }
    }
    if let Some((p, who)) = folder.parent().and_then(|up| first_unsafe(up, owner)) {
        out.push(problem(
            T,
            bi(
                format!(
                    "{} can be changed by {who}: the database's folder could be replaced",
                    p.display()
                ),
                format!(
                    "{} 可被{}修改：数据库所在的文件夹可能被替换",
                    p.display(),
                    who_zh(who)
                ),
            ),
            vec![cmd(format!(
                "chown root: {} && chmod go-w {}",
                q(&p),
                q(&p)
            ))],
        ));
    }
}

fn who_zh(who: &str) -> &'static str {
    match who {
        "its owner" => "其所有者",
        "its group" => "其所属组",
        _ => "所有人",
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
        if let Some((at, who)) = first_unsafe(&p, 0) {
            out.push(problem(
                T,
                bi(
                    format!(
                        "{} can be changed by {who}: whoever changes {} decides who logs in as whom{}",
                        at.display(),
                        p.display(),
                        if at == p { "" } else { " (a folder above it)" }
                    ),
                    format!(
                        "{} 可被{}修改：能改动 {} 的人就能决定谁以谁的身份登录{}",
                        at.display(),
                        who_zh(who),
                        p.display(),
                        if at == p { "" } else { "（它上级的文件夹）" }
                    ),
                ),
                vec![cmd(format!("chown root:root {} && chmod go-w {}", q(&at), q(&at)))],
            ));
        }
    }
}

/// sshd's settings for the account.
fn sshd(s: &ServedSetup, out: &mut Vec<Finding>) {
    let settings = s.settings();
    if settings.is_empty() {
        out.push(warn(
            T,
            bi(
                "sshd's configuration could not be read: run `dcc doctor` as root to check it"
                    .into(),
                "无法读取 sshd 的配置：请以 root 身份运行 `dcc doctor` 检查".into(),
            ),
            vec![],
        ));
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
    let mut wrong: Vec<(&str, &str)> = Vec::new();
    if !asks_dcc {
        wrong.push((
            "keys are not looked up by `dcc authorized-keys` (AuthorizedKeysCommand)",
            "密钥不是由 `dcc authorized-keys` 查询的（AuthorizedKeysCommand）",
        ));
    }
    if get("authorizedkeysfile").is_some_and(|v| v != "none") {
        wrong.push((
            "AuthorizedKeysFile is not `none`: a key in the account's own file logs in without dcc",
            "AuthorizedKeysFile 不是 `none`：账户自己文件里的密钥可以绕过 dcc 登录",
        ));
    }
    if get("authorizedkeyscommanduser").is_some_and(|v| v == "root") {
        wrong.push((
            "AuthorizedKeysCommandUser is root: dcc answers sshd as the service account",
            "AuthorizedKeysCommandUser 是 root：应由服务账户为 sshd 查询密钥",
        ));
    }
    for k in ["passwordauthentication", "kbdinteractiveauthentication"] {
        if is(k, "yes") {
            wrong.push((
                "a password can log in to the account: only keys should",
                "可以用密码登录该账户：应只允许密钥",
            ));
            break;
        }
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
        wrong.push((
            "port, agent or X11 forwarding is allowed: a key could reach the host's network",
            "允许端口、agent 或 X11 转发：密钥可以借此访问主机的网络",
        ));
    }
    if is("permittty", "no") {
        wrong.push((
            "PermitTTY is no: the workstation needs a terminal",
            "PermitTTY 为 no：工作台需要终端",
        ));
    }
    if !wrong.is_empty() {
        let (en, zh): (Vec<&str>, Vec<&str>) = wrong.into_iter().unzip();
        out.push(problem(
            T,
            bi(
                format!("sshd for {account}: {}", en.join("; ")),
                format!("{account} 的 sshd 设置：{}", zh.join("；")),
            ),
            drop_in_fix(s),
        ));
    }
    if is("permituserrc", "yes") || is("clientaliveinterval", "0") {
        out.push(warn(
            T,
            bi(
                format!("sshd for {account}: PermitUserRC should be no and ClientAliveInterval set, so that dropped connections end their sessions"),
                format!("{account} 的 sshd 设置：PermitUserRC 应为 no，并设置 ClientAliveInterval，以便断开的连接结束会话"),
            ),
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
