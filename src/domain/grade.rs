//! A grade of the dealer's scale: a short code (`H`, `A`, `B`, `C` by
//! default; some brands screen on A to D). Not an enum: the scale is the
//! dealer's to edit (DOMAIN.md, "Lead grades and follow-up cadence"), so a
//! lead may keep a grade the current scale no longer has. What makes a grade
//! is its shape: one to eight letters, digits or signs, no space and no
//! control character.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Grade(String);

impl Grade {
    /// The longest code, in characters.
    pub const MAX_CHARS: usize = 8;

    /// A grade code, if `code` has the shape of one.
    pub fn parse(code: &str) -> Option<Grade> {
        let n = code.chars().count();
        let fits = (1..=Grade::MAX_CHARS).contains(&n)
            && code.chars().all(|c| !c.is_whitespace() && !c.is_control());
        fits.then(|| Grade(code.to_string()))
    }

    /// A code of the dealer's scale. The scale's codes are checked
    /// ([`super::rules::Rules::validate`]) before rules are saved and when the
    /// store reads them back, so they have a grade's shape.
    pub(super) fn of_scale(code: &str) -> Grade {
        Grade(code.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl std::fmt::Display for Grade {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A grade compares with its code.
impl PartialEq<str> for Grade {
    fn eq(&self, code: &str) -> bool {
        self.0 == code
    }
}

impl PartialEq<&str> for Grade {
    fn eq(&self, code: &&str) -> bool {
        self.0 == *code
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grade_is_a_short_code_without_spaces_or_control_characters() {
        for good in ["H", "A", "D", "A1", "H+", "热"] {
            assert_eq!(Grade::parse(good).unwrap(), good);
        }
        for bad in ["", " ", "A B", "H\n", "\u{1b}[31m", "ABCDEFGHI"] {
            assert_eq!(Grade::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_scale_with_a_code_that_is_no_grade_is_not_saved() {
        use crate::domain::rules::{Rules, RulesError};
        let mut rules = Rules::default();
        rules.grades[1].code = "A B".into();
        assert_eq!(
            rules.validate(),
            Err(RulesError::BadGradeCode("A B".into()))
        );
        assert_eq!(Rules::default().validate(), Ok(()));
    }
}
