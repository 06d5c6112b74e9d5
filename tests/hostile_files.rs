//! Files that are not files, and a demo killed half-way: real processes.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn dcc(db: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dcc"));
    c.args(args)
        .args(["--login", "boss"])
        .env("DCC_DB", db)
        .env("DCC_NOW", "2026-11-23T10:00")
        .env("DCC_CONFIG", db.with_extension("no-config.toml"))
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    c
}

/// Runs to the end, or is killed after a minute (a blocked read would
/// otherwise hang the test run): the refusal must come long before.
fn run(mut c: Command) -> (bool, String) {
    let mut child = c
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("dcc blocked on its input");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_fifo_a_device_or_a_folder_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dcc.sqlite");
    assert!(run(dcc(&db, &["init", "--name", "张主管"])).0);
    let fifo = dir.path().join("leads.csv");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let folder = dir.path().join("folder.csv");
    std::fs::create_dir(&folder).unwrap();
    for (args, said) in [
        (vec!["import", fifo.to_str().unwrap()], "FIFO"),
        (vec!["import", "/dev/zero"], "a device"),
        (vec!["import", folder.to_str().unwrap()], "a folder"),
        (vec!["dnc", "import", "/dev/zero"], "a device"),
        (vec!["dnc", "import", fifo.to_str().unwrap()], "FIFO"),
    ] {
        let (ok, err) = run(dcc(&db, &args));
        assert!(!ok, "{args:?}");
        assert!(
            err.contains(said) && err.contains("not a regular file"),
            "{args:?}: {err}"
        );
    }
    let script = dir.path().join("script.txt");
    let c = std::ffi::CString::new(script.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let (ok, err) = run(dcc(
        &db,
        &[
            "script",
            "set",
            "follow_up",
            "--file",
            script.to_str().unwrap(),
        ],
    ));
    assert!(!ok && err.contains("FIFO"), "{err}");
    let theme = dcc(&db, &["--theme", "/dev/zero", "queue"]);
    let (ok, err) = run(theme);
    assert!(ok, "a broken theme never stops work: {err}");
}

#[test]
fn a_demo_killed_half_way_leaves_nothing_that_blocks_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    let mut child = dcc(&db, &["demo", "--leads", "20000"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the demo is writing, then kill it.
    let start = Instant::now();
    let writing = |d: &Path| {
        std::fs::read_dir(d)
            .unwrap()
            .filter_map(|e| e.ok())
            .any(|e| e.file_name().to_string_lossy().contains(".demo-"))
    };
    while !writing(dir.path()) && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(200));
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success(), "killed before it finished");
    assert!(!db.exists(), "nothing under the demo's name");
    let (ok, err) = run(dcc(&db, &["demo", "--leads", "300"]));
    assert!(ok, "the next demo runs: {err}");
    assert!(db.exists());
    let (ok, err) = run(dcc(&db, &["queue"]));
    assert!(ok, "{err}");
}

#[test]
fn the_load_test_copies_by_the_rules_of_every_file_dcc_writes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dcc.sqlite");
    assert!(run(dcc(&db, &["init", "--name", "张主管"])).0);
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    let load = |extra: &[&str]| {
        let mut args = vec![
            "load",
            "--work-dir",
            work.to_str().unwrap(),
            "--agents",
            "1",
            "--minutes",
            "0.001",
            "--speedup",
            "100",
        ];
        args.extend_from_slice(extra);
        run(dcc(&db, &args))
    };
    for planted in [
        "dcc-load.sqlite",
        "dcc-load.sqlite-wal",
        "dcc-load.sqlite-shm",
    ] {
        let link = work.join(planted);
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        for force in [&[][..], &["--force"][..]] {
            let (ok, err) = load(force);
            assert!(!ok, "{planted} {force:?}");
            assert!(err.contains("is a symbolic link"), "{planted}: {err}");
        }
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
        std::fs::remove_file(&link).unwrap();
    }
    // A copy left by an earlier run is replaced only with --force.
    let old = work.join("dcc-load.sqlite");
    std::fs::write(&old, "an earlier copy").unwrap();
    let (ok, err) = load(&[]);
    assert!(
        !ok && err.contains("already exists") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&old).unwrap(), "an earlier copy");
    let (ok, err) = load(&["--force", "--keep"]);
    assert!(ok, "{err}");
    let copy = std::fs::read(&old).unwrap();
    assert!(copy.starts_with(b"SQLite format 3\0"));
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&old).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "full numbers: the owner's only");
    // The database is never the copy, even with --force.
    let same = work.join("dcc-load.sqlite");
    std::fs::remove_file(&same).unwrap();
    assert!(run(dcc(&same, &["init", "--name", "张主管"])).0);
    let before = std::fs::read(&same).unwrap();
    let (ok, err) = run(dcc(
        &same,
        &["load", "--work-dir", work.to_str().unwrap(), "--force"],
    ));
    assert!(!ok && err.contains("is the database"), "{err}");
    assert_eq!(std::fs::read(&same).unwrap(), before);
}
