//! Many agents, one file: real `dcc` processes working the same team queue
//! at once, and a writer waiting for another writer instead of failing.

mod common;

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use common::at;
use dcc_desk::domain::outcome::{CallReport, Outcome};
use dcc_desk::domain::phone::Phone;
use dcc_desk::store::{Actor, CallLog, LeadStore, NewLead, OpenMode, Role, SqliteStore};

const WORKERS: usize = 8;
const OPS: u64 = 40;
const LEADS: usize = 300;
/// The clock every worker process runs at.
const NOW: &str = "2026-11-23T10:00";
/// A child still running after this is killed and the test fails.
const DEADLINE: Duration = Duration::from_secs(120);

/// A new database with a supervisor, `WORKERS` outbound agents and `LEADS`
/// leads due on the 23rd (captured the day before, first follow-up next
/// day), owned round-robin by the agents. Returns the agents' logins.
fn populate(path: &Path) -> Vec<String> {
    let store = SqliteStore::open(path, OpenMode::Create).unwrap();
    let t = at("2026-11-01 09:00");
    let boss = Actor::myself(
        store
            .add_agent(None, "boss", "主管", Role::Supervisor, t)
            .unwrap(),
    );
    // Inbound agents: they take calls on any lead of the team's queue.
    let logins: Vec<String> = (1..=WORKERS).map(|i| format!("agent{i}")).collect();
    for (i, login) in logins.iter().enumerate() {
        store
            .add_agent(
                Some(&boss),
                login,
                &format!("坐席{}", i + 1),
                Role::Inbound,
                t,
            )
            .unwrap();
    }
    let grades = ["H", "A", "B", "C"];
    let captured = at("2026-11-22 10:00");
    for i in 0..LEADS {
        store
            .add_lead(
                &boss,
                &NewLead {
                    name: format!("客户{i}"),
                    phone: Phone::parse(&format!("139{:08}", 10_000 + i)).unwrap(),
                    channel: "autohome".into(),
                    model: "凯美瑞".into(),
                    purchase_by: None,
                    visit_by: None,
                    grade: Some(grades[i % grades.len()].into()),
                    owner: Some(logins[i % logins.len()].clone()),
                    note: None,
                    details: Default::default(),
                },
                captured,
            )
            .unwrap();
    }
    logins
}

struct Ack {
    call_id: i64,
    lead_id: i64,
    outcome: String,
    latency_us: u64,
}

/// What one worker process said.
struct Report {
    login: String,
    status: std::process::ExitStatus,
    stdout: String,
    stderr: String,
}

fn reader(mut r: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        s
    })
}

/// Waits for every child, killing any still running at the deadline.
fn wait_all(children: Vec<(String, Child)>) -> Vec<Report> {
    let started = Instant::now();
    let mut running: Vec<_> = children
        .into_iter()
        .map(|(login, mut child)| {
            let out = reader(child.stdout.take().unwrap());
            let err = reader(child.stderr.take().unwrap());
            (login, child, out, err)
        })
        .collect();
    let mut reports = Vec::new();
    while !running.is_empty() {
        let mut i = 0;
        while i < running.len() {
            if let Some(status) = running[i].1.try_wait().unwrap() {
                let (login, _, out, err) = running.swap_remove(i);
                reports.push(Report {
                    login,
                    status,
                    stdout: out.join().unwrap(),
                    stderr: err.join().unwrap(),
                });
            } else {
                i += 1;
            }
        }
        if started.elapsed() > DEADLINE {
            for (login, child, _, _) in &mut running {
                let _ = child.kill();
                eprintln!("worker {login} still running after {DEADLINE:?}: killed");
            }
            panic!("{} worker(s) did not finish in time", running.len());
        }
        thread::sleep(Duration::from_millis(20));
    }
    reports
}

fn percentile(sorted: &[u64], p: f64) -> u64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

#[test]
fn many_agent_processes_share_one_file_without_busy_errors_double_claims_or_lost_calls() {
    let begun = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dcc.sqlite");
    let markers = dir.path().join("markers");
    std::fs::create_dir(&markers).unwrap();
    let logins = populate(&db);
    let populated = begun.elapsed();

    // Eight agents at once, all picking among the same top 20 leads, each
    // holding its lead for a moment of "talk": claims must collide.
    let children: Vec<(String, Child)> = logins
        .iter()
        .enumerate()
        .map(|(i, login)| {
            let child = Command::new(env!("CARGO_BIN_EXE_dcc"))
                .args(["load-worker", "--ops", &OPS.to_string()])
                .args(["--seed", &(i + 1).to_string()])
                .arg("--marker-dir")
                .arg(&markers)
                .args(["--hold-ms", "10", "--pause-ms", "5", "--top", "20"])
                .args(["--login", login])
                .env("DCC_DB", &db)
                .env("DCC_NOW", NOW)
                .env("DCC_CONFIG", dir.path().join("no-such-config.toml"))
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            (login.clone(), child)
        })
        .collect();
    let reports = wait_all(children);
    let ran = begun.elapsed() - populated;

    // Every process ends well and says nothing alarming.
    let mut acks: Vec<(String, Ack)> = Vec::new();
    let mut refused = 0u64;
    for r in &reports {
        assert!(
            r.status.success(),
            "worker {} failed ({}):\n{}\n{}",
            r.login,
            r.status,
            r.stderr,
            r.stdout
        );
        let mut mine = 0u64;
        let mut done = None;
        for line in r.stdout.lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.first().copied() {
                Some("ACK") => {
                    assert_eq!(words.len(), 5, "{line}");
                    mine += 1;
                    acks.push((
                        r.login.clone(),
                        Ack {
                            call_id: words[1].parse().unwrap(),
                            lead_id: words[2].parse().unwrap(),
                            outcome: words[3].to_string(),
                            latency_us: words[4].parse().unwrap(),
                        },
                    ));
                }
                Some("BUSY") => panic!("worker {}: {line}", r.login),
                Some("DOUBLE-CLAIM") => panic!("worker {}: {line}", r.login),
                Some("DECLINED") => {}
                Some("DONE") => {
                    let field = |name: &str| -> u64 {
                        words
                            .iter()
                            .find_map(|w| w.strip_prefix(&format!("{name}=")))
                            .unwrap_or_else(|| panic!("no {name} in {line}"))
                            .parse()
                            .unwrap()
                    };
                    assert_eq!(field("acks"), mine, "{}: {line}", r.login);
                    assert_eq!(field("busy"), 0, "{}: {line}", r.login);
                    assert_eq!(field("double"), 0, "{}: {line}", r.login);
                    refused += field("refused");
                    done = Some(line.to_string());
                }
                _ => panic!("worker {}: unexpected line {line:?}", r.login),
            }
        }
        assert!(done.is_some(), "worker {} never said DONE", r.login);
        assert!(mine > 0, "worker {} logged no call", r.login);
    }
    assert!(
        refused > 0,
        "no claim was ever refused: the workers never collided, so claims were not tested"
    );

    // The database holds exactly the acknowledged calls, each as acknowledged.
    let c = rusqlite::Connection::open(&db).unwrap();
    let integrity: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let mut st = c
        .prepare(
            "SELECT c.id, c.lead_id, c.outcome, a.login FROM calls c JOIN agents a ON a.id = c.agent_id",
        )
        .unwrap();
    let calls: HashMap<i64, (i64, String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        calls.len(),
        acks.len(),
        "calls in the database vs acknowledged calls"
    );
    let mut seen = HashSet::new();
    for (login, a) in &acks {
        assert!(
            seen.insert(a.call_id),
            "call {} acknowledged twice",
            a.call_id
        );
        let (lead, outcome, agent) = calls
            .get(&a.call_id)
            .unwrap_or_else(|| panic!("acknowledged call {} is not in the database", a.call_id));
        assert_eq!(
            (*lead, outcome.as_str(), agent.as_str()),
            (a.lead_id, a.outcome.as_str(), login.as_str()),
            "call {}",
            a.call_id
        );
    }
    // No update was lost: each lead's counters are what its calls, replayed in
    // the order they were saved, make them. A call that read a lead's state
    // before another call on it committed would leave them short.
    let mut by_lead: HashMap<i64, Vec<&str>> = HashMap::new();
    let mut ids: Vec<_> = calls.iter().collect();
    ids.sort_by_key(|(id, _)| **id);
    for (_, (lead, outcome, _)) in ids {
        by_lead.entry(*lead).or_default().push(outcome.as_str());
    }
    let mut st = c
        .prepare("SELECT id, tries_today, unreached_days, status FROM leads")
        .unwrap();
    let leads: Vec<(i64, u32, u32, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(leads.len(), LEADS);
    for (id, tries, unreached, status) in leads {
        let outcomes = by_lead.remove(&id).unwrap_or_default();
        // All calls are on the same day: tries count the no-answers since the
        // customer was last reached, and one unreached day if there were any.
        let trailing = outcomes
            .iter()
            .rev()
            .take_while(|o| **o == "no-answer")
            .count() as u32;
        let appointed = outcomes.contains(&"appointment");
        assert_eq!(
            (tries, unreached, status.as_str()),
            (
                trailing,
                u32::from(trailing > 0),
                if appointed { "appointed" } else { "tracking" }
            ),
            "lead {id} after calls {outcomes:?}"
        );
    }

    let claimed: i64 = c
        .query_row(
            "SELECT count(*) FROM leads WHERE claimed_by IS NOT NULL OR claim_until IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(claimed, 0, "leads still claimed after every worker ended");
    let left: Vec<_> = std::fs::read_dir(&markers).unwrap().collect();
    assert!(left.is_empty(), "claim markers left behind: {left:?}");

    let mut lat: Vec<u64> = acks.iter().map(|(_, a)| a.latency_us).collect();
    lat.sort_unstable();
    eprintln!(
        "{} processes: {} calls, {} claims refused; populate {:?}, run {:?}; \
         log_call commit latency p50 {} us, p99 {} us, max {} us",
        reports.len(),
        acks.len(),
        refused,
        populated,
        ran,
        percentile(&lat, 0.50),
        percentile(&lat, 0.99),
        lat.last().unwrap()
    );
}

#[test]
fn a_writer_waits_for_another_writers_transaction_instead_of_failing() {
    let d = common::desk();
    let now = at("2026-11-23 10:00");
    let lead = d.lead("李雷", "13912345678", "C", at("2026-11-22 10:00"));
    let path = d.store.path().to_path_buf();

    // Another program takes the write lock and keeps it for a second, changing
    // the lead's grade meanwhile.
    let (locked, lock_held) = mpsc::channel();
    let holder = thread::spawn(move || {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("BEGIN IMMEDIATE").unwrap();
        c.execute("UPDATE leads SET grade = 'H' WHERE id = ?1", [lead])
            .unwrap();
        locked.send(()).unwrap();
        thread::sleep(Duration::from_secs(1));
        c.execute_batch("COMMIT").unwrap();
        Instant::now()
    });
    lock_held.recv().unwrap();

    let asked = Instant::now();
    let logged = d
        .store
        .log_call(
            &d.agent,
            &CallLog {
                lead_id: lead,
                outcome: Outcome::Reached,
                report: CallReport::default(),
                note: None,
                started: None,
                inbound: false,
            },
            now,
        )
        .expect("the store waits for the lock instead of failing with busy");
    let answered = Instant::now();
    let committed = holder.join().unwrap();

    assert!(
        answered - asked >= Duration::from_millis(800),
        "log_call returned after {:?}, while the other writer held the lock for 1 s",
        answered - asked
    );
    assert!(
        answered >= committed,
        "log_call finished before the lock was released"
    );
    // It read the lead after the other writer's commit: nothing was lost.
    assert_eq!(logged.grade, "H");
    let card = d.store.lead(&d.boss, lead, now).unwrap();
    assert_eq!(card.grade, "H");
    let grade_before: String = rusqlite::Connection::open(d.store.path())
        .unwrap()
        .query_row(
            "SELECT grade_before FROM calls WHERE id = ?1",
            [logged.call_id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(grade_before, "H");
}
