//! Backups: a consistent copy of the live file while agents keep working,
//! checked and named by its date and time, and the checks a file must pass
//! before it may replace the database (`restore.rs`).
//!
//! The copy is SQLite's online backup, run in steps from one read snapshot
//! of the source: in WAL mode a reader never blocks a writer, so agents go
//! on saving while it runs, and the snapshot keeps the copy from starting
//! over when they do. Every outcome saved before the backup began is in it.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{params, Connection, OpenFlags};
use serde::Serialize;

use super::schema::{APPLICATION_ID, SCHEMA_VERSION};
use super::{fmt_time, Actor, Copying, Invalid, Restricted, Result, SqliteStore, StoreError};

/// Backups are named `dcc-backup-YYYYMMDD-HHMMSS.sqlite` (with `-N` before
/// the extension when two are made in one second); `--keep` and the doctor
/// look only at files named so.
pub const BACKUP_PREFIX: &str = "dcc-backup-";
const STAMP: &str = "%Y%m%d-%H%M%S";
const EXT: &str = ".sqlite";
/// Pages copied per step (4 MiB with 4 KiB pages): the progress bar moves,
/// and the snapshot is the only thing held between steps.
const STEP_PAGES: i32 = 1024;

/// The name of a backup made at `at`; `n` > 0 tells apart two made in one
/// second.
pub fn backup_name(at: NaiveDateTime, n: u32) -> String {
    let stamp = at.format(STAMP);
    match n {
        0 => format!("{BACKUP_PREFIX}{stamp}{EXT}"),
        n => format!("{BACKUP_PREFIX}{stamp}-{n}{EXT}"),
    }
}

/// When the backup named `name` was made, if the name is a backup's.
pub fn backup_time(name: &str) -> Option<NaiveDateTime> {
    backup_key(name).map(|(t, _)| t)
}

/// The time and the number within its second of the backup named `name`.
fn backup_key(name: &str) -> Option<(NaiveDateTime, u32)> {
    let rest = name.strip_prefix(BACKUP_PREFIX)?.strip_suffix(EXT)?;
    let (stamp, n) = match rest.get(15..) {
        Some("") => (rest, None),
        Some(tail) => (rest.get(..15)?, Some(tail.strip_prefix('-')?)),
        None => return None,
    };
    let n = match n {
        None => 0,
        Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => n.parse().ok()?,
        Some(_) => return None,
    };
    if !stamp.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return None;
    }
    Some((NaiveDateTime::parse_from_str(stamp, STAMP).ok()?, n))
}

/// The backups in `dir`, oldest first: regular files (not links) with a
/// backup's name.
pub fn backups_in(dir: &Path) -> Vec<(NaiveDateTime, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<((NaiveDateTime, u32), PathBuf)> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| Some((backup_key(e.file_name().to_str()?)?, e.path())))
        .collect();
    found.sort();
    found.into_iter().map(|((t, _), p)| (t, p)).collect()
}

/// Removes the backups in `dir` beyond the newest `keep`; returns those
/// removed. Nothing else in the folder is touched.
pub fn prune_backups(dir: &Path, keep: usize) -> Result<Vec<PathBuf>> {
    let all = backups_in(dir);
    let old = all.len().saturating_sub(keep);
    let mut removed = Vec::new();
    for (_, path) in all.into_iter().take(old) {
        std::fs::remove_file(&path).map_err(|err| io(&path, err))?;
        removed.push(path);
    }
    Ok(removed)
}

/// What a backup holds, read from the copy itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupFacts {
    pub path: PathBuf,
    pub bytes: u64,
    pub schema_version: i64,
    pub leads: i64,
    pub calls: i64,
}

/// Who makes a backup or restores one: a supervisor of the database, or
/// the account that owns the file (a service account's cron job).
#[derive(Debug, Clone)]
pub struct Operator {
    /// The operating-system account.
    pub login: String,
    /// The agent of that account in the database, if it is one.
    pub agent: Option<Actor>,
}

/// Whether this process's real user owns the file at `path`, read from
/// `/proc/self/status` (Linux).
pub fn runs_as_owner(path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("Uid:"))?.to_string();
            line.split_whitespace().nth(1)?.parse::<u32>().ok()
        });
    match (uid, std::fs::metadata(path)) {
        (Some(uid), Ok(m)) => m.uid() == uid,
        _ => false,
    }
}

/// Supervisors, and the account that owns the database file.
pub(super) fn permit(who: &Operator, path: &Path, what: Restricted) -> Result<()> {
    let supervisor = who.agent.as_ref().is_some_and(Actor::is_supervisor);
    if supervisor || runs_as_owner(path) {
        Ok(())
    } else {
        Err(refused(what))
    }
}

/// The refusal of a backup or restore to someone else.
pub(super) fn refused(what: Restricted) -> StoreError {
    StoreError::NotPermitted(crate::domain::access::Denied {
        what,
        why: crate::domain::access::Why::SupervisorsAndOwner,
    })
}

/// Records a backup or restore in the audit log, with the account that
/// made it (an owner's account need not be an agent).
pub(super) fn audit(
    c: &Connection,
    who: &Operator,
    what: &str,
    old: Option<&str>,
    new: Option<&str>,
    now: NaiveDateTime,
) -> Result<()> {
    let actor = who.agent.as_ref().map(|a| a.real.id);
    c.prepare_cached(
        "INSERT INTO audit (at, actor_id, what, old, new, account) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![fmt_time(now), actor, what, old, new, who.login])?;
    Ok(())
}

pub(super) fn io(path: &Path, err: std::io::Error) -> StoreError {
    StoreError::Io {
        path: path.display().to_string(),
        err,
    }
}

/// A file being written, removed unless it is kept.
pub(super) struct Partial {
    pub path: PathBuf,
    pub file: std::fs::File,
    kept: bool,
}

impl Partial {
    /// Creates `path`, which must not exist (a link there is not followed),
    /// with permissions `mode`.
    pub fn create(path: PathBuf, mode: u32) -> Result<Partial> {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode)
            .open(&path)
            .map_err(|e| io(&path, e))?;
        file.set_permissions(std::fs::Permissions::from_mode(mode))
            .map_err(|e| io(&path, e))?;
        Ok(Partial {
            path,
            file,
            kept: false,
        })
    }

    /// Whether the path still names the file created (nobody put another
    /// file or a link there meanwhile).
    pub fn still_ours(&self) -> bool {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::symlink_metadata(&self.path), self.file.metadata()) {
            (Ok(at_path), Ok(ours)) => {
                at_path.file_type().is_file()
                    && (at_path.dev(), at_path.ino()) == (ours.dev(), ours.ino())
            }
            _ => false,
        }
    }

    pub fn keep(mut self) {
        self.kept = true;
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        if !self.kept {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Flushes a folder, so that a new name in it survives a power loss.
pub(super) fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Gives `tmp` the name `name(n)` for the first `n` free in its folder,
/// never replacing a file; returns that path.
pub(super) fn link_new(tmp: &Path, name: impl Fn(u32) -> PathBuf) -> Result<PathBuf> {
    for n in 0..1000 {
        let target = name(n);
        match std::fs::hard_link(tmp, &target) {
            Ok(()) => return Ok(target),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io(&target, e)),
        }
    }
    Err(StoreError::Invalid(Invalid::NoFreeName(
        tmp.display().to_string(),
    )))
}

/// The folder a path's file is in (`.` for a bare name).
pub(super) fn folder(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Refuses a copy that is not a sound dcc-desk database of a schema this
/// program can open; reads its figures.
fn examine(conn: &Connection, path: &Path) -> Result<BackupFacts> {
    let shown = path.display().to_string();
    let named = |e: StoreError| match e {
        StoreError::NotADatabase(_) => StoreError::NotADatabase(shown.clone()),
        StoreError::Corrupt(detail) => StoreError::Corrupt(format!("{shown}: {detail}")),
        other => other,
    };
    let (app_id, version): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT application_id FROM pragma_application_id),
                    (SELECT user_version FROM pragma_user_version)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(|e| named(e.into()))?;
    if app_id != APPLICATION_ID || version == 0 {
        return Err(StoreError::Foreign(shown));
    }
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: shown,
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    let mut st = conn
        .prepare("PRAGMA integrity_check")
        .map_err(|e| named(e.into()))?;
    let problems: Vec<String> = st
        .query_map([], |r| r.get::<_, String>(0))
        .and_then(|rows| rows.collect())
        .map_err(|e| named(e.into()))?;
    if problems != ["ok"] {
        let first: Vec<String> = problems.into_iter().take(3).collect();
        return Err(StoreError::Corrupt(format!(
            "{shown}: {}",
            first.join("; ")
        )));
    }
    let (leads, calls) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM leads), (SELECT count(*) FROM calls)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(|e| named(e.into()))?;
    Ok(BackupFacts {
        path: path.to_path_buf(),
        bytes: std::fs::metadata(path).map_or(0, |m| m.len()),
        schema_version: version,
        leads,
        calls,
    })
}

/// Checks a file offered as a backup, reading only and creating nothing
/// beside it: a regular file (not a link, a folder or a device), a dcc-desk
/// database, of a schema this program can open, that passes
/// `integrity_check`.
pub fn check_backup(path: &Path) -> Result<BackupFacts> {
    let meta = std::fs::symlink_metadata(path).map_err(|e| io(path, e))?;
    if !meta.file_type().is_file() {
        return Err(StoreError::Invalid(Invalid::NotRegularFile(
            path.display().to_string(),
        )));
    }
    let wal = super::files::sidecar(path, "-wal");
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        return Err(StoreError::Invalid(Invalid::UnsavedWal {
            path: path.display().to_string(),
            wal: wal.display().to_string(),
        }));
    }
    let conn = super::files::open_snapshot(path)?;
    examine(&conn, path)
}

impl SqliteStore {
    /// Writes a backup of the database into `dir` (created owner-only if
    /// missing), named by `now`, readable and writable by its owner only;
    /// checks the copy, records the backup in the audit log and returns
    /// what the copy holds. `progress` is told (pages copied, pages in all)
    /// after each step.
    pub fn back_up(
        &self,
        who: &Operator,
        dir: &Path,
        now: NaiveDateTime,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<BackupFacts> {
        permit(who, self.path(), Restricted::Backup)?;
        if !dir.exists() {
            use std::os::unix::fs::DirBuilderExt;
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .map_err(|e| io(dir, e))?;
        }
        let tmp = dir.join(format!(
            ".{BACKUP_PREFIX}{}-{}.partial",
            now.format(STAMP),
            std::process::id()
        ));
        let partial = Partial::create(tmp, 0o600)?;
        self.copy_into(&partial.path, &partial.file, progress)?;
        partial.file.sync_all().map_err(|e| io(&partial.path, e))?;
        if !partial.still_ours() {
            return Err(StoreError::Invalid(Invalid::Changed {
                path: partial.path.display().to_string(),
                during: Copying::Backup,
            }));
        }
        let conn = Connection::open_with_flags(&partial.path, read_only_flags())?;
        let mut facts = examine(&conn, &partial.path)?;
        drop(conn);
        let target = link_new(&partial.path, |n| dir.join(backup_name(now, n)))?;
        drop(partial); // removes the temporary name; the backup keeps its own
        sync_dir(dir);
        facts.path = target;
        let shown = facts.path.display().to_string();
        self.write(|c| audit(c, who, "backup", None, Some(&shown), now))?;
        Ok(facts)
    }

    /// Copies the database into the empty file `dest` (open as `file`) from
    /// one snapshot, in steps, and leaves the copy a single self-contained
    /// file (rollback journal: no `-wal` beside it is needed to read it).
    ///
    /// Each step goes to the disk before the next: an agent's save waits
    /// for the disk (fsync), and on a journaling file system that wait
    /// includes whatever other data the disk owes. Copying gigabytes into
    /// the page cache at once made saves wait up to 177 ms (1,000,000-lead
    /// demo, 50 agents); one step owed at a time keeps that to a step's
    /// writing.
    fn copy_into(
        &self,
        dest: &Path,
        file: &std::fs::File,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<()> {
        let mut to = Connection::open_with_flags(
            dest,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_NOFOLLOW,
        )?;
        // The copy is nobody's database until it is checked and named: no
        // journal of its own, and a small cache, so that each step's pages
        // reach the file during the step and the flush below sends them.
        to.execute_batch("PRAGMA journal_mode = OFF; PRAGMA cache_size = -2048;")?;
        let from = self.conn();
        // One read snapshot for the whole copy: agents' saves go to the WAL
        // meanwhile, and the backup does not start over for them.
        from.execute_batch("BEGIN DEFERRED")?;
        let copied = (|| -> Result<()> {
            from.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
            let backup = Backup::new(from, &mut to)?;
            loop {
                let step = backup.step(STEP_PAGES)?;
                let p = backup.progress();
                let total = p.pagecount.max(0) as u64;
                progress(total - p.remaining.max(0) as u64, total);
                file.sync_data().map_err(|e| io(dest, e))?;
                match step {
                    StepResult::Done => return Ok(()),
                    StepResult::More => {}
                    // Only the destination can be locked or busy: it is ours.
                    _ => std::thread::sleep(std::time::Duration::from_millis(5)),
                }
            }
        })();
        let _ = from.execute_batch("COMMIT");
        copied?;
        to.pragma_update(None, "journal_mode", "DELETE")?;
        to.close().map_err(|(_, e)| StoreError::from(e))?;
        Ok(())
    }
}

fn read_only_flags() -> OpenFlags {
    OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_NOFOLLOW
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn names_carry_the_time_and_are_read_back() {
        let at = t("2026-11-29 09:05:07");
        assert_eq!(backup_name(at, 0), "dcc-backup-20261129-090507.sqlite");
        assert_eq!(backup_name(at, 2), "dcc-backup-20261129-090507-2.sqlite");
        assert_eq!(backup_time(&backup_name(at, 0)), Some(at));
        assert_eq!(backup_time(&backup_name(at, 12)), Some(at));
        for other in [
            "dcc.sqlite",
            "dcc-backup-20261129-090507.sqlite-wal",
            "dcc-backup-20261129-090507-.sqlite",
            "dcc-backup-20261129-090507-x.sqlite",
            "dcc-backup-2026112-090507.sqlite",
            "dcc-backup-20261329-090507.sqlite",
            ".dcc-backup-20261129-090507-77.partial",
            "my-dcc-backup-20261129-090507.sqlite",
        ] {
            assert_eq!(backup_time(other), None, "{other}");
        }
    }
}
