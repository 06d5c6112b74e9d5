//! Imports by id: each import's record (`imports`, schema 13), and taking
//! an import back (`dcc import undo ID`).
//!
//! Taking back keeps the history append-only. A lead of the import that
//! nobody has worked (no call, no appointment, no change of owner, grade or
//! status after the import, not open on a call, not arrived again from
//! elsewhere) is **withdrawn**, not deleted: its status becomes `withdrawn`
//! (out of every queue and search result that lists open leads), with a
//! status event like any other, noted `import:<id>`. (Leads change only
//! through calls, appointments and events, so those tell a worked lead.)
//! The sources the import
//! added to leads it did not make are removed (they are a record of arrival,
//! not of work). A lead someone worked stays, and is named.
//!
//! The reports fold the event log incrementally by row id
//! (`report::fold`). The withdrawal is an event, and the fold takes a lead
//! off the count of the month it arrived in when it meets a new
//! `→ withdrawn` event (and puts it back on a `withdrawn →` one, when a
//! later import brings the number back): folded in steps or from scratch,
//! the figures agree.
//!
//! A lead taken back whose number comes in a later import is brought back
//! ([`revive`]) rather than made twice (the number is the customer's
//! identity and stays unique).

use std::time::Duration;

use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension};

use super::admin::audit;
use super::import::Prepared;
use super::intake;
use super::sqlite::SqliteStore;
use super::{
    fmt_time, Actor, ImportBatch, ImportRecord, Invalid, Kept, KeptLead, Result, StoreError,
    UndoOutcome,
};
use crate::domain::access::Op;
use crate::domain::card::{EventKind, NewLead};
use crate::domain::FollowUp;

/// Leads looked at in one transaction while taking an import back.
const UNDO_CHUNK: i64 = 500;
/// The pause between two of them, for an agent's save.
const UNDO_GAP: Duration = Duration::from_millis(4);

/// Records a new import, running in this process.
pub(super) fn begin(
    store: &SqliteStore,
    actor: &Actor,
    batch: &ImportBatch,
    now: NaiveDateTime,
) -> Result<i64> {
    store.write(|c| {
        c.prepare_cached(
            "INSERT INTO imports (origin, agent_id, started_at, rows, all_or_nothing, pid, state)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'running')",
        )?
        .execute(params![
            batch.origin,
            actor.real.id,
            fmt_time(now),
            batch.rows.len() as i64,
            batch.all_or_nothing,
            i64::from(std::process::id())
        ])?;
        Ok(c.last_insert_rowid())
    })
}

/// Marks an import ended (`done`, `failed`, `interrupted`, `undone`).
pub(super) fn finish(c: &Connection, import: i64, state: &str, now: NaiveDateTime) -> Result<()> {
    c.prepare_cached("UPDATE imports SET state = ?2, finished_at = ?3, pid = NULL WHERE id = ?1")?
        .execute(params![import, state, fmt_time(now)])?;
    Ok(())
}

/// Whether the process `pid` of this machine is gone.
fn gone(pid: i64) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    if pid <= 0 {
        return true;
    }
    // SAFETY: signal 0 only checks that the process exists.
    let r = unsafe { libc::kill(pid, 0) };
    r != 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
}

/// Imports still marked running whose process is gone (killed part-way):
/// an `all_or_nothing` one is taken back, any other marked interrupted.
pub(super) fn settle_dead(store: &SqliteStore, actor: &Actor, now: NaiveDateTime) -> Result<()> {
    let running: Vec<(i64, i64, bool)> = store
        .conn()
        .prepare_cached(
            "SELECT id, coalesce(pid, 0), all_or_nothing FROM imports WHERE state = 'running'",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, pid, all_or_nothing) in running {
        if pid == i64::from(std::process::id()) || !gone(pid) {
            continue;
        }
        if all_or_nothing {
            take_back(store, actor, id, true, now)?;
        } else {
            store.write(|c| finish(c, id, "interrupted", now))?;
        }
    }
    Ok(())
}

/// `dcc import undo ID` (supervisors).
pub(super) fn undo(
    store: &SqliteStore,
    actor: &Actor,
    import: i64,
    now: NaiveDateTime,
) -> Result<UndoOutcome> {
    super::access::allow(actor, Op::UndoImport)?;
    settle_dead(store, actor, now)?;
    let row: Option<(String, i64)> = store
        .conn()
        .prepare_cached("SELECT state, coalesce(pid, 0) FROM imports WHERE id = ?1")?
        .query_row([import], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match row {
        None => Err(StoreError::Invalid(Invalid::NoSuchImport(import))),
        Some((state, pid)) if state == "running" => {
            Err(StoreError::Invalid(Invalid::ImportRunning {
                id: import,
                pid,
            }))
        }
        Some(_) => take_back(store, actor, import, false, now),
    }
}

/// Withdraws the import's leads nobody has worked, removes the sources it
/// added to other leads, marks it undone and audits it. In short
/// transactions, like the import. `own`: the import taking itself back
/// (all-or-nothing), which needs no supervisor.
pub(super) fn take_back(
    store: &SqliteStore,
    actor: &Actor,
    import: i64,
    own: bool,
    now: NaiveDateTime,
) -> Result<UndoOutcome> {
    let origin: String = store
        .conn()
        .prepare_cached("SELECT origin FROM imports WHERE id = ?1")?
        .query_row([import], |r| r.get(0))?;
    let mut out = UndoOutcome {
        import,
        origin,
        withdrawn: 0,
        sources_removed: 0,
        kept: Vec::new(),
    };
    let mut after = 0;
    loop {
        let last = store.write(|c| withdraw_some(c, actor, import, after, now, &mut out))?;
        match last {
            Some(id) => after = id,
            None => break,
        }
        std::thread::sleep(UNDO_GAP);
    }
    loop {
        let removed = store.write(|c| {
            Ok(c.prepare_cached(
                "DELETE FROM lead_sources WHERE id IN (
                     SELECT s.id FROM lead_sources s JOIN leads l ON l.id = s.lead_id
                     WHERE s.import_id = ?1 AND l.import_id IS NOT ?1 LIMIT ?2)",
            )?
            .execute(params![import, UNDO_CHUNK])?)
        })?;
        out.sources_removed += removed;
        if removed == 0 {
            break;
        }
        std::thread::sleep(UNDO_GAP);
    }
    store.write(|c| {
        c.prepare_cached(
            "UPDATE imports SET state = 'undone', pid = NULL, undone_at = ?2, undone_by = ?3,
                                finished_at = coalesce(finished_at, ?2)
             WHERE id = ?1",
        )?
        .execute(params![import, fmt_time(now), actor.real.id])?;
        let what = if own {
            "import taken back (all-or-nothing, stopped part-way)"
        } else {
            "import undo"
        };
        audit(
            c,
            actor,
            what,
            Some(&format!("import {import} ({})", out.origin)),
            Some(&format!(
                "{} leads withdrawn, {} kept, {} sources removed",
                out.withdrawn,
                out.kept.len(),
                out.sources_removed
            )),
            now,
        )
    })?;
    Ok(out)
}

/// Looks at the next leads of the import after id `after`: withdraws the
/// untouched ones, names the others. Returns the last id looked at.
fn withdraw_some(
    c: &Connection,
    actor: &Actor,
    import: i64,
    after: i64,
    now: NaiveDateTime,
    out: &mut UndoOutcome,
) -> Result<Option<i64>> {
    // The import's own events: the lead's creation (or its return by a
    // later import, the `withdrawn →` event) and the first owner.
    let mut st = c.prepare_cached(
        "SELECT l.id, l.name, l.status,
                EXISTS (SELECT 1 FROM calls WHERE lead_id = l.id)
                  OR EXISTS (SELECT 1 FROM appointments WHERE lead_id = l.id),
                l.claimed_by IS NOT NULL AND l.claim_until > ?4,
                EXISTS (SELECT 1 FROM events e WHERE e.lead_id = l.id
                        AND e.id > (SELECT max(a.id) FROM events a WHERE a.lead_id = l.id
                                    AND (a.kind = 'created' OR (a.kind = 'status' AND a.old = 'withdrawn')))
                        AND NOT (e.kind = 'owner' AND e.old IS NULL)),
                EXISTS (SELECT 1 FROM lead_sources s WHERE s.lead_id = l.id AND s.import_id IS NOT ?1
                        AND s.id > (SELECT min(o.id) FROM lead_sources o
                                    WHERE o.lead_id = l.id AND o.import_id = ?1))
         FROM leads l
         WHERE l.import_id = ?1 AND l.id > ?2 AND l.status <> 'withdrawn'
         ORDER BY l.id LIMIT ?3",
    )?;
    type Looked = (i64, String, String, bool, bool, bool, bool);
    let leads: Vec<Looked> = st
        .query_map(params![import, after, UNDO_CHUNK, fmt_time(now)], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let Some(last) = leads.last().map(|l| l.0) else {
        return Ok(None);
    };
    let note = format!("import:{import}");
    for (id, name, status, called, open, changed, again) in leads {
        let why = if called {
            Some(Kept::Called)
        } else if open {
            Some(Kept::Open)
        } else if changed {
            Some(Kept::Changed)
        } else if again {
            Some(Kept::ArrivedAgain)
        } else {
            None
        };
        if let Some(why) = why {
            out.kept.push(KeptLead {
                lead: id,
                name,
                why,
            });
            continue;
        }
        c.prepare_cached(
            "UPDATE leads SET status = 'withdrawn', next_due = NULL, due_reason = NULL,
                              claimed_by = NULL, claim_until = NULL, updated_at = ?2
             WHERE id = ?1",
        )?
        .execute(params![id, fmt_time(now)])?;
        super::event(
            c,
            actor,
            id,
            EventKind::Status,
            Some(&status),
            Some("withdrawn"),
            Some(&note),
            now,
        )?;
        out.withdrawn += 1;
    }
    Ok(Some(last))
}

/// Brings back a lead taken back with an earlier import, with the row of
/// this one: its details, grade, owner and first follow-up, as if captured
/// now; its history (and the month it first arrived in) stays.
#[allow(clippy::too_many_arguments)]
pub(super) fn revive(
    c: &Connection,
    actor: &Actor,
    id: i64,
    lead: &NewLead,
    owner: Option<&str>,
    p: &Prepared,
    state: &FollowUp,
    origin: &str,
    import: i64,
    now: NaiveDateTime,
) -> Result<()> {
    let (owner_id, owner_login) = intake::choose_owner(c, actor, owner)?;
    let old_owner: Option<String> = c
        .prepare_cached(
            "SELECT a.login FROM leads l LEFT JOIN agents a ON a.id = l.owner_id WHERE l.id = ?1",
        )?
        .query_row([id], |r| r.get(0))?;
    let d = &lead.details;
    let text = |s: &Option<String>| {
        s.as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(str::to_string)
    };
    c.prepare_cached(
        "UPDATE leads SET name = ?2, channel_id = ?3, model = ?4, purchase_by = ?5, visit_by = ?6,
                          grade = ?7, status = ?8, owner_id = ?9, next_due = ?10, due_reason = ?11,
                          note = ?12, updated_at = ?13, gender = ?14, city = ?15, current_car = ?16,
                          purchase_type = ?17, payment = ?18, import_id = ?19,
                          tries_today = 0, tries_on = NULL, unreached_days = 0
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        lead.name.trim(),
        p.channel_id,
        lead.model.trim(),
        lead.purchase_by,
        lead.visit_by,
        p.grade,
        state.status.code(),
        owner_id,
        state.next_due.map(fmt_time),
        state.due_reason.map(|r| r.code()),
        text(&lead.note),
        fmt_time(now),
        d.gender.map(|g| g.code()),
        text(&d.city),
        text(&d.current_car),
        d.purchase_type.map(|p| p.code()),
        d.payment.map(|p| p.code()),
        import,
    ])?;
    let note = format!("import:{import}");
    if old_owner.as_deref() != Some(owner_login.as_str()) {
        super::event(
            c,
            actor,
            id,
            EventKind::Owner,
            old_owner.as_deref(),
            Some(&owner_login),
            Some(&note),
            now,
        )?;
    }
    // Last: the event that marks where the import's own changes end.
    super::event(
        c,
        actor,
        id,
        EventKind::Status,
        Some("withdrawn"),
        Some(state.status.code()),
        Some(&note),
        now,
    )?;
    intake::add_source(c, actor, id, p.channel_id, origin, now)
}

/// `dcc import list` (supervisors): every import, newest first.
pub(super) fn list(
    store: &SqliteStore,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<Vec<ImportRecord>> {
    super::access::allow(actor, Op::UndoImport)?;
    settle_dead(store, actor, now)?;
    let mut st = store.conn().prepare_cached(
        "SELECT i.id, i.origin, coalesce(a.login, ''), i.started_at, i.rows, i.state, i.all_or_nothing,
                (SELECT count(*) FROM leads l WHERE l.import_id = i.id AND l.status <> 'withdrawn'),
                (SELECT count(*) FROM leads l WHERE l.import_id = i.id AND l.status = 'withdrawn')
         FROM imports i LEFT JOIN agents a ON a.id = i.agent_id
         ORDER BY i.id DESC",
    )?;
    let rows = st
        .query_map([], |r| {
            Ok(ImportRecord {
                id: r.get(0)?,
                origin: r.get(1)?,
                agent: r.get(2)?,
                started_at: r.get(3)?,
                rows: r.get(4)?,
                state: r.get(5)?,
                all_or_nothing: r.get(6)?,
                leads: r.get(7)?,
                withdrawn: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
