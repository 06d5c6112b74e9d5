//! The terminal: raw mode in, always restored out (quit, error, panic,
//! SIGHUP, SIGTERM), and an event loop that sleeps while nothing happens.
//!
//! Keys are read on their own thread. When a terminal hangs up (an SSH
//! connection drops), reading it can spin inside the terminal library; the
//! main loop never waits on the terminal, notices the hang-up (the signal, or
//! the terminal no longer answering a size query) within a tick, and exits.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{self, Event, KeyEventKind};

use crate::app::App;
use crate::theme::Theme;

/// How long the loop sleeps waiting for a key; also how often it checks for
/// other agents' changes.
const TICK: Duration = Duration::from_millis(250);

/// Restores the terminal when dropped, whatever way the loop ends.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        let _ = crossterm::execute!(io::stdout(), crossterm::event::DisableBracketedPaste);
        // Not `ratatui::restore`: after a hang-up it reports its failure on
        // the dead terminal's stderr, which panics, and the process aborted
        // before its session's end was recorded.
        let _ = ratatui::try_restore();
    }
}

/// What the screen shows that changes with time alone: redraw when it does.
fn clock_face(app: &App) -> String {
    let now = app.now();
    match &app.call {
        Some(c) => format!("{}", (now - c.started).num_seconds()),
        None => now.format("%H:%M").to_string(),
    }
}

fn spawn_reader() -> mpsc::Receiver<io::Result<Event>> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || loop {
        let ev = event::read();
        let failed = ev.is_err();
        if tx.send(ev).is_err() || failed {
            break;
        }
    });
    rx
}

pub fn run(app: &mut App, theme: &Theme) -> io::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    // A hang-up is a dropped connection: the open call keeps its claim for
    // its normal time, and the agent's next login resumes it.
    let dropped = Arc::new(AtomicBool::new(false));
    signal_hook::flag::register(signal_hook::consts::SIGTERM, Arc::clone(&stop))?;
    signal_hook::flag::register(signal_hook::consts::SIGHUP, Arc::clone(&dropped))?;
    // ratatui::init installs a panic hook that restores the terminal first.
    let mut terminal = ratatui::init();
    let _restore = Restore;
    // A paste arrives whole, not as keys (a number copied with its spaces).
    crossterm::execute!(io::stdout(), crossterm::event::EnableBracketedPaste)?;
    let keys = spawn_reader();
    let result = event_loop(app, theme, &mut terminal, &keys, &stop, &dropped);
    // A hang-up or a terminal gone is a dropped connection: the call keeps
    // its claim, and what was being typed is kept for the next login.
    let lost = dropped.load(Ordering::Relaxed) || result.is_err();
    if !lost {
        app.hang_up();
    }
    app.end_drafts(app.quit);
    result
}

fn event_loop(
    app: &mut App,
    theme: &Theme,
    terminal: &mut ratatui::DefaultTerminal,
    keys: &mpsc::Receiver<io::Result<Event>>,
    stop: &AtomicBool,
    dropped: &AtomicBool,
) -> io::Result<()> {
    let mut dirty = true;
    let mut face = String::new();
    while !app.quit && !stop.load(Ordering::Relaxed) && !dropped.load(Ordering::Relaxed) {
        let now_face = clock_face(app);
        if dirty || now_face != face {
            terminal.draw(|f| crate::ui::draw(f, app, theme))?;
            face = now_face;
            dirty = false;
        }
        match keys.recv_timeout(TICK) {
            Ok(Ok(Event::Key(k))) if k.kind != KeyEventKind::Release => {
                app.on_key(k);
                dirty = true;
            }
            Ok(Ok(Event::Paste(text))) => {
                app.on_paste(&text);
                dirty = true;
            }
            Ok(Ok(Event::Resize(_, _))) => dirty = true,
            // A tick without keys: what is being typed is kept now, when
            // no key waits for its frame.
            Err(RecvTimeoutError::Timeout) => app.keep_draft(),
            Ok(Ok(_)) => {}
            // The terminal is gone.
            Ok(Err(e)) => return Err(e),
            Err(RecvTimeoutError::Disconnected) => break,
        }
        // A hung-up terminal answers no queries: leave rather than spin.
        crossterm::terminal::size()?;
        if app.poll_background() {
            dirty = true;
        }
        let before = (app.reloads, app.message.clone());
        app.tick();
        if before != (app.reloads, app.message.clone()) {
            dirty = true;
        }
    }
    Ok(())
}
