//! What a key can ask for. Names are the ones a config file uses.

use serde::Deserialize;

use crate::domain::Outcome;
use crate::i18n::Lang;

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
    Regrade,
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
        Action::Regrade,
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
            _ => return None,
        })
    }

    /// The key bar's word for it where the whole label leaves no room
    /// (80 columns in English): every key stays in the bar.
    pub fn short_label(self, lang: Lang) -> &'static str {
        if lang == Lang::Zh {
            return self.label(lang);
        }
        match self {
            Action::NoAnswer => "no ans",
            Action::CallbackAt => "callback",
            Action::Appointment => "appt",
            Action::Visited => "visit",
            Action::Ordered => "order",
            Action::Delivered => "deliver",
            Action::Lost => "lost",
            Action::Dnc => "DNC",
            Action::Regrade => "grade",
            Action::Capture => "new",
            Action::Requests => "requests",
            Action::Move => "move",
            Action::HangUp => "hang up",
            other => other.label(lang),
        }
    }

    /// What the action does, for help and the key bar.
    pub fn label(self, lang: Lang) -> &'static str {
        if let Some(o) = self.outcome() {
            return crate::i18n::outcome(o, lang);
        }
        let (zh, en) = match self {
            Action::Up => ("上一个", "previous"),
            Action::Down => ("下一个", "next"),
            Action::PageUp => ("上一页", "page up"),
            Action::PageDown => ("下一页", "page down"),
            Action::Top => ("第一个", "first"),
            Action::Bottom => ("最后一个", "last"),
            Action::Call => ("拨打", "call"),
            Action::HangUp => ("挂断不记录", "hang up, log nothing"),
            Action::Regrade => ("改级别", "re-grade"),
            Action::Search => ("查找", "find"),
            Action::Capture => ("新客户", "new caller"),
            Action::Team => ("团队", "team"),
            Action::Requests => ("审核", "requests"),
            Action::Reports => ("报表", "reports"),
            Action::Mark => ("标记", "mark"),
            Action::Move => ("转移", "move to agent"),
            Action::ScriptUp => ("话术上翻", "script up"),
            Action::ScriptDown => ("话术下翻", "script down"),
            Action::Help => ("帮助", "help"),
            Action::Quit => ("退出", "quit"),
            Action::Back => ("返回", "back"),
            Action::Confirm => ("确认", "confirm"),
            Action::NextField => ("下一项", "next field"),
            Action::PrevField => ("上一项", "previous field"),
            Action::Save => ("保存", "save"),
            Action::Clear => ("清空", "clear"),
            Action::Approve => ("批准", "approve"),
            Action::Reject => ("驳回", "reject"),
            Action::Reveal => ("完整号码（记录）", "full number (recorded)"),
            Action::Open => ("进入其队列", "their queue"),
            Action::NextPage => ("下一页", "next page"),
            Action::PrevPage => ("上一页", "previous page"),
            Action::Refresh => ("刷新", "refresh"),
            Action::ScrollLeft => ("左移", "left"),
            Action::ScrollRight => ("右移", "right"),
            _ => ("", ""),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
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
