//! What a key can ask for. Names are the ones a config file uses.

use serde::Deserialize;

use crate::domain::Outcome;
use crate::i18n::{ActionWord, Lang, Short};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Start the call on the selected lead (claims it, runs `dial_command`).
    Call,
    /// Hang up without logging: the call is not recorded, the claim released.
    HangUp,
    Reached,
    NoAnswer,
    CallbackAt,
    Appointment,
    Visited,
    Ordered,
    Delivered,
    Defeat,
    Invalid,
    Lost,
    Dnc,
    /// A verification call: the defeat is real.
    ConfirmDefeat,
    /// A verification call: the customer is still out of reach.
    ConfirmLost,
    /// A verification call: the customer is back, tracking again.
    CustomerBack,
    Regrade,
    /// A do-not-call customer on the line consents to calls again.
    Consent,
    Search,
    /// Capture a new caller (the inbound agent's form).
    Capture,
    /// Supervisors: the team's day.
    Team,
    /// Supervisors: defeat and invalid requests.
    Requests,
    /// Supervisors: the reports screen (charts and tables).
    Reports,
    /// Supervisors: mark a lead to move.
    Mark,
    /// Supervisors: move the marked (or selected) leads to another agent.
    Move,
    ScriptUp,
    ScriptDown,
    Help,
    Quit,
    /// Leave this screen, form or prompt (asks first if something typed would be lost).
    Back,
    /// Prompts: take this field's answer (the last field saves).
    Confirm,
    /// Forms and prompts: the next field.
    NextField,
    /// Forms and prompts: back to the previous field, to correct it.
    PrevField,
    /// The capture form: save from any field.
    Save,
    /// Prompts: clear the field.
    Clear,
    /// Requests: approve the selected request.
    Approve,
    /// Requests: reject it; the lead returns to the status it had.
    Reject,
    /// Requests: show the selected lead's full number (recorded).
    Reveal,
    /// Team: work the selected agent's queue, acting for them.
    Open,
    /// Reports: the next page.
    NextPage,
    /// Reports: the previous page.
    PrevPage,
    /// Reports: read the figures again.
    Refresh,
    /// Reports: move a wide table left.
    ScrollLeft,
    /// Reports: move a wide table right.
    ScrollRight,
    /// The showroom: the customer arrived and this consultant receives them.
    Arrived,
    /// The showroom: the customer did not come.
    NoShow,
    /// The showroom: defeated in the showroom, with a reason.
    ShowroomDefeat,
    /// The showroom: the consultant's next follow-up day.
    FollowUp,
}

impl Action {
    /// Every action, in the order help lists them.
    pub const ALL: &'static [Action] = &[
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::Top,
        Action::Bottom,
        Action::Call,
        Action::HangUp,
        Action::Reached,
        Action::NoAnswer,
        Action::CallbackAt,
        Action::Appointment,
        Action::Visited,
        Action::Ordered,
        Action::Delivered,
        Action::Defeat,
        Action::Invalid,
        Action::Lost,
        Action::Dnc,
        Action::ConfirmDefeat,
        Action::ConfirmLost,
        Action::CustomerBack,
        Action::Regrade,
        Action::Consent,
        Action::Search,
        Action::Capture,
        Action::Team,
        Action::Requests,
        Action::Reports,
        Action::Mark,
        Action::Move,
        Action::ScriptUp,
        Action::ScriptDown,
        Action::Help,
        Action::Quit,
        Action::Back,
        Action::Confirm,
        Action::NextField,
        Action::PrevField,
        Action::Save,
        Action::Clear,
        Action::Approve,
        Action::Reject,
        Action::Reveal,
        Action::Open,
        Action::NextPage,
        Action::PrevPage,
        Action::Refresh,
        Action::ScrollLeft,
        Action::ScrollRight,
        Action::Arrived,
        Action::NoShow,
        Action::ShowroomDefeat,
        Action::FollowUp,
    ];

    /// The config name (`no_answer`).
    pub fn name(self) -> String {
        format!("{self:?}")
            .chars()
            .enumerate()
            .flat_map(|(i, c)| {
                let lower = c.to_ascii_lowercase();
                if c.is_ascii_uppercase() && i > 0 {
                    vec!['_', lower]
                } else {
                    vec![lower]
                }
            })
            .collect()
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL
            .iter()
            .copied()
            .find(|a| a.name() == name.trim())
    }

    /// The outcome this action logs, if it is one.
    pub fn outcome(self) -> Option<Outcome> {
        Some(match self {
            Action::Reached => Outcome::Reached,
            Action::NoAnswer => Outcome::NoAnswer,
            Action::CallbackAt => Outcome::CallbackAt,
            Action::Appointment => Outcome::Appointment,
            Action::Visited => Outcome::Visited,
            Action::Ordered => Outcome::Ordered,
            Action::Delivered => Outcome::Delivered,
            Action::Defeat => Outcome::Defeat,
            Action::Invalid => Outcome::Invalid,
            Action::Lost => Outcome::Lost,
            Action::Dnc => Outcome::Dnc,
            Action::ConfirmDefeat => Outcome::ConfirmDefeat,
            Action::ConfirmLost => Outcome::ConfirmLost,
            Action::CustomerBack => Outcome::Back,
            _ => return None,
        })
    }

    /// The key bar's word for it where the whole label leaves no room
    /// (80 columns in English): every key stays in the bar.
    pub fn short_label(self, lang: Lang) -> &'static str {
        let short = match self {
            Action::NoAnswer => Short::NoAnswer,
            Action::CallbackAt => Short::CallbackAt,
            Action::Appointment => Short::Appointment,
            Action::Visited => Short::Visited,
            Action::Ordered => Short::Ordered,
            Action::Delivered => Short::Delivered,
            Action::Lost => Short::Lost,
            Action::Dnc => Short::Dnc,
            Action::Regrade => Short::Regrade,
            Action::Capture => Short::Capture,
            Action::Requests => Short::Requests,
            Action::Move => Short::Move,
            Action::HangUp => Short::HangUp,
            Action::ConfirmDefeat => Short::ConfirmDefeat,
            Action::ConfirmLost => Short::ConfirmLost,
            Action::CustomerBack => Short::CustomerBack,
            other => return other.label(lang),
        };
        crate::i18n::short_word(short, self.label(lang), lang)
    }

    /// What the action does, for help and the key bar.
    pub fn label(self, lang: Lang) -> &'static str {
        if let Some(o) = self.outcome() {
            return crate::i18n::outcome(o, lang);
        }
        if let Some(w) = super::showroom::label(self) {
            return w.text(lang);
        }
        let word = match self {
            Action::Up => ActionWord::Up,
            Action::Down => ActionWord::Down,
            Action::PageUp => ActionWord::PageUp,
            Action::PageDown => ActionWord::PageDown,
            Action::Top => ActionWord::Top,
            Action::Bottom => ActionWord::Bottom,
            Action::Call => ActionWord::Call,
            Action::HangUp => ActionWord::HangUp,
            Action::Regrade => ActionWord::Regrade,
            Action::Consent => ActionWord::Consent,
            Action::Search => ActionWord::Search,
            Action::Capture => ActionWord::Capture,
            Action::Team => ActionWord::Team,
            Action::Requests => ActionWord::Requests,
            Action::Reports => ActionWord::Reports,
            Action::Mark => ActionWord::Mark,
            Action::Move => ActionWord::Move,
            Action::ScriptUp => ActionWord::ScriptUp,
            Action::ScriptDown => ActionWord::ScriptDown,
            Action::Help => ActionWord::Help,
            Action::Quit => ActionWord::Quit,
            Action::Back => ActionWord::Back,
            Action::Confirm => ActionWord::Confirm,
            Action::NextField => ActionWord::NextField,
            Action::PrevField => ActionWord::PrevField,
            Action::Save => ActionWord::Save,
            Action::Clear => ActionWord::Clear,
            Action::Approve => ActionWord::Approve,
            Action::Reject => ActionWord::Reject,
            Action::Reveal => ActionWord::Reveal,
            Action::Open => ActionWord::Open,
            Action::NextPage => ActionWord::NextPage,
            Action::PrevPage => ActionWord::PrevPage,
            Action::Refresh => ActionWord::Refresh,
            Action::ScrollLeft => ActionWord::ScrollLeft,
            Action::ScrollRight => ActionWord::ScrollRight,
            _ => return "",
        };
        word.text(lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for a in Action::ALL {
            assert_eq!(Action::from_name(&a.name()), Some(*a), "{}", a.name());
            assert!(!a.label(Lang::Zh).is_empty() && !a.label(Lang::En).is_empty());
        }
        assert_eq!(Action::NoAnswer.name(), "no_answer");
    }
}
