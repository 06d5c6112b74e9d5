//! The banner across the top when the database is read-only here: what,
//! why, that nothing can be saved, and what to do, as much as the width
//! holds (the first three always fit 80 columns).

use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use super::text::truncate;
use crate::app::App;
use crate::domain::read_only::ReadOnlyCause;
use crate::i18n::{self, Msg};
use crate::theme::Theme;

/// The banner's text for a width: whole parts while they fit.
pub fn read_only_text(app: &App, cause: ReadOnlyCause, width: usize) -> String {
    let parts = [
        app.t(Msg::ReadOnlyBanner),
        i18n::read_only_cause(cause, app.lang),
        app.t(Msg::ReadOnlyNothingSaved),
        app.t(Msg::ReadOnlyFix),
    ];
    let mut text = format!(" {}", parts[0]);
    for (i, part) in parts.iter().enumerate().skip(1) {
        let next = format!("{text} · {part}");
        if i >= 3 && next.width() > width {
            break;
        }
        text = next;
    }
    truncate(&text, width)
}

pub fn read_only(f: &mut Frame, app: &App, theme: &Theme, cause: ReadOnlyCause, area: Rect) {
    let style = theme
        .warning
        .add_modifier(Modifier::REVERSED | Modifier::BOLD);
    f.render_widget(
        Paragraph::new(read_only_text(app, cause, area.width as usize)).style(style),
        area,
    );
}
