//! The reports screen's showroom page: one line with each stage's own
//! figure (marketing's leads, the DCC's invitation and visit rates, the
//! showroom's close rate), then the stage tables, tomorrow's visits by
//! consultant and this month's handovers, scrolled like the other tables.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::reports::table;
use super::text::truncate;
use crate::app::reports::ReportsView;
use crate::app::App;
use crate::i18n::stage_summary;
use crate::theme::Theme;

pub fn draw(f: &mut Frame, app: &App, theme: &Theme, v: &ReportsView, area: Rect) {
    // Read after the other pages: until then, say so.
    let Some(page) = &v.showroom else {
        f.render_widget(
            Paragraph::new(app.t(crate::i18n::Msg::Reading)).style(theme.muted),
            area,
        );
        return;
    };
    let [head, _, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(area);
    let line = stage_summary(
        page.leads,
        page.dcc.invitation_rate(),
        page.dcc.visit_rate(),
        page.room.close_rate(),
        app.lang,
    );
    f.render_widget(
        Paragraph::new(Line::styled(
            truncate(&line, head.width as usize),
            theme.accent,
        )),
        head,
    );
    table(f, theme, &page.text, (v.scroll, v.hscroll), body);
}
