//! Snapshots of every screen and prompt, driven by key events, in both
//! languages, at 80x24 and 120x40. The clock is fixed, so times are stable;
//! the database path is shown by file name only.

mod common;
use common::screen;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dcc_desk::app::{App, FixedClock, Session};
use dcc_desk::i18n::Lang;
use dcc_desk::store::{LeadStore, OpenMode, SqliteStore};

fn app(lang: Lang) -> (common::Desk, App) {
    let (d, now) = common::busy_day();
    // A second connection, as the workstation has its own.
    let store = SqliteStore::open(&d.dir.path().join("dcc.sqlite"), OpenMode::Existing).unwrap();
    let session = Session {
        lang: Some(lang),
        ..Default::default()
    };
    let app = App::new(
        Box::new(store),
        Box::new(FixedClock(now)),
        d.agent.clone(),
        session,
    )
    .unwrap();
    (d, app)
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// Each screen as a list of keys from the start, in both languages and sizes.
fn check(name: &str, keys: &[&str]) {
    for lang in [Lang::Zh, Lang::En] {
        let (_d, mut a) = app(lang);
        for k in keys {
            match *k {
                "<down>" => key(&mut a, KeyCode::Down),
                "<enter>" => key(&mut a, KeyCode::Enter),
                "<esc>" => key(&mut a, KeyCode::Esc),
                "<tab>" => key(&mut a, KeyCode::Tab),
                text => typed(&mut a, text),
            }
        }
        for (w, h) in [(80, 24), (120, 40)] {
            let snap = format!("{name}_{}_{w}x{h}", lang.code());
            insta::assert_snapshot!(snap, screen(&a, w, h));
        }
    }
}

#[test]
fn queue_card_and_script() {
    check("main", &[]);
}

#[test]
fn moving_down_shows_the_next_lead() {
    check("second_lead", &["j"]);
}

#[test]
fn help_lists_the_live_keymap() {
    check("help", &["?"]);
}

#[test]
fn callback_time_prompt_shows_what_was_understood() {
    check("callback_prompt", &["b", "明天 15:00"]);
    check("callback_prompt_bad", &["b", "someday"]);
}

#[test]
fn appointment_then_note() {
    check(
        "appointment_note",
        &["a", "2026-11-25 14:00", "<enter>", "想试驾"],
    );
}

#[test]
fn defeat_reason_picker_filters() {
    check("defeat_reasons", &["d", "price"]);
}

#[test]
fn regrade_prompt() {
    check("regrade", &["g"]);
}

#[test]
fn search_finds_by_part_of_the_number() {
    check("search", &["/", "1234"]);
}

#[test]
fn a_saved_outcome_says_so() {
    check("saved", &["n", "<enter>"]);
}

#[test]
fn esc_with_input_asks_before_discarding() {
    check("esc_armed", &["b", "明天", "<esc>"]);
}

#[test]
fn capture_form_checks_as_the_agent_types() {
    check(
        "capture",
        &[
            "c",
            "刘洋",
            "<tab>",
            "139-0000-12",
            "<tab>",
            "m",
            "<tab>",
            "朝阳区",
            "<tab>",
            "易车",
            "<tab>",
            "卡罗拉",
            "<tab>",
            "2",
        ],
    );
    check(
        "capture_known_caller",
        &["c", "韩", "<tab>", "+86 138 1234 5678"],
    );
}

#[test]
fn too_small_says_what_size_it_needs() {
    for lang in [Lang::Zh, Lang::En] {
        let (_d, a) = app(lang);
        insta::assert_snapshot!(format!("too_small_{}", lang.code()), screen(&a, 70, 20));
    }
}

#[test]
fn keys_log_the_call_whole_or_not_at_all() {
    let (d, mut a) = app(Lang::En);
    let first = a.current_lead().unwrap();
    // Start the call, choose appointment, type a time, then give up with Esc twice.
    key(&mut a, KeyCode::Enter);
    assert!(a.call.is_some(), "the call is open");
    typed(&mut a, "a");
    typed(&mut a, "+2 10:00");
    key(&mut a, KeyCode::Enter);
    typed(&mut a, "note");
    key(&mut a, KeyCode::Esc);
    assert!(
        matches!(a.mode, dcc_desk::app::Mode::Prompt(_)),
        "first Esc only warns"
    );
    key(&mut a, KeyCode::Esc);
    let now = common::at("2026-11-23 11:00");
    let card = d.store.lead(&d.boss, first, now).unwrap();
    assert!(card
        .history
        .iter()
        .all(|h| !matches!(h, dcc_desk::store::HistoryEntry::Call { at, .. } if *at == now)));
    // Now the whole thing, saved.
    typed(&mut a, "a");
    typed(&mut a, "+2 10:00");
    key(&mut a, KeyCode::Enter);
    typed(&mut a, "想试驾");
    key(&mut a, KeyCode::Enter);
    assert!(matches!(a.mode, dcc_desk::app::Mode::Normal));
    let card = d.store.lead(&d.boss, first, now).unwrap();
    assert_eq!(card.appointment, Some(common::at("2026-11-25 10:00")));
    assert!(card.history.iter().any(
        |h| matches!(h, dcc_desk::store::HistoryEntry::Call { note: Some(n), .. } if n == "想试驾")
    ));
    assert!(a.call.is_none(), "logging ends the call");
}

/// The supervisor's workstation on the busy day, with a defeat request from amy.
fn supervisor(lang: Lang) -> (common::Desk, App, i64) {
    let (d, now) = common::busy_day();
    d.store
        .add_agent(
            Some(&d.boss),
            "bob",
            "李静",
            dcc_desk::store::Role::Outbound,
            common::at("2026-11-01 09:00"),
        )
        .unwrap();
    let lead = d.lead(
        "战败客户",
        "13700000001",
        "B",
        common::at("2026-11-10 10:00"),
    );
    let report = dcc_desk::domain::outcome::CallReport {
        reason: Some("price_high".into()),
        ..Default::default()
    };
    d.log(
        lead,
        dcc_desk::domain::Outcome::Defeat,
        report,
        common::at("2026-11-23 09:00"),
    )
    .unwrap();
    let store = SqliteStore::open(&d.dir.path().join("dcc.sqlite"), OpenMode::Existing).unwrap();
    let session = Session {
        lang: Some(lang),
        ..Default::default()
    };
    let app = App::new(
        Box::new(store),
        Box::new(FixedClock(now)),
        d.boss.clone(),
        session,
    )
    .unwrap();
    (d, app, lead)
}

#[test]
fn supervisor_team_and_requests_screens() {
    for lang in [Lang::Zh, Lang::En] {
        for (name, keys) in [("team", "T"), ("requests", "A")] {
            let (_d, mut a, _) = supervisor(lang);
            typed(&mut a, keys);
            for (w, h) in [(80, 24), (120, 40)] {
                insta::assert_snapshot!(
                    format!("supervisor_{name}_{}_{w}x{h}", lang.code()),
                    screen(&a, w, h)
                );
            }
        }
    }
}

#[test]
fn a_supervisor_approves_with_keys_and_the_defeat_goes_to_another_agent() {
    let (d, mut a, lead) = supervisor(Lang::En);
    typed(&mut a, "A");
    typed(&mut a, "y");
    typed(&mut a, "核实过");
    key(&mut a, KeyCode::Enter);
    let card = d
        .store
        .lead(&d.boss, lead, common::at("2026-11-23 11:00"))
        .unwrap();
    assert_eq!(card.status, dcc_desk::domain::Status::Defeated);
    assert_eq!(
        card.owner.as_deref(),
        Some("bob"),
        "verification by someone else than amy"
    );
    assert!(
        matches!(a.mode, dcc_desk::app::Mode::Requests(_)),
        "back to the (now empty) list"
    );
}

#[test]
fn a_supervisor_opens_an_agents_queue_and_moves_leads_with_keys() {
    let (d, mut a, _) = supervisor(Lang::En);
    typed(&mut a, "T");
    let amy = match &a.mode {
        dcc_desk::app::Mode::Team(v) => v.rows.iter().position(|r| r.login == "amy").unwrap(),
        _ => panic!("team view"),
    };
    // The list starts on the supervisor's own row.
    typed(&mut a, "kkkkkkkk");
    for _ in 0..amy {
        typed(&mut a, "j");
    }
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.actor.agent.login, "amy");
    assert_eq!(a.actor.real.login, "boss");
    let first = a.queue[0].lead_id;
    let second = a.queue[1].lead_id;
    key(&mut a, KeyCode::Char(' '));
    key(&mut a, KeyCode::Char(' '));
    typed(&mut a, "m");
    typed(&mut a, "bob");
    key(&mut a, KeyCode::Enter);
    typed(&mut a, "王芳请假");
    key(&mut a, KeyCode::Enter);
    let now = common::at("2026-11-23 11:00");
    for id in [first, second] {
        let card = d.store.lead(&d.boss, id, now).unwrap();
        assert_eq!(card.owner.as_deref(), Some("bob"));
        assert!(card.history.iter().any(|h| matches!(h,
            dcc_desk::store::HistoryEntry::Change { kind, note: Some(n), actor, .. }
                if kind == "owner" && n == "王芳请假" && actor == "boss")));
    }
    assert!(
        a.queue
            .iter()
            .all(|q| q.lead_id != first && q.lead_id != second),
        "gone from amy's queue"
    );
}

#[test]
fn agents_are_refused_supervisor_screens() {
    let (_d, mut a) = app(Lang::En);
    for k in ["T", "A", "m"] {
        typed(&mut a, k);
        assert!(matches!(a.mode, dcc_desk::app::Mode::Normal));
        assert!(
            a.message
                .as_ref()
                .unwrap()
                .text
                .contains("only a supervisor"),
            "{k}"
        );
    }
}
