//! The supervisor's views: the team's day and the requests, drawn where the
//! queue is, so the card beside them shows the lead in question.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, List, ListItem, ListState, Paragraph};
use ratatui::Frame;

use super::text::{fit, truncate};
use crate::app::supervise::{RequestsView, TeamView};
use crate::app::{Action, App, KeyMode};
use crate::i18n::Named;
use crate::i18n::{self, Msg};
use crate::theme::Theme;

fn frame(f: &mut Frame, theme: &Theme, title: &str, area: Rect) -> Rect {
    f.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus)
        .title(Span::styled(format!(" {title} "), theme.title));
    let inner = block.inner(area);
    f.render_widget(block, area);
    inner
}

/// A title with the screen's main keys, from its keymap.
fn titled(app: &App, title: Msg, mode: KeyMode, actions: &[Action]) -> String {
    let mut parts = vec![app.t(title).to_string()];
    for a in actions {
        let key = app.keymap.label_in(mode, *a);
        if !key.is_empty() {
            parts.push(format!("{key} {}", a.label(app.lang)));
        }
    }
    parts.join(" · ")
}

/// Calls against the target as a bar of `width` cells.
fn bar(done: u32, target: u32, width: usize) -> String {
    if target == 0 {
        return " ".repeat(width);
    }
    let filled = ((done as usize * width) / target as usize).min(width);
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

pub fn team(f: &mut Frame, app: &App, theme: &Theme, v: &TeamView, area: Rect) {
    let title = titled(app, Msg::TeamTitle, KeyMode::Team, &[Action::Open]);
    let inner = frame(f, theme, &title, area);
    let w = inner.width as usize;
    let items: Vec<ListItem> = v
        .rows
        .iter()
        .map(|a| {
            let numbers = format!(
                "{:>3} {:>3}! {:>3}✓ {:>3}☎ {:>2}◎",
                a.remaining, a.overdue, a.done, a.calls, a.appointments
            );
            // `●` and the time their workstation opened: online over SSH.
            let since = v.online_since(&a.login);
            let name_w = 7;
            let room = w.saturating_sub(name_w + numbers.chars().count() + 4);
            let (bar_w, time) = match since {
                // Narrow: the time takes the bar's place.
                Some(t) if room < 12 => (0, Some(t)),
                None if room < 12 || v.online.is_empty() => (room.min(12), None),
                // Wide: every bar leaves room for the times.
                _ => ((room - 6).min(12), since),
            };
            let overdue = if a.overdue > 0 {
                theme.overdue
            } else {
                theme.text
            };
            let mut spans = vec![
                Span::styled(fit(&a.name, name_w), theme.text),
                Span::styled(if since.is_some() { "●" } else { " " }, theme.accent),
                Span::raw(" "),
                Span::styled(numbers, overdue),
                Span::raw(" "),
                Span::styled(bar(a.calls, a.target, bar_w), theme.accent),
            ];
            if let Some(t) = time {
                let gap = if bar_w > 0 { " " } else { "" };
                spans.push(Span::styled(
                    format!("{gap}{}", t.format("%H:%M")),
                    theme.accent,
                ));
            }
            ListItem::new(Line::from(spans))
        })
        .collect();
    let [list, legend] = ratatui::layout::Layout::vertical([
        ratatui::layout::Constraint::Min(1),
        ratatui::layout::Constraint::Length(1),
    ])
    .areas(inner);
    let mut st = ListState::default().with_selected(Some(v.selected));
    f.render_stateful_widget(
        List::new(items).highlight_style(theme.selection),
        list,
        &mut st,
    );
    // The marks of each row, named: `!` overdue, `✓` done, `☎` calls, `◎` appointments.
    let online = if v.online.is_empty() {
        String::new()
    } else {
        format!("● {} · ", app.t(Msg::OnlineSince))
    };
    let legend_text = &format!(
        "{online}{} {}! {}✓ {}☎ {}◎ · {}",
        app.t(Msg::Remaining),
        app.t(Msg::Overdue),
        app.t(Msg::Done),
        app.t(Msg::LegendCalls),
        app.t(Msg::LegendAppointments),
        app.t(Msg::LegendBar)
    );
    f.render_widget(
        Paragraph::new(truncate(legend_text, w)).style(theme.muted),
        legend,
    );
}

pub fn requests(f: &mut Frame, app: &App, theme: &Theme, v: &RequestsView, area: Rect) {
    let title = titled(
        app,
        Msg::RequestsTitle,
        KeyMode::Requests,
        &[Action::Approve, Action::Reject],
    );
    let inner = frame(f, theme, &title, area);
    if !v.rows.is_empty() && area.height > 2 {
        // The reveal key, on the bottom border.
        let key = app
            .keymap
            .label_in(crate::app::KeyMode::Requests, crate::app::Action::Reveal);
        let hint = format!(" {key} {} ", app.t(Msg::RevealKey));
        let at = Rect {
            x: area.x + 1,
            y: area.y + area.height - 1,
            width: area.width.saturating_sub(2),
            height: 1,
        };
        f.render_widget(
            Paragraph::new(truncate(&hint, at.width as usize)).style(theme.muted),
            at,
        );
    }
    if v.rows.is_empty() {
        f.render_widget(
            Paragraph::new(app.t(Msg::NoRequests)).style(theme.muted),
            inner,
        );
        return;
    }
    let w = inner.width as usize;
    let items: Vec<ListItem> = v
        .rows
        .iter()
        .map(|r| {
            let reason = r
                .reason
                .as_ref()
                .map(|code| {
                    app.reasons
                        .iter()
                        .find(|x| &x.code == code)
                        .map(|x| x.named(app.lang).to_string())
                        .unwrap_or_else(|| code.clone())
                })
                .unwrap_or_default();
            // Masked, unless the supervisor revealed this row's number.
            let (phone, phone_style) = match v.revealed(r.lead_id) {
                Some(full) => (full.display(), theme.warning),
                None => (r.phone.display(), theme.muted),
            };
            // When it was asked, so the oldest are seen first.
            let asked =
                r.at.map(|t| t.format("%m-%d").to_string())
                    .unwrap_or_default();
            let first = format!(
                "{} {} {asked} {}",
                fit(&r.name, 8),
                fit(i18n::status(r.status, app.lang), 8),
                r.agent_name.clone().unwrap_or_default()
            );
            let rest = format!(
                " {reason}{}",
                r.note
                    .as_ref()
                    .map(|n| format!(": {n}"))
                    .unwrap_or_default()
            );
            let phone = format!("  {phone}");
            let rest = truncate(
                &rest,
                w.saturating_sub(unicode_width::UnicodeWidthStr::width(phone.as_str())),
            );
            ListItem::new(vec![
                Line::styled(truncate(&first, w), theme.text),
                Line::from(vec![
                    Span::styled(phone, phone_style),
                    Span::styled(rest, theme.muted),
                ]),
            ])
        })
        .collect();
    let mut st = ListState::default().with_selected(Some(v.selected));
    f.render_stateful_widget(
        List::new(items).highlight_style(theme.selection),
        inner,
        &mut st,
    );
}
