//! The supervisor's operations through the store: the team's day, requests,
//! verification by another agent, and moving leads.

mod common;

use common::{at, desk};
use dcc_desk::domain::outcome::{CallReport, Outcome};
use dcc_desk::domain::{ChangeValue, DueReason, Status};
use dcc_desk::store::{Actor, CallLog, HistoryEntry, LeadStore, Role, StoreError};

fn reason(r: &str) -> CallReport {
    CallReport {
        reason: Some(r.into()),
        ..Default::default()
    }
}

#[test]
fn the_team_day_counts_due_done_overdue_and_calls() {
    let d = desk();
    let (day, now) = (common::day("2026-11-23"), at("2026-11-23 11:00"));
    let overdue = d.lead("逾期", "13900000001", "C", at("2026-11-18 10:00"));
    let today = d.lead("今天", "13900000002", "H", at("2026-11-22 09:00"));
    d.lead("明天", "13900000003", "H", at("2026-11-23 09:00"));
    d.log(
        overdue,
        Outcome::NoAnswer,
        CallReport::default(),
        at("2026-11-23 09:30"),
    )
    .unwrap();
    d.log(
        today,
        Outcome::Appointment,
        CallReport {
            visit: Some(at("2026-11-26 10:00")),
            ..Default::default()
        },
        at("2026-11-23 10:00"),
    )
    .unwrap();
    let team = d.store.team_day(&d.boss, day, now).unwrap();
    let amy = team.iter().find(|a| a.login == "amy").unwrap();
    // The overdue lead was retried at 11:30: still due today, and overdue from an earlier day no more.
    assert_eq!(
        (amy.remaining, amy.overdue, amy.due_now),
        (1, 0, 0),
        "{amy:?}"
    );
    assert_eq!(
        (amy.calls, amy.done, amy.reached, amy.appointments),
        (2, 2, 1, 1)
    );
    assert_eq!(amy.target, 60);
    assert!(
        team.iter().any(|a| a.login == "boss"),
        "supervisors who call are listed too"
    );
}

#[test]
fn requests_wait_with_their_reason_and_an_approved_defeat_is_verified_by_someone_else() {
    let d = desk();
    let t = at("2026-11-01 09:00");
    let bob = d
        .store
        .add_agent(Some(&d.boss), "bob", "李静", Role::Outbound, t)
        .unwrap();
    let lead = d.lead("韩梅梅", "13900000001", "B", at("2026-11-20 10:00"));
    let call = CallLog {
        lead_id: lead,
        outcome: Outcome::Defeat,
        report: reason("price_high"),
        note: Some("嫌贵".into()),
        started: None,
        inbound: false,
    };
    d.store
        .log_call(&d.agent, &call, at("2026-11-23 10:00"))
        .unwrap();
    let pending = d.store.pending_requests(&d.boss).unwrap();
    assert_eq!(pending.len(), 1);
    let p = &pending[0];
    assert_eq!(
        (p.lead_id, p.status, p.agent.as_deref()),
        (lead, Status::DefeatRequested, Some("amy"))
    );
    assert_eq!(
        (p.reason.as_deref(), p.note.as_deref()),
        (Some("price_high"), Some("嫌贵"))
    );

    assert!(matches!(
        d.store
            .decide(&d.agent, lead, true, None, at("2026-11-23 11:00")),
        Err(StoreError::NotPermitted(_))
    ));
    d.store
        .decide(&d.boss, lead, true, Some("同意"), at("2026-11-23 11:00"))
        .unwrap();
    let card = d.store.lead(&d.boss, lead, at("2026-11-23 11:00")).unwrap();
    assert_eq!(
        card.owner.as_deref(),
        Some("bob"),
        "verified by someone other than the agent who asked"
    );
    assert_eq!(card.due_reason, Some(DueReason::Verification));
    let q = d
        .store
        .queue(
            &d.boss,
            Some(bob.id),
            common::day("2026-11-24"),
            at("2026-11-24 09:00"),
        )
        .unwrap();
    assert_eq!(
        q.iter().map(|i| (i.lead_id, i.reason)).collect::<Vec<_>>(),
        vec![(lead, DueReason::Verification)]
    );
    assert!(d.store.pending_requests(&d.boss).unwrap().is_empty());
    // Bob's verification call finds the customer back.
    let bob = Actor::myself(bob);
    let call = CallLog {
        lead_id: lead,
        outcome: Outcome::Back,
        report: CallReport::default(),
        note: None,
        started: None,
        inbound: false,
    };
    assert_eq!(
        d.store
            .log_call(&bob, &call, at("2026-11-24 10:00"))
            .unwrap()
            .status,
        Status::Tracking
    );
}

#[test]
fn leads_move_between_agents_with_a_reason_in_the_event_log() {
    let d = desk();
    let t = at("2026-11-01 09:00");
    d.store
        .add_agent(Some(&d.boss), "bob", "李静", Role::Outbound, t)
        .unwrap();
    let a = d.lead("一", "13900000001", "B", at("2026-11-20 10:00"));
    let b = d.lead("二", "13900000002", "B", at("2026-11-20 10:00"));
    let now = at("2026-11-23 10:00");
    let err = d
        .store
        .reassign(&d.agent, &[a], "bob", "休假", now)
        .unwrap_err();
    assert!(matches!(err, StoreError::NotPermitted(_)), "{err}");
    assert!(
        d.store.reassign(&d.boss, &[a], "bob", "  ", now).is_err(),
        "a move needs a reason"
    );
    assert!(matches!(
        d.store.reassign(&d.boss, &[a], "nobody", "x", now),
        Err(StoreError::NoSuchAgent(_))
    ));
    assert_eq!(
        d.store
            .reassign(&d.boss, &[a, b], "bob", "王芳休假", now)
            .unwrap(),
        2
    );
    assert_eq!(
        d.store
            .reassign(&d.boss, &[a], "bob", "again", now)
            .unwrap(),
        0,
        "already bob's"
    );
    let card = d.store.lead(&d.boss, a, now).unwrap();
    assert_eq!(card.owner.as_deref(), Some("bob"));
    let moves: Vec<_> = card
        .history
        .iter()
        .filter_map(|h| match h {
            HistoryEntry::Change {
                kind,
                old,
                new,
                note,
                actor,
                ..
            } if kind == "owner" && old.is_some() => Some((
                old.clone().unwrap(),
                new.clone().unwrap(),
                note.clone().unwrap_or_default(),
                actor.clone(),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        moves,
        vec![(
            ChangeValue::Agent("amy".into()),
            ChangeValue::Agent("bob".into()),
            "王芳休假".into(),
            "boss".into()
        )]
    );
}
