//! The dealer's tunable rules: the grade scale, the follow-up cadence, calling
//! hours and retry limits. Defaults follow the dealer handbook (README
//! "Grades and cadence"); a dealer changes them in the database's settings,
//! never in code.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use super::Grade;

/// One step of the grade scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeRule {
    /// Short code shown everywhere: `H`, `A`, `B`, `C`.
    pub code: String,
    /// The lead gets this grade when the expected purchase is at most this
    /// many days away. `None` on the last step: everything further away.
    pub purchase_within_days: Option<i64>,
    /// Follow up at least once every this many days.
    pub every_days: i64,
}

impl GradeRule {
    /// This step's grade.
    pub fn grade(&self) -> Grade {
        Grade::of_scale(&self.code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Rules {
    /// Most urgent first.
    pub grades: Vec<GradeRule>,
    /// Days from capture to the first follow-up.
    pub first_follow_up_days: i64,
    /// Calls happen only between these times (local).
    pub calling_start: NaiveTime,
    pub calling_end: NaiveTime,
    /// A no-answer is retried after this many minutes the same day...
    pub retry_after_minutes: i64,
    /// ...at most this many attempts a day, then the next day.
    pub attempts_per_day: u32,
    /// After this many days in a row without reaching the customer the agent
    /// is offered "lost contact".
    pub lost_after_days: u32,
    /// A visit counts as missed this many minutes after its time.
    pub no_show_after_minutes: i64,
}

impl Default for Rules {
    fn default() -> Self {
        let g = |code: &str, within: Option<i64>, every: i64| GradeRule {
            code: code.to_string(),
            purchase_within_days: within,
            every_days: every,
        };
        Rules {
            grades: vec![
                g("H", Some(7), 2),
                g("A", Some(30), 3),
                g("B", Some(60), 7),
                g("C", None, 15),
            ],
            first_follow_up_days: 1,
            calling_start: NaiveTime::from_hms_opt(8, 0, 0).expect("valid time"),
            calling_end: NaiveTime::from_hms_opt(21, 0, 0).expect("valid time"),
            retry_after_minutes: 120,
            attempts_per_day: 3,
            lost_after_days: 3,
            no_show_after_minutes: 120,
        }
    }
}

/// Why edited rules cannot be saved; the catalog (`i18n::rules_error`)
/// names it in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RulesError {
    NoGrades,
    /// A code without a grade's shape ([`super::Grade::parse`]).
    BadGradeCode(String),
    DuplicateGrade(String),
    BadInterval(String),
    NotAscending(String),
    OpenEndedNotLast(String),
    CallingHours {
        start: NaiveTime,
        end: NaiveTime,
    },
    Attempts,
}

impl Rules {
    /// Checks the rules a dealer edited before they are saved.
    pub fn validate(&self) -> Result<(), RulesError> {
        if self.grades.is_empty() {
            return Err(RulesError::NoGrades);
        }
        let mut last = i64::MIN;
        for (i, g) in self.grades.iter().enumerate() {
            if super::Grade::parse(&g.code).is_none() {
                return Err(RulesError::BadGradeCode(g.code.clone()));
            }
            if self.grades[..i].iter().any(|o| o.code == g.code) {
                return Err(RulesError::DuplicateGrade(g.code.clone()));
            }
            if g.every_days < 1 {
                return Err(RulesError::BadInterval(g.code.clone()));
            }
            match g.purchase_within_days {
                Some(d) if d < last => return Err(RulesError::NotAscending(g.code.clone())),
                Some(d) => last = d,
                None if i + 1 != self.grades.len() => {
                    return Err(RulesError::OpenEndedNotLast(g.code.clone()))
                }
                None => {}
            }
        }
        if self.calling_end <= self.calling_start {
            return Err(RulesError::CallingHours {
                start: self.calling_start,
                end: self.calling_end,
            });
        }
        if self.attempts_per_day == 0 {
            return Err(RulesError::Attempts);
        }
        Ok(())
    }

    pub fn grade(&self, code: &str) -> Option<&GradeRule> {
        self.grades
            .iter()
            .find(|g| g.code.eq_ignore_ascii_case(code))
    }

    /// Position of a grade on the scale, 0 = most urgent; unknown grades last.
    pub fn grade_rank(&self, code: &str) -> usize {
        self.grades
            .iter()
            .position(|g| g.code == code)
            .unwrap_or(self.grades.len())
    }

    /// The grade of the scale for what the user typed (`h` -> `H`).
    pub fn grade_code(&self, typed: &str) -> Option<Grade> {
        self.grade(typed.trim()).map(GradeRule::grade)
    }

    /// The grade for a customer who expects to buy on `purchase_by`: the
    /// first step that covers it, else the last (validated rules have one).
    pub fn grade_for_purchase(&self, purchase_by: NaiveDate, today: NaiveDate) -> Grade {
        let days = (purchase_by - today).num_days();
        self.grades
            .iter()
            .find(|g| g.purchase_within_days.is_none_or(|d| days <= d))
            .or(self.grades.last())
            .map(GradeRule::grade)
            .unwrap_or_else(|| Grade::of_scale("?"))
    }

    /// Follow-up interval of a grade in days (the slowest cadence for an unknown grade).
    pub fn every_days(&self, code: &str) -> i64 {
        self.grade(code)
            .map(|g| g.every_days)
            .or_else(|| self.grades.iter().map(|g| g.every_days).max())
            .unwrap_or(7)
    }

    /// Start of calling hours on a day: when a day's calls fall due.
    pub fn day_start(&self, day: NaiveDate) -> NaiveDateTime {
        day.and_time(self.calling_start)
    }

    pub fn within_calling_hours(&self, at: NaiveDateTime) -> bool {
        let t = at.time();
        t >= self.calling_start && t < self.calling_end
    }

    /// The next moment calls are allowed, at or after `at`.
    pub fn next_calling_time(&self, at: NaiveDateTime) -> NaiveDateTime {
        if at.time() < self.calling_start {
            self.day_start(at.date())
        } else if at.time() >= self.calling_end {
            self.day_start(at.date() + Duration::days(1))
        } else {
            at
        }
    }
}
