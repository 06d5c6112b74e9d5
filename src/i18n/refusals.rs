//! What the rules and the access policy refuse, named in the user's
//! language: a call's outcome the rules do not allow, an operation the
//! policy does not permit, a lead restricted from view.

use std::fmt;

use super::{outcome, status, Lang, Localize};
use crate::domain::access::{Denied, Restricted, Why};
use crate::domain::rules::RulesError;
use crate::domain::Refusal;

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

/// A rules file (`dcc rules set`) that is not valid TOML or not rules:
/// where (line and column, from 1, when the parser knows) and the parser's
/// own words (English: the TOML parser's), quoted as such.
pub fn rules_file_invalid(
    path: &str,
    at: Option<(usize, usize)>,
    detail: &str,
    lang: Lang,
) -> String {
    match at {
        Some((line, column)) => tr!(
            lang,
            "规则文件 {path} 第 {line} 行第 {column} 列无效（解析器：{detail}）；未作任何改动",
            "the rules file {path} is not valid at line {line}, column {column}: {detail}; nothing was changed"
        ),
        None => tr!(
            lang,
            "规则文件 {path} 无效（解析器：{detail}）；未作任何改动",
            "the rules file {path} is not valid: {detail}; nothing was changed"
        ),
    }
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
        R::BadGradeCode(g) => {
            let max = crate::domain::Grade::MAX_CHARS;
            tr!(
                lang,
                "级别代码“{g}”无效：应为 1 至 {max} 个字符，不含空格",
                "the grade code {g:?} is not one: 1 to {max} characters, no spaces"
            )
        }
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
        Why::SupervisorsAndManager => tr!(
            lang,
            "只有主管和展厅经理可以{what}",
            "only a supervisor or the showroom manager may {what}"
        ),
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
        Why::ShowroomAndSupervisors => tr!(
            lang,
            "只有展厅（销售顾问、展厅经理）和主管可以{what}",
            "only the showroom (sales consultants, the showroom manager) and supervisors may {what}"
        ),
        Why::ShowroomOnly => tr!(
            lang,
            "只有销售顾问可以{what}（主管可用 --as 代顾问操作）",
            "only a sales consultant may {what} (a supervisor acts for one with --as)"
        ),
        Why::NotHandedToThem => tr!(
            lang,
            "不能{what}：该客户没有移交给你（只有接待的销售顾问、展厅经理和主管可以）",
            "you may not {what}: the lead was not handed to you (only the consultant who received it, the showroom manager and supervisors may)"
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
        R::DncList => ("查看勿扰名单", "list the do-not-call numbers"),
        R::Anything => ("进行任何操作", "do anything"),
        R::DncRemove => (
            "把号码移出勿扰名单",
            "take numbers off the do-not-call list",
        ),
        R::DncImport => ("导入勿扰名单", "import do-not-call lists"),
        R::RunLoad => ("运行压力测试", "run the load test"),
        R::ListAgents => ("查看坐席名单", "list the agents"),
        R::ReceiveVisit(id) => {
            return tr!(
                lang,
                "记录客户 {id} 到店与否（接待）",
                "record whether lead {id} arrived (receive the visit)"
            )
        }
        R::RecordHandover(id) => {
            return tr!(
                lang,
                "记录客户 {id} 的展厅结果",
                "record a showroom result on lead {id}"
            )
        }
        R::RegisterWalkIn => return super::walk_in::register_walk_in(lang),
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
        R::NotAppointed(s) => {
            let s = status(*s, lang);
            tr!(
                lang,
                "该客户没有预约到店（当前：{s}），无需记录未到店",
                "the lead has no visit set (it is {s}): there is no visit to miss"
            )
        }
        R::PastDay(d) => tr!(
            lang,
            "{d} 已经过去，请填写今天或以后的日期",
            "{d} is past: give today or a later day"
        ),
        R::NeedsDay => tr!(
            lang,
            "下次跟进需要填写日期",
            "the next follow-up needs a day"
        ),
        R::ArrivedToday(id) => super::walk_in::arrived_today(*id, lang),
        R::NotAConsultant(login) => super::walk_in::not_a_consultant(login, lang),
        R::WalkInTime(t) => super::walk_in::walk_in_time(t, lang),
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
