//! Reading the verification calls of a lead's history. A verification call
//! has its own outcomes (`confirm-defeat`, `confirm-lost`, `back`); calls
//! saved before they existed confirmed with `defeat`, `lost` or `invalid`
//! and reactivated with `reached`. History is never rewritten: such a call
//! is read as the verification outcome it was, wherever history is shown.

use super::card::{ChangeValue, EventKind, HistoryEntry};
use super::lead::Status;
use super::outcome::Outcome;

/// What an old call on a verification call meant, knowing what was verified
/// (the status the lead was put in: defeated or lost).
fn read_old(outcome: Outcome, verified: Status) -> Outcome {
    match outcome {
        Outcome::Defeat | Outcome::Lost | Outcome::Invalid => {
            Outcome::confirming(verified).unwrap_or(outcome)
        }
        Outcome::Reached => Outcome::Back,
        other => other,
    }
}

/// Reads the calls of `history` (oldest first, a call before the changes it
/// caused) that were verification calls saved with the old outcomes as the
/// verification outcomes they were. Only the first answered call after an
/// approved defeat or a lead given up as lost is a verification call.
pub fn read_verifications(history: &mut [HistoryEntry]) {
    let mut verifying: Option<Status> = None;
    for entry in history.iter_mut() {
        match entry {
            HistoryEntry::Change {
                kind: EventKind::Status,
                old,
                new,
                ..
            } => {
                use ChangeValue::Status as S;
                verifying = match (old, new) {
                    (Some(S(Status::DefeatRequested)), Some(S(Status::Defeated))) => {
                        Some(Status::Defeated)
                    }
                    (Some(S(o)), Some(S(Status::Lost))) if *o != Status::Lost => Some(Status::Lost),
                    _ => None,
                };
            }
            HistoryEntry::Change { .. } | HistoryEntry::Handover { .. } => {}
            HistoryEntry::Call { outcome, .. } => {
                if let Some(verified) = verifying {
                    if *outcome == Outcome::NoAnswer {
                        continue;
                    }
                    *outcome = read_old(*outcome, verified);
                    verifying = None;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Grade;
    use chrono::NaiveDateTime;

    fn at(m: u32) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(&format!("2026-11-20 10:{m:02}"), "%Y-%m-%d %H:%M").unwrap()
    }

    fn call(m: u32, outcome: Outcome) -> HistoryEntry {
        HistoryEntry::Call {
            at: at(m),
            ended_at: at(m),
            agent: "amy".into(),
            actor: "amy".into(),
            outcome,
            grade_before: Grade::parse("B").unwrap(),
            grade_after: Grade::parse("B").unwrap(),
            reason: None,
            note: None,
        }
    }

    fn status(m: u32, old: &str, new: &str) -> HistoryEntry {
        HistoryEntry::Change {
            at: at(m),
            agent: "boss".into(),
            actor: "boss".into(),
            kind: EventKind::Status,
            old: Status::from_code(old).map(ChangeValue::Status),
            new: Status::from_code(new).map(ChangeValue::Status),
            note: None,
        }
    }

    fn outcomes(h: &[HistoryEntry]) -> Vec<Outcome> {
        h.iter()
            .filter_map(|e| match e {
                HistoryEntry::Call { outcome, .. } => Some(*outcome),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn an_old_confirmation_of_a_defeat_reads_as_confirm_the_defeat() {
        let mut h = vec![
            call(0, Outcome::Defeat),
            status(0, "tracking", "defeat_requested"),
            status(1, "defeat_requested", "defeated"),
            call(2, Outcome::NoAnswer),
            call(3, Outcome::Defeat),
        ];
        read_verifications(&mut h);
        assert_eq!(
            outcomes(&h),
            [Outcome::Defeat, Outcome::NoAnswer, Outcome::ConfirmDefeat]
        );
    }

    #[test]
    fn lost_contact_is_confirmed_as_lost_contact_and_a_reached_customer_is_back() {
        let mut h = vec![
            call(0, Outcome::Lost),
            status(0, "tracking", "lost"),
            call(2, Outcome::Lost),
        ];
        read_verifications(&mut h);
        assert_eq!(outcomes(&h), [Outcome::Lost, Outcome::ConfirmLost]);

        let mut h = vec![
            call(0, Outcome::Defeat),
            status(0, "tracking", "defeat_requested"),
            status(1, "defeat_requested", "defeated"),
            call(2, Outcome::Reached),
            status(2, "defeated", "tracking"),
            call(3, Outcome::Reached),
        ];
        read_verifications(&mut h);
        assert_eq!(
            outcomes(&h),
            [Outcome::Defeat, Outcome::Back, Outcome::Reached],
            "only the verification call is read anew"
        );
    }

    #[test]
    fn a_rejected_request_has_no_verification_call() {
        let mut h = vec![
            call(0, Outcome::Defeat),
            status(0, "tracking", "defeat_requested"),
            status(1, "defeat_requested", "tracking"),
            call(2, Outcome::Defeat),
        ];
        read_verifications(&mut h);
        assert_eq!(outcomes(&h), [Outcome::Defeat, Outcome::Defeat]);
    }
}
