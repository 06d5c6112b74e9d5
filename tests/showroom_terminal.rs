//! The handover in real terminals (tmux, 80x24): a sales consultant records
//! an arrival on their screen while the DCC agent who set the visit has the
//! lead's card open on theirs; the agent's card and history show it, under
//! the consultant's name, without a key pressed.

mod common;
#[path = "common/tmux.rs"]
mod tmux;

use std::path::Path;

use common::at;
use dcc_desk::domain::outcome::{CallReport, Outcome};
use dcc_desk::domain::showroom::HandoverKind;
use dcc_desk::store::{HistoryEntry, LeadStore, Role};
use tmux::Tmux;

const NOW: &str = "2026-11-25T09:30";

/// Starts the workstation as `user` in a new 80x24 window `name`.
fn start(t: &Tmux, name: &str, db: &Path, user: &str) {
    let cmd = format!(
        "env LANG=C.UTF-8 DCC_DB={} DCC_NOW={NOW} DCC_CONFIG=/nonexistent/dcc.toml TERM=xterm-256color {} --login {user} --lang en; sleep 30",
        db.display(),
        env!("CARGO_BIN_EXE_dcc"),
    );
    t.window(name, (80, 24), &cmd);
}

#[test]
fn a_consultant_records_an_arrival_and_the_agents_open_card_shows_it_without_a_key_press() {
    let d = common::desk();
    d.agent("wang", "周敏", Role::Showroom);
    let zhang = d.lead("张三", "13812345678", "A", at("2026-11-20 10:00"));
    let visit = CallReport {
        visit: Some(at("2026-11-25 10:00")),
        ..Default::default()
    };
    d.log(zhang, Outcome::Appointment, visit, at("2026-11-21 10:00"))
        .unwrap();
    let db = d.dir.path().join("dcc.sqlite");
    let t = Tmux::new("showroom");

    // amy, the DCC agent who set the visit, opens the lead's card.
    start(&t, "amy", &db, "amy");
    t.wait("amy", 15, "amy's workstation", |s| {
        s.contains("Today's calls")
    });
    t.keys("amy", &["/", "13812345678"]);
    t.wait("amy", 10, "the search hit", |s| s.contains("张三"));
    t.keys("amy", &["Enter"]);
    let before = t.wait("amy", 10, "张三's card", |s| s.contains("张三 · 138"));
    assert!(!before.contains("Consultant"), "{before}");

    // 周敏 receives the customer on the showroom's screen.
    start(&t, "wang", &db, "wang");
    t.wait("wang", 15, "the visit list", |s| {
        s.contains("Expected visits") && s.contains("138****5678")
    });
    t.keys("wang", &["a"]);
    t.wait("wang", 10, "the arrival prompt", |s| {
        s.contains("张三 · arrived")
    });
    t.keys("wang", &["Enter"]);
    let wang = t.wait("wang", 10, "the arrival saved", |s| {
        s.contains("Recorded #")
    });
    // Received: the consultant now sees the full number.
    assert!(wang.contains("13812345678"), "{wang}");

    // amy's screen shows it: nothing pressed since.
    let amy = t.wait("amy", 15, "the handover on amy's card", |s| {
        s.contains("Consultant 周敏") && s.contains("received by consultant 周敏")
    });
    assert!(amy.contains("Showroom arrived 11-25 09:3"), "{amy}");

    // And the file says so, under the consultant's name.
    let card = d
        .store
        .lead(&d.boss, zhang, at("2026-11-25 12:00"))
        .unwrap();
    assert_eq!(card.consultant.as_deref(), Some("wang"));
    let arrived = card.history.iter().any(|h| {
        matches!(h, HistoryEntry::Handover { kind: HandoverKind::Arrived, agent, .. } if agent == "wang")
    });
    assert!(arrived, "{:?}", card.history);
}
