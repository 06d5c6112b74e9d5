//! What the store and the domain refuse, named in the user's language. The
//! errors carry data (which lead, which field, which limit); the sentences
//! live here, in zh-CN and en, and `Display` is the English one.

use std::fmt;

use super::{outcome, status, Lang, Localize};
use crate::domain::access::{Denied, Restricted, Why};
use crate::domain::rules::RulesError;
use crate::domain::Refusal;
use crate::store::{Copying, DemoData, Invalid, NewFile, Required, StoreError, UnknownCode};

/// A store error as the user reads it, in their language.
pub fn store_error(e: &StoreError, lang: Lang) -> String {
    use StoreError as E;
    match e {
        E::Missing(path) => tr!(
            lang,
            "{path} 没有数据库：请用 `dcc init` 或 `dcc demo` 创建",
            "no database at {path}: create one with `dcc init` or `dcc demo`"
        ),
        E::NotADatabase(path) => tr!(
            lang,
            "{path} 不是 SQLite 数据库，文件未作任何改动",
            "{path} is not a SQLite database; it was left untouched"
        ),
        E::Foreign(path) => tr!(
            lang,
            "{path} 是其他程序的 SQLite 数据库，不是 dcc-desk 的，文件未作任何改动",
            "{path} is a SQLite database of another program, not dcc-desk; it was left untouched"
        ),
        E::TooNew { path, found, known } => tr!(
            lang,
            "{path} 由更新版本的 dcc-desk 写入（结构版本 {found}），本程序最高只认识版本 {known}。文件未作任何改动：请升级 dcc-desk",
            "{path} was written by a newer dcc-desk (schema version {found}); this program knows up to version {known}. The file was left untouched: upgrade dcc-desk"
        ),
        E::Corrupt(detail) => tr!(
            lang,
            "数据库已损坏（{detail}），未作任何改动。请从备份恢复，或运行 `dcc doctor`",
            "the database is damaged ({detail}); nothing was changed. Restore it from a backup, or run `dcc doctor`"
        ),
        E::UnknownValue(UnknownCode { table, row, value }) => tr!(
            lang,
            "{table} 表第 {row} 行存有 {value:?}，本版本 dcc-desk 不认识（文件已损坏，或由更新版本的 dcc-desk 写入）。未作任何改动：请升级 dcc-desk，或从备份恢复文件",
            "{table} row {row} holds {value:?}, which this dcc-desk does not know (a damaged file, or one written by a newer version); nothing was changed. Upgrade dcc-desk, or restore the file from a backup"
        ),
        E::Busy(s) => tr!(
            lang,
            "数据库忙（有人在写入，已等待 {s} 秒）：未保存，输入已保留，请重试",
            "the database stayed busy for more than {s} s (another program is writing); nothing was saved, your input is kept: try again"
        ),
        E::ReadOnly => tr!(
            lang,
            "数据库只读（你无法写入该文件或其文件夹）：未保存。请主管运行 `dcc doctor`",
            "the database is read-only here (you cannot write the file or its folder); nothing was saved. Ask your supervisor to run `dcc doctor`"
        ),
        E::NetworkFs {
            path,
            fs_type,
            mount_point,
        } => tr!(
            lang,
            "{path} 位于网络文件系统上（{fs_type}，挂载于 {mount_point}）。SQLite 的预写日志要在使用该文件的程序之间共享内存，只能在同一台电脑上工作，多台电脑同时使用会损坏数据库。未打开任何文件。请把数据库放在一台主机的本地磁盘上，坐席登录到这台主机使用（例如通过 ssh）",
            "{path} is on a network filesystem ({fs_type}, mounted at {mount_point}). SQLite's write-ahead log shares memory between the programs using the file, which only works on one computer: agents on several computers could damage it. Nothing was opened. Put the database on a local disk of one host and let agents log in to that host (for example with ssh)"
        ),
        E::WalUnreadable(path) => tr!(
            lang,
            "{path}-wal 中有已保存的内容，但这里读不到（你对其文件夹只有读权限，且缺少 {path}-shm），未打开。请由能写入该文件夹的用户打开一次，或运行 `dcc doctor`",
            "{path}-wal holds saved work that cannot be read here (its folder is read-only for you and {path}-shm is missing); nothing was opened. Open it once as a user who can write the folder, or run `dcc doctor`"
        ),
        E::NeedsUpgrade { path, found, known } => tr!(
            lang,
            "{path} 的结构版本为 {found}，需要升级到版本 {known}，但这里是只读的，未作任何改动。请由能写入它的用户打开一次",
            "{path} has schema version {found} and needs an upgrade to version {known}, but it is read-only here; nothing was changed. Open it once as a user who can write it"
        ),
        E::Replaced(path) => tr!(
            lang,
            "{path} 在打开期间被另一个文件替换（从备份恢复？）：未保存，输入已保留。正在打开新文件，请稍后重试",
            "{path} was replaced by another file (a restore?) while it was open here; nothing was saved, your input is kept. The new file is being opened: try again in a moment"
        ),
        E::AgentsWorking {
            open_calls,
            last_save,
        } => {
            let last = last_save.map(|t| t.format("%H:%M").to_string());
            let last = match (last, lang) {
                (None, _) => String::new(),
                (Some(t), Lang::Zh) => format!("，最近保存于 {t}"),
                (Some(t), Lang::En) => format!(", last save at {t}"),
            };
            tr!(
                lang,
                "坐席正在使用数据库（{open_calls} 个通话进行中{last}）：未恢复。请在他们停止后恢复，或加 --force（打开的工作台会重新打开恢复的文件，替换前保存的内容留在另存的旧文件中）",
                "agents are working in the database ({open_calls} call(s) open{last}); nothing was restored. Restore when they have stopped, or add --force (open workstations reopen the restored file, and what is saved before the swap stays in the file kept aside)"
            )
        }
        E::DiskFull => tr!(
            lang,
            "磁盘已满：未保存，请清理空间后重试",
            "the disk is full; nothing was saved. Free some space and try again"
        ),
        E::NotAnAgent { login } => tr!(
            lang,
            "{login} 不是本数据库的在职坐席。主管可以用 `dcc agent add {login} --name 姓名 --role 角色` 添加",
            "{login} is not an active agent of this database. A supervisor can add them with `dcc agent add {login} --name NAME --role ROLE`"
        ),
        E::NotPermitted(what) => not_permitted(what, lang),
        E::AgentExists(login) => tr!(lang, "坐席 {login} 已存在", "agent {login} already exists"),
        E::NoSuchAgent(login) => tr!(lang, "没有坐席 {login}", "no agent {login}"),
        E::KeyExists { fingerprint, login } => tr!(
            lang,
            "密钥 {fingerprint} 已登记给 {login}",
            "the key {fingerprint} is already registered to {login}"
        ),
        E::NoSuchKey(fp) => tr!(
            lang,
            "没有登记的密钥 {fp}；`dcc agent key list` 可列出全部",
            "no registered key {fp}; `dcc agent key list` shows them"
        ),
        E::NoSuchLead(id) => tr!(lang, "没有客户 {id}", "no lead {id}"),
        E::NoSuchChannel { given, known } => tr!(
            lang,
            "没有渠道 {given}；已有渠道：{known}",
            "no channel {given}; known channels: {known}"
        ),
        E::DuplicatePhone { phone, existing } => tr!(
            lang,
            "电话 {phone} 已属于客户 {existing}，未新增",
            "the phone number {phone} already belongs to lead {existing}; nothing was added"
        ),
        E::Claimed { lead, by, until } => {
            let until = until.format("%H:%M");
            tr!(
                lang,
                "{by} 正在与客户 {lead} 通话（至 {until}），请稍后再试",
                "lead {lead} is on a call with {by} until {until}; try again when they are done"
            )
        }
        E::Refused(r) => refusal(r, lang),
        E::DoNotCall { phone, since } => {
            let since = since.format("%Y-%m-%d");
            tr!(
                lang,
                "{phone} 在勿扰名单中（自 {since}）：需记录客户新的同意才能登记",
                "{phone} is on the do-not-call list (since {since}); record the customer's new consent to capture it"
            )
        }
        E::Invalid(what) => invalid(what, lang),
        E::Rules(e) => rules_error(e, lang),
        E::Text(e) => e.localize(lang),
        E::TimeRange(e) => e.localize(lang),
        E::Sql(e) => tr!(lang, "数据库错误：{e}", "database error: {e}"),
        E::Io { path, err } => {
            let err = io_error(err, lang);
            tr!(lang, "{path}：{err}", "{path}: {err}")
        }
    }
}

impl Localize for StoreError {
    fn localize(&self, lang: Lang) -> String {
        store_error(self, lang)
    }
}

impl Localize for Invalid {
    fn localize(&self, lang: Lang) -> String {
        invalid(self, lang)
    }
}

impl Localize for Refusal {
    fn localize(&self, lang: Lang) -> String {
        refusal(self, lang)
    }
}

impl Localize for RulesError {
    fn localize(&self, lang: Lang) -> String {
        rules_error(self, lang)
    }
}

impl Localize for Denied {
    fn localize(&self, lang: Lang) -> String {
        not_permitted(self, lang)
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&store_error(self, Lang::En))
    }
}

/// What the operating system said, in the user's language where it is one
/// of the usual answers (the system's own words otherwise).
pub fn io_error(e: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    let zh = match e.kind() {
        K::NotFound => "没有这个文件或文件夹",
        K::PermissionDenied => "没有权限",
        K::AlreadyExists => "文件已存在",
        K::StorageFull => "磁盘已满",
        K::ReadOnlyFilesystem => "文件系统只读",
        K::IsADirectory => "这是一个文件夹",
        K::NotADirectory => "路径中有一项不是文件夹",
        _ => return e.to_string(),
    };
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => e.to_string(),
    }
}

/// The list a sentence names: `A, B, C` / `A、B、C`.
fn list(items: &[String], lang: Lang) -> String {
    items.join(match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    })
}

/// What the store refused in what it was given.
pub fn invalid(i: &Invalid, lang: Lang) -> String {
    use Invalid as I;
    match i {
        I::Missing(r) => required(*r, lang).into(),
        I::Login(login) => tr!(
            lang,
            "登录名“{login}”须为一个词（坐席的系统账号名）",
            "login {login:?} must be one word, the agent's account name"
        ),
        I::DisableSelf => tr!(
            lang,
            "主管不能停用自己，请让另一位主管操作",
            "a supervisor cannot disable themselves; ask another supervisor"
        ),
        I::PeriodTooLong { from, to, max_days } => tr!(
            lang,
            "{from} 至 {to} 超过 {max_days} 天，请选择更短的时段",
            "{from} to {to} is more than {max_days} days; choose a shorter period"
        ),
        I::NoSetting { key, known } => {
            let known = list(known, lang);
            tr!(
                lang,
                "没有设置项 {key}；设置项：{known}",
                "no setting {key}; settings: {known}"
            )
        }
        I::BadSetting { key, value } => {
            let accepts = setting_accepts(key, lang);
            tr!(
                lang,
                "{key} 不能设为“{value}”：{accepts}",
                "{key} cannot be {value:?}: {accepts}"
            )
        }
        I::NoScriptKind { kind, known } => {
            let known = list(known, lang);
            tr!(
                lang,
                "没有话术类型 {kind}；类型：{known}",
                "no script kind {kind}; kinds: {known}"
            )
        }
        I::ScriptLanguage(l) => tr!(
            lang,
            "语言 {l} 不是 zh-CN 或 en",
            "language {l} is not zh-CN or en"
        ),
        I::ScriptVariables { unknown, known } => {
            let (unknown, known) = (list(unknown, lang), list(known, lang));
            tr!(
                lang,
                "话术中有未知变量 {unknown}；可用变量：{known}；未保存",
                "the script uses unknown variables {unknown}; known: {known}; nothing was saved"
            )
        }
        I::Month(m) => tr!(
            lang,
            "月份“{m}”不是 YYYY-MM 格式",
            "month {m:?} is not YYYY-MM"
        ),
        I::NegativeSpend => tr!(lang, "投放金额不能为负", "spend cannot be negative"),
        I::ReasonList(l) => tr!(
            lang,
            "原因列表 {l} 不是 defeat（战败）或 invalid（无效）",
            "list {l} is not defeat or invalid"
        ),
        I::ReasonCode(code) => tr!(
            lang,
            "原因代码“{code}”须为一个词",
            "reason code {code:?} must be one word"
        ),
        I::NoReason { list, code } => tr!(
            lang,
            "{list} 列表中没有启用的原因 {code}",
            "no active {list} reason {code}"
        ),
        I::UnknownModel { given, closest } => {
            let closest = closest.join(" · ");
            tr!(
                lang,
                "车型「{given}」不在本店车型表中；最接近的：{closest}",
                "the model {given:?} is not on the dealer's list; closest: {closest}"
            )
        }
        I::ImportNoGrade { line } => tr!(
            lang,
            "第 {line} 行：没有预计购车时间，也没有级别；未导入任何内容",
            "line {line}: no expected purchase date or grade; nothing was imported"
        ),
        I::ImportEarlierRow { line } => tr!(
            lang,
            "第 {line} 行：前面相同的一行未写入",
            "line {line}: the earlier row was not written"
        ),
        I::NoSuchImport(id) => tr!(
            lang,
            "没有编号为 {id} 的导入（dcc import list 列出所有导入）",
            "no import has the id {id} (dcc import list shows them)"
        ),
        I::ImportRunning { id, pid } => tr!(
            lang,
            "导入 {id} 仍在进行（进程 {pid}）；等它结束或中断后再撤回",
            "import {id} is still running (process {pid}); take it back once it has ended or been stopped"
        ),
        I::RulesUnreadable(detail) => tr!(
            lang,
            "无法读取已保存的回访规则（{detail}）：请主管重新设置规则",
            "the saved rules cannot be read ({detail}); fix them with the supervisor's settings"
        ),
        I::Exists { path, what } => match what {
            NewFile::Demo => tr!(
                lang,
                "{path} 已存在；演示数据只写入新文件",
                "{path} already exists; the demo writes only a new file"
            ),
            NewFile::Copy => tr!(
                lang,
                "{path} 已存在；副本只写入新文件",
                "{path} already exists; a copy is written only to a new file"
            ),
        },
        I::NotRegularFile(path) => tr!(
            lang,
            "{path} 不是普通文件（是链接、文件夹或设备）；请给出备份文件本身",
            "{path} is not a regular file (a link, a folder or a device); give the backup file itself"
        ),
        I::UnsavedWal { path, wal } => tr!(
            lang,
            "{path} 在 {wal} 中有内容，只复制该文件会丢失；请用 `dcc --db {path} backup` 为它做备份，再恢复那个备份",
            "{path} has work in {wal} that a copy of the file alone would lose; make a backup of it with `dcc --db {path} backup` and restore that"
        ),
        I::IsTheDatabase(path) => tr!(
            lang,
            "{path} 就是数据库本身，不是它的备份",
            "{path} is the database itself, not a backup of it"
        ),
        I::Changed { path, during } => match during {
            Copying::Backup => tr!(
                lang,
                "写入备份期间 {path} 被替换；未保留任何内容",
                "{path} was replaced while the backup was written; nothing was kept"
            ),
            Copying::Restore => tr!(
                lang,
                "复制期间 {path} 发生了变化；未恢复任何内容",
                "{path} changed while it was copied; nothing was restored"
            ),
        },
        I::NoFreeName(path) => tr!(
            lang,
            "{path} 所在文件夹中没有可用的新文件名",
            "no free name for {path} in its folder"
        ),
        I::DemoTooLarge { max } => tr!(
            lang,
            "演示数据最多 {max} 个客户",
            "a demo can have at most {max} leads"
        ),
        I::DemoNeeds(d) => match d {
            DemoData::Grades => tr!(lang, "级别表为空", "the grade scale is empty"),
            DemoData::Reasons => tr!(lang, "原因列表为空", "the reason lists are empty"),
            DemoData::Channels => tr!(lang, "没有任何渠道", "there are no channels"),
        },
        I::LoadPace(p) => tr!(
            lang,
            "--pace {p}：请以“最短-最长”秒数给出，如 30-60",
            "--pace {p}: give seconds as MIN-MAX, e.g. 30-60"
        ),
        I::LoadSpeedup => tr!(
            lang,
            "--speedup：请给出一个或多个不小于 1 的数",
            "--speedup: give one or more numbers from 1"
        ),
        I::LoadMinutes => tr!(
            lang,
            "--minutes：请给出一个正数",
            "--minutes: give a positive number"
        ),
        I::NoSupervisor => tr!(
            lang,
            "数据库中没有在职主管来添加压力测试的坐席",
            "the database has no active supervisor to add the load's agents"
        ),
        I::LoadFailed { phases, integrity } => {
            let (phases, integrity) = (list(phases, lang), integrity.join("; "));
            tr!(
                lang,
                "压力测试失败（阶段 {phases}；完整性 {integrity}）",
                "the load run failed (phases {phases}; integrity {integrity})"
            )
        }
        I::Clock(v) => tr!(
            lang,
            "DCC_NOW={v} 不是时间（YYYY-MM-DD 或 YYYY-MM-DDTHH:MM）",
            "DCC_NOW={v} is not a time (YYYY-MM-DD or YYYY-MM-DDTHH:MM)"
        ),
        I::Internal(detail) => tr!(
            lang,
            "内部错误（{detail}），未保存。请报告此问题",
            "internal error ({detail}); nothing was saved. Please report it"
        ),
    }
}

/// What a form or a command left empty; no command-line flag is named, so
/// the workstation can say it too.
pub fn required(r: Required, lang: Lang) -> &'static str {
    use Required as R;
    let (zh, en) = match r {
        R::AgentName => ("坐席需要显示名称", "an agent needs a display name"),
        R::CustomerName => ("客户需要姓名", "a lead needs the customer's name"),
        R::Model => (
            "客户需要意向车型",
            "a lead needs the model the customer asks about",
        ),
        R::PurchaseOrGrade => (
            "请填写预计购车时间或选择级别",
            "give the expected purchase date or a grade",
        ),
        R::DncReason => (
            "请说明号码移出勿扰名单的原因",
            "say why the number comes off the do-not-call list",
        ),
        R::MoveReason => ("转移需要原因", "a move needs a reason"),
        R::Consent => (
            "请写明客户如何同意回访",
            "say how the customer consented to calls",
        ),
    };
    super::pick(lang, zh, en)
}

/// What a supervisor's setting accepts.
pub fn setting_accepts(key: &str, lang: Lang) -> &'static str {
    let (zh, en) = match key {
        "dealer" => ("经销商名称，用于话术", "the dealer's name, used in scripts"),
        "campaign" => (
            "当前活动，用于话术",
            "the current campaign, used in scripts",
        ),
        "assign" => (
            "round_robin | least_loaded | agent:登录名（呼入登记的负责人）",
            "round_robin | least_loaded | agent:LOGIN (owner of inbound captures)",
        ),
        "durability" => (
            "full | normal（normal：提交更快，断电时可能丢失最后几次保存）",
            "full | normal (normal: faster commits, the last ones may be lost on power loss)",
        ),
        _ => ("", ""),
    };
    super::pick(lang, zh, en)
}

/// Rules a supervisor edited that cannot be saved.
pub fn rules_error(e: &RulesError, lang: Lang) -> String {
    use RulesError as R;
    match e {
        R::NoGrades => tr!(lang, "级别表为空", "the grade scale is empty"),
        R::DuplicateGrade(g) => tr!(
            lang,
            "级别 {g} 在级别表中出现了两次",
            "grade {g} appears twice in the grade scale"
        ),
        R::BadInterval(g) => tr!(
            lang,
            "级别 {g}：回访间隔至少 1 天",
            "grade {g}: follow-up interval must be at least 1 day"
        ),
        R::NotAscending(g) => tr!(
            lang,
            "级别表须逐级增长：级别 {g} 覆盖的天数比前一级少",
            "the grade scale must grow: grade {g} covers fewer days than the grade before it"
        ),
        R::OpenEndedNotLast(g) => tr!(
            lang,
            "只有最后一级可以不设上限（级别 {g} 没有上限）",
            "only the last grade may cover every later purchase (grade {g} has no limit)"
        ),
        R::CallingHours { start, end } => tr!(
            lang,
            "呼叫时段的结束（{end}）须晚于开始（{start}）",
            "calling hours end ({end}) must be after they start ({start})"
        ),
        R::Attempts => tr!(
            lang,
            "每天拨打次数至少为 1",
            "attempts per day must be at least 1"
        ),
    }
}

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&rules_error(self, Lang::En))
    }
}

/// A refusal: what was asked, and who may do it.
pub fn not_permitted(d: &Denied, lang: Lang) -> String {
    let what = restricted(&d.what, lang);
    match d.why {
        Why::SupervisorsOnly => tr!(lang, "只有主管可以{what}", "only a supervisor may {what}"),
        Why::SupervisorsAndInbound => tr!(
            lang,
            "只有主管和呼入坐席可以{what}",
            "only supervisors and inbound agents may {what}"
        ),
        Why::NotTheirLead => tr!(
            lang,
            "不能{what}：这是其他坐席的客户（只有负责或核实该客户的坐席和主管可以）",
            "you may not {what}: it is another agent's lead (only the agent it is assigned to, to follow up or to verify, and supervisors may)"
        ),
        Why::AskedForIt => tr!(
            lang,
            "不能{what}：战败是你申请的，须由其他坐席核实",
            "you may not {what}: you asked for its defeat, so another agent verifies it"
        ),
        Why::Inactive => tr!(
            lang,
            "不能{what}：该坐席已停用",
            "you may not {what}: that agent is not active"
        ),
        Why::SupervisorsAndOwner => tr!(
            lang,
            "只有主管和数据库文件的所有者可以{what}",
            "only a supervisor or the account that owns the database file may {what}"
        ),
    }
}

/// What only a supervisor may do, as a refusal names it.
pub fn restricted(r: &Restricted, lang: Lang) -> String {
    use Restricted as R;
    let (zh, en) = match r {
        R::AddAgents => ("添加坐席", "add agents"),
        R::ManageAgents => ("管理坐席及其 SSH 密钥", "manage agents and their SSH keys"),
        R::ActFor(login) => {
            return tr!(
                lang,
                "代其他坐席操作（--as {login}）",
                "act for another agent (--as {login})"
            )
        }
        R::SetTargets => ("设置每日目标", "set daily targets"),
        R::SetSpend => ("设置渠道投放", "set channel spend"),
        R::EditReasons => ("编辑原因列表", "edit the reason lists"),
        R::EditModels => ("编辑车型表", "edit the model list"),
        R::EditScripts => ("编辑话术", "edit call scripts"),
        R::ChangeRules => ("修改回访规则", "change the rules"),
        R::ChangeSettings => ("修改设置", "change settings"),
        R::ChangeAssignRule => ("修改新线索分配方式", "change how new leads are assigned"),
        R::MoveLeads => ("在坐席之间转移线索", "move leads between agents"),
        R::Decide => (
            "审批战败和无效申请",
            "approve or reject defeat and invalid requests",
        ),
        R::ReadReports => ("查看报表", "read the reports"),
        R::Backup => ("备份数据库", "back up the database"),
        R::Restore => ("从备份恢复数据库", "restore the database from a backup"),
        R::RevealNumbers => ("查看完整电话号码", "see full phone numbers"),
        R::RevealNumbersFlag => (
            "查看完整电话号码（--reveal）",
            "see full phone numbers (--reveal)",
        ),
        R::SeeTeamQueue => (
            "查看全队回访（--all）",
            "see the whole team's queue (--all)",
        ),
        R::SeeTeamDay => ("查看团队今日", "see the team's day"),
        R::ReviewRequests => ("审核战败和无效申请", "review defeat and invalid requests"),
        R::ImportLeads => ("导入线索", "import leads"),
        R::UndoImports => ("撤回导入", "take back imports"),
        R::SeeLead(id) => return tr!(lang, "查看客户 {id}", "see lead {id}"),
        R::CallLead(id) => return tr!(lang, "呼叫客户 {id}", "call lead {id}"),
        R::LogOutcome(id) => {
            return tr!(lang, "记录客户 {id} 的结果", "log an outcome on lead {id}")
        }
        R::AddLeadFor(login) => {
            return tr!(
                lang,
                "为其他坐席添加客户（{login}）",
                "add a lead for another agent ({login})"
            )
        }
        R::DncAdd => (
            "把其他号码加入勿扰名单",
            "put other numbers on the do-not-call list",
        ),
        R::RecordConsent(id) => {
            return tr!(
                lang,
                "为不在你通话中的勿扰客户 {id} 记录同意回访",
                "record the consent of do-not-call lead {id}, who is not on your call"
            )
        }
        R::DncRemove => (
            "把号码移出勿扰名单",
            "take numbers off the do-not-call list",
        ),
        R::DncImport => ("导入勿扰名单", "import do-not-call lists"),
        R::RunLoad => ("运行压力测试", "run the load test"),
        R::ListAgents => ("查看坐席名单", "list the agents"),
    };
    super::pick(lang, zh, en).into()
}

/// What the domain's rules refuse in a call's outcome; no command-line flag
/// is named, so the workstation can say it too.
pub fn refusal(r: &Refusal, lang: Lang) -> String {
    use Refusal as R;
    let time = |t: &chrono::NaiveDateTime| t.format("%Y-%m-%d %H:%M").to_string();
    match r {
        R::UnknownGrade(g, all) => tr!(
            lang,
            "级别 {g} 不在级别表中（{all}）",
            "grade {g} is not on the grade scale ({all})"
        ),
        R::NeedsTime(o) => {
            let o = outcome(*o, lang);
            tr!(lang, "{o}需要填写时间", "{o} needs a time")
        }
        R::NeedsVisit(o) => {
            let o = outcome(*o, lang);
            tr!(lang, "{o}需要填写到店时间", "{o} needs a visit time")
        }
        R::InPast(t) => {
            let t = time(t);
            tr!(lang, "时间 {t} 已经过去", "the time {t} has already passed")
        }
        R::OutsideCallingHours(t, a, b) => {
            let t = time(t);
            tr!(
                lang,
                "{t} 不在呼叫时段内（{a} 至 {b}）",
                "{t} is outside calling hours ({a} to {b})"
            )
        }
        R::NeedsReason(o, codes) => {
            let o = outcome(*o, lang);
            tr!(
                lang,
                "{o}需要从列表中选择原因：{codes}",
                "{o} needs a reason from the {o} list: {codes}"
            )
        }
        R::UnknownReason(o, code, codes) => {
            let o = outcome(*o, lang);
            tr!(
                lang,
                "原因 {code} 不在{o}原因列表中：{codes}",
                "reason {code} is not on the {o} list: {codes}"
            )
        }
        R::Closed(s) => {
            let s = status(*s, lang);
            tr!(
                lang,
                "该客户状态为{s}，不再回访",
                "the lead is {s}: it takes no more calls"
            )
        }
        R::Pending(s) => {
            let s = status(*s, lang);
            tr!(
                lang,
                "该客户正在等待主管审核（{s}）",
                "the lead is waiting for a supervisor's decision ({s})"
            )
        }
        R::AlreadyOrdered => tr!(
            lang,
            "客户已订车，只能记录交车或勿扰",
            "the lead has ordered; only delivered or do-not-call can follow"
        ),
        R::NotOrdered(s) => {
            let s = status(*s, lang);
            tr!(
                lang,
                "只有已订车的客户才能交车（当前：{s}）",
                "only an ordered lead can be delivered (this one is {s})"
            )
        }
        R::NotLostYet { days, needed } => tr!(
            lang,
            "连续 {needed} 天未接通才能标记失控，目前 {days} 天",
            "lost contact needs {needed} days without reaching the customer; so far {days}"
        ),
        R::NothingToDecide(s) => {
            let s = status(*s, lang);
            tr!(
                lang,
                "该客户没有待审核的申请（当前：{s}）",
                "the lead is not waiting for a supervisor's decision (it is {s})"
            )
        }
        R::NotVerifying(o) => {
            let o = outcome(*o, lang);
            tr!(
                lang,
                "「{o}」只用于核实回访（已批准的战败或失控客户）",
                "\"{o}\" is only for a verification call (an approved defeat or lost contact)"
            )
        }
        R::Verifying(crate::domain::Status::Lost) => tr!(
            lang,
            "这是失联核实回访：请选择确认失联、重新跟进、未接通、约回电或邀约到店",
            "this is the verification call of lost contact: confirm lost contact, the customer is back, no answer, call back at or appointment"
        ),
        R::NotDoNotCall(s) => {
            let s = status(*s, lang);
            tr!(
                lang,
                "该客户不在勿扰名单（当前：{s}），无需记录同意回访",
                "the customer is not on the do-not-call list (the lead is {s}): there is no consent to record"
            )
        }
        R::Verifying(_) => tr!(
            lang,
            "这是战败核实回访：请选择确认战败、重新跟进、未接通、约回电或邀约到店",
            "this is the verification call of a defeat: confirm the defeat, the customer is back, no answer, call back at or appointment"
        ),
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&refusal(self, Lang::En))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Outcome, Status};

    fn chinese(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    fn samples() -> Vec<StoreError> {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
        let t = day.and_hms_opt(22, 0, 0).unwrap_or_default();
        let s = |v: &str| v.to_string();
        let mut v: Vec<StoreError> = [
            Required::AgentName,
            Required::CustomerName,
            Required::Model,
            Required::PurchaseOrGrade,
            Required::DncReason,
            Required::MoveReason,
            Required::Consent,
        ]
        .into_iter()
        .map(|r| StoreError::Invalid(Invalid::Missing(r)))
        .collect();
        v.extend(
            [
                Invalid::Login(s("a b")),
                Invalid::DisableSelf,
                Invalid::PeriodTooLong {
                    from: day,
                    to: day,
                    max_days: 400,
                },
                Invalid::NoSetting {
                    key: s("x"),
                    known: vec![s("dealer")],
                },
                Invalid::BadSetting {
                    key: s("assign"),
                    value: s("x"),
                },
                Invalid::NoScriptKind {
                    kind: s("x"),
                    known: vec![s("first")],
                },
                Invalid::ScriptLanguage(s("fr")),
                Invalid::ScriptVariables {
                    unknown: vec![s("{x}")],
                    known: vec![s("{customer}")],
                },
                Invalid::Month(s("2026-13")),
                Invalid::NegativeSpend,
                Invalid::ReasonList(s("x")),
                Invalid::ReasonCode(s("a b")),
                Invalid::NoReason {
                    list: s("defeat"),
                    code: s("x"),
                },
                Invalid::UnknownModel {
                    given: s("Camri"),
                    closest: vec![s("Camry")],
                },
                Invalid::ImportNoGrade { line: 3 },
                Invalid::ImportEarlierRow { line: 3 },
                Invalid::NoSuchImport(7),
                Invalid::ImportRunning { id: 7, pid: 99 },
                Invalid::RulesUnreadable(s("eof")),
                Invalid::Exists {
                    path: s("/tmp/x"),
                    what: NewFile::Demo,
                },
                Invalid::Exists {
                    path: s("/tmp/x"),
                    what: NewFile::Copy,
                },
                Invalid::NotRegularFile(s("/tmp/x")),
                Invalid::UnsavedWal {
                    path: s("/tmp/x"),
                    wal: s("/tmp/x-wal"),
                },
                Invalid::IsTheDatabase(s("/tmp/x")),
                Invalid::Changed {
                    path: s("/tmp/x"),
                    during: Copying::Backup,
                },
                Invalid::Changed {
                    path: s("/tmp/x"),
                    during: Copying::Restore,
                },
                Invalid::NoFreeName(s("/tmp/x")),
                Invalid::DemoTooLarge { max: 10 },
                Invalid::DemoNeeds(DemoData::Grades),
                Invalid::DemoNeeds(DemoData::Reasons),
                Invalid::DemoNeeds(DemoData::Channels),
                Invalid::LoadPace(s("x")),
                Invalid::LoadSpeedup,
                Invalid::LoadMinutes,
                Invalid::NoSupervisor,
                Invalid::LoadFailed {
                    phases: vec![s("1")],
                    integrity: vec![],
                },
                Invalid::Clock(s("x")),
                Invalid::Internal(s("x")),
            ]
            .into_iter()
            .map(StoreError::Invalid),
        );
        v.extend(
            [
                Refusal::UnknownGrade(s("Z"), s("H, A, B, C")),
                Refusal::NeedsTime(Outcome::CallbackAt),
                Refusal::NeedsVisit(Outcome::Appointment),
                Refusal::InPast(t),
                Refusal::OutsideCallingHours(t, s("08:00"), s("21:00")),
                Refusal::NeedsReason(Outcome::Defeat, s("price")),
                Refusal::UnknownReason(Outcome::Defeat, s("x"), s("price")),
                Refusal::Closed(Status::Delivered),
                Refusal::Pending(Status::DefeatRequested),
                Refusal::AlreadyOrdered,
                Refusal::NotOrdered(Status::Tracking),
                Refusal::NotLostYet { days: 1, needed: 3 },
                Refusal::NothingToDecide(Status::Tracking),
                Refusal::NotVerifying(Outcome::Back),
                Refusal::Verifying(Status::Defeated),
                Refusal::Verifying(Status::Lost),
                Refusal::NotDoNotCall(Status::Tracking),
            ]
            .into_iter()
            .map(StoreError::Refused),
        );
        v.extend(
            [
                RulesError::NoGrades,
                RulesError::DuplicateGrade(s("H")),
                RulesError::BadInterval(s("H")),
                RulesError::NotAscending(s("H")),
                RulesError::OpenEndedNotLast(s("H")),
                RulesError::Attempts,
            ]
            .into_iter()
            .map(StoreError::Rules),
        );
        v
    }

    #[test]
    fn every_refusal_is_named_in_both_languages() {
        for e in samples() {
            let (zh, en) = (store_error(&e, Lang::Zh), store_error(&e, Lang::En));
            assert!(chinese(&zh), "{e:?} in zh-CN: {zh}");
            assert!(!chinese(&en), "{e:?} in en: {en}");
            assert_eq!(e.to_string(), en, "Display is the English sentence");
        }
    }

    #[test]
    fn what_the_workstation_shows_names_no_command_line_flag() {
        for e in samples() {
            if matches!(e, StoreError::Invalid(Invalid::LoadPace(_))) {
                continue; // `dcc load` only
            }
            if let StoreError::Invalid(
                Invalid::LoadSpeedup | Invalid::LoadMinutes | Invalid::UnsavedWal { .. },
            ) = e
            {
                continue;
            }
            for lang in [Lang::Zh, Lang::En] {
                let text = store_error(&e, lang);
                assert!(!text.contains("--"), "{e:?} names a flag: {text}");
            }
        }
    }
}
