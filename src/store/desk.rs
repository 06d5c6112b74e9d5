//! What the supervisor's screens of the workstation read beyond the reports:
//! the team's calls per day, and one lead's full number on request (recorded).

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::{params, OptionalExtension};

use super::access::allow;
use super::{fmt_time, Actor, Result, SqliteStore, StoreError};
use crate::domain::access::Op;
use crate::domain::phone::Phone;

/// The longest run of days [`calls_per_day`] answers for.
pub const MAX_DAYS: i64 = 366;

/// Calls of the whole team on each day from `from` to `to`, both included,
/// days without calls as zero.
///
/// One count per day over the `calls_time` index (schema 4): each count
/// reads only that day's index entries, never the calls themselves, so a
/// month on a ten-million-call database reads about a month of index
/// (`SEARCH calls USING COVERING INDEX calls_time`). A single
/// `GROUP BY substr(started_at, 1, 10)` reads the same entries but sorts
/// them in a temporary tree, several times slower.
pub(super) fn calls_per_day(
    store: &SqliteStore,
    actor: &Actor,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, u64)>> {
    allow(actor, Op::ReadReports)?;
    if to < from {
        return Ok(Vec::new());
    }
    if (to - from).num_days() >= MAX_DAYS {
        return Err(StoreError::Invalid(super::Invalid::PeriodTooLong {
            from,
            to,
            max_days: MAX_DAYS,
        }));
    }
    let c = store.conn();
    // One snapshot for every day.
    c.execute_batch("BEGIN")?;
    let counted = (|| -> Result<Vec<(NaiveDate, u64)>> {
        let mut st = c.prepare_cached(
            "SELECT count(*) FROM calls WHERE started_at >= ?1 AND started_at < ?2",
        )?;
        let mut out = Vec::new();
        let mut day = from;
        while day <= to {
            let next = day + Duration::days(1);
            let n: i64 = st.query_row(
                params![
                    fmt_time(day.and_time(NaiveTime::MIN)),
                    fmt_time(next.and_time(NaiveTime::MIN))
                ],
                |r| r.get(0),
            )?;
            out.push((day, n.max(0) as u64));
            day = next;
        }
        Ok(out)
    })();
    match counted {
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

/// A lead's full phone number, for a supervisor; the reveal is recorded in
/// the append-only reveal log (as `dcc report --reveal` records its lists)
/// before the number is returned.
pub(super) fn reveal_phone(
    store: &SqliteStore,
    actor: &Actor,
    lead: i64,
    now: NaiveDateTime,
) -> Result<Phone> {
    allow(actor, Op::Reveal)?;
    let phone: Option<Phone> = store
        .conn()
        .prepare_cached("SELECT phone, id FROM leads WHERE id = ?1")?
        .query_row([lead], |r| super::values::of(r, "leads", 1)?.get(0))
        .optional()?;
    let phone = phone.ok_or(StoreError::NoSuchLead(lead))?;
    super::reports::record_reveal(store, actor, &format!("lead {lead}"), 1, now)?;
    Ok(phone)
}
