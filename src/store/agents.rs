//! The team's agents: who is at the keyboard (and for whom), and adding one.

use chrono::NaiveDateTime;
use rusqlite::{params, OptionalExtension};

use super::access::allow;
use super::*;
use crate::domain::access::Op;
use crate::domain::text;

pub(super) fn identify(store: &SqliteStore, login: &str, act_as: Option<&str>) -> Result<Actor> {
    let real = match store.agent(login)? {
        Some(a) if a.active => a,
        // Who the supervisors are is not told to an account that is not
        // an agent.
        _ => {
            return Err(StoreError::NotAnAgent {
                login: login.to_string(),
            })
        }
    };
    match act_as {
        None => Ok(Actor::myself(real)),
        Some(other) if other == real.login => Ok(Actor::myself(real)),
        Some(other) => {
            let me = Actor::myself(real.clone());
            let agent = match store.agent(other)? {
                Some(agent) => agent,
                // Nobody learns which logins exist before they may act for one.
                None if !me.is_supervisor() => {
                    return Err(StoreError::NotPermitted(
                        Restricted::ActFor(other.to_string()).into(),
                    ))
                }
                None => return Err(StoreError::NoSuchAgent(other.to_string())),
            };
            allow(&me, Op::ActAs(&agent))?;
            Ok(Actor { agent, real })
        }
    }
}

pub(super) fn add_agent(
    store: &SqliteStore,
    actor: Option<&Actor>,
    login: &str,
    name: &str,
    role: Role,
    now: NaiveDateTime,
) -> Result<Agent> {
    let login = login.trim();
    text::check(text::Field::Login, login)?;
    text::check(text::Field::AgentName, name)?;
    if login.is_empty() || login.chars().any(char::is_whitespace) {
        return Err(StoreError::Invalid(Invalid::Login(login.to_string())));
    }
    if name.trim().is_empty() {
        return Err(StoreError::Invalid(Invalid::Missing(Required::AgentName)));
    }
    let id = store.write(|c| {
        let count: i64 = c.query_row("SELECT count(*) FROM agents", [], |r| r.get(0))?;
        if count > 0 {
            match actor {
                Some(a) => allow(a, Op::AddAgent)?,
                None => return Err(StoreError::NotPermitted(Restricted::AddAgents.into())),
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
            params![login, name.trim(), role, fmt_time(now)],
        )?;
        Ok(c.last_insert_rowid())
    })?;
    store.agent_by_id(id)
}

pub(super) fn set_target(
    store: &SqliteStore,
    actor: &Actor,
    login: &str,
    target: Option<u32>,
    now: NaiveDateTime,
) -> Result<()> {
    allow(actor, Op::SetTargets)?;
    store.write(|c| super::admin::set_target(c, actor, login, target, now))
}
