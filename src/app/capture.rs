//! The inbound agent's capture form: usable mid-call, tab order without a
//! mouse, the phone checked while typing (an existing number opens that lead
//! instead), a grade proposed from the expected purchase and overridable,
//! and a half-filled form that survives an accidental Esc.

use chrono::{Duration, NaiveDate};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, Input, Level, Message, Mode};
use crate::domain::horizon;
use crate::domain::models;
use crate::domain::phone::Phone;
use crate::domain::rules::GradeRule;
use crate::domain::text::TextError;
use crate::domain::when::{Moment, WhenError};
use crate::domain::{Grade, Status};
use crate::i18n::Msg;
use crate::store::{Channel, Gender, LeadDetails, NewLead, Payment, PurchaseType};

mod understood;
pub use understood::{
    chosen_grade, match_channel, model_hint, proposed_grade, purchase_date, visit_time,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Phone,
    Gender,
    City,
    Channel,
    Model,
    Purchase,
    Visit,
    CurrentCar,
    PurchaseType,
    Payment,
    Consent,
    Note,
    Grade,
}

impl Field {
    pub const ORDER: &'static [Field] = &[
        Field::Name,
        Field::Phone,
        Field::Gender,
        Field::City,
        Field::Channel,
        Field::Model,
        Field::Purchase,
        Field::Visit,
        Field::CurrentCar,
        Field::PurchaseType,
        Field::Payment,
        Field::Consent,
        Field::Note,
        Field::Grade,
    ];

    /// Fields chosen from a short list with ← → (or a letter), not typed.
    pub fn is_choice(self) -> bool {
        matches!(
            self,
            Field::Gender | Field::PurchaseType | Field::Payment | Field::Consent | Field::Grade
        )
    }
}

/// What the phone field says while the agent types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneCheck {
    Empty,
    Invalid(String),
    New(Phone),
    /// The number belongs to this lead already.
    Existing {
        phone: Phone,
        lead: i64,
        name: String,
        /// Whose lead it is (the owner's name), if anyone's.
        owner: Option<String>,
        /// The customer is on the do-not-call list: only their new consent
        /// brings the lead back (`consent::save_existing`).
        dnc: bool,
    },
    DoNotCall(Phone),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptureForm {
    pub focus: usize,
    pub inputs: Vec<Input>,
    /// Choice fields: index into their options (0 = not given).
    pub gender: usize,
    pub purchase_type: usize,
    pub payment: usize,
    pub consent: usize,
    /// 0 = the proposed grade, else 1-based index into the grade scale.
    pub grade: usize,
    pub phone: PhoneCheck,
    /// What the model field says of its text ([`model_hint`]), worked out
    /// when the text or the model list changes, not at every frame; and the
    /// text it was worked out for.
    pub model: Option<(bool, String)>,
    model_for: String,
    pub armed_esc: bool,
}

pub const CONSENT_OPTIONS: usize = 3; // not asked, agreed on this call, refused
pub const CONSENT_AGREED: usize = 1;
pub const CONSENT_REFUSED: usize = 2;

impl CaptureForm {
    /// The lead saving this form writes on, when not a new one: a known
    /// do-not-call caller, whose new consent is all it records. The form
    /// names them by the phone field (`#lead name`).
    pub fn target(&self) -> Option<i64> {
        match self.phone {
            PhoneCheck::Existing {
                lead, dnc: true, ..
            } => Some(lead),
            _ => None,
        }
    }

    pub fn new() -> CaptureForm {
        CaptureForm {
            focus: 0,
            inputs: vec![Input::default(); Field::ORDER.len()],
            gender: 0,
            purchase_type: 0,
            payment: 0,
            consent: 0,
            grade: 0,
            phone: PhoneCheck::Empty,
            model: None,
            model_for: String::new(),
            armed_esc: false,
        }
    }

    pub fn field(&self) -> Field {
        Field::ORDER[self.focus]
    }

    pub fn text(&self, f: Field) -> &str {
        self.inputs[index(f)].text()
    }

    fn has_input(&self) -> bool {
        self.inputs.iter().any(|i| !i.is_empty())
            || self.gender + self.purchase_type + self.payment + self.consent + self.grade > 0
    }
}

impl Default for CaptureForm {
    fn default() -> Self {
        CaptureForm::new()
    }
}

fn index(f: Field) -> usize {
    Field::ORDER.iter().position(|x| *x == f).unwrap_or(0)
}

/// The model list changed (a supervisor edited it): the open form's hint
/// is worked out again.
pub(super) fn models_changed(app: &mut App) {
    let Mode::Capture(form) = &app.mode else {
        return;
    };
    let hint = model_hint(app, &form.model_for);
    if let Mode::Capture(form) = &mut app.mode {
        form.model = hint;
    }
}

pub(super) fn check_phone(app: &App, typed: &str) -> PhoneCheck {
    if typed.trim().is_empty() {
        return PhoneCheck::Empty;
    }
    let phone = match Phone::parse(typed) {
        Ok(p) => p,
        Err(e) => return PhoneCheck::Invalid(crate::i18n::phone_error(&e, app.lang)),
    };
    match app.store.find_by_phone(&phone) {
        Ok(Some(lead)) => {
            let (name, owner, closed) = app
                .store
                .lead(&app.actor, lead, app.now())
                .map(|c| (c.name, c.owner_name, c.status == Status::Dnc))
                .unwrap_or_default();
            let listed = app.store.dnc_contains(&phone).unwrap_or(false);
            PhoneCheck::Existing {
                phone,
                lead,
                name,
                owner,
                dnc: closed || listed,
            }
        }
        _ => match app.store.dnc_contains(&phone) {
            Ok(true) => PhoneCheck::DoNotCall(phone),
            _ => PhoneCheck::New(phone),
        },
    }
}

fn say(app: &mut App, level: Level, text: String) {
    app.message = Some(Message { level, text });
}

pub(super) fn on_key(app: &mut App, key: KeyEvent) {
    let Mode::Capture(mut form) = std::mem::replace(&mut app.mode, Mode::Normal) else {
        return;
    };
    if handle(app, &mut form, key) {
        app.mode = Mode::Capture(form);
    }
}

/// Pasted text (bracketed paste: `138 0013 8000` from a web page) goes
/// into the text field in focus as typed; a list field ignores it.
pub(super) fn on_paste(app: &mut App, text: &str) {
    let Mode::Capture(mut form) = std::mem::replace(&mut app.mode, Mode::Normal) else {
        return;
    };
    let field = form.field();
    if !field.is_choice() {
        form.inputs[form.focus].paste(text);
        form.armed_esc = false;
        recheck(app, &mut form, field);
    }
    app.mode = Mode::Capture(form);
}

/// Returns whether the form stays open.
fn handle(app: &mut App, form: &mut CaptureForm, key: KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let field = form.field();
    let last = Field::ORDER.len() - 1;
    match key.code {
        KeyCode::Esc => {
            if form.has_input() && !form.armed_esc {
                form.armed_esc = true;
                say(app, Level::Warning, app.t(Msg::EscAgain).into());
                return true;
            }
            say(app, Level::Info, app.t(Msg::Cancelled).into());
            return false;
        }
        KeyCode::Char('s') if ctrl => return !save(app, form),
        KeyCode::Enter if field == Field::Phone => {
            match form.phone {
                // A do-not-call customer: ask for their consent first.
                PhoneCheck::Existing { dnc: true, .. } => return super::consent::ask(app, form),
                PhoneCheck::Existing { lead, .. } => return !open_existing(app, form, lead),
                _ => form.focus += 1,
            }
        }
        KeyCode::Enter | KeyCode::Tab | KeyCode::Down
            if field == Field::Model && !accept_model(app, form) => {}
        // The consent of a known do-not-call caller is all there is to save.
        KeyCode::Enter
            if field == Field::Consent
                && matches!(form.phone, PhoneCheck::Existing { dnc: true, .. }) =>
        {
            return !save(app, form)
        }
        KeyCode::Enter if form.focus == last => return !save(app, form),
        // At either end of the form the key says so rather than do nothing.
        KeyCode::Tab | KeyCode::Down if form.focus == last => {
            say(app, Level::Info, app.t(Msg::LastField).into())
        }
        KeyCode::BackTab | KeyCode::Up if form.focus == 0 => {
            say(app, Level::Info, app.t(Msg::FirstField).into())
        }
        KeyCode::Enter | KeyCode::Tab | KeyCode::Down => form.focus = (form.focus + 1).min(last),
        KeyCode::BackTab | KeyCode::Up => form.focus = form.focus.saturating_sub(1),
        KeyCode::Left | KeyCode::Right if field.is_choice() => {
            let n = options(app, field);
            let v = choice(form, field);
            *v = if key.code == KeyCode::Right {
                (*v + 1) % n
            } else {
                (*v + n - 1) % n
            };
        }
        KeyCode::Char(c) if field.is_choice() && !ctrl => pick_by_letter(app, form, field, c),
        _ if !field.is_choice() && form.inputs[form.focus].edit(&key) => {}
        _ => return true,
    }
    form.armed_esc = false;
    recheck(app, form, field);
    true
}

/// After a key or a paste in `field` (or a draft restored): the phone
/// number is checked against the file again, and the model's hint worked
/// out when its text changed.
pub(super) fn recheck(app: &App, form: &mut CaptureForm, field: Field) {
    match field {
        Field::Phone => form.phone = check_phone(app, form.text(Field::Phone)),
        Field::Model if form.model_for != form.text(Field::Model) => {
            form.model_for = form.text(Field::Model).to_string();
            form.model = model_hint(app, &form.model_for);
        }
        _ => {}
    }
}

/// Leaving the model field forward: the typed model becomes the list's
/// name for it, or the first model it begins (Tab accepts the completion);
/// a model not on the list is refused at the field with the closest
/// names. Returns whether the form may move on.
fn accept_model(app: &mut App, form: &mut CaptureForm) -> bool {
    let typed = form.text(Field::Model).to_string();
    if typed.trim().is_empty() || app.models.is_empty() {
        return true;
    }
    let found = models::resolve(&app.models, &typed)
        .or_else(|| models::complete(&app.models, &typed).first().copied())
        .map(|m| m.name());
    match found {
        Some(name) => {
            form.inputs[form.focus].set(&name);
            true
        }
        None => {
            let e = unknown_model(app, &typed);
            app.error(&e);
            false
        }
    }
}

fn unknown_model(app: &App, typed: &str) -> crate::store::StoreError {
    crate::store::StoreError::Invalid(crate::store::Invalid::UnknownModel {
        given: typed.trim().to_string(),
        closest: models::closest(&app.models, typed, 3)
            .iter()
            .map(|m| m.name())
            .collect(),
    })
}

/// How many options a choice field has (including "not given").
pub fn options(app: &App, field: Field) -> usize {
    match field {
        Field::Gender => 3,
        Field::PurchaseType => 4,
        Field::Payment => 3,
        Field::Consent => CONSENT_OPTIONS,
        Field::Grade => app.rules.grades.len() + 1,
        _ => 1,
    }
}

fn choice(form: &mut CaptureForm, field: Field) -> &mut usize {
    match field {
        Field::Gender => &mut form.gender,
        Field::PurchaseType => &mut form.purchase_type,
        Field::Payment => &mut form.payment,
        Field::Consent => &mut form.consent,
        _ => &mut form.grade,
    }
}

/// A letter picks an option: a grade code, m/f, y/n...
fn pick_by_letter(app: &App, form: &mut CaptureForm, field: Field, c: char) {
    let c = c.to_ascii_lowercase();
    let v = match (field, c) {
        (Field::Grade, _) => app
            .rules
            .grades
            .iter()
            .position(|g| g.code.eq_ignore_ascii_case(&c.to_string()))
            .map(|i| i + 1),
        (Field::Gender, 'm') => Some(1),
        (Field::Gender, 'f') => Some(2),
        (Field::PurchaseType, 'f') => Some(1),
        (Field::PurchaseType, 'r') => Some(2),
        (Field::PurchaseType, 'a') => Some(3),
        (Field::Payment, 'c') => Some(1),
        (Field::Payment, 'l') => Some(2),
        (Field::Consent, 'y') => Some(1),
        (Field::Consent, 'n') => Some(2),
        _ => None,
    };
    if let Some(v) = v {
        *choice(form, field) = v;
    }
}

/// The number is known: open that lead, record that it came in again, and
/// log the next outcome on it as an inbound call. A lead this person may
/// not open (another outbound agent's) is refused, saying whose, and the
/// form stays as typed; returns whether the lead was opened.
pub(super) fn open_existing(app: &mut App, form: &CaptureForm, lead: i64) -> bool {
    if let Err(e) = app.store.lead(&app.actor, lead, app.now()) {
        app.error(&e);
        return false;
    }
    let channel = match_channel(&app.channels, form.text(Field::Channel))
        .map(|c| c.code.clone())
        .unwrap_or_else(|| "hotline".to_string());
    if let Err(e) = app
        .store
        .add_source(&app.actor, lead, &channel, "inbound_call", app.now())
    {
        app.error(&e);
    }
    // The caller is on the line, unless a call is: one at a time.
    if app.call.is_none() {
        app.inbound = Some(lead);
    }
    app.open_lead(lead);
    // The inbound home lists the caller at once.
    if let Err(e) = app.reload() {
        app.error(&e);
    }
    let owner = app
        .card
        .as_ref()
        .filter(|c| c.id == lead)
        .and_then(|c| c.owner_name.clone())
        .unwrap_or_else(|| "-".into());
    say(
        app,
        Level::Info,
        format!(
            "{} · {} {owner}",
            app.t(Msg::KnownCaller),
            app.t(Msg::Owner)
        ),
    );
    true
}

/// The first typed text its field refuses (a control, text-direction or
/// invisible character, or too long), in the form's order, with its field:
/// the form goes there and says why.
fn refused_text(form: &CaptureForm) -> Option<(Field, TextError)> {
    use crate::domain::text::{check, Field as T};
    let texts = [
        (Field::Name, T::Name),
        (Field::City, T::City),
        (Field::Model, T::Model),
        (Field::CurrentCar, T::CurrentCar),
        (Field::Note, T::Note),
    ];
    texts
        .into_iter()
        .find_map(|(f, t)| check(t, form.text(f).trim()).err().map(|e| (f, e)))
}

fn save(app: &mut App, form: &mut CaptureForm) -> bool {
    let fail = |app: &mut App, form: &mut CaptureForm, field: Field, msg: String| {
        form.focus = index(field);
        say(app, Level::Error, msg);
        false
    };
    if let Some((field, e)) = refused_text(form) {
        let m = crate::i18n::text_error(&e, app.lang);
        return fail(app, form, field, m);
    }
    // A known do-not-call customer: their consent decides, nothing else.
    if let (Some(lead), PhoneCheck::Existing { name, .. }) = (form.target(), &form.phone) {
        let name = name.clone();
        return super::consent::save_existing(app, form, lead, &name);
    }
    let name = form.text(Field::Name).trim().to_string();
    if name.is_empty() {
        let m = app.t(Msg::NeedName).to_string();
        return fail(app, form, Field::Name, m);
    }
    let phone = match form.phone.clone() {
        PhoneCheck::DoNotCall(_) if form.consent == CONSENT_REFUSED => {
            return super::consent::refused(app, &name)
        }
        PhoneCheck::New(p) | PhoneCheck::DoNotCall(p) => p,
        PhoneCheck::Existing { lead, .. } => return open_existing(app, form, lead),
        PhoneCheck::Invalid(why) => return fail(app, form, Field::Phone, why),
        PhoneCheck::Empty => {
            let m = app.t(Msg::NeedPhone).to_string();
            return fail(app, form, Field::Phone, m);
        }
    };
    let Some(channel) =
        match_channel(&app.channels, form.text(Field::Channel)).map(|c| c.code.clone())
    else {
        let m = app.t(Msg::NeedChannel).to_string();
        return fail(app, form, Field::Channel, m);
    };
    let model = form.text(Field::Model).trim().to_string();
    if model.is_empty() {
        let m = app.t(Msg::NeedModel).to_string();
        return fail(app, form, Field::Model, m);
    }
    let model = match models::check(&app.models, &model) {
        Ok(name) => name,
        Err(_) => {
            let m = crate::i18n::store_error(&unknown_model(app, &model), app.lang);
            return fail(app, form, Field::Model, m);
        }
    };
    let purchase_by = match purchase_date(app, form.text(Field::Purchase)) {
        Some(Ok(d)) => Some(d),
        Some(Err(e)) => return fail(app, form, Field::Purchase, e),
        None => None,
    };
    let visit_by = match visit_time(app, form.text(Field::Visit)) {
        Some(Ok(at)) => Some(at),
        Some(Err(e)) => return fail(app, form, Field::Visit, e),
        None => None,
    };
    let grade = if form.grade > 0 {
        chosen_grade(app, form)
    } else {
        None
    };
    if grade.is_none() && purchase_by.is_none() {
        let m = app.t(Msg::NeedPurchase).to_string();
        return fail(app, form, Field::Purchase, m);
    }
    let text = |f: Field| Some(form.text(f).trim().to_string()).filter(|s| !s.is_empty());
    let details = LeadDetails {
        gender: [None, Some(Gender::Male), Some(Gender::Female)][form.gender],
        city: text(Field::City),
        current_car: text(Field::CurrentCar),
        purchase_type: [
            None,
            Some(PurchaseType::First),
            Some(PurchaseType::Replacement),
            Some(PurchaseType::Additional),
        ][form.purchase_type],
        payment: [None, Some(Payment::Cash), Some(Payment::Loan)][form.payment],
        consent: (form.consent == 1).then(|| app.t(Msg::ConsentOnCall).to_string()),
    };
    let lead = NewLead {
        name,
        phone: phone.clone(),
        channel,
        model,
        purchase_by,
        visit_by,
        grade: grade.map(Grade::into_string),
        owner: None,
        note: text(Field::Note),
        details,
    };
    let now = app.now();
    match app.store.add_lead(&app.actor, &lead, now) {
        Ok(id) => {
            if form.consent == 2 {
                // The customer refused further calls: the number goes on the list.
                if let Err(e) = app.store.dnc_add(&app.actor, &phone, "capture", None, now) {
                    app.error(&e);
                }
            }
            let owner = app
                .store
                .lead(&app.actor, id, now)
                .ok()
                .and_then(|c| c.owner_name)
                .unwrap_or_default();
            // A caller who refused further calls: say they will not be called.
            let whose = match form.consent {
                CONSENT_REFUSED => crate::i18n::consent_refused(&lead.name, app.lang),
                _ => format!("{} {owner}", app.t(Msg::Owner)),
            };
            let mut text = format!("{} #{id} · {whose}", app.t(Msg::Captured));
            // The refresh may have news; the agent still reads first that
            // the caller was saved.
            app.message = None;
            if let Err(e) = app.reload() {
                app.error(&e);
            }
            if super::inbound::is_home(app) {
                super::inbound::show(app, id);
            }
            if let Some(news) = app.message.take() {
                text = format!("{text} · {}", news.text);
            }
            say(app, Level::Success, text);
            true
        }
        Err(e) => {
            if matches!(e, crate::store::StoreError::DoNotCall { .. }) {
                form.focus = index(Field::Consent);
            }
            app.error(&e);
            false
        }
    }
}
