//! A private tmux server for the tests that drive the real binary in a
//! terminal: windows of a given size, keys, the screen as text, and waiting
//! for the screen without pressing anything. The server is killed on drop.
//! CI installs tmux; without it these tests fail rather than pass silently.

use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    socket: String,
}

impl Tmux {
    /// A server of its own, named by `tag` and the test process.
    pub fn new(tag: &str) -> Tmux {
        Tmux {
            socket: format!("dcc-test-{tag}-{}", std::process::id()),
        }
    }

    /// Runs `tmux ARGS` on this server; its standard output.
    pub fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-u")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux must be installed (.ci/run installs it)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs `cmd` in a new `width`x`height` window named `name`.
    pub fn window(&self, name: &str, (width, height): (u16, u16), cmd: &str) {
        let (w, h) = (width.to_string(), height.to_string());
        self.tmux(&["new-session", "-d", "-s", name, "-x", &w, "-y", &h, cmd]);
    }

    pub fn screen(&self, name: &str) -> String {
        self.tmux(&["capture-pane", "-p", "-t", name])
    }

    /// Presses `keys` one after the other, as a person would.
    pub fn keys(&self, name: &str, keys: &[&str]) {
        for k in keys {
            self.tmux(&["send-keys", "-t", name, k]);
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    /// Waits up to `secs` for the screen to satisfy `ok`, without pressing
    /// anything.
    pub fn wait(&self, name: &str, secs: u64, what: &str, ok: impl Fn(&str) -> bool) -> String {
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
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}
