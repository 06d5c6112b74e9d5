//! `dcc demo`: a realistic demo database.
//!
//! The generator plans every lead first (when it arrived, from where, who owns
//! it, how its life ends), then lives each lead's life call by call through the
//! domain's own rules ([`outcome::apply`] and [`outcome::decide`]), so statuses,
//! grades, due times and appointments are exactly what the workstation would
//! have written. Rows go straight into SQLite with prepared statements in large
//! transactions.
//!
//! Everything is deterministic for a seed and a `now`: one small PRNG
//! (splitmix64), seeded per lead, so two runs give the same file contents.
//!
//! Today's queues are planned: every outbound agent and the supervisor find
//! 30 to 80 leads due by the end of `now`'s day, for every reason a lead can be
//! due, some of them overdue and a few due later today.
//!
//! Tooling, not product: built with the cargo feature `tools` (on by
//! default; see `lib.rs`). It is the one writer outside `store` that speaks
//! SQL, because a million leads go in far faster as bulk prepared statements
//! than through the store's checked operations one call at a time.

use std::path::Path;
use std::time::{Duration as StdDuration, Instant};

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use rusqlite::{params, Connection, Statement};

use crate::domain::lead::{DueReason, FollowUp, Status};
use crate::domain::outcome::{self, CallReport, Outcome, ReasonCodes, VisitChange};
use crate::domain::rules::{GradeRule, Rules};
use crate::domain::Grade;
use crate::store::{DemoData, Invalid, LeadStore, NewFile, OpenMode, SqliteStore, StoreError};

mod clock;
mod life;
mod paths;
mod plan;
mod random;
mod showroom;
mod team;
mod text;
mod write;

use clock::*;
use life::*;
use plan::*;
use random::*;
use team::*;
use text::*;
use write::*;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOptions {
    pub leads: u64,
    pub seed: u64,
    /// The supervisor of the demo team (usually the operating-system login).
    pub supervisor_login: String,
    pub supervisor_name: String,
    /// The history ends here; today's queues are for this day.
    pub now: NaiveDateTime,
}

/// What was generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSummary {
    pub leads: u64,
    pub calls: u64,
    pub agents: usize,
    pub appointments: u64,
    pub events: u64,
    pub elapsed: StdDuration,
    pub file_bytes: u64,
}

/// Leads written per transaction.
const BATCH: u64 = 50_000;
/// `progress` is called after this many leads.
const PROGRESS_EVERY: u64 = 5_000;
/// No closing (appointment, order, delivery, defeat and its verification)
/// lasts longer than this: leads that began closing earlier are settled.
const WINDOW_DAYS: i64 = 110;
/// Months of history before `now`'s month.
const HISTORY_MONTHS: u32 = 15;
/// One outbound agent per this many leads.
const LEADS_PER_AGENT: u64 = 5_000;
/// Distinct phone numbers the generator can make (40 prefixes x 10^8).
const PHONE_SPACE: u64 = 40 * 100_000_000;

/// Builds a demo database at `path` (which must not exist yet).
/// `progress(done, total)` is called now and then with leads written so far.
pub fn generate(
    path: &Path,
    opts: &DemoOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<DemoSummary, StoreError> {
    let started = Instant::now();
    if path.exists() {
        return Err(StoreError::Invalid(Invalid::Exists {
            path: path.display().to_string(),
            what: NewFile::Demo,
        }));
    }
    if opts.leads > PHONE_SPACE {
        return Err(StoreError::Invalid(Invalid::DemoTooLarge {
            max: PHONE_SPACE,
        }));
    }
    // Built under a temporary name in the same folder and given its name
    // only when complete: a demo killed half-way leaves no file at `path`
    // to block the next one.
    let tmp = temp_name(path);
    let result = build(&tmp, opts, progress, started).and_then(|summary| {
        publish(&tmp, path)?;
        Ok(summary)
    });
    // A half-written demo is of no use: its files go.
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = tmp.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
    result
}

/// `.NAME.demo-PID.tmp` beside `path`.
fn temp_name(path: &Path) -> std::path::PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    path.with_file_name(format!(".{name}.demo-{}.tmp", std::process::id()))
}

/// Gives the finished demo its name: every page in the file itself (the
/// write-ahead log folded in and gone), then linked under the name, which
/// fails rather than replace a file that appeared meanwhile.
fn publish(tmp: &Path, path: &Path) -> Result<(), StoreError> {
    let io = |err| StoreError::Io {
        path: path.display().to_string(),
        err,
    };
    {
        let c = rusqlite::Connection::open(tmp)?;
        c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    }
    std::fs::hard_link(tmp, path).map_err(io)?;
    Ok(())
}

/// A channel's spend in a month, in cents: hundreds of thousands of yuan on
/// the big platforms for the default 20,000 leads, in proportion for more or
/// fewer leads, so that a lead costs what it costs a real dealer.
fn monthly_spend(rng: &mut Rng, code: &str, month: u32, leads: u64) -> i64 {
    let cny = match code {
        "autohome" => rng.range(500, 800),
        "yiche" => rng.range(350, 600),
        "pcauto" => rng.range(200, 350),
        "cheshi" => rng.range(200, 280),
        "wechat" => rng.range(60, 120),
        "weibo" => rng.range(30, 80),
        "exhibition" if matches!(month, 4 | 6 | 9 | 10 | 11) => rng.range(300, 600),
        _ => 0,
    };
    let scale = leads.max(1_000) as f64 / 20_000.0;
    (cny as f64 * 100.0 * scale).round() as i64 * 100 // yuan, in cents
}

fn build(
    path: &Path,
    opts: &DemoOptions,
    progress: &mut dyn FnMut(u64, u64),
    started: Instant,
) -> Result<DemoSummary, StoreError> {
    let store = SqliteStore::open(path, OpenMode::Create)?;
    let rules = store.rules()?;
    let reasons = store.reason_codes()?;
    let channels = store.channels()?;
    let conn = store.conn();

    let now = opts.now.with_nanosecond(0).unwrap_or(opts.now);
    let today = now.date();
    let start = month_start(today, HISTORY_MONTHS);
    let team = make_team(opts, start);
    text::seed_models(conn, now)?;

    let call_lo = rules.calling_start.num_seconds_from_midnight() as i64;
    let call_hi = (rules.calling_end.num_seconds_from_midnight() as i64 - 600).max(call_lo);
    let limit = (secs_of(now) - 900).min(call_hi);
    let departed = team.agents.iter().map(|a| a.departed.is_some()).collect();
    let grades: Vec<Grade> = rules.grades.iter().map(GradeRule::grade).collect();
    if grades.is_empty() {
        return Err(StoreError::Invalid(Invalid::DemoNeeds(DemoData::Grades)));
    }
    let cx = Ctx {
        seed: opts.seed,
        every: grades
            .iter()
            .map(|g| rules.every_days(g.as_str()).max(1))
            .collect(),
        grades,
        defeat_w: weights_for(&reasons.defeat, DEFEAT_WEIGHTS),
        invalid_w: weights_for(&reasons.invalid, INVALID_WEIGHTS),
        rules,
        reasons,
        now,
        today,
        cutoff: at(today, 0),
        today_end: at(today + days(1), 0),
        call_lo,
        call_hi,
        today_limit: (limit >= call_lo + 300).then(|| at(today, limit)),
        sup: team.sup,
        departed,
        verifiers: team
            .active
            .iter()
            .copied()
            .filter(|&a| team.agents[a as usize].role == "outbound")
            .collect(),
    };
    if cx.reasons.defeat.is_empty() || cx.reasons.invalid.is_empty() {
        return Err(StoreError::Invalid(Invalid::DemoNeeds(DemoData::Reasons)));
    }
    let look = Lookup {
        channel_ids: channels.iter().map(|c| c.id).collect(),
        channel_w: weights_for(
            &channels.iter().map(|c| c.code.clone()).collect::<Vec<_>>(),
            CHANNEL_WEIGHTS,
        ),
        night_w: channels
            .iter()
            .map(|c| match c.kind.as_str() {
                "web" | "social" => CHANNEL_WEIGHTS
                    .iter()
                    .find(|(k, _)| *k == c.code)
                    .map_or(1, |(_, w)| *w),
                _ => 0,
            })
            .collect(),
        channel_kind: channels.iter().map(|c| c.kind.clone()).collect(),
    };
    if look.channel_ids.is_empty() {
        return Err(StoreError::Invalid(Invalid::DemoNeeds(DemoData::Channels)));
    }

    // The team, the dealer's settings and the channels' monthly spend.
    store.write(|c| {
        let mut st = c.prepare(
            "INSERT INTO agents (id, login, name, role, active, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for a in &team.agents {
            let created = Stamp::time(a.created);
            st.execute(params![
                a.id,
                a.login,
                a.name,
                a.role,
                a.departed.is_none(),
                created.as_str()
            ])?;
        }
        let mut set = c.prepare(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )?;
        set.execute(["dealer", "丰田 4S 店 (Demo)"])?;
        set.execute(["campaign", "双十一购车节"])?;
        let mut spend = c.prepare(
            "INSERT INTO channel_spend (channel_id, month, amount_cents) VALUES (?1, ?2, ?3)",
        )?;
        let mut month = start;
        let mut rng = Rng::stream(opts.seed, 6, 0);
        while month <= today {
            let label = month.format("%Y-%m").to_string();
            for ch in &channels {
                let cents = monthly_spend(&mut rng, &ch.code, month.month(), opts.leads);
                spend.execute(params![ch.id, label, cents])?;
            }
            month = month_start(month, 0)
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(today + days(1));
        }
        Ok(())
    })?;

    // Plan every lead, then live the closings still under way to see what
    // today's queues already hold, then plan the open leads around that.
    let arrivals = Arrivals::new(start, now);
    let mut plans = plan_leads(&cx, opts, &team, &look, &arrivals);
    let mut natural = vec![0u32; team.agents.len()];
    {
        let mut sim = Sim::new(&cx);
        let from = cx.cutoff - days(WINDOW_DAYS);
        for (i, p) in plans.iter().enumerate() {
            if p.fate != Fate::Open && p.close >= from {
                sim.live(i as u64, p);
                if sim.st.next_due.is_some_and(|d| d < cx.today_end) {
                    natural[sim.owner as usize] += 1;
                }
            }
        }
    }
    plan_queues(&cx, &team, &mut plans, &natural);

    // The bulk load: no fsync, no foreign-key lookups, indexes afterwards.
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         PRAGMA synchronous = OFF;
         PRAGMA cache_size = -131072;
         PRAGMA temp_store = MEMORY;
         PRAGMA threads = 2;",
    )?;
    // Without a journal a failure leaves a broken file; `generate` removes it.
    let _: String = conn.query_row("PRAGMA journal_mode = OFF", [], |r| r.get(0))?;
    let index_defs = drop_indexes(conn)?;
    let phones = PhonePerm::new(opts.seed);
    let total = opts.leads;
    let (calls, events, appts) = {
        let mut w = Writer::new(conn)?;
        let mut sim = Sim::new(&cx);
        let mut i = 0u64;
        progress(0, total);
        while i < total {
            let end = (i + BATCH).min(total);
            conn.execute_batch("BEGIN")?;
            while i < end {
                let p = &plans[i as usize];
                sim.live(i, p);
                w.write(i, p, &sim, &team, &look, &phones)?;
                i += 1;
                if i.is_multiple_of(PROGRESS_EVERY) {
                    progress(i, total);
                }
            }
            conn.execute_batch("COMMIT")?;
        }
        progress(total, total);
        (w.calls, w.events, w.appts)
    };
    drop(plans);

    for sql in &index_defs {
        conn.execute_batch(sql)?;
    }
    let _: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.execute_batch(
        "PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA analysis_limit = 1000;
         ANALYZE;
         PRAGMA optimize;",
    )?;
    // The showroom received the visits the history shows.
    showroom::receive(conn, now)?;
    // Fold the history into the report summaries now, so that the first
    // report on a fresh demo is as quick as every later one.
    store.fold_history()?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    drop(store);
    let file_bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    Ok(DemoSummary {
        leads: total,
        calls,
        agents: team.agents.len() + showroom::STAFF,
        appointments: appts,
        events,
        elapsed: started.elapsed(),
        file_bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::phone::Phone;
    use std::collections::BTreeSet;

    fn time(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("valid time")
    }

    fn opts(leads: u64, seed: u64, now: &str) -> DemoOptions {
        DemoOptions {
            leads,
            seed,
            supervisor_login: "zhou.li".into(),
            supervisor_name: "周莉".into(),
            now: time(now),
        }
    }

    fn make(dir: &Path, name: &str, o: &DemoOptions) -> (std::path::PathBuf, DemoSummary) {
        let path = dir.join(name);
        let mut last = 0;
        let summary = generate(&path, o, &mut |done, _| last = done).expect("demo generates");
        assert_eq!(last, o.leads);
        (path, summary)
    }

    /// Row counts of every table and a hash of the leads table, in id order.
    fn fingerprint(path: &Path) -> (Vec<i64>, u64) {
        let conn = Connection::open(path).expect("opens");
        let tables = [
            "agents",
            "leads",
            "calls",
            "events",
            "appointments",
            "channel_spend",
        ];
        let counts = tables
            .iter()
            .map(|t| {
                conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
                    .expect("counts")
            })
            .collect();
        let mut st = conn
            .prepare("SELECT * FROM leads ORDER BY id")
            .expect("prepares");
        let columns = st.column_count();
        let mut rows = st.query([]).expect("queries");
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        while let Some(r) = rows.next().expect("reads") {
            for c in 0..columns {
                let v: rusqlite::types::Value = r.get(c).expect("value");
                for b in format!("{v:?}|").bytes() {
                    h = (h ^ b as u64).wrapping_mul(0x100_0000_01b3);
                }
            }
        }
        (counts, h)
    }

    #[test]
    fn the_same_seed_gives_the_same_database() {
        let dir = tempfile::tempdir().expect("temp dir");
        let now = "2025-11-05 10:30:00";
        let (a, sa) = make(dir.path(), "a.sqlite", &opts(1_500, 7, now));
        let (b, sb) = make(dir.path(), "b.sqlite", &opts(1_500, 7, now));
        let (c, _) = make(dir.path(), "c.sqlite", &opts(1_500, 8, now));
        assert_eq!(fingerprint(&a), fingerprint(&b));
        assert_ne!(fingerprint(&a).1, fingerprint(&c).1);
        let counts = |s: &DemoSummary| (s.leads, s.calls, s.events, s.appointments, s.agents);
        assert_eq!(counts(&sa), counts(&sb));
        // An existing file is never touched.
        let before = std::fs::read(&a).expect("reads");
        assert!(generate(&a, &opts(10, 1, now), &mut |_, _| {}).is_err());
        assert_eq!(std::fs::read(&a).expect("reads"), before);
    }

    #[test]
    fn a_demo_is_consistent_and_every_queue_is_full() {
        check_demo(2_000, 42, "2025-11-05 10:30:00");
        // Before calling hours, on the last day of February of a leap year.
        check_demo(1_200, 3, "2024-02-29 07:45:00");
    }

    fn check_demo(leads: u64, seed: u64, now: &str) {
        let dir = tempfile::tempdir().expect("temp dir");
        let o = opts(leads, seed, now);
        let (path, summary) = make(dir.path(), "demo.sqlite", &o);
        assert_eq!(summary.leads, leads);
        assert!(summary.calls > leads * 5, "{} calls", summary.calls);
        assert!(summary.file_bytes > 0);

        let store = SqliteStore::open(&path, OpenMode::Existing).expect("opens");
        let conn = store.conn();
        let text = |sql: &str| -> String {
            conn.query_row(sql, [], |r| r.get::<_, rusqlite::types::Value>(0))
                .map(|v| match v {
                    rusqlite::types::Value::Text(s) => s,
                    rusqlite::types::Value::Integer(i) => i.to_string(),
                    other => format!("{other:?}"),
                })
                .expect(sql)
        };
        let zero = |what: &str, sql: &str| assert_eq!(text(sql), "0", "{what}");
        let codes = |sql: &str| -> BTreeSet<String> {
            let mut st = conn.prepare(sql).expect(sql);
            let rows = st.query_map([], |r| r.get::<_, String>(0)).expect(sql);
            rows.map(|r| r.expect("row")).collect()
        };

        // The file: sound, in WAL mode, durable, with statistics for the planner.
        assert_eq!(text("PRAGMA integrity_check"), "ok");
        zero(
            "foreign keys",
            "SELECT count(*) FROM pragma_foreign_key_check",
        );
        assert_eq!(text("PRAGMA journal_mode"), "wal");
        assert_eq!(text("PRAGMA synchronous"), "2");
        assert_ne!(
            text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'calls'"),
            "0"
        );
        // The schema is exactly the one `dcc init` makes.
        let fresh = SqliteStore::open(&dir.path().join("fresh.sqlite"), OpenMode::Create)
            .expect("a fresh store");
        let schema = |c: &Connection| -> Vec<(String, String)> {
            let mut st = c
                .prepare(
                    "SELECT name, sql FROM sqlite_master
                     WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY name",
                )
                .expect("schema");
            let rows = st
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .expect("schema");
            rows.map(|r| r.expect("row")).collect()
        };
        assert_eq!(schema(conn), schema(fresh.conn()));
        assert_eq!(
            text("SELECT value FROM settings WHERE key = 'dealer'"),
            "丰田 4S 店 (Demo)"
        );
        assert_eq!(
            text("SELECT value FROM settings WHERE key = 'campaign'"),
            "双十一购车节"
        );
        zero(
            "channel months without spend rows",
            "SELECT count(*) FROM channels c WHERE (SELECT count(*) FROM channel_spend s
             WHERE s.channel_id = c.id) < 16",
        );

        // Codes are the domain's.
        for s in codes("SELECT DISTINCT status FROM leads") {
            assert!(Status::from_code(&s).is_some(), "status {s}");
        }
        for s in codes("SELECT DISTINCT outcome FROM calls") {
            assert!(Outcome::from_code(&s).is_some(), "outcome {s}");
        }
        for s in codes("SELECT DISTINCT due_reason FROM leads WHERE due_reason IS NOT NULL") {
            assert!(DueReason::from_code(&s).is_some(), "due reason {s}");
        }
        let statuses = codes("SELECT DISTINCT status FROM leads");
        for s in [
            "tracking",
            "appointed",
            "visited",
            "delivered",
            "defeated",
            "invalid",
            "lost",
        ] {
            assert!(statuses.contains(s), "no lead is {s}: {statuses:?}");
        }
        assert_eq!(codes("SELECT DISTINCT grade FROM leads").len(), 4);
        assert!(
            codes("SELECT DISTINCT c.code FROM leads l JOIN channels c ON c.id = l.channel_id")
                .len()
                >= 12
        );

        // Lives are consistent: closed leads are in no queue; calls are in
        // calling hours, after capture, before now, one after the other; the
        // event log tells the same story as the leads table.
        zero(
            "closed leads with a due",
            "SELECT count(*) FROM leads WHERE status IN ('ordered', 'delivered', 'invalid', 'dnc',
             'defeat_requested', 'invalid_requested') AND next_due IS NOT NULL",
        );
        zero(
            "open leads without a due",
            "SELECT count(*) FROM leads
             WHERE status IN ('tracking', 'appointed', 'visited') AND next_due IS NULL",
        );
        zero(
            "calls out of hours or after now",
            &format!(
                "SELECT count(*) FROM calls WHERE time(started_at) < '08:00:00'
                 OR time(started_at) >= '21:00:00' OR ended_at > '{now}'
                 OR started_at > ended_at"
            ),
        );
        zero(
            "calls before capture",
            "SELECT count(*) FROM calls c JOIN leads l ON l.id = c.lead_id
             WHERE c.started_at < l.created_at",
        );
        zero(
            "overlapping calls",
            "SELECT count(*) FROM (SELECT started_at,
                lag(ended_at) OVER (PARTITION BY lead_id ORDER BY id) AS prev FROM calls)
             WHERE started_at < prev",
        );
        zero(
            "status changes that do not chain",
            "SELECT count(*) FROM (SELECT old,
                coalesce(lag(new) OVER (PARTITION BY lead_id ORDER BY id), 'tracking') AS prev
                FROM events WHERE kind = 'status')
             WHERE old <> prev",
        );
        zero(
            "status unlike the last status event",
            "SELECT count(*) FROM leads l WHERE status <> coalesce((SELECT new FROM events e
             WHERE e.lead_id = l.id AND kind = 'status' ORDER BY id DESC LIMIT 1), 'tracking')",
        );
        zero(
            "grade unlike the last grade event",
            "SELECT count(*) FROM leads l WHERE grade <> (SELECT new FROM events e
             WHERE e.lead_id = l.id AND kind IN ('created', 'grade') ORDER BY id DESC LIMIT 1)",
        );
        zero(
            "owner unlike the last owner event",
            "SELECT count(*) FROM leads l JOIN agents a ON a.id = l.owner_id
             WHERE a.login <> (SELECT new FROM events e
             WHERE e.lead_id = l.id AND kind = 'owner' ORDER BY id DESC LIMIT 1)",
        );
        zero(
            "appointed leads without their open appointment",
            "SELECT count(*) FROM leads l WHERE (status = 'appointed') <> EXISTS (
             SELECT 1 FROM appointments a WHERE a.lead_id = l.id
             AND a.state IN ('set', 'confirmed') AND a.visit_at = l.appointment_at)",
        );
        assert_ne!(
            text("SELECT count(*) FROM events WHERE kind = 'owner' AND old IS NOT NULL"),
            "0",
            "no handovers"
        );

        // The rules of defeats: the agent who asked for a defeat (or gave a
        // lead up as lost) never makes its verification call, and a rejected
        // request returns the lead to the status it had before.
        let verification_calls = "FROM calls c
             WHERE (SELECT e.new FROM events e WHERE e.lead_id = c.lead_id AND e.kind = 'status'
                      AND e.at <= c.started_at ORDER BY e.at DESC, e.id DESC LIMIT 1)
                   IN ('defeated', 'lost')";
        assert_ne!(
            text(&format!("SELECT count(*) {verification_calls}")),
            "0",
            "no verification calls"
        );
        zero(
            "verification calls made by the agent who asked",
            &format!(
                "SELECT count(*) {verification_calls}
                 AND c.agent_id = (SELECT r.agent_id FROM calls r WHERE r.lead_id = c.lead_id
                     AND r.outcome IN ('defeat', 'lost') AND r.id < c.id
                     ORDER BY r.id DESC LIMIT 1)"
            ),
        );
        // A verification call ends with its own outcomes, never a tracking
        // call's (a defeat request or lost contact on a defeated lead).
        zero(
            "verification calls with a tracking call's outcome",
            &format!(
                "SELECT count(*) {verification_calls} AND c.outcome IN ('defeat', 'lost', 'invalid')"
            ),
        );
        for code in ["confirm-defeat", "confirm-lost", "back"] {
            assert_ne!(
                text(&format!(
                    "SELECT count(*) FROM calls WHERE outcome = '{code}'"
                )),
                "0",
                "no {code} calls"
            );
        }
        let rejected = "FROM events e WHERE e.kind = 'status'
             AND e.old IN ('defeat_requested', 'invalid_requested')
             AND e.new NOT IN ('defeated', 'invalid')";
        assert_ne!(
            text(&format!("SELECT count(*) {rejected}")),
            "0",
            "no rejected requests"
        );
        assert_ne!(
            text(&format!("SELECT count(*) {rejected} AND e.new = 'visited'")),
            "0",
            "no rejected request of a visited lead"
        );
        zero(
            "rejected requests not back where they were",
            &format!(
                "SELECT count(*) {rejected} AND e.new <> (SELECT p.old FROM events p
                 WHERE p.lead_id = e.lead_id AND p.kind = 'status' AND p.new = e.old
                   AND p.id < e.id ORDER BY p.id DESC LIMIT 1)"
            ),
        );

        // At least 15 months of history.
        let first: NaiveDateTime = conn
            .query_row("SELECT min(created_at) FROM leads", [], |r| r.get(0))
            .expect("first lead");
        let months_ago = o.now.checked_sub_months(chrono::Months::new(15));
        assert!(first <= months_ago.expect("a date"), "history from {first}");

        // Every phone number is a valid, distinct mobile.
        let phones = codes("SELECT phone FROM leads");
        assert_eq!(phones.len() as u64, leads);
        for p in &phones {
            let parsed = Phone::parse(p).expect("valid phone");
            assert!(parsed.is_mobile() && parsed.as_str() == p, "{p}");
        }

        // Today's queue of every outbound agent and the supervisor is full.
        let today = o.now.date();
        let agents = store.agents().expect("agents");
        let working: Vec<_> = agents
            .iter()
            .filter(|a| a.active && matches!(a.role.code(), "outbound" | "supervisor"))
            .collect();
        assert!(working.len() >= 5);
        assert!(agents.iter().filter(|a| a.role.code() == "inbound").count() >= 2);
        for a in working {
            let me = crate::store::Actor::myself((*a).clone());
            let q = store.queue(&me, Some(a.id), today, o.now).expect("queue");
            let reasons: BTreeSet<_> = q.iter().map(|i| i.reason.code()).collect();
            assert!(
                (20..=120).contains(&q.len()),
                "{} has {} due",
                a.login,
                q.len()
            );
            assert!(reasons.len() >= 4, "{}: {reasons:?}", a.login);
            assert!(
                q.iter().any(|i| i.days_overdue > 0),
                "{}: none overdue",
                a.login
            );
            assert!(
                q.iter().all(|i| i.days_overdue <= 5),
                "{}: too overdue",
                a.login
            );
        }
    }
}
