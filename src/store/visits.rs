//! The expected visits of a day, the list the showroom receives.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::params;

use super::access::allow;
use super::reports::{record_reveal, shown};
use super::values::of;
use super::{fmt_time, Actor, Result, SqliteStore};
use crate::domain::access::Op;
use crate::domain::VisitState;
use crate::report::ExpectedVisit;

/// The visits expected on `day` (not moved or cancelled), by time.
pub(super) fn expected_visits(
    store: &SqliteStore,
    actor: &Actor,
    day: NaiveDate,
    reveal: bool,
    now: NaiveDateTime,
) -> Result<Vec<ExpectedVisit>> {
    if reveal {
        allow(actor, Op::RevealInReport)?;
    }
    let start = fmt_time(day.and_time(NaiveTime::MIN));
    let end = fmt_time(day.succ_opt().unwrap_or(day).and_time(NaiveTime::MIN));
    let visits: Vec<ExpectedVisit> = store
        .conn()
        .prepare_cached(
            "SELECT a.visit_at, l.id, l.name, l.phone, l.model, c.code, o.login, o.name, l.grade, a.state,
                    a.id
             FROM appointments a
             JOIN leads l ON l.id = a.lead_id
             JOIN channels c ON c.id = l.channel_id
             LEFT JOIN agents o ON o.id = l.owner_id
             WHERE a.visit_at >= ?1 AND a.visit_at < ?2 AND a.state NOT IN ('moved', 'cancelled')
             ORDER BY a.visit_at, l.id",
        )?
        .query_map(params![start, end], |r| {
            let state: VisitState = of(r, "appointments", 10)?.get(9)?;
            let lead = of(r, "leads", 1)?;
            Ok(ExpectedVisit {
                at: r.get(0)?,
                lead_id: lead.id(),
                name: r.get(2)?,
                phone: shown(&lead.get(3)?, reveal),
                model: r.get(4)?,
                channel: r.get(5)?,
                agent: r.get(6)?,
                agent_name: r.get(7)?,
                grade: lead.get(8)?,
                confirmed: state.confirmed(),
                state,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    if reveal && !visits.is_empty() {
        record_reveal(
            store,
            actor,
            &format!("export visits {day}"),
            visits.len(),
            now,
        )?;
    }
    Ok(visits)
}
