//! The supervisor's operations: the team's day, requests waiting for a
//! decision, who verifies a defeat, and moving leads between agents.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::{params, Connection, OptionalExtension};

use super::access::allow;
use super::values::of;
use super::LeadStore;
use super::{event, fmt_time};
use super::{
    Actor, AgentDay, Invalid, PendingRequest, Required, Result, ShownPhone, SqliteStore, StoreError,
};
use crate::domain::access::Op;
use crate::domain::text;
use crate::domain::EventKind;

/// Calls a day an agent aims for when no target is set.
pub const DEFAULT_DAILY_TARGET: u32 = 60;

pub(super) fn team_day(
    c: &Connection,
    day: NaiveDate,
    now: NaiveDateTime,
) -> Result<Vec<AgentDay>> {
    let start = fmt_time(day.and_time(NaiveTime::MIN));
    let end = fmt_time(day.succ_opt().unwrap_or(day).and_time(NaiveTime::MIN));
    let mut rows: Vec<AgentDay> = c
        .prepare_cached(
            "SELECT id, login, name, role, coalesce(daily_target, ?1) FROM agents
             WHERE active AND role IN ('outbound', 'supervisor') ORDER BY login",
        )?
        .query_map([DEFAULT_DAILY_TARGET], |r| {
            Ok(AgentDay {
                agent_id: r.get(0)?,
                login: r.get(1)?,
                name: r.get(2)?,
                role: r.get(3)?,
                target: r.get(4)?,
                ..Default::default()
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let index: HashMap<i64, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, a)| (a.agent_id, i))
        .collect();
    // Still due today (through the due index only).
    let mut st = c.prepare_cached(
        "SELECT owner_id, count(*), sum(next_due < ?1), sum(next_due <= ?3) FROM leads
         WHERE next_due IS NOT NULL AND next_due < ?2 AND status <> 'dnc' GROUP BY owner_id",
    )?;
    let mut due = st.query(params![start, end, fmt_time(now)])?;
    while let Some(r) = due.next()? {
        if let Some(&i) = r.get::<_, Option<i64>>(0)?.and_then(|id| index.get(&id)) {
            rows[i].remaining = r.get(1)?;
            rows[i].overdue = r.get(2)?;
            rows[i].due_now = r.get(3)?;
        }
    }
    // Today's calls (through the time index only).
    let mut st = c.prepare_cached(
        "SELECT agent_id, count(*), count(DISTINCT lead_id), sum(outcome <> 'no-answer'),
                sum(outcome = 'appointment')
         FROM calls WHERE started_at >= ?1 AND started_at < ?2 GROUP BY agent_id",
    )?;
    let mut calls = st.query(params![start, end])?;
    while let Some(r) = calls.next()? {
        if let Some(&i) = index.get(&r.get::<_, i64>(0)?) {
            rows[i].calls = r.get(1)?;
            rows[i].done = r.get(2)?;
            rows[i].reached = r.get(3)?;
            rows[i].appointments = r.get(4)?;
        }
    }
    Ok(rows)
}

pub(super) fn pending(c: &Connection) -> Result<Vec<PendingRequest>> {
    let mut st = c.prepare_cached(
        "SELECT l.id, l.name, l.phone, l.status, l.model, l.grade,
                a.login, a.name, k.reason, k.note, k.started_at
         FROM leads l
         LEFT JOIN calls k ON k.id = (SELECT max(id) FROM calls WHERE lead_id = l.id
                                       AND outcome IN ('defeat', 'invalid'))
         LEFT JOIN agents a ON a.id = k.agent_id
         WHERE l.status IN ('defeat_requested', 'invalid_requested')
         ORDER BY k.started_at, l.id",
    )?;
    let rows = st.query_map([], |r| {
        let lead = of(r, "leads", 0)?;
        Ok(PendingRequest {
            lead_id: lead.id(),
            name: r.get(1)?,
            phone: ShownPhone::of(&lead.get(2)?, false),
            status: lead.get(3)?,
            model: r.get(4)?,
            grade: lead.get(5)?,
            agent: r.get(6)?,
            agent_name: r.get(7)?,
            reason: r.get(8)?,
            note: r.get(9)?,
            at: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Who calls a lead to verify its defeat: an active outbound agent other
/// than the one who asked for it, the one with the fewest calls scheduled.
pub(super) fn verifier(c: &Connection, lead: i64) -> Result<Option<(i64, String)>> {
    let requester: Option<i64> = c
        .prepare_cached(
            "SELECT agent_id FROM calls WHERE lead_id = ?1 AND outcome IN ('defeat', 'lost')
             ORDER BY id DESC LIMIT 1",
        )?
        .query_row([lead], |r| r.get(0))
        .optional()?;
    Ok(c.prepare_cached(
        "SELECT a.id, a.login FROM agents a
         LEFT JOIN (SELECT owner_id, count(*) AS n FROM leads WHERE next_due IS NOT NULL GROUP BY owner_id) q
                ON q.owner_id = a.id
         WHERE a.active AND a.role = 'outbound' AND a.id IS NOT ?1
         ORDER BY coalesce(q.n, 0), a.id LIMIT 1",
    )?
    .query_row([requester], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()?)
}

/// Gives a lead a new owner, with the move in the event log.
pub(super) fn move_lead(
    c: &Connection,
    actor: &Actor,
    lead: i64,
    to: (i64, &str),
    reason: &str,
    now: NaiveDateTime,
) -> Result<bool> {
    let old: Option<Option<String>> = c
        .prepare_cached(
            "SELECT a.login FROM leads l LEFT JOIN agents a ON a.id = l.owner_id WHERE l.id = ?1",
        )?
        .query_row([lead], |r| r.get(0))
        .optional()?;
    let Some(old) = old else {
        return Err(StoreError::NoSuchLead(lead));
    };
    if old.as_deref() == Some(to.1) {
        return Ok(false);
    }
    // A lead on someone else's call stays theirs until the call is logged.
    super::lifecycle::refuse_if_held(c, actor, lead, now)?;
    c.prepare_cached("UPDATE leads SET owner_id = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![lead, to.0, fmt_time(now)])?;
    event(
        c,
        actor,
        lead,
        EventKind::Owner,
        old.as_deref(),
        Some(to.1),
        Some(reason),
        now,
    )?;
    Ok(true)
}

/// A lead that changed hands, for the notice on the agent's screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    pub lead_id: i64,
    pub name: String,
    pub from: Option<String>,
    pub to: Option<String>,
    /// Who moved it (login).
    pub by: String,
}

pub(super) fn moves_since(
    c: &Connection,
    login: &str,
    after: Option<i64>,
) -> Result<(i64, Vec<Move>)> {
    let last: i64 = c
        .prepare_cached("SELECT coalesce(max(id), 0) FROM events")?
        .query_row([], |r| r.get(0))?;
    let Some(after) = after else {
        return Ok((last, Vec::new()));
    };
    let moves = c
        .prepare_cached(
            "SELECT e.lead_id, l.name, e.old, e.new, b.login FROM events e
             JOIN leads l ON l.id = e.lead_id JOIN agents b ON b.id = e.actor_id
             WHERE e.id > ?1 AND e.id <= ?3 AND e.kind = 'owner' AND e.old IS NOT NULL
               AND (e.old = ?2 OR e.new = ?2) AND b.login <> ?2
             ORDER BY e.id",
        )?
        .query_map(params![after, login, last], |r| {
            Ok(Move {
                lead_id: r.get(0)?,
                name: r.get(1)?,
                from: r.get(2)?,
                to: r.get(3)?,
                by: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok((last, moves))
}

pub(super) fn reassign(
    store: &SqliteStore,
    actor: &Actor,
    leads: &[i64],
    to: &str,
    reason: &str,
    now: NaiveDateTime,
) -> Result<usize> {
    allow(actor, Op::Reassign)?;
    if reason.trim().is_empty() {
        return Err(StoreError::Invalid(Invalid::Missing(Required::MoveReason)));
    }
    text::check(text::Field::Note, reason)?;
    let target = store
        .agent(to)?
        .filter(|a| a.active && a.role.owns_leads())
        .ok_or_else(|| StoreError::NoSuchAgent(to.to_string()))?;
    store.write(|c| {
        let mut moved = 0;
        for &lead in leads {
            if super::team::move_lead(
                c,
                actor,
                lead,
                (target.id, &target.login),
                reason.trim(),
                now,
            )? {
                moved += 1;
            }
        }
        Ok(moved)
    })
}
