//! A do-not-call customer who calls back: their new consent is recorded
//! (who, when, in the lead's history and the audit log), do-not-call is
//! lifted and the lead is tracked again with a first callback; a caller who
//! refuses is told apart from a new lead. Through the store, the capture
//! form and the command line.

mod common;

use common::{at, desk, Desk};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dcc_desk::app::{App, Mode, Session};
use dcc_desk::domain::outcome::{CallReport, Outcome};
use dcc_desk::domain::phone::Phone;
use dcc_desk::domain::{ChangeValue, DueReason, EventKind, Refusal, Status};
use dcc_desk::i18n::Lang;
use dcc_desk::store::{Actor, HistoryEntry, LeadStore, Role, StoreError};

const PHONE: &str = "13900000001";

/// Amy's lead 韩梅梅 asked not to be called on 11-20; lily answers the
/// hotline, bob is another outbound agent.
struct Dnc {
    d: Desk,
    lily: Actor,
    bob: Actor,
    lead: i64,
}

fn dnc() -> Dnc {
    let d = desk();
    let t = at("2026-11-01 09:00");
    let lily = d
        .store
        .add_agent(Some(&d.boss), "lily", "林丽", Role::Inbound, t)
        .unwrap();
    let bob = d
        .store
        .add_agent(Some(&d.boss), "bob", "李静", Role::Outbound, t)
        .unwrap();
    let lead = d.lead("韩梅梅", PHONE, "B", at("2026-11-10 10:00"));
    d.log(
        lead,
        Outcome::Dnc,
        CallReport::default(),
        at("2026-11-20 10:00"),
    )
    .unwrap();
    Dnc {
        d,
        lily: Actor::myself(lily),
        bob: Actor::myself(bob),
        lead,
    }
}

fn now() -> chrono::NaiveDateTime {
    at("2026-11-23 11:00")
}

#[test]
fn consent_lifts_do_not_call_and_brings_the_lead_back_with_a_first_callback() {
    let x = dnc();
    let phone = Phone::parse(PHONE).unwrap();
    assert!(x.d.store.dnc_contains(&phone).unwrap());
    let after =
        x.d.store
            .record_consent(&x.lily, x.lead, "客户来电，同意再联系", true, now())
            .unwrap();
    assert_eq!(
        (after.status, after.due_reason, after.next_due),
        (
            Status::Tracking,
            Some(DueReason::FirstFollowUp),
            Some(at("2026-11-24 08:00"))
        )
    );
    assert!(!x.d.store.dnc_contains(&phone).unwrap());
    // Back in its owner's queue tomorrow.
    let q =
        x.d.store
            .queue(
                &x.d.agent,
                Some(x.d.agent.agent.id),
                common::day("2026-11-24"),
                at("2026-11-24 09:00"),
            )
            .unwrap();
    assert!(q.iter().any(|i| i.lead_id == x.lead));
    // Who and when, in the lead's history.
    let card = x.d.store.lead(&x.d.boss, x.lead, now()).unwrap();
    let consent = card.history.iter().find_map(|h| match h {
        HistoryEntry::Change {
            kind: EventKind::Status,
            old,
            new,
            agent,
            at,
            note,
            ..
        } if *old == Some(ChangeValue::Status(Status::Dnc)) => {
            Some((new.clone(), agent.clone(), *at, note.clone()))
        }
        _ => None,
    });
    assert_eq!(
        consent,
        Some((
            Some(ChangeValue::Status(Status::Tracking)),
            "lily".into(),
            now(),
            Some("客户来电，同意再联系".into())
        ))
    );
    assert_eq!(
        card.details.consent.as_deref(),
        Some("客户来电，同意再联系")
    );
    // And in the audit log.
    let db = rusqlite::Connection::open(x.d.dir.path().join("dcc.sqlite")).unwrap();
    let audited: i64 = db
        .query_row(
            "SELECT count(*) FROM audit WHERE what = 'dnc consent 13900000001' AND actor_id = ?1",
            [x.lily.agent.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 1);
    // Once is enough: there is nothing more to lift.
    let err =
        x.d.store
            .record_consent(&x.lily, x.lead, "again", true, now())
            .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Refused(Refusal::NotDoNotCall(Status::Tracking))
        ),
        "{err:?}"
    );
}

#[test]
fn only_the_caller_on_ones_call_or_a_supervisor() {
    let x = dnc();
    // Not on their call: neither the lead's own agent nor a colleague.
    for who in [&x.d.agent, &x.bob] {
        let err =
            x.d.store
                .record_consent(who, x.lead, "同意", false, now())
                .unwrap_err();
        assert!(matches!(err, StoreError::NotPermitted(_)), "{err:?}");
    }
    // An inbound agent outside a capture may not either.
    let err =
        x.d.store
            .record_consent(&x.lily, x.lead, "同意", false, now())
            .unwrap_err();
    assert!(matches!(err, StoreError::NotPermitted(_)), "{err:?}");
    // With the customer on their call, the agent may.
    x.d.store.claim(&x.d.agent, x.lead, now()).unwrap();
    x.d.store
        .record_consent(&x.d.agent, x.lead, "同意", false, now())
        .unwrap();
    assert_eq!(
        x.d.store.lead(&x.d.boss, x.lead, now()).unwrap().status,
        Status::Tracking
    );
}

fn workstation(x: &Dnc, lang: Lang) -> App {
    let session = Session {
        lang: Some(lang),
        ..Default::default()
    };
    common::workstation(&x.d, &x.lily, session, now())
}

fn press(a: &mut App, code: KeyCode) {
    a.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typed(a: &mut App, s: &str) {
    for c in s.chars() {
        press(a, KeyCode::Char(c));
    }
}

fn message(a: &App) -> String {
    a.message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

/// Lily captures the caller: a name, the number, Enter.
fn capture(a: &mut App, phone: &str) {
    press(a, KeyCode::Char('c'));
    typed(a, "韩女士");
    press(a, KeyCode::Tab);
    typed(a, phone);
    press(a, KeyCode::Enter);
}

#[test]
fn the_capture_form_records_the_consent_of_a_do_not_call_caller() {
    let x = dnc();
    let mut a = workstation(&x, Lang::Zh);
    capture(&mut a, PHONE);
    // Not opened as a dead lead: the form asks for the consent first.
    assert!(matches!(a.mode, Mode::Capture(_)), "{:?}", a.mode);
    assert!(message(&a).contains("勿扰名单"), "{}", message(&a));
    let screen = common::screen(&a, 80, 24);
    assert!(screen.contains("勿扰"), "{screen}");
    press(&mut a, KeyCode::Char('y'));
    press(&mut a, KeyCode::Enter);
    let m = message(&a);
    assert!(
        m.contains("韩梅梅 重新同意回访") && m.contains("11-24 08:00"),
        "{m}"
    );
    // The caller is on the line, their lead tracked again: outcomes work.
    assert_eq!(a.inbound, Some(x.lead));
    let card = x.d.store.lead(&x.d.boss, x.lead, now()).unwrap();
    assert_eq!(card.status, Status::Tracking);
    assert_eq!(card.details.consent.as_deref(), Some("本次通话口头同意"));
}

#[test]
fn a_caller_who_refuses_is_told_they_will_not_be_called() {
    let x = dnc();
    let mut a = workstation(&x, Lang::En);
    capture(&mut a, PHONE);
    press(&mut a, KeyCode::Char('n'));
    press(&mut a, KeyCode::Enter);
    let m = message(&a);
    assert!(
        m.contains("will not be called") && !m.contains("Owner"),
        "{m}"
    );
    assert!(matches!(a.mode, Mode::Normal));
    let card = x.d.store.lead(&x.d.boss, x.lead, now()).unwrap();
    assert_eq!(card.status, Status::Dnc);

    // A new caller who refuses further calls: saved, and not "owner 王芳".
    press(&mut a, KeyCode::Char('c'));
    typed(&mut a, "刘洋");
    press(&mut a, KeyCode::Tab);
    typed(&mut a, "13800138000");
    for _ in 0..3 {
        press(&mut a, KeyCode::Tab);
    }
    typed(&mut a, "hotline");
    press(&mut a, KeyCode::Tab);
    typed(&mut a, "凯美瑞");
    press(&mut a, KeyCode::Tab);
    typed(&mut a, "1");
    let Mode::Capture(f) = &mut a.mode else {
        panic!("{:?}", a.mode)
    };
    f.consent = 2;
    a.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let m = message(&a);
    assert!(
        m.contains("will not be called") && !m.contains("Owner"),
        "{m}"
    );
}

#[test]
fn dcc_dnc_consent_on_the_command_line() {
    let x = dnc();
    let db = x.d.dir.path().join("dcc.sqlite");
    let r =
        common::run(common::dcc_as(&db, "amy", "2026-11-23T11:00").args(["dnc", "consent", PHONE]));
    assert!(!r.ok, "{}", r.stdout);
    let r = common::run(common::dcc_as(&db, "boss", "2026-11-23T11:00").args([
        "dnc",
        "consent",
        "139 0000 0001",
        "--note",
        "客户来电要求继续联系",
    ]));
    assert!(r.ok, "{}", r.stderr);
    assert!(
        r.stdout.contains("consent to calls is recorded"),
        "{}",
        r.stdout
    );
    let r = common::run(common::dcc_as(&db, "boss", "2026-11-23T11:00").args([
        "lead",
        "show",
        &x.lead.to_string(),
    ]));
    assert!(r.stdout.contains("客户来电要求继续联系"), "{}", r.stdout);
}

#[test]
fn on_the_card_a_supervisor_records_the_consent_with_y() {
    use dcc_desk::app::Action;
    let x = dnc();
    let session = Session {
        lang: Some(Lang::En),
        ..Default::default()
    };
    let mut a = common::workstation(&x.d, &x.d.boss, session, now());
    // Found by search: a do-not-call lead is in no queue.
    press(&mut a, KeyCode::Char('/'));
    typed(&mut a, "韩梅梅");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.card.as_ref().map(|c| c.id), Some(x.lead));
    assert!(
        a.key_bar().iter().any(|(act, _)| *act == Action::Consent),
        "{:?}",
        a.key_bar()
    );
    press(&mut a, KeyCode::Char('y'));
    let screen = common::screen(&a, 80, 24);
    assert!(screen.contains("韩梅梅 · Record the customer"), "{screen}");
    typed(&mut a, "called back, asked for an offer");
    press(&mut a, KeyCode::Enter);
    let m = message(&a);
    assert!(m.contains("consent to calls is recorded"), "{m}");
    let card = x.d.store.lead(&x.d.boss, x.lead, now()).unwrap();
    assert_eq!(card.status, Status::Tracking);
    assert_eq!(
        card.details.consent.as_deref(),
        Some("called back, asked for an offer")
    );

    // An agent without the customer on the line is not offered the key.
    let session = Session {
        lang: Some(Lang::En),
        ..Default::default()
    };
    let y = dnc();
    let mut b = common::workstation(&y.d, &y.d.agent, session, now());
    press(&mut b, KeyCode::Char('/'));
    typed(&mut b, "韩梅梅");
    press(&mut b, KeyCode::Enter);
    assert!(!b.key_bar().iter().any(|(act, _)| *act == Action::Consent));
    press(&mut b, KeyCode::Char('y'));
    assert!(matches!(b.mode, Mode::Normal));
}
