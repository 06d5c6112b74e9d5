//! What the store finds invalid in what it was given (a field, a file, a
//! setting), named in the user's language.

use super::{Lang, Localize};
use crate::store::{Copying, DemoData, Invalid, NewFile, Required};

impl Localize for Invalid {
    fn localize(&self, lang: Lang) -> String {
        invalid(self, lang)
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
        I::RulesDamaged(e) => {
            let e = super::refusals::rules_error(e, lang);
            tr!(
                lang,
                "已保存的回访规则无效（{e}）：请主管重新设置规则",
                "the saved rules are not valid ({e}); fix them with the supervisor's settings"
            )
        }
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
