//! How leads come in: capture, owner assignment, sources, and the
//! do-not-call list. Functions over a connection inside the caller's
//! write transaction, so an import can insert thousands in one.

use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension};

use super::{event, fmt_time};
use super::{Actor, AssignRule, DncEntry, NewLead, Result, Role, StoreError};
use crate::domain::phone::Phone;
use crate::domain::{EventKind, FollowUp, Grade};

/// The do-not-call entry of a number, if any: when it was added.
pub(super) fn dnc_since(c: &Connection, phone: &str) -> Result<Option<NaiveDateTime>> {
    Ok(
        c.prepare_cached("SELECT added_at FROM dnc WHERE phone = ?1")?
            .query_row([phone], |r| r.get(0))
            .optional()?,
    )
}

pub(super) fn lead_by_phone(c: &Connection, phone: &str) -> Result<Option<i64>> {
    Ok(c.prepare_cached("SELECT id FROM leads WHERE phone = ?1")?
        .query_row([phone], |r| r.get(0))
        .optional()?)
}

pub(super) fn assign_rule(c: &Connection) -> Result<AssignRule> {
    let v: Option<String> = c
        .prepare_cached("SELECT value FROM settings WHERE key = 'assign'")?
        .query_row([], |r| r.get(0))
        .optional()?;
    Ok(v.as_deref()
        .and_then(AssignRule::parse)
        .unwrap_or(AssignRule::RoundRobin))
}

/// The owner of a new lead: the one named, else the capturing agent, except
/// that an inbound agent's captures and the showroom's walk-ins go to an
/// outbound agent by the rule.
pub(super) fn choose_owner(
    c: &Connection,
    actor: &Actor,
    named: Option<&str>,
) -> Result<(i64, String)> {
    let by_login = |login: &str| -> Result<(i64, String)> {
        c.prepare_cached("SELECT id, login FROM agents WHERE login = ?1 AND active")?
            .query_row([login], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or_else(|| StoreError::NoSuchAgent(login.to_string()))
    };
    if let Some(login) = named {
        let owner = c
            .prepare_cached("SELECT id, login, name, role, active FROM agents WHERE login = ?1")?
            .query_row([login], super::rows::agent_row)
            .optional()?;
        match owner {
            Some(a) if a.active => {
                super::access::allow(actor, crate::domain::access::Op::AddLeadFor(&a))?;
                return Ok((a.id, a.login));
            }
            _ => return by_login(login),
        }
    }
    // An inbound agent's captures, and the showroom's walk-ins, go to an
    // outbound agent by the dealer's rule: the showroom works no DCC queue.
    let showroom = actor.agent.role.in_showroom();
    if actor.agent.role != Role::Inbound && !showroom {
        return Ok((actor.agent.id, actor.agent.login.clone()));
    }
    let outbound: Vec<(i64, String)> = c
        .prepare_cached(
            "SELECT id, login FROM agents WHERE role = 'outbound' AND active ORDER BY id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if outbound.is_empty() {
        if showroom {
            // No outbound agent: a supervisor's queue, never the showroom's.
            let boss = c
                .prepare_cached(
                    "SELECT id, login FROM agents WHERE role = 'supervisor' AND active
                     ORDER BY id LIMIT 1",
                )?
                .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            if let Some(boss) = boss {
                return Ok(boss);
            }
        }
        return Ok((actor.agent.id, actor.agent.login.clone()));
    }
    match assign_rule(c)? {
        AssignRule::Agent(login) => by_login(&login),
        AssignRule::RoundRobin => {
            let last: Option<i64> = c
                .prepare_cached("SELECT value FROM settings WHERE key = 'assign_last'")?
                .query_row([], |r| r.get::<_, String>(0))
                .optional()?
                .and_then(|v| v.parse().ok());
            let next = outbound
                .iter()
                .find(|(id, _)| last.is_none_or(|l| *id > l))
                .unwrap_or(&outbound[0])
                .clone();
            c.execute(
                "INSERT INTO settings (key, value) VALUES ('assign_last', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [next.0.to_string()],
            )?;
            Ok(next)
        }
        AssignRule::LeastLoaded => {
            // Load = leads with a call scheduled; read from the queue index only.
            let mut load = std::collections::HashMap::new();
            let mut st = c.prepare_cached(
                "SELECT owner_id, count(*) FROM leads WHERE next_due IS NOT NULL GROUP BY owner_id",
            )?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                load.insert(r.get::<_, Option<i64>>(0)?, r.get::<_, i64>(1)?);
            }
            Ok(outbound
                .iter()
                .min_by_key(|(id, _)| (load.get(&Some(*id)).copied().unwrap_or(0), *id))
                .cloned()
                .unwrap_or_else(|| outbound[0].clone()))
        }
    }
}

/// The text and times of a new lead, checked at the door whichever door it
/// came through (capture form, command line, import): no control, text
/// direction or invisible characters, lengths within each field's limit,
/// dates within reason.
pub fn check_new_lead(lead: &NewLead, now: NaiveDateTime) -> Result<()> {
    use crate::domain::limits::{check_date, TimeKind};
    use crate::domain::text::{check, check_opt, Field};
    check(Field::Name, &lead.name)?;
    check(Field::Model, &lead.model)?;
    check(Field::Channel, &lead.channel)?;
    check_opt(Field::Note, lead.note.as_deref())?;
    let d = &lead.details;
    check_opt(Field::City, d.city.as_deref())?;
    check_opt(Field::CurrentCar, d.current_car.as_deref())?;
    check_opt(Field::Consent, d.consent.as_deref())?;
    if let Some(p) = lead.purchase_by {
        check_date(TimeKind::Purchase, p, now.date())?;
    }
    if let Some(v) = lead.visit_by {
        check_date(TimeKind::Visit, v.date(), now.date())?;
    }
    Ok(())
}

/// Inserts a new lead whose number is known to be new. Refuses a number on
/// the do-not-call list unless the customer's new consent is recorded, in
/// which case the number leaves the list.
#[allow(clippy::too_many_arguments)]
pub(super) fn insert_lead(
    c: &Connection,
    actor: &Actor,
    lead: &NewLead,
    channel_id: i64,
    grade: &Grade,
    state: &FollowUp,
    origin: &str,
    now: NaiveDateTime,
) -> Result<i64> {
    check_new_lead(lead, now)?;
    if let Some(existing) = lead_by_phone(c, lead.phone.as_str())? {
        return Err(StoreError::DuplicatePhone {
            phone: lead.phone.to_string(),
            existing,
        });
    }
    let consent = lead
        .details
        .consent
        .as_deref()
        .filter(|s| !s.trim().is_empty());
    if let Some(since) = dnc_since(c, lead.phone.as_str())? {
        if consent.is_none() {
            return Err(StoreError::DoNotCall {
                phone: lead.phone.to_string(),
                since,
            });
        }
        c.prepare_cached("DELETE FROM dnc WHERE phone = ?1")?
            .execute([lead.phone.as_str()])?;
        // Who lifted do-not-call, when and on what consent.
        super::admin::audit(
            c,
            actor,
            &format!("dnc consent {}", lead.phone.as_str()),
            None,
            consent,
            now,
        )?;
    }
    let (owner_id, owner_login) = choose_owner(c, actor, lead.owner.as_deref())?;
    let d = &lead.details;
    c.prepare_cached(
        "INSERT INTO leads (name, phone, channel_id, model, purchase_by, visit_by, grade, status,
                            owner_id, next_due, due_reason, note, created_at, created_by, updated_at,
                            gender, city, current_car, purchase_type, payment, consent, consent_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?13,
                 ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
    )?
    .execute(params![
        lead.name.trim(),
        lead.phone,
        channel_id,
        lead.model.trim(),
        lead.purchase_by,
        lead.visit_by,
        grade,
        state.status,
        owner_id,
        state.next_due.map(fmt_time),
        state.due_reason,
        lead.note.as_deref().filter(|n| !n.trim().is_empty()),
        fmt_time(now),
        actor.real.id,
        d.gender,
        d.city.as_deref().filter(|s| !s.trim().is_empty()),
        d.current_car.as_deref().filter(|s| !s.trim().is_empty()),
        d.purchase_type,
        d.payment,
        consent,
        consent.map(|_| fmt_time(now)),
    ])?;
    let id = c.last_insert_rowid();
    event(
        c,
        actor,
        id,
        EventKind::Created,
        None,
        Some(grade.as_str()),
        None,
        now,
    )?;
    event(
        c,
        actor,
        id,
        EventKind::Owner,
        None,
        Some(&owner_login),
        None,
        now,
    )?;
    add_source(c, actor, id, channel_id, origin, now)?;
    Ok(id)
}

pub(super) fn add_source(
    c: &Connection,
    actor: &Actor,
    lead: i64,
    channel_id: i64,
    origin: &str,
    now: NaiveDateTime,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO lead_sources (lead_id, channel_id, at, agent_id, origin) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![lead, channel_id, fmt_time(now), actor.real.id, origin])?;
    Ok(())
}

/// Adds a number to the do-not-call list and takes its lead out of every
/// queue. Returns false when it was already on the list.
pub(super) fn dnc_add(
    c: &Connection,
    actor: &Actor,
    phone: &Phone,
    origin: &str,
    note: Option<&str>,
    now: NaiveDateTime,
) -> Result<bool> {
    let added =
        c.prepare_cached(
            "INSERT INTO dnc (phone, added_at, added_by, origin, note) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (phone) DO NOTHING",
        )?
        .execute(params![
            phone.as_str(),
            fmt_time(now),
            actor.real.id,
            origin,
            note
        ])? == 1;
    if let Some(id) = lead_by_phone(c, phone.as_str())? {
        // Not under a colleague's live call: they log it first.
        super::lifecycle::refuse_if_held(c, actor, id, now)?;
        let old: String =
            c.query_row("SELECT status FROM leads WHERE id = ?1", [id], |r| r.get(0))?;
        if old != "dnc" {
            c.prepare_cached(
                "UPDATE leads SET status = 'dnc', next_due = NULL, due_reason = NULL, updated_at = ?2
                 WHERE id = ?1",
            )?
            .execute(params![id, fmt_time(now)])?;
            event(
                c,
                actor,
                id,
                EventKind::Status,
                Some(&old),
                Some("dnc"),
                Some(origin),
                now,
            )?;
        }
    }
    Ok(added)
}

/// Takes a number off the do-not-call list, with the reason in the audit
/// log. Returns false when it was not on the list. Its leads stay where they
/// are (status `dnc`): the team decides whether to call them again.
pub(super) fn dnc_remove(
    c: &Connection,
    actor: &Actor,
    phone: &Phone,
    reason: &str,
    now: NaiveDateTime,
) -> Result<bool> {
    let origin: Option<String> = c
        .prepare_cached("SELECT origin FROM dnc WHERE phone = ?1")?
        .query_row([phone.as_str()], |r| r.get(0))
        .optional()?;
    let Some(origin) = origin else {
        return Ok(false);
    };
    c.prepare_cached("DELETE FROM dnc WHERE phone = ?1")?
        .execute([phone.as_str()])?;
    super::admin::audit(
        c,
        actor,
        &format!("dnc remove {}", phone.as_str()),
        Some(&origin),
        Some(reason),
        now,
    )?;
    Ok(true)
}

pub(super) fn dnc_list(c: &Connection) -> Result<Vec<DncEntry>> {
    let mut st = c.prepare_cached(
        "SELECT d.phone, d.added_at, a.login, d.origin, d.note
         FROM dnc d LEFT JOIN agents a ON a.id = d.added_by ORDER BY d.added_at, d.phone",
    )?;
    let rows = st.query_map([], |r| {
        Ok(DncEntry {
            phone: r.get(0)?,
            added_at: r.get(1)?,
            added_by: r.get(2)?,
            origin: r.get(3)?,
            note: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
