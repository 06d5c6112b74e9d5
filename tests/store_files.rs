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
fn an_older_file_is_migrated_in_one_go_and_keeps_its_data() {
    // A file as the first release wrote it: schema 1 with a lead in it.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.execute_batch(
            "PRAGMA application_id = 1145258801;
             PRAGMA user_version = 1;
             INSERT INTO agents (login, name, role, created_at) VALUES ('amy', '王芳', 'outbound', '2026-01-01 09:00:00');
             INSERT INTO channels (code, name_zh, name_en, kind) VALUES ('autohome', '汽车之家', 'Autohome', 'web');
             INSERT INTO leads (name, phone, channel_id, model, grade, status, owner_id, next_due, due_reason, created_at, updated_at)
             VALUES ('韩梅梅', '13812345678', 1, '凯美瑞', 'H', 'tracking', 1, '2026-11-24 08:00:00', 'cadence',
                     '2026-11-20 10:00:00', '2026-11-20 10:00:00');",
        )
        .unwrap();
    }
    let store = SqliteStore::open(&path, OpenMode::Existing).unwrap();
    let version: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let owner = dcc_desk::store::Actor::myself(store.agents().unwrap()[0].clone());
    let card = store.lead(&owner, 1, at("2026-11-23 10:00")).unwrap();
    assert_eq!((card.name.as_str(), card.grade.as_str()), ("韩梅梅", "H"));
    // What later migrations added works on the old data.
    assert_eq!(
        store.find_leads(&owner, "5678", 5).unwrap()[0].lead_id,
        1,
        "the search index covers old leads"
    );
    assert!(!store
        .dnc_contains(&Phone::parse("13812345678").unwrap())
        .unwrap());
    // Opening again changes nothing.
    drop(store);
    let again = SqliteStore::open(&path, OpenMode::Existing).unwrap();
    assert_eq!(
        again.lead(&owner, 1, at("2026-11-23 10:00")).unwrap().name,
        "韩梅梅"
    );
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

#[test]
fn a_stored_code_this_version_does_not_know_is_an_error_naming_where_it_is() {
    let d = desk();
    let id = d.lead("韩梅梅", "13812345678", "H", at("2026-11-20 10:00"));
    let c = rusqlite::Connection::open(d.store.path()).unwrap();
    // A newer dcc-desk wrote a status and a role this one does not know.
    c.execute_batch(
        "PRAGMA ignore_check_constraints = ON;
         UPDATE leads SET status = 'archived';
         UPDATE agents SET role = 'auditor' WHERE login = 'amy';",
    )
    .unwrap();
    let err = d
        .store
        .find_leads(&d.boss, "5678", 5)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(&format!("leads row {id}")) && err.contains("\"archived\""),
        "not read as tracking: {err}"
    );
    let err = d.store.agents().unwrap_err().to_string();
    assert!(
        err.contains("agents row") && err.contains("\"auditor\""),
        "not read as outbound: {err}"
    );
}
