//! The catalog: every word a user reads, in Simplified Chinese and English,
//! through one mechanism. Words are named here (`Msg` for the workstation,
//! `Term` for the command line, `ActionWord` for the keys), sentences with
//! data are functions of the data and the language (`tr!`), and errors carry
//! data that the functions of `errors`, `checks` and `served` put into words;
//! an error's `Display` is its English sentence. The dealer's own names (a
//! channel, a reason) come in both languages from the database ([`Named`]).

use crate::domain::agent::Role;
use crate::domain::read_only::ReadOnlyCause;
use crate::domain::{DueReason, EventKind, Outcome, Status};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// Parses `zh`, `zh-CN`, `zh_CN.UTF-8`, `en`, `en_US`...
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("zh") {
            Some(Lang::Zh)
        } else if s.starts_with("en") || s == "c" || s == "posix" {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// `--lang`, else the config, else the locale (`LC_ALL`, `LC_MESSAGES`,
    /// `LANG`): Chinese where the locale is Chinese, English otherwise.
    pub fn choose(flag: Option<&str>, config: Option<&str>) -> Lang {
        flag.and_then(Lang::parse)
            .or_else(|| config.and_then(Lang::parse))
            .or_else(|| {
                ["LC_ALL", "LC_MESSAGES", "LANG"]
                    .iter()
                    .filter_map(|v| std::env::var(v).ok())
                    .find(|v| !v.is_empty())
                    .and_then(|v| Lang::parse(&v))
            })
            .unwrap_or(Lang::En)
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
}

/// The catalog's one form: a list of words, each in zh-CN and en, as an
/// enum (`Msg` for the workstation, `Term` for the command line,
/// `ActionWord` for the keys, `ReportWord` for the reports).
macro_rules! catalog {
    (enum $name:ident; $($key:ident => $zh:literal, $en:literal;)+) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($key),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$key),+];

            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(($name::$key, Lang::Zh) => $zh, ($name::$key, Lang::En) => $en,)+
                }
            }
        }
    };
    ($($key:ident => $zh:literal, $en:literal;)+) => {
        catalog!(enum Msg; $($key => $zh, $en;)+);
    };
}

/// One sentence in either language; the arguments are captured by name.
macro_rules! tr {
    ($lang:expr, $zh:literal, $en:literal) => {
        match $lang {
            Lang::Zh => format!($zh),
            Lang::En => format!($en),
        }
    };
}

mod actions;
mod checks;
mod cli;
mod doctor;
mod doctor_found;
mod errors;
mod invalid;
mod refusals;
mod report;
mod served;
mod showroom;
mod showroom_report;
mod showroom_screen;
mod tools;
mod walk_in;
pub use actions::{short_word, ActionWord, Short};
pub use checks::{
    field, infile_error, outfile_error, phone_error, text_error, time_range_error, when_error,
};
mod imports;
pub use cli::*;
pub use doctor::{diagnosis_json, finding_fixes, finding_what, write_diagnosis};
pub use errors::store_error;
pub use imports::*;
pub use invalid::{invalid, required, setting_accepts};
pub use refusals::{not_permitted, refusal, restricted, rules_error, rules_file_invalid};
pub use report::{reason_group, ReportWord};
pub use served::*;
pub use showroom::{handed_over, handover_kind, handover_line, ShowroomWord};
pub use showroom_report::{stage_summary, visits_of, ShowroomReportWord};
pub use showroom_screen::ScreenWord;
pub use tools::*;
pub use walk_in::{visit as walk_in_visit, walked_in, WalkInWord};

catalog! {
    Queue => "今日回访", "Today's calls";
    QueueEmpty => "今天的回访都完成了", "Nothing left to call today";
    CapturedToday => "今日来电登记", "Callers today";
    CapturedNone => "今天还没有登记来电", "No callers captured yet today";
    CaptureHint => "登记新来电", "capture a caller";
    SearchHint => "查找客户（全部客户）", "find any lead";
    Returning => "再次来电", "called again";
    FirstCall => "回访", "call";
    NoCallerOnLine => "没有来电客户在线（已有客户的号码在登记表中会打开其客户）", "No caller on the line (a known number in the capture form opens their lead)";
    CallerClosed => "已关闭来电，未记录结果：", "Caller closed, nothing logged:";
    Card => "客户", "Customer";
    Script => "话术", "Script";
    History => "记录", "History";
    Help => "帮助 · 按任意键关闭", "Help · any key closes";
    Channel => "渠道", "Source";
    Model => "车型", "Model";
    Grade => "级别", "Grade";
    Status => "状态", "Status";
    Owner => "负责", "Owner";
    PurchaseBy => "预计购车", "Buys by";
    VisitBy => "预计到店", "Visits by";
    Appointment => "预约到店", "Visit";
    NextCall => "下次回访", "Next call";
    Done => "已完成", "done";
    Remaining => "剩余", "left";
    Overdue => "逾期", "overdue";
    DaysOverdue => "天", "d";
    OnCall => "通话中", "On call";
    HeldBy => "正在通话：", "On a call with ";
    Saved => "已保存", "Saved";
    Cancelled => "已取消，未保存任何内容", "Cancelled; nothing was saved";
    NotSaved => "未保存", "Not saved";
    InputKept => "输入已保留，可重试", "your input is kept: try again";
    Updated => "数据已更新", "Updated";
    TooSmall => "窗口太小：至少需要 80×24，当前", "Window too small: needs at least 80×24, now";
    PromptWhen => "时间（如 明天 15:00、+3、2026-11-25 14:00）", "When (e.g. tomorrow 3pm, +3, 2026-11-25 14:00)";
    PromptVisit => "到店时间", "Visit time";
    PromptCallback => "客户约定回访时间", "Customer's callback time";
    PromptReason => "原因（输入筛选）", "Reason (type to filter)";
    PromptNote => "备注（可空，Enter 保存，Esc 取消）", "Note (optional; Enter saves, Esc cancels)";
    PromptGrade => "新级别", "New grade";
    PromptSearch => "查找我的客户：姓名或电话任意部分", "Find my leads: name or any part of the phone";
    PromptSearchAll => "查找客户：姓名或电话任意部分", "Find a lead: name or any part of the phone";
    Parsed => "即", "means";
    NoMatch => "没有匹配", "No match";
    Unknown => "无法识别", "not understood";
    EscAgain => "再按 Esc 放弃已输入的内容", "Press Esc again to discard what you typed";
    Unsaved => "有未保存的输入", "Unsaved input";
    Confirm => "Enter 确认 · Esc 返回", "Enter confirms · Esc goes back";
    OnCallWith => "正在通话：", "On a call with";
    LogOrHangUp => "先记录结果或挂断（Esc）", "log the outcome or hang up (Esc) first";
    LeadMovedTo => "已转给", "was moved to";
    LeadLeftYou => "已不在你的队列（已转给他人）", "has left your queue (moved to someone else)";
    LeadNowStatus => "的状态已变为", "is now";
    FirstField => "已是第一项", "This is the first field";
    LastField => "已是最后一项，Enter 或 Ctrl-S 保存", "This is the last field; Enter or Ctrl-S saves";
    ConfirmDnc => "永不再拨打？备注（可空），Enter 确认，Esc 取消", "Never call again? Note (optional); Enter confirms, Esc cancels";
    ConfirmQuit => "正在通话：挂断并退出？Enter 退出，Esc 留下", "On a call: hang up and quit? Enter quits, Esc stays";
    Verifier => "回访核实：", "verification call:";
    ActingFor => "代表", "acting for";
    BackToOwn => "Esc 回到自己的队列", "Esc: back to your queue";
    LeadsMovedAway => "主管转走了你的客户：", "A supervisor moved your leads:";
    LeadsMovedHere => "主管转给你的客户：", "A supervisor moved leads to you:";
    RequestedOn => "申请于", "asked";
    NothingWillBeSaved => "不会保存，Esc 关闭", "nothing will be saved; Esc closes";
    Agent => "坐席", "Agent";
    Database => "数据库", "Database";
    ReadOnly => "只读", "read-only";
    ReadOnlyBanner => "只读", "READ-ONLY";
    ReadOnlyNothingSaved => "任何操作都无法保存", "nothing can be saved";
    ReadOnlyFix => "请主管运行 dcc doctor", "ask a supervisor to run dcc doctor";
    ReadOnlyRefused => "只读：无法保存。请主管运行 dcc doctor，修复后重新打开", "Read-only: cannot save. Ask a supervisor to run dcc doctor, then reopen dcc";
    FileReplaced => "数据库文件被替换（从备份恢复？），已重新打开。此前保存的在被替换的旧文件中：请核对最近的通话", "The database file was replaced (a restore?) and is reopened. Earlier saves are in the old file: check your last calls";
    RoFilesystem => "磁盘以只读方式挂载", "the disk is mounted read-only";
    RoFile => "你没有写入数据库文件的权限", "you may not write the database file";
    RoSidecar => "你没有写入其 -wal/-shm 文件的权限", "you may not write its -wal/-shm files";
    RoFolder => "你没有写入数据库所在文件夹的权限", "you may not write the database's folder";
    Now => "现在", "now";
    OfferLost => "客户已连续多日未接通，可标记为失控（l）", "Unreachable for days: you may mark the lead lost (l)";
    NoLead => "没有选中的客户", "No lead selected";
    ClaimedBy => "该客户正在与同事通话", "A colleague is on a call with this lead";
    CallsPerHour => "每小时通话", "calls/h";
    PeakHour => "最高", "peak";
    Reason => "原因", "Reason";
    Note => "备注", "Note";
    Results => "搜索结果", "Search results";
    Regraded => "级别已改为", "Grade changed to";
    CaptureTitle => "新客户登记 · Tab 下一项 · Ctrl-S 保存 · Esc 取消", "New caller · Tab next · Ctrl-S saves · Esc cancels";
    FName => "姓名", "Name";
    FPhone => "电话", "Phone";
    FGender => "性别", "Gender";
    FCity => "城市/区县", "City";
    FChannel => "渠道", "Source";
    FModel => "意向车型", "Model";
    FPurchase => "预计购车", "Buys by";
    FVisit => "预计到店", "Visits by";
    FCurrentCar => "现有车辆", "Current car";
    FPurchaseType => "购车类型", "Purchase";
    FPayment => "付款方式", "Payment";
    FConsent => "同意回访", "Consent";
    FNote => "备注", "Note";
    FGrade => "级别", "Grade";
    NotGiven => "未填", "not given";
    Male => "男", "male";
    Female => "女", "female";
    First => "首购", "first car";
    Replacement => "换购", "replacement";
    Additional => "增购", "additional";
    Cash => "全款", "cash";
    Loan => "贷款", "loan";
    ConsentNotAsked => "未询问", "not asked";
    ConsentOnCall => "本次通话口头同意", "agreed on this call";
    ConsentRefused => "拒绝回访（加入勿扰）", "refused (do not call)";
    QuickPurchase => "1 一周内  2 一个月内  3 两个月内  4 更晚，或输入日期", "1 within a week  2 a month  3 two months  4 later, or a date";
    Proposed => "建议", "proposed";
    Auto => "按预计购车", "from purchase date";
    PhoneNew => "新号码", "new number";
    PhoneExisting => "已有客户，Enter 打开：", "Known caller, Enter: ";
    PhoneDnc => "该号码在勿扰名单中：需客户重新同意回访", "On the do-not-call list: needs the customer's new consent";
    PromptConsent => "记录客户重新同意回访：如何同意（可留空 = 本次通话口头同意），Enter 保存", "Record the customer's consent to calls: how (empty = agreed on this call), Enter saves";
    ConsentNotHere => "只有勿扰客户在你的通话中（或主管）才能记录同意回访", "Consent is recorded for a do-not-call customer on your call (or by a supervisor)";
    AskConsent => "该客户在勿扰名单：先问客户是否同意再联系，在「同意回访」中选择（y 同意，n 不同意）后按 Enter", "This customer is on the do-not-call list: ask whether they agree to calls again, choose under consent (y agreed, n refused), then Enter";
    KnownCaller => "已打开该客户；本次通话将记为呼入", "Known caller opened; this call is logged as inbound";
    NeedName => "请填写姓名", "Enter the customer's name";
    NeedPhone => "请填写电话", "Enter the phone number";
    NeedChannel => "请选择渠道（输入代码或名称）", "Choose a source (type its code or name)";
    NeedModel => "请填写意向车型", "Enter the model";
    NeedPurchase => "请填写预计购车时间或选择级别", "Enter the expected purchase or choose a grade";
    Captured => "已登记新客户", "New lead saved";
    ChoiceHint => "← → 选择", "← → to choose";
    TeamTitle => "团队今日", "Team today";
    RequestsTitle => "待审核", "Requests";
    NoRequests => "没有待审核的申请", "No requests waiting";
    PromptApprove => "批准 · 备注（可空，Enter 确认）", "Approve · note (optional; Enter confirms)";
    PromptReject => "驳回 · 备注（可空，Enter 确认）", "Reject · note (optional; Enter confirms)";
    PromptMoveTo => "转移给（输入筛选坐席）", "Move to (type to filter agents)";
    PromptMoveReason => "转移原因", "Reason for the move";
    NeedReason => "请填写原因", "Enter a reason";
    Moved => "已转移", "Moved";
    Marked => "已标记", "marked";
    ActingAs => "代", "as";
    Progress => "进度", "progress";
    ReportsTitle => "报表", "Reports";
    Reading => "正在读取…", "reading...";
    ReadingHistory => "汇总历史记录（首次较慢）", "folding the history (slow the first time)";
    ReadingFunnel => "漏斗与订车", "orders and the funnel";
    ReadingCalls => "每日通话", "calls per day";
    ReadingTables => "战败、级别与坐席报表", "defeats, grades and agents";
    PageOrders => "订车", "Orders";
    PageFunnel => "漏斗", "Funnel";
    PageCalls => "通话", "Calls";
    PageDefeats => "战败", "Defeats";
    PageGrades => "级别", "Grades";
    LegendCalls => "通话", "calls";
    LegendAppointments => "邀约", "appts";
    LegendBar => "进度=通话/目标", "bar=calls/target";
    PageAgents => "坐席", "Agents";
    OrdersByMonth => "月度订车", "Orders by month";
    FunnelOf => "销售漏斗", "Funnel";
    CallsPerDay => "每日通话 · 全队", "Calls per day · team";
    AllChannels => "全部渠道", "All channels";
    Total => "合计", "total";
    MonthlyAverage => "月均", "per month";
    BestMonth => "最高", "best";
    StageLeads => "线索", "leads";
    StageValid => "有效线索", "valid";
    StageAppointments => "邀约客户", "leads invited";
    StageVisits => "到店", "visited";
    StageOrders => "订车", "ordered";
    InvitationRate => "邀约率", "invitation rate";
    VisitRate => "到店率", "visit rate";
    CloseRate => "成交率", "close rate";
    Spend => "投放", "spend";
    CostPerVisit => "进店成本", "per visit";
    CostPerOrder => "订车成本", "per order";
    Yuan => "元", "yuan";
    Fewest => "最少", "fewest";
    Most => "最多", "most";
    DailyAverage => "日均", "per day";
    BarsFrom => "柱高起点", "bars from";
    Today => "今天", "today";
    Until => "截至", "until";
    NoFigures => "这段时间没有数据", "No figures for this period";
    AsOf => "计算于", "as of";
    KeyPages => "翻页", "page";
    KeyChannel => "渠道", "channel";
    KeyScroll => "滚动", "scroll";
    KeyColumns => "左右移动", "sideways";
    KeyRefresh => "刷新", "refresh";
    KeyBack => "返回", "back";
    RevealKey => "显示完整号码（记录在案）", "full number (recorded)";
    RevealedPhone => "已显示完整号码，已记录", "Full number shown; recorded";
    CallResumed => "连接中断前的通话已恢复", "Your call from before the connection dropped is open again";
    DraftRestored => "连接中断前输入的内容已恢复（尚未保存）：", "What you typed before the connection dropped is back (not saved yet):";
    DraftAlsoRestored => "输入的内容也已恢复，尚未保存", "what you typed is back, not saved yet";
    DraftForm => "新客户登记表", "the new caller form";
    OnlineSince => "在线（上线时间）", "online since";
    NowOnlyForOwner => "DCC_NOW（固定时钟）只供数据库文件的所有者用于测试和演示；你的记录以系统时钟为准。请先 unset DCC_NOW，未做任何更改：", "DCC_NOW (a fixed clock) is only for the owner of the database file, for tests and demos; your records take the system clock. Unset DCC_NOW; nothing was changed:";
}

pub fn status(s: Status, lang: Lang) -> &'static str {
    let (zh, en) = match s {
        Status::Tracking => ("跟踪中", "tracking"),
        Status::Appointed => ("已邀约", "appointed"),
        Status::Visited => ("已到店", "visited"),
        Status::Ordered => ("已订车", "ordered"),
        Status::Delivered => ("已交车", "delivered"),
        Status::DefeatRequested => ("战败待审", "defeat requested"),
        Status::Defeated => ("已战败", "defeated"),
        Status::InvalidRequested => ("无效待审", "invalid requested"),
        Status::Invalid => ("无效", "invalid"),
        Status::Lost => ("失控", "lost contact"),
        Status::Dnc => ("勿扰", "do not call"),
        Status::Withdrawn => ("已撤回导入", "import taken back"),
    };
    pick(lang, zh, en)
}

pub fn reason(r: DueReason, lang: Lang) -> &'static str {
    let (zh, en) = match r {
        DueReason::FirstFollowUp => ("首次回访", "first call"),
        DueReason::Cadence => ("定期回访", "cadence"),
        DueReason::Retry => ("重拨", "retry"),
        DueReason::CustomerTime => ("客户约定", "their time"),
        DueReason::Confirmation => ("到店确认", "confirm"),
        DueReason::NoShow => ("未到店", "no-show"),
        DueReason::Verification => ("战败核实", "verify"),
    };
    pick(lang, zh, en)
}

pub fn outcome(o: Outcome, lang: Lang) -> &'static str {
    let (zh, en) = match o {
        Outcome::Reached => ("接通", "reached"),
        Outcome::NoAnswer => ("未接通", "no answer"),
        Outcome::CallbackAt => ("约回电", "call back at"),
        Outcome::Appointment => ("邀约到店", "appointment"),
        Outcome::Visited => ("已到店", "visited"),
        Outcome::Ordered => ("订车", "ordered"),
        Outcome::Delivered => ("交车", "delivered"),
        Outcome::Defeat => ("申请战败", "defeat"),
        Outcome::Invalid => ("无效", "invalid"),
        Outcome::Lost => ("失控", "lost contact"),
        Outcome::Dnc => ("勿扰", "do not call"),
        Outcome::ConfirmDefeat => ("确认战败", "confirm the defeat"),
        Outcome::ConfirmLost => ("确认失联", "confirm lost contact"),
        Outcome::Back => ("客户回头，重新跟进", "customer is back"),
    };
    pick(lang, zh, en)
}

/// Why a lead is due, knowing its status: the verification call of lost
/// contact is not a defeat verification.
pub fn reason_for(r: DueReason, status: Status, lang: Lang) -> &'static str {
    match (r, status) {
        (DueReason::Verification, Status::Lost) => pick(lang, "失联核实", "verify lost"),
        _ => reason(r, lang),
    }
}

/// The old or new value of a change in the event log: a status named, a
/// grade or an owner's login as it is, `-` for none.
pub fn change_value(v: Option<&crate::domain::ChangeValue>, lang: Lang) -> String {
    use crate::domain::ChangeValue as V;
    match v {
        None => "-".to_string(),
        Some(V::Status(s)) => status(*s, lang).to_string(),
        Some(V::Grade(g)) => g.to_string(),
        Some(V::Agent(login)) => login.clone(),
    }
}

/// The kind of a change in the event log.
pub fn change(kind: EventKind, lang: Lang) -> &'static str {
    let (zh, en) = match kind {
        EventKind::Created => ("新建", "created"),
        EventKind::Owner => ("负责人", "owner"),
        EventKind::Grade => ("级别", "grade"),
        EventKind::Status => ("状态", "status"),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// Why the database is read-only here, for the banner.
pub fn read_only_cause(c: ReadOnlyCause, lang: Lang) -> &'static str {
    use ReadOnlyCause as C;
    let m = match c {
        C::Filesystem => Msg::RoFilesystem,
        C::File => Msg::RoFile,
        C::Sidecar => Msg::RoSidecar,
        C::Folder => Msg::RoFolder,
    };
    m.text(lang)
}

pub fn role(r: Role, lang: Lang) -> &'static str {
    let (zh, en) = match r {
        Role::Inbound => ("呼入专员", "inbound"),
        Role::Outbound => ("呼出专员", "outbound"),
        Role::Supervisor => ("DCC主管", "supervisor"),
        Role::Showroom => ("销售顾问", "sales consultant"),
        Role::ShowroomManager => ("展厅经理", "showroom manager"),
    };
    pick(lang, zh, en)
}

fn pick(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The one way a user-facing value is named: in zh-CN and en, from this
/// catalog. Errors carry data (which lead, which field, which limit) and
/// implement it; so do the catalog's words and the domain's values.
pub trait Localize {
    fn localize(&self, lang: Lang) -> String;
}

impl Localize for Msg {
    fn localize(&self, lang: Lang) -> String {
        self.text(lang).into()
    }
}

impl Localize for Term {
    fn localize(&self, lang: Lang) -> String {
        self.text(lang).into()
    }
}

impl Localize for Status {
    fn localize(&self, lang: Lang) -> String {
        status(*self, lang).into()
    }
}

impl Localize for Outcome {
    fn localize(&self, lang: Lang) -> String {
        outcome(*self, lang).into()
    }
}

impl Localize for DueReason {
    fn localize(&self, lang: Lang) -> String {
        reason(*self, lang).into()
    }
}

impl Localize for Role {
    fn localize(&self, lang: Lang) -> String {
        role(*self, lang).into()
    }
}

/// A name the dealer keeps in both languages (a channel, a reason): the one
/// in `lang`. The catalog's one way to choose between the dealer's own two
/// words, as `Msg` is for ours.
pub trait Named {
    fn names(&self) -> (&str, &str);

    fn named(&self, lang: Lang) -> &str {
        let (zh, en) = self.names();
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

macro_rules! named_in_both {
    ($($t:ty),+) => {$(
        impl Named for $t {
            fn names(&self) -> (&str, &str) {
                (&self.name_zh, &self.name_en)
            }
        }
    )+};
}

named_in_both!(crate::domain::card::Channel, crate::domain::card::Reason);

/// Between a label and its value: `级别：A` / `Grade A`.
pub fn label_sep(lang: Lang) -> &'static str {
    pick(lang, "：", " ")
}

/// Between a name and what follows it in a sentence: `通话已恢复：张雪` /
/// `open again: 张雪`.
pub fn colon(lang: Lang) -> &'static str {
    pick(lang, "：", ": ")
}

/// A weekday's short name: 周五 / Fri.
pub fn weekday(day: chrono::Weekday, lang: Lang) -> &'static str {
    let i = chrono::Weekday::num_days_from_monday(&day) as usize;
    match lang {
        Lang::Zh => ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][i],
        Lang::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][i],
    }
}

/// A day with its weekday, and the time when one was said: `2026-11-28
/// 周六 14:00` / `2026-11-28 Sat 14:00`, or `2026-11-28 周六` (the expected
/// visit, in the card, the capture form and `dcc lead show`).
pub fn moment(m: crate::domain::when::Moment, lang: Lang) -> String {
    use chrono::Datelike;
    let d = m.date();
    let day = format!("{} {}", d.format("%Y-%m-%d"), weekday(d.weekday(), lang));
    match m.time() {
        Some(t) => format!("{day} {}", t.format("%H:%M")),
        None => day,
    }
}

/// A size in MiB (KiB when small).
fn size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

/// `dcc backup`'s report of a backup written and checked.
pub fn backup_written(f: &crate::store::BackupFacts, lang: Lang) -> String {
    let (path, bytes) = (f.path.display(), size(f.bytes));
    let (v, leads, calls) = (f.schema_version, f.leads, f.calls);
    match lang {
        Lang::Zh => format!(
            "备份已写入：{path}\n  {bytes}，结构版本 {v}，完整性检查通过，{leads} 个客户，{calls} 次通话"
        ),
        Lang::En => format!(
            "backup written: {path}\n  {bytes}, schema version {v}, integrity check ok, {leads} leads, {calls} calls"
        ),
    }
}

/// `dcc backup --keep`: the older backups removed.
pub fn backups_removed(paths: &[std::path::PathBuf], lang: Lang) -> String {
    let list: Vec<String> = paths.iter().map(|p| format!("  {}", p.display())).collect();
    let n = paths.len();
    match lang {
        Lang::Zh => format!("已删除 {n} 个较早的备份：\n{}", list.join("\n")),
        Lang::En => format!("removed {n} older backup(s):\n{}", list.join("\n")),
    }
}

/// `dcc restore`'s report.
pub fn restored(r: &crate::store::Restored, db: &std::path::Path, lang: Lang) -> String {
    let f = &r.backup;
    let (from, db) = (f.path.display(), db.display());
    let (v, leads, calls) = (f.schema_version, f.leads, f.calls);
    let aside = r.aside.as_ref().map(|a| a.display().to_string());
    match lang {
        Lang::Zh => format!(
            "已恢复：{db} 现在是 {from} 的内容（结构版本 {v}，{leads} 个客户，{calls} 次通话）\n{}\n打开的工作台会自动重新打开恢复后的文件",
            aside.map_or("原来没有数据库文件".into(), |a| format!("原数据库另存为：{a}"))
        ),
        Lang::En => format!(
            "restored: {db} now holds {from} (schema version {v}, {leads} leads, {calls} calls)\n{}\nopen workstations reopen the restored file by themselves",
            aside.map_or("there was no database file before".into(), |a| format!("the database it replaced is kept as {a}"))
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_both_languages() {
        for m in Msg::ALL {
            let (zh, en) = (m.text(Lang::Zh), m.text(Lang::En));
            assert!(!zh.is_empty() && !en.is_empty(), "{m:?}");
            assert!(
                zh.chars().any(|c| c as u32 > 0x2e80),
                "{m:?} zh is not Chinese: {zh}"
            );
            let english = |c: char| c.is_ascii() || "×·←→".contains(c);
            assert!(en.chars().all(english), "{m:?} en is not English: {en}");
        }
    }

    #[test]
    fn the_locale_picks_the_language() {
        assert_eq!(Lang::parse("zh_CN.UTF-8"), Some(Lang::Zh));
        assert_eq!(Lang::parse("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("fr_FR"), None);
        assert_eq!(Lang::choose(Some("en"), Some("zh-CN")), Lang::En);
        assert_eq!(Lang::choose(None, Some("zh-CN")), Lang::Zh);
    }
}
