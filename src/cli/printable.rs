//! The writer every command prints through: no control character from
//! stored text reaches the terminal.

use std::io::Write;

/// Everything the command line prints goes through this writer: a control,
/// text-direction or invisible character from stored text (a name written
/// before the checks at the door, or by another program) is shown as
/// `\x1b` or `\u202e` instead of reaching the terminal. Line feeds, tabs and
/// the CR of a CRLF pass; so does everything else. Bytes that are not UTF-8
/// are shown as `\xNN`.
pub struct Printable<'w> {
    inner: &'w mut dyn Write,
    /// The start of a character (or a CR) cut by the end of a write.
    pending: Vec<u8>,
    /// Whether anything was written: a byte-order mark (of a CSV) passes
    /// at the very start only.
    started: bool,
}

impl<'w> Printable<'w> {
    pub fn new(inner: &'w mut dyn Write) -> Self {
        Printable {
            inner,
            pending: Vec::new(),
            started: false,
        }
    }

    /// Writes what is left, as escapes if it is not a whole character.
    pub fn finish(&mut self) -> std::io::Result<()> {
        let rest = std::mem::take(&mut self.pending);
        let mut out = String::new();
        for b in rest {
            out.push_str(&format!("\\x{b:02x}"));
        }
        self.inner.write_all(out.as_bytes())?;
        self.inner.flush()
    }
}

fn push_safe(out: &mut String, s: &str) {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let keep = match c {
            '\n' | '\t' => true,
            '\r' => chars.peek() == Some(&'\n'),
            c => !crate::domain::text::is_unsafe(c),
        };
        if keep {
            out.push(c);
        } else {
            out.push_str(&crate::domain::text::visible(c));
        }
    }
}

impl Write for Printable<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let mut out = String::with_capacity(self.pending.len());
        let mut rest: &[u8] = &self.pending;
        if !self.started {
            if let Some(after) = rest.strip_prefix("\u{feff}".as_bytes()) {
                out.push('\u{feff}');
                rest = after;
            }
        }
        loop {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    // A CR at the very end may be the start of a CRLF.
                    let (s, cr) = match s.strip_suffix('\r') {
                        Some(head) => (head, true),
                        None => (s, false),
                    };
                    push_safe(&mut out, s);
                    rest = if cr { b"\r" } else { b"" };
                    break;
                }
                Err(e) => {
                    let (good, bad) = rest.split_at(e.valid_up_to());
                    push_safe(&mut out, std::str::from_utf8(good).unwrap_or_default());
                    match e.error_len() {
                        Some(n) => {
                            for b in &bad[..n] {
                                out.push_str(&format!("\\x{b:02x}"));
                            }
                            rest = &bad[n..];
                        }
                        None => {
                            rest = bad;
                            break;
                        }
                    }
                }
            }
        }
        self.pending = rest.to_vec();
        self.started |= !out.is_empty();
        self.inner.write_all(out.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod printable_tests {
    use super::*;

    fn through(chunks: &[&[u8]]) -> String {
        let mut buf = Vec::new();
        {
            let mut p = Printable::new(&mut buf);
            for c in chunks {
                p.write_all(c).unwrap();
            }
            p.finish().unwrap();
        }
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn no_control_byte_passes_and_text_is_kept() {
        let hostile = "M\x1b]52;c;aGVsbG8K\x07 \x1b[2J \u{202e}abc \u{200b} \u{9b}";
        let out = through(&[hostile.as_bytes()]);
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
        assert!(out.contains("M\\x1b]52;c;aGVsbG8K\\x07"), "{out}");
        assert!(out.contains("\\u202eabc"), "{out}");
        assert_eq!(through(&["张三\t李四\r\n".as_bytes()]), "张三\t李四\r\n");
        assert_eq!(through(&[b"a\rb"]), "a\\x0db");
        assert_eq!(
            through(&["\u{feff}a\u{feff}".as_bytes()]),
            "\u{feff}a\\ufeff"
        );
    }

    #[test]
    fn characters_and_crlf_cut_between_writes_stay_whole() {
        let s = "张三\r\n".as_bytes();
        assert_eq!(through(&[&s[..1], &s[1..4], &s[4..7], &s[7..]]), "张三\r\n");
        assert_eq!(through(&[b"\xff ok"]), "\\xff ok");
        assert_eq!(through(&[b"\xe5\xbc"]), "\\xe5\\xbc");
    }
}
