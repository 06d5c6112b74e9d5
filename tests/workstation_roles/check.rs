//! Running a step of `workstation_roles` and checking every invariant after it.

use super::*;
use model::CallRow;

/// What a workstation was about before a step.
#[derive(Debug, Clone)]
struct Before {
    print: String,
    call: Option<i64>,
    inbound: Option<i64>,
    current: Option<i64>,
    marked: BTreeSet<i64>,
    /// The open prompt: its lead, what its Enter does, what was typed.
    prompt: Option<(Option<i64>, &'static str, String)>,
    /// The leads the open prompt saves on (its lead, or a move's leads).
    targets: Vec<i64>,
    /// The open capture form's fields and choices.
    form: Option<String>,
    moving: Option<BTreeMap<i64, Option<i64>>>,
    /// A known do-not-call caller in the capture form, whose consent the
    /// form may record (their lead goes back to tracking).
    consenting: Option<i64>,
}

fn kind(step: &Step) -> &'static str {
    match step {
        Step::Note { .. } => "note",
        Step::Decide { .. } => "decide",
        Step::MoveReason { .. } => "move",
        Step::Search { .. } => "search",
        _ => "field",
    }
}

fn form_print(app: &App) -> Option<String> {
    let Mode::Capture(f) = &app.mode else {
        return None;
    };
    let texts: Vec<&str> = f.inputs.iter().map(|i| i.text()).collect();
    Some(format!(
        "{texts:?} {} {} {} {} {}",
        f.gender, f.purchase_type, f.payment, f.consent, f.grade
    ))
}

fn before(s: &Station) -> Before {
    let app = &s.app;
    Before {
        print: model::print(app),
        call: app.call.as_ref().map(|c| c.lead_id),
        inbound: app.inbound,
        current: app.current_lead(),
        marked: app.marked.clone(),
        prompt: match &app.mode {
            Mode::Prompt(p) => Some((
                p.lead.as_ref().map(|l| l.id),
                kind(&p.step),
                p.input.text().to_string(),
            )),
            _ => None,
        },
        targets: match &app.mode {
            Mode::Prompt(p) => p.targets().iter().map(|l| l.id).collect(),
            _ => Vec::new(),
        },
        form: form_print(app),
        moving: s.moving.clone(),
        consenting: match &app.mode {
            Mode::Capture(f) => f.target(),
            _ => None,
        },
    }
}

enum Did {
    Key { who: Who, bar: bool },
    Tick(Who),
    Drop(Who),
    Wait,
    Other(i64, Option<i64>),
}

fn says(app: &App, level: Level, m: Msg) -> bool {
    app.message
        .as_ref()
        .is_some_and(|x| x.level == level && x.text.starts_with(m.text(app.lang)))
}

/// Runs an act, key by key for the runs, checking after every key.
pub fn act(w: &mut World, a: &Act) -> Result<(), TestCaseError> {
    match a {
        Act::Key(who, k) => key(w, *who, k, false),
        Act::Bar(who, i) => {
            let app = &w.st[ix(*who)].app;
            let bar = app.key_bar();
            prop_assert!(!bar.is_empty(), "an empty key bar in {:?}", app.key_mode());
            let (action, _) = bar[i % bar.len()];
            let mode = app.help_over.unwrap_or_else(|| app.key_mode());
            let k = app.keymap.keys_in(mode, action)[0];
            let k = match (k.ctrl, k.code) {
                (true, KeyCode::Char(c)) => Key::Ctrl(c),
                (_, code) => Key::Code(code),
            };
            key(w, *who, &k, true)
        }
        Act::Log(who, c) => {
            key(w, *who, &Key::char(*c), false)?;
            for _ in 0..6 {
                match answer(&w.st[ix(*who)].app) {
                    Some(k) => key(w, *who, &k, false)?,
                    None => break,
                }
            }
            Ok(())
        }
        Act::Tick(who) => step(w, Did::Tick(*who), None),
        Act::Drop(who) => step(w, Did::Drop(*who), None),
        Act::Wait(m) => {
            w.clock.set(w.now() + Duration::minutes(*m));
            step(w, Did::Wait, None)
        }
        Act::Other(o) => {
            let (by, logged) = w.other(o);
            step(w, Did::Other(by, logged), None)
        }
        _ => {
            let (who, keys) = w.keys_of(a).expect("a run of keys");
            // A person starts from their list: Esc out of what is open.
            for _ in 0..3 {
                let app = &w.st[ix(who)].app;
                if matches!(app.mode, Mode::Normal) && app.help_over.is_none() {
                    break;
                }
                key(w, who, &Key::Code(KeyCode::Esc), false)?;
            }
            for k in &keys {
                key(w, who, k, false)?;
            }
            match a {
                Act::Capture(.., Some(outcome)) => act(w, &Act::Log(who, *outcome)),
                _ => Ok(()),
            }
        }
    }
}

fn key(w: &mut World, who: Who, k: &Key, bar: bool) -> Result<(), TestCaseError> {
    step(w, Did::Key { who, bar }, Some(k))
}

fn reopen(w: &mut World, who: Who) {
    let (me, lang) = (w.st[ix(who)].me.clone(), w.st[ix(who)].lang);
    let app = open_app(w, &me, lang);
    let s = &mut w.st[ix(who)];
    s.app = app;
    s.moving = None;
}

fn step(w: &mut World, did: Did, k: Option<&Key>) -> Result<(), TestCaseError> {
    let now0 = w.now();
    let rows0 = w.rows();
    let bs: Vec<Before> = w.st.iter().map(before).collect();
    // Whose hand this step is.
    let hand = match &did {
        Did::Key { who, .. } | Did::Tick(who) | Did::Drop(who) => Some(w.st[ix(*who)].me.real.id),
        Did::Wait => None,
        Did::Other(by, _) => Some(*by),
    };
    let mut after_key = None;
    match &did {
        Did::Key { who, .. } => {
            let app = &mut w.st[ix(*who)].app;
            // The message line is the workstation's answer: read what this key said.
            app.message = None;
            model::press(app, k.unwrap());
            after_key = Some(model::print(app));
            // The reports are read on a worker: wait for them.
            app.settle();
            if app.quit {
                app.hang_up();
                app.end_drafts(true);
                reopen(w, *who);
            }
        }
        Did::Tick(who) => {
            let app = &mut w.st[ix(*who)].app;
            app.poll_background();
            app.tick();
            app.keep_draft();
        }
        Did::Drop(who) => {
            w.st[ix(*who)].app.end_drafts(false);
            reopen(w, *who);
        }
        Did::Wait | Did::Other(..) => {}
    }
    let now = w.now();
    let rows = w.rows();
    let calls = model::new_calls(&w.db, &mut w.last_call);

    for c in &calls {
        prop_assert!(
            c.agent.is_some() && c.actor.is_some() && c.started <= c.ended && c.ended == now,
            "a call without its agent or not at the time it was logged ({now}): {c:?}"
        );
    }
    for (i, s) in w.st.iter().enumerate() {
        let b = &bs[i];
        let mine: Vec<&CallRow> = calls
            .iter()
            .filter(|c| c.actor.as_deref() == Some(s.me.real.login.as_str()))
            .collect();
        let keyed = matches!(did, Did::Key { who, .. } if who == s.who);
        let saved = keyed
            && says(&s.app, Level::Success, Msg::Saved)
            && b.prompt.as_ref().is_some_and(|p| p.1 == "note");
        if !saved {
            prop_assert!(
                mine.is_empty(),
                "{:?}: calls written without a word: {mine:?} ({:?})",
                s.who,
                s.app.message
            );
            continue;
        }
        prop_assert_eq!(
            mine.len(),
            1,
            "{:?}: \"Saved\", {} calls written",
            s.who,
            mine.len()
        );
        let lead = mine[0].lead;
        let named = b.prompt.as_ref().and_then(|p| p.0);
        prop_assert_eq!(
            Some(lead),
            named,
            "{:?} saved on another lead than its prompt's",
            s.who
        );
        if let Some(on) = b.call.or(b.inbound) {
            prop_assert_eq!(
                lead,
                on,
                "{:?} saved on {} while on the line with {}",
                s.who,
                lead,
                on
            );
        }
        prop_assert_eq!(
            mine[0].inbound,
            b.inbound == Some(lead),
            "{:?}: the call's direction is not the line's",
            s.who
        );
        let name = w
            .others
            .lead(&w.zoe, lead, now)
            .map(|c| c.name)
            .unwrap_or_default();
        let text = &s.app.message.as_ref().unwrap().text;
        prop_assert!(text.contains(&name), "\"{text}\" does not name {name}");
        *w.acked.entry((s.me.real.id, lead)).or_default() += 1;
        let role = match s.who {
            Who::Amy => "amy saved",
            Who::Ivy => "ivy saved",
            Who::Boss => "boss saved",
        };
        *w.did.entry(role).or_default() += 1;
    }
    let theirs: Vec<&CallRow> = calls
        .iter()
        .filter(|c| {
            !w.st
                .iter()
                .any(|s| c.actor.as_deref() == Some(s.me.real.login.as_str()))
        })
        .collect();
    match did {
        Did::Other(by, Some(lead)) => {
            prop_assert!(
                theirs.len() == 1 && theirs[0].lead == lead,
                "a colleague's acknowledged call on {lead} is not the one written: {theirs:?}"
            );
            *w.acked.entry((by, lead)).or_default() += 1;
        }
        _ => prop_assert!(theirs.is_empty(), "unacknowledged calls: {theirs:?}"),
    }
    let in_file = model::calls_in_file(&w.db, "2026-11-23");
    prop_assert_eq!(
        &in_file,
        &w.acked,
        "the file and the acknowledgements differ"
    );

    // A live claim, and its lead's owner and status, change only by the
    // hand of who holds it.
    for (id, row) in &rows0 {
        let after = &rows[id];
        if let Some((holder, until)) = row.claim {
            if until > now0 && hand != Some(holder) {
                prop_assert_eq!(
                    after.claim,
                    row.claim,
                    "lead {}'s live claim by {} changed",
                    id,
                    holder
                );
                prop_assert_eq!(
                    (&after.owner, &after.status),
                    (&row.owner, &row.status),
                    "lead {} changed under {}'s call (until {})",
                    id,
                    holder,
                    until
                );
            }
        }
        if after.claim != row.claim {
            if let Some((holder, _)) = after.claim {
                prop_assert_eq!(Some(holder), hand, "lead {} claimed for someone else", id);
            }
        }
    }

    // What a key changed: only the leads its prompt was opened on.
    let changed: BTreeSet<i64> = rows0
        .iter()
        .filter(|(id, r)| (&rows[*id].owner, &rows[*id].status) != (&r.owner, &r.status))
        .map(|(id, _)| *id)
        .collect();
    if let Did::Key { who, .. } | Did::Tick(who) | Did::Drop(who) = did {
        let b = &bs[ix(who)];
        let mut may: BTreeSet<i64> = BTreeSet::new();
        if matches!(did, Did::Key { .. }) {
            match &b.prompt {
                Some((Some(lead), "note" | "decide", _)) => {
                    may.insert(*lead);
                }
                Some((_, "move", _)) => may.extend(b.moving.iter().flatten().map(|(id, _)| *id)),
                _ => {}
            }
            may.extend(b.consenting);
        }
        prop_assert!(
            changed.is_subset(&may),
            "{:?} changed leads {:?}; its prompt was on {:?}",
            who,
            changed,
            may
        );
        let app = &w.st[ix(who)].app;
        if matches!(did, Did::Key { .. }) && says(app, Level::Success, Msg::Moved) {
            // Those it was opened on now have one owner (some had it already).
            let owners: BTreeSet<Option<i64>> = b
                .moving
                .iter()
                .flatten()
                .map(|(id, _)| rows[id].owner)
                .collect();
            prop_assert_eq!(owners.len(), 1, "the leads moved have {:?} owners", owners);
            // And none had left the view meanwhile: a move saves nothing then.
            for (id, was) in b.moving.iter().flatten() {
                prop_assert_eq!(
                    rows0[id].owner,
                    *was,
                    "lead {} moved though it had left the view since the prompt opened",
                    id
                );
            }
            *w.did.entry("moved").or_default() += 1;
        }
        let decided = b.prompt.as_ref().is_some_and(|p| p.1 == "decide");
        if matches!(did, Did::Key { .. }) && decided && says(app, Level::Success, Msg::Saved) {
            *w.did.entry("decided").or_default() += 1;
        }
        if matches!(did, Did::Key { .. }) && says(app, Level::Success, Msg::Captured) {
            *w.did.entry("captured").or_default() += 1;
        }
    }

    // The move prompt remembers what it was opened on.
    if let Did::Key { who, .. } = did {
        let b = &bs[ix(who)];
        let s = &mut w.st[ix(who)];
        s.moving = match &s.app.mode {
            Mode::Prompt(p) if matches!(p.step, Step::MoveTo { .. } | Step::MoveReason { .. }) => {
                match &b.moving {
                    Some(m) => Some(m.clone()),
                    None => {
                        let ids = match b.marked.is_empty() {
                            true => b.current.into_iter().collect(),
                            false => b.marked.clone(),
                        };
                        Some(ids.into_iter().map(|id| (id, rows0[&id].owner)).collect())
                    }
                }
            }
            _ => None,
        };
    }

    for (i, b) in bs.iter().enumerate() {
        station(w, i, b, &did, after_key.as_deref(), &rows, now)?;
    }
    Ok(())
}

/// The checks of one workstation's state and screen.
fn station(
    w: &mut World,
    i: usize,
    b: &Before,
    did: &Did,
    after_key: Option<&str>,
    rows: &BTreeMap<i64, Row>,
    now: NaiveDateTime,
) -> Result<(), TestCaseError> {
    let revealed = model::revealed_to(&w.db, w.st[i].me.real.id);
    let s = &mut w.st[i];
    let app = &s.app;
    let keyed = matches!(did, Did::Key { who, .. } if *who == s.who);

    // A key from the key bar does something or says why not.
    if let (true, Did::Key { bar: true, .. }) = (keyed, did) {
        prop_assert!(
            app.message.is_some() || after_key != Some(b.print.as_str()),
            "{:?}: a key of the bar did nothing and said nothing in {:?}",
            s.who,
            b.print
        );
    }
    // A refusal keeps what was typed.
    if keyed
        && app
            .message
            .as_ref()
            .is_some_and(|m| m.level == Level::Error)
    {
        let text = &app.message.as_ref().unwrap().text;
        if let Some((_, kind, input)) = b.prompt.as_ref().filter(|p| p.1 != "search") {
            match &app.mode {
                Mode::Prompt(p) => prop_assert_eq!(
                    p.input.text(),
                    input.as_str(),
                    "a refusal lost what was typed (at {})",
                    kind
                ),
                _ => prop_assert!(
                    text.contains(Msg::NotSaved.text(app.lang)),
                    "a prompt closed on an error without saying nothing was saved: {}",
                    text
                ),
            }
        }
        if let Some(form) = &b.form {
            let now_form = form_print(app);
            prop_assert_eq!(
                now_form.as_ref(),
                Some(form),
                "a refusal lost the capture form's fields: {}",
                text
            );
        }
    }
    // One conversation at a time: a call, or a known caller on the line.
    if let (Some(call), Some(caller)) = (&app.call, app.inbound) {
        prop_assert_eq!(
            call.lead_id,
            caller,
            "{:?}: on a call and with another caller",
            s.who
        );
    }
    // A refresh never changes the leads a prompt saves on.
    if let (Some(_), Mode::Prompt(p)) = (&b.prompt, &app.mode) {
        let now: Vec<i64> = p.targets().iter().map(|l| l.id).collect();
        if !b.targets.is_empty() {
            prop_assert_eq!(&now, &b.targets, "the prompt's leads changed");
        }
    }

    // The selection is a row in view; the card is the lead the keys act on.
    let in_view = match &app.mode {
        Mode::Team(v) => v.selected < v.rows.len(),
        Mode::Requests(v) => {
            v.rows.is_empty()
                || (v.selected < v.rows.len()
                    && (app.pinned == Some(v.rows[v.selected].lead_id) || app.message.is_some()))
        }
        _ if dcc_desk::app::inbound::is_home(app) => {
            app.captures.is_empty() || app.home_selected < app.captures.len()
        }
        _ => app.queue.is_empty() || app.selected < app.queue.len(),
    };
    prop_assert!(
        in_view,
        "{:?}: the selection is not a row in view ({:?})",
        s.who,
        app.mode
    );
    match (app.current_lead(), &app.card) {
        (Some(id), Some(card)) => prop_assert_eq!(card.id, id, "the card is not the selected lead"),
        (None, None) => {}
        (Some(id), None) => prop_assert!(app.message.is_some(), "no card for {id} and no word why"),
        (None, Some(card)) => prop_assert!(false, "a card ({}) with nothing selected", card.id),
    }

    // No full number this person may not see.
    let me = &app.actor;
    let see_now: BTreeSet<i64> = rows
        .iter()
        .filter(|(id, r)| {
            r.owner == Some(me.agent.id) || r.held_by(me.real.id, now) || revealed.contains(id)
        })
        .map(|(id, _)| *id)
        .collect();
    let may_see: BTreeSet<i64> = see_now.union(&s.may_see).copied().collect();
    let typed = model::typed(app);
    let mut screens = vec![common::screen(app, 80, 24)];
    if matches!(did, Did::Tick(_)) {
        screens.push(common::screen(app, 160, 45));
    }
    for screen in &screens {
        if let Some((id, phone)) =
            model::leaked_number(screen, rows, |id| may_see.contains(&id), &typed)
        {
            prop_assert!(
                false,
                "{:?}: lead {id}'s full number {phone} on screen:\n{screen}",
                s.who
            );
        }
        // Acting for an agent is said, in both names.
        if me.agent.id != me.real.id {
            let line = model::status_line(screen);
            prop_assert!(
                line.contains(Msg::ActingFor.text(app.lang)) && line.contains(&me.agent.name),
                "acting for {} is not on the status line: {line}",
                me.agent.name
            );
        }
    }
    if keyed && me.agent.id != me.real.id {
        *w.did.entry("acted for").or_default() += 1;
    }
    let s = &mut w.st[i];
    let refreshed = matches!(did, Did::Tick(who) if *who == s.who) && s.app.last_refresh == now;
    if refreshed || matches!(did, Did::Drop(who) if *who == s.who) {
        s.may_see = see_now;
    } else {
        s.may_see = may_see;
    }
    Ok(())
}

/// Adds what this run did to the tally over all runs.
pub fn tally(w: &World) {
    DID.with(|d| {
        let mut d = d.borrow_mut();
        for (k, v) in &w.did {
            *d.entry(k).or_default() += v;
        }
    });
}
