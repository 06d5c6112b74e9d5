//! The showroom's reports on a small team whose figures are counted by hand:
//! leads by channel, the DCC agents' invitation and visit rates, the
//! consultants' close rates, the handover list and the reception's list by
//! consultant; who may read them, and that numbers stay masked.

mod common;

use clap::Parser;
use common::{at, day, desk, Desk};
use dcc_desk::domain::access::{Restricted, Why};
use dcc_desk::domain::outcome::{CallReport, Outcome};
use dcc_desk::domain::phone::Phone;
use dcc_desk::domain::showroom::{Handover, HandoverKind};
use dcc_desk::domain::showroom_report::{by_consultant, AgentRates, ConsultantClose};
use dcc_desk::domain::Status;
use dcc_desk::export::{report_command, ReportArgs};
use dcc_desk::i18n::Lang;
use dcc_desk::store::{
    Actor, CallLog, LeadStore, NewLead, Role, ShowroomReportStore, ShowroomStore, StoreError,
};

#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    args: ReportArgs,
}

struct Team {
    d: Desk,
    bob: Actor,
    wang: Actor,
    li: Actor,
    manager: Actor,
    /// The leads, L1 to L7.
    l: Vec<i64>,
}

const PHONES: [&str; 7] = [
    "13800000001",
    "13800000002",
    "13800000003",
    "13800000004",
    "13900000005",
    "13900000006",
    "13800000007",
];

fn add(d: &Desk, who: &Actor, n: usize, channel: &str, t: &str) -> i64 {
    d.store
        .add_lead(
            who,
            &NewLead {
                name: format!("客户{}", n + 1),
                phone: Phone::parse(PHONES[n]).unwrap(),
                channel: channel.into(),
                model: "凯美瑞".into(),
                purchase_by: None,
                visit_by: None,
                grade: Some("A".into()),
                owner: None,
                note: None,
                details: Default::default(),
            },
            at(t),
        )
        .unwrap()
}

fn call(d: &Desk, who: &Actor, lead: i64, outcome: Outcome, visit: Option<&str>, t: &str) {
    let report = CallReport {
        visit: visit.map(at),
        ..Default::default()
    };
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
        .unwrap_or_else(|e| panic!("{outcome:?} on {lead} at {t}: {e:?}"));
}

fn event(d: &Desk, who: &Actor, lead: i64, kind: HandoverKind, t: &str) {
    let mut h = Handover::new(lead, kind);
    if kind == HandoverKind::Defeat {
        h.reason = Some("price_high".into());
    }
    d.store
        .handover(who, &h, at(t))
        .unwrap_or_else(|e| panic!("{kind:?} on {lead} at {t}: {e:?}"));
}

/// November 2026, counted by hand:
///
/// | lead | channel  | agent | November                                          | December |
/// |------|----------|-------|---------------------------------------------------|----------|
/// | L1   | autohome | amy   | invited, arrived (wang), ordered, delivered         | |
/// | L2   | autohome | amy   | invited, arrived (li), ordered by amy's call        | |
/// | L3   | autohome | amy   | invited, no-show                                    | |
/// | L4   | autohome | amy   | reached                                             | invited for 12-04, confirmed 12-03 |
/// | L5   | yiche    | bob   | invited, arrived (wang), showroom defeat            | |
/// | L6   | yiche    | bob   | invited for 11-30, nothing recorded                 | |
/// | L7   | autohome | amy   | invited, arrived (li), follow-up 12-10              | invited again for 12-04 |
///
/// amy: worked 5 (L1-L4, L7), invited 4, arrived 3, no-show 1;
/// bob: worked 2, invited 2, arrived 1; wang: received 2, ordered 1,
/// delivered 1, defeated 1; li: received 2, ordered 1; the manager none.
fn team() -> Team {
    let d = desk();
    let bob = d.agent("bob", "赵强", Role::Outbound);
    let wang = d.agent("wang", "王顾问", Role::Showroom);
    let li = d.agent("li", "李顾问", Role::Showroom);
    let manager = d.agent("mgr", "展厅经理", Role::ShowroomManager);
    let amy = d.agent.clone();
    let mut l = Vec::new();
    for (n, who, channel) in [
        (0, &amy, "autohome"),
        (1, &amy, "autohome"),
        (2, &amy, "autohome"),
        (3, &amy, "autohome"),
        (4, &bob, "yiche"),
        (5, &bob, "yiche"),
        (6, &amy, "autohome"),
    ] {
        l.push(add(
            &d,
            who,
            n,
            channel,
            &format!("2026-11-0{} 09:00", n + 2),
        ));
    }
    use HandoverKind as K;
    use Outcome as O;
    // L1
    call(
        &d,
        &amy,
        l[0],
        O::Appointment,
        Some("2026-11-12 10:00"),
        "2026-11-10 10:00",
    );
    event(&d, &wang, l[0], K::Arrived, "2026-11-12 10:05");
    event(&d, &wang, l[0], K::Ordered, "2026-11-12 11:00");
    event(&d, &wang, l[0], K::Delivered, "2026-11-20 15:00");
    // L2: ordered on the DCC's call after li received it.
    call(
        &d,
        &amy,
        l[1],
        O::Appointment,
        Some("2026-11-13 10:00"),
        "2026-11-10 10:10",
    );
    event(&d, &li, l[1], K::Arrived, "2026-11-13 10:00");
    call(&d, &amy, l[1], O::Ordered, None, "2026-11-15 10:00");
    // L3
    call(
        &d,
        &amy,
        l[2],
        O::Appointment,
        Some("2026-11-14 10:00"),
        "2026-11-10 10:20",
    );
    event(&d, &li, l[2], K::NoShow, "2026-11-14 12:00");
    // L4
    call(&d, &amy, l[3], O::Reached, None, "2026-11-10 10:30");
    // L5
    call(
        &d,
        &bob,
        l[4],
        O::Appointment,
        Some("2026-11-16 10:00"),
        "2026-11-10 11:00",
    );
    event(&d, &wang, l[4], K::Arrived, "2026-11-16 10:00");
    event(&d, &wang, l[4], K::Defeat, "2026-11-16 11:00");
    // L6
    call(
        &d,
        &bob,
        l[5],
        O::Appointment,
        Some("2026-11-30 10:00"),
        "2026-11-10 11:10",
    );
    // L7
    call(
        &d,
        &amy,
        l[6],
        O::Appointment,
        Some("2026-11-22 10:00"),
        "2026-11-21 10:00",
    );
    event(&d, &li, l[6], K::Arrived, "2026-11-22 10:00");
    let mut h = Handover::new(l[6], K::FollowUp);
    h.follow_up = Some(day("2026-12-10"));
    d.store.handover(&li, &h, at("2026-11-22 11:00")).unwrap();
    // December: outside the period.
    call(
        &d,
        &amy,
        l[3],
        O::Appointment,
        Some("2026-12-04 10:00"),
        "2026-12-01 10:00",
    );
    call(
        &d,
        &amy,
        l[6],
        O::Appointment,
        Some("2026-12-04 11:00"),
        "2026-12-01 10:10",
    );
    call(&d, &amy, l[3], O::Reached, None, "2026-12-03 10:00");
    Team {
        d,
        bob,
        wang,
        li,
        manager,
        l,
    }
}

const NOW: &str = "2026-12-03 17:00";

fn november() -> (chrono::NaiveDate, chrono::NaiveDate) {
    (day("2026-11-01"), day("2026-12-01"))
}

#[test]
fn the_three_stages_match_the_figures_counted_by_hand() {
    let t = team();
    let (from, to) = november();
    let f = t.d.store.stage_figures(&t.manager, from, to).unwrap();
    let channels: Vec<(&str, u64)> = f
        .channels
        .iter()
        .map(|c| (c.channel.as_str(), c.leads))
        .collect();
    assert_eq!(channels, vec![("autohome", 5), ("yiche", 2)]);
    assert_eq!(f.total_leads(), 7);

    let rates = |a: &AgentRates| (a.agent.clone(), a.worked, a.invited, a.arrived, a.no_show);
    assert_eq!(
        f.agents.iter().map(rates).collect::<Vec<_>>(),
        vec![("amy".into(), 5, 4, 3, 1), ("bob".into(), 2, 2, 1, 0)]
    );
    // amy: 4 invited of 5 worked, 3 arrived of 4 invited; bob: 2 of 2, 1 of 2.
    assert_eq!(f.agents[0].invitation_rate(), Some(80.0));
    assert_eq!(f.agents[0].visit_rate(), Some(75.0));
    assert_eq!(f.agents[1].invitation_rate(), Some(100.0));
    assert_eq!(f.agents[1].visit_rate(), Some(50.0));

    let close = |c: &ConsultantClose| {
        (
            c.consultant.clone(),
            c.received,
            c.ordered,
            c.delivered,
            c.defeated,
        )
    };
    assert_eq!(
        f.consultants.iter().map(close).collect::<Vec<_>>(),
        vec![
            ("li".into(), 2, 1, 0, 0),
            ("mgr".into(), 0, 0, 0, 0),
            ("wang".into(), 2, 1, 1, 1),
        ]
    );
    // li: L2 ordered of L2, L7; wang: L1 ordered of L1, L5.
    assert_eq!(f.consultants[0].close_rate(), Some(50.0));
    assert_eq!(f.consultants[1].close_rate(), None);
    assert_eq!(f.consultants[2].close_rate(), Some(50.0));
    assert_eq!(f.consultants_total().close_rate(), Some(50.0));

    // December alone: L4 and L7 invited again by amy, nobody received.
    let dec =
        t.d.store
            .stage_figures(&t.d.boss, day("2026-12-01"), day("2027-01-01"))
            .unwrap();
    assert!(dec.channels.is_empty());
    assert_eq!(
        dec.agents.iter().map(rates).collect::<Vec<_>>(),
        vec![("amy".into(), 2, 2, 0, 0)]
    );
    assert!(dec.consultants.iter().all(|c| c.received == 0));
}

#[test]
fn the_handover_list_says_who_received_each_lead_when_and_what_became_of_it() {
    let t = team();
    let (from, to) = november();
    let rows =
        t.d.store
            .handover_list(&t.manager, from, to, false, at(NOW))
            .unwrap();
    let shape: Vec<_> = rows
        .iter()
        .map(|r| {
            (
                r.lead_id,
                r.consultant.as_deref(),
                r.received_at.map(|t| t.to_string()),
                r.result,
                r.status,
                r.reason.as_deref(),
                r.follow_up.map(|d| d.to_string()),
                r.agent.as_deref(),
            )
        })
        .collect();
    use HandoverKind as K;
    assert_eq!(
        shape,
        vec![
            (
                t.l[0],
                Some("wang"),
                Some("2026-11-12 10:05:00".into()),
                K::Delivered,
                Status::Delivered,
                None,
                None,
                Some("amy")
            ),
            (
                t.l[1],
                Some("li"),
                Some("2026-11-13 10:00:00".into()),
                K::Arrived,
                Status::Ordered,
                None,
                None,
                Some("amy")
            ),
            (
                t.l[2],
                None,
                None,
                K::NoShow,
                Status::Tracking,
                None,
                None,
                Some("amy")
            ),
            (
                t.l[4],
                Some("wang"),
                Some("2026-11-16 10:00:00".into()),
                K::Defeat,
                Status::Defeated,
                Some("price_high"),
                None,
                Some("bob")
            ),
            (
                t.l[6],
                Some("li"),
                Some("2026-11-22 10:00:00".into()),
                K::Arrived,
                Status::Appointed,
                None,
                Some("2026-12-10".into()),
                Some("amy")
            ),
        ]
    );
    assert!(rows.iter().all(|r| r.phone.contains("****")));
}

#[test]
fn the_reception_list_groups_tomorrows_visits_by_the_consultant_who_received_the_lead() {
    let t = team();
    let visits =
        t.d.store
            .reception_list(&t.manager, day("2026-12-04"), false, at(NOW))
            .unwrap();
    let groups = by_consultant(&visits);
    let shape: Vec<_> = groups
        .iter()
        .map(|g| {
            (
                g.consultant.as_deref(),
                g.visits
                    .iter()
                    .map(|v| (v.lead_id, v.at.format("%H:%M").to_string(), v.confirmed))
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        vec![
            (Some("li"), vec![(t.l[6], "11:00".into(), false)]),
            (None, vec![(t.l[3], "10:00".into(), true)]),
        ]
    );
    assert_eq!(visits[0].set_by, "amy");
    assert!(visits.iter().all(|v| v.phone.contains("****")));
}

/// `dcc report KIND ARGS...` as `who`, in `lang`.
fn report(t: &Team, who: &Actor, args: &[&str], lang: Lang) -> Result<String, String> {
    let mut argv = vec!["report"];
    argv.extend_from_slice(args);
    let args = Cli::try_parse_from(argv).unwrap().args;
    let mut out = Vec::new();
    report_command(&t.d.store, who, &args, lang, at(NOW), &mut out)
        .map(|_| String::from_utf8(out).unwrap())
        .map_err(|e| format!("{e:?}"))
}

#[test]
fn the_showroom_manager_reads_the_reports_and_a_consultant_or_an_agent_is_refused_by_the_policy() {
    let t = team();
    for kind in ["showroom", "handovers", "reception", "funnel", "agents"] {
        assert!(
            report(&t, &t.manager, &[kind], Lang::En).is_ok(),
            "the manager reads {kind}"
        );
    }
    let amy = t.d.agent.clone();
    for who in [&t.wang, &t.li, &amy, &t.bob] {
        for kind in ["showroom", "funnel"] {
            let mut out = Vec::new();
            let args = Cli::try_parse_from(["report", kind]).unwrap().args;
            let err =
                report_command(&t.d.store, who, &args, Lang::En, at(NOW), &mut out).unwrap_err();
            match err {
                dcc_desk::export::ExportError::Store(StoreError::NotPermitted(d)) => {
                    assert_eq!(
                        (d.what, d.why),
                        (Restricted::ReadReports, Why::SupervisorsAndManager)
                    )
                }
                other => panic!("{kind} for {}: {other:?}", who.agent.login),
            }
        }
    }
    // The consultant is told who may, in both languages.
    let err =
        t.d.store
            .stage_figures(&t.wang, day("2026-11-01"), day("2026-12-01"));
    let err = err.unwrap_err();
    assert_eq!(
        dcc_desk::i18n::store_error(&err, Lang::En),
        "only a supervisor or the showroom manager may read the reports"
    );
    assert_eq!(
        dcc_desk::i18n::store_error(&err, Lang::Zh),
        "只有主管和展厅经理可以查看报表"
    );
    // The manager may not reveal numbers; the refusal is the policy's.
    let err = report(&t, &t.manager, &["handovers", "--reveal"], Lang::En).unwrap_err();
    assert!(err.contains("RevealNumbersFlag"), "{err}");
}

#[test]
fn the_showroom_report_prints_the_hand_counted_rates_in_every_format_and_both_languages() {
    let t = team();
    let period = ["--from", "2026-11", "--to", "2026-11"];
    let table = report(
        &t,
        &t.manager,
        &[&["showroom"][..], &period].concat(),
        Lang::En,
    )
    .unwrap();
    let line = |who: &str| {
        table
            .lines()
            .find(|l| l.split_whitespace().next() == Some(who))
            .unwrap_or_else(|| panic!("no row for {who} in\n{table}"))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(line("amy"), "amy 王芳 5 4 3 1 80.00% 75.00%");
    assert_eq!(line("bob"), "bob 赵强 2 2 1 0 100.00% 50.00%");
    assert_eq!(line("wang"), "wang 王顾问 2 1 1 1 50.00%");
    assert_eq!(line("mgr"), "mgr 展厅经理 0 0 0 0 -");
    assert!(
        table.contains("Autohome") && table.contains("Three stages"),
        "{table}"
    );

    let zh = report(
        &t,
        &t.manager,
        &[&["showroom"][..], &period].concat(),
        Lang::Zh,
    )
    .unwrap();
    assert!(
        zh.contains("三段考核") && zh.contains("成交率%") && zh.contains("汽车之家"),
        "{zh}"
    );

    let json = report(
        &t,
        &t.manager,
        &[&["showroom", "--format", "json"][..], &period].concat(),
        Lang::En,
    )
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["report"], "showroom");
    assert_eq!(v["total_leads"], 7);
    assert_eq!(v["agents"][0]["invitation_rate"], 80.0);
    assert_eq!(v["agents"][0]["visit_rate"], 75.0);
    assert_eq!(v["consultants"][2]["consultant"], "wang");
    assert_eq!(v["consultants"][2]["close_rate"], 50.0);
    assert_eq!(v["consultants"][1]["close_rate"], serde_json::Value::Null);

    let csv = report(
        &t,
        &t.manager,
        &[&["showroom", "--format", "csv"][..], &period].concat(),
        Lang::En,
    )
    .unwrap();
    assert!(csv.starts_with('\u{feff}'));
    assert!(csv.contains("wang,王顾问,2,1,1,1,50.00\r\n"), "{csv}");

    let book = t.d.dir.path().join("showroom.xlsx");
    let path = book.to_str().unwrap();
    report(
        &t,
        &t.manager,
        &[
            &["showroom", "--format", "xlsx", "--output", path][..],
            &period,
        ]
        .concat(),
        Lang::Zh,
    )
    .unwrap();
    assert!(std::fs::read(&book).unwrap().starts_with(b"PK"));
}

#[test]
fn no_showroom_report_prints_a_full_number_and_a_supervisors_reveal_is_recorded() {
    let t = team();
    let period = ["--from", "2026-11", "--to", "2026-11"];
    for kind in ["handovers", "reception"] {
        for format in ["table", "csv", "json"] {
            for lang in [Lang::Zh, Lang::En] {
                for who in [&t.manager, &t.d.boss] {
                    let out = report(
                        &t,
                        who,
                        &[&[kind, "--format", format][..], &period].concat(),
                        lang,
                    )
                    .unwrap();
                    assert!(out.contains("****"), "{kind} {format}: {out}");
                    for p in PHONES {
                        assert!(!out.contains(p), "{kind} {format} shows {p}:\n{out}");
                    }
                }
            }
        }
    }
    let out = report(
        &t,
        &t.d.boss,
        &[&["handovers", "--reveal"][..], &period].concat(),
        Lang::En,
    )
    .unwrap();
    assert!(out.contains(PHONES[0]), "{out}");
    let db = rusqlite::Connection::open(t.d.dir.path().join("dcc.sqlite")).unwrap();
    let (what, n): (String, i64) = db
        .query_row(
            "SELECT what, numbers FROM reveals ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (what.as_str(), n),
        ("report handovers 2026-11-01 2026-12-01", 5)
    );
}
