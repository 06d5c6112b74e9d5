//! 300 agents over SSH at once, through the real OpenSSH sshd set up as
//! `dcc ssh-setup` prints (the same setup as tests/ssh.rs, on a loopback
//! port, as the `dcctest` service account): memory per session (sshd and
//! dcc together, PSS and RSS), CPU while all sit idle, and key press to
//! frame over SSH while some of them log outcomes at 100 times the real
//! pace. Figures, not assertions. Needs root and openssh-server:
//!
//!     cargo bench --bench ssh_sessions
//!     DCC_BENCH_SSH_AGENTS=300 DCC_BENCH_SSH_ACTIVE=50 DCC_BENCH_SSH_IDLE_SECS=60 \
//!         DCC_BENCH_SSH_LOAD_SECS=60 cargo bench --bench ssh_sessions
//!
//! Each client is `ssh -tt` on a pseudo-terminal of its own (100x30). A key
//! press is timed from its write to the arrival of the frame that answers
//! it: the call's `☎` on the status line, the cursor shown in the note
//! prompt, the cursor one cell further for each typed character, the cursor
//! hidden when Enter saved and closed the prompt. Clients connect in waves
//! of 10, under sshd's MaxStartups.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use dcc_desk::domain::outcome::{CallReport, Outcome};
use dcc_desk::domain::phone::Phone;
use dcc_desk::domain::sshkey::PublicKey;
use dcc_desk::store::{
    Actor, CallLog, LeadStore, NewLead, OpenMode, Role, SqliteStore, StoreError,
};

#[path = "../tests/common/sshd.rs"]
mod sshd;

use sshd::{account, run, Installed, Sshd, ACCOUNT};

const WAVE: usize = 10;
/// An agent the bench itself plays through the store, beside the SSH
/// sessions, to time each commit (claim and outcome) under their load.
const PROBE: &str = "probe";
const PROBE_LEADS: usize = 300;

fn env_num(k: &str, d: u64) -> u64 {
    std::env::var(k)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(d)
}

/// What a client's terminal received, and a bell for whoever waits on it.
#[derive(Default)]
struct Screen {
    buf: Vec<u8>,
    closed: bool,
}

struct Client {
    child: Child,
    master: File,
    out: Arc<(Mutex<Screen>, Condvar)>,
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

impl Client {
    fn spawn(args: &[String]) -> Client {
        let (mut m, mut s) = (0, 0);
        let ws = libc::winsize {
            ws_row: 30,
            ws_col: 100,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        let r =
            unsafe { libc::openpty(&mut m, &mut s, std::ptr::null_mut(), std::ptr::null(), &ws) };
        assert_eq!(r, 0, "openpty");
        let slave = unsafe { OwnedFd::from_raw_fd(s) };
        let mut cmd = Command::new("ssh");
        cmd.args(args)
            .env("TERM", "xterm-256color")
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave));
        unsafe {
            cmd.pre_exec(|| {
                libc::setsid();
                libc::ioctl(0, libc::TIOCSCTTY, 0);
                Ok(())
            });
        }
        let child = cmd.spawn().unwrap();
        let master = unsafe { File::from_raw_fd(m) };
        let out = Arc::new((Mutex::new(Screen::default()), Condvar::new()));
        let (mut reader, o) = (master.try_clone().unwrap(), Arc::clone(&out));
        std::thread::spawn(move || {
            let mut b = [0u8; 16384];
            loop {
                let n = reader.read(&mut b).unwrap_or(0);
                let (lock, bell) = &*o;
                let mut sc = lock.lock().unwrap();
                if n == 0 {
                    sc.closed = true;
                    bell.notify_all();
                    return;
                }
                sc.buf.extend_from_slice(&b[..n]);
                // Idle screens: keep the tail only.
                if sc.buf.len() > 1 << 20 {
                    let cut = sc.buf.len() - (1 << 16);
                    sc.buf.drain(..cut);
                }
                bell.notify_all();
            }
        });
        Client { child, master, out }
    }

    /// Waits until `test` finds what it looks for in what arrived; returns
    /// when it was found.
    fn wait_for<T>(
        &self,
        limit: Duration,
        test: impl Fn(&[u8]) -> Option<T>,
    ) -> Option<(T, Instant)> {
        let end = Instant::now() + limit;
        let (lock, bell) = &*self.out;
        let mut sc = lock.lock().unwrap();
        loop {
            if let Some(t) = test(&sc.buf) {
                return Some((t, Instant::now()));
            }
            if sc.closed || Instant::now() >= end {
                return None;
            }
            sc = bell.wait_timeout(sc, end - Instant::now()).unwrap().0;
        }
    }

    fn clear(&self) {
        self.out.0.lock().unwrap().buf.clear();
    }

    /// Writes a key and times the frame that answers it.
    fn key<T>(&mut self, bytes: &[u8], test: impl Fn(&[u8]) -> Option<T>) -> Option<(T, Duration)> {
        self.clear();
        let t0 = Instant::now();
        self.master.write_all(bytes).ok()?;
        self.wait_for(Duration::from_secs(10), test)
            .map(|(t, at)| (t, at - t0))
    }
}

/// The cursor as the last frame showed it (`ESC[?25h ESC[row;colH`).
fn shown_cursor(b: &[u8]) -> Option<(u32, u32)> {
    let key = b"\x1b[?25h\x1b[";
    let mut at = None;
    let mut i = 0;
    while let Some(p) = find(&b[i..], key) {
        at = Some(i + p + key.len());
        i += p + 1;
    }
    let rest = &b[at?..];
    let end = rest.iter().position(|&c| c == b'H')?;
    let s = std::str::from_utf8(&rest[..end]).ok()?;
    let (r, c) = s.split_once(';')?;
    Some((r.parse().ok()?, c.parse().ok()?))
}

struct Setup {
    _sshd: Sshd,
    _installed: Installed,
    bin_dir: PathBuf,
    _data: tempfile::TempDir,
    keys: tempfile::TempDir,
    db: PathBuf,
    port: u16,
}

fn setup(agents: usize, active: usize) -> Setup {
    assert!(
        sshd::available(),
        "needs root and openssh-server (see .ci/run)"
    );
    let (uid, gid) = account();
    let data = tempfile::tempdir().unwrap();
    let db = data.path().join("dcc.sqlite");
    let installed = Installed::new("bench", &db);
    let keys = tempfile::tempdir().unwrap();
    std::fs::set_permissions(keys.path(), std::fs::Permissions::from_mode(0o755)).unwrap();

    let t = Instant::now();
    let now = chrono::Local::now().naive_local();
    let yesterday = now - chrono::Duration::days(1);
    {
        let store = SqliteStore::open(&db, OpenMode::Create).unwrap();
        let boss = store
            .add_agent(None, "boss", "主管", Role::Supervisor, yesterday)
            .unwrap();
        let boss = Actor::myself(boss);
        let mut phone = 13_900_000_000u64;
        for i in 0..agents {
            let login = format!("a{i:03}");
            store
                .add_agent(Some(&boss), &login, &login, Role::Outbound, yesterday)
                .unwrap();
            let path = keys.path().join(&login);
            assert!(run(Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-f"])
                .arg(&path))
            .status
            .success());
            let text = std::fs::read_to_string(path.with_extension("pub")).unwrap();
            store
                .add_key(&boss, &login, &PublicKey::parse(&text).unwrap(), yesterday)
                .unwrap();
            let leads = if i < active { 300 } else { 3 };
            for n in 0..leads {
                phone += 1;
                store
                    .add_lead(
                        &boss,
                        &NewLead {
                            name: format!("{login}-{n}"),
                            phone: Phone::parse(&phone.to_string()).unwrap(),
                            channel: "autohome".into(),
                            model: "Camry".into(),
                            purchase_by: None,
                            visit_by: None,
                            grade: Some("A".into()),
                            owner: Some(login.clone()),
                            note: None,
                            details: Default::default(),
                        },
                        yesterday,
                    )
                    .unwrap();
            }
        }
    }
    {
        // The commit probe's agent: no key, leads of its own.
        let store = SqliteStore::open(&db, OpenMode::Existing).unwrap();
        let boss = Actor::myself(store.agent("boss").unwrap().unwrap());
        store
            .add_agent(Some(&boss), PROBE, PROBE, Role::Outbound, yesterday)
            .unwrap();
        for n in 0..PROBE_LEADS {
            store
                .add_lead(
                    &boss,
                    &NewLead {
                        name: format!("{PROBE}-{n}"),
                        phone: Phone::parse(&(13_800_000_000u64 + n as u64).to_string()).unwrap(),
                        channel: "autohome".into(),
                        model: "Camry".into(),
                        purchase_by: None,
                        visit_by: None,
                        grade: Some("A".into()),
                        owner: Some(PROBE.into()),
                        note: None,
                        details: Default::default(),
                    },
                    yesterday,
                )
                .unwrap();
        }
    }
    for p in [
        data.path().to_path_buf(),
        db.clone(),
        db.with_extension("sqlite-wal"),
        db.with_extension("sqlite-shm"),
    ] {
        if p.exists() {
            std::os::unix::fs::chown(&p, Some(uid), Some(gid)).unwrap();
        }
    }
    std::fs::set_permissions(data.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600)).unwrap();
    println!(
        "setup: {agents} agents with keys, {} leads, in {:.0} s",
        active * 300 + (agents - active) * 3 + PROBE_LEADS,
        t.elapsed().as_secs_f64()
    );

    let sshd = Sshd::start(&installed, keys.path(), "LogLevel ERROR\n");
    Setup {
        port: sshd.port,
        _sshd: sshd,
        bin_dir: installed.dir.clone(),
        _installed: installed,
        _data: data,
        keys,
        db,
    }
}

/// The processes serving the sessions: sshd's per-connection ones, the
/// shells sshd starts the forced command with, and dcc.
fn server_pids(bin_dir: &Path) -> Vec<i32> {
    let mut out = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<i32>() else {
            continue;
        };
        let Ok(cmd) = std::fs::read(e.path().join("cmdline")) else {
            continue;
        };
        let cmd = String::from_utf8_lossy(&cmd).replace('\0', " ");
        let ours = cmd.starts_with(&format!("sshd: {ACCOUNT}"))
            || (cmd.contains(&bin_dir.display().to_string()) && cmd.contains(" session "));
        if ours {
            out.push(pid);
        }
    }
    out
}

/// (PSS, RSS) in kB.
fn memory(pids: &[i32]) -> (u64, u64) {
    let (mut pss, mut rss) = (0, 0);
    for p in pids {
        let Ok(t) = std::fs::read_to_string(format!("/proc/{p}/smaps_rollup")) else {
            continue;
        };
        for l in t.lines() {
            let v = |l: &str| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(0)
            };
            if l.starts_with("Pss:") {
                pss += v(l);
            } else if l.starts_with("Rss:") {
                rss += v(l);
            }
        }
    }
    (pss, rss)
}

/// CPU ticks (user + system) of the processes.
fn ticks(pids: &[i32]) -> u64 {
    pids.iter()
        .filter_map(|p| std::fs::read_to_string(format!("/proc/{p}/stat")).ok())
        .map(|s| {
            let after = &s[s.rfind(')').unwrap_or(0) + 2..];
            let f: Vec<&str> = after.split_whitespace().collect();
            f[11].parse::<u64>().unwrap_or(0) + f[12].parse::<u64>().unwrap_or(0)
        })
        .sum()
}

/// (busy, total) jiffies of the whole machine.
fn machine() -> (u64, u64) {
    let t = std::fs::read_to_string("/proc/stat").unwrap();
    let f: Vec<u64> = t
        .lines()
        .next()
        .unwrap()
        .split_whitespace()
        .skip(1)
        .filter_map(|v| v.parse().ok())
        .collect();
    let total: u64 = f.iter().sum();
    (total - f[3] - f.get(4).copied().unwrap_or(0), total)
}

fn pct(v: &mut [Duration], p: f64) -> f64 {
    v.sort();
    if v.is_empty() {
        return 0.0;
    }
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i].as_secs_f64() * 1000.0
}

/// One agent working at 100 times the real pace (an outcome every 30-60 s):
/// Enter (call), r (reached), a short note, Enter (save). Returns the key
/// timings by kind and how many saves were acknowledged and not.
fn work(c: &mut Client, seed: u64, until: Instant) -> (Vec<Vec<Duration>>, u64, u64) {
    let mut times = vec![Vec::new(); 4];
    let (mut saved, mut failed) = (0, 0);
    let mut rng = seed | 1;
    let mut next = Instant::now();
    while Instant::now() < until {
        let now = Instant::now();
        if next > now {
            std::thread::sleep(next - now);
        }
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        // 30-60 s at real speed, a hundred times faster.
        next = Instant::now() + Duration::from_millis(300 + rng % 300);
        let Some((_, d)) = c.key(b"\r", |b| find(b, "☎".as_bytes())) else {
            failed += 1;
            continue;
        };
        times[0].push(d);
        let Some((base, d)) = c.key(b"r", shown_cursor) else {
            failed += 1;
            continue;
        };
        times[1].push(d);
        let mut ok = true;
        for (k, ch) in b"ok 1".iter().enumerate() {
            let want = (base.0, base.1 + k as u32 + 1);
            match c.key(&[*ch], |b| shown_cursor(b).filter(|at| *at == want)) {
                Some((_, d)) => times[2].push(d),
                None => ok = false,
            }
        }
        match c.key(b"\r", |b| find(b, b"\x1b[?25l")) {
            Some((_, d)) if ok => {
                times[3].push(d);
                saved += 1;
            }
            _ => failed += 1,
        }
    }
    (times, saved, failed)
}

/// The commit probe: claims a lead and logs its outcome at the workers'
/// pace, timing each commit; returns the times and how many were refused as
/// busy (or failed otherwise).
fn probe(db: &Path, until: Instant) -> (Vec<Duration>, u64, u64) {
    let store = SqliteStore::open(db, OpenMode::Existing).unwrap();
    let me = Actor::myself(store.agent(PROBE).unwrap().unwrap());
    let now = || chrono::Local::now().naive_local();
    let leads: Vec<i64> = store
        .queue(&me, Some(me.agent.id), now().date(), now())
        .unwrap()
        .iter()
        .map(|q| q.lead_id)
        .collect();
    let (mut times, mut busy, mut failed) = (Vec::new(), 0, 0);
    let mut tally = |r: Result<Duration, StoreError>| match r {
        Ok(d) => times.push(d),
        Err(StoreError::Busy(_)) => busy += 1,
        Err(_) => failed += 1,
    };
    let mut i = 0;
    while Instant::now() < until && !leads.is_empty() {
        let lead = leads[i % leads.len()];
        i += 1;
        let t = Instant::now();
        tally(store.claim(&me, lead, now()).map(|_| t.elapsed()));
        std::thread::sleep(Duration::from_millis(200));
        let call = CallLog {
            lead_id: lead,
            outcome: Outcome::NoAnswer,
            report: CallReport::default(),
            note: None,
            started: None,
            inbound: false,
        };
        let t = Instant::now();
        tally(store.log_call(&me, &call, now()).map(|_| t.elapsed()));
        std::thread::sleep(Duration::from_millis(100 + (i as u64 * 97) % 300));
    }
    (times, busy, failed)
}

/// The machine's load averages, as `uptime` shows them.
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn main() {
    let agents = env_num("DCC_BENCH_SSH_AGENTS", 300) as usize;
    let active = (env_num("DCC_BENCH_SSH_ACTIVE", 50) as usize).min(agents);
    let idle_secs = env_num("DCC_BENCH_SSH_IDLE_SECS", 60);
    let load_secs = env_num("DCC_BENCH_SSH_LOAD_SECS", 60);
    let cpus = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    println!("ssh sessions: {agents} agents over SSH, {active} of them logging outcomes at 100x; {cpus} cores");
    let s = setup(agents, active);
    let args = |i: usize| -> Vec<String> {
        vec![
            "-tt".into(),
            "-p".into(),
            s.port.to_string(),
            "-i".into(),
            s.keys.path().join(format!("a{i:03}")).display().to_string(),
            "-o".into(),
            "StrictHostKeyChecking=no".into(),
            "-o".into(),
            "UserKnownHostsFile=/dev/null".into(),
            "-o".into(),
            "BatchMode=yes".into(),
            "-o".into(),
            "LogLevel=ERROR".into(),
            format!("{ACCOUNT}@127.0.0.1"),
        ]
    };

    let t = Instant::now();
    let mut clients: Vec<Client> = Vec::new();
    for wave in (0..agents).collect::<Vec<_>>().chunks(WAVE) {
        for &i in wave {
            clients.push(Client::spawn(&args(i)));
        }
        for &i in wave {
            let c = &clients[i];
            let shown = c.wait_for(Duration::from_secs(120), |b| find(b, b"Today's calls"));
            assert!(shown.is_some(), "agent a{i:03} never saw its queue");
        }
    }
    println!(
        "connected: {agents} workstations open in {:.1} s (waves of {WAVE})",
        t.elapsed().as_secs_f64()
    );
    std::thread::sleep(Duration::from_secs(5));

    let pids = server_pids(&s.bin_dir);
    let (pss, rss) = memory(&pids);
    println!(
        "memory per session (sshd and dcc, {} processes): PSS {:.1} MB, RSS {:.1} MB; all {agents}: PSS {:.0} MB, RSS {:.0} MB",
        pids.len(),
        pss as f64 / agents as f64 / 1024.0,
        rss as f64 / agents as f64 / 1024.0,
        pss as f64 / 1024.0,
        rss as f64 / 1024.0
    );
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    let client_pids: Vec<i32> = clients.iter().map(|c| c.child.id() as i32).collect();
    let (t0, c0, m0, w0) = (ticks(&pids), ticks(&client_pids), machine(), Instant::now());
    std::thread::sleep(Duration::from_secs(idle_secs));
    let secs = w0.elapsed().as_secs_f64();
    let (t1, c1, m1) = (ticks(&pids), ticks(&client_pids), machine());
    println!(
        "idle {idle_secs} s (load average {}): sshd+dcc {:.1} % of one core ({:.3} % per session); ssh clients {:.1} %; whole machine {:.1} % busy",
        load(),
        (t1 - t0) as f64 / hz / secs * 100.0,
        (t1 - t0) as f64 / hz / secs * 100.0 / agents as f64,
        (c1 - c0) as f64 / hz / secs * 100.0,
        (m1.0 - m0.0) as f64 / (m1.1 - m0.1).max(1) as f64 * 100.0
    );

    // The load: the first `active` agents work, the others stay open.
    let until = Instant::now() + Duration::from_secs(load_secs);
    let (t0, m0, w0) = (ticks(&pids), machine(), Instant::now());
    let db = s.db.clone();
    let prober = std::thread::spawn(move || probe(&db, until));
    let workers: Vec<_> = clients
        .drain(..active)
        .enumerate()
        .map(|(i, mut c)| {
            std::thread::spawn(move || {
                let r = work(&mut c, 0x9e37_79b9 ^ (i as u64 * 7919), until);
                (c, r)
            })
        })
        .collect();
    let mut kinds = vec![Vec::new(); 4];
    let (mut saved, mut failed) = (0, 0);
    let mut done = Vec::new();
    for w in workers {
        let (c, (times, ok, bad)) = w.join().unwrap();
        for (k, t) in times.into_iter().enumerate() {
            kinds[k].extend(t);
        }
        saved += ok;
        failed += bad;
        done.push(c);
    }
    let (mut commits, busy, commit_failed) = prober.join().unwrap();
    let secs = w0.elapsed().as_secs_f64();
    let (t1, m1) = (ticks(&pids), machine());
    let mut all: Vec<Duration> = kinds.iter().flatten().copied().collect();
    println!(
        "load {load_secs} s (load average {}): {saved} outcomes saved by {active} agents ({:.1}/s); sshd+dcc {:.0} % of one core, machine {:.0} % busy",
        load(),
        saved as f64 / secs,
        (t1 - t0) as f64 / hz / secs * 100.0,
        (m1.0 - m0.0) as f64 / (m1.1 - m0.1).max(1) as f64 * 100.0
    );
    println!(
        "key press to frame over ssh, every key: p50 {:.1} ms  p99 {:.1} ms  (n={})",
        pct(&mut all, 0.5),
        pct(&mut all, 0.99),
        all.len()
    );
    println!(
        "a commit (claim or outcome, by a {PROBE} agent beside them): p50 {:.1} ms  p99 {:.1} ms  (n={}); busy {busy}, failed {commit_failed}",
        pct(&mut commits, 0.5),
        pct(&mut commits, 0.99),
        commits.len()
    );
    for (k, name) in [
        "Enter: call",
        "r: note prompt",
        "typing in the note",
        "Enter: save (the commit included)",
    ]
    .iter()
    .enumerate()
    {
        let v = &mut kinds[k];
        println!(
            "  {name:<36} p50 {:>7.1} ms  p99 {:>7.1} ms  (n={})",
            pct(v, 0.5),
            pct(v, 0.99),
            v.len()
        );
    }
    for mut c in done.into_iter().chain(clients) {
        let _ = c.child.kill();
        let _ = c.child.wait();
    }
    // Every session gone before the file is read.
    let end = Instant::now() + Duration::from_secs(60);
    while !server_pids(&s.bin_dir).is_empty() && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(200));
    }
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap_or_else(|e| e.to_string());
    println!("the file afterwards: integrity {check}");
    let logged: u64 = conn
        .query_row(
            "SELECT count(*) FROM calls WHERE agent_id <> (SELECT id FROM agents WHERE login = ?1)",
            [PROBE],
            |r| r.get(0),
        )
        .unwrap();
    let double: u64 = conn
        .query_row(
            "SELECT count(*) FROM calls a JOIN calls b ON a.lead_id = b.lead_id AND a.id < b.id
             AND a.agent_id <> b.agent_id AND a.started_at < b.ended_at AND b.started_at < a.ended_at",
            [],
            |r| r.get(0),
        )
        .unwrap();
    println!(
        "saves: {saved} acknowledged on screen, {logged} in the file (lost {}), {failed} not acknowledged (busy or timed out), double claims {double}",
        saved.saturating_sub(logged)
    );
}
