//! The domain: grades, cadence, outcomes, the queue order, phone numbers and
//! typed times. Pure code over plain types; "now" is always a parameter.

pub mod lead;
pub mod outcome;
pub mod phone;
pub mod queue;
pub mod rules;
pub mod script;
pub mod when;

pub use lead::{DueReason, FollowUp, Status};
pub use outcome::{CallReport, Outcome, ReasonCodes, Refusal};
pub use rules::Rules;
