//! Today's queue: the documented order and the why of each row.

mod common;

use common::{at, day, desk};
use dcc_desk::domain::outcome::{CallReport, Outcome};
use dcc_desk::domain::DueReason;
use dcc_desk::store::{Actor, LeadStore, Role};

#[test]
fn the_queue_follows_the_documented_order_and_says_why() {
    let d = desk();
    let no_answer = CallReport::default();
    // Captured long ago and never called: first follow-up, overdue.
    let overdue_c = d.lead("C逾期", "13900000001", "C", at("2026-11-18 10:00"));
    let overdue_h = d.lead("H逾期", "13900000002", "H", at("2026-11-20 10:00"));
    // Called on the 21st, grade H every 2 days: due today by cadence.
    let today_h = d.lead("H今日", "13900000003", "H", at("2026-11-19 10:00"));
    d.log(
        today_h,
        Outcome::Reached,
        CallReport::default(),
        at("2026-11-21 10:00"),
    )
    .unwrap();
    // Called on the 8th, grade C every 15 days: due today by cadence.
    let today_c = d.lead("C今日", "13900000004", "C", at("2026-11-05 10:00"));
    d.log(
        today_c,
        Outcome::Reached,
        CallReport::default(),
        at("2026-11-08 10:00"),
    )
    .unwrap();
    // The customer asked for 10:30 today.
    let customer = d.lead("客户约定", "13900000005", "B", at("2026-11-19 10:00"));
    let ask = CallReport {
        at: Some(at("2026-11-23 10:30")),
        ..Default::default()
    };
    d.log(customer, Outcome::CallbackAt, ask, at("2026-11-21 10:00"))
        .unwrap();
    // A visit tomorrow, set on the 20th: confirmation due today.
    let confirm = d.lead("明日到店", "13900000006", "A", at("2026-11-18 10:00"));
    let visit = CallReport {
        visit: Some(at("2026-11-24 14:00")),
        ..Default::default()
    };
    d.log(confirm, Outcome::Appointment, visit, at("2026-11-20 10:00"))
        .unwrap();
    // A visit yesterday that nobody recorded: a no-show.
    let no_show = d.lead("未到店", "13900000007", "A", at("2026-11-15 10:00"));
    let visit = CallReport {
        visit: Some(at("2026-11-22 10:00")),
        ..Default::default()
    };
    d.log(no_show, Outcome::Appointment, visit, at("2026-11-21 10:00"))
        .unwrap();
    // A visit this morning whose confirmation call was never made: a no-show too.
    let unconfirmed = d.lead("未确认", "13900000010", "C", at("2026-11-15 10:00"));
    let visit = CallReport {
        visit: Some(at("2026-11-23 08:30")),
        ..Default::default()
    };
    d.log(
        unconfirmed,
        Outcome::Appointment,
        visit,
        at("2026-11-20 10:00"),
    )
    .unwrap();
    // Not answered this morning: a retry later today.
    let retry = d.lead("未接通", "13900000008", "H", at("2026-11-19 10:00"));
    d.log(
        retry,
        Outcome::NoAnswer,
        no_answer.clone(),
        at("2026-11-23 10:40"),
    )
    .unwrap();
    // Due tomorrow: not in today's queue.
    let tomorrow = d.lead("明天", "13900000009", "H", at("2026-11-23 09:00"));

    let now = at("2026-11-23 11:00");
    let q = d
        .store
        .queue(&d.boss, Some(d.agent.agent.id), now.date(), now)
        .unwrap();
    let got: Vec<(i64, DueReason, i64)> = q
        .iter()
        .map(|i| (i.lead_id, i.reason, i.days_overdue))
        .collect();
    assert_eq!(
        got,
        vec![
            (customer, DueReason::CustomerTime, 0),
            (confirm, DueReason::Confirmation, 0),
            (unconfirmed, DueReason::NoShow, 1),
            (no_show, DueReason::NoShow, 1),
            (overdue_h, DueReason::FirstFollowUp, 2),
            (overdue_c, DueReason::FirstFollowUp, 4),
            (today_h, DueReason::Cadence, 0),
            (today_c, DueReason::Cadence, 0),
            (retry, DueReason::Retry, 0),
        ]
    );
    assert!(q.iter().all(|i| i.lead_id != tomorrow));

    // Tomorrow's queue, asked for today, includes tomorrow's leads.
    let q = d
        .store
        .queue(&d.boss, Some(d.agent.agent.id), day("2026-11-24"), now)
        .unwrap();
    assert!(q.iter().any(|i| i.lead_id == tomorrow));
}

#[test]
fn an_agent_sees_only_their_own_leads_and_the_team_queue_has_all() {
    let d = desk();
    let bob = d
        .store
        .add_agent(
            Some(&d.boss),
            "bob",
            "李静",
            Role::Outbound,
            at("2026-11-01 09:00"),
        )
        .unwrap();
    let mine = d.lead("我的", "13900000001", "H", at("2026-11-20 10:00"));
    let bobs = d
        .store
        .add_lead(
            &Actor::myself(bob.clone()),
            &dcc_desk::store::NewLead {
                name: "他的".into(),
                phone: dcc_desk::domain::phone::Phone::parse("13900000002").unwrap(),
                channel: "yiche".into(),
                model: "卡罗拉".into(),
                purchase_by: None,
                visit_by: None,
                grade: Some("A".into()),
                owner: None,
                note: None,
                details: Default::default(),
            },
            at("2026-11-20 10:00"),
        )
        .unwrap();
    let now = at("2026-11-23 11:00");
    let ids = |agent| -> Vec<i64> {
        d.store
            .queue(&d.boss, agent, now.date(), now)
            .unwrap()
            .iter()
            .map(|i| i.lead_id)
            .collect()
    };
    assert_eq!(ids(Some(d.agent.agent.id)), vec![mine]);
    assert_eq!(ids(Some(bob.id)), vec![bobs]);
    assert_eq!(ids(None), vec![mine, bobs]);
}

#[test]
fn a_claimed_lead_shows_who_holds_it_and_refuses_others() {
    let d = desk();
    let bob = Actor::myself(
        d.store
            .add_agent(
                Some(&d.boss),
                "bob",
                "李静",
                Role::Inbound,
                at("2026-11-01 09:00"),
            )
            .unwrap(),
    );
    let id = d.lead("韩梅梅", "13900000001", "H", at("2026-11-20 10:00"));
    let now = at("2026-11-23 11:00");
    d.store.claim(&d.agent, id, now).unwrap();
    let err = d.store.claim(&bob, id, now).unwrap_err();
    assert!(err.to_string().contains("王芳"), "{err}");
    let q = d.store.queue(&d.boss, None, now.date(), now).unwrap();
    assert_eq!(q[0].claimed_by.as_deref(), Some("amy"));
    let call = dcc_desk::store::CallLog {
        lead_id: id,
        outcome: Outcome::Reached,
        report: CallReport::default(),
        note: None,
        started: None,
        // Bob, an inbound agent, takes the customer's call.
        inbound: true,
    };
    assert!(
        d.store.log_call(&bob, &call, now).is_err(),
        "another agent cannot log on a held lead"
    );
    // A claim left behind by a crashed session expires by itself.
    let later = now + chrono::Duration::minutes(dcc_desk::store::CLAIM_MINUTES + 1);
    d.store.claim(&bob, id, later).unwrap();
    d.store.log_call(&bob, &call, later).unwrap();
    // Logging releases the claim.
    d.store.claim(&d.agent, id, later).unwrap();
}
