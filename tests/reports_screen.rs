//! The supervisor's reports screen and the reveal of a number in the
//! requests view, driven by key events on a small team with a fixed clock:
//! snapshots of every page in both languages at 80x24 and 120x40, the
//! figures on screen against the fixture, and who may do what.

mod common;
use common::screen;

use chrono::NaiveDateTime;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dcc_desk::app::reports::Page;
use dcc_desk::app::{App, FixedClock, Mode, Session};
use dcc_desk::domain::outcome::{CallReport, Outcome};
use dcc_desk::domain::phone::Phone;
use dcc_desk::i18n::Lang;
use dcc_desk::store::{Actor, CallLog, LeadStore, NewLead, OpenMode, Role, SqliteStore};

use common::{at, Desk};

const NOW: &str = "2026-11-23 11:00";

fn add(d: &Desk, name: &str, phone: &str, channel: &str, created: &str) -> i64 {
    d.store
        .add_lead(
            &d.agent,
            &NewLead {
                name: name.into(),
                phone: Phone::parse(phone).unwrap(),
                channel: channel.into(),
                model: "凯美瑞".into(),
                purchase_by: None,
                visit_by: None,
                grade: Some("A".into()),
                owner: None,
                note: None,
                details: Default::default(),
            },
            at(created),
        )
        .unwrap()
}

fn call(d: &Desk, who: &Actor, lead: i64, outcome: Outcome, report: CallReport, t: &str) {
    d.store
        .log_call(
            who,
            &CallLog {
                lead_id: lead,
                outcome,
                report,
                note: None,
                started: None,
                inbound: false,
            },
            at(t),
        )
        .unwrap();
}

/// A lead that is invited, visits and (if `order`) orders, starting on `day`.
fn sale(d: &Desk, n: u32, channel: &str, day: &str, order: bool) -> i64 {
    let lead = add(
        d,
        &format!("客户{n}"),
        &format!("139{n:08}"),
        channel,
        &format!("{day} 09:00"),
    );
    let t = |h: &str| format!("{day} {h}");
    let visit = CallReport {
        visit: Some(at(&t("16:00"))),
        ..Default::default()
    };
    call(d, &d.agent, lead, Outcome::Appointment, visit, &t("10:00"));
    call(
        d,
        &d.agent,
        lead,
        Outcome::Visited,
        CallReport::default(),
        &t("16:30"),
    );
    if order {
        call(
            d,
            &d.agent,
            lead,
            Outcome::Ordered,
            CallReport::default(),
            &t("17:00"),
        );
    }
    lead
}

/// A small team over six months: 7 orders (autohome 4, yiche 2, hotline 1),
/// 9 visits, a few leads that never got further, spend on autohome, an
/// approved defeat, a defeat waiting for the supervisor, and calls on the
/// last days.
fn team() -> (Desk, i64) {
    let d = common::desk();
    let t0 = at("2026-01-01 09:00");
    d.store
        .add_agent(Some(&d.boss), "bob", "李静", Role::Outbound, t0)
        .unwrap();
    d.store
        .set_spend(&d.boss, "autohome", "2026-10", 400_000, t0)
        .unwrap();
    let mut n = 0;
    let mut next = || {
        n += 1;
        n
    };
    for (channel, day, order) in [
        ("autohome", "2026-06-10", true),
        ("autohome", "2026-08-12", true),
        ("yiche", "2026-09-08", true),
        ("autohome", "2026-10-14", true),
        ("autohome", "2026-10-20", false),
        ("hotline", "2026-10-27", true),
        ("yiche", "2026-11-05", true),
        ("autohome", "2026-11-18", true),
        ("yiche", "2026-11-19", false),
    ] {
        sale(&d, next(), channel, day, order);
    }
    // Leads that only got calls, on several of the last days.
    for (channel, day) in [
        ("autohome", "2026-10-28"),
        ("yiche", "2026-11-02"),
        ("hotline", "2026-11-09"),
        ("autohome", "2026-11-16"),
    ] {
        let lead = add(
            &d,
            &format!("客户{}", next()),
            &format!("138{:08}", next()),
            channel,
            &format!("{day} 09:00"),
        );
        for h in ["10:00", "14:00"] {
            call(
                &d,
                &d.agent,
                lead,
                Outcome::NoAnswer,
                CallReport::default(),
                &format!("{day} {h}"),
            );
        }
    }
    // A defeat approved in November, and one waiting.
    let price = || CallReport {
        reason: Some("price_high".into()),
        ..Default::default()
    };
    let gone = add(
        &d,
        "战败客户",
        "13700000001",
        "autohome",
        "2026-11-10 09:00",
    );
    call(
        &d,
        &d.agent,
        gone,
        Outcome::Defeat,
        price(),
        "2026-11-12 10:00",
    );
    d.store
        .decide(&d.boss, gone, true, None, at("2026-11-13 10:00"))
        .unwrap();
    let waiting = add(&d, "待审客户", "13712345678", "yiche", "2026-11-11 09:00");
    call(
        &d,
        &d.agent,
        waiting,
        Outcome::Defeat,
        price(),
        "2026-11-23 09:30",
    );
    (d, waiting)
}

fn open(d: &Desk, who: &Actor, lang: Lang) -> App {
    // A second connection, as the workstation has its own.
    let store = SqliteStore::open(&d.dir.path().join("dcc.sqlite"), OpenMode::Existing).unwrap();
    let session = Session {
        lang: Some(lang),
        ..Default::default()
    };
    App::new(
        Box::new(store),
        Box::new(FixedClock(at(NOW))),
        who.clone(),
        session,
    )
    .unwrap()
}

/// A key, and what the screen shows once the worker has read the figures.
fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
    app.settle();
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// `R` draws the screen at once, saying it is reading and at which step;
/// the figures are read on a worker with its own connection and shown when
/// they arrive (issue 9: nothing slow on the key path).
#[test]
fn the_reports_screen_draws_at_once_and_the_figures_follow() {
    let (d, _) = team();
    for (lang, reading) in [(Lang::En, "reading..."), (Lang::Zh, "正在读取…")] {
        let mut a = open(&d, &d.boss, lang);
        a.on_key(KeyEvent::new(KeyCode::Char('R'), KeyModifiers::NONE));
        assert!(
            matches!(a.mode, Mode::ReportsReading(_)),
            "the key returns before any figure is read"
        );
        for (w, h) in [(80, 24), (120, 40)] {
            let s = screen(&a, w, h);
            assert!(s.contains(reading), "{s}");
            assert!(s.contains("1/4"), "{s}");
        }
        a.settle();
        assert_eq!(page(&a), Some(Page::Orders));
        let Mode::Reports(v) = &a.mode else {
            panic!("the figures arrived")
        };
        assert_eq!(v.channels.series[0].total_orders(), 7);
    }
    // Esc while reading goes back, and the figures that arrive later are
    // dropped.
    let mut a = open(&d, &d.boss, Lang::En);
    a.on_key(KeyEvent::new(KeyCode::Char('R'), KeyModifiers::NONE));
    a.on_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    assert!(matches!(a.mode, Mode::Normal));
    a.settle();
    assert!(matches!(a.mode, Mode::Normal));
}

/// A supervisor's change reaches an open workstation at the next tick:
/// reference data is read again when the file's data_version moves.
#[test]
fn reference_data_reloads_when_another_connection_changes_it() {
    let (d, _) = team();
    let mut a = open(&d, &d.agent, Lang::En);
    let before = a.campaign.clone();
    d.store
        .set_setting(&d.boss, "campaign", "双十二团购", at(NOW))
        .unwrap();
    assert_eq!(a.campaign, before);
    a.tick();
    assert_eq!(a.campaign, "双十二团购");
}

fn page(app: &App) -> Option<Page> {
    match &app.mode {
        Mode::Reports(v) => Some(v.page),
        _ => None,
    }
}

#[test]
fn every_page_in_both_languages_and_sizes() {
    let (d, _) = team();
    // Each page reached by its own keys: R opens, Tab and → move on, a
    // number jumps, ↓ picks a channel or scrolls.
    let pages: &[(&str, &[KeyCode])] = &[
        ("orders", &[]),
        ("orders_autohome", &[KeyCode::Down]),
        ("funnel", &[KeyCode::Tab]),
        (
            "funnel_yiche",
            &[KeyCode::Right, KeyCode::Down, KeyCode::Down],
        ),
        ("calls", &[KeyCode::Char('3')]),
        ("defeats", &[KeyCode::Tab, KeyCode::Tab, KeyCode::Tab]),
        (
            "defeats_moved",
            &[
                KeyCode::Char('4'),
                KeyCode::PageDown,
                KeyCode::Char('>'),
                KeyCode::Char('>'),
            ],
        ),
        ("grades", &[KeyCode::Char('5')]),
        ("agents", &[KeyCode::Char('6')]),
    ];
    for lang in [Lang::Zh, Lang::En] {
        for (name, keys) in pages {
            let mut a = open(&d, &d.boss, lang);
            typed(&mut a, "R");
            for k in *keys {
                key(&mut a, *k);
            }
            for (w, h) in [(80, 24), (120, 40)] {
                insta::assert_snapshot!(
                    format!("reports_{name}_{}_{w}x{h}", lang.code()),
                    screen(&a, w, h)
                );
            }
        }
    }
}

#[test]
fn only_a_supervisor_opens_the_reports_and_the_figures_match_the_team() {
    let (d, _) = team();
    for (lang, refusal) in [(Lang::En, "only a supervisor"), (Lang::Zh, "只有主管")] {
        let mut a = open(&d, &d.agent, lang);
        typed(&mut a, "R");
        assert!(
            matches!(a.mode, Mode::Normal),
            "the agent stays on the queue"
        );
        let m = a.message.as_ref().expect("a refusal");
        assert!(m.text.contains(refusal), "{}", m.text);
        assert!(screen(&a, 80, 24).contains(refusal));
    }

    let mut a = open(&d, &d.boss, Lang::En);
    typed(&mut a, "R");
    assert_eq!(page(&a), Some(Page::Orders));
    let Mode::Reports(v) = &a.mode else {
        panic!("the reports screen")
    };
    let all = &v.channels.series[0];
    assert_eq!(all.total_orders(), 7);
    assert_eq!(
        v.channels
            .series
            .iter()
            .skip(1)
            .map(|s| (s.channel.as_ref().unwrap().1.as_str(), s.total_orders()))
            .collect::<Vec<_>>(),
        vec![("Autohome", 4), ("Yiche", 2), ("400 hotline", 1)]
    );
    let s = screen(&a, 120, 40);
    assert!(
        s.contains("total 7 · per month 0.58 · best 2026-11 2"),
        "{s}"
    );
    // The November bar carries its figure; June to November are on the axis.
    assert!(s.contains("26-06"), "{s}");

    // The funnel of autohome: 8 leads, 5 of them invited and visited, 4 ordered.
    typed(&mut a, "2");
    key(&mut a, KeyCode::Down);
    let Mode::Reports(v) = &a.mode else {
        panic!("the reports screen")
    };
    let f = v.series().unwrap().funnel();
    assert_eq!((f.leads, f.appointments, f.visits, f.orders), (8, 5, 5, 4));
    assert_eq!(f.close_rate, Some(80.0));
    assert_eq!(f.cost_per_order, Some(100_000), "4000 yuan over 4 orders");
    let s = screen(&a, 80, 24);
    assert!(s.contains("Funnel · Autohome"), "{s}");
    assert!(s.contains("close rate 80.00%"), "{s}");
    assert!(s.contains("per order 1,000.00 yuan"), "{s}");

    // Calls per day: today's calls so far, and the busiest day.
    typed(&mut a, "3");
    let Mode::Reports(v) = &a.mode else {
        panic!("the reports screen")
    };
    assert_eq!(v.calls.days.len(), 30);
    assert_eq!(v.calls.today(), Some((common::day("2026-11-23"), 1)));
    let s = screen(&a, 80, 24);
    assert!(s.contains("today 1 (until 11:00)"), "{s}");

    // Pages wrap around both ways, and Esc goes back to the queue.
    key(&mut a, KeyCode::Left);
    assert_eq!(page(&a), Some(Page::Funnel));
    typed(&mut a, "5");
    assert_eq!(page(&a), Some(Page::Grades));
    typed(&mut a, "7");
    key(&mut a, KeyCode::Tab);
    assert_eq!(page(&a), Some(Page::Orders));
    key(&mut a, KeyCode::BackTab);
    assert_eq!(page(&a), Some(Page::Showroom));
    key(&mut a, KeyCode::Esc);
    assert!(matches!(a.mode, Mode::Normal));
}

#[test]
fn refresh_reads_new_figures_and_keeps_the_page_and_channel() {
    let (d, _) = team();
    let mut a = open(&d, &d.boss, Lang::En);
    typed(&mut a, "R2");
    key(&mut a, KeyCode::Down);
    // Another order comes in while the screen is open: nothing moves until `r`.
    sale(&d, 90, "autohome", "2026-11-20", true);
    let orders = |a: &App| match &a.mode {
        Mode::Reports(v) => v.series().map(|s| s.total_orders()),
        _ => None,
    };
    assert_eq!(orders(&a), Some(4));
    a.tick();
    assert_eq!(orders(&a), Some(4), "computed on open, not on every change");
    typed(&mut a, "r");
    assert_eq!(page(&a), Some(Page::Funnel));
    assert_eq!(orders(&a), Some(5), "still autohome, with the new order");
}

fn reveals(d: &Desk) -> Vec<(String, String, i64)> {
    let c = rusqlite::Connection::open(d.dir.path().join("dcc.sqlite")).unwrap();
    let mut st = c
        .prepare(
            "SELECT a.login, r.what, r.numbers FROM reveals r JOIN agents a ON a.id = r.actor_id ORDER BY r.id",
        )
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_supervisor_reveals_one_number_in_the_requests_and_it_is_recorded() {
    let (d, waiting) = team();
    for lang in [Lang::Zh, Lang::En] {
        let mut a = open(&d, &d.boss, lang);
        typed(&mut a, "A");
        for (w, h) in [(80, 24), (120, 40)] {
            let s = screen(&a, w, h);
            assert!(s.contains("137****5678"), "masked in the list: {s}");
            assert!(!s.contains("137 1234 5678"), "and in the card: {s}");
        }
    }
    assert!(reveals(&d).is_empty());

    let mut a = open(&d, &d.boss, Lang::Zh);
    typed(&mut a, "A");
    typed(&mut a, "p");
    let Mode::Requests(v) = &a.mode else {
        panic!("still the requests view")
    };
    assert_eq!(v.revealed_phone(waiting), Some("13712345678"));
    for (w, h) in [(80, 24), (120, 40)] {
        let s = screen(&a, w, h);
        assert!(s.contains("137 1234 5678"), "{s}");
        assert!(!s.contains("137****5678"), "{s}");
        insta::assert_snapshot!(format!("requests_revealed_zh-CN_{w}x{h}"), s);
    }
    assert_eq!(
        reveals(&d),
        vec![("boss".to_string(), format!("lead {waiting}"), 1)]
    );
    // Leaving the view hides it again.
    key(&mut a, KeyCode::Esc);
    typed(&mut a, "A");
    assert!(screen(&a, 80, 24).contains("137****5678"));
}

#[test]
fn an_outbound_agent_cannot_reveal_a_number() {
    let (d, waiting) = team();
    let now: NaiveDateTime = at(NOW);
    let err = d.store.reveal_phone(&d.agent, waiting, now).unwrap_err();
    assert!(
        dcc_desk::i18n::store_error(&err, Lang::En).contains("only a supervisor"),
        "{err}"
    );
    // Nor reach the requests view where the key is.
    let mut a = open(&d, &d.agent, Lang::En);
    typed(&mut a, "A");
    assert!(matches!(a.mode, Mode::Normal));
    typed(&mut a, "p");
    assert!(reveals(&d).is_empty());
    // A supervisor acting for the agent is still the supervisor at the keyboard.
    let acting = Actor {
        agent: d.agent.agent.clone(),
        real: d.boss.real.clone(),
    };
    assert_eq!(
        d.store.reveal_phone(&acting, waiting, now).unwrap(),
        "13712345678"
    );
    assert_eq!(reveals(&d).len(), 1);
}

#[test]
fn calls_per_day_counts_every_day_and_reads_the_index() {
    let (d, _) = team();
    let days = d
        .store
        .calls_per_day(
            &d.boss,
            common::day("2026-11-15"),
            common::day("2026-11-19"),
        )
        .unwrap();
    assert_eq!(
        days.iter().map(|(_, n)| *n).collect::<Vec<_>>(),
        vec![0, 2, 0, 3, 2],
        "{days:?}"
    );
    assert!(d
        .store
        .calls_per_day(
            &d.agent,
            common::day("2026-11-15"),
            common::day("2026-11-19")
        )
        .is_err());
    assert!(d
        .store
        .calls_per_day(
            &d.boss,
            common::day("2024-01-01"),
            common::day("2026-11-19")
        )
        .is_err());
    let c = rusqlite::Connection::open(d.dir.path().join("dcc.sqlite")).unwrap();
    let plan: String = c
        .query_row(
            "EXPLAIN QUERY PLAN SELECT count(*) FROM calls WHERE started_at >= ?1 AND started_at < ?2",
            ["2026-11-15 00:00:00", "2026-11-16 00:00:00"],
            |r| r.get(3),
        )
        .unwrap();
    assert!(plan.contains("COVERING INDEX calls_time"), "{plan}");
}

/// The showroom page (7): each stage's own figure on one line, then the
/// stage tables, tomorrow's visits by consultant and this month's
/// handovers, numbers masked; the showroom manager opens it too.
#[test]
fn the_showroom_page_in_both_languages_and_sizes() {
    use dcc_desk::domain::showroom::{Handover, HandoverKind};
    use dcc_desk::store::ShowroomStore;
    let (d, _) = team();
    let t0 = at("2026-01-01 09:00");
    let wang = Actor::myself(
        d.store
            .add_agent(Some(&d.boss), "wang", "王顾问", Role::Showroom, t0)
            .unwrap(),
    );
    let manager = Actor::myself(
        d.store
            .add_agent(Some(&d.boss), "mgr", "陈经理", Role::ShowroomManager, t0)
            .unwrap(),
    );
    let invite = |lead: i64, visit: &str, t: &str| {
        let report = CallReport {
            visit: Some(at(visit)),
            ..Default::default()
        };
        call(&d, &d.agent, lead, Outcome::Appointment, report, t);
    };
    let record = |lead: i64, kind: HandoverKind, t: &str| {
        d.store
            .handover(&wang, &Handover::new(lead, kind), at(t))
            .unwrap();
    };
    // Received and ordered; received, then invited again for tomorrow;
    // invited for tomorrow, not yet received.
    let a = add(&d, "孙一", "13655500001", "autohome", "2026-11-19 09:00");
    invite(a, "2026-11-22 10:00", "2026-11-20 10:00");
    record(a, HandoverKind::Arrived, "2026-11-22 10:00");
    record(a, HandoverKind::Ordered, "2026-11-22 11:00");
    let b = add(&d, "孙二", "13655500002", "yiche", "2026-11-19 09:00");
    invite(b, "2026-11-21 10:00", "2026-11-20 10:10");
    record(b, HandoverKind::Arrived, "2026-11-21 10:00");
    invite(b, "2026-11-24 10:00", "2026-11-22 10:00");
    let c = add(&d, "孙三", "13655500003", "autohome", "2026-11-19 09:00");
    invite(c, "2026-11-24 15:00", "2026-11-21 10:00");

    for lang in [Lang::Zh, Lang::En] {
        for (who, reader) in [("boss", &d.boss), ("manager", &manager)] {
            let mut app = open(&d, reader, lang);
            typed(&mut app, "R7");
            assert_eq!(page(&app), Some(Page::Showroom), "{who}");
            let s = screen(&app, 120, 40);
            for p in ["13655500001", "13655500002", "13655500003"] {
                assert!(!s.contains(p), "{who} sees {p}:\n{s}");
            }
            if who == "manager" {
                continue;
            }
            for (w, h) in [(80, 24), (120, 40)] {
                insta::assert_snapshot!(
                    format!("reports_showroom_{}_{w}x{h}", lang.code()),
                    screen(&app, w, h)
                );
            }
            // Further down: tomorrow's visits by consultant, the handovers.
            key(&mut app, KeyCode::PageDown);
            key(&mut app, KeyCode::PageDown);
            insta::assert_snapshot!(
                format!("reports_showroom_moved_{}_80x24", lang.code()),
                screen(&app, 80, 24)
            );
        }
    }
}
