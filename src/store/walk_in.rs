//! Walk-ins registered at reception, in the SQLite store. A number the DCC
//! knows is that lead's visit: the lead is handed to the consultant who
//! received the customer, as an arrival on the visit list hands it, counted
//! once a day however often it is registered. A new number is a new lead
//! from the showroom channel (`walkin`), owned by an outbound agent by the
//! dealer's rule (`intake::choose_owner`), and received at once. Every
//! walk-in is a row of the append-only `walk_ins` register (migration 17),
//! counted or not; the visit is recorded under the consultant's name with
//! who registered it, in one transaction.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::{params, Connection, OptionalExtension};

use super::access::{allow, ties};
use super::intake::{insert_lead, lead_by_phone};
use super::lifecycle::{follow_up, record_visit, refuse_if_held, save_follow_up};
use super::rows::day_end;
use super::sqlite::SqliteStore;
use super::values::of;
use super::*;
use crate::domain::access::{self, LeadTies, Op};
use crate::domain::showroom::{self, Handover, HandoverKind};
use crate::domain::walk_in::{self as walk_ins, NotCounted, WalkIn, WalkInRow, WalkedIn};

/// What reception does through the store.
pub trait WalkInStore {
    /// Registers a walk-in: a known number counts as that lead's visit,
    /// handed to the consultant (once a day); a new number is a new lead
    /// from the showroom channel.
    fn walk_in(&self, actor: &Actor, w: &WalkIn, now: NaiveDateTime) -> Result<WalkedIn>;

    /// The walk-ins that came in on `day`, in order; numbers masked but for
    /// the customers the reader received or whose DCC agent they are.
    fn walk_ins(&self, actor: &Actor, day: NaiveDate, now: NaiveDateTime)
        -> Result<Vec<WalkInRow>>;
}

impl WalkInStore for SqliteStore {
    fn walk_in(&self, actor: &Actor, w: &WalkIn, now: NaiveDateTime) -> Result<WalkedIn> {
        use crate::domain::text::{check, check_opt, Field};
        allow(actor, Op::WalkIn)?;
        if w.name.trim().is_empty() {
            return Err(StoreError::Invalid(Invalid::Missing(
                Required::CustomerName,
            )));
        }
        check(Field::Name, &w.name)?;
        check_opt(Field::Note, w.note.as_deref())?;
        walk_ins::check_times(w, now)?;
        let consultant = self
            .agent(&w.consultant)?
            .filter(|a| a.active)
            .ok_or_else(|| StoreError::NoSuchAgent(w.consultant.clone()))?;
        if !consultant.role.in_showroom() {
            return Err(Refusal::NotAConsultant(consultant.login).into());
        }
        // The visit is the consultant's, registered by whoever is at the
        // keyboard (both recorded, as for a supervisor acting for them).
        let received = Actor {
            agent: consultant.clone(),
            real: actor.real.clone(),
        };
        let rules = self.rules()?;
        let reasons = self.reason_codes()?;
        self.write(|c| {
            let (lead_id, new_lead) = match lead_by_phone(c, w.phone.as_str())? {
                Some(id) => (id, false),
                None => (new_lead(self, c, &received, w, &rules, now)?, true),
            };
            refuse_if_held(c, actor, lead_id, now)?;
            c.prepare_cached(
                "INSERT INTO walk_ins (lead_id, name, phone, came_in, went_out, revisit,
                                       consultant_id, new_lead, at, actor_id, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                lead_id,
                w.name.trim(),
                w.phone,
                fmt_time(w.came_in),
                w.went_out.map(fmt_time),
                w.returning,
                consultant.id,
                new_lead,
                fmt_time(now),
                actor.real.id,
                note(w),
            ])?;
            let walk_in_id = c.last_insert_rowid();
            let not_counted = if arrived_on(c, lead_id, w.came_in.date())? {
                Some(NotCounted::ArrivedToday)
            } else {
                let h = Handover {
                    note: note(w).map(Into::into),
                    ..Handover::new(lead_id, HandoverKind::Arrived)
                };
                let before = follow_up(c, lead_id)?.state;
                match showroom::apply(&before, &h, &rules, &reasons, w.came_in) {
                    // An ordered or closed lead takes no visit: the walk-in
                    // stays in the register, not counted, and says why.
                    Err(why) => Some(NotCounted::Refused(why)),
                    Ok(effect) => {
                        allow(&received, Op::Receive(ties(c, lead_id, now)?))?;
                        save_follow_up(c, &received, lead_id, &before, &effect.after, None, now)?;
                        if let Some(change) = effect.visit {
                            record_visit(c, &received, lead_id, change, now)?;
                        }
                        hand_over(c, &received, &h, walk_in_id, w.came_in, now)?;
                        None
                    }
                }
            };
            let (status, owner): (_, Option<String>) = c
                .prepare_cached(
                    "SELECT l.status, a.login, l.id FROM leads l
                     LEFT JOIN agents a ON a.id = l.owner_id WHERE l.id = ?1",
                )?
                .query_row([lead_id], |r| Ok((of(r, "leads", 2)?.get(0)?, r.get(1)?)))?;
            Ok(WalkedIn {
                walk_in_id,
                lead_id,
                new_lead,
                not_counted,
                status,
                consultant: consultant.login.clone(),
                consultant_name: consultant.name.clone(),
                owner,
            })
        })
    }

    fn walk_ins(
        &self,
        actor: &Actor,
        day: NaiveDate,
        now: NaiveDateTime,
    ) -> Result<Vec<WalkInRow>> {
        allow(actor, Op::SeeVisits)?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT w.id, w.came_in, w.went_out, w.name, w.phone, w.revisit, k.login, k.name,
                    w.lead_id, w.new_lead, r.login,
                    EXISTS (SELECT 1 FROM handovers h WHERE h.walk_in_id = w.id),
                    l.owner_id, l.consultant_id,
                    CASE WHEN l.claim_until > ?3 THEN l.claimed_by END, w.note
             FROM walk_ins w
             JOIN agents k ON k.id = w.consultant_id
             JOIN agents r ON r.id = w.actor_id
             JOIN leads l ON l.id = w.lead_id
             WHERE w.came_in >= ?1 AND w.came_in < ?2
             ORDER BY w.came_in, w.id",
        )?;
        let start = fmt_time(day.and_time(NaiveTime::MIN));
        let rows = stmt.query_map(params![start, day_end(day), fmt_time(now)], |r| {
            let row = of(r, "walk_ins", 0)?;
            let lead = LeadTies {
                id: r.get(8)?,
                owner: r.get(12)?,
                consultant: r.get(13)?,
                on_call: r.get(14)?,
                ..LeadTies::default()
            };
            let phone: crate::domain::phone::Phone = row.get(4)?;
            Ok(WalkInRow {
                id: row.id(),
                came_in: r.get(1)?,
                went_out: r.get(2)?,
                name: r.get(3)?,
                phone: ShownPhone::of(&phone, access::sees_full_number(actor, &lead)),
                returning: r.get(5)?,
                consultant: r.get(6)?,
                consultant_name: r.get(7)?,
                lead_id: lead.id,
                new_lead: r.get(9)?,
                counted: r.get(11)?,
                registered_by: r.get(10)?,
                note: r.get(15)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn note(w: &WalkIn) -> Option<&str> {
    w.note.as_deref().filter(|n| !n.trim().is_empty())
}

/// The lead a new number makes: the showroom channel, the model on the
/// dealer's list, the grade given or the expected purchase's, as `dcc lead
/// add` asks them.
fn new_lead(
    store: &SqliteStore,
    c: &Connection,
    received: &Actor,
    w: &WalkIn,
    rules: &Rules,
    now: NaiveDateTime,
) -> Result<i64> {
    let model = w.model.as_deref().unwrap_or_default();
    if model.trim().is_empty() {
        return Err(StoreError::Invalid(Invalid::Missing(Required::Model)));
    }
    let grade = match (&w.grade, w.purchase_by) {
        (Some(g), _) => crate::domain::outcome::check_grade(rules, g)?,
        (None, Some(d)) => rules.grade_for_purchase(d, now.date()),
        (None, None) => {
            return Err(StoreError::Invalid(Invalid::Missing(
                Required::PurchaseOrGrade,
            )))
        }
    };
    let channel = store.channel("walkin")?;
    let lead = NewLead {
        name: w.name.trim().into(),
        phone: w.phone.clone(),
        channel: channel.code.clone(),
        model: super::models::canonical(c, model)?,
        purchase_by: w.purchase_by,
        visit_by: None,
        grade: Some(grade.as_str().into()),
        owner: None,
        note: None,
        details: Default::default(),
    };
    // The lead came in with the customer: it is made at that time, so that
    // its history starts before the arrival.
    let state = FollowUp::new(&grade, rules, w.came_in);
    insert_lead(
        c, received, &lead, channel.id, &grade, &state, "walk_in", w.came_in,
    )
}

/// The handover of a counted walk-in: the lead is handed to the consultant
/// and the arrival is a row of the handover log, at the time they came in,
/// naming the walk-in.
fn hand_over(
    c: &Connection,
    received: &Actor,
    h: &Handover,
    walk_in: i64,
    came_in: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<()> {
    c.prepare_cached(
        "UPDATE leads SET handed_at = CASE WHEN consultant_id IS ?2 THEN handed_at ELSE ?3 END,
                          consultant_id = ?2
         WHERE id = ?1",
    )?
    .execute(params![h.lead_id, received.agent.id, fmt_time(now)])?;
    c.prepare_cached(
        "INSERT INTO handovers (lead_id, at, kind, consultant_id, agent_id, actor_id,
                                note, walk_in_id)
         VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        h.lead_id,
        fmt_time(came_in),
        h.kind,
        received.agent.id,
        received.real.id,
        h.note,
        walk_in,
    ])?;
    Ok(())
}

/// Whether the lead's arrival at the showroom is recorded on `day` already
/// (from the visit list or a walk-in): a visit counts once a day.
pub(super) fn arrived_on(c: &Connection, lead: i64, day: NaiveDate) -> Result<bool> {
    Ok(c.prepare_cached(
        "SELECT 1 FROM handovers WHERE lead_id = ?1 AND kind = 'arrived'
               AND at >= ?2 AND at < ?3 LIMIT 1",
    )?
    .query_row(
        params![lead, fmt_time(day.and_time(NaiveTime::MIN)), day_end(day)],
        |_| Ok(()),
    )
    .optional()?
    .is_some())
}
