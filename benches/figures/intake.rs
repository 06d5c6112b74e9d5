//! The figures of data coming in: an import of 100,000 rows into the large
//! database, and 50 agent processes working one copy of it (`dcc load`).

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use dcc_desk::i18n::Lang;
use dcc_desk::import::{import_file, ImportOptions};
use dcc_desk::store::{LeadStore, OpenMode, SqliteStore};

use super::{load_average, ms, now, SUPERVISOR};

/// Rows in the import file.
const IMPORT_ROWS: usize = 100_000;

/// A platform's export of `IMPORT_ROWS` rows, in the proportions of a real
/// one: about 92 % new numbers, 5 % numbers already in the database, 2 %
/// repeated within the file, 1 % bad rows.
fn import_file_text(existing: &[String]) -> String {
    const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];
    const GIVEN: &[&str] = &["伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "杰"];
    const MODELS: &[&str] = &["凯美瑞", "卡罗拉", "RAV4荣放", "亚洲龙", "威兰达", "汉兰达"];
    const CHANNELS: &[&str] = &["autohome", "yiche", "汽车之家", "易车网", "pcauto"];
    const WHEN: &[&str] = &["一周内", "1个月内", "2026-12-20", "2027/01/15", "半年内"];
    let mut text = String::from("姓名,手机,渠道,意向车型,预计购车时间,备注\r\n");
    let mut new_phones: Vec<String> = Vec::new();
    for i in 0..IMPORT_ROWS {
        let name = format!("{}{}", SURNAMES[i % 10], GIVEN[(i / 10) % 10]);
        let phone = match i % 100 {
            0..=4 if !existing.is_empty() => existing[i % existing.len()].clone(),
            5 | 6 if !new_phones.is_empty() => {
                let k: usize = new_phones.len();
                new_phones[(i * 7919) % k].clone()
            }
            7 => format!("12{:09}", i), // not a mobile number: rejected
            // Prefixes the demo does not use, so these are new.
            _ => {
                let p = format!("{}{:08}", if i % 2 == 0 { 195 } else { 197 }, i * 13 + 7);
                new_phones.push(p.clone());
                p
            }
        };
        let _ = write!(
            text,
            "{name},{phone},{},{},{},第{i}行\r\n",
            CHANNELS[i % CHANNELS.len()],
            MODELS[(i / 3) % MODELS.len()],
            WHEN[(i / 7) % WHEN.len()],
        );
    }
    text
}

/// Drops the triggers that count each agent's changes (migration 15,
/// `agent_changes`) from the working copy `db`, to measure what they cost
/// an import (`DCC_BENCH_NO_CHANGE_TRIGGERS=1`).
pub fn drop_change_triggers(db: &Path) {
    let c = rusqlite::Connection::open(db).unwrap();
    let names: Vec<String> = c
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'agent_changes_%'",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for n in &names {
        c.execute_batch(&format!("DROP TRIGGER \"{n}\"")).unwrap();
    }
    println!(
        "without the agent_changes triggers ({} dropped)",
        names.len()
    );
}

/// Imports `IMPORT_ROWS` rows (CSV) into the working copy `db`, as
/// `dcc import` does: read, check, then short transactions.
pub fn import_figures(db: &Path) {
    let dir = db.parent().unwrap();
    let existing: Vec<String> = {
        let c = rusqlite::Connection::open(db).unwrap();
        let mut st = c
            .prepare("SELECT phone FROM leads ORDER BY id DESC LIMIT 5000")
            .unwrap();
        let phones = st
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .filter_map(|p| p.ok())
            .collect();
        phones
    };
    let file = dir.join("platform-export.csv");
    std::fs::write(&file, import_file_text(&existing)).unwrap();
    let store = SqliteStore::open(db, OpenMode::Existing).unwrap();
    let boss = store.identify(SUPERVISOR, None).unwrap();
    let before: i64 = rusqlite::Connection::open(db)
        .unwrap()
        .query_row("SELECT count(*) FROM leads", [], |r| r.get(0))
        .unwrap();
    let opts = ImportOptions {
        file: file.clone(),
        report: Some(dir.join("platform-export.rejected.csv")),
        lang: Some(Lang::Zh),
        ..Default::default()
    };
    let t = Instant::now();
    let s = import_file(&store, &boss, &opts, now()).unwrap();
    let took = t.elapsed();
    println!(
        "{:<44} {:>8.0} ms ({} rows into {before} leads: {} new, {} merged, {} rejected; {:.0} rows/s)",
        format!("import {IMPORT_ROWS} rows (CSV)"),
        ms(took),
        s.rows,
        s.new,
        s.merged,
        s.rejected,
        s.rows as f64 / took.as_secs_f64()
    );
    let _ = std::fs::remove_file(&file);
}

/// `dcc load --agents 50` on a copy of `db`: two short phases, at 10 and
/// 100 times the realistic pace (one outcome per agent every 30 to 60 s).
/// `DCC_BENCH_LOAD_MINUTES` sets each phase's length (default 0.5).
pub fn load_figures(db: &Path) {
    let minutes = std::env::var("DCC_BENCH_LOAD_MINUTES")
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|m| *m > 0.0)
        .unwrap_or(0.5);
    let work = tempfile::tempdir_in(db.parent().unwrap()).unwrap();
    let minutes_arg = minutes.to_string();
    let args = [
        "load",
        "--agents",
        "50",
        "--minutes",
        &minutes_arg,
        "--speedup",
        "10,100",
    ];
    println!("load: dcc {}", args.join(" "));
    let out = Command::new(env!("CARGO_BIN_EXE_dcc"))
        .arg("--db")
        .arg(db)
        .args(args)
        .arg("--work-dir")
        .arg(work.path())
        .args(["--login", SUPERVISOR])
        .env("DCC_NOW", "2026-11-23T10:00")
        .env("DCC_CONFIG", "/nonexistent/dcc-config.toml")
        .output()
        .unwrap();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        println!("  {line}");
    }
    if !out.status.success() {
        println!(
            "  the load run failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
}

/// Rows of the import an agent saves during.
const LONG_IMPORT_ROWS: usize = 200_000;
/// Rows of the import whose memory is measured.
const MEMORY_ROWS: usize = 100_000;

/// `rows` new leads as a platform's CSV (numbers the demo does not use;
/// `prefix` must be a mobile prefix in use, or every row is refused).
fn new_leads_csv(path: &Path, rows: usize, prefix: u64) {
    let mut text = String::from("姓名,手机,渠道,意向车型,预计购车时间,备注\r\n");
    for i in 0..rows {
        let _ = write!(
            text,
            "客户{i},{},汽车之家,凯美瑞,一周内,第{i}行\r\n",
            prefix * 100_000_000 + i as u64
        );
    }
    std::fs::write(path, text).unwrap();
}

/// Runs `dcc import FILE` as a child process; returns it.
fn spawn_import(db: &Path, file: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_dcc"))
        .arg("--db")
        .arg(db)
        .arg("import")
        .arg(file)
        .args(["--login", SUPERVISOR])
        .env("DCC_NOW", "2026-11-23T10:00")
        .env("DCC_CONFIG", "/nonexistent/dcc-config.toml")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

/// A process's peak resident memory so far in KiB, as the kernel keeps it
/// for the program it runs (`VmHWM`). Not `wait4`'s `ru_maxrss`: a child
/// started with `posix_spawn` inherits the bench's own peak across `exec`.
fn peak_kib(pid: u32) -> Option<i64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Waits for a child, reading its peak memory every 10 ms (the last
/// reading comes within 10 ms of its end); returns how long it ran and
/// its peak resident memory in KiB.
fn wait_peak(mut child: std::process::Child, started: Instant) -> (std::time::Duration, i64) {
    let mut kib = 0;
    while child.try_wait().unwrap().is_none() {
        kib = kib.max(peak_kib(child.id()).unwrap_or(0));
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    (started.elapsed(), kib)
}

/// An agent's saves (a capture each, in this process, on its own
/// connection) every 50 ms while `dcc import` writes 200,000 new leads in
/// another process; and the import's peak memory for 100,000 rows.
pub fn import_lock_figures(db: &Path) {
    let dir = db.parent().unwrap();
    let file = dir.join("long-import.csv");
    new_leads_csv(&file, LONG_IMPORT_ROWS, 193);
    let store = SqliteStore::open(db, OpenMode::Existing).unwrap();
    let agent = store
        .agents()
        .unwrap()
        .into_iter()
        .find(|a| a.active && a.role == dcc_desk::store::Role::Outbound)
        .expect("an outbound agent");
    let agent = dcc_desk::store::Actor::myself(agent);
    let started = Instant::now();
    let mut child = spawn_import(db, &file);
    let (mut times, mut busy, mut other) = (Vec::new(), 0, 0);
    let mut i = 0u64;
    let mut kib = 0;
    while child.try_wait().unwrap().is_none() {
        kib = kib.max(peak_kib(child.id()).unwrap_or(0));
        let lead = dcc_desk::store::NewLead {
            name: format!("来电{i}"),
            phone: dcc_desk::domain::phone::Phone::parse(&format!("19{:09}", 900_000_000 + i))
                .unwrap(),
            channel: "hotline".into(),
            model: "凯美瑞".into(),
            purchase_by: None,
            visit_by: None,
            grade: Some("A".into()),
            owner: None,
            note: None,
            details: Default::default(),
        };
        let t = Instant::now();
        match store.add_lead(&agent, &lead, now()) {
            Ok(_) => times.push(t.elapsed()),
            Err(dcc_desk::store::StoreError::Busy(_)) => busy += 1,
            Err(e) => {
                if other == 0 {
                    println!("  a save failed: {e}");
                }
                other += 1
            }
        }
        i += 1;
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let took = started.elapsed();
    let imported: i64 = rusqlite::Connection::open(db)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM leads WHERE import_id = (SELECT max(id) FROM imports)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    println!(
        "import {LONG_IMPORT_ROWS} rows (dcc import, another process): {:.1} s, {imported} leads written, {:.1} MB peak resident; load average {}",
        took.as_secs_f64(),
        kib as f64 / 1024.0,
        load_average()
    );
    if times.is_empty() {
        println!("  no save completed during the import ({busy} busy, {other} other errors)");
    } else {
        super::Stats(times).line(
            &format!("  an agent's save during it ({busy} busy, {other} failed)"),
            "200 ms",
        );
    }
    let _ = std::fs::remove_file(&file);

    let file = dir.join("memory-import.csv");
    new_leads_csv(&file, MEMORY_ROWS, 198);
    let started = Instant::now();
    let child = spawn_import(db, &file);
    let (took, kib) = wait_peak(child, started);
    println!(
        "{:<44} {:>8.1} MB peak resident ({:.1} s; target < 200 MB); load average {}",
        format!("import {MEMORY_ROWS} rows, the dcc process"),
        kib as f64 / 1024.0,
        took.as_secs_f64(),
        load_average()
    );
    let _ = std::fs::remove_file(&file);
}
