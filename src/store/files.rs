//! Where the database lives: the filesystem under it (a network share is
//! refused), opening it read-only when it is not writable here, and keeping
//! its write-ahead log (WAL) small.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, DatabaseName, ErrorCode, OpenFlags};

use super::{Actor, Invalid, NewFile, ReadOnlyCause, Result, SqliteStore, StoreError};

/// The mount a path lives on, as `/proc/mounts` tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    pub mount_point: PathBuf,
    pub fs_type: String,
}

/// Filesystem types that are shared over a network (or between machines).
/// SQLite's WAL keeps its index in shared memory (the `-shm` file, mapped
/// into every process), which only works for processes on one computer; and
/// file locks over these filesystems are unreliable. Two hosts writing one
/// file there can corrupt it.
const NETWORK_FS: &[&str] = &[
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "ncpfs",
    "afs",
    "coda",
    "9p",
    "ceph",
    "glusterfs",
    "lustre",
    "gfs2",
    "ocfs2",
    "davfs",
    "vboxsf",
    "fuse.sshfs",
    "sshfs",
    "fuse.s3fs",
    "fuse.rclone",
    "fuse.glusterfs",
    "fuse.cephfs",
    "fuse.davfs2",
];

/// Whether a filesystem type (as in `/proc/mounts`) is a network filesystem.
pub fn is_network_fs(fs_type: &str) -> bool {
    let t = fs_type.trim().to_ascii_lowercase();
    NETWORK_FS.contains(&t.as_str())
}

/// Undoes the octal escapes of `/proc/mounts` (`\040` is a space).
fn unescape_mount(field: &str) -> String {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            if let Some(oct) = bytes.get(i + 1..i + 4) {
                if oct.iter().all(|b| (b'0'..=b'7').contains(b)) {
                    let v = oct.iter().fold(0u32, |v, b| v * 8 + u32::from(b - b'0'));
                    if let Ok(v) = u8::try_from(v) {
                        out.push(v);
                        i += 4;
                        continue;
                    }
                }
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The mount `path` (absolute, with symbolic links resolved) is on, from the
/// text of `/proc/mounts`: the longest mount point that contains it, the last
/// one mounted when several are stacked on one point. A pure function, so it
/// can be tested with any sample text.
pub fn filesystem_of(path: &Path, mounts: &str) -> Option<Mount> {
    let mut best: Option<Mount> = None;
    for line in mounts.lines() {
        let mut fields = line.split_whitespace();
        let (Some(_dev), Some(point), Some(fs_type)) =
            (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let point = PathBuf::from(unescape_mount(point));
        if !path.starts_with(&point) {
            continue;
        }
        let longer = best
            .as_ref()
            .is_none_or(|b| point.components().count() >= b.mount_point.components().count());
        if longer {
            best = Some(Mount {
                mount_point: point,
                fs_type: fs_type.to_string(),
            });
        }
    }
    best
}

/// The nearest part of `path` that exists, with links resolved: the
/// directory a new file would be created in.
fn existing_ancestor(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    absolute.ancestors().find_map(|a| a.canonicalize().ok())
}

/// The mount the database at `path` is (or would be) on, read from
/// `/proc/mounts`; `None` where that cannot be told (not Linux).
pub fn mount_of(path: &Path) -> Option<Mount> {
    let mounts = std::fs::read_to_string("/proc/mounts").ok()?;
    filesystem_of(&existing_ancestor(path)?, &mounts)
}

/// Refuses a database at `path` (absolute, links resolved) if `mounts` (the
/// text of `/proc/mounts`) puts it on a network filesystem.
pub fn check_filesystem(path: &Path, mounts: &str) -> Result<()> {
    match filesystem_of(path, mounts) {
        Some(m) if is_network_fs(&m.fs_type) => Err(StoreError::NetworkFs {
            path: path.display().to_string(),
            fs_type: m.fs_type,
            mount_point: m.mount_point.display().to_string(),
        }),
        _ => Ok(()),
    }
}

/// Refuses a database on a network filesystem, before anything is created
/// or opened there.
pub(super) fn refuse_network_fs(path: &Path) -> Result<()> {
    let (Ok(mounts), Some(dir)) = (
        std::fs::read_to_string("/proc/mounts"),
        existing_ancestor(path),
    ) else {
        return Ok(()); // not Linux: nothing to tell from
    };
    check_filesystem(&dir, &mounts).map_err(|e| match e {
        StoreError::NetworkFs {
            fs_type,
            mount_point,
            ..
        } => StoreError::NetworkFs {
            path: path.display().to_string(),
            fs_type,
            mount_point,
        },
        other => other,
    })
}

/// Which file a path names: its device and inode. A file renamed over the
/// path (a restore, a `mv`) has another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileId {
    dev: u64,
    ino: u64,
}

/// The file `path` names now (links followed, as SQLite follows them);
/// `None` when there is none.
pub fn file_id(path: &Path) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| FileId {
        dev: m.dev(),
        ino: m.ino(),
    })
}

/// The `-wal` or `-shm` file beside the database.
pub fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn non_empty(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() > 0)
}

/// A `file:` URI for `path`, for flags SQLite only takes that way.
fn file_uri(path: &Path, query: &str) -> Result<String> {
    let absolute = std::path::absolute(path).map_err(|err| StoreError::Io {
        path: path.display().to_string(),
        err,
    })?;
    let mut uri = String::from("file:");
    for ch in absolute.to_string_lossy().chars() {
        match ch {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            c => uri.push(c),
        }
    }
    uri.push('?');
    uri.push_str(query);
    Ok(uri)
}

fn flags(read_only: bool) -> OpenFlags {
    let mode = if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE
    };
    mode | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI
}

/// The first read, where SQLite finds out whether it can use the WAL.
fn first_read(conn: &Connection) -> rusqlite::Result<()> {
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
}

/// A snapshot of a file nobody is working on, read-only and without the
/// WAL's shared memory, so nothing is created beside it.
pub(super) fn open_snapshot(path: &Path) -> Result<Connection> {
    Ok(Connection::open_with_flags(
        file_uri(path, "mode=ro&immutable=1")?,
        flags(true),
    )?)
}

fn cannot_use_wal(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::CannotOpen) | Some(ErrorCode::ReadOnly)
    )
}

/// Opens the database read-only, creating nothing beside it:
///
/// - with a `-wal` or `-shm` beside it (someone is working on it, or a
///   crashed writer left work in it): through them, seeing colleagues' work
///   as it is saved;
/// - with neither: a snapshot (`immutable`), which creates no `-wal` or
///   `-shm` owned by this user that would later stop colleagues writing.
///
/// A `-wal` with content that cannot be read here (no `-shm`, in a folder
/// this user cannot write) is refused rather than read without it, which
/// would show the database as it was before that work.
pub(super) fn open_read_only(path: &Path) -> Result<Connection> {
    let wal = sidecar(path, "-wal");
    if !wal.exists() && !sidecar(path, "-shm").exists() {
        return open_snapshot(path);
    }
    let conn = Connection::open_with_flags(file_uri(path, "mode=ro")?, flags(true))?;
    match first_read(&conn) {
        Ok(()) => Ok(conn),
        Err(e) if cannot_use_wal(&e) => {
            drop(conn);
            if non_empty(&wal) {
                Err(StoreError::WalUnreadable(path.display().to_string()))
            } else {
                open_snapshot(path)
            }
        }
        Err(_) => Ok(conn), // not a database, damaged...: told by the checks that follow
    }
}

/// Opens the database for writing if this user can write the file, else
/// read-only ([`open_read_only`]). A writable file in a folder that is not
/// writable, whose `-wal` and `-shm` SQLite cannot create, opens read-only
/// too.
/// Why this user may not open `p` for writing (writing nothing), if not.
///
/// Asked of the kernel without opening the file: SQLite's locks are POSIX
/// locks, which a process loses on *every* descriptor of the file when it
/// closes *any* descriptor of it. Opening and closing the database (or its
/// `-shm`) here while a connection of this process was open dropped that
/// connection's shared lock; another process closing its last connection
/// then believed itself the last one, checkpointed and deleted the `-wal`
/// under the open connections, and the file was damaged (a served session
/// opens its second and third connection this way: found with 12 agents
/// over SSH, `benches/ssh_sessions.rs`).
fn write_refused(p: &Path) -> Option<std::io::Error> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(p.as_os_str().as_bytes()).ok()?;
    let r = unsafe {
        libc::faccessat(
            libc::AT_FDCWD,
            c.as_ptr(),
            libc::R_OK | libc::W_OK,
            libc::AT_EACCESS,
        )
    };
    (r != 0).then(std::io::Error::last_os_error)
}

/// A `-wal` or `-shm` file beside `path` that this user may not write.
fn sidecar_refused(path: &Path) -> bool {
    ["-wal", "-shm"].iter().any(|s| {
        let p = sidecar(path, s);
        p.exists() && write_refused(&p).is_some()
    })
}

pub(super) fn connect(path: &Path) -> Result<Connection> {
    // A colleague's -wal or -shm file this user may not write lets SQLite
    // open the database for writing and fail at the first save: open it
    // read-only from the start, so the agent is told before typing anything.
    if write_refused(path).is_some() || sidecar_refused(path) {
        return open_read_only(path);
    }
    let conn = Connection::open_with_flags(path, flags(false))?;
    match first_read(&conn) {
        Err(e) if cannot_use_wal(&e) => {
            drop(conn);
            open_read_only(path)
        }
        _ => Ok(conn),
    }
}

/// Why the database at `path`, open read-only, cannot be written by this
/// user. Opens files for writing to find out, writing nothing.
pub fn read_only_cause(path: &Path) -> ReadOnlyCause {
    if let Some(e) = write_refused(path) {
        return if e.kind() == std::io::ErrorKind::ReadOnlyFilesystem {
            ReadOnlyCause::Filesystem
        } else {
            ReadOnlyCause::File
        };
    }
    if sidecar_refused(path) {
        ReadOnlyCause::Sidecar
    } else {
        ReadOnlyCause::Folder
    }
}

/// The state of the write-ahead log after a checkpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkpoint {
    /// A reader still uses part of the log, so it could not be emptied.
    pub blocked: bool,
    /// Pages in the log, and of them copied into the database.
    pub log_pages: i64,
    pub copied_pages: i64,
    /// The size of the `-wal` file afterwards, in bytes.
    pub wal_bytes: u64,
}

impl SqliteStore {
    /// Whether the database is open read-only here (the file or its
    /// directory is not writable): every write is refused with
    /// [`StoreError::ReadOnly`].
    pub fn read_only(&self) -> bool {
        self.conn().is_readonly(DatabaseName::Main).unwrap_or(true)
    }

    /// A read-only store cannot migrate: it works only on a file of the
    /// current schema.
    pub(super) fn check_read_only(&self) -> Result<()> {
        let found: i64 = self
            .conn()
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if found != super::SCHEMA_VERSION {
            return Err(StoreError::NeedsUpgrade {
                path: self.path().display().to_string(),
                found,
                known: super::SCHEMA_VERSION,
            });
        }
        self.conn().set_prepared_statement_cache_capacity(64);
        Ok(())
    }

    /// The size of the `-wal` file, in bytes (0 when there is none).
    pub fn wal_bytes(&self) -> u64 {
        std::fs::metadata(sidecar(self.path(), "-wal")).map_or(0, |m| m.len())
    }

    /// The limit SQLite truncates the `-wal` file to when it starts over.
    pub fn journal_size_limit(&self) -> Result<i64> {
        Ok(self
            .conn()
            .query_row("PRAGMA journal_size_limit", [], |r| r.get(0))?)
    }

    /// Copies everything in the WAL into the database and empties the
    /// `-wal` file, unless a reader still needs part of it. Waits for a
    /// writer like any write.
    pub fn checkpoint(&self) -> Result<Checkpoint> {
        if self.read_only() {
            return Err(StoreError::ReadOnly);
        }
        let (busy, log, copied) =
            self.conn()
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, i64>(2)?,
                    ))
                })?;
        Ok(Checkpoint {
            blocked: busy != 0,
            log_pages: log,
            copied_pages: copied,
            wal_bytes: self.wal_bytes(),
        })
    }

    /// Caps the file at its present size plus `spare_pages` pages, so that
    /// writing soon fails as on a full disk (`None` lifts the cap). For
    /// tests of a full disk where no small filesystem can be mounted.
    #[doc(hidden)]
    pub fn cap_size_for_tests(&self, spare_pages: Option<i64>) -> Result<()> {
        let pages: i64 = match spare_pages {
            Some(spare) => {
                self.conn()
                    .query_row("PRAGMA page_count", [], |r| r.get::<_, i64>(0))?
                    + spare
            }
            None => i64::from(u32::MAX - 1),
        };
        self.conn()
            .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))?;
        Ok(())
    }

    /// Writes a consistent copy of the whole database to `dest` (which must
    /// not exist), while others go on working on it.
    pub fn copy_to(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(StoreError::Invalid(Invalid::Exists {
                path: dest.display().to_string(),
                what: NewFile::Copy,
            }));
        }
        let target = dest.to_string_lossy().into_owned();
        self.conn().execute("VACUUM INTO ?1", [target])?;
        Ok(())
    }

    /// Copies the database into `dest`, an empty file the caller made
    /// (exclusively, so never through a link), as `VACUUM INTO` allows: the
    /// load test's copy (supervisors: it holds every full number).
    pub fn copy_for_load(&self, actor: &Actor, dest: &Path) -> Result<()> {
        super::access::allow(actor, crate::domain::access::Op::RunLoad)?;
        let target = dest.to_string_lossy().into_owned();
        self.conn().execute("VACUUM INTO ?1", [target])?;
        Ok(())
    }

    /// The lead and outcome of each of these saved calls that is in the
    /// database, for checking what agents were told was saved.
    pub fn saved_calls(&self, ids: &[i64]) -> Result<Vec<(i64, i64, String)>> {
        let mut st = self
            .conn()
            .prepare_cached("SELECT id, lead_id, outcome FROM calls WHERE id = ?1")?;
        let mut found = Vec::with_capacity(ids.len());
        for &id in ids {
            let mut rows = st.query([id])?;
            if let Some(r) = rows.next()? {
                found.push((r.get(0)?, r.get(1)?, r.get(2)?));
            }
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOUNTS: &str = "\
/dev/vda / ext4 rw,relatime 0 0
proc /proc proc rw,relatime 0 0
tmpfs /dev/shm tmpfs rw 0 0
fileserver:/export/crm /srv/crm nfs4 rw,relatime,vers=4.2 0 0
//nas/team /mnt/team\\040share cifs rw,vers=3.0 0 0
user@host:/data /home/amy/remote fuse.sshfs rw,nosuid 0 0
/dev/vdb /srv/crm/local ext4 rw 0 0
";

    fn fs(p: &str) -> String {
        filesystem_of(Path::new(p), MOUNTS).unwrap().fs_type
    }

    #[test]
    fn the_longest_mount_point_wins() {
        assert_eq!(fs("/home/amy/dcc.sqlite"), "ext4");
        assert_eq!(fs("/srv/crm/dcc.sqlite"), "nfs4");
        assert_eq!(fs("/srv/crm/local/dcc.sqlite"), "ext4");
        assert_eq!(
            fs("/srv/crmx/dcc.sqlite"),
            "ext4",
            "a prefix of a name is not a parent"
        );
        assert_eq!(fs("/mnt/team share/dcc.sqlite"), "cifs");
        assert_eq!(fs("/home/amy/remote/dcc.sqlite"), "fuse.sshfs");
    }

    #[test]
    fn network_filesystems_are_known() {
        for t in ["nfs", "nfs4", "cifs", "smb3", "fuse.sshfs", "NFS4"] {
            assert!(is_network_fs(t), "{t}");
        }
        for t in ["ext4", "xfs", "btrfs", "tmpfs", "zfs", "overlay", "fuse"] {
            assert!(!is_network_fs(t), "{t}");
        }
    }

    #[test]
    fn a_stacked_mount_hides_the_one_below() {
        let m = "a / ext4 rw 0 0\nb /data ext4 rw 0 0\nc /data nfs rw 0 0\n";
        assert_eq!(
            filesystem_of(Path::new("/data/x"), m).unwrap().fs_type,
            "nfs"
        );
        assert_eq!(filesystem_of(Path::new("/x"), ""), None);
        assert_eq!(filesystem_of(Path::new("/x"), "garbage\n\n"), None);
    }

    #[test]
    fn uris_escape_what_sqlite_would_read_as_a_query() {
        let u = file_uri(Path::new("/tmp/a?b#c%d.sqlite"), "mode=ro").unwrap();
        assert_eq!(u, "file:/tmp/a%3fb%23c%25d.sqlite?mode=ro");
    }
}
