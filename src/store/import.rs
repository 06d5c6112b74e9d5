//! Writing an import without stopping the team.
//!
//! 1. Every row is checked first, in one read snapshot and without the
//!    write lock: its channel and grade, the do-not-call list, the leads in
//!    the database and the rows before it. A dry run stops here, and so does
//!    `all_or_nothing` when any row is refused.
//! 2. The import gets an id (`imports`, schema 13), and its rows are written
//!    in short `BEGIN IMMEDIATE` transactions of at most `CHUNK_ROWS` rows or
//!    `CHUNK_TIME`, with a pause between them in which an agent waiting to
//!    save takes the lock (the store's busy handler polls every millisecond
//!    or two). Each row is decided again as it is written, so a number an
//!    agent captured meanwhile is merged, not refused.
//! 3. Every lead and source written carries the import's id. If the import
//!    fails or is interrupted part-way with `all_or_nothing`, what it wrote
//!    is taken back by that id (`import_undo`); otherwise it is marked
//!    failed or interrupted and a supervisor may take it back. An import
//!    killed outright is found by the next one (its process is gone).
//!
//! A number of a lead taken back with an earlier import brings that lead
//! back (`import_undo::revive`) rather than a second lead.
//!
//! Cost: 100,000 rows into a million leads take about 9.5 s. About 40 % of
//! it is the search index: each insert into `leads` runs its trigger in a
//! statement savepoint, at which FTS5 flushes its pending terms as a segment
//! of one lead and merges segments.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension};

use super::import_undo;
use super::intake;
use super::sqlite::SqliteStore;
use super::{
    Actor, AssignRule, ImportBatch, ImportOutcome, LeadStore, Result, Role, RowFate, Stopped,
    StoreError,
};
use crate::domain::outcome::check_grade;
use crate::domain::{FollowUp, Grade, Rules};

/// How often `progress` is told while checking, in rows.
const PROGRESS_EVERY: usize = 512;
/// At most this many rows in one write transaction...
const CHUNK_ROWS: usize = 1_000;
/// ...and no longer than this (the transaction ends after the row that
/// passes it).
const CHUNK_TIME: Duration = Duration::from_millis(40);
/// The pause between two transactions: longer than an agent's save polls.
const CHUNK_GAP: Duration = Duration::from_millis(4);

/// A row ready to write: its channel and grade resolved.
pub(super) struct Prepared {
    pub channel_id: i64,
    pub grade: Grade,
}

/// What to do with a row, decided before anything is written.
#[derive(Clone, Copy)]
enum Plan {
    New,
    Existing(i64),
    /// Merged into the lead of the row at this index of the batch.
    Earlier(usize),
    DoNotCall(NaiveDateTime),
}

pub(super) fn import_leads(
    store: &SqliteStore,
    actor: &Actor,
    batch: &ImportBatch,
    now: NaiveDateTime,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ImportOutcome> {
    // Supervisors, and inbound agents (whose imports go to outbound agents
    // by the assignment rule, as their captures do).
    super::access::allow(actor, crate::domain::access::Op::Import)?;
    let rules = store.rules()?;
    let prepared = prepare(store, batch, &rules, now)?;
    let total = batch.rows.len();

    // 1. The whole file, checked without the write lock.
    let plans = read_only(store.conn(), |c| classify(c, batch, total, progress))?;
    let refused = plans.iter().any(|p| matches!(p, Plan::DoNotCall(_)));
    if batch.dry_run || (batch.all_or_nothing && refused) {
        return Ok(outcome(batch, &plans, &[], false, None, None));
    }
    if total == 0 {
        return Ok(outcome(batch, &plans, &[], true, None, None));
    }
    // An import killed part-way is settled before another starts.
    import_undo::settle_dead(store, actor, now)?;
    let import = import_undo::begin(store, actor, batch, now)?;
    let _bulk = BulkSettings::apply(store.conn(), total)?;
    let mut owners = store.write(|c| Assigner::new(c, actor))?;
    let mut w = Writer {
        actor,
        batch,
        prepared: &prepared,
        rules: &rules,
        now,
        import,
        states: HashMap::new(),
        fates: plans.clone(),
        ids: vec![None; total],
    };
    // 2. Short transactions, the lock let go between them.
    let mut done = 0;
    let mut error = None;
    while done < total {
        if !progress(done, total) {
            break;
        }
        let from = done;
        match store.write(|c| w.chunk(c, from, &mut owners)) {
            Ok(to) => done = to,
            Err(e) => {
                error = Some(e);
                break;
            }
        }
        std::thread::sleep(CHUNK_GAP);
    }
    if done == total {
        store.write(|c| {
            owners.finish(c)?;
            import_undo::finish(c, import, "done", now)
        })?;
        progress(total, total);
        return Ok(outcome(batch, &w.fates, &w.ids, true, Some(import), None));
    }
    // 3. Stopped part-way.
    let taken_back = if batch.all_or_nothing {
        Some(import_undo::take_back(store, actor, import, true, now)?)
    } else {
        let state = if error.is_some() {
            "failed"
        } else {
            "interrupted"
        };
        store.write(|c| import_undo::finish(c, import, state, now))?;
        None
    };
    let stopped = Stopped {
        error: error.map(|e| e.to_string()),
        rows_written: done,
        taken_back,
    };
    let written = stopped.taken_back.is_none() && done > 0;
    Ok(outcome(
        batch,
        &w.fates,
        &w.ids,
        written,
        Some(import),
        Some(stopped),
    ))
}

/// The state of an import being written, carried from one transaction to
/// the next.
struct Writer<'a> {
    actor: &'a Actor,
    batch: &'a ImportBatch,
    prepared: &'a [Prepared],
    rules: &'a Rules,
    now: NaiveDateTime,
    import: i64,
    states: HashMap<Grade, FollowUp>,
    /// Every row's fate, decided again as it is written.
    fates: Vec<Plan>,
    /// The lead of every row written.
    ids: Vec<Option<i64>>,
}

impl Writer<'_> {
    /// Writes rows from `from` in one transaction, as many as fit; returns
    /// the index after the last.
    fn chunk(&mut self, c: &Connection, from: usize, owners: &mut Assigner) -> Result<usize> {
        let started = Instant::now();
        let marks: (i64, i64) = c.query_row(
            "SELECT (SELECT coalesce(max(id), 0) FROM leads), (SELECT coalesce(max(id), 0) FROM lead_sources)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let total = self.batch.rows.len();
        let mut i = from;
        while i < total && i - from < CHUNK_ROWS && (i == from || started.elapsed() < CHUNK_TIME) {
            self.row(c, i, owners)?;
            i += 1;
        }
        // Everything written in this transaction is the import's: nobody
        // else writes while it holds the lock.
        c.prepare_cached("UPDATE leads SET import_id = ?1 WHERE id > ?2 AND import_id IS NULL")?
            .execute(params![self.import, marks.0])?;
        c.prepare_cached(
            "UPDATE lead_sources SET import_id = ?1 WHERE id > ?2 AND import_id IS NULL",
        )?
        .execute(params![self.import, marks.1])?;
        Ok(i)
    }

    fn row(&mut self, c: &Connection, i: usize, owners: &mut Assigner) -> Result<()> {
        let row = &self.batch.rows[i];
        let p = &self.prepared[i];
        let origin = &self.batch.origin;
        let (actor, now) = (self.actor, self.now);
        let phone = row.lead.phone.as_str();
        // Decided again: the team kept working since the check.
        if let Some(since) = intake::dnc_since(c, phone)? {
            self.fates[i] = Plan::DoNotCall(since);
            return Ok(());
        }
        let known = c
            .prepare_cached("SELECT id, status = 'withdrawn' FROM leads WHERE phone = ?1")?
            .query_row([phone], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, bool>(1)?)))
            .optional()?;
        let state = self
            .states
            .entry(p.grade.clone())
            .or_insert_with(|| FollowUp::new(&p.grade, self.rules, now));
        match known {
            Some((id, false)) => {
                intake::add_source(c, actor, id, p.channel_id, origin, now)?;
                self.ids[i] = Some(id);
                self.fates[i] = match self.fates[i] {
                    Plan::Earlier(j) if self.ids[j] == Some(id) => Plan::Earlier(j),
                    _ => Plan::Existing(id),
                };
            }
            Some((id, true)) => {
                // A lead taken back with an earlier import: back again.
                let owner = match &row.lead.owner {
                    Some(login) => Some(login.clone()),
                    None => owners.next(),
                };
                import_undo::revive(
                    c,
                    actor,
                    id,
                    &row.lead,
                    owner.as_deref(),
                    p,
                    state,
                    origin,
                    self.import,
                    now,
                )?;
                self.ids[i] = Some(id);
                self.fates[i] = Plan::New;
            }
            None => {
                let assigned;
                let mut lead = &row.lead;
                if lead.owner.is_none() {
                    if let Some(login) = owners.next() {
                        let mut l = row.lead.clone();
                        l.owner = Some(login);
                        assigned = l;
                        lead = &assigned;
                    }
                }
                let id = intake::insert_lead(
                    c,
                    actor,
                    lead,
                    p.channel_id,
                    &p.grade,
                    state,
                    origin,
                    now,
                )?;
                self.ids[i] = Some(id);
                self.fates[i] = Plan::New;
            }
        }
        Ok(())
    }
}

/// Connection settings for one large write, restored when dropped. Every
/// insert into `leads` opens a statement journal (its trigger keeps the
/// search index), which goes to a temporary file unless kept in memory; and
/// SQLite's default page cache (2 MB) is far smaller than the pages a large
/// import touches, so they would be spilled to the log and read back before
/// the commit.
struct BulkSettings<'c> {
    c: &'c Connection,
    cache_size: i64,
    temp_store: i64,
}

impl<'c> BulkSettings<'c> {
    /// Rows from which the settings are worth changing.
    const FROM_ROWS: usize = 1_000;

    fn apply(c: &'c Connection, rows: usize) -> Result<Option<BulkSettings<'c>>> {
        if rows < Self::FROM_ROWS {
            return Ok(None);
        }
        let cache_size = c.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        let temp_store = c.query_row("PRAGMA temp_store", [], |r| r.get(0))?;
        // About 2 KB of pages per row, at most 16 MB (negative: in KiB): a
        // transaction of `CHUNK_ROWS` rows dirties far fewer pages, and the
        // import's memory stays bounded (a 200,000-row file asked for 400 MB).
        let kib = (rows as i64 * 2).clamp(8_192, 16 * 1024);
        c.pragma_update(None, "cache_size", -kib)?;
        c.pragma_update(None, "temp_store", 2)?; // MEMORY
        Ok(Some(BulkSettings {
            c,
            cache_size,
            temp_store,
        }))
    }
}

impl Drop for BulkSettings<'_> {
    fn drop(&mut self) {
        let _ = self.c.pragma_update(None, "cache_size", self.cache_size);
        let _ = self.c.pragma_update(None, "temp_store", self.temp_store);
    }
}

/// Resolves every row's channel (once per distinct name) and grade. The
/// rows were checked by the reader, so a failure here refuses the batch.
fn prepare(
    store: &SqliteStore,
    batch: &ImportBatch,
    rules: &Rules,
    now: NaiveDateTime,
) -> Result<Vec<Prepared>> {
    let mut channels: HashMap<&str, i64> = HashMap::new();
    let mut out = Vec::with_capacity(batch.rows.len());
    for row in &batch.rows {
        let lead = &row.lead;
        let channel_id = match channels.get(lead.channel.as_str()) {
            Some(id) => *id,
            None => {
                let id = store.channel(&lead.channel)?.id;
                channels.insert(lead.channel.as_str(), id);
                id
            }
        };
        let grade = match (&lead.grade, lead.purchase_by) {
            (Some(g), _) => check_grade(rules, g)?,
            (None, Some(d)) => rules.grade_for_purchase(d, now.date()),
            (None, None) => {
                return Err(StoreError::Invalid(super::Invalid::ImportNoGrade {
                    line: row.line,
                }))
            }
        };
        out.push(Prepared { channel_id, grade });
    }
    Ok(out)
}

/// Runs `f` in a read transaction, so a dry run sees one state of the file.
fn read_only<T>(c: &Connection, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
    c.execute_batch("BEGIN DEFERRED")?;
    let result = f(c);
    let _ = c.execute_batch("COMMIT");
    result
}

/// Decides each row's fate from the do-not-call list, the leads in the
/// database and the rows before it. Reads only.
fn classify(
    c: &Connection,
    batch: &ImportBatch,
    total: usize,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<Vec<Plan>> {
    let mut first_row: HashMap<&str, usize> = HashMap::new();
    let mut plans = Vec::with_capacity(total);
    for (i, row) in batch.rows.iter().enumerate() {
        let phone = row.lead.phone.as_str();
        let plan = if let Some(since) = intake::dnc_since(c, phone)? {
            Plan::DoNotCall(since)
        } else if let Some(&earlier) = first_row.get(phone) {
            match plans[earlier] {
                Plan::Existing(id) => Plan::Existing(id),
                _ => Plan::Earlier(earlier),
            }
        } else {
            first_row.insert(phone, i);
            match intake::lead_by_phone(c, phone)? {
                Some(id) => Plan::Existing(id),
                None => Plan::New,
            }
        };
        plans.push(plan);
        if batch.dry_run && (i + 1) % PROGRESS_EVERY == 0 && !progress(i + 1, total) {
            break;
        }
    }
    if batch.dry_run {
        progress(total, total);
    }
    Ok(plans)
}

fn outcome(
    batch: &ImportBatch,
    plans: &[Plan],
    ids: &[Option<i64>],
    written: bool,
    import: Option<i64>,
    stopped: Option<Stopped>,
) -> ImportOutcome {
    let id = |i: usize| ids.get(i).copied().flatten();
    let fates = plans
        .iter()
        .enumerate()
        .map(|(i, plan)| match *plan {
            Plan::New => RowFate::New { lead: id(i) },
            Plan::Existing(lead) => RowFate::Existing { lead },
            Plan::Earlier(j) => RowFate::Earlier {
                line: batch.rows[j].line,
                lead: id(j),
            },
            Plan::DoNotCall(since) => RowFate::DoNotCall { since },
        })
        .collect();
    ImportOutcome {
        fates,
        written,
        import,
        stopped,
    }
}

/// Owners of an inbound agent's imported leads, by the dealer's rule. Makes
/// the choices `intake::choose_owner` makes one capture at a time, but reads
/// the outbound agents and their loads once for the whole file (at a million
/// leads, counting every agent's load costs milliseconds: once per row
/// would take minutes). Anyone else's imports are left to `choose_owner`:
/// the importer owns them.
enum Assigner {
    /// `choose_owner` decides.
    Leave,
    Agent(String),
    RoundRobin {
        agents: Vec<(i64, String)>,
        last: Option<i64>,
    },
    LeastLoaded {
        agents: Vec<(i64, String, i64)>,
    },
}

impl Assigner {
    fn new(c: &Connection, actor: &Actor) -> Result<Assigner> {
        if actor.agent.role != Role::Inbound {
            return Ok(Assigner::Leave);
        }
        let outbound: Vec<(i64, String)> = c
            .prepare_cached(
                "SELECT id, login FROM agents WHERE role = 'outbound' AND active ORDER BY id",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        if outbound.is_empty() {
            return Ok(Assigner::Leave);
        }
        Ok(match intake::assign_rule(c)? {
            AssignRule::Agent(login) => Assigner::Agent(login),
            AssignRule::RoundRobin => {
                let last = c
                    .prepare_cached("SELECT value FROM settings WHERE key = 'assign_last'")?
                    .query_row([], |r| r.get::<_, String>(0))
                    .optional()?
                    .and_then(|v| v.parse().ok());
                Assigner::RoundRobin {
                    agents: outbound,
                    last,
                }
            }
            AssignRule::LeastLoaded => {
                let mut load = HashMap::new();
                let mut st = c.prepare_cached(
                    "SELECT owner_id, count(*) FROM leads WHERE next_due IS NOT NULL GROUP BY owner_id",
                )?;
                let mut rows = st.query([])?;
                while let Some(r) = rows.next()? {
                    load.insert(r.get::<_, Option<i64>>(0)?, r.get::<_, i64>(1)?);
                }
                let agents = outbound
                    .into_iter()
                    .map(|(id, login)| {
                        let n = load.get(&Some(id)).copied().unwrap_or(0);
                        (id, login, n)
                    })
                    .collect();
                Assigner::LeastLoaded { agents }
            }
        })
    }

    /// The owner of the next new lead; `None` leaves it to `choose_owner`.
    fn next(&mut self) -> Option<String> {
        match self {
            Assigner::Leave => None,
            Assigner::Agent(login) => Some(login.clone()),
            Assigner::RoundRobin { agents, last } => {
                let (id, login) = agents
                    .iter()
                    .find(|(id, _)| last.is_none_or(|l| *id > l))
                    .unwrap_or(&agents[0]);
                *last = Some(*id);
                Some(login.clone())
            }
            Assigner::LeastLoaded { agents } => {
                // A new lead is due tomorrow: it adds to its owner's load.
                let chosen = agents.iter_mut().min_by_key(|(id, _, n)| (*n, *id))?;
                chosen.2 += 1;
                Some(chosen.1.clone())
            }
        }
    }

    /// Saves where the round goes on, as `choose_owner` does.
    fn finish(&self, c: &Connection) -> Result<()> {
        if let Assigner::RoundRobin {
            last: Some(last), ..
        } = self
        {
            c.execute(
                "INSERT INTO settings (key, value) VALUES ('assign_last', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [last.to_string()],
            )?;
        }
        Ok(())
    }
}
