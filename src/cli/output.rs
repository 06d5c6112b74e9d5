//! How the command line prints: aligned tables (measured in terminal cells),
//! CSV, and stable JSON for scripts (documented in the README).

mod lead;
pub use lead::{lead, logged, queue};

use std::io::Write;

use chrono::NaiveDate;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::Format;
use crate::domain::queue::QueueItem;
use crate::i18n::Named;
use crate::i18n::{self, Lang, Term};
use crate::store::{Agent, AgentDay, HistoryEntry, LeadCard, Logged, PendingRequest};

/// Pads `s` with spaces to `width` terminal cells.
pub fn pad(s: &str, width: usize) -> String {
    let w = s.width();
    if w >= width {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(width - w))
    }
}

/// A table's header in the user's language; CSV keeps the English words
/// (scripts read them), as JSON keeps its keys.
fn words(header: &[Term], lang: Lang) -> Vec<&'static str> {
    header.iter().map(|t| t.text(lang)).collect()
}

/// Prints rows as a table (headers in `lang`) or CSV (stable headers).
fn rows_out(
    out: &mut dyn Write,
    header: &[Term],
    rows: &[Vec<String>],
    format: Format,
    lang: Lang,
) -> std::io::Result<()> {
    match format {
        Format::Csv => csv_out(out, &words(header, Lang::En), rows),
        _ => table(out, &words(header, lang), rows),
    }
}

/// A table whose header is already in the user's language; JSON is the
/// caller's.
pub(super) fn named_rows(
    out: &mut dyn Write,
    header: &[&str],
    rows: &[Vec<String>],
    format: Format,
) -> std::io::Result<()> {
    match format {
        Format::Csv => csv_out(out, header, rows),
        _ => table(out, header, rows),
    }
}

fn table(out: &mut dyn Write, header: &[&str], rows: &[Vec<String>]) -> std::io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.width());
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let n = cells.len();
        cells
            .into_iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| {
                if i + 1 == n {
                    c.to_string()
                } else {
                    pad(c, *w)
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
    };
    writeln!(out, "{}", line(header.to_vec()))?;
    for r in rows {
        writeln!(out, "{}", line(r.iter().map(String::as_str).collect()))?;
    }
    Ok(())
}

fn csv_out(out: &mut dyn Write, header: &[&str], rows: &[Vec<String>]) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    crate::outfile::csv_record(&mut w, header)?;
    for r in rows {
        crate::outfile::csv_record(&mut w, r)?;
    }
    w.flush()
}

fn json<T: Serialize>(out: &mut dyn Write, v: &T) -> std::io::Result<()> {
    let text = crate::outfile::json_text(v).map_err(std::io::Error::other)?;
    writeln!(out, "{text}")
}

fn time(t: Option<chrono::NaiveDateTime>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

pub fn agents(
    out: &mut dyn Write,
    agents: &[Agent],
    format: Format,
    lang: Lang,
) -> std::io::Result<()> {
    if format == Format::Json {
        return json(out, &agents);
    }
    let header = [Term::Login, Term::Name, Term::Role, Term::Active];
    let csv = format == Format::Csv;
    let rows: Vec<Vec<String>> = agents
        .iter()
        .map(|a| {
            vec![
                a.login.clone(),
                a.name.clone(),
                if csv {
                    a.role.to_string()
                } else {
                    i18n::role(a.role, lang).to_string()
                },
                if csv {
                    a.active.to_string()
                } else {
                    i18n::yes_no(a.active, lang).to_string()
                },
            ]
        })
        .collect();
    rows_out(out, &header, &rows, format, lang)
}

pub fn keys(
    out: &mut dyn Write,
    keys: &[crate::store::AgentKey],
    format: Format,
    lang: Lang,
) -> std::io::Result<()> {
    if format == Format::Json {
        return json(out, &keys);
    }
    let header = [
        Term::Login,
        Term::Fingerprint,
        Term::KeyType,
        Term::Comment,
        Term::Added,
    ];
    let rows: Vec<Vec<String>> = keys
        .iter()
        .map(|k| {
            vec![
                k.login.clone(),
                k.fingerprint.clone(),
                k.kind.clone(),
                k.comment.clone(),
                k.added_at.format("%Y-%m-%d %H:%M").to_string(),
            ]
        })
        .collect();
    rows_out(out, &header, &rows, format, lang)
}

pub fn team(
    out: &mut dyn Write,
    team: &[AgentDay],
    format: Format,
    lang: Lang,
) -> std::io::Result<()> {
    if format == Format::Json {
        return json(out, &team);
    }
    let header = [
        Term::Agent,
        Term::Name,
        Term::Remaining,
        Term::Overdue,
        Term::DueNow,
        Term::Done,
        Term::Calls,
        Term::Reached,
        Term::Appointments,
        Term::Target,
        Term::Progress,
    ];
    let rows: Vec<Vec<String>> = team
        .iter()
        .map(|a| {
            let progress = (a.calls * 100)
                .checked_div(a.target)
                .map(|p| format!("{p}%"))
                .unwrap_or_else(|| "-".into());
            vec![
                a.login.clone(),
                a.name.clone(),
                a.remaining.to_string(),
                a.overdue.to_string(),
                a.due_now.to_string(),
                a.done.to_string(),
                a.calls.to_string(),
                a.reached.to_string(),
                a.appointments.to_string(),
                a.target.to_string(),
                progress,
            ]
        })
        .collect();
    rows_out(out, &header, &rows, format, lang)
}

/// Requests with masked numbers: team lists never show full numbers.
pub fn requests(
    out: &mut dyn Write,
    reqs: &[PendingRequest],
    format: Format,
    lang: Lang,
) -> std::io::Result<()> {
    if format == Format::Json {
        return json(out, &reqs);
    }
    let header = [
        Term::Lead,
        Term::Name,
        Term::Phone,
        Term::Request,
        Term::Agent,
        Term::Reason,
        Term::Note,
        Term::At,
    ];
    let csv = format == Format::Csv;
    let rows: Vec<Vec<String>> = reqs
        .iter()
        .map(|r| {
            vec![
                r.lead_id.to_string(),
                r.name.clone(),
                r.phone.to_string(),
                if csv {
                    r.status.to_string()
                } else {
                    i18n::status(r.status, lang).to_string()
                },
                r.agent.clone().unwrap_or_default(),
                r.reason.clone().unwrap_or_default(),
                r.note.clone().unwrap_or_default(),
                time(r.at),
            ]
        })
        .collect();
    rows_out(out, &header, &rows, format, lang)
}

fn file_kind(kind: crate::import::FileKind) -> Term {
    use crate::import::FileKind as K;
    match kind {
        K::CsvUtf8 => Term::CsvUtf8,
        K::CsvUtf8Bom => Term::CsvUtf8Bom,
        K::CsvGb18030 => Term::CsvGb18030,
        K::CsvUtf16 => Term::CsvUtf16,
        K::Xlsx => Term::Xlsx,
        K::Xls => Term::Xls,
    }
}

/// `dcc import`'s summary, with the first rejected rows.
pub fn import_summary(
    out: &mut dyn Write,
    s: &crate::import::ImportSummary,
    lang: Lang,
) -> std::io::Result<()> {
    const SHOWN: usize = 10;
    let figures = i18n::ImportFigures {
        file: &s.file,
        kind: file_kind(s.format).text(lang),
        rows: s.rows,
        new: s.new,
        merged: s.merged,
        merged_existing: s.merged_existing,
        merged_in_file: s.merged_in_file,
        rejected: s.rejected,
        report: s.report.as_deref(),
        dry_run: s.dry_run,
        written: s.written,
    };
    writeln!(out, "{}", i18n::import_summary(&figures, lang))?;
    if let (Some(id), true) = (s.import, s.written) {
        writeln!(out, "{}", i18n::import_id_line(id, lang))?;
    }
    for r in s.rejections.iter().take(SHOWN) {
        writeln!(out, "{}", i18n::rejected_line(r.line, &r.reason, lang))?;
    }
    if s.rejections.len() > SHOWN {
        writeln!(
            out,
            "{}",
            i18n::more_rejected(s.rejections.len() - SHOWN, lang)
        )?;
    }
    if !s.ignored_headers.is_empty() {
        let headers = s.ignored_headers.join(", ");
        writeln!(out, "{}", i18n::ignored_columns(&headers, lang))?;
    }
    Ok(())
}

/// `dcc dnc import`'s summary, with the lines that are not numbers.
pub fn dnc_import_summary(
    out: &mut dyn Write,
    s: &crate::import::DncSummary,
    lang: Lang,
) -> std::io::Result<()> {
    let counts = (s.read, s.added, s.already, s.bad.len());
    let kind = file_kind(s.format).text(lang);
    writeln!(
        out,
        "{}",
        i18n::dnc_import_summary(&s.file, kind, counts, lang)
    )?;
    for b in &s.bad {
        writeln!(out, "{}", i18n::rejected_line(b.line, &b.reason, lang))?;
    }
    Ok(())
}

/// `dcc dnc list`.
pub fn dnc_list(
    out: &mut dyn Write,
    list: &[crate::store::DncEntry],
    format: Format,
    lang: Lang,
) -> std::io::Result<()> {
    if format == Format::Json {
        return json(out, &list);
    }
    let header = [
        Term::Phone,
        Term::Since,
        Term::AddedBy,
        Term::Origin,
        Term::Note,
    ];
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|d| {
            vec![
                d.phone.to_string(),
                d.added_at.format("%Y-%m-%d %H:%M").to_string(),
                d.added_by.clone().unwrap_or_else(|| "-".into()),
                d.origin.clone(),
                d.note.clone().unwrap_or_default(),
            ]
        })
        .collect();
    rows_out(out, &header, &rows, format, lang)
}

/// `dcc reasons`: each list's reasons, named in the user's language.
pub fn reasons(
    out: &mut dyn Write,
    reasons: &[crate::store::Reason],
    lang: Lang,
) -> std::io::Result<()> {
    let header = [Term::List, Term::Code, Term::Group, Term::Label];
    let rows: Vec<Vec<String>> = reasons
        .iter()
        .map(|r| {
            vec![
                i18n::reason_list(&r.list, lang).to_string(),
                r.code.clone(),
                r.group.clone(),
                r.named(lang).to_string(),
            ]
        })
        .collect();
    table(out, &words(&header, lang), &rows)
}

/// `dcc model list`: each model's names and other spellings.
pub fn models(
    out: &mut dyn Write,
    models: &[crate::domain::models::CarModel],
    lang: Lang,
) -> std::io::Result<()> {
    let header = [Term::Model, Term::ModelZh, Term::ModelEn, Term::Aliases];
    let rows: Vec<Vec<String>> = models
        .iter()
        .map(|m| {
            vec![
                m.name(),
                m.name_zh.clone(),
                m.name_en.clone().unwrap_or_default(),
                m.aliases.join(", "),
            ]
        })
        .collect();
    table(out, &words(&header, lang), &rows)
}

/// `dcc channels`: code, kind and the name in the user's language (either
/// name, or the code, finds the channel).
pub fn channels(
    out: &mut dyn Write,
    channels: &[crate::store::Channel],
    lang: Lang,
) -> std::io::Result<()> {
    let header = [Term::Code, Term::Kind, Term::Label];
    let rows: Vec<Vec<String>> = channels
        .iter()
        .map(|c| vec![c.code.clone(), c.kind.clone(), c.named(lang).to_string()])
        .collect();
    table(out, &words(&header, lang), &rows)
}
