//! Faults: a damaged file, a file from a newer version, a read-only file or
//! folder, a full disk, another program holding the write lock, a network
//! filesystem and a reader that never lets go. Each gives the agent a clear
//! message and loses nothing.
//!
//! Some need root (mounting a small tmpfs, a read-only bind mount, running
//! as another user); where that is not permitted the test takes another way
//! and says which on stderr (`cargo test -- --nocapture`).

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use common::{at, desk, Desk};
use dcc_desk::domain::outcome::{CallReport, Outcome};
use dcc_desk::store::{
    check_filesystem, sidecar, CallLog, LeadStore, OpenMode, SqliteStore, StoreError,
    SCHEMA_VERSION,
};

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

fn sh(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Unmounts on drop, even when the test fails.
struct Mounted(PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let p = self.0.to_string_lossy().into_owned();
        if !sh("umount", &[&p]) {
            sh("umount", &["-l", &p]);
        }
    }
}

fn call(lead: i64, note: Option<String>) -> CallLog {
    CallLog {
        lead_id: lead,
        outcome: Outcome::Reached,
        report: CallReport::default(),
        note,
        started: None,
        inbound: false,
    }
}

fn calls_in(path: &Path) -> i64 {
    let c = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap();
    c.query_row("SELECT count(*) FROM calls", [], |r| r.get(0))
        .unwrap()
}

fn integrity(path: &Path) -> String {
    let c = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap();
    c.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// Runs the `dcc` program on `db` as agent `amy` (its owner may say so with
/// `--login`), or as the unprivileged user `nobody` (through `setpriv`, as
/// root), who is the agent of that account's name.
fn dcc(db: &Path, args: &[&str], as_nobody: bool) -> Output {
    let exe = env!("CARGO_BIN_EXE_dcc");
    let mut cmd = if as_nobody {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", exe]);
        c
    } else {
        Command::new(exe)
    };
    cmd.arg("--db").arg(db).args(args);
    // Naming the agent and fixing the clock are for the file's owner only:
    // `nobody` acts as itself at the system's time.
    if as_nobody {
        cmd.env_remove("DCC_NOW");
    } else {
        cmd.args(["--login", "amy"])
            .env("DCC_NOW", "2026-11-23T11:00");
    }
    cmd.env("DCC_CONFIG", "/nonexistent/dcc-config.toml")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

// --- A damaged file, a newer file ---------------------------------------

#[test]
fn a_damaged_page_in_the_middle_of_a_real_database_is_reported_and_nothing_is_written() {
    let d = desk();
    let now = at("2026-11-23 11:00");
    let mut leads = Vec::new();
    for i in 0..400 {
        leads.push(d.lead(
            &format!("客户{i}号，长长的名字以占满页面"),
            &format!("139{:08}", i),
            "H",
            at("2026-11-20 10:00"),
        ));
    }
    let path = d.store.path().to_path_buf();
    let root: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT rootpage FROM sqlite_master WHERE name = 'leads'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    drop(d.store); // the last connection folds the WAL into the file
    assert!(!sidecar(&path, "-wal").exists());

    // Garbage over the leads table's root page, in the middle of the file.
    let mut file = bytes(&path);
    let page = 4096usize;
    let at_page = (root as usize - 1) * page;
    assert!(at_page > 0 && at_page + page < file.len());
    for (i, b) in file[at_page..at_page + page].iter_mut().enumerate() {
        *b = (i * 131 % 251) as u8;
    }
    std::fs::write(&path, &file).unwrap();
    let before = bytes(&path);

    // It opens (a full check on every start would take seconds on a big
    // file), but every operation on the damaged data is refused.
    let store = SqliteStore::open(&path, OpenMode::Existing).unwrap();
    let err = store.queue(&d.boss, None, now.date(), now).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt(_)), "{err}");
    let msg = err.to_string();
    assert!(
        msg.contains("damaged") && msg.contains("nothing was changed"),
        "{msg}"
    );
    assert!(
        msg.contains("backup") && msg.contains("dcc doctor"),
        "{msg}"
    );
    let err = store
        .log_call(&d.agent, &call(leads[7], None), now)
        .unwrap_err();
    assert!(matches!(err, StoreError::Corrupt(_)), "{err}");
    drop(store);
    assert_eq!(bytes(&path), before, "the damaged file was changed");
    assert_ne!(integrity(&path), "ok");
}

#[test]
fn the_command_line_refuses_a_newer_file_and_leaves_it_untouched() {
    let d = desk();
    let path = d.store.path().to_path_buf();
    drop(d.store);
    rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    let before = bytes(&path);
    let out = dcc(&path, &["queue"], false);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("newer dcc-desk") && err.contains("untouched"),
        "{err}"
    );
    assert_eq!(bytes(&path), before);
}

// --- Read-only ----------------------------------------------------------

/// A read-only view of a folder: as root, a read-only bind mount of it
/// (root ignores file modes); otherwise the folder and its files made
/// read-only by their modes, restored on drop.
struct ReadOnlyView {
    path: PathBuf,
    _mount: Option<Mounted>,
    restore: Vec<(PathBuf, u32)>,
    _view_dir: Option<tempfile::TempDir>,
}

impl Drop for ReadOnlyView {
    fn drop(&mut self) {
        for (p, mode) in self.restore.iter().rev() {
            let _ = std::fs::set_permissions(p, std::fs::Permissions::from_mode(*mode));
        }
    }
}

fn read_only_view(dir: &Path) -> Option<ReadOnlyView> {
    if common::is_root() {
        let view = tempfile::tempdir().unwrap();
        let v = view.path().to_string_lossy().into_owned();
        let d = dir.to_string_lossy().into_owned();
        if !sh("mount", &["--bind", &d, &v]) {
            eprintln!("SKIPPED: root, but cannot bind-mount here");
            return None;
        }
        let mount = Mounted(view.path().to_path_buf());
        if !sh("mount", &["-o", "remount,bind,ro", &v]) {
            eprintln!("SKIPPED: root, but cannot remount read-only here");
            return None;
        }
        eprintln!("read-only by a read-only bind mount of the folder");
        return Some(ReadOnlyView {
            path: view.path().to_path_buf(),
            _mount: Some(mount),
            restore: Vec::new(),
            _view_dir: Some(view),
        });
    }
    eprintln!("read-only by file modes (not root)");
    let mut restore = Vec::new();
    let mut set = |p: &Path, mode: u32| {
        let old = std::fs::metadata(p).unwrap().permissions().mode();
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
        restore.push((p.to_path_buf(), old));
    };
    for e in std::fs::read_dir(dir).unwrap() {
        set(&e.unwrap().path(), 0o444);
    }
    set(dir, 0o555);
    Some(ReadOnlyView {
        path: dir.to_path_buf(),
        _mount: None,
        restore,
        _view_dir: None,
    })
}

fn assert_refused_as_read_only(err: StoreError) {
    assert!(matches!(err, StoreError::ReadOnly), "{err}");
    let msg = err.to_string();
    assert!(
        msg.contains("read-only") && msg.contains("nothing was saved"),
        "{msg}"
    );
}

#[test]
fn a_read_only_folder_opens_read_only_reads_work_and_writes_are_refused() {
    let d = desk();
    let now = at("2026-11-23 11:00");
    let lead = d.lead("韩梅梅", "13812345678", "H", at("2026-11-20 10:00"));
    let Desk {
        dir, store, agent, ..
    } = d;
    let path = store.path().to_path_buf();
    assert!(!store.read_only());
    drop(store);
    assert!(!sidecar(&path, "-wal").exists() && !sidecar(&path, "-shm").exists());
    let before = bytes(&path);
    let Some(view) = read_only_view(dir.path()) else {
        return;
    };
    let ro_path = view.path.join("dcc.sqlite");

    let store = SqliteStore::open(&ro_path, OpenMode::Existing).unwrap();
    assert!(store.read_only());
    assert!(
        LeadStore::read_only(&store),
        "the workstation is told, for its banner"
    );
    let queue = store
        .queue(&agent, Some(agent.agent.id), now.date(), now)
        .unwrap();
    assert!(queue.iter().any(|q| q.lead_id == lead));
    assert_eq!(store.lead(&agent, lead, now).unwrap().name, "韩梅梅");

    assert_refused_as_read_only(store.log_call(&agent, &call(lead, None), now).unwrap_err());
    assert_refused_as_read_only(store.claim(&agent, lead, now).unwrap_err());
    assert_refused_as_read_only(store.regrade(&agent, lead, "A", None, now).unwrap_err());
    assert!(matches!(store.checkpoint(), Err(StoreError::ReadOnly)));
    drop(store);
    drop(view);
    assert_eq!(bytes(&path), before);
    assert!(
        !sidecar(&path, "-wal").exists() && !sidecar(&path, "-shm").exists(),
        "a read-only open left files beside the database"
    );
}

#[test]
fn a_read_only_view_of_a_file_in_use_sees_colleagues_work_as_it_is_saved() {
    let d = desk();
    let now = at("2026-11-23 11:00");
    let lead = d.lead("韩梅梅", "13812345678", "H", at("2026-11-20 10:00"));
    // A colleague is working: the WAL and its shared memory exist.
    assert!(sidecar(d.store.path(), "-shm").exists());
    let Some(view) = read_only_view(d.dir.path()) else {
        return;
    };
    let reader = SqliteStore::open(&view.path.join("dcc.sqlite"), OpenMode::Existing).unwrap();
    assert!(reader.read_only());
    let seen = reader.data_version().unwrap();
    assert_eq!(reader.lead(&d.agent, lead, now).unwrap().history.len(), 2);

    d.log(lead, Outcome::Reached, CallReport::default(), now)
        .unwrap();
    assert_ne!(
        reader.data_version().unwrap(),
        seen,
        "the reader is told of the change"
    );
    let card = reader.lead(&d.agent, lead, now).unwrap();
    assert!(
        card.history.iter().any(|h| matches!(
            h,
            dcc_desk::store::HistoryEntry::Call {
                outcome: Outcome::Reached,
                ..
            }
        )),
        "the reader sees the colleague's call"
    );
    assert_refused_as_read_only(
        reader
            .log_call(&d.agent, &call(lead, None), now)
            .unwrap_err(),
    );
}

#[test]
fn the_command_line_lists_the_queue_read_only_and_refuses_to_log() {
    let d = desk();
    d.lead("韩梅梅", "13812345678", "H", at("2026-11-20 10:00"));
    let path = d.store.path().to_path_buf();
    drop(d.store);
    let before = bytes(&path);
    let Some(view) = read_only_view(d.dir.path()) else {
        return;
    };
    let db = view.path.join("dcc.sqlite");
    let out = dcc(&db, &["queue"], false);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("韩梅梅"), "{text}");
    let out = dcc(&db, &["log", "1", "reached"], false);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("read-only") && err.contains("nothing was saved"),
        "{err}"
    );
    drop(view);
    assert_eq!(bytes(&path), before);
}

/// As another user (root only): a file they may read but not write, in a
/// folder they may write, opens read-only and leaves no `-wal` or `-shm`
/// owned by them that would later stop colleagues from writing; a file they
/// may write in a folder they may not opens read-only too.
#[test]
fn another_user_without_write_permission_works_read_only_and_leaves_nothing_behind() {
    if !common::is_root()
        || !sh(
            "setpriv",
            &["--reuid=65534", "--regid=65534", "--clear-groups", "true"],
        )
    {
        eprintln!("SKIPPED: needs root and setpriv to run as another user");
        return;
    }
    for (file_mode, dir_mode) in [(0o644, 0o777), (0o666, 0o755), (0o644, 0o755)] {
        let d = desk();
        d.lead("韩梅梅", "13812345678", "H", at("2026-11-20 10:00"));
        let path = d.store.path().to_path_buf();
        drop(d.store);
        // amy works under the operating-system account `nobody` here.
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute("UPDATE agents SET login = 'nobody' WHERE login = 'amy'", [])
            .unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(file_mode)).unwrap();
        std::fs::set_permissions(d.dir.path(), std::fs::Permissions::from_mode(dir_mode)).unwrap();
        let before = bytes(&path);
        let case = format!("file {file_mode:o}, folder {dir_mode:o}");

        let out = dcc(&path, &["queue", "--all"], true);
        // amy is not a supervisor: --all is refused, but only after the file
        // opened; a plain queue must list her lead.
        assert!(!out.status.success(), "{case}");
        let out = dcc(&path, &["queue"], true);
        assert!(
            out.status.success(),
            "{case}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("韩梅梅"),
            "{case}"
        );
        let out = dcc(&path, &["log", "1", "reached"], true);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success() && err.contains("nothing was saved"),
            "{case}: {err}"
        );
        assert_eq!(bytes(&path), before, "{case}");
        assert!(
            !sidecar(&path, "-wal").exists() && !sidecar(&path, "-shm").exists(),
            "{case}: files left beside the database"
        );
    }
}

// --- A full disk --------------------------------------------------------

/// Fills the filesystem of `dir` with a file until writing it fails.
fn fill(dir: &Path) -> PathBuf {
    use std::io::Write;
    let filler = dir.join("filler");
    let mut f = std::fs::File::create(&filler).unwrap();
    let chunk = vec![0x5Au8; 16 * 1024];
    while f.write_all(&chunk).is_ok() {}
    let _ = f.flush();
    for _ in 0..64 {
        if f.write_all(&chunk[..512]).is_err() && f.write_all(&chunk[..1]).is_err() {
            break;
        }
    }
    filler
}

#[test]
fn a_full_disk_refuses_the_write_keeps_earlier_work_and_recovers_when_space_is_freed() {
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let m = mnt.to_string_lossy().into_owned();
    let tmpfs = common::is_root() && sh("mount", &["-t", "tmpfs", "-o", "size=3m", "tmpfs", &m]);
    let _mounted = tmpfs.then(|| Mounted(mnt.clone()));
    eprintln!(
        "{}",
        if tmpfs {
            "disk full: a 3 MiB tmpfs filled up"
        } else {
            "disk full: no tmpfs could be mounted; the file is capped with max_page_count"
        }
    );
    let path = mnt.join("dcc.sqlite");
    let store = SqliteStore::open(&path, OpenMode::Create).unwrap();
    let t = at("2026-11-01 09:00");
    let boss = dcc_desk::store::Actor::myself(
        store
            .add_agent(None, "boss", "主管", dcc_desk::store::Role::Supervisor, t)
            .unwrap(),
    );
    let d = common::Desk {
        agent: dcc_desk::store::Actor::myself(
            store
                .add_agent(
                    Some(&boss),
                    "amy",
                    "王芳",
                    dcc_desk::store::Role::Outbound,
                    t,
                )
                .unwrap(),
        ),
        boss,
        store,
        dir,
    };
    let now = at("2026-11-23 11:00");
    let lead = d.lead("韩梅梅", "13812345678", "H", at("2026-11-20 10:00"));
    let filler = if tmpfs {
        Some(fill(&mnt))
    } else {
        d.store.cap_size_for_tests(Some(8)).unwrap();
        None
    };

    // Calls with long notes until the disk is full.
    let mut saved = Vec::new();
    let mut refused = None;
    // (Notes are at most 2,000 characters: many calls, each near the limit.)
    for i in 0..5000 {
        let note = format!("第{i}次通话：") + &"客户详细说明了需求。".repeat(195);
        match d.store.log_call(&d.agent, &call(lead, Some(note)), now) {
            Ok(l) => saved.push(l.call_id),
            Err(e) => {
                refused = Some((e, call(lead, Some(format!("第{i}次通话：重试")))));
                break;
            }
        }
    }
    let (err, kept) = refused.expect("the disk never filled up");
    assert!(matches!(err, StoreError::DiskFull), "{err}");
    let msg = err.to_string();
    assert!(
        msg.contains("disk is full")
            && msg.contains("nothing was saved")
            && msg.contains("Free some space"),
        "{msg}"
    );
    // Everything saved before is there, and nothing of the refused call.
    let found = d.store.saved_calls(&saved).unwrap();
    assert_eq!(found.len(), saved.len());
    assert_eq!(calls_in(&path), saved.len() as i64);
    assert_eq!(d.store.lead(&d.boss, lead, now).unwrap().name, "韩梅梅");

    // Space is freed: the same input, kept, is saved.
    match filler {
        Some(f) => std::fs::remove_file(f).unwrap(),
        None => d.store.cap_size_for_tests(None).unwrap(),
    }
    let logged = d.store.log_call(&d.agent, &kept, now).unwrap();
    assert_eq!(calls_in(&path), saved.len() as i64 + 1);
    assert!(d.store.saved_calls(&[logged.call_id]).unwrap().len() == 1);
    assert_eq!(integrity(&path), "ok");
    drop(d.store);
}

// --- Another program holding the write lock -----------------------------

#[test]
fn a_long_write_by_another_program_makes_the_agent_wait_then_keeps_their_input_to_retry() {
    let d = desk();
    let now = at("2026-11-23 11:00");
    let lead = d.lead("韩梅梅", "13812345678", "H", at("2026-11-20 10:00"));
    let path = d.store.path().to_path_buf();
    let calls_before = calls_in(&path);

    // Another program takes the write lock and keeps it longer than the
    // store waits (10 s), until told to let go.
    let (locked, lock_held) = mpsc::channel();
    let (release, released) = mpsc::channel::<()>();
    let holder = thread::spawn(move || {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("BEGIN IMMEDIATE").unwrap();
        c.execute("UPDATE leads SET note = 'held' WHERE id = ?1", [lead])
            .unwrap();
        locked.send(()).unwrap();
        released.recv().unwrap();
        c.execute_batch("ROLLBACK").unwrap();
    });
    lock_held.recv().unwrap();

    let input = call(lead, Some("客户下周三到店".into()));
    let asked = Instant::now();
    let err = d.store.log_call(&d.agent, &input, now).unwrap_err();
    let waited = asked.elapsed();
    assert!(matches!(err, StoreError::Busy(_)), "{err}");
    let msg = err.to_string();
    assert!(
        msg.contains("busy")
            && msg.contains("nothing was saved")
            && msg.contains("your input is kept"),
        "{msg}"
    );
    assert!(
        waited >= Duration::from_secs(9),
        "gave up after {waited:?} instead of waiting for the other writer"
    );
    assert_eq!(
        calls_in(d.store.path()),
        calls_before,
        "something was written"
    );

    release.send(()).unwrap();
    holder.join().unwrap();
    let logged = d.store.log_call(&d.agent, &input, now).unwrap();
    assert_eq!(calls_in(d.store.path()), calls_before + 1);
    assert_eq!(d.store.saved_calls(&[logged.call_id]).unwrap()[0].1, lead);
}

// --- A network filesystem -----------------------------------------------

#[test]
fn a_database_on_a_network_filesystem_is_refused_with_the_reason_and_what_to_do() {
    let mounts = "\
/dev/sda1 / ext4 rw,relatime 0 0
nas:/export/sales /srv/sales nfs4 rw,relatime,vers=4.2 0 0
//fileserver/crm /mnt/crm cifs rw,vers=3.1.1 0 0
amy@host:/data /home/amy/remote fuse.sshfs rw,nosuid,nodev 0 0
";
    for (path, fs) in [
        ("/srv/sales/dcc.sqlite", "nfs4"),
        ("/mnt/crm/team/dcc.sqlite", "cifs"),
        ("/home/amy/remote/dcc.sqlite", "fuse.sshfs"),
    ] {
        let err = check_filesystem(Path::new(path), mounts).unwrap_err();
        assert!(matches!(err, StoreError::NetworkFs { .. }), "{err}");
        let msg = err.to_string();
        assert!(
            msg.contains(fs) && msg.contains("network filesystem"),
            "{msg}"
        );
        assert!(
            msg.contains("one computer") && msg.contains("local disk"),
            "{msg}"
        );
        assert!(msg.contains("Nothing was opened"), "{msg}");
    }
    check_filesystem(Path::new("/home/amy/dcc.sqlite"), mounts).unwrap();
    // This machine's own disk is fine.
    let d = desk();
    let dir = d.dir.path().canonicalize().unwrap();
    let here = std::fs::read_to_string("/proc/mounts").unwrap_or_default();
    check_filesystem(&dir.join("dcc.sqlite"), &here).unwrap();
}

// --- The WAL does not grow without bound --------------------------------

#[test]
fn a_reader_holding_a_transaction_lets_the_wal_grow_only_until_it_lets_go() {
    let d = desk();
    let now = at("2026-11-23 11:00");
    assert_eq!(d.store.journal_size_limit().unwrap(), 64 * 1024 * 1024);
    let lead = d.lead("韩梅梅", "13812345678", "H", at("2026-11-20 10:00"));
    assert!(!d.store.checkpoint().unwrap().blocked);
    assert_eq!(d.store.wal_bytes(), 0);

    // A report tool opens a read transaction and forgets it.
    let reader = rusqlite::Connection::open(d.store.path()).unwrap();
    reader.execute_batch("BEGIN").unwrap();
    let n: i64 = reader
        .query_row("SELECT count(*) FROM leads", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
    for i in 0..150 {
        d.store
            .log_call(&d.agent, &call(lead, Some(format!("第{i}次"))), now)
            .unwrap();
    }
    let grown = d.store.wal_bytes();
    assert!(grown > 100_000, "the WAL did not grow: {grown} bytes");

    // It lets go: a checkpoint empties the WAL.
    reader.execute_batch("COMMIT").unwrap();
    drop(reader);
    let cp = d.store.checkpoint().unwrap();
    assert!(!cp.blocked, "{cp:?}");
    assert_eq!(cp.log_pages, cp.copied_pages);
    assert_eq!(cp.wal_bytes, 0, "the WAL was not truncated");
    assert_eq!(calls_in(d.store.path()), 150);
}

#[test]
fn the_store_keeps_no_read_transaction_open_between_operations() {
    let (d, now) = common::busy_day();
    let today = now.date();
    let path = d.store.path().to_path_buf();
    // Every kind of read the workstation does.
    d.store
        .queue(&d.boss, Some(d.agent.agent.id), today, now)
        .unwrap();
    d.store.queue(&d.boss, None, today, now).unwrap();
    d.store.lead(&d.boss, 1, now).unwrap();
    d.store.find_leads(&d.boss, "139", 10).unwrap();
    d.store.day_stats(&d.boss, d.agent.agent.id, today).unwrap();
    d.store.team_day(&d.boss, today, now).unwrap();
    d.store.pending_requests(&d.boss).unwrap();
    d.store.agents().unwrap();
    d.store.rules().unwrap();
    d.store.reasons().unwrap();
    d.store.channels().unwrap();
    d.store.dnc_list(&d.boss).unwrap();
    d.store.data_version().unwrap();
    d.store.script("first_call", "zh-CN").unwrap();
    d.store.setting("dealer").unwrap();
    let _ = d.store.agent("amy").unwrap();
    assert!(d.store.wal_bytes() > 0);

    // Another program, which does not wait, can empty the WAL: no snapshot
    // of ours holds it.
    let other = rusqlite::Connection::open(&path).unwrap();
    let (busy, log, copied): (i64, i64, i64) = other
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(busy, 0, "a read transaction of the store is still open");
    assert_eq!(log, copied);
    assert_eq!(d.store.wal_bytes(), 0);
}

#[test]
fn saving_an_outcome_leaves_the_checkpoint_to_the_agents_next_idle_moment() {
    let d = desk();
    let now = at("2026-11-23 11:00");
    let lead = d.lead("韩梅梅", "13812345678", "H", at("2026-11-20 10:00"));
    d.store.idle();
    let settled = bytes(d.store.path());
    // Saving writes the WAL only: the agent does not wait for the database
    // file to be rewritten with the pages saved before (a day's calls of a
    // busy team would make SQLite's default of 1,000 pages checkpoint here) ...
    for i in 0..400 {
        let note = Some(format!("第{i}次"));
        d.store.log_call(&d.agent, &call(lead, note), now).unwrap();
    }
    assert!(d.store.wal_bytes() > 1000 * 4096, "{}", d.store.wal_bytes());
    assert_eq!(bytes(d.store.path()), settled, "a save checkpointed");
    assert!(d.store.wal_bytes() > 0);
    // ... the idle moment after it copies the WAL into the database.
    d.store.idle();
    assert_ne!(
        bytes(d.store.path()),
        settled,
        "the idle moment did not checkpoint"
    );
    // A second idle moment with nothing new saved does nothing.
    let after = bytes(d.store.path());
    d.store.idle();
    assert_eq!(bytes(d.store.path()), after);
    assert_eq!(calls_in(d.store.path()), 400);
}
