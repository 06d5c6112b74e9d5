//! Text at the door. Everything a person or a file gives us (a name, a model,
//! a note, a script, a reason, a setting) is checked where it enters: no
//! control characters (a terminal would obey them), no bidirectional
//! overrides or invisible characters (they make text read other than it is),
//! and a length that fits the field. And, for text stored before these
//! checks or by another program, one function that makes stored text safe to
//! print: every such character shown visibly instead of sent.

use std::borrow::Cow;

/// The kinds of text that enter, each with its own limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    Model,
    City,
    CurrentCar,
    Consent,
    Note,
    Script,
    ScriptTitle,
    ReasonName,
    ReasonCode,
    Setting,
    Login,
    AgentName,
    Channel,
    Origin,
}

impl Field {
    /// The most characters the field takes.
    pub fn limit(self) -> usize {
        match self {
            Field::Name | Field::AgentName => 50,
            Field::Model | Field::CurrentCar => 60,
            Field::City => 40,
            Field::Consent => 200,
            Field::Note => 2_000,
            Field::Script => 20_000,
            Field::ScriptTitle => 100,
            Field::ReasonName => 60,
            Field::ReasonCode | Field::Login => 40,
            Field::Setting => 500,
            Field::Channel => 60,
            Field::Origin => 300,
        }
    }

    /// Whether the field may hold several lines (and tabs).
    pub fn multiline(self) -> bool {
        matches!(self, Field::Note | Field::Script | Field::Consent)
    }
}

/// What is wrong with a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A control character (C0, DEL, C1; tab and line breaks where the
    /// field does not allow them).
    Control(char),
    /// A bidirectional control: text would display in another order.
    Bidi(char),
    /// An invisible character.
    Invisible(char),
    TooLong {
        limit: usize,
        length: usize,
    },
}

/// Why a text was refused; nothing was saved. The catalog
/// (`i18n::text_error`) names it, and `Display` in English.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct TextError {
    pub field: Field,
    pub problem: Problem,
}

/// Bidirectional controls: embeddings, overrides, isolates and marks.
fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Characters that take no room and show nothing.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}'
    )
}

/// C0, DEL and C1.
fn is_control(c: char) -> bool {
    c.is_control()
}

/// Whether a character must not reach a terminal as it is.
pub fn is_unsafe(c: char) -> bool {
    is_control(c) || is_bidi(c) || is_invisible(c)
}

/// Checks a text for `field`: refused with the first bad character, or its
/// length. Tabs and line feeds pass in multi-line fields only; a carriage
/// return never (give line breaks as `\n`, see [`normalize_lines`]).
pub fn check(field: Field, s: &str) -> Result<(), TextError> {
    let refuse = |problem| Err(TextError { field, problem });
    for c in s.chars() {
        if field.multiline() && matches!(c, '\n' | '\t') {
            continue;
        }
        if is_control(c) {
            return refuse(Problem::Control(c));
        }
        if is_bidi(c) {
            return refuse(Problem::Bidi(c));
        }
        if is_invisible(c) {
            return refuse(Problem::Invisible(c));
        }
    }
    let length = s.chars().count();
    if length > field.limit() {
        return refuse(Problem::TooLong {
            limit: field.limit(),
            length,
        });
    }
    Ok(())
}

/// [`check`] on an optional text.
pub fn check_opt(field: Field, s: Option<&str>) -> Result<(), TextError> {
    s.map_or(Ok(()), |s| check(field, s))
}

/// Line breaks as `\n`: a CRLF or lone CR from a Windows file or a pasted
/// text becomes a line feed.
pub fn normalize_lines(s: &str) -> Cow<'_, str> {
    if s.contains('\r') {
        Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(s)
    }
}

/// How a character that must not be sent is shown: `\x1b` for C0 and DEL,
/// `\u202e` for the others (also a valid escape inside a JSON string).
pub fn visible(c: char) -> String {
    let n = c as u32;
    if n < 0x20 || n == 0x7F {
        format!("\\x{n:02x}")
    } else {
        format!("\\u{n:04x}")
    }
}

/// Stored text made safe to print: every control, bidirectional or
/// invisible character shown as [`visible`] text. Line feeds and tabs are
/// kept (for a note printed on its own lines); see [`printable_line`].
pub fn printable(s: &str) -> Cow<'_, str> {
    escape(s, |c| matches!(c, '\n' | '\t'))
}

/// Like [`printable`], for one line of a table: line feeds and tabs are
/// shown too.
pub fn printable_line(s: &str) -> Cow<'_, str> {
    escape(s, |_| false)
}

/// A whole output made safe for a terminal (what dcc prints, or a text file
/// it writes that will be `cat`): like [`printable`], and the CR of a CRLF
/// line end passes too (a CSV's rows end so), and a byte-order mark that
/// starts it (so that Excel reads a CSV's Chinese).
pub fn printable_output(s: &str) -> Cow<'_, str> {
    let crlf = |i: usize| s.as_bytes().get(i + 1) == Some(&b'\n');
    let kept = |i: usize, c: char| {
        !is_unsafe(c)
            || matches!(c, '\n' | '\t')
            || (c == '\r' && crlf(i))
            || (c == '\u{feff}' && i == 0)
    };
    if s.char_indices().all(|(i, c)| kept(i, c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for (i, c) in s.char_indices() {
        if kept(i, c) {
            out.push(c);
        } else {
            out.push_str(&visible(c));
        }
    }
    Cow::Owned(out)
}

/// JSON text (serde_json's, which escapes only C0) with every other
/// character a terminal would obey (DEL, C1, text-direction and invisible
/// characters) as a `\uXXXX` escape: the same JSON value, and no byte
/// that [`printable_output`] would change. Outside strings JSON is ASCII,
/// so each such character is inside one.
pub fn json_safe(json: &str) -> Cow<'_, str> {
    // serde_json escapes U+0000 to U+001F itself.
    let to_escape = |c: char| is_unsafe(c) && c >= ' ';
    if !json.chars().any(to_escape) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if to_escape(c) {
            for unit in c.encode_utf16(&mut [0; 2]) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn escape(s: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) && !keep(c) {
            out.push_str(&visible(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, Localize};

    #[test]
    fn terminal_escapes_bidi_and_invisible_characters_are_refused_with_the_reason() {
        let e = check(Field::Model, "M\x1b]52;c;aGVsbG8K\x07").unwrap_err();
        assert_eq!(e.problem, Problem::Control('\x1b'));
        assert!(e.to_string().contains("\\x1b"), "{e}");
        assert!(e.localize(Lang::Zh).contains("控制字符"));
        let e = check(Field::Name, "张\u{202E}三").unwrap_err();
        assert_eq!(e.problem, Problem::Bidi('\u{202E}'));
        assert!(e.to_string().contains("\\u202e"), "{e}");
        let e = check(Field::Name, "张\u{200B}三").unwrap_err();
        assert_eq!(e.problem, Problem::Invisible('\u{200B}'));
        assert!(check(Field::Name, "a\u{0085}b").is_err(), "C1 NEL");
        assert!(check(Field::Name, "a\u{9b}2J").is_err(), "C1 CSI");
        assert!(check(Field::Name, "a\tb").is_err());
        assert!(check(Field::Name, "a\nb").is_err());
        assert!(check(Field::Note, "第一行\n第二行\tok").is_ok());
        assert!(check(Field::Note, "a\rb").is_err());
        assert!(check(Field::Name, "欧阳 Mary-Jane (王)").is_ok());
    }

    #[test]
    fn every_field_has_a_limit_named_in_the_refusal() {
        assert!(check(Field::Name, &"张".repeat(50)).is_ok());
        let e = check(Field::Name, &"张".repeat(51)).unwrap_err();
        assert_eq!(
            e.problem,
            Problem::TooLong {
                limit: 50,
                length: 51
            }
        );
        assert!(e.to_string().contains("limit is 50"), "{e}");
        assert!(
            e.localize(Lang::Zh).contains("上限为 50"),
            "{}",
            e.localize(Lang::Zh)
        );
        assert!(check(Field::Note, &"x".repeat(10_000_000)).is_err());
        assert!(check(Field::Script, &"x".repeat(20_000)).is_ok());
    }

    #[test]
    fn stored_text_prints_with_its_control_characters_visible() {
        assert_eq!(printable("plain 张三"), "plain 张三");
        assert!(matches!(printable("plain"), Cow::Borrowed(_)));
        assert_eq!(printable_line("a\x1b[2Jb"), "a\\x1b[2Jb");
        assert_eq!(printable_line("x\u{202E}y"), "x\\u202ey");
        assert_eq!(printable_line("a\nb"), "a\\x0ab");
        assert_eq!(printable("a\nb\x07"), "a\nb\\x07");
        assert_eq!(printable("\u{9b}"), "\\u009b");
        assert!(!printable_line("\x1b\u{7f}\u{85}\u{200d}\u{2066}")
            .chars()
            .any(is_unsafe));
    }

    #[test]
    fn windows_line_ends_become_line_feeds() {
        assert_eq!(normalize_lines("a\r\nb\rc"), "a\nb\nc");
    }
}
