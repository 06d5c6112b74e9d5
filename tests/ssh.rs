//! Served mode end to end: a real OpenSSH `sshd` on a loopback port, set up
//! with the drop-in `dcc ssh-setup` prints, and real `ssh` clients (in tmux
//! for the workstation). Needs root and `openssh-server`: `.ci/run` installs
//! it and creates the service account.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

#[path = "common/sshd.rs"]
mod sshd;

use sshd::{account, free_port, run, text, Installed, Sshd, ACCOUNT};

/// A served setup: the program and the served configuration in a root-owned
/// folder (as sshd requires of an AuthorizedKeysCommand), the database in a
/// 0700 folder of the service account, and a private sshd.
struct Served {
    sshd: Option<Sshd>,
    installed: Installed,
    bin_dir: PathBuf,
    data: tempfile::TempDir,
    client: tempfile::TempDir,
    db: PathBuf,
    port: u16,
    uid: u32,
    gid: u32,
}

impl Served {
    fn start(name: &str) -> Served {
        assert!(
            common::is_root() && Path::new("/usr/sbin/sshd").exists(),
            "the served-mode tests need root and /usr/sbin/sshd: run them through `.ci/run` \
             (it installs openssh-server and creates the {ACCOUNT} account)"
        );
        let (uid, gid) = account();
        let data = tempfile::tempdir().unwrap();
        std::os::unix::fs::chown(data.path(), Some(uid), Some(gid)).unwrap();
        std::fs::set_permissions(data.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
        let db = data.path().join("dcc.sqlite");
        let installed = Installed::new(&format!("test-{name}"), &db);
        let client = tempfile::tempdir().unwrap();
        let mut s = Served {
            sshd: None,
            bin_dir: installed.dir.clone(),
            installed,
            data,
            client,
            db,
            port: 0,
            uid,
            gid,
        };
        s.team();
        // The global part is the test's; it lets the client's variables
        // through and offers sftp and forwarding, so that refusing them is
        // the drop-in's and dcc's doing.
        let sshd = Sshd::start(
            &s.installed,
            s.client.path(),
            "AcceptEnv LANG LC_* USER LOGNAME USERNAME DCC_*\nAllowTcpForwarding yes\n\
             Subsystem sftp internal-sftp\nLogLevel VERBOSE\n",
        );
        s.port = sshd.port;
        s.sshd = Some(sshd);
        s
    }

    /// `dcc` run locally by the service account (the IT person's way).
    fn local(&self, args: &[&str], now: Option<&str>) -> Output {
        let mut c = Command::new(self.bin_dir.join("dcc"));
        c.arg("--db")
            .arg(&self.db)
            .args(args)
            .env("DCC_CONFIG", "/nonexistent/dcc.toml")
            .env("LANG", "C")
            .uid(self.uid)
            .gid(self.gid)
            .current_dir("/");
        if let Some(n) = now {
            c.env("DCC_NOW", n);
        }
        let o = run(&mut c);
        assert!(o.status.success(), "dcc {args:?}: {}", text(&o.stderr));
        o
    }

    fn key(&self, who: &str) -> PathBuf {
        self.client.path().join(who)
    }

    /// A team: boss (supervisor), amy and bob (outbound), each with a key
    /// and a lead of their own due today.
    fn team(&mut self) {
        let yesterday = (chrono::Local::now().date_naive() - chrono::Duration::days(1))
            .format("%Y-%m-%d")
            .to_string();
        self.local(&["--login", "boss", "init", "--name", "主管"], None);
        for (who, role) in [("amy", "outbound"), ("bob", "outbound")] {
            self.local(
                &[
                    "--login", "boss", "agent", "add", who, "--name", who, "--role", role,
                ],
                None,
            );
        }
        for (i, who) in ["amy", "bob", "boss"].into_iter().enumerate() {
            assert!(run(Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-C", who, "-f"])
                .arg(self.key(who)))
            .status
            .success());
            std::fs::set_permissions(self.client.path(), std::fs::Permissions::from_mode(0o755))
                .unwrap();
            let pub_path = self.client.path().join(format!("{who}.pub"));
            self.local(
                &[
                    "--login",
                    "boss",
                    "agent",
                    "key",
                    "add",
                    who,
                    pub_path.to_str().unwrap(),
                ],
                None,
            );
            if who != "boss" {
                self.local(
                    &[
                        "--login",
                        "boss",
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
                    Some(&yesterday),
                );
            }
        }
        std::fs::set_permissions(&self.db, std::fs::Permissions::from_mode(0o600)).unwrap();
    }

    fn ssh_args(&self, who: &str) -> Vec<String> {
        vec![
            "-p".into(),
            self.port.to_string(),
            "-i".into(),
            self.key(who).display().to_string(),
            "-o".into(),
            "StrictHostKeyChecking=no".into(),
            "-o".into(),
            "UserKnownHostsFile=/dev/null".into(),
            "-o".into(),
            "BatchMode=yes".into(),
            "-o".into(),
            "LogLevel=ERROR".into(),
        ]
    }

    /// `ssh` as `who` running `command` (no terminal).
    fn ssh(&self, who: &str, extra: &[&str], command: Option<&str>) -> Output {
        let mut c = Command::new("ssh");
        c.args(self.ssh_args(who))
            .args(extra)
            .arg(format!("{ACCOUNT}@127.0.0.1"));
        if let Some(cmd) = command {
            c.arg(cmd);
        }
        run(&mut c)
    }

    /// Each session: login, key fingerprint, origin, ended at, why.
    fn sessions(&self) -> Vec<SessionRow> {
        let conn = rusqlite::Connection::open(&self.db).unwrap();
        let mut st = conn
            .prepare(
                "SELECT a.login, s.fingerprint, s.origin, s.ended_at, s.end_reason
                 FROM sessions s JOIN agents a ON a.id = s.agent_id ORDER BY s.id",
            )
            .unwrap();
        st.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    }

    fn fingerprint(&self, who: &str) -> String {
        let o = run(Command::new("ssh-keygen")
            .arg("-lf")
            .arg(self.client.path().join(format!("{who}.pub"))));
        text(&o.stdout)
            .split_whitespace()
            .nth(1)
            .unwrap()
            .to_string()
    }
}

type SessionRow = (String, String, String, Option<String>, Option<String>);

struct Tmux(String);

impl Tmux {
    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.0)
            .args(args)
            .output()
            .expect("tmux must be installed (.ci/run installs it)");
        text(&out.stdout)
    }

    fn start(&self, name: &str, cmd: &str) {
        self.tmux(&[
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            "100",
            "-y",
            "30",
            cmd,
        ]);
    }

    fn screen(&self, name: &str) -> String {
        self.tmux(&["capture-pane", "-p", "-t", name])
    }

    fn wait(&self, name: &str, secs: u64, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let end = Instant::now() + Duration::from_secs(secs);
        loop {
            let s = self.screen(name);
            if ok(&s) {
                return s;
            }
            assert!(Instant::now() < end, "waited for {what}; the screen:\n{s}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-L")
            .arg(&self.0)
            .arg("kill-server")
            .output();
    }
}

#[test]
fn each_key_opens_its_agents_queue_and_a_removed_key_or_disabled_agent_is_refused() {
    let s = Served::start("queue");
    let t = Tmux(format!("dcc-ssh-test-{}", std::process::id()));
    // The client sends USER, LANG and DCC_NOW of the supervisor's choosing:
    // they change nothing.
    let sh = |who: &str| {
        format!(
            "USER=boss LOGNAME=boss DCC_NOW=2020-01-01 LANG=zh_CN.UTF-8 TERM=xterm-256color \
             ssh -tt {} -o SendEnv=USER -o SendEnv=LOGNAME -o SendEnv=DCC_NOW -o SendEnv=LANG \
             {ACCOUNT}@127.0.0.1; sleep 30",
            s.ssh_args(who).join(" ")
        )
    };
    t.start("amy", &sh("amy"));
    let screen = t.wait("amy", 20, "amy's queue", |s| s.contains("amy-customer"));
    assert!(!screen.contains("bob-customer"), "{screen}");
    assert!(screen.contains("Today's calls"), "in English: {screen}");
    t.start("bob", &sh("bob"));
    let screen = t.wait("bob", 20, "bob's queue", |s| s.contains("bob-customer"));
    assert!(!screen.contains("amy-customer"), "{screen}");

    // Both sessions are recorded, with the key and where they come from.
    let open = s.sessions();
    for who in ["amy", "bob"] {
        let row = open.iter().find(|r| r.0 == who).expect("a session row");
        assert_eq!(row.1, s.fingerprint(who));
        assert!(row.2.starts_with("127.0.0.1 "), "{:?}", row.2);
        assert_eq!(row.3, None, "still open");
    }

    // Disabling amy ends her open session at the workstation's next check,
    // and refuses her next login.
    s.local(&["--login", "boss", "agent", "disable", "amy"], None);
    t.wait("amy", 20, "amy's session ended", |s| {
        s.contains("withdrawn") && !s.contains("amy-customer")
    });
    let amy = s.sessions().into_iter().find(|r| r.0 == "amy").unwrap();
    assert_eq!(amy.4.as_deref(), Some("revoked"));
    let o = s.ssh("amy", &[], Some("queue"));
    assert!(!o.status.success());
    assert!(
        text(&o.stderr).contains("Permission denied"),
        "{}",
        text(&o.stderr)
    );

    // A removed key no longer logs in.
    assert!(s.ssh("bob", &[], Some("queue")).status.success());
    s.local(
        &[
            "--login",
            "boss",
            "agent",
            "key",
            "remove",
            &s.fingerprint("bob"),
        ],
        None,
    );
    let o = s.ssh("bob", &[], Some("queue"));
    assert!(
        text(&o.stderr).contains("Permission denied"),
        "{}",
        text(&o.stderr)
    );
    t.tmux(&["send-keys", "-t", "bob", "q"]);
}

#[test]
fn one_command_over_ssh_runs_as_the_key_s_agent_with_the_same_checks() {
    let s = Served::start("command");
    let env = [
        "-o",
        "SetEnv=USER=boss LOGNAME=boss DCC_NOW=2020-01-01 DCC_DB=/tmp/elsewhere.sqlite LANG=zh_CN.UTF-8",
    ];
    // amy's queue, in English, today, whatever the client said.
    let o = s.ssh("amy", &env, Some("queue --format json"));
    assert!(o.status.success(), "{}", text(&o.stderr));
    let q: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(q["agent"], "amy");
    assert_eq!(
        q["date"].as_str().unwrap(),
        chrono::Local::now()
            .date_naive()
            .format("%Y-%m-%d")
            .to_string()
    );
    assert!(text(&o.stdout).contains("amy-customer") && !text(&o.stdout).contains("bob-customer"));

    // A supervisor's report comes back on standard output, a workbook too.
    let o = s.ssh("boss", &[], Some("report funnel --format csv"));
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).lines().count() >= 2, "{}", text(&o.stdout));
    let o = s.ssh("boss", &[], Some("report funnel --format xlsx"));
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(o.stdout.starts_with(b"PK\x03\x04"), "an xlsx file");
    use calamine::Reader;
    let book: calamine::Xlsx<_> =
        calamine::Xlsx::new(std::io::Cursor::new(o.stdout.clone())).expect("a readable workbook");
    assert!(!book.sheet_names().is_empty());
    // An outbound agent's is refused, whatever the client's USER says.
    let o = s.ssh("amy", &env, Some("report funnel --format csv"));
    assert!(!o.status.success());
    assert!(
        text(&o.stderr).contains("only a supervisor"),
        "{}",
        text(&o.stderr)
    );
    assert!(o.stdout.is_empty());

    // The imports' list and undo name no file on the server: the access
    // policy decides, as it does locally.
    let o = s.ssh("boss", &[], Some("import list --format json"));
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout).trim(), "[]");
    let o = s.ssh("amy", &[], Some("import undo 1"));
    assert!(
        !o.status.success() && text(&o.stderr).contains("only a supervisor"),
        "{}",
        text(&o.stderr)
    );

    // No flag chooses another file or another agent.
    for cmd in [
        "--db /tmp/elsewhere.sqlite queue",
        "--as bob queue",
        "--login boss report funnel",
        "report funnel --output /tmp/dcc-ssh-report.csv",
        "import /etc/passwd",
    ] {
        let o = s.ssh("boss", &[], Some(cmd));
        assert!(!o.status.success(), "{cmd} ran");
        assert!(!Path::new("/tmp/dcc-ssh-report.csv").exists());
    }

    // The command is dcc's words, never a shell's.
    let marker = format!("/tmp/dcc-ssh-test-{}", std::process::id());
    for cmd in [
        format!("queue; touch {marker}"),
        format!("queue && touch {marker}"),
        format!("queue $(touch {marker})"),
        format!("touch {marker}"),
    ] {
        let o = s.ssh("amy", &[], Some(&cmd));
        assert!(!o.status.success(), "{cmd} succeeded");
    }
    assert!(!Path::new(&marker).exists(), "a shell ran the command");

    // The sessions are recorded with the command.
    let rows = s.sessions();
    assert!(
        rows.iter().all(|r| r.3.is_some()),
        "every one-off session ended"
    );
}

#[test]
fn no_shell_file_transfer_or_forwarding() {
    let s = Served::start("shell");
    // amy's key works: what follows is refused for what it asks.
    assert!(s.ssh("amy", &[], Some("queue")).status.success());
    let o = s.ssh("amy", &[], Some("/bin/sh -c id"));
    assert!(!o.status.success());
    assert!(!text(&o.stdout).contains("uid="));

    let local = s.client.path().join("f.txt");
    std::fs::write(&local, "x").unwrap();
    let target = format!("/tmp/dcc-ssh-scp-{}", std::process::id());
    for legacy in [true, false] {
        let mut c = Command::new("scp");
        if legacy {
            c.arg("-O");
        }
        c.arg("-P")
            .arg(s.port.to_string())
            .args(&s.ssh_args("amy")[2..])
            .arg(&local)
            .arg(format!("{ACCOUNT}@127.0.0.1:{target}"));
        let o = run(&mut c);
        assert!(!o.status.success(), "scp worked");
    }
    assert!(!Path::new(&target).exists());

    let batch = s.client.path().join("batch");
    std::fs::write(&batch, "ls /\n").unwrap();
    let o = run(Command::new("sftp")
        .arg("-P")
        .arg(s.port.to_string())
        .args(&s.ssh_args("amy")[2..])
        .arg("-b")
        .arg(&batch)
        .arg(format!("{ACCOUNT}@127.0.0.1")));
    assert!(!o.status.success(), "sftp worked: {}", text(&o.stdout));

    // A remote forward is refused at once.
    let o = s.ssh(
        "amy",
        &[
            "-N",
            "-o",
            "ExitOnForwardFailure=yes",
            "-R",
            "0:127.0.0.1:22",
        ],
        None,
    );
    assert!(!o.status.success(), "the remote forward was granted");

    // A local forward opens, but the server refuses every channel through
    // it: nothing answers from the other end.
    let lport = free_port();
    let mut fwd = Command::new("ssh")
        .args(s.ssh_args("amy"))
        .args(["-N", "-L", &format!("{lport}:127.0.0.1:{}", s.port)])
        .arg(format!("{ACCOUNT}@127.0.0.1"))
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let end = Instant::now() + Duration::from_secs(10);
    let mut banner = Vec::new();
    let mut connected = false;
    while Instant::now() < end {
        if let Ok(mut c) = std::net::TcpStream::connect(("127.0.0.1", lport)) {
            c.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
            let _ = std::io::Read::read_to_end(&mut c, &mut banner);
            connected = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = fwd.kill();
    let _ = fwd.wait();
    assert!(connected, "the client never listened (did it log in?)");
    assert!(
        !text(&banner).contains("SSH-2.0"),
        "the local forward reached the server's port"
    );
}

#[test]
fn authorized_keys_answers_only_for_registered_keys_of_active_agents() {
    let s = Served::start("keys");
    let ask = |user: &str, pub_file: &Path| {
        let key = std::fs::read_to_string(pub_file).unwrap();
        let mut w = key.split_whitespace();
        let (t, k) = (w.next().unwrap(), w.next().unwrap());
        let o = run(Command::new(s.bin_dir.join("dcc"))
            .args(["authorized-keys", "--config"])
            .arg(s.bin_dir.join("served.toml"))
            .args([user, t, k])
            .uid(s.uid)
            .gid(s.gid));
        text(&o.stdout)
    };
    let amy = s.client.path().join("amy.pub");
    let line = ask(ACCOUNT, &amy);
    assert!(
        line.starts_with("restrict,pty,command=\"")
            && line.contains("session --config ")
            && line.contains(&format!("--key {}\"", s.fingerprint("amy"))),
        "{line}"
    );
    // Another account, an unknown key: nothing.
    assert_eq!(ask("root", &amy), "");
    let stranger = s.client.path().join("stranger");
    run(Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&stranger));
    assert_eq!(ask(ACCOUNT, &stranger.with_extension("pub")), "");
    // The key list shows who logs in with what.
    let o = s.local(&["--login", "boss", "agent", "key", "list", "amy"], None);
    assert!(text(&o.stdout).contains(&s.fingerprint("amy")));
    // Key management is for supervisors.
    let o = run(Command::new(s.bin_dir.join("dcc"))
        .arg("--db")
        .arg(&s.db)
        .args(["--login", "amy", "agent", "key", "list"])
        .uid(s.uid)
        .gid(s.gid));
    assert!(!o.status.success());
    let _ = s.data.path();
}

#[test]
fn the_doctor_finds_the_served_setup_the_tests_made_in_order() {
    let s = Served::start("doctor");
    // As root, so that sshd's effective configuration (`sshd -T`) is read.
    let o = run(Command::new(s.bin_dir.join("dcc"))
        .arg("--db")
        .arg(&s.db)
        .args(["doctor", "--format", "json", "--served-config"])
        .arg(s.bin_dir.join("served.toml"))
        .arg("--sshd-config")
        .arg(s.client.path().join("sshd_config"))
        .env("DCC_CONFIG", "/nonexistent/dcc.toml")
        .env_remove("DCC_NOW"));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {} {}", text(&o.stdout), text(&o.stderr)));
    let served: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["topic"] == "served")
        .collect();
    assert_eq!(served.len(), 1, "{served:#?}");
    assert_eq!(served[0]["level"], "ok", "{served:#?}");
    assert!(
        served[0]["what"].as_str().unwrap().contains(ACCOUNT),
        "{served:#?}"
    );
}

#[test]
fn a_killed_client_loses_neither_the_call_nor_the_typed_note() {
    let s = Served::start("drop");
    let t = Tmux(format!("dcc-ssh-drop-{}", std::process::id()));
    // `exec`: the pane's process is the ssh client itself.
    let sh = |who: &str| {
        format!(
            "exec env TERM=xterm-256color ssh -tt {} {ACCOUNT}@127.0.0.1",
            s.ssh_args(who).join(" ")
        )
    };
    t.start("amy", &sh("amy"));
    t.wait("amy", 20, "amy's queue", |s| s.contains("amy-customer"));
    // A call, an outcome, and part of its note.
    t.tmux(&["send-keys", "-t", "amy", "Enter"]);
    t.wait("amy", 10, "the call", |s| s.contains("☎ amy-customer"));
    t.tmux(&["send-keys", "-t", "amy", "r"]);
    t.wait("amy", 10, "the note prompt", |s| s.contains("Note"));
    t.tmux(&[
        "send-keys",
        "-t",
        "amy",
        "-l",
        "wants a white one, asks for",
    ]);
    t.wait("amy", 10, "the typing", |s| s.contains("asks for"));

    // The client dies without a word: sshd sees the connection go and
    // hangs up the session's terminal.
    let pid: i32 = t
        .tmux(&["list-panes", "-t", "amy", "-F", "#{pane_pid}"])
        .trim()
        .parse()
        .unwrap();
    assert_eq!(unsafe { libc::kill(pid, libc::SIGKILL) }, 0);
    let end = Instant::now() + Duration::from_secs(20);
    while s.sessions().iter().any(|r| r.0 == "amy" && r.3.is_none()) {
        assert!(
            Instant::now() < end,
            "amy's session never ended: {:?}\n{}",
            s.sessions(),
            std::fs::read_to_string(s.client.path().join("sshd.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let calls = || -> i64 {
        rusqlite::Connection::open(&s.db)
            .unwrap()
            .query_row("SELECT count(*) FROM calls", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(calls(), 0, "nothing was saved");

    // bob's login shows none of it.
    t.start("bob", &sh("bob"));
    let screen = t.wait("bob", 20, "bob's queue", |s| s.contains("bob-customer"));
    assert!(
        !screen.contains("asks for") && !screen.contains("amy-customer"),
        "{screen}"
    );

    // amy's next login: the call and the note as she left them.
    t.start("amy2", &sh("amy"));
    let screen = t.wait("amy2", 20, "the call and the note again", |s| {
        s.contains("asks for") && s.contains("☎ amy-customer")
    });
    assert!(
        screen.contains("open again") && screen.contains("is back"),
        "{screen}"
    );
    assert_eq!(calls(), 0, "restoring saved nothing");
    // She finishes the note and saves it.
    t.tmux(&["send-keys", "-t", "amy2", "-l", " a test drive"]);
    t.tmux(&["send-keys", "-t", "amy2", "Enter"]);
    t.wait("amy2", 10, "saved", |s| s.contains("Saved"));
    let note: String = rusqlite::Connection::open(&s.db)
        .unwrap()
        .query_row("SELECT note FROM calls", [], |r| r.get(0))
        .unwrap();
    assert_eq!(note, "wants a white one, asks for a test drive");
    t.tmux(&["send-keys", "-t", "amy2", "q"]);
    t.tmux(&["send-keys", "-t", "bob", "q"]);
}
