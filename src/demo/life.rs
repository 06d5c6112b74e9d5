//! Living a lead's life call by call through the domain's own rules.

use super::*;

#[derive(Debug, Clone, Copy)]
pub(super) enum Val {
    No,
    Grade(u8),
    Status(Status),
    Owner(u16),
}

#[derive(Debug, Clone, Copy)]
pub(super) struct CallRow<'a> {
    pub(super) agent: u16,
    pub(super) actor: u16,
    pub(super) start: NaiveDateTime,
    pub(super) end: NaiveDateTime,
    pub(super) outcome: Outcome,
    pub(super) before: u8,
    pub(super) after: u8,
    pub(super) reason: Option<&'a str>,
    pub(super) note: Option<&'static str>,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct EventRow {
    pub(super) at: NaiveDateTime,
    pub(super) agent: u16,
    pub(super) actor: u16,
    pub(super) kind: &'static str,
    pub(super) old: Val,
    pub(super) new: Val,
    pub(super) note: Option<&'static str>,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct ApptRow {
    pub(super) visit: NaiveDateTime,
    pub(super) state: &'static str,
    pub(super) set_by: u16,
    pub(super) set_at: NaiveDateTime,
    pub(super) updated: NaiveDateTime,
}

pub(super) struct Sim<'a> {
    pub(super) cx: &'a Ctx,
    pub(super) rng: Rng,
    pub(super) st: FollowUp,
    pub(super) owner: u16,
    pub(super) transfer: Option<(NaiveDateTime, u16)>,
    /// The end of the last thing that happened to the lead.
    pub(super) last: NaiveDateTime,
    pub(super) calls: Vec<CallRow<'a>>,
    pub(super) events: Vec<EventRow>,
    pub(super) appts: Vec<ApptRow>,
    pub(super) open_appt: Option<usize>,
    pub(super) reason: Option<&'a str>,
    /// The status before the pending defeat or invalid request: where a
    /// rejection returns the lead.
    pub(super) requested_from: Option<Status>,
}

impl<'a> Sim<'a> {
    pub(super) fn new(cx: &'a Ctx) -> Sim<'a> {
        Sim {
            cx,
            rng: Rng(0),
            st: FollowUp::new(&cx.grades[0], &cx.rules, cx.now),
            owner: 0,
            transfer: None,
            last: cx.now,
            calls: Vec::with_capacity(256),
            events: Vec::with_capacity(64),
            appts: Vec::with_capacity(8),
            open_appt: None,
            reason: None,
            requested_from: None,
        }
    }

    /// Lives lead `i` according to its plan.
    pub(super) fn live(&mut self, i: u64, p: &Plan) {
        let cx = self.cx;
        self.rng = Rng::stream(cx.seed, 3, i);
        self.st = FollowUp::new(&cx.grades[p.grade0 as usize], &cx.rules, p.created);
        self.owner = p.owner0;
        self.transfer = p.transfer;
        self.last = p.created;
        self.calls.clear();
        self.events.clear();
        self.appts.clear();
        self.open_appt = None;
        self.reason = None;
        self.requested_from = None;
        let g = Val::Grade(p.grade0);
        self.event(p.created, p.creator, p.creator, "created", Val::No, g, None);
        let o = Val::Owner(p.owner0);
        self.event(p.created, p.creator, p.creator, "owner", Val::No, o, None);
        match p.fate {
            Fate::Open => self.tail(p),
            fate => {
                self.track(p.close);
                self.close(fate, cx.cutoff);
            }
        }
        // A lead still alive at a handover was handed over, called or not.
        let alive =
            self.st.next_due.is_some() || self.st.status.is_open() || self.st.status.is_pending();
        if let Some((when, _)) = self.transfer {
            if alive && when < cx.now {
                self.handover(when);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn event(
        &mut self,
        at: NaiveDateTime,
        agent: u16,
        actor: u16,
        kind: &'static str,
        old: Val,
        new: Val,
        note: Option<&'static str>,
    ) {
        self.events.push(EventRow {
            at,
            agent,
            actor,
            kind,
            old,
            new,
            note,
        });
    }

    pub(super) fn handover(&mut self, when: NaiveDateTime) {
        if let Some((_, to)) = self.transfer.take() {
            let sup = self.cx.sup;
            let note = if self.cx.departed[self.owner as usize] {
                Some("离职交接")
            } else {
                Some("主管调配")
            };
            let (old, new) = (Val::Owner(self.owner), Val::Owner(to));
            self.event(when, sup, sup, "owner", old, new, note);
            self.owner = to;
            self.last = self.last.max(when);
        }
    }

    pub(super) fn check_transfer(&mut self, t: NaiveDateTime) {
        if let Some((when, _)) = self.transfer {
            if t >= when {
                self.handover(when);
            }
        }
    }

    pub(super) fn duration(&mut self, oc: Outcome) -> i64 {
        let (lo, hi) = match oc {
            Outcome::NoAnswer | Outcome::Lost | Outcome::ConfirmLost => (15, 45),
            Outcome::Reached | Outcome::Back => (60, 420),
            Outcome::CallbackAt => (30, 150),
            Outcome::Appointment => (180, 600),
            Outcome::Visited | Outcome::Delivered => (60, 240),
            Outcome::Ordered | Outcome::Defeat | Outcome::ConfirmDefeat => (120, 480),
            Outcome::Invalid | Outcome::Dnc => (20, 90),
        };
        self.rng.range(lo, hi)
    }

    /// Logs a call starting at `t`, through the domain's rules. False if the
    /// rules refuse it (nothing is recorded then).
    pub(super) fn call(&mut self, t: NaiveDateTime, oc: Outcome, rep: &CallReport) -> bool {
        self.check_transfer(t);
        let t = t.max(self.last + Duration::seconds(30));
        let end = t + Duration::seconds(self.duration(oc));
        let cx = self.cx;
        let Ok(effect) = outcome::apply(&self.st, oc, rep, &cx.rules, &cx.reasons, end) else {
            return false;
        };
        let before = cx.grade_index(&self.st.grade);
        let after = cx.grade_index(&effect.after.grade);
        let actor = if self.rng.chance(0.003) {
            cx.sup // the supervisor covering for the agent (`--as`)
        } else {
            self.owner
        };
        let note = if matches!(oc, Outcome::Reached | Outcome::CallbackAt) && self.rng.chance(0.05)
        {
            Some(CALL_NOTES[self.rng.below(CALL_NOTES.len() as u64) as usize])
        } else {
            None
        };
        let reason = match oc {
            Outcome::Defeat | Outcome::Invalid => self.reason,
            _ => None,
        };
        self.calls.push(CallRow {
            agent: self.owner,
            actor,
            start: t,
            end,
            outcome: oc,
            before,
            after,
            reason,
            note,
        });
        let owner = self.owner;
        if before != after {
            let (o, n) = (Val::Grade(before), Val::Grade(after));
            self.event(end, owner, actor, "grade", o, n, note);
        }
        if self.st.status != effect.after.status {
            let (o, n) = (
                Val::Status(self.st.status),
                Val::Status(effect.after.status),
            );
            self.event(end, owner, actor, "status", o, n, note);
        }
        if let Some(change) = effect.visit {
            self.visit(change, end);
        }
        if effect.after.status.is_pending() && !self.st.status.is_pending() {
            self.requested_from = Some(self.st.status);
        }
        let lost = effect.after.status == Status::Lost && self.st.status != Status::Lost;
        self.st = effect.after;
        self.last = end;
        if lost {
            // As the store does: a lost lead is verified by someone else.
            self.hand_to_verifier(end, owner);
        }
        true
    }

    /// The lead goes to an outbound agent other than the one who asked for
    /// the defeat or gave it up as lost, who makes the verification call
    /// (as `store::team::verifier` chooses, by the rules of the access policy).
    pub(super) fn hand_to_verifier(&mut self, t: NaiveDateTime, by: u16) {
        let requester = self
            .calls
            .iter()
            .rev()
            .find(|c| matches!(c.outcome, Outcome::Defeat | Outcome::Lost))
            .map(|c| c.agent);
        let cx = self.cx;
        let others: Vec<u16> = cx
            .verifiers
            .iter()
            .copied()
            .filter(|&v| Some(v) != requester)
            .collect();
        if others.is_empty() {
            return;
        }
        let v = others[self.rng.below(others.len() as u64) as usize];
        // A planned handover no longer applies: the lead left its owner.
        self.transfer = None;
        if v != self.owner {
            let (o, n) = (Val::Owner(self.owner), Val::Owner(v));
            self.event(t, by, by, "owner", o, n, Some("verification"));
            self.owner = v;
        }
    }

    pub(super) fn plain(&mut self, t: NaiveDateTime, oc: Outcome) -> bool {
        self.call(t, oc, &CallReport::default())
    }

    pub(super) fn visit(&mut self, change: VisitChange, now: NaiveDateTime) {
        let close = |appts: &mut Vec<ApptRow>, open: &mut Option<usize>, state| {
            if let Some(i) = open.take() {
                appts[i].state = state;
                appts[i].updated = now;
            }
        };
        match change {
            VisitChange::Set(visit) => {
                close(&mut self.appts, &mut self.open_appt, "moved");
                self.appts.push(ApptRow {
                    visit,
                    state: "set",
                    set_by: self.owner,
                    set_at: now,
                    updated: now,
                });
                self.open_appt = Some(self.appts.len() - 1);
            }
            VisitChange::Confirmed => {
                if let Some(i) = self.open_appt {
                    self.appts[i].state = "confirmed";
                    self.appts[i].updated = now;
                }
            }
            VisitChange::Visited => close(&mut self.appts, &mut self.open_appt, "visited"),
            VisitChange::NoShow => close(&mut self.appts, &mut self.open_appt, "no_show"),
            VisitChange::Cancelled => close(&mut self.appts, &mut self.open_appt, "cancelled"),
        }
    }

    /// A supervisor's decision on a pending request.
    pub(super) fn decide(
        &mut self,
        t: NaiveDateTime,
        approve: bool,
        note: Option<&'static str>,
    ) -> bool {
        self.check_transfer(t);
        let cx = self.cx;
        // A rejection returns the lead to the status it had before the request.
        let from = self.requested_from.take();
        let Ok(after) = outcome::decide_from(&self.st, approve, from, &cx.rules, t) else {
            return false;
        };
        if after.status != self.st.status {
            let (o, n) = (Val::Status(self.st.status), Val::Status(after.status));
            self.event(t, cx.sup, cx.sup, "status", o, n, note);
        }
        let verify = after.awaiting_verification();
        self.st = after;
        self.last = self.last.max(t);
        if verify {
            // Every approved defeat is verified by someone other than who asked.
            self.hand_to_verifier(t, cx.sup);
        }
        true
    }

    /// `t` moved into calling hours.
    pub(super) fn in_hours(&mut self, t: NaiveDateTime) -> NaiveDateTime {
        let s = secs_of(t);
        if s < self.cx.call_lo {
            at(t.date(), self.cx.call_lo + self.rng.range(0, 5400))
        } else if s > self.cx.call_hi {
            at(
                t.date() + days(1),
                self.cx.call_lo + self.rng.range(0, 7200),
            )
        } else {
            t
        }
    }

    /// When the owner gets round to a lead due at `due`.
    pub(super) fn when(&mut self, due: NaiveDateTime) -> NaiveDateTime {
        let base = due.max(self.last + mins(2));
        let t = match self.st.due_reason {
            Some(DueReason::Retry) if self.rng.chance(0.35) => {
                // Not tried again that day: the list moved on.
                let span = (self.cx.call_hi - self.cx.call_lo) as f64;
                let offset = (self.rng.unit().powf(1.6) * span) as i64;
                at(base.date() + days(1), self.cx.call_lo + offset)
            }
            Some(DueReason::Retry) => base + Duration::seconds(self.rng.range(0, 1800)),
            Some(DueReason::CustomerTime) => base + Duration::seconds(self.rng.range(0, 600)),
            Some(DueReason::NoShow) => base + Duration::seconds(self.rng.range(0, 5400)),
            _ => {
                // Due for the day: called some time that day, now and then a day or two late.
                let slip = self.rng.weighted(&[90, 7, 3]) as i64;
                let day = base.date() + days(slip);
                let span = (self.cx.call_hi - self.cx.call_lo) as f64;
                let offset = (self.rng.unit().powf(1.6) * span) as i64;
                let t = at(day, self.cx.call_lo + offset);
                if slip == 0 {
                    t.max(base)
                } else {
                    t
                }
            }
        };
        self.in_hours(t)
    }

    /// The time of the next call on the lead's schedule, if before `stop`.
    pub(super) fn next_call(&mut self, stop: NaiveDateTime) -> Option<NaiveDateTime> {
        let due = self.st.next_due?;
        let t = self.when(due);
        (t < stop).then_some(t)
    }

    pub(super) fn pick_reason(&mut self, defeat: bool) -> CallReport {
        let cx = self.cx;
        let (list, w) = if defeat {
            (&cx.reasons.defeat, &cx.defeat_w)
        } else {
            (&cx.reasons.invalid, &cx.invalid_w)
        };
        let code = list.get(self.rng.weighted(w)).map(String::as_str);
        self.reason = code;
        CallReport {
            reason: code.map(str::to_string),
            ..CallReport::default()
        }
    }

    /// A random call start on `day` in calling hours, not after `latest`
    /// seconds, and not before `earliest` seconds.
    pub(super) fn time_on(&mut self, day: NaiveDate, earliest: i64, latest: i64) -> NaiveDateTime {
        let hi = latest.min(self.cx.call_hi).min(self.cx.latest_on(day));
        let lo = earliest.max(self.cx.call_lo).min(hi);
        at(day, self.rng.range(lo, hi))
    }

    /// A random day in `lo..=hi`.
    pub(super) fn day_in(&mut self, lo: NaiveDate, hi: NaiveDate) -> NaiveDate {
        lo + days(self.rng.range(0, (hi - lo).num_days()))
    }

    /// A supervisor's working time some hours after `t`.
    pub(super) fn supervisor_time(&mut self, t: NaiveDateTime) -> NaiveDateTime {
        let t = t + mins(self.rng.range(30, 26 * 60));
        let s = secs_of(t);
        if s < 9 * 3600 {
            at(t.date(), 9 * 3600 + self.rng.range(0, 3600))
        } else if s > 19 * 3600 {
            at(t.date() + days(1), 9 * 3600 + self.rng.range(0, 3600))
        } else {
            t
        }
    }

    /// A random visit slot (half hours, 09:30 to 17:30) `d` days after `t`.
    pub(super) fn visit_slot(&mut self, t: NaiveDateTime, d: i64) -> NaiveDateTime {
        at(
            t.date() + days(d),
            9 * 3600 + 1800 + 1800 * self.rng.range(0, 16),
        )
    }
}
