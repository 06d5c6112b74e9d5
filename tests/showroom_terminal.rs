//! The handover in real terminals (tmux, 80x24): a sales consultant records
//! an arrival on their screen while the DCC agent who set the visit has the
//! lead's card open on theirs; the agent's card and history show it, under
//! the consultant's name, without a key pressed.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::at;
use dcc_desk::domain::outcome::{CallReport, Outcome};
use dcc_desk::domain::showroom::HandoverKind;
use dcc_desk::store::{HistoryEntry, LeadStore, Role};

const NOW: &str = "2026-11-25T09:30";

struct Tmux {
    socket: String,
}

impl Tmux {
    fn new() -> Tmux {
        Tmux {
            socket: format!("dcc-test-showroom-{}", std::process::id()),
        }
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-u")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .env("LANG", "C.UTF-8")
            .output()
            .expect("tmux must be installed (.ci/run installs it)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Starts the workstation as `user` in a new 80x24 window `name`.
    fn start(&self, name: &str, db: &Path, user: &str) {
        let cmd = format!(
            "env LANG=C.UTF-8 DCC_DB={} DCC_NOW={NOW} DCC_CONFIG=/nonexistent/dcc.toml TERM=xterm-256color {} --login {user} --lang en; sleep 30",
            db.display(),
            env!("CARGO_BIN_EXE_dcc"),
        );
        self.tmux(&[
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            "80",
            "-y",
            "24",
            &cmd,
        ]);
    }

    fn screen(&self, name: &str) -> String {
        self.tmux(&["capture-pane", "-p", "-t", name])
    }

    fn keys(&self, name: &str, keys: &[&str]) {
        for k in keys {
            self.tmux(&["send-keys", "-t", name, k]);
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    /// Waits up to `secs` for the screen to satisfy `ok`, pressing nothing.
    fn wait(&self, name: &str, secs: u64, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let end = Instant::now() + Duration::from_secs(secs);
        loop {
            let s = self.screen(name);
            if ok(&s) {
                return s;
            }
            if Instant::now() > end {
                panic!("waited {secs} s for {what}; the screen shows:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
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
    let t = Tmux::new();

    // amy, the DCC agent who set the visit, opens the lead's card.
    t.start("amy", &db, "amy");
    t.wait("amy", 15, "amy's workstation", |s| {
        s.contains("Today's calls")
    });
    t.keys("amy", &["/", "13812345678"]);
    t.wait("amy", 10, "the search hit", |s| s.contains("张三"));
    t.keys("amy", &["Enter"]);
    let before = t.wait("amy", 10, "张三's card", |s| s.contains("张三 · 138"));
    assert!(!before.contains("Consultant"), "{before}");

    // 周敏 receives the customer on the showroom's screen.
    t.start("wang", &db, "wang");
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
