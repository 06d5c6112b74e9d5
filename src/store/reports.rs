//! The SQL behind the reports: the figures of a report, read from the
//! summary tables that [`super::fold`] keeps up to date, and the reveal log
//! of the numbers a report shows.

use chrono::{NaiveDateTime, NaiveTime};

use rusqlite::{params, Connection, Row};

use super::access::allow;
use super::fold::{pending, read, refresh};
use super::values::of;
use super::{fmt_time, internal, Actor, LeadStore, Result, SqliteStore, StoreError};
use crate::domain::access::Op;
use crate::domain::phone::Phone;
use crate::report::facts::{
    AgentName, ChannelName, Counts, DefeatRow, Downgrade, GradeChangeRow, GradeStatusRow, ModelRow,
    MonthRow, ReasonName, SpendRow, TodayRow,
};
use crate::report::fold::{Folded, Key};
use crate::report::{Month, ReportFacts, ReportKind, ReportQuery};

/// Adds figures folded in memory (a read-only database cannot keep them) to
/// the ones read from the report tables, with the same filters.
fn merge(facts: &mut ReportFacts, f: &Folded, q: &ReportQuery, ch: Option<i64>, ag: Option<i64>) {
    let months = q.months_needed();
    let month = |m: u32| Month::new((m / 100) as i32, m % 100);
    let keep = |(m, c, a): &Key| -> Option<Month> {
        month(*m).filter(|mm| {
            months.contains(*mm) && ch.is_none_or(|x| x == *c) && ag.is_none_or(|x| x == *a)
        })
    };
    if let Some(first) = f.months.keys().filter_map(|k| month(k.0)).min() {
        facts.data_start = Some(facts.data_start.map_or(first, |d| d.min(first)));
    }
    match q.kind {
        ReportKind::Funnel | ReportKind::Monthly | ReportKind::Agents => {
            for (k, counts) in &f.months {
                if let Some(m) = keep(k) {
                    facts.months.push(MonthRow {
                        month: m,
                        channel_id: k.1,
                        agent_id: k.2,
                        counts: *counts,
                    });
                }
            }
            // Leads taken back with their import, off the rows of their key.
            for (k, n) in &f.withdrawn {
                let Some(m) = keep(k) else { continue };
                let mut left = u64::try_from(*n).unwrap_or(0);
                for row in facts
                    .months
                    .iter_mut()
                    .filter(|r| r.month == m && r.channel_id == k.1 && r.agent_id == k.2)
                {
                    let off = left.min(row.counts.leads);
                    row.counts.leads -= off;
                    left -= off;
                }
            }
        }
        ReportKind::Models => {
            for ((k, model), orders) in &f.models {
                if let Some(m) = keep(k) {
                    facts.models.push(ModelRow {
                        month: m,
                        channel_id: k.1,
                        agent_id: k.2,
                        model: model.clone(),
                        orders: *orders,
                    });
                }
            }
        }
        ReportKind::Defeats => {
            for ((k, reason), d) in &f.defeats {
                if let Some(m) = keep(k) {
                    facts.defeats.push(DefeatRow {
                        month: m,
                        channel_id: k.1,
                        agent_id: k.2,
                        reason: reason.clone(),
                        defeats: d.defeats,
                        overturned: d.overturned,
                        confirmed: d.confirmed,
                    });
                }
            }
        }
        ReportKind::Grades => {
            for ((k, old, new), changes) in &f.grades {
                if let Some(m) = keep(k) {
                    facts.grade_changes.push(GradeChangeRow {
                        month: m,
                        channel_id: k.1,
                        agent_id: k.2,
                        old: old.clone(),
                        new: new.clone(),
                        changes: *changes,
                    });
                }
            }
        }
        ReportKind::Today => {}
    }
}

/// A stored number as a report or list shows it: in full when revealed,
/// else with its middle hidden (`138****1234`).
pub(super) fn shown(phone: &Phone, revealed: bool) -> String {
    if revealed {
        phone.as_str().to_string()
    } else {
        phone.masked()
    }
}

/// Records that `actor` was shown `numbers` full phone numbers.
pub(super) fn record_reveal(
    store: &SqliteStore,
    actor: &Actor,
    what: &str,
    numbers: usize,
    now: NaiveDateTime,
) -> Result<()> {
    store.write(|c| {
        c.prepare_cached(
            "INSERT INTO reveals (at, agent_id, actor_id, what, numbers) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![fmt_time(now), actor.agent.id, actor.real.id, what, numbers as i64])?;
        Ok(())
    })
}

fn month(r: &Row, i: usize) -> rusqlite::Result<Month> {
    let s: String = r.get(i)?;
    Month::parse(&s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            format!("month {s:?}").into(),
        )
    })
}

fn start_of(m: Month) -> String {
    fmt_time(m.first_day().and_time(NaiveTime::MIN))
}

/// The figures of a report (supervisors only).
pub(super) fn report(
    store: &SqliteStore,
    actor: &Actor,
    q: &ReportQuery,
    now: NaiveDateTime,
) -> Result<ReportFacts> {
    allow(actor, Op::ReadReports)?;
    if q.reveal {
        allow(actor, Op::RevealInReport)?;
    }
    let channel = match &q.channel {
        Some(given) => {
            let ch = store.channel(given)?;
            Some(ChannelName {
                id: ch.id,
                code: ch.code,
                name_zh: ch.name_zh,
                name_en: ch.name_en,
            })
        }
        None => None,
    };
    let agent = match &q.agent {
        Some(login) => {
            let a = store
                .agent(login)?
                .ok_or_else(|| StoreError::NoSuchAgent(login.clone()))?;
            Some(AgentName {
                id: a.id,
                login: a.login,
                name: a.name,
            })
        }
        None => None,
    };
    // Bring the report tables up to date; a read-only database folds the
    // new history in memory for this report only.
    let unfolded = match q.kind {
        ReportKind::Today => None,
        _ if store.read_only() => {
            read(store.conn(), || pending(store.conn(), store.path()))?.map(|p| p.2)
        }
        _ => {
            refresh(store)?;
            None
        }
    };
    let rules = store.rules()?;
    let today = if q.kind == ReportKind::Today {
        store
            .team_day(actor, q.day, now)?
            .into_iter()
            .map(|a| TodayRow {
                agent_id: a.agent_id,
                remaining: a.remaining.into(),
                overdue: a.overdue.into(),
                done: a.done.into(),
                calls: a.calls.into(),
                reached: a.reached.into(),
                appointments: a.appointments.into(),
                target: a.target.into(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let c = store.conn();
    let ch = channel.as_ref().map(|x| x.id);
    let ag = agent.as_ref().map(|x| x.id);
    let months = q.months_needed();
    let (from, to) = (months.from.to_string(), months.to.to_string());
    let mut facts = read(c, || {
        let mut f = ReportFacts {
            channels: c
                .prepare_cached("SELECT id, code, name_zh, name_en FROM channels ORDER BY id")?
                .query_map([], |r| {
                    Ok(ChannelName {
                        id: r.get(0)?,
                        code: r.get(1)?,
                        name_zh: r.get(2)?,
                        name_en: r.get(3)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?,
            agents: c
                .prepare_cached("SELECT id, login, name FROM agents ORDER BY login")?
                .query_map([], |r| {
                    Ok(AgentName {
                        id: r.get(0)?,
                        login: r.get(1)?,
                        name: r.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?,
            reasons: c
                .prepare_cached("SELECT code, grp, name_zh, name_en FROM reasons WHERE list = 'defeat' ORDER BY id")?
                .query_map([], |r| {
                    Ok(ReasonName {
                        code: r.get(0)?,
                        group: r.get(1)?,
                        name_zh: r.get(2)?,
                        name_en: r.get(3)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?,
            scale: rules.grades.iter().map(|g| g.code.clone()).collect(),
            channel: channel.clone(),
            agent: agent.clone(),
            data_start: c
                .prepare_cached("SELECT min(month) FROM report_month")?
                .query_row([], |r| r.get::<_, Option<String>>(0))?
                .as_deref()
                .and_then(Month::parse),
            today: Vec::new(),
            ..Default::default()
        };
        let filter = "month >= ?1 AND month <= ?2 AND (?3 IS NULL OR channel_id = ?3)
                      AND (?4 IS NULL OR agent_id = ?4)";
        let p = params![from, to, ch, ag];
        match q.kind {
            ReportKind::Funnel | ReportKind::Monthly | ReportKind::Agents => {
                // Summed up as far as the report needs, in the key's order.
                let (keys, group) = match q.kind {
                    ReportKind::Monthly => ("channel_id, 0", "GROUP BY month, channel_id"),
                    ReportKind::Agents => ("0, agent_id", "GROUP BY month, agent_id"),
                    _ => (
                        "channel_id, agent_id",
                        "GROUP BY month, channel_id, agent_id",
                    ),
                };
                f.months = c
                    .prepare_cached(&format!(
                        "SELECT month, {keys}, sum(leads), sum(invalid), sum(calls), sum(inbound_calls),
                                sum(reached), sum(appointments_set), sum(appointed_leads), sum(visits),
                                sum(orders), sum(defeat_requests)
                         FROM report_month WHERE {filter} {group}"
                    ))?
                    .query_map(p, |r| {
                        Ok(MonthRow {
                            month: month(r, 0)?,
                            channel_id: r.get(1)?,
                            agent_id: r.get(2)?,
                            counts: Counts {
                                leads: r.get(3)?,
                                invalid: r.get(4)?,
                                calls: r.get(5)?,
                                inbound_calls: r.get(6)?,
                                reached: r.get(7)?,
                                appointments_set: r.get(8)?,
                                appointed_leads: r.get(9)?,
                                visits: r.get(10)?,
                                orders: r.get(11)?,
                                defeat_requests: r.get(12)?,
                            },
                        })
                    })?
                    .collect::<rusqlite::Result<_>>()?;
                if q.kind == ReportKind::Funnel {
                    f.spend = c
                        .prepare_cached(
                            "SELECT month, channel_id, amount_cents FROM channel_spend
                             WHERE month >= ?1 AND month <= ?2 AND (?3 IS NULL OR channel_id = ?3)",
                        )?
                        .query_map(params![from, to, ch], |r| {
                            Ok(SpendRow {
                                month: month(r, 0)?,
                                channel_id: r.get(1)?,
                                cents: r.get(2)?,
                            })
                        })?
                        .collect::<rusqlite::Result<_>>()?;
                }
            }
            ReportKind::Models => {
                f.models = c
                    .prepare_cached(&format!(
                        "SELECT month, channel_id, 0, model, sum(orders) FROM report_models
                         WHERE {filter} GROUP BY month, channel_id, model"
                    ))?
                    .query_map(p, |r| {
                        Ok(ModelRow {
                            month: month(r, 0)?,
                            channel_id: r.get(1)?,
                            agent_id: r.get(2)?,
                            model: r.get(3)?,
                            orders: r.get(4)?,
                        })
                    })?
                    .collect::<rusqlite::Result<_>>()?;
            }
            ReportKind::Defeats => {
                f.defeats = c
                    .prepare_cached(&format!(
                        "SELECT month, 0, 0, reason, sum(defeats), sum(overturned), sum(confirmed)
                         FROM report_defeats WHERE {filter} GROUP BY month, reason"
                    ))?
                    .query_map(p, |r| {
                        Ok(DefeatRow {
                            month: month(r, 0)?,
                            channel_id: r.get(1)?,
                            agent_id: r.get(2)?,
                            reason: r.get(3)?,
                            defeats: r.get(4)?,
                            overturned: r.get(5)?,
                            confirmed: r.get(6)?,
                        })
                    })?
                    .collect::<rusqlite::Result<_>>()?;
            }
            ReportKind::Grades => {
                f.grade_changes = c
                    .prepare_cached(&format!(
                        "SELECT month, 0, agent_id, old, new, sum(changes) FROM report_grades
                         WHERE {filter} GROUP BY month, agent_id, old, new"
                    ))?
                    .query_map(p, |r| {
                        Ok(GradeChangeRow {
                            month: month(r, 0)?,
                            channel_id: r.get(1)?,
                            agent_id: r.get(2)?,
                            old: r.get(3)?,
                            new: r.get(4)?,
                            changes: r.get(5)?,
                        })
                    })?
                    .collect::<rusqlite::Result<_>>()?;
                f.grade_status = grade_status(c, ch, ag)?;
                f.downgrades = downgrades(c, q, &f.scale, ch, ag)?;
            }
            ReportKind::Today => {}
        }
        Ok(f)
    })?;
    facts.today = today;
    if let Some(f) = &unfolded {
        merge(&mut facts, f, q, ch, ag);
    }
    if q.reveal && !facts.downgrades.is_empty() {
        let what = format!(
            "report {} {}..{}",
            q.kind.code(),
            q.period.from,
            q.period.to
        );
        record_reveal(store, actor, &what, facts.downgrades.len(), now)?;
        facts.revealed = true;
    }
    Ok(facts)
}

/// Leads by grade and status now, through the covering index of schema 5.
fn grade_status(c: &Connection, ch: Option<i64>, ag: Option<i64>) -> Result<Vec<GradeStatusRow>> {
    let mut filter = Vec::new();
    if ch.is_some() {
        filter.push("channel_id = ?1");
    }
    if ag.is_some() {
        filter.push("owner_id = ?2");
    }
    let sql = format!(
        "SELECT grade, status, count(*) FROM leads
         WHERE {} GROUP BY grade, status",
        if filter.is_empty() {
            "?1 IS NULL AND ?2 IS NULL".to_string()
        } else {
            filter.join(" AND ")
        }
    );
    let rows = c
        .prepare_cached(&sql)?
        .query_map(params![ch, ag], |r| {
            Ok(GradeStatusRow {
                grade: r.get(0)?,
                status: r.get(1)?,
                leads: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The downgrades of the period, most recent first: their numbers full when
/// the query reveals them (the caller records that), masked otherwise.
fn downgrades(
    c: &Connection,
    q: &ReportQuery,
    scale: &[String],
    ch: Option<i64>,
    ag: Option<i64>,
) -> Result<Vec<Downgrade>> {
    let mut pairs = Vec::new();
    for (i, a) in scale.iter().enumerate() {
        for b in &scale[i + 1..] {
            pairs.push(format!("{a}>{b}"));
        }
    }
    let pairs = serde_json::to_string(&pairs).map_err(internal)?;
    let limit = q.limit.map_or(-1, |l| l as i64);
    let rows = c
        .prepare_cached(
            "SELECT e.at, e.lead_id, l.name, l.phone, l.model, l.channel_id, e.agent_id, e.old, e.new,
                    e.note
             FROM events e JOIN leads l ON l.id = e.lead_id
             WHERE e.kind = 'grade' AND e.at >= ?1 AND e.at < ?2
               AND e.old || '>' || e.new IN (SELECT value FROM json_each(?3))
               AND (?4 IS NULL OR l.channel_id = ?4) AND (?5 IS NULL OR e.agent_id = ?5)
             ORDER BY e.at DESC, e.id DESC LIMIT ?6",
        )?
        .query_map(
            params![
                start_of(q.period.from),
                start_of(q.period.to.plus(1)),
                pairs,
                ch,
                ag,
                limit
            ],
            |r| {
                let lead = of(r, "leads", 1)?;
                Ok(Downgrade {
                    at: r.get(0)?,
                    lead_id: lead.id(),
                    name: r.get(2)?,
                    phone: shown(&lead.get(3)?, q.reveal),
                    model: r.get(4)?,
                    channel_id: r.get(5)?,
                    agent_id: r.get(6)?,
                    old: r.get(7)?,
                    new: r.get(8)?,
                    note: r.get(9)?,
                })
            },
        )?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
