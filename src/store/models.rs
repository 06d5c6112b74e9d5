//! The dealer's model list: read by every front end, changed by supervisors
//! (each change in the audit log). Leads keep the model's one name.

use chrono::NaiveDateTime;
use rusqlite::{params, Connection};

use super::admin::audit;
use super::{fmt_time, Actor, Invalid, Result, StoreError};
use crate::domain::models::{self, CarModel};

/// Aliases are kept one to a line.
const SEP: char = '\n';

pub(super) fn list(c: &Connection) -> Result<Vec<CarModel>> {
    let mut st =
        c.prepare_cached("SELECT name_zh, name_en, aliases FROM models WHERE active ORDER BY id")?;
    let rows = st.query_map([], |r| {
        let aliases: String = r.get(2)?;
        Ok(CarModel {
            name_zh: r.get(0)?,
            name_en: r.get(1)?,
            aliases: aliases
                .split(SEP)
                .filter(|a| !a.trim().is_empty())
                .map(String::from)
                .collect(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Adds a model, or replaces the names of the one with this Chinese name
/// (and brings it back if it was removed).
pub(super) fn add(c: &Connection, actor: &Actor, m: &CarModel, now: NaiveDateTime) -> Result<()> {
    let aliases = m.aliases.join(&SEP.to_string());
    c.prepare_cached(
        "INSERT INTO models (name_zh, name_en, aliases, active, added_at, added_by)
         VALUES (?1, ?2, ?3, 1, ?4, ?5)
         ON CONFLICT (name_zh) DO UPDATE SET name_en = excluded.name_en,
             aliases = excluded.aliases, active = 1",
    )?
    .execute(params![
        m.name_zh.trim(),
        m.name_en
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty()),
        aliases,
        fmt_time(now),
        actor.real.id
    ])?;
    let new = format!("{} [{}]", m.name(), m.aliases.join(", "));
    audit(
        c,
        actor,
        &format!("model {}", m.name_zh.trim()),
        None,
        Some(&new),
        now,
    )
}

/// Takes a model off the list (named in any spelling); leads that have it
/// keep it.
pub(super) fn remove(
    c: &Connection,
    actor: &Actor,
    typed: &str,
    now: NaiveDateTime,
) -> Result<String> {
    let all = list(c)?;
    let Some(m) = models::resolve(&all, typed) else {
        return Err(unknown(&all, typed));
    };
    c.prepare_cached("UPDATE models SET active = 0 WHERE name_zh = ?1")?
        .execute([&m.name_zh])?;
    audit(
        c,
        actor,
        &format!("model {}", m.name_zh),
        Some(&m.name()),
        None,
        now,
    )?;
    Ok(m.name())
}

/// The typed model as the list names it; refused with the closest names
/// when the dealer keeps a list and it is not on it.
pub(super) fn canonical(c: &Connection, typed: &str) -> Result<String> {
    let all = list(c)?;
    models::check(&all, typed).map_err(|_| unknown(&all, typed))
}

fn unknown(all: &[CarModel], typed: &str) -> StoreError {
    StoreError::Invalid(Invalid::UnknownModel {
        given: typed.trim().to_string(),
        closest: models::closest(all, typed, 3)
            .iter()
            .map(|m| m.name())
            .collect(),
    })
}
