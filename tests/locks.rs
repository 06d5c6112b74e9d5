//! A process with the database open keeps SQLite's locks while it opens
//! more connections: a second `SqliteStore::open` in the same process (a
//! served session opens three) must not drop the first one's shared lock,
//! or another process closing its last connection deletes the `-wal` under
//! it and the file is damaged.

mod common;

use dcc_desk::store::{LeadStore, OpenMode, SqliteStore};

#[test]
fn opening_a_second_connection_keeps_the_first_ones_lock_on_the_file() {
    let d = common::desk();
    let db = d.dir.path().join("dcc.sqlite");
    let first = SqliteStore::open(&db, OpenMode::Existing).unwrap();
    d.lead("韩梅梅", "13812345678", "B", common::at("2026-11-20 10:00"));
    let wal = dcc_desk::store::sidecar(&db, "-wal");
    assert!(wal.exists());
    // The same process opens the file again, as a served session does.
    let second = SqliteStore::open(&db, OpenMode::Existing).unwrap();
    drop(second);
    // Another process opens and closes it: were it the last connection, it
    // would checkpoint and delete the -wal on closing.
    let o = common::dcc_as(&db, "boss", "2026-11-20T11:00")
        .args(["queue", "--all"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        wal.exists(),
        "the other process took itself for the last connection and removed the -wal"
    );
    assert!(first.agents().is_ok());
    drop(d);
}
