//! The showroom in the demo: three sales consultants and their manager, who
//! received every customer the DCC's history shows arriving (each lead
//! handed to one of them, recorded as an arrival at the visit's time), the
//! visits that did not happen recorded as not arrived, and a next
//! follow-up for the customers of the last weeks still deciding. So the
//! showroom's reports and lists are not empty on a demo.

use chrono::NaiveDateTime;
use rusqlite::{params, Connection};

use super::clock::Stamp;

/// The consultants (login, name) and the showroom manager last.
const SHOWROOM: [(&str, &str, &str); 4] = [
    ("sc.zhou", "周敏", "showroom"),
    ("sc.sun", "孙磊", "showroom"),
    ("sc.he", "何静", "showroom"),
    ("sm.chen", "陈经理", "showroom_manager"),
];

/// How many the showroom adds to the team.
pub(super) const STAFF: usize = SHOWROOM.len();

/// Adds the showroom's staff and their handovers; `now` is the demo's.
pub(super) fn receive(conn: &Connection, now: NaiveDateTime) -> rusqlite::Result<()> {
    let tx = conn.unchecked_transaction()?;
    let first: i64 = tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM agents", [], |r| {
        r.get(0)
    })?;
    let hired: String = tx.query_row("SELECT min(created_at) FROM agents", [], |r| r.get(0))?;
    for (i, (login, name, role)) in SHOWROOM.iter().enumerate() {
        tx.execute(
            "INSERT INTO agents (id, login, name, role, active, created_at)
             VALUES (?1, ?2, ?3, ?4, 1, ?5)",
            params![first + i as i64, login, name, role, hired],
        )?;
    }
    // Each customer goes to one consultant, the same one at every visit.
    let k = format!("{first} + a.lead_id % 3");
    tx.execute_batch(&format!(
        "INSERT INTO handovers (lead_id, at, kind, consultant_id, agent_id, actor_id)
         SELECT a.lead_id, a.visit_at, 'arrived', {k}, {k}, {k}
         FROM appointments a WHERE a.state = 'visited' ORDER BY a.visit_at, a.id;
         INSERT INTO handovers (lead_id, at, kind, consultant_id, agent_id, actor_id)
         SELECT a.lead_id, a.visit_at, 'no_show', NULL, {k}, {k}
         FROM appointments a WHERE a.state = 'no_show' ORDER BY a.visit_at, a.id;
         UPDATE leads SET
             consultant_id = (SELECT h.consultant_id FROM handovers h
                               WHERE h.lead_id = leads.id AND h.kind = 'arrived' LIMIT 1),
             handed_at = (SELECT min(h.at) FROM handovers h
                           WHERE h.lead_id = leads.id AND h.kind = 'arrived')
         WHERE id IN (SELECT lead_id FROM handovers WHERE kind = 'arrived');"
    ))?;
    // The customers of the last four weeks still deciding: the consultant's
    // next follow-up, one to ten days from now.
    let since = Stamp::time(now - chrono::Duration::days(28));
    let today = now.date();
    tx.execute(
        "INSERT INTO handovers (lead_id, at, kind, consultant_id, agent_id, actor_id, follow_up)
         SELECT l.id, datetime(l.handed_at, '+1 hour'), 'follow_up', l.consultant_id,
                l.consultant_id, l.consultant_id, date(?2, '+' || (1 + l.id % 10) || ' days')
         FROM leads l
         WHERE l.status = 'visited' AND l.handed_at >= ?1 AND datetime(l.handed_at, '+1 hour') <= ?3
         ORDER BY l.handed_at, l.id",
        params![since.as_str(), today.to_string(), Stamp::time(now).as_str()],
    )?;
    tx.commit()
}
