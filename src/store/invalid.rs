//! What the store refuses in what it was given, as data: which field, what
//! is wrong with it, the limits. The catalog (`i18n`) names each one in the
//! user's language; the store holds no sentence and no command-line flag.

use chrono::NaiveDate;

/// Something the store was given that it will not save or do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    /// A required value was left empty.
    Missing(Required),
    /// A login that is not one word.
    Login(String),
    /// A supervisor disabling their own account.
    DisableSelf,
    /// A period longer than the store reads at once.
    PeriodTooLong {
        from: NaiveDate,
        to: NaiveDate,
        max_days: i64,
    },
    /// A setting that does not exist.
    NoSetting { key: String, known: Vec<String> },
    /// A value a setting does not take.
    BadSetting { key: String, value: String },
    /// A script kind that does not exist.
    NoScriptKind { kind: String, known: Vec<String> },
    /// A script language other than zh-CN and en.
    ScriptLanguage(String),
    /// A script naming variables the scripts do not know.
    ScriptVariables {
        unknown: Vec<String>,
        known: Vec<String>,
    },
    /// A month that is not `YYYY-MM`.
    Month(String),
    /// A negative channel spend.
    NegativeSpend,
    /// A reason list other than defeat and invalid.
    ReasonList(String),
    /// A reason code that is not one word.
    ReasonCode(String),
    /// No active reason with this code on this list.
    NoReason { list: String, code: String },
    /// A model not on the dealer's list, with the closest names on it.
    UnknownModel { given: String, closest: Vec<String> },
    /// An import row with neither an expected purchase nor a grade.
    ImportNoGrade { line: usize },
    /// An import row whose earlier duplicate was not written.
    ImportEarlierRow { line: usize },
    /// `dcc import undo` of an id no import has.
    NoSuchImport(i64),
    /// `dcc import undo` of an import whose process still runs.
    ImportRunning { id: i64, pid: i64 },
    /// The rules saved in the file cannot be read (a damaged or newer file).
    RulesUnreadable(String),
    /// The rules saved in the file read back but break a rule of their own
    /// (a damaged file: they were checked when they were saved).
    RulesDamaged(crate::domain::rules::RulesError),
    /// A file that exists where only a new file is written.
    Exists { path: String, what: NewFile },
    /// A path that is a link, a folder or a device, not a regular file.
    NotRegularFile(String),
    /// A database whose write-ahead log holds work a copy would lose.
    UnsavedWal { path: String, wal: String },
    /// The database itself given as its own backup.
    IsTheDatabase(String),
    /// A file that changed while it was copied.
    Changed { path: String, during: Copying },
    /// No free name for a new file in its folder.
    NoFreeName(String),
    /// More demo leads than there are demo numbers.
    DemoTooLarge { max: u64 },
    /// A database without the reference data the demo needs.
    DemoNeeds(DemoData),
    /// `dcc load`'s pauses: `MIN-MAX` seconds.
    LoadPace(String),
    /// `dcc load`'s speed-ups: one or more numbers from 1.
    LoadSpeedup,
    /// `dcc load`'s minutes: a positive number.
    LoadMinutes,
    /// `dcc load` needs an active supervisor to add its agents.
    NoSupervisor,
    /// The load run's phases that failed and the integrity check's findings.
    LoadFailed {
        phases: Vec<String>,
        integrity: Vec<String>,
    },
    /// `DCC_NOW` is not a time.
    Clock(String),
    /// Something that cannot happen did (a worker thread died, a value
    /// did not serialize): the detail is for a bug report.
    Internal(String),
}

/// The value a form or a command left empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    /// An agent's display name.
    AgentName,
    /// The customer's name.
    CustomerName,
    /// The model the customer asks about.
    Model,
    /// The expected purchase, or a grade.
    PurchaseOrGrade,
    /// Why a number comes off the do-not-call list.
    DncReason,
    /// Why leads move to another agent.
    MoveReason,
    /// How the customer consented to calls again.
    Consent,
}

/// What is written only to a new file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewFile {
    Demo,
    Copy,
}

/// What was being copied when a file changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copying {
    Backup,
    Restore,
}

/// Reference data the demo builds on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoData {
    Grades,
    Reasons,
    Channels,
}
