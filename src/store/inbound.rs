//! The inbound agent's home: the callers they captured today, newest first.

use chrono::{NaiveDate, NaiveTime};
use rusqlite::{params, Connection};

use super::rows::day_end;
use super::values::of;
use super::{fmt_time, Actor, Result};
use crate::domain::captured::Captured;

/// At most this many rows: a day's captures, and then some.
const LIMIT: i64 = 500;

/// Leads the agent (acted as) captured on `day` (`capture`), or
/// recorded calling again (`inbound_call`), each once, newest first; through
/// the sources' (agent, time) index.
pub(super) fn captured_on(c: &Connection, actor: &Actor, day: NaiveDate) -> Result<Vec<Captured>> {
    let mut st = c.prepare_cached(
        "SELECT s.lead_id, s.at, l.name, l.model, l.grade, l.next_due, a.name, s.origin
         FROM lead_sources s
         JOIN leads l ON l.id = s.lead_id
         LEFT JOIN agents a ON a.id = l.owner_id
         WHERE s.agent_id = ?1 AND s.at >= ?2 AND s.at < ?3
           AND s.origin IN ('capture', 'inbound_call')
         ORDER BY s.at DESC, s.id DESC
         LIMIT ?4",
    )?;
    let start = fmt_time(day.and_time(NaiveTime::MIN));
    let rows = st.query_map(params![actor.agent.id, start, day_end(day), LIMIT], |r| {
        let lead = of(r, "leads", 0)?;
        Ok(Captured {
            lead_id: lead.id(),
            at: r.get(1)?,
            name: r.get(2)?,
            model: r.get(3)?,
            grade: lead.get(4)?,
            next_due: r.get(5)?,
            owner_name: r.get(6)?,
            returning: r.get::<_, String>(7)? == "inbound_call",
        })
    })?;
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for row in rows {
        let row = row?;
        // Captured and called again the same day: once, at the newest.
        if seen.insert(row.lead_id) {
            out.push(row);
        }
    }
    Ok(out)
}
