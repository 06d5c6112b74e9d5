//! The paths a lead's life takes after capture, each through the same calls
//! and rules as the workstation: tracking until invited, regular follow-ups,
//! invitation and visit, after the visit, a defeat, the close (order,
//! delivery, loss), and the tail after the plan's end.

use super::life::*;
use super::*;

impl<'a> Sim<'a> {
    /// Regular follow-up until `until`: the lead is tracked, invited, misses or
    /// makes visits, now and then a defeat is rejected or overturned.
    pub(super) fn track(&mut self, until: NaiveDateTime) {
        let mut guard = 0;
        while guard < 4000 {
            guard += 1;
            let Some(due) = self.st.next_due else { return };
            let t = self.when(due);
            if t >= until {
                return;
            }
            let appointed = self.st.status == Status::Appointed;
            let visit_at = self.st.appointment;
            match visit_at {
                Some(v) if appointed && t >= v => {
                    // The visit time has come: the customer came or did not.
                    if self.rng.chance(0.55) {
                        let tv = (v + mins(self.rng.range(20, 100))).max(self.last + mins(2));
                        if tv >= until {
                            return;
                        }
                        if !self.plain(tv, Outcome::Visited) {
                            return;
                        }
                    } else {
                        let oc = if self.rng.chance(0.7) {
                            Outcome::Reached
                        } else {
                            Outcome::NoAnswer
                        };
                        if !self.plain(t, oc) {
                            return;
                        }
                    }
                }
                Some(_) if appointed => {
                    // The day-before confirmation (or its retries).
                    let oc = if self.rng.chance(0.8) {
                        Outcome::Reached
                    } else {
                        Outcome::NoAnswer
                    };
                    if !self.plain(t, oc) {
                        return;
                    }
                }
                _ => {
                    if !self.regular(t, until) {
                        return;
                    }
                }
            }
        }
    }

    /// One regular follow-up call at `t`.
    pub(super) fn regular(&mut self, t: NaiveDateTime, until: NaiveDateTime) -> bool {
        let p_na = match self.st.due_reason {
            Some(DueReason::FirstFollowUp) => 0.45,
            Some(DueReason::Retry) => 0.5 - 0.04 * self.st.unreached_days.min(5) as f64,
            Some(DueReason::CustomerTime) => 0.15,
            _ => 0.38,
        };
        if self.rng.chance(p_na) {
            return self.plain(t, Outcome::NoAnswer);
        }
        let r = self.rng.unit();
        let tracking = self.st.status == Status::Tracking;
        // A defeat can be asked for a lead still tracked or one that visited.
        let followed = matches!(self.st.status, Status::Tracking | Status::Visited);
        if r < 0.08 {
            // The customer names a time.
            let at_ = if self.rng.chance(0.3) {
                t + mins(self.rng.range(60, 300))
            } else {
                let d = self.rng.range(1, 3);
                at(t.date() + days(d), 9 * 3600 + 300 * self.rng.range(0, 138))
            };
            let ok = at_ < until && self.cx.rules.within_calling_hours(at_);
            if ok {
                let rep = CallReport {
                    at: Some(at_),
                    ..CallReport::default()
                };
                return self.call(t, Outcome::CallbackAt, &rep) || self.plain(t, Outcome::Reached);
            }
        } else if r < 0.12 && self.st.status != Status::Appointed {
            // An invitation to the showroom.
            let d = self.rng.range(1, 6);
            let v = self.visit_slot(t, d);
            if v + mins(240) < until {
                let rep = CallReport {
                    visit: Some(v),
                    ..CallReport::default()
                };
                return self.call(t, Outcome::Appointment, &rep);
            }
        } else if r < 0.127 && followed {
            // A defeat the supervisor rejects: keep following up.
            let a = self.supervisor_time(t);
            if a + mins(60) < until {
                let rep = self.pick_reason(true);
                if self.call(t, Outcome::Defeat, &rep) {
                    return self.decide(a, false, Some("复核：客户仍有意向，继续跟进"));
                }
            }
        } else if r < 0.132 && tracking {
            // A defeat the verification call overturns.
            let a = self.supervisor_time(t);
            if a + days(4) < until {
                let rep = self.pick_reason(true);
                if self.call(t, Outcome::Defeat, &rep) && self.decide(a, true, None) {
                    if let Some(v) = self.next_call(until) {
                        return self.plain(v, Outcome::Back);
                    }
                    return false;
                }
            }
        }
        let mut rep = CallReport::default();
        if self.rng.chance(0.12) {
            let g = self.cx.grade_index(&self.st.grade) as i64;
            let top = self.cx.grades.len() as i64 - 1;
            let ng = (g + if self.rng.chance(0.5) { -1 } else { 1 }).clamp(0, top);
            rep.grade = Some(self.cx.grades[ng as usize].to_string());
        }
        self.call(t, Outcome::Reached, &rep)
    }

    /// The customer is invited, confirmed and visits. False if `stop` comes first.
    pub(super) fn invite_and_visit(&mut self, stop: NaiveDateTime) -> bool {
        let Some(t) = self.next_call(stop) else {
            return false;
        };
        let d = self.rng.range(1, 6);
        let v = self.visit_slot(t, d);
        let rep = CallReport {
            visit: Some(v),
            ..CallReport::default()
        };
        if !self.call(t, Outcome::Appointment, &rep) {
            return false;
        }
        for _ in 0..6 {
            if self.st.due_reason == Some(DueReason::NoShow) {
                break;
            }
            let Some(t) = self.next_call(stop) else {
                return false;
            };
            if t >= v {
                break;
            }
            let oc = if self.rng.chance(0.85) {
                Outcome::Reached
            } else {
                Outcome::NoAnswer
            };
            if !self.plain(t, oc) {
                return false;
            }
        }
        let tv = (v + mins(self.rng.range(15, 90))).max(self.last + mins(2));
        tv < stop && self.plain(tv, Outcome::Visited)
    }

    /// A few follow-up calls after a visit.
    pub(super) fn after_visit(&mut self, cycles: i64, stop: NaiveDateTime) -> bool {
        for _ in 0..cycles {
            let Some(t) = self.next_call(stop) else {
                return false;
            };
            let oc = if self.rng.chance(0.3) {
                Outcome::NoAnswer
            } else {
                Outcome::Reached
            };
            if !self.plain(t, oc) {
                return false;
            }
        }
        true
    }

    /// Defeat requested, approved, then verified by one more call.
    pub(super) fn defeat(&mut self, stop: NaiveDateTime) {
        let Some(t) = self.next_call(stop) else {
            return;
        };
        let rep = self.pick_reason(true);
        if !self.call(t, Outcome::Defeat, &rep) {
            return;
        }
        let a = self.supervisor_time(self.last);
        if a >= stop || !self.decide(a, true, None) {
            return;
        }
        if let Some(t) = self.next_call(stop) {
            self.call(t, Outcome::ConfirmDefeat, &rep);
        }
    }

    /// How a closing lead ends, until `stop`.
    pub(super) fn close(&mut self, fate: Fate, stop: NaiveDateTime) {
        match fate {
            Fate::Open => {}
            Fate::Invalid => {
                let Some(t) = self.next_call(stop) else {
                    return;
                };
                let rep = self.pick_reason(false);
                if self.call(t, Outcome::Invalid, &rep) {
                    let a = self.supervisor_time(self.last);
                    if a < stop {
                        self.decide(a, true, None);
                    }
                }
            }
            Fate::Dnc => {
                if let Some(t) = self.next_call(stop) {
                    self.plain(t, Outcome::Dnc);
                }
            }
            Fate::Lost => {
                let needed = self.cx.rules.lost_after_days;
                for _ in 0..40 {
                    let Some(t) = self.next_call(stop) else {
                        return;
                    };
                    let new_day = self.st.tries_on != Some(t.date());
                    if self.st.unreached_days >= needed && new_day {
                        if self.plain(t, Outcome::Lost) {
                            break;
                        }
                        return;
                    }
                    if !self.plain(t, Outcome::NoAnswer) {
                        return;
                    }
                }
                // The verification call: still unreachable.
                if let Some(t) = self.next_call(stop) {
                    self.plain(t, Outcome::ConfirmLost);
                }
            }
            Fate::Defeat => self.defeat(stop),
            Fate::VisitDefeat => {
                let cycles = self.rng.range(1, 3);
                if self.invite_and_visit(stop) && self.after_visit(cycles, stop) {
                    self.defeat(stop);
                }
            }
            Fate::Order => {
                if !self.invite_and_visit(stop) {
                    return;
                }
                if self.rng.chance(0.5) {
                    // Ordered on the day of the visit.
                    let t = self.last + mins(self.rng.range(20, 120));
                    let t = self.in_hours(t);
                    if t >= stop || !self.plain(t, Outcome::Ordered) {
                        return;
                    }
                } else {
                    let cycles = self.rng.range(0, 2);
                    if !self.after_visit(cycles, stop) {
                        return;
                    }
                    let Some(t) = self.next_call(stop) else {
                        return;
                    };
                    if !self.plain(t, Outcome::Ordered) {
                        return;
                    }
                }
                let d = self.last.date() + days(self.rng.range(7, 45));
                let t = at(d, self.rng.range(9 * 3600, 18 * 3600));
                if t < stop {
                    self.plain(t, Outcome::Delivered);
                }
            }
        }
    }

    /// The last calls of an open lead, so that it is due as planned.
    pub(super) fn tail(&mut self, p: &Plan) {
        let cx = self.cx;
        let cd = p.created.date();
        let first = cd + days(1);
        let margin = mins(15);
        match p.tail {
            Tail::None => {}
            Tail::Cadence { due, visited } => {
                let day = due - days(cx.every[p.grade0 as usize]);
                let t = self.time_on(day, 0, i64::MAX);
                self.track(t - margin);
                let rep = CallReport {
                    grade: Some(cx.grades[p.grade0 as usize].to_string()),
                    ..CallReport::default()
                };
                let oc = if visited {
                    Outcome::Visited
                } else {
                    Outcome::Reached
                };
                if !self.call(t, oc, &rep) {
                    self.call(t, Outcome::Reached, &rep);
                }
            }
            Tail::RetryMorning { due } => {
                let day = due - days(1);
                let mut t = self.time_on(day, 0, i64::MAX);
                self.track(t - margin);
                for _ in 0..cx.rules.attempts_per_day.max(1) {
                    if !self.plain(t, Outcome::NoAnswer) {
                        break;
                    }
                    match self.st.next_due {
                        Some(next) if next.date() == day => {
                            // Retried soon after it falls due, still in calling hours.
                            let end = cx.rules.calling_end.num_seconds_from_midnight() as i64;
                            let jitter = Duration::seconds(self.rng.range(0, 1200));
                            t = (next + jitter).min(at(day, end - 60)).max(next);
                        }
                        _ => break,
                    }
                }
            }
            Tail::RetryToday => {
                let latest = secs_of(cx.today_limit.unwrap_or(cx.cutoff)).min(18 * 3600 + 2700);
                let t = self.time_on(cx.today, 0, latest);
                self.track(t - margin);
                self.plain(t, Outcome::NoAnswer);
            }
            Tail::CustomerTime { due } => {
                let lo = first.max(due.date() - days(5));
                let hi = (due.date() - days(1)).min(cx.last_call_day());
                let lo = lo.max(hi - days(3));
                let day = self.day_in(lo, hi);
                let t = self.time_on(day, 0, i64::MAX);
                self.track(t - margin);
                let rep = CallReport {
                    at: Some(due),
                    ..CallReport::default()
                };
                self.call(t, Outcome::CallbackAt, &rep);
            }
            Tail::Confirmation { visit } => {
                let lo = first.max(visit.date() - days(7));
                let hi = (visit.date() - days(2)).min(cx.last_call_day());
                let day = self.day_in(lo, hi);
                let t = self.time_on(day, 0, i64::MAX);
                self.track(t - margin);
                let rep = CallReport {
                    visit: Some(visit),
                    ..CallReport::default()
                };
                self.call(t, Outcome::Appointment, &rep);
            }
            Tail::NoShow { visit } => {
                let lo = first.max(visit.date() - days(7));
                let day = self.day_in(lo, visit.date() - days(2));
                let t = self.time_on(day, 0, i64::MAX);
                self.track(t - margin);
                let rep = CallReport {
                    visit: Some(visit),
                    ..CallReport::default()
                };
                if self.call(t, Outcome::Appointment, &rep) {
                    let t = self.time_on(visit.date() - days(1), 0, i64::MAX);
                    self.plain(t, Outcome::Reached);
                }
            }
            Tail::VerifyDefeat { due } => {
                let day = due - days(1);
                let call_day = if day - days(1) >= first && self.rng.chance(0.4) {
                    day - days(1)
                } else {
                    day
                };
                let t = if call_day == day {
                    self.time_on(call_day, 0, 15 * 3600)
                } else {
                    self.time_on(call_day, 0, i64::MAX)
                };
                self.track(t - margin);
                let rep = self.pick_reason(true);
                if self.call(t, Outcome::Defeat, &rep) {
                    let earliest = if call_day == day {
                        secs_of(self.last) + 1800
                    } else {
                        9 * 3600
                    };
                    let a = at(day, self.rng.range(earliest, 20 * 3600).max(earliest));
                    self.decide(a, true, None);
                }
            }
            Tail::VerifyLost { due } => {
                let n = cx.rules.lost_after_days as i64;
                let mut t = self.time_on(due - days(1 + n), 0, i64::MAX);
                self.track(t - margin);
                for k in 0..n {
                    let day = due - days(1 + n - k);
                    if k > 0 {
                        t = self.time_on(day, 0, i64::MAX);
                    }
                    self.plain(t, Outcome::NoAnswer);
                }
                let t = self.time_on(due - days(1), 0, i64::MAX);
                self.plain(t, Outcome::Lost);
            }
        }
    }
}
