//! The reports against figures worked out by hand on a small history built
//! through the store's public operations: two years, months with nothing,
//! a lead that comes in again from another channel, leads that change owner,
//! defeats overturned, confirmed and pending; then the outputs (CSV read back
//! with a CSV reader, the workbook with calamine), roles and masking.

mod common;

use chrono::NaiveDateTime;
use common::{at, day, desk, Desk};
use dcc_desk::domain::outcome::{CallReport, Outcome};
use dcc_desk::domain::phone::Phone;
use dcc_desk::i18n::Lang;
use dcc_desk::report::{self, FunnelBy, Metric, Month, Period, ReportKind, ReportQuery};
use dcc_desk::store::{CallLog, LeadStore, NewLead, StoreError};
use serde_json::{json, Value};

/// The moment every report is read.
const NOW: &str = "2026-04-20 12:00";

fn now() -> NaiveDateTime {
    at(NOW)
}

struct Fixture {
    d: Desk,
    l3: i64,
    l9: i64,
    l10: i64,
}

fn lead(
    d: &Desk,
    name: &str,
    phone: &str,
    channel: &str,
    model: &str,
    grade: &str,
    t: &str,
) -> i64 {
    d.store
        .add_lead(
            &d.agent,
            &NewLead {
                name: name.into(),
                phone: Phone::parse(phone).unwrap(),
                channel: channel.into(),
                model: model.into(),
                purchase_by: None,
                visit_by: None,
                grade: Some(grade.into()),
                owner: None,
                note: None,
                details: Default::default(),
            },
            at(t),
        )
        .unwrap()
}

fn plain() -> CallReport {
    CallReport::default()
}

fn visit(t: &str) -> CallReport {
    CallReport {
        visit: Some(at(t)),
        ..Default::default()
    }
}

fn reason(r: &str) -> CallReport {
    CallReport {
        reason: Some(r.into()),
        ..Default::default()
    }
}

fn bob(d: &Desk) -> dcc_desk::store::Actor {
    d.store.identify("bob", None).unwrap()
}

fn log_as(d: &Desk, who: &dcc_desk::store::Actor, lead: i64, o: Outcome, r: CallReport, t: &str) {
    d.store
        .log_call(
            who,
            &CallLog {
                lead_id: lead,
                outcome: o,
                report: r,
                note: None,
                started: None,
                inbound: false,
            },
            at(t),
        )
        .unwrap();
}

/// The history, step by step; `pause` runs a report halfway (to check that
/// folding in two steps gives the same figures as folding once).
fn fixture(pause: bool) -> Fixture {
    let d = desk();
    let boss = d.boss.clone();
    d.store
        .add_agent(
            Some(&boss),
            "bob",
            "李强",
            dcc_desk::store::Role::Outbound,
            at("2025-01-01 09:00"),
        )
        .unwrap();
    let bob = bob(&d);
    let amy = d.agent.clone();
    let s = &d.store;
    for (ch, month, cents) in [
        ("autohome", "2025-03", 200_000),
        ("autohome", "2026-03", 300_000),
        ("autohome", "2026-04", 100_000),
        ("yiche", "2026-03", 50_000),
    ] {
        s.set_spend(&boss, ch, month, cents, at("2026-01-01 09:00"))
            .unwrap();
    }

    // 2025-03: an order, and an invalid lead.
    let l1 = lead(
        &d,
        "陈一",
        "13900000001",
        "autohome",
        "凯美瑞",
        "H",
        "2025-03-03 10:00",
    );
    log_as(
        &d,
        &amy,
        l1,
        Outcome::Appointment,
        visit("2025-03-08 10:00"),
        "2025-03-05 10:00",
    );
    log_as(&d, &amy, l1, Outcome::Ordered, plain(), "2025-03-08 15:00");
    let l2 = lead(
        &d,
        "王二",
        "13900000002",
        "yiche",
        "雷凌",
        "B",
        "2025-03-10 10:00",
    );
    log_as(
        &d,
        &amy,
        l2,
        Outcome::Invalid,
        reason("wrong_number"),
        "2025-03-12 10:00",
    );
    s.decide(&boss, l2, true, None, at("2025-03-13 10:00"))
        .unwrap();

    // 2026-01 and 2026-02: nothing. 2026-03:
    let l3 = lead(
        &d,
        "张三",
        "13900000003",
        "autohome",
        "凯美瑞",
        "A",
        "2026-03-02 10:00",
    );
    log_as(
        &d,
        &amy,
        l3,
        Outcome::Appointment,
        visit("2026-03-06 10:00"),
        "2026-03-03 10:00",
    );
    // The visit moved: a second appointment call, still one appointed lead.
    log_as(
        &d,
        &amy,
        l3,
        Outcome::Appointment,
        visit("2026-03-07 10:00"),
        "2026-03-04 10:00",
    );
    s.regrade(&amy, l3, "C", None, at("2026-03-04 10:30"))
        .unwrap();
    let l4 = lead(
        &d,
        "李四",
        "13900000004",
        "yiche",
        "卡罗拉",
        "B",
        "2026-03-05 10:00",
    );
    // Owner changes: the supervisor moves the appointed lead to bob.
    s.reassign(&boss, &[l3], "bob", "调配", at("2026-03-05 11:00"))
        .unwrap();
    let upgrade = CallReport {
        grade: Some("H".into()),
        ..Default::default()
    };
    log_as(&d, &amy, l4, Outcome::NoAnswer, upgrade, "2026-03-06 10:00");
    log_as(
        &d,
        &amy,
        l4,
        Outcome::Defeat,
        reason("price_high"),
        "2026-03-07 10:00",
    );
    log_as(&d, &bob, l3, Outcome::Visited, plain(), "2026-03-07 11:00");
    // The approval moves the lead to bob, who verifies it: the customer is back.
    s.decide(&boss, l4, true, None, at("2026-03-08 10:00"))
        .unwrap();
    log_as(&d, &bob, l4, Outcome::NoAnswer, plain(), "2026-03-09 10:00");
    log_as(&d, &bob, l4, Outcome::Back, plain(), "2026-03-09 14:00");
    let l5 = lead(
        &d,
        "赵五",
        "13900000005",
        "hotline",
        "凯美瑞",
        "C",
        "2026-03-10 10:00",
    );
    s.log_call(
        &amy,
        &CallLog {
            lead_id: l5,
            outcome: Outcome::Reached,
            report: plain(),
            note: None,
            started: None,
            inbound: true,
        },
        at("2026-03-10 10:30"),
    )
    .unwrap();
    log_as(
        &d,
        &amy,
        l5,
        Outcome::Defeat,
        reason("competitor"),
        "2026-03-11 10:00",
    );
    s.decide(&boss, l5, true, None, at("2026-03-12 10:00"))
        .unwrap();
    if pause {
        let q = query(ReportKind::Funnel, "2026-01", "2026-04");
        s.report(&boss, &q, at("2026-03-12 10:05")).unwrap();
    }
    // The verification confirms this one.
    log_as(
        &d,
        &bob,
        l5,
        Outcome::ConfirmDefeat,
        plain(),
        "2026-03-13 10:00",
    );
    // The same customer comes in again from another platform: still one lead,
    // of its first channel.
    let l6 = lead(
        &d,
        "钱六",
        "13900000006",
        "autohome",
        "雷凌",
        "H",
        "2026-03-15 10:00",
    );
    s.add_source(&amy, l6, "yiche", "call", at("2026-03-16 10:00"))
        .unwrap();
    log_as(&d, &amy, l6, Outcome::Ordered, plain(), "2026-03-16 11:00");
    let l8 = lead(
        &d,
        "孙八",
        "13900000008",
        "yiche",
        "凯美瑞",
        "B",
        "2026-03-20 10:00",
    );
    log_as(
        &d,
        &amy,
        l8,
        Outcome::Defeat,
        reason("budget"),
        "2026-03-21 10:00",
    );
    s.decide(&boss, l8, true, None, at("2026-03-22 10:00"))
        .unwrap();

    // 2026-04.
    let l7 = lead(
        &d,
        "周七",
        "13900000007",
        "hotline",
        "卡罗拉",
        "A",
        "2026-04-01 10:00",
    );
    log_as(&d, &bob, l3, Outcome::Ordered, plain(), "2026-04-02 10:00");
    log_as(&d, &amy, l7, Outcome::Ordered, plain(), "2026-04-03 10:00");
    let l10 = lead(
        &d,
        "吴十",
        "13900000010",
        "yiche",
        "雷凌",
        "A",
        "2026-04-10 10:00",
    );
    log_as(
        &d,
        &amy,
        l10,
        Outcome::Appointment,
        visit("2026-04-21 10:00"),
        "2026-04-18 10:00",
    );
    let l9 = lead(
        &d,
        "郑九",
        "13900000009",
        "autohome",
        "凯美瑞",
        "H",
        "2026-04-19 10:00",
    );
    // Today.
    log_as(&d, &amy, l9, Outcome::NoAnswer, plain(), "2026-04-20 09:30");
    log_as(&d, &amy, l10, Outcome::Reached, plain(), "2026-04-20 10:00");
    log_as(
        &d,
        &amy,
        l9,
        Outcome::Appointment,
        visit("2026-04-21 15:00"),
        "2026-04-20 11:40",
    );
    s.set_target(&boss, "amy", Some(20), at("2026-04-01 09:00"))
        .unwrap();
    Fixture { d, l3, l9, l10 }
}

fn query(kind: ReportKind, from: &str, to: &str) -> ReportQuery {
    let period = Period {
        from: Month::parse(from).unwrap(),
        to: Month::parse(to).unwrap(),
    };
    ReportQuery::new(kind, period, now().date())
}

fn json_of(f: &Fixture, q: &ReportQuery) -> Value {
    let facts = f.d.store.report(&f.d.boss, q, now()).unwrap();
    report::build(q, &facts, Lang::En).json
}

fn run(f: &Fixture, kind: ReportKind, from: &str, to: &str) -> Value {
    json_of(f, &query(kind, from, to))
}

/// The rows of a funnel section, by key, without the names.
fn section(doc: &Value, by: &str) -> Vec<Value> {
    let s = doc["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["by"] == by)
        .unwrap();
    s["rows"]
        .as_array()
        .unwrap()
        .iter()
        .chain(std::iter::once(&s["total"]))
        .map(|r| {
            let mut r = r.clone();
            r.as_object_mut().unwrap().remove("name");
            r
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn funnel_row(
    key: &str,
    counts: [u64; 5],
    rates: [Option<f64>; 3],
    spend: Option<f64>,
    cpv: Option<f64>,
    cpo: Option<f64>,
) -> Value {
    json!({
        "key": key,
        "leads": counts[0], "valid_leads": counts[1], "appointments": counts[2],
        "visits": counts[3], "orders": counts[4],
        "invitation_rate": rates[0], "visit_rate": rates[1], "close_rate": rates[2],
        "spend": spend, "cost_per_visit": cpv, "cost_per_order": cpo,
    })
}

#[test]
fn the_funnel_by_channel_agent_and_month() {
    let f = fixture(false);
    let doc = run(&f, ReportKind::Funnel, "2026-01", "2026-04");
    assert_eq!(doc["report"], "funnel");
    assert_eq!(
        (doc["from"].as_str(), doc["to"].as_str()),
        (Some("2026-01"), Some("2026-04"))
    );
    // L6 came again from yiche: it stays one autohome lead.
    assert_eq!(
        section(&doc, "channel"),
        vec![
            funnel_row(
                "autohome",
                [3, 3, 2, 2, 2],
                [Some(66.67), Some(100.0), Some(100.0)],
                Some(4000.0),
                Some(2000.0),
                Some(2000.0)
            ),
            funnel_row(
                "yiche",
                [3, 3, 1, 0, 0],
                [Some(33.33), Some(0.0), None],
                Some(500.0),
                None,
                None
            ),
            funnel_row(
                "hotline",
                [2, 2, 0, 1, 1],
                [Some(0.0), None, Some(100.0)],
                // No spend recorded: no cost per visit or order (not 0).
                Some(0.0),
                None,
                None
            ),
            funnel_row(
                "total",
                [8, 8, 3, 3, 3],
                [Some(37.5), Some(100.0), Some(100.0)],
                Some(4500.0),
                Some(1500.0),
                Some(1500.0)
            ),
        ]
    );
    // Every lead is amy's (its first owner); bob's visit and order are his calls.
    assert_eq!(
        section(&doc, "agent"),
        vec![
            funnel_row(
                "amy",
                [8, 8, 3, 2, 2],
                [Some(37.5), Some(66.67), Some(100.0)],
                None,
                None,
                None
            ),
            funnel_row(
                "bob",
                [0, 0, 0, 1, 1],
                [None, None, Some(100.0)],
                None,
                None,
                None
            ),
            funnel_row(
                "total",
                [8, 8, 3, 3, 3],
                [Some(37.5), Some(100.0), Some(100.0)],
                None,
                None,
                None
            ),
        ]
    );
    // Months with nothing are there, with no rates.
    assert_eq!(
        section(&doc, "month"),
        vec![
            funnel_row(
                "2026-01",
                [0, 0, 0, 0, 0],
                [None, None, None],
                Some(0.0),
                None,
                None
            ),
            funnel_row(
                "2026-02",
                [0, 0, 0, 0, 0],
                [None, None, None],
                Some(0.0),
                None,
                None
            ),
            funnel_row(
                "2026-03",
                [5, 5, 1, 2, 1],
                [Some(20.0), Some(200.0), Some(50.0)],
                Some(3500.0),
                Some(1750.0),
                Some(3500.0)
            ),
            funnel_row(
                "2026-04",
                [3, 3, 2, 1, 2],
                [Some(66.67), Some(50.0), Some(200.0)],
                Some(1000.0),
                Some(1000.0),
                Some(500.0)
            ),
            funnel_row(
                "total",
                [8, 8, 3, 3, 3],
                [Some(37.5), Some(100.0), Some(100.0)],
                Some(4500.0),
                Some(1500.0),
                Some(1500.0)
            ),
        ]
    );

    // The year before: one order, one invalid lead.
    let doc = run(&f, ReportKind::Funnel, "2025-03", "2025-03");
    assert_eq!(
        section(&doc, "channel"),
        vec![
            funnel_row(
                "autohome",
                [1, 1, 1, 1, 1],
                [Some(100.0), Some(100.0), Some(100.0)],
                Some(2000.0),
                Some(2000.0),
                Some(2000.0)
            ),
            funnel_row(
                "yiche",
                [1, 0, 0, 0, 0],
                [None, None, None],
                Some(0.0),
                None,
                None
            ),
            funnel_row(
                "total",
                [2, 1, 1, 1, 1],
                [Some(100.0), Some(100.0), Some(100.0)],
                Some(2000.0),
                Some(2000.0),
                Some(2000.0)
            ),
        ]
    );

    // One channel, one agent, one breakdown.
    let mut q = query(ReportKind::Funnel, "2026-01", "2026-04");
    q.channel = Some("汽车之家".into());
    q.agent = Some("bob".into());
    q.by = vec![FunnelBy::Channel];
    let doc = json_of(&f, &q);
    assert_eq!(
        (doc["channel"].as_str(), doc["agent"].as_str()),
        (Some("autohome"), Some("bob"))
    );
    assert_eq!(
        section(&doc, "channel"),
        vec![
            funnel_row(
                "autohome",
                [0, 0, 0, 1, 1],
                [None, None, Some(100.0)],
                None,
                None,
                None
            ),
            funnel_row(
                "total",
                [0, 0, 0, 1, 1],
                [None, None, Some(100.0)],
                None,
                None,
                None
            ),
        ]
    );
    assert_eq!(doc["sections"].as_array().unwrap().len(), 1);
}

fn month_values(line: &Value) -> Vec<(String, u64, Value, Value)> {
    line["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["month"].as_str().unwrap().to_string(),
                m["value"].as_u64().unwrap(),
                m["yoy"].clone(),
                m["mom"].clone(),
            )
        })
        .collect()
}

fn change(base: Option<u64>, pct: Option<f64>, reason: Option<&str>) -> Value {
    json!({"base": base, "pct": pct, "reason": reason})
}

#[test]
fn monthly_orders_with_year_on_year_and_month_on_month() {
    let f = fixture(false);
    let doc = run(&f, ReportKind::Monthly, "2026-01", "2026-04");
    assert_eq!(doc["metric"], "orders");
    assert_eq!(doc["data_start"], "2025-03");
    let channels = doc["channels"].as_array().unwrap();
    let codes: Vec<&str> = channels
        .iter()
        .map(|c| c["channel"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["autohome", "hotline"], "yiche never ordered");
    let no_data = change(None, None, Some("no_data"));
    let from_zero = change(Some(0), None, Some("from_zero"));
    // 2025-01 and 2025-02 are before the database's history: no prior year.
    assert_eq!(
        month_values(&channels[0]),
        vec![
            ("2026-01".into(), 0, no_data.clone(), from_zero.clone()),
            ("2026-02".into(), 0, no_data.clone(), from_zero.clone()),
            (
                "2026-03".into(),
                1,
                change(Some(1), Some(0.0), None),
                from_zero.clone()
            ),
            (
                "2026-04".into(),
                1,
                from_zero.clone(),
                change(Some(1), Some(0.0), None)
            ),
        ]
    );
    assert_eq!(channels[0]["total"], 2);
    assert_eq!(channels[0]["average"], 0.5);
    assert_eq!(channels[0]["total_yoy"], no_data);
    assert_eq!(doc["total"]["total"], 3);
    assert_eq!(doc["total"]["average"], 0.75);
    let total: Vec<u64> = month_values(&doc["total"]).iter().map(|m| m.1).collect();
    assert_eq!(total, [0, 0, 1, 2]);

    // Leads: a real percentage year on year.
    let mut q = query(ReportKind::Monthly, "2026-03", "2026-04");
    q.metric = Metric::Leads;
    let doc = json_of(&f, &q);
    let yiche = doc["channels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["channel"] == "yiche")
        .unwrap();
    assert_eq!(
        month_values(yiche),
        vec![
            (
                "2026-03".into(),
                2,
                change(Some(1), Some(100.0), None),
                from_zero.clone()
            ),
            (
                "2026-04".into(),
                1,
                from_zero.clone(),
                change(Some(2), Some(-50.0), None)
            ),
        ]
    );
    assert_eq!(yiche["total_yoy"], change(Some(1), Some(200.0), None));

    // Inbound calls: the one call the customer made.
    q.metric = Metric::InboundCalls;
    let doc = json_of(&f, &q);
    assert_eq!(doc["total"]["total"], 1);
    assert_eq!(doc["channels"][0]["channel"], "hotline");

    // The first month of the history: nothing to compare with.
    let doc = run(&f, ReportKind::Monthly, "2025-03", "2025-03");
    let m = &doc["channels"][0]["months"][0];
    assert_eq!(
        (m["yoy"].clone(), m["mom"].clone()),
        (no_data.clone(), no_data)
    );

    // The table says why there is no percentage.
    let facts =
        f.d.store
            .report(
                &f.d.boss,
                &query(ReportKind::Monthly, "2026-01", "2026-04"),
                now(),
            )
            .unwrap();
    let r = report::build(
        &query(ReportKind::Monthly, "2026-01", "2026-04"),
        &facts,
        Lang::En,
    );
    let mut text = Vec::new();
    dcc_desk::export::write_table(&mut text, &r).unwrap();
    let text = String::from_utf8(text).unwrap();
    assert!(text.contains("no data"), "{text}");
    assert!(text.contains("new"), "{text}");
    assert!(text.contains("n/a from 0"), "{text}");
    assert!(!text.contains("NaN") && !text.contains("inf"), "{text}");
}

#[test]
fn the_model_mix_with_shares_to_two_decimals() {
    let f = fixture(false);
    let doc = run(&f, ReportKind::Models, "2025-01", "2026-04");
    assert_eq!(
        doc["all"],
        json!({"channel": "all", "name": "all", "orders": 4, "models": [
            {"model": "凯美瑞", "orders": 2, "share": 50.0},
            {"model": "卡罗拉", "orders": 1, "share": 25.0},
            {"model": "雷凌", "orders": 1, "share": 25.0},
        ]})
    );
    let channels = doc["channels"].as_array().unwrap();
    assert_eq!(channels.len(), 2);
    assert_eq!(
        channels[0]["models"],
        json!([
            {"model": "凯美瑞", "orders": 2, "share": 66.67},
            {"model": "雷凌", "orders": 1, "share": 33.33},
        ])
    );
    assert_eq!(channels[1]["channel"], "hotline");
    assert_eq!(channels[1]["models"][0]["share"], 100.0);
}

#[test]
fn defeats_by_group_with_the_share_verification_overturned() {
    let f = fixture(false);
    let doc = run(&f, ReportKind::Defeats, "2026-03", "2026-03");
    let groups: Vec<(String, u64, u64, u64, u64, Value)> = doc["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["group"].as_str().unwrap().to_string(),
                g["defeats"].as_u64().unwrap(),
                g["overturned"].as_u64().unwrap(),
                g["confirmed"].as_u64().unwrap(),
                g["pending"].as_u64().unwrap(),
                g["overturned_share"].clone(),
            )
        })
        .collect();
    assert_eq!(
        groups,
        vec![
            ("price".into(), 1, 1, 0, 0, json!(100.0)),
            ("finance".into(), 1, 0, 0, 1, Value::Null),
            ("bought_elsewhere".into(), 1, 0, 1, 0, json!(0.0)),
        ]
    );
    assert_eq!(doc["groups"][0]["reasons"][0]["reason"], "price_high");
    assert_eq!(
        doc["total"],
        json!({"defeats": 3, "verified": 2, "overturned": 1, "confirmed": 1, "pending": 1, "overturned_share": 50.0})
    );
    // Only amy asked for defeats.
    let mut q = query(ReportKind::Defeats, "2026-03", "2026-03");
    q.agent = Some("bob".into());
    assert_eq!(json_of(&f, &q)["total"]["defeats"], 0);
}

#[test]
fn grades_now_and_downgrades() {
    let f = fixture(false);
    let doc = run(&f, ReportKind::Grades, "2026-03", "2026-04");
    let now: Vec<(String, Value, u64)> = doc["now"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["grade"].as_str().unwrap().to_string(),
                g["statuses"].clone(),
                g["total"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        now,
        vec![
            (
                "H".into(),
                json!({"appointed": 1, "ordered": 2, "tracking": 1}),
                4
            ),
            ("A".into(), json!({"appointed": 1, "ordered": 1}), 2),
            ("B".into(), json!({"defeated": 1, "invalid": 1}), 2),
            ("C".into(), json!({"defeated": 1, "ordered": 1}), 2),
        ]
    );
    assert_eq!(
        doc["changes"],
        json!([
            {"from": "A", "to": "C", "direction": "down", "count": 1},
            {"from": "B", "to": "H", "direction": "up", "count": 1},
        ])
    );
    let d = &doc["downgrades"];
    assert_eq!(
        (d["total"].as_u64(), d["listed"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        d["by_agent"],
        json!([{"agent": "amy", "name": "王芳", "count": 1}])
    );
    assert_eq!(d["phones"], "masked");
    let listed = &d["list"][0];
    assert_eq!(listed["lead_id"], f.l3);
    assert_eq!(listed["phone"], "139****0003");
    assert_eq!(
        (listed["from"].as_str(), listed["to"].as_str()),
        (Some("A"), Some("C"))
    );
    assert_eq!(listed["at"], "2026-03-04T10:30:00");
}

#[test]
fn each_agent_over_a_month() {
    let f = fixture(false);
    let doc = run(&f, ReportKind::Agents, "2026-03", "2026-03");
    assert_eq!(
        doc["agents"],
        json!([
            {"agent": "amy", "name": "王芳", "calls": 8, "reached": 7, "appointments_set": 2,
             "visits": 1, "orders": 1, "defeat_requests": 3},
            {"agent": "bob", "name": "李强", "calls": 4, "reached": 3, "appointments_set": 0,
             "visits": 1, "orders": 0, "defeat_requests": 0},
        ])
    );
    assert_eq!(doc["total"]["calls"], 12);
}

#[test]
fn today_against_each_agents_target() {
    let f = fixture(false);
    let doc = run(&f, ReportKind::Today, "2026-04", "2026-04");
    assert_eq!(doc["date"], "2026-04-20");
    let agents = doc["agents"].as_array().unwrap();
    let amy = agents.iter().find(|a| a["agent"] == "amy").unwrap();
    assert_eq!(
        *amy,
        json!({"agent": "amy", "name": "王芳", "due": 2, "done": 2, "overdue": 0, "remaining": 0,
               "calls": 3, "reached": 2, "appointments": 1, "target": 20, "progress": 15.0})
    );
    let bob = agents.iter().find(|a| a["agent"] == "bob").unwrap();
    assert_eq!(
        *bob,
        json!({"agent": "bob", "name": "李强", "due": 2, "done": 0, "overdue": 2, "remaining": 2,
               "calls": 0, "reached": 0, "appointments": 0, "target": 60, "progress": 0.0})
    );
}

#[test]
fn folding_in_steps_gives_the_figures_of_folding_once() {
    let once = fixture(false);
    let steps = fixture(true);
    for kind in ReportKind::ALL {
        let q = query(*kind, "2025-01", "2026-04");
        assert_eq!(json_of(&once, &q), json_of(&steps, &q), "{kind:?}");
    }
    // A report with nothing new reads nothing.
    assert_eq!(once.d.store.refresh_reports(&once.d.boss).unwrap(), 0);
}

#[test]
fn only_a_supervisor_reads_reports_or_reveals_numbers() {
    let f = fixture(false);
    let q = query(ReportKind::Funnel, "2026-01", "2026-04");
    let err = f.d.store.report(&f.d.agent, &q, now()).unwrap_err();
    assert!(matches!(err, StoreError::NotPermitted(_)), "{err:?}");
    assert_eq!(
        dcc_desk::i18n::store_error(&err, dcc_desk::i18n::Lang::En),
        "only a supervisor or the showroom manager may read the reports"
    );
    // An agent may export the showroom's list, masked, but not reveal it.
    let tomorrow = day("2026-04-21");
    assert_eq!(
        f.d.store
            .expected_visits(&f.d.agent, tomorrow, false, now())
            .unwrap()
            .len(),
        2
    );
    let err =
        f.d.store
            .expected_visits(&f.d.agent, tomorrow, true, now())
            .unwrap_err();
    assert!(
        dcc_desk::i18n::store_error(&err, dcc_desk::i18n::Lang::En)
            .contains("only a supervisor may see full phone numbers"),
        "{err}"
    );
}

fn reveals(f: &Fixture) -> Vec<(String, String, String, i64)> {
    let c = rusqlite::Connection::open(f.d.store.path()).unwrap();
    let mut st = c
        .prepare(
            "SELECT r.at, a.login, r.what, r.numbers FROM reveals r JOIN agents a ON a.id = r.actor_id ORDER BY r.id",
        )
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn the_showroom_list_is_masked_and_a_reveal_is_recorded() {
    let f = fixture(false);
    let tomorrow = day("2026-04-21");
    let visits =
        f.d.store
            .expected_visits(&f.d.boss, tomorrow, false, now())
            .unwrap();
    let rows: Vec<(String, i64, &str, &str, bool, &str)> = visits
        .iter()
        .map(|v| {
            (
                v.at.format("%H:%M").to_string(),
                v.lead_id,
                v.phone.as_str(),
                v.grade.as_str(),
                v.confirmed,
                v.agent.as_deref().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("10:00".into(), f.l10, "139****0010", "A", true, "amy"),
            ("15:00".into(), f.l9, "139****0009", "H", false, "amy"),
        ]
    );
    assert!(reveals(&f).is_empty());
    let full =
        f.d.store
            .expected_visits(&f.d.boss, tomorrow, true, now())
            .unwrap();
    assert_eq!(full[0].phone, "13900000010");
    assert_eq!(
        reveals(&f),
        vec![(
            "2026-04-20 12:00:00".into(),
            "boss".into(),
            "export visits 2026-04-21".into(),
            2
        )]
    );
    // A report reveals its list too, and that is recorded.
    let mut q = query(ReportKind::Grades, "2026-03", "2026-04");
    q.reveal = true;
    let doc = json_of(&f, &q);
    assert_eq!(doc["downgrades"]["phones"], "revealed");
    assert_eq!(doc["downgrades"]["list"][0]["phone"], "13900000003");
    assert_eq!(reveals(&f).len(), 2);
    assert_eq!(reveals(&f)[1].2, "report grades 2026-03..2026-04");
}

// ---------------------------------------------------------------------------
// The outputs, through the command line on the fixture's file.

fn dcc(f: &Fixture, user: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_dcc"))
        .args(args)
        .env("DCC_DB", f.d.store.path())
        .args(["--login", user])
        .env("DCC_NOW", "2026-04-20T12:00")
        .env("DCC_CONFIG", f.d.dir.path().join("none.toml"))
        .env("LANG", "C")
        .output()
        .unwrap()
}

#[test]
fn csv_has_a_bom_and_reads_back_with_a_csv_reader() {
    let f = fixture(false);
    let out = dcc(
        &f,
        "boss",
        &[
            "report", "funnel", "--from", "2026-01", "--to", "2026-04", "--format", "csv",
            "--lang", "zh",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.starts_with("\u{feff}".as_bytes()));
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&out.stdout[..]);
    let records: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    // The BOM is not part of the first header.
    assert_eq!(&records[0][0], "渠道");
    assert_eq!(&records[0][1], "线索");
    let autohome = records.iter().find(|r| &r[0] == "汽车之家").unwrap();
    assert_eq!(
        autohome.iter().collect::<Vec<_>>(),
        [
            "汽车之家",
            "3",
            "3",
            "2",
            "2",
            "2",
            "66.67",
            "100.00",
            "100.00",
            "4000.00",
            "2000.00",
            "2000.00"
        ]
    );
    // Three tables, each with its header.
    assert_eq!(records.iter().filter(|r| &r[1] == "线索").count(), 3);
    let yiche = records.iter().find(|r| &r[0] == "易车网").unwrap();
    assert_eq!(&yiche[8], "-", "no close rate without visits");
}

#[test]
fn the_workbook_reads_back() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let f = fixture(false);
    let path = f.d.dir.path().join("funnel.xlsx");
    let p = path.to_str().unwrap();
    let out = dcc(
        &f,
        "boss",
        &[
            "report", "funnel", "--from", "2026-01", "--to", "2026-04", "--format", "xlsx",
            "--output", p,
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("funnel.xlsx"));
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Funnel by channel", "Funnel by agent", "Funnel by month"]
    );
    let sheet = book.worksheet_range("Funnel by channel").unwrap();
    assert_eq!(sheet.get((0, 0)), Some(&Data::String("channel".into())));
    assert_eq!(sheet.get((1, 0)), Some(&Data::String("Autohome".into())));
    assert_eq!(sheet.get((1, 1)), Some(&Data::Float(3.0)));
    assert_eq!(sheet.get((1, 6)), Some(&Data::Float(66.67)));
    assert_eq!(sheet.get((1, 10)), Some(&Data::Float(2000.0)));
    assert_eq!(sheet.get((2, 8)), Some(&Data::String("-".into())));

    // The showroom's list as a workbook too.
    let path = f.d.dir.path().join("visits.xlsx");
    let p = path.to_str().unwrap();
    let out = dcc(
        &f,
        "amy",
        &[
            "export",
            "visits",
            "--date",
            "2026-04-21",
            "--format",
            "xlsx",
            "--output",
            p,
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let first = book.sheet_names()[0].clone();
    assert!(first.starts_with("Expected visits"), "{first}");
    let sheet = book.worksheet_range(&first).unwrap();
    assert_eq!(sheet.get((1, 0)), Some(&Data::String("10:00".into())));
    assert_eq!(sheet.get((1, 2)), Some(&Data::String("139****0010".into())));
    assert_eq!(sheet.get((2, 6)), Some(&Data::String("no".into())));
}

#[test]
fn the_command_line_refuses_agents_and_needs_a_file_for_a_workbook() {
    let f = fixture(false);
    let out = dcc(&f, "amy", &["report", "funnel"]);
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "dcc: only a supervisor or the showroom manager may read the reports"
    );
    let out = dcc(&f, "boss", &["report", "models", "--format", "xlsx"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--output"));
    let out = dcc(&f, "amy", &["export", "visits", "--reveal"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("only a supervisor"));
    // Tomorrow's list by default, masked.
    let out = dcc(&f, "amy", &["export", "visits", "--format", "table"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("139****0009") && !text.contains("13900000009"),
        "{text}"
    );
    // JSON is stable and parses.
    let out = dcc(&f, "boss", &["report", "today", "--format", "json"]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["report"], "today");
}

/// The funnel and the agents page count appointments differently, and each
/// says so: in March amy invited one lead (张三) and set two appointments for
/// it (the visit moved from 03-06 to 03-07).
#[test]
fn the_funnel_counts_leads_invited_and_the_agents_page_appointments_set() {
    let f = fixture(false);
    let funnel = run(&f, ReportKind::Funnel, "2026-03", "2026-03");
    let amy = section(&funnel, "agent")
        .into_iter()
        .find(|r| r["key"] == "amy")
        .unwrap();
    assert_eq!(amy["appointments"], 1);
    let agents = run(&f, ReportKind::Agents, "2026-03", "2026-03");
    assert_eq!(agents["agents"][0]["agent"], "amy");
    assert_eq!(agents["agents"][0]["appointments_set"], 2);

    for (lang, invited, set) in [
        (Lang::En, "leads invited", "appointments set"),
        (Lang::Zh, "邀约客户", "邀约次数"),
    ] {
        let words = |kind: ReportKind| {
            let q = query(kind, "2026-03", "2026-03");
            let facts = f.d.store.report(&f.d.boss, &q, now()).unwrap();
            let r = report::build(&q, &facts, lang);
            let mut text = r.notes.join("\n");
            for t in &r.tables {
                text.push('\n');
                text.push_str(&t.lines().join("\n"));
                text.push_str(t.footer.as_deref().unwrap_or(""));
            }
            text
        };
        let funnel = words(ReportKind::Funnel);
        let agents = words(ReportKind::Agents);
        // Each names its own count in its header, and the agents page (on
        // the screen too, under its table) says why it differs.
        assert!(
            funnel.contains(invited) && !funnel.contains(set),
            "{funnel}"
        );
        assert!(agents.contains(set), "{agents}");
        let footer = {
            let q = query(ReportKind::Agents, "2026-03", "2026-03");
            let facts = f.d.store.report(&f.d.boss, &q, now()).unwrap();
            report::build(&q, &facts, lang).tables[0]
                .footer
                .clone()
                .unwrap()
        };
        assert!(footer.contains(invited), "{footer}");
    }
}
