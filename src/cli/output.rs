//! How the command line prints: aligned tables (measured in terminal cells),
//! CSV, and stable JSON for scripts (documented in the README).

use std::io::Write;

use chrono::NaiveDate;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::Format;
use crate::domain::queue::QueueItem;
use crate::i18n::Named;
use crate::i18n::{self, Lang, Term};
use crate::store::{Agent, AgentDay, HistoryEntry, LeadCard, Logged, PendingRequest};

/// Everything the command line prints goes through this writer: a control,
/// text-direction or invisible character from stored text (a name written
/// before the checks at the door, or by another program) is shown as
/// `\x1b` or `\u202e` instead of reaching the terminal. Line feeds, tabs and
/// the CR of a CRLF pass; so does everything else. Bytes that are not UTF-8
/// are shown as `\xNN`.
pub struct Printable<'w> {
    inner: &'w mut dyn Write,
    /// The start of a character (or a CR) cut by the end of a write.
    pending: Vec<u8>,
    /// Whether anything was written: a byte-order mark (of a CSV) passes
    /// at the very start only.
    started: bool,
}

impl<'w> Printable<'w> {
    pub fn new(inner: &'w mut dyn Write) -> Self {
        Printable {
            inner,
            pending: Vec::new(),
            started: false,
        }
    }

    /// Writes what is left, as escapes if it is not a whole character.
    pub fn finish(&mut self) -> std::io::Result<()> {
        let rest = std::mem::take(&mut self.pending);
        let mut out = String::new();
        for b in rest {
            out.push_str(&format!("\\x{b:02x}"));
        }
        self.inner.write_all(out.as_bytes())?;
        self.inner.flush()
    }
}

fn push_safe(out: &mut String, s: &str) {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let keep = match c {
            '\n' | '\t' => true,
            '\r' => chars.peek() == Some(&'\n'),
            c => !crate::domain::text::is_unsafe(c),
        };
        if keep {
            out.push(c);
        } else {
            out.push_str(&crate::domain::text::visible(c));
        }
    }
}

impl Write for Printable<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let mut out = String::with_capacity(self.pending.len());
        let mut rest: &[u8] = &self.pending;
        if !self.started {
            if let Some(after) = rest.strip_prefix("\u{feff}".as_bytes()) {
                out.push('\u{feff}');
                rest = after;
            }
        }
        loop {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    // A CR at the very end may be the start of a CRLF.
                    let (s, cr) = match s.strip_suffix('\r') {
                        Some(head) => (head, true),
                        None => (s, false),
                    };
                    push_safe(&mut out, s);
                    rest = if cr { b"\r" } else { b"" };
                    break;
                }
                Err(e) => {
                    let (good, bad) = rest.split_at(e.valid_up_to());
                    push_safe(&mut out, std::str::from_utf8(good).unwrap_or_default());
                    match e.error_len() {
                        Some(n) => {
                            for b in &bad[..n] {
                                out.push_str(&format!("\\x{b:02x}"));
                            }
                            rest = &bad[n..];
                        }
                        None => {
                            rest = bad;
                            break;
                        }
                    }
                }
            }
        }
        self.pending = rest.to_vec();
        self.started |= !out.is_empty();
        self.inner.write_all(out.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

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
    serde_json::to_writer_pretty(&mut *out, v)?;
    writeln!(out)
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

#[derive(Serialize)]
struct QueueJson<'a> {
    date: NaiveDate,
    agent: Option<&'a str>,
    items: &'a [QueueItem],
}

pub fn queue(
    out: &mut dyn Write,
    date: NaiveDate,
    agent: Option<&str>,
    items: &[QueueItem],
    format: Format,
    lang: Lang,
) -> std::io::Result<()> {
    if format == Format::Json {
        return json(out, &QueueJson { date, agent, items });
    }
    let header = [
        Term::Num,
        Term::Lead,
        Term::Grade,
        Term::Name,
        Term::Phone,
        Term::Model,
        Term::Why,
        Term::Overdue,
        Term::Due,
        Term::Owner,
        Term::OnCall,
    ];
    let csv = format == Format::Csv;
    let rows: Vec<Vec<String>> = items
        .iter()
        .enumerate()
        .map(|(i, q)| {
            vec![
                (i + 1).to_string(),
                q.lead_id.to_string(),
                q.grade.clone(),
                q.name.clone(),
                q.phone.to_string(),
                q.model.clone(),
                if csv {
                    q.reason.code().to_string()
                } else {
                    i18n::reason(q.reason, lang).to_string()
                },
                if q.days_overdue > 0 {
                    i18n::days(q.days_overdue, if csv { Lang::En } else { lang })
                } else {
                    String::new()
                },
                time(Some(q.due_at)),
                q.owner.clone(),
                q.claimed_by.clone().unwrap_or_default(),
            ]
        })
        .collect();
    rows_out(out, &header, &rows, format, lang)?;
    if !csv {
        writeln!(out, "{}", i18n::queue_total(items.len(), date, lang))?;
    }
    Ok(())
}

pub fn lead(
    out: &mut dyn Write,
    card: &LeadCard,
    format: Format,
    lang: Lang,
) -> std::io::Result<()> {
    if format == Format::Json {
        return json(out, card);
    }
    let t = |term: Term| term.text(lang);
    let sep = i18n::label_sep(lang);
    let field = |term: Term, v: &str| format!("{}{sep}{v}", t(term));
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
    writeln!(
        out,
        "{}  {}  {}",
        field(Term::Lead, &card.id.to_string()),
        card.name,
        card.phone
    )?;
    writeln!(
        out,
        "{}  {}  {}",
        field(Term::Grade, &card.grade),
        field(Term::Status, i18n::status(card.status, lang)),
        field(Term::Owner, card.owner.as_deref().unwrap_or("-"))
    )?;
    let channel = card.channel.named(lang);
    writeln!(
        out,
        "{}  {}",
        field(
            Term::Channel,
            &format!("{} ({})", card.channel.code, channel)
        ),
        field(Term::Model, &card.model)
    )?;
    writeln!(
        out,
        "{}  {}",
        field(Term::ExpectedPurchase, &date(card.purchase_by)),
        field(
            Term::ExpectedVisit,
            &card
                .visit_by
                .map(|v| i18n::moment(v, lang))
                .unwrap_or_else(|| "-".into())
        )
    )?;
    let d = &card.details;
    let details: Vec<String> = [
        d.gender.map(|g| field(Term::Gender, i18n::gender(g, lang))),
        d.city.as_ref().map(|c| field(Term::City, c)),
        d.current_car.as_ref().map(|c| field(Term::CurrentCar, c)),
        d.purchase_type
            .map(|p| field(Term::Purchase, i18n::purchase_type(p, lang))),
        d.payment
            .map(|p| field(Term::Payment, i18n::payment(p, lang))),
        d.consent.as_ref().map(|c| field(Term::Consent, c)),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !details.is_empty() {
        writeln!(out, "{}", details.join("  "))?;
    }
    match card.next_due {
        Some(d) => writeln!(
            out,
            "{} ({})",
            field(Term::NextCall, &d.format("%Y-%m-%d %H:%M").to_string()),
            card.due_reason
                .map(|r| i18n::reason(r, lang))
                .unwrap_or("-")
        )?,
        None => writeln!(out, "{}", t(Term::NoNextCall))?,
    }
    if let Some(a) = card.appointment {
        let a = a.format("%Y-%m-%d %H:%M").to_string();
        writeln!(out, "{}", field(Term::Appointment, &a))?;
    }
    if let Some(by) = &card.claimed_by {
        writeln!(out, "{} {by}", t(Term::OnCallWith))?;
    }
    if let Some(n) = &card.note {
        writeln!(out, "{} {n}", t(Term::NoteLabel))?;
    }
    writeln!(out, "{}", t(Term::History))?;
    let by = |agent: &str, actor: &str| {
        if agent == actor {
            agent.to_string()
        } else {
            format!("{actor} {} {agent}", t(Term::As))
        }
    };
    let note = |n: &Option<String>| n.as_deref().map(|n| format!(": {n}")).unwrap_or_default();
    for h in &card.history {
        match h {
            HistoryEntry::Call {
                at,
                agent,
                actor,
                outcome,
                grade_before,
                grade_after,
                reason,
                note: n,
                ..
            } => {
                let grade = if grade_before == grade_after {
                    String::new()
                } else {
                    format!(" {} {grade_before}->{grade_after}", t(Term::Grade))
                };
                let reason = reason
                    .as_deref()
                    .map(|r| format!(" ({r})"))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "  {} {} {}{reason}{grade} {} {}{}",
                    at.format("%Y-%m-%d %H:%M"),
                    t(Term::Call),
                    i18n::outcome(*outcome, lang),
                    t(Term::By),
                    by(agent, actor),
                    note(n)
                )?;
            }
            HistoryEntry::Change {
                at,
                agent,
                actor,
                kind,
                old,
                new,
                note: n,
            } => {
                // A status is named; a grade or an owner is shown as it is.
                let value = |v: &Option<String>| match v.as_deref() {
                    None => "-".to_string(),
                    Some(code) if *kind == crate::domain::EventKind::Status => {
                        crate::domain::Status::from_code(code)
                            .map_or(code.to_string(), |s| i18n::status(s, lang).to_string())
                    }
                    Some(v) => v.to_string(),
                };
                writeln!(
                    out,
                    "  {} {} {} -> {} {} {}{}",
                    at.format("%Y-%m-%d %H:%M"),
                    i18n::change(*kind, lang),
                    value(old),
                    value(new),
                    t(Term::By),
                    by(agent, actor),
                    note(n)
                )?;
            }
        }
    }
    Ok(())
}

pub fn logged(out: &mut dyn Write, l: &Logged, format: Format, lang: Lang) -> std::io::Result<()> {
    if format == Format::Json {
        return json(out, l);
    }
    let next = match l.next_due {
        Some(d) => format!(
            "{} {} ({})",
            Term::NextCall.text(lang),
            d.format("%Y-%m-%d %H:%M"),
            l.due_reason.map(|r| i18n::reason(r, lang)).unwrap_or("-")
        ),
        None => Term::NoFurtherCalls.text(lang).to_string(),
    };
    let (outcome, status) = (i18n::outcome(l.outcome, lang), i18n::status(l.status, lang));
    writeln!(
        out,
        "{}",
        i18n::logged(l.lead_id, outcome, status, &l.grade, &next, lang)
    )?;
    if l.offer_lost {
        writeln!(out, "{}", i18n::offer_lost(l.lead_id, lang))?;
    }
    Ok(())
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

#[cfg(test)]
mod printable_tests {
    use super::*;

    fn through(chunks: &[&[u8]]) -> String {
        let mut buf = Vec::new();
        {
            let mut p = Printable::new(&mut buf);
            for c in chunks {
                p.write_all(c).unwrap();
            }
            p.finish().unwrap();
        }
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn no_control_byte_passes_and_text_is_kept() {
        let hostile = "M\x1b]52;c;aGVsbG8K\x07 \x1b[2J \u{202e}abc \u{200b} \u{9b}";
        let out = through(&[hostile.as_bytes()]);
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
        assert!(out.contains("M\\x1b]52;c;aGVsbG8K\\x07"), "{out}");
        assert!(out.contains("\\u202eabc"), "{out}");
        assert_eq!(through(&["张三\t李四\r\n".as_bytes()]), "张三\t李四\r\n");
        assert_eq!(through(&[b"a\rb"]), "a\\x0db");
        assert_eq!(
            through(&["\u{feff}a\u{feff}".as_bytes()]),
            "\u{feff}a\\ufeff"
        );
    }

    #[test]
    fn characters_and_crlf_cut_between_writes_stay_whole() {
        let s = "张三\r\n".as_bytes();
        assert_eq!(through(&[&s[..1], &s[1..4], &s[4..7], &s[7..]]), "张三\r\n");
        assert_eq!(through(&[b"\xff ok"]), "\\xff ok");
        assert_eq!(through(&[b"\xe5\xbc"]), "\\xe5\\xbc");
    }
}
