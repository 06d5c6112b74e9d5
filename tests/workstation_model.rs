//! A model-based test of the workstation among colleagues. An outbound
//! agent's workstation (the real `App` on a real file, drawn on a
//! `TestBackend`) is driven by random keys, while colleagues' processes
//! write to the same file through their own connections (an agent claiming
//! and logging, a supervisor moving leads, deciding requests, verifying),
//! and the clock jumps past claims' expiry. After EVERY step the database
//! and the screen are checked against what the workstation acknowledged:
//!
//! - every call the agent logs is on the lead her prompt named, and on the
//!   lead on the call while one is open; the workstation said "Saved" for
//!   it, and nothing it said was saved is missing;
//! - a live claim is only ever changed by the one who holds it;
//! - every call in the history names its agent, who acted and when;
//! - the selection is a lead in view and the card is that lead;
//! - after a refresh the queue holds only the agent's own leads, and no
//!   full number of a lead not hers (nor on her call) is on the screen;
//! - a refused save keeps what was typed.
//!
//! 64 cases of up to 60 steps by default; a longer hunt:
//! `PROPTEST_CASES=2000 cargo test --release --test workstation_model`.

mod common;
#[path = "common/model.rs"]
mod model;

use std::cell::Cell;
use std::collections::BTreeMap;
use std::rc::Rc;

use chrono::{Duration, NaiveDateTime};
use crossterm::event::KeyCode;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

use common::at;
use dcc_desk::app::{App, Level, Mode, Session, Step as PromptStep};
use dcc_desk::domain::outcome::{CallReport, Outcome};
use dcc_desk::i18n::{Lang, Msg};
use dcc_desk::store::{Actor, CallLog, LeadStore, OpenMode, Role, SqliteStore};
use model::{CallRow, Key, Row, SharedClock};

/// A lead a colleague acts on: one of the file's, or the one amy's
/// workstation is on (her call, else her selection), where races live.
#[derive(Debug, Clone, Copy)]
enum Pick {
    Slot(usize),
    Amys,
}

/// What a colleague's process does to the same file.
#[derive(Debug, Clone)]
enum Other {
    /// Bob (another outbound agent) starts a call on a lead.
    BobClaim(Pick),
    BobRelease(Pick),
    /// Bob logs an outcome (a defeat asks the supervisor).
    BobLog(Pick, Outcome),
    /// The supervisor holds a lead on a call (a verification, say).
    BossClaim(Pick),
    BossRelease(Pick),
    BossLog(Pick, Outcome),
    /// The supervisor moves a lead to amy (`true`) or bob.
    Reassign(Pick, bool),
    /// The supervisor approves or rejects the request on a lead.
    Decide(Pick, bool),
}

#[derive(Debug, Clone)]
enum Act {
    Key(Key),
    /// An outcome key and the answers its prompt asks for, key by key
    /// (each checked like any other key).
    Log(char),
    /// A tick of the event loop (renews the claim, picks up changes).
    Tick,
    /// The clock moves on this many minutes (no tick in between).
    Wait(i64),
    Other(Other),
}

const LEADS: usize = 8;

fn key_strategy() -> impl Strategy<Value = Key> {
    let codes = prop::sample::select(vec![
        KeyCode::Enter,
        KeyCode::Enter,
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Down,
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Home,
        KeyCode::End,
        KeyCode::Backspace,
    ])
    .prop_map(Key::Code);
    let letters = prop::sample::select(vec![
        'r', 'r', 'n', 'n', 'b', 'a', 'a', 'd', 'i', 'l', 'x', 'g', 'v', 'o', 'e', '/', 'q', 'c',
        'j', 'k', 'K', 'J', '?',
    ])
    .prop_map(Key::char);
    let texts = prop::sample::select(vec![
        "明天 10:00",
        "后天下午",
        "14:30",
        "23:30",
        "A",
        "H",
        "外观",
        "note",
        "王",
        "139",
    ])
    .prop_map(Key::text);
    prop_oneof![
        5 => codes,
        6 => letters,
        3 => texts,
        1 => Just(Key::Ctrl('c')),
        1 => Just(Key::Ctrl('u')),
    ]
}

fn other_strategy() -> impl Strategy<Value = Other> {
    let lead = prop_oneof![
        2 => (0..LEADS).prop_map(Pick::Slot),
        1 => Just(Pick::Amys),
    ];
    let outcome = prop::sample::select(vec![
        Outcome::Reached,
        Outcome::NoAnswer,
        Outcome::Defeat,
        Outcome::Reached,
    ]);
    prop_oneof![
        lead.clone().prop_map(Other::BobClaim),
        lead.clone().prop_map(Other::BobRelease),
        (lead.clone(), outcome.clone()).prop_map(|(l, o)| Other::BobLog(l, o)),
        lead.clone().prop_map(Other::BossClaim),
        lead.clone().prop_map(Other::BossRelease),
        (lead.clone(), outcome).prop_map(|(l, o)| Other::BossLog(l, o)),
        (lead.clone(), any::<bool>()).prop_map(|(l, b)| Other::Reassign(l, b)),
        (lead, any::<bool>()).prop_map(|(l, b)| Other::Decide(l, b)),
    ]
}

fn act_strategy() -> impl Strategy<Value = Act> {
    prop_oneof![
        12 => key_strategy().prop_map(Act::Key),
        4 => prop::sample::select(vec!['r', 'n', 'n', 'b', 'a', 'd', 'i', 'l', 'x', 'g', 'v'])
            .prop_map(Act::Log),
        3 => Just(Act::Tick),
        1 => prop::sample::select(vec![1i64, 2, 6, 20]).prop_map(Act::Wait),
        4 => other_strategy().prop_map(Act::Other),
    ]
}

struct World {
    _desk: common::Desk,
    db: rusqlite::Connection,
    /// The colleagues' own connection to the file.
    others: SqliteStore,
    clock: Rc<Cell<NaiveDateTime>>,
    app: App,
    amy: Actor,
    bob: Actor,
    boss: Actor,
    leads: Vec<i64>,
    /// The newest call row already checked.
    last_call: i64,
    /// Calls each person was told were saved, per lead.
    acked: BTreeMap<(i64, i64), usize>,
}

fn open_app(path: &std::path::Path, amy: &Actor, clock: &Rc<Cell<NaiveDateTime>>) -> App {
    let store = SqliteStore::open(path, OpenMode::Existing).unwrap();
    let session = Session {
        lang: Some(Lang::En),
        ..Default::default()
    };
    App::new(
        Box::new(store),
        Box::new(SharedClock(clock.clone())),
        amy.clone(),
        session,
    )
    .unwrap()
}

impl World {
    fn new() -> World {
        // Thousands of small writes: in memory where the machine has it.
        let d = common::desk_in(
            tempfile::tempdir_in("/dev/shm")
                .or_else(|_| tempfile::tempdir())
                .unwrap(),
        );
        let t = at("2026-11-01 09:00");
        let bob = Actor::myself(
            d.store
                .add_agent(Some(&d.boss), "bob", "李静", Role::Outbound, t)
                .unwrap(),
        );
        let names = [
            "张雪",
            "武文辉",
            "陈一",
            "Alice Wong",
            "欧阳娜娜",
            "赵二",
            "钱三",
            "孙四",
        ];
        let grades = ["H", "A", "B", "C", "H", "A", "B", "H"];
        let mut leads = Vec::new();
        for (i, (name, grade)) in names.iter().zip(grades).enumerate() {
            let phone = format!("139{:08}", 10_000_000 + i * 7_777);
            let id = d.lead(name, &phone, grade, at("2026-11-19 10:00"));
            leads.push(id);
        }
        // Two of them are bob's; one of amy's waits for a defeat decision.
        d.store
            .reassign(&d.boss, &leads[6..8], "bob", "setup", t)
            .unwrap();
        let defeat = CallReport {
            reason: Some("looks".into()),
            ..Default::default()
        };
        d.log(leads[5], Outcome::Defeat, defeat, at("2026-11-21 10:00"))
            .unwrap();
        // One appointment today, one callback this morning.
        let visit = CallReport {
            visit: Some(at("2026-11-24 14:00")),
            ..Default::default()
        };
        d.log(
            leads[4],
            Outcome::Appointment,
            visit,
            at("2026-11-21 11:00"),
        )
        .unwrap();
        let path = d.dir.path().join("dcc.sqlite");
        let clock = Rc::new(Cell::new(at("2026-11-23 10:00")));
        let app = open_app(&path, &d.agent, &clock);
        let others = SqliteStore::open(&path, OpenMode::Existing).unwrap();
        let db = rusqlite::Connection::open(&path).unwrap();
        let last_call = db
            .query_row("SELECT coalesce(max(id), 0) FROM calls", [], |r| r.get(0))
            .unwrap();
        World {
            amy: d.agent.clone(),
            boss: d.boss.clone(),
            bob,
            _desk: d,
            db,
            others,
            clock,
            app,
            leads,
            last_call,
            acked: BTreeMap::new(),
        }
    }

    fn now(&self) -> NaiveDateTime {
        self.clock.get()
    }

    fn rows(&self) -> BTreeMap<i64, Row> {
        model::rows(&self.db)
    }

    fn new_calls(&mut self) -> Vec<CallRow> {
        model::new_calls(&self.db, &mut self.last_call)
    }

    /// Runs a colleague's action; returns who acted and the lead a call was
    /// logged on, if one was.
    fn other(&mut self, o: &Other) -> (i64, Option<i64>) {
        let now = self.now();
        let amys = self
            .app
            .call
            .as_ref()
            .map(|c| c.lead_id)
            .or_else(|| self.app.current_lead())
            .unwrap_or(self.leads[0]);
        let lead = |p: Pick| match p {
            Pick::Slot(i) => self.leads[i],
            Pick::Amys => amys,
        };
        let log = |who: &Actor, id: i64, outcome: Outcome| {
            let report = match outcome {
                Outcome::Defeat => CallReport {
                    reason: Some("price_high".into()),
                    ..Default::default()
                },
                _ => CallReport::default(),
            };
            let call = CallLog {
                lead_id: id,
                outcome,
                report,
                note: None,
                started: None,
                inbound: false,
            };
            self.others.log_call(who, &call, now).ok().map(|_| id)
        };
        match o {
            Other::BobClaim(p) => {
                let _ = self.others.claim(&self.bob, lead(*p), now);
                (self.bob.real.id, None)
            }
            Other::BobRelease(p) => {
                let _ = self.others.release(&self.bob, lead(*p));
                (self.bob.real.id, None)
            }
            Other::BobLog(p, outcome) => (self.bob.real.id, log(&self.bob, lead(*p), *outcome)),
            Other::BossClaim(p) => {
                let _ = self.others.claim(&self.boss, lead(*p), now);
                (self.boss.real.id, None)
            }
            Other::BossRelease(p) => {
                let _ = self.others.release(&self.boss, lead(*p));
                (self.boss.real.id, None)
            }
            Other::BossLog(p, outcome) => (self.boss.real.id, log(&self.boss, lead(*p), *outcome)),
            Other::Reassign(p, to_amy) => {
                let to = if *to_amy { "amy" } else { "bob" };
                let _ = self
                    .others
                    .reassign(&self.boss, &[lead(*p)], to, "model test", now);
                (self.boss.real.id, None)
            }
            Other::Decide(p, approve) => {
                let _ = self
                    .others
                    .decide(&self.boss, lead(*p), *approve, None, now);
                (self.boss.real.id, None)
            }
        }
    }
}

/// What the workstation was about before a key.
#[derive(Debug, Clone)]
struct Before {
    call: Option<i64>,
    prompt_lead: Option<i64>,
    prompt_saves: bool,
    input: Option<String>,
    rows: BTreeMap<i64, Row>,
    now: NaiveDateTime,
}

fn before(w: &World) -> Before {
    let (prompt_lead, prompt_saves, input) = match &w.app.mode {
        Mode::Prompt(p) => (
            p.lead.as_ref().map(|l| l.id),
            matches!(p.step, PromptStep::Note { .. }),
            Some(p.input.text().to_string()),
        ),
        _ => (None, false, None),
    };
    Before {
        call: w.app.call.as_ref().map(|c| c.lead_id),
        prompt_lead,
        prompt_saves,
        input,
        rows: w.rows(),
        now: w.now(),
    }
}

fn saved_message(app: &App) -> bool {
    app.message
        .as_ref()
        .is_some_and(|m| m.level == Level::Success && m.text.starts_with(Msg::Saved.text(app.lang)))
}

/// The answer a prompt's field gets next in a `Log` run, if any.
fn answer(app: &App) -> Option<Key> {
    let Mode::Prompt(p) = &app.mode else {
        return None;
    };
    Some(match p.step {
        PromptStep::When { .. } if p.input.is_empty() => Key::text("明天 10:00"),
        PromptStep::Grade if p.input.is_empty() => Key::text("A"),
        PromptStep::When { .. }
        | PromptStep::Grade
        | PromptStep::Reason { .. }
        | PromptStep::Note { .. }
        | PromptStep::Quit => Key::Code(KeyCode::Enter),
        _ => return None,
    })
}

/// Runs one step and checks every invariant after it.
fn step(w: &mut World, act: &Act) -> Result<(), TestCaseError> {
    if let Act::Log(c) = act {
        step(w, &Act::Key(Key::char(*c)))?;
        for _ in 0..6 {
            match answer(&w.app) {
                Some(k) => step(w, &Act::Key(k))?,
                None => break,
            }
        }
        return Ok(());
    }
    let b = before(w);
    let amy = w.amy.real.id;
    // Who acts in this step (claims may only change by their hand).
    let mut actor = None;
    let mut other_logged = None;
    let mut key_step = false;
    match act {
        Act::Key(k) => {
            key_step = true;
            actor = Some(amy);
            // The message area is the workstation's acknowledgement: start
            // each key with it empty to read what this key said.
            w.app.message = None;
            model::press(&mut w.app, k);
            if w.app.quit {
                // The workstation closed: the agent opens it again.
                let path = w._desk.dir.path().join("dcc.sqlite");
                w.app = open_app(&path, &w.amy, &w.clock);
            }
        }
        Act::Tick => {
            actor = Some(amy);
            w.app.tick();
        }
        Act::Log(_) => unreachable!("run key by key above"),
        Act::Wait(m) => w.clock.set(w.now() + Duration::minutes(*m)),
        Act::Other(o) => {
            let (who, logged) = w.other(o);
            actor = Some(who);
            other_logged = logged;
        }
    }
    let now = w.now();
    let rows = w.rows();
    let calls = w.new_calls();

    // Every call in the history names its agent, who acted, and when.
    for c in &calls {
        prop_assert!(
            c.agent.is_some() && c.actor.is_some(),
            "a call without its agent: {c:?}"
        );
        prop_assert!(
            c.started <= c.ended && c.ended == now,
            "a call not at the time it was logged ({now}): {c:?}"
        );
    }

    // The agent's calls: only on the prompt's lead, acknowledged, and on
    // the lead on the call.
    let amys: Vec<&CallRow> = calls
        .iter()
        .filter(|c| c.actor.as_deref() == Some("amy"))
        .collect();
    let said_saved = key_step && saved_message(&w.app);
    if key_step {
        if said_saved {
            prop_assert_eq!(amys.len(), 1, "\"Saved\" but {} calls written", amys.len());
            let lead = amys[0].lead;
            prop_assert_eq!(
                Some(lead),
                b.prompt_lead,
                "saved on lead {} while the prompt named {:?}",
                lead,
                b.prompt_lead
            );
            prop_assert!(
                b.prompt_saves,
                "saved from a prompt that was not the last field"
            );
            if let Some(on_call) = b.call {
                prop_assert_eq!(
                    lead,
                    on_call,
                    "saved on {} during a call with {}",
                    lead,
                    on_call
                );
            }
            let name = w
                .app
                .store
                .lead(&w.boss, lead, now)
                .map(|c| c.name)
                .unwrap_or_default();
            let text = &w.app.message.as_ref().unwrap().text;
            prop_assert!(text.contains(&name), "\"{text}\" does not name {name}");
            *w.acked.entry((amy, lead)).or_default() += 1;
            SAVES.with(|c| c.set(c.get() + 1));
        } else {
            prop_assert!(
                amys.is_empty(),
                "calls written without a word: {amys:?} (message {:?})",
                w.app.message
            );
        }
        // A refused save keeps what was typed: the prompt stays with its
        // input, or closes saying nothing was saved.
        if b.prompt_saves && !said_saved {
            if let Some(m) = w.app.message.as_ref().filter(|m| m.level == Level::Error) {
                match &w.app.mode {
                    Mode::Prompt(p) => prop_assert_eq!(
                        Some(p.input.text().to_string()),
                        b.input.clone(),
                        "a refusal lost what was typed"
                    ),
                    _ => prop_assert!(
                        m.text.contains(Msg::NotSaved.text(w.app.lang)),
                        "a prompt closed on an error without saying nothing was saved: {}",
                        m.text
                    ),
                }
            }
        }
    } else {
        prop_assert!(
            amys.is_empty(),
            "amy's calls written without a key: {amys:?}"
        );
    }
    // Colleagues' calls: exactly the one the store acknowledged.
    let theirs: Vec<&CallRow> = calls
        .iter()
        .filter(|c| c.actor.as_deref() != Some("amy"))
        .collect();
    match other_logged {
        Some(lead) => {
            prop_assert!(
                theirs.len() == 1 && theirs[0].lead == lead,
                "a colleague's acknowledged call on {lead} is not the one written: {theirs:?}"
            );
            *w.acked.entry((actor.unwrap(), lead)).or_default() += 1;
        }
        None => prop_assert!(theirs.is_empty(), "unacknowledged calls: {theirs:?}"),
    }
    // Nothing acknowledged is lost: the file holds every acknowledged call.
    let in_file = model::calls_in_file(&w.db, "2026-11-23");
    prop_assert_eq!(
        &in_file,
        &w.acked,
        "the file and the acknowledgements differ"
    );

    // A live claim changes only by the hand of who holds it.
    for (id, row) in &b.rows {
        if let Some((holder, until)) = row.claim {
            let after = rows[id].claim;
            let live = until > b.now;
            if live && actor != Some(holder) {
                prop_assert_eq!(
                    after,
                    row.claim,
                    "lead {}'s live claim by {} (until {}) changed by {:?}",
                    id,
                    holder,
                    until,
                    actor
                );
            }
        }
        let after = rows[id].claim;
        if after != row.claim {
            if let Some((holder, _)) = after {
                prop_assert_eq!(Some(holder), actor, "lead {} claimed for someone else", id);
            }
        }
        // A live claim's lead keeps its owner and status while held by
        // someone else than who changed it (no wiping by moves or decisions).
        if row
            .claim
            .is_some_and(|(h, u)| u > b.now && actor != Some(h))
            && matches!(act, Act::Other(Other::Reassign(..) | Other::Decide(..)))
        {
            prop_assert_eq!(
                (&rows[id].owner, &rows[id].status),
                (&row.owner, &row.status),
                "lead {} changed under someone's call",
                id
            );
        }
    }

    // The open call is on a lead the agent holds or held.
    if let Some(call) = &w.app.call {
        if let Mode::Prompt(p) = &w.app.mode {
            if let Some(l) = &p.lead {
                if !matches!(p.step, PromptStep::Search { .. }) {
                    prop_assert_eq!(l.id, call.lead_id, "a prompt on another lead during a call");
                }
            }
        }
    }

    // The selection is a lead in view, and the card is the lead the keys act on.
    let app = &w.app;
    prop_assert!(
        app.queue.is_empty() || app.selected < app.queue.len(),
        "selection {} outside a queue of {}",
        app.selected,
        app.queue.len()
    );
    match (app.current_lead(), &app.card) {
        (Some(id), Some(card)) => prop_assert_eq!(card.id, id, "the card is not the selected lead"),
        (None, None) => {}
        (Some(id), None) => {
            // The lead could not be read (moved away): said on the screen.
            prop_assert!(
                app.message.is_some(),
                "no card for lead {id} and no word why"
            );
        }
        (None, Some(card)) => prop_assert!(false, "a card ({}) with nothing selected", card.id),
    }

    // The screen draws at both sizes; after a refresh it shows only amy's
    // leads, and no full number she may not see.
    let small = common::screen(app, 80, 24);
    if matches!(act, Act::Tick) && matches!(app.mode, Mode::Normal) {
        let large = common::screen(app, 160, 45);
        for q in &app.queue {
            prop_assert_eq!(
                rows[&q.lead_id].owner,
                Some(w.amy.agent.id),
                "the queue shows lead {} owned by another agent",
                q.lead_id
            );
        }
        if let Some(card) = &app.card {
            let r = &rows[&card.id];
            prop_assert_eq!(
                &card.status.code().to_string(),
                &r.status,
                "the card's status is stale"
            );
        }
        let may_see = |id: i64| {
            let r = &rows[&id];
            r.owner == Some(w.amy.agent.id) || r.held_by(amy, now)
        };
        for s in [&small, &large] {
            let leaked = model::leaked_number(s, &rows, may_see, &[]);
            prop_assert!(
                leaked.is_none(),
                "lead {:?}'s full number on amy's screen:\n{s}",
                leaked
            );
        }
    }
    Ok(())
}

// Calls the workstation saved, over all cases.
thread_local!(static SAVES: Cell<usize> = const { Cell::new(0) });

#[test]
fn the_workstation_keeps_every_call_on_its_customer_among_colleagues() {
    let mut runner = model::runner(64);
    let cases = runner.config().cases as usize;
    runner
        .run(&prop::collection::vec(act_strategy(), 1..60), |acts| {
            let mut w = World::new();
            for (i, a) in acts.iter().enumerate() {
                step(&mut w, a).map_err(|e| {
                    TestCaseError::fail(format!("step {i} {a:?}: {e}\nsteps: {acts:?}"))
                })?;
            }
            Ok(())
        })
        .unwrap();
    // Not vacuous: the runs saved calls (about two a case).
    let saves = SAVES.with(|c| c.get());
    assert!(saves >= cases / 4, "only {saves} saves in {cases} cases");
}
