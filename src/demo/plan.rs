//! The plan of each lead: when it arrives, from where, who owns it, how its
//! life ends, and today's queues.

use super::*;

/// How a lead's life ends (or that it is still being worked at `now`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fate {
    Open,
    Invalid,
    Dnc,
    Lost,
    Defeat,
    /// Visited the showroom, then said no.
    VisitDefeat,
    Order,
}

/// How an open lead stands at `now`: the last calls before it, anchored so
/// that the lead is due exactly when the plan says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tail {
    /// No call yet: the first follow-up is due the day after capture.
    None,
    /// Reached (or visited) `every` days before `due`.
    Cadence { due: NaiveDate, visited: bool },
    /// Unanswered the day before `due`.
    RetryMorning { due: NaiveDate },
    /// Unanswered earlier today.
    RetryToday,
    /// The customer asked to be called at `due`.
    CustomerTime { due: NaiveDateTime },
    /// A visit at `visit`: confirmation due the day before.
    Confirmation { visit: NaiveDateTime },
    /// Confirmed a visit at `visit` that has passed (or passes later today).
    NoShow { visit: NaiveDateTime },
    /// A defeat approved the day before `due`, awaiting its verification call.
    VerifyDefeat { due: NaiveDate },
    /// Lost contact the day before `due`, awaiting its verification call.
    VerifyLost { due: NaiveDate },
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Plan {
    pub(super) created: NaiveDateTime,
    /// The closing begins at the first call from here (closed fates only).
    pub(super) close: NaiveDateTime,
    /// A handover: at this time, to this owner (if the lead still lives then).
    pub(super) transfer: Option<(NaiveDateTime, u16)>,
    pub(super) owner0: u16,
    pub(super) creator: u16,
    pub(super) channel: u8,
    pub(super) model: u8,
    pub(super) grade0: u8,
    /// Days from capture to the expected purchase and visit (-1: not given).
    pub(super) purchase: i16,
    pub(super) visit: i16,
    pub(super) note: i8,
    pub(super) fate: Fate,
    pub(super) tail: Tail,
}

impl Plan {
    pub(super) fn final_owner(&self) -> u16 {
        self.transfer.map_or(self.owner0, |(_, to)| to)
    }
}

/// Everything the simulation reads.
pub(super) struct Ctx {
    pub(super) seed: u64,
    pub(super) rules: Rules,
    pub(super) reasons: ReasonCodes,
    pub(super) grades: Vec<Grade>,
    pub(super) every: Vec<i64>,
    pub(super) defeat_w: Vec<u32>,
    pub(super) invalid_w: Vec<u32>,
    pub(super) now: NaiveDateTime,
    pub(super) today: NaiveDate,
    /// Natural lives stop here (the start of today): today's work is to do.
    pub(super) cutoff: NaiveDateTime,
    pub(super) today_end: NaiveDateTime,
    /// First and last start of a call, seconds after midnight.
    pub(super) call_lo: i64,
    pub(super) call_hi: i64,
    /// The latest start of a call made today before `now`, if any can be.
    pub(super) today_limit: Option<NaiveDateTime>,
    pub(super) sup: u16,
    pub(super) departed: Vec<bool>,
    /// Outbound agents still working: who verifies a defeat or a loss.
    pub(super) verifiers: Vec<u16>,
}

impl Ctx {
    /// The latest call start on `day` (seconds after midnight).
    pub(super) fn latest_on(&self, day: NaiveDate) -> i64 {
        if day == self.today {
            self.today_limit.map_or(self.call_lo, secs_of)
        } else {
            self.call_hi
        }
    }

    /// The last day on which a call before `now` can be made.
    pub(super) fn last_call_day(&self) -> NaiveDate {
        if self.today_limit.is_some() {
            self.today
        } else {
            self.today - days(1)
        }
    }

    pub(super) fn grade_index(&self, grade: &Grade) -> u8 {
        self.grades.iter().position(|g| g == grade).unwrap_or(0) as u8
    }
}

pub(super) fn weights_for(codes: &[String], table: &[(&str, u32)]) -> Vec<u32> {
    codes
        .iter()
        .map(|c| table.iter().find(|(k, _)| k == c).map_or(2, |(_, w)| *w))
        .collect()
}

/// Days overdue of a planned queue item: mostly due today.
pub(super) fn overdue(rng: &mut Rng) -> i64 {
    rng.weighted(&[55, 18, 11, 8, 5, 3]) as i64
}

/// A due in today's queue for an open lead captured on `cd`, if one fits its age.
pub(super) fn queue_tail(rng: &mut Rng, cx: &Ctx, cd: NaiveDate, every: i64) -> Option<Tail> {
    let td = cx.today;
    let age = (td - cd).num_days();
    let first = cd + days(1);
    let weights = [36, 20, 11, 9, 6, 10, if age <= 6 { 25 } else { 0 }];
    for _ in 0..8 {
        let tail = match rng.weighted(&weights) {
            0 => {
                let due = td - days(overdue(rng));
                (due - days(every) >= first).then_some(Tail::Cadence {
                    due,
                    visited: rng.chance(0.12),
                })
            }
            1 => {
                if cx
                    .today_limit
                    .is_some_and(|l| secs_of(l) >= cx.call_lo + 900)
                    && rng.chance(0.45)
                {
                    Some(Tail::RetryToday)
                } else {
                    let due = td - days(overdue(rng));
                    (due - days(1) >= first).then_some(Tail::RetryMorning { due })
                }
            }
            2 => {
                let day = td - days(rng.weighted(&[70, 20, 10]) as i64);
                let due = at(day, 9 * 3600 + 300 * rng.range(0, 138));
                let lo = first.max(day - days(3));
                let hi = (day - days(1)).min(td - days(1));
                (lo <= hi).then_some(Tail::CustomerTime { due })
            }
            3 => {
                let vday = td + days(1 - rng.weighted(&[85, 15]) as i64);
                let visit = at(vday, 9 * 3600 + 1800 + 1800 * rng.range(0, 16));
                let lo = first.max(vday - days(7));
                let hi = (vday - days(2)).min(cx.last_call_day());
                (lo <= hi).then_some(Tail::Confirmation { visit })
            }
            4 => {
                let vday = td - days(rng.weighted(&[40, 35, 15, 10]) as i64);
                let visit = at(vday, 9 * 3600 + 1800 + 1800 * rng.range(0, 16));
                (first.max(vday - days(7)) <= vday - days(2)).then_some(Tail::NoShow { visit })
            }
            5 => {
                let due = td - days(overdue(rng));
                if rng.chance(0.7) {
                    (due - days(1) >= first).then_some(Tail::VerifyDefeat { due })
                } else {
                    let n = cx.rules.lost_after_days as i64;
                    (due - days(1 + n) >= first).then_some(Tail::VerifyLost { due })
                }
            }
            _ => (2..=6).contains(&age).then_some(Tail::None),
        };
        if tail.is_some() {
            return tail;
        }
    }
    None
}

/// A due after today for an open lead captured on `cd` (at least two days ago).
pub(super) fn future_tail(rng: &mut Rng, cx: &Ctx, cd: NaiveDate, every: i64) -> Tail {
    let td = cx.today;
    let first = cd + days(1);
    let last = cx.last_call_day();
    for _ in 0..6 {
        match rng.weighted(&[80, 8, 12]) {
            0 => {
                // The last reached call falls between `first` and the last call day.
                let j_lo = 1.max((first - td).num_days() + every);
                let j_hi = (last - td).num_days() + every;
                if j_lo <= j_hi {
                    return Tail::Cadence {
                        due: td + days(rng.range(j_lo, j_hi)),
                        visited: rng.chance(0.08),
                    };
                }
            }
            1 => {
                let day = td + days(rng.range(1, 5));
                if first.max(day - days(5)) <= (day - days(1)).min(last) {
                    let due = at(day, 9 * 3600 + 300 * rng.range(0, 138));
                    return Tail::CustomerTime { due };
                }
            }
            _ => {
                let vday = td + days(rng.range(2, 7));
                if first.max(vday - days(7)) <= (vday - days(2)).min(last) {
                    let visit = at(vday, 9 * 3600 + 1800 + 1800 * rng.range(0, 16));
                    return Tail::Confirmation { visit };
                }
            }
        }
    }
    Tail::CustomerTime {
        due: at(td + days(1), 10 * 3600 + 1800 * rng.range(0, 18)),
    }
}

/// When leads arrive: a day weight (busier lately, in autumn and at weekends)
/// and an hour-of-day profile.
pub(super) struct Arrivals {
    pub(super) start: NaiveDate,
    pub(super) day_weight: Vec<f64>,
    pub(super) cum: Vec<f64>,
    pub(super) hour_cum: [f64; 25],
}

impl Arrivals {
    pub(super) fn new(start: NaiveDate, now: NaiveDateTime) -> Arrivals {
        let n = (now.date() - start).num_days() + 1;
        let mut hour_cum = [0.0; 25];
        let total: f64 = ARRIVALS_BY_HOUR.iter().sum();
        for h in 0..24 {
            hour_cum[h + 1] = hour_cum[h] + ARRIVALS_BY_HOUR[h] / total;
        }
        let mut a = Arrivals {
            start,
            day_weight: Vec::with_capacity(n as usize),
            cum: Vec::with_capacity(n as usize + 1),
            hour_cum,
        };
        a.cum.push(0.0);
        for d in 0..n {
            let day = start + days(d);
            let trend = 0.7 + 0.6 * d as f64 / (n.max(2) - 1) as f64;
            let weekday = match day.weekday().num_days_from_monday() {
                5 | 6 => 1.2,
                _ => 1.0,
            };
            let season = match day.month() {
                9 | 10 => 1.15,
                11 => 1.1,
                12 => 1.05,
                2 => 0.8,
                _ => 1.0,
            };
            let w = trend * weekday * season;
            // Today counts only up to now.
            let part = if d == n - 1 {
                a.fraction_of_day(now)
            } else {
                1.0
            };
            a.day_weight.push(w);
            let last = *a.cum.last().unwrap_or(&0.0);
            a.cum.push(last + w * part);
        }
        a
    }

    pub(super) fn fraction_of_day(&self, t: NaiveDateTime) -> f64 {
        let s = secs_of(t) as f64 / 3600.0;
        let h = (s as usize).min(23);
        self.hour_cum[h] + (s - h as f64) * (self.hour_cum[h + 1] - self.hour_cum[h])
    }

    pub(super) fn total(&self) -> f64 {
        *self.cum.last().unwrap_or(&0.0)
    }

    /// The arrival time at position `u` of the cumulative distribution.
    pub(super) fn time_at(&self, u: f64) -> NaiveDateTime {
        let d = self
            .cum
            .partition_point(|&c| c <= u)
            .clamp(1, self.day_weight.len())
            - 1;
        let frac = ((u - self.cum[d]) / self.day_weight[d]).clamp(0.0, 0.999_999);
        let h = self.hour_cum.partition_point(|&c| c <= frac).clamp(1, 24) - 1;
        let within = (frac - self.hour_cum[h]) / (self.hour_cum[h + 1] - self.hour_cum[h]);
        let secs = h as i64 * 3600 + (within * 3600.0) as i64;
        at(self.start + days(d as i64), secs.min(86_399))
    }
}

pub(super) struct Lookup {
    pub(super) channel_ids: Vec<i64>,
    pub(super) channel_w: Vec<u32>,
    /// Channels a lead can come from at night (web and social).
    pub(super) night_w: Vec<u32>,
    pub(super) channel_kind: Vec<String>,
}

pub(super) fn plan_leads(
    cx: &Ctx,
    opts: &DemoOptions,
    team: &Team,
    look: &Lookup,
    arrivals: &Arrivals,
) -> Vec<Plan> {
    let n = opts.leads;
    let total = arrivals.total();
    let model_w: Vec<u32> = MODELS.iter().map(|m| m.1).collect();
    let grades = cx.grades.len().max(1);
    let mut plans = Vec::with_capacity(n as usize);
    for i in 0..n {
        let mut rng = Rng::stream(cx.seed, 2, i);
        let u = (i as f64 + rng.unit()) / n as f64 * total;
        let created = arrivals.time_at(u).min(cx.now - Duration::seconds(1));
        let cd = created.date();
        let hour = created.hour();
        let channel = if (8..21).contains(&hour) {
            rng.weighted(&look.channel_w)
        } else {
            rng.weighted(&look.night_w)
        };
        let model = rng.weighted(&model_w) as u8;
        // The expected purchase decides the grade (H 12%, A 28%, B 30%, C 30%).
        let horizon = match rng.weighted(&[12, 28, 30, 30]) {
            0 => rng.range(1, 7),
            1 => rng.range(8, 30),
            2 => rng.range(31, 60),
            _ => rng.range(61, 240),
        };
        let (purchase, grade0) = if rng.chance(0.9) {
            let g = cx.rules.grade_for_purchase(cd + days(horizon), cd);
            (horizon as i16, cx.grade_index(&g))
        } else {
            (-1, rng.below(grades as u64) as u8)
        };
        let visit = if rng.chance(0.55) {
            (horizon / 3).clamp(1, 30) as i16
        } else {
            -1
        };
        let note = if rng.chance(0.08) {
            rng.below(LEAD_NOTES.len() as u64) as i8
        } else {
            -1
        };
        // Owners working when the lead arrived.
        let working = |o: &u16| {
            team.agents[*o as usize]
                .departed
                .is_none_or(|d| d > created + days(3))
        };
        let count = team.owners.iter().filter(|o| working(o)).count() as u64;
        let k = rng.below(count) as usize;
        let owner0 = *team
            .owners
            .iter()
            .filter(|o| working(o))
            .nth(k)
            .unwrap_or(&0);
        let creator = match look.channel_kind[channel].as_str() {
            "showroom" | "event" | "referral" => owner0,
            "oem" => team.sup,
            _ => team.inbound[rng.below(team.inbound.len() as u64) as usize],
        };
        // How the life ends, by grade: hot leads order more, cold ones linger.
        let r = (grade0 as usize * 4 / grades).min(3);
        let w = [
            [300, 220, 140, 90][r],
            [90, 80, 60, 40][r],
            [300, 330, 360, 360][r],
            [90, 100, 110, 120][r],
            70,
            15,
            [80, 100, 120, 140][r],
        ];
        let (fate, offset) = match rng.weighted(&w) {
            0 => (Fate::Order, 1.0 + rng.exp(8.0).min(80.0)),
            1 => (Fate::VisitDefeat, 2.0 + rng.exp(10.0).min(80.0)),
            2 => (Fate::Defeat, 4.0 + rng.exp(13.0).min(100.0)),
            3 => (Fate::Lost, 3.0 + rng.exp(9.0).min(60.0)),
            4 => (Fate::Invalid, 0.0),
            5 => (Fate::Dnc, 1.0 + rng.exp(15.0).min(90.0)),
            _ => {
                let f = if rng.chance(0.3) {
                    Fate::Order
                } else {
                    Fate::Defeat
                };
                (f, 45.0 + rng.range(0, 120) as f64)
            }
        };
        let close = created + Duration::seconds((offset * 86_400.0) as i64);
        // A closing that begins today or later has not begun: the lead is open.
        let fate = if close >= cx.cutoff || cd + days(1) >= cx.today {
            Fate::Open
        } else {
            fate
        };
        let mut transfer = team.agents[owner0 as usize].departed.map(|left| {
            let to = team.active[rng.below(team.active.len() as u64) as usize];
            (left, to)
        });
        if transfer.is_none() && fate == Fate::Open && team.active.len() > 1 && rng.chance(0.004) {
            // The supervisor rebalances a few leads between agents.
            let lo = created + days(1);
            let hi = cx.now - mins(60);
            if lo < hi {
                let span = (hi - lo).num_seconds();
                let when = lo + Duration::seconds(rng.range(0, span));
                let mut to = team.active[rng.below(team.active.len() as u64) as usize];
                if to == owner0 {
                    to = team.active[(team.active.iter().position(|&a| a == to).unwrap_or(0) + 1)
                        % team.active.len()];
                }
                transfer = Some((when, to));
            }
        }
        plans.push(Plan {
            created,
            close,
            transfer,
            owner0,
            creator,
            channel: channel as u8,
            model,
            grade0,
            purchase,
            visit,
            note,
            fate,
            tail: Tail::None,
        });
    }
    plans
}

/// Chooses how every open lead stands today, so that each working owner's
/// queue holds 30 to 80 leads. `natural` counts, per owner, the leads whose
/// closing is under way and due by the end of today.
pub(super) fn plan_queues(cx: &Ctx, team: &Team, plans: &mut [Plan], natural: &[u32]) {
    let td = cx.today;
    let mut open: Vec<Vec<u32>> = vec![Vec::new(); team.agents.len()];
    let mut settled: Vec<Vec<u32>> = vec![Vec::new(); team.agents.len()];
    let settled_before = cx.cutoff - days(WINDOW_DAYS);
    for (i, p) in plans.iter().enumerate() {
        if p.fate == Fate::Open {
            open[p.final_owner() as usize].push(i as u32);
        } else if p.transfer.is_none() && p.close < settled_before {
            settled[p.owner0 as usize].push(i as u32);
        }
    }
    for &o in &team.active {
        let mut rng = Rng::stream(cx.seed, 5, o as u64);
        let target = rng.range(30, 80) as usize;
        let fresh = open[o as usize]
            .iter()
            .filter(|&&i| plans[i as usize].created.date() == td - days(1))
            .count();
        let need = target.saturating_sub(natural[o as usize] as usize + fresh);
        let mut eligible: Vec<u32> = open[o as usize]
            .iter()
            .copied()
            .filter(|&i| plans[i as usize].created.date() <= td - days(2))
            .collect();
        let wanted = need + need / 2 + 5;
        if eligible.len() < wanted {
            // A small dealer keeps working old leads: some of the most recent
            // settled ones are still being tracked.
            let pool = &mut settled[o as usize];
            pool.sort_unstable_by(|a, b| b.cmp(a));
            let short = wanted - eligible.len();
            let window = (short * 3).min(pool.len());
            let mut pick: Vec<u32> = pool[..window].to_vec();
            rng.shuffle(&mut pick);
            for &i in pick.iter().take(short) {
                plans[i as usize].fate = Fate::Open;
                eligible.push(i);
            }
        }
        eligible.sort_unstable();
        rng.shuffle(&mut eligible);
        let mut placed = 0;
        for &i in &eligible {
            let p = &mut plans[i as usize];
            let cd = p.created.date();
            let every = cx.every[p.grade0 as usize];
            let mut tail = None;
            if placed < need {
                tail = queue_tail(&mut rng, cx, cd, every);
                if tail.is_some() {
                    placed += 1;
                }
            }
            p.tail = tail.unwrap_or_else(|| future_tail(&mut rng, cx, cd, every));
        }
    }
}
