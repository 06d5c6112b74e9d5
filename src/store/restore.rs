//! Restoring a backup: the file is checked first, the current database is
//! kept aside under a dated name with everything saved in it, and the backup
//! is put in its place by a rename in the same folder.
//!
//! The swap happens while this process holds the database's write lock,
//! with its write-ahead log empty: a workstation's save either lands before
//! it (and is in the file kept aside) or, holding the lock after it, sees
//! that the path names another file and refuses (`SqliteStore::write`). The
//! `-wal` and `-shm` files move aside with the old file, so connections
//! still open on it and connections to the restored file never share them.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDateTime;
use rusqlite::OptionalExtension;
use serde::Serialize;

use super::backup::{audit, check_backup, folder, io, link_new, permit, sync_dir};
use super::backup::{BackupFacts, Operator, Partial};
use super::files::sidecar;
use super::{
    fmt_time, Copying, Invalid, LeadStore, OpenMode, Restricted, Result, SqliteStore, StoreError,
};

/// Saves this recent (a call, a change) mean agents are working.
pub const RECENT_MINUTES: i64 = 15;
/// Attempts at finding the write-ahead log empty under the write lock.
const SWAP_ATTEMPTS: u32 = 200;

/// Signs that agents are working in a database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Activity {
    /// Leads held by an open call.
    pub open_calls: i64,
    /// The latest call or change saved, when within [`RECENT_MINUTES`].
    pub last_save: Option<NaiveDateTime>,
}

impl Activity {
    pub fn any(&self) -> bool {
        self.open_calls > 0 || self.last_save.is_some()
    }
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Restored {
    /// The backup now in place.
    pub backup: BackupFacts,
    /// Where the database that was replaced is kept (none when there was
    /// no file).
    pub aside: Option<PathBuf>,
}

/// `db.sqlite` becomes `db.sqlite.before-restore-YYYYMMDD-HHMMSS` (`-N`
/// added when taken).
fn aside_name(db: &Path, now: NaiveDateTime, n: u32) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".before-restore-{}", now.format("%Y%m%d-%H%M%S")));
    if n > 0 {
        name.push(format!("-{n}"));
    }
    db.with_file_name(name)
}

impl SqliteStore {
    /// Open calls, and a save within [`RECENT_MINUTES`] of `now`.
    pub fn activity(&self, now: NaiveDateTime) -> Result<Activity> {
        let c = self.conn();
        let open_calls: i64 = c.query_row(
            "SELECT count(*) FROM leads WHERE claimed_by IS NOT NULL AND claim_until > ?1",
            [fmt_time(now)],
            |r| r.get(0),
        )?;
        let latest = |sql: &str| -> Result<Option<String>> {
            Ok(c.query_row(sql, [], |r| r.get(0)).optional()?)
        };
        let since = fmt_time(now - chrono::Duration::minutes(RECENT_MINUTES));
        let last_save = [
            latest("SELECT ended_at FROM calls ORDER BY id DESC LIMIT 1")?,
            latest("SELECT at FROM events ORDER BY id DESC LIMIT 1")?,
        ]
        .into_iter()
        .flatten()
        .filter(|t| *t >= since)
        .max()
        .and_then(|t| NaiveDateTime::parse_from_str(&t, "%Y-%m-%d %H:%M:%S").ok());
        Ok(Activity {
            open_calls,
            last_save,
        })
    }

    /// Puts the backup at `backup` in place of this database. Refuses a
    /// file that is not a sound dcc-desk database of a schema this program
    /// can open, and, unless `force`, a database agents are working in;
    /// then the current file is left exactly as it was. Returns where the
    /// replaced database is kept. Consumes the store: it is open on the
    /// file moved aside.
    pub fn restore(
        self,
        who: &Operator,
        backup: &Path,
        force: bool,
        now: NaiveDateTime,
    ) -> Result<Restored> {
        permit(who, self.path(), Restricted::Restore)?;
        if self.read_only() {
            return Err(StoreError::ReadOnly);
        }
        let facts = check_backup(backup)?;
        let db = self.path().to_path_buf();
        if same_file(&db, backup) {
            return Err(StoreError::Invalid(Invalid::IsTheDatabase(
                backup.display().to_string(),
            )));
        }
        if !force {
            let activity = self.activity(now)?;
            if activity.any() {
                return Err(StoreError::AgentsWorking {
                    open_calls: activity.open_calls,
                    last_save: activity.last_save,
                });
            }
        }
        let staged = stage(&db, backup, facts.bytes)?;
        let aside = self.swap(&staged, &db, now)?;
        staged.keep(); // now the database itself
        drop(self);
        // The log moved aside with the old file is empty: nobody needs it.
        if std::fs::metadata(sidecar(&aside, "-wal")).is_ok_and(|m| m.len() == 0) {
            let _ = std::fs::remove_file(sidecar(&aside, "-wal"));
            let _ = std::fs::remove_file(sidecar(&aside, "-shm"));
        }
        // The restored file, brought to this version's schema if it is older.
        let restored = SqliteStore::open(&db, OpenMode::Existing)?;
        let who_there = Operator {
            login: who.login.clone(),
            agent: restored.identify(&who.login, None).ok(),
        };
        let (from, kept) = (backup.display().to_string(), aside.display().to_string());
        restored.write(|c| audit(c, &who_there, "restore", Some(&kept), Some(&from), now))?;
        Ok(Restored {
            backup: facts,
            aside: Some(aside),
        })
    }

    /// Empties the write-ahead log into the file, then, holding the write
    /// lock with the log still empty, keeps the file aside (a second name)
    /// and renames `staged` over the path, moving the `-wal` and `-shm`
    /// files aside with it.
    fn swap(&self, staged: &Partial, db: &Path, now: NaiveDateTime) -> Result<PathBuf> {
        let c = self.conn();
        for _ in 0..SWAP_ATTEMPTS {
            let emptied = self.checkpoint()?;
            if emptied.blocked {
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
            c.execute_batch("BEGIN IMMEDIATE")?;
            if self.wal_bytes() > 0 {
                // An agent saved between the checkpoint and the lock.
                c.execute_batch("ROLLBACK")?;
                continue;
            }
            let swapped = (|| -> Result<PathBuf> {
                let aside = link_new(db, |n| aside_name(db, now, n))?;
                if let Err(e) = std::fs::rename(&staged.path, db) {
                    let _ = std::fs::remove_file(&aside);
                    return Err(io(db, e));
                }
                for suffix in ["-wal", "-shm"] {
                    let (from, to) = (sidecar(db, suffix), sidecar(&aside, suffix));
                    if from.exists() {
                        let _ = std::fs::rename(from, to);
                    }
                }
                sync_dir(folder(db));
                Ok(aside)
            })();
            let _ = c.execute_batch("ROLLBACK");
            return swapped;
        }
        Err(StoreError::Busy(super::sqlite::BUSY_TIMEOUT_SECS))
    }
}

/// Restores over a database that cannot be opened (missing, not a
/// database, damaged) and so cannot be asked who is working in it: only
/// the account that owns its folder's file may, with `--force`. The file
/// there, if any, is kept aside as it is, with its `-wal` and `-shm`.
pub fn restore_unopenable(
    db: &Path,
    who: &Operator,
    backup: &Path,
    now: NaiveDateTime,
) -> Result<Restored> {
    let exists = std::fs::symlink_metadata(db).is_ok();
    if exists && !super::backup::runs_as_owner(db) {
        return Err(super::backup::refused(Restricted::Restore));
    }
    let facts = check_backup(backup)?;
    let staged = if exists {
        stage(db, backup, facts.bytes)?
    } else {
        let dir = folder(db);
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        let name = format!(".dcc-restore-{}.partial", std::process::id());
        let mut staged = Partial::create(db.with_file_name(name), 0o660)?;
        let mut from = std::fs::File::open(backup).map_err(|e| io(backup, e))?;
        std::io::copy(&mut from, &mut staged.file).map_err(|e| io(&staged.path, e))?;
        staged.file.sync_all().map_err(|e| io(&staged.path, e))?;
        staged
    };
    let aside = if exists {
        let aside = link_new(db, |n| aside_name(db, now, n))?;
        for suffix in ["-wal", "-shm"] {
            let (from, to) = (sidecar(db, suffix), sidecar(&aside, suffix));
            if from.exists() {
                std::fs::rename(&from, to).map_err(|e| io(&from, e))?;
            }
        }
        Some(aside)
    } else {
        None
    };
    std::fs::rename(&staged.path, db).map_err(|e| io(db, e))?;
    staged.keep();
    sync_dir(folder(db));
    let restored = SqliteStore::open(db, OpenMode::Existing)?;
    let who_there = Operator {
        login: who.login.clone(),
        agent: restored.identify(&who.login, None).ok(),
    };
    let (from, kept) = (
        backup.display().to_string(),
        aside.as_ref().map(|a| a.display().to_string()),
    );
    restored.write(|c| audit(c, &who_there, "restore", kept.as_deref(), Some(&from), now))?;
    Ok(Restored {
        backup: facts,
        aside,
    })
}

fn same_file(a: &Path, b: &Path) -> bool {
    super::files::file_id(a).is_some() && super::files::file_id(a) == super::files::file_id(b)
}

/// A copy of the backup in the database's folder, with the database's
/// permissions and group, written and flushed before anything is swapped.
fn stage(db: &Path, backup: &Path, checked_bytes: u64) -> Result<Partial> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let meta = std::fs::metadata(db).map_err(|e| io(db, e))?;
    let name = format!(
        ".{}.restore-{}.partial",
        db.file_name().unwrap_or_default().to_string_lossy(),
        std::process::id()
    );
    let mut staged = Partial::create(db.with_file_name(name), 0o600)?;
    let mut from = std::fs::File::open(backup).map_err(|e| io(backup, e))?;
    let copied = std::io::copy(&mut from, &mut staged.file).map_err(|e| io(&staged.path, e))?;
    // The team's group, as the database had it (allowed when this account
    // is in that group).
    let _ = std::os::unix::fs::fchown(&staged.file, None, Some(meta.gid()));
    staged
        .file
        .set_permissions(std::fs::Permissions::from_mode(meta.mode() & 0o7777))
        .map_err(|e| io(&staged.path, e))?;
    staged.file.sync_all().map_err(|e| io(&staged.path, e))?;
    if copied != checked_bytes {
        return Err(StoreError::Invalid(Invalid::Changed {
            path: backup.display().to_string(),
            during: Copying::Restore,
        }));
    }
    Ok(staged)
}
