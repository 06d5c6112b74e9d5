//! What the doctor finds, as data: a level, a topic, what was found (with
//! the paths, names and numbers it is about) and the commands that fix it.
//! The catalog (`i18n::doctor`) puts them into words in either language.

use std::sync::Arc;

use serde::Serialize;

use crate::store::StoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Ok,
    Warning,
    Problem,
}

impl Level {
    /// The stable code of the JSON output.
    pub fn code(self) -> &'static str {
        match self {
            Level::Ok => "ok",
            Level::Warning => "warning",
            Level::Problem => "problem",
        }
    }
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    Permissions,
    Filesystem,
    Database,
    Schema,
    Journal,
    Integrity,
    Wal,
    Team,
    Clock,
    Backup,
    Served,
}

impl Topic {
    /// The stable code of the JSON output.
    pub fn code(self) -> &'static str {
        match self {
            Topic::Permissions => "permissions",
            Topic::Filesystem => "filesystem",
            Topic::Database => "database",
            Topic::Schema => "schema",
            Topic::Journal => "journal",
            Topic::Integrity => "integrity",
            Topic::Wal => "wal",
            Topic::Team => "team",
            Topic::Clock => "clock",
            Topic::Backup => "backup",
            Topic::Served => "served",
        }
    }
}

/// One thing checked: what was found and, for a problem, how to fix it.
#[derive(Debug, Clone)]
pub struct Finding {
    pub level: Level,
    pub topic: Topic,
    pub found: Found,
    /// Commands that fix it, in order.
    pub fix: Vec<Fix>,
}

/// Who besides root and the owner may change a file or folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Others {
    /// It belongs to someone else.
    Owner,
    Group,
    Everyone,
}

/// A setting of sshd's for the service account that lets more in than
/// `dcc session`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SshdGap {
    /// Keys are not looked up by `dcc authorized-keys`.
    KeysNotAskedOfDcc,
    /// `AuthorizedKeysFile` is not `none`.
    KeysFile,
    /// `AuthorizedKeysCommandUser` is root.
    CommandUserRoot,
    Password,
    Forwarding,
    /// `PermitTTY no`.
    NoTerminal,
}

/// What was found. Paths and names are as shown to the user (a path as
/// `display` shows it); numbers are numbers.
#[derive(Debug, Clone)]
pub enum Found {
    // The filesystem.
    FilesystemUnknown,
    NetworkFilesystem {
        path: String,
        fs_type: String,
        mount_point: String,
    },
    LocalFilesystem {
        fs_type: String,
        mount_point: String,
    },

    // The file.
    NoDatabase {
        path: String,
    },
    Unreadable(Arc<StoreError>),
    ForeignDatabase {
        path: String,
    },
    SchemaNewer {
        version: i64,
        known: i64,
    },
    SchemaOlder {
        version: i64,
        known: i64,
    },
    SchemaCurrent {
        version: i64,
    },
    Wal,
    NotWal {
        journal: String,
    },
    /// `check` is `quick_check` or `integrity_check`; `size` as in `3.0 MiB`.
    Intact {
        check: &'static str,
        size: String,
    },
    Damaged {
        check: &'static str,
        found: String,
    },
    WalHeld {
        size: String,
    },
    WalSize {
        size: String,
    },

    // The team.
    NoRole {
        login: String,
        name: String,
    },
    NoActiveSupervisor {
        inactive: Vec<String>,
    },
    InactiveSupervisors {
        logins: Vec<String>,
    },
    /// `count` leads to call with nobody active to call them (`at_least`:
    /// the count stopped there).
    Unowned {
        count: usize,
        at_least: bool,
    },
    TeamInOrder {
        agents: usize,
        supervisors: usize,
    },

    // The clock.
    ClockFixed {
        value: String,
    },
    ClockWrong {
        now: String,
    },
    ClockBehind {
        now: String,
        latest: String,
    },
    ClockInOrder {
        now: String,
    },

    // A team's permissions.
    FolderUnreadable {
        dir: String,
    },
    /// The folder's group is root's (`admin`) or one person's own.
    NotATeamGroup {
        dir: String,
        group: String,
        admin: bool,
    },
    ReadableByAll {
        files: String,
    },
    OtherGroup {
        files: String,
        group: String,
    },
    GroupCannotWrite {
        files: String,
        group: String,
    },
    /// The folder: not writable by the group, without the setgid bit, or
    /// both.
    Folder {
        dir: String,
        group: String,
        group_writable: bool,
        setgid: bool,
    },
    FolderOpenToAll {
        dir: String,
    },
    AgentNotInGroup {
        login: String,
        name: String,
        group: String,
    },
    NotAnAgent {
        login: String,
        group: String,
    },
    SharedWithGroup {
        files: String,
        group: String,
    },

    // Backups.
    NoBackup {
        dir: String,
    },
    BackupLate {
        hours: i64,
        name: String,
    },
    BackupRecent {
        hours: i64,
        name: String,
    },

    // A served setup.
    AccountLocked {
        account: String,
    },
    LooseKeys {
        file: String,
        lines: usize,
        account: String,
    },
    NoKey {
        login: String,
        name: String,
    },
    ServedInOrder {
        account: String,
    },
    NotTheAccounts {
        path: String,
        account: String,
    },
    OpenToOthers {
        path: String,
        mode: u32,
        writable: bool,
    },
    FolderChangeable {
        path: String,
        by: Others,
    },
    /// `at` (the file itself, or a folder above it) can be changed by others.
    ProgramChangeable {
        at: String,
        path: String,
        by: Others,
    },
    SshdUnreadable,
    SshdLetsIn {
        account: String,
        gaps: Vec<SshdGap>,
    },
    SshdKeepsSessions {
        account: String,
    },
}

/// A command that fixes a finding. `Run` is a command that reads the same
/// in both languages; the others carry a note, or are not a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fix {
    Run(String),
    /// Copy the database to a local disk (`cp PATH /var/lib/dcc/`).
    CopyToLocalDisk {
        path: String,
    },
    PointConfigsAtCopy,
    /// `dcc --db PATH init`.
    Init {
        db: String,
    },
    /// Restore the newest backup.
    Restore {
        db: String,
    },
    PointAtOwnDatabase,
    InstallNewer,
    /// Opening the file with write access switches it to WAL.
    OpenToSwitch {
        db: String,
    },
    /// The `sqlite3 .recover` command that salvages what is left.
    Salvage {
        command: String,
    },
    CloseIdleReaders,
    GiveRole {
        login: String,
    },
    RestoreSupervisor,
    /// `dcc reassign IDS --to LOGIN --reason …`; `more`: there are more.
    Reassign {
        ids: Vec<i64>,
        more: bool,
    },
    /// `usermod -aG GROUP LOGIN` for each agent.
    AddEachAgent {
        group: String,
    },
    /// Make them an agent (`add`), or take them out of the group (`remove`).
    AgentOrOut {
        add: String,
        remove: String,
    },
    /// A backup now, and every day.
    BackUp {
        command: String,
    },
}

impl Fix {
    pub fn run(command: impl Into<String>) -> Fix {
        Fix::Run(command.into())
    }
}
