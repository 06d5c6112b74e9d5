//! Local mode, as a second operating-system account: on a team's shared,
//! world-writable file, an agent who sets `USER`, `LOGNAME`, `USERNAME` to
//! the supervisor's login, passes `--login` or `--as`, or sets `DCC_NOW` to
//! date his calls, is refused; what he may do is recorded under his own
//! account's agent at the system's time.
//!
//! The tests run as root (as `.ci/run` does) and run `dcc` as `nobody`
//! through `setpriv`, so that the real user id is not the file's owner.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const NOBODY: u32 = 65534;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A team's file made by its owner (root here): supervisor `boss`, outbound
/// agents `nobody` (the second OS account) and `amy`, each with a lead.
struct Team {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

impl Team {
    fn new() -> Team {
        let dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
        let db = dir.path().join("team.sqlite");
        let t = Team { _dir: dir, db };
        t.owner(&["init", "--name", "主管"], None);
        for who in ["nobody", "amy"] {
            t.owner(
                &["agent", "add", who, "--name", who, "--role", "outbound"],
                None,
            );
        }
        for (i, who) in ["nobody", "amy"].into_iter().enumerate() {
            t.owner(
                &[
                    "lead",
                    "add",
                    "--name",
                    &format!("{who}-customer"),
                    "--phone",
                    &format!("1380013800{i}"),
                    "--channel",
                    "autohome",
                    "--model",
                    "Camry",
                    "--grade",
                    "A",
                    "--owner",
                    who,
                ],
                Some("2026-11-20T10:00"),
            );
        }
        // The team shares the file as local mode does: anyone may write it.
        for f in [t.db.clone(), t.side("-wal"), t.side("-shm")] {
            if f.exists() {
                std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o666)).unwrap();
            }
        }
        t
    }

    fn side(&self, s: &str) -> PathBuf {
        PathBuf::from(format!("{}{s}", self.db.display()))
    }

    /// The owner of the file (root), who may name the agent and the clock.
    fn owner(&self, args: &[&str], now: Option<&str>) -> Output {
        let mut c = Command::new(env!("CARGO_BIN_EXE_dcc"));
        c.args(["--login", "boss"])
            .args(args)
            .env("DCC_DB", &self.db)
            .env("DCC_CONFIG", "/nonexistent/dcc.toml")
            .env("LANG", "en_US.UTF-8")
            .env_remove("DCC_NOW")
            .stdin(Stdio::null());
        if let Some(n) = now {
            c.env("DCC_NOW", n);
        }
        let o = c.output().unwrap();
        assert!(o.status.success(), "dcc {args:?}: {}", text(&o.stderr));
        o
    }

    /// `dcc` as the OS account `nobody`, with the supervisor's login in every
    /// variable that names a user, and `extra` variables.
    fn colleague(&self, args: &[&str], extra: &[(&str, &str)]) -> Output {
        let mut c = Command::new("setpriv");
        c.arg(format!("--reuid={NOBODY}"))
            .arg(format!("--regid={NOBODY}"))
            .arg("--clear-groups")
            .arg("--")
            .arg(env!("CARGO_BIN_EXE_dcc"))
            .args(args)
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("DCC_DB", &self.db)
            .env("DCC_CONFIG", "/nonexistent/dcc.toml")
            .env("LANG", "en_US.UTF-8")
            .env("USER", "boss")
            .env("LOGNAME", "boss")
            .env("USERNAME", "boss")
            .env("HOME", "/tmp")
            .current_dir("/")
            .stdin(Stdio::null());
        for (k, v) in extra {
            c.env(k, v);
        }
        c.output().unwrap()
    }

    fn conn(&self) -> rusqlite::Connection {
        rusqlite::Connection::open_with_flags(&self.db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap()
    }

    fn count(&self, sql: &str) -> i64 {
        self.conn().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    fn lead_of(&self, login: &str) -> i64 {
        self.conn()
            .query_row(
                "SELECT l.id FROM leads l JOIN agents a ON a.id = l.owner_id WHERE a.login = ?1",
                [login],
                |r| r.get(0),
            )
            .unwrap()
    }

    fn agent_id(&self, login: &str) -> i64 {
        self.conn()
            .query_row("SELECT id FROM agents WHERE login = ?1", [login], |r| {
                r.get(0)
            })
            .unwrap()
    }
}

/// What nobody and nothing else may have changed: rows of every table that
/// records who did what.
fn tallies(t: &Team) -> Vec<(String, i64)> {
    [
        "calls", "events", "audit", "reveals", "agents", "dnc", "leads",
    ]
    .iter()
    .map(|table| {
        (
            table.to_string(),
            t.count(&format!("SELECT count(*) FROM {table}")),
        )
    })
    .collect()
}

fn can_run_as_nobody() -> bool {
    common::is_root()
        && Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "true"])
            .status()
            .is_ok_and(|s| s.success())
}

#[test]
fn a_second_account_naming_the_supervisor_or_fixing_the_clock_is_refused_and_acts_as_itself() {
    assert!(
        can_run_as_nobody(),
        "this test runs dcc as a second OS account: run it as root with setpriv (as .ci/run does)"
    );
    let t = Team::new();
    let mine = t.lead_of("nobody");
    let amys = t.lead_of("amy");
    let before = tallies(&t);
    let last_event = t.count("SELECT coalesce(max(id), 0) FROM events");

    // USER/LOGNAME/USERNAME=boss change nothing: this is nobody's queue.
    let q = t.colleague(&["queue"], &[]);
    assert!(q.status.success(), "{}", text(&q.stderr));
    let out = text(&q.stdout);
    assert!(out.contains("nobody-customer"), "{out}");
    assert!(!out.contains("amy-customer"), "a colleague's lead: {out}");

    // What only a supervisor may do, or only the file's owner.
    type Env<'a> = &'a [(&'a str, &'a str)];
    let cheats: &[(&[&str], Env, &str)] = &[
        (&["queue", "--all"], &[], "the team's queue"),
        (&["team"], &[], "the team's day"),
        (&["report", "funnel", "--format", "csv"], &[], "a report"),
        (
            &[
                "agent",
                "add",
                "mallory",
                "--name",
                "m",
                "--role",
                "supervisor",
            ],
            &[],
            "adding a supervisor",
        ),
        (&["--login", "boss", "queue"], &[], "--login boss"),
        (&["--as", "amy", "queue"], &[], "--as amy"),
        (
            &["log", &amys.to_string(), "no-answer"],
            &[],
            "an outcome on a colleague's lead",
        ),
        (
            &["log", &mine.to_string(), "reached"],
            &[("DCC_NOW", "2026-01-05T10:00")],
            "a back-dated call",
        ),
        (
            &["queue"],
            &[("DCC_NOW", "2027-06-01")],
            "a queue at a chosen time (walking past claims)",
        ),
    ];
    for (args, env, what) in cheats {
        let o = t.colleague(args, env);
        assert!(
            !o.status.success(),
            "{what} was allowed: {}",
            text(&o.stdout)
        );
        let err = text(&o.stderr);
        if env.iter().any(|(k, _)| *k == "DCC_NOW") {
            assert!(
                err.contains("DCC_NOW")
                    && err.contains("owner")
                    && err.contains("nothing was changed"),
                "{what}: {err}"
            );
        }
        assert_eq!(tallies(&t), before, "{what} changed the file: {err}");
    }

    // What nobody may do is recorded as nobody, at the system's time.
    let since = chrono::Local::now().naive_local() - chrono::Duration::minutes(1);
    let o = t.colleague(&["log", &mine.to_string(), "reached", "--note", "ok"], &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let until = chrono::Local::now().naive_local() + chrono::Duration::minutes(1);
    let me = t.agent_id("nobody");
    let c = t.conn();
    let (agent, actor, at): (i64, i64, String) = c
        .query_row(
            "SELECT agent_id, actor_id, started_at FROM calls WHERE lead_id = ?1",
            [mine],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((agent, actor), (me, me), "the call is nobody's own");
    let at =
        dcc_desk::domain::when::parse_strict(&at[..16].replace(' ', "T"), chrono::NaiveTime::MIN)
            .unwrap_or_else(|e| panic!("{at}: {e}"));
    assert!(since <= at && at <= until, "dated {at}, not now");
    // Every row written since the owner set the team up is nobody's.
    let strangers: i64 = c
        .query_row(
            "SELECT (SELECT count(*) FROM calls WHERE agent_id != ?1 OR actor_id != ?1)
                  + (SELECT count(*) FROM events WHERE id > ?2 AND (agent_id != ?1 OR actor_id != ?1))",
            rusqlite::params![me, last_event],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(strangers, 0, "a record under someone else's name");
    assert_eq!(
        t.count("SELECT count(*) FROM audit"),
        before.iter().find(|(n, _)| n == "audit").unwrap().1
    );
}

#[test]
fn the_owner_of_the_file_may_still_fix_the_clock_for_tests_and_demos() {
    if !common::is_root() {
        return;
    }
    let t = Team::new();
    let mine = t.lead_of("nobody");
    t.owner(
        &["--as", "nobody", "log", &mine.to_string(), "no-answer"],
        Some("2026-11-21T10:00"),
    );
    let at: String = t
        .conn()
        .query_row("SELECT started_at FROM calls", [], |r| r.get(0))
        .unwrap();
    assert!(at.starts_with("2026-11-21"), "{at}");
}
