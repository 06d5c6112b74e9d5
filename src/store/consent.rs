//! A do-not-call customer who calls back and consents to calls again: the
//! consent is recorded (who, when, how: the lead's history and the audit
//! log), the number leaves the do-not-call list and the lead is tracked
//! again with a first callback (`outcome::consent`).

use chrono::NaiveDateTime;
use rusqlite::{params, OptionalExtension};

use super::access::{allow, ties};
use super::lifecycle::{follow_up, refuse_if_held, save_follow_up};
use super::sqlite::SqliteStore;
use super::*;
use crate::domain::access::Op;
use crate::domain::outcome;

impl SqliteStore {
    /// Records the customer's new consent on lead `lead` (`capture`: an
    /// inbound agent capturing the caller). Refused when neither the lead
    /// nor its number is do-not-call.
    pub(super) fn consent_to_calls(
        &self,
        actor: &Actor,
        lead: i64,
        consent: &str,
        capture: bool,
        now: NaiveDateTime,
    ) -> Result<FollowUp> {
        crate::domain::text::check(crate::domain::text::Field::Consent, consent)?;
        let consent = consent.trim();
        if consent.is_empty() {
            return Err(StoreError::Invalid(Invalid::Missing(Required::Consent)));
        }
        let rules = self.rules()?;
        self.write(|c| {
            allow(
                actor,
                Op::RecordConsent {
                    lead: ties(c, lead, now)?,
                    capture,
                },
            )?;
            refuse_if_held(c, actor, lead, now)?;
            let phone: String = c
                .prepare_cached("SELECT phone FROM leads WHERE id = ?1")?
                .query_row([lead], |r| r.get(0))?;
            let listed: Option<String> = c
                .prepare_cached("SELECT origin FROM dnc WHERE phone = ?1")?
                .query_row([&phone], |r| r.get(0))
                .optional()?;
            let before = follow_up(c, lead)?.state;
            let after = outcome::consent(&before, listed.is_some(), &rules, now)?;
            c.prepare_cached("DELETE FROM dnc WHERE phone = ?1")?
                .execute([&phone])?;
            c.prepare_cached("UPDATE leads SET consent = ?2, consent_at = ?3 WHERE id = ?1")?
                .execute(params![lead, consent, fmt_time(now)])?;
            save_follow_up(c, actor, lead, &before, &after, Some(consent), now)?;
            super::admin::audit(
                c,
                actor,
                &format!("dnc consent {phone}"),
                listed.as_deref(),
                Some(consent),
                now,
            )?;
            Ok(after)
        })
    }
}
