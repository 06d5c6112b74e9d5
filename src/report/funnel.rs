//! The funnel: leads, valid leads, appointments, visits and orders by
//! channel, agent and month, with the rates between them and the cost per
//! visit and per order from the channels' spend.

use std::collections::BTreeMap;

use serde::Serialize;

use super::facts::{Counts, ReportFacts, ReportQuery};
use super::labels::{Names, L};
use super::{document, yuan, Cell, FunnelBy, Month, Report, ReportKind, Table};

#[derive(Debug, Clone, PartialEq, Serialize)]
struct Row {
    /// Channel code, agent login or month.
    key: String,
    name: String,
    leads: u64,
    valid_leads: u64,
    appointments: u64,
    visits: u64,
    orders: u64,
    invitation_rate: Option<f64>,
    visit_rate: Option<f64>,
    close_rate: Option<f64>,
    spend: Option<f64>,
    cost_per_visit: Option<f64>,
    cost_per_order: Option<f64>,
    #[serde(skip)]
    spend_cents: Option<i64>,
}

impl Row {
    fn new(key: String, name: String, c: &Counts, spend: Option<i64>) -> Row {
        let f = super::charts::Funnel::of(c, spend);
        Row {
            key,
            name,
            leads: f.leads,
            valid_leads: f.valid,
            appointments: f.appointments,
            visits: f.visits,
            orders: f.orders,
            invitation_rate: f.invitation_rate,
            visit_rate: f.visit_rate,
            close_rate: f.close_rate,
            spend: spend.map(yuan),
            cost_per_visit: f.cost_per_visit.map(yuan),
            cost_per_order: f.cost_per_order.map(yuan),
            spend_cents: spend,
        }
    }

    fn cells(&self) -> Vec<Cell> {
        let cents = |v: Option<f64>| v.map(|y| (y * 100.0).round() as i64);
        vec![
            Cell::text(&self.name),
            Cell::int(self.leads),
            Cell::int(self.valid_leads),
            Cell::int(self.appointments),
            Cell::int(self.visits),
            Cell::int(self.orders),
            Cell::pct(self.invitation_rate),
            Cell::pct(self.visit_rate),
            Cell::pct(self.close_rate),
            Cell::money(self.spend_cents),
            Cell::money(cents(self.cost_per_visit)),
            Cell::money(cents(self.cost_per_order)),
        ]
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
struct Section {
    by: FunnelBy,
    rows: Vec<Row>,
    total: Row,
}

pub(super) fn build(query: &ReportQuery, facts: &ReportFacts, n: &Names) -> Report {
    let period = query.period;
    let in_period = facts.months.iter().filter(|r| period.contains(r.month));
    // Spend counts only without an agent filter: it is not any agent's.
    let with_spend = facts.agent.is_none();
    let spend_of = |f: &dyn Fn(i64, Month) -> bool| -> Option<i64> {
        with_spend.then(|| {
            facts
                .spend
                .iter()
                .filter(|s| period.contains(s.month) && f(s.channel_id, s.month))
                .map(|s| s.cents)
                .sum()
        })
    };

    let mut total = Counts::default();
    let mut by_channel: BTreeMap<i64, Counts> = BTreeMap::new();
    let mut by_agent: BTreeMap<String, (i64, Counts)> = BTreeMap::new();
    let mut by_month: BTreeMap<Month, Counts> = period
        .months()
        .into_iter()
        .map(|m| (m, Counts::default()))
        .collect();
    for r in in_period {
        total += r.counts;
        *by_channel.entry(r.channel_id).or_default() += r.counts;
        by_agent
            .entry(n.login(r.agent_id))
            .or_insert((r.agent_id, Counts::default()))
            .1 += r.counts;
        *by_month.entry(r.month).or_default() += r.counts;
    }
    let total_row = |key: &str| {
        Row::new(
            key.into(),
            n.t(L::Total).into(),
            &total,
            spend_of(&|_, _| true),
        )
    };

    let wanted = if query.by.is_empty() {
        vec![FunnelBy::Channel, FunnelBy::Agent, FunnelBy::Month]
    } else {
        query.by.clone()
    };
    let mut sections = Vec::new();
    for by in wanted {
        let rows: Vec<Row> = match by {
            FunnelBy::Channel => {
                // Every channel with figures or spend, in the channels' order.
                let mut rows = Vec::new();
                for ch in &facts.channels {
                    let c = by_channel.get(&ch.id).copied().unwrap_or_default();
                    let spend = spend_of(&|id, _| id == ch.id);
                    if c.is_zero() && spend.unwrap_or(0) == 0 {
                        continue;
                    }
                    rows.push(Row::new(ch.code.clone(), n.channel(ch.id), &c, spend));
                }
                for (id, c) in &by_channel {
                    if !facts.channels.iter().any(|ch| ch.id == *id) {
                        rows.push(Row::new(n.channel_code(*id), n.channel(*id), c, None));
                    }
                }
                rows
            }
            FunnelBy::Agent => by_agent
                .iter()
                .filter(|(_, (_, c))| !c.is_zero())
                .map(|(login, (id, c))| {
                    let name = match n.agent(*id) {
                        a if a.is_empty() => login.clone(),
                        a => format!("{a} ({login})"),
                    };
                    Row::new(login.clone(), name, c, None)
                })
                .collect(),
            FunnelBy::Month => by_month
                .iter()
                .map(|(m, c)| {
                    let spend = spend_of(&|_, sm| sm == *m);
                    Row::new(m.to_string(), m.to_string(), c, spend)
                })
                .collect(),
        };
        let mut t = total_row("total");
        if by == FunnelBy::Agent {
            t.spend = None;
            t.spend_cents = None;
            t.cost_per_visit = None;
            t.cost_per_order = None;
        }
        sections.push(Section { by, rows, total: t });
    }

    let header = |first: L| -> Vec<String> {
        [
            first,
            L::Leads,
            L::Valid,
            L::Appointments,
            L::Visits,
            L::Orders,
            L::InvitationRate,
            L::VisitRate,
            L::CloseRate,
            L::Spend,
            L::CostPerVisit,
            L::CostPerOrder,
        ]
        .iter()
        .map(|l| n.t(*l).to_string())
        .collect()
    };
    let tables = sections
        .iter()
        .map(|s| {
            let (first, label, name) = match s.by {
                FunnelBy::Channel => (L::Channel, L::ByChannel, "channel"),
                FunnelBy::Agent => (L::Agent, L::ByAgent, "agent"),
                FunnelBy::Month => (L::Month, L::ByMonth, "month"),
            };
            let mut t = Table::new(
                format!("funnel by {name}"),
                format!("{} {}", n.t(L::FunnelTitle), n.t(label)),
                header(first),
            );
            for r in &s.rows {
                t.push(r.cells());
            }
            t.push(s.total.cells());
            t
        })
        .collect();

    #[derive(Serialize)]
    struct Body {
        sections: Vec<Section>,
    }
    Report {
        name: ReportKind::Funnel.code(),
        title: format!("{} {} ~ {}", n.t(L::FunnelTitle), period.from, period.to),
        notes: vec![n.t(L::NoteFunnel).into(), n.t(L::NoteCost).into()],
        tables,
        json: document(ReportKind::Funnel, query, facts, Body { sections }),
    }
}
