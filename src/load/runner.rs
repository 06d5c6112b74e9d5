//! `dcc load`: a whole team of simulated agents, each a separate `dcc
//! load-worker` process, working a copy of a database at a realistic pace
//! and faster; then the figures: commit latency, busy errors that reached an
//! agent, lost writes (acknowledged but not in the file) and double claims.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::i18n::{self, Lang};
use crate::store::{Actor, Invalid, LeadStore, OpenMode, Role, SqliteStore, StoreError};

/// What `dcc load` is asked to run.
#[derive(Debug, Clone, clap::Args)]
pub struct LoadOptions {
    /// Agents working at once, each a separate process.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=500))]
    pub agents: u32,
    /// How long each phase runs, in minutes of real time.
    #[arg(long, default_value_t = 1.0)]
    pub minutes: f64,
    /// Seconds between one agent's outcomes at real speed, `MIN-MAX`.
    #[arg(long, default_value = "30-60")]
    pub pace: String,
    /// How many times faster than real each phase runs (comma-separated: one
    /// phase for each).
    #[arg(long, value_delimiter = ',', default_value = "10,100")]
    pub speedup: Vec<u32>,
    /// Talk time: each claim is held up to this many milliseconds before
    /// the outcome is logged.
    #[arg(long, default_value_t = 50)]
    pub hold_ms: u64,
    /// Percent of the agents who pick from the whole team's queue (as inbound
    /// agents and supervisors do), so that their claims collide with the
    /// owners'. The others are the database's outbound agents, each on their
    /// own queue; when there are too few, the rest work the team's queue.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(0..=100))]
    pub team_percent: u32,
    /// Leads at the top of the team's queue a team-queue agent picks from.
    #[arg(long, default_value_t = 100)]
    pub top: usize,
    /// Folder for the copy [default: a new folder in the system's temp folder].
    #[arg(long, value_name = "DIR")]
    pub work_dir: Option<PathBuf>,
    /// Keep the copy afterwards.
    #[arg(long)]
    pub keep: bool,
    /// Replace a copy left in --work-dir by an earlier run.
    #[arg(long)]
    pub force: bool,
}

/// Seconds between one agent's outcomes, from `30-60`.
pub fn parse_pace(s: &str) -> Result<(f64, f64), String> {
    let (a, b) = s
        .split_once('-')
        .ok_or_else(|| format!("--pace {s}: give seconds as MIN-MAX, e.g. 30-60"))?;
    let num = |v: &str| {
        v.trim()
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite() && *x >= 0.0)
            .ok_or_else(|| format!("--pace {s}: {v:?} is not a number of seconds"))
    };
    let (a, b) = (num(a)?, num(b)?);
    if a > b {
        return Err(format!("--pace {s}: the first number is the shorter pause"));
    }
    Ok((a, b))
}

/// The `p`th percentile (0..=1) of sorted values, nearest rank.
pub fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// What one agent process said.
#[derive(Debug, Default, Clone)]
struct Said {
    acks: Vec<(i64, i64, String, u64)>,
    busy: Vec<String>,
    double: Vec<String>,
    refused_claims: u64,
    done: bool,
    other: Vec<String>,
}

fn hear(line: &str, s: &mut Said) {
    let words: Vec<&str> = line.split_whitespace().collect();
    match words.first().copied() {
        Some("ACK") if words.len() == 5 => {
            if let (Ok(c), Ok(l), Ok(us)) = (words[1].parse(), words[2].parse(), words[4].parse()) {
                s.acks.push((c, l, words[3].to_string(), us));
            } else {
                s.other.push(line.to_string());
            }
        }
        Some("BUSY") => s.busy.push(line.to_string()),
        Some("DOUBLE-CLAIM") => s.double.push(line.to_string()),
        Some("DECLINED") => {}
        Some("DONE") => {
            s.done = true;
            s.refused_claims = words
                .iter()
                .find_map(|w| w.strip_prefix("refused="))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
        }
        _ => s.other.push(line.to_string()),
    }
}

/// The figures of one phase.
#[derive(Debug, Clone, Default)]
pub struct Phase {
    pub speedup: u32,
    pub agents: u32,
    pub seconds: f64,
    pub outcomes: usize,
    pub p50_us: u64,
    pub p99_us: u64,
    pub max_us: u64,
    pub busy: usize,
    pub lost: usize,
    pub double: usize,
    pub refused_claims: u64,
    /// Agents that did not end well (crashed, killed at the deadline, said
    /// something unexpected).
    pub failed: Vec<String>,
}

impl Phase {
    pub fn clean(&self) -> bool {
        self.busy == 0 && self.lost == 0 && self.double == 0 && self.failed.is_empty()
    }
}

fn err_io(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |err| StoreError::Io {
        path: path.display().to_string(),
        err,
    }
}

/// A new folder for the copy in the system's temp folder, made here with
/// only its owner's access: never a folder (or a link) that was there.
fn fresh_dir() -> Result<PathBuf, StoreError> {
    use std::os::unix::fs::DirBuilderExt;
    let base = std::env::temp_dir();
    let mut n = 0u32;
    loop {
        let dir = base.join(format!("dcc-load-{}-{n}", std::process::id()));
        match std::fs::DirBuilder::new().mode(0o700).create(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => return Err(err_io(&dir)(e)),
        }
    }
}

/// Copies `source` to `copy` by the rules of every file dcc writes
/// ([`crate::outfile`]): not the database, never through a link, an earlier
/// copy only with `--force`; its `-wal` and `-shm` likewise (SQLite would
/// write through a link planted there, and replay an old log into the new
/// copy). Written to a new file beside it, readable by its owner only (it
/// holds full numbers), and renamed when complete.
fn copy_database(source: &Path, actor: &Actor, copy: &Path, force: bool) -> Result<(), StoreError> {
    use crate::outfile::{check, temp_beside, Readers, Target};
    let refused = |e: crate::outfile::OutFileError| StoreError::Io {
        path: "dcc load".into(),
        err: std::io::Error::other(e.to_string()),
    };
    let target = |path: &Path| Target {
        path: path.to_path_buf(),
        force,
        readers: Readers::Owner,
        database: Some(source.to_path_buf()),
    };
    let sidecars = [
        crate::store::sidecar(copy, "-wal"),
        crate::store::sidecar(copy, "-shm"),
    ];
    check(&target(copy)).map_err(refused)?;
    for s in &sidecars {
        check(&target(s)).map_err(refused)?;
    }
    for s in &sidecars {
        match std::fs::remove_file(s) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(err_io(s)(e)),
            _ => {}
        }
    }
    let (tmp, file) = temp_beside(copy, 0o600).map_err(err_io(copy))?;
    drop(file);
    let result = SqliteStore::open(source, OpenMode::Existing)
        .and_then(|src| src.copy_for_load(actor, &tmp))
        .and_then(|()| check(&target(copy)).map_err(refused))
        .and_then(|()| std::fs::rename(&tmp, copy).map_err(err_io(copy)));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Runs the load on a copy of `source` and prints the figures to `out`.
/// Fails if any busy error reached an agent, any acknowledged outcome is
/// missing, any lead was held by two agents, or an agent process failed.
pub fn run(
    source: &Path,
    actor: &Actor,
    opts: &LoadOptions,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<Vec<Phase>, StoreError> {
    let (pace_min, pace_max) = parse_pace(&opts.pace)
        .map_err(|_| StoreError::Invalid(Invalid::LoadPace(opts.pace.clone())))?;
    if opts.speedup.is_empty() || opts.speedup.contains(&0) {
        return Err(StoreError::Invalid(Invalid::LoadSpeedup));
    }
    if !(opts.minutes > 0.0 && opts.minutes.is_finite()) {
        return Err(StoreError::Invalid(Invalid::LoadMinutes));
    }
    let w = |e| StoreError::Io {
        path: "<output>".into(),
        err: e,
    };
    let created_dir = opts.work_dir.is_none();
    let dir = match &opts.work_dir {
        Some(d) => {
            std::fs::create_dir_all(d).map_err(err_io(d))?;
            d.clone()
        }
        None => fresh_dir()?,
    };
    let copy = dir.join("dcc-load.sqlite");
    copy_database(source, actor, &copy, opts.force)?;
    let store = SqliteStore::open(&copy, OpenMode::Existing)?;
    let now = super::clock()?;
    let boss = store
        .agents()?
        .into_iter()
        .find(|a| a.role == Role::Supervisor && a.active)
        .ok_or_else(|| StoreError::Invalid(Invalid::NoSupervisor))?;
    let boss = crate::store::Actor::myself(boss);
    // The database's own outbound agents with calls to make today, each on
    // their own queue; the rest on the team's.
    let agents = opts.agents as usize;
    let team_n = (agents * opts.team_percent as usize).div_ceil(100);
    let mut workers: Vec<(String, bool)> = Vec::new();
    for a in store.agents()? {
        if workers.len() + team_n >= agents {
            break;
        }
        if a.active
            && a.role == Role::Outbound
            && !store.queue(&boss, Some(a.id), now.date(), now)?.is_empty()
        {
            workers.push((a.login, true));
        }
    }
    let own_n = workers.len();
    for i in 1..=agents - own_n {
        let login = format!("load{i:03}");
        if store.agent(&login)?.is_none() {
            store.add_agent(Some(&boss), &login, &format!("压测{i}"), Role::Inbound, now)?;
        }
        workers.push((login, false));
    }
    let due = store.queue(&boss, None, now.date(), now)?.len();
    let (source_shown, dir_shown) = (source.display().to_string(), dir.display().to_string());
    let plan = i18n::LoadPlan {
        agents,
        own: own_n,
        source: &source_shown,
        due,
        dir: &dir_shown,
        pace_min,
        pace_max,
        minutes: opts.minutes,
    };
    writeln!(out, "{}\n", i18n::load_plan(&plan, lang)).map_err(w)?;
    // Right-aligned in terminal cells: the Chinese headers are two a character.
    let widths = [8, 7, 9, 7, 11, 11, 11, 5, 5, 7, 9];
    let header: Vec<String> = i18n::load_columns(lang)
        .iter()
        .zip(widths)
        .map(|(h, w)| {
            let cells = unicode_width::UnicodeWidthStr::width(*h);
            format!("{}{h}", " ".repeat(w - cells.min(w)))
        })
        .collect();
    writeln!(out, "{}", header.join(" ")).map_err(w)?;
    drop(store);

    let mut phases = Vec::new();
    for (k, &speedup) in opts.speedup.iter().enumerate() {
        let phase = phase(
            &copy,
            &dir,
            &workers,
            opts,
            (pace_min, pace_max),
            speedup,
            k,
        )?;
        writeln!(
            out,
            "{:>7}x {:>7.1} {:>9} {:>7.1} {:>8.2} ms {:>8.2} ms {:>8.2} ms {:>5} {:>5} {:>7} {:>9}",
            phase.speedup,
            phase.seconds,
            phase.outcomes,
            phase.outcomes as f64 / phase.seconds.max(0.001),
            phase.p50_us as f64 / 1000.0,
            phase.p99_us as f64 / 1000.0,
            phase.max_us as f64 / 1000.0,
            phase.busy,
            phase.lost,
            phase.double,
            phase.refused_claims,
        )
        .map_err(w)?;
        for f in &phase.failed {
            writeln!(out, "         {}", i18n::load_agent_failed(f, lang)).map_err(w)?;
        }
        out.flush().map_err(w)?;
        phases.push(phase);
    }

    let health = crate::store::inspect(&copy)?;
    let found = health.integrity.join("; ");
    writeln!(out, "\n{}", i18n::load_integrity(&found, lang)).map_err(w)?;
    if !opts.keep {
        for p in [
            copy.clone(),
            crate::store::sidecar(&copy, "-wal"),
            crate::store::sidecar(&copy, "-shm"),
        ] {
            let _ = std::fs::remove_file(p);
        }
        let _ = std::fs::remove_dir_all(dir.join("markers"));
        if created_dir {
            let _ = std::fs::remove_dir(&dir);
        }
    } else {
        let kept = copy.display().to_string();
        writeln!(out, "{}", i18n::load_copy_kept(&kept, lang)).map_err(w)?;
    }
    let bad: Vec<String> = phases
        .iter()
        .filter(|p| !p.clean())
        .map(|p| format!("x{}", p.speedup))
        .collect();
    if !bad.is_empty() || health.integrity != ["ok"] {
        return Err(StoreError::Invalid(Invalid::LoadFailed {
            phases: bad.iter().map(|p| p.to_string()).collect(),
            integrity: health.integrity.clone(),
        }));
    }
    Ok(phases)
}

#[allow(clippy::too_many_arguments)]
fn phase(
    copy: &Path,
    dir: &Path,
    workers: &[(String, bool)],
    opts: &LoadOptions,
    (pace_min, pace_max): (f64, f64),
    speedup: u32,
    k: usize,
) -> Result<Phase, StoreError> {
    let markers = dir.join("markers");
    let _ = std::fs::remove_dir_all(&markers);
    let millis = |secs: f64| (secs * 1000.0 / f64::from(speedup)).round() as u64;
    let run_ms = (opts.minutes * 60_000.0).round() as u64;
    let exe = std::env::current_exe().map_err(err_io(Path::new("dcc")))?;
    let started = Instant::now();
    let mut children: Vec<(String, Child)> = Vec::new();
    for (i, (login, own)) in workers.iter().enumerate() {
        // The worker acts as `login` on the copy this runner made and owns:
        // `--login` is honoured for the owner of a file only.
        let mut cmd = Command::new(&exe);
        cmd.arg("--db")
            .arg(copy)
            .args(["--login", login])
            .args(["load-worker", "--ops", &u64::MAX.to_string()])
            .args(["--for-ms", &run_ms.to_string()])
            .args(["--pause-min-ms", &millis(pace_min).to_string()])
            .args(["--pause-ms", &millis(pace_max).to_string()])
            .args(["--hold-ms", &opts.hold_ms.to_string()])
            .args(["--seed", &(k * 10_000 + i + 1).to_string()])
            .arg("--stagger")
            .arg("--marker-dir")
            .arg(&markers);
        if *own {
            cmd.args(["--own-queue", "--top", "20"]);
        } else {
            cmd.args(["--top", &opts.top.to_string(), "--requeue-every", "10"]);
        }
        let child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(err_io(&exe))?;
        children.push((login.clone(), child));
    }
    let mut readers = Vec::new();
    for (login, child) in &mut children {
        let (Some(stdout), Some(stderr)) = (child.stdout.take(), child.stderr.take()) else {
            continue;
        };
        let login = login.clone();
        readers.push(thread::spawn(move || {
            let mut said = Said::default();
            for line in BufReader::new(stdout).lines().map_while(|l| l.ok()) {
                hear(&line, &mut said);
            }
            let mut err = String::new();
            let _ = std::io::Read::read_to_string(&mut BufReader::new(stderr), &mut err);
            (login, said, err)
        }));
    }
    // Every agent stops by itself at the end of the phase; one that hangs
    // well past it is killed and counted as failed.
    let deadline = started + Duration::from_millis(run_ms) + Duration::from_secs(120);
    let mut failed = Vec::new();
    for (login, child) in &mut children {
        loop {
            match child.try_wait() {
                Ok(Some(status)) => {
                    if !status.success() {
                        failed.push(format!("{login}: {status}"));
                    }
                    break;
                }
                Ok(None) if Instant::now() > deadline => {
                    let _ = child.kill();
                    let _ = child.wait();
                    failed.push(format!(
                        "{login}: still running long after the phase; killed"
                    ));
                    break;
                }
                Ok(None) => thread::sleep(Duration::from_millis(50)),
                Err(e) => {
                    failed.push(format!("{login}: {e}"));
                    break;
                }
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let mut phase = Phase {
        speedup,
        agents: workers.len() as u32,
        seconds,
        failed,
        ..Phase::default()
    };
    let mut acks = Vec::new();
    let mut latencies = Vec::new();
    for r in readers {
        let Ok((login, said, err)) = r.join() else {
            phase.failed.push("an output reader panicked".into());
            continue;
        };
        if !said.done {
            phase
                .failed
                .push(format!("{login}: never said DONE {}", err.trim()));
        }
        if let Some(o) = said.other.first() {
            phase.failed.push(format!("{login}: unexpected {o:?}"));
        }
        phase.busy += said.busy.len();
        phase.double += said.double.len();
        phase.refused_claims += said.refused_claims;
        for (call, lead, outcome, us) in said.acks {
            latencies.push(us);
            acks.push((call, lead, outcome));
        }
    }
    latencies.sort_unstable();
    phase.outcomes = acks.len();
    phase.p50_us = percentile(&latencies, 0.50);
    phase.p99_us = percentile(&latencies, 0.99);
    phase.max_us = latencies.last().copied().unwrap_or(0);

    // Lost writes: acknowledged, but not in the file as acknowledged.
    let store = SqliteStore::open(copy, OpenMode::Existing)?;
    let ids: Vec<i64> = acks.iter().map(|a| a.0).collect();
    let saved = store.saved_calls(&ids)?;
    let saved: std::collections::HashMap<i64, (i64, String)> =
        saved.into_iter().map(|(c, l, o)| (c, (l, o))).collect();
    phase.lost = acks
        .iter()
        .filter(|(c, l, o)| saved.get(c) != Some(&(*l, o.clone())))
        .count();
    Ok(phase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pace_is_read_as_seconds_min_to_max() {
        assert_eq!(parse_pace("30-60"), Ok((30.0, 60.0)));
        assert_eq!(parse_pace(" 0.5 - 2 "), Ok((0.5, 2.0)));
        for bad in ["30", "60-30", "a-b", "-5-3", ""] {
            let e = parse_pace(bad).unwrap_err();
            assert!(e.contains("--pace"), "{bad}: {e}");
        }
    }

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let v: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&v, 0.5), 51);
        assert_eq!(percentile(&v, 0.99), 99);
        assert_eq!(percentile(&v, 1.0), 100);
        assert_eq!(percentile(&[], 0.5), 0);
    }

    #[test]
    fn agents_are_heard_line_by_line() {
        let mut s = Said::default();
        for l in [
            "ACK 12 7 reached 1500",
            "DECLINED 3 appointment no",
            "BUSY claim 4: busy",
            "DOUBLE-CLAIM 9",
            "DONE acks=1 refused=4 busy=1 double=1",
            "what",
        ] {
            hear(l, &mut s);
        }
        assert_eq!(s.acks, [(12, 7, "reached".to_string(), 1500)]);
        assert_eq!((s.busy.len(), s.double.len(), s.refused_claims), (1, 1, 4));
        assert!(s.done);
        assert_eq!(s.other, ["what"]);
    }
}
