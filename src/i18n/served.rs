//! Served mode's words: what `dcc session` tells an agent whose login or
//! command it refuses, and the comments of the script `dcc ssh-setup`
//! prints. What sshd itself reads (the `authorized_keys` line, the sshd
//! drop-in) is configuration, not words, and stays as it is.

use super::Lang;
use crate::domain::sshkey::KeyError;

/// No served configuration where one was named.
pub fn no_served_config(path: &str, err: &std::io::Error, lang: Lang) -> String {
    let err = super::errors::io_error(err, lang);
    tr!(
        lang,
        "{path} 处没有服务配置（{err}）；`dcc ssh-setup` 说明如何创建",
        "no served configuration at {path} ({err}); `dcc ssh-setup` shows how to make one"
    )
}

/// The served configuration is not root's.
pub fn served_config_not_root(path: &str, lang: Lang) -> String {
    tr!(
        lang,
        "{path} 必须属于 root；未打开任何内容",
        "{path} must belong to root; nothing was opened"
    )
}

/// Others may change the served configuration.
pub fn served_config_writable(path: &str, mode: u32, lang: Lang) -> String {
    tr!(
        lang,
        "{path} 可被他人修改（权限 {mode:o}）：请运行 `chmod go-w {path}`；未打开任何内容",
        "{path} may be changed by others (mode {mode:o}); run `chmod go-w {path}`; nothing was opened"
    )
}

/// The served configuration names no database.
pub fn served_config_no_db(path: &str, lang: Lang) -> String {
    tr!(lang, "{path} 没有指定 `db`", "{path} names no `db`")
}

/// `dcc session` run by another account than the database's owner.
pub fn session_not_owner(db: &str, lang: Lang) -> String {
    tr!(
        lang,
        "dcc session 只能以 {db} 的所有者（服务账号）运行",
        "dcc session runs only as the account that owns {db} (the service account)"
    )
}

/// `--key` is not a fingerprint.
pub fn not_a_fingerprint(key: &str, lang: Lang) -> String {
    tr!(
        lang,
        "{key:?} 不是密钥指纹",
        "{key:?} is not a key fingerprint"
    )
}

/// A key that logs in no agent.
pub fn key_logs_in_no_one(lang: Lang) -> String {
    tr!(
        lang,
        "这把密钥不能登录任何人（已被删除，或其坐席已停用）",
        "this key logs in no one (removed, or its agent is disabled)"
    )
}

/// The supervisor withdrew the key or the agent during the session.
pub fn access_withdrawn(lang: Lang) -> String {
    tr!(
        lang,
        "主管已撤销你的访问权限，会话已结束",
        "your access was withdrawn by a supervisor; the session has ended"
    )
}

/// The client's command does not split into words.
pub fn unbalanced_quotes(lang: Lang) -> String {
    tr!(
        lang,
        "命令中的引号不成对；未运行任何命令",
        "the command has unbalanced quotes; nothing was run"
    )
}

/// The client's command is not one of dcc's (clap's own words, then ours).
pub fn not_a_command(said: &str, lang: Lang) -> String {
    tr!(lang, "{said}未运行任何命令", "{said}nothing was run")
}

/// Flags that would choose another file or agent.
pub fn flags_not_over_ssh(lang: Lang) -> String {
    tr!(
        lang,
        "通过 SSH 不接受 --db、--as 和 --login：你以密钥对应的坐席身份，在团队的数据库上操作",
        "--db, --as and --login are not honoured over SSH: you act as the agent of your key, on the team's database"
    )
}

/// A command that names the server's files or sets it up.
pub fn not_over_ssh(what: &str, lang: Lang) -> String {
    tr!(
        lang,
        "`dcc {what}` 不能通过 SSH 使用；未运行任何命令",
        "`dcc {what}` is not available over SSH; nothing was run"
    )
}

/// A key named as a file on the server.
pub fn key_file_not_over_ssh(lang: Lang) -> String {
    tr!(
        lang,
        "`dcc agent key add FILE` 不能通过 SSH 使用（请用 `-` 并从标准输入发送密钥）；未运行任何命令",
        "`dcc agent key add FILE (use `-` and send the key on standard input)` is not available over SSH; nothing was run"
    )
}

/// Paths sshd's forced command could not hold.
pub fn unsafe_paths(lang: Lang) -> String {
    tr!(
        lang,
        "程序和服务配置的路径只能包含字母、数字和 / . _ - +",
        "the program's and the served configuration's paths may hold only letters, digits and / . _ - +"
    )
}

/// The comments of the script `dcc ssh-setup` prints, step by step.
pub struct SetupWords {
    /// The drop-in's first line, before the account's name.
    pub drop_in: &'static str,
    pub drop_in_tail: &'static str,
    pub title: &'static str,
    pub account: &'static str,
    pub program: &'static str,
    pub config: &'static str,
    pub database: &'static str,
    pub sshd: &'static str,
    pub backup: &'static str,
    pub unit: &'static str,
    pub timer: &'static str,
    pub cron: &'static str,
    pub doctor: &'static str,
    pub agents: &'static str,
}

pub fn setup_words(lang: Lang) -> SetupWords {
    match lang {
        Lang::Zh => SetupWords {
            drop_in: "# dcc-desk：坐席用自己在 dcc 中登记的密钥登录",
            drop_in_tail: "。",
            title: "# 服务模式：以 root 身份在团队唯一的 Linux 主机上运行以下命令。",
            account: "# 1. 拥有数据库的服务账号。sshd 的强制命令需要它有 shell，
#    以及一个不可能的、但未锁定的密码：OpenSSH 连密钥登录也会拒绝被锁定的账号。",
            program: "# 2. 程序：属于 root，其他人不可写。",
            config: "# 3. 服务配置，属于 root：坐席使用的数据库。",
            database: "# 4. 数据库及其主管和主管的密钥（服务账号在本机运行 dcc；
#    每个坐席都以同样方式获得账号和密钥）。",
            sshd: "# 5. sshd：写入这个配置片段，然后检查并重新加载。",
            backup: "# 6. 每天 02:00 以服务账号备份，保留两周：经过检查的副本存放在",
            unit: "dcc-desk 备份",
            timer: "dcc-desk 每日备份",
            cron: "#    没有 systemd 时，写入服务账号的 crontab（crontab -e）：",
            doctor: "# 7. 检查整个配置；每个问题都附有修复方法。",
            agents: "# 之后坐席这样连接：",
        },
        Lang::En => SetupWords {
            drop_in: "# dcc-desk: agents log in to",
            drop_in_tail: " with their own key, registered in dcc.",
            title: "# Served mode: run these as root on the one Linux host of the team.",
            account: "# 1. The service account that owns the database. It needs a shell for
#    sshd's forced command, and an impossible but unlocked password:
#    OpenSSH refuses a locked account even for keys.",
            program: "# 2. The program, owned by root and writable by nobody else.",
            config: "# 3. The served configuration, owned by root: the database agents work on.",
            database: "# 4. The database, and its supervisors with their keys (the service account
#    runs dcc locally; every agent gets an account and a key the same way).",
            sshd: "# 5. sshd: this drop-in, then check and reload.",
            backup: "# 6. A daily backup at 02:00 keeping two weeks, as the service account:
#    a checked copy in",
            unit: "dcc-desk backup",
            timer: "dcc-desk backup every day",
            cron: "#    Without systemd, in the service account's crontab (crontab -e):",
            doctor: "# 7. Check the whole setup; each problem comes with its fix.",
            agents: "# Agents then connect with:",
        },
    }
}

/// The rest of step 6's comment, after the backups' folder.
pub fn setup_backup_tail(lang: Lang) -> &'static str {
    super::pick(
        lang,
        "（README 的「Backups」一节说明如何把它送到另一台机器）。\n#    最新的备份超过一天时，doctor 会提醒。",
        "(the README's \"Backups\" says how to send\n#    it to another machine). The doctor warns when the newest is a day old.",
    )
}

/// Why a text is not a public key.
pub fn key_error(e: &KeyError, lang: Lang) -> String {
    match e {
        KeyError::Empty => tr!(
            lang,
            "其中没有公钥（应为 `ssh-ed25519 AAAA… 注释` 这样的一行，即 .pub 文件的内容）",
            "no public key in the text (expected `ssh-ed25519 AAAA… comment`, the content of a .pub file)"
        ),
        KeyError::Private => tr!(
            lang,
            "这是私钥：只发送 .pub 文件，切勿发送私钥",
            "this is a private key: send only the .pub file, never the private key"
        ),
        KeyError::UnknownType(kind) => {
            let kind = crate::domain::text::printable_line(kind);
            tr!(
                lang,
                "未知的密钥类型“{kind}”",
                "unknown key type \"{kind}\""
            )
        }
        KeyError::Damaged => tr!(
            lang,
            "密钥已损坏（不是 base64，或类型与内容不符）",
            "the key is damaged (not base64, or its type does not match its content)"
        ),
    }
}

impl super::Localize for KeyError {
    fn localize(&self, lang: Lang) -> String {
        key_error(self, lang)
    }
}

impl std::fmt::Display for KeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&key_error(self, Lang::En))
    }
}

/// A text given to `dcc agent key add` that is not a public key.
pub fn key_refused(e: &KeyError, lang: Lang) -> String {
    let why = key_error(e, lang);
    tr!(lang, "{why}；未作任何改动", "{why}; nothing was changed")
}
