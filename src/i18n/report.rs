//! The words of the reports: titles, column headers, notes, and the names
//! of the defeat reasons' groups.

use super::Lang;

catalog! {
    enum ReportWord;
    FunnelTitle => "销售漏斗", "Funnel";
    MonthlyTitle => "渠道月度", "Channels by month";
    ModelsTitle => "车型结构", "Model mix";
    DefeatsTitle => "战败原因", "Defeat reasons";
    GradesTitle => "级别与状态", "Grades and statuses";
    AgentsTitle => "坐席业绩", "Agents";
    TodayTitle => "今日进度", "Today";
    VisitsTitle => "预计到店", "Expected visits";
    ByChannel => "按渠道", "by channel";
    ByAgent => "按坐席", "by agent";
    ByMonth => "按月份", "by month";
    Channel => "渠道", "channel";
    Agent => "坐席", "agent";
    Name => "姓名", "name";
    Month => "月份", "month";
    Total => "合计", "total";
    Average => "月均", "monthly average";
    All => "全部", "all";
    Leads => "线索", "leads";
    Valid => "有效线索", "valid leads";
    Appointments => "邀约客户", "leads invited";
    Visits => "到店", "visits";
    Orders => "订车", "orders";
    InvitationRate => "邀约率%", "invitation rate %";
    VisitRate => "到店率%", "visit rate %";
    CloseRate => "成交率%", "close rate %";
    Spend => "投放(元)", "spend (yuan)";
    CostPerVisit => "进店成本(元)", "cost per visit (yuan)";
    CostPerOrder => "订车成本(元)", "cost per order (yuan)";
    Value => "数值", "value";
    LastYear => "去年同月", "same month last year";
    Yoy => "同比%", "year-on-year %";
    LastMonth => "上月", "previous month";
    Mom => "环比%", "month-on-month %";
    Changes => "同比与环比", "changes";
    MetricOrders => "订车", "orders";
    MetricLeads => "线索", "leads";
    MetricVisits => "到店", "visits";
    MetricInbound => "呼入电话", "inbound calls";
    MetricCalls => "通话", "calls";
    MetricAppointments => "邀约客户", "leads invited";
    Model => "车型", "model";
    Share => "占比%", "share %";
    Group => "类别", "group";
    Reason => "原因", "reason";
    Defeats => "战败", "defeats";
    Verified => "已核实", "verified";
    Overturned => "核实激活", "overturned";
    Confirmed => "核实战败", "confirmed";
    Pending => "待核实", "pending";
    OverturnedShare => "激活占比%", "overturned %";
    ByGroup => "按类别", "by group";
    ByReason => "按原因", "by reason";
    Grade => "级别", "grade";
    NowMatrix => "当前线索（级别×状态）", "leads now (grade × status)";
    GradeChanges => "级别变化", "grade changes";
    From => "原级别", "from";
    To => "新级别", "to";
    Direction => "方向", "direction";
    Up => "升级", "up";
    Down => "降级", "down";
    Count => "次数", "count";
    DowngradesByAgent => "降级（按坐席）", "downgrades by agent";
    Downgrades => "降级", "downgrades";
    DowngradeList => "降级明细", "downgrades, most recent first";
    At => "时间", "time";
    Lead => "线索号", "lead";
    Customer => "客户", "customer";
    Phone => "电话", "phone";
    Note => "备注", "note";
    Calls => "通话", "calls";
    Reached => "接通", "reached";
    AppointmentsSet => "邀约次数", "appointments set";
    DefeatRequests => "战败申请", "defeat requests";
    Due => "应回访", "due";
    Done => "已回访", "done";
    Overdue => "逾期", "overdue";
    Remaining => "待回访", "remaining";
    Target => "目标", "target";
    Progress => "完成%", "progress %";
    Time => "时间", "time";
    State => "状态", "state";
    ConfirmedCol => "已确认", "confirmed";
    StateSet => "已邀约", "set";
    StateConfirmed => "已确认", "confirmed";
    StateVisited => "已到店", "visited";
    StateNoShow => "未到店", "no-show";
    Yes => "是", "yes";
    No => "否", "no";
    New => "新增", "new";
    NaFromZero => "无(基数0)", "n/a from 0";
    NoData => "无数据", "no data";
    Unknown => "未知", "unknown";
    NoReason => "未填原因", "no reason given";
    Shown => "条，共", " shown of ";
    ShowAll => "条；--limit 0 显示全部", "; --limit 0 lists all";
    Revealed => "显示完整号码（已记录）", "full numbers shown (recorded)";
    NoteFunnel => "线索按创建月份和首个负责坐席；邀约/到店/订车按通话月份和通话坐席；每条线索每个阶段只计一次：邀约客户是有过邀约的线索（改约不重计）。", "Leads count in the month created, for the agent first given them; appointments, visits and orders in the month of the call, for the agent who made it; each lead once per stage: leads invited are leads that got an appointment (a moved visit is not counted again).";
    NoteAgents => "邀约次数：每次邀约都计（改约也计一次），所以多于漏斗的邀约客户（每条线索只计一次）；到店、订车每条线索只计一次；按通话月份和通话坐席。", "Appointments set: every appointment made, moved visits included, so more than the funnel's leads invited (each lead once); visits and orders count each lead once; in the month of the call, for the agent who made it.";
    FootAgents => "邀约次数含改约；漏斗的邀约客户每条线索只计一次", "appointments set include moved visits; the funnel's leads invited count each lead once";
    NoteCost => "进店/订车成本 = 渠道投放 ÷ 到店/订车；按坐席无成本。", "Cost per visit/order = channel spend ÷ visits/orders; none by agent.";
    NoteMonthly => "同比：去年同月；环比：上月。基数为0或无数据时无百分比。", "Year-on-year: same month last year; month-on-month: previous month. No percentage from zero or from before the data.";
    NoteDefeats => "战败按主管批准月份计；核实为批准后第一通接通的电话。", "Defeats count in the month approved; the verification is the first answered call after the approval.";
    NoteToday => "应回访 = 已回访 + 待回访；完成% = 通话 ÷ 目标。", "Due = done + remaining; progress = calls ÷ target.";
}

/// The name of a defeat reason group.
pub fn reason_group(code: &str, lang: Lang) -> String {
    let (zh, en) = match code {
        "brand" => ("品牌", "brand"),
        "product" => ("产品", "product"),
        "price" => ("价格", "price"),
        "finance" => ("金融", "finance"),
        "timing" => ("时间", "timing"),
        "bought_elsewhere" => ("已购他处", "bought elsewhere"),
        "other" => ("其他", "other"),
        other => return other.to_string(),
    };
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}
