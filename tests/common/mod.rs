#![allow(dead_code)]
//! Shared helpers for the integration tests: real database files in a temp dir.

use chrono::{NaiveDate, NaiveDateTime};
use dcc_desk::domain::outcome::{CallReport, Outcome};
use dcc_desk::domain::phone::Phone;
use dcc_desk::store::{
    Actor, CallLog, LeadStore, Logged, NewLead, OpenMode, Role, SqliteStore, StoreError,
};

pub fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub struct Desk {
    pub dir: tempfile::TempDir,
    pub store: SqliteStore,
    pub boss: Actor,
    pub agent: Actor,
}

/// A new database with a supervisor `boss` and an outbound agent `amy`.
pub fn desk() -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("dcc.sqlite"), OpenMode::Create).unwrap();
    let t = at("2026-11-01 09:00");
    let boss = store
        .add_agent(None, "boss", "主管", Role::Supervisor, t)
        .unwrap();
    let boss = Actor::myself(boss);
    let amy = store
        .add_agent(Some(&boss), "amy", "王芳", Role::Outbound, t)
        .unwrap();
    Desk {
        dir,
        store,
        boss,
        agent: Actor::myself(amy),
    }
}

impl Desk {
    /// Adds a lead for `amy` with an explicit grade.
    pub fn lead(&self, name: &str, phone: &str, grade: &str, now: NaiveDateTime) -> i64 {
        self.store
            .add_lead(
                &self.agent,
                &NewLead {
                    name: name.into(),
                    phone: Phone::parse(phone).unwrap(),
                    channel: "autohome".into(),
                    model: "凯美瑞".into(),
                    purchase_by: None,
                    visit_by: None,
                    grade: Some(grade.into()),
                    owner: None,
                    note: None,
                },
                now,
            )
            .unwrap()
    }

    pub fn log(
        &self,
        lead: i64,
        outcome: Outcome,
        report: CallReport,
        now: NaiveDateTime,
    ) -> Result<Logged, StoreError> {
        self.store.log_call(
            &self.agent,
            &CallLog {
                lead_id: lead,
                outcome,
                report,
                note: None,
                started: None,
            },
            now,
        )
    }
}
