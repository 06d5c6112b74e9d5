//! The dealer's reference data as the store keeps it: the rules (grades
//! and cadence), the reasons, the channels and the rule that assigns new
//! leads; read by everyone, changed by supervisors.

use chrono::NaiveDateTime;
use rusqlite::OptionalExtension;

use super::access::allow;
use super::*;
use crate::domain::access::Op;
use crate::domain::text;

pub(super) fn rules(store: &SqliteStore) -> Result<Rules> {
    let json: Option<String> = store
        .conn
        .prepare_cached("SELECT value FROM settings WHERE key = 'rules'")?
        .query_row([], |r| r.get(0))
        .optional()?;
    match json {
        None => Ok(Rules::default()),
        Some(j) => {
            let rules: Rules = serde_json::from_str(&j)
                .map_err(|e| StoreError::Invalid(Invalid::RulesUnreadable(e.to_string())))?;
            // Checked when saved: a rule broken now is damage, and a
            // grade code of it would be written onto leads.
            rules
                .validate()
                .map_err(|e| StoreError::Invalid(Invalid::RulesDamaged(e)))?;
            Ok(rules)
        }
    }
}

pub(super) fn channel(store: &SqliteStore, given: &str) -> Result<Channel> {
    let g = given.trim();
    let all = store.channels()?;
    all.iter()
        .find(|c| {
            c.code.eq_ignore_ascii_case(g) || c.name_zh == g || c.name_en.eq_ignore_ascii_case(g)
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

#[allow(clippy::too_many_arguments)]
pub(super) fn add_reason(
    store: &SqliteStore,
    actor: &Actor,
    list: &str,
    code: &str,
    group: &str,
    zh: &str,
    en: &str,
    now: NaiveDateTime,
) -> Result<()> {
    allow(actor, Op::EditReasons)?;
    text::check(text::Field::ReasonCode, code)?;
    text::check(text::Field::ReasonCode, group)?;
    text::check(text::Field::ReasonName, zh)?;
    text::check(text::Field::ReasonName, en)?;
    store.write(|c| super::admin::add_reason(c, actor, list, code, group, zh, en, now))
}

pub(super) fn disable_reason(
    store: &SqliteStore,
    actor: &Actor,
    list: &str,
    code: &str,
    now: NaiveDateTime,
) -> Result<()> {
    allow(actor, Op::EditReasons)?;
    store.write(|c| super::admin::disable_reason(c, actor, list, code, now))
}

pub(super) fn set_assign_rule(store: &SqliteStore, actor: &Actor, rule: &AssignRule) -> Result<()> {
    allow(actor, Op::ChangeAssignRule)?;
    if let AssignRule::Agent(login) = rule {
        store
            .agent(login)?
            .ok_or_else(|| StoreError::NoSuchAgent(login.clone()))?;
    }
    store.write(|c| {
        c.execute(
            "INSERT INTO settings (key, value) VALUES ('assign', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [rule.code()],
        )?;
        Ok(())
    })
}
