//! What the reports' figures are called: the catalog's report words
//! (`i18n::ReportWord`, here `L`) and the names of the channels, agents,
//! reasons and groups the figures refer to, in one language.

use std::collections::HashMap;

use super::facts::{AgentName, ChannelName, ReasonName, ReportFacts};
use crate::i18n::Lang;
use crate::i18n::Named;

pub use crate::i18n::ReportWord as L;

/// The name of a defeat reason group.
pub fn group(code: &str, lang: Lang) -> String {
    crate::i18n::reason_group(code, lang)
}

impl Named for super::facts::ChannelName {
    fn names(&self) -> (&str, &str) {
        (&self.name_zh, &self.name_en)
    }
}

impl Named for super::facts::ReasonName {
    fn names(&self) -> (&str, &str) {
        (&self.name_zh, &self.name_en)
    }
}

/// The name of a lead status.
pub fn status(code: &str, lang: Lang) -> String {
    use crate::domain::Status;
    match Status::from_code(code) {
        Some(s) => crate::i18n::status(s, lang).to_string(),
        None => code.to_string(),
    }
}

/// Names of what the figures refer to, in one language.
pub struct Names {
    pub lang: Lang,
    channels: HashMap<i64, ChannelName>,
    agents: HashMap<i64, AgentName>,
    /// Each reason with its place on the dealer's list.
    reasons: HashMap<String, (usize, ReasonName)>,
}

impl Names {
    pub fn new(facts: &ReportFacts, lang: Lang) -> Names {
        Names {
            lang,
            channels: facts.channels.iter().map(|c| (c.id, c.clone())).collect(),
            agents: facts.agents.iter().map(|a| (a.id, a.clone())).collect(),
            reasons: facts
                .reasons
                .iter()
                .enumerate()
                .map(|(i, r)| (r.code.clone(), (i, r.clone())))
                .collect(),
        }
    }

    pub fn t(&self, l: L) -> &'static str {
        l.text(self.lang)
    }

    pub fn channel_code(&self, id: i64) -> String {
        self.channels
            .get(&id)
            .map(|c| c.code.clone())
            .unwrap_or_else(|| format!("#{id}"))
    }

    pub fn channel(&self, id: i64) -> String {
        match self.channels.get(&id) {
            Some(c) => c.named(self.lang).to_string(),
            None => format!("#{id}"),
        }
    }

    pub fn login(&self, id: i64) -> String {
        self.agents
            .get(&id)
            .map(|a| a.login.clone())
            .unwrap_or_else(|| self.t(L::Unknown).to_string())
    }

    pub fn agent(&self, id: i64) -> String {
        self.agents
            .get(&id)
            .map(|a| a.name.clone())
            .unwrap_or_default()
    }

    /// A reason's group; a reason not on the list (or none) is "other".
    pub fn reason_group(&self, code: &str) -> String {
        self.reasons
            .get(code)
            .map(|(_, r)| r.group.clone())
            .unwrap_or_else(|| "other".to_string())
    }

    pub fn reason(&self, code: &str) -> String {
        match self.reasons.get(code) {
            Some((_, r)) => r.named(self.lang).to_string(),
            None if code.is_empty() => self.t(L::NoReason).to_string(),
            None => code.to_string(),
        }
    }

    /// A reason's place on the dealer's list; unknown reasons last.
    pub fn reason_order(&self, code: &str) -> usize {
        self.reasons.get(code).map_or(usize::MAX, |(i, _)| *i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_has_both_languages() {
        for l in L::ALL {
            assert!(!l.text(Lang::Zh).is_empty(), "{l:?}");
            assert!(!l.text(Lang::En).is_empty(), "{l:?}");
        }
    }
}
