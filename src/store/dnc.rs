//! The do-not-call list: adding and taking off a number.

use chrono::NaiveDateTime;

use super::access::allow;
use super::*;
use crate::domain::access::Op;
use crate::domain::text;

pub(super) fn dnc_add(
    store: &SqliteStore,
    actor: &Actor,
    phone: &Phone,
    origin: &str,
    note: Option<&str>,
    now: NaiveDateTime,
) -> Result<bool> {
    text::check(text::Field::Origin, origin)?;
    text::check_opt(text::Field::Note, note)?;
    store.write(|c| {
        let op = if origin.starts_with("import") {
            Op::DncImport
        } else {
            match super::intake::lead_by_phone(c, phone.as_str())? {
                Some(lead) => Op::MarkDnc {
                    lead: super::access::ties(c, lead, now)?,
                    capture: origin == "capture",
                },
                None => Op::DncAdd,
            }
        };
        allow(actor, op)?;
        super::intake::dnc_add(c, actor, phone, origin, note, now)
    })
}

pub(super) fn dnc_remove(
    store: &SqliteStore,
    actor: &Actor,
    phone: &Phone,
    reason: &str,
    now: NaiveDateTime,
) -> Result<bool> {
    allow(actor, Op::DncRemove)?;
    text::check(text::Field::Note, reason)?;
    if reason.trim().is_empty() {
        return Err(StoreError::Invalid(Invalid::Missing(Required::DncReason)));
    }
    store.write(|c| super::intake::dnc_remove(c, actor, phone, reason.trim(), now))
}
