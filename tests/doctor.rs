//! `dcc doctor` on a deliberately misconfigured team folder, on a healthy
//! one, and on a damaged file: every problem is found and comes with the
//! command that fixes it, and the doctor creates nothing beside the file.

mod common;

use std::os::unix::fs::{chown, MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Stdio};

use common::{at, desk};
use dcc_desk::doctor::{examine, Diagnosis, Env, Level, Topic};
use dcc_desk::i18n::{finding_fixes, finding_what, write_diagnosis, Lang};
use dcc_desk::store::{sidecar, LeadStore};

fn chmod(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn env(gid: u32, dcc_now: Option<&str>) -> Env {
    Env {
        now: at("2026-11-23 12:00"),
        dcc_now: dcc_now.map(str::to_string),
        mounts: std::fs::read_to_string("/proc/mounts").ok(),
        groups: Some(format!("root:x:0:\nsales:x:{gid}:amy,zoe\n")),
        passwd: Some(
            "root:x:0:0::/root:/bin/sh\n\
             boss:x:1500:1500::/home/boss:/bin/sh\n\
             amy:x:1501:1501::/home/amy:/bin/sh\n"
                .into(),
        ),
        backup_dir: None,
        served: None,
    }
}

fn fixes(d: &Diagnosis) -> Vec<String> {
    d.findings
        .iter()
        .flat_map(|f| finding_fixes(f, Lang::En))
        .collect()
}

fn level(d: &Diagnosis, topic: Topic) -> Level {
    d.findings
        .iter()
        .filter(|f| f.topic == topic)
        .map(|f| f.level)
        .max_by_key(|l| *l as u8)
        .unwrap_or_else(|| panic!("nothing about {topic:?}: {d:#?}"))
}

fn has(fixes: &[String], want: &str) -> bool {
    fixes.iter().any(|f| f.starts_with(want))
}

#[test]
fn a_misconfigured_team_folder_is_explained_with_the_commands_that_fix_it() {
    let d = desk();
    let now = at("2026-11-23 11:00");
    d.lead("韩梅梅", "13812345678", "H", at("2026-11-20 10:00"));
    // Leo left; his lead stays in no one's queue.
    let leo = d
        .store
        .add_agent(
            Some(&d.boss),
            "leo",
            "刘洋",
            dcc_desk::store::Role::Outbound,
            now,
        )
        .unwrap();
    let left = d
        .store
        .add_lead(
            &d.boss,
            &dcc_desk::store::NewLead {
                name: "周杰".into(),
                phone: dcc_desk::domain::phone::Phone::parse("13900000077").unwrap(),
                channel: "autohome".into(),
                model: "卡罗拉".into(),
                purchase_by: None,
                visit_by: None,
                grade: Some("A".into()),
                owner: Some("leo".into()),
                note: None,
                details: Default::default(),
            },
            now,
        )
        .unwrap();
    rusqlite::Connection::open(d.store.path())
        .unwrap()
        .execute("UPDATE agents SET active = 0 WHERE id = ?1", [leo.id])
        .unwrap();

    // The store stays open: the -wal and -shm exist, as while agents work.
    let dir = d.dir.path();
    let db = d.store.path().to_path_buf();
    let (wal, shm) = (sidecar(&db, "-wal"), sidecar(&db, "-shm"));
    assert!(wal.exists() && shm.exists());
    let gid = if common::is_root() {
        // A team group, and the database copied in by someone whose group
        // it kept.
        for p in [dir, db.as_path(), wal.as_path(), shm.as_path()] {
            chown(p, None, Some(4242)).unwrap();
        }
        chown(&db, None, Some(4343)).unwrap();
        4242
    } else {
        std::fs::metadata(dir).unwrap().gid()
    };
    chmod(dir, 0o755); // not group-writable, no setgid
    chmod(&db, 0o644); // world-readable, not group-writable
    chmod(&wal, 0o640); // not group-writable
    chmod(&shm, 0o660); // right

    let diag = examine(&db, &env(gid, Some("2026-11-23T10:00")));
    let mut text = Vec::new();
    write_diagnosis(&mut text, &diag, Lang::En).unwrap();
    let text = String::from_utf8(text).unwrap();
    eprintln!("{text}");
    let fixes = fixes(&diag);
    let (dbq, walq, dirq) = (
        db.display().to_string(),
        wal.display().to_string(),
        dir.display().to_string(),
    );

    assert!(fixes.contains(&format!("chmod o-rwx {dbq}")), "{fixes:#?}");
    assert!(
        fixes.contains(&format!("chmod g+rw {dbq} {walq}")),
        "the database and its -wal, not the -shm: {fixes:#?}"
    );
    assert!(
        fixes.contains(&format!("chmod g+rwxs {dirq}")),
        "{fixes:#?}"
    );
    if common::is_root() {
        assert!(has(&fixes, &format!("chgrp sales {dbq}")), "{fixes:#?}");
        assert!(
            fixes.contains(&"usermod -aG sales boss".to_string()),
            "{fixes:#?}"
        );
        assert!(
            has(&fixes, &format!("dcc --db {dbq} agent add zoe")),
            "zoe can open the file but is no agent: {fixes:#?}"
        );
        assert!(
            !fixes.iter().any(|f| f.contains("usermod -aG sales amy")),
            "amy is in the group: {fixes:#?}"
        );
    }
    assert!(fixes.contains(&"unset DCC_NOW".to_string()), "{fixes:#?}");
    assert!(
        has(&fixes, &format!("dcc reassign {left} --to LOGIN")),
        "{fixes:#?}"
    );
    assert_eq!(level(&diag, Topic::Permissions), Level::Problem);
    assert_eq!(level(&diag, Topic::Clock), Level::Warning);
    assert_eq!(level(&diag, Topic::Team), Level::Warning);
    for fine in [
        Topic::Filesystem,
        Topic::Schema,
        Topic::Journal,
        Topic::Integrity,
        Topic::Wal,
    ] {
        assert_eq!(level(&diag, fine), Level::Ok, "{fine:?}: {text}");
    }
    assert!(text.contains("fix: chmod g+rwxs"), "{text}");
    assert!(text.contains("problem(s)"), "{text}");

    // The same in Chinese: every finding explained in Chinese, with the
    // same commands.
    let mut zh = Vec::new();
    write_diagnosis(&mut zh, &diag, Lang::Zh).unwrap();
    let zh = String::from_utf8(zh).unwrap();
    eprintln!("{zh}");
    let chinese = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    for f in &diag.findings {
        let what_zh = finding_what(f, Lang::Zh);
        assert!(chinese(&what_zh), "not Chinese: {f:#?}");
        assert!(zh.contains(&what_zh), "{zh}");
        let (fix, fix_zh) = (finding_fixes(f, Lang::En), finding_fixes(f, Lang::Zh));
        assert_eq!(fix_zh.len(), fix.len(), "{f:#?}");
        for (en, cn) in fix.iter().zip(&fix_zh) {
            // The command, without its note or the reason typed for it.
            let command = en.split("   (").next().unwrap();
            let command = command.split('"').next().unwrap();
            assert!(cn.starts_with(command), "{en} / {cn}");
        }
    }
    assert!(zh.contains("修复：chmod g+rwxs"), "{zh}");
    assert!(zh.contains("个问题") && !zh.contains("PROBLEM"), "{zh}");
}

#[test]
fn a_team_folder_set_up_as_the_readme_says_is_in_order_and_the_doctor_creates_nothing() {
    let d = desk();
    d.lead("韩梅梅", "13812345678", "H", at("2026-11-20 10:00"));
    let db = d.store.path().to_path_buf();
    // And a backup made today, as the README says.
    let boss = dcc_desk::store::Operator {
        login: "boss".into(),
        agent: Some(d.boss.clone()),
    };
    d.store
        .back_up(
            &boss,
            &d.dir.path().join("backups"),
            at("2026-11-23 02:00"),
            &mut |_, _| {},
        )
        .unwrap();
    drop(d.store);
    let dir = d.dir.path();
    let gid = if common::is_root() {
        for p in [dir, db.as_path()] {
            chown(p, None, Some(4242)).unwrap();
        }
        4242
    } else {
        std::fs::metadata(dir).unwrap().gid()
    };
    chmod(dir, 0o2770);
    chmod(&db, 0o660);
    let before = std::fs::read(&db).unwrap();
    let mut e = env(gid, None);
    e.groups = Some(format!("sales:x:{gid}:boss,amy\n"));
    let diag = examine(&db, &e);
    let bad: Vec<_> = diag
        .findings
        .iter()
        .filter(|f| f.level != Level::Ok)
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
    assert_eq!(std::fs::read(&db).unwrap(), before);
    assert!(
        !sidecar(&db, "-wal").exists() && !sidecar(&db, "-shm").exists(),
        "the doctor left files beside the database"
    );
}

/// Security: a new database, and the -wal and -shm files SQLite makes
/// beside it, are readable and writable by owner and group only, whatever
/// the umask of whoever created it.
#[test]
fn new_database_files_are_for_owner_and_group_only_whatever_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.sqlite");
    for (umask, name) in [
        ("022", "a.sqlite"),
        ("077", "b.sqlite"),
        ("002", "c.sqlite"),
    ] {
        let db = dir.path().join(name);
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask {umask}; exec \"$0\" --db \"$1\" --login boss init --name Boss",
            ))
            .arg(env!("CARGO_BIN_EXE_dcc"))
            .arg(&db)
            .env("DCC_CONFIG", "/nonexistent/dcc-config.toml")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mode = std::fs::metadata(&db).unwrap().mode() & 0o777;
        assert_eq!(mode, 0o660, "umask {umask}: {mode:o}");
    }
    // While it is in use, its -wal and -shm have the same mode.
    let store = dcc_desk::store::SqliteStore::open(&db, dcc_desk::store::OpenMode::Create).unwrap();
    let t = at("2026-11-01 09:00");
    store
        .add_agent(None, "boss", "主管", dcc_desk::store::Role::Supervisor, t)
        .unwrap();
    for p in [db.clone(), sidecar(&db, "-wal"), sidecar(&db, "-shm")] {
        let mode = std::fs::metadata(&p).unwrap().mode() & 0o777;
        assert_eq!(mode, 0o660, "{}: {mode:o}", p.display());
    }
}

#[test]
fn a_damaged_file_is_found_and_the_way_to_restore_it_is_shown() {
    let d = desk();
    for i in 0..300 {
        d.lead(
            &format!("客户{i}"),
            &format!("139{i:08}"),
            "B",
            at("2026-11-20 10:00"),
        );
    }
    let db = d.store.path().to_path_buf();
    drop(d.store);
    let mut bytes = std::fs::read(&db).unwrap();
    let middle = bytes.len() / 4096 / 2 * 4096;
    bytes[middle..middle + 4096].fill(0xA5);
    std::fs::write(&db, &bytes).unwrap();
    let diag = examine(&db, &env(0, None));
    let f = diag
        .findings
        .iter()
        .find(|f| f.topic == Topic::Integrity)
        .unwrap();
    assert_eq!(f.level, Level::Problem, "{f:?}");
    let fix = finding_fixes(f, Lang::En);
    assert!(
        fix.iter().any(|c| c.contains("restore --force BACKUP")),
        "{f:?}"
    );
    assert!(fix.iter().any(|c| c.contains(".recover")), "{f:?}");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        bytes,
        "the doctor changed the file"
    );
}

#[test]
fn the_command_fails_when_there_are_problems_and_prints_each_fix() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nothing.sqlite");
    let out = Command::new(env!("CARGO_BIN_EXE_dcc"))
        .arg("--db")
        .arg(&missing)
        .arg("doctor")
        .env("DCC_CONFIG", "/nonexistent/dcc-config.toml")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success());
    assert!(
        text.contains("there is no database") && text.contains("init"),
        "{text}"
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("problem(s) found"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!missing.exists(), "the doctor created the database");

    let out = Command::new(env!("CARGO_BIN_EXE_dcc"))
        .arg("--db")
        .arg(&missing)
        .args(["--lang", "zh-CN", "doctor"])
        .env("DCC_CONFIG", "/nonexistent/dcc-config.toml")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success());
    assert!(
        text.contains("没有数据库") && text.contains("修复：dcc --db"),
        "{text}"
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("个问题"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
