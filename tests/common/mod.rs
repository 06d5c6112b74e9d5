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
    desk_in(tempfile::tempdir().unwrap())
}

/// The same in a given folder (a memory-backed one for tests that write a
/// lot: no waiting on the disk).
pub fn desk_in(dir: tempfile::TempDir) -> Desk {
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
    /// The supervisor adds an agent on 2026-11-01 09:00, who then acts as
    /// themself.
    pub fn agent(&self, login: &str, name: &str, role: Role) -> Actor {
        let t = at("2026-11-01 09:00");
        Actor::myself(
            self.store
                .add_agent(Some(&self.boss), login, name, role, t)
                .unwrap(),
        )
    }

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
                    details: Default::default(),
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
        self.log_by(&self.agent, lead, outcome, report, now)
    }

    /// Logs an outcome as `who` (the supervisor verifying a defeat, say).
    pub fn log_by(
        &self,
        who: &Actor,
        lead: i64,
        outcome: Outcome,
        report: CallReport,
        now: NaiveDateTime,
    ) -> Result<Logged, StoreError> {
        self.store.log_call(
            who,
            &CallLog {
                lead_id: lead,
                outcome,
                report,
                note: None,
                started: None,
                inbound: false,
            },
            now,
        )
    }
}

/// A day of work for `amy` at 2026-11-23 11:00: one lead for each reason a
/// lead can be due, plus a lead due tomorrow.
pub fn busy_day() -> (Desk, NaiveDateTime) {
    let d = desk();
    let no_answer = CallReport::default();
    d.lead("陈逾期", "13900000001", "C", at("2026-11-18 10:00"));
    d.lead("黄海涛", "13900000002", "H", at("2026-11-20 10:00"));
    let today_h = d.lead("李晓明", "13900000003", "H", at("2026-11-19 10:00"));
    d.log(
        today_h,
        Outcome::Reached,
        CallReport::default(),
        at("2026-11-21 10:00"),
    )
    .unwrap();
    let today_c = d.lead("Alice Wong", "13900000004", "C", at("2026-11-05 10:00"));
    d.log(
        today_c,
        Outcome::Reached,
        CallReport::default(),
        at("2026-11-08 10:00"),
    )
    .unwrap();
    let customer = d.lead("韩梅梅", "13812345678", "B", at("2026-11-19 10:00"));
    let ask = CallReport {
        at: Some(at("2026-11-23 10:30")),
        ..Default::default()
    };
    d.log(customer, Outcome::CallbackAt, ask, at("2026-11-21 10:00"))
        .unwrap();
    let confirm = d.lead("欧阳娜娜", "13900000006", "A", at("2026-11-18 10:00"));
    let visit = CallReport {
        visit: Some(at("2026-11-24 14:00")),
        ..Default::default()
    };
    d.log(confirm, Outcome::Appointment, visit, at("2026-11-20 10:00"))
        .unwrap();
    let retry = d.lead("赵未接", "13900000008", "H", at("2026-11-19 10:00"));
    d.log(retry, Outcome::NoAnswer, no_answer, at("2026-11-23 10:40"))
        .unwrap();
    d.lead("明天再打", "13900000009", "H", at("2026-11-23 09:00"));
    (d, at("2026-11-23 11:00"))
}

/// The screen as text, one line per row, each ending in `|`; a wide
/// character takes its cells once.
pub fn screen(app: &dcc_desk::app::App, w: u16, h: u16) -> String {
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    term.draw(|f| dcc_desk::ui::draw(f, app, &dcc_desk::theme::Theme::dark()))
        .unwrap();
    let buf = term.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
            out.push_str(sym);
        }
        out.push_str("|\n");
    }
    out
}

/// The `dcc` binary as `user` on `db` at `now` (`YYYY-MM-DDTHH:MM`), in
/// English, with no configuration file: the command line as a test runs it.
pub fn dcc_as(db: &std::path::Path, user: &str, now: &str) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_dcc"));
    c.args(["--login", user])
        .env("DCC_DB", db)
        .env("DCC_NOW", now)
        .env("DCC_CONFIG", db.with_extension("no-config.toml"))
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    c
}

/// The tests run as root (CI does): they can then make files read-only for
/// real, or run dcc as another account. The effective user id decides.
pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// What a `dcc` process printed, and whether it succeeded.
pub struct Run {
    pub ok: bool,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `cmd` to its end.
pub fn run(cmd: &mut std::process::Command) -> Run {
    let out = cmd.output().unwrap();
    Run {
        ok: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A `dcc load-worker` agent process for `login` on `db` at `now`, logging
/// outcomes until killed; the caller adds its pace (`--hold-ms`, `--pause-ms`)
/// and what it reads back.
pub fn load_worker(
    db: &std::path::Path,
    login: &str,
    seed: u64,
    now: NaiveDateTime,
) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_dcc"));
    cmd.args(["load-worker", "--ops", "1000000", "--top", "30"])
        .args(["--seed", &seed.to_string()])
        .args(["--login", login])
        .env("DCC_DB", db)
        .env("DCC_NOW", now.format("%Y-%m-%dT%H:%M").to_string())
        .env("DCC_CONFIG", db.with_file_name("no-such-config.toml"))
        .stdin(std::process::Stdio::null());
    cmd
}

/// A workstation on the desk's file for `actor`, its clock fixed at `now`.
pub fn workstation(
    d: &Desk,
    actor: &Actor,
    session: dcc_desk::app::Session,
    now: NaiveDateTime,
) -> dcc_desk::app::App {
    let store = SqliteStore::open(&d.dir.path().join("dcc.sqlite"), OpenMode::Existing).unwrap();
    dcc_desk::app::App::new(
        Box::new(store),
        Box::new(dcc_desk::app::FixedClock(now)),
        actor.clone(),
        session,
    )
    .unwrap()
}
pub mod hostile;

/// A database file as an older dcc left it: the first `version` migrations,
/// dcc's application id and that user version, then `rows` (SQL inserts as
/// that version's tables take them). For tests of the migrations after it.
pub fn file_at_version(path: &std::path::Path, version: usize, rows: &str) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    for m in &dcc_desk::store::MIGRATIONS[..version] {
        conn.execute_batch(m).unwrap();
    }
    conn.execute_batch(&format!(
        "PRAGMA application_id = 1145258801; PRAGMA user_version = {version};"
    ))
    .unwrap();
    conn.execute_batch(rows).unwrap();
}
