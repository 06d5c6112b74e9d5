//! The call is the unit of work: an outcome lands on the customer who was
//! called, whatever the selection, the refreshes and the colleagues do.
//! State-level tests: the App driven by key events against a real file.

mod common;

use common::at;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dcc_desk::app::{App, FixedClock, Mode, Session};
use dcc_desk::domain::outcome::{CallReport, Outcome};
use dcc_desk::domain::phone::Phone;
use dcc_desk::domain::Status;
use dcc_desk::i18n::Lang;
use dcc_desk::store::{
    Actor, CallLog, HistoryEntry, LeadStore, OpenMode, Role, SqliteStore, StoreError,
};

fn open(d: &common::Desk, actor: &Actor, now: chrono::NaiveDateTime) -> App {
    let store = SqliteStore::open(&d.dir.path().join("dcc.sqlite"), OpenMode::Existing).unwrap();
    let session = Session {
        lang: Some(Lang::En),
        ..Default::default()
    };
    App::new(
        Box::new(store),
        Box::new(FixedClock(now)),
        actor.clone(),
        session,
    )
    .unwrap()
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// The calls logged on a lead, as outcomes.
fn calls(d: &common::Desk, lead: i64) -> Vec<Outcome> {
    let card = d.store.lead(&d.boss, lead, at("2026-11-23 11:00")).unwrap();
    card.history
        .iter()
        .filter_map(|h| match h {
            HistoryEntry::Call { outcome, .. } => Some(*outcome),
            _ => None,
        })
        .collect()
}

fn bob(d: &common::Desk) -> Actor {
    let t = at("2026-11-01 09:00");
    Actor::myself(
        d.store
            .add_agent(Some(&d.boss), "bob", "李静", Role::Outbound, t)
            .unwrap(),
    )
}

#[test]
fn an_outcome_goes_to_the_lead_on_the_call_not_the_highlighted_row() {
    let (d, now) = common::busy_day();
    let mut app = open(&d, &d.agent, now);
    let first = app.queue[0].clone();
    let second = app.queue[1].clone();
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.call.as_ref().map(|c| c.lead_id), Some(first.lead_id));
    let status = common::screen(&app, 120, 40);
    assert!(
        status.contains(&format!("☎ {}", first.name)),
        "the status line says whom the call is with:\n{status}"
    );
    key(&mut app, KeyCode::Down);
    typed(&mut app, "n");
    let Mode::Prompt(p) = &app.mode else {
        panic!("no prompt")
    };
    assert_eq!(p.lead.as_ref().map(|l| l.id), Some(first.lead_id));
    assert!(
        common::screen(&app, 120, 40).contains(&format!("{} · no answer", first.name)),
        "the prompt names the customer it saves on"
    );
    key(&mut app, KeyCode::Enter);
    assert_eq!(calls(&d, first.lead_id).last(), Some(&Outcome::NoAnswer));
    assert!(
        !calls(&d, second.lead_id).contains(&Outcome::NoAnswer),
        "nothing was logged on the highlighted row"
    );
    assert!(app.call.is_none(), "the call is over");
    assert_eq!(
        d.store
            .lead(&d.boss, first.lead_id, now)
            .unwrap()
            .claimed_by,
        None
    );
    let saved = app.message.as_ref().unwrap().text.clone();
    assert!(saved.contains(&first.name), "{saved}");
}

#[test]
fn a_second_call_waits_for_the_first_to_be_logged_or_hung_up() {
    let (d, now) = common::busy_day();
    let mut app = open(&d, &d.agent, now);
    let first = app.queue[0].lead_id;
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.call.as_ref().map(|c| c.lead_id), Some(first));
    assert!(app
        .message
        .as_ref()
        .unwrap()
        .text
        .contains("On a call with"));
    key(&mut app, KeyCode::Esc);
    assert!(app.call.is_none());
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.call.as_ref().map(|c| c.lead_id),
        Some(app.queue[1].lead_id)
    );
}

#[test]
fn a_lead_on_a_call_cannot_be_moved_decided_or_marked_do_not_call() {
    let (d, now) = common::busy_day();
    bob(&d);
    let mut app = open(&d, &d.agent, now);
    let lead = app.queue[0].lead_id;
    key(&mut app, KeyCode::Enter);
    let err = d
        .store
        .reassign(&d.boss, &[lead], "bob", "休假", now)
        .unwrap_err();
    match &err {
        StoreError::Claimed { by, until, .. } => {
            assert_eq!(by, "王芳");
            assert!(*until > now);
        }
        other => panic!("{other}"),
    }
    let card = d.store.lead(&d.agent, lead, now).unwrap();
    assert_eq!(card.owner.as_deref(), Some("amy"));
    assert_eq!(card.claimed_by.as_deref(), Some("amy"), "the claim stands");
    let phone = Phone::parse(card.phone.full().unwrap()).unwrap();
    assert!(matches!(
        d.store.dnc_add(&d.boss, &phone, "cli", None, now),
        Err(StoreError::Claimed { .. })
    ));
    assert!(!d.store.dnc_contains(&phone).unwrap(), "nothing half-done");
    // A request on a call (the supervisor's own verification call, say).
    let other = app.queue[1].lead_id;
    d.log(
        other,
        Outcome::Defeat,
        CallReport {
            reason: Some("price_high".into()),
            ..Default::default()
        },
        now,
    )
    .unwrap();
    d.store.claim(&d.agent, other, now).unwrap();
    assert!(matches!(
        d.store.decide(&d.boss, other, true, None, now),
        Err(StoreError::Claimed { .. })
    ));
    // Logged: the lead moves.
    key(&mut app, KeyCode::Char('r'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        d.store
            .reassign(&d.boss, &[lead], "bob", "休假", now)
            .unwrap(),
        1
    );
}

#[test]
fn a_prompt_whose_lead_was_moved_says_so_and_saves_nothing() {
    let (d, now) = common::busy_day();
    bob(&d);
    let mut app = open(&d, &d.agent, now);
    let a = app.queue[0].clone();
    typed(&mut app, "r");
    // The supervisor moves the lead while the prompt is open.
    d.store
        .reassign(&d.boss, &[a.lead_id], "bob", "休假", now)
        .unwrap();
    app.tick();
    let Mode::Prompt(p) = &app.mode else {
        panic!("the prompt stays")
    };
    assert_eq!(p.lead.as_ref().map(|l| l.id), Some(a.lead_id));
    assert!(p.gone.is_some());
    let screen = common::screen(&app, 120, 40);
    assert!(screen.contains("has left your queue"), "{screen}");
    let before: Vec<_> = app.queue.iter().map(|q| calls(&d, q.lead_id)).collect();
    let on_a = calls(&d, a.lead_id);
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(
        calls(&d, a.lead_id),
        on_a,
        "nothing saved on the moved lead"
    );
    let after: Vec<_> = app.queue.iter().map(|q| calls(&d, q.lead_id)).collect();
    assert_eq!(before, after, "no other lead got the outcome");
    assert!(app.message.as_ref().unwrap().text.contains("Not saved"));
}

#[test]
fn a_prompt_whose_lead_changed_status_meanwhile_saves_nothing() {
    let (d, now) = common::busy_day();
    let mut app = open(&d, &d.agent, now);
    let a = app.queue[0].clone();
    typed(&mut app, "r");
    // The supervisor, acting for the agent, sets a visit meanwhile.
    let visit = CallReport {
        visit: Some(at("2026-11-26 10:00")),
        ..Default::default()
    };
    d.store
        .log_call(
            &Actor {
                agent: d.agent.agent.clone(),
                real: d.boss.agent.clone(),
            },
            &CallLog {
                lead_id: a.lead_id,
                outcome: Outcome::Appointment,
                report: visit,
                note: None,
                started: None,
                inbound: false,
            },
            now,
        )
        .unwrap();
    app.tick();
    let screen = common::screen(&app, 120, 40);
    assert!(screen.contains("is now appointed"), "{screen}");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        calls(&d, a.lead_id).last(),
        Some(&Outcome::Appointment),
        "no 'reached' on a lead whose visit was just set"
    );
    assert_eq!(
        d.store.lead(&d.boss, a.lead_id, now).unwrap().status,
        Status::Appointed
    );
}

#[test]
fn a_retry_after_a_refusal_saves_on_the_same_lead() {
    let (d, now) = common::busy_day();
    // A colleague: the supervisor, calling the lead themselves.
    let bob = d.boss.clone();
    let mut app = open(&d, &d.agent, now);
    let a = app.queue[0].clone();
    let b = app.queue[1].clone();
    // A colleague is on a call with the first lead.
    d.store.claim(&bob, a.lead_id, now).unwrap();
    typed(&mut app, "r");
    key(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.mode, Mode::Prompt(_)),
        "refused, the prompt stays"
    );
    assert!(app.message.as_ref().unwrap().text.contains("主管"));
    // The colleague logs; the list refreshes and the first lead leaves it.
    let logged = calls(&d, a.lead_id).len();
    d.store
        .log_call(
            &bob,
            &CallLog {
                lead_id: a.lead_id,
                outcome: Outcome::Reached,
                report: CallReport::default(),
                note: None,
                started: None,
                inbound: false,
            },
            now,
        )
        .unwrap();
    app.tick();
    assert_ne!(app.current_lead(), Some(a.lead_id), "the selection moved");
    let on_b = calls(&d, b.lead_id);
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        calls(&d, a.lead_id)[logged..],
        [Outcome::Reached, Outcome::Reached],
        "the colleague's call, then ours"
    );
    assert_eq!(calls(&d, b.lead_id), on_b, "nothing saved on the next lead");
}

#[test]
fn after_no_answer_the_selection_moves_to_the_next_lead_to_call() {
    let (d, now) = common::busy_day();
    let mut app = open(&d, &d.agent, now);
    let first = app.queue[0].lead_id;
    let second = app.queue[1].lead_id;
    typed(&mut app, "n");
    key(&mut app, KeyCode::Enter);
    assert_eq!(calls(&d, first).last(), Some(&Outcome::NoAnswer));
    assert_eq!(app.current_lead(), Some(second));
}

/// The supervisor acting for amy, and a third agent, carl.
fn acting_for_amy(d: &common::Desk) -> Actor {
    let t = at("2026-11-01 09:00");
    d.store
        .add_agent(Some(&d.boss), "carl", "周杰", Role::Outbound, t)
        .unwrap();
    Actor {
        agent: d.agent.agent.clone(),
        real: d.boss.agent.clone(),
    }
}

fn owner(d: &common::Desk, lead: i64) -> Option<String> {
    d.store
        .lead(&d.boss, lead, at("2026-11-23 11:00"))
        .unwrap()
        .owner
}

#[test]
fn a_move_keeps_the_lead_it_was_opened_on_and_saves_nothing_if_it_left() {
    let (d, now) = common::busy_day();
    bob(&d);
    let mut app = open(&d, &acting_for_amy(&d), now);
    let a = app.queue[0].clone();
    let b = app.queue[1].lead_id;
    typed(&mut app, "m");
    typed(&mut app, "bob");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "休假");
    let Mode::Prompt(p) = &app.mode else {
        panic!("the move asks its reason")
    };
    let title = dcc_desk::app::prompt_title(&app, p);
    assert!(
        title.contains(&a.name),
        "the prompt names its lead: {title}"
    );
    // Another supervisor moves that lead to carl; the refresh puts the
    // selection on the next lead.
    d.store
        .reassign(&d.boss, &[a.lead_id], "carl", "调班", now)
        .unwrap();
    app.tick();
    assert_eq!(app.queue[app.selected].lead_id, b);
    let screen = common::screen(&app, 80, 24);
    assert!(screen.contains("was moved to"), "{screen}");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.mode, Mode::Normal));
    let said = app.message.as_ref().unwrap().text.clone();
    assert!(
        said.contains("Not saved") && said.contains(&a.name),
        "{said}"
    );
    assert_eq!(
        owner(&d, b).as_deref(),
        Some("amy"),
        "the selected lead stays"
    );
    assert_eq!(
        owner(&d, a.lead_id).as_deref(),
        Some("carl"),
        "nor moved again"
    );
}

#[test]
fn a_move_of_marked_leads_saves_nothing_if_one_of_them_left() {
    let (d, now) = common::busy_day();
    bob(&d);
    let mut app = open(&d, &acting_for_amy(&d), now);
    let (a, b) = (app.queue[0].lead_id, app.queue[1].clone());
    typed(&mut app, "  m");
    typed(&mut app, "bob");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "休假");
    d.store
        .reassign(&d.boss, &[b.lead_id], "carl", "调班", now)
        .unwrap();
    app.tick();
    key(&mut app, KeyCode::Enter);
    let said = app.message.as_ref().unwrap().text.clone();
    assert!(
        said.contains("Not saved") && said.contains(&b.name),
        "{said}"
    );
    assert_eq!(owner(&d, a).as_deref(), Some("amy"));
    assert_eq!(owner(&d, b.lead_id).as_deref(), Some("carl"));
    // Opened again on what is marked now, it moves them.
    typed(&mut app, "m");
    typed(&mut app, "bob");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "休假");
    key(&mut app, KeyCode::Enter);
    assert_eq!(owner(&d, a).as_deref(), Some("bob"));
    assert_eq!(owner(&d, b.lead_id).as_deref(), Some("bob"));
}
