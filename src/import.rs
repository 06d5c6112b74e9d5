//! Importing leads from the files web platforms export (汽车之家, 易车网,
//! 太平洋汽车网, ...): read the file in whatever encoding it comes in, match
//! its columns by their Chinese or English headers, check every row, and hand
//! the good rows to the store, which checks them all against the database and
//! then writes them in short transactions under one import id (so the team
//! keeps saving while a large file goes in, and the import can be taken back:
//! `store::import_undo`). Every refused row goes to a report file with its
//! line and reason.
//!
//! No SQL here: the store decides what is new, what merges into a known lead
//! and what is on the do-not-call list.

mod columns;
mod originals;
mod read;
mod rows;
mod workbook;
mod xls;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::domain::phone::Phone;
use crate::i18n::Lang;
use crate::store::{Actor, ImportBatch, LeadStore, Role, RowFate, Stopped, StoreError};

pub use columns::{Columns, Field, MapProblem};
pub use read::{read_table, FileKind, ReadError, Row, Table};
pub use rows::Problem;
pub use workbook::{column_name, thousands, Exceeded, Limits, LIMITS};

/// Rows from which a progress bar is worth drawing.
const PROGRESS_FROM: usize = 2_000;

/// What `dcc import` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub file: PathBuf,
    /// Channel (code or name) of rows without one of their own.
    pub channel: Option<String>,
    /// Extra header mappings, `HEADER=FIELD`.
    pub map: Vec<String>,
    pub dry_run: bool,
    pub all_or_nothing: bool,
    /// Where to write the rejected rows (default `<file>.rejected.csv`).
    pub report: Option<PathBuf>,
    /// Owner of every new lead (default: the importer, or the assignment
    /// rule for an inbound agent).
    pub owner: Option<String>,
    /// Language of the reasons in the report.
    pub lang: Option<Lang>,
    /// Draw a progress bar on stderr (only if it is a terminal).
    pub progress: bool,
    /// Replace an existing report file.
    pub force: bool,
    /// Set (by a signal) to stop the import between two transactions.
    pub stop: Option<Arc<AtomicBool>>,
}

/// Why an import did not run. Nothing was imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{login} is an {role} agent: only supervisors and inbound agents may import leads; nothing was imported")]
    NotPermitted { login: String, role: Role },
    #[error("--map {given}: {why}; nothing was imported")]
    BadMap { given: String, why: MapProblem },
    #[error("{file} has no column for {missing} (headers found: {found}). Name the column with --map 'HEADER=FIELD'{channel_hint}; nothing was imported")]
    MissingColumns {
        file: String,
        missing: String,
        found: String,
        channel_hint: &'static str,
    },
    #[error("{file}: the columns {first} and {second} both name the {field}, and which holds the customer's cannot be guessed; nothing was imported. Remove one, or leave it out with --map '{ignore}=ignore'")]
    TwoColumns {
        file: String,
        field: &'static str,
        first: String,
        second: String,
        ignore: String,
    },
    #[error("--owner {0}: no active agent has that login; nothing was imported")]
    NoOwner(String),
    #[error("--channel {given}: no such channel (known: {known}); nothing was imported")]
    NoChannel { given: String, known: String },
    #[error("{}, but the report {path} could not be written: {err}", written.map_or("nothing was imported".to_string(), |n| format!("{n} rows were imported")))]
    Report {
        /// Rows imported, if any was.
        written: Option<usize>,
        path: String,
        err: crate::outfile::OutFileError,
    },
    #[error("{0}")]
    ReportFile(crate::outfile::OutFileError),
    #[error("the import was interrupted before it wrote anything; nothing was imported")]
    Interrupted,
}

impl ImportError {
    /// The message in `lang`, from the catalog (`i18n::import_error`).
    pub fn message(&self, lang: Lang) -> String {
        crate::i18n::import_error(self, lang)
    }
}

/// A refused row: its line and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejection {
    pub line: usize,
    pub reason: String,
}

/// What an import did, or in a dry run would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub file: String,
    pub format: FileKind,
    /// Rows read below the header.
    pub rows: usize,
    pub new: usize,
    /// Rows merged into a lead: one already in the database, or one made by
    /// an earlier row of the file.
    pub merged: usize,
    pub merged_existing: usize,
    pub merged_in_file: usize,
    pub rejected: usize,
    /// The report of rejected rows, if any was rejected.
    pub report: Option<String>,
    pub dry_run: bool,
    pub all_or_nothing: bool,
    /// Whether leads were written.
    pub written: bool,
    /// Headers no field was matched to, ignored.
    pub ignored_headers: Vec<String>,
    #[serde(skip)]
    pub rejections: Vec<Rejection>,
    /// Every accepted row's line and fate.
    #[serde(skip)]
    pub fates: Vec<(usize, RowFate)>,
    /// The import's id (`dcc import undo ID` takes it back).
    pub import: Option<i64>,
    /// Set when it stopped before its last row.
    pub stopped: Option<Stopped>,
}

impl ImportSummary {
    /// With `--all-or-nothing`, the message that nothing was imported.
    pub fn refusal(&self) -> Option<String> {
        (self.all_or_nothing && !self.dry_run && self.rejected > 0).then(|| {
            format!(
                "nothing was imported: {} of {} rows were rejected and --all-or-nothing was given (see {}). Fix them, or import without --all-or-nothing to take the valid rows",
                self.rejected,
                self.rows,
                self.report.as_deref().unwrap_or("the report")
            )
        })
    }
}

/// `<file>.rejected.csv`, next to the file.
pub fn default_report_path(file: &Path) -> PathBuf {
    let mut name = file.file_name().unwrap_or_default().to_os_string();
    name.push(".rejected.csv");
    file.with_file_name(name)
}

/// The origin recorded on every source of an import: `import:<file name>`.
fn origin(file: &Path) -> String {
    format!(
        "import:{}",
        file.file_name().unwrap_or_default().to_string_lossy()
    )
}

fn check_actor(actor: &Actor) -> Result<(), ImportError> {
    if actor.is_supervisor() || actor.real.role == Role::Inbound {
        Ok(())
    } else {
        Err(ImportError::NotPermitted {
            login: actor.real.login.clone(),
            role: actor.real.role,
        })
    }
}

/// Reads, checks and imports a file. The rows the store accepts are written
/// in one transaction (none in a dry run, and none with `all_or_nothing` if
/// any row is rejected); the rejected rows go to the report.
pub fn import_file(
    store: &dyn LeadStore,
    actor: &Actor,
    opts: &ImportOptions,
    now: NaiveDateTime,
) -> Result<ImportSummary, ImportError> {
    check_actor(actor)?;
    let lang = opts.lang.unwrap_or(Lang::En);
    let file = opts.file.display().to_string();
    // The report's file is checked before anything is read or written. An
    // earlier report of the same file is replaced; anything else only with
    // --force.
    let report_path = opts
        .report
        .clone()
        .unwrap_or_else(|| default_report_path(&opts.file));
    let report = crate::outfile::Target {
        force: opts.force || (opts.report.is_none() && is_earlier_report(&report_path)),
        path: report_path,
        readers: crate::outfile::Readers::Owner,
        database: Some(PathBuf::from(store.location())),
    };
    crate::outfile::check(&report).map_err(ImportError::ReportFile)?;
    let stop_asked = || {
        opts.stop
            .as_ref()
            .is_some_and(|s| s.load(Ordering::Relaxed))
    };
    let table = read_table(&opts.file)?;
    if stop_asked() {
        return Err(ImportError::Interrupted);
    }
    let maps = columns::parse_maps(&opts.map)?;
    let (header_at, columns) = Columns::find(&table.rows, &maps);
    let header: Vec<String> = table
        .rows
        .get(header_at)
        .map(|r| r.cells.clone())
        .unwrap_or_default();
    columns.require(&file, &header, opts.channel.is_some())?;
    columns.refuse_twins(&file, &header)?;
    let default_channel = match &opts.channel {
        Some(given) => Some(store.channel(given).map_err(|e| match e {
            StoreError::NoSuchChannel { given, known } => ImportError::NoChannel { given, known },
            other => other.into(),
        })?),
        None => None,
    };
    if let Some(login) = &opts.owner {
        match store.agent(login)? {
            Some(a) if a.active => {}
            _ => return Err(ImportError::NoOwner(login.clone())),
        }
    }
    let (kind, mut data) = (table.kind, table.rows);
    data.drain(..(header_at + 1).min(data.len()));
    let rows_read = data.len();
    let mut checker = rows::Checker {
        store,
        rules: store.rules()?,
        columns: &columns,
        default_channel: default_channel.as_ref(),
        owner: opts.owner.as_deref(),
        origin: origin(&opts.file),
        today: now.date(),
        time: now.time(),
        models: store.models()?,
        channels: Default::default(),
    };
    let mut batch = ImportBatch {
        origin: origin(&opts.file),
        rows: Vec::with_capacity(rows_read),
        dry_run: opts.dry_run,
        all_or_nothing: opts.all_or_nothing,
    };
    let mut problems: Vec<(usize, Vec<Problem>)> = Vec::new();
    // Each row's cells go once it is checked: the report reads them back
    // from `originals`, a tenth of their size.
    let mut originals = originals::Originals::with_capacity(rows_read);
    for row in data {
        originals.push(&row);
        match checker.check(&row)? {
            Ok(r) => batch.rows.push(r),
            Err(p) => problems.push((row.line, p)),
        }
    }
    give_back_freed_memory();
    // With all-or-nothing and a bad row, only ask what the store would do.
    if opts.all_or_nothing && !problems.is_empty() {
        batch.dry_run = true;
    }
    let bar = progress_bar(opts.progress, batch.rows.len());
    let result = store.import_leads(actor, &batch, now, &mut |done, total| {
        if let Some(b) = &bar {
            b.set_length(total as u64);
            b.set_position(done as u64);
        }
        !stop_asked()
    });
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let outcome = result?;

    let mut summary = ImportSummary {
        file,
        format: kind,
        rows: rows_read,
        new: 0,
        merged: 0,
        merged_existing: 0,
        merged_in_file: 0,
        rejected: 0,
        report: None,
        dry_run: opts.dry_run,
        all_or_nothing: opts.all_or_nothing,
        written: outcome.written,
        ignored_headers: columns.ignored(&header),
        rejections: Vec::new(),
        fates: Vec::new(),
        import: outcome.import,
        stopped: outcome.stopped.clone(),
    };
    // An import stopped part-way counts the rows it wrote.
    let upto = outcome
        .stopped
        .as_ref()
        .map_or(outcome.fates.len(), |s| s.rows_written);
    for (row, fate) in batch.rows.iter().zip(&outcome.fates).take(upto) {
        match fate {
            RowFate::New { .. } => summary.new += 1,
            RowFate::Existing { .. } => summary.merged_existing += 1,
            RowFate::Earlier { .. } => summary.merged_in_file += 1,
            RowFate::DoNotCall { since } => {
                problems.push((row.line, vec![Problem::DoNotCall { since: *since }]))
            }
        }
        if !matches!(fate, RowFate::DoNotCall { .. }) {
            summary.fates.push((row.line, *fate));
        }
    }
    summary.merged = summary.merged_existing + summary.merged_in_file;
    problems.sort_by_key(|(line, _)| *line);
    summary.rejected = problems.len();
    summary.rejections = problems
        .iter()
        .map(|(line, p)| Rejection {
            line: *line,
            reason: rows::reason(p, lang),
        })
        .collect();
    if !summary.rejections.is_empty() {
        let path = &report.path;
        crate::outfile::write_with(&report, |w| {
            write_report(w, &header, &originals, &summary.rejections, lang)
        })
        .map_err(|err| ImportError::Report {
            written: summary.written.then_some(summary.new + summary.merged),
            path: path.display().to_string(),
            err,
        })?;
        summary.report = Some(path.display().to_string());
    }
    Ok(summary)
}

fn progress_bar(wanted: bool, rows: usize) -> Option<indicatif::ProgressBar> {
    if !wanted || rows < PROGRESS_FROM || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(rows as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} import {bar:40} {pos}/{len} rows  {elapsed}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(bar)
}

/// Whether `path` is a report of rejected rows this program wrote: a
/// regular file (not a link) starting with its header.
fn is_earlier_report(path: &Path) -> bool {
    use std::io::Read;
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    let mut head = [0u8; 32];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    let head = &head[..n];
    [Lang::En, Lang::Zh].iter().any(|lang| {
        let [line, reason] = crate::i18n::rejected_header(*lang);
        head.starts_with(format!("\u{feff}{line},{reason}").as_bytes())
    })
}

/// Hands the memory of the file's cells, freed as each row was checked,
/// back to the system before the rows are written: the allocator would keep
/// it, and a 200,000-row import would hold 40 MB more than it uses.
fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages of the allocator's heap.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The rejected rows as CSV in UTF-8 with a BOM (so Excel reads the Chinese):
/// line, reason, then the row as it was in the file.
fn write_report(
    file: &mut dyn Write,
    header: &[String],
    rows: &originals::Originals,
    rejections: &[Rejection],
    lang: Lang,
) -> std::io::Result<()> {
    file.write_all(b"\xEF\xBB\xBF")?;
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(file);
    let [line, reason] = crate::i18n::rejected_header(lang);
    let mut head = vec![line.to_string(), reason.to_string()];
    head.extend(header.iter().cloned());
    crate::outfile::csv_record(&mut w, &head)?;
    for r in rejections {
        let mut record = vec![r.line.to_string(), r.reason.clone()];
        // The row as it was, but a control character shown, not kept:
        // the report is opened, printed and `cat` in a terminal.
        let cells = rows.cells(r.line).unwrap_or_default();
        record.extend(
            cells
                .iter()
                .map(|c| crate::domain::text::printable(c).into_owned()),
        );
        crate::outfile::csv_record(&mut w, &record)?;
    }
    w.flush()?;
    Ok(())
}

/// What `dcc dnc import` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DncSummary {
    pub file: String,
    pub format: FileKind,
    /// Numbers read.
    pub read: usize,
    /// Numbers put on the list.
    pub added: usize,
    /// Numbers that were on the list already.
    pub already: usize,
    /// Lines whose number is not a phone number.
    pub bad: Vec<Rejection>,
}

/// Puts every number of a file on the do-not-call list: one number per
/// line, or a CSV or workbook with a phone column (matched like an import's).
/// Their leads leave every queue. Bad numbers are listed, not fatal.
pub fn import_dnc(
    store: &dyn LeadStore,
    actor: &Actor,
    path: &Path,
    lang: Lang,
    now: NaiveDateTime,
) -> Result<DncSummary, ImportError> {
    let table = read_table(path)?;
    let (header_at, columns) = Columns::find(&table.rows, &[]);
    let has_header = columns.has(Field::Phone);
    if has_header {
        let header = table.rows.get(header_at).map(|r| r.cells.as_slice());
        columns.refuse_twins(&path.display().to_string(), header.unwrap_or(&[]))?;
    }
    let phone_col = columns.first(Field::Phone).unwrap_or(0);
    let data = if has_header {
        table.rows.get(header_at + 1..).unwrap_or(&[])
    } else {
        &table.rows[..]
    };
    let origin = origin(path);
    let mut summary = DncSummary {
        file: path.display().to_string(),
        format: table.kind,
        read: 0,
        added: 0,
        already: 0,
        bad: Vec::new(),
    };
    for row in data {
        let value = row.cells.get(phone_col).map(|s| s.trim()).unwrap_or("");
        if value.is_empty() {
            continue;
        }
        summary.read += 1;
        match Phone::parse(value) {
            Ok(phone) => {
                if store.dnc_add(actor, &phone, &origin, None, now)? {
                    summary.added += 1;
                } else {
                    summary.already += 1;
                }
            }
            Err(err) => summary.bad.push(Rejection {
                line: row.line,
                reason: rows::reason(
                    &[Problem::Phone {
                        value: value.to_string(),
                        err,
                    }],
                    lang,
                ),
            }),
        }
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_column_is_said_in_chinese_with_the_fields_named_as_the_form_names_them() {
        let e = ImportError::MissingColumns {
            file: "leads.csv".into(),
            missing: "model, channel".into(),
            found: "姓名, 手机".into(),
            channel_hint: ", or give the channel of every row with --channel",
        };
        let zh = e.message(Lang::Zh);
        assert!(zh.contains("没有意向车型、渠道列"), "{zh}");
        assert!(
            zh.contains("--channel") && zh.contains("未导入任何内容"),
            "{zh}"
        );
        assert!(!zh.contains("no column"), "{zh}");
        let en = e.message(Lang::En);
        assert!(en.contains("no column for model, channel"), "{en}");
        let owner = ImportError::NoOwner("ghost".into()).message(Lang::Zh);
        assert!(owner.contains("没有这个登录名"), "{owner}");
    }
}
