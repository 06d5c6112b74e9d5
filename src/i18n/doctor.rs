//! `dcc doctor`'s words: what each finding says and each fix's note, in
//! either language, and the report they make (text, or JSON for scripts
//! with `what`/`fix` in English and `what_zh`/`fix_zh` in Chinese). The
//! doctor's findings carry data (paths, names, numbers); the commands in a
//! fix read the same in both languages.

use std::io::Write;

use serde::Serialize;

use super::{Lang, Localize};
use crate::doctor::{Diagnosis, Finding, Fix, Level, Others, SshdGap, Topic};

impl Localize for Level {
    fn localize(&self, lang: Lang) -> String {
        match self {
            Level::Ok => tr!(lang, "正常", "ok"),
            Level::Warning => tr!(lang, "注意", "WARNING"),
            Level::Problem => tr!(lang, "问题", "PROBLEM"),
        }
    }
}

impl Localize for Topic {
    fn localize(&self, lang: Lang) -> String {
        match self {
            Topic::Permissions => tr!(lang, "权限", "permissions"),
            Topic::Filesystem => tr!(lang, "文件系统", "filesystem"),
            Topic::Database => tr!(lang, "数据库", "database"),
            Topic::Schema => tr!(lang, "结构版本", "schema"),
            Topic::Journal => tr!(lang, "日志模式", "journal"),
            Topic::Integrity => tr!(lang, "完整性", "integrity"),
            Topic::Wal => tr!(lang, "WAL 文件", "wal"),
            Topic::Team => tr!(lang, "团队", "team"),
            Topic::Clock => tr!(lang, "时钟", "clock"),
            Topic::Backup => tr!(lang, "备份", "backup"),
            Topic::Served => tr!(lang, "服务模式", "served"),
        }
    }
}

pub(super) fn others(by: Others, lang: Lang) -> String {
    match by {
        Others::Owner => tr!(lang, "其所有者", "its owner"),
        Others::Group => tr!(lang, "其所属组", "its group"),
        Others::Everyone => tr!(lang, "所有人", "everyone"),
    }
}

pub(super) fn gap(g: SshdGap, lang: Lang) -> String {
    match g {
        SshdGap::KeysNotAskedOfDcc => tr!(
            lang,
            "密钥不是由 `dcc authorized-keys` 查询的（AuthorizedKeysCommand）",
            "keys are not looked up by `dcc authorized-keys` (AuthorizedKeysCommand)"
        ),
        SshdGap::KeysFile => tr!(
            lang,
            "AuthorizedKeysFile 不是 `none`：账户自己文件里的密钥可以绕过 dcc 登录",
            "AuthorizedKeysFile is not `none`: a key in the account's own file logs in without dcc"
        ),
        SshdGap::CommandUserRoot => tr!(
            lang,
            "AuthorizedKeysCommandUser 是 root：应由服务账户为 sshd 查询密钥",
            "AuthorizedKeysCommandUser is root: dcc answers sshd as the service account"
        ),
        SshdGap::Password => tr!(
            lang,
            "可以用密码登录该账户：应只允许密钥",
            "a password can log in to the account: only keys should"
        ),
        SshdGap::Forwarding => tr!(
            lang,
            "允许端口、agent 或 X11 转发：密钥可以借此访问主机的网络",
            "port, agent or X11 forwarding is allowed: a key could reach the host's network"
        ),
        SshdGap::NoTerminal => tr!(
            lang,
            "PermitTTY 为 no：工作台需要终端",
            "PermitTTY is no: the workstation needs a terminal"
        ),
    }
}

impl Localize for Fix {
    fn localize(&self, lang: Lang) -> String {
        match self {
            Fix::Run(command) => command.clone(),
            Fix::CopyToLocalDisk { path } => tr!(
                lang,
                "cp {path} /var/lib/dcc/   （坐席登录的那台主机的本地磁盘，例如通过 ssh 登录）",
                "cp {path} /var/lib/dcc/   (a local disk of the host agents log in to, e.g. with ssh)"
            ),
            Fix::PointConfigsAtCopy => tr!(
                lang,
                "然后在每个坐席的配置中设置 db = \"/var/lib/dcc/...\"，或设置 DCC_DB",
                "then set db = \"/var/lib/dcc/...\" in each agent's config, or DCC_DB"
            ),
            Fix::Init { db } => tr!(
                lang,
                "dcc --db {db} init   （或用 --db 指定正确的路径）",
                "dcc --db {db} init   (or give the right path with --db)"
            ),
            Fix::Restore { db } => tr!(
                lang,
                "dcc --db {db} restore --force BACKUP   （最近的备份；损坏的文件会另存一边）",
                "dcc --db {db} restore --force BACKUP   (the newest backup; the damaged file is kept aside)"
            ),
            Fix::PointAtOwnDatabase => tr!(
                lang,
                "dcc --db PATH ...   （让 dcc 使用它自己的数据库）",
                "dcc --db PATH ...   (point dcc at its own database)"
            ),
            Fix::InstallNewer => tr!(
                lang,
                "在这台主机上安装更新的 dcc-desk",
                "install the newer dcc-desk on this host"
            ),
            Fix::OpenToSwitch { db } => tr!(
                lang,
                "dcc --db {db} channels   （以写权限打开即切换为 WAL）",
                "dcc --db {db} channels   (opening it with write access switches it to WAL)"
            ),
            Fix::Salvage { command } => tr!(
                lang,
                "{command}   （抢救剩下的数据）",
                "{command}   (to salvage what is left)"
            ),
            Fix::CloseIdleReaders => tr!(
                lang,
                "关闭闲置的报表工具和开了好几天的工作台",
                "close idle report tools and workstations left open for days"
            ),
            Fix::GiveRole { login } => tr!(
                lang,
                "由主管为 {login} 指定角色",
                "a supervisor gives {login} a role"
            ),
            Fix::RestoreSupervisor => tr!(
                lang,
                "恢复主管被移除之前的备份，或联系供应商",
                "restore a backup from before the supervisor was removed, or ask your vendor"
            ),
            Fix::Reassign { ids, more } => {
                let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
                let ids = format!("{}{}", ids.join(" "), if *more { " ..." } else { "" });
                tr!(
                    lang,
                    "dcc reassign {ids} --to LOGIN --reason \"坐席离职\"",
                    "dcc reassign {ids} --to LOGIN --reason \"agent left\""
                )
            }
            Fix::AddEachAgent { group } => tr!(
                lang,
                "usermod -aG {group} LOGIN   （每个坐席各一次）",
                "usermod -aG {group} LOGIN   (for each agent)"
            ),
            Fix::AgentOrOut { add, remove } => tr!(
                lang,
                "{add}   （由主管执行；或 {remove}）",
                "{add}   (a supervisor; or {remove})"
            ),
            Fix::BackUp { command } => tr!(
                lang,
                "{command}   （并每天运行：systemd 定时器或 cron，见 README「Backups」）",
                "{command}   (and every day: a systemd timer or a cron line, README \"Backups\")"
            ),
        }
    }
}

/// What a finding says, in a language.
pub fn finding_what(f: &Finding, lang: Lang) -> String {
    f.found.localize(lang)
}

/// The fixes of a finding, in a language: the same commands in both.
pub fn finding_fixes(f: &Finding, lang: Lang) -> Vec<String> {
    f.fix.iter().map(|x| x.localize(lang)).collect()
}

/// `s` padded with spaces to `width` terminal cells.
fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// The doctor's report as text, in a language.
pub fn write_diagnosis(out: &mut dyn Write, d: &Diagnosis, lang: Lang) -> std::io::Result<()> {
    writeln!(out, "dcc doctor: {}", d.path)?;
    writeln!(out)?;
    let fix = tr!(lang, "修复：", "fix: ");
    for f in &d.findings {
        let level = pad(&f.level.localize(lang), 8);
        let topic = pad(&f.topic.localize(lang), 12);
        writeln!(out, "  {level} {topic} {}", finding_what(f, lang))?;
        for cmd in finding_fixes(f, lang) {
            writeln!(out, "  {:<8} {:<12} {fix}{cmd}", "", "")?;
        }
    }
    let (p, w) = (d.count(Level::Problem), d.count(Level::Warning));
    writeln!(out)?;
    let summary = if p + w == 0 {
        tr!(lang, "一切正常", "everything is in order")
    } else {
        tr!(
            lang,
            "{p} 个问题，{w} 个注意事项：请运行上面列出的命令（以文件所有者或 root 身份）",
            "{p} problem(s), {w} warning(s): run the commands shown (as the files' owner or root)"
        )
    };
    writeln!(out, "{summary}")
}

#[derive(Serialize)]
struct JsonFinding {
    level: Level,
    topic: Topic,
    what: String,
    fix: Vec<String>,
    what_zh: String,
    fix_zh: Vec<String>,
}

#[derive(Serialize)]
struct JsonDiagnosis<'a> {
    path: &'a str,
    findings: Vec<JsonFinding>,
}

/// The doctor's report for scripts: stable keys and codes, `what`/`fix` in
/// English and `what_zh`/`fix_zh` in Chinese.
pub fn diagnosis_json(d: &Diagnosis) -> String {
    let findings = d
        .findings
        .iter()
        .map(|f| JsonFinding {
            level: f.level,
            topic: f.topic,
            what: finding_what(f, Lang::En),
            fix: finding_fixes(f, Lang::En),
            what_zh: finding_what(f, Lang::Zh),
            fix_zh: finding_fixes(f, Lang::Zh),
        })
        .collect();
    let json = JsonDiagnosis {
        path: &d.path,
        findings,
    };
    crate::outfile::json_text(&json).unwrap_or_default()
}
