//! The three stages measured each on its own figure (线索移交到人，顾问负责制，
//! 月终考核成交率): leads by channel for marketing, the invitation and visit
//! rates of each DCC agent, the visits received, orders and close rate of
//! each sales consultant; the handover list (each lead handed to the
//! showroom and what became of it) and the reception's list of a day's
//! visits by consultant. The figures as the store counts them; pure.
//!
//! What counts (also in the README, "Reports"), over a period of days
//! `[from, to)`:
//!
//! - **Leads** of a channel: leads created in the period from that channel.
//! - A DCC agent's **leads worked**: distinct leads they logged a call on or
//!   set a visit for in the period; **invited**: distinct leads they set a
//!   visit for in the period (邀约, moving a visit is not a second one);
//!   **arrived**: of those, the leads whose visit set by them in the period
//!   ended in an arrival; **no-show**: whose visit ended as not arrived.
//!   Invitation rate = invited ÷ worked; visit rate = arrived ÷ invited.
//! - A consultant's **received**: distinct leads whose arrival they recorded
//!   (received the customer) in the period; **ordered**, **delivered**,
//!   **defeated**: of those, the leads with an order (by the showroom or
//!   the DCC), a delivery, a showroom defeat recorded since. Close rate =
//!   ordered ÷ received.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::lead::Status;
use super::showroom::HandoverKind;

/// `part` of `whole` in percent, two decimals; none when `whole` is zero.
pub fn pct(part: u64, whole: u64) -> Option<f64> {
    (whole != 0).then(|| (part as f64 * 10_000.0 / whole as f64).round() / 100.0)
}

/// Marketing's figure: the leads a channel brought in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChannelLeads {
    pub channel: String,
    pub name_zh: String,
    pub name_en: String,
    pub leads: u64,
}

/// The DCC's figures for one agent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct AgentRates {
    pub agent: String,
    pub name: String,
    pub worked: u64,
    pub invited: u64,
    pub arrived: u64,
    pub no_show: u64,
}

impl AgentRates {
    /// Invited ÷ leads worked, in percent.
    pub fn invitation_rate(&self) -> Option<f64> {
        pct(self.invited, self.worked)
    }

    /// Arrived ÷ invited, in percent.
    pub fn visit_rate(&self) -> Option<f64> {
        pct(self.arrived, self.invited)
    }
}

/// The showroom's figures for one sales consultant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct ConsultantClose {
    pub consultant: String,
    pub name: String,
    pub received: u64,
    pub ordered: u64,
    pub delivered: u64,
    pub defeated: u64,
}

impl ConsultantClose {
    /// Ordered ÷ received, in percent.
    pub fn close_rate(&self) -> Option<f64> {
        pct(self.ordered, self.received)
    }
}

/// The three-stage view over `[from, to)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct StageFigures {
    pub channels: Vec<ChannelLeads>,
    pub agents: Vec<AgentRates>,
    pub consultants: Vec<ConsultantClose>,
}

impl StageFigures {
    pub fn total_leads(&self) -> u64 {
        self.channels.iter().map(|c| c.leads).sum()
    }

    /// The team's DCC figures (leads worked by two agents count for each).
    pub fn agents_total(&self) -> AgentRates {
        let mut t = AgentRates::default();
        for a in &self.agents {
            t.worked += a.worked;
            t.invited += a.invited;
            t.arrived += a.arrived;
            t.no_show += a.no_show;
        }
        t
    }

    pub fn consultants_total(&self) -> ConsultantClose {
        let mut t = ConsultantClose::default();
        for c in &self.consultants {
            t.received += c.received;
            t.ordered += c.ordered;
            t.delivered += c.delivered;
            t.defeated += c.defeated;
        }
        t
    }
}

/// One lead handed to the showroom in the period: who received it, when,
/// and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HandoverRow {
    pub lead_id: i64,
    pub name: String,
    /// Masked unless a supervisor reveals it (recorded).
    pub phone: String,
    /// The DCC agent the lead belongs to (login, name).
    pub agent: Option<String>,
    pub agent_name: Option<String>,
    /// The consultant who received it, and when they did.
    pub consultant: Option<String>,
    pub consultant_name: Option<String>,
    pub received_at: Option<NaiveDateTime>,
    /// Its latest showroom event but a follow-up (arrived, no-show,
    /// ordered, delivered, defeat), and when.
    pub result: HandoverKind,
    pub result_at: NaiveDateTime,
    /// The lead's status now (an order logged by the DCC shows here).
    pub status: Status,
    /// The defeat's reason code, when the result is a defeat.
    pub reason: Option<String>,
    /// The consultant's latest next follow-up date.
    pub follow_up: Option<NaiveDate>,
}

/// A visit of the day for the reception.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceptionVisit {
    pub at: NaiveDateTime,
    pub lead_id: i64,
    pub name: String,
    pub phone: String,
    pub model: String,
    pub grade: String,
    /// The DCC agent who set the visit.
    pub set_by: String,
    pub set_by_name: String,
    pub confirmed: bool,
    /// The consultant the lead was handed to before, if any.
    pub consultant: Option<String>,
    pub consultant_name: Option<String>,
}

/// The visits of one consultant (`None`: not yet handed to anyone).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsultantVisits {
    pub consultant: Option<String>,
    pub consultant_name: Option<String>,
    pub visits: Vec<ReceptionVisit>,
}

/// The day's visits grouped by consultant, by name, the unassigned last;
/// each group by time.
pub fn by_consultant(visits: &[ReceptionVisit]) -> Vec<ConsultantVisits> {
    let mut groups: Vec<ConsultantVisits> = Vec::new();
    for v in visits {
        match groups.iter_mut().find(|g| g.consultant == v.consultant) {
            Some(g) => g.visits.push(v.clone()),
            None => groups.push(ConsultantVisits {
                consultant: v.consultant.clone(),
                consultant_name: v.consultant_name.clone(),
                visits: vec![v.clone()],
            }),
        }
    }
    groups.sort_by(|a, b| {
        (a.consultant.is_none(), &a.consultant_name, &a.consultant).cmp(&(
            b.consultant.is_none(),
            &b.consultant_name,
            &b.consultant,
        ))
    });
    for g in &mut groups {
        g.visits.sort_by_key(|v| (v.at, v.lead_id));
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visit(at: u32, lead: i64, consultant: Option<(&str, &str)>) -> ReceptionVisit {
        ReceptionVisit {
            at: NaiveDate::from_ymd_opt(2026, 11, 26)
                .unwrap()
                .and_hms_opt(at, 0, 0)
                .unwrap(),
            lead_id: lead,
            name: format!("客户{lead}"),
            phone: "138****0000".into(),
            model: "凯美瑞".into(),
            grade: "A".into(),
            set_by: "amy".into(),
            set_by_name: "王芳".into(),
            confirmed: false,
            consultant: consultant.map(|c| c.0.into()),
            consultant_name: consultant.map(|c| c.1.into()),
        }
    }

    #[test]
    fn rates_are_parts_of_their_whole_to_two_decimals_and_none_over_zero() {
        let a = AgentRates {
            worked: 3,
            invited: 2,
            arrived: 1,
            ..Default::default()
        };
        assert_eq!(a.invitation_rate(), Some(66.67));
        assert_eq!(a.visit_rate(), Some(50.0));
        let c = ConsultantClose {
            received: 0,
            ..Default::default()
        };
        assert_eq!(c.close_rate(), None);
        assert_eq!(pct(1, 3), Some(33.33));
    }

    #[test]
    fn the_reception_list_groups_by_consultant_and_the_unassigned_come_last() {
        let wang = Some(("wang", "王顾问"));
        let li = Some(("li", "李顾问"));
        let groups = by_consultant(&[
            visit(11, 1, None),
            visit(10, 2, wang),
            visit(9, 3, li),
            visit(9, 4, wang),
            visit(8, 5, None),
        ]);
        let shape: Vec<(Option<&str>, Vec<i64>)> = groups
            .iter()
            .map(|g| {
                (
                    g.consultant.as_deref(),
                    g.visits.iter().map(|v| v.lead_id).collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            vec![
                (Some("li"), vec![3]),
                (Some("wang"), vec![4, 2]),
                (None, vec![5, 1]),
            ]
        );
    }
}
