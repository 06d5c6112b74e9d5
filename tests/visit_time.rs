//! An appointment keeps its time: set for 14:30, it is saved, shown on the
//! card and by `dcc lead show`, listed by the showroom's `dcc export visits`
//! in time order as 14:30, confirmed the day before, and its no-show check
//! falls after 14:30 plus the rules' grace, not at an arbitrary hour.

mod common;

use common::{at, day, dcc_as, desk, run};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dcc_desk::app::{App, FixedClock, Session};
use dcc_desk::domain::outcome::{CallReport, Outcome};
use dcc_desk::domain::DueReason;
use dcc_desk::i18n::Lang;
use dcc_desk::store::{Actor, LeadStore, OpenMode, SqliteStore};

fn open(d: &common::Desk, actor: &Actor, now: &str, lang: Lang) -> App {
    let store = SqliteStore::open(&d.dir.path().join("dcc.sqlite"), OpenMode::Existing).unwrap();
    let session = Session {
        lang: Some(lang),
        ..Default::default()
    };
    App::new(
        Box::new(store),
        Box::new(FixedClock(at(now))),
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

#[test]
fn the_store_keeps_the_visit_time_and_times_the_no_show_from_it() {
    let d = desk();
    let grace = d.store.rules().unwrap().no_show_after_minutes;
    let lead = d.lead("张雪", "13900000001", "A", at("2026-11-20 10:00"));
    let early = d.lead("李早", "13900000002", "A", at("2026-11-20 10:00"));
    let visit = |t: &str| CallReport {
        visit: Some(at(t)),
        ..Default::default()
    };
    // Set first for 14:30, then another customer for 10:00 the same day.
    let logged = d
        .log(
            lead,
            Outcome::Appointment,
            visit("2026-11-24 14:30"),
            at("2026-11-22 10:00"),
        )
        .unwrap();
    assert_eq!(logged.next_due, Some(at("2026-11-23 08:00")));
    assert_eq!(logged.due_reason, Some(DueReason::Confirmation));
    d.log(
        early,
        Outcome::Appointment,
        visit("2026-11-24 10:00"),
        at("2026-11-22 10:05"),
    )
    .unwrap();
    let card = d
        .store
        .lead(&d.agent, lead, at("2026-11-22 11:00"))
        .unwrap();
    assert_eq!(card.appointment, Some(at("2026-11-24 14:30")));

    // The showroom's list: by time, each with its own.
    let list = d
        .store
        .expected_visits(&d.agent, day("2026-11-24"), false, at("2026-11-23 17:00"))
        .unwrap();
    let times: Vec<_> = list.iter().map(|v| (v.lead_id, v.at)).collect();
    assert_eq!(
        times,
        vec![
            (early, at("2026-11-24 10:00")),
            (lead, at("2026-11-24 14:30"))
        ]
    );

    // The day-before confirmation: the no-show check is the visit time plus the grace.
    let confirmed = d
        .log(
            lead,
            Outcome::Reached,
            CallReport::default(),
            at("2026-11-23 10:00"),
        )
        .unwrap();
    assert_eq!(confirmed.due_reason, Some(DueReason::NoShow));
    assert_eq!(
        confirmed.next_due,
        Some(at("2026-11-24 14:30") + chrono::Duration::minutes(grace))
    );
    // Not due before then; due after.
    let due = |now: &str| {
        d.store
            .queue(&d.agent, Some(d.agent.agent.id), at(now).date(), at(now))
            .unwrap()
            .into_iter()
            .filter(|q| q.lead_id == lead && q.due_at <= at(now))
            .count()
    };
    assert_eq!(due("2026-11-24 14:00"), 0);
    assert_eq!(due("2026-11-24 16:31"), 1);
}

#[test]
fn an_appointment_typed_at_1430_is_saved_shown_and_exported_as_1430() {
    for lang in [Lang::Zh, Lang::En] {
        let d = desk();
        let lead = d.lead("张雪", "13900000001", "A", at("2026-11-20 10:00"));
        let mut app = open(&d, &d.agent, "2026-11-22 10:00", lang);
        key(&mut app, KeyCode::Enter); // the call
        key(&mut app, KeyCode::Char('a'));
        typed(&mut app, "2026-11-24 14:30");
        key(&mut app, KeyCode::Enter);
        key(&mut app, KeyCode::Enter); // no note: saved
        let card = d
            .store
            .lead(&d.agent, lead, at("2026-11-22 10:01"))
            .unwrap();
        assert_eq!(card.appointment, Some(at("2026-11-24 14:30")), "{lang:?}");

        // The day before, the confirmation call shows the time on the card.
        let mut app = open(&d, &d.agent, "2026-11-23 09:00", lang);
        let screen = common::screen(&app, 80, 24);
        assert!(screen.contains("11-24 14:30"), "{lang:?}\n{screen}");
        key(&mut app, KeyCode::Enter);
        key(&mut app, KeyCode::Char('r'));
        key(&mut app, KeyCode::Enter);
        let card = d
            .store
            .lead(&d.agent, lead, at("2026-11-23 09:05"))
            .unwrap();
        assert_eq!(card.due_reason, Some(DueReason::NoShow));
        let grace = d.store.rules().unwrap().no_show_after_minutes;
        assert_eq!(
            card.next_due,
            Some(at("2026-11-24 14:30") + chrono::Duration::minutes(grace)),
            "{lang:?}"
        );

        // `dcc lead show` and `dcc export visits` say 14:30.
        let db = d.dir.path().join("dcc.sqlite");
        let show =
            run(dcc_as(&db, "amy", "2026-11-23T09:10").args(["lead", "show", &lead.to_string()]));
        assert!(show.ok, "{}", show.stderr);
        assert!(show.stdout.contains("2026-11-24 14:30"), "{}", show.stdout);
        let export = run(dcc_as(&db, "amy", "2026-11-23T09:10").args([
            "export",
            "visits",
            "--date",
            "2026-11-24",
            "--format",
            "csv",
        ]));
        assert!(export.ok, "{}", export.stderr);
        let row = export.stdout.lines().nth(1).unwrap_or_default();
        assert!(row.starts_with("14:30,张雪,"), "{}", export.stdout);
        let _ = lang;
    }
}
