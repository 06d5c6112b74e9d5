//! The sales consultant's home: today's and tomorrow's expected visits on
//! top, the selected customer below (their card once received, else what
//! the visit list says of them); and the showroom prompts' fields.

use chrono::{Datelike, Duration};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph};
use ratatui::Frame;

use super::text::{fit, truncate};
use super::{block, card, overlay};
use crate::app::showroom::{Ask, Field};
use crate::app::{Action, App, KeyMode, Prompt};
use crate::domain::showroom::ShowroomVisit;
use crate::domain::Outcome;
use crate::i18n::{self, Msg, ScreenWord, ShowroomWord};
use crate::theme::Theme;

pub(super) fn home(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let list_h = (area.height / 2 + 1).max(8).min(area.height);
    let [top, bottom] =
        Layout::vertical([Constraint::Length(list_h), Constraint::Min(0)]).areas(area);
    visits(f, app, theme, top);
    if app.card.is_some() {
        card::draw(f, app, theme, bottom);
    } else {
        visit_detail(f, app, theme, bottom);
    }
}

/// Column widths for an inner width: model and result share what is left.
struct Cols {
    name: usize,
    model: usize,
    result: usize,
}

impl Cols {
    fn of(w: usize) -> Cols {
        let rest = w.saturating_sub(43);
        let model = (rest / 2).clamp(6, 16);
        Cols {
            name: 8,
            model,
            result: rest.saturating_sub(model).max(6),
        }
    }
}

fn row_text(app: &App, v: &ShowroomVisit, c: &Cols) -> Vec<String> {
    let confirmed = if v.confirmed { "✓" } else { "-" };
    let mut result = i18n::status(v.status, app.lang).to_string();
    if let Some(k) = &v.consultant_name {
        result = format!("{result} {k}");
    }
    vec![
        v.at.format("%H:%M").to_string(),
        fit(&v.grade, 2),
        fit(&v.name, c.name),
        fit(&v.phone.to_string(), 11),
        fit(&v.model, c.model),
        fit(&v.set_by_name, 6),
        fit(confirmed, 4),
        fit(&result, c.result),
    ]
}

fn visits(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let w = |s: ScreenWord| s.text(app.lang);
    let (today_n, arrived) = crate::app::showroom::today_counts(app);
    let title = format!(
        "{} · {} {today_n} · {} {arrived}",
        w(ScreenWord::Title),
        w(ScreenWord::Today),
        w(ScreenWord::ArrivedToday)
    );
    let block = block(title, theme, app.pinned.is_none());
    let inner = block.inner(area);
    f.render_widget(block, area);
    let cols = Cols::of(inner.width as usize);
    let head = |s: ShowroomWord| s.text(app.lang);
    let header = [
        fit(head(ShowroomWord::Time), 5),
        fit(w(ScreenWord::HeadGrade), 2),
        fit(head(ShowroomWord::Customer), cols.name),
        fit(head(ShowroomWord::Phone), 11),
        fit(head(ShowroomWord::Model), cols.model),
        fit(w(ScreenWord::SetBy), 6),
        fit(w(ScreenWord::HeadConfirmed), 4),
        fit(head(ShowroomWord::Result), cols.result),
    ]
    .join(" ");
    let [head_row, list] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    f.render_widget(
        Paragraph::new(Line::styled(
            truncate(&header, head_row.width as usize),
            theme.muted,
        )),
        head_row,
    );
    let today = app.now().date();
    let mut items = Vec::new();
    let mut shown_at = None;
    let mut index = 0;
    for (day, word) in [
        (today, ScreenWord::Today),
        (today + Duration::days(1), ScreenWord::Tomorrow),
    ] {
        let n = app.showroom.on(day).count();
        let weekday = i18n::weekday(day.weekday(), app.lang);
        items.push(ListItem::new(Line::styled(
            format!("{} {} {weekday} · {n}", w(word), day.format("%m-%d")),
            theme.title,
        )));
        if n == 0 {
            items.push(ListItem::new(Line::styled(
                w(ScreenWord::NoneThatDay),
                theme.muted,
            )));
        }
        for v in app.showroom.on(day) {
            if index == app.showroom.selected {
                shown_at = Some(items.len());
            }
            index += 1;
            let t = row_text(app, v, &cols);
            let grade = theme.grade(&v.grade);
            let mut spans = vec![
                Span::styled(t[0].clone(), theme.muted),
                Span::raw(" "),
                Span::styled(t[1].clone(), grade),
                Span::raw(" "),
                Span::styled(t[2].clone(), theme.text),
                Span::raw(" "),
                Span::styled(t[3].clone(), theme.text),
                Span::raw(" "),
                Span::styled(t[4].clone(), theme.muted),
                Span::raw(" "),
                Span::styled(t[5].clone(), theme.text),
                Span::raw(" "),
                Span::styled(
                    t[6].clone(),
                    if v.confirmed { theme.ok } else { theme.muted },
                ),
                Span::raw(" "),
            ];
            spans.push(Span::styled(t[7].clone(), theme.accent));
            items.push(ListItem::new(Line::from(spans)));
        }
    }
    let mut state = ListState::default().with_selected(shown_at.filter(|_| app.pinned.is_none()));
    f.render_stateful_widget(
        List::new(items).highlight_style(theme.selection),
        list,
        &mut state,
    );
}

/// A visit this person has not received: what the list says of it.
fn visit_detail(f: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let Some(v) = app.showroom.visit() else {
        let block = block(app.t(Msg::Card).into(), theme, false);
        let inner = block.inner(area);
        f.render_widget(block, area);
        f.render_widget(
            Paragraph::new(ScreenWord::NoVisit.text(app.lang)).style(theme.muted),
            inner,
        );
        return;
    };
    let block = block(format!("{} · {}", v.name, v.phone), theme, false);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let width = inner.width as usize;
    let label = |s: &str| Span::styled(format!("{s} "), theme.muted);
    let value = |s: String| Span::styled(s, theme.text);
    let gap = || Span::raw("  ");
    let w = |s: ScreenWord| s.text(app.lang);
    let confirmed = if v.confirmed {
        Span::styled(w(ScreenWord::Confirmed), theme.ok)
    } else {
        Span::styled(w(ScreenWord::NotConfirmed), theme.warning)
    };
    let lines = vec![
        Line::from(vec![
            label(w(ScreenWord::Visit)),
            Span::styled(v.at.format("%m-%d %H:%M").to_string(), theme.accent),
            gap(),
            label(app.t(Msg::Grade)),
            Span::styled(v.grade.clone(), theme.grade(&v.grade)),
            gap(),
            label(app.t(Msg::Model)),
            value(v.model.clone()),
        ]),
        Line::from(vec![
            label(w(ScreenWord::SetBy)),
            value(v.set_by_name.clone()),
            gap(),
            confirmed,
        ]),
        Line::from(vec![
            label(w(ScreenWord::Status)),
            value(i18n::status(v.status, app.lang).to_string()),
            gap(),
            label(w(ScreenWord::ReceivedBy)),
            value(v.consultant_name.clone().unwrap_or_else(|| "-".into())),
        ]),
        Line::raw(""),
        Line::from(vec![
            Span::styled(
                app.keymap.label_in(KeyMode::Showroom, Action::Arrived),
                theme.accent,
            ),
            Span::styled(
                format!(" {}", truncate(w(ScreenWord::ReceiveToSee), width)),
                theme.muted,
            ),
        ]),
    ];
    f.render_widget(Paragraph::new(lines), inner);
}

/// Rows a showroom prompt needs under its field.
pub(super) fn prompt_rows(a: &Ask) -> u16 {
    match a.field {
        Field::Reason => 10,
        Field::Day | Field::Note => 2,
    }
}

/// Under a showroom prompt's field: a refusal first, then the reasons to
/// choose from, the day understood, or what was chosen.
pub(super) fn prompt_body(
    f: &mut Frame,
    app: &App,
    theme: &Theme,
    p: &Prompt,
    a: &Ask,
    area: Rect,
) {
    let width = area.width as usize;
    let area = match &a.refused {
        Some(why) => {
            let [top, rest] =
                Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
            f.render_widget(
                Paragraph::new(Line::styled(truncate(why, width), theme.error)),
                top,
            );
            rest
        }
        None => area,
    };
    match a.field {
        Field::Reason => {
            let items: Vec<ListItem> =
                crate::app::matching_reasons(app, Outcome::Defeat, p.input.text())
                    .iter()
                    .map(|r| {
                        let name = overlay::reason_name(app, &r.code);
                        ListItem::new(Line::styled(
                            truncate(&format!("{name}  {}", r.code), width),
                            theme.text,
                        ))
                    })
                    .collect();
            let none = Line::styled(app.t(Msg::NoMatch), theme.warning);
            overlay::choices(f, area, items, p.selected, Some(none), theme);
        }
        Field::Day => {
            let line = match &p.preview {
                None => Line::raw(""),
                Some(Ok(t)) => Line::from(vec![
                    Span::styled(format!("{} ", app.t(Msg::Parsed)), theme.muted),
                    Span::styled(day_name(app, t.date()), theme.ok),
                ]),
                Some(Err(e)) => Line::styled(truncate(e, width), theme.error),
            };
            f.render_widget(Paragraph::new(line), area);
        }
        Field::Note => {
            let mut parts = Vec::new();
            if let Some(r) = &a.reason {
                parts.push(overlay::reason_name(app, r));
            }
            if let Some(d) = a.follow_up {
                let next =
                    i18n::handover_kind(crate::domain::showroom::HandoverKind::FollowUp, app.lang);
                parts.push(format!("{next} {}", day_name(app, d)));
            }
            f.render_widget(
                Paragraph::new(Line::styled(truncate(&parts.join(" · "), width), theme.ok)),
                area,
            );
        }
    }
}

/// `2026-12-01 周二` / `2026-12-01 Tue`
fn day_name(app: &App, d: chrono::NaiveDate) -> String {
    format!(
        "{} {}",
        d.format("%Y-%m-%d"),
        i18n::weekday(d.weekday(), app.lang)
    )
}
