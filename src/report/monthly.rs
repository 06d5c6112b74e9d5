//! One figure per channel per month, with total, monthly average,
//! year-on-year (同比) and month-on-month (环比) change.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::facts::{ReportFacts, ReportQuery};
use super::labels::{Names, L};
use super::{
    average, document, Cell, Change, ChangeJson, Metric, Month, Report, ReportKind, Table,
};

#[derive(Debug, Clone, PartialEq, Serialize)]
struct MonthValue {
    month: Month,
    value: u64,
    yoy: ChangeJson,
    mom: ChangeJson,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
struct Line {
    /// Channel code, or `total`.
    channel: String,
    name: String,
    months: Vec<MonthValue>,
    total: u64,
    /// The total over the months the database covers up to this month.
    average: Option<f64>,
    /// The period against the same months a year before.
    total_yoy: ChangeJson,
}

fn metric_label(m: Metric) -> L {
    match m {
        Metric::Orders => L::MetricOrders,
        Metric::Leads => L::MetricLeads,
        Metric::Visits => L::MetricVisits,
        Metric::InboundCalls => L::MetricInbound,
        Metric::Calls => L::MetricCalls,
        Metric::Appointments => L::MetricAppointments,
    }
}

/// A change as a table cell; without a percentage it says why.
fn change_cell(value: u64, base: Option<u64>, n: &Names) -> Cell {
    match Change::between(value, base) {
        Change::Pct(p) => Cell::Change(p),
        Change::FromZero if value > 0 => Cell::None(n.t(L::New).into()),
        Change::FromZero => Cell::None(n.t(L::NaFromZero).into()),
        Change::NoData => Cell::None(n.t(L::NoData).into()),
    }
}

pub(super) fn build(query: &ReportQuery, facts: &ReportFacts, n: &Names) -> Report {
    let period = query.period;
    let metric = query.metric;
    let months = period.months();
    let this_month = Month::of(query.day);
    // A month is covered when the database has history that far back.
    let covered = |m: Month| facts.data_start.is_some_and(|s| m >= s);

    // value[channel][month], over the period and the year before it.
    let mut values: BTreeMap<i64, BTreeMap<Month, u64>> = BTreeMap::new();
    for r in &facts.months {
        *values
            .entry(r.channel_id)
            .or_default()
            .entry(r.month)
            .or_default() += metric.of(&r.counts);
    }
    let mut all: BTreeMap<Month, u64> = BTreeMap::new();
    for per_month in values.values() {
        for (m, v) in per_month {
            *all.entry(*m).or_default() += v;
        }
    }

    let counted = months
        .iter()
        .filter(|m| covered(**m) && **m <= this_month)
        .count();
    let line = |key: String, name: String, v: &BTreeMap<Month, u64>| -> Line {
        let get = |m: Month| v.get(&m).copied().unwrap_or(0);
        let base = |m: Month| covered(m).then(|| get(m));
        let total: u64 = months.iter().map(|m| get(*m)).sum();
        let prior: Option<u64> = months.iter().map(|m| base(m.plus(-12))).sum();
        Line {
            channel: key,
            name,
            months: months
                .iter()
                .map(|m| MonthValue {
                    month: *m,
                    value: get(*m),
                    yoy: ChangeJson::new(get(*m), base(m.plus(-12))),
                    mom: ChangeJson::new(get(*m), base(m.plus(-1))),
                })
                .collect(),
            total,
            average: average(total, counted),
            total_yoy: ChangeJson::new(total, prior),
        }
    };

    // Channels with any figure in the period or the year before, in the
    // channels' order (a channel no longer on the list last).
    let has_figures = |id: &i64| values.get(id).is_some_and(|v| v.values().any(|x| *x > 0));
    let listed: BTreeSet<i64> = facts.channels.iter().map(|c| c.id).collect();
    let ids: Vec<i64> = facts
        .channels
        .iter()
        .map(|c| c.id)
        .chain(values.keys().copied().filter(|id| !listed.contains(id)))
        .filter(has_figures)
        .collect();
    let empty = BTreeMap::new();
    let lines: Vec<Line> = ids
        .iter()
        .map(|id| {
            line(
                n.channel_code(*id),
                n.channel(*id),
                values.get(id).unwrap_or(&empty),
            )
        })
        .collect();
    let total = line("total".into(), n.t(L::Total).into(), &all);

    // The figures as a grid, then each month's changes.
    let mut header = vec![n.t(L::Channel).to_string()];
    header.extend(months.iter().map(Month::to_string));
    header.push(n.t(L::Total).into());
    header.push(n.t(L::Average).into());
    let title = n.t(metric_label(metric));
    let mut grid = Table::new(
        format!("{} by month", metric.code()),
        format!("{} · {}", n.t(L::MonthlyTitle), title),
        header,
    );
    let mut changes = Table::new(
        "changes",
        format!("{} · {} · {}", n.t(L::MonthlyTitle), title, n.t(L::Changes)),
        [
            L::Channel,
            L::Month,
            L::Value,
            L::LastYear,
            L::Yoy,
            L::LastMonth,
            L::Mom,
        ]
        .iter()
        .map(|l| n.t(*l).to_string())
        .collect(),
    );
    for l in lines.iter().chain(std::iter::once(&total)) {
        let mut row = vec![Cell::text(&l.name)];
        row.extend(l.months.iter().map(|m| Cell::int(m.value)));
        row.push(Cell::int(l.total));
        row.push(Cell::dec(l.average));
        grid.push(row);
        for m in &l.months {
            let base =
                |b: Option<u64>| b.map_or_else(|| Cell::None(n.t(L::NoData).into()), Cell::int);
            changes.push(vec![
                Cell::text(&l.name),
                Cell::text(m.month.to_string()),
                Cell::int(m.value),
                base(m.yoy.base),
                change_cell(m.value, m.yoy.base, n),
                base(m.mom.base),
                change_cell(m.value, m.mom.base, n),
            ]);
        }
    }

    #[derive(Serialize)]
    struct Body {
        metric: Metric,
        months: Vec<Month>,
        data_start: Option<Month>,
        channels: Vec<Line>,
        total: Line,
    }
    Report {
        name: ReportKind::Monthly.code(),
        title: format!(
            "{} · {} {} ~ {}",
            n.t(L::MonthlyTitle),
            title,
            period.from,
            period.to
        ),
        notes: vec![n.t(L::NoteMonthly).into()],
        tables: vec![grid, changes],
        json: document(
            ReportKind::Monthly,
            query,
            facts,
            Body {
                metric,
                months,
                data_start: facts.data_start,
                channels: lines,
                total,
            },
        ),
    }
}
