//! The inbound agent's home: today's captures in place of the queue.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};
use ratatui::Frame;

use super::block;
use super::text::fit;
use crate::app::{Action, App, KeyMode};
use crate::i18n::Msg;
use crate::theme::Theme;

/// The list of callers captured today, newest first: time, grade, name,
/// model and the first callback (or "called again" for a known customer).
pub fn home(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let title = format!("{} {}", app.t(Msg::CapturedToday), app.captures.len());
    let block = block(title, theme, app.pinned.is_none() && app.inbound.is_none());
    let inner = block.inner(area);
    f.render_widget(block, area);
    let key = |a: Action| app.keymap.label_in(KeyMode::Inbound, a);
    if app.captures.is_empty() {
        let lines = vec![
            Line::styled(app.t(Msg::CapturedNone), theme.muted),
            Line::raw(""),
            Line::from(vec![
                Span::styled(key(Action::Capture), theme.accent),
                Span::styled(format!(" {}", app.t(Msg::CaptureHint)), theme.text),
            ]),
            Line::from(vec![
                Span::styled(key(Action::Search), theme.accent),
                Span::styled(format!(" {}", app.t(Msg::SearchHint)), theme.text),
            ]),
        ];
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        return;
    }
    // time, grade, name, model, next call ("11-24 08:00").
    let w = inner.width as usize;
    let next_w = 11;
    let name_w = (w.saturating_sub(5 + 1 + 2 + next_w + 2) / 2).clamp(6, 12);
    let model_w = w.saturating_sub(5 + 1 + 2 + name_w + 1 + 1 + next_w);
    let items: Vec<ListItem> = app
        .captures
        .iter()
        .map(|c| {
            let next = if c.returning {
                app.t(Msg::Returning).to_string()
            } else {
                c.next_due
                    .map(|d| d.format("%m-%d %H:%M").to_string())
                    .unwrap_or_else(|| "-".into())
            };
            ListItem::new(Line::from(vec![
                Span::styled(c.at.format("%H:%M ").to_string(), theme.muted),
                Span::styled(
                    format!("{} ", fit(c.grade.as_str(), 1)),
                    theme.grade(c.grade.as_str()),
                ),
                Span::styled(fit(&c.name, name_w), theme.text),
                Span::raw(" "),
                Span::styled(fit(&c.model, model_w), theme.muted),
                Span::raw(" "),
                Span::styled(fit(&next, next_w), theme.text),
            ]))
        })
        .collect();
    let mut state = ListState::default().with_selected(
        (app.pinned.is_none() && app.inbound.is_none()).then_some(app.home_selected),
    );
    f.render_stateful_widget(
        List::new(items).highlight_style(theme.selection),
        inner,
        &mut state,
    );
}
