//! A private OpenSSH `sshd` on a loopback port, set up with the drop-in
//! `dcc ssh-setup` prints, for the service account `dcctest`: one copy for
//! the served-mode tests (`tests/ssh.rs`) and the bench of 300 sessions
//! (`benches/ssh_sessions.rs`), which both include this file by its path. Needs
//! root and `openssh-server`: `.ci/run` installs it and creates the account.

#![allow(dead_code)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The service account sessions log in to.
pub const ACCOUNT: &str = "dcctest";

/// Runs `cmd` to its end. A binary this test just copied may be briefly
/// "busy" (ETXTBSY): a child another test thread forked meanwhile holds the
/// copy's write descriptor until it execs, so the run is tried again.
pub fn run(cmd: &mut Command) -> Output {
    cmd.stdin(Stdio::null());
    let mut tries = 0;
    loop {
        match cmd.output() {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy && tries < 100 => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(20));
            }
            r => return r.unwrap(),
        }
    }
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Whether this process may start an sshd: root, with openssh-server.
pub fn available() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    let root = unsafe { libc::geteuid() } == 0;
    root && Path::new("/usr/sbin/sshd").exists()
}

/// The service account's uid and gid, creating it (with an impossible but
/// unlocked password: OpenSSH refuses a locked account even for keys) if
/// `.ci/run` did not.
pub fn account() -> (u32, u32) {
    let id = |flag: &str| {
        let o = run(Command::new("id").args([flag, ACCOUNT]));
        o.status
            .success()
            .then(|| text(&o.stdout).trim().parse::<u32>().unwrap())
    };
    if id("-u").is_none() {
        let _ = run(Command::new("useradd").args([
            "--system",
            "--no-create-home",
            "--shell",
            "/bin/sh",
            ACCOUNT,
        ]));
        let _ = run(Command::new("usermod").args(["-p", "*", ACCOUNT]));
    }
    (
        id("-u").expect("cannot create the service account"),
        id("-g").unwrap(),
    )
}

/// The program and the served configuration (naming `db`) in a root-owned
/// folder writable by root only, as sshd requires of an
/// AuthorizedKeysCommand: `/usr/local/lib/dcc-<name>-<pid>`, removed on drop.
pub struct Installed {
    pub dir: PathBuf,
}

impl Installed {
    pub fn new(name: &str, db: &Path) -> Installed {
        let dir = PathBuf::from(format!("/usr/local/lib/dcc-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::copy(env!("CARGO_BIN_EXE_dcc"), dir.join("dcc")).unwrap();
        std::fs::write(
            dir.join("served.toml"),
            format!("db = \"{}\"\n", db.display()),
        )
        .unwrap();
        Installed { dir }
    }

    pub fn dcc(&self) -> PathBuf {
        self.dir.join("dcc")
    }

    pub fn config(&self) -> PathBuf {
        self.dir.join("served.toml")
    }
}

impl Drop for Installed {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A running sshd: its port and pid; stopped on drop.
pub struct Sshd {
    pub port: u16,
    pub pid: Option<i32>,
}

impl Drop for Sshd {
    fn drop(&mut self) {
        if let Some(pid) = self.pid {
            // SAFETY: a signal to the sshd this process started.
            unsafe { libc::kill(pid, libc::SIGTERM) };
        }
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Sshd {
    /// Starts sshd on a free loopback port with a new host key, its files
    /// (configuration, pid, `sshd.log`) in `dir`: `global` lines first, then
    /// the drop-in `dcc ssh-setup --drop-in` prints for `installed`.
    /// Returns once it accepts connections.
    pub fn start(installed: &Installed, dir: &Path, global: &str) -> Sshd {
        let port = free_port();
        let host_key = dir.join("host_key");
        assert!(run(Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-f"])
            .arg(&host_key))
        .status
        .success());
        let drop_in = run(Command::new(installed.dcc()).args([
            "ssh-setup",
            "--drop-in",
            "--account",
            ACCOUNT,
            "--bin",
            installed.dcc().to_str().unwrap(),
            "--config",
            installed.config().to_str().unwrap(),
        ]));
        assert!(drop_in.status.success(), "{}", text(&drop_in.stderr));
        let pid_file = dir.join("sshd.pid");
        let config = format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {}\nPidFile {}\nUsePAM no\n\
             StrictModes no\n{global}{}",
            host_key.display(),
            pid_file.display(),
            text(&drop_in.stdout)
        );
        let cfg = dir.join("sshd_config");
        std::fs::write(&cfg, config).unwrap();
        std::fs::create_dir_all("/run/sshd").unwrap();
        let o = run(Command::new("/usr/sbin/sshd")
            .arg("-f")
            .arg(&cfg)
            .arg("-E")
            .arg(dir.join("sshd.log")));
        assert!(o.status.success(), "sshd: {}", text(&o.stderr));
        let end = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < end, "sshd did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        let pid = std::fs::read_to_string(&pid_file)
            .ok()
            .and_then(|p| p.trim().parse().ok());
        Sshd { port, pid }
    }
}
