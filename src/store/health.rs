//! What `dcc doctor` asks of the database file, read-only, creating nothing
//! beside it: whose it is, its schema and journal, whether it is sound, and
//! the team in it.

use std::path::Path;

use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::files::{open_read_only, sidecar};
use super::schema::{APPLICATION_ID, SCHEMA_VERSION};
use super::{Result, StoreError};

/// From this size on, `quick_check` (minutes less) instead of the full
/// `integrity_check`.
pub const QUICK_CHECK_FROM_BYTES: u64 = 512 * 1024 * 1024;

/// The facts about one database file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Health {
    /// A dcc-desk database (its `application_id`), or a new empty file.
    pub ours: bool,
    pub schema_version: i64,
    pub known_version: i64,
    /// `wal` or `rollback`, from the file's header.
    pub journal: String,
    pub file_bytes: u64,
    pub wal_bytes: u64,
    /// What the check found: `["ok"]` when the file is sound.
    pub integrity: Vec<String>,
    /// Whether only `quick_check` ran (a big file).
    pub quick: bool,
    /// The team, when the schema is one this program reads.
    pub agents: Vec<TeamMember>,
    /// Leads still to be called whose owner is inactive or missing.
    pub orphan_leads: Vec<i64>,
    /// The latest time written by anyone (a call or a change).
    pub latest: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamMember {
    pub login: String,
    pub name: String,
    /// As stored; not one of the known roles means the agent has none.
    pub role: String,
    pub active: bool,
}

/// The journal mode written in the header: bytes 18 and 19 are 2 in WAL.
fn journal_of(path: &Path) -> String {
    use std::io::Read;
    let mut head = [0u8; 20];
    let wal = std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| head[18] == 2 && head[19] == 2);
    if wal { "wal" } else { "rollback" }.to_string()
}

/// Examines the database at `path` without changing it. A file SQLite cannot
/// read at all is an error; a foreign or newer file is described as such.
pub fn inspect(path: &Path) -> Result<Health> {
    if !path.exists() {
        return Err(StoreError::Missing(path.display().to_string()));
    }
    // Read before the connection opens: closing this descriptor while a
    // connection of this process held the file would drop its locks (POSIX
    // locks; see `files::write_refused`).
    let journal = journal_of(path);
    let conn = open_read_only(path)?;
    let (app_id, version, page_size, pages) = conn
        .query_row(
            "SELECT (SELECT application_id FROM pragma_application_id),
                    (SELECT user_version FROM pragma_user_version),
                    (SELECT page_size FROM pragma_page_size),
                    (SELECT page_count FROM pragma_page_count)",
            [],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            },
        )
        .map_err(|e| match StoreError::from(e) {
            StoreError::NotADatabase(_) => StoreError::NotADatabase(path.display().to_string()),
            other => other,
        })?;
    let file_bytes = (page_size.max(0) as u64) * (pages.max(0) as u64);
    let quick = file_bytes >= QUICK_CHECK_FROM_BYTES;
    let integrity = check(&conn, quick)?;
    let ours = app_id == APPLICATION_ID || (app_id == 0 && version == 0);
    let readable = app_id == APPLICATION_ID && (1..=SCHEMA_VERSION).contains(&version);
    let (agents, orphan_leads, latest) = if readable {
        team(&conn).unwrap_or_default()
    } else {
        Default::default()
    };
    Ok(Health {
        ours,
        schema_version: version,
        known_version: SCHEMA_VERSION,
        journal,
        file_bytes,
        wal_bytes: std::fs::metadata(sidecar(path, "-wal")).map_or(0, |m| m.len()),
        integrity,
        quick,
        agents,
        orphan_leads,
        latest,
    })
}

fn check(conn: &Connection, quick: bool) -> Result<Vec<String>> {
    let pragma = if quick {
        "PRAGMA quick_check(20)"
    } else {
        "PRAGMA integrity_check(20)"
    };
    let found = conn.prepare(pragma).and_then(|mut st| {
        st.query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()
    });
    match found {
        Ok(lines) => Ok(lines),
        // So damaged that the check itself cannot run.
        Err(e) => Ok(vec![e.to_string()]),
    }
}

type Team = (Vec<TeamMember>, Vec<i64>, Option<NaiveDateTime>);

fn team(conn: &Connection) -> rusqlite::Result<Team> {
    let mut st = conn.prepare("SELECT login, name, role, active FROM agents ORDER BY login")?;
    let agents = st
        .query_map([], |r| {
            Ok(TeamMember {
                login: r.get(0)?,
                name: r.get(1)?,
                role: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                active: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut st = conn.prepare(
        "SELECT l.id FROM leads l LEFT JOIN agents a ON a.id = l.owner_id
         WHERE l.next_due IS NOT NULL AND (a.id IS NULL OR NOT a.active)
         ORDER BY l.id LIMIT 1000",
    )?;
    let orphans = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    let latest: Option<String> = conn
        .query_row(
            "SELECT max(t) FROM (SELECT max(ended_at) AS t FROM calls
                                 UNION ALL SELECT max(at) FROM events)",
            [],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    let latest = latest.and_then(|t| {
        NaiveDateTime::parse_from_str(&t, "%Y-%m-%d %H:%M:%S")
            .or_else(|_| NaiveDateTime::parse_from_str(&t, "%Y-%m-%dT%H:%M:%S"))
            .ok()
    });
    Ok((agents, orphans, latest))
}
