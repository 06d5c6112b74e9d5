//! A keymap for every mode: the key bar and help read the map of the mode
//! in force, and every key the bar shows does something in that mode.

mod common;

use common::at;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dcc_desk::app::{Action, App, KeyMode, Keymap, Mode, Session};
use dcc_desk::domain::outcome::{CallReport, Outcome};
use dcc_desk::i18n::Lang;
use dcc_desk::store::{Actor, LeadStore, Role};

fn open(d: &common::Desk, actor: &Actor, keymap: Option<Keymap>) -> App {
    let session = Session {
        lang: Some(Lang::En),
        keymap,
        ..Default::default()
    };
    common::workstation(d, actor, session, at("2026-11-23 11:00"))
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// A supervisor's desk with two requests waiting, a second agent, an
/// inbound agent (lily) and a sales consultant (zoe).
fn desk() -> common::Desk {
    let (d, now) = common::busy_day();
    d.store
        .add_agent(
            Some(&d.boss),
            "bob",
            "李静",
            Role::Outbound,
            at("2026-11-01 09:00"),
        )
        .unwrap();
    d.store
        .add_agent(
            Some(&d.boss),
            "lily",
            "林丽",
            Role::Inbound,
            at("2026-11-01 09:00"),
        )
        .unwrap();
    d.store
        .add_agent(
            Some(&d.boss),
            "zoe",
            "周敏",
            Role::Showroom,
            at("2026-11-01 09:00"),
        )
        .unwrap();
    let q = d
        .store
        .queue(&d.boss, Some(d.agent.agent.id), now.date(), now)
        .unwrap();
    // A defeat approved two days ago: bob's verification call is overdue.
    let verify = d.lead("核实客户", "13900000077", "B", at("2026-11-10 10:00"));
    d.log(
        verify,
        Outcome::Defeat,
        CallReport {
            reason: Some("price_high".into()),
            ..Default::default()
        },
        at("2026-11-20 10:00"),
    )
    .unwrap();
    d.store
        .decide(&d.boss, verify, true, None, at("2026-11-20 11:00"))
        .unwrap();
    for l in &q[q.len() - 2..] {
        d.log(
            l.lead_id,
            Outcome::Defeat,
            CallReport {
                reason: Some("price_high".into()),
                ..Default::default()
            },
            now,
        )
        .unwrap();
    }
    d
}

/// Opens a mode from the queue, as a user would.
fn enter(app: &mut App, mode: KeyMode) {
    let k = |app: &App, a: Action| app.keymap.keys_in(KeyMode::Queue, a)[0].event();
    let ev = match mode {
        KeyMode::Queue => return,
        // The verifier's queue opens on the defeat to verify.
        KeyMode::Verify => return assert_eq!(app.key_mode(), mode),
        // The consultant's home opens on tomorrow's visit.
        KeyMode::Showroom => return assert_eq!(app.key_mode(), mode),
        KeyMode::Inbound => {
            // A known customer on the line: the home's every key is live.
            app.on_key(k(app, Action::Capture));
            key(app, KeyCode::Tab);
            for c in "13900000001".chars() {
                key(app, KeyCode::Char(c));
            }
            key(app, KeyCode::Enter);
            assert!(app.inbound.is_some(), "{:?}", app.message);
            return assert_eq!(app.key_mode(), mode);
        }
        KeyMode::Capture => k(app, Action::Capture),
        KeyMode::Prompt => k(app, Action::Appointment),
        KeyMode::Requests => k(app, Action::Requests),
        KeyMode::Team => k(app, Action::Team),
        KeyMode::Reports => k(app, Action::Reports),
        KeyMode::Help => k(app, Action::Help),
    };
    app.on_key(ev);
    // The reports' figures are read on a worker.
    app.settle();
    if mode == KeyMode::Capture {
        // Past the first field, so that "previous field" has somewhere to go.
        key(app, KeyCode::Tab);
    }
    if mode == KeyMode::Prompt {
        for c in "2026-11-25 14:00".chars() {
            key(app, KeyCode::Char(c));
        }
        key(app, KeyCode::Enter);
    }
    assert_eq!(app.key_mode(), mode);
}

/// What the screen is about, to tell whether a key changed anything.
fn fingerprint(app: &App) -> String {
    format!(
        "{:?}|{:?}|{}|{:?}|{:?}|{}|{:?}|{:?}",
        app.mode,
        app.help_over,
        app.selected,
        app.message,
        app.call,
        app.quit,
        app.actor.agent.login,
        app.pinned
    )
}

#[test]
fn every_key_in_every_modes_key_bar_does_something_there() {
    let d = desk();
    for mode in KeyMode::ALL {
        // The queue's bar as an agent and as a supervisor sees it.
        let lily = lily(&d);
        let bob = bob(&d);
        let zoe = zoe(&d);
        let whos: &[&Actor] = match mode {
            KeyMode::Queue => &[&d.agent, &d.boss],
            KeyMode::Inbound => &[&lily],
            KeyMode::Verify => &[&bob],
            KeyMode::Showroom => &[&zoe],
            KeyMode::Prompt => &[&d.agent],
            _ => &[&d.boss],
        };
        for who in whos {
            let mut app = open(&d, who, None);
            enter(&mut app, *mode);
            let bar = app.key_bar();
            assert!(!bar.is_empty(), "{mode:?} has no key bar");
            for (action, label) in bar {
                // The supervisor's own queue is empty: their keys only.
                let theirs = matches!(
                    action,
                    Action::Team | Action::Requests | Action::Reports | Action::Move
                );
                if *mode == KeyMode::Queue && who.agent.login == "boss" && !theirs {
                    continue;
                }
                check_bar_key(&d, who, *mode, action, &label);
            }
        }
    }
}

fn bob(d: &common::Desk) -> Actor {
    let agents = d.store.agents().unwrap();
    Actor::myself(agents.into_iter().find(|a| a.login == "bob").unwrap())
}

fn zoe(d: &common::Desk) -> Actor {
    let agents = d.store.agents().unwrap();
    Actor::myself(agents.into_iter().find(|a| a.login == "zoe").unwrap())
}

fn lily(d: &common::Desk) -> Actor {
    let agents = d.store.agents().unwrap();
    Actor::myself(agents.into_iter().find(|a| a.login == "lily").unwrap())
}

fn check_bar_key(d: &common::Desk, who: &Actor, mode: KeyMode, action: Action, label: &str) {
    let mut app = open(d, who, None);
    enter(&mut app, mode);
    if matches!(mode, KeyMode::Queue | KeyMode::Verify) && action != Action::Call {
        // Outcomes act on the call: start one first.
        key(&mut app, KeyCode::Enter);
    }
    let before = fingerprint(&app);
    let ev = app.keymap.keys_in(mode, action)[0].event();
    app.on_key(ev);
    assert_ne!(
        before,
        fingerprint(&app),
        "{label} ({action:?}) does nothing in {mode:?} for {}",
        who.agent.login
    );
    // The bar shows what the map says.
    assert_eq!(app.keymap.keys_in(mode, action)[0].display(), label);
    // Quit as the workstation does: a call left open would be resumed by
    // the next one (a dropped connection).
    app.hang_up();
}

#[test]
fn at_80x24_the_queue_bar_shows_every_key_in_both_languages() {
    let d = desk();
    for who in [&d.agent, &d.boss] {
        for lang in [Lang::En, Lang::Zh] {
            let mut app = open(&d, who, None);
            app.lang = lang;
            let bar = app.key_bar();
            // The agent has no supervisor's keys; the supervisor has them.
            let sup = bar.iter().any(|(a, _)| *a == Action::Team);
            assert_eq!(sup, who.agent.role == Role::Supervisor, "{lang:?}");
            let screen = common::screen(&app, 80, 24);
            let rows: Vec<&str> = screen.lines().rev().skip(1).take(3).collect();
            let rows = rows.join("\n");
            for (a, key) in &bar {
                let shown = format!("{key} {}", a.short_label(lang));
                let whole = format!("{key} {}", a.label(lang));
                assert!(
                    rows.contains(&shown) || rows.contains(&whole),
                    "{a:?} ({shown}) is not in the {lang:?} bar at 80x24:\n{screen}"
                );
            }
        }
    }
}

/// Every mode's bar, as the one who uses it sees it at 80x24, in both
/// languages: every key of the mode is shown, and no two keys say the same
/// words (the English bar once said "confirm" for both `d` and `l`).
#[test]
fn at_80x24_every_modes_bar_shows_each_key_once_with_its_own_words() {
    let d = desk();
    let lily = lily(&d);
    let bob = bob(&d);
    let zoe = zoe(&d);
    for mode in KeyMode::ALL {
        let whos: &[&Actor] = match mode {
            KeyMode::Queue => &[&d.agent, &d.boss],
            KeyMode::Inbound => &[&lily],
            KeyMode::Verify => &[&bob],
            KeyMode::Showroom => &[&zoe],
            KeyMode::Prompt => &[&d.agent],
            _ => &[&d.boss],
        };
        for who in whos {
            for lang in [Lang::En, Lang::Zh] {
                let mut app = open(&d, who, None);
                app.lang = lang;
                enter(&mut app, *mode);
                let screen = common::screen(&app, 80, 24);
                let rows: Vec<&str> = screen.lines().rev().skip(1).take(3).collect();
                let rows = rows.join("\n");
                // Every action the mode may show (some only on some leads).
                let mut words = std::collections::BTreeMap::new();
                for a in mode.key_bar() {
                    if let Some(other) = words.insert(a.short_label(lang), *a) {
                        panic!(
                            "{mode:?}: {a:?} and {other:?} are both \"{}\" in {lang:?}",
                            a.short_label(lang)
                        );
                    }
                }
                for (a, key) in &app.key_bar() {
                    let short = a.short_label(lang);
                    let shown = format!("{key} {short}");
                    let whole = format!("{key} {}", a.label(lang));
                    assert!(
                        rows.contains(&shown) || rows.contains(&whole),
                        "{mode:?}: {a:?} ({shown}) is not in the {lang:?} bar at 80x24:\n{screen}"
                    );
                }
                app.hang_up();
            }
        }
    }
}

#[test]
fn the_bar_is_the_modes_own() {
    let d = desk();
    let mut app = open(&d, &d.boss, None);
    key(&mut app, KeyCode::Char('A'));
    let screen = common::screen(&app, 120, 40);
    let bar: Vec<&str> = screen.lines().rev().skip(1).take(2).collect();
    let bar = bar.join("\n");
    assert!(bar.contains("n reject"), "{bar}");
    assert!(!bar.contains("no answer"), "{bar}");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('R'));
    app.settle();
    let screen = common::screen(&app, 120, 40);
    let bar: Vec<&str> = screen.lines().rev().skip(1).take(2).collect();
    let bar = bar.join("\n");
    assert!(bar.contains("r refresh"), "{bar}");
    assert!(!bar.contains("reached"), "{bar}");
}

#[test]
fn a_mode_override_changes_the_key_the_bar_and_help() {
    let d = desk();
    let mut requests = std::collections::BTreeMap::new();
    requests.insert("approve".to_string(), "a".to_string());
    let mut modes = std::collections::BTreeMap::new();
    modes.insert("requests".to_string(), requests);
    let (map, problems) = Keymap::with_mode_overrides(&Default::default(), &modes);
    assert!(problems.is_empty(), "{problems:?}");
    let mut app = open(&d, &d.boss, Some(map));
    key(&mut app, KeyCode::Char('A'));
    key(&mut app, KeyCode::Char('y'));
    assert!(
        matches!(app.mode, Mode::Requests(_)),
        "y no longer approves"
    );
    let screen = common::screen(&app, 120, 40);
    assert!(screen.contains("a approve"), "{screen}");
    key(&mut app, KeyCode::Char('?'));
    let help = common::screen(&app, 120, 40);
    assert!(
        help.contains("approve") && help.contains("reject"),
        "{help}"
    );
    assert!(
        !help.contains("no answer"),
        "help shows the requests' keys:\n{help}"
    );
    key(&mut app, KeyCode::Char('x'));
    key(&mut app, KeyCode::Char('a'));
    assert!(matches!(app.mode, Mode::Prompt(_)), "a approves");
}

#[test]
fn ctrl_c_is_q_and_q_on_a_call_asks() {
    let d = desk();
    let mut app = open(&d, &d.agent, None);
    key(&mut app, KeyCode::Enter);
    let lead = app.call.as_ref().unwrap().lead_id;
    app.on_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(!app.quit, "on a call, quitting asks first");
    let screen = common::screen(&app, 120, 40);
    assert!(screen.contains("hang up and quit?"), "{screen}");
    key(&mut app, KeyCode::Esc);
    assert!(!app.quit);
    assert_eq!(app.call.as_ref().map(|c| c.lead_id), Some(lead));
    key(&mut app, KeyCode::Char('q'));
    key(&mut app, KeyCode::Enter);
    assert!(app.quit);
    assert!(app.call.is_none(), "hung up");
    // Without a call, Ctrl-C quits at once.
    let mut app = open(&d, &d.agent, None);
    app.on_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(app.quit);
}
