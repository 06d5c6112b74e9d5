//! An import file's checked rows, and what became of each.

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::domain::card::NewLead;

/// One row of an import file, read and checked. `lead.grade` is the file's
/// grade if it gives one, else the grade follows from `lead.purchase_by`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    /// The row's line in the file (its row number in a workbook).
    pub line: usize,
    pub lead: NewLead,
}

/// The checked rows of one import file, checked as a whole, then written in
/// short transactions under one import id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportBatch {
    /// Recorded as the origin of every source: `import:<file name>`.
    pub origin: String,
    pub rows: Vec<ImportRow>,
    /// Only say what would happen; write nothing.
    pub dry_run: bool,
    /// Write nothing if any row is refused.
    pub all_or_nothing: bool,
}

/// What an import did (or would do) with one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "fate", rename_all = "snake_case")]
pub enum RowFate {
    /// A new lead; its id once written.
    New { lead: Option<i64> },
    /// The number belongs to a lead in the database: a source was added to it.
    Existing { lead: i64 },
    /// The number came on an earlier line: merged into that line's lead.
    Earlier { line: usize, lead: Option<i64> },
    /// Refused: the number is on the do-not-call list.
    DoNotCall { since: NaiveDateTime },
}

/// The fate of every row of an import, in the batch's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportOutcome {
    pub fates: Vec<RowFate>,
    /// Whether anything was written (not in a dry run, nor when
    /// `all_or_nothing` refused the batch).
    pub written: bool,
    /// The import's id: every lead and source it wrote carries it.
    pub import: Option<i64>,
    /// Set when the import stopped before its last row.
    pub stopped: Option<Stopped>,
}

/// An import that did not reach its last row: interrupted (a signal) or
/// failed (an error while writing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stopped {
    /// The error that stopped it; `None`: it was interrupted.
    pub error: Option<String>,
    /// Rows written before it stopped.
    pub rows_written: usize,
    /// With `all_or_nothing`: what was taken back.
    pub taken_back: Option<UndoOutcome>,
}

/// What `dcc import undo` took back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UndoOutcome {
    pub import: i64,
    /// `import:<file name>`.
    pub origin: String,
    /// Leads taken back (status `withdrawn`).
    pub withdrawn: usize,
    /// Sources the import had added to leads it did not make, removed.
    pub sources_removed: usize,
    /// Leads someone had already worked: they stay.
    pub kept: Vec<KeptLead>,
}

/// A lead of an import that stays when the import is taken back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeptLead {
    pub lead: i64,
    pub name: String,
    pub why: Kept,
}

/// Why a lead stays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kept {
    /// It has calls or an appointment.
    Called,
    /// An agent has it open on a call now.
    Open,
    /// Its owner, grade or status was changed after the import.
    Changed,
    /// It came in again from another capture or import.
    ArrivedAgain,
}

/// One import, as `dcc import list` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportRecord {
    pub id: i64,
    pub origin: String,
    /// Who imported it (login).
    pub agent: String,
    pub started_at: NaiveDateTime,
    /// Rows of the file that were checked and good.
    pub rows: i64,
    /// running, done, failed, interrupted, undone.
    pub state: String,
    pub all_or_nothing: bool,
    /// Its leads the team has (not taken back).
    pub leads: i64,
    /// Its leads taken back.
    pub withdrawn: i64,
}
