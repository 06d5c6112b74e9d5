//! Opening the file: creating it private, checking it is ours and not newer,
//! configuring WAL and busy handling, migrating, and the one write path
//! (`write`) every change goes through, with its retry while another process
//! writes.

use std::cell::Cell;
use std::path::Path;
use std::time::Duration;

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;

use rusqlite::hooks::Action;
use rusqlite::{params, Connection, OptionalExtension};

use super::rows::*;
use super::schema::{APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION};
use super::seed;
use super::sqlite::*;
use super::*;

impl SqliteStore {
    /// Opens (or creates) the database at `path`: checks that it is ours and
    /// not from a newer version before anything is written, then migrates.
    pub fn open(path: &Path, mode: OpenMode) -> Result<SqliteStore> {
        let exists = path.exists();
        super::files::refuse_network_fs(path)?;
        if !exists {
            match mode {
                OpenMode::Existing => return Err(StoreError::Missing(path.display().to_string())),
                OpenMode::Create => create_private_file(path)?,
            }
        }
        // Read-write, or read-only when the file or its folder is not writable here.
        let conn = super::files::connect(path).map_err(|e| with_path(e, path))?;
        conn.busy_handler(Some(wait_for_writer))?;
        let store = SqliteStore {
            conn,
            path: path.to_path_buf(),
            wrote: Cell::new(false),
            file: super::files::file_id(path),
        };
        store.check_identity().map_err(|e| with_path(e, path))?;
        if store.read_only() {
            store.check_read_only()?;
            return Ok(store);
        }
        store.configure()?;
        store.migrate()?;
        Ok(store)
    }

    /// Refuses a file that is not a dcc-desk database or is from a newer
    /// version, reading only, so the file is left exactly as it was.
    pub(super) fn check_identity(&self) -> Result<()> {
        let path = self.path.display().to_string();
        let (app_id, version, objects) = self.conn.query_row(
            "SELECT (SELECT application_id FROM pragma_application_id),
                    (SELECT user_version FROM pragma_user_version),
                    (SELECT count(*) FROM sqlite_master)",
            [],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            },
        )?;
        if app_id == 0 && version == 0 && objects == 0 {
            return Ok(()); // a new, empty file
        }
        if app_id != APPLICATION_ID {
            return Err(StoreError::Foreign(path));
        }
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path,
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        Ok(())
    }

    pub(super) fn configure(&self) -> Result<()> {
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        // A checkpoint keeps the WAL file from growing past 64 MiB.
        self.conn
            .pragma_update(None, "journal_size_limit", 64 * 1024 * 1024)?;
        self.conn
            .pragma_update(None, "wal_autocheckpoint", WAL_AUTOCHECKPOINT_PAGES)?;
        self.conn.set_prepared_statement_cache_capacity(64);
        let durability: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'durability'",
                [],
                |r| r.get(0),
            )
            .optional()
            .unwrap_or(None); // no settings table yet on a new file
        let sync = match durability.as_deref() {
            Some("normal") => "NORMAL",
            _ => "FULL",
        };
        self.conn.pragma_update(None, "synchronous", sync)?;
        Ok(())
    }

    pub(super) fn version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Brings an older file up to date in one transaction.
    pub(super) fn migrate(&self) -> Result<()> {
        if self.version()? == SCHEMA_VERSION {
            return Ok(());
        }
        // A migration may rebuild a table others refer to (16: agents), as
        // SQLite documents it: foreign keys off while it runs (the pragma
        // does nothing inside a transaction), checked before it commits.
        self.conn.pragma_update(None, "foreign_keys", "OFF")?;
        let migrated = self.migrate_unchecked();
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        migrated
    }

    fn migrate_unchecked(&self) -> Result<()> {
        self.write(|c| {
            // Another process may have migrated while we waited for the lock.
            let from: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            for m in &MIGRATIONS[from as usize..] {
                c.execute_batch(m)?;
            }
            if from > 0 {
                // New indexes need statistics, or the planner may pass them by
                // (sampled: a second or so even on a million leads).
                c.execute_batch("PRAGMA analysis_limit = 1000; ANALYZE;")?;
            }
            if from == 0 {
                seed_defaults(c)?;
                super::scripts::seed(c, chrono::Local::now().naive_local())?;
            }
            let broken: i64 =
                c.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })?;
            if broken > 0 {
                // Rows that refer to rows that do not exist.
                return Err(StoreError::Corrupt(self.path.display().to_string()));
            }
            c.pragma_update(None, "application_id", APPLICATION_ID)?;
            c.pragma_update(None, "user_version", SCHEMA_VERSION)?;
            Ok(())
        })
    }

    /// Runs `f` in a short `BEGIN IMMEDIATE` transaction: the write lock is
    /// taken first, so a read followed by a write never fails under contention.
    /// Counted among the changes other workstations may show ([`Changes`]).
    pub(crate) fn write<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        self.counted_write(false, f)
    }

    /// [`write`](Self::write) for what no other workstation shows (a
    /// session's heartbeat, start and end, a draft): counted apart, so that
    /// open workstations do not re-read their queue for it.
    pub(crate) fn write_unshown<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        self.counted_write(true, f)
    }

    /// The write path: counts the write in `changes` by what it touched, as
    /// the connection's update hook saw it (see migration 15).
    fn counted_write<T>(
        &self,
        unshown: bool,
        f: impl FnOnce(&Connection) -> Result<T>,
    ) -> Result<T> {
        if self.read_only() {
            return Err(StoreError::ReadOnly);
        }
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        // Checked holding the write lock: a restore swaps the file while it
        // holds that lock too, so a write either lands before the swap or
        // sees it here.
        if self.file_replaced() {
            let _ = self.conn.execute_batch("ROLLBACK");
            return Err(StoreError::Replaced(self.path.display().to_string()));
        }
        let touched = Arc::new(AtomicU8::new(0));
        let seen = Arc::clone(&touched);
        self.conn
            .update_hook(Some(move |_: Action, _: &str, table: &str, _: i64| {
                let bit = if of_leads(table) { LEADS } else { OTHER };
                seen.fetch_or(bit, Ordering::Relaxed);
            }));
        let done = f(&self.conn);
        self.conn.update_hook(None::<fn(Action, &str, &str, i64)>);
        let done = done.and_then(|v| {
            let column = match touched.load(Ordering::Relaxed) {
                _ if unshown => "unshown",
                0 => return Ok(v),
                LEADS => "leads",
                _ => "shown",
            };
            self.conn
                .prepare_cached(&format!("UPDATE changes SET {column} = {column} + 1"))?
                .execute([])?;
            Ok(v)
        });
        match done {
            Ok(v) => match self.conn.execute_batch("COMMIT") {
                Ok(()) => {
                    self.wrote.set(true);
                    Ok(v)
                }
                Err(e) => {
                    let _ = self.conn.execute_batch("ROLLBACK");
                    Err(e.into())
                }
            },
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    /// The connection, for the store's other rooms and the demo generator.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the path no longer names the file open here (device and
    /// inode differ, or it is gone): another file was put in its place.
    pub fn file_replaced(&self) -> bool {
        self.file
            .is_some_and(|id| super::files::file_id(&self.path) != Some(id))
    }

    /// Closes this connection to a file that was replaced without the
    /// checkpoint SQLite does on close: that checkpoint, and the removal of
    /// the `-wal` file that follows it, go by the file's name, which now
    /// belongs to the file put in its place.
    pub(super) fn forget_replaced(&self) {
        if self.file_replaced() {
            let _ = self.conn.set_db_config(
                rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
                true,
            );
        }
    }

    pub(super) fn agent_by_id(&self, id: i64) -> Result<Agent> {
        Ok(self
            .conn
            .prepare_cached("SELECT id, login, name, role, active FROM agents WHERE id = ?1")?
            .query_row([id], agent_row)?)
    }
}

fn with_path(e: StoreError, path: &Path) -> StoreError {
    match e {
        StoreError::NotADatabase(_) => StoreError::NotADatabase(path.display().to_string()),
        other => other,
    }
}

/// Creates an empty file readable and writable by its owner and group only,
/// so a team can share it without the world reading customers' numbers.
fn create_private_file(path: &Path) -> Result<()> {
    let io = |err| StoreError::Io {
        path: path.display().to_string(),
        err,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o660);
    }
    let file = opts.open(path).map_err(io)?;
    // The umask (often 022) takes the group's write permission away, and
    // SQLite gives the -wal and -shm files the database's mode: set it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o660))
            .map_err(io)?;
    }
    drop(file);
    Ok(())
}

/// Called by SQLite while another connection holds the write lock. SQLite's
/// own timeout sleeps in steps of up to 100 ms and lets a writer lose the
/// race again and again; polling every millisecond or two keeps the wait
/// close to the other writer's commit. Gives up after about
/// `BUSY_TIMEOUT_SECS`.
fn wait_for_writer(attempt: i32) -> bool {
    const FAST: i32 = 200; // 1 ms each
    let slow = (BUSY_TIMEOUT_SECS as i32 * 1000 - FAST) / 2; // 2 ms each
    if attempt < FAST {
        std::thread::sleep(Duration::from_millis(1));
        true
    } else if attempt < FAST + slow {
        std::thread::sleep(Duration::from_millis(2));
        true
    } else {
        false
    }
}

fn seed_defaults(c: &Connection) -> Result<()> {
    let mut ch =
        c.prepare("INSERT INTO channels (code, name_zh, name_en, kind) VALUES (?1, ?2, ?3, ?4)")?;
    for (code, zh, en, kind) in seed::CHANNELS {
        ch.execute(params![code, zh, en, kind])?;
    }
    let mut rs = c.prepare(
        "INSERT INTO reasons (list, code, grp, name_zh, name_en) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (list, code, grp, zh, en) in seed::REASONS {
        rs.execute(params![list, code, grp, zh, en])?;
    }
    let rules = serde_json::to_string(&Rules::default()).map_err(super::internal)?;
    c.execute(
        "INSERT INTO settings (key, value) VALUES ('rules', ?1)",
        [rules],
    )?;
    Ok(())
}

/// What a write touched: a lead or what hangs on it, anything else.
const LEADS: u8 = 1;
const OTHER: u8 = 2;

/// The tables of a lead and what hangs on it. A write that touched only
/// these shows on the screens of the agents whose leads they are (counted
/// per agent by triggers) and of those who see every lead.
fn of_leads(table: &str) -> bool {
    matches!(
        table,
        "leads"
            | "calls"
            | "events"
            | "appointments"
            | "lead_sources"
            | "agent_changes"
            | "handovers"
            | "walk_ins"
    ) || table.starts_with("lead_search")
}
