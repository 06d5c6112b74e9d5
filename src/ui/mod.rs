//! Draws the state. A view is a pure function of the app state and the
//! theme: no I/O, no decisions.

mod banner;
mod capture;
mod inbound;
mod overlay;
mod reports;
mod supervise;
pub mod text;

use chrono::Datelike;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, List, ListItem, ListState, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::{App, KeyMode, Level, Mode};
use crate::domain::card::{Gender, HistoryEntry, LeadDetails, Payment, PurchaseType};
use crate::i18n::Named;
use crate::i18n::{self, Msg};
use crate::theme::Theme;
use text::{fit, sparkline, truncate};

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub fn draw(f: &mut Frame, app: &App, theme: &Theme) {
    views(f, app, theme);
    // Whatever a view drew, no control character reaches the terminal.
    text::scrub(f.buffer_mut());
}

fn views(f: &mut Frame, app: &App, theme: &Theme) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return too_small(f, app, theme, area);
    }
    let area = match app.read_only {
        Some(cause) => {
            let [top, rest] =
                Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
            banner::read_only(f, app, theme, cause, top);
            rest
        }
        None => area,
    };
    let bar = bar_rows(app, area.width as usize);
    let [main, message, keys, status] = Layout::vertical([
        Constraint::Min(10),
        Constraint::Length(1),
        Constraint::Length(bar.len().clamp(1, 3) as u16),
        Constraint::Length(1),
    ])
    .areas(area);
    let left = (main.width * 2 / 5).max(40);
    let [queue_area, right] =
        Layout::horizontal([Constraint::Length(left), Constraint::Min(30)]).areas(main);
    let card_height = (right.height / 2).max(9);
    let [card_area, script_area] =
        Layout::vertical([Constraint::Length(card_height), Constraint::Min(4)]).areas(right);

    if crate::app::inbound::is_home(app) {
        inbound::home(f, app, theme, queue_area);
    } else {
        queue(f, app, theme, queue_area);
    }
    card(f, app, theme, card_area);
    script(f, app, theme, script_area);
    message_line(f, app, theme, message);
    key_bar(f, theme, bar, keys);
    status_line(f, app, theme, status);

    match &app.mode {
        Mode::Help => overlay::help(f, app, theme, KeyMode::Queue, main),
        Mode::Prompt(p) => overlay::prompt(f, app, theme, p, main),
        Mode::Capture(form) => capture::draw(f, app, theme, form, main),
        Mode::Team(v) => supervise::team(f, app, theme, v, queue_area),
        Mode::Requests(v) => supervise::requests(f, app, theme, v, queue_area),
        Mode::Reports(v) => reports::draw(f, app, theme, v, main),
        Mode::ReportsReading(r) => reports::reading(f, app, theme, r, main),
        Mode::Normal => {}
    }
    if let Some(mode) = app.help_over {
        overlay::help(f, app, theme, mode, main);
    }
}

fn too_small(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let text = format!("{} {}×{}", app.t(Msg::TooSmall), area.width, area.height);
    f.render_widget(Clear, area);
    f.render_widget(
        Paragraph::new(text)
            .style(theme.warning)
            .wrap(Wrap { trim: true }),
        area,
    );
}

fn block<'a>(title: String, theme: &Theme, focus: bool) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(if focus {
            theme.border_focus
        } else {
            theme.border
        })
        .title(Span::styled(format!(" {title} "), theme.title))
}

fn queue(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let (left, overdue) = app.counts();
    let title = format!(
        "{} {left} · {} {overdue}",
        app.t(Msg::Queue),
        app.t(Msg::Overdue)
    );
    let block = block(title, theme, app.pinned.is_none());
    let inner = block.inner(area);
    f.render_widget(block, area);
    if app.queue.is_empty() {
        f.render_widget(
            Paragraph::new(app.t(Msg::QueueEmpty)).style(theme.muted),
            inner,
        );
        return;
    }
    // grade, name, model, why, overdue; wider screens show the due time too.
    let w = inner.width as usize;
    let why_w = 10;
    let late_w = 4;
    let time_w = if w >= 56 { 6 } else { 0 };
    let name_w = ((w.saturating_sub(3 + why_w + late_w + time_w + 4)) / 2).clamp(6, 12);
    let model_w = w.saturating_sub(3 + name_w + why_w + late_w + time_w + 4);
    let today = app.now().date();
    let items: Vec<ListItem> = app
        .queue
        .iter()
        .map(|q| {
            let late = if q.days_overdue > 0 {
                format!("{}{}", q.days_overdue, app.t(Msg::DaysOverdue))
            } else {
                String::new()
            };
            let why = match &q.claimed_by {
                Some(by) if *by != app.actor.real.login => format!("☎ {by}"),
                _ => i18n::reason_for(q.reason, q.status, app.lang).to_string(),
            };
            let why_style = if q
                .claimed_by
                .as_deref()
                .is_some_and(|b| b != app.actor.real.login)
            {
                theme.claimed
            } else {
                theme.muted
            };
            let mark = if app.marked.contains(&q.lead_id) {
                "●"
            } else {
                " "
            };
            let mut spans = vec![
                Span::styled(mark, theme.accent),
                Span::styled(format!("{} ", fit(&q.grade, 1)), theme.grade(&q.grade)),
                Span::styled(fit(&q.name, name_w), theme.text),
                Span::raw(" "),
                Span::styled(fit(&q.model, model_w), theme.muted),
                Span::raw(" "),
                Span::styled(fit(&why, why_w), why_style),
                Span::raw(" "),
                Span::styled(format!("{late:>late_w$}"), theme.overdue),
            ];
            if time_w > 0 {
                let due = if q.due_at.date() == today {
                    q.due_at.format("%H:%M").to_string()
                } else {
                    q.due_at.format("%m-%d").to_string()
                };
                spans.push(Span::styled(format!(" {due:>5}"), theme.muted));
            }
            ListItem::new(Line::from(spans))
        })
        .collect();
    let mut state = ListState::default().with_selected(if app.pinned.is_none() {
        Some(app.selected)
    } else {
        None
    });
    f.render_stateful_widget(
        List::new(items).highlight_style(theme.selection),
        inner,
        &mut state,
    );
}

fn card(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let Some(c) = &app.card else {
        f.render_widget(block(app.t(Msg::Card).into(), theme, false), area);
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
    let block = block(title, theme, on_call || app.pinned.is_some());
    let inner = block.inner(area);
    f.render_widget(block, area);

    let label = |m: Msg| Span::styled(format!("{} ", app.t(m)), theme.muted);
    let date = |d: Option<chrono::NaiveDate>| {
        d.map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| "-".into())
    };
    let channel = c.channel.named(app.lang);
    let mut lines = vec![
        Line::from(vec![
            label(Msg::Grade),
            Span::styled(c.grade.clone(), theme.grade(&c.grade)),
            Span::raw("  "),
            label(Msg::Status),
            Span::styled(i18n::status(c.status, app.lang), theme.text),
            Span::raw("  "),
            label(Msg::Owner),
            Span::styled(c.owner_name.clone().unwrap_or_default(), theme.text),
        ]),
        Line::from(vec![
            label(Msg::Channel),
            Span::styled(channel.to_string(), theme.text),
            Span::raw("  "),
            label(Msg::Model),
            Span::styled(c.model.clone(), theme.text),
        ]),
        Line::from(vec![
            label(Msg::PurchaseBy),
            Span::styled(date(c.purchase_by), theme.text),
            Span::raw("  "),
            label(Msg::VisitBy),
            Span::styled(date(c.visit_by), theme.text),
        ]),
    ];
    // The captured details, on as many lines as the card's width needs.
    let mut spans = Vec::new();
    let mut used = 0;
    for (m, value) in details_line(app, &c.details) {
        let w = unicode_width::UnicodeWidthStr::width(app.t(m))
            + 1
            + unicode_width::UnicodeWidthStr::width(value.as_str());
        if used > 0 && used + 2 + w > inner.width as usize {
            lines.push(Line::from(std::mem::take(&mut spans)));
            used = 0;
        }
        if used > 0 {
            spans.push(Span::raw("  "));
            used += 2;
        }
        spans.push(label(m));
        spans.push(Span::styled(value, theme.text));
        used += w;
    }
    if !spans.is_empty() {
        lines.push(Line::from(spans));
    }
    let mut next = vec![label(Msg::NextCall)];
    // A narrow card (80 columns) leaves out the year, so the reason fits.
    let due_format = if area.width < 60 && c.next_due.map(|d| d.year()) == Some(app.now().year()) {
        "%m-%d %H:%M"
    } else {
        "%Y-%m-%d %H:%M"
    };
    match c.next_due {
        Some(d) => {
            next.push(Span::styled(d.format(due_format).to_string(), theme.text));
            // As the queue reads it (a missed confirmation is a no-show now).
            let why = app
                .queue
                .iter()
                .find(|q| q.lead_id == c.id)
                .map(|q| q.reason)
                .or(c.due_reason);
            if let Some(r) = why {
                next.push(Span::styled(
                    format!(" ({})", i18n::reason_for(r, c.status, app.lang)),
                    theme.muted,
                ));
            }
        }
        None => next.push(Span::styled("-", theme.muted)),
    }
    if let Some(a) = c.appointment {
        let appointment = [
            label(Msg::Appointment),
            Span::styled(a.format("%m-%d %H:%M").to_string(), theme.accent),
        ];
        let width = |spans: &[Span]| spans.iter().map(Span::width).sum::<usize>();
        // Beside the next call when both fit, else on a line of its own: the
        // visit's time is never cut off.
        if width(&next) + 2 + width(&appointment) <= inner.width as usize {
            next.push(Span::raw("  "));
            next.extend(appointment);
            lines.push(Line::from(next));
        } else {
            lines.push(Line::from(next));
            lines.push(Line::from(appointment.to_vec()));
        }
    } else {
        lines.push(Line::from(next));
    }
    if let Some(by) = c
        .claimed_by
        .as_ref()
        .filter(|b| **b != app.actor.real.login)
    {
        lines.push(Line::styled(
            format!("☎ {}{by}", app.t(Msg::HeldBy)),
            theme.claimed,
        ));
    }
    if let Some(n) = &c.note {
        lines.push(Line::from(vec![
            label(Msg::Note),
            Span::styled(n.clone(), theme.text),
        ]));
    }
    lines.push(Line::styled(
        format!("── {} ──", app.t(Msg::History)),
        theme.muted,
    ));
    let width = inner.width as usize;
    for h in c.history.iter().rev() {
        lines.push(Line::styled(
            truncate(&history_line(app, h), width),
            theme.text,
        ));
    }
    f.render_widget(Paragraph::new(lines), inner);
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
            let show = |v: &Option<String>| -> String {
                let v = v.clone().unwrap_or_else(|| "-".into());
                if *kind == crate::domain::EventKind::Status {
                    crate::domain::Status::from_code(&v)
                        .map(|s| i18n::status(s, app.lang).to_string())
                        .unwrap_or(v)
                } else {
                    v
                }
            };
            format!(
                "{} {agent} {}: {} → {}",
                at.format("%m-%d %H:%M"),
                i18n::change(*kind, app.lang),
                show(old),
                show(new)
            )
        }
    }
}

fn script(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let (title, body) = match &app.script {
        Some((t, b)) => (format!("{} · {t}", app.t(Msg::Script)), b.as_str()),
        None => (app.t(Msg::Script).to_string(), ""),
    };
    let block = block(title, theme, false);
    // Broken by Chinese rules, the model name kept whole.
    let keep: Vec<&str> = app.card.iter().map(|c| c.model.as_str()).collect();
    let width = block.inner(area).width as usize;
    let lines: Vec<Line> = text::wrap(body, width, &keep)
        .into_iter()
        .map(Line::from)
        .collect();
    f.render_widget(
        Paragraph::new(lines)
            .style(theme.text)
            .scroll((app.script_scroll, 0))
            .block(block),
        area,
    );
}

fn message_line(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let Some(m) = &app.message else { return };
    let style = match m.level {
        Level::Info => theme.text,
        Level::Success => theme.ok,
        Level::Warning => theme.warning,
        Level::Error => theme.error,
    };
    f.render_widget(
        Paragraph::new(truncate(&m.text, area.width as usize)).style(style),
        area,
    );
}

/// The key bar's rows: each key with its label, from the live keymap of
/// the mode in force (it cannot disagree with what a key does). Whole
/// labels when they fit in two rows, else short ones in up to three: no
/// key is ever left out for want of room.
fn bar_rows(app: &App, width: usize) -> Vec<Vec<(String, &'static str)>> {
    let items = app.key_bar();
    let wrap = |short: bool| {
        let mut rows = vec![Vec::new()];
        let mut used = 0usize;
        for (a, key) in &items {
            let label = if short {
                a.short_label(app.lang)
            } else {
                a.label(app.lang)
            };
            let w = unicode_width::UnicodeWidthStr::width(key.as_str())
                + unicode_width::UnicodeWidthStr::width(label)
                + 3;
            // The last item of a row needs no gap after it.
            if used > 0 && used + w - 2 > width {
                rows.push(Vec::new());
                used = 0;
            }
            used += w;
            if let Some(row) = rows.last_mut() {
                row.push((key.clone(), label));
            }
        }
        rows
    };
    let whole = wrap(false);
    if whole.len() <= 2 {
        whole
    } else {
        wrap(true)
    }
}

fn key_bar(f: &mut Frame, theme: &Theme, rows: Vec<Vec<(String, &'static str)>>, area: Rect) {
    let lines: Vec<Line> = rows
        .into_iter()
        .map(|row| {
            let mut spans = Vec::new();
            for (key, label) in row {
                spans.push(Span::styled(key, theme.accent));
                spans.push(Span::styled(format!(" {label}  "), theme.muted));
            }
            Line::from(spans)
        })
        .collect();
    f.render_widget(Paragraph::new(lines), area);
}

fn status_line(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let now = app.now();
    let (left, overdue) = app.counts();
    // A supervisor working an agent's queue: say so, in both names.
    let who = if app.actor.agent.id != app.actor.real.id {
        format!(
            "{} {} {} · {}",
            app.actor.real.name,
            app.t(Msg::ActingFor),
            app.actor.agent.name,
            app.t(Msg::BackToOwn)
        )
    } else {
        format!(
            "{} · {}",
            app.actor.agent.name,
            i18n::role(app.actor.agent.role, app.lang)
        )
    };
    let day = if crate::app::inbound::is_home(app) {
        format!("{} {}", app.t(Msg::CapturedToday), app.captures.len())
    } else {
        format!(
            "{} {} {} {left} {} {overdue}",
            app.t(Msg::Done),
            app.stats.leads_called,
            app.t(Msg::Remaining),
            app.t(Msg::Overdue)
        )
    };
    let mut parts = vec![who, day];
    if let Some(call) = &app.call {
        let secs = (now - call.started).num_seconds().max(0);
        // Whom the call is with: outcomes go to them, whatever is selected.
        parts.push(format!("☎ {} {:02}:{:02}", call.name, secs / 60, secs % 60));
    }
    parts.push(now.format("%H:%M").to_string());
    let width = |parts: &[String]| -> usize {
        parts
            .iter()
            .map(|p| unicode_width::UnicodeWidthStr::width(p.as_str()) + 3)
            .sum()
    };
    // Calls per hour over calling hours, labelled where there is room; it
    // gives way first, before the call and the clock.
    let spark = sparkline(&app.stats.per_hour[8..21]);
    let at = parts.len() - 1 - usize::from(app.call.is_some());
    let labelled = format!("{} {spark}", app.t(Msg::CallsPerHour));
    let room = (area.width as usize).saturating_sub(width(&parts));
    if unicode_width::UnicodeWidthStr::width(labelled.as_str()) + 3 <= room && area.width >= 100 {
        parts.insert(at, labelled);
    } else if unicode_width::UnicodeWidthStr::width(spark.as_str()) + 3 <= room {
        parts.insert(at, spark);
    }
    let room = (area.width as usize).saturating_sub(width(&parts));
    let name = std::path::Path::new(&app.location)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| app.location.clone());
    let name = match app.read_only {
        Some(_) => format!("{name} ({})", app.t(Msg::ReadOnly)),
        None => name,
    };
    parts.push(truncate(&name, room.max(4)));
    f.render_widget(
        Paragraph::new(truncate(&parts.join(" │ "), area.width as usize)).style(theme.status_bar),
        area,
    );
}
