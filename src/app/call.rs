//! The call on the line: starting it on the selected lead, dialling, the
//! outcome prompt it opens, saving on the lead the call was started on, and
//! what the selection does after a save.

use super::*;

impl App {
    pub(super) fn start_call(&mut self) {
        let Some(lead) = self.current_lead() else {
            return self.say(Level::Warning, self.t(Msg::NoLead).into());
        };
        if let Some(call) = &self.call {
            if call.lead_id != lead {
                // One call at a time: log it or hang up before the next.
                let text = format!(
                    "{} {} · {}",
                    self.t(Msg::OnCallWith),
                    call.name,
                    self.t(Msg::LogOrHangUp)
                );
                return self.say(Level::Warning, text);
            }
            // Already on this call: say so rather than do nothing.
            let text = format!("{} {}", self.t(Msg::OnCallWith), call.name);
            return self.say(Level::Info, text);
        }
        // A known caller on the line is a call too: one at a time.
        if let Some(caller) = self.inbound.filter(|c| *c != lead) {
            let name = self.lead_ref(caller).map(|l| l.name).unwrap_or_default();
            let text = format!(
                "{} {name} · {}",
                self.t(Msg::OnCallWith),
                self.t(Msg::LogOrHangUp)
            );
            return self.say(Level::Warning, text);
        }
        let now = self.now();
        let name = self
            .card
            .as_ref()
            .filter(|c| c.id == lead)
            .map(|c| c.name.clone())
            .unwrap_or_default();
        match self.store.claim(&self.actor, lead, now) {
            Ok(_) => {
                self.call = Some(OpenCall {
                    lead_id: lead,
                    name,
                    started: now,
                    renewed: now,
                });
                self.message = None;
                // On the call, the number is theirs to dial: the card shows it in full.
                if let Err(e) = self.load_card() {
                    self.error(&e);
                }
                let full = self
                    .card
                    .as_ref()
                    .and_then(|c| c.phone.full().map(String::from));
                if let Some(phone) = full {
                    self.dial(&phone);
                }
            }
            Err(e) => self.error(&e),
        }
    }

    /// Runs the configured softphone command, if any, without waiting for it.
    pub(super) fn dial(&mut self, phone: &str) {
        let Some(cmd) = self.dial_command.clone() else {
            return;
        };
        // The number is one argument of digits; no shell reads the line.
        let Some(argv) = dial::argv(&cmd, phone) else {
            return self.warn(format!("dial_command: cannot dial {cmd:?}"));
        };
        let spawned = std::process::Command::new(&argv[0])
            .args(&argv[1..])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        if let Err(e) = spawned {
            self.warn(format!("dial_command: {e}"));
        }
    }

    /// Ends an open call without logging it; the lead is free again.
    pub fn hang_up(&mut self) {
        if let Some(call) = self.call.take() {
            if let Err(e) = self.store.release(&self.actor, call.lead_id) {
                self.error(&e);
            }
        }
    }

    /// Opens a prompt on the lead the keys act on (the one on the call).
    pub(super) fn open_prompt(&mut self, step: Step) {
        let Some(id) = self.target_lead() else {
            return self.say(Level::Warning, self.t(Msg::NoLead).into());
        };
        match self.lead_ref(id) {
            Ok(lead) => self.mode = Mode::Prompt(Prompt::on(step, lead)),
            Err(e) => self.error(&e),
        }
    }

    pub(super) fn begin_outcome(&mut self, outcome: Outcome) {
        // What the lead's state refuses is said at the key, before any field.
        if let Some(id) = self.target_lead() {
            let card = match self.card.as_ref().filter(|c| c.id == id) {
                Some(c) => Ok(c.clone()),
                None => self.store.lead(&self.actor, id, self.now()),
            };
            if let Ok(c) = card {
                let state = crate::domain::FollowUp {
                    status: c.status,
                    grade: c.grade,
                    next_due: c.next_due,
                    due_reason: c.due_reason,
                    tries_today: 0,
                    tries_on: None,
                    unreached_days: c.unreached_days,
                    appointment: c.appointment,
                };
                if let Err(r) = crate::domain::outcome::gate(&state, outcome, &self.rules) {
                    return self.error(&StoreError::Refused(r));
                }
            }
        }
        let step = match outcome {
            Outcome::CallbackAt | Outcome::Appointment => Step::When { outcome },
            Outcome::Defeat | Outcome::Invalid => Step::Reason { outcome },
            _ => Step::Note {
                outcome,
                report: CallReport::default(),
            },
        };
        self.open_prompt(step);
    }

    /// Logs the call on the prompt's lead whole, or not at all. On failure
    /// the prompt stays open with the agent's input.
    pub(crate) fn save(
        &mut self,
        target: &LeadRef,
        outcome: Outcome,
        report: CallReport,
        note: &str,
    ) -> bool {
        let lead = target.id;
        let now = self.now();
        let started = self
            .call
            .as_ref()
            .filter(|c| c.lead_id == lead)
            .map(|c| c.started);
        let call = CallLog {
            lead_id: lead,
            outcome,
            report,
            note: Some(note.to_string()).filter(|n| !n.trim().is_empty()),
            started,
            inbound: self.inbound == Some(lead),
        };
        match self.store.log_call(&self.actor, &call, now) {
            Ok(logged) => {
                if self.call.as_ref().is_some_and(|c| c.lead_id == lead) {
                    self.call = None;
                }
                if self.inbound == Some(lead) {
                    self.inbound = None;
                }
                let name = target.name.clone();
                let next = logged
                    .next_due
                    .map(|d| format!(" → {} {}", self.t(Msg::NextCall), d.format("%m-%d %H:%M")))
                    .unwrap_or_default();
                let mut text = format!(
                    "{}: {name} {}{next}",
                    self.t(Msg::Saved),
                    i18n::outcome(outcome, self.lang)
                );
                if logged.offer_lost {
                    text = format!("{text} · {}", self.t(Msg::OfferLost));
                }
                // The refresh may have news (leads moved); the agent still
                // reads that this call was saved, first.
                self.message = None;
                self.after_save(lead);
                if let Some(news) = self.message.take() {
                    text = format!("{text} · {}", news.text);
                }
                self.say(Level::Success, text);
                if let (Ok(v), Ok(c)) = (
                    self.store.data_version(),
                    self.store.changes(self.actor.agent.id),
                ) {
                    self.data_version = v;
                    self.changes = c;
                }
                true
            }
            Err(e) => {
                self.error(&e);
                false
            }
        }
    }

    /// The queue after a saved outcome: the selection moves on to the next
    /// lead to call, not after the lead just logged wherever it went.
    pub(super) fn after_save(&mut self, lead: i64) {
        let was_selected =
            self.pinned.is_none() && self.queue.get(self.selected).map(|q| q.lead_id) == Some(lead);
        let at = self.selected;
        self.pinned = None;
        if let Err(e) = self.reload() {
            return self.error(&e);
        }
        if was_selected {
            let mut i = at.min(self.queue.len().saturating_sub(1));
            if self.queue.get(i).map(|q| q.lead_id) == Some(lead) && i + 1 < self.queue.len() {
                i += 1;
            }
            self.select(i);
        }
    }

    pub(crate) fn regrade(&mut self, lead: i64, grade: &str) -> bool {
        match self
            .store
            .regrade(&self.actor, lead, grade, None, self.now())
        {
            Ok(g) => {
                let mut text = format!("{} {g}", self.t(Msg::Regraded));
                self.message = None;
                if let Err(e) = self.reload() {
                    self.error(&e);
                }
                if let Some(news) = self.message.take() {
                    text = format!("{text} · {}", news.text);
                }
                self.say(Level::Success, text);
                true
            }
            Err(e) => {
                self.error(&e);
                false
            }
        }
    }

    /// Opens a lead found by search: selects it in the queue, or pins its card.
    pub(crate) fn open_lead(&mut self, id: i64) {
        match self.queue.iter().position(|q| q.lead_id == id) {
            Some(i) => self.select(i),
            None => {
                let before = self.pinned.replace(id);
                if let Err(e) = self.load_card() {
                    // Refused (no longer theirs to see): nothing stays
                    // pinned that shows no card; the lead before comes back.
                    self.pinned = before;
                    let _ = self.load_card();
                    self.error(&e);
                }
            }
        }
    }
}
