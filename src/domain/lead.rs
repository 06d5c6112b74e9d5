//! The life of a lead: statuses, why a lead is due, and the follow-up state
//! that every call outcome changes.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

macro_rules! coded_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name { $(#[serde(rename = $code)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code used in the database, on the command line and in JSON.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn from_code(code: &str) -> Option<$name> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        /// A value compares with its code.
        impl PartialEq<str> for $name {
            fn eq(&self, code: &str) -> bool {
                self.code() == code
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, code: &&str) -> bool {
                self.code() == *code
            }
        }
    };
}
pub(crate) use coded_enum;

coded_enum! {
    /// Where a lead stands in its life (README, "Grades and cadence").
    Status {
        Tracking => "tracking",
        Appointed => "appointed",
        Visited => "visited",
        Ordered => "ordered",
        Delivered => "delivered",
        DefeatRequested => "defeat_requested",
        Defeated => "defeated",
        InvalidRequested => "invalid_requested",
        Invalid => "invalid",
        Lost => "lost",
        Dnc => "dnc",
        // Taken back with the import that brought it, before anyone
        // worked it (`dcc import undo`); kept, out of every queue.
        Withdrawn => "withdrawn",
    }
}

coded_enum! {
    /// Why a lead is in a queue.
    DueReason {
        FirstFollowUp => "first_follow_up",
        Cadence => "cadence",
        Retry => "retry",
        CustomerTime => "customer_time",
        Confirmation => "confirmation",
        NoShow => "no_show",
        Verification => "verification",
    }
}

impl Status {
    /// Leads the team is still working (tracking, appointed, visited).
    pub fn is_open(self) -> bool {
        matches!(self, Status::Tracking | Status::Appointed | Status::Visited)
    }

    /// Waiting for a supervisor's decision.
    pub fn is_pending(self) -> bool {
        matches!(self, Status::DefeatRequested | Status::InvalidRequested)
    }
}

/// The part of a lead that calls change. Everything the cadence needs to
/// decide who is called when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUp {
    pub status: Status,
    pub grade: super::Grade,
    /// When the lead is next due, `None` when it is in no queue.
    pub next_due: Option<NaiveDateTime>,
    pub due_reason: Option<DueReason>,
    /// Unanswered attempts on `tries_on`.
    pub tries_today: u32,
    pub tries_on: Option<NaiveDate>,
    /// Days in a row on which the customer was not reached.
    pub unreached_days: u32,
    /// The visit the customer agreed to, while one is set.
    pub appointment: Option<NaiveDateTime>,
}

impl FollowUp {
    /// A lead just captured: tracking, first follow-up the next day.
    pub fn new(grade: &super::Grade, rules: &super::rules::Rules, now: NaiveDateTime) -> FollowUp {
        let day = now.date() + chrono::Duration::days(rules.first_follow_up_days);
        FollowUp {
            status: Status::Tracking,
            grade: grade.clone(),
            next_due: Some(rules.day_start(day)),
            due_reason: Some(DueReason::FirstFollowUp),
            tries_today: 0,
            tries_on: None,
            unreached_days: 0,
            appointment: None,
        }
    }

    /// A defeated or lost lead whose verification call has not been made.
    pub fn awaiting_verification(&self) -> bool {
        matches!(self.status, Status::Defeated | Status::Lost)
            && self.due_reason == Some(DueReason::Verification)
    }
}
