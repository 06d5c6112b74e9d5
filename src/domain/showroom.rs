//! The handover to the showroom (每层移交，必有记录，追溯到人): the DCC sets
//! a visit, a named sales consultant receives the customer and records what
//! became of it. Each event is one of [`HandoverKind`]; [`apply`] decides its
//! effect on the lead as `outcome::apply` does for a call. Pure: "now" and
//! the rules come in.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::access::ShownPhone;
use super::lead::{coded_enum, DueReason, FollowUp, Status};
use super::outcome::{self, CallReport, Effect, Outcome, ReasonCodes, Refusal, VisitChange};
use super::rules::Rules;

coded_enum! {
    /// What a consultant records at the showroom.
    HandoverKind {
        // The customer arrived and this consultant received them: the
        // handover, recorded with their name.
        Arrived => "arrived",
        // The customer did not come: back to the DCC to call (no-show).
        NoShow => "no_show",
        Ordered => "ordered",
        Delivered => "delivered",
        // Defeated in the showroom (展厅战败): back to the DCC, source
        // "showroom defeat", to verify and invite again.
        Defeat => "defeat",
        // The consultant's next follow-up date.
        FollowUp => "follow_up",
    }
}

impl HandoverKind {
    /// Arrival and no-show are recorded by whoever receives the visit (the
    /// lead is not handed to anyone yet); the others only on a lead handed
    /// to the consultant.
    pub fn receives(self) -> bool {
        matches!(self, HandoverKind::Arrived | HandoverKind::NoShow)
    }
}

/// What the consultant reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handover {
    pub lead_id: i64,
    pub kind: HandoverKind,
    /// A defeat reason code (`defeat`).
    pub reason: Option<String>,
    /// The consultant's next follow-up (`follow_up`; also allowed with the
    /// others).
    pub follow_up: Option<NaiveDate>,
    pub note: Option<String>,
}

impl Handover {
    pub fn new(lead_id: i64, kind: HandoverKind) -> Handover {
        Handover {
            lead_id,
            kind,
            reason: None,
            follow_up: None,
            note: None,
        }
    }
}

/// A handover event as saved: what, on which lead, received by whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HandedOver {
    pub id: i64,
    pub lead_id: i64,
    pub name: String,
    pub kind: HandoverKind,
    pub status: Status,
    /// The consultant the lead is handed to (login, name).
    pub consultant: Option<String>,
    pub consultant_name: Option<String>,
    pub follow_up: Option<NaiveDate>,
}

/// The effect of `h` on a lead in state `before`.
pub fn apply(
    before: &FollowUp,
    h: &Handover,
    rules: &Rules,
    reasons: &ReasonCodes,
    now: NaiveDateTime,
) -> Result<Effect, Refusal> {
    if let Some(day) = h.follow_up {
        if day < now.date() {
            return Err(Refusal::PastDay(day));
        }
    }
    let report = CallReport::default();
    match h.kind {
        HandoverKind::Arrived => arrived(before, rules, now),
        HandoverKind::NoShow => no_show(before, rules, now),
        HandoverKind::Ordered => {
            outcome::apply(before, Outcome::Ordered, &report, rules, reasons, now)
        }
        HandoverKind::Delivered => {
            outcome::apply(before, Outcome::Delivered, &report, rules, reasons, now)
        }
        HandoverKind::Defeat => defeat(before, h.reason.as_deref(), rules, reasons, now),
        HandoverKind::FollowUp => {
            if h.follow_up.is_none() {
                return Err(Refusal::NeedsDay);
            }
            refuse_closed(before)?;
            Ok(Effect {
                after: before.clone(),
                visit: None,
                offer_lost: false,
            })
        }
    }
}

/// Statuses nothing more happens to at the showroom.
fn refuse_closed(before: &FollowUp) -> Result<(), Refusal> {
    match before.status {
        Status::Invalid | Status::Dnc | Status::Withdrawn => Err(Refusal::Closed(before.status)),
        s if s.is_pending() => Err(Refusal::Pending(s)),
        _ => Ok(()),
    }
}

/// The customer is at the showroom: visited, whatever the DCC's state of
/// the lead (an appointment, tracking, a defeat waiting to be verified: a
/// customer who comes is back). The DCC follows up by the grade's cadence.
fn arrived(before: &FollowUp, rules: &Rules, now: NaiveDateTime) -> Result<Effect, Refusal> {
    refuse_closed(before)?;
    match before.status {
        Status::Ordered => return Err(Refusal::AlreadyOrdered),
        Status::Delivered => return Err(Refusal::Closed(Status::Delivered)),
        _ => {}
    }
    let mut after = before.clone();
    after.status = Status::Visited;
    after.tries_today = 0;
    after.tries_on = None;
    after.unreached_days = 0;
    let visit = before.appointment.map(|_| VisitChange::Visited);
    after.appointment = None;
    let every = Duration::days(rules.every_days(after.grade.as_str()));
    after.next_due = Some(rules.day_start(now.date() + every));
    after.due_reason = Some(DueReason::Cadence);
    Ok(Effect {
        after,
        visit,
        offer_lost: false,
    })
}

/// The customer did not come: the DCC calls them (the no-show recovery),
/// now if within calling hours, else at the next start of calling hours.
fn no_show(before: &FollowUp, rules: &Rules, now: NaiveDateTime) -> Result<Effect, Refusal> {
    refuse_closed(before)?;
    if before.status != Status::Appointed || before.appointment.is_none() {
        return Err(Refusal::NotAppointed(before.status));
    }
    let mut after = before.clone();
    after.status = Status::Tracking;
    after.appointment = None;
    after.next_due = Some(rules.next_calling_time(now));
    after.due_reason = Some(DueReason::NoShow);
    Ok(Effect {
        after,
        visit: Some(VisitChange::NoShow),
        offer_lost: false,
    })
}

/// Defeated in the showroom, with a reason from the dealer's defeat list:
/// no supervisor's approval is waited for (the consultant decided), and the
/// lead goes back to the DCC for the verification call, which reactivates
/// it (re-invitation) or confirms it.
fn defeat(
    before: &FollowUp,
    reason: Option<&str>,
    rules: &Rules,
    reasons: &ReasonCodes,
    now: NaiveDateTime,
) -> Result<Effect, Refusal> {
    refuse_closed(before)?;
    match before.status {
        Status::Ordered => return Err(Refusal::AlreadyOrdered),
        Status::Delivered => return Err(Refusal::Closed(Status::Delivered)),
        _ => {}
    }
    let all = reasons.defeat.join(", ");
    match reason {
        None => return Err(Refusal::NeedsReason(Outcome::Defeat, all)),
        Some(r) if !reasons.defeat.iter().any(|c| c == r) => {
            return Err(Refusal::UnknownReason(Outcome::Defeat, r.into(), all))
        }
        Some(_) => {}
    }
    let mut after = before.clone();
    after.status = Status::Defeated;
    after.next_due = Some(rules.next_calling_time(now));
    after.due_reason = Some(DueReason::Verification);
    let visit = before.appointment.map(|_| VisitChange::Cancelled);
    after.appointment = None;
    Ok(Effect {
        after,
        visit,
        offer_lost: false,
    })
}

/// A row of the showroom's visit list: an expected visit of the day with
/// what the consultant needs at the door.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShowroomVisit {
    pub at: NaiveDateTime,
    pub lead_id: i64,
    pub name: String,
    /// Masked but for the reader's own received leads.
    pub phone: ShownPhone,
    pub model: String,
    pub grade: String,
    /// The DCC agent who set the visit (login, name).
    pub set_by: String,
    pub set_by_name: String,
    /// The DCC confirmed it the day before (or the customer came).
    pub confirmed: bool,
    /// The appointment's state: set, confirmed, visited, no_show.
    pub state: String,
    /// The consultant who received it, once they have.
    pub consultant: Option<String>,
    pub consultant_name: Option<String>,
    pub status: Status,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::grade::Grade;
    use chrono::NaiveDate;

    fn at(d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    fn appointed() -> FollowUp {
        let rules = Rules::default();
        let mut f = FollowUp::new(&Grade::parse("A").unwrap(), &rules, at(20, 9));
        f.status = Status::Appointed;
        f.appointment = Some(at(25, 10));
        f.next_due = Some(at(25, 10));
        f.due_reason = Some(DueReason::NoShow);
        f
    }

    fn reasons() -> ReasonCodes {
        ReasonCodes {
            defeat: vec!["price_high".into()],
            invalid: vec![],
        }
    }

    #[test]
    fn arrival_closes_the_appointment_as_visited_and_the_dcc_follows_up_by_cadence() {
        let rules = Rules::default();
        let h = Handover::new(1, HandoverKind::Arrived);
        let e = apply(&appointed(), &h, &rules, &reasons(), at(25, 10)).unwrap();
        assert_eq!(e.after.status, Status::Visited);
        assert_eq!(e.after.appointment, None);
        assert_eq!(e.visit, Some(VisitChange::Visited));
        assert_eq!(e.after.due_reason, Some(DueReason::Cadence));
    }

    #[test]
    fn a_showroom_defeat_needs_a_listed_reason_and_waits_for_the_verification_call() {
        let rules = Rules::default();
        let mut h = Handover::new(1, HandoverKind::Defeat);
        assert!(matches!(
            apply(&appointed(), &h, &rules, &reasons(), at(25, 11)),
            Err(Refusal::NeedsReason(..))
        ));
        h.reason = Some("looks".into());
        assert!(matches!(
            apply(&appointed(), &h, &rules, &reasons(), at(25, 11)),
            Err(Refusal::UnknownReason(..))
        ));
        h.reason = Some("price_high".into());
        let e = apply(&appointed(), &h, &rules, &reasons(), at(25, 11)).unwrap();
        assert_eq!(e.after.status, Status::Defeated);
        assert!(e.after.awaiting_verification());
        assert_eq!(e.after.next_due, Some(at(25, 11)));
    }

    #[test]
    fn no_show_only_on_an_appointment_and_the_dcc_calls_at_the_next_calling_time() {
        let rules = Rules::default();
        let h = Handover::new(1, HandoverKind::NoShow);
        let e = apply(&appointed(), &h, &rules, &reasons(), at(25, 22)).unwrap();
        assert_eq!(e.after.status, Status::Tracking);
        assert_eq!(e.after.due_reason, Some(DueReason::NoShow));
        assert_eq!(e.after.next_due, Some(rules.day_start(at(26, 0).date())));
        let tracking = FollowUp::new(&Grade::parse("A").unwrap(), &rules, at(20, 9));
        assert_eq!(
            apply(&tracking, &h, &rules, &reasons(), at(25, 11)),
            Err(Refusal::NotAppointed(Status::Tracking))
        );
    }

    #[test]
    fn ordered_then_delivered_and_no_arrival_after_an_order() {
        let rules = Rules::default();
        let visited = apply(
            &appointed(),
            &Handover::new(1, HandoverKind::Arrived),
            &rules,
            &reasons(),
            at(25, 10),
        )
        .unwrap()
        .after;
        let ordered = apply(
            &visited,
            &Handover::new(1, HandoverKind::Ordered),
            &rules,
            &reasons(),
            at(25, 11),
        )
        .unwrap()
        .after;
        assert_eq!(ordered.status, Status::Ordered);
        assert_eq!(ordered.next_due, None);
        assert_eq!(
            apply(
                &ordered,
                &Handover::new(1, HandoverKind::Arrived),
                &rules,
                &reasons(),
                at(26, 11)
            ),
            Err(Refusal::AlreadyOrdered)
        );
        let delivered = apply(
            &ordered,
            &Handover::new(1, HandoverKind::Delivered),
            &rules,
            &reasons(),
            at(27, 11),
        )
        .unwrap()
        .after;
        assert_eq!(delivered.status, Status::Delivered);
    }

    #[test]
    fn a_follow_up_needs_a_day_not_in_the_past_and_changes_nothing_else() {
        let rules = Rules::default();
        let mut h = Handover::new(1, HandoverKind::FollowUp);
        assert_eq!(
            apply(&appointed(), &h, &rules, &reasons(), at(25, 11)),
            Err(Refusal::NeedsDay)
        );
        h.follow_up = Some(at(24, 0).date());
        assert_eq!(
            apply(&appointed(), &h, &rules, &reasons(), at(25, 11)),
            Err(Refusal::PastDay(at(24, 0).date()))
        );
        h.follow_up = Some(at(28, 0).date());
        let e = apply(&appointed(), &h, &rules, &reasons(), at(25, 11)).unwrap();
        assert_eq!(e.after, appointed());
    }
}
