//! The words of the showroom's reports: the three-stage view, the handover
//! list, the reception's list by consultant, and the reports screen's
//! showroom page.

use super::Lang;

catalog! {
    enum ShowroomReportWord;
    StagesTitle => "三段考核", "Three stages";
    Page => "展厅", "Showroom";
    LeadsByChannel => "市场：线索（按渠道）", "Marketing: leads by channel";
    DccByAgent => "DCC：邀约与到店（按坐席）", "DCC: invitations and visits by agent";
    ShowroomByConsultant => "展厅：接待与成交（按顾问）", "Showroom: visits and orders by consultant";
    SheetLeads => "线索", "Leads";
    SheetDcc => "DCC", "DCC";
    SheetShowroom => "展厅", "Showroom";
    Channel => "渠道", "channel";
    Leads => "线索", "leads";
    Agent => "坐席", "agent";
    Name => "姓名", "name";
    Worked => "跟进客户", "worked";
    Invited => "邀约客户", "invited";
    Arrived => "到店", "arrived";
    NoShow => "未到店", "no-show";
    InvitationRate => "邀约率%", "invite %";
    VisitRate => "到店率%", "visit %";
    Consultant => "顾问", "consultant";
    Received => "接待", "received";
    Ordered => "订车", "ordered";
    Delivered => "交车", "delivered";
    Defeated => "展厅战败", "defeated";
    CloseRate => "成交率%", "close %";
    Total => "合计", "total";
    NoteStages => "邀约率 = 邀约客户 ÷ 跟进客户（期内通话或邀约过的线索）；到店率 = 邀约后到店 ÷ 邀约客户；成交率 = 订车 ÷ 接待（期内接待的线索此后订车）。", "Invitation = leads invited ÷ leads worked (called or invited in the period); visit = invited leads that arrived ÷ leads invited; close = ordered ÷ received (leads received in the period that ordered since).";
    HandoversTitle => "移交明细", "Handovers";
    HandoversSheet => "移交明细", "Handovers";
    NoteHandovers => "期内有展厅记录的每条线索：接待顾问、接待时间、最新结果、下次跟进。", "Each lead with a showroom event in the period: who received it, when, its latest result, the next follow-up.";
    Lead => "线索号", "lead";
    Customer => "客户", "customer";
    Phone => "电话", "phone";
    DccAgent => "DCC坐席", "DCC agent";
    ReceivedAt => "接待时间", "received";
    Result => "结果", "result";
    ResultAt => "结果时间", "on";
    StatusNow => "现状", "status now";
    Reason => "原因", "reason";
    FollowUp => "下次跟进", "next follow-up";
    NoHandovers => "期内没有移交到展厅的线索", "No lead was handed to the showroom in the period";
    ReceptionTitle => "接待安排（按顾问）", "Visits by consultant";
    NoteReception => "已接待过的客户归原顾问；其余为未分配。", "A customer received before goes to that consultant; the others are unassigned.";
    Unassigned => "未分配顾问", "unassigned";
    Time => "时间", "time";
    Model => "车型", "model";
    Grade => "级别", "grade";
    SetBy => "邀约坐席", "set by";
    Confirmed => "已确认", "confirmed";
    Yes => "是", "yes";
    No => "否", "no";
    NoVisits => "这一天没有预约到店", "No visits expected that day";
    Revealed => "显示完整号码（已记录）", "full numbers shown (recorded)";
}

/// A consultant's group of the reception's list: who, and how many visits.
pub fn visits_of(who: &str, n: usize, lang: Lang) -> String {
    tr!(lang, "{who} · {n} 位客户", "{who} · visits: {n}")
}

/// The showroom page's line over its tables: each stage's own figure.
pub fn stage_summary(
    leads: u64,
    invitation: Option<f64>,
    visit: Option<f64>,
    close: Option<f64>,
    lang: Lang,
) -> String {
    let p = |x: Option<f64>| x.map_or_else(|| "-".to_string(), |v| format!("{v:.2}%"));
    let (invitation, visit, close) = (p(invitation), p(visit), p(close));
    tr!(
        lang,
        "线索 {leads} │ 邀约率 {invitation} · 到店率 {visit} │ 成交率 {close}",
        "leads {leads} │ invitation {invitation} · visit {visit} │ close {close}"
    )
}
