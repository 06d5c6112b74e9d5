//! The sales consultant's workstation: today's and tomorrow's expected
//! visits, the keys that record what became of each (on the right lead,
//! kept across refreshes), and the DCC agent's card showing the result
//! under the consultant's name. Snapshots at 80x24 in both languages.

mod common;

use common::{at, day, screen, Desk};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dcc_desk::app::{App, Mode, Session};
use dcc_desk::domain::outcome::{CallReport, Outcome};
use dcc_desk::domain::showroom::{Handover, HandoverKind};
use dcc_desk::domain::Status;
use dcc_desk::i18n::Lang;
use dcc_desk::store::{Actor, HistoryEntry, LeadStore, Role, ShowroomStore};

const NOW: &str = "2026-11-25 09:30";

struct Floor {
    d: Desk,
    /// 周敏 and 李娜, sales consultants.
    wang: Actor,
    li: Actor,
    /// 张三 today 10:00 (confirmed), 李四 today 14:30, 王五 tomorrow 11:00.
    zhang: i64,
    lisi: i64,
    wangwu: i64,
}

fn visit(d: &Desk, lead: i64, when: &str) {
    let report = CallReport {
        visit: Some(at(when)),
        ..Default::default()
    };
    d.log(lead, Outcome::Appointment, report, at("2026-11-21 10:00"))
        .unwrap();
}

fn floor() -> Floor {
    let d = common::desk();
    let wang = d.agent("wang", "周敏", Role::Showroom);
    let li = d.agent("li", "李娜", Role::Showroom);
    let zhang = d.lead("张三", "13812345678", "A", at("2026-11-20 10:00"));
    let lisi = d.lead("李四", "13900000002", "H", at("2026-11-20 10:00"));
    let wangwu = d.lead("王五", "13900000003", "B", at("2026-11-20 10:00"));
    visit(&d, zhang, "2026-11-25 10:00");
    visit(&d, lisi, "2026-11-25 14:30");
    visit(&d, wangwu, "2026-11-26 11:00");
    // The day before, amy confirms 张三's visit.
    d.log(
        zhang,
        Outcome::Reached,
        CallReport::default(),
        at("2026-11-24 10:00"),
    )
    .unwrap();
    Floor {
        d,
        wang,
        li,
        zhang,
        lisi,
        wangwu,
    }
}

fn open(f: &Floor, who: &Actor, lang: Lang) -> App {
    let session = Session {
        lang: Some(lang),
        ..Default::default()
    };
    common::workstation(&f.d, who, session, at(NOW))
}

fn key(a: &mut App, code: KeyCode) {
    a.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typed(a: &mut App, s: &str) {
    for c in s.chars() {
        key(a, KeyCode::Char(c));
    }
}

/// A showroom event: kind, consultant, reason, follow-up day.
type Event = (HandoverKind, Option<String>, Option<String>, Option<String>);

/// The showroom events on a lead, oldest first.
fn events(f: &Floor, lead: i64) -> Vec<Event> {
    let card = f.d.store.lead(&f.d.boss, lead, at(NOW)).unwrap();
    card.history
        .iter()
        .filter_map(|h| match h {
            HistoryEntry::Handover {
                kind,
                consultant,
                reason,
                follow_up,
                ..
            } => Some((
                *kind,
                consultant.clone(),
                reason.clone(),
                follow_up.map(|d| d.to_string()),
            )),
            _ => None,
        })
        .collect()
}

fn status(f: &Floor, lead: i64) -> Status {
    f.d.store.lead(&f.d.boss, lead, at(NOW)).unwrap().status
}

fn receive(f: &Floor, who: &Actor, lead: i64, now: &str) {
    f.d.store
        .handover(who, &Handover::new(lead, HandoverKind::Arrived), at(now))
        .unwrap();
}

fn prompt_title(a: &App) -> String {
    match &a.mode {
        Mode::Prompt(p) => dcc_desk::app::prompt_title(a, p),
        other => panic!("no prompt open: {other:?}"),
    }
}

#[test]
fn the_home_lists_today_then_tomorrow_with_the_agent_who_set_each_and_masked_numbers() {
    let f = floor();
    let a = open(&f, &f.wang, Lang::En);
    let rows: Vec<(i64, String, bool)> = a
        .showroom
        .visits
        .iter()
        .map(|v| (v.lead_id, v.set_by_name.clone(), v.confirmed))
        .collect();
    assert_eq!(
        rows,
        vec![
            (f.zhang, "王芳".to_string(), true),
            (f.lisi, "王芳".to_string(), false),
            (f.wangwu, "王芳".to_string(), false),
        ]
    );
    let s = screen(&a, 80, 24);
    assert!(s.contains("138****5678"), "{s}");
    assert!(!s.contains("13812345678"), "{s}");
    assert!(s.contains("Tomorrow 11-26"), "{s}");
    // No card for a customer not received: the visit as the list has it.
    assert!(a.card.is_none());
    assert!(s.contains("Receive the customer"), "{s}");
}

#[test]
fn arrived_on_the_selected_visit_hands_that_lead_to_the_consultant() {
    let f = floor();
    let mut a = open(&f, &f.wang, Lang::En);
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Char('a'));
    assert!(
        prompt_title(&a).starts_with("李四 · "),
        "{}",
        prompt_title(&a)
    );
    typed(&mut a, "带家人来");
    key(&mut a, KeyCode::Enter);
    assert!(matches!(a.mode, Mode::Normal), "{:?}", a.mode);
    assert_eq!(
        events(&f, f.lisi),
        vec![(HandoverKind::Arrived, Some("wang".into()), None, None)]
    );
    assert!(events(&f, f.zhang).is_empty());
    assert_eq!(status(&f, f.lisi), Status::Visited);
    // Received: the card and the full number are now the consultant's.
    assert_eq!(a.card.as_ref().map(|c| c.id), Some(f.lisi));
    let s = screen(&a, 80, 24);
    assert!(s.contains("13900000002"), "{s}");
    assert!(s.contains("Recorded #"), "{s}");
}

#[test]
fn no_show_sends_the_visit_back_to_the_dcc() {
    let f = floor();
    let mut a = open(&f, &f.wang, Lang::Zh);
    key(&mut a, KeyCode::Char('n'));
    assert!(
        prompt_title(&a).starts_with("张三 · 未到店"),
        "{}",
        prompt_title(&a)
    );
    key(&mut a, KeyCode::Enter);
    assert_eq!(events(&f, f.zhang)[0].0, HandoverKind::NoShow);
    assert_eq!(status(&f, f.zhang), Status::Tracking);
    assert!(events(&f, f.lisi).is_empty());
}

#[test]
fn ordered_and_delivered_on_a_customer_received() {
    let f = floor();
    receive(&f, &f.wang, f.lisi, "2026-11-25 09:10");
    let mut a = open(&f, &f.wang, Lang::En);
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Char('o'));
    assert!(
        prompt_title(&a).starts_with("李四 · ordered"),
        "{}",
        prompt_title(&a)
    );
    key(&mut a, KeyCode::Enter);
    assert_eq!(status(&f, f.lisi), Status::Ordered);
    key(&mut a, KeyCode::Char('e'));
    key(&mut a, KeyCode::Enter);
    assert_eq!(status(&f, f.lisi), Status::Delivered);
    let kinds: Vec<HandoverKind> = events(&f, f.lisi).into_iter().map(|e| e.0).collect();
    assert_eq!(
        kinds,
        vec![
            HandoverKind::Arrived,
            HandoverKind::Ordered,
            HandoverKind::Delivered
        ]
    );
}

#[test]
fn a_showroom_defeat_takes_a_reason_from_the_list_and_goes_back_to_the_dcc() {
    let f = floor();
    receive(&f, &f.wang, f.zhang, "2026-11-25 09:10");
    let mut a = open(&f, &f.wang, Lang::En);
    key(&mut a, KeyCode::Char('d'));
    assert!(
        prompt_title(&a).starts_with("张三 · "),
        "{}",
        prompt_title(&a)
    );
    typed(&mut a, "price_high");
    key(&mut a, KeyCode::Enter);
    typed(&mut a, "贵两万");
    key(&mut a, KeyCode::Enter);
    assert!(matches!(a.mode, Mode::Normal), "{:?}", a.mode);
    assert_eq!(
        events(&f, f.zhang).last().cloned(),
        Some((
            HandoverKind::Defeat,
            Some("wang".into()),
            Some("price_high".into()),
            None
        ))
    );
    assert_eq!(status(&f, f.zhang), Status::Defeated);
}

#[test]
fn the_follow_up_day_is_read_as_the_dcc_prompts_read_times_and_a_past_day_is_refused_at_the_field()
{
    let f = floor();
    receive(&f, &f.wang, f.zhang, "2026-11-25 09:10");
    let mut a = open(&f, &f.wang, Lang::En);
    key(&mut a, KeyCode::Char('f'));
    typed(&mut a, "2026-11-20");
    key(&mut a, KeyCode::Enter);
    // Still at the day, the refusal under it.
    match &a.mode {
        Mode::Prompt(p) => assert!(matches!(p.preview, Some(Err(_))), "{:?}", p.preview),
        other => panic!("{other:?}"),
    }
    let s = screen(&a, 80, 24);
    assert!(s.contains("2026-11-20"), "{s}");
    key(&mut a, KeyCode::Char('u'));
    for _ in 0.."2026-11-20".len() + 1 {
        key(&mut a, KeyCode::Backspace);
    }
    typed(&mut a, "明天");
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Enter);
    assert_eq!(
        events(&f, f.zhang).last().cloned(),
        Some((
            HandoverKind::FollowUp,
            Some("wang".into()),
            None,
            Some(day("2026-11-26").to_string())
        ))
    );
}

#[test]
fn a_refusal_is_shown_at_the_field_and_nothing_is_saved() {
    let f = floor();
    let mut a = open(&f, &f.wang, Lang::En);
    // An order on a customer nobody received yet: the store refuses.
    key(&mut a, KeyCode::Char('o'));
    key(&mut a, KeyCode::Enter);
    match &a.mode {
        Mode::Prompt(p) => match &p.step {
            dcc_desk::app::Step::Showroom(ask) => assert!(ask.refused.is_some()),
            other => panic!("{other:?}"),
        },
        other => panic!("the prompt stays open: {other:?}"),
    }
    assert!(events(&f, f.zhang).is_empty());
    assert_eq!(status(&f, f.zhang), Status::Appointed);
}

#[test]
fn a_prompt_keeps_its_customer_across_refreshes_and_saves_nothing_once_a_colleague_received_them() {
    let f = floor();
    let mut a = open(&f, &f.wang, Lang::En);
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Char('a'));
    // The DCC sets an earlier visit today: the list moves under the prompt.
    let early = f.d.lead("赵六", "13900000004", "A", at("2026-11-20 10:00"));
    visit(&f.d, early, "2026-11-25 09:45");
    a.reload().unwrap();
    assert!(
        prompt_title(&a).starts_with("李四 · "),
        "{}",
        prompt_title(&a)
    );
    // li receives 李四 meanwhile: wang's prompt says so and saves nothing.
    receive(&f, &f.li, f.lisi, "2026-11-25 09:20");
    a.reload().unwrap();
    match &a.mode {
        Mode::Prompt(p) => assert!(p.gone.as_deref().is_some_and(|g| g.contains("李四"))),
        other => panic!("{other:?}"),
    }
    key(&mut a, KeyCode::Enter);
    assert_eq!(
        events(&f, f.lisi),
        vec![(HandoverKind::Arrived, Some("li".into()), None, None)]
    );
    assert!(events(&f, early).is_empty());
}

#[test]
fn colleagues_changes_show_without_a_key_press() {
    let f = floor();
    let mut a = open(&f, &f.wang, Lang::En);
    assert_eq!(a.showroom.visits.len(), 3);
    let later = f.d.lead("赵六", "13900000004", "A", at("2026-11-20 10:00"));
    visit(&f.d, later, "2026-11-25 16:00");
    a.tick();
    assert_eq!(a.showroom.visits.len(), 4);
    receive(&f, &f.li, f.lisi, "2026-11-25 09:20");
    a.tick();
    let s = screen(&a, 80, 24);
    assert!(s.contains("李娜"), "{s}");
}

#[test]
fn the_dcc_card_shows_the_consultant_and_the_last_showroom_result() {
    let f = floor();
    receive(&f, &f.wang, f.zhang, "2026-11-25 09:10");
    f.d.store
        .handover(
            &f.wang,
            &Handover {
                follow_up: Some(day("2026-11-28")),
                ..Handover::new(f.zhang, HandoverKind::Ordered)
            },
            at("2026-11-25 09:20"),
        )
        .unwrap();
    let mut a = open(&f, &f.d.agent, Lang::En);
    key(&mut a, KeyCode::Char('/'));
    typed(&mut a, "张三");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.card.as_ref().map(|c| c.id), Some(f.zhang));
    let s = screen(&a, 80, 24);
    assert!(s.contains("Consultant 周敏"), "{s}");
    assert!(s.contains("Showroom ordered 11-25 09:20"), "{s}");
    assert!(s.contains("next follow-up 11-28"), "{s}");
    // The history, newest first, each event under the consultant's name.
    let s = screen(&a, 120, 40);
    let ordered = s
        .find("wang showroom ordered, next follow-up 2026-11-28 (consult")
        .expect(&s);
    let arrived = s
        .find("wang showroom arrived: received by consultant 周敏")
        .expect(&s);
    assert!(ordered < arrived, "{s}");
}

/// The consultant's screen, in both languages at 80x24.
fn snap(name: &str, prepare: impl Fn(&Floor), keys: &[&str]) {
    for lang in [Lang::Zh, Lang::En] {
        let f = floor();
        prepare(&f);
        let mut a = open(&f, &f.wang, lang);
        for k in keys {
            match *k {
                "<down>" => key(&mut a, KeyCode::Down),
                "<enter>" => key(&mut a, KeyCode::Enter),
                text => typed(&mut a, text),
            }
        }
        insta::assert_snapshot!(format!("{name}_{}_80x24", lang.code()), screen(&a, 80, 24));
    }
}

#[test]
fn snapshot_a_received_customer_shows_their_card() {
    snap(
        "showroom_home",
        |f| receive(f, &f.wang, f.zhang, "2026-11-25 09:10"),
        &[],
    );
}

#[test]
fn snapshot_a_visit_not_received_shows_what_the_list_says() {
    snap("showroom_visit", |_| {}, &["<down>"]);
}

#[test]
fn snapshot_the_defeat_prompt_lists_the_reasons() {
    snap(
        "showroom_defeat",
        |f| receive(f, &f.wang, f.zhang, "2026-11-25 09:10"),
        &["d"],
    );
}

#[test]
fn the_agent_reading_the_card_keeps_it_when_the_showroom_records_on_it() {
    let f = floor();
    let mut a = open(&f, &f.d.agent, Lang::En);
    // 张三's visit is due today: amy reads the card from her queue.
    let row = a.queue.iter().position(|q| q.lead_id == f.zhang).unwrap();
    for _ in 0..row {
        key(&mut a, KeyCode::Down);
    }
    assert_eq!(a.card.as_ref().map(|c| c.id), Some(f.zhang));
    // 周敏 receives the customer: visited, the lead leaves today's queue.
    receive(&f, &f.wang, f.zhang, "2026-11-25 09:20");
    a.tick();
    assert!(a.queue.iter().all(|q| q.lead_id != f.zhang));
    assert_eq!(a.card.as_ref().map(|c| c.id), Some(f.zhang));
    let said = a
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(
        said.contains("张三 · showroom arrived: received by consultant 周敏"),
        "{said}"
    );
    // Moving on in the queue leaves it.
    key(&mut a, KeyCode::Down);
    assert_ne!(a.card.as_ref().map(|c| c.id), Some(f.zhang));
}

#[test]
fn esc_after_choosing_a_reason_asks_once_more_before_throwing_it_away() {
    let f = floor();
    receive(&f, &f.wang, f.zhang, "2026-11-25 09:10");
    let mut a = open(&f, &f.wang, Lang::En);
    key(&mut a, KeyCode::Char('d'));
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Esc);
    assert!(matches!(a.mode, Mode::Prompt(_)), "{:?}", a.mode);
    key(&mut a, KeyCode::Esc);
    assert!(matches!(a.mode, Mode::Normal), "{:?}", a.mode);
    assert_eq!(events(&f, f.zhang).len(), 1, "only the arrival");
}

#[test]
fn a_supervisor_acting_for_a_consultant_works_their_screen_and_esc_goes_back_to_their_own() {
    let f = floor();
    let boss_for_wang = Actor {
        agent: f.wang.agent.clone(),
        real: f.d.boss.real.clone(),
    };
    let mut a = open(&f, &boss_for_wang, Lang::En);
    assert_eq!(a.key_mode(), dcc_desk::app::KeyMode::Showroom);
    key(&mut a, KeyCode::Char('a'));
    key(&mut a, KeyCode::Enter);
    // Received in the consultant's name, the supervisor recorded as acting.
    assert_eq!(
        events(&f, f.zhang),
        vec![(HandoverKind::Arrived, Some("wang".into()), None, None)]
    );
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.actor.agent.login, "boss");
    assert_eq!(a.key_mode(), dcc_desk::app::KeyMode::Queue);
}
