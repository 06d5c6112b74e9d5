//! The SQLite store: one file shared by every agent on one host. This file
//! holds the store type and the operations of `LeadStore`; opening, checking,
//! migrating and the one write path are in `connection.rs`.

use std::cell::Cell;
use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension};

use super::access::allow;
use super::rows::{agent_row, channel_row};
use super::*;
use crate::domain::access::{self, Op};
use crate::domain::outcome;
use crate::domain::text;
use crate::domain::FollowUp;

/// How long a writer waits for another writer before giving up.
pub const BUSY_TIMEOUT_SECS: u64 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// The file must exist and be a dcc-desk database.
    Existing,
    /// Create a new database if there is no file.
    Create,
}

pub struct SqliteStore {
    pub(super) conn: Connection,
    pub(super) path: PathBuf,
    /// Committed since the last checkpoint: the next idle moment moves the
    /// WAL into the database (see [`LeadStore::idle`]).
    pub(super) wrote: Cell<bool>,
    /// The file the path named when it was opened: when the path names
    /// another (a restore, a `mv`), nothing more is written to this one.
    pub(super) file: Option<super::files::FileId>,
}

/// Pages the WAL may hold before a commit checkpoints it itself: a safety
/// net. Checkpoints are done in idle moments ([`LeadStore::idle`]), so that
/// saving an outcome does not pay for copying other agents' pages.
pub(super) const WAL_AUTOCHECKPOINT_PAGES: i64 = 10_000;

impl LeadStore for SqliteStore {
    fn location(&self) -> String {
        self.path.display().to_string()
    }

    fn worker(&self) -> Option<super::OpenWorker> {
        let path = self.path.clone();
        Some(Box::new(move || {
            SqliteStore::open(&path, OpenMode::Existing).map(|s| Box::new(s) as Box<dyn LeadStore>)
        }))
    }

    fn read_only(&self) -> bool {
        SqliteStore::read_only(self)
    }

    fn idle(&self) {
        if self.wrote.replace(false) && !self.read_only() && !self.file_replaced() {
            // PASSIVE: copies what no reader still needs, waits for no one.
            let _ = self
                .conn
                .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
        }
    }

    fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    fn changes(&self, agent: i64) -> Result<Changes> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT shown, leads, unshown,
                        (SELECT n FROM agent_changes WHERE agent_id = ?1)
                 FROM changes",
            )?
            .query_row([agent], |r| {
                Ok(Changes {
                    shown: r.get(0)?,
                    leads: r.get(1)?,
                    unshown: r.get(2)?,
                    mine: r.get::<_, Option<i64>>(3)?.unwrap_or(0),
                })
            })?)
    }

    fn replaced(&self) -> bool {
        self.file_replaced()
    }

    fn reopen(&mut self) -> Result<()> {
        let fresh = SqliteStore::open(&self.path, OpenMode::Existing)?;
        drop(std::mem::replace(self, fresh));
        Ok(())
    }

    fn rules(&self) -> Result<Rules> {
        super::reference::rules(self)
    }

    fn set_rules(&self, actor: &Actor, rules: &Rules, now: NaiveDateTime) -> Result<()> {
        allow(actor, Op::ChangeRules)?;
        rules.validate()?;
        let json = serde_json::to_string(rules).map_err(super::internal)?;
        self.write(|c| super::admin::put_setting(c, actor, "rules", &json, now))
    }

    fn reason_codes(&self) -> Result<ReasonCodes> {
        let mut codes = ReasonCodes::default();
        for r in self.reasons()? {
            match r.list.as_str() {
                "defeat" => codes.defeat.push(r.code),
                _ => codes.invalid.push(r.code),
            }
        }
        Ok(codes)
    }

    fn reasons(&self) -> Result<Vec<Reason>> {
        let mut st = self.conn.prepare_cached(
            "SELECT list, code, grp, name_zh, name_en FROM reasons WHERE active ORDER BY list, id",
        )?;
        let rows = st.query_map([], |r| {
            Ok(Reason {
                list: r.get(0)?,
                code: r.get(1)?,
                group: r.get(2)?,
                name_zh: r.get(3)?,
                name_en: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn channels(&self) -> Result<Vec<Channel>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, code, name_zh, name_en, kind FROM channels WHERE active ORDER BY id",
        )?;
        let rows = st.query_map([], channel_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn channel(&self, given: &str) -> Result<Channel> {
        super::reference::channel(self, given)
    }

    fn agents(&self) -> Result<Vec<Agent>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id, login, name, role, active FROM agents ORDER BY login")?;
        let rows = st.query_map([], agent_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn agent_list(&self, actor: &Actor) -> Result<Vec<Agent>> {
        allow(actor, Op::ListAgents)?;
        self.agents()
    }

    fn agent(&self, login: &str) -> Result<Option<Agent>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id, login, name, role, active FROM agents WHERE login = ?1")?
            .query_row([login], agent_row)
            .optional()?)
    }

    fn identify(&self, login: &str, act_as: Option<&str>) -> Result<Actor> {
        super::agents::identify(self, login, act_as)
    }

    fn add_agent(
        &self,
        actor: Option<&Actor>,
        login: &str,
        name: &str,
        role: Role,
        now: NaiveDateTime,
    ) -> Result<Agent> {
        super::agents::add_agent(self, actor, login, name, role, now)
    }

    fn add_lead(&self, actor: &Actor, lead: &NewLead, now: NaiveDateTime) -> Result<i64> {
        super::intake::check_new_lead(lead, now)?;
        let rules = self.rules()?;
        let channel = self.channel(&lead.channel)?;
        if lead.name.trim().is_empty() {
            return Err(StoreError::Invalid(Invalid::Missing(
                Required::CustomerName,
            )));
        }
        if lead.model.trim().is_empty() {
            return Err(StoreError::Invalid(Invalid::Missing(Required::Model)));
        }
        let grade = match (&lead.grade, lead.purchase_by) {
            (Some(g), _) => outcome::check_grade(&rules, g)?,
            (None, Some(d)) => rules.grade_for_purchase(d, now.date()),
            (None, None) => {
                return Err(StoreError::Invalid(Invalid::Missing(
                    Required::PurchaseOrGrade,
                )))
            }
        };
        let state = FollowUp::new(&grade, &rules, now);
        self.write(|c| {
            // The model as the dealer's list names it (refused if not on it).
            let lead = NewLead {
                model: super::models::canonical(c, &lead.model)?,
                ..lead.clone()
            };
            super::intake::insert_lead(c, actor, &lead, channel.id, &grade, &state, "capture", now)
        })
    }

    fn find_by_phone(&self, phone: &Phone) -> Result<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM leads WHERE phone = ?1")?
            .query_row([phone.as_str()], |r| r.get(0))
            .optional()?)
    }

    fn lead(&self, actor: &Actor, id: i64, now: NaiveDateTime) -> Result<LeadCard> {
        let ties = super::access::ties(&self.conn, id, now)?;
        allow(actor, Op::See(ties))?;
        let mut card = self.lead_card(id, now)?;
        if let ShownPhone::Full(phone) = &card.phone {
            card.phone = ShownPhone::of(phone, access::sees_full_number(actor, &ties));
        }
        Ok(card)
    }

    fn queue(
        &self,
        actor: &Actor,
        agent: Option<i64>,
        day: NaiveDate,
        now: NaiveDateTime,
    ) -> Result<Vec<QueueItem>> {
        match agent {
            Some(a) => allow(actor, Op::SeeQueueOf(a))?,
            None => allow(actor, Op::SeeTeamQueue)?,
        }
        self.queue_of(actor, agent, day, now)
    }

    fn log_call(&self, actor: &Actor, call: &CallLog, now: NaiveDateTime) -> Result<Logged> {
        self.save_call(actor, call, now)
    }

    fn claim(&self, actor: &Actor, lead: i64, now: NaiveDateTime) -> Result<Claim> {
        self.claim_lead(actor, lead, now)
    }

    fn release(&self, actor: &Actor, lead: i64) -> Result<()> {
        self.release_lead(actor, lead)
    }

    fn decide(
        &self,
        actor: &Actor,
        lead: i64,
        approve: bool,
        note: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<Status> {
        self.decide_request(actor, lead, approve, note, now)
    }

    fn find_leads(&self, actor: &Actor, query: &str, limit: usize) -> Result<Vec<LeadHit>> {
        super::queries::find_leads(&self.conn, actor, access::lead_scope(actor), query, limit)
    }

    fn day_stats(&self, actor: &Actor, agent: i64, day: NaiveDate) -> Result<DayStats> {
        allow(actor, Op::SeeQueueOf(agent))?;
        super::queries::day_stats(&self.conn, agent, day)
    }

    fn setting(&self, key: &str) -> Result<Option<String>> {
        super::queries::setting(&self.conn, key)
    }

    fn script(&self, kind: &str, lang: &str) -> Result<Option<(String, String)>> {
        Ok(super::scripts::load(&self.conn, kind, lang)?)
    }

    fn add_source(
        &self,
        actor: &Actor,
        lead: i64,
        channel: &str,
        origin: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let channel = self.channel(channel)?;
        self.write(|c| {
            let lead_ties = super::access::ties(c, lead, now)?;
            allow(
                actor,
                Op::Log {
                    lead: lead_ties,
                    inbound: true,
                },
            )?;
            super::intake::add_source(c, actor, lead, channel.id, origin, now)
        })
    }

    fn dnc_add(
        &self,
        actor: &Actor,
        phone: &Phone,
        origin: &str,
        note: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<bool> {
        super::dnc::dnc_add(self, actor, phone, origin, note, now)
    }

    fn dnc_remove(
        &self,
        actor: &Actor,
        phone: &Phone,
        reason: &str,
        now: NaiveDateTime,
    ) -> Result<bool> {
        super::dnc::dnc_remove(self, actor, phone, reason, now)
    }

    fn record_consent(
        &self,
        actor: &Actor,
        lead: i64,
        consent: &str,
        capture: bool,
        now: NaiveDateTime,
    ) -> Result<FollowUp> {
        self.consent_to_calls(actor, lead, consent, capture, now)
    }

    fn dnc_contains(&self, phone: &Phone) -> Result<bool> {
        Ok(super::intake::dnc_since(&self.conn, phone.as_str())?.is_some())
    }

    fn dnc_list(&self, actor: &Actor) -> Result<Vec<DncEntry>> {
        allow(actor, Op::SeeDncList)?;
        super::intake::dnc_list(&self.conn)
    }

    fn assign_rule(&self) -> Result<AssignRule> {
        super::intake::assign_rule(&self.conn)
    }

    fn set_script(
        &self,
        actor: &Actor,
        kind: &str,
        lang: &str,
        title: &str,
        body: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        allow(actor, Op::EditScripts)?;
        text::check(text::Field::ScriptTitle, title)?;
        text::check(text::Field::Script, body)?;
        self.write(|c| super::admin::set_script(c, actor, kind, lang, title, body, now))
    }

    fn set_setting(&self, actor: &Actor, key: &str, value: &str, now: NaiveDateTime) -> Result<()> {
        allow(actor, Op::ChangeSettings)?;
        text::check(text::Field::Setting, value)?;
        super::admin::check_setting(key, value)?;
        self.write(|c| super::admin::put_setting(c, actor, key, value, now))
    }

    fn set_spend(
        &self,
        actor: &Actor,
        channel: &str,
        month: &str,
        cents: i64,
        now: NaiveDateTime,
    ) -> Result<()> {
        allow(actor, Op::SetSpend)?;
        let ch = self.channel(channel)?;
        self.write(|c| super::admin::set_spend(c, actor, ch.id, &ch.code, month, cents, now))
    }

    fn add_reason(
        &self,
        actor: &Actor,
        list: &str,
        code: &str,
        group: &str,
        zh: &str,
        en: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        super::reference::add_reason(self, actor, list, code, group, zh, en, now)
    }

    fn disable_reason(
        &self,
        actor: &Actor,
        list: &str,
        code: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        super::reference::disable_reason(self, actor, list, code, now)
    }

    fn set_target(
        &self,
        actor: &Actor,
        login: &str,
        target: Option<u32>,
        now: NaiveDateTime,
    ) -> Result<()> {
        super::agents::set_target(self, actor, login, target, now)
    }

    fn team_day(&self, actor: &Actor, day: NaiveDate, now: NaiveDateTime) -> Result<Vec<AgentDay>> {
        allow(actor, Op::SeeTeamDay)?;
        super::team::team_day(&self.conn, day, now)
    }

    fn online(&self, actor: &Actor, now: NaiveDateTime) -> Result<Vec<super::Online>> {
        allow(actor, Op::SeeTeamDay)?;
        self.sessions_online(now)
    }

    fn kept_claim(&self, actor: &Actor, now: NaiveDateTime) -> Result<Option<i64>> {
        SqliteStore::kept_claim(self, actor, now)
    }

    fn keep_draft(
        &self,
        actor: &Actor,
        lead: Option<i64>,
        body: &str,
        now: NaiveDateTime,
    ) -> Result<bool> {
        SqliteStore::keep_draft(self, actor, lead, body, now)
    }

    fn draft(&self, actor: &Actor) -> Result<Option<super::Draft>> {
        SqliteStore::draft(self, actor)
    }

    fn drop_draft(&self, actor: &Actor) -> Result<()> {
        SqliteStore::drop_draft(self, actor)
    }

    fn captured_on(
        &self,
        actor: &Actor,
        day: NaiveDate,
    ) -> Result<Vec<crate::domain::captured::Captured>> {
        super::inbound::captured_on(&self.conn, actor, day)
    }

    fn models(&self) -> Result<Vec<crate::domain::models::CarModel>> {
        super::models::list(&self.conn)
    }

    fn add_model(
        &self,
        actor: &Actor,
        model: &crate::domain::models::CarModel,
        now: NaiveDateTime,
    ) -> Result<()> {
        allow(actor, Op::EditModels)?;
        text::check(text::Field::Model, &model.name_zh)?;
        for other in model.name_en.iter().chain(&model.aliases) {
            text::check(text::Field::Model, other)?;
        }
        if model.name_zh.trim().is_empty() {
            return Err(StoreError::Invalid(Invalid::Missing(Required::Model)));
        }
        self.write(|c| super::models::add(c, actor, model, now))
    }

    fn remove_model(&self, actor: &Actor, typed: &str, now: NaiveDateTime) -> Result<String> {
        allow(actor, Op::EditModels)?;
        self.write(|c| super::models::remove(c, actor, typed, now))
    }

    fn pending_requests(&self, actor: &Actor) -> Result<Vec<PendingRequest>> {
        allow(actor, Op::ReviewRequests)?;
        super::team::pending(&self.conn)
    }

    fn moves_since(&self, actor: &Actor, after: Option<i64>) -> Result<(i64, Vec<super::Move>)> {
        super::team::moves_since(&self.conn, &actor.agent.login, after)
    }

    fn reassign(
        &self,
        actor: &Actor,
        leads: &[i64],
        to: &str,
        reason: &str,
        now: NaiveDateTime,
    ) -> Result<usize> {
        super::team::reassign(self, actor, leads, to, reason, now)
    }

    fn set_assign_rule(&self, actor: &Actor, rule: &AssignRule) -> Result<()> {
        super::reference::set_assign_rule(self, actor, rule)
    }

    fn import_leads(
        &self,
        actor: &Actor,
        batch: &ImportBatch,
        now: NaiveDateTime,
        progress: &mut dyn FnMut(usize, usize) -> bool,
    ) -> Result<ImportOutcome> {
        super::import::import_leads(self, actor, batch, now, progress)
    }

    fn undo_import(&self, actor: &Actor, import: i64, now: NaiveDateTime) -> Result<UndoOutcome> {
        super::import_undo::undo(self, actor, import, now)
    }

    fn imports(&self, actor: &Actor, now: NaiveDateTime) -> Result<Vec<ImportRecord>> {
        super::import_undo::list(self, actor, now)
    }

    fn regrade(
        &self,
        actor: &Actor,
        lead: i64,
        grade: &str,
        note: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<Grade> {
        let rules = self.rules()?;
        self.write(|c| {
            allow(actor, Op::Regrade(super::access::ties(c, lead, now)?))?;
            let before = super::lifecycle::follow_up(c, lead)?.state;
            let after = outcome::regrade(&before, grade, &rules, now)?;
            super::lifecycle::save_follow_up(c, actor, lead, &before, &after, note, now)?;
            Ok(after.grade)
        })
    }

    fn report(
        &self,
        actor: &Actor,
        query: &crate::report::ReportQuery,
        now: NaiveDateTime,
    ) -> Result<crate::report::ReportFacts> {
        super::reports::report(self, actor, query, now)
    }

    fn refresh_reports(&self, actor: &Actor) -> Result<u64> {
        allow(actor, Op::ReadReports)?;
        super::fold::refresh(self)
    }

    fn expected_visits(
        &self,
        actor: &Actor,
        day: NaiveDate,
        reveal: bool,
        now: NaiveDateTime,
    ) -> Result<Vec<crate::report::ExpectedVisit>> {
        super::visits::expected_visits(self, actor, day, reveal, now)
    }

    fn calls_per_day(
        &self,
        actor: &Actor,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, u64)>> {
        super::desk::calls_per_day(self, actor, from, to)
    }

    fn reveal_phone(&self, actor: &Actor, lead: i64, now: NaiveDateTime) -> Result<Phone> {
        super::desk::reveal_phone(self, actor, lead, now)
    }
}

impl Drop for SqliteStore {
    /// A command that wrote leaves the WAL checkpointed behind it.
    fn drop(&mut self) {
        self.idle();
        self.forget_replaced();
    }
}
