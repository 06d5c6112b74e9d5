//! The lead's card: who the customer is, where the lead stands, what was
//! captured, the next call and the visit, and the history.
//!
//! Values are never cut while the card can hold them: the fields of a line
//! flow onto the next line when the card is narrow (80 columns), a hint
//! (the due reason) gives way before a value, and the card grows taller
//! than half the column when its fields need it, the history and the
//! script giving way first.

use chrono::Datelike;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use super::text::truncate;
use crate::app::{App, Mode};
use crate::domain::card::{Gender, HistoryEntry, LeadCard, LeadDetails, Payment, PurchaseType};
use crate::i18n::Named;
use crate::i18n::{self, Msg};
use crate::theme::Theme;

pub(super) fn draw(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let Some(c) = &app.card else {
        f.render_widget(super::block(app.t(Msg::Card).into(), theme, false), area);
        return;
    };
    // Full or masked as the store decided; a number the supervisor revealed
    // beside the requests list (`p`) shows in full.
    let revealed = match &app.mode {
        Mode::Requests(v) => v.revealed(c.id),
        _ => None,
    };
    let phone = match revealed {
        Some(full) => full.display(),
        None => c.phone.display(),
    };
    let on_call = app.call.as_ref().is_some_and(|k| k.lead_id == c.id);
    let title = format!("{} · {phone}", c.name);
    let block = super::block(title, theme, on_call || app.pinned.is_some());
    let inner = block.inner(area);
    f.render_widget(block, area);

    let width = inner.width as usize;
    let mut lines = fields(app, theme, c, width);
    lines.push(Line::styled(
        format!("── {} ──", app.t(Msg::History)),
        theme.muted,
    ));
    for h in c.history.iter().rev() {
        lines.push(Line::styled(
            truncate(&history_line(app, h), width),
            theme.text,
        ));
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// The rows the card needs for its fields (not its history) at this inner
/// width, borders and the history's heading included.
pub(super) fn rows_wanted(app: &App, theme: &Theme, inner_width: u16) -> u16 {
    match &app.card {
        Some(c) => fields(app, theme, c, inner_width as usize).len() as u16 + 3,
        None => 0,
    }
}

/// One field: its label and value, never split across lines.
type Field<'a> = Vec<Span<'a>>;

/// Everything above the history, laid out for `width` cells.
fn fields<'a>(app: &'a App, theme: &Theme, c: &'a LeadCard, width: usize) -> Vec<Line<'a>> {
    let label = |m: Msg| Span::styled(format!("{} ", app.t(m)), theme.muted);
    let value = |v: String| Span::styled(v, theme.text);
    let field = |m: Msg, v: String| vec![label(m), value(v)];
    let channel = c.channel.named(app.lang);
    let mut lines = Vec::new();
    flow(
        &mut lines,
        vec![
            vec![
                label(Msg::Grade),
                Span::styled(c.grade.to_string(), theme.grade(c.grade.as_str())),
            ],
            field(Msg::Status, i18n::status(c.status, app.lang).to_string()),
            field(Msg::Owner, c.owner_name.clone().unwrap_or_default()),
        ],
        width,
    );
    showroom_line(app, theme, c, width, &mut lines);
    flow(
        &mut lines,
        vec![
            field(Msg::Channel, channel.to_string()),
            field(Msg::Model, c.model.clone()),
        ],
        width,
    );
    let purchase = c
        .purchase_by
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "-".into());
    let visit = c
        .visit_by
        .map(|v| i18n::moment(v, app.lang))
        .unwrap_or_else(|| "-".into());
    flow(
        &mut lines,
        vec![field(Msg::PurchaseBy, purchase), field(Msg::VisitBy, visit)],
        width,
    );
    // The captured details, on as many lines as the card's width needs.
    let details: Vec<Field> = details_line(app, &c.details)
        .into_iter()
        .map(|(m, v)| field(m, v))
        .collect();
    flow(&mut lines, details, width);

    let mut next = vec![label(Msg::NextCall)];
    // A narrow card (80 columns) leaves out the year.
    let due_format = if width < 58 && c.next_due.map(|d| d.year()) == Some(app.now().year()) {
        "%m-%d %H:%M"
    } else {
        "%Y-%m-%d %H:%M"
    };
    let mut hint = None;
    match c.next_due {
        Some(d) => {
            next.push(value(d.format(due_format).to_string()));
            // As the queue reads it (a missed confirmation is a no-show now).
            let why = app
                .queue
                .iter()
                .find(|q| q.lead_id == c.id)
                .map(|q| q.reason)
                .or(c.due_reason);
            hint = why.map(|r| {
                Span::styled(
                    format!(" ({})", i18n::reason_for(r, c.status, app.lang)),
                    theme.muted,
                )
            });
        }
        None => next.push(Span::styled("-", theme.muted)),
    }
    let mut row = vec![next];
    if let Some(a) = c.appointment {
        row.push(vec![
            label(Msg::Appointment),
            Span::styled(a.format("%m-%d %H:%M").to_string(), theme.accent),
        ]);
    }
    // The reason is a hint: it goes beside the next call only where the
    // next call and the visit both still fit without it being cut.
    if let Some(h) = hint {
        let mut with = row.clone();
        with[0].push(h);
        let lines_with = laid(&with, width);
        if lines_with == laid(&row, width) && cells(&with[0]) <= width {
            row = with;
        }
    }
    flow(&mut lines, row, width);

    if let Some(by) = c
        .claimed_by
        .as_ref()
        .filter(|b| **b != app.actor.real.login)
    {
        lines.push(Line::styled(
            truncate(&format!("☎ {}{by}", app.t(Msg::HeldBy)), width),
            theme.claimed,
        ));
    }
    if let Some(n) = &c.note {
        let room = width.saturating_sub(cells(&[label(Msg::Note)]));
        lines.push(Line::from(vec![label(Msg::Note), value(truncate(n, room))]));
    }
    lines
}

/// The showroom's side of the lead: the consultant it was handed to and
/// the last result they recorded (with their next follow-up day).
fn showroom_line<'a>(
    app: &'a App,
    theme: &Theme,
    c: &'a LeadCard,
    width: usize,
    lines: &mut Vec<Line<'a>>,
) {
    let word = |w: i18n::ScreenWord| Span::styled(format!("{} ", w.text(app.lang)), theme.muted);
    let mut row = Vec::new();
    if let Some(k) = c.consultant_name.as_ref().or(c.consultant.as_ref()) {
        row.push(vec![
            word(i18n::ScreenWord::CardConsultant),
            Span::styled(k.clone(), theme.text),
        ]);
    }
    if let Some((at, kind, next)) = crate::app::showroom::last_result(c) {
        let v = format!(
            "{} {}",
            i18n::handover_kind(kind, app.lang),
            at.format("%m-%d %H:%M")
        );
        row.push(vec![
            word(i18n::ScreenWord::CardShowroom),
            Span::styled(v, theme.accent),
        ]);
        if let Some(d) = next {
            let f = i18n::handover_kind(crate::domain::showroom::HandoverKind::FollowUp, app.lang);
            row.push(vec![
                Span::styled(format!("{f} "), theme.muted),
                Span::styled(d.format("%m-%d").to_string(), theme.text),
            ]);
        }
    }
    flow(lines, row, width);
}

fn cells(spans: &[Span]) -> usize {
    spans.iter().map(|s| s.content.width()).sum()
}

/// How many lines [`flow`] makes of these fields.
fn laid(fields: &[Field], width: usize) -> usize {
    let mut lines = Vec::new();
    flow(&mut lines, fields.to_vec(), width);
    lines.len()
}

/// Puts the fields on lines of `width` cells, two spaces apart, starting a
/// new line where the next field would not fit whole. Only a field wider
/// than a whole line is cut, at its end.
fn flow<'a>(lines: &mut Vec<Line<'a>>, fields: Vec<Field<'a>>, width: usize) {
    let mut spans: Vec<Span<'a>> = Vec::new();
    let mut used = 0;
    for field in fields {
        let w = cells(&field);
        if used > 0 && used + 2 + w > width {
            lines.push(Line::from(std::mem::take(&mut spans)));
            used = 0;
        }
        if used > 0 {
            spans.push(Span::raw("  "));
            used += 2;
        }
        if w > width {
            // Cut the value, not the label.
            let mut room = width;
            for s in field {
                let sw = s.content.width();
                if sw <= room {
                    room -= sw;
                    spans.push(s);
                } else {
                    if room > 0 {
                        spans.push(Span::styled(truncate(&s.content, room), s.style));
                    }
                    room = 0;
                }
            }
            used = width;
        } else {
            spans.extend(field);
            used += w;
        }
    }
    if !spans.is_empty() {
        lines.push(Line::from(spans));
    }
}

/// The captured details that were given, each with its label: gender, city,
/// current car, purchase type, payment, consent.
fn details_line(app: &App, d: &LeadDetails) -> Vec<(Msg, String)> {
    let t = |m: Msg| app.t(m).to_string();
    let mut out = Vec::new();
    if let Some(g) = d.gender {
        out.push((
            Msg::FGender,
            t(match g {
                Gender::Male => Msg::Male,
                Gender::Female => Msg::Female,
            }),
        ));
    }
    if let Some(city) = &d.city {
        out.push((Msg::FCity, city.clone()));
    }
    if let Some(car) = &d.current_car {
        out.push((Msg::FCurrentCar, car.clone()));
    }
    if let Some(p) = d.purchase_type {
        out.push((
            Msg::FPurchaseType,
            t(match p {
                PurchaseType::First => Msg::First,
                PurchaseType::Replacement => Msg::Replacement,
                PurchaseType::Additional => Msg::Additional,
            }),
        ));
    }
    if let Some(p) = d.payment {
        out.push((
            Msg::FPayment,
            t(match p {
                Payment::Cash => Msg::Cash,
                Payment::Loan => Msg::Loan,
            }),
        ));
    }
    if let Some(c) = &d.consent {
        out.push((Msg::FConsent, c.clone()));
    }
    out
}

fn history_line(app: &App, h: &HistoryEntry) -> String {
    match h {
        HistoryEntry::Call {
            at,
            agent,
            outcome,
            grade_before,
            grade_after,
            reason,
            note,
            ..
        } => {
            let mut s = format!(
                "{} {agent} {}",
                at.format("%m-%d %H:%M"),
                i18n::outcome(*outcome, app.lang)
            );
            if grade_before != grade_after {
                s.push_str(&format!(" {grade_before}→{grade_after}"));
            }
            if let Some(r) = reason {
                let name = app
                    .reasons
                    .iter()
                    .find(|x| &x.code == r)
                    .map(|x| x.named(app.lang).to_string())
                    .unwrap_or_else(|| r.clone());
                s.push_str(&format!(" [{name}]"));
            }
            if let Some(n) = note {
                s.push_str(&format!(": {n}"));
            }
            s
        }
        HistoryEntry::Change {
            at,
            agent,
            kind,
            old,
            new,
            ..
        } => {
            let show = |v: &Option<_>| i18n::change_value(v.as_ref(), app.lang);
            format!(
                "{} {agent} {}: {} → {}",
                at.format("%m-%d %H:%M"),
                i18n::change(*kind, app.lang),
                show(old),
                show(new)
            )
        }
        HistoryEntry::Handover {
            at,
            agent,
            kind,
            consultant,
            consultant_name,
            reason,
            follow_up,
            note,
            ..
        } => {
            let reason = reason.as_ref().map(|r| {
                app.reasons
                    .iter()
                    .find(|x| &x.code == r)
                    .map(|x| x.named(app.lang).to_string())
                    .unwrap_or_else(|| r.clone())
            });
            let who = consultant_name.as_deref().or(consultant.as_deref());
            let line = i18n::handover_line(*kind, who, reason.as_deref(), *follow_up, app.lang);
            let mut s = format!("{} {agent} {line}", at.format("%m-%d %H:%M"));
            if let Some(n) = note {
                s.push_str(&format!(": {n}"));
            }
            s
        }
    }
}
