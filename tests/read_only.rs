//! The workstation on a database it cannot write: it starts, shows the
//! queue and a banner saying the file is read-only, why, and that nothing
//! can be saved; keys that would write say so and change nothing.
//!
//! Snapshots and key tests set the cause on the state (the view is a pure
//! function of it); the real-terminal test makes a copy read-only for real
//! (as root, by running `dcc` as the unprivileged user `nobody`, since file
//! modes do not stop root).

mod common;
#[path = "common/tmux.rs"]
mod tmux;
use common::screen;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use tmux::Tmux;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dcc_desk::app::{App, FixedClock, Mode, Session};
use dcc_desk::i18n::Lang;
use dcc_desk::store::{sidecar, OpenMode, ReadOnlyCause, SqliteStore};

/// The busy day's workstation for amy, told the database is read-only.
fn app(lang: Lang, cause: Option<ReadOnlyCause>) -> (common::Desk, App) {
    let (d, now) = common::busy_day();
    let store = SqliteStore::open(&d.dir.path().join("dcc.sqlite"), OpenMode::Existing).unwrap();
    let session = Session {
        lang: Some(lang),
        ..Default::default()
    };
    let mut app = App::new(
        Box::new(store),
        Box::new(FixedClock(now)),
        d.agent.clone(),
        session,
    )
    .unwrap();
    app.read_only = cause;
    (d, app)
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn calls(path: &Path) -> i64 {
    let c = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap();
    c.query_row("SELECT count(*) FROM calls", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn the_banner_says_read_only_why_and_that_nothing_is_saved_and_keys_say_so() {
    for lang in [Lang::Zh, Lang::En] {
        let (_d, mut a) = app(lang, Some(ReadOnlyCause::File));
        key(&mut a, KeyCode::Char('r'));
        for (w, h) in [(80, 24), (120, 40)] {
            let snap = format!("read_only_{}_{w}x{h}", lang.code());
            insta::assert_snapshot!(snap, screen(&a, w, h));
        }
    }
}

#[test]
fn every_cause_fits_80_columns_with_what_why_and_nothing_saved() {
    use ReadOnlyCause::*;
    for lang in [Lang::Zh, Lang::En] {
        for cause in [Filesystem, File, Sidecar, Folder] {
            let (_d, a) = app(lang, Some(cause));
            let top = screen(&a, 80, 24).lines().next().unwrap().to_string();
            let t = |m| dcc_desk::i18n::Msg::text(m, lang);
            use dcc_desk::i18n::Msg;
            for part in [
                t(Msg::ReadOnlyBanner),
                dcc_desk::i18n::read_only_cause(cause, lang),
                t(Msg::ReadOnlyNothingSaved),
            ] {
                assert!(top.contains(part), "{cause:?} {lang:?}: {part:?} in {top}");
            }
            let wide = screen(&a, 120, 40).lines().next().unwrap().to_string();
            assert!(wide.contains("dcc doctor"), "{cause:?} {lang:?}: {wide}");
        }
    }
}

#[test]
fn keys_that_would_write_are_refused_with_a_message_and_nothing_is_saved() {
    let (d, mut a) = app(Lang::En, Some(ReadOnlyCause::Folder));
    let path = d.store.path().to_path_buf();
    let before = calls(&path);
    let first = a.current_lead().unwrap();
    // Moving still works.
    key(&mut a, KeyCode::Char('j'));
    assert_ne!(a.current_lead(), Some(first));
    key(&mut a, KeyCode::Char('k'));
    for k in [
        KeyCode::Enter,
        KeyCode::Char('r'),
        KeyCode::Char('n'),
        KeyCode::Char('b'),
        KeyCode::Char('a'),
        KeyCode::Char('d'),
        KeyCode::Char('x'),
        KeyCode::Char('g'),
        KeyCode::Char('c'),
        KeyCode::F(2),
    ] {
        a.message = None;
        key(&mut a, k);
        assert!(matches!(a.mode, Mode::Normal), "{k:?} opened {:?}", a.mode);
        assert!(a.call.is_none(), "{k:?} started a call");
        let m = a.message.as_ref().expect("a message").text.clone();
        assert!(
            m.contains("Read-only") && m.contains("cannot save") && m.contains("dcc doctor"),
            "{k:?}: {m}"
        );
    }
    // Reading is not writing: help and search still open.
    key(&mut a, KeyCode::Char('?'));
    assert!(matches!(a.mode, Mode::Help));
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('/'));
    assert!(matches!(a.mode, Mode::Prompt(_)));
    assert_eq!(calls(&path), before, "a call was saved");
}

#[test]
fn a_writable_database_shows_no_banner() {
    let (_d, a) = app(Lang::En, None);
    assert_eq!(a.read_only, None, "the store is writable here");
    let s = screen(&a, 80, 24);
    assert!(!s.contains("READ-ONLY") && !s.contains("read-only"), "{s}");
}

// --- In a real terminal, on a file made read-only for real ---------------

/// How to run `dcc` as someone file modes apply to: as root, `nobody`
/// through `setpriv`; `None` if root cannot change user here.
fn as_someone() -> Option<&'static str> {
    if !common::is_root() {
        return Some("");
    }
    let prefix = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
    let ok = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "true"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    ok.then_some(prefix)
}

/// The demo's supervisor is the account the workstation will run as: its
/// login comes from the process's user id, never from `USER`.
fn pane_login() -> Vec<&'static str> {
    if common::is_root() {
        vec!["--login", "nobody"]
    } else {
        vec![]
    }
}

/// Restores a folder's mode on drop, so the temp dir can be removed.
struct Mode0(PathBuf, u32);

impl Drop for Mode0 {
    fn drop(&mut self) {
        let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(self.1));
    }
}

// The demo is made and opened at the system's time: `DCC_NOW` is only for
// the file's owner, and the reader here is someone else.

#[test]
fn the_workstation_on_a_read_only_copy_shows_the_queue_and_the_banner_and_saves_nothing() {
    let Some(prefix) = as_someone() else {
        eprintln!("SKIPPED: root, and cannot run as another user (setpriv) to make modes apply");
        return;
    };
    let exe = env!("CARGO_BIN_EXE_dcc");
    let t = Tmux::new("ro");
    // (language, file mode, what the banner must say).
    let cases = [
        ("en", 0o444, "you may not write the database file"),
        ("zh-CN", 0o666, "你没有写入数据库所在文件夹的权限"),
    ];
    let mut keep = Vec::new();
    for (i, (lang, file_mode, why)) in cases.into_iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("demo.sqlite");
        let out = Command::new(exe)
            .args(["--db"])
            .arg(&db)
            .args(["demo", "--leads", "300", "--seed", "5"])
            .args(pane_login())
            .env_remove("DCC_NOW")
            .env("DCC_CONFIG", "/nonexistent/dcc.toml")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!sidecar(&db, "-wal").exists(), "the demo left a -wal");
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(file_mode)).unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
        let restore = Mode0(dir.path().to_path_buf(), 0o755);
        let before = std::fs::read(&db).unwrap();

        let name = format!("s{i}");
        t.window(
            &name,
            (100, 30),
            &format!(
                "{prefix}env -u DCC_NOW DCC_CONFIG=/nonexistent/dcc.toml \
                 TERM=xterm-256color {exe} --db {} --lang {lang}; sleep 30",
                db.display()
            ),
        );
        let (title, banner, refused) = if lang == "en" {
            ("Today's calls", "READ-ONLY", "Read-only: cannot save")
        } else {
            ("今日回访", "只读 ·", "只读：无法保存")
        };
        t.wait(&name, 10, "the queue under the banner", |s| {
            let top = s.lines().next().unwrap_or("");
            top.contains(banner) && top.contains(why) && s.contains(title)
        });
        // Call, an outcome, capture: each says it cannot save.
        for k in ["Enter", "r", "c"] {
            t.keys(&name, &[k]);
            t.wait(&name, 3, "the refusal", |s| s.contains(refused));
            t.keys(&name, &["j"]); // moving works, and clears nothing important
        }
        t.keys(&name, &["q"]);
        t.wait(&name, 5, "the terminal restored", |s| !s.contains(title));
        assert_eq!(
            std::fs::read(&db).unwrap(),
            before,
            "{lang}: the file changed"
        );
        assert!(
            !sidecar(&db, "-wal").exists() && !sidecar(&db, "-shm").exists(),
            "{lang}: files left beside the database"
        );
        keep.push((restore, dir));
    }
}

#[test]
fn a_colleagues_wal_files_this_user_cannot_write_open_read_only_with_the_banner() {
    let Some(prefix) = as_someone() else {
        eprintln!("SKIPPED: root, and cannot run as another user (setpriv) to make modes apply");
        return;
    };
    let exe = env!("CARGO_BIN_EXE_dcc");
    let t = Tmux::new("ro-side");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    let out = Command::new(exe)
        .args(["--db"])
        .arg(&db)
        .args(["demo", "--leads", "300", "--seed", "5"])
        .args(pane_login())
        .env_remove("DCC_NOW")
        .env("DCC_CONFIG", "/nonexistent/dcc.toml")
        .output()
        .unwrap();
    assert!(out.status.success());
    // The file and folder are the team's; a colleague's session made the -wal
    // and -shm files without group write permission and is still open.
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o666)).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let _restore = Mode0(dir.path().to_path_buf(), 0o755);
    let colleague = rusqlite::Connection::open(&db).unwrap();
    let _: i64 = colleague
        .query_row("SELECT count(*) FROM leads", [], |r| r.get(0))
        .unwrap();
    for s in ["-wal", "-shm"] {
        std::fs::set_permissions(sidecar(&db, s), std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let calls_before = calls(&db);

    t.window(
        "s",
        (100, 30),
        &format!(
            "{prefix}env -u DCC_NOW DCC_CONFIG=/nonexistent/dcc.toml \
             TERM=xterm-256color {exe} --db {} --lang en; sleep 30",
            db.display()
        ),
    );
    // The banner is up from the start, not after a failed save.
    t.wait("s", 10, "the queue under the banner", |s| {
        let top = s.lines().next().unwrap_or("");
        top.contains("READ-ONLY") && top.contains("-wal") && s.contains("Today's calls")
    });
    t.keys("s", &["r"]);
    t.wait("s", 3, "the refusal", |s| {
        s.contains("Read-only: cannot save")
    });
    t.keys("s", &["q"]);
    assert_eq!(calls(&db), calls_before);
    drop(colleague);
}
