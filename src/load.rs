//! A simulated agent working the team's queue against the shared database,
//! for the concurrency tests and load runs (`dcc load-worker`, hidden).
//!
//! Several of these run as separate processes on one file. They pick leads
//! near the top of the same queue on purpose, so that claims collide, and
//! they report every acknowledged call on one line so that a test can check
//! the database against what each process was told:
//!
//! ```text
//! ACK <call_id> <lead_id> <outcome> <latency_us>   a call was saved
//! BUSY <message>                                   the store gave up waiting (must not happen)
//! DOUBLE-CLAIM <lead_id> ...                       two agents held one lead at once
//! DECLINED <lead_id> <outcome> <message>           a domain rule refused the outcome
//! DONE acks=<n> refused=<n> busy=<n> double=<n>    the summary, last
//! ```
//!
//! `dcc load` ([`run`], in `runner`) starts these on a copy of the database.
//! Tooling, not product: built with the cargo feature `tools` (on by
//! default; see `lib.rs`).

mod runner;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{NaiveDateTime, NaiveTime, Timelike};

use crate::domain::outcome::{CallReport, Outcome};
use crate::domain::rules::Rules;
use crate::store::{Actor, CallLog, LeadStore, SqliteStore, StoreError};

pub use runner::{parse_pace, percentile, run, LoadOptions, Phase};

/// One simulated agent working the team's queue, for the concurrency tests
/// and the load command.
#[derive(Debug, Clone, clap::Args)]
pub struct WorkerOptions {
    /// Rounds to work before stopping; each logs at most one outcome (none
    /// when every lead tried was held by a colleague or the queue is empty).
    #[arg(long, default_value_t = 50)]
    pub ops: u64,
    /// Pause between calls, in milliseconds (a random value up to this).
    #[arg(long, default_value_t = 0)]
    pub pause_ms: u64,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// A directory where each held claim is marked by a file, to catch double claims.
    #[arg(long)]
    pub marker_dir: Option<PathBuf>,
    /// Talk time: how long a claim is held before the outcome is logged, in
    /// milliseconds (a random value up to this). Longer holds mean more
    /// collisions between workers.
    #[arg(long, default_value_t = 0)]
    pub hold_ms: u64,
    /// How many leads at the top of the queue a worker picks from.
    #[arg(long, default_value_t = 20)]
    pub top: usize,
    /// The shortest pause between calls, in milliseconds: the pause is a
    /// random value from this to `--pause-ms`.
    #[arg(long, default_value_t = 0)]
    pub pause_min_ms: u64,
    /// Stop after this many milliseconds, whatever `--ops` says.
    #[arg(long)]
    pub for_ms: Option<u64>,
    /// Wait a random part of `--pause-ms` before the first call, so that a
    /// team started at once does not call in step.
    #[arg(long)]
    pub stagger: bool,
    /// Work the agent's own queue instead of the whole team's.
    #[arg(long)]
    pub own_queue: bool,
    /// Read the queue again every this many rounds (the list in between may
    /// be stale: claims must still be right).
    #[arg(long, default_value_t = 1)]
    pub requeue_every: u64,
}

/// A tiny deterministic generator (SplitMix64): the same seed gives the
/// same sequence of choices, so a failing run can be replayed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// A number in `0..=max`.
    fn up_to(&mut self, max: u64) -> u64 {
        if max == u64::MAX {
            self.next()
        } else {
            self.below(max + 1)
        }
    }
}

#[derive(Debug, Default)]
struct Tally {
    acks: u64,
    refused: u64,
    busy: u64,
    double: u64,
}

/// The acting clock: `DCC_NOW` when set (fixed), else the real local clock,
/// read again at every step so that it advances.
fn clock() -> Result<NaiveDateTime, StoreError> {
    crate::cli::identity::now().map_err(|_| {
        StoreError::Invalid(crate::store::Invalid::Clock(
            std::env::var("DCC_NOW").unwrap_or_default(),
        ))
    })
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |err| StoreError::Io {
        path: path.display().to_string(),
        err,
    }
}

/// A plausible outcome for a call made at `now`. Nothing that closes a lead
/// or sends it to the supervisor, so that the queue does not drain: mostly
/// no answer (the lead comes back later today), sometimes reached, a
/// callback later today, or a visit a few days ahead.
fn pick_outcome(rng: &mut Rng, rules: &Rules, now: NaiveDateTime) -> (Outcome, CallReport) {
    let roll = rng.below(100);
    if roll < 45 {
        return (Outcome::NoAnswer, CallReport::default());
    }
    if roll < 70 {
        return (Outcome::Reached, CallReport::default());
    }
    if roll < 90 {
        // "Call me at ...": 15 minutes to 3 hours from now, on a whole
        // minute, today and within calling hours; otherwise no answer.
        let minutes = 15 + rng.below(166) as i64;
        let at = now + chrono::Duration::minutes(minutes);
        let at = at
            .with_second(0)
            .and_then(|t| t.with_nanosecond(0))
            .unwrap_or(at);
        if at > now && at.date() == now.date() && rules.within_calling_hours(at) {
            let report = CallReport {
                at: Some(at),
                ..Default::default()
            };
            return (Outcome::CallbackAt, report);
        }
        return (Outcome::NoAnswer, CallReport::default());
    }
    // A showroom visit 2 to 5 days ahead, on the half hour between 10:00 and 16:30.
    let day = now.date() + chrono::Duration::days(2 + rng.below(4) as i64);
    let slot = rng.below(14) as u32; // 10:00, 10:30, ... 16:30
    let time = NaiveTime::from_hms_opt(10 + slot / 2, (slot % 2) * 30, 0).unwrap_or(NaiveTime::MIN);
    let report = CallReport {
        visit: Some(day.and_time(time)),
        ..Default::default()
    };
    (Outcome::Appointment, report)
}

/// Runs one simulated agent: `opts.ops` rounds of read the team's queue,
/// claim a lead near its top (trying others when a colleague holds it), log
/// an outcome. Prints one line per event (see the module's documentation).
///
/// Busy errors are printed and counted, never fatal: a test looks for them.
/// Any other store error ends the worker with that error.
pub fn worker(
    store: &SqliteStore,
    actor: &Actor,
    opts: &WorkerOptions,
    out: &mut dyn Write,
) -> Result<(), StoreError> {
    let mut rng = Rng::new(opts.seed);
    let mut t = Tally::default();
    let rules = store.rules()?;
    let top = opts.top.max(1);
    if let Some(dir) = &opts.marker_dir {
        std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    }
    let write_err = |err| StoreError::Io {
        path: "<output>".into(),
        err,
    };
    let deadline = opts
        .for_ms
        .map(|ms| Instant::now() + Duration::from_millis(ms));
    let pause_min = opts.pause_min_ms.min(opts.pause_ms);
    if opts.stagger && opts.pause_ms > 0 {
        std::thread::sleep(Duration::from_millis(rng.up_to(opts.pause_ms)));
    }

    let whose = opts.own_queue.then_some(actor.agent.id);
    let mut queue = Vec::new();
    for round in 0..opts.ops {
        if deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
        let now = clock()?;
        if round % opts.requeue_every.max(1) == 0 || queue.is_empty() {
            queue = match store.queue(actor, whose, now.date(), now) {
                Ok(q) => q,
                Err(e @ StoreError::Busy(_)) => {
                    busy(out, &mut t, "queue", &e)?;
                    continue;
                }
                Err(e) => return Err(e),
            };
        }
        // The candidates: the top of the queue, in a shuffled order. Leads
        // shown as held by a colleague are tried too, on purpose: the claim
        // must refuse them, whatever the (possibly stale) list said.
        let mut candidates: Vec<i64> = queue.iter().take(top).map(|q| q.lead_id).collect();
        for i in (1..candidates.len()).rev() {
            let j = rng.below(i as u64 + 1) as usize;
            candidates.swap(i, j);
        }

        let mut held = None;
        for lead in candidates {
            match store.claim(actor, lead, clock()?) {
                Ok(_) => {
                    held = Some(lead);
                    break;
                }
                Err(StoreError::Claimed { .. }) => t.refused += 1,
                Err(e @ StoreError::Busy(_)) => busy(out, &mut t, &format!("claim {lead}"), &e)?,
                Err(e) => return Err(e),
            }
        }

        if let Some(lead) = held {
            call(store, actor, opts, &rules, &mut rng, &mut t, lead, out)?;
        }

        // The agent's pause: the workstation checkpoints here (its tick).
        store.idle();
        if opts.pause_ms > 0 {
            let pause = pause_min + rng.up_to(opts.pause_ms - pause_min);
            let pause = Duration::from_millis(pause);
            match deadline {
                Some(d) => {
                    std::thread::sleep(pause.min(d.saturating_duration_since(Instant::now())))
                }
                None => std::thread::sleep(pause),
            }
        }
    }
    writeln!(
        out,
        "DONE acks={} refused={} busy={} double={}",
        t.acks, t.refused, t.busy, t.double
    )
    .map_err(write_err)?;
    out.flush().map_err(write_err)?;
    Ok(())
}

fn busy(out: &mut dyn Write, t: &mut Tally, what: &str, e: &StoreError) -> Result<(), StoreError> {
    t.busy += 1;
    writeln!(out, "BUSY {what}: {e}").map_err(|err| StoreError::Io {
        path: "<output>".into(),
        err,
    })
}

/// One call on a lead this worker has just claimed: mark it, talk, log.
#[allow(clippy::too_many_arguments)]
fn call(
    store: &SqliteStore,
    actor: &Actor,
    opts: &WorkerOptions,
    rules: &Rules,
    rng: &mut Rng,
    t: &mut Tally,
    lead: i64,
    out: &mut dyn Write,
) -> Result<(), StoreError> {
    let write_err = |err| StoreError::Io {
        path: "<output>".into(),
        err,
    };
    // The marker: a file that exists exactly while this worker believes it
    // holds the lead. `create_new` is atomic, so if it already exists another
    // worker believes it holds the same lead right now.
    let marker = opts
        .marker_dir
        .as_ref()
        .map(|d| d.join(format!("lead-{lead}")));
    let mut marked = false;
    if let Some(m) = &marker {
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(m)
        {
            Ok(_) => marked = true,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                t.double += 1;
                writeln!(out, "DOUBLE-CLAIM {lead}").map_err(write_err)?;
            }
            Err(e) => return Err(io_err(m)(e)),
        }
    }

    // Talk time, holding the claim.
    if opts.hold_ms > 0 {
        std::thread::sleep(Duration::from_millis(rng.up_to(opts.hold_ms)));
    }

    let now = clock()?;
    let (outcome, report) = pick_outcome(rng, rules, now);
    let log = CallLog {
        lead_id: lead,
        outcome,
        report,
        note: None,
        started: None,
        // Agents on the team's queue are inbound agents: they take the call.
        inbound: actor.agent.role == crate::store::Role::Inbound,
    };

    // The marker goes BEFORE log_call, not after. log_call releases the claim
    // in the same transaction as it saves the call; the moment that commits,
    // a colleague may claim the lead and create its own marker. Removing ours
    // after log_call returns would leave a window where a legitimate second
    // claim finds our stale marker: a false DOUBLE-CLAIM. Removed first, our
    // marker is gone before our claim is released, so a legitimate successor
    // (whose claim commits after our release, and whose marker is created
    // after its claim) can never see it. A real double claim (a colleague's
    // claim succeeding while we hold ours) is still caught: their claim
    // lands inside our marker's lifetime, from just after our claim to just
    // before our log_call, which covers the talk time; and if theirs lands
    // between our claim and our marker, our own create_new fails instead.
    // The only blind spot is the log_call transaction itself, and there the
    // store's own check (a lead held by someone else refuses the call with
    // `Claimed`) reports it, below.
    if marked {
        if let Some(m) = &marker {
            std::fs::remove_file(m).map_err(io_err(m))?;
        }
    }

    let started = Instant::now();
    let result = store.log_call(actor, &log, now);
    let latency = started.elapsed().as_micros();
    match result {
        Ok(logged) => {
            t.acks += 1;
            writeln!(
                out,
                "ACK {} {} {} {}",
                logged.call_id, logged.lead_id, logged.outcome, latency
            )
            .map_err(write_err)?;
        }
        Err(StoreError::Refused(why)) => {
            writeln!(out, "DECLINED {lead} {outcome} {why}").map_err(write_err)?;
            release(store, actor, lead, t, out)?;
        }
        Err(StoreError::Claimed { by, until, .. }) => {
            // We claimed this lead and have not let go, yet the store says a
            // colleague holds it: two agents on one lead.
            t.double += 1;
            writeln!(out, "DOUBLE-CLAIM {lead} (held by {by} until {until})").map_err(write_err)?;
        }
        Err(e @ StoreError::Busy(_)) => {
            busy(out, t, &format!("log_call {lead}"), &e)?;
            release(store, actor, lead, t, out)?;
        }
        Err(e) => return Err(e),
    }
    Ok(())
}

fn release(
    store: &SqliteStore,
    actor: &Actor,
    lead: i64,
    t: &mut Tally,
    out: &mut dyn Write,
) -> Result<(), StoreError> {
    match store.release(actor, lead) {
        Ok(()) => Ok(()),
        Err(e @ StoreError::Busy(_)) => busy(out, t, &format!("release {lead}"), &e),
        Err(e) => Err(e),
    }
}
