//! The reports screen: a page of charts or a table, the pages on top and the
//! keys at the bottom. Draws the figures computed when the screen opened.

use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Bar, BarChart, BarGroup, Block, Borders, Clear, List, ListItem, ListState, Paragraph,
    Sparkline, SparklineBar,
};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use super::text::{fit, truncate};
use crate::app::reports::{Page, Reading, ReportText, ReportsView, Step};
use crate::app::App;
use crate::i18n::Msg;
use crate::report::charts::Series;
use crate::report::table::money_grouped;
use crate::report::Month;
use crate::theme::Theme;

pub fn draw(f: &mut Frame, app: &App, theme: &Theme, v: &ReportsView, area: Rect) {
    f.render_widget(Clear, area);
    let period = v.channels.period;
    let title = format!(
        " {} · {} ~ {} · {} {} ",
        app.t(Msg::ReportsTitle),
        period.from,
        period.to,
        app.t(Msg::AsOf),
        v.computed_at.format("%H:%M")
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus)
        .title(Span::styled(
            truncate(&title, area.width.saturating_sub(2) as usize),
            theme.title,
        ));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let [tabs_area, _, body, footer_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(inner);
    tabs(f, app, theme, v.page, tabs_area);
    match v.page {
        Page::Orders | Page::Funnel => {
            let list_w = (body.width / 4).clamp(22, 30);
            let [list, _, chart] = Layout::horizontal([
                Constraint::Length(list_w),
                Constraint::Length(1),
                Constraint::Min(20),
            ])
            .areas(body);
            channel_list(f, app, theme, v, list);
            if let Some(s) = v.series() {
                if v.page == Page::Orders {
                    orders(f, app, theme, v, s, chart);
                } else {
                    funnel(f, app, theme, s, chart);
                }
            }
        }
        Page::Calls => calls(f, app, theme, v, body),
        Page::Defeats => table(f, theme, &v.defeats, (v.scroll, v.hscroll), body),
        Page::Grades => table(f, theme, &v.grades, (v.scroll, v.hscroll), body),
        Page::Agents => table(f, theme, &v.agents, (v.scroll, v.hscroll), body),
        Page::Showroom => super::reports_showroom::draw(f, app, theme, v, body),
    }
    footer(f, app, theme, v.page, footer_area);
}

/// `s` right-aligned in `width` cells.
fn right(s: &str, width: usize) -> String {
    let t = truncate(s, width);
    format!("{}{t}", " ".repeat(width.saturating_sub(t.width())))
}

fn series_name(app: &App, s: &Series) -> String {
    match &s.channel {
        Some((_, name)) => name.clone(),
        None => app.t(Msg::AllChannels).to_string(),
    }
}

fn tabs(f: &mut Frame, app: &App, theme: &Theme, page: Page, area: Rect) {
    let mut spans = Vec::new();
    for (i, p) in Page::ALL.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled("│", theme.border));
        }
        let style = if *p == page {
            theme.selection
        } else {
            theme.muted
        };
        spans.push(Span::styled(
            format!(" {} {} ", i + 1, p.title(app.lang)),
            style,
        ));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn footer(f: &mut Frame, app: &App, theme: &Theme, page: Page, area: Rect) {
    use crate::app::{Action, KeyMode};
    let n = Page::ALL.len();
    // From the reports keymap, so a remap shows here too.
    let k = |a: Action| app.keymap.label_in(KeyMode::Reports, a);
    let mut keys = vec![
        (
            format!("{} {} 1-{n}", k(Action::NextPage), k(Action::PrevPage)),
            app.t(Msg::KeyPages),
        ),
        (
            format!("{}{}", k(Action::Up), k(Action::Down)),
            app.t(Msg::KeyChannel),
        ),
        (k(Action::Refresh), app.t(Msg::KeyRefresh)),
        (k(Action::Back), app.t(Msg::KeyBack)),
    ];
    if page.scrolls() {
        keys[1] = (
            format!(
                "{}{} {} {}",
                k(Action::Up),
                k(Action::Down),
                k(Action::PageUp),
                k(Action::PageDown)
            ),
            app.t(Msg::KeyScroll),
        );
        keys.insert(
            2,
            (
                format!("{} {}", k(Action::ScrollLeft), k(Action::ScrollRight)),
                app.t(Msg::KeyColumns),
            ),
        );
    } else if !page.picks_channel() {
        keys.remove(1);
    }
    let mut spans = Vec::new();
    let mut used = 0;
    for (key, label) in keys {
        let w = key.width() + label.width() + 3;
        if used + w > area.width as usize {
            break;
        }
        used += w;
        spans.push(Span::styled(key, theme.accent));
        spans.push(Span::styled(format!(" {label}  "), theme.muted));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn channel_list(f: &mut Frame, app: &App, theme: &Theme, v: &ReportsView, area: Rect) {
    let [head, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let w = area.width as usize;
    let num_w = 6;
    let name_w = w.saturating_sub(num_w + 1);
    f.render_widget(
        Paragraph::new(format!(
            "{} {}",
            fit(app.t(Msg::Channel), name_w),
            right(app.t(Msg::PageOrders), num_w)
        ))
        .style(theme.header),
        head,
    );
    let items: Vec<ListItem> = v
        .channels
        .series
        .iter()
        .map(|s| {
            ListItem::new(Line::from(vec![
                Span::styled(fit(&series_name(app, s), name_w), theme.text),
                Span::raw(" "),
                Span::styled(right(&s.total_orders().to_string(), num_w), theme.text),
            ]))
        })
        .collect();
    let mut st = ListState::default().with_selected(Some(v.channel));
    f.render_stateful_widget(
        List::new(items).highlight_style(theme.selection),
        list,
        &mut st,
    );
}

/// A month under a bar as wide as `width`.
fn month_label(m: Month, width: u16) -> String {
    if width >= 7 {
        m.to_string()
    } else if width >= 5 {
        format!("{:02}-{:02}", m.year() % 100, m.month())
    } else {
        format!("{:02}", m.month())
    }
}

fn bars<'a>(theme: &Theme, values: &[(String, u64)]) -> Vec<Bar<'a>> {
    values
        .iter()
        .map(|(label, n)| {
            Bar::default()
                .value(*n)
                .text_value(n.to_string())
                .label(Line::from(label.clone()))
                .style(theme.chart)
        })
        .collect()
}

fn value_style(theme: &Theme) -> Style {
    theme.chart.add_modifier(Modifier::REVERSED)
}

fn orders(f: &mut Frame, app: &App, theme: &Theme, v: &ReportsView, s: &Series, area: Rect) {
    let [head, chart, summary] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    let w = area.width as usize;
    let title = format!("{} · {}", app.t(Msg::OrdersByMonth), series_name(app, s));
    f.render_widget(Paragraph::new(truncate(&title, w)).style(theme.title), head);
    if s.total_orders() == 0 {
        f.render_widget(
            Paragraph::new(app.t(Msg::NoFigures)).style(theme.muted),
            chart,
        );
        return;
    }
    let months = &v.channels.months;
    let n = months.len().max(1) as u16;
    let bar_w = ((chart.width + 1) / n).saturating_sub(1).clamp(1, 8);
    let values: Vec<(String, u64)> = months
        .iter()
        .zip(&s.orders)
        .map(|(m, o)| (month_label(*m, bar_w), *o))
        .collect();
    let data = bars(theme, &values);
    f.render_widget(
        BarChart::default()
            .data(BarGroup::default().bars(&data))
            .bar_width(bar_w)
            .bar_gap(1)
            .bar_style(theme.chart)
            .value_style(value_style(theme))
            .label_style(theme.muted),
        chart,
    );
    let mut spans = vec![
        Span::styled(format!("{} ", app.t(Msg::Total)), theme.muted),
        Span::styled(s.total_orders().to_string(), theme.text),
    ];
    if let Some(avg) = s.monthly_average() {
        spans.push(Span::styled(
            format!(" · {} ", app.t(Msg::MonthlyAverage)),
            theme.muted,
        ));
        spans.push(Span::styled(format!("{avg:.2}"), theme.text));
    }
    if let Some((m, best)) = s.best_month(months) {
        spans.push(Span::styled(
            format!(" · {} {m} ", app.t(Msg::BestMonth)),
            theme.muted,
        ));
        spans.push(Span::styled(best.to_string(), theme.text));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), summary);
}

fn pct(p: Option<f64>) -> String {
    p.map_or_else(|| "-".to_string(), |p| format!("{p:.2}%"))
}

fn funnel(f: &mut Frame, app: &App, theme: &Theme, s: &Series, area: Rect) {
    let fig = s.funnel();
    let stages = [
        (Msg::StageLeads, fig.leads),
        (Msg::StageValid, fig.valid),
        (Msg::StageAppointments, fig.appointments),
        (Msg::StageVisits, fig.visits),
        (Msg::StageOrders, fig.orders),
    ];
    // Thicker bars where there is room: the stages, the gaps between them
    // (where the rates go), the title and the costs under them.
    let n = stages.len() as u16;
    let bar_w = (1..=3)
        .rev()
        .find(|w| n * w + (n - 1) + 5 <= area.height)
        .unwrap_or(1);
    let rows = n * bar_w + (n - 1);
    let [head, _, chart, _, costs] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(rows),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    let w = area.width as usize;
    let title = format!("{} · {}", app.t(Msg::FunnelOf), series_name(app, s));
    f.render_widget(Paragraph::new(truncate(&title, w)).style(theme.title), head);
    if fig.leads == 0 && fig.orders == 0 && fig.visits == 0 {
        f.render_widget(
            Paragraph::new(app.t(Msg::NoFigures)).style(theme.muted),
            chart,
        );
        return;
    }
    let values: Vec<(String, u64)> = stages
        .iter()
        .map(|(m, n)| (app.t(*m).to_string(), *n))
        .collect();
    let data = bars(theme, &values);
    f.render_widget(
        BarChart::default()
            .direction(Direction::Horizontal)
            .data(BarGroup::default().bars(&data))
            .bar_width(bar_w)
            .bar_gap(1)
            .bar_style(theme.chart)
            .value_style(value_style(theme))
            .label_style(theme.text),
        chart,
    );
    // The rates between the stages, in the gaps between their bars, where
    // the bars begin (after the widest label and a space).
    let label_w = values.iter().map(|(l, _)| l.width()).max().unwrap_or(0) as u16 + 1;
    let rates = [
        (2, Msg::InvitationRate, fig.invitation_rate),
        (3, Msg::VisitRate, fig.visit_rate),
        (4, Msg::CloseRate, fig.close_rate),
    ];
    for (stage, name, rate) in rates {
        // The gap just above the stage the rate leads to.
        let row = stage * (bar_w + 1) - 1;
        if row >= chart.height || label_w >= chart.width {
            continue;
        }
        let at = Rect {
            x: chart.x + label_w,
            y: chart.y + row,
            width: chart.width - label_w,
            height: 1,
        };
        f.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(format!("↓ {} ", app.t(name)), theme.muted),
                Span::styled(pct(rate), theme.accent),
            ])),
            at,
        );
    }
    let yuan = app.t(Msg::Yuan);
    let mut lines = Vec::new();
    if let Some(spend) = s.spend_cents.filter(|c| *c > 0) {
        let cost = |c: Option<i64>| c.map_or_else(|| "-".to_string(), money_grouped);
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", app.t(Msg::Spend)), theme.muted),
            Span::styled(format!("{} {yuan}", money_grouped(spend)), theme.text),
        ]));
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", app.t(Msg::CostPerVisit)), theme.muted),
            Span::styled(format!("{} {yuan}", cost(fig.cost_per_visit)), theme.text),
            Span::styled(format!(" · {} ", app.t(Msg::CostPerOrder)), theme.muted),
            Span::styled(format!("{} {yuan}", cost(fig.cost_per_order)), theme.text),
        ]));
    }
    f.render_widget(Paragraph::new(lines), costs);
}

fn calls(f: &mut Frame, app: &App, theme: &Theme, v: &ReportsView, area: Rect) {
    // The line as tall as there is room for, up to 12 rows.
    let spark_h = area.height.saturating_sub(6).clamp(2, 12);
    let [head, _, spark, axis, _, stats, today_line, _] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(spark_h),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    let days = &v.calls.days;
    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        f.render_widget(
            Paragraph::new(app.t(Msg::NoFigures)).style(theme.muted),
            head,
        );
        return;
    };
    let title = format!(
        "{} · {} ~ {}",
        app.t(Msg::CallsPerDay),
        first.0.format("%Y-%m-%d"),
        last.0.format("%Y-%m-%d")
    );
    f.render_widget(
        Paragraph::new(truncate(&title, area.width as usize)).style(theme.title),
        head,
    );
    // Each day as wide as the screen allows; today stands out.
    let per_day = (spark.width as usize / days.len()).clamp(1, 4);
    let today = last.0;
    // The bars start at a baseline (said under the chart), so that days of
    // 600 and 800 calls do not both look full.
    let base = v.calls.baseline();
    let data: Vec<SparklineBar> = days
        .iter()
        .flat_map(|(d, n)| {
            let style = (*d == today).then_some(theme.accent);
            let bar = SparklineBar::from(n.saturating_sub(base)).style(style);
            std::iter::repeat_n(bar, per_day)
        })
        .collect();
    let width = (days.len() * per_day).min(spark.width as usize);
    let spark = Rect {
        width: width as u16,
        ..spark
    };
    f.render_widget(Sparkline::default().data(data).style(theme.chart), spark);
    // Dates under the first, middle and last day.
    let mut line = vec![' '; width];
    let mut put = |day: usize, right_edge: bool| {
        let text = days[day].0.format("%m-%d").to_string();
        let start = if right_edge {
            width.saturating_sub(text.len())
        } else {
            (day * per_day).min(width.saturating_sub(text.len()))
        };
        for (i, c) in text.chars().enumerate() {
            if let Some(slot) = line.get_mut(start + i) {
                *slot = c;
            }
        }
    };
    put(0, false);
    if width >= 30 {
        put(days.len() / 2, false);
    }
    put(days.len() - 1, true);
    f.render_widget(
        Paragraph::new(line.into_iter().collect::<String>()).style(theme.muted),
        axis,
    );
    let day = |d: chrono::NaiveDate| d.format("%m-%d").to_string();
    let mut spans = Vec::new();
    if let Some((d, n)) = v.calls.min() {
        spans.push(Span::styled(
            format!("{} ", app.t(Msg::Fewest)),
            theme.muted,
        ));
        spans.push(Span::styled(n.to_string(), theme.text));
        spans.push(Span::styled(format!(" ({})", day(d)), theme.muted));
    }
    if let Some((d, n)) = v.calls.max() {
        spans.push(Span::styled(
            format!(" · {} ", app.t(Msg::Most)),
            theme.muted,
        ));
        spans.push(Span::styled(n.to_string(), theme.text));
        spans.push(Span::styled(format!(" ({})", day(d)), theme.muted));
    }
    if let Some(avg) = v.calls.average() {
        spans.push(Span::styled(
            format!(" · {} ", app.t(Msg::DailyAverage)),
            theme.muted,
        ));
        spans.push(Span::styled(format!("{avg:.2}"), theme.text));
    }
    if base > 0 {
        spans.push(Span::styled(
            format!(" · {} {base}", app.t(Msg::BarsFrom)),
            theme.muted,
        ));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), stats);
    if let Some((_, n)) = v.calls.today() {
        f.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(format!("{} ", app.t(Msg::Today)), theme.muted),
                Span::styled(n.to_string(), theme.accent),
                Span::styled(
                    format!(" ({} {})", app.t(Msg::Until), v.computed_at.format("%H:%M")),
                    theme.muted,
                ),
            ])),
            today_line,
        );
    }
}

/// `s` without its first `n` cells; half of a wide character cut at the
/// edge becomes a space.
fn skip_cells(s: &str, n: usize) -> String {
    let mut used = 0;
    let mut out = String::new();
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used >= n {
            out.push(c);
        } else if used + cw > n {
            out.push_str(&" ".repeat(used + cw - n));
        }
        used += cw;
    }
    out
}

/// A report's tables, scrolled down and sideways, each line cut to the width.
pub(super) fn table(f: &mut Frame, theme: &Theme, r: &ReportText, at: (usize, usize), area: Rect) {
    let (scroll, sideways) = at;
    let w = area.width as usize;
    // Tables wider than the screen move sideways; their titles stay.
    let sideways = sideways.min(r.width().saturating_sub(w));
    let cut = |s: &str| truncate(&skip_cells(s, sideways), w);
    let mut lines: Vec<Line> = Vec::new();
    for (i, t) in r.tables.iter().enumerate() {
        if i > 0 {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(truncate(&t.title, w), theme.title));
        lines.push(Line::styled(cut(&t.header), theme.header));
        lines.push(Line::styled(cut(&t.rule), theme.muted));
        for row in &t.rows {
            lines.push(Line::styled(cut(row), theme.text));
        }
        if let Some(foot) = &t.footer {
            lines.push(Line::styled(truncate(foot, w), theme.muted));
        }
    }
    if lines.is_empty() {
        lines.push(Line::styled(truncate(&r.title, w), theme.muted));
    }
    // Never scroll past the last line.
    let top = scroll.min(lines.len().saturating_sub(area.height as usize));
    let shown: Vec<Line> = lines.into_iter().skip(top).collect();
    f.render_widget(Paragraph::new(shown), area);
}

/// The screen while its figures are read: drawn at once when `R` is
/// pressed, with the step the worker is at.
pub fn reading(f: &mut Frame, app: &App, theme: &Theme, r: &Reading, area: Rect) {
    f.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus)
        .title(Span::styled(
            format!(" {} ", app.t(Msg::ReportsTitle)),
            theme.title,
        ));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let [_, text, _, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(Step::ALL.len() as u16 + 1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(inner);
    let width = text.width as usize;
    let mut lines = vec![Line::styled(
        truncate(app.t(Msg::Reading), width),
        theme.accent,
    )];
    for step in Step::ALL {
        let (mark, style) = match step.number().cmp(&r.step.number()) {
            std::cmp::Ordering::Less => ("✓", theme.ok),
            std::cmp::Ordering::Equal => ("…", theme.text),
            std::cmp::Ordering::Greater => (" ", theme.muted),
        };
        let line = format!(
            "  {mark} {}/{} {}",
            step.number(),
            Step::ALL.len(),
            app.t(step.title())
        );
        lines.push(Line::styled(truncate(&line, width), style));
    }
    f.render_widget(Paragraph::new(lines), text);
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("Esc", theme.accent),
            Span::styled(format!(" {}", app.t(Msg::KeyBack)), theme.muted),
        ])),
        keys,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skipping_cells_never_splits_a_chinese_character() {
        assert_eq!(skip_cells("汽车之家 12", 0), "汽车之家 12");
        assert_eq!(skip_cells("汽车之家 12", 2), "车之家 12");
        assert_eq!(skip_cells("汽车之家 12", 3), " 之家 12");
        assert_eq!(skip_cells("ab", 5), "");
        assert_eq!(right("订车", 6), "  订车");
        assert_eq!(month_label(Month::parse("2026-03").unwrap(), 3), "03");
        assert_eq!(month_label(Month::parse("2026-03").unwrap(), 5), "26-03");
    }
}
