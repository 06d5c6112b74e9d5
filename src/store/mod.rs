//! The store: the only room that speaks SQL. Its operations are named in the
//! domain's words and stand behind one trait, [`LeadStore`], so that a
//! server-backed store can be added without touching the workstation.
//! Values cross the SQL boundary typed (`values`): row readers take a
//! status, an outcome or a phone number, never a string to parse back.

mod access;
mod admin;
mod agents;
mod backup;
mod connection;
mod consent;
mod desk;
mod dnc;
mod drafts;
mod files;
mod fold;
mod health;
mod import;
mod import_undo;
mod inbound;
mod intake;
mod invalid;
mod keys;
mod lifecycle;
mod models;
mod queries;
mod reference;
mod reports;
mod restore;
mod rows;
mod schema;
mod scripts;
mod seed;
mod showroom;
mod showroom_report;
mod sqlite;
mod team;
mod values;
mod visits;
mod walk_in;

use chrono::{NaiveDate, NaiveDateTime};

pub use crate::domain::access::{Denied, Restricted, ShownPhone};
pub use crate::domain::agent::{Actor, Agent, AgentDay, AssignRule, DayStats, Role};
pub use crate::domain::batch::{
    ImportBatch, ImportOutcome, ImportRecord, ImportRow, Kept, KeptLead, RowFate, Stopped,
    UndoOutcome,
};
use crate::domain::card::EventKind;
pub use crate::domain::card::{
    CallLog, Channel, Claim, DncEntry, Gender, HistoryEntry, LeadCard, LeadDetails, LeadHit,
    Logged, NewLead, Payment, PendingRequest, PurchaseType, Reason, CLAIM_MINUTES,
};
use crate::domain::lead::{DueReason, FollowUp, Status};
use crate::domain::outcome::{Outcome, ReasonCodes, Refusal};
use crate::domain::phone::Phone;
use crate::domain::queue::QueueItem;
pub use crate::domain::read_only::ReadOnlyCause;
use crate::domain::rules::Rules;
use crate::domain::Grade;
use crate::report::{ExpectedVisit, ReportFacts, ReportQuery};

pub use admin::SETTINGS;
pub use backup::{
    backup_name, backup_time, backups_in, check_backup, prune_backups, runs_as_owner, BackupFacts,
    Operator, BACKUP_PREFIX,
};
pub use drafts::{Draft, DRAFT_MAX_BYTES};
pub use files::{
    check_filesystem, filesystem_of, is_network_fs, mount_of, read_only_cause, sidecar, Checkpoint,
    Mount,
};
pub use health::{inspect, Health, TeamMember, QUICK_CHECK_FROM_BYTES};
pub use invalid::{Copying, DemoData, Invalid, NewFile, Required};
pub use keys::{logins_with_keys, AgentKey, Online, SessionEnd};
pub use restore::{restore_unopenable, Activity, Restored, RECENT_MINUTES};
use rows::{event, fmt_time};
pub use schema::{MIGRATIONS, SCHEMA_VERSION};
pub use showroom::ShowroomStore;
pub use showroom_report::ShowroomReportStore;
pub use sqlite::{OpenMode, SqliteStore};
pub use team::Move;
pub use values::UnknownCode;
pub use walk_in::WalkInStore;

/// What a store operation can fail with, as data: the catalog
/// (`i18n::store_error`, and `Display` in English) names it.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    Missing(String),
    NotADatabase(String),
    Foreign(String),
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    Corrupt(String),
    /// A stored value this dcc-desk does not know (a damaged file, or one
    /// written by a newer version): where it is and what it is.
    UnknownValue(UnknownCode),
    Busy(u64),
    ReadOnly,
    NetworkFs {
        path: String,
        fs_type: String,
        mount_point: String,
    },
    WalUnreadable(String),
    NeedsUpgrade {
        path: String,
        found: i64,
        known: i64,
    },
    Replaced(String),
    AgentsWorking {
        open_calls: i64,
        last_save: Option<NaiveDateTime>,
    },
    DiskFull,
    NotAnAgent {
        login: String,
    },
    /// Named in the user's language by the catalog (`i18n::store_error`).
    NotPermitted(Denied),
    AgentExists(String),
    NoSuchAgent(String),
    KeyExists {
        fingerprint: String,
        login: String,
    },
    NoSuchKey(String),
    NoSuchLead(i64),
    NoSuchChannel {
        given: String,
        known: String,
    },
    DuplicatePhone {
        phone: String,
        existing: i64,
    },
    Claimed {
        lead: i64,
        by: String,
        until: NaiveDateTime,
    },
    Refused(#[from] Refusal),
    DoNotCall {
        phone: String,
        since: NaiveDateTime,
    },
    Invalid(Invalid),
    Rules(#[from] crate::domain::rules::RulesError),
    Text(#[from] crate::domain::text::TextError),
    TimeRange(#[from] crate::domain::limits::TimeRangeError),
    Sql(rusqlite::Error),
    Io {
        path: String,
        err: std::io::Error,
    },
}

/// A value that cannot fail to serialize did: a bug, reported with its detail.
pub(crate) fn internal(e: impl std::fmt::Display) -> StoreError {
    StoreError::Invalid(Invalid::Internal(e.to_string()))
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The operations of the shared lead store, in the domain's words.
/// Opens a store's second connection, on the thread that calls it.
/// The store's count of writes: those any workstation may show (a rule, an
/// agent, the do-not-call list...), those that touched only leads and what
/// hangs on them (a claim, an outcome), those none shows (a session's
/// heartbeat, start and end, a draft); and how many touched one agent's
/// leads or calls.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    pub shown: i64,
    pub leads: i64,
    pub unshown: i64,
    /// Changes to the agent's own leads and calls.
    pub mine: i64,
}

impl Changes {
    /// Whether a commit seen since `before` may change what the agent's
    /// workstation shows: a write any screen shows, a change to their own
    /// leads, any lead's change for someone who sees every lead; or no
    /// counted write at all (a change made around the store, such as
    /// `sqlite3`, is taken as shown).
    pub fn shown_since(self, before: Changes, every_lead: bool) -> bool {
        if self.shown != before.shown || self.mine != before.mine {
            return true;
        }
        if self.leads != before.leads {
            return every_lead;
        }
        self.unshown == before.unshown
    }
}

pub type OpenWorker = Box<dyn FnOnce() -> Result<Box<dyn LeadStore>> + Send>;

pub trait LeadStore: ShowroomStore + ShowroomReportStore {
    /// Where the data lives, for the status line.
    fn location(&self) -> String;
    /// Housekeeping for a moment when the agent is not waiting: after this
    /// process saved something, moves the saved pages from the write-ahead
    /// log into the database (a passive checkpoint), so that saving the next
    /// outcome does not pay for it. Errors are left for the next time.
    fn idle(&self) {}
    /// A number that changes whenever another connection commits.
    fn data_version(&self) -> Result<i64>;
    /// How many writes of each kind the file has seen, and how many touched
    /// `agent`'s leads, to tell whether a commit
    /// [`data_version`](Self::data_version) noticed is one their workstation
    /// shows. A store without the counts says nothing changed
    /// apart, so every commit counts.
    fn changes(&self, agent: i64) -> Result<Changes> {
        let _ = agent;
        Ok(Changes::default())
    }
    /// How to open a second connection to the same data, for work done off
    /// the key path: the worker thread calls it, so opening costs the key
    /// nothing (the reports screen). `None` when the store cannot open one:
    /// the work is then done on the caller's thread.
    fn worker(&self) -> Option<OpenWorker> {
        None
    }
    /// Whether the path no longer names the file open here (a restore or a
    /// `mv` put another file there): every write is refused with
    /// [`StoreError::Replaced`] until [`LeadStore::reopen`].
    fn replaced(&self) -> bool {
        false
    }
    /// Opens the file the path names now, in place of the one open.
    fn reopen(&mut self) -> Result<()> {
        Ok(())
    }
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

    /// The team, for names on the screen (who owns a lead, who moved it).
    fn agents(&self) -> Result<Vec<Agent>>;
    /// The team as `dcc agent list` shows it (supervisors).
    fn agent_list(&self, actor: &Actor) -> Result<Vec<Agent>>;
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
    /// A lead's card, if `actor` may see it; its number is masked unless the
    /// policy lets `actor` see it in full (`domain::access`).
    fn lead(&self, actor: &Actor, id: i64, now: NaiveDateTime) -> Result<LeadCard>;

    /// Leads due by the end of `day`, ordered by the documented rule. `agent`
    /// `None` means the whole team. Numbers are masked as in [`LeadStore::lead`].
    fn queue(
        &self,
        actor: &Actor,
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
    ) -> Result<Grade>;

    /// Leads by any part of the name or number, among those `actor` may see:
    /// an outbound agent's own, everybody's for inbound agents and supervisors.
    fn find_leads(&self, actor: &Actor, query: &str, limit: usize) -> Result<Vec<LeadHit>>;
    /// One agent's day (their own, or any agent's for a supervisor).
    fn day_stats(&self, actor: &Actor, agent: i64, day: NaiveDate) -> Result<DayStats>;
    /// A plain-text setting such as `dealer` or `campaign`.
    fn setting(&self, key: &str) -> Result<Option<String>>;
    /// The call script of a kind in a language (`zh-CN`, `en`): title and template.
    fn script(&self, kind: &str, lang: &str) -> Result<Option<(String, String)>>;

    /// Records that a known lead came in again from a channel (its customer
    /// calling in: the agents who may log that call).
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
    /// Takes a number off the do-not-call list (supervisors; audited with the
    /// reason). Its leads do not come back to a queue by themselves.
    fn dnc_remove(
        &self,
        actor: &Actor,
        phone: &Phone,
        reason: &str,
        now: NaiveDateTime,
    ) -> Result<bool>;
    /// Records that a do-not-call customer consents to calls again (they
    /// called back): `consent` says how. The number leaves the list and the
    /// lead is tracked again with a first callback; the history and the
    /// audit log keep who and when. `capture`: an inbound agent capturing
    /// the caller. Returns the lead's new follow-up state.
    fn record_consent(
        &self,
        actor: &Actor,
        lead: i64,
        consent: &str,
        capture: bool,
        now: NaiveDateTime,
    ) -> Result<FollowUp>;
    fn dnc_contains(&self, phone: &Phone) -> Result<bool>;
    /// The do-not-call numbers (supervisors).
    fn dnc_list(&self, actor: &Actor) -> Result<Vec<DncEntry>>;
    fn assign_rule(&self) -> Result<AssignRule>;

    /// Each agent's day: due, done, overdue and remaining, calls, reached,
    /// appointments (supervisors).
    fn team_day(&self, actor: &Actor, day: NaiveDate, now: NaiveDateTime) -> Result<Vec<AgentDay>>;
    /// Who has a workstation open over SSH now, and since when (supervisors,
    /// part of the team's day).
    fn online(&self, actor: &Actor, now: NaiveDateTime) -> Result<Vec<Online>>;
    /// The lead whose call this agent left open (a dropped connection),
    /// while its claim lasts.
    fn kept_claim(&self, actor: &Actor, now: NaiveDateTime) -> Result<Option<i64>>;
    /// Keeps what the person at the keyboard is typing (a dropped
    /// connection loses none of it), on a lead they may see; `false` when it
    /// is too long to keep.
    fn keep_draft(
        &self,
        actor: &Actor,
        lead: Option<i64>,
        body: &str,
        now: NaiveDateTime,
    ) -> Result<bool>;
    /// The draft the person at the keyboard left, if any.
    fn draft(&self, actor: &Actor) -> Result<Option<Draft>>;
    /// Forgets it: saved, cancelled, or quit normally.
    fn drop_draft(&self, actor: &Actor) -> Result<()>;
    /// The inbound agent's home: the callers the agent (acted as)
    /// captured on `day` or recorded calling again, each once, newest first.
    fn captured_on(
        &self,
        actor: &Actor,
        day: NaiveDate,
    ) -> Result<Vec<crate::domain::captured::Captured>>;
    /// The dealer's model list (empty: the dealer keeps none, any model goes).
    fn models(&self) -> Result<Vec<crate::domain::models::CarModel>>;
    /// Supervisors: adds a model to the list (or renames it), audited.
    fn add_model(
        &self,
        actor: &Actor,
        model: &crate::domain::models::CarModel,
        now: NaiveDateTime,
    ) -> Result<()>;
    /// Supervisors: takes a model off the list, audited; returns its name.
    fn remove_model(&self, actor: &Actor, typed: &str, now: NaiveDateTime) -> Result<String>;
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

    /// Defeat and invalid requests waiting for a supervisor, oldest first;
    /// numbers masked (supervisors).
    fn pending_requests(&self, actor: &Actor) -> Result<Vec<PendingRequest>>;
    /// Leads moved to or from the agent `actor` acts as, by someone else,
    /// after event `after`, oldest first; with `after` None, only the newest
    /// event's id (to start from).
    fn moves_since(&self, actor: &Actor, after: Option<i64>) -> Result<(i64, Vec<team::Move>)>;
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

    /// Writes an import (supervisors and inbound agents): checks every row
    /// first without the write lock, then writes them in short transactions
    /// under one import id. A number already in the database, or met on an
    /// earlier row, gains a source instead of a second lead; a number on the
    /// do-not-call list is refused. `progress` is told (rows done, rows in
    /// all) now and then, and stops the import by returning false.
    fn import_leads(
        &self,
        actor: &Actor,
        batch: &ImportBatch,
        now: NaiveDateTime,
        progress: &mut dyn FnMut(usize, usize) -> bool,
    ) -> Result<ImportOutcome>;

    /// Takes an import back (supervisors): its leads nobody has worked are
    /// withdrawn, the sources it added to other leads removed; audited.
    fn undo_import(&self, actor: &Actor, import: i64, now: NaiveDateTime) -> Result<UndoOutcome>;

    /// The imports, newest first (supervisors).
    fn imports(&self, actor: &Actor, now: NaiveDateTime) -> Result<Vec<ImportRecord>>;

    /// The figures of a report (supervisors only), after folding new history
    /// into the report tables. Phone numbers are masked unless
    /// `query.reveal`, and a reveal is recorded.
    fn report(&self, actor: &Actor, query: &ReportQuery, now: NaiveDateTime)
        -> Result<ReportFacts>;
    /// Folds new history into the report tables (for a supervisor's
    /// reports); returns the rows read.
    fn refresh_reports(&self, actor: &Actor) -> Result<u64>;
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
    fn reveal_phone(&self, actor: &Actor, lead: i64, now: NaiveDateTime) -> Result<Phone>;
}
