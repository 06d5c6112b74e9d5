//! Today's queue: who is called first, and why.
//!
//! The order, most urgent first:
//! 1. a time the customer chose that has come;
//! 2. confirmation calls for upcoming visits;
//! 3. no-shows (a visit time passed without a visit);
//! 4. overdue from an earlier day;
//! 5. due now, today;
//! 6. due later today (a retry or a customer's time not yet come), by time.
//!
//! Within 4 and 5: by grade (H, A, B, C on the default scale), then by due
//! time (so the most overdue first); everywhere else by due time. Ties go to
//! the lower lead id, so the order never changes between two screens.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::lead::DueReason;
use super::rules::Rules;

/// One row of a queue: enough to show it and to order it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueueItem {
    pub lead_id: i64,
    pub name: String,
    pub phone: super::access::ShownPhone,
    pub model: String,
    pub channel: String,
    pub grade: super::Grade,
    pub owner: String,
    pub status: super::lead::Status,
    pub due_at: NaiveDateTime,
    pub reason: DueReason,
    pub days_overdue: i64,
    /// Who has the lead open on a call right now, if anybody.
    pub claimed_by: Option<String>,
    pub appointment: Option<NaiveDateTime>,
}

/// Whole days a lead is overdue on `today` (0 if due today or later).
pub fn days_overdue(due: NaiveDateTime, today: NaiveDate) -> i64 {
    (today - due.date()).num_days().max(0)
}

/// Why a lead is due, as the agent should read it: a confirmation call that
/// was never made before the visit time passed is a no-show call now.
pub fn effective_reason(
    reason: DueReason,
    appointment: Option<NaiveDateTime>,
    rules: &Rules,
    now: NaiveDateTime,
) -> DueReason {
    match (reason, appointment) {
        (DueReason::Confirmation, Some(visit))
            if visit + chrono::Duration::minutes(rules.no_show_after_minutes) <= now =>
        {
            DueReason::NoShow
        }
        _ => reason,
    }
}

/// The bucket of the documented order (1-based like the list above).
pub fn bucket(reason: DueReason, due: NaiveDateTime, now: NaiveDateTime) -> u8 {
    let overdue = days_overdue(due, now.date()) > 0;
    match reason {
        DueReason::CustomerTime if due <= now => 1,
        DueReason::Confirmation if due <= now => 2,
        DueReason::NoShow if due <= now => 3,
        _ if overdue => 4,
        _ if due <= now => 5,
        _ => 6,
    }
}

/// Sorts a queue by the documented order.
pub fn sort(items: &mut [QueueItem], rules: &Rules, now: NaiveDateTime) {
    items.sort_by_cached_key(|i| {
        let b = bucket(i.reason, i.due_at, now);
        let grade = if matches!(b, 4 | 5) {
            rules.grade_rank(i.grade.as_str())
        } else {
            0
        };
        (b, grade, i.due_at, i.lead_id)
    });
}
