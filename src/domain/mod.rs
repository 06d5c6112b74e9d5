//! The domain: grades, cadence, outcomes, the queue order, phone numbers and
//! typed times, and the types the other rooms speak of (agents and roles, who
//! acts, the lead card and its history, imports, what is restricted, why the
//! file is read-only). Pure code over plain types; "now" is always a
//! parameter. Nothing here imports the store, the terminal or the catalog.

pub mod access;
pub mod agent;
pub mod batch;
pub mod captured;
pub mod card;
pub mod grade;
pub mod horizon;
pub mod lead;
pub mod limits;
pub mod models;
pub mod numbering;
pub mod outcome;
pub mod phone;
pub mod queue;
pub mod read_only;
pub mod rules;
pub mod script;
pub mod showroom;
pub mod showroom_report;
pub mod sshkey;
pub mod text;
pub mod verification;
pub mod walk_in;
pub mod when;

pub use agent::Role;
pub use card::{ChangeValue, EventKind, Gender, Payment, PurchaseType, VisitState};
pub use grade::Grade;
pub use lead::{DueReason, FollowUp, Status};
pub use outcome::{CallReport, Outcome, ReasonCodes, Refusal};
pub use rules::Rules;
