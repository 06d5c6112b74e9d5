//! A dropped connection loses no call: the workstation that was killed or
//! hung up mid-call keeps the lead's claim for its normal time, and the
//! agent's next workstation opens that call again on that lead, instead of
//! a fresh queue with the lead still claimed. After the claim's time, the
//! lead is free as before.

mod common;
use common::at;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dcc_desk::app::{App, FixedClock, Session};
use dcc_desk::i18n::Lang;
use dcc_desk::store::{OpenMode, SqliteStore};

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
