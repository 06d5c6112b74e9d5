//! Pop-ups over the main screen: help and the prompts.

use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, List, ListItem, ListState, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use super::text::{fit, truncate};
use crate::app::{prompt_title, App, KeyMode, Prompt, Step};
use crate::i18n::Named;
use crate::i18n::{self, Msg};
use crate::theme::Theme;

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Help for a mode, generated from its live keymap.
pub fn help(f: &mut Frame, app: &App, theme: &Theme, mode: KeyMode, area: Rect) {
    let entries = app.keymap.help_in(mode);
    let rows = entries.len().div_ceil(2) as u16;
    let rect = centered(area, 76, rows + 2);
    f.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus)
        .title(Span::styled(format!(" {} ", app.t(Msg::Help)), theme.title));
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    let col = (inner.width / 2) as usize;
    let lines: Vec<Line> = entries
        .chunks(2)
        .map(|pair| {
            let mut spans = Vec::new();
            for (action, keys) in pair {
                spans.push(Span::styled(fit(keys, 12), theme.accent));
                spans.push(Span::styled(
                    fit(action.label(app.lang), col.saturating_sub(12)),
                    theme.text,
                ));
            }
            Line::from(spans)
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}

pub fn prompt(f: &mut Frame, app: &App, theme: &Theme, p: &Prompt, area: Rect) {
    let list_rows: u16 = match &p.step {
        Step::Reason { .. } | Step::Search { .. } | Step::MoveTo { .. } => 10,
        Step::Decide { .. } | Step::MoveReason { .. } | Step::Quit => 1,
        Step::Grade | Step::Consent => 1,
        Step::When { .. } => 1,
        Step::Note { .. } => 1,
        Step::Showroom(a) => super::showroom::prompt_rows(a),
    };
    let rect = centered(area, 64, list_rows + 4);
    f.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus)
        .title(Span::styled(
            format!(" {} ", prompt_title(app, p)),
            theme.title,
        ));
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    let [input_row, rest] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);

    // The typed text, and the real cursor where the agent types.
    let prefix = "› ";
    let shown = truncate(p.input.text(), (input_row.width as usize).saturating_sub(3));
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(prefix, theme.accent),
            Span::styled(shown, theme.text),
        ])),
        input_row,
    );
    let x = input_row.x + prefix.width() as u16 + p.input.cursor_cells();
    f.set_cursor_position(Position::new(
        x.min(input_row.right().saturating_sub(1)),
        input_row.y,
    ));

    let width = rest.width as usize;
    if let Some(why) = &p.gone {
        let line = format!("{why} · {}", app.t(Msg::NothingWillBeSaved));
        f.render_widget(
            Paragraph::new(Line::styled(truncate(&line, width), theme.error)),
            rest,
        );
        return;
    }
    match &p.step {
        Step::Showroom(a) => super::showroom::prompt_body(f, app, theme, p, a, rest),
        Step::When { .. } => {
            let line = match &p.preview {
                None => Line::styled(app.t(Msg::PromptWhen), theme.muted),
                Some(Ok(t)) => Line::from(vec![
                    Span::styled(format!("{} ", app.t(Msg::Parsed)), theme.muted),
                    Span::styled(weekday_time(app, *t), theme.ok),
                ]),
                Some(Err(e)) => Line::styled(truncate(e, width), theme.error),
            };
            f.render_widget(Paragraph::new(line), rest);
        }
        Step::Note { report, .. } => {
            let mut parts = Vec::new();
            if let Some(t) = report.at.or(report.visit) {
                parts.push(weekday_time(app, t));
            }
            if let Some(r) = &report.reason {
                parts.push(reason_name(app, r));
            }
            f.render_widget(
                Paragraph::new(Line::styled(truncate(&parts.join(" · "), width), theme.ok)),
                rest,
            );
        }
        Step::Grade => {
            let grades: Vec<String> = app.rules.grades.iter().map(|g| g.code.clone()).collect();
            f.render_widget(
                Paragraph::new(Line::styled(grades.join("  "), theme.muted)),
                rest,
            );
        }
        Step::Reason { outcome } => {
            let reasons = crate::app::matching_reasons(app, *outcome, p.input.text());
            let items: Vec<ListItem> = reasons
                .iter()
                .map(|r| {
                    ListItem::new(Line::styled(
                        truncate(&format!("{}  {}", reason_name(app, &r.code), r.code), width),
                        theme.text,
                    ))
                })
                .collect();
            let none = Line::styled(app.t(Msg::NoMatch), theme.warning);
            choices(f, rest, items, p.selected, Some(none), theme);
        }
        Step::Decide { .. } | Step::MoveReason { .. } | Step::Quit | Step::Consent => {}
        Step::MoveTo { .. } => {
            let items: Vec<ListItem> = crate::app::supervise::move_targets(app, p.input.text())
                .iter()
                .map(|a| {
                    ListItem::new(Line::styled(
                        format!("{}  {}", fit(&a.name, 8), a.login),
                        theme.text,
                    ))
                })
                .collect();
            choices(f, rest, items, p.selected, None, theme);
        }
        Step::Search { hits } => {
            let items: Vec<ListItem> = hits
                .iter()
                .map(|h| {
                    let phone = h.phone.display();
                    let text = format!(
                        "{} {} {} {} {}",
                        fit(h.grade.as_str(), 1),
                        fit(&h.name, 8),
                        fit(&phone, 13),
                        fit(&h.model, 12),
                        i18n::status(h.status, app.lang)
                    );
                    ListItem::new(Line::styled(truncate(&text, width), theme.text))
                })
                .collect();
            let none =
                (!p.input.is_empty()).then(|| Line::styled(app.t(Msg::NoMatch), theme.muted));
            choices(f, rest, items, p.selected, none, theme);
        }
    }
}

/// A prompt's choices under its field, the selected one highlighted; when
/// there are none, `none` says so (if given).
pub(super) fn choices(
    f: &mut Frame,
    area: Rect,
    items: Vec<ListItem>,
    selected: usize,
    none: Option<Line>,
    theme: &Theme,
) {
    match none {
        Some(line) if items.is_empty() => f.render_widget(Paragraph::new(line), area),
        _ => {
            let mut st = ListState::default().with_selected(Some(selected));
            f.render_stateful_widget(
                List::new(items).highlight_style(theme.selection),
                area,
                &mut st,
            );
        }
    }
}

pub(super) fn reason_name(app: &App, code: &str) -> String {
    app.reasons
        .iter()
        .find(|r| r.code == code)
        .map(|r| r.named(app.lang).to_string())
        .unwrap_or_else(|| code.to_string())
}

/// `2026-11-25 周三 14:00` / `2026-11-25 Wed 14:00`
fn weekday_time(app: &App, t: chrono::NaiveDateTime) -> String {
    use chrono::Datelike;
    let name = i18n::weekday(t.weekday(), app.lang);
    format!("{} {name} {}", t.format("%Y-%m-%d"), t.format("%H:%M"))
}
