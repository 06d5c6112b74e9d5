//! Served mode in the store: each agent's SSH keys (added and removed by
//! supervisors, audited), who a key logs in as, and every SSH session's
//! start, heartbeat and end.

use chrono::{Duration, NaiveDateTime};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::access::allow;
use super::admin::audit;
use super::rows::{agent_row, fmt_time};
use super::{Actor, Agent, LeadStore, Result, SqliteStore, StoreError};
use crate::domain::access::Op;
use crate::domain::sshkey::PublicKey;

/// A key that logs its agent in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgentKey {
    pub login: String,
    pub fingerprint: String,
    pub kind: String,
    pub comment: String,
    pub added_at: NaiveDateTime,
}

/// An agent with a workstation open over SSH.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Online {
    pub login: String,
    /// When their earliest open session started.
    pub since: NaiveDateTime,
}

/// Why a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionEnd {
    /// The agent quit, or the connection dropped.
    Closed,
    /// A supervisor disabled the agent or removed the key meanwhile.
    Revoked,
}

impl SessionEnd {
    fn code(self) -> &'static str {
        match self {
            SessionEnd::Closed => "closed",
            SessionEnd::Revoked => "revoked",
        }
    }
}

/// A session not heard from for this long is no longer counted as online
/// (its process was killed without recording its end).
pub const ONLINE_WITHIN_MINUTES: i64 = 3;

impl SqliteStore {
    /// Registers a key for an agent (supervisors); returns its fingerprint.
    pub fn add_key(
        &self,
        actor: &Actor,
        login: &str,
        key: &PublicKey,
        now: NaiveDateTime,
    ) -> Result<String> {
        allow(actor, Op::ManageAgents)?;
        let agent = self
            .agent(login)?
            .ok_or_else(|| StoreError::NoSuchAgent(login.to_string()))?;
        let fp = key.fingerprint();
        self.write(|c| {
            let holder: Option<String> = c
                .prepare_cached(
                    "SELECT a.login FROM agent_keys k JOIN agents a ON a.id = k.agent_id
                     WHERE k.fingerprint = ?1 AND k.removed_at IS NULL",
                )?
                .query_row([&fp], |r| r.get(0))
                .optional()?;
            if let Some(login) = holder {
                return Err(StoreError::KeyExists {
                    fingerprint: fp.clone(),
                    login,
                });
            }
            c.prepare_cached(
                "INSERT INTO agent_keys (agent_id, fingerprint, kind, blob, comment, added_at, added_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                agent.id,
                fp,
                key.kind,
                key.blob,
                key.comment,
                fmt_time(now),
                actor.real.id
            ])?;
            audit(c, actor, &format!("key add {login}"), None, Some(&fp), now)
        })?;
        Ok(fp)
    }

    /// The keys in force, of one agent or of everyone (supervisors).
    pub fn keys(&self, actor: &Actor, login: Option<&str>) -> Result<Vec<AgentKey>> {
        allow(actor, Op::ManageAgents)?;
        let mut st = self.conn().prepare_cached(
            "SELECT a.login, k.fingerprint, k.kind, k.comment, k.added_at
             FROM agent_keys k JOIN agents a ON a.id = k.agent_id
             WHERE k.removed_at IS NULL AND (?1 IS NULL OR a.login = ?1)
             ORDER BY a.login, k.added_at",
        )?;
        let rows = st.query_map([login], |r| {
            Ok(AgentKey {
                login: r.get(0)?,
                fingerprint: r.get(1)?,
                kind: r.get(2)?,
                comment: r.get(3)?,
                added_at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Takes a key out of force (supervisors); returns whose it was. The row
    /// stays, with who removed it and when.
    pub fn remove_key(
        &self,
        actor: &Actor,
        fingerprint: &str,
        now: NaiveDateTime,
    ) -> Result<String> {
        allow(actor, Op::ManageAgents)?;
        self.write(|c| {
            let login: Option<String> = c
                .prepare_cached(
                    "UPDATE agent_keys SET removed_at = ?2, removed_by = ?3
                     WHERE fingerprint = ?1 AND removed_at IS NULL
                     RETURNING (SELECT login FROM agents WHERE id = agent_id)",
                )?
                .query_row(params![fingerprint, fmt_time(now), actor.real.id], |r| {
                    r.get(0)
                })
                .optional()?;
            let login = login.ok_or_else(|| StoreError::NoSuchKey(fingerprint.to_string()))?;
            audit(
                c,
                actor,
                &format!("key remove {login}"),
                Some(fingerprint),
                None,
                now,
            )?;
            Ok(login)
        })
    }

    /// The active agent a key in force logs in as; `None` for an unknown or
    /// removed key and for a disabled agent.
    pub fn key_agent(&self, fingerprint: &str) -> Result<Option<Agent>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT a.id, a.login, a.name, a.role, a.active
                 FROM agent_keys k JOIN agents a ON a.id = k.agent_id
                 WHERE k.fingerprint = ?1 AND k.removed_at IS NULL AND a.active",
            )?
            .query_row([fingerprint], agent_row)
            .optional()?)
    }

    /// Disables or enables an agent (supervisors, audited). A disabled agent
    /// cannot log in, and their open sessions end at their next check.
    pub fn set_agent_active(
        &self,
        actor: &Actor,
        login: &str,
        active: bool,
        now: NaiveDateTime,
    ) -> Result<()> {
        allow(actor, Op::ManageAgents)?;
        if !active && login == actor.real.login {
            return Err(StoreError::Invalid(super::Invalid::DisableSelf));
        }
        self.write(|c| {
            let old: Option<bool> = c
                .prepare_cached("SELECT active FROM agents WHERE login = ?1")?
                .query_row([login], |r| r.get(0))
                .optional()?;
            let old = old.ok_or_else(|| StoreError::NoSuchAgent(login.to_string()))?;
            c.prepare_cached("UPDATE agents SET active = ?2 WHERE login = ?1")?
                .execute(params![login, active])?;
            let word = |b: bool| if b { "active" } else { "disabled" };
            audit(
                c,
                actor,
                &format!("agent {login}"),
                Some(word(old)),
                Some(word(active)),
                now,
            )
        })
    }

    /// Records that a session starts; returns its id.
    pub fn session_start(
        &self,
        agent: &Agent,
        fingerprint: &str,
        origin: &str,
        command: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<i64> {
        self.write_unshown(|c| {
            c.prepare_cached(
                "INSERT INTO sessions (agent_id, fingerprint, origin, command, started_at, seen_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            )?
            .execute(params![
                agent.id,
                fingerprint,
                origin,
                command,
                fmt_time(now)
            ])?;
            Ok(c.last_insert_rowid())
        })
    }

    /// The session is still alive (for "who is online").
    pub fn session_seen(&self, id: i64, now: NaiveDateTime) -> Result<()> {
        self.write_unshown(|c| {
            c.prepare_cached(
                "UPDATE sessions SET seen_at = ?2 WHERE id = ?1 AND ended_at IS NULL",
            )?
            .execute(params![id, fmt_time(now)])?;
            Ok(())
        })
    }

    pub fn session_end(&self, id: i64, why: SessionEnd, now: NaiveDateTime) -> Result<()> {
        self.write_unshown(|c| {
            c.prepare_cached(
                "UPDATE sessions SET ended_at = ?2, seen_at = ?2, end_reason = ?3
                 WHERE id = ?1 AND ended_at IS NULL",
            )?
            .execute(params![id, fmt_time(now), why.code()])?;
            Ok(())
        })
    }

    /// The lead this agent still holds a claim on at `now`: the call that was
    /// open when their connection dropped, kept for the claim's normal time.
    pub fn kept_claim(&self, actor: &Actor, now: NaiveDateTime) -> Result<Option<i64>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT id FROM leads WHERE claimed_by = ?1 AND claim_until > ?2
                 ORDER BY claim_until DESC LIMIT 1",
            )?
            .query_row(params![actor.real.id, fmt_time(now)], |r| r.get(0))
            .optional()?)
    }

    /// Who has a workstation open over SSH now, and since when (the start
    /// of their earliest open session).
    pub(super) fn sessions_online(&self, now: NaiveDateTime) -> Result<Vec<Online>> {
        let since = fmt_time(now - Duration::minutes(ONLINE_WITHIN_MINUTES));
        let mut st = self.conn().prepare_cached(
            "SELECT a.login, min(s.started_at) FROM sessions s JOIN agents a ON a.id = s.agent_id
             WHERE s.ended_at IS NULL AND s.command IS NULL AND s.seen_at >= ?1
             GROUP BY a.login ORDER BY a.login",
        )?;
        let rows = st.query_map([since], |r| {
            Ok(Online {
                login: r.get(0)?,
                since: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// The logins that have a key in force, read without writing anything beside
/// the file (for `dcc doctor`).
pub fn logins_with_keys(path: &std::path::Path) -> Result<Vec<String>> {
    let conn = super::files::open_read_only(path)?;
    let mut st = conn.prepare(
        "SELECT DISTINCT a.login FROM agent_keys k JOIN agents a ON a.id = k.agent_id
         WHERE k.removed_at IS NULL ORDER BY a.login",
    )?;
    let rows = st.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
