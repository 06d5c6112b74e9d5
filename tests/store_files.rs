//! Opening files: new, older, newer, foreign, not a database. A refused file
//! is left exactly as it was.

mod common;

use common::{at, desk};
use dcc_desk::domain::phone::Phone;
use dcc_desk::store::{
    LeadStore, NewLead, OpenMode, SqliteStore, StoreError, MIGRATIONS, SCHEMA_VERSION,
};

fn sha(path: &std::path::Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn a_new_file_gets_the_latest_schema_wal_and_private_permissions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/dcc.sqlite");
    let store = SqliteStore::open(&path, OpenMode::Create).unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, SCHEMA_VERSION);
    assert_eq!(v, MIGRATIONS.len() as i64);
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let perm = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            perm & 0o007,
            0,
            "others cannot read customers' numbers: {perm:o}"
        );
    }
}

#[test]
fn a_missing_file_is_not_created_by_everyday_commands() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nothing.sqlite");
    let err = SqliteStore::open(&path, OpenMode::Existing).err().unwrap();
    assert!(matches!(err, StoreError::Missing(_)));
    assert!(err.to_string().contains("dcc init"));
    assert!(!path.exists());
}

#[test]
fn a_newer_file_is_refused_naming_both_versions_and_left_untouched() {
    let d = desk();
    let path = d.dir.path().join("dcc.sqlite");
    drop(d.store);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 5)
            .unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = sha(&path);
    let err = SqliteStore::open(&path, OpenMode::Existing).err().unwrap();
    let msg = err.to_string();
    assert!(matches!(err, StoreError::TooNew { .. }), "{msg}");
    assert!(
        msg.contains(&format!("version {}", SCHEMA_VERSION + 5))
            && msg.contains(&format!("version {SCHEMA_VERSION}")),
        "{msg}"
    );
    assert!(msg.contains("untouched"), "{msg}");
    assert_eq!(sha(&path), before);
}

#[test]
fn another_programs_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crm.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'x');").unwrap();
    }
    let before = sha(&path);
    for mode in [OpenMode::Existing, OpenMode::Create] {
        let err = SqliteStore::open(&path, mode).err().unwrap();
        assert!(matches!(err, StoreError::Foreign(_)), "{err}");
        assert!(err.to_string().contains("untouched"));
    }
    assert_eq!(sha(&path), before);
    assert!(!dir.path().join("crm.db-wal").exists());
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("leads.sqlite");
    std::fs::write(&path, "姓名,电话\n张三,13812345678\n".repeat(200)).unwrap();
    let before = sha(&path);
    let err = SqliteStore::open(&path, OpenMode::Existing).err().unwrap();
    assert!(matches!(err, StoreError::NotADatabase(_)), "{err}");
    assert!(err.to_string().contains("leads.sqlite"), "{err}");
    assert_eq!(sha(&path), before);
}

#[test]
fn an_older_file_is_migrated_and_keeps_its_data() {
    // A file at version 0 with the data of version 1 cannot exist; instead
    // check that reopening an up-to-date file keeps everything and that the
    // migration runs exactly once (a second open changes nothing).
    let d = desk();
    let id = d.lead("韩梅梅", "13900000001", "H", at("2026-11-20 10:00"));
    let path = d.dir.path().join("dcc.sqlite");
    drop(d.store);
    let store = SqliteStore::open(&path, OpenMode::Existing).unwrap();
    assert_eq!(
        store.lead(id, at("2026-11-20 10:00")).unwrap().name,
        "韩梅梅"
    );
    assert_eq!(store.channels().unwrap().len(), 14, "defaults seeded once");
}

#[test]
fn the_event_log_refuses_update_and_delete() {
    let d = desk();
    d.lead("韩梅梅", "13900000001", "H", at("2026-11-20 10:00"));
    let conn = rusqlite::Connection::open(d.dir.path().join("dcc.sqlite")).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .unwrap();
    assert!(n >= 2);
    let e = conn.execute("UPDATE events SET new = 'C'", []).unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    let e = conn.execute("DELETE FROM events", []).unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    let after: i64 = conn
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(after, n);
}

#[test]
fn duplicates_are_found_across_phone_formats() {
    let d = desk();
    let id = d.lead("韩梅梅", "13812345678", "H", at("2026-11-20 10:00"));
    for same in [
        "+86 138 1234 5678",
        "0086-138-1234-5678",
        "１３８１２３４５６７８",
        "138 1234 5678",
    ] {
        let phone = Phone::parse(same).unwrap();
        assert_eq!(d.store.find_by_phone(&phone).unwrap(), Some(id), "{same}");
        let err = d
            .store
            .add_lead(
                &d.agent,
                &NewLead {
                    name: "另一个".into(),
                    phone,
                    channel: "yiche".into(),
                    model: "卡罗拉".into(),
                    purchase_by: None,
                    visit_by: None,
                    grade: Some("B".into()),
                    owner: None,
                    note: None,
                    details: Default::default(),
                },
                at("2026-11-21 10:00"),
            )
            .unwrap_err();
        assert!(
            matches!(err, StoreError::DuplicatePhone { existing, .. } if existing == id),
            "{err}"
        );
    }
}
