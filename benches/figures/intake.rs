//! The figures of data coming in: an import of 100,000 rows into the large
//! database, and 50 agent processes working one copy of it (`dcc load`).

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use dcc_desk::i18n::Lang;
use dcc_desk::import::{import_file, ImportOptions};
use dcc_desk::store::{LeadStore, OpenMode, SqliteStore};

use super::{ms, now, SUPERVISOR};

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

/// Imports `IMPORT_ROWS` rows (CSV) into the working copy `db`, as
/// `dcc import` does: read, check, one transaction.
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
        format!("import {IMPORT_ROWS} rows (CSV, one transaction)"),
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
