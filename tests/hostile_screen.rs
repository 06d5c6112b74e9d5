//! Hostile text and the workstation: typed into the capture form it is
//! refused with the reason; stored past the door (by another program or an
//! older dcc) it is drawn with its control characters visible, never sent.

mod common;
use common::at;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dcc_desk::app::{App, FixedClock, Mode, Session};
use dcc_desk::domain::text::is_unsafe;
use dcc_desk::i18n::Lang;
use dcc_desk::store::{LeadStore, OpenMode, SqliteStore};

fn open(d: &common::Desk, actor: &dcc_desk::store::Actor, lang: Lang) -> App {
    let store = SqliteStore::open(&d.dir.path().join("dcc.sqlite"), OpenMode::Existing).unwrap();
    App::new(
        Box::new(store),
        Box::new(FixedClock(at("2026-11-23 11:00"))),
        actor.clone(),
        Session {
            lang: Some(lang),
            ..Default::default()
        },
    )
    .unwrap()
}

fn press(a: &mut App, code: KeyCode) {
    a.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typed(a: &mut App, s: &str) {
    for c in s.chars() {
        press(a, KeyCode::Char(c));
    }
}

/// Every cell of a frame drawn by the real views on a TestBackend.
fn frame_cells(a: &App, w: u16, h: u16) -> String {
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    term.draw(|f| dcc_desk::ui::draw(f, a, &dcc_desk::theme::Theme::dark()))
        .unwrap();
    term.backend()
        .buffer()
        .content
        .iter()
        .map(|c| c.symbol().to_string())
        .collect()
}

const HOSTILE: &str = "M\x1b]52;c;aGVsbG8K\x07\x1b[2J\x1b]0;title\x07\u{202E}\u{200B}\u{9b}";

#[test]
fn stored_escapes_are_drawn_visibly_in_every_view_and_never_sent() {
    let d = common::desk();
    let now = at("2026-11-23 09:00");
    let lead = d.lead("韩梅梅", "13812345678", "H", at("2026-11-20 10:00"));
    // A defeat request, so the supervisor's requests view shows the lead.
    d.log(
        lead,
        dcc_desk::domain::Outcome::Defeat,
        dcc_desk::domain::outcome::CallReport {
            reason: Some("price_high".into()),
            ..Default::default()
        },
        now,
    )
    .unwrap();
    let other = d.lead("李雷", "13912345678", "H", at("2026-11-20 10:00"));
    let c = rusqlite::Connection::open(d.dir.path().join("dcc.sqlite")).unwrap();
    for id in [lead, other] {
        c.execute(
            "UPDATE leads SET name = ?1, model = ?1, note = ?1 WHERE id = ?2",
            rusqlite::params![format!("客户{HOSTILE}"), id],
        )
        .unwrap();
    }
    c.execute(
        "UPDATE calls SET note = ?1",
        rusqlite::params![format!("备注{HOSTILE}")],
    )
    .unwrap();
    for lang in [Lang::Zh, Lang::En] {
        let mut agent = open(&d, &d.agent, lang);
        let mut boss = open(&d, &d.boss, lang);
        let mut views = vec![("queue and card", frame_cells(&agent, 120, 40))];
        typed(&mut agent, "/");
        typed(&mut agent, "客户");
        views.push(("find", frame_cells(&agent, 120, 40)));
        typed(&mut boss, "A");
        views.push(("requests", frame_cells(&boss, 120, 40)));
        press(&mut boss, KeyCode::Esc);
        typed(&mut boss, "T");
        views.push(("team", frame_cells(&boss, 80, 24)));
        for (name, cells) in views {
            let bad: Vec<char> = cells.chars().filter(|c| is_unsafe(*c)).collect();
            assert!(bad.is_empty(), "{name} ({lang:?}): {bad:?}");
            if name != "team" {
                assert!(cells.contains('␛'), "{name}: the escape is shown as ␛");
            }
        }
    }
}

#[test]
fn the_capture_form_refuses_hostile_text_with_the_reason_and_keeps_the_input() {
    let d = common::desk();
    for (lang, said) in [(Lang::En, "text-direction"), (Lang::Zh, "文字方向")] {
        let mut a = open(&d, &d.agent, lang);
        press(&mut a, KeyCode::Char('c'));
        for (i, v) in [
            "张\u{202E}三",
            "139 0000 1234",
            "f",
            "海淀区",
            "yiche",
            "卡罗拉",
            "2",
        ]
        .iter()
        .enumerate()
        {
            typed(&mut a, v);
            if i < 6 {
                press(&mut a, KeyCode::Tab);
            }
        }
        a.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
        assert!(matches!(a.mode, Mode::Capture(_)), "the form stays open");
        let msg = a
            .message
            .as_ref()
            .map(|m| m.text.clone())
            .unwrap_or_default();
        assert!(msg.contains(said), "{msg}");
        let cells = frame_cells(&a, 80, 24);
        assert!(
            !cells.chars().any(is_unsafe),
            "the frame carries no control"
        );
        let phone = dcc_desk::domain::phone::Phone::parse("13900001234").unwrap();
        assert_eq!(
            d.store.find_by_phone(&phone).unwrap(),
            None,
            "nothing saved"
        );
    }
}
