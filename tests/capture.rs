//! The inbound agent's capture form, driven by keys.

mod common;

use common::at;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dcc_desk::app::{App, Mode, Session};
use dcc_desk::domain::phone::Phone;
use dcc_desk::domain::{DueReason, Status};
use dcc_desk::i18n::Lang;
use dcc_desk::store::{Actor, LeadStore, Role};

fn open(d: &common::Desk, actor: &Actor) -> App {
    let session = Session {
        lang: Some(Lang::En),
        ..Default::default()
    };
    common::workstation(d, actor, session, at("2026-11-23 11:00"))
}

fn press(a: &mut App, code: KeyCode) {
    a.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn ctrl_s(a: &mut App) {
    a.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
}

fn typed(a: &mut App, s: &str) {
    for c in s.chars() {
        press(a, KeyCode::Char(c));
    }
}

/// Fills name, phone, gender, city, channel, model, purchase in tab order.
fn fill(a: &mut App, name: &str, phone: &str, purchase: &str) {
    press(a, KeyCode::Char('c'));
    assert!(matches!(a.mode, Mode::Capture(_)), "c opens the form");
    for (i, v) in [name, phone, "f", "海淀区", "yiche", "卡罗拉", purchase]
        .iter()
        .enumerate()
    {
        typed(a, v);
        if i < 6 {
            press(a, KeyCode::Tab);
        }
    }
}

fn message(a: &App) -> String {
    a.message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

#[test]
fn a_valid_capture_is_saved_graded_and_scheduled() {
    let d = common::desk();
    let mut a = open(&d, &d.agent);
    fill(&mut a, "刘洋", "139 0000 1234", "2");
    ctrl_s(&mut a);
    assert!(
        matches!(a.mode, Mode::Normal),
        "saved and closed: {}",
        message(&a)
    );
    let id = d
        .store
        .find_by_phone(&Phone::parse("13900001234").unwrap())
        .unwrap()
        .expect("saved");
    let card = d.store.lead(&d.boss, id, at("2026-11-23 11:00")).unwrap();
    assert_eq!(card.name, "刘洋");
    assert_eq!(card.grade, "A", "a purchase within a month proposes A");
    assert_eq!(card.channel.code, "yiche");
    assert_eq!(
        card.next_due,
        Some(at("2026-11-24 08:00")),
        "first follow-up the next day"
    );
    assert_eq!(card.due_reason, Some(DueReason::FirstFollowUp));
    assert!(message(&a).contains(&format!("#{id}")));
}

#[test]
fn an_invalid_phone_says_why_and_nothing_is_saved() {
    let d = common::desk();
    let mut a = open(&d, &d.agent);
    fill(&mut a, "刘洋", "139 0000 12", "2");
    match &a.mode {
        Mode::Capture(f) => assert!(matches!(
            f.phone,
            dcc_desk::app::capture::PhoneCheck::Invalid(_)
        )),
        _ => panic!("form closed"),
    }
    ctrl_s(&mut a);
    assert!(
        matches!(a.mode, Mode::Capture(_)),
        "the form stays open with its input"
    );
    assert!(
        message(&a).contains("10 digits") || message(&a).contains("digits"),
        "{}",
        message(&a)
    );
    assert!(d.store.find_leads(&d.boss, "刘洋", 5).unwrap().is_empty());
}

#[test]
fn an_existing_phone_opens_that_lead_and_the_call_is_inbound() {
    let d = common::desk();
    let id = d.lead("韩梅梅", "13812345678", "B", at("2026-11-20 10:00"));
    let mut a = open(&d, &d.agent);
    press(&mut a, KeyCode::Char('c'));
    typed(&mut a, "韩女士");
    press(&mut a, KeyCode::Tab);
    typed(&mut a, "+86 138-1234-5678");
    press(&mut a, KeyCode::Enter);
    assert!(matches!(a.mode, Mode::Normal));
    assert_eq!(a.current_lead(), Some(id), "the existing lead is open");
    assert_eq!(a.card.as_ref().map(|c| c.name.as_str()), Some("韩梅梅"));
    // Log the call: it is recorded on the existing lead, as inbound.
    press(&mut a, KeyCode::Char('r'));
    press(&mut a, KeyCode::Enter);
    let conn = rusqlite::Connection::open(d.dir.path().join("dcc.sqlite")).unwrap();
    let (n, dir): (i64, String) = conn
        .query_row(
            "SELECT count(*), max(direction) FROM calls WHERE lead_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((n, dir.as_str()), (1, "in"));
    let sources: i64 = conn
        .query_row(
            "SELECT count(*) FROM lead_sources WHERE lead_id = ?1 AND origin = 'inbound_call'",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(sources, 1);
    let leads: i64 = conn
        .query_row("SELECT count(*) FROM leads", [], |r| r.get(0))
        .unwrap();
    assert_eq!(leads, 1, "no second record");
}

#[test]
fn the_grade_is_proposed_and_can_be_overridden() {
    let d = common::desk();
    let mut a = open(&d, &d.agent);
    fill(&mut a, "刘洋", "13900001234", "1");
    match &a.mode {
        Mode::Capture(f) => assert_eq!(
            dcc_desk::app::capture::proposed_grade(&a, f)
                .as_ref()
                .map(|g| g.as_str()),
            Some("H")
        ),
        _ => panic!(),
    }
    // Down to the grade field (the last), then pick C.
    for _ in 0..10 {
        press(&mut a, KeyCode::Tab);
    }
    typed(&mut a, "c");
    press(&mut a, KeyCode::Enter);
    assert!(matches!(a.mode, Mode::Normal), "{}", message(&a));
    let id = d
        .store
        .find_by_phone(&Phone::parse("13900001234").unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(
        d.store
            .lead(&d.boss, id, at("2026-11-23 11:00"))
            .unwrap()
            .grade,
        "C"
    );
}

#[test]
fn esc_with_unsaved_input_asks_first() {
    let d = common::desk();
    let mut a = open(&d, &d.agent);
    press(&mut a, KeyCode::Char('c'));
    typed(&mut a, "刘洋");
    press(&mut a, KeyCode::Esc);
    assert!(matches!(a.mode, Mode::Capture(_)), "one Esc keeps the form");
    assert!(message(&a).contains("Esc again"));
    typed(&mut a, "先生");
    match &a.mode {
        Mode::Capture(f) => assert_eq!(
            f.text(dcc_desk::app::capture::Field::Name),
            "刘洋先生",
            "input intact"
        ),
        _ => panic!(),
    }
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Esc);
    assert!(matches!(a.mode, Mode::Normal));
    assert!(
        d.store.find_leads(&d.boss, "刘洋", 5).unwrap().is_empty(),
        "nothing saved"
    );
    // An empty form closes at once.
    press(&mut a, KeyCode::Char('c'));
    press(&mut a, KeyCode::Esc);
    assert!(matches!(a.mode, Mode::Normal));
}

#[test]
fn inbound_captures_go_to_outbound_agents_by_the_rule() {
    let d = common::desk();
    let t = at("2026-11-01 09:00");
    let bob = d
        .store
        .add_agent(Some(&d.boss), "bob", "李静", Role::Outbound, t)
        .unwrap();
    let ian = Actor::myself(
        d.store
            .add_agent(Some(&d.boss), "ian", "接线员", Role::Inbound, t)
            .unwrap(),
    );
    let mut a = open(&d, &ian);
    fill(&mut a, "一号", "13900000001", "3");
    ctrl_s(&mut a);
    fill(&mut a, "二号", "13900000002", "3");
    ctrl_s(&mut a);
    let owner = |p: &str| {
        let id = d
            .store
            .find_by_phone(&Phone::parse(p).unwrap())
            .unwrap()
            .unwrap();
        d.store
            .lead(&d.boss, id, at("2026-11-23 11:00"))
            .unwrap()
            .owner
            .unwrap()
    };
    let owners = [owner("13900000001"), owner("13900000002")];
    assert!(
        owners.contains(&"amy".to_string()) && owners.contains(&bob.login),
        "round robin: {owners:?}"
    );
}

#[test]
fn a_do_not_call_number_needs_new_consent() {
    let d = common::desk();
    let phone = Phone::parse("13900001234").unwrap();
    d.store
        .dnc_add(&d.boss, &phone, "hand", None, at("2026-11-01 09:00"))
        .unwrap();
    let mut a = open(&d, &d.agent);
    fill(&mut a, "刘洋", "13900001234", "2");
    ctrl_s(&mut a);
    assert!(matches!(a.mode, Mode::Capture(_)));
    assert!(message(&a).contains("do-not-call"), "{}", message(&a));
    // The form moved to the consent field: the customer agrees again.
    typed(&mut a, "y");
    ctrl_s(&mut a);
    assert!(matches!(a.mode, Mode::Normal), "{}", message(&a));
    assert!(!d.store.dnc_contains(&phone).unwrap());
    let id = d.store.find_by_phone(&phone).unwrap().unwrap();
    assert_eq!(
        d.store
            .lead(&d.boss, id, at("2026-11-23 11:00"))
            .unwrap()
            .status,
        Status::Tracking
    );
}

/// At 80x24, where a hint is too long for its row, the form says it in
/// full under the fields: a do-not-call number's warning wherever the
/// focus is, the focused field's help.
#[test]
fn at_80x24_a_hint_cut_in_its_row_is_said_in_full_below() {
    let d = common::desk();
    let phone = Phone::parse("13900001234").unwrap();
    d.store
        .dnc_add(&d.boss, &phone, "hand", None, at("2026-11-01 09:00"))
        .unwrap();
    for lang in [Lang::En, Lang::Zh] {
        let mut a = open(&d, &d.agent);
        a.lang = lang;
        press(&mut a, KeyCode::Char('c'));
        typed(&mut a, "刘洋");
        press(&mut a, KeyCode::Tab);
        typed(&mut a, "13900001234");
        // On to the expected purchase, empty: its quick choices are help.
        for _ in 0..5 {
            press(&mut a, KeyCode::Tab);
        }
        let screen = common::screen(&a, 80, 24);
        let (dnc, quick) = match lang {
            Lang::En => (
                "On the do-not-call list: needs the customer's new consent",
                "1 within a week  2 a month  3 two months  4 later, or a date",
            ),
            Lang::Zh => (
                "该号码在勿扰名单中：需客户重新同意回访",
                "1 一周内  2 一个月内  3 两个月内  4 更晚，或输入日期",
            ),
        };
        for whole in [dnc, quick] {
            assert!(
                screen.lines().any(|l| l.contains(whole)),
                "{lang:?}: \"{whole}\" is not whole on one row:\n{screen}"
            );
        }
        // Nothing saved by looking.
        assert!(d.store.find_by_phone(&phone).unwrap().is_none());
    }
}

/// The expected purchase takes what callers say (and what the importer
/// reads); the expected visit takes a day with a part of the day.
#[test]
fn purchase_and_visit_take_what_callers_say() {
    let d = common::desk();
    for (i, (purchase, grade)) in [
        ("一周内", "H"),
        ("1个月内", "A"),
        ("半年内", "C"),
        ("下个月", "B"),
        ("2027-01", "C"),
    ]
    .iter()
    .enumerate()
    {
        let mut a = open(&d, &d.agent);
        let phone = format!("1390000{:04}", 2000 + i);
        fill(&mut a, "刘洋", &phone, purchase);
        press(&mut a, KeyCode::Tab);
        typed(&mut a, "周六下午");
        ctrl_s(&mut a);
        assert!(
            matches!(a.mode, Mode::Normal),
            "{purchase}: saved and closed: {}",
            message(&a)
        );
        let id = d
            .store
            .find_by_phone(&Phone::parse(&phone).unwrap())
            .unwrap()
            .expect("saved");
        let card = d.store.lead(&d.boss, id, at("2026-11-23 11:00")).unwrap();
        assert_eq!(card.grade, *grade, "{purchase}");
        assert_eq!(
            card.visit_by.map(|v| v.to_string()),
            Some("2026-11-28 15:00".to_string()),
            "周六下午 is Saturday afternoon, at the documented 15:00"
        );
    }
}

/// The expected visit keeps the time the caller said, shown before saving
/// with its weekday; a day said alone stays a day, with no time made up.
#[test]
fn the_expected_visit_keeps_its_time() {
    let d = common::desk();
    for (i, (said, hint, saved)) in [
        ("周六 14:00", "= 2026-11-28 Sat 14:00", "2026-11-28 14:00"),
        ("周六下午", "= 2026-11-28 Sat 15:00", "2026-11-28 15:00"),
        ("明天上午10点", "= 2026-11-24 Tue 10:00", "2026-11-24 10:00"),
        ("周六", "= 2026-11-28 Sat", "2026-11-28"),
        ("一周内", "= 2026-11-30 Mon", "2026-11-30"),
    ]
    .iter()
    .enumerate()
    {
        let mut a = open(&d, &d.agent);
        let phone = format!("1390000{:04}", 3000 + i);
        fill(&mut a, "刘洋", &phone, "2");
        press(&mut a, KeyCode::Tab);
        typed(&mut a, said);
        let shown = common::screen(&a, 120, 40);
        let line = shown
            .lines()
            .find(|l| l.contains(said))
            .unwrap_or_else(|| panic!("{said} typed:\n{shown}"));
        let pos = line
            .find(hint)
            .unwrap_or_else(|| panic!("{said}: {hint:?} not in {line}"));
        // A day alone is shown without a time.
        let after = line[pos + hint.len()..].trim_start();
        assert!(
            !after.starts_with(|c: char| c.is_ascii_digit()),
            "{said}: {line}"
        );
        ctrl_s(&mut a);
        assert!(matches!(a.mode, Mode::Normal), "{said}: {}", message(&a));
        let id = d
            .store
            .find_by_phone(&Phone::parse(&phone).unwrap())
            .unwrap()
            .expect("saved");
        let card = d.store.lead(&d.boss, id, at("2026-11-23 11:00")).unwrap();
        assert_eq!(
            card.visit_by.map(|v| v.to_string()).as_deref(),
            Some(*saved),
            "{said}"
        );
    }
}

/// What the inbound agent captured is on the card; a returning caller gets
/// the inbound script, and the notice says whose lead it is.
#[test]
fn captured_details_are_shown_and_a_returning_caller_gets_the_inbound_script() {
    let d = common::desk();
    let mut a = open(&d, &d.agent);
    fill(&mut a, "刘洋", "13900001234", "2");
    press(&mut a, KeyCode::Tab); // expected visit
    press(&mut a, KeyCode::Tab);
    typed(&mut a, "大众 POLO");
    press(&mut a, KeyCode::Tab);
    typed(&mut a, "r"); // replacement
    press(&mut a, KeyCode::Tab);
    typed(&mut a, "l"); // loan
    press(&mut a, KeyCode::Tab);
    typed(&mut a, "y"); // agreed on this call
    ctrl_s(&mut a);
    assert!(matches!(a.mode, Mode::Normal), "{}", message(&a));
    let id = d
        .store
        .find_by_phone(&Phone::parse("13900001234").unwrap())
        .unwrap()
        .expect("saved");

    // The caller calls again: the number opens the lead.
    press(&mut a, KeyCode::Char('c'));
    typed(&mut a, "刘先生");
    press(&mut a, KeyCode::Tab);
    typed(&mut a, "139 0000 1234");
    let s = common::screen(&a, 120, 40);
    assert!(s.contains(&format!("#{id} 刘洋 · 王芳")), "{s}");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.current_lead(), Some(id));
    assert!(message(&a).contains("Owner 王芳"), "{}", message(&a));
    let card = a.card.as_ref().unwrap();
    assert_eq!(card.details.city.as_deref(), Some("海淀区"));
    let s = common::screen(&a, 120, 40);
    for shown in [
        "Gender female",
        "City 海淀区",
        "Current car 大众 POLO",
        "Purchase replacement",
        "Payment loan",
        "Consent agreed on this call",
        "Inbound (a known customer calls again)",
    ] {
        assert!(s.contains(shown), "{shown:?} in {s}");
    }
}
