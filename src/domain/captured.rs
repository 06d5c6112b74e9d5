//! The inbound agent's day: the callers they captured, or who called again.

use chrono::NaiveDateTime;

/// A caller the agent captured (a new lead) or recorded calling again (a
/// known customer), today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Captured {
    pub lead_id: i64,
    /// When the agent captured them (or recorded the call).
    pub at: NaiveDateTime,
    pub name: String,
    pub model: String,
    pub grade: super::Grade,
    /// The first callback (or the next call, for a known customer).
    pub next_due: Option<NaiveDateTime>,
    /// The agent the lead went to.
    pub owner_name: Option<String>,
    /// A known customer who called again, not a new lead.
    pub returning: bool,
}
