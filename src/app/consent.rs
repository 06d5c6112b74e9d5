//! A do-not-call customer who calls back: the capture form asks for their
//! new consent before anything else. Agreed: the consent is recorded (who,
//! when, in the lead's history), do-not-call is lifted and the lead is
//! tracked again with a first callback, the caller on the line. Refused:
//! nothing changes, and the agent is told the customer will not be called.

use super::capture::{self, CaptureForm, Field, CONSENT_AGREED, CONSENT_REFUSED};
use super::{App, Level, Message};
use crate::i18n::{self, Msg};

fn say(app: &mut App, level: Level, text: String) {
    app.message = Some(Message { level, text });
}

fn consent_field() -> usize {
    Field::ORDER
        .iter()
        .position(|f| *f == Field::Consent)
        .unwrap_or(0)
}

/// `Enter` on the number of a known do-not-call customer: to the consent
/// field, saying why. The form stays open.
pub(super) fn ask(app: &mut App, form: &mut CaptureForm) -> bool {
    form.focus = consent_field();
    say(app, Level::Warning, app.t(Msg::AskConsent).into());
    true
}

/// Saves the capture form of a known do-not-call caller (`lead`, `name`):
/// returns whether the form closes.
pub(super) fn save_existing(app: &mut App, form: &mut CaptureForm, lead: i64, name: &str) -> bool {
    match form.consent {
        CONSENT_AGREED => {
            let how = app.t(Msg::ConsentOnCall).to_string();
            match app
                .store
                .record_consent(&app.actor, lead, &how, true, app.now())
            {
                Ok(after) => {
                    // The caller is on the line: their lead opens, tracked again.
                    capture::open_existing(app, form, lead);
                    let text = i18n::consent_recorded(name, lead, after.next_due, app.lang);
                    say(app, Level::Success, text);
                    true
                }
                Err(e) => {
                    app.error(&e);
                    false
                }
            }
        }
        CONSENT_REFUSED => refused(app, name),
        _ => {
            form.focus = consent_field();
            say(app, Level::Error, app.t(Msg::AskConsent).into());
            false
        }
    }
}

impl App {
    /// Whether the lead the keys act on is do-not-call and this person may
    /// record its customer's consent: a supervisor, or the agent with that
    /// customer on the line (their call, or the caller they captured).
    pub fn may_record_consent(&self) -> bool {
        let Some(id) = self.target_lead() else {
            return false;
        };
        let dnc = self
            .card
            .as_ref()
            .is_some_and(|c| c.id == id && c.status == crate::domain::Status::Dnc);
        let on_line =
            self.call.as_ref().is_some_and(|c| c.lead_id == id) || self.inbound == Some(id);
        dnc && (on_line || self.actor.real.role == crate::store::Role::Supervisor)
    }

    /// Records the consent typed in the prompt (`how`; empty: agreed on
    /// this call) on `lead`. Returns whether it was saved.
    pub(crate) fn record_consent(&mut self, lead: &super::prompt::LeadRef, how: &str) -> bool {
        let how = match how.trim() {
            "" => self.t(Msg::ConsentOnCall).to_string(),
            typed => typed.to_string(),
        };
        let capture = self.inbound == Some(lead.id);
        match self
            .store
            .record_consent(&self.actor, lead.id, &how, capture, self.now())
        {
            Ok(after) => {
                let text = i18n::consent_recorded(&lead.name, lead.id, after.next_due, self.lang);
                self.message = None;
                if let Err(e) = self.reload() {
                    self.error(&e);
                }
                say(self, Level::Success, text);
                true
            }
            Err(e) => {
                self.error(&e);
                false
            }
        }
    }
}

/// A caller on the do-not-call list who does not consent: nothing is saved,
/// and the message says they will not be called. The form closes.
pub(super) fn refused(app: &mut App, name: &str) -> bool {
    say(app, Level::Info, i18n::consent_refused(name, app.lang));
    true
}
