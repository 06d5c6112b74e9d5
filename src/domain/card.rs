//! What the workstation and `dcc lead show` display about leads: the card,
//! its history, a new lead, channels and reasons, a search hit, a request
//! waiting for the supervisor, a logged call, a claim.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::domain::access::ShownPhone;
use crate::domain::lead::{coded_enum, DueReason, Status};
use crate::domain::outcome::{CallReport, Outcome};
use crate::domain::phone::Phone;
use crate::domain::showroom::HandoverKind;
use crate::domain::when::Moment;
use crate::domain::Grade;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Channel {
    pub id: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub list: String,
    pub code: String,
    pub group: String,
    pub name_zh: String,
    pub name_en: String,
}

coded_enum! {
    /// First car, a replacement, or an additional car (首购/换购/增购).
    PurchaseType {
        First => "first",
        Replacement => "replacement",
        Additional => "additional",
    }
}

coded_enum! {
    Payment {
        Cash => "cash",
        Loan => "loan",
    }
}

coded_enum! {
    /// What a change in a lead's history changed (its `old` and `new`: a
    /// login, a grade code, a status code; nothing for its creation).
    EventKind {
        Created => "created",
        Owner => "owner",
        Grade => "grade",
        Status => "status",
    }
}

/// What a change in a lead's history changed from or to, typed by the
/// change's kind: a grade (created, grade), a status (status), or an
/// agent's login (owner). Serialized as the bare value, as it is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ChangeValue {
    Grade(Grade),
    Status(Status),
    /// The login of the agent who owned, or now owns, the lead.
    Agent(String),
}

/// A change's value as it is stored: the grade code, the status code, the
/// login.
impl std::fmt::Display for ChangeValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChangeValue::Grade(g) => write!(f, "{g}"),
            ChangeValue::Status(s) => write!(f, "{s}"),
            ChangeValue::Agent(login) => f.write_str(login),
        }
    }
}

coded_enum! {
    /// Where a visit the customer agreed to stands: set, confirmed the day
    /// before, visited or missed; cancelled, or moved to a new time (a new
    /// appointment).
    VisitState {
        Set => "set",
        Confirmed => "confirmed",
        Visited => "visited",
        NoShow => "no_show",
        Cancelled => "cancelled",
        Moved => "moved",
    }
}

impl VisitState {
    /// The customer said yes to the visit the day before, or came.
    pub fn confirmed(self) -> bool {
        matches!(self, VisitState::Confirmed | VisitState::Visited)
    }
}

coded_enum! {
    Gender {
        Male => "m",
        Female => "f",
    }
}

/// What the inbound agent learns beyond the essentials. All optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LeadDetails {
    pub gender: Option<Gender>,
    pub city: Option<String>,
    pub current_car: Option<String>,
    pub purchase_type: Option<PurchaseType>,
    pub payment: Option<Payment>,
    /// How and when the customer agreed to further calls ("电话中口头同意").
    pub consent: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLead {
    pub name: String,
    pub phone: Phone,
    /// Code or name (either language) of the channel.
    pub channel: String,
    pub model: String,
    pub purchase_by: Option<NaiveDate>,
    /// A day, or a day and the time the caller said.
    pub visit_by: Option<Moment>,
    /// An explicit grade; otherwise the grade comes from `purchase_by`.
    pub grade: Option<String>,
    /// Login of the owner; otherwise the acting agent, or for an inbound
    /// agent the dealer's assignment rule.
    pub owner: Option<String>,
    pub note: Option<String>,
    pub details: LeadDetails,
}

/// A defeat or invalid request waiting for the supervisor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PendingRequest {
    pub lead_id: i64,
    pub name: String,
    /// Always masked: a supervisor reveals one with `reveal_phone`.
    pub phone: ShownPhone,
    pub status: Status,
    pub model: String,
    pub grade: Grade,
    pub agent: Option<String>,
    pub agent_name: Option<String>,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub at: Option<NaiveDateTime>,
}

/// A number on the do-not-call list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DncEntry {
    pub phone: String,
    pub added_at: NaiveDateTime,
    pub added_by: Option<String>,
    pub origin: String,
    pub note: Option<String>,
}

/// A lead with everything the card and `dcc lead show` display.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeadCard {
    pub id: i64,
    pub name: String,
    /// Full or masked, as the policy lets the reader see it.
    pub phone: ShownPhone,
    pub channel: Channel,
    pub model: String,
    pub purchase_by: Option<NaiveDate>,
    pub visit_by: Option<Moment>,
    pub grade: Grade,
    pub status: Status,
    pub owner: Option<String>,
    pub owner_name: Option<String>,
    pub next_due: Option<NaiveDateTime>,
    pub due_reason: Option<DueReason>,
    pub appointment: Option<NaiveDateTime>,
    pub unreached_days: u32,
    pub claimed_by: Option<String>,
    pub note: Option<String>,
    pub created_at: NaiveDateTime,
    /// What the inbound agent captured: gender, city, current car, purchase
    /// type, payment, consent.
    pub details: LeadDetails,
    /// The sales consultant it was handed to at the showroom (login, name).
    pub consultant: Option<String>,
    pub consultant_name: Option<String>,
    pub history: Vec<HistoryEntry>,
}

/// One line of a lead's history: a call or a change, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum HistoryEntry {
    Call {
        at: NaiveDateTime,
        ended_at: NaiveDateTime,
        agent: String,
        actor: String,
        outcome: Outcome,
        grade_before: Grade,
        grade_after: Grade,
        reason: Option<String>,
        note: Option<String>,
    },
    Change {
        at: NaiveDateTime,
        agent: String,
        actor: String,
        kind: EventKind,
        old: Option<ChangeValue>,
        new: Option<ChangeValue>,
        note: Option<String>,
    },
    /// What the showroom recorded: an arrival (the handover to the
    /// consultant), no-show, order, delivery, showroom defeat or the
    /// consultant's next follow-up.
    Handover {
        at: NaiveDateTime,
        /// Who recorded it, and the person at the keyboard (logins).
        agent: String,
        actor: String,
        kind: HandoverKind,
        /// The consultant the lead is handed to (login, name).
        consultant: Option<String>,
        consultant_name: Option<String>,
        reason: Option<String>,
        follow_up: Option<NaiveDate>,
        note: Option<String>,
    },
}

impl HistoryEntry {
    pub fn at(&self) -> NaiveDateTime {
        match self {
            HistoryEntry::Call { at, .. }
            | HistoryEntry::Change { at, .. }
            | HistoryEntry::Handover { at, .. } => *at,
        }
    }
}

/// A logged call, as the agent is told it was saved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Logged {
    pub call_id: i64,
    pub lead_id: i64,
    pub outcome: Outcome,
    pub status: Status,
    pub grade: Grade,
    pub next_due: Option<NaiveDateTime>,
    pub due_reason: Option<DueReason>,
    /// The customer has been unreachable long enough to offer "lost contact".
    pub offer_lost: bool,
}

/// An outcome to log, as the agent reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallLog {
    pub lead_id: i64,
    pub outcome: Outcome,
    pub report: CallReport,
    pub note: Option<String>,
    /// When the call started (defaults to `now`).
    pub started: Option<NaiveDateTime>,
    /// The customer called us (an inbound call on a known lead).
    pub inbound: bool,
}

/// A lead found by name or number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeadHit {
    pub lead_id: i64,
    pub name: String,
    pub phone: ShownPhone,
    pub model: String,
    pub grade: Grade,
    pub status: Status,
    pub next_due: Option<NaiveDateTime>,
}

/// A lead held by an agent on a call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Claim {
    pub lead_id: i64,
    pub until: NaiveDateTime,
}

/// How long a call claims a lead; renewed while the call is open.
pub const CLAIM_MINUTES: i64 = 5;
