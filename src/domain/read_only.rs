//! Why the database cannot be written here.

/// Why a database opened read-only here, for the workstation's banner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadOnlyCause {
    /// The filesystem under it is mounted read-only.
    Filesystem,
    /// This user may not write the database file.
    File,
    /// This user may not write its `-wal` or `-shm` file (made by a
    /// colleague without group write permission).
    Sidecar,
    /// This user may not write its folder, so SQLite cannot create the
    /// `-wal` and `-shm` files it needs to write.
    Folder,
}
