//! What supervisors change: rules, scripts, settings, channel spend, reason
//! lists and targets. Every change goes into the append-only audit log with
//! the old and the new value.

use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension};

use super::{fmt_time, Actor, Invalid, Result, StoreError};
use crate::domain::script::{self, ScriptKind};

pub(super) fn audit(
    c: &Connection,
    actor: &Actor,
    what: &str,
    old: Option<&str>,
    new: Option<&str>,
    now: NaiveDateTime,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO audit (at, actor_id, what, old, new) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![fmt_time(now), actor.real.id, what, old, new])?;
    Ok(())
}

fn setting(c: &Connection, key: &str) -> Result<Option<String>> {
    Ok(
        c.prepare_cached("SELECT value FROM settings WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?,
    )
}

/// Sets a setting and audits it.
pub(super) fn put_setting(
    c: &Connection,
    actor: &Actor,
    key: &str,
    value: &str,
    now: NaiveDateTime,
) -> Result<()> {
    let old = setting(c, key)?;
    c.prepare_cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute([key, value])?;
    audit(
        c,
        actor,
        &format!("setting {key}"),
        old.as_deref(),
        Some(value),
        now,
    )
}

/// Plain-text settings a supervisor may set; the catalog says what each
/// accepts.
pub const SETTINGS: &[&str] = &["dealer", "campaign", "assign", "durability"];

pub(super) fn check_setting(key: &str, value: &str) -> Result<()> {
    let ok = match key {
        "dealer" | "campaign" => true,
        "assign" => super::AssignRule::parse(value).is_some(),
        "durability" => matches!(value, "full" | "normal"),
        _ => {
            return Err(StoreError::Invalid(Invalid::NoSetting {
                key: key.to_string(),
                known: SETTINGS.iter().map(|k| k.to_string()).collect(),
            }));
        }
    };
    if ok {
        Ok(())
    } else {
        Err(StoreError::Invalid(Invalid::BadSetting {
            key: key.to_string(),
            value: value.to_string(),
        }))
    }
}

pub(super) fn set_script(
    c: &Connection,
    actor: &Actor,
    kind: &str,
    lang: &str,
    title: &str,
    body: &str,
    now: NaiveDateTime,
) -> Result<()> {
    if ScriptKind::from_code(kind).is_none() {
        let kinds: Vec<&str> = ScriptKind::ALL.iter().map(|k| k.code()).collect();
        return Err(StoreError::Invalid(Invalid::NoScriptKind {
            kind: kind.to_string(),
            known: kinds.iter().map(|k| k.to_string()).collect(),
        }));
    }
    if !matches!(lang, "zh-CN" | "en") {
        return Err(StoreError::Invalid(Invalid::ScriptLanguage(
            lang.to_string(),
        )));
    }
    let unknown = script::unknown_placeholders(body);
    if !unknown.is_empty() {
        return Err(StoreError::Invalid(Invalid::ScriptVariables {
            unknown: unknown.iter().map(|v| v.to_string()).collect(),
            known: script::VARIABLES.iter().map(|v| v.to_string()).collect(),
        }));
    }
    let old: Option<String> = c
        .prepare_cached("SELECT body FROM scripts WHERE kind = ?1 AND lang = ?2")?
        .query_row([kind, lang], |r| r.get(0))
        .optional()?;
    c.prepare_cached(
        "INSERT INTO scripts (kind, lang, title, body, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (kind, lang) DO UPDATE SET title = excluded.title, body = excluded.body,
             updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )?
    .execute(params![kind, lang, title, body, fmt_time(now), actor.real.id])?;
    audit(
        c,
        actor,
        &format!("script {kind} {lang}"),
        old.as_deref(),
        Some(body),
        now,
    )
}

pub(super) fn set_spend(
    c: &Connection,
    actor: &Actor,
    channel: i64,
    code: &str,
    month: &str,
    cents: i64,
    now: NaiveDateTime,
) -> Result<()> {
    let valid = month.len() == 7
        && chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").is_ok();
    if !valid {
        return Err(StoreError::Invalid(Invalid::Month(month.to_string())));
    }
    if cents < 0 {
        return Err(StoreError::Invalid(Invalid::NegativeSpend));
    }
    let old: Option<i64> = c
        .prepare_cached(
            "SELECT amount_cents FROM channel_spend WHERE channel_id = ?1 AND month = ?2",
        )?
        .query_row(params![channel, month], |r| r.get(0))
        .optional()?;
    c.prepare_cached(
        "INSERT INTO channel_spend (channel_id, month, amount_cents) VALUES (?1, ?2, ?3)
         ON CONFLICT (channel_id, month) DO UPDATE SET amount_cents = excluded.amount_cents",
    )?
    .execute(params![channel, month, cents])?;
    audit(
        c,
        actor,
        &format!("spend {code} {month}"),
        old.map(|v| v.to_string()).as_deref(),
        Some(&cents.to_string()),
        now,
    )
}

#[allow(clippy::too_many_arguments)]
pub(super) fn add_reason(
    c: &Connection,
    actor: &Actor,
    list: &str,
    code: &str,
    group: &str,
    zh: &str,
    en: &str,
    now: NaiveDateTime,
) -> Result<()> {
    if !matches!(list, "defeat" | "invalid") {
        return Err(StoreError::Invalid(Invalid::ReasonList(list.to_string())));
    }
    if code.is_empty() || code.contains(char::is_whitespace) {
        return Err(StoreError::Invalid(Invalid::ReasonCode(code.to_string())));
    }
    c.prepare_cached(
        "INSERT INTO reasons (list, code, grp, name_zh, name_en, active) VALUES (?1, ?2, ?3, ?4, ?5, 1)
         ON CONFLICT (list, code) DO UPDATE SET grp = excluded.grp, name_zh = excluded.name_zh,
             name_en = excluded.name_en, active = 1",
    )?
    .execute(params![list, code, group, zh, en])?;
    audit(
        c,
        actor,
        &format!("reason {list} {code}"),
        None,
        Some(&format!("{group}: {zh} / {en}")),
        now,
    )
}

pub(super) fn disable_reason(
    c: &Connection,
    actor: &Actor,
    list: &str,
    code: &str,
    now: NaiveDateTime,
) -> Result<()> {
    let n = c
        .prepare_cached("UPDATE reasons SET active = 0 WHERE list = ?1 AND code = ?2 AND active")?
        .execute([list, code])?;
    if n == 0 {
        return Err(StoreError::Invalid(Invalid::NoReason {
            list: list.to_string(),
            code: code.to_string(),
        }));
    }
    audit(
        c,
        actor,
        &format!("reason {list} {code}"),
        Some("active"),
        Some("disabled"),
        now,
    )
}

pub(super) fn set_target(
    c: &Connection,
    actor: &Actor,
    login: &str,
    target: Option<u32>,
    now: NaiveDateTime,
) -> Result<()> {
    let old: Option<Option<u32>> = c
        .prepare_cached("SELECT daily_target FROM agents WHERE login = ?1")?
        .query_row([login], |r| r.get(0))
        .optional()?;
    let Some(old) = old else {
        return Err(StoreError::NoSuchAgent(login.to_string()));
    };
    c.prepare_cached("UPDATE agents SET daily_target = ?2 WHERE login = ?1")?
        .execute(params![login, target])?;
    let show = |v: Option<u32>| v.map(|v| v.to_string());
    audit(
        c,
        actor,
        &format!("target {login}"),
        show(old).as_deref(),
        show(target).as_deref(),
        now,
    )
}
