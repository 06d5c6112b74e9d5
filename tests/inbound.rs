//! The inbound agent's workstation: the home screen, the capture form's
//! editing keys and paste, and the model list at the model field.

mod common;

use common::at;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dcc_desk::app::{App, Mode, Session};
use dcc_desk::i18n::Lang;
use dcc_desk::store::{Actor, LeadStore};

fn open(d: &common::Desk, actor: &Actor, lang: Lang) -> App {
    let session = Session {
        lang: Some(lang),
        ..Default::default()
    };
    common::workstation(d, actor, session, at("2026-11-23 11:00"))
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

fn inbound_agent(d: &common::Desk) -> Actor {
    let lily = d
        .store
        .add_agent(
            Some(&d.boss),
            "lily",
            "李静",
            dcc_desk::store::Role::Inbound,
            at("2026-11-01 09:00"),
        )
        .unwrap();
    Actor::myself(lily)
}

/// Captures a new caller through the form: name, phone, channel, model,
/// expected purchase (quick choice), saved with Ctrl-S.
fn capture(a: &mut App, name: &str, phone: &str, model: &str, purchase: &str) {
    press(a, KeyCode::Char('c'));
    assert!(matches!(a.mode, Mode::Capture(_)), "c opens the form");
    typed(a, name);
    press(a, KeyCode::Tab);
    typed(a, phone);
    for _ in 0..3 {
        press(a, KeyCode::Tab);
    }
    typed(a, "yiche");
    press(a, KeyCode::Tab);
    typed(a, model);
    press(a, KeyCode::Tab);
    typed(a, purchase);
    chord(a, KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(matches!(a.mode, Mode::Normal), "{:?}", a.message);
}

fn bar(a: &App) -> Vec<Action> {
    a.key_bar().into_iter().map(|(k, _)| k).collect()
}

use dcc_desk::app::{Action, KeyMode};

#[test]
fn the_inbound_home_lists_todays_captures_and_hides_the_outbound_keys() {
    let d = common::desk();
    let lily = inbound_agent(&d);
    let known = d.lead("韩梅", "13900000009", "B", at("2026-11-20 10:00"));
    let mut a = open(&d, &lily, Lang::En);
    assert_eq!(a.key_mode(), KeyMode::Inbound);
    let keys = bar(&a);
    for k in [Action::Capture, Action::Search, Action::Help, Action::Quit] {
        assert!(keys.contains(&k), "{k:?} in {keys:?}");
    }
    for k in [
        Action::Call,
        Action::NoAnswer,
        Action::Reached,
        Action::Lost,
    ] {
        assert!(!keys.contains(&k), "{k:?} is an outbound key: {keys:?}");
    }
    // Enter places no outbound call; an outcome without a caller says why.
    press(&mut a, KeyCode::Enter);
    assert!(a.call.is_none());
    press(&mut a, KeyCode::Char('r'));
    assert!(matches!(a.mode, Mode::Normal));
    assert!(a.message.as_ref().unwrap().text.contains("No caller"));

    capture(&mut a, "刘洋", "139 0000 1234", "卡罗拉", "1");
    capture(&mut a, "周杰", "139 0000 5678", "凯美瑞", "3");
    let names: Vec<&str> = a.captures.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["周杰", "刘洋"], "newest first");
    assert_eq!(a.captures[1].grade, "H");
    assert_eq!(a.captures[0].grade, "B");
    assert_eq!(
        a.captures[0].next_due,
        Some(at("2026-11-24 08:00")),
        "the first callback, next morning"
    );
    // The caller just captured is selected; the card follows the selection.
    assert_eq!(a.card.as_ref().unwrap().name, "周杰");
    press(&mut a, KeyCode::Down);
    assert_eq!(a.card.as_ref().unwrap().name, "刘洋");

    // A known customer calls: the form opens their lead; the outcomes are
    // offered and go to that lead even if the list's selection moves.
    press(&mut a, KeyCode::Char('c'));
    typed(&mut a, "韩");
    press(&mut a, KeyCode::Tab);
    typed(&mut a, "13900000009");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.inbound, Some(known));
    assert_eq!(a.captures[0].lead_id, known, "listed at once");
    assert!(a.captures[0].returning);
    assert!(bar(&a).contains(&Action::Reached));
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Char('r'));
    press(&mut a, KeyCode::Enter);
    assert!(
        a.message.as_ref().unwrap().text.contains("韩梅"),
        "{:?}",
        a.message
    );
    let card = d
        .store
        .lead(&d.boss, known, at("2026-11-23 11:00"))
        .unwrap();
    assert!(card.history.iter().any(|h| matches!(
        h,
        dcc_desk::store::HistoryEntry::Call { agent, .. } if agent == "lily"
    )));
    assert!(a.inbound.is_none(), "logged: no caller on the line");
    assert!(!bar(&a).contains(&Action::Reached));

    // Search finds every lead, not only the agent's own.
    press(&mut a, KeyCode::Char('/'));
    typed(&mut a, "0009");
    match &a.mode {
        Mode::Prompt(p) => match &p.step {
            dcc_desk::app::Step::Search { hits } => {
                assert!(hits.iter().any(|h| h.lead_id == known), "{hits:?}")
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
}

#[test]
fn esc_closes_a_known_caller_without_logging() {
    let d = common::desk();
    let lily = inbound_agent(&d);
    let known = d.lead("韩梅", "13900000009", "B", at("2026-11-20 10:00"));
    let mut a = open(&d, &lily, Lang::Zh);
    press(&mut a, KeyCode::Char('c'));
    typed(&mut a, "韩");
    press(&mut a, KeyCode::Tab);
    typed(&mut a, "13900000009");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.inbound, Some(known));
    press(&mut a, KeyCode::Esc);
    assert!(a.inbound.is_none());
    assert!(a.pinned.is_none());
    assert!(!a.quit);
    let card = d
        .store
        .lead(&d.boss, known, at("2026-11-23 11:00"))
        .unwrap();
    assert!(!card
        .history
        .iter()
        .any(|h| matches!(h, dcc_desk::store::HistoryEntry::Call { .. })));
}

#[test]
fn an_outbound_agent_keeps_the_queue() {
    let d = common::desk();
    let a = open(&d, &d.agent, Lang::En);
    assert_eq!(a.key_mode(), KeyMode::Queue);
    assert!(bar(&a).contains(&Action::Call));
}

#[test]
fn inbound_home_screens() {
    for lang in [Lang::Zh, Lang::En] {
        let d = common::desk();
        let lily = inbound_agent(&d);
        d.lead("韩梅", "13900000009", "B", at("2026-11-20 10:00"));
        let mut a = open(&d, &lily, lang);
        for (w, h) in [(80, 24), (120, 40)] {
            let snap = format!("inbound_home_empty_{}_{w}x{h}", lang.code());
            insta::assert_snapshot!(snap, common::screen(&a, w, h));
        }
        capture(&mut a, "刘洋", "139 0000 1234", "卡罗拉", "1");
        capture(&mut a, "周杰", "139 0000 5678", "凯美瑞", "3");
        for (w, h) in [(80, 24), (120, 40)] {
            let snap = format!("inbound_home_{}_{w}x{h}", lang.code());
            insta::assert_snapshot!(snap, common::screen(&a, w, h));
        }
        press(&mut a, KeyCode::Char('c'));
        typed(&mut a, "韩");
        press(&mut a, KeyCode::Tab);
        typed(&mut a, "13900000009");
        press(&mut a, KeyCode::Enter);
        for (w, h) in [(80, 24), (120, 40)] {
            let snap = format!("inbound_home_caller_{}_{w}x{h}", lang.code());
            insta::assert_snapshot!(snap, common::screen(&a, w, h));
        }
    }
}

#[test]
fn the_model_field_completes_from_the_list_and_refuses_an_unknown_model() {
    use dcc_desk::app::capture::Field;
    let d = common::desk();
    let lily = inbound_agent(&d);
    let camry = dcc_desk::domain::models::CarModel {
        name_zh: "凯美瑞".into(),
        name_en: Some("Camry".into()),
        aliases: vec![],
    };
    d.store
        .add_model(&d.boss, &camry, at("2026-11-20 10:00"))
        .unwrap();
    let mut a = open(&d, &lily, Lang::Zh);
    press(&mut a, KeyCode::Char('c'));
    for _ in 0..5 {
        press(&mut a, KeyCode::Tab);
    }
    // Unknown: refused at the field with the closest, the text kept.
    typed(&mut a, "凯美锐");
    press(&mut a, KeyCode::Tab);
    assert_eq!(form_text(&a, Field::Model), "凯美锐");
    match &a.mode {
        Mode::Capture(f) => assert_eq!(f.field(), Field::Model, "stays at the field"),
        _ => unreachable!(),
    }
    assert!(
        a.message.as_ref().unwrap().text.contains("凯美瑞 Camry"),
        "{:?}",
        a.message
    );
    // A beginning: Tab takes the completion.
    chord(&mut a, KeyCode::Char('w'), KeyModifiers::CONTROL);
    typed(&mut a, "凯");
    let screen = common::screen(&a, 80, 24);
    assert!(screen.contains("Tab → 凯美瑞 Camry"), "{screen}");
    press(&mut a, KeyCode::Tab);
    assert_eq!(form_text(&a, Field::Model), "凯美瑞 Camry");
    match &a.mode {
        Mode::Capture(f) => assert_eq!(f.field(), Field::Purchase),
        _ => unreachable!(),
    }
}

#[test]
fn the_model_hint_follows_the_field_and_the_list_a_supervisor_edits() {
    use dcc_desk::app::capture::Field;
    use dcc_desk::domain::models::CarModel;
    let model = |zh: &str, en: &str| CarModel {
        name_zh: zh.into(),
        name_en: Some(en.into()),
        aliases: vec![],
    };
    let d = common::desk();
    let lily = inbound_agent(&d);
    d.store
        .add_model(&d.boss, &model("凯美瑞", "Camry"), at("2026-11-20 10:00"))
        .unwrap();
    let mut a = open(&d, &lily, Lang::En);
    press(&mut a, KeyCode::Char('c'));
    for _ in 0..5 {
        press(&mut a, KeyCode::Tab);
    }
    let hint = |a: &App| match &a.mode {
        Mode::Capture(f) => f.model.clone(),
        other => panic!("not in the capture form: {other:?}"),
    };
    assert_eq!(hint(&a), None, "nothing typed, nothing said");
    // Pasted: the hint is that of the text in the field.
    a.on_paste("卡罗");
    let (fits, text) = hint(&a).expect("a hint");
    assert!(!fits && text.contains("凯美瑞 Camry"), "{text}");
    // On screen as far as the field's line allows.
    let start: String = text.chars().take(12).collect();
    assert!(common::screen(&a, 80, 24).contains(&start), "{text}");
    // A supervisor adds the model meanwhile: the next refresh says so.
    d.store
        .add_model(&d.boss, &model("卡罗拉", "Corolla"), at("2026-11-23 11:00"))
        .unwrap();
    a.tick();
    assert_eq!(hint(&a), Some((true, "Tab → 卡罗拉 Corolla".into())));
    // Typed on: the list's name is recognized.
    typed(&mut a, "拉");
    assert_eq!(form_text(&a, Field::Model), "卡罗拉");
    assert_eq!(hint(&a), Some((true, "= 卡罗拉 Corolla".into())));
    assert!(common::screen(&a, 80, 24).contains("= 卡罗拉 Corolla"));
}
