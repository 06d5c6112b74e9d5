//! The words of the command line in Simplified Chinese and English: table
//! headers, labels and the sentences commands print. JSON keys, CSV headers
//! and codes stay stable and English (scripts read them); what a person
//! reads follows `--lang`, the config, the locale.

use super::{Lang, Msg};

catalog! {
    enum Term;
    Num => "#", "#";
    Lead => "客户号", "lead";
    Grade => "级别", "grade";
    Name => "姓名", "name";
    Phone => "电话", "phone";
    Model => "车型", "model";
    ModelZh => "中文名", "Chinese name";
    ModelEn => "英文名", "English name";
    Aliases => "其他写法", "other spellings";
    Why => "回访原因", "why";
    Overdue => "逾期", "overdue";
    Due => "应回访", "due";
    Owner => "负责", "owner";
    OnCall => "通话中", "on call";
    Login => "登录名", "login";
    Role => "角色", "role";
    Active => "在职", "active";
    Yes => "是", "true";
    No => "否", "false";
    Fingerprint => "指纹", "fingerprint";
    KeyType => "类型", "type";
    Comment => "备注", "comment";
    Added => "添加于", "added";
    Agent => "坐席", "agent";
    Remaining => "剩余", "remaining";
    DueNow => "当前应回访", "due now";
    Done => "已回访", "done";
    Calls => "通话", "calls";
    Reached => "接通", "reached";
    Appointments => "邀约", "appointments";
    Target => "目标", "target";
    Progress => "进度", "progress";
    Request => "申请", "request";
    Reason => "原因", "reason";
    Note => "备注", "note";
    At => "时间", "at";
    Status => "状态", "status";
    Channel => "渠道", "channel";
    ExpectedPurchase => "预计购车", "expected purchase";
    ExpectedVisit => "预计到店", "expected visit";
    Gender => "性别", "gender";
    City => "城市", "city";
    CurrentCar => "现有车辆", "current car";
    Purchase => "购车类型", "purchase";
    Payment => "付款方式", "payment";
    Consent => "同意回访", "consent";
    NextCall => "下次回访", "next call";
    NoNextCall => "下次回访：无", "next call: none";
    Appointment => "预约到店", "appointment";
    OnCallWith => "正在通话：", "on a call with";
    NoteLabel => "备注：", "note:";
    History => "记录：", "history:";
    Call => "通话", "call";
    By => "由", "by";
    As => "代", "as";
    NoFurtherCalls => "不再回访", "no further calls";
    Days => "天", "d";
    List => "列表", "list";
    Code => "代码", "code";
    Group => "分组", "group";
    Kind => "类型", "kind";
    Since => "加入于", "since";
    AddedBy => "加入人", "by";
    Origin => "来源", "origin";
    CsvUtf8 => "CSV，UTF-8", "CSV, UTF-8";
    CsvUtf8Bom => "CSV，带 BOM 的 UTF-8", "CSV, UTF-8 with BOM";
    CsvGb18030 => "CSV，GBK/GB18030", "CSV, GBK/GB18030";
    CsvUtf16 => "文本，UTF-16", "text, UTF-16";
    Xlsx => "xlsx 工作簿，第一个工作表", "xlsx workbook, first sheet";
    Xls => "xls 工作簿，第一个工作表", "xls workbook, first sheet";
    Label => "名称", "name";
}

/// A number of days overdue: `3天` / `3d`.
pub fn days(n: i64, lang: Lang) -> String {
    format!("{n}{}", Term::Days.text(lang))
}

pub fn yes_no(b: bool, lang: Lang) -> &'static str {
    if b { Term::Yes } else { Term::No }.text(lang)
}

/// Under `dcc queue`'s table.
pub fn queue_total(n: usize, date: chrono::NaiveDate, lang: Lang) -> String {
    tr!(
        lang,
        "截至 {date} 共 {n} 个待回访",
        "{n} due by the end of {date}"
    )
}

/// `dcc log`'s answer.
pub fn logged(id: i64, outcome: &str, status: &str, grade: &str, next: &str, lang: Lang) -> String {
    tr!(
        lang,
        "已保存：客户 {id} {outcome} → {status}，级别 {grade}，{next}",
        "saved: lead {id} {outcome} -> {status}, grade {grade}, {next}"
    )
}

pub fn offer_lost(id: i64, lang: Lang) -> String {
    tr!(
        lang,
        "客户已连续多日未接通：可考虑 `dcc log {id} lost`（标记失控）",
        "the customer has been unreachable for days: consider `dcc log {id} lost`"
    )
}

pub fn decided(id: i64, status: &str, lang: Lang) -> String {
    tr!(
        lang,
        "客户 {id} 现在是{status}",
        "lead {id} is now {status}"
    )
}

pub fn moved(moved: usize, of: usize, to: &str, lang: Lang) -> String {
    tr!(
        lang,
        "已把 {of} 个客户中的 {moved} 个转给 {to}",
        "moved {moved} of {of} leads to {to}"
    )
}

pub fn model_added(name: &str, lang: Lang) -> String {
    tr!(
        lang,
        "已加入车型表：{name}",
        "added to the model list: {name}"
    )
}

pub fn model_removed(name: &str, lang: Lang) -> String {
    tr!(
        lang,
        "已从车型表移除：{name}（已有客户的车型不变）",
        "removed from the model list: {name} (leads that have it keep it)"
    )
}

pub fn reason_added(list: &str, code: &str, lang: Lang) -> String {
    tr!(
        lang,
        "已添加{list}原因 {code}",
        "added {list} reason {code}"
    )
}

pub fn reason_disabled(list: &str, code: &str, lang: Lang) -> String {
    tr!(
        lang,
        "{list}原因 {code} 不再提供",
        "{list} reason {code} is no longer offered"
    )
}

/// A reason list's name: `defeat` is 战败 in Chinese.
pub fn reason_list(list: &str, lang: Lang) -> &str {
    match (list, lang) {
        ("defeat", Lang::Zh) => "战败",
        ("invalid", Lang::Zh) => "无效",
        (other, _) => other,
    }
}

pub fn init_ready(path: &str, login: &str, role: &str, lang: Lang) -> String {
    tr!(
        lang,
        "{path} 已就绪；你已是坐席 {login}（{role}）",
        "{path} is ready; you are already agent {login} ({role})"
    )
}

pub fn init_created(path: &str, name: &str, login: &str, lang: Lang) -> String {
    tr!(
        lang,
        "已创建 {path}；{name}（{login}）是它的第一位主管",
        "created {path}; {name} ({login}) is its first supervisor"
    )
}

pub fn init_has_agents(path: &str, login: &str, lang: Lang) -> String {
    tr!(
        lang,
        "{path} 已有坐席；请主管用 `dcc agent add {login} --name 姓名 --role 角色` 添加你",
        "{path} already has agents; ask a supervisor to add you with `dcc agent add {login} --name NAME --role ROLE`"
    )
}

pub fn demo_exists(path: &str, lang: Lang) -> String {
    tr!(
        lang,
        "{path} 已存在；演示数据只写入新文件。请换一个 --db 或删除它",
        "{path} already exists; the demo writes only a new file. Choose another --db or remove it"
    )
}

/// What `dcc demo` built.
pub struct DemoFigures {
    pub leads: u64,
    pub calls: u64,
    pub agents: u64,
    pub appointments: u64,
    pub seconds: f64,
    pub megabytes: u64,
}

pub fn demo_built(path: &str, f: &DemoFigures, lang: Lang) -> String {
    let DemoFigures {
        leads,
        calls,
        agents,
        appointments,
        seconds,
        megabytes,
    } = f;
    tr!(
        lang,
        "演示数据库 {path}：{leads} 个客户，{calls} 次通话，{agents} 名坐席，{appointments} 个邀约，用时 {seconds:.1} 秒（{megabytes} MB）",
        "demo database {path}: {leads} leads, {calls} calls, {agents} agents, {appointments} appointments in {seconds:.1} s ({megabytes} MB)"
    )
}

pub fn agent_added(login: &str, name: &str, role: &str, lang: Lang) -> String {
    tr!(
        lang,
        "已添加 {login}（{name}，{role}）",
        "added {login} ({name}, {role})"
    )
}

pub fn agent_state(login: &str, active: bool, lang: Lang) -> String {
    match active {
        true => tr!(lang, "{login}：已启用", "{login}: active"),
        false => tr!(
            lang,
            "{login}：已停用，不能再登录，打开的会话将结束",
            "{login}: disabled: no more logins, open sessions end"
        ),
    }
}

pub fn key_added(login: &str, kind: &str, fp: &str, lang: Lang) -> String {
    tr!(
        lang,
        "{login} 用 {kind} {fp} 登录",
        "{login} logs in with {kind} {fp}"
    )
}

pub fn key_removed(fp: &str, login: &str, lang: Lang) -> String {
    tr!(
        lang,
        "{login} 的 {fp} 不能再登录",
        "{fp} of {login} no longer logs in"
    )
}

pub fn target_bad(n: &str, lang: Lang) -> String {
    tr!(
        lang,
        "目标“{n}”不是通话次数（或 `none`）",
        "target {n:?} is not a number of calls (or `none`)"
    )
}

pub fn target_set(login: &str, calls: &str, lang: Lang) -> String {
    tr!(
        lang,
        "{login} 的目标：{calls}",
        "target of {login}: {calls}"
    )
}

pub fn spend_bad(yuan: f64, lang: Lang) -> String {
    tr!(
        lang,
        "投放 {yuan} 不是元金额",
        "spend {yuan} is not an amount of yuan"
    )
}

pub fn spend_set(channel: &str, month: &str, yuan: f64, lang: Lang) -> String {
    tr!(
        lang,
        "{channel} {month}：{yuan:.2} 元",
        "{channel} {month}: {yuan:.2} CNY"
    )
}

pub fn dnc_added(phone: &str, already: bool, lead: Option<i64>, lang: Lang) -> String {
    let gone = match (lead, lang) {
        (None, _) => String::new(),
        (Some(id), Lang::Zh) => format!("；客户 {id} 离开所有队列"),
        (Some(id), Lang::En) => format!("; lead {id} leaves every queue"),
    };
    match already {
        false => tr!(
            lang,
            "{phone} 已加入勿扰名单{gone}",
            "{phone} is now on the do-not-call list{gone}"
        ),
        true => tr!(
            lang,
            "{phone} 原本就在勿扰名单中{gone}",
            "{phone} was already on the do-not-call list{gone}"
        ),
    }
}

/// The customer's new consent is recorded (`dcc dnc consent`, the capture
/// form, the card's key): what became of the number and the lead.
pub fn consent_recorded(
    name: &str,
    lead: i64,
    next: Option<chrono::NaiveDateTime>,
    lang: Lang,
) -> String {
    let next = next
        .map(|t| t.format("%m-%d %H:%M").to_string())
        .unwrap_or_else(|| "-".into());
    tr!(
        lang,
        "已记录 {name} 重新同意回访，号码移出勿扰名单；客户 {lead} 回到跟踪，首次回访 {next}",
        "{name}'s consent to calls is recorded, the number is off the do-not-call list; lead {lead} is tracked again, first callback {next}"
    )
}

/// A caller on the do-not-call list who does not consent: nothing changes.
pub fn consent_refused(name: &str, lang: Lang) -> String {
    tr!(
        lang,
        "客户不同意回访：{name} 仍在勿扰名单，不会被呼叫",
        "no consent: {name} stays on the do-not-call list and will not be called"
    )
}

/// `dcc dnc consent` on a number no lead has.
pub fn consent_no_lead(phone: &str, lang: Lang) -> String {
    tr!(
        lang,
        "没有客户使用号码 {phone}：新客户登记时记录同意（`dcc lead add --consent`），或由主管 `dcc dnc remove`",
        "no lead has the number {phone}: record the consent when capturing the caller (`dcc lead add --consent`), or a supervisor runs `dcc dnc remove`"
    )
}

pub fn dnc_removed(phone: &str, was_on: bool, lang: Lang) -> String {
    match was_on {
        true => tr!(
            lang,
            "{phone} 已移出勿扰名单",
            "{phone} is off the do-not-call list"
        ),
        false => tr!(
            lang,
            "{phone} 不在勿扰名单中",
            "{phone} was not on the do-not-call list"
        ),
    }
}

pub fn no_script(kind: &str, script_lang: &str, lang: Lang) -> String {
    tr!(
        lang,
        "没有 {script_lang} 的 {kind} 话术",
        "no {kind} script in {script_lang}"
    )
}

pub fn script_saved(lang: Lang) -> &'static str {
    super::pick(
        lang,
        "已保存；坐席从下一个通话起看到：",
        "saved; agents see it from their next call:",
    )
}

pub fn rules_saved(lang: Lang) -> &'static str {
    super::pick(lang, "回访规则已保存", "rules saved")
}

pub fn sshd_only(lang: Lang) -> &'static str {
    super::pick(
        lang,
        "这个命令由 sshd 运行，不在会话中运行",
        "sshd runs this command, not a session",
    )
}

/// A value given to a flag that does not read.
pub fn bad_value(flag: &str, value: &str, why: &str, lang: Lang) -> String {
    tr!(lang, "{flag} {value}：{why}", "{flag} {value}: {why}")
}

/// A file that cannot be read.
pub fn unreadable(path: &str, why: &str, lang: Lang) -> String {
    tr!(
        lang,
        "{path}：{why}；未作任何改动",
        "{path}: {why}; nothing was changed"
    )
}

pub fn doctor_problems(n: usize, lang: Lang) -> String {
    tr!(
        lang,
        "发现 {n} 个问题，修复命令见上",
        "{n} problem(s) found; each has its fix above"
    )
}

pub fn cannot_write(why: &str, lang: Lang) -> String {
    tr!(
        lang,
        "无法写出结果：{why}",
        "cannot write the output: {why}"
    )
}

pub fn gender(g: crate::domain::card::Gender, lang: Lang) -> &'static str {
    use crate::domain::card::Gender as G;
    match g {
        G::Male => Msg::Male,
        G::Female => Msg::Female,
    }
    .text(lang)
}

pub fn purchase_type(p: crate::domain::card::PurchaseType, lang: Lang) -> &'static str {
    use crate::domain::card::PurchaseType as P;
    match p {
        P::First => Msg::First,
        P::Replacement => Msg::Replacement,
        P::Additional => Msg::Additional,
    }
    .text(lang)
}

pub fn payment(p: crate::domain::card::Payment, lang: Lang) -> &'static str {
    use crate::domain::card::Payment as P;
    match p {
        P::Cash => Msg::Cash,
        P::Loan => Msg::Loan,
    }
    .text(lang)
}

/// The configuration file that cannot be used.
pub fn config_error(e: &crate::config::ConfigError, lang: Lang) -> String {
    use crate::config::ConfigError as E;
    match e {
        E::Read { path, err } => tr!(
            lang,
            "无法读取配置文件 {path}：{err}",
            "cannot read the configuration file {path}: {err}"
        ),
        E::Parse { path, msg } => tr!(
            lang,
            "配置文件 {path} 无效：{msg}未作任何改动；请修正该文件或把它移走",
            "the configuration file {path} is not valid: {msg}nothing was changed; fix the file or move it away"
        ),
    }
}

/// What `dcc import` read and did (the numbers of an import's summary).
pub struct ImportFigures<'a> {
    pub file: &'a str,
    pub kind: &'a str,
    pub rows: usize,
    pub new: usize,
    pub merged: usize,
    pub merged_existing: usize,
    pub merged_in_file: usize,
    pub rejected: usize,
    pub report: Option<&'a str>,
    pub dry_run: bool,
    pub written: bool,
}

pub fn import_summary(f: &ImportFigures, lang: Lang) -> String {
    let ImportFigures {
        file,
        kind,
        rows,
        new,
        merged,
        rejected,
        ..
    } = f;
    let mut line = match (f.dry_run, f.written) {
        (true, _) => tr!(
            lang,
            "试运行，未写入任何内容：",
            "dry run, nothing was written: "
        ),
        (false, false) => tr!(lang, "未导入任何内容：", "nothing was imported: "),
        _ => String::new(),
    };
    let leads = if *new == 1 { "lead" } else { "leads" };
    line.push_str(&tr!(
        lang,
        "{file}（{kind}）：读取 {rows} 行：新客户 {new} 个，并入已有客户 {merged} 个",
        "{file} ({kind}): read {rows} rows: {new} new {leads}, {merged} merged into existing leads"
    ));
    if *merged > 0 {
        let (db, infile) = (f.merged_existing, f.merged_in_file);
        line.push_str(&tr!(
            lang,
            "（数据库中已有 {db} 个，文件内重复 {infile} 个）",
            " ({db} already in the database, {infile} repeated in the file)"
        ));
    }
    line.push_str(&tr!(lang, "，拒绝 {rejected} 行", ", {rejected} rejected"));
    if let Some(report) = f.report {
        line.push_str(&tr!(lang, "（见报告 {report}）", " (see report {report})"));
    }
    line
}

/// A rejected line of a file.
pub fn rejected_line(line: usize, reason: &str, lang: Lang) -> String {
    tr!(lang, "  第 {line} 行：{reason}", "  line {line}: {reason}")
}

pub fn more_rejected(n: usize, lang: Lang) -> String {
    tr!(
        lang,
        "  ……另有 {n} 行，见报告",
        "  ... and {n} more in the report"
    )
}

pub fn ignored_columns(headers: &str, lang: Lang) -> String {
    tr!(
        lang,
        "忽略的列：{headers}（用 --map '表头=字段' 指定一列）",
        "ignored columns: {headers} (map one with --map 'HEADER=FIELD')"
    )
}

/// What `dcc dnc import` read and did.
pub fn dnc_import_summary(
    file: &str,
    kind: &str,
    (read, added, already, bad): (usize, usize, usize, usize),
    lang: Lang,
) -> String {
    tr!(
        lang,
        "{file}（{kind}）：读取 {read} 个号码：{added} 个加入勿扰名单，{already} 个原已在名单中，{bad} 个无效",
        "{file} ({kind}): read {read} numbers: {added} added to the do-not-call list, {already} already on it, {bad} bad"
    )
}

/// `--all-or-nothing` with rejected rows.
pub fn import_refused(rejected: usize, rows: usize, report: Option<&str>, lang: Lang) -> String {
    let report = report.unwrap_or(match lang {
        Lang::Zh => "报告",
        Lang::En => "the report",
    });
    tr!(
        lang,
        "未导入任何内容：{rows} 行中有 {rejected} 行被拒绝，且指定了 --all-or-nothing（见 {report}）。请修正这些行，或不加 --all-or-nothing 导入有效的行",
        "nothing was imported: {rejected} of {rows} rows were rejected and --all-or-nothing was given (see {report}). Fix them, or import without --all-or-nothing to take the valid rows"
    )
}
