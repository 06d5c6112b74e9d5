//! The showroom in the SQLite store: the day's visit list as a consultant
//! sees it, and the handover events (arrived, no-show, ordered, delivered,
//! showroom defeat, next follow-up), each a row of the append-only
//! `handovers` log under who recorded it, with the lead's state changed as
//! `domain::showroom::apply` says, in one transaction.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::{params, Connection, OptionalExtension};

use super::access::{allow, ties};
use super::lifecycle::{follow_up, record_visit, refuse_if_held, save_follow_up};
use super::rows::day_end;
use super::sqlite::SqliteStore;
use super::values::of;
use super::*;
use crate::domain::access::{self, LeadTies, Op};
use crate::domain::showroom::{self, HandedOver, Handover, HandoverKind, ShowroomVisit};

/// What the showroom does through the store.
pub trait ShowroomStore {
    /// The visits expected on `day` (not moved or cancelled), by time, with
    /// the DCC agent who set each, whether it was confirmed and who received
    /// it; numbers masked but for the leads the reader received.
    fn showroom_visits(
        &self,
        actor: &Actor,
        day: NaiveDate,
        now: NaiveDateTime,
    ) -> Result<Vec<ShowroomVisit>>;

    /// Records a handover event on a lead. An arrival hands the lead to the
    /// consultant acting.
    fn handover(&self, actor: &Actor, h: &Handover, now: NaiveDateTime) -> Result<HandedOver>;
}

impl ShowroomStore for SqliteStore {
    fn showroom_visits(
        &self,
        actor: &Actor,
        day: NaiveDate,
        now: NaiveDateTime,
    ) -> Result<Vec<ShowroomVisit>> {
        allow(actor, Op::SeeVisits)?;
        let start = fmt_time(day.and_time(NaiveTime::MIN));
        let end = day_end(day);
        let mut stmt = self.conn().prepare_cached(
            "SELECT a.visit_at, l.id, l.name, l.phone, l.model, l.grade, s.login, s.name,
                    a.state, k.login, k.name, l.status, l.owner_id, l.consultant_id,
                    CASE WHEN l.claim_until > ?3 THEN l.claimed_by END
             FROM appointments a
             JOIN leads l ON l.id = a.lead_id
             JOIN agents s ON s.id = a.set_by
             LEFT JOIN agents k ON k.id = l.consultant_id
             WHERE a.visit_at >= ?1 AND a.visit_at < ?2 AND a.state NOT IN ('moved', 'cancelled')
             ORDER BY a.visit_at, l.id",
        )?;
        let rows = stmt.query_map(params![start, end, fmt_time(now)], |r| {
            let lead = of(r, "leads", 1)?;
            let state: String = r.get(8)?;
            let t = LeadTies {
                id: lead.id(),
                owner: r.get(12)?,
                consultant: r.get(13)?,
                on_call: r.get(14)?,
                ..LeadTies::default()
            };
            let phone: crate::domain::phone::Phone = lead.get(3)?;
            Ok(ShowroomVisit {
                at: r.get(0)?,
                lead_id: lead.id(),
                name: r.get(2)?,
                phone: ShownPhone::of(&phone, access::sees_full_number(actor, &t)),
                model: r.get(4)?,
                grade: r.get(5)?,
                set_by: r.get(6)?,
                set_by_name: r.get(7)?,
                confirmed: matches!(state.as_str(), "confirmed" | "visited"),
                state,
                consultant: r.get(9)?,
                consultant_name: r.get(10)?,
                status: lead.get(11)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn handover(&self, actor: &Actor, h: &Handover, now: NaiveDateTime) -> Result<HandedOver> {
        use crate::domain::text::{check, check_opt, Field};
        check_opt(Field::Note, h.note.as_deref())?;
        if let Some(code) = &h.reason {
            check(Field::ReasonCode, code)?;
        }
        let rules = self.rules()?;
        let reasons = self.reason_codes()?;
        self.write(|c| {
            let t = ties(c, h.lead_id, now)?;
            if h.kind.receives() {
                allow(actor, Op::Receive(t))?;
            } else {
                allow(actor, Op::Handover(t))?;
            }
            refuse_if_held(c, actor, h.lead_id, now)?;
            // A visit counts once a day, from the visit list or a walk-in.
            if h.kind == HandoverKind::Arrived
                && super::walk_in::arrived_on(c, h.lead_id, now.date())?
            {
                return Err(Refusal::ArrivedToday(h.lead_id).into());
            }
            let before = follow_up(c, h.lead_id)?.state;
            let effect = showroom::apply(&before, h, &rules, &reasons, now)?;
            let note = h.note.as_deref().filter(|n| !n.trim().is_empty());
            // The note is the handover's, not the status change's.
            save_follow_up(c, actor, h.lead_id, &before, &effect.after, None, now)?;
            if let Some(change) = effect.visit {
                record_visit(c, actor, h.lead_id, change, now)?;
            }
            // The handover: the consultant who receives the visit.
            let consultant = if h.kind == HandoverKind::Arrived {
                c.prepare_cached(
                    "UPDATE leads SET handed_at = CASE WHEN consultant_id IS ?2 THEN handed_at ELSE ?3 END,
                                      consultant_id = ?2
                     WHERE id = ?1",
                )?
                .execute(params![h.lead_id, actor.agent.id, fmt_time(now)])?;
                Some(actor.agent.id)
            } else {
                t.consultant
            };
            if h.kind == HandoverKind::Defeat {
                showroom_defeat_source(c, actor, h.lead_id, now)?;
            }
            c.prepare_cached(
                "INSERT INTO handovers (lead_id, at, kind, consultant_id, agent_id, actor_id,
                                        reason, note, follow_up)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                h.lead_id,
                fmt_time(now),
                h.kind,
                consultant,
                actor.agent.id,
                actor.real.id,
                h.reason,
                note,
                h.follow_up,
            ])?;
            let id = c.last_insert_rowid();
            let (name, login, cname): (String, Option<String>, Option<String>) = c
                .prepare_cached(
                    "SELECT l.name, k.login, k.name FROM leads l
                     LEFT JOIN agents k ON k.id = ?2 WHERE l.id = ?1",
                )?
                .query_row(params![h.lead_id, consultant], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
            Ok(HandedOver {
                id,
                lead_id: h.lead_id,
                name,
                kind: h.kind,
                status: effect.after.status,
                consultant: login,
                consultant_name: cname,
                follow_up: h.follow_up,
            })
        })
    }
}

/// A lead defeated in the showroom comes back to the DCC from the source
/// "showroom defeat" (展厅战败回流), if the dealer keeps that channel.
fn showroom_defeat_source(
    c: &Connection,
    actor: &Actor,
    lead: i64,
    now: NaiveDateTime,
) -> Result<()> {
    let channel: Option<i64> = c
        .prepare_cached("SELECT id FROM channels WHERE code = 'showroom_defeat'")?
        .query_row([], |r| r.get(0))
        .optional()?;
    if let Some(channel) = channel {
        c.prepare_cached(
            "INSERT INTO lead_sources (lead_id, channel_id, at, agent_id, origin)
             VALUES (?1, ?2, ?3, ?4, 'showroom')",
        )?
        .execute(params![lead, channel, fmt_time(now), actor.real.id])?;
    }
    Ok(())
}

/// The consultant a lead was handed to (login, name).
pub(super) fn consultant_of(c: &Connection, lead: i64) -> Result<Option<(String, String)>> {
    Ok(c.prepare_cached(
        "SELECT k.login, k.name FROM leads l JOIN agents k ON k.id = l.consultant_id
             WHERE l.id = ?1",
    )?
    .query_row([lead], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()?)
}

/// A lead's handover events for its history, oldest first.
pub(super) fn history(c: &Connection, lead: i64) -> Result<Vec<HistoryEntry>> {
    let mut stmt = c.prepare_cached(
        "SELECT h.at, a.login, b.login, h.kind, k.login, k.name, h.reason, h.follow_up, h.note, h.id
         FROM handovers h
         JOIN agents a ON a.id = h.agent_id
         JOIN agents b ON b.id = h.actor_id
         LEFT JOIN agents k ON k.id = h.consultant_id
         WHERE h.lead_id = ?1 ORDER BY h.at, h.id",
    )?;
    let rows = stmt.query_map([lead], |r| {
        Ok(HistoryEntry::Handover {
            at: r.get(0)?,
            agent: r.get(1)?,
            actor: r.get(2)?,
            kind: of(r, "handovers", 9)?.get(3)?,
            consultant: r.get(4)?,
            consultant_name: r.get(5)?,
            reason: r.get(6)?,
            follow_up: r.get(7)?,
            note: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
