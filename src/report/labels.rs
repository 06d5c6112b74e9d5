//! The words of the reports in Simplified Chinese and English: titles,
//! column headers, and the names of channels, agents, reasons and groups.

use std::collections::HashMap;

use super::facts::{AgentName, ChannelName, ReasonName, ReportFacts};
use crate::i18n::Lang;
use crate::i18n::Named;

crate::i18n::catalog! {
    enum L;
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
    Appointments => "邀约", "appointments";
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
    MetricAppointments => "邀约", "appointments";
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
    AppointmentsSet => "邀约设置", "appointments set";
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
    NoteFunnel => "线索按创建月份和首个负责坐席；邀约/到店/订车按通话月份和通话坐席；每条线索每个阶段只计一次。", "Leads count in the month created, for the agent first given them; appointments, visits and orders in the month of the call, for the agent who made it; each lead once per stage.";
    NoteCost => "进店/订车成本 = 渠道投放 ÷ 到店/订车；按坐席无成本。", "Cost per visit/order = channel spend ÷ visits/orders; none by agent.";
    NoteMonthly => "同比：去年同月；环比：上月。基数为0或无数据时无百分比。", "Year-on-year: same month last year; month-on-month: previous month. No percentage from zero or from before the data.";
    NoteDefeats => "战败按主管批准月份计；核实为批准后第一通接通的电话。", "Defeats count in the month approved; the verification is the first answered call after the approval.";
    NoteToday => "应回访 = 已回访 + 待回访；完成% = 通话 ÷ 目标。", "Due = done + remaining; progress = calls ÷ target.";
}

/// The name of a defeat reason group.
pub fn group(code: &str, lang: Lang) -> String {
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

impl Named for super::facts::ChannelName {
    fn names(&self) -> (&str, &str) {
        (&self.name_zh, &self.name_en)
    }
}

impl Named for super::facts::ReasonName {
    fn names(&self) -> (&str, &str) {
        (&self.name_zh, &self.name_en)
    }
}

/// The name of a lead status.
pub fn status(code: &str, lang: Lang) -> String {
    use crate::domain::Status;
    match Status::from_code(code) {
        Some(s) => crate::i18n::status(s, lang).to_string(),
        None => code.to_string(),
    }
}

/// Names of what the figures refer to, in one language.
pub struct Names {
    pub lang: Lang,
    channels: HashMap<i64, ChannelName>,
    agents: HashMap<i64, AgentName>,
    /// Each reason with its place on the dealer's list.
    reasons: HashMap<String, (usize, ReasonName)>,
}

impl Names {
    pub fn new(facts: &ReportFacts, lang: Lang) -> Names {
        Names {
            lang,
            channels: facts.channels.iter().map(|c| (c.id, c.clone())).collect(),
            agents: facts.agents.iter().map(|a| (a.id, a.clone())).collect(),
            reasons: facts
                .reasons
                .iter()
                .enumerate()
                .map(|(i, r)| (r.code.clone(), (i, r.clone())))
                .collect(),
        }
    }

    pub fn t(&self, l: L) -> &'static str {
        l.text(self.lang)
    }

    pub fn channel_code(&self, id: i64) -> String {
        self.channels
            .get(&id)
            .map(|c| c.code.clone())
            .unwrap_or_else(|| format!("#{id}"))
    }

    pub fn channel(&self, id: i64) -> String {
        match self.channels.get(&id) {
            Some(c) => c.named(self.lang).to_string(),
            None => format!("#{id}"),
        }
    }

    pub fn login(&self, id: i64) -> String {
        self.agents
            .get(&id)
            .map(|a| a.login.clone())
            .unwrap_or_else(|| self.t(L::Unknown).to_string())
    }

    pub fn agent(&self, id: i64) -> String {
        self.agents
            .get(&id)
            .map(|a| a.name.clone())
            .unwrap_or_default()
    }

    /// A reason's group; a reason not on the list (or none) is "other".
    pub fn reason_group(&self, code: &str) -> String {
        self.reasons
            .get(code)
            .map(|(_, r)| r.group.clone())
            .unwrap_or_else(|| "other".to_string())
    }

    pub fn reason(&self, code: &str) -> String {
        match self.reasons.get(code) {
            Some((_, r)) => r.named(self.lang).to_string(),
            None if code.is_empty() => self.t(L::NoReason).to_string(),
            None => code.to_string(),
        }
    }

    /// A reason's place on the dealer's list; unknown reasons last.
    pub fn reason_order(&self, code: &str) -> usize {
        self.reasons.get(code).map_or(usize::MAX, |(i, _)| *i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_has_both_languages() {
        for l in L::ALL {
            assert!(!l.text(Lang::Zh).is_empty(), "{l:?}");
            assert!(!l.text(Lang::En).is_empty(), "{l:?}");
        }
    }
}
