//! Who is online, in the supervisor's team view (`T`): an agent with a
//! workstation open over SSH gets `●` and the time it opened; a session that
//! ended, one that only ran a command, and one not heard from for minutes
//! (its process killed) do not count.

mod common;
use common::{at, screen};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dcc_desk::app::{App, FixedClock, Mode, Session};
use dcc_desk::i18n::Lang;
use dcc_desk::store::{LeadStore, OpenMode, Role, SessionEnd, SqliteStore};

/// The busy day at 11:00: amy online since 10:12 (two sessions, the earlier
/// counts), bob's session closed, zoe's killed at 10:20 without an end, and
/// the supervisor ran one command over SSH.
fn team(lang: Lang) -> (common::Desk, App) {
    let (d, now) = common::busy_day();
    let t0 = at("2026-11-01 09:00");
    for (login, name) in [("bob", "李静"), ("zoe", "赵敏")] {
        d.store
            .add_agent(Some(&d.boss), login, name, Role::Outbound, t0)
            .unwrap();
    }
    let agent = |l: &str| d.store.agent(l).unwrap().unwrap();
    let s = &d.store;
    let amy1 = s
        .session_start(
            &agent("amy"),
            "SHA256:a",
            "10.0.0.5 50001",
            None,
            at("2026-11-23 10:12"),
        )
        .unwrap();
    s.session_seen(amy1, at("2026-11-23 10:59")).unwrap();
    let amy2 = s
        .session_start(
            &agent("amy"),
            "SHA256:a",
            "10.0.0.6 50002",
            None,
            at("2026-11-23 10:40"),
        )
        .unwrap();
    s.session_seen(amy2, at("2026-11-23 10:59")).unwrap();
    let bob = s
        .session_start(
            &agent("bob"),
            "SHA256:b",
            "10.0.0.7 50003",
            None,
            at("2026-11-23 09:30"),
        )
        .unwrap();
    s.session_end(bob, SessionEnd::Closed, at("2026-11-23 10:30"))
        .unwrap();
    s.session_start(
        &agent("zoe"),
        "SHA256:z",
        "10.0.0.8 50004",
        None,
        at("2026-11-23 10:20"),
    )
    .unwrap();
    s.session_start(
        &agent("boss"),
        "SHA256:s",
        "10.0.0.9 50005",
        Some("report funnel"),
        at("2026-11-23 10:58"),
    )
    .unwrap();
    let store = SqliteStore::open(&d.dir.path().join("dcc.sqlite"), OpenMode::Existing).unwrap();
    let session = Session {
        lang: Some(lang),
        ..Default::default()
    };
    let mut app = App::new(
        Box::new(store),
        Box::new(FixedClock(now)),
        d.boss.clone(),
        session,
    )
    .unwrap();
    app.on_key(KeyEvent::new(KeyCode::Char('T'), KeyModifiers::NONE));
    (d, app)
}

#[test]
fn only_agents_with_a_live_workstation_are_online_since_their_first_open_session() {
    let (_d, a) = team(Lang::En);
    let Mode::Team(v) = &a.mode else {
        panic!("the team view is open: {:?}", a.mode)
    };
    let online: Vec<(String, String)> = v
        .online
        .iter()
        .map(|o| (o.login.clone(), o.since.format("%H:%M").to_string()))
        .collect();
    assert_eq!(online, [("amy".to_string(), "10:12".to_string())]);
    for (w, h) in [(80, 24), (120, 40)] {
        let s = screen(&a, w, h);
        let row = |name: &str| s.lines().find(|l| l.contains(name)).unwrap().to_string();
        assert!(
            row("王芳").contains('●') && row("王芳").contains("10:12"),
            "{s}"
        );
        for other in ["李静", "赵敏", "主管"] {
            assert!(!row(other).contains('●'), "{other}: {s}");
        }
        assert!(s.contains("online since"), "{s}");
    }
}

#[test]
fn the_team_view_shows_who_is_online_in_both_languages() {
    for lang in [Lang::Zh, Lang::En] {
        let (_d, a) = team(lang);
        for (w, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(
                format!("online_team_{}_{w}x{h}", lang.code()),
                screen(&a, w, h)
            );
        }
    }
}

/// With hundreds of agents online, their heartbeats are several writes a
/// second: an open workstation re-reads nothing for them, nor for a
/// colleague's draft, but does for an outcome and for a change made around
/// the store (`sqlite3`).
#[test]
fn colleagues_heartbeats_and_drafts_re_read_nothing_an_outcome_does() {
    let d = common::desk();
    let now = at("2026-11-23 11:00");
    let lead = d.lead("韩梅梅", "13812345678", "H", at("2026-11-20 10:00"));
    let bob = d
        .store
        .add_agent(Some(&d.boss), "bob", "李静", Role::Outbound, now)
        .unwrap();
    let mut a = common::workstation(&d, &d.agent, Session::default(), now);
    a.tick();
    let reloads = a.reloads;

    let s = d
        .store
        .session_start(&bob, "SHA256:b", "10.0.0.7 1", None, now)
        .unwrap();
    for _ in 0..3 {
        d.store.session_seen(s, now).unwrap();
        a.tick();
    }
    let bob = dcc_desk::store::Actor::myself(bob);
    d.store.keep_draft(&bob, None, "{}", now).unwrap();
    d.store.drop_draft(&bob).unwrap();
    d.store.session_end(s, SessionEnd::Closed, now).unwrap();
    a.tick();
    assert_eq!(a.reloads, reloads, "nothing shown here changed");

    d.log(
        lead,
        dcc_desk::domain::Outcome::Reached,
        Default::default(),
        now,
    )
    .unwrap();
    a.tick();
    assert_eq!(a.reloads, reloads + 1, "an outcome is re-read");
    assert_eq!(a.stats.calls, 1, "amy's call is counted on her screen");

    // Around the store: counted as nothing, so taken as shown.
    rusqlite::Connection::open(d.dir.path().join("dcc.sqlite"))
        .unwrap()
        .execute("UPDATE leads SET name = '韩梅' WHERE id = ?1", [lead])
        .unwrap();
    a.tick();
    assert_eq!(
        a.reloads,
        reloads + 2,
        "a change around the store is re-read"
    );
}

/// An outbound agent's workstation shows their own leads: a colleague's
/// claim and outcome on the colleague's lead re-read nothing there, but do
/// on a supervisor's, who sees every lead; a change to the team's settings
/// re-reads both.
#[test]
fn a_colleague_s_call_re_reads_only_the_screens_that_show_its_lead() {
    let d = common::desk();
    let now = at("2026-11-23 11:00");
    let bob = d
        .store
        .add_agent(Some(&d.boss), "bob", "李静", Role::Outbound, now)
        .unwrap();
    let bob = dcc_desk::store::Actor::myself(bob);
    let theirs = d
        .store
        .add_lead(
            &d.boss,
            &dcc_desk::store::NewLead {
                name: "李雷".into(),
                phone: dcc_desk::domain::phone::Phone::parse("13912345678").unwrap(),
                channel: "autohome".into(),
                model: "Camry".into(),
                purchase_by: None,
                visit_by: None,
                grade: Some("H".into()),
                owner: Some("bob".into()),
                note: None,
                details: Default::default(),
            },
            at("2026-11-20 10:00"),
        )
        .unwrap();
    let mut amy = common::workstation(&d, &d.agent, Session::default(), now);
    let mut boss = common::workstation(&d, &d.boss, Session::default(), now);
    let (a0, b0) = (amy.reloads, boss.reloads);

    d.store.claim(&bob, theirs, now).unwrap();
    d.log_by(
        &bob,
        theirs,
        dcc_desk::domain::Outcome::NoAnswer,
        Default::default(),
        now,
    )
    .unwrap();
    amy.tick();
    boss.tick();
    assert_eq!(amy.reloads, a0, "bob's lead is not on amy's screen");
    assert_eq!(boss.reloads, b0 + 1, "the supervisor sees every lead");

    d.store
        .set_setting(&d.boss, "dealer", "丰田4S店", now)
        .unwrap();
    amy.tick();
    boss.tick();
    assert_eq!((amy.reloads, boss.reloads), (a0 + 1, b0 + 2));
    assert_eq!(amy.dealer, "丰田4S店");
}
