//! Reports: pure computations over the figures the store gathers. Months and
//! periods, rates and shares, changes year-on-year and month-on-month, and
//! each report's layout as tables (for the terminal, CSV and Excel) and as
//! stable JSON. No SQL, no terminal, no clock: "now" comes in.
//!
//! What counts, once and only once (also in the README, "Reports"):
//!
//! - A **lead** counts in the month it was created, under the channel it came
//!   from (`leads.channel_id`) and the agent it was first given to. A customer
//!   who comes in again from another platform is a new *source* of the same
//!   lead, not a new lead: it stays under its first channel.
//! - A lead is **valid** unless a supervisor approved an invalid request for
//!   it; the invalid is taken off the lead's own month, channel and agent.
//! - **Calls**, **appointments set**, **visits** and **orders** count in the
//!   month the call started, for the agent the call was logged as (after a
//!   change of owner, the new owner's calls are the new owner's), under the
//!   lead's channel.
//! - In the funnel, **appointments** are leads that got an appointment: each
//!   lead once, at its first appointment (moving a visit is not a new one);
//!   **visits** are leads that came to the showroom: each lead once, at its
//!   first `visited` call, or at its `ordered` call if that came first;
//!   **orders** are `ordered` calls (a lead orders once).
//! - A **defeat** counts in the month a supervisor approved it, under the
//!   reason and the agent of the defeat request. Its **verification** is the
//!   first answered call after the approval: it *overturns* the defeat when
//!   the customer is back (reached, callback, appointment, visit, order) and
//!   *confirms* it otherwise.

pub mod charts;
pub mod facts;
pub mod fold;
pub mod labels;
pub mod showroom;
pub mod table;

mod defeats;
mod funnel;
mod grades;
mod models;
mod monthly;
mod people;

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};

use crate::i18n::Lang;
pub use facts::{ExpectedVisit, ReportFacts, ReportQuery};
pub use table::{Cell, Table};

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: u32,
}

impl Month {
    pub fn new(year: i32, month: u32) -> Option<Month> {
        ((1..=12).contains(&month) && (1..=9999).contains(&year)).then_some(Month { year, month })
    }

    /// `YYYY-MM` (or `YYYY-M`, `YYYY/MM`, `YYYYMM`).
    pub fn parse(s: &str) -> Option<Month> {
        let s = s.trim();
        let (y, m) = match s.find(['-', '/', '.']) {
            Some(i) => (&s[..i], &s[i + 1..]),
            None if s.len() == 6 => s.split_at(4),
            None => return None,
        };
        if y.len() != 4 || m.is_empty() || m.len() > 2 {
            return None;
        }
        Month::new(y.parse().ok()?, m.parse().ok()?)
    }

    pub fn of(day: NaiveDate) -> Month {
        Month {
            year: day.year(),
            month: day.month(),
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }

    /// `n` months later (earlier when negative).
    pub fn plus(self, n: i32) -> Month {
        let i = self.year * 12 + self.month as i32 - 1 + n;
        Month {
            year: i.div_euclid(12),
            month: i.rem_euclid(12) as u32 + 1,
        }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// Months from `self` to `to`, both included (none if `to` is earlier).
    pub fn through(self, to: Month) -> Vec<Month> {
        let mut out = Vec::new();
        let mut m = self;
        while m <= to {
            out.push(m);
            m = m.plus(1);
        }
        out
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The months a report covers, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: Month,
    pub to: Month,
}

/// The longest period a report covers: ten years.
pub const MAX_MONTHS: usize = 120;

impl Period {
    /// `--from` and `--to` as typed. By default a report ends with the
    /// current month and covers twelve months.
    pub fn parse(from: Option<&str>, to: Option<&str>, today: NaiveDate) -> Result<Period, String> {
        let month = |flag: &str, v: &str| {
            Month::parse(v)
                .ok_or_else(|| format!("{flag} {v}: give a month as YYYY-MM, e.g. 2026-03"))
        };
        let to = match to {
            Some(v) => month("--to", v)?,
            None => Month::of(today),
        };
        let from = match from {
            Some(v) => month("--from", v)?,
            None => to.plus(-11),
        };
        if from > to {
            return Err(format!("--from {from} is after --to {to}"));
        }
        let p = Period { from, to };
        if p.months().len() > MAX_MONTHS {
            return Err(format!(
                "{from} to {to} is more than {MAX_MONTHS} months; choose a shorter period"
            ));
        }
        Ok(p)
    }

    pub fn months(&self) -> Vec<Month> {
        self.from.through(self.to)
    }

    pub fn contains(&self, m: Month) -> bool {
        self.from <= m && m <= self.to
    }

    /// The same period with the twelve months before it, for year-on-year.
    pub fn with_prior_year(&self) -> Period {
        Period {
            from: self.from.plus(-12),
            to: self.to,
        }
    }
}

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReportKind {
    Funnel,
    Monthly,
    Models,
    Defeats,
    Grades,
    Agents,
    Today,
}

impl ReportKind {
    pub const ALL: &'static [ReportKind] = &[
        ReportKind::Funnel,
        ReportKind::Monthly,
        ReportKind::Models,
        ReportKind::Defeats,
        ReportKind::Grades,
        ReportKind::Agents,
        ReportKind::Today,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReportKind::Funnel => "funnel",
            ReportKind::Monthly => "monthly",
            ReportKind::Models => "models",
            ReportKind::Defeats => "defeats",
            ReportKind::Grades => "grades",
            ReportKind::Agents => "agents",
            ReportKind::Today => "today",
        }
    }
}

/// The figure a monthly report follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Metric {
    Orders,
    Leads,
    Visits,
    InboundCalls,
    Calls,
    Appointments,
}

impl Metric {
    pub fn code(self) -> &'static str {
        match self {
            Metric::Orders => "orders",
            Metric::Leads => "leads",
            Metric::Visits => "visits",
            Metric::InboundCalls => "inbound-calls",
            Metric::Calls => "calls",
            Metric::Appointments => "appointments",
        }
    }

    pub fn of(self, c: &facts::Counts) -> u64 {
        match self {
            Metric::Orders => c.orders,
            Metric::Leads => c.leads,
            Metric::Visits => c.visits,
            Metric::InboundCalls => c.inbound_calls,
            Metric::Calls => c.calls,
            Metric::Appointments => c.appointed_leads,
        }
    }
}

/// Which breakdowns of the funnel to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FunnelBy {
    Channel,
    Agent,
    Month,
}

/// Rounds to two decimals.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// `part` of `whole` as a percentage to two decimals; no value when `whole`
/// is zero (never NaN, never a division by zero).
pub fn rate(part: u64, whole: u64) -> Option<f64> {
    (whole != 0).then(|| round2(part as f64 * 100.0 / whole as f64))
}

/// An amount divided by a count, in cents rounded half up; no value when the
/// count is zero.
pub fn per(cents: i64, count: u64) -> Option<i64> {
    (count != 0).then(|| (cents as f64 / count as f64).round() as i64)
}

/// A total over `months` months, to two decimals; no value for no months.
pub fn average(total: u64, months: usize) -> Option<f64> {
    (months != 0).then(|| round2(total as f64 / months as f64))
}

/// Cents as yuan, a number with two decimals.
pub fn yuan(cents: i64) -> f64 {
    cents as f64 / 100.0
}

/// A change between a month and the month it is compared with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Change {
    /// A percentage, to two decimals.
    Pct(f64),
    /// The month compared with had zero: no percentage.
    FromZero,
    /// The month compared with is before the database's history.
    NoData,
}

impl Change {
    /// The change from `base` (`None`: no data for that month) to `value`.
    pub fn between(value: u64, base: Option<u64>) -> Change {
        match base {
            None => Change::NoData,
            Some(0) => Change::FromZero,
            Some(b) => Change::Pct(round2((value as f64 - b as f64) * 100.0 / b as f64)),
        }
    }

    pub fn pct(self) -> Option<f64> {
        match self {
            Change::Pct(p) => Some(p),
            _ => None,
        }
    }

    /// Why there is no percentage, for JSON (`from_zero`, `no_data`).
    pub fn reason(self) -> Option<&'static str> {
        match self {
            Change::Pct(_) => None,
            Change::FromZero => Some("from_zero"),
            Change::NoData => Some("no_data"),
        }
    }
}

/// A change as JSON: the figure compared with, the percentage, and why there
/// is none.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeJson {
    pub base: Option<u64>,
    pub pct: Option<f64>,
    pub reason: Option<&'static str>,
}

impl ChangeJson {
    pub fn new(value: u64, base: Option<u64>) -> ChangeJson {
        let c = Change::between(value, base);
        ChangeJson {
            base,
            pct: c.pct(),
            reason: c.reason(),
        }
    }
}

/// A report ready to print: its tables, and its JSON document.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The report's code (`funnel`, ..., `visits`).
    pub name: &'static str,
    pub title: String,
    /// Lines printed under the title in a table (what counts, notes).
    pub notes: Vec<String>,
    pub tables: Vec<Table>,
    pub json: serde_json::Value,
}

/// Builds a report from the store's figures.
pub fn build(query: &ReportQuery, facts: &ReportFacts, lang: Lang) -> Report {
    let names = labels::Names::new(facts, lang);
    match query.kind {
        ReportKind::Funnel => funnel::build(query, facts, &names),
        ReportKind::Monthly => monthly::build(query, facts, &names),
        ReportKind::Models => models::build(query, facts, &names),
        ReportKind::Defeats => defeats::build(query, facts, &names),
        ReportKind::Grades => grades::build(query, facts, &names),
        ReportKind::Agents => people::agents(query, facts, &names),
        ReportKind::Today => people::today(query, facts, &names),
    }
}

/// The expected visits of a day as a report (the showroom's list).
pub fn visits(day: NaiveDate, visits: &[ExpectedVisit], revealed: bool, lang: Lang) -> Report {
    people::visits(day, visits, revealed, lang)
}

/// The JSON document of a report, with the fields every report shares.
fn document<T: Serialize>(
    kind: ReportKind,
    query: &ReportQuery,
    facts: &ReportFacts,
    body: T,
) -> serde_json::Value {
    #[derive(Serialize)]
    struct Head<'a> {
        report: ReportKind,
        from: Month,
        to: Month,
        channel: Option<&'a str>,
        agent: Option<&'a str>,
    }
    let head = Head {
        report: kind,
        from: query.period.from,
        to: query.period.to,
        channel: facts.channel.as_ref().map(|c| c.code.as_str()),
        agent: facts.agent.as_ref().map(|a| a.login.as_str()),
    };
    let mut doc = serde_json::to_value(head).unwrap_or_default();
    if let (Some(d), Ok(serde_json::Value::Object(b))) =
        (doc.as_object_mut(), serde_json::to_value(body))
    {
        d.extend(b);
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Month {
        Month::parse(s).unwrap()
    }

    #[test]
    fn months_parse_print_and_count() {
        assert_eq!(m("2026-3").to_string(), "2026-03");
        assert_eq!(m("202603"), m("2026-03"));
        assert_eq!(m("2026/03"), m("2026-03"));
        assert!(Month::parse("2026-13").is_none());
        assert!(Month::parse("26-03").is_none());
        assert_eq!(m("2026-01").plus(-1), m("2025-12"));
        assert_eq!(m("2026-01").plus(-12), m("2025-01"));
        assert_eq!(m("2025-11").plus(14), m("2027-01"));
        assert_eq!(m("2025-11").through(m("2026-02")).len(), 4);
        assert!(m("2026-02").through(m("2025-11")).is_empty());
    }

    #[test]
    fn the_default_period_is_twelve_months_to_this_month() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let p = Period::parse(None, None, today).unwrap();
        assert_eq!((p.from, p.to), (m("2025-12"), m("2026-11")));
        assert!(Period::parse(Some("2026-05"), Some("2026-04"), today).is_err());
        assert!(Period::parse(Some("2000-01"), None, today).is_err());
        assert!(Period::parse(Some("junk"), None, today)
            .unwrap_err()
            .contains("YYYY-MM"));
    }

    #[test]
    fn rates_have_no_value_over_zero() {
        assert_eq!(rate(1, 3), Some(33.33));
        assert_eq!(rate(2, 3), Some(66.67));
        assert_eq!(rate(0, 0), None);
        assert_eq!(rate(5, 0), None);
        assert_eq!(per(100_000, 3), Some(33_333));
        assert_eq!(per(100_000, 0), None);
        assert_eq!(average(10, 4), Some(2.5));
        assert_eq!(average(10, 0), None);
    }

    #[test]
    fn a_change_from_zero_or_from_nothing_has_no_percentage() {
        assert_eq!(Change::between(15, Some(10)), Change::Pct(50.0));
        assert_eq!(Change::between(5, Some(10)), Change::Pct(-50.0));
        assert_eq!(Change::between(1, Some(3)), Change::Pct(-66.67));
        assert_eq!(Change::between(5, Some(0)), Change::FromZero);
        assert_eq!(Change::between(0, Some(0)), Change::FromZero);
        assert_eq!(Change::between(5, None), Change::NoData);
        let j = ChangeJson::new(5, Some(0));
        assert_eq!((j.pct, j.reason), (None, Some("from_zero")));
    }
}
