//! An import written in short transactions under one id: the team saves
//! while it runs, an interrupted all-or-nothing import is taken back, and
//! `dcc import undo` takes back the leads nobody worked, keeps the others,
//! and leaves the reports as a fold from scratch gives them.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use common::{at, desk, Desk};
use dcc_desk::domain::outcome::{CallReport, Outcome};
use dcc_desk::i18n::Lang;
use dcc_desk::import::{import_file, ImportOptions};
use dcc_desk::report::{self, Month, Period, ReportKind, ReportQuery};
use dcc_desk::store::{Kept, LeadStore, OpenMode, SqliteStore, StoreError};
use rusqlite::Connection;

const NOW: &str = "2026-11-23 10:00";

fn csv(dir: &Path, name: &str, rows: usize, prefix: u64) -> PathBuf {
    let mut text = String::from("姓名,手机,渠道,意向车型,预计购车时间\n");
    for i in 0..rows {
        text.push_str(&format!(
            "客户{i},{},汽车之家,凯美瑞,2026-12-20\n",
            prefix * 100_000_000 + i as u64
        ));
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn import(d: &Desk, file: &Path, all_or_nothing: bool) -> dcc_desk::import::ImportSummary {
    let opts = ImportOptions {
        file: file.to_path_buf(),
        all_or_nothing,
        owner: Some("amy".into()),
        lang: Some(Lang::En),
        ..Default::default()
    };
    import_file(&d.store, &d.boss, &opts, at(NOW)).unwrap()
}

fn count(db: &Path, sql: &str) -> i64 {
    Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

fn db_of(d: &Desk) -> PathBuf {
    d.dir.path().join("dcc.sqlite")
}

fn lead_of(db: &Path, phone: u64) -> i64 {
    count(db, &format!("SELECT id FROM leads WHERE phone = '{phone}'"))
}

#[test]
fn undo_takes_back_the_leads_nobody_worked_and_names_the_ones_that_stay() {
    let d = desk();
    let db = db_of(&d);
    let before = d.lead("老客户", "13900009999", "B", at("2026-11-20 10:00"));
    // Three new numbers and one of a lead the team already has.
    let mut text = String::from("姓名,手机,渠道,意向车型,预计购车时间\n");
    for (name, phone) in [
        ("甲", "13700000001"),
        ("乙", "13700000002"),
        ("丙", "13700000003"),
        ("老客户", "13900009999"),
    ] {
        text.push_str(&format!("{name},{phone},汽车之家,凯美瑞,2026-12-20\n"));
    }
    let file = d.dir.path().join("leads.csv");
    std::fs::write(&file, text).unwrap();
    let s = import(&d, &file, false);
    assert_eq!((s.new, s.merged), (3, 1));
    let id = s.import.expect("an import id");
    assert_eq!(
        count(
            &db,
            &format!("SELECT count(*) FROM leads WHERE import_id = {id}")
        ),
        3
    );
    // amy calls one of them.
    let called = lead_of(&db, 13700000002);
    d.log(
        called,
        Outcome::NoAnswer,
        CallReport::default(),
        at("2026-11-23 11:00"),
    )
    .unwrap();

    // Only a supervisor takes an import back.
    let refused = d.store.undo_import(&d.agent, id, at("2026-11-23 12:00"));
    assert!(matches!(refused, Err(StoreError::NotPermitted(_))));
    let u = d
        .store
        .undo_import(&d.boss, id, at("2026-11-23 12:00"))
        .unwrap();
    assert_eq!((u.withdrawn, u.sources_removed), (2, 1));
    assert_eq!(u.kept.len(), 1);
    assert_eq!((u.kept[0].lead, u.kept[0].why), (called, Kept::Called));
    // The called lead stays in amy's work; the others are out of it.
    let status = |phone: u64| -> String {
        Connection::open(&db)
            .unwrap()
            .query_row(
                "SELECT status || ':' || coalesce(next_due, '-') FROM leads WHERE phone = ?1",
                [phone.to_string()],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert!(status(13700000001).starts_with("withdrawn:-"));
    assert!(status(13700000003).starts_with("withdrawn:-"));
    assert!(status(13700000002).starts_with("tracking:"));
    // The old lead lost the import's source, and nothing else.
    assert_eq!(
        count(
            &db,
            &format!("SELECT count(*) FROM lead_sources WHERE lead_id = {before}")
        ),
        1
    );
    // History is kept: one withdrawal event per lead, and an audit row.
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM events WHERE kind = 'status' AND new = 'withdrawn'"
        ),
        2
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM audit WHERE what = 'import undo'"),
        1
    );
    let listed = d.store.imports(&d.boss, at("2026-11-23 12:00")).unwrap();
    assert_eq!(listed[0].state, "undone");
    assert_eq!((listed[0].leads, listed[0].withdrawn), (1, 2));

    // The corrected file brings the withdrawn leads back, not a second lead.
    let again = import(&d, &file, false);
    assert_eq!((again.new, again.merged), (2, 2), "{again:?}");
    assert!(status(13700000001).starts_with("tracking:"));
    assert_eq!(
        count(&db, "SELECT count(*) - count(DISTINCT phone) FROM leads"),
        0
    );
}

fn funnel(store: &SqliteStore, d: &Desk) -> serde_json::Value {
    let q = ReportQuery::new(
        ReportKind::Funnel,
        Period {
            from: Month::parse("2026-10").unwrap(),
            to: Month::parse("2026-11").unwrap(),
        },
        at(NOW).date(),
    );
    let facts = store.report(&d.boss, &q, at("2026-11-23 13:00")).unwrap();
    report::build(&q, &facts, Lang::En).json
}

#[test]
fn the_reports_after_an_undo_agree_with_a_fold_from_scratch() {
    let d = desk();
    let db = db_of(&d);
    d.lead("老客户", "13900009999", "B", at("2026-11-20 10:00"));
    let start = funnel(&d.store, &d);
    let file = csv(d.dir.path(), "wrong.csv", 20, 137);
    let s = import(&d, &file, false);
    let id = s.import.unwrap();
    // Folded with the import's leads counted...
    let with = funnel(&d.store, &d);
    assert_ne!(with, start);
    // ...then one is worked and the import taken back.
    let worked = lead_of(&db, 13700000005);
    d.log(
        worked,
        Outcome::Reached,
        CallReport::default(),
        at("2026-11-23 11:00"),
    )
    .unwrap();
    let u = d
        .store
        .undo_import(&d.boss, id, at("2026-11-23 12:00"))
        .unwrap();
    assert_eq!((u.withdrawn, u.kept.len()), (19, 1));
    let after = funnel(&d.store, &d);

    // A copy of the file whose report tables are folded from nothing.
    let copy = d.dir.path().join("refold.sqlite");
    Connection::open(&db)
        .unwrap()
        .execute("VACUUM INTO ?1", [copy.to_str().unwrap()])
        .unwrap();
    Connection::open(&copy)
        .unwrap()
        .execute_batch(
            "DELETE FROM report_month; DELETE FROM report_models; DELETE FROM report_defeats;
             DELETE FROM report_grades; UPDATE report_folded SET upto = 0;",
        )
        .unwrap();
    let fresh = SqliteStore::open(&copy, OpenMode::Existing).unwrap();
    assert_eq!(after, funnel(&fresh, &d));
    // The withdrawn leads left the count: the old lead and the worked one.
    let leads = |doc: &serde_json::Value| -> i64 {
        doc["sections"][0]["total"]["leads"].as_i64().unwrap_or(-1)
    };
    assert_eq!(leads(&start), 1, "{start}");
    assert_eq!(leads(&with), 21);
    assert_eq!(leads(&after), 2);
}

fn dcc(db: &Path, user: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dcc"));
    c.env("DCC_DB", db)
        .args(["--login", user])
        .env("DCC_NOW", "2026-11-23T10:00")
        .env("DCC_CONFIG", db.with_extension("no-config.toml"))
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    c
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A team in a file: supervisor `boss`, outbound `amy`.
fn team(dir: &Path) -> PathBuf {
    let db = dir.join("dcc.sqlite");
    ok(dcc(&db, "boss")
        .args(["init", "--name", "张主管"])
        .output()
        .unwrap());
    ok(dcc(&db, "boss")
        .args([
            "agent", "add", "amy", "--name", "王芳", "--role", "outbound",
        ])
        .output()
        .unwrap());
    db
}

/// Starts `dcc import FILE` as boss, and waits until it has written some
/// rows (or ended).
fn start_import(db: &Path, file: &Path, extra: &[&str]) -> Child {
    let mut child = dcc(db, "boss")
        .arg("import")
        .arg(file)
        .args(["--owner", "amy"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    loop {
        let written = Connection::open(db)
            .ok()
            .and_then(|c| {
                c.query_row(
                    "SELECT count(*) FROM leads WHERE import_id IN
                         (SELECT id FROM imports WHERE state = 'running')",
                    [],
                    |r| r.get::<_, i64>(0),
                )
                .ok()
            })
            .unwrap_or(0);
        if written > 0 || child.try_wait().unwrap().is_some() {
            return child;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn an_agents_save_from_another_process_gets_in_while_a_long_import_runs() {
    let dir = tempfile::tempdir().unwrap();
    let db = team(dir.path());
    let file = csv(dir.path(), "big.csv", 40_000, 137);
    let mut child = start_import(&db, &file, &[]);
    let running = child.try_wait().unwrap().is_none();
    let save = dcc(&db, "amy")
        .args([
            "lead",
            "add",
            "--name",
            "韩梅梅",
            "--phone",
            "13900001111",
            "--channel",
            "汽车之家",
            "--model",
            "凯美瑞",
            "--purchase-by",
            "2026-11-28",
        ])
        .output()
        .unwrap();
    let imported = count(
        &db,
        "SELECT count(*) FROM leads WHERE import_id IS NOT NULL",
    );
    ok(save);
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM leads WHERE phone = '13900001111'"
        ),
        1
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM leads WHERE import_id IS NOT NULL"
        ),
        40_000
    );
    // The save landed while the import was part-way (when the machine let
    // the import get that far before the save started).
    if running {
        assert!(imported < 40_000, "{imported}");
    }
}

#[test]
fn an_all_or_nothing_import_killed_part_way_is_taken_back_by_its_id() {
    let dir = tempfile::tempdir().unwrap();
    let db = team(dir.path());
    let file = csv(dir.path(), "big.csv", 40_000, 137);
    let mut child = start_import(&db, &file, &["--all-or-nothing"]);
    let _ = child.kill(); // SIGKILL: no chance to clean up
    let _ = child.wait();
    let written = count(
        &db,
        "SELECT count(*) FROM leads WHERE import_id IS NOT NULL",
    );
    if written == 40_000 {
        // The machine finished the import before the signal: nothing to
        // take back, and it must be whole.
        return;
    }
    assert!(written > 0);
    assert_eq!(
        count(&db, "SELECT count(*) FROM imports WHERE state = 'running'"),
        1
    );
    // The next look at the imports finds its process gone and takes it back.
    let listed = ok(dcc(&db, "boss").args(["import", "list"]).output().unwrap());
    assert!(listed.contains("taken back"), "{listed}");
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM leads WHERE status <> 'withdrawn'"
        ),
        0
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM imports WHERE state = 'undone'"),
        1
    );
}

#[test]
fn an_all_or_nothing_import_stopped_by_sigterm_takes_itself_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = team(dir.path());
    let file = csv(dir.path(), "big.csv", 40_000, 137);
    let child = start_import(&db, &file, &["--all-or-nothing"]);
    unsafe {
        libc::kill(child.id() as i32, libc::SIGTERM);
    }
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    if out.status.success() {
        // Finished before the signal came.
        return;
    }
    assert!(
        err.contains("interrupted") && err.contains("taken back"),
        "{err}"
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM leads WHERE status <> 'withdrawn'"
        ),
        0
    );
    // Without --all-or-nothing the rows written stay, and undo takes them.
    let child = start_import(&db, &file, &[]);
    unsafe {
        libc::kill(child.id() as i32, libc::SIGTERM);
    }
    let out = child.wait_with_output().unwrap();
    if out.status.success() {
        return;
    }
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("dcc import undo 2"), "{err}");
    let kept = count(
        &db,
        "SELECT count(*) FROM leads WHERE status <> 'withdrawn'",
    );
    assert!(kept > 0);
    let said = ok(dcc(&db, "boss")
        .args(["import", "undo", "2"])
        .output()
        .unwrap());
    assert!(
        said.contains(&format!("{kept} leads nobody had worked withdrawn")),
        "{said}"
    );
    // An agent may not.
    let refused = dcc(&db, "amy")
        .args(["import", "undo", "2"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
}
