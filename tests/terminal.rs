//! The workstation in a real terminal (tmux): start `dcc` on a fresh demo
//! database, work with keys, and check both the screen and the database.
//! CI installs tmux; without it these tests fail rather than pass silently.

#[path = "common/tmux.rs"]
mod tmux;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use tmux::Tmux;

const NOW: &str = "2026-11-23T10:00";

/// Starts `dcc ARGS` as `user` in a new 100x30 window named `name`.
fn start(t: &Tmux, name: &str, db: &Path, user: &str, args: &str) {
    let cmd = format!(
        "env DCC_DB={} DCC_NOW={NOW} DCC_CONFIG=/nonexistent/dcc.toml TERM=xterm-256color {} --login {user} {args}; sleep 30",
        db.display(),
        env!("CARGO_BIN_EXE_dcc"),
    );
    t.window(name, (100, 30), &cmd);
}

fn dcc(db: &Path, user: &str, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_dcc"))
        .args(args)
        .args(["--login", user])
        .env("DCC_DB", db)
        .env("DCC_NOW", NOW)
        .env("DCC_CONFIG", "/nonexistent/dcc.toml")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "dcc {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    dcc(&db, "tester", &["demo", "--leads", "400", "--seed", "3"]);
    (dir, db)
}

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap()
}

/// The calls on a lead, as (agent, actor, outcome).
fn calls(db: &Path, lead: i64) -> Vec<(String, String, String)> {
    let card = json(&dcc(
        db,
        "tester",
        &["lead", "show", &lead.to_string(), "--format", "json"],
    ));
    card["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["type"] == "call")
        .map(|h| {
            (
                h["agent"].as_str().unwrap().to_string(),
                h["actor"].as_str().unwrap().to_string(),
                h["outcome"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn an_agent_logs_an_outcome_with_keys() {
    let (_dir, db) = demo();
    let queue = json(&dcc(&db, "tester", &["queue", "--format", "json"]));
    let first = &queue["items"][0];
    let (lead, name) = (
        first["lead_id"].as_i64().unwrap(),
        first["name"].as_str().unwrap().to_string(),
    );
    let before = calls(&db, lead).len();

    let t = Tmux::new("one");
    start(&t, "zh", &db, "tester", "--lang zh-CN");
    t.wait("zh", 10, "the Chinese queue", |s| {
        s.contains("今日回访") && s.contains(&name)
    });
    t.keys("zh", &["q"]);

    start(&t, "en", &db, "tester", "--lang en");
    t.wait("en", 10, "the queue", |s| {
        s.contains("Today's calls") && s.contains(&name)
    });
    // Call, then no answer, then Enter to save without a note.
    t.keys("en", &["Enter", "n"]);
    t.wait("en", 5, "the note prompt", |s| s.contains("Note (optional"));
    t.keys("en", &["Enter"]);
    t.wait("en", 5, "the saved message", |s| {
        s.contains("Saved:") && s.contains(&name)
    });

    let after = calls(&db, lead);
    assert_eq!(after.len(), before + 1);
    assert_eq!(
        after.last().unwrap(),
        &(
            "tester".to_string(),
            "tester".to_string(),
            "no-answer".to_string()
        )
    );
    t.keys("en", &["q"]);
    t.wait("en", 5, "the terminal restored", |s| {
        !s.contains("Today's calls")
    });
}

#[test]
fn two_agents_claims_and_live_updates() {
    let (_dir, db) = demo();
    let agents = json(&dcc(&db, "tester", &["agent", "list", "--format", "json"]));
    let agent = agents
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["role"] == "outbound")
        .unwrap()["login"]
        .as_str()
        .unwrap()
        .to_string();
    let queue = json(&dcc(&db, &agent, &["queue", "--format", "json"]));
    let count = queue["items"].as_array().unwrap().len();
    let lead = queue["items"][0]["lead_id"].as_i64().unwrap();
    assert!(count > 2, "the demo gives {agent} a queue");

    let t = Tmux::new("two");
    // The agent at their desk, and the supervisor working the same queue.
    start(&t, "agent", &db, &agent, "--lang en");
    start(
        &t,
        "boss",
        &db,
        "tester",
        &format!("--as {agent} --lang en"),
    );
    let title = format!("Today's calls {count} ");
    t.wait("agent", 10, "the agent's queue", |s| s.contains(&title));
    t.wait("boss", 10, "the supervisor's view", |s| s.contains(&title));

    // The agent starts the call: the supervisor sees who holds the lead, unprompted.
    t.keys("agent", &["Enter"]);
    let claimed = format!("☎ {agent}");
    t.wait("boss", 3, "the claim to show", |s| s.contains(&claimed));
    // And cannot log on it.
    t.keys("boss", &["n", "Enter"]);
    t.wait("boss", 3, "the refusal", |s| {
        s.contains("is on a call with") || s.contains("on a call with")
    });
    // One Esc closes the prompt (a second would return to the supervisor's own queue).
    t.keys("boss", &["Escape"]);
    assert!(
        calls(&db, lead)
            .iter()
            .all(|(_, actor, _)| actor != "tester"),
        "nothing logged by the supervisor"
    );

    // The agent logs the outcome; the supervisor's screen follows without a key press.
    t.keys("agent", &["r", "Enter"]);
    t.wait("agent", 5, "the agent's saved message", |s| {
        s.contains("Saved:")
    });
    let fewer = format!("Today's calls {} ", count - 1);
    t.wait("boss", 3, "the supervisor's queue to shrink", |s| {
        s.contains(&fewer) && !s.contains(&claimed)
    });
    let last = calls(&db, lead).last().cloned().unwrap();
    assert_eq!(last, (agent.clone(), agent.clone(), "reached".to_string()));
}

fn alive(pid: &str) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
        && !std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .unwrap_or_default()
            .contains(") Z ")
}

#[test]
fn a_dropped_connection_or_sigterm_ends_the_workstation_and_restores_the_terminal() {
    let (_dir, db) = demo();
    let t = Tmux::new("drop");
    // `exec` makes the pane's process dcc itself.
    let cmd = format!(
        "exec env DCC_DB={} DCC_NOW={NOW} DCC_CONFIG=/nonexistent/dcc.toml {} --login tester --lang en",
        db.display(),
        env!("CARGO_BIN_EXE_dcc")
    );
    t.tmux(&[
        "new-session",
        "-d",
        "-s",
        "ssh",
        "-x",
        "100",
        "-y",
        "30",
        &cmd,
    ]);
    t.wait("ssh", 10, "the queue", |s| s.contains("Today's calls"));
    let pid = t
        .tmux(&["list-panes", "-t", "ssh", "-F", "#{pane_pid}"])
        .trim()
        .to_string();
    assert!(alive(&pid));
    // The terminal goes away as when an SSH connection drops.
    t.tmux(&["kill-session", "-t", "ssh"]);
    let end = Instant::now() + Duration::from_secs(2);
    while alive(&pid) && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        !alive(&pid),
        "dcc still runs 2 s after its terminal went away"
    );

    // SIGTERM: the process ends and the shell gets its normal screen back.
    start(&t, "term", &db, "tester", "--lang en");
    t.wait("term", 10, "the queue", |s| s.contains("Today's calls"));
    let out = Command::new("pkill")
        .args(["-TERM", "-f", &format!("DCC_DB={}", db.display())])
        .output();
    if out.is_err() || !out.as_ref().unwrap().status.success() {
        // pkill matches the env wrapper's command line; fall back to the binary's pid.
        let pids = t.tmux(&["list-panes", "-t", "term", "-F", "#{pane_pid}"]);
        let _ = Command::new("pkill")
            .args(["-TERM", "-P", pids.trim()])
            .output();
    }
    t.wait("term", 3, "the terminal restored", |s| {
        !s.contains("Today's calls")
    });
}
