//! Read-only queries behind the store's operations: search and day figures.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use rusqlite::{params, Connection, OptionalExtension};

use super::{DayStats, LeadHit, Result};
use crate::domain::phone;
use crate::domain::Status;

fn day_bounds(day: NaiveDate) -> (String, String) {
    let start = day.and_time(NaiveTime::MIN);
    let end = day.succ_opt().unwrap_or(day).and_time(NaiveTime::MIN);
    (
        start.format("%Y-%m-%d %H:%M:%S").to_string(),
        end.format("%Y-%m-%d %H:%M:%S").to_string(),
    )
}

/// Leads whose name contains `query`, or whose number contains its digits.
pub(super) fn find_leads(
    c: &Connection,
    owner: Option<i64>,
    query: &str,
    limit: usize,
) -> Result<Vec<LeadHit>> {
    let q = query.trim();
    if q.is_empty() {
        return Ok(Vec::new());
    }
    let digits = phone::search_digits(q);
    // LIKE patterns: escape the wildcards the user may type.
    let escape = |s: &str| {
        s.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    };
    let name_pat = format!("%{}%", escape(q));
    let phone_pat = digits.map(|d| format!("%{d}%"));
    let mut st = c.prepare_cached(
        "SELECT id, name, phone, model, grade, status, next_due FROM leads
         WHERE (?1 IS NULL OR owner_id = ?1)
           AND (name LIKE ?2 ESCAPE '\\' OR (?3 IS NOT NULL AND phone LIKE ?3))
         ORDER BY (next_due IS NULL), next_due, id
         LIMIT ?4",
    )?;
    let rows = st.query_map(params![owner, name_pat, phone_pat, limit as i64], |r| {
        let status: String = r.get(5)?;
        Ok(LeadHit {
            lead_id: r.get(0)?,
            name: r.get(1)?,
            phone: r.get(2)?,
            model: r.get(3)?,
            grade: r.get(4)?,
            status: Status::from_code(&status).unwrap_or(Status::Tracking),
            next_due: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// An agent's calls on a day: how many, on how many leads, reached,
/// appointments, and calls per hour.
pub(super) fn day_stats(c: &Connection, agent: i64, day: NaiveDate) -> Result<DayStats> {
    let (start, end) = day_bounds(day);
    let mut stats = DayStats::default();
    let mut leads = std::collections::HashSet::new();
    let mut st = c.prepare_cached(
        "SELECT lead_id, started_at, outcome FROM calls
         WHERE agent_id = ?1 AND started_at >= ?2 AND started_at < ?3",
    )?;
    let mut rows = st.query(params![agent, start, end])?;
    while let Some(r) = rows.next()? {
        let lead: i64 = r.get(0)?;
        let at: NaiveDateTime = r.get(1)?;
        let outcome: String = r.get(2)?;
        stats.calls += 1;
        leads.insert(lead);
        if outcome != "no-answer" {
            stats.reached += 1;
        }
        if outcome == "appointment" {
            stats.appointments += 1;
        }
        stats.per_hour[at.hour() as usize] += 1;
    }
    stats.leads_called = leads.len() as u32;
    Ok(stats)
}

pub(super) fn setting(c: &Connection, key: &str) -> Result<Option<String>> {
    Ok(
        c.prepare_cached("SELECT value FROM settings WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?,
    )
}
