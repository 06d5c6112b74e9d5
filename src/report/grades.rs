//! Leads by grade and status now; grade changes in the period, and the
//! downgrades (a new grade lower on the scale) listed.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use serde::Serialize;

use super::facts::{ReportFacts, ReportQuery};
use super::labels::{self, Names, L};
use super::{document, Cell, Report, ReportKind, Table};
use crate::domain::Status;

#[derive(Debug, Clone, PartialEq, Serialize)]
struct GradeNow {
    grade: String,
    statuses: BTreeMap<String, u64>,
    total: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
struct ChangeLine {
    from: String,
    to: String,
    /// `up`, `down`, or `other` (a grade no longer on the scale).
    direction: &'static str,
    count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
struct AgentDowngrades {
    agent: String,
    name: String,
    count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
struct Listed {
    at: NaiveDateTime,
    lead_id: i64,
    name: String,
    phone: String,
    model: String,
    channel: String,
    agent: String,
    from: String,
    to: String,
    note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
struct Downgrades {
    total: u64,
    by_agent: Vec<AgentDowngrades>,
    /// How many are listed, most recent first, and the limit asked for.
    listed: usize,
    limit: Option<usize>,
    /// `masked` or `revealed`.
    phones: &'static str,
    list: Vec<Listed>,
}

pub(super) fn build(query: &ReportQuery, facts: &ReportFacts, n: &Names) -> Report {
    let period = query.period;
    let rank = |g: &str| facts.scale.iter().position(|s| s == g);
    let direction = |old: &str, new: &str| match (rank(old), rank(new)) {
        (Some(a), Some(b)) if b > a => "down",
        (Some(a), Some(b)) if b < a => "up",
        _ => "other",
    };

    // Now: grade x status.
    let mut grades: Vec<String> = facts.scale.clone();
    for r in &facts.grade_status {
        if !grades.contains(&r.grade) {
            grades.push(r.grade.clone());
        }
    }
    let statuses: Vec<String> = Status::ALL
        .iter()
        .map(|s| s.code().to_string())
        .filter(|s| {
            facts
                .grade_status
                .iter()
                .any(|r| &r.status == s && r.leads > 0)
        })
        .chain(
            facts
                .grade_status
                .iter()
                .filter(|r| Status::from_code(&r.status).is_none())
                .map(|r| r.status.clone()),
        )
        .collect();
    let now: Vec<GradeNow> = grades
        .iter()
        .map(|g| {
            let mut per = BTreeMap::new();
            for r in facts.grade_status.iter().filter(|r| &r.grade == g) {
                *per.entry(r.status.clone()).or_default() += r.leads;
            }
            GradeNow {
                grade: g.clone(),
                total: per.values().sum(),
                statuses: per,
            }
        })
        .collect();

    // Changes in the period.
    let mut pairs: BTreeMap<(usize, String, usize, String), u64> = BTreeMap::new();
    let mut per_agent: BTreeMap<i64, u64> = BTreeMap::new();
    let unranked = facts.scale.len();
    for r in facts
        .grade_changes
        .iter()
        .filter(|r| period.contains(r.month))
    {
        let key = (
            rank(&r.old).unwrap_or(unranked),
            r.old.clone(),
            rank(&r.new).unwrap_or(unranked),
            r.new.clone(),
        );
        *pairs.entry(key).or_default() += r.changes;
        if direction(&r.old, &r.new) == "down" {
            *per_agent.entry(r.agent_id).or_default() += r.changes;
        }
    }
    let changes: Vec<ChangeLine> = pairs
        .into_iter()
        .map(|((_, from, _, to), count)| ChangeLine {
            direction: direction(&from, &to),
            from,
            to,
            count,
        })
        .collect();
    let mut by_agent: Vec<AgentDowngrades> = per_agent
        .iter()
        .map(|(id, c)| AgentDowngrades {
            agent: n.login(*id),
            name: n.agent(*id),
            count: *c,
        })
        .collect();
    by_agent.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.agent.cmp(&b.agent)));
    let list: Vec<Listed> = facts
        .downgrades
        .iter()
        .map(|d| Listed {
            at: d.at,
            lead_id: d.lead_id,
            name: d.name.clone(),
            phone: d.phone.clone(),
            model: d.model.clone(),
            channel: n.channel_code(d.channel_id),
            agent: n.login(d.agent_id),
            from: d.old.clone(),
            to: d.new.clone(),
            note: d.note.clone(),
        })
        .collect();
    let downgrades = Downgrades {
        total: per_agent.values().sum(),
        by_agent,
        listed: list.len(),
        limit: query.limit,
        phones: if facts.revealed { "revealed" } else { "masked" },
        list,
    };

    // Tables.
    let mut header = vec![n.t(L::Grade).to_string()];
    header.extend(statuses.iter().map(|s| labels::status(s, n.lang)));
    header.push(n.t(L::Total).into());
    let mut matrix = Table::new("grades now", n.t(L::NowMatrix), header);
    let mut column_totals = vec![0u64; statuses.len()];
    for g in &now {
        let mut row = vec![Cell::text(&g.grade)];
        for (i, s) in statuses.iter().enumerate() {
            let v = g.statuses.get(s).copied().unwrap_or(0);
            column_totals[i] += v;
            row.push(Cell::int(v));
        }
        row.push(Cell::int(g.total));
        matrix.push(row);
    }
    let mut row = vec![Cell::text(n.t(L::Total))];
    row.extend(column_totals.iter().map(|v| Cell::int(*v)));
    row.push(Cell::int(column_totals.iter().sum()));
    matrix.push(row);

    let t = |l: L| n.t(l).to_string();
    let mut change_table = Table::new(
        "grade changes",
        format!("{} {} ~ {}", n.t(L::GradeChanges), period.from, period.to),
        vec![t(L::From), t(L::To), t(L::Direction), t(L::Count)],
    );
    for c in &changes {
        let dir = match c.direction {
            "up" => n.t(L::Up),
            "down" => n.t(L::Down),
            _ => "-",
        };
        change_table.push(vec![
            Cell::text(&c.from),
            Cell::text(&c.to),
            Cell::text(dir),
            Cell::int(c.count),
        ]);
    }
    let mut agent_table = Table::new(
        "downgrades by agent",
        n.t(L::DowngradesByAgent),
        vec![t(L::Agent), t(L::Name), t(L::Downgrades)],
    );
    for a in &downgrades.by_agent {
        agent_table.push(vec![
            Cell::text(&a.agent),
            Cell::text(&a.name),
            Cell::int(a.count),
        ]);
    }
    agent_table.push(vec![
        Cell::text(n.t(L::Total)),
        Cell::text(""),
        Cell::int(downgrades.total),
    ]);
    let mut list_table = Table::new(
        "downgrades",
        n.t(L::DowngradeList),
        vec![
            t(L::At),
            t(L::Lead),
            t(L::Customer),
            t(L::Phone),
            t(L::Model),
            t(L::Channel),
            t(L::Agent),
            t(L::From),
            t(L::To),
            t(L::Note),
        ],
    );
    for d in &downgrades.list {
        list_table.push(vec![
            Cell::text(d.at.format("%Y-%m-%d %H:%M").to_string()),
            Cell::text(d.lead_id.to_string()),
            Cell::text(&d.name),
            Cell::text(&d.phone),
            Cell::text(&d.model),
            Cell::text(&d.channel),
            Cell::text(&d.agent),
            Cell::text(&d.from),
            Cell::text(&d.to),
            Cell::text(d.note.clone().unwrap_or_default()),
        ]);
    }
    if (downgrades.listed as u64) < downgrades.total {
        list_table.footer = Some(format!(
            "{}{}{}{}",
            downgrades.listed,
            n.t(L::Shown),
            downgrades.total,
            n.t(L::ShowAll)
        ));
    }
    let mut notes = Vec::new();
    if facts.revealed {
        notes.push(n.t(L::Revealed).to_string());
    }

    #[derive(Serialize)]
    struct Body {
        scale: Vec<String>,
        statuses: Vec<String>,
        now: Vec<GradeNow>,
        changes: Vec<ChangeLine>,
        downgrades: Downgrades,
    }
    Report {
        name: ReportKind::Grades.code(),
        title: format!("{} {} ~ {}", n.t(L::GradesTitle), period.from, period.to),
        notes,
        tables: vec![matrix, change_table, agent_table, list_table],
        json: document(
            ReportKind::Grades,
            query,
            facts,
            Body {
                scale: facts.scale.clone(),
                statuses,
                now,
                changes,
                downgrades,
            },
        ),
    }
}
