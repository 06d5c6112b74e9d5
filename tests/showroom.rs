//! The handover to the showroom: a named sales consultant receives the
//! visit the DCC set, and every step after it is recorded under their name.

mod common;

use common::{at, desk, Desk};
use dcc_desk::domain::access::{Restricted, Why};
use dcc_desk::domain::outcome::{CallReport, Outcome};
use dcc_desk::domain::showroom::{Handover, HandoverKind};
use dcc_desk::domain::{DueReason, Status};
use dcc_desk::store::{
    Actor, HistoryEntry, LeadStore, OpenMode, Role, ShowroomStore, SqliteStore, StoreError,
    SCHEMA_VERSION,
};

struct Showroom {
    d: Desk,
    wang: Actor,
    li: Actor,
    lead: i64,
}

/// amy (outbound) sets a visit for 2026-11-25 10:00 and confirms it the day
/// before; wang and li are sales consultants.
fn showroom() -> Showroom {
    let d = desk();
    let add = |login: &str, name: &str, role: Role| d.agent(login, name, role);
    let wang = add("wang", "王顾问", Role::Showroom);
    let li = add("li", "李顾问", Role::Showroom);
    let lead = d.lead("张三", "13812345678", "A", at("2026-11-20 10:00"));
    let visit = CallReport {
        visit: Some(at("2026-11-25 10:00")),
        ..Default::default()
    };
    d.log(lead, Outcome::Appointment, visit, at("2026-11-21 10:00"))
        .unwrap();
    Showroom { d, wang, li, lead }
}

fn record(
    s: &Showroom,
    who: &Actor,
    kind: HandoverKind,
    now: &str,
) -> Result<dcc_desk::domain::showroom::HandedOver, StoreError> {
    s.d.store
        .handover(who, &Handover::new(s.lead, kind), at(now))
}

fn handovers(card: &dcc_desk::store::LeadCard) -> Vec<(HandoverKind, String, Option<String>)> {
    card.history
        .iter()
        .filter_map(|h| match h {
            HistoryEntry::Handover {
                kind,
                agent,
                consultant,
                ..
            } => Some((*kind, agent.clone(), consultant.clone())),
            _ => None,
        })
        .collect()
}

fn denied(e: StoreError) -> (Restricted, Why) {
    match e {
        StoreError::NotPermitted(d) => (d.what, d.why),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn the_handover_from_appointment_to_arrival_to_order_names_the_consultant_at_each_step() {
    let s = showroom();
    let (store, amy) = (&s.d.store, &s.d.agent);
    // The day before, amy confirms the visit.
    s.d.log(
        s.lead,
        Outcome::Reached,
        CallReport::default(),
        at("2026-11-24 10:00"),
    )
    .unwrap();

    // The visit list of the day: the DCC agent who set it, confirmed, and
    // the number masked for a consultant who has not received it.
    let visits = store
        .showroom_visits(
            &s.wang,
            at("2026-11-25 08:00").date(),
            at("2026-11-25 08:00"),
        )
        .unwrap();
    assert_eq!(visits.len(), 1);
    let v = &visits[0];
    assert_eq!(
        (v.lead_id, v.set_by.as_str(), v.set_by_name.as_str()),
        (s.lead, "amy", "王芳")
    );
    assert!(v.confirmed);
    assert_eq!(v.phone.to_string(), "138****5678");
    assert_eq!((v.model.as_str(), v.grade.as_str()), ("凯美瑞", "A"));
    assert_eq!(v.consultant, None);
    // Nor may a consultant open a lead not handed to them.
    let (what, _) = denied(
        store
            .lead(&s.wang, s.lead, at("2026-11-25 08:00"))
            .unwrap_err(),
    );
    assert_eq!(what, Restricted::SeeLead(s.lead));
    // Nor order it before receiving it.
    let (what, why) =
        denied(record(&s, &s.wang, HandoverKind::Ordered, "2026-11-25 09:00").unwrap_err());
    assert_eq!(
        (what, why),
        (Restricted::RecordHandover(s.lead), Why::NotHandedToThem)
    );
    // The DCC agent does not receive visits.
    let (_, why) = denied(record(&s, amy, HandoverKind::Arrived, "2026-11-25 10:00").unwrap_err());
    assert_eq!(why, Why::ShowroomOnly);
    // Nor does a supervisor in their own name: they act for a consultant.
    let (_, why) =
        denied(record(&s, &s.d.boss, HandoverKind::Arrived, "2026-11-25 10:00").unwrap_err());
    assert_eq!(why, Why::ShowroomOnly);

    // wang receives the customer: the lead is handed to wang.
    let arrived = record(&s, &s.wang, HandoverKind::Arrived, "2026-11-25 10:05").unwrap();
    assert_eq!(arrived.status, Status::Visited);
    assert_eq!(arrived.consultant.as_deref(), Some("wang"));
    let visits = store
        .showroom_visits(
            &s.wang,
            at("2026-11-25 08:00").date(),
            at("2026-11-25 10:06"),
        )
        .unwrap();
    assert_eq!(visits[0].phone.to_string(), "13812345678");
    assert_eq!(visits[0].state, "visited");
    assert_eq!(visits[0].consultant_name.as_deref(), Some("王顾问"));
    // The other consultant still sees it masked and may not record on it.
    let visits = store
        .showroom_visits(&s.li, at("2026-11-25 08:00").date(), at("2026-11-25 10:06"))
        .unwrap();
    assert_eq!(visits[0].phone.to_string(), "138****5678");
    let (_, why) =
        denied(record(&s, &s.li, HandoverKind::Ordered, "2026-11-25 11:00").unwrap_err());
    assert_eq!(why, Why::NotHandedToThem);

    // wang records the order, then the delivery.
    let ordered = record(&s, &s.wang, HandoverKind::Ordered, "2026-11-25 11:00").unwrap();
    assert_eq!(ordered.status, Status::Ordered);
    let delivered = record(&s, &s.wang, HandoverKind::Delivered, "2026-12-05 15:00").unwrap();
    assert_eq!(delivered.status, Status::Delivered);

    // The DCC agent's card shows it all under the consultant's name.
    let card = store.lead(amy, s.lead, at("2026-12-05 16:00")).unwrap();
    assert_eq!(card.consultant.as_deref(), Some("wang"));
    assert_eq!(card.consultant_name.as_deref(), Some("王顾问"));
    let wang = Some("wang".to_string());
    assert_eq!(
        handovers(&card),
        vec![
            (HandoverKind::Arrived, "wang".into(), wang.clone()),
            (HandoverKind::Ordered, "wang".into(), wang.clone()),
            (HandoverKind::Delivered, "wang".into(), wang.clone()),
        ]
    );
    // The status changes are wang's too.
    let by_wang: Vec<_> = card
        .history
        .iter()
        .filter_map(|h| match h {
            HistoryEntry::Change {
                kind, agent, new, ..
            } if *kind == dcc_desk::domain::EventKind::Status && agent == "wang" => {
                new.as_ref().map(|v| v.to_string())
            }
            _ => None,
        })
        .collect();
    assert_eq!(by_wang, ["visited", "ordered", "delivered"]);
    // And wang now sees the lead, with its full number.
    let card = store.lead(&s.wang, s.lead, at("2026-12-05 16:00")).unwrap();
    assert_eq!(card.phone.to_string(), "13812345678");
}

#[test]
fn a_showroom_defeat_returns_to_the_dcc_for_verification_and_a_new_invitation() {
    let s = showroom();
    let (store, amy) = (&s.d.store, &s.d.agent);
    record(&s, &s.wang, HandoverKind::Arrived, "2026-11-25 10:05").unwrap();
    let mut defeat = Handover::new(s.lead, HandoverKind::Defeat);
    // A reason from the dealer's list is needed.
    assert!(matches!(
        store.handover(&s.wang, &defeat, at("2026-11-25 11:00")),
        Err(StoreError::Refused(_))
    ));
    defeat.reason = Some("price_high".into());
    let done = store
        .handover(&s.wang, &defeat, at("2026-11-25 11:00"))
        .unwrap();
    assert_eq!(done.status, Status::Defeated);

    // Back in amy's queue as a verification call, the same day.
    let queue = store
        .queue(
            amy,
            Some(amy.agent.id),
            at("2026-11-25 11:00").date(),
            at("2026-11-25 11:30"),
        )
        .unwrap();
    let item = queue
        .iter()
        .find(|q| q.lead_id == s.lead)
        .expect("in amy's queue");
    assert_eq!(item.reason, DueReason::Verification);
    // From the source "showroom defeat".
    let conn = rusqlite::Connection::open(s.d.dir.path().join("dcc.sqlite")).unwrap();
    let source: String = conn
        .query_row(
            "SELECT c.code FROM lead_sources s JOIN channels c ON c.id = s.channel_id
             WHERE s.lead_id = ?1 ORDER BY s.id DESC LIMIT 1",
            [s.lead],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(source, "showroom_defeat");
    let card = store.lead(amy, s.lead, at("2026-11-25 11:30")).unwrap();
    assert!(card.history.iter().any(|h| matches!(h,
        HistoryEntry::Handover { kind: HandoverKind::Defeat, agent, reason: Some(r), .. }
            if agent == "wang" && r == "price_high")));

    // amy verifies: the customer is back, and is invited again.
    s.d.log(
        s.lead,
        Outcome::Back,
        CallReport::default(),
        at("2026-11-26 10:00"),
    )
    .unwrap();
    let visit = CallReport {
        visit: Some(at("2026-11-29 15:00")),
        ..Default::default()
    };
    let logged =
        s.d.log(s.lead, Outcome::Appointment, visit, at("2026-11-26 10:05"))
            .unwrap();
    assert_eq!(logged.status, Status::Appointed);
    let visits = store
        .showroom_visits(&s.li, at("2026-11-29 08:00").date(), at("2026-11-29 08:00"))
        .unwrap();
    assert_eq!(
        visits.iter().map(|v| v.lead_id).collect::<Vec<_>>(),
        vec![s.lead]
    );
}

#[test]
fn a_no_show_goes_back_to_the_dcc_and_a_follow_up_is_the_consultants() {
    let s = showroom();
    let (store, amy) = (&s.d.store, &s.d.agent);
    let done = record(&s, &s.li, HandoverKind::NoShow, "2026-11-25 11:30").unwrap();
    assert_eq!(done.status, Status::Tracking);
    let card = store.lead(amy, s.lead, at("2026-11-25 11:30")).unwrap();
    assert_eq!(card.due_reason, Some(DueReason::NoShow));
    assert_eq!(card.consultant, None);
    // The visit list says so.
    let visits = store
        .showroom_visits(
            &s.wang,
            at("2026-11-25 08:00").date(),
            at("2026-11-25 11:31"),
        )
        .unwrap();
    assert_eq!(visits[0].state, "no_show");

    // A later visit received by wang; wang's next follow-up.
    record(&s, &s.wang, HandoverKind::Arrived, "2026-11-27 14:00").unwrap();
    let mut next = Handover::new(s.lead, HandoverKind::FollowUp);
    next.follow_up = Some(at("2026-12-01 00:00").date());
    next.note = Some("等贷款审批".into());
    let done = store
        .handover(&s.wang, &next, at("2026-11-27 15:00"))
        .unwrap();
    assert_eq!(done.status, Status::Visited);
    let card = store.lead(amy, s.lead, at("2026-11-27 15:00")).unwrap();
    assert!(card.history.iter().any(|h| matches!(h,
        HistoryEntry::Handover { kind: HandoverKind::FollowUp, follow_up: Some(d), note: Some(n), consultant: Some(k), .. }
            if d.to_string() == "2026-12-01" && n == "等贷款审批" && k == "wang")));
}

#[test]
fn a_supervisor_acting_for_a_consultant_is_recorded_under_both_names_and_a_manager_reads_reports() {
    let s = showroom();
    let store = &s.d.store;
    let as_wang = store.identify("boss", Some("wang")).unwrap();
    record(&s, &as_wang, HandoverKind::Arrived, "2026-11-25 10:05").unwrap();
    let card = store
        .lead(&s.d.agent, s.lead, at("2026-11-25 11:00"))
        .unwrap();
    assert!(card.history.iter().any(|h| matches!(h,
        HistoryEntry::Handover { kind: HandoverKind::Arrived, agent, actor, consultant: Some(k), .. }
            if agent == "wang" && actor == "boss" && k == "wang")));

    let t = at("2026-11-01 09:00");
    let zhao = Actor::myself(
        store
            .add_agent(Some(&s.d.boss), "zhao", "赵经理", Role::ShowroomManager, t)
            .unwrap(),
    );
    use dcc_desk::domain::access::{check, Op};
    assert!(check(&zhao, Op::ReadReports).is_ok());
    assert!(check(&s.wang, Op::ReadReports).is_err());
    assert!(check(&zhao, Op::RevealInReport).is_err());
    // The manager answers for every lead handed to the showroom.
    record(&s, &zhao, HandoverKind::Ordered, "2026-11-25 12:00").unwrap();
    // Consultants work no DCC queue: no calls, no outcomes.
    assert!(store
        .claim(&s.wang, s.lead, at("2026-11-25 12:30"))
        .is_err());
}

#[test]
fn an_older_file_takes_the_showroom_roles_and_keeps_its_agents_and_their_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite");
    let before = 15;
    common::file_at_version(
        &path,
        before,
        "INSERT INTO agents (login, name, role, created_at, daily_target) VALUES ('amy', '王芳', 'outbound', '2026-01-01 09:00:00', 80);
         INSERT INTO channels (code, name_zh, name_en, kind) VALUES ('autohome', '汽车之家', 'Autohome', 'web');
         INSERT INTO leads (name, phone, channel_id, model, grade, status, owner_id, created_at, updated_at)
         VALUES ('韩梅梅', '13812345678', 1, '凯美瑞', 'H', 'tracking', 1, '2026-11-20 10:00:00', '2026-11-20 10:00:00');
         INSERT INTO calls (lead_id, agent_id, actor_id, started_at, ended_at, outcome, grade_before, grade_after)
         VALUES (1, 1, 1, '2026-11-21 10:00:00', '2026-11-21 10:01:00', 'reached', 'H', 'H');",
    );
    let store = SqliteStore::open(&path, OpenMode::Existing).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let amy = store.agent("amy").unwrap().unwrap();
    assert_eq!((amy.id, amy.role), (1, Role::Outbound));
    let target: i64 = conn
        .query_row("SELECT daily_target FROM agents WHERE id = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(target, 80);
    let amy = Actor::myself(amy);
    let card = store.lead(&amy, 1, at("2026-11-23 10:00")).unwrap();
    assert_eq!(card.owner.as_deref(), Some("amy"));
    assert_eq!(card.history.len(), 1);
    // The rebuilt table is still referred to: a call of nobody is refused.
    conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    assert!(conn
        .execute(
            "INSERT INTO calls (lead_id, agent_id, actor_id, started_at, ended_at, outcome, grade_before, grade_after)
             VALUES (1, 99, 99, '2026-11-21 10:00:00', '2026-11-21 10:01:00', 'reached', 'H', 'H')",
            [],
        )
        .is_err());
    // And a consultant can be added.
    conn.execute(
        "INSERT INTO agents (login, name, role, created_at) VALUES ('wang', '王顾问', 'showroom', '2026-11-23 10:00:00')",
        [],
    )
    .unwrap();
}

#[test]
fn the_command_line_records_the_handover_and_lists_the_visits_in_both_languages() {
    let s = showroom();
    let db = s.d.dir.path().join("dcc.sqlite");
    let run = |user: &str, now: &str, lang: &str, args: &[&str]| {
        let r = common::run(
            common::dcc_as(&db, user, now)
                .args(["--lang", lang])
                .args(args),
        );
        assert!(r.ok, "dcc {args:?}: {}", r.stderr);
        r.stdout
    };
    let lead = s.lead.to_string();
    let zh = run("li", "2026-11-25T08:00", "zh-CN", &["showroom", "visits"]);
    assert!(zh.contains("预约到店 2026-11-25"), "{zh}");
    assert!(
        zh.contains("邀约坐席") && zh.contains("王芳") && zh.contains("138****5678"),
        "{zh}"
    );
    let tomorrow = run(
        "li",
        "2026-11-24T08:00",
        "en",
        &["showroom", "visits", "--day", "tomorrow"],
    );
    assert!(
        tomorrow.contains("Set by") && tomorrow.contains("张三"),
        "{tomorrow}"
    );
    let none = run("li", "2026-11-24T08:00", "en", &["showroom", "visits"]);
    assert!(none.contains("No visits expected that day"), "{none}");

    let said = run(
        "wang",
        "2026-11-25T10:05",
        "zh-CN",
        &["showroom", "arrived", &lead],
    );
    assert!(said.contains("展厅到店：销售顾问 王顾问 接待"), "{said}");
    let said = run(
        "wang",
        "2026-11-25T11:00",
        "en",
        &[
            "showroom",
            "defeat",
            &lead,
            "--reason",
            "price_high",
            "--note",
            "too dear",
        ],
    );
    assert!(
        said.contains("defeated in the showroom") && said.contains("back to the DCC"),
        "{said}"
    );
    // The DCC agent reads it in the lead's history under the consultant's name.
    let shown = run("amy", "2026-11-25T12:00", "zh-CN", &["lead", "show", &lead]);
    assert!(shown.contains("接待顾问：王顾问 (wang)"), "{shown}");
    assert!(
        shown.contains("展厅战败 [price_high]，回流DCC核实（销售顾问 王顾问）")
            && !shown.contains("展厅 "),
        "{shown}"
    );
    let csv = run(
        "wang",
        "2026-11-25T12:00",
        "en",
        &["showroom", "visits", "--format", "csv"],
    );
    assert!(csv.starts_with("Time,Lead,Customer,Phone"), "{csv}");
    assert!(
        csv.contains("13812345678,凯美瑞,A,amy,true,wang,defeated"),
        "{csv}"
    );
    // A colleague's refusal is said in their language.
    let r = common::run(
        common::dcc_as(&db, "amy", "2026-11-25T12:00")
            .args(["--lang", "zh-CN", "showroom", "ordered", &lead]),
    );
    assert!(!r.ok);
    assert!(r.stderr.contains("只有展厅"), "{}", r.stderr);
}

#[test]
fn a_lead_is_never_moved_to_a_sales_consultant() {
    let s = showroom();
    let d = &s.d;
    let before = d
        .store
        .lead(&d.boss, s.lead, at("2026-11-22 10:00"))
        .unwrap();
    let moved = d.store.reassign(
        &d.boss,
        &[s.lead],
        "wang",
        "the customer asked for him",
        at("2026-11-22 10:00"),
    );
    assert!(
        matches!(moved, Err(StoreError::NoSuchAgent(ref login)) if login == "wang"),
        "{moved:?}"
    );
    let after = d
        .store
        .lead(&d.boss, s.lead, at("2026-11-22 10:00"))
        .unwrap();
    assert_eq!(after.owner, before.owner);
}

/// A supervisor acting for a consultant records a showroom event only where
/// that consultant may: on a lead handed to them. Before the mend the
/// supervisor's own role let any event through under any consultant's name.
#[test]
fn a_supervisor_acting_for_a_consultant_records_only_on_that_consultants_leads() {
    let s = showroom();
    let store = &s.d.store;
    record(&s, &s.wang, HandoverKind::Arrived, "2026-11-25 10:05").unwrap();
    let as_li = store.identify("boss", Some("li")).unwrap();
    let as_amy = store.identify("boss", Some("amy")).unwrap();
    let (what, why) =
        denied(record(&s, &as_li, HandoverKind::Ordered, "2026-11-25 11:00").unwrap_err());
    assert_eq!(
        (what, why),
        (Restricted::RecordHandover(s.lead), Why::NotHandedToThem)
    );
    let (_, why) =
        denied(record(&s, &as_amy, HandoverKind::Ordered, "2026-11-25 11:00").unwrap_err());
    assert_eq!(why, Why::ShowroomAndSupervisors);
    let card = store
        .lead(&s.d.boss, s.lead, at("2026-11-25 11:05"))
        .unwrap();
    assert_eq!(card.status, Status::Visited, "nothing was recorded");
    assert_eq!(handovers(&card).len(), 1);
    // Acting for wang, whose lead it is: recorded under both names.
    let as_wang = store.identify("boss", Some("wang")).unwrap();
    let done = record(&s, &as_wang, HandoverKind::Ordered, "2026-11-25 11:10").unwrap();
    assert_eq!(done.status, Status::Ordered);
    let card = store
        .lead(&s.d.boss, s.lead, at("2026-11-25 11:15"))
        .unwrap();
    assert!(card.history.iter().any(|h| matches!(h,
        HistoryEntry::Handover { kind: HandoverKind::Ordered, agent, actor, .. }
            if agent == "wang" && actor == "boss")));
}
