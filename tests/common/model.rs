#![allow(dead_code)]
//! What the model-based tests of the workstation share: the clock the test
//! moves, the file read straight (leads, calls, reveals) for the checks, the
//! keys pressed, and the checks that read the screen.
//!
//! Included by path (`#[path = "common/model.rs"] mod model;`) by the tests
//! that need it, so the other test binaries do not compile it.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use chrono::NaiveDateTime;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proptest::test_runner::{Config, TestRunner};

use dcc_desk::app::{App, Clock, Mode};

/// The test's clock, shared with the workstations: steps move it.
pub struct SharedClock(pub Rc<Cell<NaiveDateTime>>);

impl Clock for SharedClock {
    fn now(&self) -> NaiveDateTime {
        self.0.get()
    }
}

/// `PROPTEST_CASES` if set, else `default`.
pub fn runner(default: u32) -> TestRunner {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

/// A key at a workstation.
#[derive(Debug, Clone, PartialEq)]
pub enum Key {
    Code(KeyCode),
    Ctrl(char),
    /// Typed text (into a prompt or form; in a list each letter is a key).
    Text(String),
}

impl Key {
    pub fn char(c: char) -> Key {
        Key::Code(KeyCode::Char(c))
    }

    pub fn text(s: &str) -> Key {
        Key::Text(s.to_string())
    }
}

pub fn press(app: &mut App, k: &Key) {
    let ev = |code| KeyEvent::new(code, KeyModifiers::NONE);
    match k {
        Key::Code(code) => app.on_key(ev(*code)),
        Key::Ctrl(c) => app.on_key(KeyEvent::new(KeyCode::Char(*c), KeyModifiers::CONTROL)),
        Key::Text(s) => {
            for c in s.chars() {
                app.on_key(ev(KeyCode::Char(c)));
            }
        }
    }
}

/// A lead's row as the checks read it, straight from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub owner: Option<i64>,
    pub status: String,
    pub phone: String,
    pub claim: Option<(i64, NaiveDateTime)>,
}

impl Row {
    /// Held on a call by `who` at `now`.
    pub fn held_by(&self, who: i64, now: NaiveDateTime) -> bool {
        self.claim.is_some_and(|(h, u)| h == who && u > now)
    }
}

pub fn rows(db: &rusqlite::Connection) -> BTreeMap<i64, Row> {
    let mut st = db
        .prepare("SELECT id, owner_id, status, phone, claimed_by, claim_until FROM leads")
        .unwrap();
    st.query_map([], |r| {
        let by: Option<i64> = r.get(4)?;
        let until: Option<NaiveDateTime> = r.get(5)?;
        Ok((
            r.get(0)?,
            Row {
                owner: r.get(1)?,
                status: r.get(2)?,
                phone: r.get(3)?,
                claim: by.zip(until),
            },
        ))
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

/// A call's row.
#[derive(Debug, Clone)]
pub struct CallRow {
    pub id: i64,
    pub lead: i64,
    pub agent: Option<String>,
    pub actor: Option<String>,
    pub inbound: bool,
    pub started: NaiveDateTime,
    pub ended: NaiveDateTime,
}

/// The calls written after `last`, which moves to the newest.
pub fn new_calls(db: &rusqlite::Connection, last: &mut i64) -> Vec<CallRow> {
    let mut st = db
        .prepare(
            "SELECT c.id, c.lead_id, a.login, b.login, c.direction = 'in', c.started_at, c.ended_at
             FROM calls c LEFT JOIN agents a ON a.id = c.agent_id
             LEFT JOIN agents b ON b.id = c.actor_id
             WHERE c.id > ?1 ORDER BY c.id",
        )
        .unwrap();
    let calls: Vec<CallRow> = st
        .query_map([*last], |r| {
            Ok(CallRow {
                id: r.get(0)?,
                lead: r.get(1)?,
                agent: r.get(2)?,
                actor: r.get(3)?,
                inbound: r.get(4)?,
                started: r.get(5)?,
                ended: r.get(6)?,
            })
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    if let Some(c) = calls.last() {
        *last = c.id;
    }
    calls
}

/// Calls per (actor, lead) since `day`, as the file holds them.
pub fn calls_in_file(db: &rusqlite::Connection, day: &str) -> BTreeMap<(i64, i64), usize> {
    let mut st = db
        .prepare("SELECT actor_id, lead_id, count(*) FROM calls WHERE ended_at >= ?1 GROUP BY 1, 2")
        .unwrap();
    st.query_map([day], |r| {
        Ok(((r.get(0)?, r.get(1)?), r.get::<_, i64>(2)? as usize))
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

/// Leads whose full number `person` asked to see (the reveal log).
pub fn revealed_to(db: &rusqlite::Connection, person: i64) -> BTreeSet<i64> {
    let mut st = db
        .prepare("SELECT what FROM reveals WHERE actor_id = ?1")
        .unwrap();
    st.query_map([person], |r| r.get::<_, String>(0))
        .unwrap()
        .filter_map(|w| w.ok()?.strip_prefix("lead ")?.parse().ok())
        .collect()
}

/// The ways a full number can be written on a screen: as stored, grouped
/// (`139 1000 0000`), or with the grouping taken out of a line.
fn shown(screen: &str, phone: &str) -> bool {
    let grouped = if phone.len() == 11 {
        format!("{} {} {}", &phone[..3], &phone[3..7], &phone[7..])
    } else {
        phone.to_string()
    };
    screen.contains(phone)
        || screen.contains(&grouped)
        || screen
            .lines()
            .any(|l| l.replace([' ', '-'], "").contains(phone))
}

/// The first lead whose full number is on `screen` though `may_see` says
/// the viewer may not see it, unless the viewer typed it (`typed`: the
/// text of the fields on screen).
pub fn leaked_number(
    screen: &str,
    rows: &BTreeMap<i64, Row>,
    may_see: impl Fn(i64) -> bool,
    typed: &[String],
) -> Option<(i64, String)> {
    let typed_digits: Vec<String> = typed
        .iter()
        .map(|t| t.chars().filter(char::is_ascii_digit).collect())
        .collect();
    rows.iter()
        .filter(|(id, _)| !may_see(**id))
        .filter(|(_, r)| !typed_digits.iter().any(|t| t.contains(&r.phone)))
        .find(|(_, r)| shown(screen, &r.phone))
        .map(|(id, r)| (*id, r.phone.clone()))
}

/// The text in the workstation's fields: a prompt's input, a form's fields.
pub fn typed(app: &App) -> Vec<String> {
    match &app.mode {
        Mode::Prompt(p) => vec![p.input.text().to_string()],
        Mode::Capture(f) => f.inputs.iter().map(|i| i.text().to_string()).collect(),
        _ => Vec::new(),
    }
}

/// Everything a key can change in the workstation, as text: two equal
/// prints and no message mean the key did nothing.
pub fn print(app: &App) -> String {
    format!(
        "{:?}|{}|{}|{:?}|{:?}|{:?}|{:?}|{:?}|{}|{}|{}|{:?}|{}",
        app.mode,
        app.selected,
        app.home_selected,
        app.pinned,
        app.call,
        app.inbound,
        app.marked,
        app.help_over,
        app.script_scroll,
        app.actor.agent.id,
        app.quit,
        app.card.as_ref().map(|c| c.id),
        app.data_version,
    )
}

/// The screen's last row: the status line.
pub fn status_line(screen: &str) -> &str {
    screen.lines().last().unwrap_or_default()
}
