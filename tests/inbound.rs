//! The inbound agent's workstation: the home screen, the capture form's
//! editing keys and paste, and the model list at the model field.

mod common;

use common::at;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dcc_desk::app::{App, FixedClock, Mode, Session};
use dcc_desk::i18n::Lang;
use dcc_desk::store::{Actor, OpenMode, SqliteStore};

fn open(d: &common::Desk, actor: &Actor, lang: Lang) -> App {
    let store = SqliteStore::open(&d.dir.path().join("dcc.sqlite"), OpenMode::Existing).unwrap();
    let session = Session {
        lang: Some(lang),
        ..Default::default()
    };
    App::new(
        Box::new(store),
        Box::new(FixedClock(at("2026-11-23 11:00"))),
        actor.clone(),
        session,
    )
    .unwrap()
}

fn press(a: &mut App, code: KeyCode) {
    a.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn chord(a: &mut App, code: KeyCode, mods: KeyModifiers) {
    a.on_key(KeyEvent::new(code, mods));
}

fn typed(a: &mut App, s: &str) {
    for c in s.chars() {
        press(a, KeyCode::Char(c));
    }
}

fn form_text(a: &App, field: dcc_desk::app::capture::Field) -> String {
    match &a.mode {
        Mode::Capture(f) => f.text(field).to_string(),
        other => panic!("not in the capture form: {other:?}"),
    }
}

#[test]
fn a_number_pasted_with_spaces_is_checked_as_typed() {
    use dcc_desk::app::capture::{Field, PhoneCheck};
    let d = common::desk();
    let mut a = open(&d, &d.agent, Lang::En);
    press(&mut a, KeyCode::Char('c'));
    typed(&mut a, "刘洋");
    press(&mut a, KeyCode::Tab);
    a.on_paste("138 0013 8000");
    assert_eq!(form_text(&a, Field::Phone), "138 0013 8000");
    match &a.mode {
        Mode::Capture(f) => assert!(
            matches!(&f.phone, PhoneCheck::New(p) if p.as_str() == "13800138000"),
            "{:?}",
            f.phone
        ),
        _ => unreachable!(),
    }
    // Ctrl-W takes the last group back, Ctrl-A and Ctrl-E go to the ends.
    chord(&mut a, KeyCode::Char('w'), KeyModifiers::CONTROL);
    assert_eq!(form_text(&a, Field::Phone), "138 0013 ");
    chord(&mut a, KeyCode::Char('a'), KeyModifiers::CONTROL);
    typed(&mut a, "+86 ");
    chord(&mut a, KeyCode::Char('e'), KeyModifiers::CONTROL);
    typed(&mut a, "8000");
    assert_eq!(form_text(&a, Field::Phone), "+86 138 0013 8000");
    chord(&mut a, KeyCode::Backspace, KeyModifiers::ALT);
    assert_eq!(form_text(&a, Field::Phone), "+86 138 0013 ");
    // In the queue a paste does nothing (no key is typed by it).
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Esc);
    assert!(matches!(a.mode, Mode::Normal));
    a.on_paste("rrrr");
    assert!(matches!(a.mode, Mode::Normal));
}
