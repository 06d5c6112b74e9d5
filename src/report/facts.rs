//! What a report asks the store for, and the figures the store answers with.
//! Plain data: the store fills it, the report module computes on it.

use std::ops::AddAssign;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::{FunnelBy, Metric, Month, Period, ReportKind};

/// A report as asked on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportQuery {
    pub kind: ReportKind,
    pub period: Period,
    /// Only this channel (code or name in either language).
    pub channel: Option<String>,
    /// Only this agent (login).
    pub agent: Option<String>,
    /// `monthly`: the figure followed.
    pub metric: Metric,
    /// `funnel`: the breakdowns shown (all three when empty).
    pub by: Vec<FunnelBy>,
    /// `grades`: how many downgrades to list, most recent first (`None`: all).
    pub limit: Option<usize>,
    /// Show full phone numbers (supervisors; recorded).
    pub reveal: bool,
    /// `today`: the day.
    pub day: NaiveDate,
}

impl ReportQuery {
    /// A query with the defaults of the command line.
    pub fn new(kind: ReportKind, period: Period, day: NaiveDate) -> ReportQuery {
        ReportQuery {
            kind,
            period,
            channel: None,
            agent: None,
            metric: Metric::Orders,
            by: Vec::new(),
            limit: Some(DEFAULT_LIMIT),
            reveal: false,
            day,
        }
    }

    /// The months whose figures the report needs: the period, and for the
    /// monthly report the year before it (year-on-year).
    pub fn months_needed(&self) -> Period {
        match self.kind {
            ReportKind::Monthly => self.period.with_prior_year(),
            _ => self.period,
        }
    }
}

/// Downgrades listed by default.
pub const DEFAULT_LIMIT: usize = 200;

/// The figures of one month, one channel and one agent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub leads: u64,
    pub invalid: u64,
    pub calls: u64,
    pub inbound_calls: u64,
    /// Calls on which the customer answered (every outcome but no-answer).
    pub reached: u64,
    /// Appointment calls (a moved visit is a new one).
    pub appointments_set: u64,
    /// Leads that got their first appointment.
    pub appointed_leads: u64,
    /// Leads that came to the showroom for the first time.
    pub visits: u64,
    pub orders: u64,
    pub defeat_requests: u64,
}

impl Counts {
    /// Leads not approved as invalid.
    pub fn valid(&self) -> u64 {
        self.leads.saturating_sub(self.invalid)
    }

    pub fn is_zero(&self) -> bool {
        *self == Counts::default()
    }
}

impl AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.leads += o.leads;
        self.invalid += o.invalid;
        self.calls += o.calls;
        self.inbound_calls += o.inbound_calls;
        self.reached += o.reached;
        self.appointments_set += o.appointments_set;
        self.appointed_leads += o.appointed_leads;
        self.visits += o.visits;
        self.orders += o.orders;
        self.defeat_requests += o.defeat_requests;
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthRow {
    pub month: Month,
    pub channel_id: i64,
    /// 0 when the agent is not known.
    pub agent_id: i64,
    pub counts: Counts,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpendRow {
    pub month: Month,
    pub channel_id: i64,
    pub cents: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelRow {
    pub month: Month,
    pub channel_id: i64,
    pub agent_id: i64,
    pub model: String,
    pub orders: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefeatRow {
    pub month: Month,
    pub channel_id: i64,
    pub agent_id: i64,
    /// The reason code of the request; empty when the request gave none.
    pub reason: String,
    pub defeats: u64,
    pub overturned: u64,
    pub confirmed: u64,
}

/// Grade changes of one month, channel and agent from one grade to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradeChangeRow {
    pub month: Month,
    pub channel_id: i64,
    pub agent_id: i64,
    pub old: String,
    pub new: String,
    pub changes: u64,
}

/// Leads with a grade and a status now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradeStatusRow {
    pub grade: String,
    pub status: String,
    pub leads: u64,
}

/// One downgrade, for the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Downgrade {
    pub at: NaiveDateTime,
    pub lead_id: i64,
    pub name: String,
    /// Masked unless revealed.
    pub phone: String,
    pub model: String,
    pub channel_id: i64,
    pub agent_id: i64,
    pub old: String,
    pub new: String,
    pub note: Option<String>,
}

/// One agent's day, as the team view counts it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TodayRow {
    pub agent_id: i64,
    pub remaining: u64,
    pub overdue: u64,
    pub done: u64,
    pub calls: u64,
    pub reached: u64,
    pub appointments: u64,
    pub target: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChannelName {
    pub id: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgentName {
    pub id: i64,
    pub login: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReasonName {
    pub code: String,
    pub group: String,
    pub name_zh: String,
    pub name_en: String,
}

/// Everything a report is computed from. The store fills what the report's
/// kind needs and leaves the rest empty.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportFacts {
    pub channels: Vec<ChannelName>,
    pub agents: Vec<AgentName>,
    pub reasons: Vec<ReasonName>,
    /// The grade scale, most urgent first.
    pub scale: Vec<String>,
    /// The channel and agent the report is limited to.
    pub channel: Option<ChannelName>,
    pub agent: Option<AgentName>,
    /// The first month the database has figures for.
    pub data_start: Option<Month>,
    pub months: Vec<MonthRow>,
    pub spend: Vec<SpendRow>,
    pub models: Vec<ModelRow>,
    pub defeats: Vec<DefeatRow>,
    pub grade_changes: Vec<GradeChangeRow>,
    pub grade_status: Vec<GradeStatusRow>,
    pub downgrades: Vec<Downgrade>,
    pub today: Vec<TodayRow>,
    /// Whether `downgrades` hold full numbers (the reveal was recorded).
    pub revealed: bool,
}

/// A visit expected on a day, for the showroom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExpectedVisit {
    pub at: NaiveDateTime,
    pub lead_id: i64,
    pub name: String,
    /// Masked unless revealed.
    pub phone: String,
    pub model: String,
    pub channel: String,
    pub agent: Option<String>,
    pub agent_name: Option<String>,
    pub grade: crate::domain::Grade,
    /// Set, confirmed, visited or no-show (moved and cancelled visits are
    /// not expected).
    pub state: crate::domain::VisitState,
    pub confirmed: bool,
}
