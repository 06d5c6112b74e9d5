//! Folding a lead's history into the monthly report figures, exactly once.
//!
//! The store keeps the report figures in small summary tables and remembers
//! how far it has folded each append-only table (leads, calls, events) by
//! row id. To bring them up to date it reads, in one snapshot, the whole
//! history of every lead that has new rows, and calls [`fold_lead`] with the
//! marks folded before: every figure is tied to the one row that causes it,
//! and is added only when that row is new. Reading the whole history keeps
//! the rules simple (the *first* appointment, the defeat a verification call
//! answers) and makes the result independent of the order the rows were
//! written in, so a bulk-loaded database folds the same as a live one.

use std::collections::HashMap;

use super::facts::Counts;
use crate::domain::Outcome;

/// A stored time `YYYY-MM-DD HH:MM:SS` as the number `YYYYMMDDhhmmss`:
/// ordered like the time, and cheap to compare and to take the month of.
pub type Stamp = i64;

/// The stamp of a stored time (its digits, in order).
pub fn stamp(s: &str) -> Stamp {
    s.bytes()
        .filter(u8::is_ascii_digit)
        .take(14)
        .fold(0, |n, d| n * 10 + i64::from(d - b'0'))
}

/// The month of a stamp as `YYYYMM`.
pub fn month_of(t: Stamp) -> u32 {
    (t / 100_000_000) as u32
}

/// A lead as the fold needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadRow {
    pub id: i64,
    pub created: Stamp,
    pub channel_id: i64,
    pub model: String,
    pub owner_id: Option<i64>,
}

/// A call as the fold needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRow {
    pub id: i64,
    pub started: Stamp,
    /// When it was logged; events of the same call carry this time.
    pub ended: Stamp,
    pub agent_id: i64,
    pub outcome: Outcome,
    pub inbound: bool,
    /// The reason of a defeat request.
    pub reason: Option<String>,
}

impl CallRow {
    fn is(&self, o: Outcome) -> bool {
        self.outcome == o
    }
}

pub use crate::domain::EventKind;

/// An event (change of owner, grade or status) as the fold needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    pub id: i64,
    pub at: Stamp,
    pub agent_id: i64,
    pub kind: EventKind,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// The last row id of each table already folded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Marks {
    pub leads: i64,
    pub calls: i64,
    pub events: i64,
}

/// Month (`YYYYMM`), channel id, agent id (0: unknown).
pub type Key = (u32, i64, i64);

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DefeatCounts {
    pub defeats: u64,
    pub overturned: u64,
    pub confirmed: u64,
}

/// Figures to add to the summary tables.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folded {
    pub months: HashMap<Key, Counts>,
    /// Orders by model.
    pub models: HashMap<(Key, String), u64>,
    /// Approved defeats by reason code (empty when none was given).
    pub defeats: HashMap<(Key, String), DefeatCounts>,
    /// Grade changes from one grade to another.
    pub grades: HashMap<(Key, String, String), u64>,
    /// Leads taken back with their import (status `withdrawn`), less those
    /// brought back by a later import, under the key their arrival was
    /// counted at: to take off `leads`.
    pub withdrawn: HashMap<Key, i64>,
    /// Rows of history read.
    pub rows: u64,
}

impl Folded {
    /// Adds the figures of another fold (of other leads).
    pub fn add(&mut self, other: Folded) {
        for (k, v) in other.months {
            *self.months.entry(k).or_default() += v;
        }
        for (k, v) in other.models {
            *self.models.entry(k).or_default() += v;
        }
        for (k, v) in other.defeats {
            let d = self.defeats.entry(k).or_default();
            d.defeats += v.defeats;
            d.overturned += v.overturned;
            d.confirmed += v.confirmed;
        }
        for (k, v) in other.grades {
            *self.grades.entry(k).or_default() += v;
        }
        for (k, v) in other.withdrawn {
            *self.withdrawn.entry(k).or_default() += v;
        }
        self.rows += other.rows;
    }

    pub fn is_empty(&self) -> bool {
        self.months.is_empty()
            && self.models.is_empty()
            && self.defeats.is_empty()
            && self.grades.is_empty()
            && self.withdrawn.values().all(|n| *n == 0)
    }
}

/// A verification call that finds the customer back overturns the defeat.
fn overturns(outcome: Outcome) -> bool {
    matches!(
        outcome,
        Outcome::Back
            | Outcome::Reached
            | Outcome::CallbackAt
            | Outcome::Appointment
            | Outcome::Visited
            | Outcome::Ordered
    )
}

/// Adds to `out` the figures of `lead` caused by rows newer than `done`.
/// `calls` and `events` are the lead's whole history (any order);
/// `agent_id` finds an agent by login (owner events name the login).
pub fn fold_lead(
    lead: &LeadRow,
    calls: &mut [CallRow],
    events: &mut [EventRow],
    done: Marks,
    agent_id: &dyn Fn(&str) -> Option<i64>,
    out: &mut Folded,
) {
    calls.sort_by_key(|c| c.id);
    events.sort_by_key(|e| e.id);
    out.rows += 1 + calls.len() as u64 + events.len() as u64;
    let ch = lead.channel_id;
    let status_is = |e: &EventRow, old: Option<&str>, new: &str| {
        e.kind == EventKind::Status
            && e.new.as_deref() == Some(new)
            && old.is_none_or(|o| e.old.as_deref() == Some(o))
    };

    // The lead itself, under the agent it was first given to.
    let first_owner = events
        .iter()
        .find(|e| e.kind == EventKind::Owner && e.old.is_none())
        .and_then(|e| e.new.as_deref())
        .and_then(agent_id)
        .or(lead.owner_id)
        .unwrap_or(0);
    let arrival: Key = (month_of(lead.created), ch, first_owner);
    if lead.id > done.leads {
        out.months.entry(arrival).or_default().leads += 1;
    }
    if let Some(e) = events.iter().find(|e| status_is(e, None, "invalid")) {
        if e.id > done.events {
            out.months.entry(arrival).or_default().invalid += 1;
        }
    }
    // An import taken back: its lead stays (the history is append-only) but
    // leaves the count it arrived in; brought back, it returns to it. Each
    // is tied to its event, so a fold in steps adds up to one from scratch.
    for e in events
        .iter()
        .filter(|e| e.kind == EventKind::Status && e.id > done.events)
    {
        let n = i64::from(e.new.as_deref() == Some("withdrawn"))
            - i64::from(e.old.as_deref() == Some("withdrawn"));
        if n != 0 {
            *out.withdrawn.entry(arrival).or_default() += n;
        }
    }

    // Calls.
    let (mut appointed, mut visited, mut ordered) = (false, false, false);
    for c in calls.iter() {
        let first_appointment = c.is(Outcome::Appointment) && !appointed;
        appointed |= first_appointment;
        let first_visit = (c.is(Outcome::Visited) || c.is(Outcome::Ordered)) && !visited;
        visited |= first_visit;
        let first_order = c.is(Outcome::Ordered) && !ordered;
        ordered |= first_order;
        if c.id <= done.calls {
            continue;
        }
        let key: Key = (month_of(c.started), ch, c.agent_id);
        let n = out.months.entry(key).or_default();
        n.calls += 1;
        n.inbound_calls += u64::from(c.inbound);
        n.reached += u64::from(!c.is(Outcome::NoAnswer));
        n.appointments_set += u64::from(c.is(Outcome::Appointment));
        n.appointed_leads += u64::from(first_appointment);
        n.visits += u64::from(first_visit);
        if first_order {
            n.orders += 1;
            *out.models.entry((key, lead.model.clone())).or_default() += 1;
        }
    }

    // Changes of status and grade.
    for (i, e) in events.iter().enumerate() {
        let new_event = e.id > done.events;
        match e.kind {
            EventKind::Grade if new_event => {
                let key: Key = (month_of(e.at), ch, e.agent_id);
                let (old, new) = (
                    e.old.clone().unwrap_or_default(),
                    e.new.clone().unwrap_or_default(),
                );
                *out.grades.entry((key, old, new)).or_default() += 1;
            }
            EventKind::Status if new_event && status_is(e, None, "defeat_requested") => {
                out.months
                    .entry((month_of(e.at), ch, e.agent_id))
                    .or_default()
                    .defeat_requests += 1;
            }
            EventKind::Status if status_is(e, Some("defeat_requested"), "defeated") => {
                // An approved defeat: the request is the last defeat call
                // logged before it.
                let request = calls
                    .iter()
                    .filter(|c| c.is(Outcome::Defeat) && c.ended <= e.at)
                    .max_by_key(|c| (c.ended, c.id));
                let requester = request.map(|c| c.agent_id).or_else(|| {
                    events[..i]
                        .iter()
                        .rev()
                        .find(|r| status_is(r, None, "defeat_requested"))
                        .map(|r| r.agent_id)
                });
                // Its verification: the first answered call after it.
                let check = calls
                    .iter()
                    .filter(|c| c.ended > e.at && !c.is(Outcome::NoAnswer))
                    .min_by_key(|c| c.id);
                let counted_check = check.filter(|c| new_event || c.id > done.calls);
                if new_event || counted_check.is_some() {
                    let reason = request.and_then(|c| c.reason.clone()).unwrap_or_default();
                    let key: Key = (month_of(e.at), ch, requester.unwrap_or(0));
                    let d = out.defeats.entry((key, reason)).or_default();
                    d.defeats += u64::from(new_event);
                    if let Some(c) = counted_check {
                        if overturns(c.outcome) {
                            d.overturned += 1;
                        } else {
                            d.confirmed += 1;
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lead() -> LeadRow {
        LeadRow {
            id: 1,
            created: stamp("2026-01-05 10:00:00"),
            channel_id: 7,
            model: "凯美瑞".into(),
            owner_id: Some(3),
        }
    }

    fn call(id: i64, at: &str, agent: i64, outcome: &str) -> CallRow {
        CallRow {
            id,
            started: stamp(&format!("{at}:00")),
            ended: stamp(&format!("{at}:30")),
            agent_id: agent,
            outcome: Outcome::from_code(outcome).expect("an outcome"),
            inbound: false,
            reason: (outcome == "defeat").then(|| "price_high".to_string()),
        }
    }

    fn event(id: i64, at: &str, agent: i64, kind: &str, old: Option<&str>, new: &str) -> EventRow {
        EventRow {
            id,
            at: stamp(&format!("{at}:30")),
            agent_id: agent,
            kind: EventKind::from_code(kind).expect("a kind"),
            old: old.map(String::from),
            new: Some(new.into()),
        }
    }

    fn logins(l: &str) -> Option<i64> {
        match l {
            "amy" => Some(2),
            "bob" => Some(3),
            _ => None,
        }
    }

    /// A lead given to amy, moved to bob, defeated and won back.
    fn history() -> (Vec<CallRow>, Vec<EventRow>) {
        let calls = vec![
            call(10, "2026-01-06 10:00", 2, "appointment"),
            call(11, "2026-01-08 10:00", 2, "appointment"),
            call(12, "2026-02-01 10:00", 3, "defeat"),
            call(13, "2026-02-03 10:00", 4, "no-answer"),
            call(14, "2026-02-03 15:00", 4, "reached"),
            call(15, "2026-03-01 10:00", 3, "visited"),
            call(16, "2026-03-02 10:00", 3, "ordered"),
        ];
        let events = vec![
            event(20, "2026-01-05 10:00", 1, "created", None, "B"),
            event(21, "2026-01-05 10:00", 1, "owner", None, "amy"),
            event(22, "2026-01-20 10:00", 1, "owner", Some("amy"), "bob"),
            event(
                23,
                "2026-02-01 10:00",
                3,
                "status",
                Some("tracking"),
                "defeat_requested",
            ),
            event(
                24,
                "2026-02-02 09:00",
                1,
                "status",
                Some("defeat_requested"),
                "defeated",
            ),
            event(
                25,
                "2026-02-03 15:00",
                4,
                "status",
                Some("defeated"),
                "tracking",
            ),
            event(26, "2026-02-03 15:00", 4, "grade", Some("B"), "C"),
        ];
        (calls, events)
    }

    fn fold_all(done: Marks) -> Folded {
        let (mut calls, mut events) = history();
        let mut out = Folded::default();
        fold_lead(&lead(), &mut calls, &mut events, done, &logins, &mut out);
        out
    }

    fn key(m: &str, agent: i64) -> Key {
        (m.replace('-', "").parse().unwrap(), 7, agent)
    }

    #[test]
    fn a_whole_history_counts_each_stage_once_for_the_agent_who_made_the_call() {
        let f = fold_all(Marks::default());
        let jan_amy = f.months[&key("2026-01", 2)];
        assert_eq!(jan_amy.leads, 1, "the lead is amy's, its first owner");
        assert_eq!(jan_amy.appointments_set, 2);
        assert_eq!(
            jan_amy.appointed_leads, 1,
            "a moved visit is not a second lead"
        );
        let feb_bob = f.months[&key("2026-02", 3)];
        assert_eq!(feb_bob.defeat_requests, 1);
        let mar_bob = f.months[&key("2026-03", 3)];
        assert_eq!((mar_bob.visits, mar_bob.orders), (1, 1));
        assert_eq!(f.models[&(key("2026-03", 3), "凯美瑞".to_string())], 1);
        let d = f.defeats[&(key("2026-02", 3), "price_high".to_string())];
        assert_eq!(
            d,
            DefeatCounts {
                defeats: 1,
                overturned: 1,
                confirmed: 0
            }
        );
        assert_eq!(
            f.grades[&(key("2026-02", 4), "B".to_string(), "C".to_string())],
            1
        );
        let leads: u64 = f.months.values().map(|c| c.leads).sum();
        assert_eq!(leads, 1);
    }

    #[test]
    fn folding_in_two_steps_gives_the_same_figures_as_in_one() {
        let whole = fold_all(Marks::default());
        // First everything up to the approval, then the rest.
        let first = Marks {
            leads: 0,
            calls: 0,
            events: 0,
        };
        let (mut calls, mut events) = history();
        calls.retain(|c| c.id <= 12);
        events.retain(|e| e.id <= 24);
        let mut step = Folded::default();
        fold_lead(&lead(), &mut calls, &mut events, first, &logins, &mut step);
        let second = fold_all(Marks {
            leads: 1,
            calls: 12,
            events: 24,
        });
        let mut sum = step.clone();
        sum.add(second);
        sum.rows = whole.rows;
        sum.months.retain(|_, c| !c.is_zero());
        let mut whole = whole;
        whole.months.retain(|_, c| !c.is_zero());
        assert_eq!(sum, whole);
    }

    #[test]
    fn nothing_is_counted_twice_when_nothing_is_new() {
        let f = fold_all(Marks {
            leads: 1,
            calls: 16,
            events: 26,
        });
        assert!(f.months.values().all(Counts::is_zero));
        assert!(f.defeats.is_empty() && f.models.is_empty() && f.grades.is_empty());
    }

    #[test]
    fn an_invalid_is_taken_off_the_leads_own_month_and_agent() {
        let (mut calls, _) = history();
        calls.truncate(0);
        let mut events = vec![
            event(21, "2026-01-05 10:00", 1, "owner", None, "amy"),
            event(
                30,
                "2026-02-10 10:00",
                1,
                "status",
                Some("invalid_requested"),
                "invalid",
            ),
        ];
        let mut out = Folded::default();
        fold_lead(
            &lead(),
            &mut calls,
            &mut events,
            Marks::default(),
            &logins,
            &mut out,
        );
        let c = out.months[&key("2026-01", 2)];
        assert_eq!((c.leads, c.invalid, c.valid()), (1, 1, 0));
    }

    /// The defeat figures of a lead whose defeat, asked for by agent 3 on
    /// 2026-02-01, was approved the next day, with `calls` after it.
    fn defeat_then(calls: &[CallRow]) -> (u64, u64, u64) {
        let mut calls: Vec<CallRow> = std::iter::once(call(12, "2026-02-01 10:00", 3, "defeat"))
            .chain(calls.iter().cloned())
            .collect();
        let mut events = vec![
            event(
                23,
                "2026-02-01 10:00",
                3,
                "status",
                Some("tracking"),
                "defeat_requested",
            ),
            event(
                24,
                "2026-02-02 09:00",
                1,
                "status",
                Some("defeat_requested"),
                "defeated",
            ),
        ];
        let mut out = Folded::default();
        fold_lead(
            &lead(),
            &mut calls,
            &mut events,
            Marks::default(),
            &logins,
            &mut out,
        );
        let d = out.defeats[&(key("2026-02", 3), "price_high".to_string())];
        (d.defeats, d.overturned, d.confirmed)
    }

    #[test]
    fn a_verification_that_confirms_is_not_an_overturn() {
        let after = [
            call(13, "2026-02-03 10:00", 4, "no-answer"),
            call(14, "2026-02-04 10:00", 4, "defeat"),
        ];
        assert_eq!(defeat_then(&after), (1, 0, 1));
    }

    #[test]
    fn the_verification_outcomes_confirm_or_overturn_as_the_old_ones_did() {
        for (verified, (overturned, confirmed)) in [
            ("confirm-defeat", (0, 1)),
            ("back", (1, 0)),
            // Saved before the verification had its own outcomes.
            ("defeat", (0, 1)),
            ("reached", (1, 0)),
        ] {
            let after = [call(14, "2026-02-04 10:00", 4, verified)];
            assert_eq!(
                defeat_then(&after),
                (1, overturned, confirmed),
                "{verified}"
            );
        }
    }
}
