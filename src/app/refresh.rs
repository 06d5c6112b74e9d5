//! Keeping the screen true to the file: reloading the queue and the card
//! when colleagues change it, noticing leads moved away, the tick, reference
//! data, background work, and reopening a file swapped underneath.

use super::*;

impl App {
    /// Re-reads the queue, the card and the day's figures, keeping the
    /// selection on the same lead.
    pub fn reload(&mut self) -> Result<(), StoreError> {
        let now = self.now();
        let keep = self.queue.get(self.selected).map(|q| q.lead_id);
        self.queue = self
            .store
            .queue(&self.actor, Some(self.actor.agent.id), now.date(), now)?;
        if let Some(id) = keep {
            if let Some(i) = self.queue.iter().position(|q| q.lead_id == id) {
                self.selected = i;
            }
        }
        self.selected = self.selected.min(self.queue.len().saturating_sub(1));
        self.stats = self
            .store
            .day_stats(&self.actor, self.actor.agent.id, now.date())?;
        if inbound::is_home(self) {
            inbound::reload(self)?;
        }
        if showroom::is_home(self) {
            showroom::reload(self)?;
        }
        self.last_refresh = now;
        self.reloads += 1;
        self.check_prompt_lead();
        self.notice_moves()?;
        let shown = self.card.as_ref().map(|c| (c.id, c.name.clone()));
        match self.load_card() {
            // The lead opened by search (or the caller) left this person's
            // hands since (moved, decided): close it and say so.
            Err(StoreError::NotPermitted(_)) if self.pinned.is_some() => {
                let id = self.pinned.take();
                if self.inbound == id {
                    self.inbound = None;
                }
                let name = shown
                    .filter(|(shown, _)| Some(*shown) == id)
                    .map(|(_, name)| name)
                    .unwrap_or_default();
                self.say(
                    Level::Warning,
                    format!("{name} {}", self.t(Msg::LeadLeftYou)).trim().into(),
                );
                self.load_card()
            }
            other => other,
        }
    }

    /// Leads a supervisor moved to or from this agent since the last look:
    /// said on the screen at the next refresh.
    pub(super) fn notice_moves(&mut self) -> Result<(), StoreError> {
        let (last, moves) = self.store.moves_since(&self.actor, self.last_event)?;
        self.last_event = Some(last);
        if moves.is_empty() {
            return Ok(());
        }
        let me = Some(self.actor.agent.login.as_str());
        let name_of = |login: &Option<String>| {
            let l = login.clone().unwrap_or_default();
            self.agents
                .iter()
                .find(|a| a.login == l)
                .map(|a| a.name.clone())
                .unwrap_or(l)
        };
        let away: Vec<String> = moves
            .iter()
            .filter(|m| m.from.as_deref() == me)
            .map(|m| format!("{} → {}", m.name, name_of(&m.to)))
            .collect();
        let here: Vec<String> = moves
            .iter()
            .filter(|m| m.to.as_deref() == me)
            .map(|m| m.name.clone())
            .collect();
        let mut text = Vec::new();
        if !away.is_empty() {
            text.push(format!(
                "{} {}",
                self.t(Msg::LeadsMovedAway),
                away.join(", ")
            ));
        }
        if !here.is_empty() {
            text.push(format!(
                "{} {}",
                self.t(Msg::LeadsMovedHere),
                here.join(", ")
            ));
        }
        self.say(Level::Warning, text.join(" · "));
        Ok(())
    }

    /// The lead as it is now, for a prompt to keep.
    pub(crate) fn lead_ref(&self, id: i64) -> Result<LeadRef, StoreError> {
        let card = match self.card.as_ref().filter(|c| c.id == id) {
            Some(c) => c.clone(),
            None => self.store.lead(&self.actor, id, self.now())?,
        };
        Ok(LeadRef {
            id,
            name: card.name,
            owner: card.owner,
            status: card.status,
        })
    }

    /// Why a prompt's `lead` is no longer this person's to save, if it is
    /// not: no longer theirs to see, another owner, or (`status`) its
    /// status changed under the prompt.
    fn lead_left(&self, lead: &LeadRef, status: bool) -> Option<String> {
        let now = match self.store.lead(&self.actor, lead.id, self.now()) {
            Ok(c) => c,
            // No longer ours to see: moved to someone else.
            Err(StoreError::NotPermitted(_)) => {
                return Some(format!("{} {}", lead.name, self.t(Msg::LeadLeftYou)))
            }
            Err(e) => return Some(i18n::store_error(&e, self.lang)),
        };
        if now.owner != lead.owner {
            let to = now.owner_name.or(now.owner).unwrap_or_default();
            return Some(format!("{} {} {to}", lead.name, self.t(Msg::LeadMovedTo)));
        }
        if status && now.status != lead.status {
            return Some(format!(
                "{} {} {}",
                lead.name,
                self.t(Msg::LeadNowStatus),
                i18n::status(now.status, self.lang)
            ));
        }
        None
    }

    /// Why an open prompt may no longer save, if it may not: one of its
    /// leads left. A move asks only that its leads are still where they
    /// were (whatever their status); the others that their lead is as it was.
    pub(crate) fn prompt_gone(&self, p: &Prompt) -> Option<String> {
        if let Step::Showroom(a) = &p.step {
            return showroom::prompt_gone(self, p, a);
        }
        let status = !matches!(p.step, Step::MoveTo { .. } | Step::MoveReason { .. });
        let why: Vec<String> = p
            .targets()
            .into_iter()
            .filter_map(|l| self.lead_left(l, status))
            .collect();
        (!why.is_empty()).then(|| why.join(" · "))
    }

    /// After a refresh: an open prompt whose lead left says so.
    pub(super) fn check_prompt_lead(&mut self) {
        let why = match &self.mode {
            Mode::Prompt(p) if p.gone.is_none() => self.prompt_gone(p),
            _ => None,
        };
        if let (Some(why), Mode::Prompt(p)) = (why, &mut self.mode) {
            p.gone = Some(why);
        }
    }

    pub(crate) fn load_card(&mut self) -> Result<(), StoreError> {
        let Some(id) = self.current_lead() else {
            self.card = None;
            self.script = None;
            return Ok(());
        };
        let changed = self.card.as_ref().map(|c| c.id) != Some(id);
        let card = match self.store.lead(&self.actor, id, self.now()) {
            Ok(c) => c,
            Err(e) => {
                // Never another lead's card under this selection.
                self.card = None;
                self.script = None;
                return Err(e);
            }
        };
        self.script = self.script_for(&card)?;
        self.card = Some(card);
        if changed {
            self.script_scroll = 0;
        }
        Ok(())
    }

    pub(super) fn script_for(
        &self,
        card: &LeadCard,
    ) -> Result<Option<(String, String)>, StoreError> {
        let rank = self.rules.grade_rank(card.grade.as_str());
        let reason = self
            .queue
            .iter()
            .find(|q| q.lead_id == card.id)
            .map(|q| q.reason)
            .or(card.due_reason);
        // A known caller on the line gets the inbound script, not the
        // outbound follow-up.
        let kind = if self.inbound == Some(card.id) {
            ScriptKind::Inbound
        } else {
            ScriptKind::for_call(reason, card.status, rank)
        };
        let Some((title, body)) = self.store.script(kind.code(), self.lang.code())? else {
            return Ok(None);
        };
        let vars = ScriptVars {
            customer: card.name.clone(),
            model: card.model.clone(),
            source: card.channel.named(self.lang).to_string(),
            agent: self.actor.agent.name.clone(),
            dealer: self.dealer.clone(),
            visit_time: card
                .appointment
                .map(|v| v.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default(),
            campaign: self.campaign.clone(),
        };
        Ok(Some((title, script::render(&body, &vars))))
    }

    /// Called a few times a second: picks up other agents' changes (a cheap
    /// `data_version` check, then the store's count of writes a workstation
    /// shows), renews the claim of an open call, and re-reads
    /// the queue now and then as time moves leads between buckets.
    pub fn tick(&mut self) {
        if self.store.replaced() {
            return self.reopen_store();
        }
        // Between key presses: the checkpoint after our last save.
        self.store.idle();
        let now = self.now();
        if let Some(call) = &self.call {
            if now - call.renewed >= Duration::seconds(RENEW_EVERY_SECS) {
                let lead = call.lead_id;
                match self.store.claim(&self.actor, lead, now) {
                    Ok(_) => {
                        if let Some(c) = self.call.as_mut() {
                            c.renewed = now;
                        }
                    }
                    Err(e) => self.error(&e),
                }
            }
        }
        let version = match self.store.data_version() {
            Ok(v) => v,
            Err(e) => return self.error(&e),
        };
        let mut changed = false;
        if version != self.data_version {
            // Someone committed: re-read only if it may show here (not a
            // colleague's heartbeat or draft).
            let changes = match self.store.changes(self.actor.agent.id) {
                Ok(c) => c,
                Err(e) => return self.error(&e),
            };
            use crate::domain::access::{check, Op};
            // The showroom's list is every lead's visit of the day.
            let every_lead =
                check(&self.actor, Op::SeeEveryLead).is_ok() || showroom::is_home(self);
            changed = changes.shown_since(self.changes, every_lead);
            self.data_version = version;
            self.changes = changes;
        }
        let stale = now - self.last_refresh >= Duration::seconds(REFRESH_EVERY_SECS);
        if changed || stale {
            if changed {
                if let Err(e) = self.reload_reference() {
                    self.error(&e);
                }
            }
            // The card read before a colleague's change, to tell what the
            // showroom recorded on it.
            let shown = self.card.clone().filter(|_| changed).map(Box::new);
            if let Err(e) = self.reload() {
                self.error(&e);
            }
            showroom::keep_handed(self, shown);
        }
    }

    /// Re-reads what a supervisor may change while the workstation is open:
    /// rules, reasons, channels, agents, the dealer and the campaign.
    pub fn reload_reference(&mut self) -> Result<(), StoreError> {
        self.rules = self.store.rules()?;
        self.reasons = self.store.reasons()?;
        self.channels = self.store.channels()?;
        let models = self.store.models()?;
        if models != self.models {
            self.models = models;
            super::capture::models_changed(self);
        }
        self.agents = self.store.agents()?;
        self.dealer = self.store.setting("dealer")?.unwrap_or_default();
        self.campaign = self.store.setting("campaign")?.unwrap_or_default();
        Ok(())
    }

    /// Takes the results of work done in the background (the reports
    /// screen's figures); returns whether the screen changed. Called between
    /// key presses.
    pub fn poll_background(&mut self) -> bool {
        reports::poll(self)
    }

    /// Waits for work running in the background and applies it: for tests
    /// and benchmarks, which have no tick loop.
    pub fn settle(&mut self) {
        reports::settle(self)
    }

    /// The database path names another file now (a restore, a `mv`): the
    /// store has refused every write since; open the new file and say so.
    pub(super) fn reopen_store(&mut self) {
        let reopened = self.store.reopen().and_then(|()| {
            self.read_only = self.store.read_only_cause();
            self.reload_reference()?;
            self.data_version = self.store.data_version()?;
            self.changes = self.store.changes(self.actor.agent.id)?;
            self.reload()
        });
        match reopened {
            Ok(()) => self.warn(self.t(Msg::FileReplaced).into()),
            Err(e) => self.error(&e),
        }
    }
}
