//! Writing reports out: text aligned for the terminal, CSV with a byte-order
//! mark so Excel reads Chinese text, stable JSON, and real Excel workbooks;
//! and the `dcc report` and `dcc export visits` commands that ask the store
//! for the figures and write them.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use unicode_width::UnicodeWidthStr;

use crate::domain::access::{self, Op};
use crate::domain::text::printable;
use crate::domain::when;
use crate::i18n::Lang;
use crate::outfile::{Readers, Target};
use crate::report::{self, Cell, FunnelBy, Metric, Period, Report, ReportKind, ReportQuery};
use crate::store::{Actor, LeadStore, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Input(String),
    #[error("cannot write the output: {0}")]
    Io(#[from] io::Error),
    #[error("cannot write the workbook {path}: {err}")]
    Xlsx { path: String, err: String },
    #[error(transparent)]
    File(#[from] crate::outfile::OutFileError),
}

impl From<ExportError> for crate::cli::CliError {
    fn from(e: ExportError) -> Self {
        match e {
            ExportError::Store(s) => crate::cli::CliError::Store(s),
            ExportError::Io(e) => crate::cli::CliError::Output(e),
            other => crate::cli::CliError::Input(other.to_string()),
        }
    }
}

/// How a report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutFormat {
    /// Aligned text for the terminal.
    Table,
    /// UTF-8 with a byte-order mark, for Excel.
    Csv,
    /// Stable JSON (see the README).
    Json,
    /// An Excel workbook, one sheet per table (needs --output).
    Xlsx,
}

// ---------------------------------------------------------------------------
// Writers

/// The report as aligned text.
pub fn write_table(out: &mut dyn Write, r: &Report) -> io::Result<()> {
    writeln!(out, "{}", r.title)?;
    for n in &r.notes {
        writeln!(out, "  {n}")?;
    }
    for t in &r.tables {
        writeln!(out)?;
        if r.tables.len() > 1 {
            writeln!(out, "{}", t.title)?;
        }
        for l in t.lines() {
            writeln!(out, "{l}")?;
        }
        if let Some(f) = &t.footer {
            writeln!(out, "{f}")?;
        }
    }
    Ok(())
}

/// The report as CSV: a byte-order mark, then each table as a header row and
/// its rows; tables are separated by one empty line.
pub fn write_csv(out: &mut dyn Write, r: &Report) -> io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    for (i, t) in r.tables.iter().enumerate() {
        if i > 0 {
            out.write_all(b"\r\n")?;
        }
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .flexible(true)
            .from_writer(&mut *out);
        crate::outfile::csv_record(&mut w, &t.header)?;
        for row in &t.rows {
            crate::outfile::csv_record(&mut w, row.iter().map(Cell::plain))?;
        }
        w.flush()?;
    }
    Ok(())
}

pub fn write_json(out: &mut dyn Write, r: &Report) -> io::Result<()> {
    let text = crate::outfile::json_text(&r.json).map_err(io::Error::other)?;
    writeln!(out, "{text}")
}

/// A worksheet name Excel accepts: at most 31 characters, none of `[]:*?/\`,
/// unique in the workbook.
fn sheet_name(name: &str, taken: &[String]) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect();
    let mut candidate = if clean.trim().is_empty() {
        "sheet".to_string()
    } else {
        clean
    };
    let mut i = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&candidate)) {
        let suffix = format!(" {i}");
        let base: String = candidate.chars().take(31 - suffix.len()).collect();
        candidate = format!("{base}{suffix}");
        i += 1;
    }
    candidate
}

/// The report as an Excel workbook: one worksheet per table, the header in
/// bold on the first row, numbers as numbers, text as text (never a
/// formula) with its control characters shown as in the CSV.
pub fn xlsx_bytes(r: &Report) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let int = Format::new().set_num_format("0");
    let two = Format::new().set_num_format("0.00");
    let signed = Format::new().set_num_format("+0.00;-0.00;0.00");
    let mut names = Vec::new();
    for t in &r.tables {
        // Named in the report's language, as its title is.
        let name = sheet_name(&t.title, &names);
        names.push(name.clone());
        let sheet = book.add_worksheet();
        sheet.set_name(&name)?;
        let mut widths: Vec<usize> = t.header.iter().map(|h| h.width()).collect();
        for (c, h) in t.header.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, printable(h), &bold)?;
        }
        for (i, row) in t.rows.iter().enumerate() {
            let r = i as u32 + 1;
            for (j, cell) in row.iter().enumerate() {
                let c = j as u16;
                match cell {
                    Cell::Text(s) | Cell::None(s) => {
                        sheet.write_string(r, c, excel_text(&printable(s)))?
                    }
                    Cell::Int(n) => sheet.write_number_with_format(r, c, *n as f64, &int)?,
                    Cell::Pct(p) | Cell::Dec(p) => {
                        sheet.write_number_with_format(r, c, *p, &two)?
                    }
                    Cell::Change(p) => sheet.write_number_with_format(r, c, *p, &signed)?,
                    Cell::Money(cents) => {
                        sheet.write_number_with_format(r, c, report::yuan(*cents), &two)?
                    }
                };
                if let Some(w) = widths.get_mut(j) {
                    *w = (*w).max(cell.shown().width());
                }
            }
        }
        for (c, w) in widths.iter().enumerate() {
            sheet.set_column_width(c as u16, (*w as f64 + 2.0).min(60.0))?;
        }
        sheet.set_freeze_panes(1, 0)?;
    }
    book.save_to_buffer()
}

/// A text as Excel takes it: at most 32,767 characters in a cell.
fn excel_text(s: &str) -> &str {
    const MOST: usize = 32_767;
    match s.char_indices().nth(MOST) {
        Some((at, _)) => &s[..at],
        None => s,
    }
}

/// Writes `r` in `format` to the file `output` (see [`crate::outfile`]: never
/// the database, never through a link, an existing file only with
/// `--force`), or to `out` without one.
pub fn write(
    r: &Report,
    format: OutFormat,
    output: Option<&Target>,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let bytes = match format {
        OutFormat::Xlsx => {
            let Some(Target { path, .. }) = output else {
                return Err(ExportError::Input(
                    "an Excel workbook needs a file: add --output FILE.xlsx".into(),
                ));
            };
            xlsx_bytes(r).map_err(|e| ExportError::Xlsx {
                path: path.display().to_string(),
                err: e.to_string(),
            })?
        }
        other => {
            let mut buf = Vec::new();
            match other {
                OutFormat::Csv => write_csv(&mut buf, r)?,
                OutFormat::Json => write_json(&mut buf, r)?,
                _ => write_table(&mut buf, r)?,
            }
            buf
        }
    };
    match output.filter(|t| t.path != Path::new("-")) {
        Some(target) => {
            // A text file is `cat` in a terminal: stored control characters
            // shown, as on standard output.
            let bytes = match format {
                OutFormat::Xlsx => bytes,
                _ => crate::domain::text::printable_output(&String::from_utf8_lossy(&bytes))
                    .into_owned()
                    .into_bytes(),
            };
            crate::outfile::write(target, &bytes)?;
            let rows: usize = r.tables.iter().map(|t| t.rows.len()).sum();
            writeln!(out, "wrote {} ({rows} rows)", target.path.display())?;
        }
        None => out.write_all(&bytes)?,
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// The commands

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KindArg {
    /// Leads, valid leads, appointments, visits, orders and their rates, by channel, agent and month.
    Funnel,
    /// One figure per channel per month, with total, average, year-on-year and month-on-month.
    Monthly,
    /// Orders per model with its share, per channel.
    Models,
    /// Defeat reasons and how many the verification calls overturned.
    Defeats,
    /// Leads by grade and status now; grade changes and downgrades.
    Grades,
    /// Each agent's calls, reached, appointments, visits, orders, defeat requests.
    Agents,
    /// Each agent's day: due, done, overdue, remaining, calls, progress.
    Today,
    /// The three stages: leads by channel; invitation and visit rates by DCC
    /// agent; visits received, orders and close rate by sales consultant.
    Showroom,
    /// Each lead handed to the showroom: who received it, when, and what
    /// became of it.
    Handovers,
    /// A day's visits by consultant, for the reception [--date, default: tomorrow].
    Reception,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MetricArg {
    Orders,
    Leads,
    Visits,
    InboundCalls,
    Calls,
    Appointments,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ByArg {
    Channel,
    Agent,
    Month,
}

/// `dcc report KIND`.
#[derive(Debug, Clone, clap::Args)]
pub struct ReportArgs {
    #[arg(value_enum)]
    pub kind: KindArg,
    /// First month [default: eleven months before --to].
    #[arg(long, value_name = "YYYY-MM")]
    pub from: Option<String>,
    /// Last month [default: this month].
    #[arg(long, value_name = "YYYY-MM")]
    pub to: Option<String>,
    /// Only this channel (code or name).
    #[arg(long)]
    pub channel: Option<String>,
    /// Only this agent.
    #[arg(long, value_name = "LOGIN")]
    pub agent: Option<String>,
    /// monthly: the figure followed.
    #[arg(long, value_enum, default_value_t = MetricArg::Orders)]
    pub metric: MetricArg,
    /// funnel: only these breakdowns (repeatable) [default: all three].
    #[arg(long, value_enum)]
    pub by: Vec<ByArg>,
    /// grades: downgrades listed, most recent first; 0 lists all.
    #[arg(long, default_value_t = crate::report::facts::DEFAULT_LIMIT)]
    pub limit: usize,
    /// today: the day [default: today]; reception: [default: tomorrow].
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    #[arg(long, value_enum, default_value_t = OutFormat::Table)]
    pub format: OutFormat,
    /// Write to this file instead of the terminal (required for xlsx; `-`:
    /// standard output).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the --output file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Show full phone numbers (supervisors; the reveal is recorded).
    #[arg(long)]
    pub reveal: bool,
}

/// `dcc export WHAT`.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum ExportCommand {
    /// The expected visits of a day for the showroom: time, customer, masked
    /// phone, model, agent, grade, confirmed or not.
    Visits(VisitsArgs),
}

/// `dcc export visits`.
#[derive(Debug, Clone, clap::Args)]
pub struct VisitsArgs {
    /// The day, e.g. 2026-11-24 or 明天 [default: tomorrow].
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    #[arg(long, value_enum, default_value_t = OutFormat::Csv)]
    pub format: OutFormat,
    /// Write to this file instead of the terminal (required for xlsx; `-`:
    /// standard output).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the --output file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Show full phone numbers (supervisors; the reveal is recorded).
    #[arg(long)]
    pub reveal: bool,
}

fn day(
    flag: &str,
    v: Option<&str>,
    now: NaiveDateTime,
    default: NaiveDate,
) -> Result<NaiveDate, ExportError> {
    match v {
        None => Ok(default),
        Some(v) => when::parse_human(v, now, NaiveTime::MIN)
            .map(|t| t.date())
            .map_err(|e| ExportError::Input(format!("{flag} {v}: {e}"))),
    }
}

/// The query `dcc report` asks.
pub fn query(args: &ReportArgs, now: NaiveDateTime) -> Result<ReportQuery, ExportError> {
    let kind = match args.kind {
        KindArg::Showroom | KindArg::Handovers | KindArg::Reception => {
            return Err(ExportError::Input(
                "the showroom's reports are not built from the report tables".into(),
            ))
        }
        KindArg::Funnel => ReportKind::Funnel,
        KindArg::Monthly => ReportKind::Monthly,
        KindArg::Models => ReportKind::Models,
        KindArg::Defeats => ReportKind::Defeats,
        KindArg::Grades => ReportKind::Grades,
        KindArg::Agents => ReportKind::Agents,
        KindArg::Today => ReportKind::Today,
    };
    let period = Period::parse(args.from.as_deref(), args.to.as_deref(), now.date())
        .map_err(ExportError::Input)?;
    let mut q = ReportQuery::new(
        kind,
        period,
        day("--date", args.date.as_deref(), now, now.date())?,
    );
    q.channel = args.channel.clone();
    q.agent = args.agent.clone();
    q.metric = match args.metric {
        MetricArg::Orders => Metric::Orders,
        MetricArg::Leads => Metric::Leads,
        MetricArg::Visits => Metric::Visits,
        MetricArg::InboundCalls => Metric::InboundCalls,
        MetricArg::Calls => Metric::Calls,
        MetricArg::Appointments => Metric::Appointments,
    };
    q.by = args
        .by
        .iter()
        .map(|b| match b {
            ByArg::Channel => FunnelBy::Channel,
            ByArg::Agent => FunnelBy::Agent,
            ByArg::Month => FunnelBy::Month,
        })
        .collect();
    q.limit = (args.limit > 0).then_some(args.limit);
    q.reveal = args.reveal;
    Ok(q)
}

/// `dcc report KIND`: for whom the policy lets read the reports
/// (supervisors, the showroom manager).
pub fn report_command(
    store: &dyn LeadStore,
    actor: &Actor,
    args: &ReportArgs,
    lang: Lang,
    now: NaiveDateTime,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    access::check(actor, Op::ReadReports).map_err(StoreError::NotPermitted)?;
    if args.reveal {
        access::check(actor, Op::RevealInReport).map_err(StoreError::NotPermitted)?;
    }
    if matches!(
        args.kind,
        KindArg::Showroom | KindArg::Handovers | KindArg::Reception
    ) {
        return showroom_command(store, actor, args, lang, now, out);
    }
    let q = query(args, now)?;
    let facts = store.report(actor, &q, now)?;
    let r = report::build(&q, &facts, lang);
    let target = target(store, args.output.as_deref(), args.force, args.reveal);
    write(&r, args.format, target.as_ref(), out)
}

/// `dcc report showroom|handovers|reception`.
fn showroom_command(
    store: &dyn LeadStore,
    actor: &Actor,
    args: &ReportArgs,
    lang: Lang,
    now: NaiveDateTime,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    use crate::report::showroom;
    let period = Period::parse(args.from.as_deref(), args.to.as_deref(), now.date())
        .map_err(ExportError::Input)?;
    let (from, to) = (period.from.first_day(), period.to.plus(1).first_day());
    let r = match args.kind {
        KindArg::Handovers => {
            let rows = store.handover_list(actor, from, to, args.reveal, now)?;
            showroom::handovers(period, &rows, args.reveal && !rows.is_empty(), lang)
        }
        KindArg::Reception => {
            let tomorrow = now.date().succ_opt().unwrap_or(now.date());
            let d = day("--date", args.date.as_deref(), now, tomorrow)?;
            let visits = store.reception_list(actor, d, args.reveal, now)?;
            showroom::reception(d, &visits, args.reveal && !visits.is_empty(), lang)
        }
        _ => showroom::stages(period, &store.stage_figures(actor, from, to)?, lang),
    };
    let target = target(store, args.output.as_deref(), args.force, args.reveal);
    write(&r, args.format, target.as_ref(), out)
}

/// `dcc export WHAT`.
pub fn export_command(
    store: &dyn LeadStore,
    actor: &Actor,
    what: &ExportCommand,
    lang: Lang,
    now: NaiveDateTime,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    match what {
        ExportCommand::Visits(args) => visits_command(store, actor, args, lang, now, out),
    }
}

/// `dcc export visits`: the showroom's list of a day's expected visits.
pub fn visits_command(
    store: &dyn LeadStore,
    actor: &Actor,
    args: &VisitsArgs,
    lang: Lang,
    now: NaiveDateTime,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let tomorrow = now.date().succ_opt().unwrap_or(now.date());
    let d = day("--date", args.date.as_deref(), now, tomorrow)?;
    let visits = store.expected_visits(actor, d, args.reveal, now)?;
    let r = report::visits(d, &visits, args.reveal && !visits.is_empty(), lang);
    let target = target(store, args.output.as_deref(), args.force, args.reveal);
    write(&r, args.format, target.as_ref(), out)
}

/// The file `--output` names: readable by its owner only when it shows full
/// numbers, never the database's own files.
fn target(
    store: &dyn LeadStore,
    output: Option<&Path>,
    force: bool,
    reveal: bool,
) -> Option<Target> {
    output.map(|path| Target {
        path: path.to_path_buf(),
        force,
        readers: if reveal {
            Readers::Owner
        } else {
            Readers::Group
        },
        database: Some(PathBuf::from(store.location())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Table;

    fn small() -> Report {
        let mut t = Table::new("a[b]", "T", vec!["渠道".into(), "orders".into()]);
        t.push(vec![Cell::text("汽车之家"), Cell::Int(3)]);
        t.push(vec![Cell::text("total"), Cell::Pct(12.5)]);
        let mut u = Table::new("a[b]", "U", vec!["x".into()]);
        u.push(vec![Cell::None("no data".into())]);
        Report {
            name: "funnel",
            title: "T".into(),
            notes: vec![],
            tables: vec![t, u],
            json: serde_json::json!({"report": "funnel"}),
        }
    }

    #[test]
    fn csv_starts_with_a_bom_and_separates_tables_by_an_empty_line() {
        let mut buf = Vec::new();
        write_csv(&mut buf, &small()).unwrap();
        let s = String::from_utf8(buf).unwrap();
        assert!(s.starts_with('\u{feff}'));
        assert_eq!(
            s.trim_start_matches('\u{feff}'),
            "渠道,orders\r\n汽车之家,3\r\ntotal,12.50\r\n\r\nx\r\nno data\r\n"
        );
    }

    #[test]
    fn sheet_names_are_what_excel_accepts() {
        assert_eq!(sheet_name("a[b]", &[]), "a_b_");
        assert_eq!(sheet_name("a[b]", &["a_b_".into()]), "a_b_ 2");
        assert_eq!(sheet_name(&"x".repeat(40), &[]).chars().count(), 31);
        assert!(xlsx_bytes(&small()).unwrap().starts_with(b"PK"));
    }

    #[test]
    fn xlsx_needs_a_file() {
        let mut out = Vec::new();
        let err = write(&small(), OutFormat::Xlsx, None, &mut out).unwrap_err();
        assert!(err.to_string().contains("--output"));
    }
}
