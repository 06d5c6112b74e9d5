//! Call outcomes and their effect on a lead: the one place that decides the
//! next status, grade and due time. Pure: "now" and the rules come in.

use chrono::{Duration, NaiveDateTime};
use serde::Serialize;

use super::lead::{coded_enum, DueReason, FollowUp, Status};
use super::rules::Rules;
use super::Grade;

coded_enum! {
    /// How a call ended. Every call ends with exactly one.
    Outcome {
        Reached => "reached",
        NoAnswer => "no-answer",
        CallbackAt => "callback-at",
        Appointment => "appointment",
        Visited => "visited",
        Ordered => "ordered",
        Delivered => "delivered",
        Defeat => "defeat",
        Invalid => "invalid",
        Lost => "lost",
        Dnc => "dnc",
        // The verification call of an approved defeat or of lost contact
        // (README, "Grades and cadence"): it confirms, or the customer is
        // back in tracking. Calls saved before these existed used `defeat`,
        // `lost` or `invalid` to confirm and `reached` for back
        // (`card::verification_outcomes` reads them so).
        ConfirmDefeat => "confirm-defeat",
        ConfirmLost => "confirm-lost",
        Back => "back",
    }
}

impl Outcome {
    /// Only a verification call ends this way.
    pub fn verifies(self) -> bool {
        matches!(
            self,
            Outcome::ConfirmDefeat | Outcome::ConfirmLost | Outcome::Back
        )
    }

    /// The outcome that confirms what a verification call verifies: an
    /// approved defeat or lost contact.
    pub fn confirming(status: Status) -> Option<Outcome> {
        match status {
            Status::Defeated => Some(Outcome::ConfirmDefeat),
            Status::Lost => Some(Outcome::ConfirmLost),
            _ => None,
        }
    }
}

/// What the agent says about a call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallReport {
    /// A new grade, when the agent changes it.
    pub grade: Option<String>,
    /// The time the customer chose (`callback-at`).
    pub at: Option<NaiveDateTime>,
    /// The visit time (`appointment`).
    pub visit: Option<NaiveDateTime>,
    /// A reason code (`defeat`, `invalid`).
    pub reason: Option<String>,
}

/// The reason codes a dealer allows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReasonCodes {
    pub defeat: Vec<String>,
    pub invalid: Vec<String>,
}

/// What happens to the appointment record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum VisitChange {
    /// A visit was set (or moved) to this time.
    Set(NaiveDateTime),
    Confirmed,
    Visited,
    NoShow,
    Cancelled,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effect {
    pub after: FollowUp,
    pub visit: Option<VisitChange>,
    /// The customer has been unreachable long enough to offer "lost contact".
    pub offer_lost: bool,
}

/// Why an outcome cannot be logged. Each says what to do instead; the
/// catalog (`i18n::refusal`) names it in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    UnknownGrade(String, String),
    NeedsTime(Outcome),
    NeedsVisit(Outcome),
    InPast(NaiveDateTime),
    OutsideCallingHours(NaiveDateTime, String, String),
    NeedsReason(Outcome, String),
    UnknownReason(Outcome, String, String),
    Closed(Status),
    Pending(Status),
    AlreadyOrdered,
    NotOrdered(Status),
    NotLostYet {
        days: u32,
        needed: u32,
    },
    NothingToDecide(Status),
    /// A verification outcome on a lead that waits for no verification call.
    NotVerifying(Outcome),
    /// An ordinary outcome (or the other verification's confirmation) on the
    /// verification call of a lead in this status (defeated or lost).
    Verifying(Status),
    /// Consent recorded for a customer who is not on the do-not-call list.
    NotDoNotCall(Status),
    /// A showroom no-show on a lead with no visit set (it is in this status).
    NotAppointed(Status),
    /// A day (the consultant's next follow-up) already past.
    PastDay(chrono::NaiveDate),
    /// A follow-up without its day.
    NeedsDay,
    /// The lead's arrival at the showroom is recorded already that day: a
    /// visit counts once.
    ArrivedToday(i64),
    /// A walk-in received by someone who is not a sales consultant (login).
    NotAConsultant(String),
    /// A walk-in's times do not hold.
    WalkInTime(super::walk_in::WalkInTime),
}

fn grade_list(rules: &Rules) -> String {
    rules
        .grades
        .iter()
        .map(|g| g.code.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Resolves a grade the user typed against the scale.
pub fn check_grade(rules: &Rules, typed: &str) -> Result<Grade, Refusal> {
    rules
        .grade_code(typed)
        .ok_or_else(|| Refusal::UnknownGrade(typed.to_string(), grade_list(rules)))
}

fn check_reason(outcome: Outcome, reason: Option<&str>, list: &[String]) -> Result<(), Refusal> {
    let all = list.join(", ");
    match reason {
        None => Err(Refusal::NeedsReason(outcome, all)),
        Some(r) if list.iter().any(|c| c == r) => Ok(()),
        Some(r) => Err(Refusal::UnknownReason(outcome, r.to_string(), all)),
    }
}

fn check_callable_time(
    rules: &Rules,
    at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<(), Refusal> {
    if at <= now {
        return Err(Refusal::InPast(at));
    }
    if !rules.within_calling_hours(at) {
        return Err(Refusal::OutsideCallingHours(
            at,
            rules.calling_start.format("%H:%M").to_string(),
            rules.calling_end.format("%H:%M").to_string(),
        ));
    }
    Ok(())
}

/// Whether a time typed for `outcome` can be kept: a callback or a visit is
/// in the future and within calling hours. The prompt asks this at the field.
pub fn check_when(
    outcome: Outcome,
    at: NaiveDateTime,
    rules: &Rules,
    now: NaiveDateTime,
) -> Result<(), Refusal> {
    match outcome {
        Outcome::CallbackAt | Outcome::Appointment => check_callable_time(rules, at, now),
        _ => Ok(()),
    }
}

/// Whether `outcome` can be logged on a lead in state `before` at all,
/// before anything is asked: the workstation refuses at the key, not after
/// the note.
pub fn gate(before: &FollowUp, outcome: Outcome, rules: &Rules) -> Result<(), Refusal> {
    if outcome == Outcome::Dnc {
        return match before.status {
            Status::Dnc => Err(Refusal::Closed(Status::Dnc)),
            _ => Ok(()),
        };
    }
    let verifying = before.awaiting_verification();
    if outcome.verifies() || verifying {
        verification_gate(before, outcome, verifying)?;
    }
    match before.status {
        Status::Delivered | Status::Invalid | Status::Dnc | Status::Withdrawn => {
            return Err(Refusal::Closed(before.status))
        }
        Status::DefeatRequested | Status::InvalidRequested => {
            return Err(Refusal::Pending(before.status))
        }
        Status::Ordered if outcome != Outcome::Delivered => return Err(Refusal::AlreadyOrdered),
        Status::Defeated | Status::Lost if !verifying => match outcome {
            // An old lead may be reactivated; nothing else happens to it.
            Outcome::Reached | Outcome::CallbackAt | Outcome::Appointment => {}
            _ => return Err(Refusal::Closed(before.status)),
        },
        _ => {}
    }
    match outcome {
        Outcome::Delivered if before.status != Status::Ordered => {
            Err(Refusal::NotOrdered(before.status))
        }
        Outcome::Lost if !verifying && before.unreached_days < rules.lost_after_days => {
            Err(Refusal::NotLostYet {
                days: before.unreached_days,
                needed: rules.lost_after_days,
            })
        }
        _ => Ok(()),
    }
}

/// The verification call of an approved defeat or of lost contact has its
/// own outcomes: it confirms what it verifies (a defeat, or lost contact,
/// never the other) or the customer is back; it may also find nobody
/// (`no-answer`), set a time or a visit (the customer is back with one), or
/// end in do-not-call. The outcomes of a tracking call are refused on it,
/// and its own outcomes anywhere else.
fn verification_gate(before: &FollowUp, outcome: Outcome, verifying: bool) -> Result<(), Refusal> {
    if !verifying {
        return Err(Refusal::NotVerifying(outcome));
    }
    match outcome {
        Outcome::Back | Outcome::NoAnswer | Outcome::CallbackAt | Outcome::Appointment => Ok(()),
        o if Outcome::confirming(before.status) == Some(o) => Ok(()),
        _ => Err(Refusal::Verifying(before.status)),
    }
}

/// Next regular follow-up by the grade's cadence.
fn cadence(rules: &Rules, grade: &Grade, now: NaiveDateTime) -> NaiveDateTime {
    rules.day_start(now.date() + Duration::days(rules.every_days(grade.as_str())))
}

/// The customer answered: reset the unreached counters.
fn reached(state: &mut FollowUp) {
    state.tries_today = 0;
    state.tries_on = None;
    state.unreached_days = 0;
}

fn schedule(state: &mut FollowUp, at: NaiveDateTime, why: DueReason) {
    state.next_due = Some(at);
    state.due_reason = Some(why);
}

fn unschedule(state: &mut FollowUp) {
    state.next_due = None;
    state.due_reason = None;
}

/// The effect of logging `outcome` on a lead in state `before`.
pub fn apply(
    before: &FollowUp,
    outcome: Outcome,
    report: &CallReport,
    rules: &Rules,
    reasons: &ReasonCodes,
    now: NaiveDateTime,
) -> Result<Effect, Refusal> {
    let mut after = before.clone();
    if let Some(g) = &report.grade {
        after.grade = check_grade(rules, g)?;
    }
    let mut visit = None;
    let mut offer_lost = false;

    // Do-not-call is always possible: the customer withdraws consent.
    if outcome == Outcome::Dnc {
        if before.status == Status::Dnc {
            return Err(Refusal::Closed(Status::Dnc));
        }
        after.status = Status::Dnc;
        unschedule(&mut after);
        if before.appointment.is_some() {
            after.appointment = None;
            visit = Some(VisitChange::Cancelled);
        }
        return Ok(Effect {
            after,
            visit,
            offer_lost,
        });
    }

    let verifying = before.awaiting_verification();
    gate(before, outcome, rules)?;

    match outcome {
        Outcome::Dnc => unreachable!("handled above"),
        Outcome::Reached => {
            reached(&mut after);
            match before.appointment {
                Some(v) if before.status == Status::Appointed && v > now => {
                    // The day-before confirmation: the visit stands.
                    visit = Some(VisitChange::Confirmed);
                    schedule(
                        &mut after,
                        v + Duration::minutes(rules.no_show_after_minutes),
                        DueReason::NoShow,
                    );
                }
                _ => {
                    if before.status == Status::Appointed {
                        // A no-show reached: back to tracking.
                        visit = Some(VisitChange::NoShow);
                        after.appointment = None;
                    }
                    if matches!(
                        before.status,
                        Status::Appointed | Status::Defeated | Status::Lost
                    ) {
                        after.status = Status::Tracking;
                    }
                    let next = cadence(rules, &after.grade, now);
                    schedule(&mut after, next, DueReason::Cadence);
                }
            }
        }
        Outcome::NoAnswer => {
            let today = now.date();
            if after.tries_on != Some(today) {
                after.tries_on = Some(today);
                after.tries_today = 0;
                after.unreached_days += 1;
            }
            after.tries_today += 1;
            let retry = now + Duration::minutes(rules.retry_after_minutes);
            let next = if after.tries_today < rules.attempts_per_day
                && retry.date() == today
                && rules.within_calling_hours(retry)
            {
                retry
            } else {
                rules.day_start(today + Duration::days(1))
            };
            // An unanswered verification call stays a verification call.
            let why = if verifying {
                DueReason::Verification
            } else {
                DueReason::Retry
            };
            schedule(&mut after, next, why);
            offer_lost = !verifying && after.unreached_days >= rules.lost_after_days;
        }
        Outcome::CallbackAt => {
            let at = report.at.ok_or(Refusal::NeedsTime(outcome))?;
            check_callable_time(rules, at, now)?;
            reached(&mut after);
            if matches!(before.status, Status::Defeated | Status::Lost) {
                after.status = Status::Tracking;
            }
            schedule(&mut after, at, DueReason::CustomerTime);
        }
        Outcome::Appointment => {
            let at = report.visit.ok_or(Refusal::NeedsVisit(outcome))?;
            // A visit outside calling hours would put its no-show check at night.
            check_callable_time(rules, at, now)?;
            reached(&mut after);
            after.status = Status::Appointed;
            after.appointment = Some(at);
            visit = Some(VisitChange::Set(at));
            let confirm_day = at.date() - Duration::days(1);
            if confirm_day > now.date() {
                schedule(
                    &mut after,
                    rules.day_start(confirm_day),
                    DueReason::Confirmation,
                );
            } else {
                // Set today for today or tomorrow: this call was the confirmation.
                schedule(
                    &mut after,
                    at + Duration::minutes(rules.no_show_after_minutes),
                    DueReason::NoShow,
                );
            }
        }
        Outcome::Visited => {
            reached(&mut after);
            after.status = Status::Visited;
            if before.appointment.is_some() {
                visit = Some(VisitChange::Visited);
                after.appointment = None;
            }
            let next = cadence(rules, &after.grade, now);
            schedule(&mut after, next, DueReason::Cadence);
        }
        Outcome::Ordered => {
            reached(&mut after);
            after.status = Status::Ordered;
            if before.appointment.is_some() {
                visit = Some(VisitChange::Visited);
                after.appointment = None;
            }
            unschedule(&mut after);
        }
        Outcome::Delivered => {
            if before.status != Status::Ordered {
                return Err(Refusal::NotOrdered(before.status));
            }
            after.status = Status::Delivered;
            unschedule(&mut after);
        }
        Outcome::ConfirmDefeat | Outcome::ConfirmLost => {
            // The verification call confirms the defeat or loss: the lead
            // stays defeated or lost, in no queue.
            unschedule(&mut after);
        }
        Outcome::Back => {
            // The customer is back: tracking again, by the grade's cadence.
            reached(&mut after);
            after.status = Status::Tracking;
            let next = cadence(rules, &after.grade, now);
            schedule(&mut after, next, DueReason::Cadence);
        }
        Outcome::Defeat | Outcome::Invalid => {
            let (list, status) = if outcome == Outcome::Defeat {
                (&reasons.defeat, Status::DefeatRequested)
            } else {
                (&reasons.invalid, Status::InvalidRequested)
            };
            check_reason(outcome, report.reason.as_deref(), list)?;
            after.status = status;
            unschedule(&mut after);
            if before.appointment.is_some() {
                visit = Some(VisitChange::Cancelled);
                after.appointment = None;
            }
        }
        Outcome::Lost => {
            if before.unreached_days < rules.lost_after_days {
                return Err(Refusal::NotLostYet {
                    days: before.unreached_days,
                    needed: rules.lost_after_days,
                });
            }
            after.status = Status::Lost;
            // Every lost lead is called once more to verify it.
            schedule(
                &mut after,
                rules.day_start(now.date() + Duration::days(1)),
                DueReason::Verification,
            );
            if before.appointment.is_some() {
                visit = Some(VisitChange::Cancelled);
                after.appointment = None;
            }
        }
    }
    Ok(Effect {
        after,
        visit,
        offer_lost,
    })
}

/// A supervisor's decision on a defeat or invalid request.
pub fn decide(
    before: &FollowUp,
    approve: bool,
    rules: &Rules,
    now: NaiveDateTime,
) -> Result<FollowUp, Refusal> {
    decide_from(before, approve, None, rules, now)
}

/// A decision knowing the status the lead had before the request: a
/// rejected request returns it there (a visited lead stays visited; an
/// appointment was cancelled by the request, so an appointed lead is tracked).
pub fn decide_from(
    before: &FollowUp,
    approve: bool,
    previous: Option<Status>,
    rules: &Rules,
    now: NaiveDateTime,
) -> Result<FollowUp, Refusal> {
    let mut after = before.clone();
    match (before.status, approve) {
        (Status::DefeatRequested, true) => {
            after.status = Status::Defeated;
            // Every approved defeat is called once more to verify it.
            schedule(
                &mut after,
                rules.day_start(now.date() + Duration::days(1)),
                DueReason::Verification,
            );
        }
        (Status::InvalidRequested, true) => {
            after.status = Status::Invalid;
            unschedule(&mut after);
        }
        (Status::DefeatRequested | Status::InvalidRequested, false) => {
            after.status = match previous {
                Some(Status::Visited) => Status::Visited,
                _ => Status::Tracking,
            };
            schedule(&mut after, rules.next_calling_time(now), DueReason::Cadence);
        }
        (other, _) => return Err(Refusal::NothingToDecide(other)),
    }
    Ok(after)
}

/// A new grade outside a call. A faster cadence brings the next regular call forward.
pub fn regrade(
    before: &FollowUp,
    grade: &str,
    rules: &Rules,
    now: NaiveDateTime,
) -> Result<FollowUp, Refusal> {
    let mut after = before.clone();
    after.grade = check_grade(rules, grade)?;
    if matches!(
        before.due_reason,
        Some(DueReason::Cadence) | Some(DueReason::FirstFollowUp)
    ) {
        let sooner = cadence(rules, &after.grade, now);
        if before.next_due.is_some_and(|d| sooner < d) {
            after.next_due = Some(sooner);
        }
    }
    Ok(after)
}

/// A do-not-call customer consents to calls again (they called back): the
/// lead is tracked again, its first callback the next day, as a new lead's.
/// `listed`: the number is on the do-not-call list (a lead may be on it
/// without being closed as do-not-call; then only the list changes).
pub fn consent(
    before: &FollowUp,
    listed: bool,
    rules: &Rules,
    now: NaiveDateTime,
) -> Result<FollowUp, Refusal> {
    if before.status != Status::Dnc {
        return if listed {
            Ok(before.clone())
        } else {
            Err(Refusal::NotDoNotCall(before.status))
        };
    }
    let fresh = FollowUp::new(&before.grade, rules, now);
    Ok(FollowUp {
        appointment: None,
        ..fresh
    })
}
