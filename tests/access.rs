//! The access policy through the store, the workstation and the command
//! line: each operation refused or allowed for an inbound agent, an outbound
//! agent (own lead, a colleague's, one assigned to them to verify, the
//! defeat's requester), a supervisor and an inactive agent.

mod common;

use std::path::Path;

use chrono::NaiveDateTime;
use common::{at, screen};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dcc_desk::app::{App, FixedClock, Session};
use dcc_desk::domain::access::{Restricted, Why};
use dcc_desk::domain::outcome::{CallReport, Outcome};
use dcc_desk::domain::phone::Phone;
use dcc_desk::i18n::Lang;
use dcc_desk::store::{
    Actor, CallLog, LeadStore, NewLead, OpenMode, Role, SqliteStore, StoreError,
};

const NOW: &str = "2026-11-23 11:00";

/// boss (supervisor), amy and bob (outbound), ivy (inbound), zed (outbound,
/// disabled). Amy owns `mine` (13812345678); she asked for the defeat of
/// `verify`, which the supervisor approved and which went to bob to verify.
struct Team {
    d: common::Desk,
    bob: Actor,
    ivy: Actor,
    zed: Actor,
    mine: i64,
    verify: i64,
}

fn team() -> Team {
    let d = common::desk();
    let add = |login: &str, role| d.agent(login, login, role);
    let bob = add("bob", Role::Outbound);
    let ivy = add("ivy", Role::Inbound);
    let mut zed = add("zed", Role::Outbound);
    let c = rusqlite::Connection::open(d.store.path()).unwrap();
    c.execute("UPDATE agents SET active = 0 WHERE login = 'zed'", [])
        .unwrap();
    zed.agent.active = false;
    zed.real.active = false;
    let mine = d.lead("韩梅梅", "13812345678", "H", at("2026-11-20 10:00"));
    let verify = d.lead("李雷", "13987654321", "B", at("2026-11-20 10:00"));
    let defeat = CallReport {
        reason: Some("price_high".into()),
        ..Default::default()
    };
    d.log(verify, Outcome::Defeat, defeat, at("2026-11-22 10:00"))
        .unwrap();
    d.store
        .decide(&d.boss, verify, true, None, at("2026-11-22 11:00"))
        .unwrap();
    let card = d.store.lead(&d.boss, verify, now()).unwrap();
    assert_eq!(card.owner.as_deref(), Some("bob"), "bob verifies it");
    Team {
        d,
        bob,
        ivy,
        zed,
        mine,
        verify,
    }
}

fn now() -> NaiveDateTime {
    at(NOW)
}

fn call(lead: i64, outcome: Outcome) -> CallLog {
    CallLog {
        lead_id: lead,
        outcome,
        report: CallReport::default(),
        note: None,
        started: None,
        inbound: false,
    }
}

/// Whether the policy let it through (the domain may still refuse it for
/// another reason, as deciding a lead that waits for no decision).
fn allowed<T: std::fmt::Debug>(r: Result<T, StoreError>) -> bool {
    !matches!(r, Err(StoreError::NotPermitted(_)))
}

type Check = fn(&Team, &Actor) -> bool;

/// Who (of amy, bob, ivy, boss) the store lets do `op`, each on a fresh team.
fn who(op: Check) -> String {
    let mut ok = Vec::new();
    for name in ["amy", "bob", "ivy", "boss"] {
        let t = team();
        let actor = match name {
            "amy" => t.d.agent.clone(),
            "bob" => t.bob.clone(),
            "ivy" => t.ivy.clone(),
            _ => t.d.boss.clone(),
        };
        if op(&t, &actor) {
            ok.push(name);
        }
    }
    ok.join(" ")
}

#[test]
fn the_store_asks_the_policy_for_every_operation() {
    let table: &[(&str, Check, &str)] = &[
        (
            "see amy's lead",
            |t, a| allowed(t.d.store.lead(a, t.mine, now())),
            "amy ivy boss",
        ),
        (
            "see the lead bob verifies",
            |t, a| allowed(t.d.store.lead(a, t.verify, now())),
            "bob ivy boss",
        ),
        (
            "call amy's lead",
            |t, a| allowed(t.d.store.claim(a, t.mine, now())),
            "amy ivy boss",
        ),
        (
            "log an outcome on amy's lead",
            |t, a| allowed(t.d.store.log_call(a, &call(t.mine, Outcome::Dnc), now())),
            "amy boss",
        ),
        (
            "log the verification",
            |t, a| {
                allowed(
                    t.d.store
                        .log_call(a, &call(t.verify, Outcome::Reached), now()),
                )
            },
            "bob boss",
        ),
        (
            "regrade amy's lead",
            |t, a| allowed(t.d.store.regrade(a, t.mine, "C", None, now())),
            "amy boss",
        ),
        (
            "dnc add amy's number",
            |t, a| {
                let p = Phone::parse("13812345678").unwrap();
                allowed(t.d.store.dnc_add(a, &p, "manual", None, now()))
            },
            "amy boss",
        ),
        (
            "dnc add another number",
            |t, a| {
                let p = Phone::parse("13700000000").unwrap();
                allowed(t.d.store.dnc_add(a, &p, "manual", None, now()))
            },
            "boss",
        ),
        (
            "dnc import",
            |t, a| {
                let p = Phone::parse("13700000000").unwrap();
                allowed(t.d.store.dnc_add(a, &p, "import:list.txt", None, now()))
            },
            "boss",
        ),
        (
            "dnc remove",
            |t, a| {
                let p = Phone::parse("13700000000").unwrap();
                allowed(
                    t.d.store
                        .dnc_remove(a, &p, "the customer asked again", now()),
                )
            },
            "boss",
        ),
        (
            "amy's queue",
            |t, a| {
                let amy = t.d.agent.agent.id;
                allowed(t.d.store.queue(a, Some(amy), now().date(), now()))
            },
            "amy boss",
        ),
        (
            "the team's queue",
            |t, a| allowed(t.d.store.queue(a, None, now().date(), now())),
            "ivy boss",
        ),
        (
            "reveal a number",
            |t, a| allowed(t.d.store.reveal_phone(a, t.mine, now())),
            "boss",
        ),
        (
            "decide",
            |t, a| allowed(t.d.store.decide(a, t.verify, true, None, now())),
            "boss",
        ),
        (
            "reassign",
            |t, a| allowed(t.d.store.reassign(a, &[t.mine], "bob", "holiday", now())),
            "boss",
        ),
        (
            "change a setting",
            |t, a| allowed(t.d.store.set_setting(a, "dealer", "丰田4S店", now())),
            "boss",
        ),
        (
            "add an agent",
            |t, a| {
                allowed(
                    t.d.store
                        .add_agent(Some(a), "new", "新人", Role::Inbound, now()),
                )
            },
            "boss",
        ),
        (
            "add a lead owned by bob",
            |t, a| allowed(t.d.store.add_lead(a, &for_bob(), now())),
            "bob ivy boss",
        ),
        (
            "the team's day",
            |t, a| allowed(t.d.store.team_day(a, now().date(), now())),
            "boss",
        ),
        (
            "who is online",
            |t, a| allowed(t.d.store.online(a, now())),
            "boss",
        ),
        (
            "the requests waiting for a decision",
            |t, a| allowed(t.d.store.pending_requests(a)),
            "boss",
        ),
        (
            "amy's day",
            |t, a| allowed(t.d.store.day_stats(a, t.d.agent.agent.id, now().date())),
            "amy boss",
        ),
        (
            "expected visits with full numbers",
            |t, a| allowed(t.d.store.expected_visits(a, now().date(), true, now())),
            "boss",
        ),
    ];
    for (what, op, expected) in table {
        assert_eq!(who(*op), *expected, "{what}");
    }
}

fn for_bob() -> NewLead {
    NewLead {
        name: "赵六".into(),
        phone: Phone::parse("13600000000").unwrap(),
        channel: "autohome".into(),
        model: "凯美瑞".into(),
        purchase_by: None,
        visit_by: None,
        grade: Some("A".into()),
        owner: Some("bob".into()),
        note: None,
        details: Default::default(),
    }
}

#[test]
fn the_agent_who_asked_for_a_defeat_never_verifies_it_and_refusals_say_why() {
    let t = team();
    let amy = &t.d.agent;
    let err =
        t.d.store
            .log_call(amy, &call(t.verify, Outcome::Reached), now())
            .unwrap_err();
    let StoreError::NotPermitted(denied) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(denied.what, Restricted::LogOutcome(t.verify));
    assert_eq!(denied.why, Why::AskedForIt);
    let en = dcc_desk::i18n::store_error(&err, Lang::En);
    assert!(en.contains(&format!("lead {}", t.verify)), "{en}");
    assert!(en.contains("you asked for its defeat"), "{en}");
    let zh = dcc_desk::i18n::store_error(&err, Lang::Zh);
    assert!(zh.contains("战败是你申请的"), "{zh}");
    // A colleague's lead: not theirs.
    let err =
        t.d.store
            .log_call(&t.bob, &call(t.mine, Outcome::Reached), now())
            .unwrap_err();
    let StoreError::NotPermitted(denied) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(denied.why, Why::NotTheirLead);
    let zh = dcc_desk::i18n::store_error(&err, Lang::Zh);
    assert!(zh.contains("其他坐席的客户"), "{zh}");
}

#[test]
fn an_inactive_agent_is_not_acted_for_and_inactive_logins_do_not_act() {
    let t = team();
    let err = t.d.store.identify("boss", Some("zed")).unwrap_err();
    let StoreError::NotPermitted(denied) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(denied.why, Why::Inactive);
    assert!(dcc_desk::i18n::store_error(&err, Lang::Zh).contains("已停用"));
    assert!(matches!(
        t.d.store.identify("zed", None),
        Err(StoreError::NotAnAgent { .. })
    ));
    // An agent may not act for anyone, active or not.
    assert!(matches!(
        t.d.store.identify("amy", Some("bob")),
        Err(StoreError::NotPermitted(_))
    ));
    assert_eq!(t.zed.agent.login, "zed");
}

#[test]
fn numbers_are_full_only_for_the_agent_whose_call_it_is() {
    let t = team();
    let store = &t.d.store;
    let full = |a: &Actor| store.lead(a, t.mine, now()).unwrap().phone.full().is_some();
    assert!(full(&t.d.agent), "amy's own lead");
    assert!(!full(&t.ivy), "an inbound agent sees it masked");
    assert!(!full(&t.d.boss), "the supervisor too, until revealed");
    // Holding it on a call, the inbound agent sees the number they dial.
    store.claim(&t.ivy, t.mine, now()).unwrap();
    assert!(full(&t.ivy));
    // The team's queue and a search: masked but for one's own leads.
    let q = store.queue(&t.d.boss, None, now().date(), now()).unwrap();
    assert!(q.iter().all(|i| i.phone.is_masked()), "{q:?}");
    let hits = store.find_leads(&t.d.agent, "5678", 5).unwrap();
    assert_eq!(hits[0].phone.full(), Some("13812345678"));
    let hits = store.find_leads(&t.ivy, "5678", 5).unwrap();
    assert_eq!(hits[0].lead_id, t.mine, "inbound agents find every lead");
    assert!(hits[0].phone.is_masked());
    assert!(store.find_leads(&t.bob, "5678", 5).unwrap().is_empty());
    // Requests waiting for the supervisor: always masked.
    let p = store.pending_requests(&t.d.boss).unwrap();
    assert!(p.iter().all(|r| r.phone.is_masked()));
}

#[test]
fn dnc_remove_is_audited_with_its_reason() {
    let t = team();
    let p = Phone::parse("13700000000").unwrap();
    let s = &t.d.store;
    assert!(s.dnc_add(&t.d.boss, &p, "manual", None, now()).unwrap());
    assert!(matches!(
        s.dnc_remove(&t.d.boss, &p, " ", now()),
        Err(StoreError::Invalid(_))
    ));
    assert!(s.dnc_remove(&t.d.boss, &p, "客户重新同意", now()).unwrap());
    assert!(!s.dnc_contains(&p).unwrap());
    assert!(!s.dnc_remove(&t.d.boss, &p, "again", now()).unwrap());
    let c = rusqlite::Connection::open(s.path()).unwrap();
    let (what, new): (String, String) = c
        .query_row(
            "SELECT what, new FROM audit WHERE what LIKE 'dnc remove%'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (what.as_str(), new.as_str()),
        ("dnc remove 13700000000", "客户重新同意")
    );
}

// The workstation.

fn workstation(t: &Team, who: &Actor) -> App {
    let store = SqliteStore::open(t.d.store.path(), OpenMode::Existing).unwrap();
    let session = Session {
        lang: Some(Lang::En),
        ..Default::default()
    };
    App::new(
        Box::new(store),
        Box::new(FixedClock(now())),
        who.clone(),
        session,
    )
    .unwrap()
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

#[test]
fn search_in_the_workstation_finds_every_lead_for_inbound_agents_and_supervisors() {
    let t = team();
    for who in [&t.ivy, &t.d.boss] {
        let mut a = workstation(&t, who);
        typed(&mut a, "/");
        typed(&mut a, "韩梅");
        let s = screen(&a, 100, 30);
        assert!(
            s.contains("韩梅梅"),
            "{} finds amy's lead: {s}",
            who.agent.login
        );
        assert!(s.contains("138****5678"), "masked: {s}");
    }
    let mut a = workstation(&t, &t.bob);
    typed(&mut a, "/");
    typed(&mut a, "韩梅");
    assert!(!screen(&a, 100, 30).contains("韩梅梅"), "bob only his own");
}

#[test]
fn approving_a_defeat_shows_no_full_number_behind_the_prompt() {
    let d = common::desk();
    let lead = d.lead("王五", "13712345678", "B", at("2026-11-20 10:00"));
    let defeat = CallReport {
        reason: Some("price_high".into()),
        ..Default::default()
    };
    d.log(lead, Outcome::Defeat, defeat, at("2026-11-23 09:00"))
        .unwrap();
    let t = Team {
        bob: d.agent.clone(),
        ivy: d.agent.clone(),
        zed: d.agent.clone(),
        mine: lead,
        verify: lead,
        d,
    };
    let mut a = workstation(&t, &t.d.boss);
    typed(&mut a, "A");
    typed(&mut a, "y");
    for (w, h) in [(80, 24), (120, 40)] {
        let s = screen(&a, w, h);
        assert!(!s.contains("137 1234 5678"), "{s}");
        assert!(!s.contains("13712345678"), "{s}");
    }
    let c = rusqlite::Connection::open(t.d.store.path()).unwrap();
    let reveals: i64 = c
        .query_row("SELECT count(*) FROM reveals", [], |r| r.get(0))
        .unwrap();
    assert_eq!(reveals, 0);
}

// The command line.

fn dcc(db: &Path, user: &str, args: &[&str]) -> (bool, String, String) {
    let out = common::dcc_as(db, user, "2026-11-23T11:00")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_command_line_shows_no_colleagues_lead_and_no_full_numbers_to_the_team() {
    let t = team();
    let db = t.d.store.path().to_path_buf();
    let id = t.mine.to_string();
    // An outbound agent may not read a colleague's lead.
    let (ok, _, err) = dcc(&db, "bob", &["lead", "show", &id]);
    assert!(!ok && err.contains(&format!("see lead {id}")), "{err}");
    let (ok, out, _) = dcc(&db, "amy", &["lead", "show", &id]);
    assert!(ok && out.contains("13812345678"), "{out}");
    let (ok, out, _) = dcc(&db, "boss", &["lead", "show", &id]);
    assert!(
        ok && out.contains("138****5678") && !out.contains("13812345678"),
        "{out}"
    );
    // The team's queue as CSV: masked.
    let (ok, out, err) = dcc(&db, "boss", &["queue", "--all", "--format", "csv"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("韩梅梅") && out.contains("138****5678"),
        "{out}"
    );
    assert!(!out.contains("13812345678"), "{out}");
    // Agents do not import do-not-call lists, nor list the team.
    let list = db.with_file_name("dnc.txt");
    std::fs::write(&list, "13812345678\n13987654321\n").unwrap();
    let (ok, _, err) = dcc(&db, "amy", &["dnc", "import", list.to_str().unwrap()]);
    assert!(!ok && err.contains("only a supervisor"), "{err}");
    assert!(!t
        .d
        .store
        .dnc_contains(&Phone::parse("13812345678").unwrap())
        .unwrap());
    let (ok, _, err) = dcc(&db, "amy", &["agent", "list"]);
    assert!(!ok && err.contains("only a supervisor"), "{err}");
    // Nor list the do-not-call numbers (in full), nor see the team's day.
    let (ok, out, err) = dcc(&db, "ivy", &["dnc", "list"]);
    assert!(
        !ok && err.contains("only a supervisor may list the do-not-call numbers"),
        "{err}"
    );
    assert!(out.is_empty(), "{out}");
    let (ok, _, err) = dcc(&db, "ivy", &["team"]);
    assert!(!ok && err.contains("only a supervisor"), "{err}");
    let (ok, _, err) = dcc(&db, "boss", &["dnc", "list"]);
    assert!(ok, "{err}");
    // Nor add a lead for a colleague.
    let (ok, _, err) = dcc(
        &db,
        "amy",
        &[
            "lead",
            "add",
            "--name",
            "赵六",
            "--phone",
            "13600000000",
            "--channel",
            "autohome",
            "--model",
            "凯美瑞",
            "--grade",
            "A",
            "--owner",
            "bob",
        ],
    );
    assert!(
        !ok && err.contains("add a lead for another agent (bob)"),
        "{err}"
    );
    // dnc remove: supervisors, with a reason.
    let (ok, _, err) = dcc(
        &db,
        "amy",
        &["dnc", "remove", "13700000000", "--reason", "x"],
    );
    assert!(!ok && err.contains("only a supervisor"), "{err}");
}
