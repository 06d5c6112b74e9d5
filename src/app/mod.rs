//! The workstation's state: what the screen is about, and how an action
//! changes it. No terminal here: keys come in as events, the view reads the
//! state.

pub mod action;
mod call;
pub mod capture;
mod consent;
mod dial;
mod draft;
pub mod inbound;
pub mod input;
pub mod keymap;
mod prompt;
mod refresh;
pub mod reports;
pub mod reports_showroom;
pub mod showroom;
pub mod supervise;

use std::time::Instant;

use chrono::{Duration, NaiveDateTime};
use crossterm::event::KeyEvent;

pub use action::Action;
pub use input::Input;
pub use keymap::{KeyMode, Keymap};
pub use prompt::{matching_reasons, title as prompt_title, LeadRef, Prompt, Step};

use crate::domain::outcome::CallReport;
use crate::domain::queue::QueueItem;
use crate::domain::script::{self, ScriptKind, ScriptVars};
use crate::domain::{Outcome, Rules, Status};
use crate::i18n::Named;
use crate::i18n::{self, Lang, Msg};
use crate::store::{
    Actor, CallLog, Changes, Channel, DayStats, LeadCard, LeadStore, ReadOnlyCause, Reason,
    StoreError,
};

/// Where "now" comes from: the wall clock, or a fixed start that advances
/// (`DCC_NOW`), or a fixed time in tests.
pub trait Clock {
    fn now(&self) -> NaiveDateTime;
}

/// A clock that starts at `start` and runs in real time.
pub struct RunningClock {
    pub start: NaiveDateTime,
    pub since: Instant,
}

impl Clock for RunningClock {
    fn now(&self) -> NaiveDateTime {
        let ms = self.since.elapsed().as_millis() as i64;
        self.start + Duration::milliseconds(ms)
    }
}

/// A clock that never moves (tests, snapshots).
pub struct FixedClock(pub NaiveDateTime);

impl Clock for FixedClock {
    fn now(&self) -> NaiveDateTime {
        self.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Success,
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub level: Level,
    pub text: String,
}

/// A call the agent has started on a lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenCall {
    pub lead_id: i64,
    /// The customer's name, for the status line.
    pub name: String,
    pub started: NaiveDateTime,
    pub renewed: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Help,
    Prompt(Prompt),
    Capture(Box<capture::CaptureForm>),
    Team(supervise::TeamView),
    Requests(supervise::RequestsView),
    Reports(Box<reports::ReportsView>),
    /// The reports screen before its figures arrive.
    ReportsReading(reports::Reading),
}

/// Settings for a session that come from outside the database.
#[derive(Debug, Clone, Default)]
pub struct Session {
    pub lang: Option<Lang>,
    pub keymap: Option<Keymap>,
    pub dial_command: Option<String>,
    /// Messages to show at start (a broken theme, a bad key binding).
    pub notices: Vec<String>,
}

pub struct App {
    pub store: Box<dyn LeadStore>,
    pub clock: Box<dyn Clock>,
    pub actor: Actor,
    pub lang: Lang,
    pub keymap: Keymap,
    pub rules: Rules,
    pub reasons: Vec<Reason>,
    pub channels: Vec<Channel>,
    /// The dealer's model list, for the capture form's model field.
    pub models: Vec<crate::domain::models::CarModel>,
    pub agents: Vec<crate::store::Agent>,
    /// Leads a supervisor marked to move together.
    pub marked: std::collections::BTreeSet<i64>,
    pub dealer: String,
    pub campaign: String,
    pub dial_command: Option<String>,
    pub location: String,
    /// Why the database is read-only here: the banner says so, and keys
    /// that would write say they cannot.
    pub read_only: Option<ReadOnlyCause>,

    pub queue: Vec<QueueItem>,
    pub selected: usize,
    /// The inbound home: today's captures, and the one selected.
    pub captures: Vec<crate::domain::captured::Captured>,
    pub home_selected: usize,
    /// The sales consultant's home: the expected visits.
    pub showroom: showroom::Home,
    /// A lead opened by search that is not in today's queue.
    pub pinned: Option<i64>,
    pub card: Option<LeadCard>,
    /// Title and filled-in text of the script for the current call.
    pub script: Option<(String, String)>,
    pub script_scroll: u16,
    pub call: Option<OpenCall>,
    /// A known caller opened from the capture form: the next outcome logged
    /// on this lead is an inbound call.
    pub inbound: Option<i64>,
    pub mode: Mode,
    /// The reports screen's figures being read on a worker.
    pub reports_job: Option<reports::Job>,
    /// Help shown over a screen other than the queue (its own keys).
    pub help_over: Option<KeyMode>,
    /// Where the requests list was when a decision was opened.
    pub requests_at: usize,
    /// The newest event seen, for the notice of leads moved by a supervisor.
    pub last_event: Option<i64>,
    pub message: Option<Message>,
    pub stats: DayStats,
    pub data_version: i64,
    /// The store's count of writes at the last look: colleagues' heartbeats
    /// and drafts move `data_version` but re-read nothing.
    pub changes: Changes,
    pub last_refresh: NaiveDateTime,
    /// How many times the screen's data was read again (a new frame).
    pub reloads: u64,
    pub quit: bool,
    /// The draft as last kept in the database (`app::draft`).
    draft_kept: Option<String>,
}

/// How often claims are renewed while a call is open.
const RENEW_EVERY_SECS: i64 = 60;
/// The queue is re-read at least this often, as "now" moves leads between buckets.
const REFRESH_EVERY_SECS: i64 = 30;

impl App {
    pub fn new(
        store: Box<dyn LeadStore>,
        clock: Box<dyn Clock>,
        actor: Actor,
        session: Session,
    ) -> Result<App, StoreError> {
        let now = clock.now();
        let mut app = App {
            rules: store.rules()?,
            reasons: store.reasons()?,
            channels: store.channels()?,
            models: store.models()?,
            agents: store.agents()?,
            marked: Default::default(),
            dealer: store.setting("dealer")?.unwrap_or_default(),
            campaign: store.setting("campaign")?.unwrap_or_default(),
            data_version: store.data_version()?,
            changes: store.changes(actor.agent.id)?,
            reloads: 0,
            location: store.location(),
            read_only: store.read_only_cause(),
            store,
            clock,
            actor,
            lang: session.lang.unwrap_or(Lang::En),
            keymap: session.keymap.unwrap_or_else(Keymap::defaults),
            dial_command: session.dial_command,
            queue: Vec::new(),
            selected: 0,
            captures: Vec::new(),
            home_selected: 0,
            showroom: Default::default(),
            pinned: None,
            card: None,
            script: None,
            script_scroll: 0,
            call: None,
            inbound: None,
            mode: Mode::Normal,
            reports_job: None,
            help_over: None,
            requests_at: 0,
            last_event: None,
            message: None,
            stats: DayStats::default(),
            last_refresh: now,
            quit: false,
            draft_kept: None,
        };
        if !session.notices.is_empty() {
            app.warn(session.notices.join("; "));
        }
        app.reload()?;
        app.resume_call();
        app.restore_draft();
        Ok(app)
    }

    /// A call left open when the connection dropped (its claim still held)
    /// is open again, on its lead, said on the screen.
    fn resume_call(&mut self) {
        let now = self.now();
        let Ok(Some(lead)) = self.store.kept_claim(&self.actor, now) else {
            return;
        };
        if self.store.claim(&self.actor, lead, now).is_err() {
            return;
        }
        self.pinned = self.queue.iter().all(|q| q.lead_id != lead).then_some(lead);
        if let Some(i) = self.queue.iter().position(|q| q.lead_id == lead) {
            self.selected = i;
        }
        if let Err(e) = self.load_card() {
            return self.error(&e);
        }
        let name = self
            .card
            .as_ref()
            .map(|c| c.name.clone())
            .unwrap_or_default();
        self.call = Some(OpenCall {
            lead_id: lead,
            name: name.clone(),
            started: now,
            renewed: now,
        });
        self.say(
            Level::Warning,
            format!(
                "{}{}{name}",
                self.t(Msg::CallResumed),
                crate::i18n::colon(self.lang)
            ),
        );
    }

    pub fn now(&self) -> NaiveDateTime {
        self.clock.now()
    }

    pub fn t(&self, m: Msg) -> &'static str {
        m.text(self.lang)
    }

    fn say(&mut self, level: Level, text: String) {
        self.message = Some(Message { level, text });
    }

    pub fn warn(&mut self, text: String) {
        self.say(Level::Warning, text);
    }

    pub fn error(&mut self, e: &StoreError) {
        let text = i18n::store_error(e, self.lang);
        self.say(Level::Error, text);
    }

    /// Asks the access policy (the same one the store asks) whether this
    /// person may do `op`; if not, says why and returns false.
    pub fn permitted(&mut self, op: crate::domain::access::Op) -> bool {
        match crate::domain::access::check(&self.actor, op) {
            Ok(()) => true,
            Err(denied) => {
                self.error(&StoreError::NotPermitted(denied));
                false
            }
        }
    }

    /// The lead the keys act on: one opened by search, else the selected row.
    pub fn current_lead(&self) -> Option<i64> {
        if showroom::is_home(self) {
            return self.pinned.or(self.showroom.card_lead);
        }
        if inbound::is_home(self) {
            return self
                .pinned
                .or_else(|| self.captures.get(self.home_selected).map(|c| c.lead_id));
        }
        self.pinned
            .or_else(|| self.queue.get(self.selected).map(|q| q.lead_id))
    }

    /// The lead an outcome or a grade applies to: the one on the call while
    /// a call is open, whatever is selected; else the selected lead.
    pub fn target_lead(&self) -> Option<i64> {
        // A known caller on the line (opened from the capture form) is a
        // call too.
        self.call
            .as_ref()
            .map(|c| c.lead_id)
            .or(self.inbound)
            .or_else(|| self.current_lead())
    }

    /// The status (defeated or lost) of the lead the keys act on, when it
    /// waits for its verification call: the keys are the verification's.
    pub fn verifying(&self) -> Option<Status> {
        let id = self.target_lead()?;
        let (status, reason) = match self.card.as_ref().filter(|c| c.id == id) {
            Some(c) => (c.status, c.due_reason),
            None => {
                let q = self.queue.iter().find(|q| q.lead_id == id)?;
                (q.status, Some(q.reason))
            }
        };
        let waits = matches!(status, Status::Defeated | Status::Lost)
            && reason == Some(crate::domain::DueReason::Verification);
        waits.then_some(status)
    }

    /// The key bar of the mode in force: its actions with their keys, less
    /// the ones this person may not use (a supervisor's keys for agents).
    pub fn key_bar(&self) -> Vec<(Action, String)> {
        use crate::domain::access::{check, Op};
        let mode = self.help_over.unwrap_or_else(|| self.key_mode());
        let reading = matches!(self.mode, Mode::ReportsReading(_));
        self.keymap
            .key_bar(mode)
            .into_iter()
            // While the reports are read, leaving is all there is.
            .filter(|(a, _)| !reading || *a == Action::Back)
            // A do-not-call customer's consent: on such a lead only, where
            // this person may record it.
            .filter(|(a, _)| *a != Action::Consent || self.may_record_consent())
            // A verification call confirms what it verifies, not the other.
            .filter(|(a, _)| match a {
                Action::ConfirmDefeat | Action::ConfirmLost => {
                    self.verifying().and_then(Outcome::confirming) == a.outcome()
                }
                _ => true,
            })
            // The inbound home: a caller's outcomes while one is on the line.
            .filter(|(a, _)| {
                mode != KeyMode::Inbound || self.inbound.is_some() || !inbound::needs_caller(*a)
            })
            .filter(|(a, _)| {
                let op = match a {
                    Action::Team => Op::SeeTeamDay,
                    Action::Requests => Op::ReviewRequests,
                    Action::Reports => Op::ReadReports,
                    // Nothing to move in an empty queue (the supervisor's own).
                    Action::Move if self.current_lead().is_none() && self.marked.is_empty() => {
                        return false
                    }
                    Action::Move => Op::Reassign,
                    _ => return true,
                };
                check(&self.actor, op).is_ok()
            })
            .collect()
    }

    /// Which keymap is in force: the mode's.
    pub fn key_mode(&self) -> KeyMode {
        match &self.mode {
            Mode::Normal if inbound::is_home(self) => KeyMode::Inbound,
            Mode::Normal if showroom::is_home(self) => KeyMode::Showroom,
            Mode::Normal if self.verifying().is_some() => KeyMode::Verify,
            Mode::Normal => KeyMode::Queue,
            Mode::Help => KeyMode::Help,
            Mode::Prompt(_) => KeyMode::Prompt,
            Mode::Capture(_) => KeyMode::Capture,
            Mode::Team(_) => KeyMode::Team,
            Mode::Requests(_) => KeyMode::Requests,
            Mode::Reports(_) | Mode::ReportsReading(_) => KeyMode::Reports,
        }
    }

    /// A key from the terminal, read through the keymap of the mode in force.
    pub fn on_key(&mut self, key: KeyEvent) {
        let mode = self.key_mode();
        let action = self.keymap.action_in(mode, &key);
        if action == Some(Action::Quit) && mode != KeyMode::Queue {
            self.mode = Mode::Normal;
            return self.update(Action::Quit);
        }
        if action == Some(Action::Help) && mode != KeyMode::Queue {
            // Help over a screen shows that screen's keys; any key returns,
            // the help key too.
            if self.help_over.take().is_none() {
                self.help_over = Some(mode);
            }
            return;
        }
        if self.help_over.take().is_some() {
            return;
        }
        match &self.mode {
            // Any key closes help.
            Mode::Help => self.mode = Mode::Normal,
            Mode::Prompt(_) => {
                if let Some(k) = self.keymap.text_key(mode, key) {
                    prompt::on_key(self, k)
                }
            }
            Mode::Capture(_) => {
                if let Some(k) = self.keymap.text_key(mode, key) {
                    capture::on_key(self, k)
                }
            }
            Mode::Team(_) => supervise::on_team_key(self, action),
            Mode::Requests(_) => supervise::on_requests_key(self, action),
            Mode::Reports(_) => reports::on_key(self, key, action),
            Mode::ReportsReading(_) => reports::on_reading_key(self, action),
            Mode::Normal => match action {
                Some(action) if mode == KeyMode::Inbound => inbound::on_action(self, action),
                Some(action) if mode == KeyMode::Showroom => showroom::on_action(self, action),
                Some(action) => self.update(action),
                None => {}
            },
        }
    }

    /// Text pasted into the terminal (bracketed paste): typed into the
    /// field in focus of a form or prompt, ignored elsewhere.
    pub fn on_paste(&mut self, text: &str) {
        self.help_over = None;
        match &self.mode {
            Mode::Prompt(_) => prompt::on_paste(self, text),
            Mode::Capture(_) => capture::on_paste(self, text),
            _ => {}
        }
    }

    fn select(&mut self, index: usize) {
        self.pinned = None;
        self.selected = index.min(self.queue.len().saturating_sub(1));
        match self.load_card() {
            // The lead left this queue since the last refresh (moved to a
            // colleague): refresh, which says where it went.
            Err(StoreError::NotPermitted(_)) => {
                if let Err(e) = self.reload() {
                    self.error(&e);
                }
            }
            Err(e) => self.error(&e),
            Ok(()) => {}
        }
    }

    /// What an action does in the normal mode.
    pub fn update(&mut self, action: Action) {
        const PAGE: usize = 10;
        let writes = action.outcome().is_some()
            || matches!(
                action,
                Action::Call | Action::Regrade | Action::Capture | Action::Move | Action::Consent
            );
        if writes && self.read_only.is_some() {
            return self.say(Level::Warning, self.t(Msg::ReadOnlyRefused).into());
        }
        if let Some(outcome) = action.outcome() {
            return self.begin_outcome(outcome);
        }
        match action {
            Action::Up => self.select(self.selected.saturating_sub(1)),
            Action::Down => self.select(self.selected + 1),
            Action::PageUp => self.select(self.selected.saturating_sub(PAGE)),
            Action::PageDown => self.select(self.selected + PAGE),
            Action::Top => self.select(0),
            Action::Bottom => self.select(usize::MAX),
            Action::Call => self.start_call(),
            Action::HangUp => {
                if self.call.is_some() {
                    self.hang_up();
                } else if self.actor.agent.id != self.actor.real.id {
                    // Acting for an agent: back to your own queue.
                    let me = self.actor.real.clone();
                    supervise::act_for(self, me);
                }
            }
            Action::Regrade => self.open_prompt(Step::Grade),
            Action::Consent if self.may_record_consent() => self.open_prompt(Step::Consent),
            Action::Consent => self.say(Level::Warning, self.t(Msg::ConsentNotHere).into()),
            Action::Search => {
                self.mode = Mode::Prompt(Prompt::new(Step::Search { hits: Vec::new() }))
            }
            Action::Capture => self.mode = Mode::Capture(Box::default()),
            Action::Team => supervise::open_team(self),
            Action::Requests => {
                self.requests_at = 0;
                supervise::open_requests(self)
            }
            Action::Reports => reports::open(self),
            Action::Move => supervise::start_move(self),
            Action::Mark => {
                if !self.permitted(crate::domain::access::Op::Reassign) {
                    return;
                }
                if let Some(id) = self.queue.get(self.selected).map(|q| q.lead_id) {
                    if !self.marked.remove(&id) {
                        self.marked.insert(id);
                    }
                    self.select(self.selected + 1);
                }
            }
            Action::ScriptUp => self.script_scroll = self.script_scroll.saturating_sub(3),
            Action::ScriptDown => self.script_scroll = self.script_scroll.saturating_add(3),
            Action::Help => self.mode = Mode::Help,
            Action::Quit => match self.call.as_ref().map(|c| c.lead_id) {
                // Quitting would hang up a call: ask first.
                Some(lead) => match self.lead_ref(lead) {
                    Ok(r) => self.mode = Mode::Prompt(Prompt::on(Step::Quit, r)),
                    Err(_) => {
                        self.hang_up();
                        self.quit = true;
                    }
                },
                None => self.quit = true,
            },
            _ => {}
        }
    }

    /// Leads due today still to call, and how many of them are overdue.
    pub fn counts(&self) -> (usize, usize) {
        let overdue = self.queue.iter().filter(|q| q.days_overdue > 0).count();
        (self.queue.len(), overdue)
    }
}
