//! What every room of the store shares: times as SQLite text, the event
//! row, agents and channels read from rows, and SQLite's errors as the
//! store's.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, ErrorCode, Row};

use super::sqlite::BUSY_TIMEOUT_SECS;
use super::*;

fn sql_err(e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => {
            StoreError::Busy(BUSY_TIMEOUT_SECS)
        }
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly,
        Some(ErrorCode::DiskFull) => StoreError::DiskFull,
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase(String::new()),
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt(e.to_string()),
        _ => match super::values::unknown_code(e) {
            Ok(unknown) => StoreError::UnknownValue(unknown),
            Err(e) => StoreError::Sql(e),
        },
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        sql_err(e)
    }
}

pub(super) fn fmt_time(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// End of `day` as a bound: everything strictly before the next day.
pub(super) fn day_end(day: NaiveDate) -> String {
    fmt_time(
        day.succ_opt()
            .unwrap_or(day)
            .and_time(chrono::NaiveTime::MIN),
    )
}

#[allow(clippy::too_many_arguments)]
pub(super) fn event(
    c: &Connection,
    actor: &Actor,
    lead: i64,
    kind: EventKind,
    old: Option<&str>,
    new: Option<&str>,
    note: Option<&str>,
    now: NaiveDateTime,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO events (lead_id, at, agent_id, actor_id, kind, old, new, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        lead,
        fmt_time(now),
        actor.agent.id,
        actor.real.id,
        kind,
        old,
        new,
        note
    ])?;
    Ok(())
}

pub(super) fn agent_row(r: &Row) -> rusqlite::Result<Agent> {
    let agent = super::values::of(r, "agents", 0)?;
    Ok(Agent {
        id: agent.id(),
        login: r.get(1)?,
        name: r.get(2)?,
        role: agent.get(3)?,
        active: r.get(4)?,
    })
}

pub(super) fn channel_row(r: &Row) -> rusqlite::Result<Channel> {
    Ok(Channel {
        id: r.get(0)?,
        code: r.get(1)?,
        name_zh: r.get(2)?,
        name_en: r.get(3)?,
        kind: r.get(4)?,
    })
}
