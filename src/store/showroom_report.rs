//! The SQL behind the showroom's reports: the three-stage figures (leads by
//! channel, the DCC agents' invitations and visits, the consultants'
//! receptions and orders), the handover list and the reception's list of a
//! day's visits. What each figure counts is in
//! [`crate::domain::showroom_report`]. Reports are for who may read them
//! (supervisors, the showroom manager); numbers are masked unless a
//! supervisor reveals them, which is recorded.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::params;

use super::access::allow;
use super::reports::{record_reveal, shown};
use super::rows::day_end;
use super::values::of;
use super::{fmt_time, Actor, Result, SqliteStore};
use crate::domain::access::Op;
use crate::domain::showroom_report::{
    AgentRates, ChannelLeads, ConsultantClose, HandoverRow, ReceptionVisit, StageFigures,
};

/// The showroom's reports through the store.
pub trait ShowroomReportStore {
    /// The three stages' figures over the days `[from, to)`.
    fn stage_figures(&self, actor: &Actor, from: NaiveDate, to: NaiveDate) -> Result<StageFigures>;

    /// Each lead with a showroom event in `[from, to)`: who received it,
    /// when, and what became of it, oldest first.
    fn handover_list(
        &self,
        actor: &Actor,
        from: NaiveDate,
        to: NaiveDate,
        reveal: bool,
        now: NaiveDateTime,
    ) -> Result<Vec<HandoverRow>>;

    /// The visits expected on `day` (not moved or cancelled) with the
    /// consultant each lead was handed to, if any.
    fn reception_list(
        &self,
        actor: &Actor,
        day: NaiveDate,
        reveal: bool,
        now: NaiveDateTime,
    ) -> Result<Vec<ReceptionVisit>>;
}

fn start(day: NaiveDate) -> String {
    fmt_time(day.and_time(NaiveTime::MIN))
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl ShowroomReportStore for SqliteStore {
    fn stage_figures(&self, actor: &Actor, from: NaiveDate, to: NaiveDate) -> Result<StageFigures> {
        allow(actor, Op::ReadReports)?;
        let (a, b) = (start(from), start(to));
        let c = self.conn();
        let channels = c
            .prepare_cached(
                "SELECT c.code, c.name_zh, c.name_en, count(*) AS n
                 FROM leads l JOIN channels c ON c.id = l.channel_id
                 WHERE l.created_at >= ?1 AND l.created_at < ?2 AND l.status <> 'withdrawn'
                 GROUP BY c.id ORDER BY n DESC, c.code",
            )?
            .query_map(params![a, b], |r| {
                Ok(ChannelLeads {
                    channel: r.get(0)?,
                    name_zh: r.get(1)?,
                    name_en: r.get(2)?,
                    leads: count(r.get(3)?),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        // Leads worked: those called (read from the covering index by
        // agent), and those invited without a call of theirs in the period
        // (a visit set while capturing a caller), each once per agent.
        let agents = c
            .prepare_cached(
                "WITH called AS (
                     SELECT agent_id AS a, count(DISTINCT lead_id) AS n FROM calls
                      WHERE started_at >= ?1 AND started_at < ?2 GROUP BY agent_id),
                 uncalled AS (
                     SELECT set_by AS a, count(DISTINCT lead_id) AS n FROM appointments p
                      WHERE set_at >= ?1 AND set_at < ?2 AND NOT EXISTS (
                          SELECT 1 FROM calls c WHERE c.lead_id = p.lead_id AND c.agent_id = p.set_by
                             AND c.started_at >= ?1 AND c.started_at < ?2)
                      GROUP BY set_by),
                 w AS (SELECT a, sum(n) AS n
                       FROM (SELECT a, n FROM called UNION ALL SELECT a, n FROM uncalled)
                       GROUP BY a),
                 inv AS (
                     SELECT set_by AS a, count(DISTINCT lead_id) AS invited,
                            count(DISTINCT CASE WHEN state = 'visited' THEN lead_id END) AS arrived,
                            count(DISTINCT CASE WHEN state = 'no_show' THEN lead_id END) AS no_show
                     FROM appointments WHERE set_at >= ?1 AND set_at < ?2 GROUP BY set_by)
                 SELECT g.login, g.name, w.n, coalesce(inv.invited, 0),
                        coalesce(inv.arrived, 0), coalesce(inv.no_show, 0)
                 FROM w JOIN agents g ON g.id = w.a LEFT JOIN inv ON inv.a = w.a
                 WHERE g.role NOT IN ('showroom', 'showroom_manager')
                 ORDER BY g.login",
            )?
            .query_map(params![a, b], |r| {
                Ok(AgentRates {
                    agent: r.get(0)?,
                    name: r.get(1)?,
                    worked: count(r.get(2)?),
                    invited: count(r.get(3)?),
                    arrived: count(r.get(4)?),
                    no_show: count(r.get(5)?),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        // An order or a delivery counts for the consultant who received the
        // lead when it was recorded by the showroom under their name, or by
        // the DCC while the lead is handed to them.
        let consultants = c
            .prepare_cached(
                "WITH rec AS (
                     SELECT consultant_id AS k, lead_id, min(at) AS at FROM handovers
                      WHERE kind = 'arrived' AND at >= ?1 AND at < ?2 AND consultant_id IS NOT NULL
                      GROUP BY consultant_id, lead_id),
                 fig AS (
                     SELECT rec.k,
                            count(*) AS received,
                            sum(EXISTS (SELECT 1 FROM handovers x WHERE x.lead_id = rec.lead_id
                                          AND x.kind = 'ordered' AND +x.consultant_id = rec.k AND x.at >= rec.at)
                                OR (l.consultant_id = rec.k AND EXISTS (
                                    SELECT 1 FROM calls y WHERE y.lead_id = rec.lead_id
                                       AND y.outcome = 'ordered' AND y.started_at >= rec.at))) AS ordered,
                            sum(EXISTS (SELECT 1 FROM handovers x WHERE x.lead_id = rec.lead_id
                                          AND x.kind = 'delivered' AND +x.consultant_id = rec.k AND x.at >= rec.at)
                                OR (l.consultant_id = rec.k AND EXISTS (
                                    SELECT 1 FROM calls y WHERE y.lead_id = rec.lead_id
                                       AND y.outcome = 'delivered' AND y.started_at >= rec.at))) AS delivered,
                            sum(EXISTS (SELECT 1 FROM handovers x WHERE x.lead_id = rec.lead_id
                                          AND x.kind = 'defeat' AND +x.consultant_id = rec.k AND x.at >= rec.at)) AS defeated
                     FROM rec JOIN leads l ON l.id = rec.lead_id GROUP BY rec.k)
                 SELECT g.login, g.name, coalesce(fig.received, 0), coalesce(fig.ordered, 0),
                        coalesce(fig.delivered, 0), coalesce(fig.defeated, 0)
                 FROM agents g LEFT JOIN fig ON fig.k = g.id
                 WHERE fig.k IS NOT NULL
                    OR (g.active = 1 AND g.role IN ('showroom', 'showroom_manager'))
                 ORDER BY g.login",
            )?
            .query_map(params![a, b], |r| {
                Ok(ConsultantClose {
                    consultant: r.get(0)?,
                    name: r.get(1)?,
                    received: count(r.get(2)?),
                    ordered: count(r.get(3)?),
                    delivered: count(r.get(4)?),
                    defeated: count(r.get(5)?),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(StageFigures {
            channels,
            agents,
            consultants,
        })
    }

    fn handover_list(
        &self,
        actor: &Actor,
        from: NaiveDate,
        to: NaiveDate,
        reveal: bool,
        now: NaiveDateTime,
    ) -> Result<Vec<HandoverRow>> {
        allow(actor, Op::ReadReports)?;
        if reveal {
            allow(actor, Op::RevealInReport)?;
        }
        let rows: Vec<HandoverRow> = self
            .conn()
            .prepare_cached(
                "WITH h AS (SELECT lead_id, min(at) AS first FROM handovers
                            WHERE at >= ?1 AND at < ?2 GROUP BY lead_id)
                 SELECT l.id, l.name, l.phone, o.login, o.name, k.login, k.name, l.handed_at,
                        r.kind, r.at, r.reason,
                        (SELECT f.follow_up FROM handovers f
                          WHERE f.lead_id = l.id AND f.follow_up IS NOT NULL
                          ORDER BY f.at DESC, f.id DESC LIMIT 1),
                        r.id, l.status
                 FROM h JOIN leads l ON l.id = h.lead_id
                 JOIN handovers r ON r.id = (
                     SELECT y.id FROM handovers y WHERE y.lead_id = l.id AND y.kind <> 'follow_up'
                      ORDER BY y.at DESC, y.id DESC LIMIT 1)
                 LEFT JOIN agents o ON o.id = l.owner_id
                 LEFT JOIN agents k ON k.id = l.consultant_id
                 ORDER BY h.first, l.id",
            )?
            .query_map(params![start(from), start(to)], |r| {
                let lead = of(r, "leads", 0)?;
                let event = of(r, "handovers", 12)?;
                Ok(HandoverRow {
                    lead_id: lead.id(),
                    name: r.get(1)?,
                    phone: shown(&lead.get(2)?, reveal),
                    agent: r.get(3)?,
                    agent_name: r.get(4)?,
                    consultant: r.get(5)?,
                    consultant_name: r.get(6)?,
                    received_at: r.get(7)?,
                    result: event.get(8)?,
                    result_at: r.get(9)?,
                    status: lead.get(13)?,
                    reason: r.get(10)?,
                    follow_up: r.get(11)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        if reveal && !rows.is_empty() {
            let what = format!("report handovers {from} {to}");
            record_reveal(self, actor, &what, rows.len(), now)?;
        }
        Ok(rows)
    }

    fn reception_list(
        &self,
        actor: &Actor,
        day: NaiveDate,
        reveal: bool,
        now: NaiveDateTime,
    ) -> Result<Vec<ReceptionVisit>> {
        allow(actor, Op::ReadReports)?;
        if reveal {
            allow(actor, Op::RevealInReport)?;
        }
        let visits: Vec<ReceptionVisit> = self
            .conn()
            .prepare_cached(
                "SELECT a.visit_at, l.id, l.name, l.phone, l.model, l.grade, s.login, s.name,
                        a.state, k.login, k.name
                 FROM appointments a
                 JOIN leads l ON l.id = a.lead_id
                 JOIN agents s ON s.id = a.set_by
                 LEFT JOIN agents k ON k.id = l.consultant_id
                 WHERE a.visit_at >= ?1 AND a.visit_at < ?2
                   AND a.state NOT IN ('moved', 'cancelled')
                 ORDER BY a.visit_at, l.id",
            )?
            .query_map(params![start(day), day_end(day)], |r| {
                let lead = of(r, "leads", 1)?;
                let state: String = r.get(8)?;
                Ok(ReceptionVisit {
                    at: r.get(0)?,
                    lead_id: lead.id(),
                    name: r.get(2)?,
                    phone: shown(&lead.get(3)?, reveal),
                    model: r.get(4)?,
                    grade: r.get(5)?,
                    set_by: r.get(6)?,
                    set_by_name: r.get(7)?,
                    confirmed: matches!(state.as_str(), "confirmed" | "visited"),
                    consultant: r.get(9)?,
                    consultant_name: r.get(10)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        if reveal && !visits.is_empty() {
            let what = format!("report reception {day}");
            record_reveal(self, actor, &what, visits.len(), now)?;
        }
        Ok(visits)
    }
}
