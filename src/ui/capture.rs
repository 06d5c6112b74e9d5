//! The capture form, drawn over the main screen.

use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use super::text::{day_and_weekday, fit, truncate};
use crate::app::capture::{self, CaptureForm, Field, PhoneCheck};
use crate::app::App;
use crate::i18n::Msg;
use crate::i18n::Named;
use crate::theme::Theme;

fn label(f: Field) -> Msg {
    match f {
        Field::Name => Msg::FName,
        Field::Phone => Msg::FPhone,
        Field::Gender => Msg::FGender,
        Field::City => Msg::FCity,
        Field::Channel => Msg::FChannel,
        Field::Model => Msg::FModel,
        Field::Purchase => Msg::FPurchase,
        Field::Visit => Msg::FVisit,
        Field::CurrentCar => Msg::FCurrentCar,
        Field::PurchaseType => Msg::FPurchaseType,
        Field::Payment => Msg::FPayment,
        Field::Consent => Msg::FConsent,
        Field::Note => Msg::FNote,
        Field::Grade => Msg::FGrade,
    }
}

fn choice_text(app: &App, form: &CaptureForm, f: Field) -> String {
    let t = |m: Msg| app.t(m).to_string();
    match f {
        Field::Gender => [t(Msg::NotGiven), t(Msg::Male), t(Msg::Female)][form.gender].clone(),
        Field::PurchaseType => [
            t(Msg::NotGiven),
            t(Msg::First),
            t(Msg::Replacement),
            t(Msg::Additional),
        ][form.purchase_type]
            .clone(),
        Field::Payment => [t(Msg::NotGiven), t(Msg::Cash), t(Msg::Loan)][form.payment].clone(),
        Field::Consent => [
            t(Msg::ConsentNotAsked),
            t(Msg::ConsentOnCall),
            t(Msg::ConsentRefused),
        ][form.consent]
            .clone(),
        Field::Grade => match form.grade {
            0 => match capture::proposed_grade(app, form) {
                Some(g) => format!("{g} ({} · {})", app.t(Msg::Proposed), app.t(Msg::Auto)),
                None => format!("- ({})", app.t(Msg::Auto)),
            },
            i => app
                .rules
                .grades
                .get(i - 1)
                .map(|g| g.code.clone())
                .unwrap_or_default(),
        },
        _ => String::new(),
    }
}

/// What the form says next to a field about what was typed.
fn hint(app: &App, form: &CaptureForm, f: Field, theme: &Theme) -> Option<Span<'static>> {
    match f {
        Field::Phone => match &form.phone {
            PhoneCheck::Empty => None,
            PhoneCheck::Invalid(why) => Some(Span::styled(why.clone(), theme.error)),
            PhoneCheck::New(p) => Some(Span::styled(
                format!("{} {}", app.t(Msg::PhoneNew), p.display()),
                theme.ok,
            )),
            PhoneCheck::Existing {
                lead,
                name,
                owner,
                dnc,
                ..
            } => Some(Span::styled(
                // Whose lead it is, in few cells: the message after Enter
                // names the owner in full.
                format!(
                    "{}#{lead} {name} · {}{}",
                    app.t(Msg::PhoneExisting),
                    owner.as_deref().unwrap_or("-"),
                    if *dnc {
                        format!(
                            " · {}",
                            crate::i18n::status(crate::domain::Status::Dnc, app.lang)
                        )
                    } else {
                        String::new()
                    }
                ),
                if *dnc { theme.error } else { theme.warning },
            )),
            PhoneCheck::DoNotCall(_) => {
                Some(Span::styled(app.t(Msg::PhoneDnc).to_string(), theme.error))
            }
        },
        Field::Channel => {
            let typed = form.text(Field::Channel);
            capture::match_channel(&app.channels, typed).map(|c| {
                let name = c.named(app.lang);
                Span::styled(format!("= {name}"), theme.ok)
            })
        }
        Field::Model => form
            .model
            .clone()
            .map(|(ok, text)| Span::styled(text, if ok { theme.ok } else { theme.error })),
        Field::Purchase => match capture::purchase_date(app, form.text(f)) {
            None => Some(Span::styled(
                app.t(Msg::QuickPurchase).to_string(),
                theme.muted,
            )),
            Some(Ok(d)) => Some(Span::styled(
                format!("= {}", day_and_weekday(app.lang, d)),
                theme.ok,
            )),
            Some(Err(e)) => Some(Span::styled(e, theme.error)),
        },
        Field::Visit => match capture::visit_time(app, form.text(f)) {
            None => None,
            Some(Ok(at)) => Some(Span::styled(
                format!("= {}", crate::i18n::moment(at, app.lang)),
                theme.ok,
            )),
            Some(Err(e)) => Some(Span::styled(e, theme.error)),
        },
        _ if f.is_choice() && form.field() == f => Some(Span::styled(
            app.t(Msg::ChoiceHint).to_string(),
            theme.muted,
        )),
        _ => None,
    }
}

pub fn draw(f: &mut Frame, app: &App, theme: &Theme, form: &CaptureForm, area: Rect) {
    f.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus)
        .title(Span::styled(
            format!(" {} ", app.t(Msg::CaptureTitle)),
            theme.title,
        ));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let label_w = Field::ORDER
        .iter()
        .map(|x| app.t(label(*x)).width())
        .max()
        .unwrap_or(8)
        + 2;
    let value_w = ((inner.width as usize).saturating_sub(label_w) * 2 / 5).clamp(16, 40);
    let mut lines = Vec::new();
    let mut cursor = None;
    // Hints too long for their row, said in full under the form: the
    // focused field's, and every warning (a do-not-call number, a refused
    // date) wherever the focus is.
    let mut in_full: Vec<(Field, Span<'static>)> = Vec::new();
    for (i, field) in Field::ORDER.iter().enumerate() {
        let active = i == form.focus;
        let value = if field.is_choice() {
            format!("‹ {} ›", choice_text(app, form, *field))
        } else {
            form.text(*field).to_string()
        };
        let style = if active { theme.selection } else { theme.text };
        let mut spans = vec![
            Span::styled(
                fit(app.t(label(*field)), label_w),
                if active { theme.accent } else { theme.muted },
            ),
            Span::styled(fit(&value, value_w), style),
            Span::raw(" "),
        ];
        if let Some(h) = hint(app, form, *field, theme) {
            let room = (inner.width as usize).saturating_sub(label_w + value_w + 1);
            if h.content.width() > room && (active || h.style != theme.muted) {
                in_full.push((*field, h.clone()));
            }
            spans.push(Span::styled(truncate(&h.content, room), h.style));
        }
        if active && !field.is_choice() && (i as u16) < inner.height {
            let x =
                inner.x + label_w as u16 + form.inputs[i].cursor_cells().min(value_w as u16 - 1);
            cursor = Some(Position::new(x, inner.y + i as u16));
        }
        lines.push(Line::from(spans));
    }
    if !in_full.is_empty() {
        lines.push(Line::default());
    }
    let width = inner.width as usize;
    for (field, h) in in_full {
        let colon = crate::i18n::colon(app.lang);
        let text = format!("{}{colon}{}", app.t(label(field)), h.content);
        for row in super::text::wrap(&text, width, &[]) {
            lines.push(Line::from(Span::styled(row, h.style)));
        }
    }
    f.render_widget(Paragraph::new(lines), inner);
    if let Some(p) = cursor {
        f.set_cursor_position(p);
    }
}
