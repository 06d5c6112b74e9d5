//! Backups and restores: a backup taken while agent processes save
//! outcomes holds every outcome acknowledged before it began and is sound;
//! a restore puts a backup in place and keeps the replaced file; a file that
//! is foreign, newer or damaged is refused with the database left byte for
//! byte as it was; `--keep` removes older backups only; the doctor warns
//! about a late or missing backup; a workstation whose file is replaced
//! saves nothing into the old one and reopens the new one.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use chrono::NaiveDateTime;
use common::at;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dcc_desk::app::{App, FixedClock, Level as MsgLevel, Session};
use dcc_desk::doctor::{examine, Env, Level};
use dcc_desk::domain::outcome::{CallReport, Outcome};
use dcc_desk::domain::phone::Phone;
use dcc_desk::i18n::{Lang, Msg};
use dcc_desk::store::{
    backup_name, backups_in, prune_backups, Actor, BackupFacts, LeadStore, NewLead, OpenMode,
    Operator, Role, SqliteStore, StoreError,
};

fn boss_of(d: &common::Desk) -> Operator {
    Operator {
        login: "boss".into(),
        agent: Some(d.boss.clone()),
    }
}

/// A backup of `d`'s database into `dir` by its supervisor, at `at`.
fn backup_by_boss(d: &common::Desk, dir: &Path, at: NaiveDateTime) -> BackupFacts {
    d.store
        .back_up(&boss_of(d), dir, at, &mut no_progress())
        .unwrap()
}

fn no_progress() -> impl FnMut(u64, u64) {
    |_, _| {}
}

/// The database file and its `-wal`, byte for byte.
fn bytes_of(db: &Path) -> (Vec<u8>, Vec<u8>) {
    let wal = std::fs::read(db.with_file_name("dcc.sqlite-wal")).unwrap_or_default();
    (std::fs::read(db).unwrap(), wal)
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn calls_in(path: &Path) -> i64 {
    let c = rusqlite::Connection::open(path).unwrap();
    c.query_row("SELECT count(*) FROM calls", [], |r| r.get(0))
        .unwrap()
}

const WORKERS: usize = 4;

fn spawn_agent(db: &Path, login: &str, seed: u64, now: NaiveDateTime) -> Child {
    common::load_worker(db, login, seed, now)
        .arg("--own-queue")
        .args(["--hold-ms", "1", "--pause-ms", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn a_backup_taken_while_agents_save_holds_every_acknowledged_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dcc.sqlite");
    let store = SqliteStore::open(&db, OpenMode::Create).unwrap();
    let t = at("2026-11-01 09:00");
    let boss = Actor::myself(
        store
            .add_agent(None, "boss", "主管", Role::Supervisor, t)
            .unwrap(),
    );
    let logins: Vec<String> = (1..=WORKERS).map(|i| format!("agent{i}")).collect();
    for login in &logins {
        store
            .add_agent(Some(&boss), login, login, Role::Outbound, t)
            .unwrap();
    }
    for i in 0..400 {
        let lead = NewLead {
            name: format!("客户{i}"),
            phone: Phone::parse(&format!("139{:08}", 10_000 + i)).unwrap(),
            channel: "autohome".into(),
            model: "凯美瑞".into(),
            purchase_by: None,
            visit_by: None,
            grade: Some(["H", "A", "B", "C"][i % 4].into()),
            owner: Some(logins[i % WORKERS].clone()),
            note: None,
            details: Default::default(),
        };
        store
            .add_lead(&boss, &lead, at("2026-11-22 10:00"))
            .unwrap();
    }
    // What each agent was told was saved, as it is printed.
    let acks: Arc<Mutex<Vec<(i64, i64, String)>>> = Arc::default();
    let now = at("2026-11-23 10:00");
    let mut agents = Vec::new();
    let mut readers = Vec::new();
    for (i, login) in logins.iter().enumerate() {
        let mut child = spawn_agent(&db, login, i as u64 + 1, now);
        let out = child.stdout.take().unwrap();
        let acks = Arc::clone(&acks);
        readers.push(thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let w: Vec<&str> = line.split_whitespace().collect();
                if w.first() == Some(&"ACK") {
                    let ack = (w[1].parse().unwrap(), w[2].parse().unwrap(), w[3].into());
                    acks.lock().unwrap().push(ack);
                }
            }
        }));
        agents.push(child);
    }
    let waiting = std::time::Instant::now();
    while acks.lock().unwrap().len() < 40 {
        assert!(
            waiting.elapsed() < Duration::from_secs(120),
            "the agent processes saved nothing"
        );
        thread::sleep(Duration::from_millis(5));
    }
    // Acknowledged before the backup began.
    let before: Vec<(i64, i64, String)> = acks.lock().unwrap().clone();
    let who = Operator {
        login: "boss".into(),
        agent: Some(boss.clone()),
    };
    let mut steps = 0;
    let facts = store
        .back_up(&who, &dir.path().join("backups"), now, &mut |_, _| {
            steps += 1
        })
        .unwrap();
    let during = acks.lock().unwrap().len();
    for mut a in agents {
        let _ = a.kill();
        let _ = a.wait();
    }
    for r in readers {
        r.join().unwrap();
    }
    assert!(steps >= 1);
    assert!(
        during > before.len(),
        "the agents went on saving while the backup ran ({} then {during})",
        before.len()
    );
    let copy = rusqlite::Connection::open(&facts.path).unwrap();
    let integrity: String = copy
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let mut st = copy
        .prepare("SELECT lead_id, outcome FROM calls WHERE id = ?1")
        .unwrap();
    for (call, lead, outcome) in &before {
        let saved: (i64, String) = st
            .query_row([call], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap_or_else(|_| panic!("call {call} was acknowledged but is not in the backup"));
        assert_eq!(&saved, &(*lead, outcome.clone()));
    }
    assert_eq!(facts.calls, calls_in(&facts.path));
    assert_eq!(facts.leads, 400);
    // Owner-only, named by its time.
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&facts.path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    assert_eq!(
        facts.path.file_name().unwrap().to_string_lossy(),
        backup_name(now, 0)
    );
    // One self-contained file: nothing else was left in the folder.
    assert_eq!(
        files_in(&dir.path().join("backups")),
        vec![backup_name(now, 0)]
    );
}

#[test]
fn a_restore_puts_the_backup_in_place_and_keeps_the_replaced_file() {
    let (d, now) = common::busy_day();
    let db = d.store.path().to_path_buf();
    let backups = d.dir.path().join("backups");
    let facts = backup_by_boss(&d, &backups, now);
    let before = calls_in(&db);
    let lead = d.lead("后来者", "13900000099", "A", now);
    d.log(lead, Outcome::Reached, CallReport::default(), now)
        .unwrap();
    assert_eq!(calls_in(&db), before + 1);
    let store = SqliteStore::open(&db, OpenMode::Existing).unwrap();
    let later = now + chrono::Duration::hours(2);
    let restored = store
        .restore(&boss_of(&d), &facts.path, false, later)
        .unwrap();
    assert_eq!(calls_in(&db), before, "the database is the backup again");
    let aside = restored.aside.unwrap();
    assert_eq!(
        calls_in(&aside),
        before + 1,
        "the replaced file keeps what was saved after the backup"
    );
    assert!(aside
        .file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with("dcc.sqlite.before-restore-"));
    // The restore is in the restored file's audit log, with who did it.
    let c = rusqlite::Connection::open(&db).unwrap();
    let (what, account): (String, String) = c
        .query_row(
            "SELECT what, account FROM audit ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((what.as_str(), account.as_str()), ("restore", "boss"));
    // The backup itself is unchanged and still a backup.
    assert_eq!(
        dcc_desk::store::check_backup(&facts.path).unwrap().calls,
        before
    );
}

fn refused(d: &common::Desk, file: &Path, now: NaiveDateTime) -> StoreError {
    let db = d.store.path().to_path_buf();
    let untouched = bytes_of(&db);
    let listing = files_in(d.dir.path());
    let store = SqliteStore::open(&db, OpenMode::Existing).unwrap();
    let err = store
        .restore(&boss_of(d), file, true, now)
        .expect_err("refused");
    assert!(bytes_of(&db) == untouched, "the database was changed");
    assert_eq!(files_in(d.dir.path()), listing, "a file was left behind");
    err
}

#[test]
fn a_foreign_newer_or_damaged_file_is_refused_and_the_database_is_left_untouched() {
    let (d, now) = common::busy_day();
    d.store.checkpoint().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let good = backup_by_boss(&d, elsewhere.path(), now).path;

    let foreign = elsewhere.path().join("other.sqlite");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('hi');")
        .unwrap();
    assert!(matches!(refused(&d, &foreign, now), StoreError::Foreign(_)));

    let newer = elsewhere.path().join("newer.sqlite");
    std::fs::copy(&good, &newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", dcc_desk::store::SCHEMA_VERSION + 1)
        .unwrap();
    assert!(matches!(
        refused(&d, &newer, now),
        StoreError::TooNew { .. }
    ));

    // Garbage over pages in the middle of the file; the header is intact.
    let damaged = elsewhere.path().join("damaged.sqlite");
    let mut bytes = std::fs::read(&good).unwrap();
    let page = 4096;
    for b in &mut bytes[page * 3..page * 6] {
        *b = 0xA5;
    }
    std::fs::write(&damaged, &bytes).unwrap();
    assert!(matches!(refused(&d, &damaged, now), StoreError::Corrupt(_)));

    let text = elsewhere.path().join("notes.txt");
    std::fs::write(
        &text,
        "not a database at all, but long enough to have a header....",
    )
    .unwrap();
    assert!(matches!(
        refused(&d, &text, now),
        StoreError::NotADatabase(_)
    ));

    let link = elsewhere.path().join("link.sqlite");
    std::os::unix::fs::symlink(&good, &link).unwrap();
    assert!(matches!(refused(&d, &link, now), StoreError::Invalid(_)));

    assert!(matches!(
        refused(&d, d.store.path(), now),
        StoreError::Invalid(_)
    ));
}

#[test]
fn a_restore_waits_for_agents_to_stop_unless_forced() {
    let (d, now) = common::busy_day();
    let backup = backup_by_boss(&d, &d.dir.path().join("backups"), now).path;
    let db = d.store.path().to_path_buf();
    // amy is on a call.
    let lead = d
        .store
        .queue(&d.agent, Some(d.agent.agent.id), now.date(), now)
        .unwrap()[0]
        .lead_id;
    d.store.claim(&d.agent, lead, now).unwrap();
    let untouched = bytes_of(&db);
    let store = SqliteStore::open(&db, OpenMode::Existing).unwrap();
    match store.restore(
        &boss_of(&d),
        &backup,
        false,
        now + chrono::Duration::minutes(1),
    ) {
        Err(StoreError::AgentsWorking { open_calls: 1, .. }) => {}
        other => panic!("{other:?}"),
    }
    assert!(bytes_of(&db) == untouched);
    // A save minutes ago counts too; an hour later, nobody is working.
    d.store.release(&d.agent, lead).unwrap();
    d.log(lead, Outcome::Reached, CallReport::default(), now)
        .unwrap();
    let store = SqliteStore::open(&db, OpenMode::Existing).unwrap();
    let activity = store.activity(now + chrono::Duration::minutes(5)).unwrap();
    assert_eq!(activity.last_save, Some(now));
    assert!(store
        .activity(now + chrono::Duration::hours(1))
        .map(|a| !a.any())
        .unwrap());
    assert!(matches!(
        store.restore(
            &boss_of(&d),
            &backup,
            false,
            now + chrono::Duration::minutes(5)
        ),
        Err(StoreError::AgentsWorking { open_calls: 0, .. })
    ));
    let store = SqliteStore::open(&db, OpenMode::Existing).unwrap();
    store
        .restore(
            &boss_of(&d),
            &backup,
            true,
            now + chrono::Duration::minutes(5),
        )
        .unwrap();
}

#[test]
fn keep_removes_only_older_backups_of_that_folder() {
    let (d, now) = common::busy_day();
    let backups = d.dir.path().join("backups");
    let mut made = Vec::new();
    for h in 0..4 {
        let at = now + chrono::Duration::hours(h);
        made.push(backup_by_boss(&d, &backups, at).path);
    }
    // Two in one second get distinct names, never overwriting.
    let twin = d
        .store
        .back_up(
            &boss_of(&d),
            &backups,
            now + chrono::Duration::hours(3),
            &mut no_progress(),
        )
        .unwrap()
        .path;
    assert_eq!(
        twin.file_name().unwrap().to_string_lossy(),
        backup_name(now + chrono::Duration::hours(3), 1)
    );
    // Files that are not backups, and a link with a backup's name.
    std::fs::write(backups.join("notes.txt"), "keep me").unwrap();
    std::fs::write(backups.join("dcc-backup-old.sqlite"), "keep me").unwrap();
    let victim = d.dir.path().join("victim");
    std::fs::write(&victim, "keep me").unwrap();
    std::os::unix::fs::symlink(
        &victim,
        backups.join(backup_name(at("2020-01-01 00:00"), 0)),
    )
    .unwrap();
    let removed = prune_backups(&backups, 2).unwrap();
    assert_eq!(removed, made[..3].to_vec());
    let left: Vec<PathBuf> = backups_in(&backups).into_iter().map(|(_, p)| p).collect();
    assert_eq!(left, vec![made[3].clone(), twin]);
    assert!(backups.join("notes.txt").exists());
    assert!(backups.join("dcc-backup-old.sqlite").exists());
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
}

#[test]
fn a_backup_never_writes_through_a_link_planted_at_its_name() {
    let (d, now) = common::busy_day();
    let backups = d.dir.path().join("backups");
    std::fs::create_dir(&backups).unwrap();
    let victim = d.dir.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    std::os::unix::fs::symlink(&victim, backups.join(backup_name(now, 0))).unwrap();
    let facts = backup_by_boss(&d, &backups, now);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert_eq!(
        facts.path.file_name().unwrap().to_string_lossy(),
        backup_name(now, 1)
    );
}

#[test]
fn the_doctor_warns_when_the_newest_backup_is_late_or_missing() {
    let (d, now) = common::busy_day();
    let db = d.store.path().to_path_buf();
    let finding = |at: NaiveDateTime| {
        let env = Env {
            now: at,
            ..Env::default()
        };
        examine(&db, &env)
            .findings
            .into_iter()
            .find(|f| f.topic == dcc_desk::doctor::Topic::Backup)
            .unwrap()
    };
    let none = finding(now);
    assert_eq!(none.level, Level::Warning);
    let what = |f: &dcc_desk::doctor::Finding, lang| dcc_desk::i18n::finding_what(f, lang);
    assert!(what(&none, Lang::En).contains("no backup"), "{none:?}");
    assert!(
        dcc_desk::i18n::finding_fixes(&none, Lang::En)
            .iter()
            .any(|f| f.contains("backup")),
        "{none:?}"
    );
    assert!(what(&none, Lang::Zh).contains("没有备份"), "{none:?}");
    backup_by_boss(&d, &d.dir.path().join("backups"), now);
    assert_eq!(finding(now + chrono::Duration::hours(25)).level, Level::Ok);
    let late = finding(now + chrono::Duration::hours(30));
    assert_eq!(late.level, Level::Warning);
    assert!(what(&late, Lang::En).contains("30 hours"), "{late:?}");
    // backup_dir from the config is where it looks.
    let env = Env {
        now,
        backup_dir: Some(d.dir.path().join("elsewhere")),
        ..Env::default()
    };
    let f = examine(&db, &env)
        .findings
        .into_iter()
        .find(|f| f.topic == dcc_desk::doctor::Topic::Backup)
        .unwrap();
    assert_eq!(f.level, Level::Warning);
}

fn workstation(d: &common::Desk, now: NaiveDateTime) -> App {
    let store = SqliteStore::open(d.store.path(), OpenMode::Existing).unwrap();
    let session = Session {
        lang: Some(Lang::En),
        ..Default::default()
    };
    App::new(
        Box::new(store),
        Box::new(FixedClock(now)),
        d.agent.clone(),
        session,
    )
    .unwrap()
}

fn key(app: &mut App, c: KeyCode) {
    app.on_key(KeyEvent::new(c, KeyModifiers::NONE));
}

/// `r` then Enter: reached, no note.
fn log_reached(app: &mut App) {
    key(app, KeyCode::Char('r'));
    key(app, KeyCode::Enter);
}

fn calls_on(path: &Path, lead: i64) -> i64 {
    let c = rusqlite::Connection::open(path).unwrap();
    c.query_row(
        "SELECT count(*) FROM calls WHERE lead_id = ?1",
        [lead],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn a_file_moved_over_the_open_database_gets_no_save_and_is_reopened() {
    let (d, now) = common::busy_day();
    let db = d.store.path().to_path_buf();
    // Another copy of the database, as `mv other.sqlite dcc.sqlite` would bring.
    let other = backup_by_boss(&d, &d.dir.path().join("b"), now).path;
    let mut app = workstation(&d, now);
    let lead = app.current_lead().unwrap();
    let calls = calls_on(&db, lead);
    std::fs::rename(&other, &db).unwrap();
    log_reached(&mut app);
    let m = app.message.clone().unwrap();
    assert_eq!(m.level, MsgLevel::Error, "{}", m.text);
    assert!(m.text.contains("replaced"), "{}", m.text);
    assert_eq!(
        calls_on(&db, lead),
        calls,
        "nothing saved in the file at the path"
    );
    // The next tick reopens the file at the path and says so.
    app.tick();
    let m = app.message.clone().unwrap();
    assert_eq!(m.text, Msg::FileReplaced.text(Lang::En));
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.current_lead(), Some(lead));
    log_reached(&mut app);
    assert_eq!(app.message.clone().unwrap().level, MsgLevel::Success);
    assert_eq!(
        calls_on(&db, lead),
        calls + 1,
        "saved in the file at the path"
    );
}

#[test]
fn an_open_workstation_follows_a_restore() {
    let (d, now) = common::busy_day();
    let db = d.store.path().to_path_buf();
    let backup = backup_by_boss(&d, &d.dir.path().join("b"), now).path;
    let mut app = workstation(&d, now);
    let lead = app.current_lead().unwrap();
    let calls = calls_on(&db, lead);
    // amy saves one call after the backup; then the backup is restored.
    log_reached(&mut app);
    assert_eq!(calls_on(&db, lead), calls + 1);
    let store = SqliteStore::open(&db, OpenMode::Existing).unwrap();
    let restored = store.restore(&boss_of(&d), &backup, true, now).unwrap();
    assert_eq!(calls_on(&db, lead), calls);
    assert_eq!(calls_on(restored.aside.as_ref().unwrap(), lead), calls + 1);
    app.tick();
    assert_eq!(
        app.message.clone().unwrap().text,
        Msg::FileReplaced.text(Lang::En)
    );
    let (next, total) = (app.current_lead().unwrap(), calls_in(&db));
    let before = calls_on(&db, next);
    log_reached(&mut app);
    assert_eq!(app.message.clone().unwrap().level, MsgLevel::Success);
    assert_eq!(
        calls_on(&db, next),
        before + 1,
        "saved in the restored file"
    );
    assert_eq!(calls_in(&db), total + 1);
    let c = rusqlite::Connection::open(&db).unwrap();
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
}

#[test]
fn the_command_line_backs_up_keeps_and_restores() {
    let (d, now) = common::busy_day();
    let db = d.store.path().to_path_buf();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_dcc"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .args(["--login", "boss"])
            .env("DCC_NOW", now.format("%Y-%m-%dT%H:%M").to_string())
            .env("DCC_CONFIG", d.dir.path().join("none.toml"))
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr),
        )
    };
    let (ok, text) = run(&["backup"]);
    assert!(ok, "{text}");
    assert!(text.contains("integrity check ok"), "{text}");
    assert!(text.contains("8 leads, 5 calls"), "{text}");
    let (ok, text) = run(&["--lang", "zh-CN", "backup", "--keep", "1"]);
    assert!(ok, "{text}");
    assert!(text.contains("完整性检查通过"), "{text}");
    assert!(text.contains("已删除 1 个"), "{text}");
    let left = backups_in(&d.dir.path().join("backups"));
    assert_eq!(left.len(), 1);
    let backup = left[0].1.display().to_string();
    let (ok, text) = run(&["restore", &backup]);
    assert!(ok, "{text}");
    assert!(text.contains("before-restore-"), "{text}");
}

#[test]
fn only_a_supervisor_or_the_files_owner_backs_up_and_restores() {
    let (d, now) = common::busy_day();
    let db = d.store.path().to_path_buf();
    let amy = Operator {
        login: "amy".into(),
        agent: Some(d.agent.clone()),
    };
    let backups = d.dir.path().join("backups");
    // This test's process owns the file: the owner's account may, agent or not.
    let service = Operator {
        login: "dcc".into(),
        agent: None,
    };
    let backup = d
        .store
        .back_up(&service, &backups, now, &mut no_progress())
        .unwrap()
        .path;
    let c = rusqlite::Connection::open(&db).unwrap();
    let (actor, account): (Option<i64>, String) = c
        .query_row(
            "SELECT actor_id, account FROM audit WHERE what = 'backup'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((actor, account.as_str()), (None, "dcc"));
    if !common::is_root() {
        eprintln!("not root: the refusal for a file owned by someone else is not tried");
        return;
    }
    // The file belongs to another account: amy, an outbound agent, may not.
    std::os::unix::fs::chown(&db, Some(4242), None).unwrap();
    let refused = |e: StoreError| matches!(e, StoreError::NotPermitted(_));
    assert!(refused(
        d.store
            .back_up(&amy, &backups, now, &mut no_progress())
            .unwrap_err()
    ));
    let store = SqliteStore::open(&db, OpenMode::Existing).unwrap();
    assert!(refused(
        store.restore(&amy, &backup, true, now).unwrap_err()
    ));
    backup_by_boss(&d, &backups, now);
}

/// `dcc ssh-setup` gives the daily backup of a served setup: as the service
/// account, of the database it serves, into the folder the doctor watches,
/// and the whole script is valid shell.
#[test]
fn ssh_setup_schedules_a_daily_backup_of_the_served_database() {
    let out = Command::new(env!("CARGO_BIN_EXE_dcc"))
        .args([
            "ssh-setup",
            "--account",
            "dccsvc",
            "--folder",
            "/srv/dealer",
            "--bin",
            "/opt/dcc/dcc",
        ])
        .env("LANG", "en_US.UTF-8")
        .output()
        .unwrap();
    assert!(out.status.success());
    let script = String::from_utf8(out.stdout).unwrap();
    let line = |needle: &str| script.lines().any(|l| l.trim() == needle);
    assert!(line("User=dccsvc"), "{script}");
    assert!(
        line("ExecStart=/opt/dcc/dcc --db /srv/dealer/dcc.sqlite backup /srv/dealer/backups --keep 14"),
        "{script}"
    );
    assert!(line("OnCalendar=*-*-* 02:00"), "{script}");
    assert!(line(
        "systemctl daemon-reload && systemctl enable --now dcc-backup.timer"
    ));
    // The folder is the one the doctor looks in when the config names none:
    // `backups/` beside the database.
    let db = Path::new("/srv/dealer/dcc.sqlite");
    assert_eq!(
        dcc_desk::config::default_backup_dir(db),
        Path::new("/srv/dealer/backups")
    );
    let check = Command::new("sh")
        .arg("-n")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    check
        .stdin
        .as_ref()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let checked = check.wait_with_output().unwrap();
    assert!(
        checked.status.success(),
        "sh -n: {}",
        String::from_utf8_lossy(&checked.stderr)
    );
}
