//! Crashes: round after round, agent processes writing to one file are
//! killed with SIGKILL at random moments. Every outcome an agent was told was
//! saved (an `ACK` line printed before it died) must still be in the file,
//! the file must pass `PRAGMA integrity_check`, and the store must open and
//! take new work.
//!
//! CI runs a short loop; `DCC_CRASH_ROUNDS=200 cargo test --release --test
//! crash` runs a long one (about 15 s per 10 rounds).

mod common;

use std::collections::HashMap;
use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use common::at;
use dcc_desk::domain::phone::Phone;
use dcc_desk::store::{Actor, LeadStore, NewLead, OpenMode, Role, SqliteStore};

/// Rounds when `DCC_CRASH_ROUNDS` is not set.
const CI_ROUNDS: usize = 5;
const WORKERS: usize = 4;
const LEADS: usize = 200;
/// Each round is the next working day: the claims of agents killed in one
/// round (5 minutes) have long expired, as they would in real time, and the
/// leads called the day before are due again.
const ROUND_DAYS: i64 = 1;

fn rounds() -> usize {
    match std::env::var("DCC_CRASH_ROUNDS") {
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("DCC_CRASH_ROUNDS={v:?} is not a number of rounds")),
        Err(_) => CI_ROUNDS,
    }
}

/// SplitMix64: kill times that a seed replays.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n.max(1)
    }
}

fn populate(path: &Path) -> (Actor, Vec<String>) {
    let store = SqliteStore::open(path, OpenMode::Create).unwrap();
    let t = at("2026-11-01 09:00");
    let boss = Actor::myself(
        store
            .add_agent(None, "boss", "主管", Role::Supervisor, t)
            .unwrap(),
    );
    let logins: Vec<String> = (1..=WORKERS).map(|i| format!("agent{i}")).collect();
    for login in &logins {
        store
            .add_agent(Some(&boss), login, login, Role::Inbound, t)
            .unwrap();
    }
    for i in 0..LEADS {
        store
            .add_lead(
                &boss,
                &lead(i, &logins[i % WORKERS]),
                at("2026-11-22 10:00"),
            )
            .unwrap();
    }
    (boss, logins)
}

fn lead(i: usize, owner: &str) -> NewLead {
    NewLead {
        name: format!("客户{i}"),
        phone: Phone::parse(&format!("139{:08}", 10_000 + i)).unwrap(),
        channel: "autohome".into(),
        model: "凯美瑞".into(),
        purchase_by: None,
        visit_by: None,
        grade: Some(["H", "A", "B", "C"][i % 4].into()),
        owner: Some(owner.to_string()),
        note: None,
        details: Default::default(),
    }
}

/// An acknowledged call: what the agent was told was saved.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Ack {
    call_id: i64,
    lead_id: i64,
    outcome: String,
    login: String,
}

fn spawn(db: &Path, markers: &Path, login: &str, seed: u64, now: NaiveDateTime) -> Child {
    common::load_worker(db, login, seed, now)
        .args(["--hold-ms", "3", "--pause-ms", "2"])
        .arg("--marker-dir")
        .arg(markers)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn reader(mut r: impl Read + Send + 'static) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut v = Vec::new();
        let _ = r.read_to_end(&mut v);
        v
    })
}

/// The complete lines a killed process printed: a line cut short by the
/// kill is dropped (its call may or may not be saved; it was never shown).
fn complete_lines(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    if lines.last().is_some_and(|l| !l.ends_with('\n')) {
        lines.pop();
    }
    lines
        .into_iter()
        .map(|l| l.trim_end().to_string())
        .collect()
}

/// One round: start the agents, kill each at a random moment between 20 ms
/// and 700 ms (sometimes all at once), and return what they printed.
fn round(
    db: &Path,
    markers: &Path,
    logins: &[String],
    n: usize,
    now: NaiveDateTime,
) -> (Vec<Ack>, usize) {
    let mut rng = Rng(n as u64 * 7919 + 17);
    let all_at_once = rng.below(4) == 0;
    let shared = 20 + rng.below(680);
    let mut workers: Vec<(String, Child, Duration)> = logins
        .iter()
        .enumerate()
        .map(|(i, login)| {
            let kill_at = if all_at_once {
                shared
            } else {
                20 + rng.below(680)
            };
            let seed = (n * 100 + i + 1) as u64;
            (
                login.clone(),
                spawn(db, markers, login, seed, now),
                Duration::from_millis(kill_at),
            )
        })
        .collect();
    let started = Instant::now();
    let outputs: Vec<_> = workers
        .iter_mut()
        .map(|(_, c, _)| {
            (
                reader(c.stdout.take().unwrap()),
                reader(c.stderr.take().unwrap()),
            )
        })
        .collect();
    let mut killed = 0;
    let mut acks = Vec::new();
    let mut order: Vec<usize> = (0..workers.len()).collect();
    order.sort_by_key(|&i| workers[i].2);
    for &i in &order {
        let wait = workers[i].2.saturating_sub(started.elapsed());
        thread::sleep(wait);
        let _ = workers[i].1.kill(); // SIGKILL
    }
    for (_, mut child, _) in workers {
        if child.wait().unwrap().signal() == Some(9) {
            killed += 1;
        }
    }
    // The readers end when the pipes close: every process is gone.
    let mut outs = Vec::new();
    for (out, err) in outputs {
        outs.push((out.join().unwrap(), err.join().unwrap()));
    }
    for ((stdout, stderr), login) in outs.iter().zip(logins) {
        let stderr = String::from_utf8_lossy(stderr);
        assert!(
            stderr.trim().is_empty(),
            "round {n}: agent {login} complained before it was killed: {stderr}"
        );
        for line in complete_lines(stdout) {
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.first().copied() {
                Some("ACK") => {
                    assert_eq!(words.len(), 5, "{line}");
                    acks.push(Ack {
                        call_id: words[1].parse().unwrap(),
                        lead_id: words[2].parse().unwrap(),
                        outcome: words[3].to_string(),
                        login: login.clone(),
                    });
                }
                Some("DECLINED") => {}
                Some("BUSY") | Some("DOUBLE-CLAIM") => {
                    panic!("round {n}: agent {login}: {line}")
                }
                _ => panic!("round {n}: agent {login}: unexpected line {line:?}"),
            }
        }
    }
    (acks, killed)
}

/// Every acknowledged call is in the file as it was acknowledged, and the
/// file is sound.
fn verify(db: &Path, acks: &[Ack], n: usize) {
    let c = rusqlite::Connection::open(db).unwrap();
    let integrity: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok", "round {n}: the file is damaged");
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
    for a in acks {
        let saved = calls.get(&a.call_id).unwrap_or_else(|| {
            panic!(
                "round {n}: call {} was acknowledged to {} but is not in the file",
                a.call_id, a.login
            )
        });
        assert_eq!(
            (saved.0, saved.1.as_str(), saved.2.as_str()),
            (a.lead_id, a.outcome.as_str(), a.login.as_str()),
            "round {n}: call {} is not what was acknowledged",
            a.call_id
        );
    }
}

#[test]
fn killed_writers_lose_no_acknowledged_outcome_and_leave_a_sound_file() {
    let begun = Instant::now();
    let rounds = rounds();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dcc.sqlite");
    let markers = dir.path().join("markers");
    let (boss, logins) = populate(&db);
    let base = at("2026-11-23 10:00");

    let mut acks: Vec<Ack> = Vec::new();
    let mut killed = 0;
    for n in 0..rounds {
        let now = base + chrono::Duration::days(n as i64 * ROUND_DAYS);
        // A killed agent's marker is stale once its claim has expired.
        let _ = std::fs::remove_dir_all(&markers);
        let (new, k) = round(&db, &markers, &logins, n, now);
        killed += k;
        eprintln!("round {n} at {now}: {} acknowledged, {k} killed", new.len());
        acks.extend(new);
        // Everything acknowledged in this and every earlier round.
        verify(&db, &acks, n);

        // The store opens (recovering the WAL the dead left) and takes new work.
        let store = SqliteStore::open(&db, OpenMode::Existing).unwrap();
        let id = store
            .add_lead(&boss, &lead(LEADS + n, "boss"), now)
            .unwrap_or_else(|e| panic!("round {n}: the store takes no new work: {e}"));
        assert_eq!(
            store.lead(&boss, id, now).unwrap().name,
            format!("客户{}", LEADS + n)
        );
        store.queue(&boss, None, now.date(), now).unwrap();
    }
    assert!(
        acks.len() >= rounds,
        "only {} calls were acknowledged in {rounds} rounds: the agents did not get to work",
        acks.len()
    );
    assert!(
        killed >= rounds * WORKERS / 2,
        "only {killed} agents were killed: most finished before their kill"
    );
    eprintln!(
        "{rounds} rounds, {killed} agents killed, {} acknowledged calls all present, {:?}",
        acks.len(),
        begun.elapsed()
    );
}
