//! Keys are data: defaults embedded here, user overrides from the config
//! (`[keys] reached = "r"` or `reached = "r, 1"`), and help is generated
//! from the same map so it never lies after a remap.

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

const DEFAULTS: &[(Action, &str)] = &[
    (Action::Up, "up, k"),
    (Action::Down, "down, j"),
    (Action::PageUp, "pgup"),
    (Action::PageDown, "pgdn"),
    (Action::Top, "home"),
    (Action::Bottom, "end"),
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
    (Action::Quit, "q"),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    /// Each action's keys, first one shown in the key bar.
    keys: Vec<(Action, Vec<Key>)>,
}

fn parse_list(s: &str) -> Result<Vec<Key>, String> {
    s.split(',')
        .filter(|k| !k.trim().is_empty())
        .map(|k| Key::parse(k).ok_or_else(|| k.trim().to_string()))
        .collect()
}

impl Keymap {
    pub fn defaults() -> Keymap {
        Keymap {
            keys: DEFAULTS
                .iter()
                .map(|(a, k)| (*a, parse_list(k).unwrap_or_default()))
                .collect(),
        }
    }

    /// The defaults with the user's overrides. A bad entry is skipped and
    /// named in the returned messages; the rest still applies.
    pub fn with_overrides(overrides: &BTreeMap<String, String>) -> (Keymap, Vec<String>) {
        let mut map = Keymap::defaults();
        let mut problems = Vec::new();
        for (name, keys) in overrides {
            let Some(action) = Action::from_name(name) else {
                problems.push(format!("[keys] {name}: no such action"));
                continue;
            };
            let keys = match parse_list(keys) {
                Ok(k) if !k.is_empty() => k,
                Ok(_) => {
                    problems.push(format!("[keys] {name}: no key given"));
                    continue;
                }
                Err(bad) => {
                    problems.push(format!("[keys] {name}: {bad:?} is not a key"));
                    continue;
                }
            };
            // A key moves to its new action: no key does two things.
            for (_, ks) in map.keys.iter_mut() {
                ks.retain(|k| !keys.contains(k));
            }
            if let Some((_, ks)) = map.keys.iter_mut().find(|(a, _)| *a == action) {
                *ks = keys;
            }
        }
        (map, problems)
    }

    pub fn action(&self, key: &KeyEvent) -> Option<Action> {
        let k = Key::from_event(key);
        // Shifted letters arrive as uppercase chars; some terminals add SHIFT.
        self.keys
            .iter()
            .find(|(_, ks)| ks.contains(&k))
            .map(|(a, _)| *a)
    }

    pub fn keys(&self, action: Action) -> &[Key] {
        self.keys
            .iter()
            .find(|(a, _)| *a == action)
            .map(|(_, k)| k.as_slice())
            .unwrap_or(&[])
    }

    /// The first key of an action, as shown on screen.
    pub fn key_label(&self, action: Action) -> String {
        self.keys(action)
            .first()
            .map(Key::display)
            .unwrap_or_default()
    }

    /// Every bound action with its keys, for help.
    pub fn help(&self) -> Vec<(Action, String)> {
        self.keys
            .iter()
            .filter(|(_, ks)| !ks.is_empty())
            .map(|(a, ks)| {
                (
                    *a,
                    ks.iter().map(Key::display).collect::<Vec<_>>().join(" "),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn defaults_resolve_and_no_key_does_two_things() {
        let m = Keymap::defaults();
        assert_eq!(m.action(&ev('r')), Some(Action::Reached));
        assert_eq!(m.action(&ev('j')), Some(Action::Down));
        assert_eq!(
            m.action(&KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)),
            Some(Action::Down)
        );
        let mut seen = std::collections::HashSet::new();
        for (_, ks) in &m.keys {
            for k in ks {
                assert!(seen.insert(*k), "{k:?} bound twice");
            }
        }
        for a in Action::ALL {
            assert!(!m.keys(*a).is_empty(), "{a:?} has no default key");
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
    }

    #[test]
    fn keys_parse_and_display() {
        assert_eq!(Key::parse("ctrl-d").unwrap().display(), "C-d");
        assert_eq!(Key::parse("pgdn").unwrap().display(), "PgDn");
        assert_eq!(Key::parse("F1").unwrap().display(), "F1");
        assert!(Key::parse("nope").is_none());
    }
}
