//! The backup of the large database while 50 agent processes save outcomes
//! at ten times the real pace (one every 3 to 6 s each, instead of 30 to
//! 60 s): how long it takes, how big it is, and the longest an agent's save
//! waited while it ran, next to the longest before it.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dcc_desk::store::{LeadStore, OpenMode, Operator, Role, SqliteStore};

use super::{ms, now, SUPERVISOR};

const AGENTS: usize = 50;
/// Saves measured before the backup, for comparison.
const BEFORE: Duration = Duration::from_secs(8);

pub fn backup_figures(db: &Path) {
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/dcc");
    if !bin.exists() {
        println!("backup figures: skipped (build target/release/dcc first)");
        return;
    }
    let store = SqliteStore::open(db, OpenMode::Existing).unwrap();
    let logins: Vec<String> = store
        .agents()
        .unwrap()
        .into_iter()
        .filter(|a| a.active && a.role != Role::Supervisor)
        .map(|a| a.login)
        .collect();
    let boss = store.identify(SUPERVISOR, None).unwrap();
    // (when the save was acknowledged, how long it took)
    let saves: Arc<Mutex<Vec<(Instant, Duration)>>> = Arc::default();
    let mut agents = Vec::new();
    let mut readers = Vec::new();
    for i in 0..AGENTS {
        let login = &logins[i % logins.len()];
        let mut child = Command::new(&bin)
            .args([
                "load-worker",
                "--ops",
                "1000000",
                "--own-queue",
                "--stagger",
            ])
            .args(["--pause-min-ms", "3000", "--pause-ms", "6000"])
            .args(["--seed", &(i + 1).to_string()])
            .args(["--login", login])
            .env("DCC_DB", db)
            .env("DCC_NOW", now().format("%Y-%m-%dT%H:%M").to_string())
            .env("DCC_CONFIG", "/nonexistent")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let out = child.stdout.take().unwrap();
        let saves = Arc::clone(&saves);
        readers.push(std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let w: Vec<&str> = line.split_whitespace().collect();
                if w.first() == Some(&"ACK") {
                    if let Some(us) = w.get(4).and_then(|v| v.parse::<u64>().ok()) {
                        let took = Duration::from_micros(us);
                        saves.lock().unwrap().push((Instant::now(), took));
                    }
                }
            }
        }));
        agents.push(child);
    }
    std::thread::sleep(BEFORE);
    let dir = tempfile::tempdir_in(db.parent().unwrap()).unwrap();
    let who = Operator {
        login: SUPERVISOR.into(),
        agent: Some(boss),
    };
    let start = Instant::now();
    let mut copied = start;
    let facts = store
        .back_up(&who, dir.path(), now(), &mut |done, all| {
            if done == all {
                copied = Instant::now();
            }
        })
        .unwrap();
    let (end, took) = (Instant::now(), start.elapsed());
    // Saves that began during the backup are acknowledged up to a save's
    // length after it.
    std::thread::sleep(Duration::from_secs(2));
    for mut a in agents {
        let _ = a.kill();
        let _ = a.wait();
    }
    for r in readers {
        let _ = r.join();
    }
    let saves = saves.lock().unwrap().clone();
    let first = saves.first().map(|s| s.0).unwrap_or(start);
    let longest = |from: Instant, to: Instant| {
        let w: Vec<Duration> = saves
            .iter()
            .filter(|(at, d)| *at >= from && at.checked_sub(*d).is_some_and(|b| b <= to))
            .map(|s| s.1)
            .collect();
        (w.len(), w.into_iter().max().unwrap_or_default())
    };
    let (n_before, max_before) = longest(first, start);
    let (n_during, max_during) = longest(start, end + Duration::from_secs(1));
    let (n_copy, max_copy) = longest(start, copied);
    let (n_check, max_check) = longest(copied, end + Duration::from_secs(1));
    println!(
        "{:<44} {:>8.1} s, {:.0} MB, {} leads, {} calls, integrity ok",
        "backup (online, 50 agents saving)",
        took.as_secs_f64(),
        facts.bytes as f64 / 1e6,
        facts.leads,
        facts.calls
    );
    println!(
        "{:<44} {:>8.1} ms over {n_during} saves (before it: {:.1} ms over {n_before}; target 50 ms)",
        "longest save while the backup ran",
        ms(max_during),
        ms(max_before)
    );
    println!(
        "{:<44} {:>8.1} ms over {n_copy} saves in the copy ({:.1} s), {:.1} ms over {n_check} in the flush and check ({:.1} s)",
        "  of which",
        ms(max_copy),
        (copied - start).as_secs_f64(),
        ms(max_check),
        (end - copied).as_secs_f64()
    );
}
