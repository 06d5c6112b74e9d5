//! Typed values read back from the file: a value in a typed column that this
//! dcc-desk does not know (a damaged file, or one written by a newer
//! version) is refused with an error that names the table, the row and the
//! value, in both languages; it is never read as a default.

mod common;

use common::{at, desk, Desk};
use dcc_desk::domain::{CallReport, ChangeValue, EventKind, Grade, Outcome, Status};
use dcc_desk::i18n::{store_error, Lang};
use dcc_desk::report::{Month, Period, ReportKind, ReportQuery};
use dcc_desk::store::{CallLog, HistoryEntry, LeadStore, StoreError};

/// A lead with a call (and so a status event) on it, and the id of its
/// call.
fn lead_with_history(d: &Desk) -> (i64, i64) {
    let id = d.lead("韩梅梅", "13812345678", "H", at("2026-11-20 10:00"));
    d.store
        .log_call(
            &d.agent,
            &CallLog {
                lead_id: id,
                outcome: Outcome::Appointment,
                report: CallReport {
                    visit: Some(at("2026-11-22 10:00")),
                    ..CallReport::default()
                },
                note: None,
                started: None,
                inbound: false,
            },
            at("2026-11-21 10:00"),
        )
        .unwrap();
    let c = rusqlite::Connection::open(d.store.path()).unwrap();
    let call = c
        .query_row("SELECT max(id) FROM calls", [], |r| r.get(0))
        .unwrap();
    (id, call)
}

/// Writes `value` where the schema would refuse it, as a damaged file or a
/// newer dcc-desk could.
fn damage(d: &Desk, table: &str, column: &str, row: i64, value: &str) {
    let c = rusqlite::Connection::open(d.store.path()).unwrap();
    c.execute_batch("PRAGMA ignore_check_constraints = ON;")
        .unwrap();
    let n = c
        .execute(
            &format!("UPDATE {table} SET {column} = ?1 WHERE id = ?2"),
            rusqlite::params![value, row],
        )
        .unwrap();
    assert_eq!(n, 1, "{table} {row}");
}

/// The error names where the value is and what it is, in English and in
/// Chinese.
fn names_it(err: StoreError, table: &str, row: i64, value: &str) {
    assert!(
        matches!(err, StoreError::UnknownValue(_)),
        "a typed refusal, not a database error: {err:?}"
    );
    let en = store_error(&err, Lang::En);
    assert!(
        en.contains(&format!("{table} row {row} holds \"{value}\"")),
        "{en}"
    );
    let zh = store_error(&err, Lang::Zh);
    assert!(
        zh.contains(&format!("{table} 表第 {row} 行")) && zh.contains(&format!("\"{value}\"")),
        "{zh}"
    );
}

#[test]
fn every_typed_column_of_a_lead_refuses_a_value_it_does_not_know() {
    let columns = [
        ("status", "archived"),
        ("due_reason", "whenever"),
        ("phone", "138-1234-5678"),
        ("phone", "12345"),
        ("gender", "x"),
        ("purchase_type", "lease"),
        ("payment", "barter"),
    ];
    for (column, value) in columns {
        let d = desk();
        let (id, _) = lead_with_history(&d);
        damage(&d, "leads", column, id, value);
        let err = d
            .store
            .lead(&d.boss, id, at("2026-11-21 11:00"))
            .unwrap_err();
        names_it(err, "leads", id, value);
    }
}

#[test]
fn a_grade_that_is_no_grade_code_is_refused_where_it_is_read() {
    // The scale is the dealer's, so a code it no longer has is still a
    // grade; a value with no grade's shape is damage.
    for value in ["", "A B", "VERYLONGGRADE"] {
        let d = desk();
        let (id, _) = lead_with_history(&d);
        damage(&d, "leads", "grade", id, value);
        let now = at("2026-11-21 11:00");
        let err = d.store.lead(&d.boss, id, now).unwrap_err();
        names_it(err, "leads", id, value);
        let err = d.store.find_leads(&d.boss, "韩", 5).unwrap_err();
        names_it(err, "leads", id, value);
        let d = desk();
        let (id, call) = lead_with_history(&d);
        damage(&d, "calls", "grade_after", call, value);
        let err = d.store.lead(&d.boss, id, now).unwrap_err();
        names_it(err, "calls", call, value);
    }
    // A grade the scale no longer has reads back as it is.
    let d = desk();
    let (id, _) = lead_with_history(&d);
    damage(&d, "leads", "grade", id, "X");
    let card = d.store.lead(&d.boss, id, at("2026-11-21 11:00")).unwrap();
    assert_eq!(card.grade, "X");
}

#[test]
fn the_queue_and_the_visit_list_refuse_a_damaged_grade() {
    let d = desk();
    // Appointed for 2026-11-22 10:00, so on that day's queue and visit list.
    let (id, _) = lead_with_history(&d);
    damage(&d, "leads", "grade", id, "A B");
    let now = at("2026-11-22 09:00");
    let err = d
        .store
        .queue(&d.agent, Some(d.agent.agent.id), now.date(), now)
        .unwrap_err();
    names_it(err, "leads", id, "A B");
    let err = d
        .store
        .expected_visits(&d.boss, now.date(), false, now)
        .unwrap_err();
    names_it(err, "leads", id, "A B");
}

#[test]
fn saved_rules_whose_grade_is_no_grade_code_are_refused_when_read() {
    // Grades are written onto leads from the scale, so a damaged scale is
    // reported when the rules are read, not written onto a lead.
    let d = desk();
    let mut rules = d.store.rules().unwrap();
    d.store
        .set_rules(&d.boss, &rules, at("2026-11-20 09:00"))
        .unwrap();
    rules.grades[1].code = "A B".into();
    let c = rusqlite::Connection::open(d.store.path()).unwrap();
    c.execute(
        "UPDATE settings SET value = ?1 WHERE key = 'rules'",
        [serde_json::to_string(&rules).unwrap()],
    )
    .unwrap();
    let err = d.store.rules().unwrap_err();
    for lang in [Lang::En, Lang::Zh] {
        let text = store_error(&err, lang);
        assert!(text.contains("A B"), "{text}");
    }
    assert!(store_error(&err, Lang::En).contains("saved rules"));
    assert!(store_error(&err, Lang::Zh).contains("已保存的回访规则"));
}

#[test]
fn the_queue_search_and_requests_refuse_a_damaged_status_or_number() {
    for (column, value) in [("status", "archived"), ("phone", "not a number")] {
        let d = desk();
        // Due for its first follow-up the day after it came in.
        let id = d.lead("韩梅梅", "13812345678", "H", at("2026-11-20 10:00"));
        damage(&d, "leads", column, id, value);
        let now = at("2026-11-21 09:00");
        let err = d
            .store
            .queue(&d.agent, Some(d.agent.agent.id), now.date(), now)
            .unwrap_err();
        names_it(err, "leads", id, value);
        let err = d.store.find_leads(&d.boss, "韩", 5).unwrap_err();
        names_it(err, "leads", id, value);
    }
}

#[test]
fn a_call_with_an_unknown_outcome_is_refused_not_read_as_reached() {
    let d = desk();
    let (id, call) = lead_with_history(&d);
    damage(&d, "calls", "outcome", call, "voicemail");
    let err = d
        .store
        .lead(&d.boss, id, at("2026-11-21 11:00"))
        .unwrap_err();
    names_it(err, "calls", call, "voicemail");
    let err = d
        .store
        .day_stats(&d.agent, d.agent.agent.id, at("2026-11-21 10:00").date())
        .unwrap_err();
    names_it(err, "calls", call, "voicemail");
}

#[test]
fn an_event_of_an_unknown_kind_is_refused() {
    let d = desk();
    let (id, _) = lead_with_history(&d);
    // The event log takes no updates: a newer dcc-desk would have added one.
    let c = rusqlite::Connection::open(d.store.path()).unwrap();
    c.execute_batch("PRAGMA ignore_check_constraints = ON;")
        .unwrap();
    c.execute(
        "INSERT INTO events (lead_id, at, agent_id, actor_id, kind, old, new, note)
         VALUES (?1, '2026-11-21 10:30:00', ?2, ?2, 'merged', NULL, NULL, NULL)",
        rusqlite::params![id, d.agent.agent.id],
    )
    .unwrap();
    let event = c.last_insert_rowid();
    let err = d
        .store
        .lead(&d.boss, id, at("2026-11-21 11:00"))
        .unwrap_err();
    names_it(err, "events", event, "merged");
}

/// Adds an event to a lead's history as a damaged file or a newer dcc-desk
/// could have written it (the event log takes no updates); its id.
fn damaged_event(d: &Desk, lead: i64, kind: &str, old: Option<&str>, new: Option<&str>) -> i64 {
    let c = rusqlite::Connection::open(d.store.path()).unwrap();
    c.execute_batch("PRAGMA ignore_check_constraints = ON;")
        .unwrap();
    c.execute(
        "INSERT INTO events (lead_id, at, agent_id, actor_id, kind, old, new, note)
         VALUES (?1, '2026-11-21 10:30:00', ?2, ?2, ?3, ?4, ?5, NULL)",
        rusqlite::params![lead, d.agent.agent.id, kind, old, new],
    )
    .unwrap();
    c.last_insert_rowid()
}

#[test]
fn a_change_whose_value_its_kind_does_not_know_is_refused() {
    // A status change to a status this dcc-desk has no word for, a grade
    // change to no grade code, a creation with a spaced grade: each is
    // named, none is shown as the text it happens to be.
    for (kind, old, new, value) in [
        ("status", Some("tracking"), Some("archived"), "archived"),
        ("status", Some("parked"), Some("tracking"), "parked"),
        ("grade", Some("H"), Some("A B"), "A B"),
        ("created", None, Some(""), ""),
    ] {
        let d = desk();
        let (id, _) = lead_with_history(&d);
        let event = damaged_event(&d, id, kind, old, new);
        let err = d
            .store
            .lead(&d.boss, id, at("2026-11-21 11:00"))
            .unwrap_err();
        names_it(err, "events", event, value);
    }
}

#[test]
fn a_change_reads_back_typed_by_its_kind() {
    let d = desk();
    let (id, _) = lead_with_history(&d);
    damaged_event(&d, id, "grade", Some("H"), Some("X"));
    let card = d.store.lead(&d.boss, id, at("2026-11-21 11:00")).unwrap();
    let changes: Vec<_> = card
        .history
        .iter()
        .filter_map(|h| match h {
            HistoryEntry::Change { kind, old, new, .. } => Some((*kind, old.clone(), new.clone())),
            HistoryEntry::Call { .. } | HistoryEntry::Handover { .. } => None,
        })
        .collect();
    let grade = |g: &str| Some(ChangeValue::Grade(Grade::parse(g).unwrap()));
    let status = |s: Status| Some(ChangeValue::Status(s));
    assert_eq!(
        changes,
        vec![
            (EventKind::Created, None, grade("H")),
            (
                EventKind::Owner,
                None,
                Some(ChangeValue::Agent("amy".into()))
            ),
            (
                EventKind::Status,
                status(Status::Tracking),
                status(Status::Appointed)
            ),
            // A grade the scale does not have is still a grade.
            (EventKind::Grade, grade("H"), grade("X")),
        ]
    );
}

#[test]
fn a_visit_in_a_state_this_version_does_not_know_is_refused() {
    let d = desk();
    // Appointed for 2026-11-22 10:00.
    let (_, _) = lead_with_history(&d);
    let c = rusqlite::Connection::open(d.store.path()).unwrap();
    let visit: i64 = c
        .query_row("SELECT max(id) FROM appointments", [], |r| r.get(0))
        .unwrap();
    damage(&d, "appointments", "state", visit, "rescheduled");
    let now = at("2026-11-22 09:00");
    let err = d
        .store
        .expected_visits(&d.boss, now.date(), false, now)
        .unwrap_err();
    names_it(err, "appointments", visit, "rescheduled");
}

#[test]
fn an_agent_of_an_unknown_role_is_refused() {
    let d = desk();
    damage(&d, "agents", "role", d.agent.agent.id, "auditor");
    let err = d.store.agents().unwrap_err();
    names_it(err, "agents", d.agent.agent.id, "auditor");
}

#[test]
fn the_reports_refuse_an_unknown_outcome_instead_of_counting_it() {
    let d = desk();
    let (_, call) = lead_with_history(&d);
    damage(&d, "calls", "outcome", call, "voicemail");
    let month = Month::parse("2026-11").unwrap();
    let q = ReportQuery::new(
        ReportKind::Funnel,
        Period {
            from: month,
            to: month,
        },
        at("2026-11-21 11:00").date(),
    );
    let err = d
        .store
        .report(&d.boss, &q, at("2026-11-21 11:00"))
        .unwrap_err();
    names_it(err, "calls", call, "voicemail");
}
