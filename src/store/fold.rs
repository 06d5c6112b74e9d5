//! Folding the append-only history into the reports' summary tables.
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

use std::path::Path;

use rusqlite::{params, Connection, OpenFlags, Row, Rows};

use super::values::of;
use super::{Invalid, Result, SqliteStore, StoreError};
use crate::report::fold::{fold_lead, stamp, CallRow, EventRow, Folded, LeadRow, Marks};

/// Runs `f` in a read transaction: every query sees the same snapshot.
pub(super) fn read<T>(c: &Connection, f: impl FnOnce() -> Result<T>) -> Result<T> {
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
pub(super) fn pending(c: &Connection, path: &Path) -> Result<Option<(Marks, Marks, Folded)>> {
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

impl SqliteStore {
    /// Folds the history into the report tables for nobody in particular:
    /// the demo, once it has written its history.
    #[cfg(feature = "tools")]
    pub(crate) fn fold_history(&self) -> Result<u64> {
        refresh(self)
    }
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
