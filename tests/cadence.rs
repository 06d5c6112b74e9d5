//! The grade table and every outcome's effect, through the store's public operations.

mod common;

use common::{at, day, desk};
use dcc_desk::domain::outcome::{CallReport, Outcome};
use dcc_desk::domain::phone::Phone;
use dcc_desk::domain::{DueReason, Refusal, Status};
use dcc_desk::store::{LeadStore, NewLead, StoreError};

fn new_lead(purchase_by: &str) -> NewLead {
    NewLead {
        name: "李雷".into(),
        phone: Phone::parse("13812345678").unwrap(),
        channel: "汽车之家".into(),
        model: "RAV4荣放".into(),
        purchase_by: Some(day(purchase_by)),
        visit_by: None,
        grade: None,
        owner: None,
        note: None,
        details: Default::default(),
    }
}

/// The README's table ("Grades and cadence"), row by row: the grade from
/// the expected purchase, the first follow-up the next day, then the
/// grade's interval.
#[test]
fn cadence_table_row_by_row() {
    let now = at("2026-11-23 10:00");
    // (expected purchase, grade, days between follow-ups)
    let rows = [
        ("2026-11-24", "H", 2),
        ("2026-11-30", "H", 2),  // 7 days: still H
        ("2026-12-01", "A", 3),  // 8 days
        ("2026-12-23", "A", 3),  // 30 days
        ("2026-12-24", "B", 7),  // 31 days
        ("2027-01-22", "B", 7),  // 60 days
        ("2027-01-23", "C", 15), // 61 days
        ("2027-11-01", "C", 15),
    ];
    for (purchase, grade, every) in rows {
        let d = desk();
        let id = d
            .store
            .add_lead(&d.agent, &new_lead(purchase), now)
            .unwrap();
        let card = d.store.lead(&d.boss, id, now).unwrap();
        assert_eq!(card.grade, grade, "purchase by {purchase}");
        assert_eq!(
            card.next_due,
            Some(at("2026-11-24 08:00")),
            "first follow-up next day"
        );
        assert_eq!(card.due_reason, Some(DueReason::FirstFollowUp));

        let call = at("2026-11-24 10:00");
        let logged = d
            .log(id, Outcome::Reached, CallReport::default(), call)
            .unwrap();
        let expected = day("2026-11-24") + chrono::Duration::days(every);
        assert_eq!(
            logged.next_due,
            Some(expected.and_hms_opt(8, 0, 0).unwrap()),
            "grade {grade}"
        );
        assert_eq!(logged.due_reason, Some(DueReason::Cadence));
    }
}

#[test]
fn an_explicit_grade_overrides_the_purchase_date() {
    let d = desk();
    let now = at("2026-11-23 10:00");
    let mut lead = new_lead("2027-06-01");
    lead.grade = Some("h".into());
    let id = d.store.add_lead(&d.agent, &lead, now).unwrap();
    assert_eq!(d.store.lead(&d.boss, id, now).unwrap().grade, "H");
    lead.grade = Some("Z".into());
    lead.phone = Phone::parse("13912345678").unwrap();
    let err = d.store.add_lead(&d.agent, &lead, now).unwrap_err();
    assert!(err.to_string().contains("grade Z"), "{err}");
}

#[test]
fn the_cadence_is_a_setting() {
    let d = desk();
    let mut rules = d.store.rules().unwrap();
    rules.grades[0].every_days = 1;
    d.store
        .set_rules(&d.boss, &rules, at("2026-11-20 09:00"))
        .unwrap();
    assert!(
        d.store
            .set_rules(&d.agent, &rules, at("2026-11-20 09:00"))
            .is_err(),
        "agents cannot change rules"
    );
    let now = at("2026-11-23 10:00");
    let id = d.lead("韩梅梅", "13900000001", "H", now);
    let l = d
        .log(
            id,
            Outcome::Reached,
            CallReport::default(),
            at("2026-11-24 10:00"),
        )
        .unwrap();
    assert_eq!(l.next_due, Some(at("2026-11-25 08:00")));
}

#[test]
fn reached_can_change_the_grade_and_logs_it() {
    let d = desk();
    let id = d.lead("韩梅梅", "13900000001", "C", at("2026-11-20 10:00"));
    let report = CallReport {
        grade: Some("A".into()),
        ..Default::default()
    };
    let l = d
        .log(id, Outcome::Reached, report, at("2026-11-23 10:00"))
        .unwrap();
    assert_eq!(l.grade, "A");
    assert_eq!(l.next_due, Some(at("2026-11-26 08:00")));
    let card = d.store.lead(&d.boss, id, at("2026-11-23 10:00")).unwrap();
    let changes: Vec<String> = card
        .history
        .iter()
        .filter_map(|h| match h {
            dcc_desk::store::HistoryEntry::Change { kind, old, new, .. } if kind == "grade" => {
                Some(format!(
                    "{}->{}",
                    old.as_ref().map(|g| g.to_string()).unwrap_or_default(),
                    new.as_ref().map(|g| g.to_string()).unwrap_or_default()
                ))
            }
            _ => None,
        })
        .collect();
    assert_eq!(changes, vec!["C->A"]);
}

#[test]
fn no_answer_retries_the_same_day_then_the_next_then_offers_lost() {
    let d = desk();
    let id = d.lead("韩梅梅", "13900000001", "A", at("2026-11-20 10:00"));
    let na = |t| {
        d.log(id, Outcome::NoAnswer, CallReport::default(), at(t))
            .unwrap()
    };
    let l = na("2026-11-23 09:00");
    assert_eq!(
        (l.next_due, l.due_reason),
        (Some(at("2026-11-23 11:00")), Some(DueReason::Retry))
    );
    let l = na("2026-11-23 11:00");
    assert_eq!(l.next_due, Some(at("2026-11-23 13:00")));
    // Third try of the day: the limit (3) is reached, tomorrow morning.
    let l = na("2026-11-23 13:00");
    assert_eq!(l.next_due, Some(at("2026-11-24 08:00")));
    // Late in the day a retry would fall outside calling hours: tomorrow.
    let l = na("2026-11-24 20:00");
    assert_eq!(l.next_due, Some(at("2026-11-25 08:00")));
    assert!(!l.offer_lost);
    // Lost contact is refused before the third unreachable day...
    let err = d
        .log(
            id,
            Outcome::Lost,
            CallReport::default(),
            at("2026-11-24 20:10"),
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::Refused(_)), "{err}");
    let l = na("2026-11-25 09:00");
    assert!(l.offer_lost, "third day unreachable");
    // ...and then offered, and leads to a verification call.
    let l = d
        .log(
            id,
            Outcome::Lost,
            CallReport::default(),
            at("2026-11-25 09:05"),
        )
        .unwrap();
    assert_eq!(l.status, Status::Lost);
    assert_eq!(l.due_reason, Some(DueReason::Verification));
    // Amy gave it up, so she may not verify it: with no other outbound
    // agent, the supervisor calls. A verification call has its own outcomes:
    // "reached" is refused, and so is confirming a defeat on lost contact.
    for wrong in [Outcome::Reached, Outcome::ConfirmDefeat, Outcome::Lost] {
        let err = d
            .log_by(
                &d.boss,
                id,
                wrong,
                CallReport::default(),
                at("2026-11-26 09:05"),
            )
            .unwrap_err();
        assert!(
            matches!(err, StoreError::Refused(Refusal::Verifying(Status::Lost))),
            "{wrong:?}: {err:?}"
        );
    }
    // The customer is back: tracking again, by the grade's cadence.
    let l = d
        .log_by(
            &d.boss,
            id,
            Outcome::Back,
            CallReport::default(),
            at("2026-11-26 09:05"),
        )
        .unwrap();
    assert_eq!(
        (l.status, l.due_reason),
        (Status::Tracking, Some(DueReason::Cadence)),
        "a verification call that finds the customer back reactivates"
    );
}

#[test]
fn callback_at_the_customers_time() {
    let d = desk();
    let id = d.lead("韩梅梅", "13900000001", "B", at("2026-11-20 10:00"));
    let now = at("2026-11-23 10:00");
    let ask = |t: &str| CallReport {
        at: Some(at(t)),
        ..Default::default()
    };
    let l = d
        .log(id, Outcome::CallbackAt, ask("2026-11-25 15:30"), now)
        .unwrap();
    assert_eq!(
        (l.next_due, l.due_reason),
        (Some(at("2026-11-25 15:30")), Some(DueReason::CustomerTime))
    );
    for (bad, why) in [
        ("2026-11-23 09:00", "passed"),
        ("2026-11-25 22:00", "calling hours"),
    ] {
        let err = d.log(id, Outcome::CallbackAt, ask(bad), now).unwrap_err();
        assert!(err.to_string().contains(why), "{err}");
    }
    let err = d
        .log(id, Outcome::CallbackAt, CallReport::default(), now)
        .unwrap_err();
    assert!(err.to_string().contains("needs a time"), "{err}");
}

#[test]
fn appointment_confirmation_visit_and_no_show() {
    let d = desk();
    let id = d.lead("韩梅梅", "13900000001", "A", at("2026-11-20 10:00"));
    let visit = |t: &str| CallReport {
        visit: Some(at(t)),
        ..Default::default()
    };
    let l = d
        .log(
            id,
            Outcome::Appointment,
            visit("2026-11-28 10:00"),
            at("2026-11-23 10:00"),
        )
        .unwrap();
    assert_eq!(l.status, Status::Appointed);
    assert_eq!(
        (l.next_due, l.due_reason),
        (Some(at("2026-11-27 08:00")), Some(DueReason::Confirmation))
    );
    let card = d.store.lead(&d.boss, id, at("2026-11-23 10:00")).unwrap();
    assert_eq!(card.appointment, Some(at("2026-11-28 10:00")));
    // The day before: confirmed; then a no-show check after the visit time.
    let l = d
        .log(
            id,
            Outcome::Reached,
            CallReport::default(),
            at("2026-11-27 09:00"),
        )
        .unwrap();
    assert_eq!(
        (l.next_due, l.due_reason),
        (Some(at("2026-11-28 12:00")), Some(DueReason::NoShow))
    );
    assert_eq!(l.status, Status::Appointed);
    // Nobody logged a visit: the lead is back in the queue as a no-show.
    let q = d
        .store
        .queue(
            &d.boss,
            Some(d.agent.agent.id),
            day("2026-11-28"),
            at("2026-11-28 13:00"),
        )
        .unwrap();
    assert_eq!(
        q.iter().map(|i| (i.lead_id, i.reason)).collect::<Vec<_>>(),
        vec![(id, DueReason::NoShow)]
    );
    // Rescheduled, then visited, ordered, delivered.
    d.log(
        id,
        Outcome::Appointment,
        visit("2026-11-29 15:00"),
        at("2026-11-28 13:00"),
    )
    .unwrap();
    let l = d
        .log(
            id,
            Outcome::Visited,
            CallReport::default(),
            at("2026-11-29 16:00"),
        )
        .unwrap();
    assert_eq!(
        (l.status, l.due_reason),
        (Status::Visited, Some(DueReason::Cadence))
    );
    let l = d
        .log(
            id,
            Outcome::Ordered,
            CallReport::default(),
            at("2026-11-30 16:00"),
        )
        .unwrap();
    assert_eq!((l.status, l.next_due), (Status::Ordered, None));
    let l = d
        .log(
            id,
            Outcome::Delivered,
            CallReport::default(),
            at("2026-12-10 16:00"),
        )
        .unwrap();
    assert_eq!(l.status, Status::Delivered);
    let err = d
        .log(
            id,
            Outcome::Reached,
            CallReport::default(),
            at("2026-12-11 16:00"),
        )
        .unwrap_err();
    assert!(err.to_string().contains("takes no more calls"), "{err}");
}

#[test]
fn an_appointment_for_tomorrow_needs_no_separate_confirmation() {
    let d = desk();
    let id = d.lead("韩梅梅", "13900000001", "H", at("2026-11-20 10:00"));
    let report = CallReport {
        visit: Some(at("2026-11-24 10:00")),
        ..Default::default()
    };
    let l = d
        .log(id, Outcome::Appointment, report, at("2026-11-23 10:00"))
        .unwrap();
    assert_eq!(l.due_reason, Some(DueReason::NoShow));
    let past = CallReport {
        visit: Some(at("2026-11-22 10:00")),
        ..Default::default()
    };
    assert!(d
        .log(id, Outcome::Appointment, past, at("2026-11-23 10:00"))
        .is_err());
}

#[test]
fn defeat_needs_a_listed_reason_and_a_supervisor() {
    let d = desk();
    let id = d.lead("韩梅梅", "13900000001", "B", at("2026-11-20 10:00"));
    let now = at("2026-11-23 10:00");
    let reason = |r: &str| CallReport {
        reason: Some(r.into()),
        ..Default::default()
    };
    let err = d
        .log(id, Outcome::Defeat, CallReport::default(), now)
        .unwrap_err();
    assert!(err.to_string().contains("needs a reason"), "{err}");
    let err = d
        .log(id, Outcome::Defeat, reason("bored"), now)
        .unwrap_err();
    assert!(err.to_string().contains("not on the defeat list"), "{err}");
    let l = d
        .log(id, Outcome::Defeat, reason("price_high"), now)
        .unwrap();
    assert_eq!((l.status, l.next_due), (Status::DefeatRequested, None));
    let err = d
        .log(id, Outcome::Reached, CallReport::default(), now)
        .unwrap_err();
    assert!(err.to_string().contains("supervisor"), "{err}");
    // Only a supervisor decides; rejection returns the lead to its agent's queue.
    assert!(matches!(
        d.store.decide(&d.agent, id, false, None, now),
        Err(StoreError::NotPermitted(_))
    ));
    assert_eq!(
        d.store
            .decide(&d.boss, id, false, Some("call again"), now)
            .unwrap(),
        Status::Tracking
    );
    let q = d
        .store
        .queue(&d.boss, Some(d.agent.agent.id), now.date(), now)
        .unwrap();
    assert!(q.iter().any(|i| i.lead_id == id));
    // Approval makes it defeated with a verification call due tomorrow.
    d.log(id, Outcome::Defeat, reason("better_offer"), now)
        .unwrap();
    assert_eq!(
        d.store.decide(&d.boss, id, true, None, now).unwrap(),
        Status::Defeated
    );
    let card = d.store.lead(&d.boss, id, now).unwrap();
    assert_eq!(card.due_reason, Some(DueReason::Verification));
    // Amy asked for the defeat: she may not verify it herself.
    let err = d
        .log(
            id,
            Outcome::Reached,
            CallReport::default(),
            at("2026-11-24 10:00"),
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::NotPermitted(_)), "{err:?}");
    // The verification call (the supervisor's: there is no other agent)
    // confirms it with its own outcome, not with another defeat request.
    let err = d
        .log_by(
            &d.boss,
            id,
            Outcome::Defeat,
            reason("better_offer"),
            at("2026-11-24 10:00"),
        )
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Refused(Refusal::Verifying(Status::Defeated))
        ),
        "{err:?}"
    );
    let l = d
        .log_by(
            &d.boss,
            id,
            Outcome::ConfirmDefeat,
            CallReport::default(),
            at("2026-11-24 10:00"),
        )
        .unwrap();
    assert_eq!((l.status, l.next_due), (Status::Defeated, None));
}

#[test]
fn invalid_needs_an_invalid_reason() {
    let d = desk();
    let id = d.lead("韩梅梅", "13900000001", "B", at("2026-11-20 10:00"));
    let now = at("2026-11-23 10:00");
    let bad = CallReport {
        reason: Some("price_high".into()),
        ..Default::default()
    };
    assert!(
        d.log(id, Outcome::Invalid, bad, now).is_err(),
        "a defeat reason is not an invalid reason"
    );
    let ok = CallReport {
        reason: Some("wrong_number".into()),
        ..Default::default()
    };
    let l = d.log(id, Outcome::Invalid, ok, now).unwrap();
    assert_eq!(l.status, Status::InvalidRequested);
    assert_eq!(
        d.store.decide(&d.boss, id, true, None, now).unwrap(),
        Status::Invalid
    );
}

#[test]
fn do_not_call_leaves_every_queue_for_good() {
    let d = desk();
    let id = d.lead("韩梅梅", "13900000001", "H", at("2026-11-20 10:00"));
    let now = at("2026-11-23 10:00");
    let l = d.log(id, Outcome::Dnc, CallReport::default(), now).unwrap();
    assert_eq!((l.status, l.next_due), (Status::Dnc, None));
    for q in [
        d.store
            .queue(&d.boss, Some(d.agent.agent.id), day("2026-12-31"), now)
            .unwrap(),
        d.store
            .queue(&d.boss, None, day("2026-12-31"), now)
            .unwrap(),
    ] {
        assert!(q.iter().all(|i| i.lead_id != id));
    }
    for o in [Outcome::Reached, Outcome::Dnc, Outcome::Appointment] {
        assert!(d.log(id, o, CallReport::default(), now).is_err());
    }
}

#[test]
fn impossible_transitions_are_refused_with_the_reason() {
    let d = desk();
    let id = d.lead("韩梅梅", "13900000001", "H", at("2026-11-20 10:00"));
    let now = at("2026-11-23 10:00");
    let err = d
        .log(id, Outcome::Delivered, CallReport::default(), now)
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("only an ordered lead can be delivered"),
        "{err}"
    );
    d.log(id, Outcome::Ordered, CallReport::default(), now)
        .unwrap();
    let err = d
        .log(
            id,
            Outcome::Appointment,
            CallReport {
                visit: Some(at("2026-11-25 10:00")),
                ..Default::default()
            },
            now,
        )
        .unwrap_err();
    assert!(err.to_string().contains("ordered"), "{err}");
    // A refused outcome changes nothing.
    let card = d.store.lead(&d.boss, id, now).unwrap();
    assert_eq!(card.status, Status::Ordered);
    assert_eq!(
        card.history
            .iter()
            .filter(|h| matches!(h, dcc_desk::store::HistoryEntry::Call { .. }))
            .count(),
        1
    );
}
