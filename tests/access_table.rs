//! The access policy as a table over every operation of `domain::access::Op`,
//! through the store's public API: each row calls the store as an outbound
//! agent (amy, who owns a lead and asked for the defeat of another), a
//! second outbound agent (bob, who verifies that defeat), an inbound agent
//! (ivy), a supervisor (boss) and a disabled agent (zed, as a workstation
//! opened before he was disabled would hold him), and asserts who gets
//! through, that the store's answer is the policy's (`access::check` on the
//! row's operation), and that a refusal writes nothing. The table is an
//! exhaustive match: a new operation does not compile until it has a row.
//!
//! What the store does for the actor's own things without asking the
//! policy: their claim (`release`, `kept_claim`), their draft, their
//! captures (`captured_on`) and the moves of their leads (`moves_since`):
//! each is keyed by the actor, so it reaches nobody else's.

mod common;

use chrono::NaiveDateTime;
use common::at;
use dcc_desk::domain::access::{self, LeadTies, Op};
use dcc_desk::domain::batch::{ImportBatch, ImportRow};
use dcc_desk::domain::models::CarModel;
use dcc_desk::domain::outcome::{CallReport, Outcome};
use dcc_desk::domain::phone::Phone;
use dcc_desk::domain::showroom::{Handover, HandoverKind};
use dcc_desk::domain::sshkey::PublicKey;
use dcc_desk::domain::walk_in::WalkIn;
use dcc_desk::report::{Month, Period, ReportKind, ReportQuery};
use dcc_desk::store::{
    Actor, AssignRule, CallLog, LeadStore, NewLead, Role, ShowroomReportStore, ShowroomStore,
    StoreError, WalkInStore,
};
use rusqlite::types::Value;

const NOW: &str = "2026-11-23 11:00";
const KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAhHQ7l7zg4jeg8qzJnzvRWOIOL3gcvmb5gluvvJcGkl table";

fn now() -> NaiveDateTime {
    at(NOW)
}

/// boss (supervisor), amy and bob (outbound), ivy (inbound), cat (outbound,
/// owns `theirs`), zed (outbound, disabled), sam (a sales consultant). Amy owns `mine`
/// (13812345678); she asked for the defeat of `verify` (13987654321), which
/// the supervisor approved and which went to bob to verify. The supervisor
/// imported one lead (`import`) and registered a key for amy.
struct Team {
    d: common::Desk,
    bob: Actor,
    ivy: Actor,
    zed: Actor,
    sam: Actor,
    mine: i64,
    verify: i64,
    theirs: i64,
    import: i64,
    fingerprint: String,
}

fn team() -> Team {
    let d = common::desk();
    let t = at("2026-11-01 09:00");
    let add = |login: &str, role| d.agent(login, login, role);
    let bob = add("bob", Role::Outbound);
    let ivy = add("ivy", Role::Inbound);
    let cat = add("cat", Role::Outbound);
    let mut zed = add("zed", Role::Outbound);
    let sam = add("sam", Role::Showroom);
    d.store
        .set_agent_active(&d.boss, "zed", false, at("2026-11-02 09:00"))
        .unwrap();
    zed.agent.active = false;
    zed.real.active = false;
    let mine = d.lead("韩梅梅", "13812345678", "H", at("2026-11-20 10:00"));
    let verify = d.lead("李雷", "13987654321", "B", at("2026-11-20 10:00"));
    let theirs = d
        .store
        .add_lead(&cat, &new_lead("13700001111", None), at("2026-11-20 10:00"))
        .unwrap();
    let defeat = CallReport {
        reason: Some("price_high".into()),
        ..Default::default()
    };
    d.log(verify, Outcome::Defeat, defeat, at("2026-11-22 10:00"))
        .unwrap();
    d.store
        .decide(&d.boss, verify, true, None, at("2026-11-22 11:00"))
        .unwrap();
    assert_eq!(
        d.store
            .lead(&d.boss, verify, now())
            .unwrap()
            .owner
            .as_deref(),
        Some("bob"),
        "bob verifies it"
    );
    let import = d
        .store
        .import_leads(
            &d.boss,
            &batch("13600002222"),
            at("2026-11-22 12:00"),
            &mut |_, _| true,
        )
        .unwrap()
        .import
        .unwrap();
    let key = PublicKey::parse(KEY).unwrap();
    let fingerprint = d.store.add_key(&d.boss, "amy", &key, t).unwrap();
    Team {
        d,
        bob,
        ivy,
        zed,
        sam,
        mine,
        verify,
        theirs,
        import,
        fingerprint,
    }
}

impl Team {
    fn amy(&self) -> &Actor {
        &self.d.agent
    }

    /// What the policy knows of amy's lead.
    fn mine(&self) -> LeadTies {
        LeadTies {
            id: self.mine,
            owner: Some(self.amy().agent.id),
            ..LeadTies::default()
        }
    }

    /// The defeat amy asked for, waiting for bob's verification call.
    fn verify(&self) -> LeadTies {
        LeadTies {
            id: self.verify,
            owner: Some(self.bob.agent.id),
            awaiting_verification: true,
            requested_by: Some(self.amy().agent.id),
            on_call: None,
            consultant: None,
        }
    }
}

fn new_lead(phone: &str, owner: Option<&str>) -> NewLead {
    NewLead {
        name: "赵六".into(),
        phone: Phone::parse(phone).unwrap(),
        channel: "autohome".into(),
        model: "凯美瑞".into(),
        purchase_by: None,
        visit_by: None,
        grade: Some("A".into()),
        owner: owner.map(Into::into),
        note: None,
        details: Default::default(),
    }
}

fn batch(phone: &str) -> ImportBatch {
    ImportBatch {
        origin: "import:leads.csv".into(),
        rows: vec![ImportRow {
            line: 2,
            lead: new_lead(phone, None),
        }],
        dry_run: false,
        all_or_nothing: false,
    }
}

fn call(lead: i64, outcome: Outcome, inbound: bool) -> CallLog {
    CallLog {
        lead_id: lead,
        outcome,
        report: CallReport::default(),
        note: None,
        started: None,
        inbound,
    }
}

/// A new number walking in at 10:50, received by sam.
fn walk_in(phone: &str) -> WalkIn {
    WalkIn {
        model: Some("凯美瑞".into()),
        grade: Some("A".into()),
        ..WalkIn::new(
            "孙八",
            Phone::parse(phone).unwrap(),
            at("2026-11-23 10:50"),
            "sam",
        )
    }
}

fn phone(p: &str) -> Phone {
    Phone::parse(p).unwrap()
}

fn query(kind: ReportKind, reveal: bool) -> ReportQuery {
    let period = Period {
        from: Month::parse("2026-11").unwrap(),
        to: Month::parse("2026-11").unwrap(),
    };
    let mut q = ReportQuery::new(kind, period, now().date());
    q.reveal = reveal;
    q
}

/// Whether the store let it through: neither refused by the policy nor at
/// the door (the domain may still refuse it for another reason, as deciding
/// a lead that waits for no decision).
fn passed<T>(r: Result<T, StoreError>) -> bool {
    !matches!(
        r,
        Err(StoreError::NotPermitted(_) | StoreError::NotAnAgent { .. })
    )
}

/// One row: an operation as the policy sees it, a call of the store that
/// does it, and who of amy, bob, ivy, boss, zed and sam may.
struct Row {
    what: &'static str,
    op: for<'t> fn(&'t Team, &Actor) -> Op<'t>,
    probe: fn(&Team, &Actor) -> bool,
    who: &'static str,
}

fn row(
    what: &'static str,
    op: for<'t> fn(&'t Team, &Actor) -> Op<'t>,
    probe: fn(&Team, &Actor) -> bool,
    who: &'static str,
) -> Row {
    Row {
        what,
        op,
        probe,
        who,
    }
}

/// Each arm: an operation's pattern and its rows. `every_op_has_rows` is an
/// exhaustive match over the same patterns, so a new operation without rows
/// does not compile.
macro_rules! table {
    ($($pattern:pat => [$($row:expr),+ $(,)?]),+ $(,)?) => {
        fn every_op_has_rows(op: &Op) {
            match op {
                $($pattern => {})+
            }
        }

        #[allow(clippy::type_complexity)]
        fn table() -> Vec<(&'static str, fn(&Op) -> bool, Vec<Row>)> {
            vec![$((
                stringify!($pattern),
                |op: &Op| matches!(op, $pattern),
                vec![$($row),+],
            )),+]
        }
    };
}

table! {
    Op::See(_) => [
        row("see amy's lead", |t, _| Op::See(t.mine()),
            |t, a| passed(t.d.store.lead(a, t.mine, now())), "amy ivy boss"),
        row("see the lead bob verifies", |t, _| Op::See(t.verify()),
            |t, a| passed(t.d.store.lead(a, t.verify, now())), "bob ivy boss"),
        row("keep a draft typed on amy's lead", |t, _| Op::See(t.mine()),
            |t, a| passed(t.d.store.keep_draft(a, Some(t.mine), "note", now())),
            "amy ivy boss"),
    ],
    Op::Call(_) => [
        row("call amy's lead", |t, _| Op::Call(t.mine()),
            |t, a| passed(t.d.store.claim(a, t.mine, now())), "amy ivy boss"),
        row("call the lead bob verifies", |t, _| Op::Call(t.verify()),
            |t, a| passed(t.d.store.claim(a, t.verify, now())), "bob ivy boss"),
    ],
    Op::Log { .. } => [
        row("log a call to amy's lead",
            |t, _| Op::Log { lead: t.mine(), inbound: false },
            |t, a| passed(t.d.store.log_call(a, &call(t.mine, Outcome::NoAnswer, false), now())),
            "amy boss"),
        row("log amy's customer calling in",
            |t, _| Op::Log { lead: t.mine(), inbound: true },
            |t, a| passed(t.d.store.log_call(a, &call(t.mine, Outcome::Reached, true), now())),
            "amy ivy boss"),
        row("record amy's customer calling in again from a channel",
            |t, _| Op::Log { lead: t.mine(), inbound: true },
            |t, a| passed(t.d.store.add_source(a, t.mine, "yiche", "inbound_call", now())),
            "amy ivy boss"),
    ],
    Op::Verify(_) => [
        row("confirm the defeat on the verification call", |t, _| Op::Verify(t.verify()),
            |t, a| passed(t.d.store.log_call(a, &call(t.verify, Outcome::ConfirmDefeat, false), now())),
            "bob boss"),
    ],
    Op::Regrade(_) => [
        row("regrade amy's lead", |t, _| Op::Regrade(t.mine()),
            |t, a| passed(t.d.store.regrade(a, t.mine, "C", None, now())), "amy boss"),
    ],
    Op::MarkDnc { .. } => [
        row("put amy's lead's number on the do-not-call list",
            |t, _| Op::MarkDnc { lead: t.mine(), capture: false },
            |t, a| passed(t.d.store.dnc_add(a, &phone("13812345678"), "manual", None, now())),
            "amy boss"),
        row("the same, capturing the caller",
            |t, _| Op::MarkDnc { lead: t.mine(), capture: true },
            |t, a| passed(t.d.store.dnc_add(a, &phone("13812345678"), "capture", None, now())),
            "amy ivy boss"),
    ],
    Op::RecordConsent { .. } => [
        row("record the consent of amy's customer (not on a call)",
            |t, _| Op::RecordConsent { lead: t.mine(), capture: false },
            |t, a| passed(t.d.store.record_consent(a, t.mine, "called back", false, now())),
            "boss"),
        row("the same, capturing the caller",
            |t, _| Op::RecordConsent { lead: t.mine(), capture: true },
            |t, a| passed(t.d.store.record_consent(a, t.mine, "called back", true, now())),
            "ivy boss"),
    ],
    Op::DncAdd => [
        row("put a number of no lead on the do-not-call list", |_, _| Op::DncAdd,
            |t, a| passed(t.d.store.dnc_add(a, &phone("13500000000"), "manual", None, now())),
            "boss"),
    ],
    Op::DncRemove => [
        row("take a number off the do-not-call list", |_, _| Op::DncRemove,
            |t, a| passed(t.d.store.dnc_remove(a, &phone("13500000000"), "asked again", now())),
            "boss"),
    ],
    Op::DncImport => [
        row("import a do-not-call list", |_, _| Op::DncImport,
            |t, a| passed(t.d.store.dnc_add(a, &phone("13812345678"), "import:list.txt", None, now())),
            "boss"),
    ],
    Op::SeeDncList => [
        row("list the do-not-call numbers", |_, _| Op::SeeDncList,
            |t, a| passed(t.d.store.dnc_list(a)), "boss"),
    ],
    Op::Reveal => [
        row("reveal amy's number", |_, _| Op::Reveal,
            |t, a| passed(t.d.store.reveal_phone(a, t.mine, now())), "boss"),
    ],
    Op::RevealInReport => [
        row("a report with full numbers", |_, _| Op::RevealInReport,
            |t, a| passed(t.d.store.report(a, &query(ReportKind::Defeats, true), now())),
            "boss"),
        row("the expected visits with full numbers", |_, _| Op::RevealInReport,
            |t, a| passed(t.d.store.expected_visits(a, now().date(), true, now())),
            "boss"),
        row("the handover list with full numbers", |_, _| Op::RevealInReport,
            |t, a| passed(t.d.store.handover_list(a, now().date(), now().date(), true, now())),
            "boss"),
        row("the reception's list with full numbers", |_, _| Op::RevealInReport,
            |t, a| passed(t.d.store.reception_list(a, now().date(), true, now())),
            "boss"),
    ],
    Op::ReadReports => [
        row("read the funnel", |_, _| Op::ReadReports,
            |t, a| passed(t.d.store.report(a, &query(ReportKind::Funnel, false), now())),
            "boss"),
        row("the calls of every day", |_, _| Op::ReadReports,
            |t, a| passed(t.d.store.calls_per_day(a, now().date(), now().date())),
            "boss"),
        row("fold the history into the reports", |_, _| Op::ReadReports,
            |t, a| passed(t.d.store.refresh_reports(a)),
            "boss"),
        row("the three stages of the showroom", |_, _| Op::ReadReports,
            |t, a| passed(t.d.store.stage_figures(a, now().date(), now().date())),
            "boss"),
        row("the handover list", |_, _| Op::ReadReports,
            |t, a| passed(t.d.store.handover_list(a, now().date(), now().date(), false, now())),
            "boss"),
        row("the reception's list by consultant", |_, _| Op::ReadReports,
            |t, a| passed(t.d.store.reception_list(a, now().date(), false, now())),
            "boss"),
    ],
    Op::Decide => [
        row("decide a request", |_, _| Op::Decide,
            |t, a| passed(t.d.store.decide(a, t.verify, true, None, now())), "boss"),
    ],
    Op::Reassign => [
        row("move amy's lead to bob", |_, _| Op::Reassign,
            |t, a| passed(t.d.store.reassign(a, &[t.mine], "bob", "holiday", now())),
            "boss"),
    ],
    Op::ReviewRequests => [
        row("the requests waiting for a decision", |_, _| Op::ReviewRequests,
            |t, a| passed(t.d.store.pending_requests(a)), "boss"),
    ],
    Op::SeeEveryLead => [
        row("find a colleague's lead", |_, _| Op::SeeEveryLead,
            |t, a| t.d.store.find_leads(a, "1111", 10).unwrap().iter().any(|h| h.lead_id == t.theirs),
            "ivy boss"),
    ],
    Op::SeeTeamQueue => [
        row("the team's queue", |_, _| Op::SeeTeamQueue,
            |t, a| passed(t.d.store.queue(a, None, now().date(), now())), "ivy boss"),
    ],
    Op::SeeQueueOf(_) => [
        row("amy's queue", |t, _| Op::SeeQueueOf(t.amy().agent.id),
            |t, a| passed(t.d.store.queue(a, Some(t.amy().agent.id), now().date(), now())),
            "amy boss"),
        row("amy's day", |t, _| Op::SeeQueueOf(t.amy().agent.id),
            |t, a| passed(t.d.store.day_stats(a, t.amy().agent.id, now().date())),
            "amy boss"),
    ],
    Op::SeeTeamDay => [
        row("the team's day", |_, _| Op::SeeTeamDay,
            |t, a| passed(t.d.store.team_day(a, now().date(), now())), "boss"),
        row("who is online", |_, _| Op::SeeTeamDay,
            |t, a| passed(t.d.store.online(a, now())), "boss"),
    ],
    Op::Import => [
        row("import leads", |_, _| Op::Import,
            |t, a| passed(t.d.store.import_leads(a, &batch("13600003333"), now(), &mut |_, _| true)),
            "ivy boss"),
    ],
    Op::UndoImport => [
        row("take an import back", |_, _| Op::UndoImport,
            |t, a| passed(t.d.store.undo_import(a, t.import, now())), "boss"),
        row("list the imports", |_, _| Op::UndoImport,
            |t, a| passed(t.d.store.imports(a, now())), "boss"),
    ],
    Op::ChangeRules => [
        row("change the cadence rules", |_, _| Op::ChangeRules,
            |t, a| {
                let mut rules = t.d.store.rules().unwrap();
                rules.attempts_per_day += 1;
                passed(t.d.store.set_rules(a, &rules, now()))
            },
            "boss"),
    ],
    Op::ChangeSettings => [
        row("change a setting", |_, _| Op::ChangeSettings,
            |t, a| passed(t.d.store.set_setting(a, "dealer", "丰田4S店", now())), "boss"),
    ],
    Op::ChangeAssignRule => [
        row("change who new leads go to", |_, _| Op::ChangeAssignRule,
            |t, a| passed(t.d.store.set_assign_rule(a, &AssignRule::LeastLoaded)), "boss"),
    ],
    Op::EditScripts => [
        row("edit a call script", |_, _| Op::EditScripts,
            |t, a| passed(t.d.store.set_script(a, "first_call", "en", "First call", "Hello {customer}", now())),
            "boss"),
    ],
    Op::EditReasons => [
        row("add a defeat reason", |_, _| Op::EditReasons,
            |t, a| passed(t.d.store.add_reason(a, "defeat", "too_far", "other", "太远", "too far", now())),
            "boss"),
        row("take a reason off its list", |_, _| Op::EditReasons,
            |t, a| passed(t.d.store.disable_reason(a, "defeat", "price_high", now())),
            "boss"),
    ],
    Op::EditModels => [
        row("add a model", |_, _| Op::EditModels,
            |t, a| {
                let m = CarModel { name_zh: "卡罗拉".into(), name_en: None, aliases: Vec::new() };
                passed(t.d.store.add_model(a, &m, now()))
            },
            "boss"),
        row("take a model off the list", |_, _| Op::EditModels,
            |t, a| passed(t.d.store.remove_model(a, "凯美瑞", now())), "boss"),
    ],
    Op::SetSpend => [
        row("a channel's spend", |_, _| Op::SetSpend,
            |t, a| passed(t.d.store.set_spend(a, "autohome", "2026-11", 500_000, now())), "boss"),
    ],
    Op::SetTargets => [
        row("amy's daily target", |_, _| Op::SetTargets,
            |t, a| passed(t.d.store.set_target(a, "amy", Some(40), now())), "boss"),
    ],
    Op::AddAgent => [
        row("add an agent", |_, _| Op::AddAgent,
            |t, a| passed(t.d.store.add_agent(Some(a), "new", "新人", Role::Inbound, now())),
            "boss"),
    ],
    Op::AddLeadFor(_) => [
        row("add a lead owned by bob", |t, _| Op::AddLeadFor(&t.bob.agent),
            |t, a| passed(t.d.store.add_lead(a, &new_lead("13600000000", Some("bob")), now())),
            "bob ivy boss"),
    ],
    Op::ActAs(_) => [
        row("act for bob", |t, _| Op::ActAs(&t.bob.agent),
            |t, a| passed(t.d.store.identify(&a.real.login, Some("bob"))), "bob boss"),
        row("act for zed, disabled", |t, _| Op::ActAs(&t.zed.agent),
            |t, a| passed(t.d.store.identify(&a.real.login, Some("zed"))), ""),
    ],
    Op::RunLoad => [
        row("copy the database for the load test", |_, _| Op::RunLoad,
            |t, a| {
                let dest = t.d.dir.path().join(format!("load-{}.sqlite", a.real.login));
                std::fs::File::create(&dest).unwrap();
                passed(t.d.store.copy_for_load(a, &dest))
            },
            "boss"),
    ],
    Op::ListAgents => [
        row("list the agents", |_, _| Op::ListAgents,
            |t, a| passed(t.d.store.agent_list(a)), "boss"),
    ],
    Op::ManageAgents => [
        row("add a key", |_, _| Op::ManageAgents,
            |t, a| {
                let key = PublicKey::parse(KEY).unwrap();
                passed(t.d.store.add_key(a, "bob", &key, now()))
            },
            "boss"),
        row("list the keys", |_, _| Op::ManageAgents,
            |t, a| passed(t.d.store.keys(a, None)), "boss"),
        row("remove a key", |_, _| Op::ManageAgents,
            |t, a| passed(t.d.store.remove_key(a, &t.fingerprint, now())), "boss"),
        row("disable an agent", |_, _| Op::ManageAgents,
            |t, a| passed(t.d.store.set_agent_active(a, "bob", false, now()))
            , "boss"),
    ],
    Op::SeeVisits => [
        row("see the day's expected visits", |_, _| Op::SeeVisits,
            |t, a| passed(t.d.store.showroom_visits(a, now().date(), now())),
            "amy bob ivy boss sam"),
        row("see the day's walk-ins", |_, _| Op::SeeVisits,
            |t, a| passed(t.d.store.walk_ins(a, now().date(), now())),
            "amy bob ivy boss sam"),
    ],
    Op::Receive(_) => [
        row("receive amy's customer at the showroom", |t, _| Op::Receive(t.mine()),
            |t, a| passed(t.d.store.handover(a, &Handover::new(t.mine, HandoverKind::Arrived), now())),
            "sam"),
    ],
    Op::Handover(_) => [
        row("record an order on amy's lead, handed to nobody", |t, _| Op::Handover(t.mine()),
            |t, a| passed(t.d.store.handover(a, &Handover::new(t.mine, HandoverKind::Ordered), now())),
            "boss"),
    ],
    // Reception: the showroom and supervisors, never a DCC agent.
    Op::WalkIn => [
        row("register a walk-in received by sam", |_, _| Op::WalkIn,
            |t, a| passed(t.d.store.walk_in(a, &walk_in("13500001111"), now())),
            "boss sam"),
    ],
}

const WHO: [&str; 6] = ["amy", "bob", "ivy", "boss", "zed", "sam"];

fn actor(t: &Team, name: &str) -> Actor {
    match name {
        "amy" => t.amy().clone(),
        "bob" => t.bob.clone(),
        "ivy" => t.ivy.clone(),
        "zed" => t.zed.clone(),
        "sam" => t.sam.clone(),
        _ => t.d.boss.clone(),
    }
}

/// Every row of every table in the file, to tell that a refusal wrote
/// nothing.
fn contents(t: &Team) -> Vec<(String, Vec<Vec<Value>>)> {
    let c = rusqlite::Connection::open(t.d.store.path()).unwrap();
    let tables: Vec<String> = c
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table'
             AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables
        .into_iter()
        .map(|table| {
            let mut st = c.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
            let n = st.column_count();
            let rows = st
                .query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            (table, rows)
        })
        .collect()
}

#[test]
fn every_operation_is_refused_or_allowed_by_the_one_policy_through_the_store() {
    let table = table();
    // A fresh team for each role, made again only after an operation
    // went through (a refusal, checked to write nothing, leaves it as it was).
    let mut teams: Vec<Team> = WHO.iter().map(|_| team()).collect();
    let mut rows = 0;
    for (pattern, is_it, arm) in &table {
        for r in arm {
            rows += 1;
            let mut ok = Vec::new();
            for (i, name) in WHO.iter().enumerate() {
                let t = &teams[i];
                let a = actor(t, name);
                let op = (r.op)(t, &a);
                every_op_has_rows(&op);
                assert!(is_it(&op), "{}: {op:?} is not {pattern}", r.what);
                let before = contents(t);
                let passed = (r.probe)(t, &a);
                assert_eq!(
                    passed,
                    access::check(&a, op).is_ok(),
                    "{} as {name}: the store and the policy disagree",
                    r.what
                );
                if passed {
                    ok.push(*name);
                    teams[i] = team();
                } else {
                    assert!(
                        before == contents(t),
                        "{} as {name}: refused, yet the file changed",
                        r.what
                    );
                }
            }
            assert_eq!(ok.join(" "), r.who, "{}", r.what);
        }
    }
    assert!(rows >= table.len());
}

#[test]
fn nobody_but_an_active_agent_gets_an_actor() {
    let t = team();
    let s = &t.d.store;
    for login in ["zed", "stranger", "root"] {
        assert!(
            matches!(s.identify(login, None), Err(StoreError::NotAnAgent { .. })),
            "{login}"
        );
    }
    // A disabled agent's key lets nobody in either.
    assert_eq!(s.key_agent(&t.fingerprint).unwrap().unwrap().login, "amy");
    s.set_agent_active(&t.d.boss, "amy", false, now()).unwrap();
    assert!(s.key_agent(&t.fingerprint).unwrap().is_none());
}
