//! A dropped connection loses no call: the workstation that was killed or
//! hung up mid-call keeps the lead's claim for its normal time, and the
//! agent's next workstation opens that call again on that lead, instead of
//! a fresh queue with the lead still claimed. After the claim's time, the
//! lead is free as before.

mod common;
use common::at;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dcc_desk::app::{App, FixedClock, Mode, Session};
use dcc_desk::i18n::Lang;
use dcc_desk::store::{LeadStore, OpenMode, SqliteStore};

fn workstation(d: &common::Desk, now: &str) -> App {
    let store = SqliteStore::open(&d.dir.path().join("dcc.sqlite"), OpenMode::Existing).unwrap();
    App::new(
        Box::new(store),
        Box::new(FixedClock(at(now))),
        d.agent.clone(),
        Session {
            lang: Some(Lang::En),
            ..Default::default()
        },
    )
    .unwrap()
}

#[test]
fn the_next_workstation_resumes_the_call_a_dropped_connection_left_open() {
    let (d, _) = common::busy_day();
    let mut first = workstation(&d, "2026-11-23 11:00");
    first.on_key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
    first.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    let lead = first.call.as_ref().expect("the call is open").lead_id;
    // The connection drops: the process ends without hanging up.
    drop(first);

    let again = workstation(&d, "2026-11-23 11:03");
    let call = again.call.as_ref().expect("the call is open again");
    assert_eq!(call.lead_id, lead);
    assert_eq!(again.current_lead(), Some(lead), "the card shows that lead");
    let m = again
        .message
        .as_ref()
        .expect("said on the screen")
        .text
        .clone();
    assert!(m.contains("open again") && m.contains(&call.name), "{m}");
    let s = common::screen(&again, 80, 24);
    assert!(s.contains(&call.name), "{s}");

    // Quitting normally hangs up: the next workstation starts afresh.
    let mut again = again;
    again.hang_up();
    drop(again);
    let fresh = workstation(&d, "2026-11-23 11:04");
    assert!(fresh.call.is_none());
}

#[test]
fn after_the_claims_time_the_next_workstation_starts_afresh() {
    let (d, _) = common::busy_day();
    let mut first = workstation(&d, "2026-11-23 11:00");
    first.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert!(first.call.is_some());
    drop(first);
    let later = workstation(&d, "2026-11-23 11:06");
    assert!(later.call.is_none(), "the claim ran out: nothing resumed");
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typing(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn as_agent(d: &common::Desk, who: &dcc_desk::store::Actor, now: &str) -> App {
    let store = SqliteStore::open(&d.dir.path().join("dcc.sqlite"), OpenMode::Existing).unwrap();
    App::new(
        Box::new(store),
        Box::new(FixedClock(at(now))),
        who.clone(),
        Session {
            lang: Some(Lang::Zh),
            ..Default::default()
        },
    )
    .unwrap()
}

fn sql(d: &common::Desk) -> rusqlite::Connection {
    rusqlite::Connection::open(d.dir.path().join("dcc.sqlite")).unwrap()
}

fn calls(d: &common::Desk) -> i64 {
    sql(d)
        .query_row("SELECT count(*) FROM calls", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn what_the_agent_typed_comes_back_at_their_next_start_and_saves_nothing_by_itself() {
    let (d, _) = common::busy_day();
    let mut first = workstation(&d, "2026-11-23 11:00");
    key(&mut first, KeyCode::Enter);
    let lead = first.call.as_ref().unwrap().lead_id;
    // A callback time, then the note's first words.
    key(&mut first, KeyCode::Char('b'));
    typing(&mut first, "明天15点");
    key(&mut first, KeyCode::Enter);
    typing(&mut first, "客户在开会，说明天下午");
    first.keep_draft();
    let before = calls(&d);
    // The connection drops: the workstation ends without quitting.
    first.end_drafts(false);
    drop(first);

    let mut again = workstation(&d, "2026-11-23 11:02");
    assert_eq!(again.call.as_ref().map(|c| c.lead_id), Some(lead));
    let Mode::Prompt(p) = &again.mode else {
        panic!("the note prompt is open again: {:?}", again.mode)
    };
    assert_eq!(p.input.text(), "客户在开会，说明天下午");
    assert_eq!(p.lead.as_ref().map(|l| l.id), Some(lead));
    // The time typed before it is there too (Shift-Tab goes back to it).
    let back = p.back.as_ref().expect("the time field before the note");
    assert_eq!(back.input.text(), "明天15点");
    let m = again.message.as_ref().unwrap().text.clone();
    assert!(m.contains("open again") && m.contains("is back"), "{m}");
    let s = common::screen(&again, 80, 24);
    assert!(s.contains("客户在开会"), "{s}");
    assert_eq!(calls(&d), before, "restoring saved nothing");

    // Another agent's start sees none of it.
    let bob = d
        .store
        .add_agent(
            Some(&d.boss),
            "bob",
            "李强",
            dcc_desk::store::Role::Outbound,
            at("2026-11-23 11:00"),
        )
        .unwrap();
    let other = as_agent(&d, &dcc_desk::store::Actor::myself(bob), "2026-11-23 11:02");
    assert!(matches!(other.mode, Mode::Normal), "{:?}", other.mode);
    assert!(!common::screen(&other, 80, 24).contains("客户在开会"));
    let boss = as_agent(&d, &d.boss, "2026-11-23 11:02");
    assert!(matches!(boss.mode, Mode::Normal));

    // The agent finishes the note and saves it: the draft is gone.
    typing(&mut again, "再打");
    key(&mut again, KeyCode::Enter);
    assert!(matches!(again.mode, Mode::Normal), "{:?}", again.message);
    assert_eq!(calls(&d), before + 1);
    let note: String = sql(&d)
        .query_row("SELECT note FROM calls ORDER BY id DESC LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(note, "客户在开会，说明天下午再打");
    again.keep_draft();
    again.end_drafts(false);
    drop(again);
    let fresh = workstation(&d, "2026-11-23 11:05");
    assert!(matches!(fresh.mode, Mode::Normal), "{:?}", fresh.mode);
}

#[test]
fn a_cancelled_prompt_or_a_normal_quit_forgets_the_draft() {
    let (d, _) = common::busy_day();
    let mut first = workstation(&d, "2026-11-23 11:00");
    key(&mut first, KeyCode::Char('r'));
    typing(&mut first, "half a note");
    first.keep_draft();
    // Esc twice throws the note away, and the draft with it.
    key(&mut first, KeyCode::Esc);
    key(&mut first, KeyCode::Esc);
    first.keep_draft();
    first.end_drafts(false);
    drop(first);
    let second = workstation(&d, "2026-11-23 11:01");
    assert!(matches!(second.mode, Mode::Normal), "{:?}", second.mode);

    // Quitting with a prompt open forgets it too.
    let mut third = workstation(&d, "2026-11-23 11:02");
    key(&mut third, KeyCode::Char('r'));
    typing(&mut third, "another");
    third.keep_draft();
    third.quit = true;
    third.end_drafts(true);
    drop(third);
    let fourth = workstation(&d, "2026-11-23 11:03");
    assert!(matches!(fourth.mode, Mode::Normal), "{:?}", fourth.mode);
}

#[test]
fn the_capture_forms_fields_survive_a_drop() {
    let (d, _) = common::busy_day();
    let mut first = workstation(&d, "2026-11-23 11:00");
    key(&mut first, KeyCode::Char('c'));
    typing(&mut first, "张先生");
    key(&mut first, KeyCode::Tab);
    typing(&mut first, "13912345678");
    key(&mut first, KeyCode::Tab);
    key(&mut first, KeyCode::Right);
    first.end_drafts(false);
    drop(first);

    let again = workstation(&d, "2026-11-23 11:01");
    let Mode::Capture(f) = &again.mode else {
        panic!("the form is open again: {:?}", again.mode)
    };
    use dcc_desk::app::capture::{Field, PhoneCheck};
    assert_eq!(f.text(Field::Name), "张先生");
    assert_eq!(f.text(Field::Phone), "13912345678");
    assert_eq!(f.gender, 1);
    assert_eq!(f.field(), Field::Gender, "where the agent was");
    assert!(matches!(f.phone, PhoneCheck::New(_)), "{:?}", f.phone);
    assert!(again.message.as_ref().unwrap().text.contains("form"));
}
