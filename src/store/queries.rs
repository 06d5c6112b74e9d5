//! Read-only queries behind the store's operations: search and day figures.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use rusqlite::{params, Connection, OptionalExtension};

use super::values::of;
use super::{Actor, DayStats, LeadHit, Result};
use crate::domain::phone;
use crate::domain::Outcome;

fn day_bounds(day: NaiveDate) -> (String, String) {
    let start = day.and_time(NaiveTime::MIN);
    let end = day.succ_opt().unwrap_or(day).and_time(NaiveTime::MIN);
    (
        start.format("%Y-%m-%d %H:%M:%S").to_string(),
        end.format("%Y-%m-%d %H:%M:%S").to_string(),
    )
}

/// Typed text that can only be (part of) a phone number.
fn phone_like(q: &str) -> bool {
    q.chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        && q.chars().all(|c| {
            c.is_ascii_digit() || ('０'..='９').contains(&c) || " +-().（）\u{3000}＋".contains(c)
        })
}

/// Leads whose name contains `query`, or whose number contains its digits.
/// One agent's own leads are few and read through the owner index. Across
/// every lead, three characters or more go through the trigram index (most
/// recent leads first), so even a million leads answer at once; shorter
/// input matches names that start with it.
pub(super) fn find_leads(
    c: &Connection,
    actor: &Actor,
    owner: Option<i64>,
    query: &str,
    limit: usize,
) -> Result<Vec<LeadHit>> {
    let q = query.trim();
    if q.is_empty() {
        return Ok(Vec::new());
    }
    let needle = if phone_like(q) {
        phone::search_digits(q).unwrap_or_default()
    } else {
        q.to_string()
    };
    let select =
        "SELECT l.id, l.name, l.phone, l.model, l.grade, l.status, l.next_due, l.owner_id FROM leads l";
    let escape = |s: &str| {
        s.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    };
    let (sql, pattern) = match owner {
        Some(_) => (
            format!(
                "{select} WHERE l.owner_id = ?2
                   AND (l.name LIKE ?1 ESCAPE '\\' OR l.phone LIKE ?1 ESCAPE '\\')
                 ORDER BY (l.next_due IS NULL), l.next_due, l.id LIMIT ?3"
            ),
            format!("%{}%", escape(&needle)),
        ),
        None if needle.chars().count() >= 3 => {
            // A quoted FTS5 string is a substring match on the trigram index.
            let column = if phone_like(q) { "phone" } else { "name" };
            (
                format!(
                    "{select} JOIN (SELECT rowid FROM lead_search WHERE lead_search MATCH ?1
                                    ORDER BY rowid DESC LIMIT ?3) s ON s.rowid = l.id
                     WHERE ?2 IS NULL ORDER BY l.id DESC"
                ),
                format!("{column} : \"{}\"", needle.replace('"', "\"\"")),
            )
        }
        // Short input across everyone: names or numbers that start with it,
        // through their indexes.
        None => {
            let column = if phone_like(q) { "phone" } else { "name" };
            (
                format!(
                    "{select} WHERE l.{column} >= ?1 AND l.{column} < ?1 || char(1114111) AND ?2 IS NULL
                     ORDER BY l.{column}, l.id LIMIT ?3"
                ),
                needle.clone(),
            )
        }
    };
    let mut st = c.prepare_cached(&sql)?;
    let rows = st.query_map(params![pattern, owner, limit as i64], |r| {
        let lead = of(r, "leads", 0)?;
        Ok(LeadHit {
            lead_id: lead.id(),
            name: r.get(1)?,
            phone: super::access::shown(actor, &lead.get(2)?, r.get(7)?, None),
            model: r.get(3)?,
            grade: lead.get(4)?,
            status: lead.get(5)?,
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
        "SELECT lead_id, started_at, outcome, id FROM calls
         WHERE agent_id = ?1 AND started_at >= ?2 AND started_at < ?3",
    )?;
    let mut rows = st.query(params![agent, start, end])?;
    while let Some(r) = rows.next()? {
        let lead: i64 = r.get(0)?;
        let at: NaiveDateTime = r.get(1)?;
        let outcome: Outcome = of(r, "calls", 3)?.get(2)?;
        stats.calls += 1;
        leads.insert(lead);
        if outcome != Outcome::NoAnswer {
            stats.reached += 1;
        }
        if outcome == Outcome::Appointment {
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
