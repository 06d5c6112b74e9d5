//! The SQL behind the reports.
//!
//! Reports read small summary tables (`report_month`, `report_models`,
//! `report_defeats`, `report_grades`, schema 5) instead of ten million calls.
//! The summaries are folded from the append-only history: `report_folded`
//! remembers the last row id folded of `leads`, `calls` and `events`, and
//! before each report [`refresh`] folds what came since:
//!
//! 1. In one read snapshot (no lock: agents keep writing), it reads the whole
//!    history of every lead with new rows and folds it with
//!    [`crate::report::fold::fold_lead`], which adds each figure only when the
//!    row causing it is new. The first fold of a database reads every lead.
//! 2. In a short `BEGIN IMMEDIATE` transaction, it adds the figures and moves
//!    the marks, unless another supervisor folded in the meantime (then it
//!    starts again from their marks).
//!
//! Writing a call costs nothing more, bulk loads (the demo, imports) need no
//! triggers, and a report after a day's work folds only that day's leads.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use std::path::Path;

use rusqlite::{params, Connection, OpenFlags, Row, Rows};

use super::access::allow;
use super::values::of;
use super::{fmt_time, internal, Actor, Invalid, LeadStore, Result, SqliteStore, StoreError};
use crate::domain::access::Op;
use crate::domain::phone::Phone;
use crate::report::facts::{
    AgentName, ChannelName, Counts, DefeatRow, Downgrade, GradeChangeRow, GradeStatusRow, ModelRow,
    MonthRow, ReasonName, SpendRow, TodayRow,
};
use crate::report::fold::{fold_lead, stamp, CallRow, EventRow, Folded, Key, LeadRow, Marks};
use crate::report::{ExpectedVisit, Month, ReportFacts, ReportKind, ReportQuery};

/// Runs `f` in a read transaction: every query sees the same snapshot.
fn read<T>(c: &Connection, f: impl FnOnce() -> Result<T>) -> Result<T> {
    c.execute_batch("BEGIN")?;
    match f() {
        Ok(v) => {
            c.execute_batch("COMMIT")?;
            Ok(v)
        }
        Err(e) => {
            let _ = c.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

fn folded_marks(c: &Connection) -> Result<Marks> {
    let mut m = Marks::default();
    let mut st = c.prepare_cached("SELECT source, upto FROM report_folded")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let upto: i64 = r.get(1)?;
        match r.get::<_, String>(0)?.as_str() {
            "leads" => m.leads = upto,
            "calls" => m.calls = upto,
            "events" => m.events = upto,
            _ => {}
        }
    }
    Ok(m)
}

fn newest(c: &Connection) -> Result<Marks> {
    Ok(c.prepare_cached(
        "SELECT (SELECT coalesce(max(id), 0) FROM leads), (SELECT coalesce(max(id), 0) FROM calls),
                (SELECT coalesce(max(id), 0) FROM events)",
    )?
    .query_row([], |r| {
        Ok(Marks {
            leads: r.get(0)?,
            calls: r.get(1)?,
            events: r.get(2)?,
        })
    })?)
}

/// Rows of one statement, read ahead by one, taken lead by lead.
struct ByLead<'s, T> {
    rows: Rows<'s>,
    next: Option<(i64, T)>,
    map: fn(&Row) -> rusqlite::Result<(i64, T)>,
    started: bool,
}

impl<'s, T> ByLead<'s, T> {
    fn new(rows: Rows<'s>, map: fn(&Row) -> rusqlite::Result<(i64, T)>) -> Self {
        ByLead {
            rows,
            next: None,
            map,
            started: false,
        }
    }

    fn advance(&mut self) -> Result<()> {
        self.started = true;
        self.next = match self.rows.next()? {
            Some(r) => Some((self.map)(r)?),
            None => None,
        };
        Ok(())
    }

    /// The rows of `lead` (rows of leads before it are skipped).
    fn take(&mut self, lead: i64, into: &mut Vec<T>) -> Result<()> {
        into.clear();
        if !self.started {
            self.advance()?;
        }
        while let Some((id, _)) = &self.next {
            if *id > lead {
                break;
            }
            let is_lead = *id == lead;
            if let Some((_, row)) = self.next.take() {
                if is_lead {
                    into.push(row);
                }
            }
            self.advance()?;
        }
        Ok(())
    }
}

fn text<'r>(r: &'r Row, i: usize) -> rusqlite::Result<&'r str> {
    Ok(r.get_ref(i)?.as_str_or_null()?.unwrap_or(""))
}

fn call_row(r: &Row) -> rusqlite::Result<(i64, CallRow)> {
    let call = of(r, "calls", 1)?;
    Ok((
        r.get(0)?,
        CallRow {
            id: call.id(),
            started: stamp(text(r, 2)?),
            ended: stamp(text(r, 3)?),
            agent_id: r.get(4)?,
            outcome: call.get(5)?,
            inbound: r.get(6)?,
            reason: r.get(7)?,
        },
    ))
}

fn event_row(r: &Row) -> rusqlite::Result<(i64, EventRow)> {
    let event = of(r, "events", 1)?;
    Ok((
        r.get(0)?,
        EventRow {
            id: event.id(),
            at: stamp(text(r, 2)?),
            agent_id: r.get(3)?,
            kind: event.get(4)?,
            old: r.get(5)?,
            new: r.get(6)?,
        },
    ))
}

/// The leads with rows newer than `from`, as a common table `touched`.
const TOUCHED: &str = "WITH touched(lead_id) AS (
        SELECT lead_id FROM calls WHERE id > ?1 AND id <= ?2
        UNION SELECT lead_id FROM events WHERE id > ?3 AND id <= ?4
        UNION SELECT id FROM leads WHERE id > ?5 AND id <= ?6)";

/// Which leads a fold reads.
#[derive(Debug, Clone, Copy)]
enum Scope {
    /// The leads with rows newer than the marks folded.
    Touched,
    /// The leads with ids in `(lo, hi]`.
    Ids(i64, i64),
}

/// Folds the history of the leads in `scope`, up to the marks `to`.
fn fold_scope(
    c: &Connection,
    from: Marks,
    to: Marks,
    scope: Scope,
    agents: &HashMap<String, i64>,
) -> Result<Folded> {
    let agent_id = |login: &str| agents.get(login).copied();
    let leads_cols = "l.id, l.created_at, l.channel_id, l.model, l.owner_id";
    // Only what the fold looks at, so that little is copied out.
    let calls_cols = "c.lead_id, c.id, c.started_at, c.ended_at, c.agent_id, c.outcome,
                      c.direction = 'in', CASE WHEN c.outcome = 'defeat' THEN c.reason END";
    let events_cols = "e.lead_id, e.id, e.at, e.agent_id, e.kind,
                       CASE WHEN e.kind IN ('owner', 'grade', 'status') THEN e.old END,
                       CASE WHEN e.kind IN ('owner', 'grade', 'status') THEN e.new END";
    // Three statements, each in lead order, read side by side.
    let (sql, params): ([String; 3], [Vec<i64>; 3]) = match scope {
        Scope::Touched => {
            let p = vec![from.calls, to.calls, from.events, to.events, from.leads, to.leads];
            (
                [
                    format!(
                        "{TOUCHED} SELECT {leads_cols} FROM touched t CROSS JOIN leads l ON l.id = t.lead_id
                         ORDER BY l.id"
                    ),
                    format!(
                        "{TOUCHED} SELECT {calls_cols} FROM touched t CROSS JOIN calls c ON c.lead_id = t.lead_id
                         WHERE c.id <= ?2 ORDER BY c.lead_id"
                    ),
                    format!(
                        "{TOUCHED} SELECT {events_cols} FROM touched t CROSS JOIN events e ON e.lead_id = t.lead_id
                         WHERE e.id <= ?4 ORDER BY e.lead_id"
                    ),
                ],
                [p.clone(), p.clone(), p],
            )
        }
        Scope::Ids(lo, hi) => (
            [
                format!("SELECT {leads_cols} FROM leads l WHERE l.id > ?1 AND l.id <= ?2 ORDER BY l.id"),
                format!(
                    "SELECT {calls_cols} FROM calls c WHERE c.lead_id > ?1 AND c.lead_id <= ?2 AND c.id <= ?3
                     ORDER BY c.lead_id"
                ),
                format!(
                    "SELECT {events_cols} FROM events e WHERE e.lead_id > ?1 AND e.lead_id <= ?2 AND e.id <= ?3
                     ORDER BY e.lead_id"
                ),
            ],
            [vec![lo, hi], vec![lo, hi, to.calls], vec![lo, hi, to.events]],
        ),
    };
    let [leads_p, calls_p, events_p] = params;
    let mut st_leads = c.prepare(&sql[0])?;
    let mut st_calls = c.prepare(&sql[1])?;
    let mut st_events = c.prepare(&sql[2])?;
    let mut leads = st_leads.query(rusqlite::params_from_iter(leads_p))?;
    let mut calls = ByLead::new(
        st_calls.query(rusqlite::params_from_iter(calls_p))?,
        call_row,
    );
    let mut events = ByLead::new(
        st_events.query(rusqlite::params_from_iter(events_p))?,
        event_row,
    );
    let mut out = Folded::default();
    let (mut cs, mut es) = (Vec::new(), Vec::new());
    while let Some(r) = leads.next()? {
        let lead = LeadRow {
            id: r.get(0)?,
            created: stamp(text(r, 1)?),
            channel_id: r.get(2)?,
            model: r.get(3)?,
            owner_id: r.get(4)?,
        };
        calls.take(lead.id, &mut cs)?;
        events.take(lead.id, &mut es)?;
        fold_lead(&lead, &mut cs, &mut es, from, &agent_id, &mut out);
    }
    Ok(out)
}

/// Leads below which the first fold is not worth a second thread.
const PARALLEL_FROM: i64 = 50_000;

/// Folds the history between `from` and `to`, read in the caller's
/// snapshot. The first fold reads every lead: it shares the leads out among
/// threads with their own read-only connections. Rows up to `to` never
/// change (the history is append-only), so every connection reads the same.
fn fold(c: &Connection, path: &Path, from: Marks, to: Marks) -> Result<Folded> {
    let agents: HashMap<String, i64> = c
        .prepare_cached("SELECT login, id FROM agents")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if from != Marks::default() {
        return fold_scope(c, from, to, Scope::Touched, &agents);
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4) as i64;
    if threads < 2 || to.leads < PARALLEL_FROM {
        return fold_scope(c, from, to, Scope::Ids(0, to.leads), &agents);
    }
    let step = to.leads / threads + 1;
    let agents = &agents;
    let parts: Vec<Result<Folded>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|i| {
                let (lo, hi) = (i * step, ((i + 1) * step).min(to.leads));
                s.spawn(move || -> Result<Folded> {
                    let own = Connection::open_with_flags(
                        path,
                        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                    )?;
                    fold_scope(&own, from, to, Scope::Ids(lo, hi), agents)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(StoreError::Invalid(Invalid::Internal(
                        "a report fold failed".into(),
                    )))
                })
            })
            .collect()
    });
    let mut out = Folded::default();
    for p in parts {
        out.add(p?);
    }
    Ok(out)
}

/// `YYYYMM` as `YYYY-MM`.
fn month_text(m: u32) -> String {
    format!("{:04}-{:02}", m / 100, m % 100)
}

/// Adds folded figures to the summary tables.
fn apply(c: &Connection, f: &Folded) -> Result<()> {
    let mut st = c.prepare_cached(
        "INSERT INTO report_month (month, channel_id, agent_id, leads, invalid, calls, inbound_calls,
                                   reached, appointments_set, appointed_leads, visits, orders,
                                   defeat_requests)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
         ON CONFLICT (month, channel_id, agent_id) DO UPDATE SET
            leads = leads + excluded.leads, invalid = invalid + excluded.invalid,
            calls = calls + excluded.calls, inbound_calls = inbound_calls + excluded.inbound_calls,
            reached = reached + excluded.reached,
            appointments_set = appointments_set + excluded.appointments_set,
            appointed_leads = appointed_leads + excluded.appointed_leads,
            visits = visits + excluded.visits, orders = orders + excluded.orders,
            defeat_requests = defeat_requests + excluded.defeat_requests",
    )?;
    // In key order: each insert lands next to the one before.
    let mut rows: Vec<_> = f.months.iter().collect();
    rows.sort_unstable_by_key(|(k, _)| **k);
    for ((m, ch, ag), n) in rows {
        if n.is_zero() {
            continue;
        }
        st.execute(params![
            month_text(*m),
            ch,
            ag,
            n.leads,
            n.invalid,
            n.calls,
            n.inbound_calls,
            n.reached,
            n.appointments_set,
            n.appointed_leads,
            n.visits,
            n.orders,
            n.defeat_requests
        ])?;
    }
    // Leads taken back with their import leave the month they arrived in
    // (folded above, or by an earlier fold).
    let mut st = c.prepare_cached(
        "UPDATE report_month SET leads = leads - ?4 WHERE month = ?1 AND channel_id = ?2 AND agent_id = ?3",
    )?;
    for ((m, ch, ag), n) in &f.withdrawn {
        if *n != 0 {
            st.execute(params![month_text(*m), ch, ag, n])?;
        }
    }
    let mut st = c.prepare_cached(
        "INSERT INTO report_models (month, channel_id, agent_id, model, orders) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (month, channel_id, model, agent_id) DO UPDATE SET orders = orders + excluded.orders",
    )?;
    let mut rows: Vec<_> = f.models.iter().collect();
    rows.sort_unstable_by(|((a, am), _), ((b, bm), _)| {
        (a.0, a.1, am, a.2).cmp(&(b.0, b.1, bm, b.2))
    });
    for (((m, ch, ag), model), n) in rows {
        st.execute(params![month_text(*m), ch, ag, model, n])?;
    }
    let mut st = c.prepare_cached(
        "INSERT INTO report_defeats (month, channel_id, agent_id, reason, defeats, overturned, confirmed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (month, reason, channel_id, agent_id) DO UPDATE SET
            defeats = defeats + excluded.defeats, overturned = overturned + excluded.overturned,
            confirmed = confirmed + excluded.confirmed",
    )?;
    let mut rows: Vec<_> = f.defeats.iter().collect();
    rows.sort_unstable_by(|((a, ar), _), ((b, br), _)| {
        (a.0, ar, a.1, a.2).cmp(&(b.0, br, b.1, b.2))
    });
    for (((m, ch, ag), reason), d) in rows {
        st.execute(params![
            month_text(*m),
            ch,
            ag,
            reason,
            d.defeats,
            d.overturned,
            d.confirmed
        ])?;
    }
    let mut st = c.prepare_cached(
        "INSERT INTO report_grades (month, channel_id, agent_id, old, new, changes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (month, agent_id, old, new, channel_id) DO UPDATE SET
            changes = changes + excluded.changes",
    )?;
    let mut rows: Vec<_> = f.grades.iter().collect();
    rows.sort_unstable_by(|((a, ao, an), _), ((b, bo, bn), _)| {
        (a.0, a.2, ao, an, a.1).cmp(&(b.0, b.2, bo, bn, b.1))
    });
    for (((m, ch, ag), old, new), n) in rows {
        st.execute(params![month_text(*m), ch, ag, old, new, n])?;
    }
    Ok(())
}

/// The history not yet in the report tables, folded (in the caller's
/// snapshot): the marks it starts from and goes to, and the figures.
fn pending(c: &Connection, path: &Path) -> Result<Option<(Marks, Marks, Folded)>> {
    let from = folded_marks(c)?;
    let newest = newest(c)?;
    let to = Marks {
        leads: newest.leads.max(from.leads),
        calls: newest.calls.max(from.calls),
        events: newest.events.max(from.events),
    };
    if to == from {
        return Ok(None);
    }
    Ok(Some((from, to, fold(c, path, from, to)?)))
}

/// Brings the report tables up to date with the history. Returns the rows
/// of history read (0 when nothing was new).
pub(super) fn refresh(store: &SqliteStore) -> Result<u64> {
    if store.read_only() {
        return Err(StoreError::ReadOnly);
    }
    let c = store.conn();
    // Another supervisor may fold at the same time: then theirs is kept and
    // this one starts again from their marks.
    for _ in 0..5 {
        let Some((from, to, folded)) = read(c, || pending(c, store.path()))? else {
            return Ok(0);
        };
        let applied = store.write(|c| {
            if folded_marks(c)? != from {
                return Ok(false);
            }
            apply(c, &folded)?;
            let mut st =
                c.prepare_cached("UPDATE report_folded SET upto = ?2 WHERE source = ?1")?;
            st.execute(params!["leads", to.leads])?;
            st.execute(params!["calls", to.calls])?;
            st.execute(params!["events", to.events])?;
            Ok(true)
        })?;
        if applied {
            return Ok(folded.rows);
        }
    }
    Ok(0)
}

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
fn shown(phone: &Phone, revealed: bool) -> String {
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
            .team_day(q.day, now)?
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

/// The visits expected on `day` (not moved or cancelled), by time.
pub(super) fn expected_visits(
    store: &SqliteStore,
    actor: &Actor,
    day: NaiveDate,
    reveal: bool,
    now: NaiveDateTime,
) -> Result<Vec<ExpectedVisit>> {
    if reveal {
        allow(actor, Op::RevealInReport)?;
    }
    let start = fmt_time(day.and_time(NaiveTime::MIN));
    let end = fmt_time(day.succ_opt().unwrap_or(day).and_time(NaiveTime::MIN));
    let visits: Vec<ExpectedVisit> = store
        .conn()
        .prepare_cached(
            "SELECT a.visit_at, l.id, l.name, l.phone, l.model, c.code, o.login, o.name, l.grade, a.state
             FROM appointments a
             JOIN leads l ON l.id = a.lead_id
             JOIN channels c ON c.id = l.channel_id
             LEFT JOIN agents o ON o.id = l.owner_id
             WHERE a.visit_at >= ?1 AND a.visit_at < ?2 AND a.state NOT IN ('moved', 'cancelled')
             ORDER BY a.visit_at, l.id",
        )?
        .query_map(params![start, end], |r| {
            let state: String = r.get(9)?;
            let lead = of(r, "leads", 1)?;
            Ok(ExpectedVisit {
                at: r.get(0)?,
                lead_id: lead.id(),
                name: r.get(2)?,
                phone: shown(&lead.get(3)?, reveal),
                model: r.get(4)?,
                channel: r.get(5)?,
                agent: r.get(6)?,
                agent_name: r.get(7)?,
                grade: r.get(8)?,
                confirmed: matches!(state.as_str(), "confirmed" | "visited"),
                state,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    if reveal && !visits.is_empty() {
        record_reveal(
            store,
            actor,
            &format!("export visits {day}"),
            visits.len(),
            now,
        )?;
    }
    Ok(visits)
}
