//! What the capture form understood of what was typed: the channel, the
//! expected purchase and visit, the model from the dealer's list, and the
//! grade chosen or proposed.

use super::*;

/// The channel the typed text names: code or name in either language, or
/// the only channel that starts with it.
pub fn match_channel<'a>(channels: &'a [Channel], typed: &str) -> Option<&'a Channel> {
    let t = typed.trim();
    if t.is_empty() {
        return None;
    }
    let lower = t.to_lowercase();
    channels
        .iter()
        .find(|c| c.code == lower || c.name_zh == t || c.name_en.to_lowercase() == lower)
        .or_else(|| {
            let starts: Vec<&Channel> = channels
                .iter()
                .filter(|c| {
                    c.code.starts_with(&lower)
                        || c.name_zh.starts_with(t)
                        || c.name_en.to_lowercase().starts_with(&lower)
                })
                .collect();
            (starts.len() == 1).then(|| starts[0])
        })
}

/// The expected purchase date: typed as callers say it (a date, `一周内`,
/// `半年内`, `下个月`, `2027-01`: [`horizon::parse`], the importer's reading
/// too), or a quick choice `1`..`4` (within a week, a month, two months,
/// later).
pub fn purchase_date(app: &App, typed: &str) -> Option<Result<NaiveDate, String>> {
    let t = typed.trim();
    let today = app.now().date();
    let quick = match t {
        "" => return None,
        "1" => Some(7),
        "2" => Some(30),
        "3" => Some(60),
        "4" => Some(120),
        _ => None,
    };
    if let Some(days) = quick {
        return Some(Ok(today + Duration::days(days)));
    }
    Some(horizon::parse(t, today).map_err(|e| when_message(app, &e)))
}

/// The expected visit: a day and time as the time fields read them
/// (`周六下午`, `周六 14:00`, `下月3号上午10点`), or a window or date as
/// the expected purchase reads them (`一周内`), a day without a time
/// ([`horizon::visit`]).
pub fn visit_time(app: &App, typed: &str) -> Option<Result<Moment, String>> {
    let t = typed.trim();
    if t.is_empty() {
        return None;
    }
    Some(horizon::visit(t, app.now()).map_err(|e| when_message(app, &e)))
}

fn when_message(app: &App, e: &WhenError) -> String {
    crate::i18n::when_error(e, app.lang)
}

/// What the model field says as the agent types: the list's model it
/// names (`= 凯美瑞 Camry`), the models it may begin (the first is what Tab
/// takes), or that it is on no list with the closest; `(fits, text)`.
pub fn model_hint(app: &App, typed: &str) -> Option<(bool, String)> {
    if typed.trim().is_empty() || app.models.is_empty() {
        return None;
    }
    if let Some(m) = models::resolve(&app.models, typed) {
        return Some((true, format!("= {}", m.name())));
    }
    let options = models::complete(&app.models, typed);
    if !options.is_empty() {
        let names: Vec<String> = options.iter().take(4).map(|m| m.name()).collect();
        return Some((true, format!("Tab → {}", names.join(" · "))));
    }
    Some((
        false,
        crate::i18n::store_error(&unknown_model(app, typed), app.lang),
    ))
}

/// The grade the form will save: the override, else the proposal.
pub fn chosen_grade(app: &App, form: &CaptureForm) -> Option<Grade> {
    if form.grade > 0 {
        return app.rules.grades.get(form.grade - 1).map(GradeRule::grade);
    }
    proposed_grade(app, form)
}

pub fn proposed_grade(app: &App, form: &CaptureForm) -> Option<Grade> {
    match purchase_date(app, form.text(Field::Purchase)) {
        Some(Ok(d)) => Some(app.rules.grade_for_purchase(d, app.now().date())),
        _ => None,
    }
}
