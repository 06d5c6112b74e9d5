//! The life of a lead in the SQLite store: its card, the queue, calls and
//! their effects, claims while on a call, and the supervisor's decisions.
//! Every write is one short `BEGIN IMMEDIATE` transaction (`SqliteStore::write`).

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension};

use super::access::{allow, shown, ties};
use super::rows::{day_end, event};
use super::sqlite::SqliteStore;
use super::values::of;
use super::*;
use crate::domain::access::Op;
use crate::domain::outcome::{self, VisitChange};
use crate::domain::queue;
use crate::domain::{FollowUp, VisitState};

/// A lead's follow-up state with its owner and who holds it on a call.
pub(super) struct LeadRow {
    pub(super) state: FollowUp,
    pub(super) claim: Option<(i64, NaiveDateTime)>,
}

pub(super) fn follow_up(c: &Connection, lead: i64) -> Result<LeadRow> {
    c.prepare_cached(
        "SELECT status, grade, next_due, due_reason, tries_today, tries_on, unreached_days,
                appointment_at, claimed_by, claim_until, id
         FROM leads WHERE id = ?1",
    )?
    .query_row([lead], |r| {
        let row = of(r, "leads", 10)?;
        let claim = match (
            r.get::<_, Option<i64>>(8)?,
            r.get::<_, Option<NaiveDateTime>>(9)?,
        ) {
            (Some(a), Some(u)) => Some((a, u)),
            _ => None,
        };
        Ok(LeadRow {
            state: FollowUp {
                status: row.get(0)?,
                grade: row.get(1)?,
                next_due: r.get(2)?,
                due_reason: row.get(3)?,
                tries_today: r.get(4)?,
                tries_on: r.get(5)?,
                unreached_days: r.get(6)?,
                appointment: r.get(7)?,
            },
            claim,
        })
    })
    .optional()?
    .ok_or(StoreError::NoSuchLead(lead))
}

/// Refuses to touch a lead that someone else holds on a live call: the
/// refusal names who holds it and until when. A claim is never wiped.
pub(super) fn refuse_if_held(
    c: &Connection,
    actor: &Actor,
    lead: i64,
    now: NaiveDateTime,
) -> Result<()> {
    if let Some((holder, until)) = follow_up(c, lead)?.claim {
        if holder != actor.real.id && until > now {
            let by: String = c
                .prepare_cached("SELECT name FROM agents WHERE id = ?1")?
                .query_row([holder], |r| r.get(0))?;
            return Err(StoreError::Claimed { lead, by, until });
        }
    }
    Ok(())
}

/// Saves a lead's new follow-up state and logs every change of grade and
/// status in the event log.
pub(super) fn save_follow_up(
    c: &Connection,
    actor: &Actor,
    lead: i64,
    before: &FollowUp,
    after: &FollowUp,
    note: Option<&str>,
    now: NaiveDateTime,
) -> Result<()> {
    c.prepare_cached(
        "UPDATE leads SET status = ?2, grade = ?3, next_due = ?4, due_reason = ?5,
                tries_today = ?6, tries_on = ?7, unreached_days = ?8, appointment_at = ?9,
                updated_at = ?10
         WHERE id = ?1",
    )?
    .execute(params![
        lead,
        after.status,
        after.grade,
        after.next_due.map(fmt_time),
        after.due_reason,
        after.tries_today,
        after.tries_on,
        after.unreached_days,
        after.appointment.map(fmt_time),
        fmt_time(now),
    ])?;
    if before.grade != after.grade {
        event(
            c,
            actor,
            lead,
            EventKind::Grade,
            Some(before.grade.as_str()),
            Some(after.grade.as_str()),
            note,
            now,
        )?;
    }
    if before.status != after.status {
        event(
            c,
            actor,
            lead,
            EventKind::Status,
            Some(before.status.code()),
            Some(after.status.code()),
            note,
            now,
        )?;
    }
    Ok(())
}

impl SqliteStore {
    /// A lead's card with its whole history, calls and changes interleaved.
    pub(super) fn lead_card(&self, id: i64, now: NaiveDateTime) -> Result<LeadCard> {
        let mut card = self
            .conn()
            .prepare_cached(
                "SELECT l.id, l.name, l.phone, c.id, c.code, c.name_zh, c.name_en, c.kind, l.model,
                        l.purchase_by, l.visit_by, l.grade, l.status, o.login, o.name, l.next_due,
                        l.due_reason, l.appointment_at, l.unreached_days,
                        CASE WHEN l.claim_until > ?2 THEN k.login END, l.note, l.created_at,
                        l.gender, l.city, l.current_car, l.purchase_type, l.payment, l.consent
                 FROM leads l
                 JOIN channels c ON c.id = l.channel_id
                 LEFT JOIN agents o ON o.id = l.owner_id
                 LEFT JOIN agents k ON k.id = l.claimed_by
                 WHERE l.id = ?1",
            )?
            .query_row(params![id, fmt_time(now)], |r| {
                let lead = of(r, "leads", 0)?;
                Ok(LeadCard {
                    id: lead.id(),
                    name: r.get(1)?,
                    phone: ShownPhone::Full(lead.get(2)?),
                    channel: Channel {
                        id: r.get(3)?,
                        code: r.get(4)?,
                        name_zh: r.get(5)?,
                        name_en: r.get(6)?,
                        kind: r.get(7)?,
                    },
                    model: r.get(8)?,
                    purchase_by: r.get(9)?,
                    visit_by: lead.get(10)?,
                    grade: lead.get(11)?,
                    status: lead.get(12)?,
                    owner: r.get(13)?,
                    owner_name: r.get(14)?,
                    next_due: r.get(15)?,
                    due_reason: lead.get(16)?,
                    appointment: r.get(17)?,
                    unreached_days: r.get(18)?,
                    claimed_by: r.get(19)?,
                    note: r.get(20)?,
                    created_at: r.get(21)?,
                    details: LeadDetails {
                        gender: lead.get(22)?,
                        city: r.get(23)?,
                        current_car: r.get(24)?,
                        purchase_type: lead.get(25)?,
                        payment: lead.get(26)?,
                        consent: r.get(27)?,
                    },
                    consultant: None,
                    consultant_name: None,
                    history: Vec::new(),
                })
            })
            .optional()?
            .ok_or(StoreError::NoSuchLead(id))?;

        let mut calls = self.conn().prepare_cached(
            "SELECT c.started_at, c.ended_at, a.login, b.login, c.outcome, c.grade_before,
                    c.grade_after, c.reason, c.note, c.id
             FROM calls c JOIN agents a ON a.id = c.agent_id JOIN agents b ON b.id = c.actor_id
             WHERE c.lead_id = ?1 ORDER BY c.started_at, c.id",
        )?;
        let rows = calls.query_map([id], |r| {
            let call = of(r, "calls", 9)?;
            Ok(HistoryEntry::Call {
                at: r.get(0)?,
                ended_at: r.get(1)?,
                agent: r.get(2)?,
                actor: r.get(3)?,
                outcome: call.get(4)?,
                grade_before: call.get(5)?,
                grade_after: call.get(6)?,
                reason: r.get(7)?,
                note: r.get(8)?,
            })
        })?;
        card.history = rows.collect::<rusqlite::Result<_>>()?;
        let mut events = self.conn().prepare_cached(
            "SELECT e.at, a.login, b.login, e.kind, e.old, e.new, e.note, e.id
             FROM events e JOIN agents a ON a.id = e.agent_id JOIN agents b ON b.id = e.actor_id
             WHERE e.lead_id = ?1 ORDER BY e.at, e.id",
        )?;
        let rows = events.query_map([id], |r| {
            let event = of(r, "events", 7)?;
            let kind = event.get(3)?;
            Ok(HistoryEntry::Change {
                at: r.get(0)?,
                agent: r.get(1)?,
                actor: r.get(2)?,
                kind,
                old: event.change(kind, 4)?,
                new: event.change(kind, 5)?,
                note: r.get(6)?,
            })
        })?;
        for e in rows {
            card.history.push(e?);
        }
        card.history
            .extend(super::showroom::history(self.conn(), id)?);
        if let Some((login, name)) = super::showroom::consultant_of(self.conn(), id)? {
            card.consultant = Some(login);
            card.consultant_name = Some(name);
        }
        // Stable: a call and the changes it caused share a time; the call comes first.
        card.history.sort_by_key(|h| h.at());
        // Verification calls saved with the old outcomes read as what they were.
        crate::domain::verification::read_verifications(&mut card.history);
        Ok(card)
    }

    /// One agent's queue (or the team's) for `day`, in the documented order.
    pub(super) fn queue_of(
        &self,
        actor: &Actor,
        agent: Option<i64>,
        day: NaiveDate,
        now: NaiveDateTime,
    ) -> Result<Vec<QueueItem>> {
        let rules = self.rules()?;
        let select = "SELECT l.id, l.name, l.phone, l.model, c.code, l.grade, o.login, l.status,
                             l.next_due, l.due_reason,
                             CASE WHEN l.claim_until > ?2 THEN k.login END, l.appointment_at,
                             l.owner_id, CASE WHEN l.claim_until > ?2 THEN l.claimed_by END
                      FROM leads l
                      JOIN channels c ON c.id = l.channel_id
                      LEFT JOIN agents o ON o.id = l.owner_id
                      LEFT JOIN agents k ON k.id = l.claimed_by";
        let sql = match agent {
            Some(_) => format!(
                "{select} WHERE l.owner_id = ?3 AND l.next_due IS NOT NULL AND l.next_due < ?1
                          AND l.status <> 'dnc'"
            ),
            None => format!(
                "{select} WHERE l.next_due IS NOT NULL AND l.next_due < ?1 AND l.status <> 'dnc'
                          AND ?3 IS NULL"
            ),
        };
        let mut st = self.conn().prepare_cached(&sql)?;
        let today = now.date();
        let rows = st.query_map(params![day_end(day), fmt_time(now), agent], |r| {
            let lead = of(r, "leads", 0)?;
            let due: NaiveDateTime = r.get(8)?;
            let appointment: Option<NaiveDateTime> = r.get(11)?;
            // A lead in the queue without a reason is due by the cadence.
            let reason = lead
                .get::<Option<DueReason>>(9)?
                .unwrap_or(DueReason::Cadence);
            Ok(QueueItem {
                lead_id: lead.id(),
                name: r.get(1)?,
                phone: shown(actor, &lead.get(2)?, r.get(12)?, r.get(13)?),
                model: r.get(3)?,
                channel: r.get(4)?,
                grade: lead.get(5)?,
                owner: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
                status: lead.get(7)?,
                due_at: due,
                reason: queue::effective_reason(reason, appointment, &rules, now),
                days_overdue: queue::days_overdue(due, today),
                claimed_by: r.get(10)?,
                appointment,
            })
        })?;
        let mut items: Vec<QueueItem> = rows.collect::<rusqlite::Result<_>>()?;
        queue::sort(&mut items, &rules, now);
        Ok(items)
    }

    /// Saves a call and its effect on the lead in one transaction.
    pub(super) fn save_call(
        &self,
        actor: &Actor,
        call: &CallLog,
        now: NaiveDateTime,
    ) -> Result<Logged> {
        check_call(call, now)?;
        let rules = self.rules()?;
        let reasons = self.reason_codes()?;
        let started = call.started.unwrap_or(now).min(now);
        self.write(|c| {
            let lead = ties(c, call.lead_id, now)?;
            allow(
                actor,
                Op::Log {
                    lead,
                    inbound: call.inbound,
                },
            )?;
            if call.outcome.verifies() {
                allow(actor, Op::Verify(lead))?;
            }
            let LeadRow {
                state: before,
                claim,
                ..
            } = follow_up(c, call.lead_id)?;
            if let Some((holder, until)) = claim {
                if holder != actor.real.id && until > now {
                    let by = self.agent_by_id(holder)?;
                    return Err(StoreError::Claimed {
                        lead: call.lead_id,
                        by: by.name,
                        until,
                    });
                }
            }
            let effect =
                outcome::apply(&before, call.outcome, &call.report, &rules, &reasons, now)?;
            let after = &effect.after;
            let note = call.note.as_deref().filter(|n| !n.trim().is_empty());
            c.prepare_cached(
                "INSERT INTO calls (lead_id, agent_id, actor_id, started_at, ended_at, outcome,
                                    grade_before, grade_after, reason, note, direction)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                call.lead_id,
                actor.agent.id,
                actor.real.id,
                fmt_time(started),
                fmt_time(now),
                call.outcome,
                before.grade,
                after.grade,
                call.report.reason,
                note,
                if call.inbound { "in" } else { "out" },
            ])?;
            let call_id = c.last_insert_rowid();
            if call.outcome == Outcome::Dnc {
                let phone: String =
                    c.query_row("SELECT phone FROM leads WHERE id = ?1", [call.lead_id], |r| r.get(0))?;
                c.prepare_cached(
                    "INSERT INTO dnc (phone, added_at, added_by, origin, note) VALUES (?1, ?2, ?3, 'outcome', ?4)
                     ON CONFLICT (phone) DO NOTHING",
                )?
                .execute(params![phone, fmt_time(now), actor.real.id, note])?;
            }
            save_follow_up(c, actor, call.lead_id, &before, after, note, now)?;
            // A lead given up as lost is verified by someone other than its agent.
            if after.status == Status::Lost && before.status != Status::Lost {
                if let Some(v) = super::team::verifier(c, call.lead_id)? {
                    super::team::move_lead(c, actor, call.lead_id, (v.0, &v.1), "verification", now)?;
                }
            }
            if let Some(change) = effect.visit {
                record_visit(c, actor, call.lead_id, change, now)?;
            }
            // The call is over: the lead is free again.
            c.prepare_cached(
                "UPDATE leads SET claimed_by = NULL, claim_until = NULL
                 WHERE id = ?1 AND claimed_by = ?2",
            )?
            .execute(params![call.lead_id, actor.real.id])?;
            Ok(Logged {
                call_id,
                lead_id: call.lead_id,
                outcome: call.outcome,
                status: after.status,
                grade: after.grade.clone(),
                next_due: after.next_due,
                due_reason: after.due_reason,
                offer_lost: effect.offer_lost,
            })
        })
    }

    pub(super) fn claim_lead(&self, actor: &Actor, lead: i64, now: NaiveDateTime) -> Result<Claim> {
        let until = now + chrono::Duration::minutes(CLAIM_MINUTES);
        self.write(|c| {
            allow(actor, Op::Call(ties(c, lead, now)?))?;
            let n = c
                .prepare_cached(
                    "UPDATE leads SET claimed_by = ?2, claim_until = ?3
                     WHERE id = ?1 AND (claimed_by IS NULL OR claimed_by = ?2 OR claim_until <= ?4)",
                )?
                .execute(params![lead, actor.real.id, fmt_time(until), fmt_time(now)])?;
            if n == 1 {
                return Ok(Claim { lead_id: lead, until });
            }
            let claim = follow_up(c, lead)?.claim;
            match claim {
                Some((holder, until)) => Err(StoreError::Claimed {
                    lead,
                    by: self.agent_by_id(holder)?.name,
                    until,
                }),
                None => Err(StoreError::NoSuchLead(lead)),
            }
        })
    }

    pub(super) fn release_lead(&self, actor: &Actor, lead: i64) -> Result<()> {
        self.write(|c| {
            c.prepare_cached(
                "UPDATE leads SET claimed_by = NULL, claim_until = NULL WHERE id = ?1 AND claimed_by = ?2",
            )?
            .execute(params![lead, actor.real.id])?;
            Ok(())
        })
    }

    /// A supervisor's approval or rejection of a defeat or invalid request.
    pub(super) fn decide_request(
        &self,
        actor: &Actor,
        lead: i64,
        approve: bool,
        note: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<Status> {
        allow(actor, Op::Decide)?;
        crate::domain::text::check_opt(crate::domain::text::Field::Note, note)?;
        let rules = self.rules()?;
        self.write(|c| {
            refuse_if_held(c, actor, lead, now)?;
            let before = follow_up(c, lead)?.state;
            // The status it had before the request, from the event log.
            let previous: Option<Status> = c
                .prepare_cached(
                    "SELECT old, id FROM events WHERE lead_id = ?1 AND kind = 'status'
                       AND new IN ('defeat_requested', 'invalid_requested')
                     ORDER BY id DESC LIMIT 1",
                )?
                .query_row([lead], |r| of(r, "events", 1)?.get(0))
                .optional()?
                .flatten();
            let after = outcome::decide_from(&before, approve, previous, &rules, now)?;
            save_follow_up(c, actor, lead, &before, &after, note, now)?;
            // Every approved defeat is verified by someone other than the agent who asked.
            if after.awaiting_verification() {
                if let Some(v) = super::team::verifier(c, lead)? {
                    super::team::move_lead(c, actor, lead, (v.0, &v.1), "verification", now)?;
                }
            }
            Ok(after.status)
        })
    }
}

pub(super) fn record_visit(
    c: &Connection,
    actor: &Actor,
    lead: i64,
    change: VisitChange,
    now: NaiveDateTime,
) -> Result<()> {
    let open: Option<i64> = c
        .prepare_cached(
            "SELECT id FROM appointments WHERE lead_id = ?1 AND state IN ('set', 'confirmed')
             ORDER BY id DESC LIMIT 1",
        )?
        .query_row([lead], |r| r.get(0))
        .optional()?;
    let close = |state: VisitState| -> Result<()> {
        if let Some(id) = open {
            c.prepare_cached("UPDATE appointments SET state = ?2, updated_at = ?3 WHERE id = ?1")?
                .execute(params![id, state, fmt_time(now)])?;
        }
        Ok(())
    };
    match change {
        VisitChange::Set(at) => {
            close(VisitState::Moved)?;
            c.prepare_cached(
                "INSERT INTO appointments (lead_id, visit_at, state, set_by, set_at, updated_at)
                 VALUES (?1, ?2, 'set', ?3, ?4, ?4)",
            )?
            .execute(params![lead, fmt_time(at), actor.agent.id, fmt_time(now)])?;
        }
        VisitChange::Confirmed => close(VisitState::Confirmed)?,
        VisitChange::Visited => close(VisitState::Visited)?,
        VisitChange::NoShow => close(VisitState::NoShow)?,
        VisitChange::Cancelled => close(VisitState::Cancelled)?,
    }
    Ok(())
}

/// The text and times of a call, checked at the door: the note's characters
/// and length, the customer's time within a year, a visit within 90 days.
fn check_call(call: &CallLog, now: NaiveDateTime) -> Result<()> {
    use crate::domain::limits::{check_time, TimeKind};
    use crate::domain::text::{check, check_opt, Field};
    check_opt(Field::Note, call.note.as_deref())?;
    if let Some(code) = &call.report.reason {
        check(Field::ReasonCode, code)?;
    }
    if let Some(at) = call.report.at {
        check_time(TimeKind::Callback, at, now)?;
    }
    if let Some(visit) = call.report.visit {
        check_time(TimeKind::Visit, visit, now)?;
    }
    Ok(())
}
