//! The store asks the domain's access policy (`domain::access`) before every
//! operation: what it needs to know of a lead, read in the same connection,
//! and the refusal as a store error.

use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension};

use super::values::of;
use super::{Actor, Result, StoreError};
use crate::domain::access::{self, LeadTies, Op, ShownPhone};
use crate::domain::phone::Phone;
use crate::domain::{DueReason, Status};

/// Refuses what the policy refuses.
pub(super) fn allow(actor: &Actor, op: Op) -> Result<()> {
    access::check(actor, op).map_err(StoreError::NotPermitted)
}

/// What the policy needs to know of a lead: its owner, whether its defeat
/// waits for verification and who asked for it, who holds it on a call.
pub(super) fn ties(c: &Connection, lead: i64, now: NaiveDateTime) -> Result<LeadTies> {
    type Row = (
        Option<i64>,
        Status,
        Option<DueReason>,
        Option<i64>,
        Option<i64>,
    );
    let row: Option<Row> = c
        .prepare_cached(
            "SELECT owner_id, status, due_reason,
                    CASE WHEN claim_until > ?2 THEN claimed_by END, id, consultant_id
             FROM leads WHERE id = ?1",
        )?
        .query_row(params![lead, super::fmt_time(now)], |r| {
            let row = of(r, "leads", 4)?;
            Ok((r.get(0)?, row.get(1)?, row.get(2)?, r.get(3)?, r.get(5)?))
        })
        .optional()?;
    let Some((owner, status, reason, on_call, consultant)) = row else {
        return Err(StoreError::NoSuchLead(lead));
    };
    let awaiting_verification = matches!(status, Status::Defeated | Status::Lost)
        && reason == Some(DueReason::Verification);
    let requested_by = if awaiting_verification {
        c.prepare_cached(
            "SELECT agent_id FROM calls WHERE lead_id = ?1 AND outcome IN ('defeat', 'lost')
             ORDER BY id DESC LIMIT 1",
        )?
        .query_row([lead], |r| r.get(0))
        .optional()?
    } else {
        None
    };
    Ok(LeadTies {
        id: lead,
        owner,
        awaiting_verification,
        requested_by,
        on_call,
        consultant,
    })
}

/// The number of a row of a list (a queue, a search) as `actor` may see it.
pub(super) fn shown(
    actor: &Actor,
    phone: &Phone,
    owner: Option<i64>,
    on_call: Option<i64>,
) -> ShownPhone {
    let t = LeadTies {
        owner,
        on_call,
        ..LeadTies::default()
    };
    ShownPhone::of(phone, access::sees_full_number(actor, &t))
}
