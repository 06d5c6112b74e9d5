//! The store: the only room that speaks SQL. Its operations are named in the
//! domain's words and stand behind one trait, [`LeadStore`], so that a
//! server-backed store can be added without touching the workstation.

mod admin;
mod desk;
mod files;
mod health;
mod import;
mod intake;
mod lifecycle;
mod queries;
mod reports;
mod schema;
mod scripts;
mod seed;
mod sqlite;
mod team;

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::domain::lead::{coded_enum, DueReason, Status};
use crate::domain::outcome::{CallReport, Outcome, ReasonCodes, Refusal};
use crate::domain::phone::Phone;
use crate::domain::queue::QueueItem;
use crate::domain::rules::Rules;
use crate::report::{ExpectedVisit, ReportFacts, ReportQuery};

pub use admin::SETTINGS;
pub use files::{
    check_filesystem, filesystem_of, is_network_fs, mount_of, read_only_cause, sidecar, Checkpoint,
    Mount, ReadOnlyCause,
};
pub use health::{inspect, Health, TeamMember, QUICK_CHECK_FROM_BYTES};
pub use schema::{MIGRATIONS, SCHEMA_VERSION};
use sqlite::{event, fmt_time};
pub use sqlite::{OpenMode, SqliteStore};

coded_enum! {
    Role {
        Inbound => "inbound",
        Outbound => "outbound",
        Supervisor => "supervisor",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Agent {
    pub id: i64,
    pub login: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
}

/// Who does something: the agent it is done as, and the person at the
/// keyboard (a supervisor acting for an agent with `--as`). Both are recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub agent: Agent,
    pub real: Agent,
}

impl Actor {
    pub fn myself(agent: Agent) -> Actor {
        Actor {
            real: agent.clone(),
            agent,
        }
    }

    pub fn is_supervisor(&self) -> bool {
        self.real.role == Role::Supervisor
    }
}

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
    pub visit_by: Option<NaiveDate>,
    /// An explicit grade; otherwise the grade comes from `purchase_by`.
    pub grade: Option<String>,
    /// Login of the owner; otherwise the acting agent, or for an inbound
    /// agent the dealer's assignment rule.
    pub owner: Option<String>,
    pub note: Option<String>,
    pub details: LeadDetails,
}

/// How new leads captured by inbound agents get an owner (setting `assign`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssignRule {
    /// Each outbound agent in turn (the default).
    RoundRobin,
    /// The outbound agent with the fewest leads scheduled.
    LeastLoaded,
    /// Always this agent.
    Agent(String),
}

impl AssignRule {
    pub fn parse(s: &str) -> Option<AssignRule> {
        match s.trim() {
            "round_robin" | "" => Some(AssignRule::RoundRobin),
            "least_loaded" => Some(AssignRule::LeastLoaded),
            other => other
                .strip_prefix("agent:")
                .map(|l| AssignRule::Agent(l.trim().to_string())),
        }
    }

    pub fn code(&self) -> String {
        match self {
            AssignRule::RoundRobin => "round_robin".into(),
            AssignRule::LeastLoaded => "least_loaded".into(),
            AssignRule::Agent(l) => format!("agent:{l}"),
        }
    }
}

/// One agent's day, for the supervisor's team view.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AgentDay {
    pub agent_id: i64,
    pub login: String,
    pub name: String,
    pub role: String,
    /// Leads still due by the end of the day, of which overdue from earlier
    /// days, and due by now.
    pub remaining: u32,
    pub overdue: u32,
    pub due_now: u32,
    /// Leads called today, calls made, calls that reached the customer,
    /// appointments set.
    pub done: u32,
    pub calls: u32,
    pub reached: u32,
    pub appointments: u32,
    /// Calls a day the agent aims for.
    pub target: u32,
}

/// A defeat or invalid request waiting for the supervisor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PendingRequest {
    pub lead_id: i64,
    pub name: String,
    pub phone: String,
    pub status: Status,
    pub model: String,
    pub grade: String,
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

/// One row of an import file, read and checked. `lead.grade` is the file's
/// grade if it gives one, else the grade follows from `lead.purchase_by`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    /// The row's line in the file (its row number in a workbook).
    pub line: usize,
    pub lead: NewLead,
}

/// The checked rows of one import file, written in one transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportBatch {
    /// Recorded as the origin of every source: `import:<file name>`.
    pub origin: String,
    pub rows: Vec<ImportRow>,
    /// Only say what would happen; write nothing.
    pub dry_run: bool,
    /// Write nothing if any row is refused.
    pub all_or_nothing: bool,
}

/// What an import did (or would do) with one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "fate", rename_all = "snake_case")]
pub enum RowFate {
    /// A new lead; its id once written.
    New { lead: Option<i64> },
    /// The number belongs to a lead in the database: a source was added to it.
    Existing { lead: i64 },
    /// The number came on an earlier line: merged into that line's lead.
    Earlier { line: usize, lead: Option<i64> },
    /// Refused: the number is on the do-not-call list.
    DoNotCall { since: NaiveDateTime },
}

/// The fate of every row of an import, in the batch's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportOutcome {
    pub fates: Vec<RowFate>,
    /// Whether anything was written (not in a dry run, nor when
    /// `all_or_nothing` refused the batch).
    pub written: bool,
}

/// A lead with everything the card and `dcc lead show` display.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeadCard {
    pub id: i64,
    pub name: String,
    pub phone: String,
    pub channel: Channel,
    pub model: String,
    pub purchase_by: Option<NaiveDate>,
    pub visit_by: Option<NaiveDate>,
    pub grade: String,
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
        grade_before: String,
        grade_after: String,
        reason: Option<String>,
        note: Option<String>,
    },
    Change {
        at: NaiveDateTime,
        agent: String,
        actor: String,
        kind: String,
        old: Option<String>,
        new: Option<String>,
        note: Option<String>,
    },
}

impl HistoryEntry {
    pub fn at(&self) -> NaiveDateTime {
        match self {
            HistoryEntry::Call { at, .. } | HistoryEntry::Change { at, .. } => *at,
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
    pub grade: String,
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
    pub phone: String,
    pub model: String,
    pub grade: String,
    pub status: Status,
    pub next_due: Option<NaiveDateTime>,
}

/// An agent's day in figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DayStats {
    pub calls: u32,
    pub leads_called: u32,
    pub reached: u32,
    pub appointments: u32,
    pub per_hour: [u32; 24],
}

/// A lead held by an agent on a call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Claim {
    pub lead_id: i64,
    pub until: NaiveDateTime,
}

/// How long a call claims a lead; renewed while the call is open.
pub const CLAIM_MINUTES: i64 = 5;

/// What only a supervisor (or, for an import, an inbound agent) may do: the
/// refusal names it, in the user's language (`i18n::restricted`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Restricted {
    AddAgents,
    ActFor(String),
    SetTargets,
    SetSpend,
    EditReasons,
    EditScripts,
    ChangeRules,
    ChangeSettings,
    ChangeAssignRule,
    MoveLeads,
    Decide,
    ReadReports,
    RevealNumbers,
    RevealNumbersFlag,
    SeeTeamQueue,
    SeeTeamDay,
    ReviewRequests,
    ImportLeads,
}

impl fmt::Display for Restricted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::i18n::restricted(self, crate::i18n::Lang::En))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no database at {0}: create one with `dcc init` or `dcc demo`")]
    Missing(String),
    #[error("{0} is not a SQLite database; it was left untouched")]
    NotADatabase(String),
    #[error("{0} is a SQLite database of another program, not dcc-desk; it was left untouched")]
    Foreign(String),
    #[error("{path} was written by a newer dcc-desk (schema version {found}); this program knows up to version {known}. The file was left untouched: upgrade dcc-desk")]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("the database is damaged ({0}); nothing was changed. Restore it from a backup, or run `dcc doctor`")]
    Corrupt(String),
    #[error("the database stayed busy for more than {0} s (another program is writing); nothing was saved, your input is kept: try again")]
    Busy(u64),
    #[error("the database is read-only here (you cannot write the file or its folder); nothing was saved. Ask your supervisor to run `dcc doctor`")]
    ReadOnly,
    #[error("{path} is on a network filesystem ({fs_type}, mounted at {mount_point}). SQLite's write-ahead log shares memory between the programs using the file, which only works on one computer: agents on several computers could damage it. Nothing was opened. Put the database on a local disk of one host and let agents log in to that host (for example with ssh)")]
    NetworkFs {
        path: String,
        fs_type: String,
        mount_point: String,
    },
    #[error("{0}-wal holds saved work that cannot be read here (its folder is read-only for you and {0}-shm is missing); nothing was opened. Open it once as a user who can write the folder, or run `dcc doctor`")]
    WalUnreadable(String),
    #[error("{path} has schema version {found} and needs an upgrade to version {known}, but it is read-only here; nothing was changed. Open it once as a user who can write it")]
    NeedsUpgrade {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("the disk is full; nothing was saved. Free some space and try again")]
    DiskFull,
    #[error("{login} is not an agent of this database. A supervisor ({supervisors}) can add them with `dcc agent add {login} --name NAME --role ROLE`")]
    NotAnAgent { login: String, supervisors: String },
    #[error("only a supervisor may {0}")]
    NotPermitted(Restricted),
    #[error("agent {0} already exists")]
    AgentExists(String),
    #[error("no agent {0}")]
    NoSuchAgent(String),
    #[error("no lead {0}")]
    NoSuchLead(i64),
    #[error("no channel {given}; known channels: {known}")]
    NoSuchChannel { given: String, known: String },
    #[error("the phone number {phone} already belongs to lead {existing}; nothing was added")]
    DuplicatePhone { phone: String, existing: i64 },
    #[error("lead {lead} is on a call with {by} until {until}; try again when they are done")]
    Claimed {
        lead: i64,
        by: String,
        until: NaiveDateTime,
    },
    #[error("{0}")]
    Refused(#[from] Refusal),
    #[error("{phone} is on the do-not-call list (since {since}); record the customer's new consent to capture it")]
    DoNotCall { phone: String, since: NaiveDateTime },
    #[error("{0}")]
    Invalid(String),
    #[error("database error: {0}")]
    Sql(rusqlite::Error),
    #[error("{path}: {err}")]
    Io { path: String, err: std::io::Error },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The operations of the shared lead store, in the domain's words.
pub trait LeadStore {
    /// Where the data lives, for the status line.
    fn location(&self) -> String;
    /// Housekeeping for a moment when the agent is not waiting: after this
    /// process saved something, moves the saved pages from the write-ahead
    /// log into the database (a passive checkpoint), so that saving the next
    /// outcome does not pay for it. Errors are left for the next time.
    fn idle(&self) {}
    /// A number that changes whenever another connection commits.
    fn data_version(&self) -> Result<i64>;
    /// Whether the store is open read-only here: every write is refused with
    /// [`StoreError::ReadOnly`], so the workstation shows a banner.
    fn read_only(&self) -> bool {
        false
    }
    /// Why the store is read-only here (`None` when it is not), for the
    /// banner that says so.
    fn read_only_cause(&self) -> Option<ReadOnlyCause> {
        self.read_only()
            .then(|| read_only_cause(std::path::Path::new(&self.location())))
    }

    fn rules(&self) -> Result<Rules>;
    fn set_rules(&self, actor: &Actor, rules: &Rules, now: NaiveDateTime) -> Result<()>;
    fn reason_codes(&self) -> Result<ReasonCodes>;
    fn reasons(&self) -> Result<Vec<Reason>>;
    fn channels(&self) -> Result<Vec<Channel>>;
    fn channel(&self, given: &str) -> Result<Channel>;

    fn agents(&self) -> Result<Vec<Agent>>;
    fn agent(&self, login: &str) -> Result<Option<Agent>>;
    /// The agent behind an operating-system account, or a message saying who can add it.
    fn identify(&self, login: &str, act_as: Option<&str>) -> Result<Actor>;
    /// Adds an agent; only a supervisor may, except for the first one.
    fn add_agent(
        &self,
        actor: Option<&Actor>,
        login: &str,
        name: &str,
        role: Role,
        now: NaiveDateTime,
    ) -> Result<Agent>;

    fn add_lead(&self, actor: &Actor, lead: &NewLead, now: NaiveDateTime) -> Result<i64>;
    fn find_by_phone(&self, phone: &Phone) -> Result<Option<i64>>;
    fn lead(&self, id: i64, now: NaiveDateTime) -> Result<LeadCard>;

    /// Leads due by the end of `day`, ordered by the documented rule. `agent`
    /// `None` means the whole team.
    fn queue(
        &self,
        agent: Option<i64>,
        day: NaiveDate,
        now: NaiveDateTime,
    ) -> Result<Vec<QueueItem>>;

    fn log_call(&self, actor: &Actor, call: &CallLog, now: NaiveDateTime) -> Result<Logged>;
    /// Holds a lead for the person at the keyboard (`actor.real`, so a
    /// supervisor acting for an agent does not share the agent's claim).
    fn claim(&self, actor: &Actor, lead: i64, now: NaiveDateTime) -> Result<Claim>;
    fn release(&self, actor: &Actor, lead: i64) -> Result<()>;
    /// A supervisor approves or rejects a defeat or invalid request.
    fn decide(
        &self,
        actor: &Actor,
        lead: i64,
        approve: bool,
        note: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<Status>;
    fn regrade(
        &self,
        actor: &Actor,
        lead: i64,
        grade: &str,
        note: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<String>;

    /// Leads of `owner` (everybody's with `None`) by any part of the name or number.
    fn find_leads(&self, owner: Option<i64>, query: &str, limit: usize) -> Result<Vec<LeadHit>>;
    fn day_stats(&self, agent: i64, day: NaiveDate) -> Result<DayStats>;
    /// A plain-text setting such as `dealer` or `campaign`.
    fn setting(&self, key: &str) -> Result<Option<String>>;
    /// The call script of a kind in a language (`zh-CN`, `en`): title and template.
    fn script(&self, kind: &str, lang: &str) -> Result<Option<(String, String)>>;

    /// Records that a known lead came in again from a channel (a call, an import).
    fn add_source(
        &self,
        actor: &Actor,
        lead: i64,
        channel: &str,
        origin: &str,
        now: NaiveDateTime,
    ) -> Result<()>;
    /// Puts a number on the do-not-call list; its leads leave every queue.
    fn dnc_add(
        &self,
        actor: &Actor,
        phone: &Phone,
        origin: &str,
        note: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<bool>;
    fn dnc_contains(&self, phone: &Phone) -> Result<bool>;
    fn dnc_list(&self) -> Result<Vec<DncEntry>>;
    fn assign_rule(&self) -> Result<AssignRule>;

    /// Each agent's day: due, done, overdue and remaining, calls, reached, appointments.
    fn team_day(&self, day: NaiveDate, now: NaiveDateTime) -> Result<Vec<AgentDay>>;
    /// Supervisors: a script of a kind and language; unknown variables are refused.
    fn set_script(
        &self,
        actor: &Actor,
        kind: &str,
        lang: &str,
        title: &str,
        body: &str,
        now: NaiveDateTime,
    ) -> Result<()>;
    /// Supervisors: a plain-text setting (see [`SETTINGS`]).
    fn set_setting(&self, actor: &Actor, key: &str, value: &str, now: NaiveDateTime) -> Result<()>;
    /// Supervisors: a channel's spend in a month (`YYYY-MM`), in cents.
    fn set_spend(
        &self,
        actor: &Actor,
        channel: &str,
        month: &str,
        cents: i64,
        now: NaiveDateTime,
    ) -> Result<()>;
    /// Supervisors: add (or re-enable) a reason, or take one off its list.
    #[allow(clippy::too_many_arguments)]
    fn add_reason(
        &self,
        actor: &Actor,
        list: &str,
        code: &str,
        group: &str,
        zh: &str,
        en: &str,
        now: NaiveDateTime,
    ) -> Result<()>;
    fn disable_reason(
        &self,
        actor: &Actor,
        list: &str,
        code: &str,
        now: NaiveDateTime,
    ) -> Result<()>;
    /// Supervisors: an agent's daily call target (`None`: the default).
    fn set_target(
        &self,
        actor: &Actor,
        login: &str,
        target: Option<u32>,
        now: NaiveDateTime,
    ) -> Result<()>;

    /// Defeat and invalid requests waiting for a supervisor, oldest first.
    fn pending_requests(&self) -> Result<Vec<PendingRequest>>;
    /// Moves leads to another agent (supervisors), each move in the event log.
    /// Returns how many changed owner.
    fn reassign(
        &self,
        actor: &Actor,
        leads: &[i64],
        to: &str,
        reason: &str,
        now: NaiveDateTime,
    ) -> Result<usize>;
    fn set_assign_rule(&self, actor: &Actor, rule: &AssignRule) -> Result<()>;

    /// Writes an import in one transaction (supervisors and inbound agents).
    /// A number already in the database, or met on an earlier row, gains a
    /// source instead of a second lead; a number on the do-not-call list is
    /// refused. `progress` is told (rows done, rows in all) now and then.
    fn import_leads(
        &self,
        actor: &Actor,
        batch: &ImportBatch,
        now: NaiveDateTime,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<ImportOutcome>;

    /// The figures of a report (supervisors only), after folding new history
    /// into the report tables. Phone numbers are masked unless
    /// `query.reveal`, and a reveal is recorded.
    fn report(&self, actor: &Actor, query: &ReportQuery, now: NaiveDateTime)
        -> Result<ReportFacts>;
    /// Folds new history into the report tables; returns the rows read.
    fn refresh_reports(&self) -> Result<u64>;
    /// The visits expected on `day`, by time, for the showroom. Numbers are
    /// masked unless `reveal` (supervisors only; the reveal is recorded).
    fn expected_visits(
        &self,
        actor: &Actor,
        day: NaiveDate,
        reveal: bool,
        now: NaiveDateTime,
    ) -> Result<Vec<ExpectedVisit>>;
    /// Calls of the whole team on each day from `from` to `to`, both
    /// included, days without calls as zero (supervisors only; read from the
    /// calls-by-time index, at most a year of days).
    fn calls_per_day(
        &self,
        actor: &Actor,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, u64)>>;
    /// A lead's full phone number (supervisors only); the reveal is recorded
    /// in the reveal log before the number is returned.
    fn reveal_phone(&self, actor: &Actor, lead: i64, now: NaiveDateTime) -> Result<String>;
}
