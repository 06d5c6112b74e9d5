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

/// The checked rows of one import file, written in one transaction.
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
}
