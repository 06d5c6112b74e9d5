//! The team: each agent over a period, each agent today, and the showroom's
//! list of expected visits.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::facts::{Counts, ExpectedVisit, ReportFacts, ReportQuery};
use super::labels::{Names, L};
use super::{document, rate, Cell, Report, ReportKind, Table};
use crate::domain::VisitState;
use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq, Serialize)]
struct AgentLine {
    agent: String,
    name: String,
    calls: u64,
    /// Calls that reached the customer.
    reached: u64,
    appointments_set: u64,
    visits: u64,
    orders: u64,
    defeat_requests: u64,
}

impl AgentLine {
    fn new(agent: String, name: String, c: &Counts) -> AgentLine {
        AgentLine {
            agent,
            name,
            calls: c.calls,
            reached: c.reached,
            appointments_set: c.appointments_set,
            visits: c.visits,
            orders: c.orders,
            defeat_requests: c.defeat_requests,
        }
    }

    fn cells(&self) -> Vec<Cell> {
        vec![
            Cell::text(&self.agent),
            Cell::text(&self.name),
            Cell::int(self.calls),
            Cell::int(self.reached),
            Cell::int(self.appointments_set),
            Cell::int(self.visits),
            Cell::int(self.orders),
            Cell::int(self.defeat_requests),
        ]
    }
}

pub(super) fn agents(query: &ReportQuery, facts: &ReportFacts, n: &Names) -> Report {
    let period = query.period;
    let mut per: BTreeMap<String, (i64, Counts)> = BTreeMap::new();
    let mut total = Counts::default();
    for r in facts.months.iter().filter(|r| period.contains(r.month)) {
        per.entry(n.login(r.agent_id))
            .or_insert((r.agent_id, Counts::default()))
            .1 += r.counts;
        total += r.counts;
    }
    let lines: Vec<AgentLine> = per
        .iter()
        .map(|(login, (id, c))| AgentLine::new(login.clone(), n.agent(*id), c))
        .filter(|l| l.calls + l.defeat_requests + l.visits + l.orders > 0)
        .collect();
    let total = AgentLine::new("total".into(), n.t(L::Total).into(), &total);
    let mut t = Table::new(
        "agents",
        format!("{} {} ~ {}", n.t(L::AgentsTitle), period.from, period.to),
        [
            L::Agent,
            L::Name,
            L::Calls,
            L::Reached,
            L::AppointmentsSet,
            L::Visits,
            L::Orders,
            L::DefeatRequests,
        ]
        .iter()
        .map(|l| n.t(*l).to_string())
        .collect(),
    );
    for l in &lines {
        t.push(l.cells());
    }
    let mut last = total.cells();
    last[0] = Cell::text(n.t(L::Total));
    last[1] = Cell::text("");
    t.push(last);
    // What the column counts, on the screen too (it shows footers, not notes).
    t.footer = Some(n.t(L::FootAgents).into());

    #[derive(Serialize)]
    struct Body {
        agents: Vec<AgentLine>,
        total: AgentLine,
    }
    Report {
        name: ReportKind::Agents.code(),
        title: t.title.clone(),
        notes: vec![n.t(L::NoteAgents).into()],
        tables: vec![t],
        json: document(
            ReportKind::Agents,
            query,
            facts,
            Body {
                agents: lines,
                total,
            },
        ),
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
struct TodayLine {
    agent: String,
    name: String,
    /// Callbacks of the day: done + remaining.
    due: u64,
    /// Leads called today.
    done: u64,
    /// Still due, from earlier days.
    overdue: u64,
    /// Still due by the end of the day.
    remaining: u64,
    calls: u64,
    reached: u64,
    appointments: u64,
    target: u64,
    /// Calls against the target, percent.
    progress: Option<f64>,
}

pub(super) fn today(query: &ReportQuery, facts: &ReportFacts, n: &Names) -> Report {
    let mut lines = Vec::new();
    let mut total = TodayLine {
        agent: "total".into(),
        name: n.t(L::Total).into(),
        ..Default::default()
    };
    for r in &facts.today {
        if facts.agent.as_ref().is_some_and(|a| a.id != r.agent_id) {
            continue;
        }
        let line = TodayLine {
            agent: n.login(r.agent_id),
            name: n.agent(r.agent_id),
            due: r.done + r.remaining,
            done: r.done,
            overdue: r.overdue,
            remaining: r.remaining,
            calls: r.calls,
            reached: r.reached,
            appointments: r.appointments,
            target: r.target,
            progress: rate(r.calls, r.target),
        };
        total.due += line.due;
        total.done += line.done;
        total.overdue += line.overdue;
        total.remaining += line.remaining;
        total.calls += line.calls;
        total.reached += line.reached;
        total.appointments += line.appointments;
        total.target += line.target;
        lines.push(line);
    }
    total.progress = rate(total.calls, total.target);
    let mut t = Table::new(
        "today",
        format!("{} {}", n.t(L::TodayTitle), query.day),
        [
            L::Agent,
            L::Name,
            L::Due,
            L::Done,
            L::Overdue,
            L::Remaining,
            L::Calls,
            L::Reached,
            L::AppointmentsSet,
            L::Target,
            L::Progress,
        ]
        .iter()
        .map(|l| n.t(*l).to_string())
        .collect(),
    );
    for l in lines.iter().chain(std::iter::once(&total)) {
        t.push(vec![
            Cell::text(&l.agent),
            Cell::text(if l.agent == "total" {
                ""
            } else {
                l.name.as_str()
            }),
            Cell::int(l.due),
            Cell::int(l.done),
            Cell::int(l.overdue),
            Cell::int(l.remaining),
            Cell::int(l.calls),
            Cell::int(l.reached),
            Cell::int(l.appointments),
            Cell::int(l.target),
            Cell::pct(l.progress),
        ]);
    }
    if let Some(last) = t.rows.last_mut() {
        last[0] = Cell::text(n.t(L::Total));
    }

    #[derive(Serialize)]
    struct Body {
        date: NaiveDate,
        agents: Vec<TodayLine>,
        total: TodayLine,
    }
    Report {
        name: ReportKind::Today.code(),
        title: t.title.clone(),
        notes: vec![n.t(L::NoteToday).into()],
        tables: vec![t],
        json: document(
            ReportKind::Today,
            query,
            facts,
            Body {
                date: query.day,
                agents: lines,
                total,
            },
        ),
    }
}

pub(super) fn visits(
    day: NaiveDate,
    visits: &[ExpectedVisit],
    revealed: bool,
    lang: Lang,
) -> Report {
    let l = |x: L| x.text(lang).to_string();
    let mut t = Table::new(
        "visits",
        format!("{} {day}", l(L::VisitsTitle)),
        vec![
            l(L::Time),
            l(L::Customer),
            l(L::Phone),
            l(L::Model),
            l(L::Agent),
            l(L::Grade),
            l(L::ConfirmedCol),
            l(L::State),
            l(L::Lead),
            l(L::Channel),
        ],
    );
    for v in visits {
        let agent = match (&v.agent_name, &v.agent) {
            (Some(name), _) if !name.is_empty() => name.clone(),
            (_, Some(login)) => login.clone(),
            _ => String::new(),
        };
        t.push(vec![
            Cell::text(v.at.format("%H:%M").to_string()),
            Cell::text(&v.name),
            Cell::text(&v.phone),
            Cell::text(&v.model),
            Cell::text(agent),
            Cell::text(v.grade.as_str()),
            Cell::text(if v.confirmed { l(L::Yes) } else { l(L::No) }),
            Cell::text(l(match v.state {
                VisitState::Visited => L::StateVisited,
                VisitState::NoShow => L::StateNoShow,
                VisitState::Confirmed => L::StateConfirmed,
                VisitState::Set | VisitState::Cancelled | VisitState::Moved => L::StateSet,
            })),
            Cell::text(v.lead_id.to_string()),
            Cell::text(&v.channel),
        ]);
    }

    #[derive(Serialize)]
    struct Body<'a> {
        report: &'static str,
        date: NaiveDate,
        phones: &'static str,
        visits: &'a [ExpectedVisit],
    }
    let body = Body {
        report: "visits",
        date: day,
        phones: if revealed { "revealed" } else { "masked" },
        visits,
    };
    let mut notes = Vec::new();
    if revealed {
        notes.push(l(L::Revealed));
    }
    Report {
        name: "visits",
        title: t.title.clone(),
        notes,
        tables: vec![t],
        json: serde_json::to_value(body).unwrap_or_default(),
    }
}
