//! Keys are data, one map per mode: defaults embedded here, user overrides
//! from the config (`[keys] reached = "r, 1"` for the queue,
//! `[keys.requests] approve = "y"` for another mode), and the key bar and
//! help are drawn from the map of the mode in force, so they never disagree
//! with what a key does.

use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// A key as written in the config: `j`, `J`, `?`, `enter`, `esc`, `up`,
/// `pgdn`, `home`, `f1`, `ctrl-d`, `space`, `tab`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    pub fn parse(s: &str) -> Option<Key> {
        let s = s.trim();
        let (ctrl, rest) = match s.strip_prefix("ctrl-").or_else(|| s.strip_prefix("ctrl+")) {
            Some(r) => (true, r),
            None => (false, s),
        };
        let code = match rest.to_ascii_lowercase().as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            f if f.len() > 1 && f.starts_with('f') => KeyCode::F(f[1..].parse().ok()?),
            _ => {
                let mut chars = rest.chars();
                let c = chars.next()?;
                if chars.next().is_some() {
                    return None;
                }
                KeyCode::Char(c)
            }
        };
        Some(Key { code, ctrl })
    }

    pub fn from_event(e: &KeyEvent) -> Key {
        Key {
            code: e.code,
            ctrl: e.modifiers.contains(KeyModifiers::CONTROL),
        }
    }

    /// The event this key stands for (for tests and for the text modes).
    pub fn event(&self) -> KeyEvent {
        let mods = if self.ctrl {
            KeyModifiers::CONTROL
        } else {
            KeyModifiers::NONE
        };
        KeyEvent::new(self.code, mods)
    }

    /// As shown in help and the key bar.
    pub fn display(&self) -> String {
        let base = match self.code {
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::BackTab => "S-Tab".to_string(),
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::Home => "Home".to_string(),
            KeyCode::End => "End".to_string(),
            KeyCode::Backspace => "Bksp".to_string(),
            KeyCode::Delete => "Del".to_string(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("C-{base}")
        } else {
            base
        }
    }
}

/// Each screen or form has its own keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyMode {
    /// Today's queue, the card and the script.
    Queue,
    /// The inbound agent's home: today's captures, the capture form and
    /// search a key away, the outcomes for a known caller on the line.
    Inbound,
    /// The queue on a lead whose defeat or lost contact waits for its
    /// verification call: its own outcomes (confirm, the customer is back).
    Verify,
    /// The capture form.
    Capture,
    /// A prompt (time, reason, note, grade, search, decision, move).
    Prompt,
    /// The supervisor's requests list.
    Requests,
    /// The team's day.
    Team,
    /// The reports screen.
    Reports,
    /// The sales consultant's home: the expected visits (`app::showroom`).
    Showroom,
    /// The help overlay.
    Help,
}

impl KeyMode {
    pub const ALL: &'static [KeyMode] = &[
        KeyMode::Queue,
        KeyMode::Inbound,
        KeyMode::Verify,
        KeyMode::Capture,
        KeyMode::Prompt,
        KeyMode::Requests,
        KeyMode::Team,
        KeyMode::Reports,
        KeyMode::Showroom,
        KeyMode::Help,
    ];

    /// The name of its table in the config: `[keys.requests]`.
    pub fn name(self) -> &'static str {
        match self {
            KeyMode::Queue => "queue",
            KeyMode::Inbound => "inbound",
            KeyMode::Verify => "verify",
            KeyMode::Capture => "capture",
            KeyMode::Prompt => "prompt",
            KeyMode::Requests => "requests",
            KeyMode::Team => "team",
            KeyMode::Reports => "reports",
            KeyMode::Showroom => "showroom",
            KeyMode::Help => "help",
        }
    }

    pub fn from_name(name: &str) -> Option<KeyMode> {
        KeyMode::ALL
            .iter()
            .copied()
            .find(|m| m.name() == name.trim())
    }

    /// The embedded defaults of this mode: each action with its keys, the
    /// first key shown in the key bar. The lists (queue, requests, team)
    /// share their movement keys.
    fn defaults(self) -> impl Iterator<Item = &'static (Action, &'static str)> {
        let (moves, own): (&'static [(Action, &'static str)], _) = match self {
            KeyMode::Queue => (LIST_MOVES, QUEUE),
            KeyMode::Inbound => (LIST_MOVES, INBOUND),
            KeyMode::Verify => (LIST_MOVES, VERIFY),
            KeyMode::Capture => (&[], CAPTURE),
            KeyMode::Prompt => (&[], PROMPT),
            KeyMode::Requests => (LIST_MOVES, REQUESTS),
            KeyMode::Team => (LIST_MOVES, TEAM),
            KeyMode::Reports => (&[], REPORTS),
            KeyMode::Showroom => (LIST_MOVES, super::showroom::KEYS),
            KeyMode::Help => (&[], HELP),
        };
        moves.iter().chain(own)
    }

    /// The actions the key bar shows in this mode, in order.
    pub fn key_bar(self) -> &'static [Action] {
        match self {
            KeyMode::Queue => &[
                Action::Help,
                Action::Call,
                Action::Reached,
                Action::NoAnswer,
                Action::CallbackAt,
                Action::Appointment,
                Action::Visited,
                Action::Ordered,
                Action::Delivered,
                Action::Defeat,
                Action::Invalid,
                Action::Lost,
                Action::Dnc,
                Action::Regrade,
                // Only on a do-not-call lead (App::key_bar).
                Action::Consent,
                Action::Search,
                Action::Capture,
                // Supervisors only: the key bar hides them from agents.
                Action::Team,
                Action::Requests,
                Action::Reports,
                Action::Move,
                Action::Quit,
            ],
            // Confirming the defeat or the lost contact, as the lead is
            // (App::key_bar).
            KeyMode::Verify => &[
                Action::Help,
                Action::Call,
                Action::ConfirmDefeat,
                Action::ConfirmLost,
                Action::CustomerBack,
                Action::NoAnswer,
                Action::CallbackAt,
                Action::Appointment,
                Action::Dnc,
                Action::Regrade,
                Action::Search,
                Action::Capture,
                Action::Team,
                Action::Requests,
                Action::Reports,
                Action::Move,
                Action::Quit,
            ],
            // The outcomes and Esc only while a known caller is on the line
            // (App::key_bar).
            KeyMode::Inbound => &[
                Action::Help,
                Action::Capture,
                Action::Search,
                Action::Reached,
                Action::CallbackAt,
                Action::Appointment,
                Action::Defeat,
                Action::Invalid,
                Action::Dnc,
                Action::Regrade,
                Action::Consent,
                Action::HangUp,
                Action::Quit,
            ],
            KeyMode::Capture => &[
                Action::NextField,
                Action::PrevField,
                Action::Save,
                Action::Back,
            ],
            KeyMode::Prompt => &[Action::Confirm, Action::PrevField, Action::Back],
            KeyMode::Requests => &[
                Action::Approve,
                Action::Reject,
                Action::Reveal,
                Action::Back,
            ],
            KeyMode::Team => &[Action::Open, Action::Back],
            KeyMode::Reports => &[
                Action::NextPage,
                Action::PrevPage,
                Action::Refresh,
                Action::Back,
            ],
            KeyMode::Showroom => super::showroom::KEY_BAR,
            KeyMode::Help => &[Action::Back],
        }
    }
}

/// Moving in a list: the queue, the requests, the team.
const LIST_MOVES: &[(Action, &str)] = &[
    (Action::Up, "up, k"),
    (Action::Down, "down, j"),
    (Action::PageUp, "pgup"),
    (Action::PageDown, "pgdn"),
    (Action::Top, "home"),
    (Action::Bottom, "end"),
];

const QUEUE: &[(Action, &str)] = &[
    (Action::Call, "enter"),
    (Action::HangUp, "esc"),
    (Action::Reached, "r"),
    (Action::NoAnswer, "n"),
    (Action::CallbackAt, "b"),
    (Action::Appointment, "a"),
    (Action::Visited, "v"),
    (Action::Ordered, "o"),
    (Action::Delivered, "e"),
    (Action::Defeat, "d"),
    (Action::Invalid, "i"),
    (Action::Lost, "l"),
    (Action::Dnc, "x"),
    (Action::Regrade, "g"),
    (Action::Consent, "y"),
    (Action::Search, "/"),
    (Action::Capture, "c, f2"),
    (Action::Team, "T"),
    (Action::Requests, "A"),
    (Action::Reports, "R"),
    (Action::Mark, "space"),
    (Action::Move, "m"),
    (Action::ScriptUp, "K"),
    (Action::ScriptDown, "J"),
    (Action::Help, "?, f1"),
    (Action::Quit, "q, ctrl-c"),
];

/// A verification call: the queue's keys, `d` and `l` confirm what is
/// verified, `r` says the customer is back.
const VERIFY: &[(Action, &str)] = &[
    (Action::Call, "enter"),
    (Action::HangUp, "esc"),
    (Action::CustomerBack, "r"),
    (Action::NoAnswer, "n"),
    (Action::CallbackAt, "b"),
    (Action::Appointment, "a"),
    (Action::ConfirmDefeat, "d"),
    (Action::ConfirmLost, "l"),
    (Action::Dnc, "x"),
    (Action::Regrade, "g"),
    (Action::Search, "/"),
    (Action::Capture, "c, f2"),
    (Action::Team, "T"),
    (Action::Requests, "A"),
    (Action::Reports, "R"),
    (Action::Mark, "space"),
    (Action::Move, "m"),
    (Action::ScriptUp, "K"),
    (Action::ScriptDown, "J"),
    (Action::Help, "?, f1"),
    (Action::Quit, "q, ctrl-c"),
];

/// The inbound agent's home: no outbound call, no queue outcomes; the
/// outcomes of a known caller's call keep the queue's keys.
const INBOUND: &[(Action, &str)] = &[
    (Action::Capture, "c, f2"),
    (Action::Search, "/"),
    (Action::Reached, "r"),
    (Action::CallbackAt, "b"),
    (Action::Appointment, "a"),
    (Action::Defeat, "d"),
    (Action::Invalid, "i"),
    (Action::Dnc, "x"),
    (Action::Regrade, "g"),
    (Action::Consent, "y"),
    (Action::HangUp, "esc"),
    (Action::ScriptUp, "K"),
    (Action::ScriptDown, "J"),
    (Action::Help, "?, f1"),
    (Action::Quit, "q, ctrl-c"),
];

/// The text modes take every other key as typing: only these are bound.
const CAPTURE: &[(Action, &str)] = &[
    (Action::NextField, "tab, down"),
    (Action::PrevField, "backtab, up"),
    (Action::Confirm, "enter"),
    (Action::Save, "ctrl-s"),
    (Action::Back, "esc, ctrl-c"),
];

const PROMPT: &[(Action, &str)] = &[
    (Action::Up, "up"),
    (Action::Down, "down"),
    (Action::NextField, "tab"),
    (Action::PrevField, "backtab"),
    (Action::Confirm, "enter"),
    (Action::Clear, "ctrl-u"),
    (Action::Back, "esc, ctrl-c"),
];

const REQUESTS: &[(Action, &str)] = &[
    (Action::Approve, "y"),
    (Action::Reject, "n"),
    (Action::Reveal, "p"),
    (Action::Help, "?, f1"),
    (Action::Back, "esc, q, A"),
    (Action::Quit, "ctrl-c"),
];

const TEAM: &[(Action, &str)] = &[
    (Action::Open, "enter"),
    (Action::Help, "?, f1"),
    (Action::Back, "esc, q, T"),
    (Action::Quit, "ctrl-c"),
];

const REPORTS: &[(Action, &str)] = &[
    (Action::NextPage, "tab, right, l"),
    (Action::PrevPage, "backtab, left, h"),
    (Action::Up, "up, k"),
    (Action::Down, "down, j"),
    (Action::PageUp, "pgup"),
    (Action::PageDown, "pgdn"),
    (Action::Top, "home"),
    (Action::ScrollLeft, "<, ,"),
    (Action::ScrollRight, ">, ."),
    (Action::Refresh, "r"),
    (Action::Help, "?, f1"),
    (Action::Back, "esc, q, R"),
    (Action::Quit, "ctrl-c"),
];

const HELP: &[(Action, &str)] = &[(Action::Back, "esc, q, ?, f1"), (Action::Quit, "ctrl-c")];

/// One mode's bindings.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ModeKeys {
    /// Each action's keys, first one shown in the key bar.
    keys: Vec<(Action, Vec<Key>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    modes: BTreeMap<KeyMode, ModeKeys>,
    /// The embedded defaults, parsed once: the text modes read a key
    /// through them on every key press.
    defaults: BTreeMap<KeyMode, ModeKeys>,
}

fn parse_list(s: &str) -> Result<Vec<Key>, String> {
    // "<, ," is `<` and `,`: a lone comma between separators is the key.
    let mut out = Vec::new();
    for part in split_keys(s) {
        out.push(Key::parse(&part).ok_or_else(|| part.trim().to_string())?);
    }
    Ok(out)
}

/// Splits `a, b, ,` on the separating commas, keeping a comma key.
fn split_keys(s: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let alone = cur.trim().is_empty()
            && chars
                .get(i + 1)
                .is_none_or(|n| *n == ',' || n.is_whitespace());
        if c == ',' && !alone {
            parts.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    parts.push(cur);
    parts.into_iter().filter(|p| !p.trim().is_empty()).collect()
}

impl ModeKeys {
    fn defaults(mode: KeyMode) -> ModeKeys {
        ModeKeys {
            keys: mode
                .defaults()
                .map(|(a, k)| (*a, parse_list(k).unwrap_or_default()))
                .collect(),
        }
    }

    fn action(&self, k: &Key) -> Option<Action> {
        self.keys
            .iter()
            .find(|(_, ks)| ks.contains(k))
            .map(|(a, _)| *a)
    }
}

impl Keymap {
    pub fn defaults() -> Keymap {
        let modes: BTreeMap<KeyMode, ModeKeys> = KeyMode::ALL
            .iter()
            .map(|m| (*m, ModeKeys::defaults(*m)))
            .collect();
        Keymap {
            defaults: modes.clone(),
            modes,
        }
    }

    /// The defaults with the queue's overrides (`[keys]`). A bad entry is
    /// skipped and named in the returned messages; the rest still applies.
    pub fn with_overrides(overrides: &BTreeMap<String, String>) -> (Keymap, Vec<String>) {
        Keymap::with_mode_overrides(overrides, &BTreeMap::new())
    }

    /// The defaults with `[keys]` (the queue) and `[keys.MODE]` overrides.
    pub fn with_mode_overrides(
        queue: &BTreeMap<String, String>,
        modes: &BTreeMap<String, BTreeMap<String, String>>,
    ) -> (Keymap, Vec<String>) {
        let mut map = Keymap::defaults();
        let mut problems = Vec::new();
        map.apply(KeyMode::Queue, "[keys]", queue, &mut problems);
        // A verification call keeps the queue's keys: its confirmations take
        // those of defeat and lost, "the customer is back" that of reached.
        let verify = ModeKeys::defaults(KeyMode::Verify);
        let follow: BTreeMap<String, String> = queue
            .iter()
            .filter_map(|(name, keys)| {
                let action = match Action::from_name(name)? {
                    Action::Reached => Action::CustomerBack,
                    Action::Defeat => Action::ConfirmDefeat,
                    Action::Lost => Action::ConfirmLost,
                    other => other,
                };
                let ours = verify.keys.iter().any(|(a, _)| *a == action);
                ours.then(|| (action.name(), keys.clone()))
            })
            .collect();
        map.apply(KeyMode::Verify, "[keys]", &follow, &mut Vec::new());
        for (name, table) in modes {
            match KeyMode::from_name(name) {
                Some(mode) => map.apply(mode, &format!("[keys.{name}]"), table, &mut problems),
                None => problems.push(format!("[keys.{name}]: no such mode")),
            }
        }
        (map, problems)
    }

    fn apply(
        &mut self,
        mode: KeyMode,
        table: &str,
        overrides: &BTreeMap<String, String>,
        problems: &mut Vec<String>,
    ) {
        let Some(m) = self.modes.get_mut(&mode) else {
            return;
        };
        for (name, keys) in overrides {
            let Some(action) = Action::from_name(name) else {
                problems.push(format!("{table} {name}: no such action"));
                continue;
            };
            if !m.keys.iter().any(|(a, _)| *a == action) {
                problems.push(format!("{table} {name}: not an action of this mode"));
                continue;
            }
            let keys = match parse_list(keys) {
                Ok(k) if !k.is_empty() => k,
                Ok(_) => {
                    problems.push(format!("{table} {name}: no key given"));
                    continue;
                }
                Err(bad) => {
                    problems.push(format!("{table} {name}: {bad:?} is not a key"));
                    continue;
                }
            };
            // A key moves to its new action: no key does two things.
            for (_, ks) in m.keys.iter_mut() {
                ks.retain(|k| !keys.contains(k));
            }
            if let Some((_, ks)) = m.keys.iter_mut().find(|(a, _)| *a == action) {
                *ks = keys;
            }
        }
    }

    /// What a key does in a mode.
    pub fn action_in(&self, mode: KeyMode, key: &KeyEvent) -> Option<Action> {
        // Shifted letters arrive as uppercase chars; some terminals add SHIFT.
        self.modes.get(&mode)?.action(&Key::from_event(key))
    }

    /// What a key does in the queue.
    pub fn action(&self, key: &KeyEvent) -> Option<Action> {
        self.action_in(KeyMode::Queue, key)
    }

    pub fn keys_in(&self, mode: KeyMode, action: Action) -> &[Key] {
        self.modes
            .get(&mode)
            .and_then(|m| m.keys.iter().find(|(a, _)| *a == action))
            .map(|(_, k)| k.as_slice())
            .unwrap_or(&[])
    }

    pub fn keys(&self, action: Action) -> &[Key] {
        self.keys_in(KeyMode::Queue, action)
    }

    /// The first key of an action in a mode, as shown on screen.
    pub fn label_in(&self, mode: KeyMode, action: Action) -> String {
        self.keys_in(mode, action)
            .first()
            .map(Key::display)
            .unwrap_or_default()
    }

    pub fn key_label(&self, action: Action) -> String {
        self.label_in(KeyMode::Queue, action)
    }

    /// Every bound action of a mode with its keys, for help.
    pub fn help_in(&self, mode: KeyMode) -> Vec<(Action, String)> {
        self.modes
            .get(&mode)
            .map(|m| {
                m.keys
                    .iter()
                    .filter(|(_, ks)| !ks.is_empty())
                    .map(|(a, ks)| {
                        (
                            *a,
                            ks.iter().map(Key::display).collect::<Vec<_>>().join(" "),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn help(&self) -> Vec<(Action, String)> {
        self.help_in(KeyMode::Queue)
    }

    /// The key bar of a mode: each shown action that has a key, with its
    /// first key.
    pub fn key_bar(&self, mode: KeyMode) -> Vec<(Action, String)> {
        mode.key_bar()
            .iter()
            .map(|a| (*a, self.label_in(mode, *a)))
            .filter(|(_, k)| !k.is_empty())
            .collect()
    }

    /// For the text modes (prompt, capture): the key as the form's editor
    /// reads it. A bound key becomes its action's default key (so `Tab`
    /// rebound to `ctrl-n` moves to the next field); a default key that was
    /// rebound elsewhere does nothing; any other key is typing.
    pub fn text_key(&self, mode: KeyMode, key: KeyEvent) -> Option<KeyEvent> {
        let defaults = self.defaults.get(&mode)?;
        let k = Key::from_event(&key);
        if let Some(action) = self.action_in(mode, &key) {
            return defaults
                .keys
                .iter()
                .find(|(a, _)| *a == action)
                .and_then(|(_, ks)| ks.first())
                .map(Key::event);
        }
        if defaults.action(&k).is_some() {
            return None;
        }
        Some(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn defaults_resolve_and_no_key_does_two_things_in_a_mode() {
        let m = Keymap::defaults();
        assert_eq!(m.action(&ev('r')), Some(Action::Reached));
        assert_eq!(m.action(&ev('j')), Some(Action::Down));
        assert_eq!(
            m.action(&KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(
            m.action_in(KeyMode::Requests, &ev('n')),
            Some(Action::Reject)
        );
        assert_eq!(
            m.action_in(KeyMode::Reports, &ev('r')),
            Some(Action::Refresh)
        );
        for (mode, keys) in &m.modes {
            let mut seen = std::collections::HashSet::new();
            for (_, ks) in &keys.keys {
                for k in ks {
                    assert!(seen.insert(*k), "{k:?} bound twice in {mode:?}");
                }
            }
            for (a, ks) in &keys.keys {
                assert!(!ks.is_empty(), "{a:?} has no default key in {mode:?}");
            }
            for a in mode.key_bar() {
                assert!(!m.keys_in(*mode, *a).is_empty(), "{a:?} in {mode:?}'s bar");
            }
        }
        for a in Action::ALL {
            assert!(
                KeyMode::ALL
                    .iter()
                    .any(|mode| !m.keys_in(*mode, *a).is_empty()),
                "{a:?} has a key in no mode"
            );
        }
    }

    #[test]
    fn overrides_move_keys_and_report_mistakes() {
        let mut o = BTreeMap::new();
        o.insert("reached".to_string(), "1, r".to_string());
        o.insert("no_answer".to_string(), "2".to_string());
        o.insert("teleport".to_string(), "t".to_string());
        o.insert("dnc".to_string(), "ctrl-".to_string());
        let (m, problems) = Keymap::with_overrides(&o);
        assert_eq!(m.action(&ev('1')), Some(Action::Reached));
        assert_eq!(m.action(&ev('2')), Some(Action::NoAnswer));
        assert_eq!(m.action(&ev('n')), None, "n was replaced");
        assert_eq!(
            m.action(&ev('x')),
            Some(Action::Dnc),
            "a bad entry keeps the default"
        );
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("teleport")));
        let help = m.help();
        assert!(help
            .iter()
            .any(|(a, k)| *a == Action::Reached && k == "1 r"));
        assert_eq!(
            m.action_in(KeyMode::Requests, &ev('n')),
            Some(Action::Reject),
            "the queue's overrides stay in the queue"
        );
    }

    #[test]
    fn each_mode_takes_its_own_overrides() {
        let mut requests = BTreeMap::new();
        requests.insert("approve".to_string(), "a".to_string());
        requests.insert("reached".to_string(), "r".to_string());
        let mut capture = BTreeMap::new();
        capture.insert("save".to_string(), "f5".to_string());
        let mut modes = BTreeMap::new();
        modes.insert("requests".to_string(), requests);
        modes.insert("capture".to_string(), capture);
        modes.insert("nowhere".to_string(), BTreeMap::new());
        let (m, problems) = Keymap::with_mode_overrides(&BTreeMap::new(), &modes);
        assert_eq!(
            m.action_in(KeyMode::Requests, &ev('a')),
            Some(Action::Approve)
        );
        assert_eq!(m.action_in(KeyMode::Requests, &ev('y')), None);
        assert_eq!(m.label_in(KeyMode::Requests, Action::Approve), "a");
        assert!(m
            .key_bar(KeyMode::Requests)
            .contains(&(Action::Approve, "a".to_string())));
        assert_eq!(problems.len(), 2, "{problems:?}");
        // The text modes: F5 saves the form, Ctrl-S no longer does, letters type.
        let f5 = Key::parse("f5").unwrap().event();
        let ctrl_s = Key::parse("ctrl-s").unwrap().event();
        assert_eq!(m.text_key(KeyMode::Capture, f5), Some(ctrl_s));
        assert_eq!(m.text_key(KeyMode::Capture, ctrl_s), None);
        assert_eq!(m.text_key(KeyMode::Capture, ev('s')), Some(ev('s')));
    }

    #[test]
    fn keys_parse_and_display() {
        assert_eq!(Key::parse("ctrl-d").unwrap().display(), "C-d");
        assert_eq!(Key::parse("pgdn").unwrap().display(), "PgDn");
        assert_eq!(Key::parse("F1").unwrap().display(), "F1");
        assert!(Key::parse("nope").is_none());
        assert_eq!(
            parse_list("<, ,").unwrap(),
            vec![Key::parse("<").unwrap(), Key::parse(",").unwrap()]
        );
    }
}
