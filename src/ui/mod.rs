//! Draws the state. A view is a pure function of the app state and the
//! theme: no I/O, no decisions.

mod banner;
mod capture;
mod card;
mod inbound;
mod overlay;
mod reports;
mod reports_showroom;
mod showroom;
mod supervise;
pub mod text;

use chrono::Timelike;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, List, ListItem, ListState, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::{App, KeyMode, Level, Mode};
use crate::i18n::{self, Msg};
use crate::theme::Theme;
use text::{fit, fit_parts, sparkline, truncate, Part};

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
    // Half the column, or more when the card's fields need it (a narrow
    // card wraps them): the script keeps four rows.
    let card_height = (right.height / 2)
        .max(9)
        .max(card::rows_wanted(app, theme, right.width.saturating_sub(2)))
        .min(right.height.saturating_sub(4));
    let [card_area, script_area] =
        Layout::vertical([Constraint::Length(card_height), Constraint::Min(4)]).areas(right);

    if crate::app::showroom::is_home(app) {
        showroom::home(f, app, theme, main);
    } else {
        if crate::app::inbound::is_home(app) {
            inbound::home(f, app, theme, queue_area);
        } else {
            queue(f, app, theme, queue_area);
        }
        card::draw(f, app, theme, card_area);
        script(f, app, theme, script_area);
    }
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
    let why_w = 11;
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
                Span::styled(
                    format!("{} ", fit(q.grade.as_str(), 1)),
                    theme.grade(q.grade.as_str()),
                ),
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
    // A supervisor working an agent's queue: say so, in both names; the
    // way back gives way before the day's figures.
    let who = if app.actor.agent.id != app.actor.real.id {
        let acting = format!(
            "{} {} {}",
            app.actor.real.name,
            app.t(Msg::ActingFor),
            app.actor.agent.name
        );
        Part::new(format!("{acting} · {}", app.t(Msg::BackToOwn))).short_at(acting, 3)
    } else {
        Part::new(format!(
            "{} · {}",
            app.actor.agent.name,
            i18n::role(app.actor.agent.role, app.lang)
        ))
    };
    let day = if crate::app::inbound::is_home(app) {
        format!("{} {}", app.t(Msg::CapturedToday), app.captures.len())
    } else if crate::app::showroom::is_home(app) {
        let (n, arrived) = crate::app::showroom::today_counts(app);
        let w = |s: i18n::ScreenWord| s.text(app.lang);
        format!(
            "{} {n} · {} {arrived}",
            w(i18n::ScreenWord::ExpectedToday),
            w(i18n::ScreenWord::ArrivedToday)
        )
    } else {
        format!(
            "{} {} {} {left} {} {overdue}",
            app.t(Msg::Done),
            app.stats.leads_called,
            app.t(Msg::Remaining),
            app.t(Msg::Overdue)
        )
    };
    let mut parts = vec![who, Part::new(day).drop_at(4)];
    // Calls per hour from the start of calling hours to now, with its label
    // and its scale (the busiest hour's calls), once there are calls: it
    // gives way after the file's name.
    let until = (now.hour() as usize).clamp(8, 20);
    let hours = &app.stats.per_hour[8..=until];
    let consultant = crate::app::showroom::is_home(app);
    if let Some(&peak) = hours.iter().max().filter(|p| **p > 0 && !consultant) {
        parts.push(
            Part::new(format!(
                "{} {} {} {peak}",
                app.t(Msg::CallsPerHour),
                sparkline(hours),
                app.t(Msg::PeakHour),
            ))
            .drop_at(1),
        );
    }
    if let Some(call) = &app.call {
        let secs = (now - call.started).num_seconds().max(0);
        // Whom the call is with: outcomes go to them, whatever is selected.
        parts.push(Part::new(format!(
            "☎ {} {:02}:{:02}",
            call.name,
            secs / 60,
            secs % 60
        )));
    }
    parts.push(Part::new(now.format("%H:%M").to_string()).drop_at(2));
    let name = std::path::Path::new(&app.location)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| app.location.clone());
    // Read-only is said whatever the room; the file's name gives way first.
    parts.push(match app.read_only {
        Some(_) => {
            let ro = format!("({})", app.t(Msg::ReadOnly));
            Part::new(format!("{name} {ro}")).short_at(ro, 0)
        }
        None => Part::new(name).drop_at(0),
    });
    f.render_widget(
        Paragraph::new(fit_parts(&parts, " │ ", area.width as usize)).style(theme.status_bar),
        area,
    );
}
