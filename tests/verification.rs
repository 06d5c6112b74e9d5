//! The verification call of an approved defeat or of lost contact has its
//! own outcomes: confirm the defeat, confirm lost contact, the customer is
//! back. Through the store (who may, what is refused, what the history
//! says, old calls read anew) and through the workstation (the keys, the
//! key bar, the prompt and the saved message).

mod common;

use common::{at, desk, Desk};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dcc_desk::app::{Action, App, KeyMode, Session};
use dcc_desk::domain::access::Why;
use dcc_desk::domain::outcome::{CallReport, Outcome};
use dcc_desk::domain::{DueReason, Refusal, Status};
use dcc_desk::i18n::Lang;
use dcc_desk::store::{Actor, CallLog, HistoryEntry, LeadStore, Role, StoreError};

fn reason(r: &str) -> CallReport {
    CallReport {
        reason: Some(r.into()),
        ..Default::default()
    }
}

fn plain() -> CallReport {
    CallReport::default()
}

/// Amy's desk with bob (outbound) and lily (inbound); one defeat amy asked
/// for, approved on 11-20 and handed to bob; one lead amy gave up as lost
/// on 11-20, handed to bob. Both verification calls are due on 11-21.
struct Verifying {
    d: Desk,
    bob: Actor,
    lily: Actor,
    defeat: i64,
    lost: i64,
}

fn verifying() -> Verifying {
    let d = desk();
    let t = at("2026-11-01 09:00");
    let bob = d
        .store
        .add_agent(Some(&d.boss), "bob", "李静", Role::Outbound, t)
        .unwrap();
    let lily = d
        .store
        .add_agent(Some(&d.boss), "lily", "林丽", Role::Inbound, t)
        .unwrap();
    let defeat = d.lead("韩梅梅", "13900000001", "B", at("2026-11-10 10:00"));
    d.log(
        defeat,
        Outcome::Defeat,
        reason("price_high"),
        at("2026-11-19 10:00"),
    )
    .unwrap();
    d.store
        .decide(&d.boss, defeat, true, None, at("2026-11-20 10:00"))
        .unwrap();
    let lost = d.lead("赵未接", "13900000002", "B", at("2026-11-10 10:00"));
    for day in 17..20 {
        d.log(
            lost,
            Outcome::NoAnswer,
            plain(),
            at(&format!("2026-11-{day} 20:00")),
        )
        .unwrap();
    }
    d.log(lost, Outcome::Lost, plain(), at("2026-11-20 09:00"))
        .unwrap();
    Verifying {
        d,
        bob: Actor::myself(bob),
        lily: Actor::myself(lily),
        defeat,
        lost,
    }
}

fn call_outcomes(v: &Verifying, lead: i64) -> Vec<Outcome> {
    let card =
        v.d.store
            .lead(&v.d.boss, lead, at("2026-11-23 12:00"))
            .unwrap();
    card.history
        .iter()
        .filter_map(|h| match h {
            HistoryEntry::Call { outcome, .. } => Some(*outcome),
            _ => None,
        })
        .collect()
}

#[test]
fn the_verifier_confirms_a_defeat_with_its_own_outcome() {
    let v = verifying();
    let now = at("2026-11-21 10:00");
    let card = v.d.store.lead(&v.d.boss, v.defeat, now).unwrap();
    assert_eq!(card.owner.as_deref(), Some("bob"));
    assert_eq!(card.due_reason, Some(DueReason::Verification));
    // The outcomes of a tracking call are refused on it, with what to use.
    for wrong in [
        Outcome::Defeat,
        Outcome::Reached,
        Outcome::Invalid,
        Outcome::ConfirmLost,
    ] {
        let err =
            v.d.log_by(&v.bob, v.defeat, wrong, reason("price_high"), now)
                .unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::Refused(Refusal::Verifying(Status::Defeated))
            ),
            "{wrong:?}: {err:?}"
        );
    }
    let zh = dcc_desk::i18n::refusal(&Refusal::Verifying(Status::Defeated), Lang::Zh);
    assert!(zh.contains("确认战败") && zh.contains("战败核实"), "{zh}");
    let l =
        v.d.log_by(&v.bob, v.defeat, Outcome::ConfirmDefeat, plain(), now)
            .unwrap();
    assert_eq!((l.status, l.next_due), (Status::Defeated, None));
    assert_eq!(
        call_outcomes(&v, v.defeat),
        [Outcome::Defeat, Outcome::ConfirmDefeat]
    );
}

#[test]
fn lost_contact_is_confirmed_as_lost_contact_never_as_a_defeat() {
    let v = verifying();
    let now = at("2026-11-21 10:00");
    let err =
        v.d.log_by(&v.bob, v.lost, Outcome::ConfirmDefeat, plain(), now)
            .unwrap_err();
    assert!(
        matches!(err, StoreError::Refused(Refusal::Verifying(Status::Lost))),
        "{err:?}"
    );
    let en = dcc_desk::i18n::refusal(&Refusal::Verifying(Status::Lost), Lang::En);
    assert!(
        en.contains("lost contact") && !en.contains("defeat"),
        "{en}"
    );
    let l =
        v.d.log_by(&v.bob, v.lost, Outcome::ConfirmLost, plain(), now)
            .unwrap();
    assert_eq!((l.status, l.next_due), (Status::Lost, None));
    assert_eq!(
        call_outcomes(&v, v.lost).last(),
        Some(&Outcome::ConfirmLost)
    );
}

#[test]
fn the_customer_is_back_in_tracking_with_the_verifier() {
    let v = verifying();
    let now = at("2026-11-21 10:00");
    let l =
        v.d.log_by(&v.bob, v.defeat, Outcome::Back, plain(), now)
            .unwrap();
    // Grade B: the next call in 7 days, in bob's queue.
    assert_eq!(
        (l.status, l.due_reason, l.next_due),
        (
            Status::Tracking,
            Some(DueReason::Cadence),
            Some(at("2026-11-28 08:00"))
        )
    );
    let card = v.d.store.lead(&v.d.boss, v.defeat, now).unwrap();
    assert_eq!(card.owner.as_deref(), Some("bob"));
    // Now an ordinary lead again: the verification outcomes are refused.
    let err =
        v.d.log_by(&v.bob, v.defeat, Outcome::ConfirmDefeat, plain(), now)
            .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Refused(Refusal::NotVerifying(Outcome::ConfirmDefeat))
        ),
        "{err:?}"
    );
}

#[test]
fn only_the_assigned_verifier_or_a_supervisor_verifies() {
    let v = verifying();
    let now = at("2026-11-21 10:00");
    // Amy asked for the defeat and gave the other lead up: never hers to verify.
    for lead in [v.defeat, v.lost] {
        let confirm = if lead == v.defeat {
            Outcome::ConfirmDefeat
        } else {
            Outcome::ConfirmLost
        };
        for o in [confirm, Outcome::Back] {
            match v.d.log(lead, o, plain(), now).unwrap_err() {
                StoreError::NotPermitted(d) => assert_eq!(d.why, Why::AskedForIt),
                e => panic!("{e:?}"),
            }
        }
    }
    // An inbound agent taking the customer's call may not verify either.
    let err =
        v.d.store
            .log_call(
                &v.lily,
                &CallLog {
                    lead_id: v.defeat,
                    outcome: Outcome::Back,
                    report: plain(),
                    note: None,
                    started: None,
                    inbound: true,
                },
                now,
            )
            .unwrap_err();
    assert!(matches!(err, StoreError::NotPermitted(_)), "{err:?}");
    // A supervisor may.
    v.d.log_by(&v.d.boss, v.lost, Outcome::ConfirmLost, plain(), now)
        .unwrap();
}

#[test]
fn calls_saved_before_the_verification_outcomes_read_as_what_they_were() {
    let v = verifying();
    // Written as older versions of dcc did: the verification call confirmed
    // with "defeat" and "lost". Nothing in the file is rewritten.
    let db = rusqlite::Connection::open(v.d.dir.path().join("dcc.sqlite")).unwrap();
    let bob = v.bob.agent.id;
    for (lead, old) in [(v.defeat, "defeat"), (v.lost, "lost")] {
        db.execute(
            "INSERT INTO calls (lead_id, agent_id, actor_id, started_at, ended_at, outcome,
                                grade_before, grade_after, direction)
             VALUES (?1, ?2, ?2, '2026-11-21 10:00:00', '2026-11-21 10:01:00', ?3, 'B', 'B', 'out')",
            rusqlite::params![lead, bob, old],
        )
        .unwrap();
    }
    assert_eq!(
        call_outcomes(&v, v.defeat),
        [Outcome::Defeat, Outcome::ConfirmDefeat]
    );
    assert_eq!(
        call_outcomes(&v, v.lost).last(),
        Some(&Outcome::ConfirmLost)
    );
    let stored: Vec<String> = db
        .prepare("SELECT outcome FROM calls WHERE agent_id = ?1 ORDER BY id")
        .unwrap()
        .query_map([bob], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(stored, ["defeat", "lost"]);
}

fn workstation(v: &Verifying, lang: Lang) -> App {
    let session = Session {
        lang: Some(lang),
        ..Default::default()
    };
    common::workstation(&v.d, &v.bob, session, at("2026-11-21 10:00"))
}

fn key(app: &mut App, c: KeyCode) {
    app.on_key(KeyEvent::new(c, KeyModifiers::NONE));
}

fn select(app: &mut App, lead: i64) {
    let i = app.queue.iter().position(|q| q.lead_id == lead).unwrap();
    while app.selected < i {
        key(app, KeyCode::Down);
    }
    while app.selected > i {
        key(app, KeyCode::Up);
    }
}

fn bar(app: &App) -> Vec<Action> {
    app.key_bar().into_iter().map(|(a, _)| a).collect()
}

#[test]
fn the_workstation_offers_the_verification_outcomes_of_the_lead_at_hand() {
    let v = verifying();
    let mut app = workstation(&v, Lang::En);
    select(&mut app, v.defeat);
    assert_eq!(app.key_mode(), KeyMode::Verify);
    let b = bar(&app);
    for a in [
        Action::ConfirmDefeat,
        Action::CustomerBack,
        Action::NoAnswer,
    ] {
        assert!(b.contains(&a), "{a:?} missing from {b:?}");
    }
    for a in [
        Action::ConfirmLost,
        Action::Defeat,
        Action::Reached,
        Action::Lost,
    ] {
        assert!(!b.contains(&a), "{a:?} in {b:?}");
    }
    select(&mut app, v.lost);
    let b = bar(&app);
    assert!(b.contains(&Action::ConfirmLost) && !b.contains(&Action::ConfirmDefeat));
    // The queue says which verification each is, in both languages.
    let screen = common::screen(&app, 120, 30);
    assert!(screen.contains("verify lost"), "{screen}");
    app.lang = Lang::Zh;
    let screen = common::screen(&app, 120, 30);
    assert!(
        screen.contains("失联核实") && screen.contains("战败核实"),
        "{screen}"
    );
    assert!(screen.contains("l 确认失联"), "{screen}");
}

#[test]
fn confirming_on_the_workstation_saves_confirm_the_defeat_on_the_call() {
    let v = verifying();
    let mut app = workstation(&v, Lang::Zh);
    select(&mut app, v.defeat);
    key(&mut app, KeyCode::Enter); // the call
                                   // Looking at another lead meanwhile changes nothing: the call's keys.
    select(&mut app, v.lost);
    assert_eq!(app.key_mode(), KeyMode::Verify);
    assert!(bar(&app).contains(&Action::ConfirmDefeat));
    key(&mut app, KeyCode::Char('d'));
    // The prompt is titled with the verification outcome and the customer.
    let screen = common::screen(&app, 80, 24);
    assert!(
        screen.contains("确认战败") && screen.contains("韩梅梅"),
        "{screen}"
    );
    key(&mut app, KeyCode::Enter);
    let msg = app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(msg.contains("韩梅梅 确认战败"), "{msg}");
    assert_eq!(
        call_outcomes(&v, v.defeat).last(),
        Some(&Outcome::ConfirmDefeat)
    );
    assert_eq!(
        call_outcomes(&v, v.lost).last(),
        Some(&Outcome::Lost),
        "nothing saved on the lead looked at"
    );
}

#[test]
fn the_customer_is_back_from_the_workstation_in_english() {
    let v = verifying();
    let mut app = workstation(&v, Lang::En);
    select(&mut app, v.lost);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('r'));
    key(&mut app, KeyCode::Enter);
    let msg = app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(msg.contains("赵未接 customer is back"), "{msg}");
    let card =
        v.d.store
            .lead(&v.d.boss, v.lost, at("2026-11-21 10:05"))
            .unwrap();
    assert_eq!(card.status, Status::Tracking);
    assert_eq!(call_outcomes(&v, v.lost).last(), Some(&Outcome::Back));
}
