//! How the command line prints: aligned tables (measured in terminal cells),
//! CSV, and stable JSON for scripts (documented in the README).

use std::io::Write;

use chrono::NaiveDate;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::Format;
use crate::domain::queue::QueueItem;
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

pub fn agents(out: &mut dyn Write, agents: &[Agent], format: Format) -> std::io::Result<()> {
    let header = ["login", "name", "role", "active"];
    let rows: Vec<Vec<String>> = agents
        .iter()
        .map(|a| {
            vec![
                a.login.clone(),
                a.name.clone(),
                a.role.to_string(),
                a.active.to_string(),
            ]
        })
        .collect();
    match format {
        Format::Table => table(out, &header, &rows),
        Format::Csv => csv_out(out, &header, &rows),
        Format::Json => json(out, &agents),
    }
}

pub fn keys(
    out: &mut dyn Write,
    keys: &[crate::store::AgentKey],
    format: Format,
) -> std::io::Result<()> {
    let header = ["login", "fingerprint", "type", "comment", "added"];
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
    match format {
        Format::Table => table(out, &header, &rows),
        Format::Csv => csv_out(out, &header, &rows),
        Format::Json => json(out, &keys),
    }
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
) -> std::io::Result<()> {
    let header = [
        "#", "lead", "grade", "name", "phone", "model", "why", "overdue", "due", "owner", "on call",
    ];
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
                q.reason.code().to_string(),
                if q.days_overdue > 0 {
                    format!("{}d", q.days_overdue)
                } else {
                    String::new()
                },
                time(Some(q.due_at)),
                q.owner.clone(),
                q.claimed_by.clone().unwrap_or_default(),
            ]
        })
        .collect();
    match format {
        Format::Table => {
            table(out, &header, &rows)?;
            writeln!(out, "{} due by the end of {date}", items.len())
        }
        Format::Csv => csv_out(out, &header, &rows),
        Format::Json => json(out, &QueueJson { date, agent, items }),
    }
}

pub fn lead(out: &mut dyn Write, card: &LeadCard, format: Format) -> std::io::Result<()> {
    if format == Format::Json {
        return json(out, card);
    }
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
    writeln!(out, "lead {}  {}  {}", card.id, card.name, card.phone)?;
    writeln!(
        out,
        "grade {}  status {}  owner {}",
        card.grade,
        card.status,
        card.owner.as_deref().unwrap_or("-")
    )?;
    writeln!(
        out,
        "channel {} ({} / {})  model {}",
        card.channel.code, card.channel.name_zh, card.channel.name_en, card.model
    )?;
    writeln!(
        out,
        "expected purchase {}  expected visit {}",
        date(card.purchase_by),
        date(card.visit_by)
    )?;
    let d = &card.details;
    let details: Vec<String> = [
        d.gender.map(|g| format!("gender {}", g.code())),
        d.city.as_ref().map(|c| format!("city {c}")),
        d.current_car.as_ref().map(|c| format!("current car {c}")),
        d.purchase_type.map(|p| format!("purchase {}", p.code())),
        d.payment.map(|p| format!("payment {}", p.code())),
        d.consent.as_ref().map(|c| format!("consent {c}")),
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
            "next call {} ({})",
            d.format("%Y-%m-%d %H:%M"),
            card.due_reason.map(|r| r.code()).unwrap_or("-")
        )?,
        None => writeln!(out, "next call: none")?,
    }
    if let Some(a) = card.appointment {
        writeln!(out, "appointment {}", a.format("%Y-%m-%d %H:%M"))?;
    }
    if let Some(by) = &card.claimed_by {
        writeln!(out, "on a call with {by}")?;
    }
    if let Some(n) = &card.note {
        writeln!(out, "note: {n}")?;
    }
    writeln!(out, "history:")?;
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
                note,
                ..
            } => {
                let by = if agent == actor {
                    agent.clone()
                } else {
                    format!("{actor} as {agent}")
                };
                let grade = if grade_before == grade_after {
                    String::new()
                } else {
                    format!(" grade {grade_before}->{grade_after}")
                };
                let reason = reason
                    .as_deref()
                    .map(|r| format!(" ({r})"))
                    .unwrap_or_default();
                let note = note
                    .as_deref()
                    .map(|n| format!(": {n}"))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "  {} call {outcome}{reason}{grade} by {by}{note}",
                    at.format("%Y-%m-%d %H:%M")
                )?;
            }
            HistoryEntry::Change {
                at,
                agent,
                actor,
                kind,
                old,
                new,
                note,
            } => {
                let by = if agent == actor {
                    agent.clone()
                } else {
                    format!("{actor} as {agent}")
                };
                let note = note
                    .as_deref()
                    .map(|n| format!(": {n}"))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "  {} {kind} {} -> {} by {by}{note}",
                    at.format("%Y-%m-%d %H:%M"),
                    old.as_deref().unwrap_or("-"),
                    new.as_deref().unwrap_or("-")
                )?;
            }
        }
    }
    Ok(())
}

pub fn logged(out: &mut dyn Write, l: &Logged, format: Format) -> std::io::Result<()> {
    if format == Format::Json {
        return json(out, l);
    }
    let next = match l.next_due {
        Some(d) => format!(
            "next call {} ({})",
            d.format("%Y-%m-%d %H:%M"),
            l.due_reason.map(|r| r.code()).unwrap_or("-")
        ),
        None => "no further calls".to_string(),
    };
    writeln!(
        out,
        "saved: lead {} {} -> {}, grade {}, {next}",
        l.lead_id, l.outcome, l.status, l.grade
    )?;
    if l.offer_lost {
        writeln!(
            out,
            "the customer has been unreachable for days: consider `dcc log {} lost`",
            l.lead_id
        )?;
    }
    Ok(())
}

pub fn team(out: &mut dyn Write, team: &[AgentDay], format: Format) -> std::io::Result<()> {
    let header = [
        "agent",
        "name",
        "remaining",
        "overdue",
        "due now",
        "done",
        "calls",
        "reached",
        "appointments",
        "target",
        "progress",
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
    match format {
        Format::Table => table(out, &header, &rows),
        Format::Csv => csv_out(out, &header, &rows),
        Format::Json => json(out, &team),
    }
}

/// Requests with masked numbers: team lists never show full numbers.
pub fn requests(
    out: &mut dyn Write,
    reqs: &[PendingRequest],
    format: Format,
) -> std::io::Result<()> {
    if format == Format::Json {
        return json(out, &reqs);
    }
    let header = [
        "lead", "name", "phone", "request", "agent", "reason", "note", "at",
    ];
    let rows: Vec<Vec<String>> = reqs
        .iter()
        .map(|r| {
            vec![
                r.lead_id.to_string(),
                r.name.clone(),
                r.phone.to_string(),
                r.status.to_string(),
                r.agent.clone().unwrap_or_default(),
                r.reason.clone().unwrap_or_default(),
                r.note.clone().unwrap_or_default(),
                time(r.at),
            ]
        })
        .collect();
    match format {
        Format::Csv => csv_out(out, &header, &rows),
        _ => table(out, &header, &rows),
    }
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
