//! Every figure the issues ask for, on one large demo database, with the
//! machine it ran on. Figures, not assertions: these machines are shared.
//!
//!     cargo bench --bench figures                 # 1,000,000 leads
//!     DCC_BENCH_LEADS=100000 cargo bench --bench figures
//!
//! The demo database is built once into `target/bench/` and reused; each run
//! works on a copy so figures do not drift. Last come `dcc load` with 50
//! agent processes on a copy of it (two phases of `DCC_BENCH_LOAD_MINUTES`,
//! default 0.5, each), an import of 100,000 rows into the working copy, and
//! an agent saving while another process imports 200,000 rows and the peak
//! memory of a 100,000-row import (`DCC_BENCH_ONLY_IMPORT=1` for the
//! imports alone), and a backup of it while 50 agent processes save
//! (`DCC_BENCH_ONLY_BACKUP=1` for that alone).

#[path = "figures/backup.rs"]
mod backup;
#[path = "figures/intake.rs"]
mod intake;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dcc_desk::app::{App, FixedClock, Session};
use dcc_desk::domain::outcome::CallReport;
use dcc_desk::domain::Outcome;
use dcc_desk::i18n::Lang;
use dcc_desk::store::{Actor, CallLog, LeadStore, OpenMode, Role, SqliteStore};
use dcc_desk::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

const SUPERVISOR: &str = "bench";

fn now() -> NaiveDateTime {
    NaiveDateTime::parse_from_str("2026-11-23 10:00", "%Y-%m-%d %H:%M").unwrap()
}

struct Stats(Vec<Duration>);

impl Stats {
    fn pct(&mut self, p: f64) -> Duration {
        self.0.sort();
        let i = ((self.0.len() as f64 - 1.0) * p).round() as usize;
        self.0[i]
    }

    fn line(mut self, what: &str, target: &str) {
        let (p50, p99) = (self.pct(0.5), self.pct(0.99));
        let max = *self.0.last().unwrap();
        println!(
            "{what:<44} p50 {:>8.3} ms  p99 {:>8.3} ms  max {:>8.3} ms  (n={}, target {target})",
            ms(p50),
            ms(p99),
            ms(max),
            self.0.len()
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The machine's load average (1, 5 and 15 minutes), as `uptime` prints
/// it: the machine is shared, so figures are read beside it.
fn load_average() -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    text.split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn machine() {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .unwrap_or("?")
        .trim()
        .to_string();
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let mem = std::fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .next()
        .unwrap_or("")
        .split_whitespace()
        .nth(1)
        .and_then(|k| k.parse::<u64>().ok())
        .unwrap_or(0);
    println!(
        "machine: {model}, {cores} cores, {} GiB, load average {}",
        mem / 1024 / 1024,
        load_average()
    );
}

/// The cached demo database, built if missing.
fn demo(leads: u64) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("demo-{leads}.sqlite"));
    if path.exists() {
        println!("demo database: reusing {}", path.display());
    } else {
        let opts = dcc_desk::demo::DemoOptions {
            leads,
            seed: 1,
            supervisor_login: SUPERVISOR.into(),
            supervisor_name: "Bench".into(),
            now: now(),
        };
        let s = dcc_desk::demo::generate(&path, &opts, &mut |_, _| {}).unwrap();
        println!(
            "demo generation: {} leads, {} calls, {} events, {} agents in {:.1} s",
            s.leads,
            s.calls,
            s.events,
            s.agents,
            s.elapsed.as_secs_f64()
        );
    }
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!("database file: {:.0} MB", size as f64 / 1e6);
    path
}

/// A working copy, so that writes do not change the cached database.
fn copy(path: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir_in(path.parent().unwrap()).unwrap();
    let to = dir.path().join("work.sqlite");
    std::fs::copy(path, &to).unwrap();
    // Let the copy reach the disk first, or its write-back slows every fsync measured.
    std::fs::File::open(&to).and_then(|f| f.sync_all()).unwrap();
    let _ = Command::new("sync").status();
    (dir, to)
}

/// The first active supervisor: sees every lead and the team's queue.
fn boss(store: &dyn LeadStore) -> Actor {
    let a = store.agents().unwrap();
    let boss = a.iter().find(|a| a.role == Role::Supervisor && a.active);
    Actor::myself(boss.expect("a supervisor").clone())
}

/// An outbound agent with a typical queue.
fn busy_agent(store: &SqliteStore) -> Actor {
    let agents = store.agents().unwrap();
    let mut best = None;
    for a in agents
        .iter()
        .filter(|a| a.role == Role::Outbound && a.active)
        .take(20)
    {
        let me = Actor::myself(a.clone());
        let n = store
            .queue(&me, Some(a.id), now().date(), now())
            .unwrap()
            .len();
        if best.as_ref().is_none_or(|(m, _)| n > *m) {
            best = Some((n, a.clone()));
        }
    }
    Actor::myself(best.expect("an outbound agent").1)
}

fn store_figures(db: &Path) {
    let store = SqliteStore::open(db, OpenMode::Existing).unwrap();
    let agent = busy_agent(&store);
    let n = store
        .queue(&agent, Some(agent.agent.id), now().date(), now())
        .unwrap()
        .len();
    drop(store);
    let mut open_queue = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        let s = SqliteStore::open(db, OpenMode::Existing).unwrap();
        let q = s
            .queue(&agent, Some(agent.agent.id), now().date(), now())
            .unwrap();
        open_queue.push(t.elapsed());
        assert_eq!(q.len(), n);
    }
    Stats(open_queue).line(&format!("open + one agent's queue ({n} rows)"), "20 ms");

    let store = SqliteStore::open(db, OpenMode::Existing).unwrap();
    let team = store
        .queue(&boss(&store), None, now().date(), now())
        .unwrap();
    let mut commits = Vec::new();
    let mut idle = Vec::new();
    for (i, item) in team.iter().take(2000).enumerate() {
        let owner = store.agent(&item.owner).unwrap().unwrap();
        let actor = Actor::myself(owner);
        let outcome = if i % 3 == 0 {
            Outcome::Reached
        } else {
            Outcome::NoAnswer
        };
        let call = CallLog {
            lead_id: item.lead_id,
            outcome,
            report: CallReport::default(),
            note: None,
            started: None,
            inbound: false,
        };
        let t = Instant::now();
        let r = store.log_call(&actor, &call, now());
        commits.push(t.elapsed());
        r.unwrap();
        // The agent's idle moment after a save, as the workstation's tick.
        let t = Instant::now();
        store.idle();
        idle.push(t.elapsed());
    }
    Stats(commits).line("one outcome commit (synchronous=FULL)", "p99 10 ms");
    Stats(idle).line("  then the checkpoint in the idle moment", "-");
    drop(store);

    // The same with durability = normal: what the software costs without the disk's fsync.
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute(
        "INSERT OR REPLACE INTO settings (key, value) VALUES ('durability', 'normal')",
        [],
    )
    .unwrap();
    drop(conn);
    let store = SqliteStore::open(db, OpenMode::Existing).unwrap();
    let mut commits = Vec::new();
    for item in team.iter().skip(2000).take(2000) {
        let actor = Actor::myself(store.agent(&item.owner).unwrap().unwrap());
        let call = CallLog {
            lead_id: item.lead_id,
            outcome: Outcome::NoAnswer,
            report: CallReport::default(),
            note: None,
            started: None,
            inbound: false,
        };
        let t = Instant::now();
        let r = store.log_call(&actor, &call, now());
        commits.push(t.elapsed());
        r.unwrap();
        store.idle();
    }
    if !commits.is_empty() {
        Stats(commits).line("one outcome commit (durability = normal)", "-");
    }
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute("DELETE FROM settings WHERE key = 'durability'", [])
        .unwrap();
    drop(conn);
    fsync_figure(db);
}

/// The disk's own fsync latency, which bounds a durable commit.
fn fsync_figure(db: &Path) {
    use std::io::Write;
    let path = db.with_extension("fsync-probe");
    let mut f = std::fs::File::create(&path).unwrap();
    let mut times = Vec::new();
    for _ in 0..200 {
        f.write_all(&[0u8; 16384]).unwrap();
        let t = Instant::now();
        f.sync_data().unwrap();
        times.push(t.elapsed());
    }
    let _ = std::fs::remove_file(&path);
    Stats(times).line("the disk's fsync (16 KiB), for comparison", "-");
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn workstation_figures(db: &Path) {
    let theme = Theme::dark();
    let t = Instant::now();
    let store = SqliteStore::open(db, OpenMode::Existing).unwrap();
    let agent = busy_agent(&store);
    let session = Session {
        lang: Some(Lang::Zh),
        ..Default::default()
    };
    let mut app = App::new(Box::new(store), Box::new(FixedClock(now())), agent, session).unwrap();
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    term.draw(|f| dcc_desk::ui::draw(f, &app, &theme)).unwrap();
    println!(
        "{:<44} {:>8.3} ms (in-process: open, queue, card, script, draw)",
        "start to first frame",
        ms(t.elapsed())
    );

    let mut frames = Vec::new();
    let keys = [
        KeyCode::Char('j'),
        KeyCode::Char('j'),
        KeyCode::Char('k'),
        KeyCode::Char('?'),
        KeyCode::Esc,
    ];
    let (mut updates, mut draws) = (Vec::new(), Vec::new());
    for i in 0..1000 {
        let t = Instant::now();
        app.on_key(key(keys[i % keys.len()]));
        let u = t.elapsed();
        term.draw(|f| dcc_desk::ui::draw(f, &app, &theme)).unwrap();
        let total = t.elapsed();
        frames.push(total);
        updates.push(u);
        draws.push(total - u);
    }
    Stats(frames).line("key press to frame drawn (move, help)", "p99 5 ms");
    Stats(updates).line("  of which the state update (store reads)", "-");
    Stats(draws).line("  of which drawing", "-");

    // The capture form: every key checks the phone as it is typed.
    let mut capture = Vec::new();
    for round in 0..20 {
        let t = Instant::now();
        app.on_key(key(KeyCode::Char('c')));
        term.draw(|f| dcc_desk::ui::draw(f, &app, &theme)).unwrap();
        capture.push(t.elapsed());
        let phone = format!("1390000{:04}", round);
        let typing = "刘洋"
            .chars()
            .map(KeyCode::Char)
            .chain([KeyCode::Tab])
            .chain(phone.chars().map(KeyCode::Char));
        for code in typing {
            let t = Instant::now();
            app.on_key(key(code));
            term.draw(|f| dcc_desk::ui::draw(f, &app, &theme)).unwrap();
            capture.push(t.elapsed());
        }
        app.on_key(key(KeyCode::Esc));
        app.on_key(key(KeyCode::Esc));
    }
    Stats(capture).line("capture form key press to frame", "-");

    // Finding a caller among every lead, as an inbound agent types.
    let everyone = boss(app.store.as_ref());
    let mut finds = Vec::new();
    for q in [
        "138",
        "1381",
        "13812",
        "5678",
        "王",
        "王芳",
        "王建国",
        "李",
        "+86 139",
        "１３９",
    ] {
        let t = Instant::now();
        let _ = app.store.find_leads(&everyone, q, 20).unwrap();
        finds.push(t.elapsed());
    }
    Stats(finds).line("find any lead by name or part of the number", "-");

    let mut ticks = Vec::new();
    for _ in 0..1000 {
        let t = Instant::now();
        app.tick();
        ticks.push(t.elapsed());
    }
    Stats(ticks).line("idle tick (data_version check)", "near zero");
}

/// The real binary in tmux: start to first frame, idle CPU, resident memory.
fn process_figures(db: &Path) {
    if Command::new("tmux").arg("-V").output().is_err() {
        println!("process figures: skipped (tmux is not installed)");
        return;
    }
    let socket = format!("dcc-bench-{}", std::process::id());
    let tmux = |args: &[&str]| -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&socket)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/dcc");
    if !bin.exists() {
        println!(
            "process figures: skipped (build target/release/dcc first: cargo build --release)"
        );
        return;
    }
    let store = SqliteStore::open(db, OpenMode::Existing).unwrap();
    let agent = busy_agent(&store).agent.login;
    drop(store);
    let cmd = format!(
        "exec env DCC_DB={} DCC_NOW=2026-11-23T10:00 DCC_CONFIG=/nonexistent {} --login {agent} --lang en",
        db.display(),
        bin.display()
    );
    let t = Instant::now();
    tmux(&[
        "new-session",
        "-d",
        "-s",
        "b",
        "-x",
        "120",
        "-y",
        "40",
        &cmd,
    ]);
    let mut first = None;
    while t.elapsed() < Duration::from_secs(20) {
        if tmux(&["capture-pane", "-p", "-t", "b"]).contains("Today's calls") {
            first = Some(t.elapsed());
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    match first {
        Some(d) => println!(
            "{:<44} {:>8.1} ms (process start in tmux, polled every 5 ms)",
            "start to first frame",
            ms(d)
        ),
        None => println!("start to first frame: the screen did not appear in 20 s"),
    }
    let pid = tmux(&["list-panes", "-t", "b", "-F", "#{pane_pid}"])
        .trim()
        .to_string();
    let cpu = |pid: &str| -> u64 {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let after = stat.rsplit(')').next().unwrap_or("");
        let f: Vec<&str> = after.split_whitespace().collect();
        f.get(11).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0)
            + f.get(12).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0)
    };
    for k in ["j", "j", "k", "Enter", "Escape"] {
        tmux(&["send-keys", "-t", "b", k]);
        std::thread::sleep(Duration::from_millis(100));
    }
    let (c0, t0) = (cpu(&pid), Instant::now());
    std::thread::sleep(Duration::from_secs(10));
    let ticks = cpu(&pid) - c0;
    let hz = 100.0; // USER_HZ on Linux
    println!(
        "{:<44} {:>8.2} % of one core over {:.0} s",
        "CPU while idle",
        ticks as f64 / hz / t0.elapsed().as_secs_f64() * 100.0,
        t0.elapsed().as_secs_f64()
    );
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    for key in ["VmRSS", "VmHWM"] {
        if let Some(l) = status.lines().find(|l| l.starts_with(key)) {
            println!(
                "{:<44} {} (target 30 MB)",
                format!("resident memory ({key})"),
                l.split(':').nth(1).unwrap_or("").trim()
            );
        }
    }
    tmux(&["kill-server"]);
}

/// The reports screen: `R` to its first frame ("reading…", drawn before any
/// figure is read), then to the frame with the figures, which a worker reads
/// with its own connection; first on a file whose history was never folded,
/// then again on the folded file.
fn reports_screen_figures(db: &Path) {
    // The demo folds its history as it finishes. Undo that on this copy, so
    // that the first opening is the one of a database never folded.
    rusqlite::Connection::open(db)
        .unwrap()
        .execute_batch(
            "DELETE FROM report_month; DELETE FROM report_models;
             DELETE FROM report_defeats; DELETE FROM report_grades;
             UPDATE report_folded SET upto = 0;",
        )
        .unwrap();
    let theme = Theme::dark();
    let store = SqliteStore::open(db, OpenMode::Existing).unwrap();
    let boss = store.identify(SUPERVISOR, None).unwrap();
    let session = Session {
        lang: Some(Lang::Zh),
        ..Default::default()
    };
    let mut app = App::new(Box::new(store), Box::new(FixedClock(now())), boss, session).unwrap();
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut open = |app: &mut App| {
        let t = Instant::now();
        app.on_key(key(KeyCode::Char('R')));
        term.draw(|f| dcc_desk::ui::draw(f, app, &theme)).unwrap();
        let first = t.elapsed();
        // The figures of pages 1 to 6, as the tick loop takes them.
        while !matches!(app.mode, dcc_desk::app::Mode::Reports(_)) && app.reports_job.is_some() {
            dcc_desk::app::reports::poll(app);
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        term.draw(|f| dcc_desk::ui::draw(f, app, &theme)).unwrap();
        let figures = t.elapsed();
        // Then the showroom page, read after them.
        app.settle();
        term.draw(|f| dcc_desk::ui::draw(f, app, &theme)).unwrap();
        let all = t.elapsed();
        app.on_key(key(KeyCode::Esc));
        (first, figures, all)
    };
    let (first, figures, all) = open(&mut app);
    println!(
        "{:<44} {:>8.3} ms (figures after {:.0} ms, the showroom page after {:.0} ms)",
        "reports screen R to first frame, never folded",
        ms(first),
        ms(figures),
        ms(all)
    );
    let (mut firsts, mut shown, mut alls) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..20 {
        let (first, figures, all) = open(&mut app);
        firsts.push(first);
        shown.push(figures);
        alls.push(all);
    }
    Stats(firsts).line("reports screen R to first frame, folded", "50 ms");
    Stats(shown).line("  and to the frame with the figures", "-");
    Stats(alls).line("  and to the showroom page's figures", "-");
}

/// Every report as `dcc report KIND` computes it (store, figures, table),
/// and the team view. The first fold of the history is timed on its own: a
/// database folds its history into the report tables once.
fn report_figures(db: &Path) {
    use dcc_desk::report::{self, Period, ReportKind, ReportQuery};
    let store = SqliteStore::open(db, OpenMode::Existing).unwrap();
    let boss = store.identify(SUPERVISOR, None).unwrap();
    let t = Instant::now();
    let rows = store.refresh_reports(&boss).unwrap();
    println!(
        "{:<44} {:>8.0} ms ({rows} rows of history; once per database)",
        "reports: first fold of the history",
        ms(t.elapsed())
    );
    // New calls since the last report, then the fold the next report does.
    let team = store.queue(&boss, None, now().date(), now()).unwrap();
    let mut logged = 0;
    for item in team.iter().rev().take(1000) {
        let actor = Actor::myself(store.agent(&item.owner).unwrap().unwrap());
        let call = CallLog {
            lead_id: item.lead_id,
            outcome: Outcome::NoAnswer,
            report: CallReport::default(),
            note: None,
            started: None,
            inbound: false,
        };
        logged += usize::from(store.log_call(&actor, &call, now()).is_ok());
    }
    let t = Instant::now();
    let rows = store.refresh_reports(&boss).unwrap();
    println!(
        "{:<44} {:>8.3} ms ({rows} rows of history read)",
        format!("reports: fold after {logged} new calls"),
        ms(t.elapsed())
    );
    let period = Period::parse(None, None, now().date()).unwrap();
    for kind in ReportKind::ALL {
        let q = ReportQuery::new(*kind, period, now().date());
        let mut times = Vec::new();
        for _ in 0..20 {
            let t = Instant::now();
            let facts = store.report(&boss, &q, now()).unwrap();
            let r = report::build(&q, &facts, Lang::Zh);
            let mut out = Vec::new();
            dcc_desk::export::write_table(&mut out, &r).unwrap();
            times.push(t.elapsed());
        }
        Stats(times).line(
            &format!("report {} (12 months, table)", kind.code()),
            "300 ms",
        );
    }
    let mut q = ReportQuery::new(ReportKind::Funnel, period, now().date());
    let mut times = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        let facts = store.report(&boss, &q, now()).unwrap();
        let r = report::build(&q, &facts, Lang::Zh);
        dcc_desk::export::xlsx_bytes(&r).unwrap();
        times.push(t.elapsed());
    }
    Stats(times).line("report funnel as an xlsx workbook", "300 ms");
    q.kind = ReportKind::Grades;
    q.limit = None;
    let t = Instant::now();
    let facts = store.report(&boss, &q, now()).unwrap();
    println!(
        "{:<44} {:>8.3} ms ({} downgrades listed)",
        "report grades listing every downgrade",
        ms(t.elapsed()),
        facts.downgrades.len()
    );
    let mut times = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        store.team_day(&boss, now().date(), now()).unwrap();
        times.push(t.elapsed());
    }
    Stats(times).line("team view (every agent's day)", "50 ms");
}

fn main() {
    // `cargo bench` passes --bench; nothing else is taken.
    let leads: u64 = std::env::var("DCC_BENCH_LEADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    machine();
    let cached = demo(leads);
    let (_dir, db) = copy(&cached);
    if std::env::var_os("DCC_BENCH_ONLY_UI").is_some() {
        return workstation_figures(&db);
    }
    if std::env::var_os("DCC_BENCH_ONLY_STORE").is_some() {
        return store_figures(&db);
    }
    if std::env::var_os("DCC_BENCH_ONLY_REPORTS").is_some() {
        return report_figures(&db);
    }
    if std::env::var_os("DCC_BENCH_ONLY_SCREEN").is_some() {
        return reports_screen_figures(&db);
    }
    if std::env::var_os("DCC_BENCH_ONLY_BACKUP").is_some() {
        return backup::backup_figures(&db);
    }
    if std::env::var_os("DCC_BENCH_ONLY_IMPORT").is_some() {
        if std::env::var_os("DCC_BENCH_NO_CHANGE_TRIGGERS").is_some() {
            intake::drop_change_triggers(&db);
        }
        intake::import_figures(&db);
        return intake::import_lock_figures(&db);
    }
    store_figures(&db);
    {
        // Its own copy, so that the first fold is the screen's.
        let (_dir, db) = copy(&cached);
        reports_screen_figures(&db);
    }
    report_figures(&db);
    workstation_figures(&db);
    process_figures(&db);
    intake::load_figures(&db);
    intake::import_figures(&db);
    intake::import_lock_figures(&db);
    backup::backup_figures(&db);
}
