//! Walk-ins registered at reception: a number the DCC knows is that lead's
//! visit, handed to the consultant who received the customer, counted once
//! a day; a new number is a new lead from the showroom channel, owned by
//! the DCC by the dealer's rule. Only the showroom and supervisors register
//! them, and a number is checked as every other number is.

mod common;

use common::{at, desk, Desk};
use dcc_desk::domain::access::{Restricted, Why};
use dcc_desk::domain::outcome::{CallReport, Outcome, Refusal};
use dcc_desk::domain::phone::Phone;
use dcc_desk::domain::showroom::{Handover, HandoverKind};
use dcc_desk::domain::walk_in::{NotCounted, WalkIn};
use dcc_desk::domain::Status;
use dcc_desk::store::{
    Actor, HistoryEntry, LeadCard, LeadStore, Role, ShowroomStore, StoreError, WalkInStore,
};

/// amy (outbound) owns 张三 (13812345678) and set his visit for 2026-11-25
/// 10:00; wang and li are sales consultants, bob a second outbound agent.
struct Reception {
    d: Desk,
    wang: Actor,
    li: Actor,
    lead: i64,
}

fn reception() -> Reception {
    let d = desk();
    let wang = d.agent("wang", "王顾问", Role::Showroom);
    let li = d.agent("li", "李顾问", Role::Showroom);
    d.agent("bob", "刘波", Role::Outbound);
    let lead = d.lead("张三", "13812345678", "A", at("2026-11-20 10:00"));
    let visit = CallReport {
        visit: Some(at("2026-11-25 10:00")),
        ..Default::default()
    };
    d.log(lead, Outcome::Appointment, visit, at("2026-11-21 10:00"))
        .unwrap();
    Reception { d, wang, li, lead }
}

fn walk_in(name: &str, phone: &str, consultant: &str, came_in: &str) -> WalkIn {
    WalkIn::new(name, Phone::parse(phone).unwrap(), at(came_in), consultant)
}

/// The arrivals in a lead's history: (recorded under, at the keyboard,
/// the consultant it is handed to).
fn arrivals(card: &LeadCard) -> Vec<(String, String, Option<String>)> {
    card.history
        .iter()
        .filter_map(|h| match h {
            HistoryEntry::Handover {
                kind: HandoverKind::Arrived,
                agent,
                actor,
                consultant,
                ..
            } => Some((agent.clone(), actor.clone(), consultant.clone())),
            _ => None,
        })
        .collect()
}

fn count(d: &Desk, table: &str) -> i64 {
    let c = rusqlite::Connection::open(d.store.path()).unwrap();
    c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn own(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn a_walk_in_of_a_dcc_lead_is_its_visit_handed_to_the_consultant_and_counts_once() {
    let r = reception();
    let (store, amy) = (&r.d.store, &r.d.agent);
    // li at reception registers 张先生, received by wang, by any spelling
    // of the number.
    let mut w = walk_in("张先生", "+86 138-1234-5678", "wang", "2026-11-25 09:50");
    w.went_out = Some(at("2026-11-25 11:00"));
    let done = store.walk_in(&r.li, &w, at("2026-11-25 11:05")).unwrap();
    assert_eq!((done.lead_id, done.new_lead), (r.lead, false));
    assert_eq!(done.not_counted, None);
    assert_eq!(done.status, Status::Visited);
    assert_eq!(done.consultant, "wang");

    // The DCC agent's card: handed to wang, the arrival under wang's name
    // with li at the keyboard, the status change wang's too.
    let card = store.lead(amy, r.lead, at("2026-11-25 11:10")).unwrap();
    assert_eq!(card.consultant.as_deref(), Some("wang"));
    assert_eq!(card.name, "张三", "the DCC's lead keeps its name");
    assert_eq!(
        arrivals(&card),
        vec![("wang".into(), "li".into(), Some("wang".into()))]
    );
    assert!(
        card.history.iter().any(|h| matches!(h,
        HistoryEntry::Handover { kind: HandoverKind::Arrived, at: t, .. }
            if *t == at("2026-11-25 09:50"))),
        "the arrival is when they came in"
    );
    assert!(card.history.iter().any(|h| matches!(h,
        HistoryEntry::Change { kind: dcc_desk::domain::EventKind::Status, agent, actor, .. }
            if agent == "wang" && actor == "li")));
    // The visit list shows it received; wang sees the full number.
    let visits = store
        .showroom_visits(
            &r.wang,
            at("2026-11-25 08:00").date(),
            at("2026-11-25 11:10"),
        )
        .unwrap();
    assert_eq!(visits[0].state, "visited");
    assert_eq!(visits[0].phone.to_string(), "13812345678");

    // Registered again the same day: in the register, not a second visit.
    let again = store
        .walk_in(
            &r.li,
            &walk_in("张三", "13812345678", "li", "2026-11-25 15:00"),
            at("2026-11-25 15:05"),
        )
        .unwrap();
    assert_eq!(again.not_counted, Some(NotCounted::ArrivedToday));
    // Nor from the visit list.
    let refused = store
        .handover(
            &r.wang,
            &Handover::new(r.lead, HandoverKind::Arrived),
            at("2026-11-25 15:10"),
        )
        .unwrap_err();
    assert!(
        matches!(refused, StoreError::Refused(Refusal::ArrivedToday(id)) if id == r.lead),
        "{refused:?}"
    );
    let card = store.lead(amy, r.lead, at("2026-11-25 15:10")).unwrap();
    assert_eq!(arrivals(&card).len(), 1);
    assert_eq!(card.consultant.as_deref(), Some("wang"), "still wang's");
    let register = store
        .walk_ins(
            &r.wang,
            at("2026-11-25 00:00").date(),
            at("2026-11-25 15:10"),
        )
        .unwrap();
    assert_eq!(
        register
            .iter()
            .map(|w| (w.name.as_str(), w.counted))
            .collect::<Vec<_>>(),
        vec![("张先生", true), ("张三", false)]
    );

    // The next day is another visit.
    let next_day = store
        .walk_in(
            &r.wang,
            &walk_in("张三", "13812345678", "wang", "2026-11-26 10:00"),
            at("2026-11-26 10:05"),
        )
        .unwrap();
    assert_eq!(next_day.not_counted, None);
    let card = store.lead(amy, r.lead, at("2026-11-26 10:10")).unwrap();
    assert_eq!(arrivals(&card).len(), 2);
}

#[test]
fn a_walk_in_of_a_lead_that_ordered_is_registered_but_no_visit() {
    let r = reception();
    let store = &r.d.store;
    store
        .handover(
            &r.wang,
            &Handover::new(r.lead, HandoverKind::Arrived),
            at("2026-11-25 10:05"),
        )
        .unwrap();
    store
        .handover(
            &r.wang,
            &Handover::new(r.lead, HandoverKind::Ordered),
            at("2026-11-25 11:00"),
        )
        .unwrap();
    let done = store
        .walk_in(
            &r.li,
            &walk_in("张三", "13812345678", "li", "2026-11-27 09:30"),
            at("2026-11-27 09:40"),
        )
        .unwrap();
    assert_eq!(
        done.not_counted,
        Some(NotCounted::Refused(Refusal::AlreadyOrdered))
    );
    assert_eq!(done.status, Status::Ordered);
    let card = store
        .lead(&r.d.agent, r.lead, at("2026-11-27 09:45"))
        .unwrap();
    assert_eq!(card.consultant.as_deref(), Some("wang"));
    assert_eq!(count(&r.d, "walk_ins"), 1);
}

#[test]
fn a_new_number_is_a_new_lead_from_the_walk_in_channel_owned_by_the_dcc() {
    let r = reception();
    let store = &r.d.store;
    let mut w = walk_in("赵六", "13900001111", "wang", "2026-11-25 14:00");
    w.returning = true;
    // A new lead needs its model and a grade, as `dcc lead add` does.
    for (model, grade) in [(None, Some("B")), (Some("凯美瑞"), None)] {
        w.model = model.map(Into::into);
        w.grade = grade.map(Into::into);
        let e = store
            .walk_in(&r.wang, &w, at("2026-11-25 14:30"))
            .unwrap_err();
        assert!(matches!(e, StoreError::Invalid(_)), "{e:?}");
    }
    assert_eq!((count(&r.d, "walk_ins"), count(&r.d, "leads")), (0, 1));
    w.model = Some("凯美瑞".into());
    w.grade = Some("B".into());
    let done = store.walk_in(&r.wang, &w, at("2026-11-25 14:30")).unwrap();
    assert!(done.new_lead);
    assert_eq!(done.not_counted, None);
    assert_eq!(done.status, Status::Visited);
    // Owned by an outbound agent by the dealer's rule (round robin: amy,
    // then bob), never by the consultant; received by wang.
    let card = store
        .lead(&r.d.boss, done.lead_id, at("2026-11-25 14:30"))
        .unwrap();
    assert_eq!(card.channel.code, "walkin");
    assert_eq!(
        card.created_at,
        at("2026-11-25 14:00"),
        "the lead came in with the customer: its history starts before the arrival"
    );
    assert_eq!(card.owner, done.owner);
    let owner = card.owner.clone().unwrap();
    assert!(owner == "amy" || owner == "bob", "{owner}");
    assert_eq!(card.consultant.as_deref(), Some("wang"));
    assert_eq!(
        arrivals(&card),
        vec![("wang".into(), "wang".into(), Some("wang".into()))]
    );
    let card = store
        .lead(&r.wang, done.lead_id, at("2026-11-25 14:30"))
        .unwrap();
    assert_eq!(card.phone.to_string(), "13900001111", "wang received it");
    // The DCC follows it up: it is in its agent's queue by the cadence.
    assert!(card.next_due.is_some());
    // A second new number goes to the other agent.
    let mut w2 = walk_in("钱七", "13900002222", "li", "2026-11-25 15:00");
    w2.model = Some("凯美瑞".into());
    w2.purchase_by = Some(at("2026-12-10 00:00").date());
    let second = store.walk_in(&r.li, &w2, at("2026-11-25 15:05")).unwrap();
    assert_ne!(second.owner.as_deref(), Some(owner.as_str()));
    assert_eq!(count(&r.d, "walk_ins"), 2);
}

#[test]
fn only_the_showroom_and_supervisors_register_and_only_a_consultant_receives() {
    let r = reception();
    let store = &r.d.store;
    let w = walk_in("张三", "13812345678", "wang", "2026-11-25 09:50");
    let now = at("2026-11-25 10:00");
    let denied = |e: StoreError| match e {
        StoreError::NotPermitted(d) => (d.what, d.why),
        other => panic!("expected a refusal, got {other:?}"),
    };
    // A DCC agent, and a supervisor acting for one: refused.
    let as_amy = store.identify("boss", Some("amy")).unwrap();
    for who in [&r.d.agent, &as_amy] {
        assert_eq!(
            denied(store.walk_in(who, &w, now).unwrap_err()),
            (Restricted::RegisterWalkIn, Why::ShowroomAndSupervisors)
        );
    }
    // A walk-in is received by a consultant, not a DCC agent.
    let by_amy = walk_in("张三", "13812345678", "amy", "2026-11-25 09:50");
    assert!(matches!(
        store.walk_in(&r.wang, &by_amy, now),
        Err(StoreError::Refused(Refusal::NotAConsultant(l))) if l == "amy"
    ));
    assert!(matches!(
        store.walk_in(&r.wang, &walk_in("张三", "13812345678", "nobody", "2026-11-25 09:50"), now),
        Err(StoreError::NoSuchAgent(l)) if l == "nobody"
    ));
    assert_eq!(count(&r.d, "walk_ins"), 0);
    assert_eq!(count(&r.d, "handovers"), 0);
    // The supervisor in their own name may register, for a consultant.
    let done = store.walk_in(&r.d.boss, &w, now).unwrap();
    let card = store.lead(&r.d.boss, done.lead_id, now).unwrap();
    assert_eq!(
        arrivals(&card),
        vec![("wang".into(), "boss".into(), Some("wang".into()))]
    );
}

#[test]
fn the_command_line_registers_a_walk_in_and_lists_the_register_in_both_languages() {
    let r = reception();
    let db = r.d.dir.path().join("dcc.sqlite");
    let run = |user: &str, now: &str, lang: &str, args: &[&str]| {
        common::run(
            common::dcc_as(&db, user, now)
                .args(["--lang", lang])
                .args(args),
        )
    };
    let ok = |user: &str, now: &str, lang: &str, args: &[&str]| {
        let out = run(user, now, lang, args);
        assert!(out.ok, "dcc {args:?}: {}", out.stderr);
        out.stdout
    };
    let lead = r.lead.to_string();
    let walk_in = |name: &str, phone: &str, more: &[&str]| {
        let mut a = own(&[
            "showroom", "walk-in", "--name", name, "--phone", phone, "--in", "10:05",
        ]);
        a.extend(own(more));
        a
    };
    let args = walk_in(
        "张三",
        "138 1234 5678",
        &["--out", "10:50", "--consultant", "wang"],
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let said = ok("li", "2026-11-25T11:00", "zh-CN", &args);
    assert!(said.contains(&format!("已登记进店 #{lead} 张三")), "{said}");
    assert!(said.contains("计为一次到店，移交销售顾问 王顾问"), "{said}");
    let said = ok("li", "2026-11-25T11:30", "en", &args);
    assert!(said.contains("not counted again"), "{said}");

    // A new number, a returning customer, in English.
    let args = walk_in(
        "孙八",
        "13900003333",
        &[
            "--returning",
            "--consultant",
            "wang",
            "--model",
            "凯美瑞",
            "--grade",
            "A",
        ],
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let said = ok("wang", "2026-11-25T11:00", "en", &args);
    assert!(
        said.contains("a new lead (channel: showroom walk-in), followed up by DCC agent"),
        "{said}"
    );
    assert!(
        said.contains("counted as a visit, handed to consultant 王顾问"),
        "{said}"
    );

    // Times that do not hold are said so, and nothing is saved.
    let args = walk_in(
        "周九",
        "13900004444",
        &["--out", "09:00", "--consultant", "wang"],
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run("wang", "2026-11-25T11:00", "zh-CN", &args);
    assert!(!out.ok);
    assert!(
        out.stderr
            .contains("离店时间 2026-11-25 09:00 早于进店时间"),
        "{}",
        out.stderr
    );

    // The register of the day, masked but for what the reader received.
    let zh = ok("li", "2026-11-25T12:00", "zh-CN", &["showroom", "walk-ins"]);
    assert!(zh.contains("进店登记 2026-11-25"), "{zh}");
    assert!(
        zh.contains("孙八") && zh.contains("139****3333") && zh.contains("再次"),
        "{zh}"
    );
    let csv = ok(
        "wang",
        "2026-11-25T12:00",
        "en",
        &["showroom", "walk-ins", "--format", "csv"],
    );
    assert!(
        csv.starts_with("In,Out,Customer,Phone,Visit,Consultant"),
        "{csv}"
    );
    assert!(
        csv.contains("2026-11-25 10:05,2026-11-25 10:50,张三,13812345678,first,wang"),
        "{csv}"
    );
    let json = ok(
        "li",
        "2026-11-25T12:00",
        "en",
        &["showroom", "walk-ins", "--format", "json"],
    );
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 3, "{json}");
    let none = ok("li", "2026-11-26T12:00", "en", &["showroom", "walk-ins"]);
    assert!(none.contains("No walk-ins registered that day"), "{none}");
}

#[test]
fn a_bad_number_is_refused_with_what_is_wrong_and_nothing_is_saved() {
    let r = reception();
    let db = r.d.dir.path().join("dcc.sqlite");
    let before = (
        count(&r.d, "walk_ins"),
        count(&r.d, "leads"),
        count(&r.d, "handovers"),
    );
    for (lang, phone, says) in [
        ("zh-CN", "12012345678", "“12”不是手机号段"),
        ("en", "12012345678", "'12' is not a mobile prefix"),
        ("en", "1381234567", "the phone number is too short"),
        // A prefix no operator is assigned (the numbering plan's check).
        (
            "en",
            "14012345678",
            "no operator is assigned mobile numbers starting with 140",
        ),
        ("zh-CN", "138-1234-567x", "字母“x”"),
    ] {
        let out = common::run(
            common::dcc_as(&db, "wang", "2026-11-25T11:00")
                .args(["--lang", lang, "showroom", "walk-in", "--name", "王五"])
                .args(["--phone", phone, "--in", "10:05", "--consultant", "wang"])
                .args(["--model", "凯美瑞", "--grade", "A"]),
        );
        assert!(!out.ok, "{phone}: {}", out.stdout);
        assert!(
            out.stderr.contains("--phone") && out.stderr.contains(says),
            "{phone}: {}",
            out.stderr
        );
    }
    assert_eq!(
        (
            count(&r.d, "walk_ins"),
            count(&r.d, "leads"),
            count(&r.d, "handovers"),
        ),
        before
    );
}

/// Migration 17 on a file of version 16: the register gains its note, and
/// it is append-only, its times checked, as the store relies on.
#[test]
fn a_file_of_version_16_takes_the_walk_in_register_as_append_only() {
    use dcc_desk::store::{OpenMode, SqliteStore, SCHEMA_VERSION};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite");
    let before = 16;
    common::file_at_version(
        &path,
        before,
        "INSERT INTO agents (login, name, role, created_at) VALUES ('wang', '王顾问', 'showroom', '2026-01-01 09:00:00');
         INSERT INTO channels (code, name_zh, name_en, kind) VALUES ('walkin', '展厅', 'Showroom walk-in', 'showroom');
         INSERT INTO leads (name, phone, channel_id, model, grade, status, owner_id, created_at, updated_at)
         VALUES ('韩梅梅', '13812345678', 1, '凯美瑞', 'H', 'tracking', NULL, '2026-11-20 10:00:00', '2026-11-20 10:00:00');",
    );
    SqliteStore::open(&path, OpenMode::Existing).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!((version, SCHEMA_VERSION), (17, 17));
    let insert = |went_out: &str| {
        conn.execute(
            "INSERT INTO walk_ins (lead_id, name, phone, came_in, went_out, revisit, consultant_id,
                                   new_lead, at, actor_id, note)
             VALUES (1, '韩梅梅', '13812345678', '2026-11-25 10:00:00', ?1, 0, 1, 0,
                     '2026-11-25 11:00:00', 1, '看车')",
            [went_out],
        )
    };
    insert("2026-11-25 10:40:00").unwrap();
    let e = insert("2026-11-25 09:40:00").unwrap_err();
    assert!(e.to_string().contains("before came_in"), "{e}");
    for sql in ["UPDATE walk_ins SET name = '别人'", "DELETE FROM walk_ins"] {
        let e = conn.execute(sql, []).unwrap_err();
        assert!(e.to_string().contains("append-only"), "{sql}: {e}");
    }
}
