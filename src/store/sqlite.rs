//! The SQLite store: one file shared by every agent on one host.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, ErrorCode, OptionalExtension, Row};

use super::schema::{APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION};
use super::seed;
use super::*;
use crate::domain::outcome::{self, VisitChange};
use crate::domain::queue;
use crate::domain::FollowUp;

/// How long a writer waits for another writer before giving up.
pub const BUSY_TIMEOUT_SECS: u64 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// The file must exist and be a dcc-desk database.
    Existing,
    /// Create a new database if there is no file.
    Create,
}

/// A lead's follow-up state with its owner and who holds it on a call.
struct LeadRow {
    state: FollowUp,
    claim: Option<(i64, NaiveDateTime)>,
}

pub struct SqliteStore {
    conn: Connection,
    path: PathBuf,
}

fn sql_err(e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => {
            StoreError::Busy(BUSY_TIMEOUT_SECS)
        }
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly,
        Some(ErrorCode::DiskFull) => StoreError::DiskFull,
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase(String::new()),
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt(e.to_string()),
        _ => StoreError::Sql(e),
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        sql_err(e)
    }
}

fn with_path(e: StoreError, path: &Path) -> StoreError {
    match e {
        StoreError::NotADatabase(_) => StoreError::NotADatabase(path.display().to_string()),
        other => other,
    }
}

/// Creates an empty file readable and writable by its owner and group only,
/// so a team can share it without the world reading customers' numbers.
fn create_private_file(path: &Path) -> Result<()> {
    let io = |err| StoreError::Io {
        path: path.display().to_string(),
        err,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o660);
    }
    let file = opts.open(path).map_err(io)?;
    // The umask (often 022) takes the group's write permission away, and
    // SQLite gives the -wal and -shm files the database's mode: set it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o660))
            .map_err(io)?;
    }
    drop(file);
    Ok(())
}

/// Called by SQLite while another connection holds the write lock. SQLite's
/// own timeout sleeps in steps of up to 100 ms and lets a writer lose the
/// race again and again; polling every millisecond or two keeps the wait
/// close to the other writer's commit. Gives up after about
/// `BUSY_TIMEOUT_SECS`.
fn wait_for_writer(attempt: i32) -> bool {
    const FAST: i32 = 200; // 1 ms each
    let slow = (BUSY_TIMEOUT_SECS as i32 * 1000 - FAST) / 2; // 2 ms each
    if attempt < FAST {
        std::thread::sleep(Duration::from_millis(1));
        true
    } else if attempt < FAST + slow {
        std::thread::sleep(Duration::from_millis(2));
        true
    } else {
        false
    }
}

pub(super) fn fmt_time(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// End of `day` as a bound: everything strictly before the next day.
fn day_end(day: NaiveDate) -> String {
    fmt_time(
        day.succ_opt()
            .unwrap_or(day)
            .and_time(chrono::NaiveTime::MIN),
    )
}

impl SqliteStore {
    /// Opens (or creates) the database at `path`: checks that it is ours and
    /// not from a newer version before anything is written, then migrates.
    pub fn open(path: &Path, mode: OpenMode) -> Result<SqliteStore> {
        let exists = path.exists();
        super::files::refuse_network_fs(path)?;
        if !exists {
            match mode {
                OpenMode::Existing => return Err(StoreError::Missing(path.display().to_string())),
                OpenMode::Create => create_private_file(path)?,
            }
        }
        // Read-write, or read-only when the file or its folder is not writable here.
        let conn = super::files::connect(path).map_err(|e| with_path(e, path))?;
        conn.busy_handler(Some(wait_for_writer))?;
        let store = SqliteStore {
            conn,
            path: path.to_path_buf(),
        };
        store.check_identity().map_err(|e| with_path(e, path))?;
        if store.read_only() {
            store.check_read_only()?;
            return Ok(store);
        }
        store.configure()?;
        store.migrate()?;
        Ok(store)
    }

    /// Refuses a file that is not a dcc-desk database or is from a newer
    /// version, reading only, so the file is left exactly as it was.
    fn check_identity(&self) -> Result<()> {
        let path = self.path.display().to_string();
        let (app_id, version, objects) = self.conn.query_row(
            "SELECT (SELECT application_id FROM pragma_application_id),
                    (SELECT user_version FROM pragma_user_version),
                    (SELECT count(*) FROM sqlite_master)",
            [],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            },
        )?;
        if app_id == 0 && version == 0 && objects == 0 {
            return Ok(()); // a new, empty file
        }
        if app_id != APPLICATION_ID {
            return Err(StoreError::Foreign(path));
        }
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path,
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        Ok(())
    }

    fn configure(&self) -> Result<()> {
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        // A checkpoint keeps the WAL file from growing past 64 MiB.
        self.conn
            .pragma_update(None, "journal_size_limit", 64 * 1024 * 1024)?;
        self.conn.set_prepared_statement_cache_capacity(64);
        let durability: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'durability'",
                [],
                |r| r.get(0),
            )
            .optional()
            .unwrap_or(None); // no settings table yet on a new file
        let sync = match durability.as_deref() {
            Some("normal") => "NORMAL",
            _ => "FULL",
        };
        self.conn.pragma_update(None, "synchronous", sync)?;
        Ok(())
    }

    fn version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Brings an older file up to date in one transaction.
    fn migrate(&self) -> Result<()> {
        if self.version()? == SCHEMA_VERSION {
            return Ok(());
        }
        self.write(|c| {
            // Another process may have migrated while we waited for the lock.
            let from: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            for m in &MIGRATIONS[from as usize..] {
                c.execute_batch(m)?;
            }
            if from == 0 {
                seed_defaults(c)?;
                super::scripts::seed(c, chrono::Local::now().naive_local())?;
            }
            c.pragma_update(None, "application_id", APPLICATION_ID)?;
            c.pragma_update(None, "user_version", SCHEMA_VERSION)?;
            Ok(())
        })
    }

    /// Runs `f` in a short `BEGIN IMMEDIATE` transaction: the write lock is
    /// taken first, so a read followed by a write never fails under contention.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        if self.read_only() {
            return Err(StoreError::ReadOnly);
        }
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        match f(&self.conn) {
            Ok(v) => match self.conn.execute_batch("COMMIT") {
                Ok(()) => Ok(v),
                Err(e) => {
                    let _ = self.conn.execute_batch("ROLLBACK");
                    Err(e.into())
                }
            },
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    /// Direct access for the demo generator and tests in this crate.
    #[allow(dead_code)]
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn agent_by_id(&self, id: i64) -> Result<Agent> {
        Ok(self
            .conn
            .prepare_cached("SELECT id, login, name, role, active FROM agents WHERE id = ?1")?
            .query_row([id], agent_row)?)
    }

    fn follow_up(c: &Connection, lead: i64) -> Result<LeadRow> {
        c.prepare_cached(
            "SELECT status, grade, next_due, due_reason, tries_today, tries_on, unreached_days,
                    appointment_at, claimed_by, claim_until
             FROM leads WHERE id = ?1",
        )?
        .query_row([lead], |r| {
            let status: String = r.get(0)?;
            let reason: Option<String> = r.get(3)?;
            let claim = match (
                r.get::<_, Option<i64>>(8)?,
                r.get::<_, Option<NaiveDateTime>>(9)?,
            ) {
                (Some(a), Some(u)) => Some((a, u)),
                _ => None,
            };
            Ok(LeadRow {
                state: FollowUp {
                    status: Status::from_code(&status).unwrap_or(Status::Tracking),
                    grade: r.get(1)?,
                    next_due: r.get(2)?,
                    due_reason: reason.as_deref().and_then(DueReason::from_code),
                    tries_today: r.get(4)?,
                    tries_on: r.get(5)?,
                    unreached_days: r.get(6)?,
                    appointment: r.get(7)?,
                },
                claim,
            })
        })
        .optional()?
        .ok_or(StoreError::NoSuchLead(lead))
    }

    /// Saves a lead's new follow-up state and logs every change of grade and
    /// status in the event log.
    fn save_follow_up(
        c: &Connection,
        actor: &Actor,
        lead: i64,
        before: &FollowUp,
        after: &FollowUp,
        note: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<()> {
        c.prepare_cached(
            "UPDATE leads SET status = ?2, grade = ?3, next_due = ?4, due_reason = ?5,
                    tries_today = ?6, tries_on = ?7, unreached_days = ?8, appointment_at = ?9,
                    updated_at = ?10
             WHERE id = ?1",
        )?
        .execute(params![
            lead,
            after.status.code(),
            after.grade,
            after.next_due.map(fmt_time),
            after.due_reason.map(|r| r.code()),
            after.tries_today,
            after.tries_on,
            after.unreached_days,
            after.appointment.map(fmt_time),
            fmt_time(now),
        ])?;
        if before.grade != after.grade {
            event(
                c,
                actor,
                lead,
                "grade",
                Some(&before.grade),
                Some(&after.grade),
                note,
                now,
            )?;
        }
        if before.status != after.status {
            event(
                c,
                actor,
                lead,
                "status",
                Some(before.status.code()),
                Some(after.status.code()),
                note,
                now,
            )?;
        }
        Ok(())
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn event(
    c: &Connection,
    actor: &Actor,
    lead: i64,
    kind: &str,
    old: Option<&str>,
    new: Option<&str>,
    note: Option<&str>,
    now: NaiveDateTime,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO events (lead_id, at, agent_id, actor_id, kind, old, new, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        lead,
        fmt_time(now),
        actor.agent.id,
        actor.real.id,
        kind,
        old,
        new,
        note
    ])?;
    Ok(())
}

fn agent_row(r: &Row) -> rusqlite::Result<Agent> {
    let role: String = r.get(3)?;
    Ok(Agent {
        id: r.get(0)?,
        login: r.get(1)?,
        name: r.get(2)?,
        role: Role::from_code(&role).unwrap_or(Role::Outbound),
        active: r.get(4)?,
    })
}

fn channel_row(r: &Row) -> rusqlite::Result<Channel> {
    Ok(Channel {
        id: r.get(0)?,
        code: r.get(1)?,
        name_zh: r.get(2)?,
        name_en: r.get(3)?,
        kind: r.get(4)?,
    })
}

fn seed_defaults(c: &Connection) -> Result<()> {
    let mut ch =
        c.prepare("INSERT INTO channels (code, name_zh, name_en, kind) VALUES (?1, ?2, ?3, ?4)")?;
    for (code, zh, en, kind) in seed::CHANNELS {
        ch.execute(params![code, zh, en, kind])?;
    }
    let mut rs = c.prepare(
        "INSERT INTO reasons (list, code, grp, name_zh, name_en) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (list, code, grp, zh, en) in seed::REASONS {
        rs.execute(params![list, code, grp, zh, en])?;
    }
    let rules =
        serde_json::to_string(&Rules::default()).map_err(|e| StoreError::Invalid(e.to_string()))?;
    c.execute(
        "INSERT INTO settings (key, value) VALUES ('rules', ?1)",
        [rules],
    )?;
    Ok(())
}

fn require_supervisor(actor: &Actor, what: &str) -> Result<()> {
    if actor.is_supervisor() {
        Ok(())
    } else {
        Err(StoreError::NotPermitted(what.to_string()))
    }
}

impl LeadStore for SqliteStore {
    fn location(&self) -> String {
        self.path.display().to_string()
    }

    fn read_only(&self) -> bool {
        SqliteStore::read_only(self)
    }

    fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    fn rules(&self) -> Result<Rules> {
        let json: Option<String> = self
            .conn
            .prepare_cached("SELECT value FROM settings WHERE key = 'rules'")?
            .query_row([], |r| r.get(0))
            .optional()?;
        match json {
            None => Ok(Rules::default()),
            Some(j) => serde_json::from_str(&j).map_err(|e| {
                StoreError::Invalid(format!(
                    "the saved rules cannot be read ({e}); fix them with the supervisor's settings"
                ))
            }),
        }
    }

    fn set_rules(&self, actor: &Actor, rules: &Rules, now: NaiveDateTime) -> Result<()> {
        require_supervisor(actor, "change the rules")?;
        rules
            .validate()
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        let json = serde_json::to_string(rules).map_err(|e| StoreError::Invalid(e.to_string()))?;
        self.write(|c| super::admin::put_setting(c, actor, "rules", &json, now))
    }

    fn reason_codes(&self) -> Result<ReasonCodes> {
        let mut codes = ReasonCodes::default();
        for r in self.reasons()? {
            match r.list.as_str() {
                "defeat" => codes.defeat.push(r.code),
                _ => codes.invalid.push(r.code),
            }
        }
        Ok(codes)
    }

    fn reasons(&self) -> Result<Vec<Reason>> {
        let mut st = self.conn.prepare_cached(
            "SELECT list, code, grp, name_zh, name_en FROM reasons WHERE active ORDER BY list, id",
        )?;
        let rows = st.query_map([], |r| {
            Ok(Reason {
                list: r.get(0)?,
                code: r.get(1)?,
                group: r.get(2)?,
                name_zh: r.get(3)?,
                name_en: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn channels(&self) -> Result<Vec<Channel>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, code, name_zh, name_en, kind FROM channels WHERE active ORDER BY id",
        )?;
        let rows = st.query_map([], channel_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn channel(&self, given: &str) -> Result<Channel> {
        let g = given.trim();
        let all = self.channels()?;
        all.iter()
            .find(|c| {
                c.code.eq_ignore_ascii_case(g)
                    || c.name_zh == g
                    || c.name_en.eq_ignore_ascii_case(g)
            })
            .cloned()
            .ok_or_else(|| StoreError::NoSuchChannel {
                given: given.to_string(),
                known: all
                    .iter()
                    .map(|c| c.code.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    fn agents(&self) -> Result<Vec<Agent>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id, login, name, role, active FROM agents ORDER BY login")?;
        let rows = st.query_map([], agent_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn agent(&self, login: &str) -> Result<Option<Agent>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id, login, name, role, active FROM agents WHERE login = ?1")?
            .query_row([login], agent_row)
            .optional()?)
    }

    fn identify(&self, login: &str, act_as: Option<&str>) -> Result<Actor> {
        let real = match self.agent(login)? {
            Some(a) if a.active => a,
            _ => {
                let sups: Vec<String> = self
                    .agents()?
                    .into_iter()
                    .filter(|a| a.role == Role::Supervisor && a.active)
                    .map(|a| a.login)
                    .collect();
                return Err(StoreError::NotAnAgent {
                    login: login.to_string(),
                    supervisors: if sups.is_empty() {
                        "none yet: run `dcc init`".to_string()
                    } else {
                        sups.join(", ")
                    },
                });
            }
        };
        match act_as {
            None => Ok(Actor::myself(real)),
            Some(other) if other == real.login => Ok(Actor::myself(real)),
            Some(other) => {
                if real.role != Role::Supervisor {
                    return Err(StoreError::NotPermitted(format!(
                        "act for another agent (--as {other})"
                    )));
                }
                let agent = self
                    .agent(other)?
                    .ok_or_else(|| StoreError::NoSuchAgent(other.to_string()))?;
                Ok(Actor { agent, real })
            }
        }
    }

    fn add_agent(
        &self,
        actor: Option<&Actor>,
        login: &str,
        name: &str,
        role: Role,
        now: NaiveDateTime,
    ) -> Result<Agent> {
        let login = login.trim();
        if login.is_empty() || login.chars().any(char::is_whitespace) {
            return Err(StoreError::Invalid(format!(
                "login {login:?} must be one word, the agent's account name"
            )));
        }
        if name.trim().is_empty() {
            return Err(StoreError::Invalid(
                "an agent needs a display name (--name)".into(),
            ));
        }
        let id = self.write(|c| {
            let count: i64 = c.query_row("SELECT count(*) FROM agents", [], |r| r.get(0))?;
            if count > 0 {
                match actor {
                    Some(a) => require_supervisor(a, "add agents")?,
                    None => return Err(StoreError::NotPermitted("add agents".into())),
                }
            }
            let exists: Option<i64> = c
                .query_row("SELECT id FROM agents WHERE login = ?1", [login], |r| {
                    r.get(0)
                })
                .optional()?;
            if exists.is_some() {
                return Err(StoreError::AgentExists(login.to_string()));
            }
            c.execute(
                "INSERT INTO agents (login, name, role, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![login, name.trim(), role.code(), fmt_time(now)],
            )?;
            Ok(c.last_insert_rowid())
        })?;
        self.agent_by_id(id)
    }

    fn add_lead(&self, actor: &Actor, lead: &NewLead, now: NaiveDateTime) -> Result<i64> {
        let rules = self.rules()?;
        let channel = self.channel(&lead.channel)?;
        if lead.name.trim().is_empty() {
            return Err(StoreError::Invalid(
                "a lead needs the customer's name".into(),
            ));
        }
        if lead.model.trim().is_empty() {
            return Err(StoreError::Invalid(
                "a lead needs the model the customer asks about".into(),
            ));
        }
        let grade = match (&lead.grade, lead.purchase_by) {
            (Some(g), _) => outcome::check_grade(&rules, g)?,
            (None, Some(d)) => rules.grade_for_purchase(d, now.date()),
            (None, None) => {
                return Err(StoreError::Invalid(
                    "give the expected purchase date (--purchase-by) or a grade (--grade)".into(),
                ))
            }
        };
        let state = FollowUp::new(&grade, &rules, now);
        self.write(|c| {
            super::intake::insert_lead(c, actor, lead, channel.id, &grade, &state, "capture", now)
        })
    }

    fn find_by_phone(&self, phone: &Phone) -> Result<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM leads WHERE phone = ?1")?
            .query_row([phone.as_str()], |r| r.get(0))
            .optional()?)
    }

    fn lead(&self, id: i64, now: NaiveDateTime) -> Result<LeadCard> {
        let mut card = self
            .conn
            .prepare_cached(
                "SELECT l.id, l.name, l.phone, c.id, c.code, c.name_zh, c.name_en, c.kind, l.model,
                        l.purchase_by, l.visit_by, l.grade, l.status, o.login, o.name, l.next_due,
                        l.due_reason, l.appointment_at, l.unreached_days,
                        CASE WHEN l.claim_until > ?2 THEN k.login END, l.note, l.created_at
                 FROM leads l
                 JOIN channels c ON c.id = l.channel_id
                 LEFT JOIN agents o ON o.id = l.owner_id
                 LEFT JOIN agents k ON k.id = l.claimed_by
                 WHERE l.id = ?1",
            )?
            .query_row(params![id, fmt_time(now)], |r| {
                let status: String = r.get(12)?;
                let reason: Option<String> = r.get(16)?;
                Ok(LeadCard {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    phone: r.get(2)?,
                    channel: Channel {
                        id: r.get(3)?,
                        code: r.get(4)?,
                        name_zh: r.get(5)?,
                        name_en: r.get(6)?,
                        kind: r.get(7)?,
                    },
                    model: r.get(8)?,
                    purchase_by: r.get(9)?,
                    visit_by: r.get(10)?,
                    grade: r.get(11)?,
                    status: Status::from_code(&status).unwrap_or(Status::Tracking),
                    owner: r.get(13)?,
                    owner_name: r.get(14)?,
                    next_due: r.get(15)?,
                    due_reason: reason.as_deref().and_then(DueReason::from_code),
                    appointment: r.get(17)?,
                    unreached_days: r.get(18)?,
                    claimed_by: r.get(19)?,
                    note: r.get(20)?,
                    created_at: r.get(21)?,
                    history: Vec::new(),
                })
            })
            .optional()?
            .ok_or(StoreError::NoSuchLead(id))?;

        let mut calls = self.conn.prepare_cached(
            "SELECT c.started_at, c.ended_at, a.login, b.login, c.outcome, c.grade_before,
                    c.grade_after, c.reason, c.note
             FROM calls c JOIN agents a ON a.id = c.agent_id JOIN agents b ON b.id = c.actor_id
             WHERE c.lead_id = ?1 ORDER BY c.started_at, c.id",
        )?;
        let rows = calls.query_map([id], |r| {
            let outcome: String = r.get(4)?;
            Ok(HistoryEntry::Call {
                at: r.get(0)?,
                ended_at: r.get(1)?,
                agent: r.get(2)?,
                actor: r.get(3)?,
                outcome: Outcome::from_code(&outcome).unwrap_or(Outcome::Reached),
                grade_before: r.get(5)?,
                grade_after: r.get(6)?,
                reason: r.get(7)?,
                note: r.get(8)?,
            })
        })?;
        card.history = rows.collect::<rusqlite::Result<_>>()?;
        let mut events = self.conn.prepare_cached(
            "SELECT e.at, a.login, b.login, e.kind, e.old, e.new, e.note
             FROM events e JOIN agents a ON a.id = e.agent_id JOIN agents b ON b.id = e.actor_id
             WHERE e.lead_id = ?1 ORDER BY e.at, e.id",
        )?;
        let rows = events.query_map([id], |r| {
            Ok(HistoryEntry::Change {
                at: r.get(0)?,
                agent: r.get(1)?,
                actor: r.get(2)?,
                kind: r.get(3)?,
                old: r.get(4)?,
                new: r.get(5)?,
                note: r.get(6)?,
            })
        })?;
        for e in rows {
            card.history.push(e?);
        }
        // Stable: a call and the changes it caused share a time; the call comes first.
        card.history.sort_by_key(|h| h.at());
        Ok(card)
    }

    fn queue(
        &self,
        agent: Option<i64>,
        day: NaiveDate,
        now: NaiveDateTime,
    ) -> Result<Vec<QueueItem>> {
        let rules = self.rules()?;
        let select = "SELECT l.id, l.name, l.phone, l.model, c.code, l.grade, o.login, l.status,
                             l.next_due, l.due_reason,
                             CASE WHEN l.claim_until > ?2 THEN k.login END, l.appointment_at
                      FROM leads l
                      JOIN channels c ON c.id = l.channel_id
                      LEFT JOIN agents o ON o.id = l.owner_id
                      LEFT JOIN agents k ON k.id = l.claimed_by";
        let sql = match agent {
            Some(_) => format!(
                "{select} WHERE l.owner_id = ?3 AND l.next_due IS NOT NULL AND l.next_due < ?1
                          AND l.status <> 'dnc'"
            ),
            None => format!(
                "{select} WHERE l.next_due IS NOT NULL AND l.next_due < ?1 AND l.status <> 'dnc'
                          AND ?3 IS NULL"
            ),
        };
        let mut st = self.conn.prepare_cached(&sql)?;
        let today = now.date();
        let rows = st.query_map(params![day_end(day), fmt_time(now), agent], |r| {
            let status: String = r.get(7)?;
            let reason: Option<String> = r.get(9)?;
            let due: NaiveDateTime = r.get(8)?;
            let appointment: Option<NaiveDateTime> = r.get(11)?;
            let reason = reason
                .as_deref()
                .and_then(DueReason::from_code)
                .unwrap_or(DueReason::Cadence);
            Ok(QueueItem {
                lead_id: r.get(0)?,
                name: r.get(1)?,
                phone: r.get(2)?,
                model: r.get(3)?,
                channel: r.get(4)?,
                grade: r.get(5)?,
                owner: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
                status: Status::from_code(&status).unwrap_or(Status::Tracking),
                due_at: due,
                reason: queue::effective_reason(reason, appointment, &rules, now),
                days_overdue: queue::days_overdue(due, today),
                claimed_by: r.get(10)?,
                appointment,
            })
        })?;
        let mut items: Vec<QueueItem> = rows.collect::<rusqlite::Result<_>>()?;
        queue::sort(&mut items, &rules, now);
        Ok(items)
    }

    fn log_call(&self, actor: &Actor, call: &CallLog, now: NaiveDateTime) -> Result<Logged> {
        let rules = self.rules()?;
        let reasons = self.reason_codes()?;
        let started = call.started.unwrap_or(now).min(now);
        self.write(|c| {
            let LeadRow {
                state: before,
                claim,
                ..
            } = Self::follow_up(c, call.lead_id)?;
            if let Some((holder, until)) = claim {
                if holder != actor.real.id && until > now {
                    let by = self.agent_by_id(holder)?;
                    return Err(StoreError::Claimed {
                        lead: call.lead_id,
                        by: by.name,
                        until,
                    });
                }
            }
            let effect =
                outcome::apply(&before, call.outcome, &call.report, &rules, &reasons, now)?;
            let after = &effect.after;
            let note = call.note.as_deref().filter(|n| !n.trim().is_empty());
            c.prepare_cached(
                "INSERT INTO calls (lead_id, agent_id, actor_id, started_at, ended_at, outcome,
                                    grade_before, grade_after, reason, note, direction)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                call.lead_id,
                actor.agent.id,
                actor.real.id,
                fmt_time(started),
                fmt_time(now),
                call.outcome.code(),
                before.grade,
                after.grade,
                call.report.reason,
                note,
                if call.inbound { "in" } else { "out" },
            ])?;
            let call_id = c.last_insert_rowid();
            if call.outcome == Outcome::Dnc {
                let phone: String =
                    c.query_row("SELECT phone FROM leads WHERE id = ?1", [call.lead_id], |r| r.get(0))?;
                c.prepare_cached(
                    "INSERT INTO dnc (phone, added_at, added_by, origin, note) VALUES (?1, ?2, ?3, 'outcome', ?4)
                     ON CONFLICT (phone) DO NOTHING",
                )?
                .execute(params![phone, fmt_time(now), actor.real.id, note])?;
            }
            Self::save_follow_up(c, actor, call.lead_id, &before, after, note, now)?;
            // A lead given up as lost is verified by someone other than its agent.
            if after.status == Status::Lost && before.status != Status::Lost {
                if let Some(v) = super::team::verifier(c, call.lead_id)? {
                    super::team::move_lead(c, actor, call.lead_id, (v.0, &v.1), "verification", now)?;
                }
            }
            if let Some(change) = effect.visit {
                record_visit(c, actor, call.lead_id, change, now)?;
            }
            // The call is over: the lead is free again.
            c.prepare_cached(
                "UPDATE leads SET claimed_by = NULL, claim_until = NULL
                 WHERE id = ?1 AND claimed_by = ?2",
            )?
            .execute(params![call.lead_id, actor.real.id])?;
            Ok(Logged {
                call_id,
                lead_id: call.lead_id,
                outcome: call.outcome,
                status: after.status,
                grade: after.grade.clone(),
                next_due: after.next_due,
                due_reason: after.due_reason,
                offer_lost: effect.offer_lost,
            })
        })
    }

    fn claim(&self, actor: &Actor, lead: i64, now: NaiveDateTime) -> Result<Claim> {
        let until = now + chrono::Duration::minutes(CLAIM_MINUTES);
        self.write(|c| {
            let n = c
                .prepare_cached(
                    "UPDATE leads SET claimed_by = ?2, claim_until = ?3
                     WHERE id = ?1 AND (claimed_by IS NULL OR claimed_by = ?2 OR claim_until <= ?4)",
                )?
                .execute(params![lead, actor.real.id, fmt_time(until), fmt_time(now)])?;
            if n == 1 {
                return Ok(Claim { lead_id: lead, until });
            }
            let claim = Self::follow_up(c, lead)?.claim;
            match claim {
                Some((holder, until)) => Err(StoreError::Claimed {
                    lead,
                    by: self.agent_by_id(holder)?.name,
                    until,
                }),
                None => Err(StoreError::NoSuchLead(lead)),
            }
        })
    }

    fn release(&self, actor: &Actor, lead: i64) -> Result<()> {
        self.write(|c| {
            c.prepare_cached(
                "UPDATE leads SET claimed_by = NULL, claim_until = NULL WHERE id = ?1 AND claimed_by = ?2",
            )?
            .execute(params![lead, actor.real.id])?;
            Ok(())
        })
    }

    fn decide(
        &self,
        actor: &Actor,
        lead: i64,
        approve: bool,
        note: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<Status> {
        require_supervisor(actor, "approve or reject defeat and invalid requests")?;
        let rules = self.rules()?;
        self.write(|c| {
            let before = Self::follow_up(c, lead)?.state;
            let after = outcome::decide(&before, approve, &rules, now)?;
            Self::save_follow_up(c, actor, lead, &before, &after, note, now)?;
            // Every approved defeat is verified by someone other than the agent who asked.
            if after.awaiting_verification() {
                if let Some(v) = super::team::verifier(c, lead)? {
                    super::team::move_lead(c, actor, lead, (v.0, &v.1), "verification", now)?;
                }
            }
            Ok(after.status)
        })
    }

    fn find_leads(&self, owner: Option<i64>, query: &str, limit: usize) -> Result<Vec<LeadHit>> {
        super::queries::find_leads(&self.conn, owner, query, limit)
    }

    fn day_stats(&self, agent: i64, day: NaiveDate) -> Result<DayStats> {
        super::queries::day_stats(&self.conn, agent, day)
    }

    fn setting(&self, key: &str) -> Result<Option<String>> {
        super::queries::setting(&self.conn, key)
    }

    fn script(&self, kind: &str, lang: &str) -> Result<Option<(String, String)>> {
        Ok(super::scripts::load(&self.conn, kind, lang)?)
    }

    fn add_source(
        &self,
        actor: &Actor,
        lead: i64,
        channel: &str,
        origin: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let channel = self.channel(channel)?;
        self.write(|c| super::intake::add_source(c, actor, lead, channel.id, origin, now))
    }

    fn dnc_add(
        &self,
        actor: &Actor,
        phone: &Phone,
        origin: &str,
        note: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<bool> {
        self.write(|c| super::intake::dnc_add(c, actor, phone, origin, note, now))
    }

    fn dnc_contains(&self, phone: &Phone) -> Result<bool> {
        Ok(super::intake::dnc_since(&self.conn, phone.as_str())?.is_some())
    }

    fn dnc_list(&self) -> Result<Vec<DncEntry>> {
        super::intake::dnc_list(&self.conn)
    }

    fn assign_rule(&self) -> Result<AssignRule> {
        super::intake::assign_rule(&self.conn)
    }

    fn set_script(
        &self,
        actor: &Actor,
        kind: &str,
        lang: &str,
        title: &str,
        body: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        require_supervisor(actor, "edit call scripts")?;
        self.write(|c| super::admin::set_script(c, actor, kind, lang, title, body, now))
    }

    fn set_setting(&self, actor: &Actor, key: &str, value: &str, now: NaiveDateTime) -> Result<()> {
        require_supervisor(actor, "change settings")?;
        super::admin::check_setting(key, value)?;
        self.write(|c| super::admin::put_setting(c, actor, key, value, now))
    }

    fn set_spend(
        &self,
        actor: &Actor,
        channel: &str,
        month: &str,
        cents: i64,
        now: NaiveDateTime,
    ) -> Result<()> {
        require_supervisor(actor, "set channel spend")?;
        let ch = self.channel(channel)?;
        self.write(|c| super::admin::set_spend(c, actor, ch.id, &ch.code, month, cents, now))
    }

    fn add_reason(
        &self,
        actor: &Actor,
        list: &str,
        code: &str,
        group: &str,
        zh: &str,
        en: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        require_supervisor(actor, "edit the reason lists")?;
        self.write(|c| super::admin::add_reason(c, actor, list, code, group, zh, en, now))
    }

    fn disable_reason(
        &self,
        actor: &Actor,
        list: &str,
        code: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        require_supervisor(actor, "edit the reason lists")?;
        self.write(|c| super::admin::disable_reason(c, actor, list, code, now))
    }

    fn set_target(
        &self,
        actor: &Actor,
        login: &str,
        target: Option<u32>,
        now: NaiveDateTime,
    ) -> Result<()> {
        require_supervisor(actor, "set daily targets")?;
        self.write(|c| super::admin::set_target(c, actor, login, target, now))
    }

    fn team_day(&self, day: NaiveDate, now: NaiveDateTime) -> Result<Vec<AgentDay>> {
        super::team::team_day(&self.conn, day, now)
    }

    fn pending_requests(&self) -> Result<Vec<PendingRequest>> {
        super::team::pending(&self.conn)
    }

    fn reassign(
        &self,
        actor: &Actor,
        leads: &[i64],
        to: &str,
        reason: &str,
        now: NaiveDateTime,
    ) -> Result<usize> {
        require_supervisor(actor, "move leads between agents")?;
        if reason.trim().is_empty() {
            return Err(StoreError::Invalid("a move needs a reason".into()));
        }
        let target = self
            .agent(to)?
            .filter(|a| a.active)
            .ok_or_else(|| StoreError::NoSuchAgent(to.to_string()))?;
        self.write(|c| {
            let mut moved = 0;
            for &lead in leads {
                if super::team::move_lead(
                    c,
                    actor,
                    lead,
                    (target.id, &target.login),
                    reason.trim(),
                    now,
                )? {
                    moved += 1;
                }
            }
            Ok(moved)
        })
    }

    fn set_assign_rule(&self, actor: &Actor, rule: &AssignRule) -> Result<()> {
        require_supervisor(actor, "change how new leads are assigned")?;
        if let AssignRule::Agent(login) = rule {
            self.agent(login)?
                .ok_or_else(|| StoreError::NoSuchAgent(login.clone()))?;
        }
        self.write(|c| {
            c.execute(
                "INSERT INTO settings (key, value) VALUES ('assign', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [rule.code()],
            )?;
            Ok(())
        })
    }

    fn import_leads(
        &self,
        actor: &Actor,
        batch: &ImportBatch,
        now: NaiveDateTime,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<ImportOutcome> {
        super::import::import_leads(self, actor, batch, now, progress)
    }

    fn regrade(
        &self,
        actor: &Actor,
        lead: i64,
        grade: &str,
        note: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<String> {
        let rules = self.rules()?;
        self.write(|c| {
            let before = Self::follow_up(c, lead)?.state;
            let after = outcome::regrade(&before, grade, &rules, now)?;
            Self::save_follow_up(c, actor, lead, &before, &after, note, now)?;
            Ok(after.grade)
        })
    }

    fn report(
        &self,
        actor: &Actor,
        query: &crate::report::ReportQuery,
        now: NaiveDateTime,
    ) -> Result<crate::report::ReportFacts> {
        super::reports::report(self, actor, query, now)
    }

    fn refresh_reports(&self) -> Result<u64> {
        super::reports::refresh(self)
    }

    fn expected_visits(
        &self,
        actor: &Actor,
        day: NaiveDate,
        reveal: bool,
        now: NaiveDateTime,
    ) -> Result<Vec<crate::report::ExpectedVisit>> {
        super::reports::expected_visits(self, actor, day, reveal, now)
    }

    fn calls_per_day(
        &self,
        actor: &Actor,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, u64)>> {
        super::desk::calls_per_day(self, actor, from, to)
    }

    fn reveal_phone(&self, actor: &Actor, lead: i64, now: NaiveDateTime) -> Result<String> {
        super::desk::reveal_phone(self, actor, lead, now)
    }
}

fn record_visit(
    c: &Connection,
    actor: &Actor,
    lead: i64,
    change: VisitChange,
    now: NaiveDateTime,
) -> Result<()> {
    let open: Option<i64> = c
        .prepare_cached(
            "SELECT id FROM appointments WHERE lead_id = ?1 AND state IN ('set', 'confirmed')
             ORDER BY id DESC LIMIT 1",
        )?
        .query_row([lead], |r| r.get(0))
        .optional()?;
    let close = |state: &str| -> Result<()> {
        if let Some(id) = open {
            c.prepare_cached("UPDATE appointments SET state = ?2, updated_at = ?3 WHERE id = ?1")?
                .execute(params![id, state, fmt_time(now)])?;
        }
        Ok(())
    };
    match change {
        VisitChange::Set(at) => {
            close("moved")?;
            c.prepare_cached(
                "INSERT INTO appointments (lead_id, visit_at, state, set_by, set_at, updated_at)
                 VALUES (?1, ?2, 'set', ?3, ?4, ?4)",
            )?
            .execute(params![lead, fmt_time(at), actor.agent.id, fmt_time(now)])?;
        }
        VisitChange::Confirmed => close("confirmed")?,
        VisitChange::Visited => close("visited")?,
        VisitChange::NoShow => close("no_show")?,
        VisitChange::Cancelled => close("cancelled")?,
    }
    Ok(())
}
