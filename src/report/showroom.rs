//! The showroom's reports laid out: the three-stage view (leads by channel,
//! the DCC's invitation and visit rates by agent, the consultants' close
//! rates), the handover list, and the reception's list of a day's visits by
//! consultant; tables for the terminal, CSV and Excel, and stable JSON.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Cell, Period, Report, Table};
use crate::domain::showroom_report::{
    by_consultant, AgentRates, ConsultantClose, HandoverRow, ReceptionVisit, StageFigures,
};
use crate::i18n::{handover_kind, visits_of, Lang, ShowroomReportWord as W};

fn phones(revealed: bool) -> &'static str {
    if revealed {
        "revealed"
    } else {
        "masked"
    }
}

/// A name, else the login, else nothing.
fn who(name: &Option<String>, login: &Option<String>) -> String {
    match (name, login) {
        (Some(n), _) if !n.trim().is_empty() => n.clone(),
        (_, Some(l)) => l.clone(),
        _ => "-".into(),
    }
}

#[derive(Serialize)]
struct AgentJson<'a> {
    agent: &'a str,
    name: &'a str,
    worked: u64,
    invited: u64,
    arrived: u64,
    no_show: u64,
    invitation_rate: Option<f64>,
    visit_rate: Option<f64>,
}

impl<'a> AgentJson<'a> {
    fn of(a: &'a AgentRates) -> AgentJson<'a> {
        AgentJson {
            agent: &a.agent,
            name: &a.name,
            worked: a.worked,
            invited: a.invited,
            arrived: a.arrived,
            no_show: a.no_show,
            invitation_rate: a.invitation_rate(),
            visit_rate: a.visit_rate(),
        }
    }
}

#[derive(Serialize)]
struct ConsultantJson<'a> {
    consultant: &'a str,
    name: &'a str,
    received: u64,
    ordered: u64,
    delivered: u64,
    defeated: u64,
    close_rate: Option<f64>,
}

impl<'a> ConsultantJson<'a> {
    fn of(c: &'a ConsultantClose) -> ConsultantJson<'a> {
        ConsultantJson {
            consultant: &c.consultant,
            name: &c.name,
            received: c.received,
            ordered: c.ordered,
            delivered: c.delivered,
            defeated: c.defeated,
            close_rate: c.close_rate(),
        }
    }
}

fn agent_row(label: String, name: String, a: &AgentRates) -> Vec<Cell> {
    vec![
        Cell::text(label),
        Cell::text(name),
        Cell::int(a.worked),
        Cell::int(a.invited),
        Cell::int(a.arrived),
        Cell::int(a.no_show),
        Cell::pct(a.invitation_rate()),
        Cell::pct(a.visit_rate()),
    ]
}

fn consultant_row(label: String, name: String, c: &ConsultantClose) -> Vec<Cell> {
    vec![
        Cell::text(label),
        Cell::text(name),
        Cell::int(c.received),
        Cell::int(c.ordered),
        Cell::int(c.delivered),
        Cell::int(c.defeated),
        Cell::pct(c.close_rate()),
    ]
}

/// `dcc report showroom`: each stage on its own figure.
pub fn stages(period: Period, f: &StageFigures, lang: Lang) -> Report {
    let l = |w: W| w.text(lang).to_string();
    let mut leads = Table::new(
        l(W::SheetLeads),
        l(W::LeadsByChannel),
        vec![l(W::Channel), l(W::Leads)],
    );
    for c in &f.channels {
        let name = match lang {
            Lang::Zh => &c.name_zh,
            Lang::En => &c.name_en,
        };
        leads.push(vec![Cell::text(name), Cell::int(c.leads)]);
    }
    leads.push(vec![Cell::text(l(W::Total)), Cell::int(f.total_leads())]);

    let mut dcc = Table::new(
        l(W::SheetDcc),
        l(W::DccByAgent),
        vec![
            l(W::Agent),
            l(W::Name),
            l(W::Worked),
            l(W::Invited),
            l(W::Arrived),
            l(W::NoShow),
            l(W::InvitationRate),
            l(W::VisitRate),
        ],
    );
    for a in &f.agents {
        dcc.push(agent_row(a.agent.clone(), a.name.clone(), a));
    }
    dcc.push(agent_row(l(W::Total), String::new(), &f.agents_total()));

    let mut room = Table::new(
        l(W::SheetShowroom),
        l(W::ShowroomByConsultant),
        vec![
            l(W::Consultant),
            l(W::Name),
            l(W::Received),
            l(W::Ordered),
            l(W::Delivered),
            l(W::Defeated),
            l(W::CloseRate),
        ],
    );
    for c in &f.consultants {
        room.push(consultant_row(c.consultant.clone(), c.name.clone(), c));
    }
    room.push(consultant_row(
        l(W::Total),
        String::new(),
        &f.consultants_total(),
    ));

    #[derive(Serialize)]
    struct ChannelJson<'a> {
        channel: &'a str,
        name: &'a str,
        leads: u64,
    }
    #[derive(Serialize)]
    struct Body<'a> {
        report: &'static str,
        from: super::Month,
        to: super::Month,
        channels: Vec<ChannelJson<'a>>,
        total_leads: u64,
        agents: Vec<AgentJson<'a>>,
        agents_total: AgentJson<'a>,
        consultants: Vec<ConsultantJson<'a>>,
        consultants_total: ConsultantJson<'a>,
    }
    let (at, ct) = (f.agents_total(), f.consultants_total());
    let body = Body {
        report: "showroom",
        from: period.from,
        to: period.to,
        channels: f
            .channels
            .iter()
            .map(|c| ChannelJson {
                channel: &c.channel,
                name: match lang {
                    Lang::Zh => &c.name_zh,
                    Lang::En => &c.name_en,
                },
                leads: c.leads,
            })
            .collect(),
        total_leads: f.total_leads(),
        agents: f.agents.iter().map(AgentJson::of).collect(),
        agents_total: AgentJson::of(&at),
        consultants: f.consultants.iter().map(ConsultantJson::of).collect(),
        consultants_total: ConsultantJson::of(&ct),
    };
    let json = serde_json::to_value(body).unwrap_or_default();
    Report {
        name: "showroom",
        title: format!("{} {} ~ {}", l(W::StagesTitle), period.from, period.to),
        notes: vec![l(W::NoteStages)],
        tables: vec![leads, dcc, room],
        json,
    }
}

/// `dcc report handovers`: each lead handed to the showroom in the period.
pub fn handovers(period: Period, rows: &[HandoverRow], revealed: bool, lang: Lang) -> Report {
    let l = |w: W| w.text(lang).to_string();
    let title = format!("{} {} ~ {}", l(W::HandoversTitle), period.from, period.to);
    let mut t = Table::new(
        l(W::HandoversSheet),
        title.clone(),
        vec![
            l(W::Lead),
            l(W::Customer),
            l(W::Consultant),
            l(W::ReceivedAt),
            l(W::Result),
            l(W::StatusNow),
            l(W::FollowUp),
            l(W::ResultAt),
            l(W::Reason),
            l(W::Phone),
            l(W::DccAgent),
        ],
    );
    for r in rows {
        // Text columns: a missing value is a dash in the text.
        let dash = || Cell::text("-");
        t.push(vec![
            Cell::Int(r.lead_id),
            Cell::text(&r.name),
            Cell::text(who(&r.consultant_name, &r.consultant)),
            r.received_at
                .map_or_else(dash, |t| Cell::text(t.format("%Y-%m-%d %H:%M").to_string())),
            Cell::text(handover_kind(r.result, lang)),
            Cell::text(crate::i18n::status(r.status, lang)),
            r.follow_up
                .map_or_else(dash, |d| Cell::text(d.format("%Y-%m-%d").to_string())),
            Cell::text(r.result_at.format("%Y-%m-%d").to_string()),
            r.reason.as_ref().map_or_else(dash, Cell::text),
            Cell::text(&r.phone),
            Cell::text(who(&r.agent_name, &r.agent)),
        ]);
    }
    #[derive(Serialize)]
    struct Body<'a> {
        report: &'static str,
        from: super::Month,
        to: super::Month,
        phones: &'static str,
        handovers: &'a [HandoverRow],
    }
    let body = Body {
        report: "handovers",
        from: period.from,
        to: period.to,
        phones: phones(revealed),
        handovers: rows,
    };
    let mut notes = vec![l(W::NoteHandovers)];
    if revealed {
        notes.push(l(W::Revealed));
    }
    if rows.is_empty() {
        notes.push(l(W::NoHandovers));
    }
    Report {
        name: "handovers",
        title,
        notes,
        tables: vec![t],
        json: serde_json::to_value(body).unwrap_or_default(),
    }
}

/// `dcc report reception`: a day's visits, one table per consultant, the
/// leads not yet handed to anyone last.
pub fn reception(day: NaiveDate, visits: &[ReceptionVisit], revealed: bool, lang: Lang) -> Report {
    let l = |w: W| w.text(lang).to_string();
    let groups = by_consultant(visits);
    let mut tables = Vec::new();
    for g in &groups {
        let name = match &g.consultant {
            Some(login) => format!("{} ({login})", who(&g.consultant_name, &g.consultant)),
            None => l(W::Unassigned),
        };
        let mut t = Table::new(
            name.clone(),
            visits_of(&name, g.visits.len(), lang),
            vec![
                l(W::Time),
                l(W::Lead),
                l(W::Customer),
                l(W::Phone),
                l(W::Model),
                l(W::Grade),
                l(W::SetBy),
                l(W::Confirmed),
            ],
        );
        for v in &g.visits {
            t.push(vec![
                Cell::text(v.at.format("%H:%M").to_string()),
                Cell::Int(v.lead_id),
                Cell::text(&v.name),
                Cell::text(&v.phone),
                Cell::text(&v.model),
                Cell::text(&v.grade),
                Cell::text(who(&Some(v.set_by_name.clone()), &Some(v.set_by.clone()))),
                Cell::text(if v.confirmed { l(W::Yes) } else { l(W::No) }),
            ]);
        }
        tables.push(t);
    }
    #[derive(Serialize)]
    struct Body<'a> {
        report: &'static str,
        date: NaiveDate,
        phones: &'static str,
        consultants: &'a [crate::domain::showroom_report::ConsultantVisits],
    }
    let body = Body {
        report: "reception",
        date: day,
        phones: phones(revealed),
        consultants: &groups,
    };
    let mut notes = vec![l(W::NoteReception)];
    if revealed {
        notes.push(l(W::Revealed));
    }
    if visits.is_empty() {
        notes.push(l(W::NoVisits));
    }
    Report {
        name: "reception",
        title: format!("{} {day}", l(W::ReceptionTitle)),
        notes,
        tables,
        json: serde_json::to_value(body).unwrap_or_default(),
    }
}
