//! Reading a platform's export into rows of text: CSV in UTF-8 (with or
//! without a BOM), GBK or GB18030, and Excel workbooks (first sheet). The
//! kind is told by the file's first bytes, not trusted from its name.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader};
use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

/// How a file was read, for the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// CSV in UTF-8 without a byte-order mark.
    CsvUtf8,
    /// CSV in UTF-8 with a byte-order mark (as Excel saves "CSV UTF-8").
    CsvUtf8Bom,
    /// CSV in GB18030, which includes GBK (as Chinese Excel and most
    /// platforms save CSV).
    CsvGb18030,
    /// Text in UTF-16 with a byte-order mark (Excel's "Unicode text").
    CsvUtf16,
    Xlsx,
    Xls,
}

impl FileKind {
    pub fn describe(self) -> &'static str {
        match self {
            FileKind::CsvUtf8 => "CSV, UTF-8",
            FileKind::CsvUtf8Bom => "CSV, UTF-8 with BOM",
            FileKind::CsvGb18030 => "CSV, GBK/GB18030",
            FileKind::CsvUtf16 => "text, UTF-16",
            FileKind::Xlsx => "xlsx workbook, first sheet",
            FileKind::Xls => "xls workbook, first sheet",
        }
    }
}

/// One row of the file: its line (header = 1; a workbook's row number) and
/// its cells as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<String>,
}

impl Row {
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub kind: FileKind,
    /// Every row that has a cell, in file order.
    pub rows: Vec<Row>,
}

/// Why a file could not be read. Nothing was imported.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read {path}: {err}")]
    Io { path: String, err: std::io::Error },
    #[error("{0}; nothing was imported")]
    File(#[from] crate::infile::InFileError),
    #[error("{0} is empty; nothing was imported")]
    Empty(String),
    #[error("{path} is {what}, not a CSV file (UTF-8, GBK or GB18030) or an Excel workbook (xlsx); nothing was imported. {hint}")]
    NotTabular {
        path: String,
        what: &'static str,
        hint: &'static str,
    },
    #[error("{path} looks like an Excel workbook but cannot be read ({err}); nothing was imported. Open it in Excel and save it again as xlsx or CSV")]
    Workbook { path: String, err: String },
    #[error("{path} cannot be imported: {}; nothing was imported", what.message(crate::i18n::Lang::En))]
    TooBig {
        path: String,
        what: super::workbook::Exceeded,
    },
    #[error("{path} has no sheet of cells, only charts ({}); nothing was imported. Save the sheet with the leads as xlsx or CSV", sheets.join(", "))]
    NoWorksheet { path: String, sheets: Vec<String> },
    #[error("{path}: line {line} is {}, while the rest of the file is {encoding}; nothing was imported. Save the file again in one encoding (CSV UTF-8)", found.map(|f| format!("in {f}")).unwrap_or_else(|| format!("not valid {encoding}")))]
    Encoding {
        path: String,
        line: usize,
        /// The file's encoding.
        encoding: &'static str,
        /// The line's, when it is valid in another.
        found: Option<&'static str>,
    },
    #[error("{path}, line {line}: holds a NUL byte (binary data, not text); nothing was imported. Save it as CSV or xlsx and try again")]
    Nul { path: String, line: usize },
    #[error("{path}, line {line}: {err}; nothing was imported")]
    Csv {
        path: String,
        line: u64,
        err: String,
    },
}

impl ReadError {
    /// The message in `lang`, from the catalog (`i18n::read_error`).
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        crate::i18n::read_error(self, lang)
    }
}

const ZIP: &[u8] = b"PK\x03\x04";
const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const SAVE_AS: &str = "Save it as CSV or xlsx and try again";

/// Reads `path` as CSV or a workbook, whatever its name says.
pub fn read_table(path: &Path) -> Result<Table, ReadError> {
    let shown = path.display().to_string();
    let bytes = crate::infile::read(path, crate::infile::IMPORT_LIMIT)?;
    if bytes.is_empty() {
        return Err(ReadError::Empty(shown));
    }
    if bytes.starts_with(ZIP) {
        use super::workbook::{read_xlsx, WorkbookError, LIMITS};
        return read_xlsx(bytes, &LIMITS).map_err(|e| match e {
            WorkbookError::NotAWorkbook => not_tabular(&shown, "a zip archive"),
            WorkbookError::Exceeded(what) => ReadError::TooBig { path: shown, what },
            WorkbookError::NoWorksheet { sheets } => ReadError::NoWorksheet {
                path: shown,
                sheets,
            },
            WorkbookError::Broken(err) => ReadError::Workbook { path: shown, err },
        });
    }
    if bytes.starts_with(OLE) {
        use super::xls::{inspect_xls, XlsProblem};
        match inspect_xls(&bytes, &super::workbook::LIMITS) {
            Err(XlsProblem::Exceeded(what)) => return Err(ReadError::TooBig { path: shown, what }),
            Err(XlsProblem::Broken("no workbook stream")) => {
                return Err(not_tabular(
                    &shown,
                    "an Office document other than a workbook",
                ))
            }
            Err(XlsProblem::Broken(_)) => return Err(not_tabular(&shown, "a damaged Office file")),
            Ok(()) => {}
        }
        return workbook::<calamine::Xls<_>>(
            &shown,
            bytes,
            FileKind::Xls,
            "an Office document other than a workbook",
        );
    }
    if let Some(what) = binary_kind(&bytes) {
        return Err(not_tabular(&shown, what));
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if matches!(ext.as_str(), "xlsx" | "xlsm") {
        return Err(ReadError::NotTabular {
            path: shown,
            what: "named like an xlsx workbook but is not one (a workbook is a zip archive)",
            hint: SAVE_AS,
        });
    }
    let encoding = |(line, encoding, found)| ReadError::Encoding {
        path: shown.clone(),
        line,
        encoding,
        found,
    };
    if let Some(mixed) = mixed_lines(&bytes) {
        return Err(encoding(mixed));
    }
    let (text, kind) = match utf16_without_mark(&bytes).or_else(|| decode(&bytes)) {
        Some(decoded) => decoded,
        None => {
            return Err(match first_invalid_line(&bytes) {
                Some(bad) if !bytes.contains(&0) => encoding(bad),
                _ => not_tabular(&shown, "binary data"),
            })
        }
    };
    if let Some(at) = text.find('\0') {
        return Err(ReadError::Nul {
            line: 1 + text[..at].matches('\n').count(),
            path: shown,
        });
    }
    if looks_like_html(&text) {
        return Err(ReadError::NotTabular {
            path: shown,
            what: "a web page (HTML), as some platforms export under an .xls name",
            hint: "Open it in Excel and save it as xlsx or CSV",
        });
    }
    csv_rows(&shown, &text, kind)
}

fn not_tabular(path: &str, what: &'static str) -> ReadError {
    ReadError::NotTabular {
        path: path.to_string(),
        what,
        hint: SAVE_AS,
    }
}

/// Well-known binary formats, named so the user knows what they gave.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const KINDS: &[(&[u8], &str)] = &[
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"Rar!", "a RAR archive"),
        (b"7z\xBC\xAF", "a 7-Zip archive"),
        (b"SQLite format 3\0", "a SQLite database"),
        (b"\x7FELF", "a program"),
    ];
    KINDS
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, what)| *what)
}

/// Text in the file's encoding: a byte-order mark decides; else valid UTF-8
/// is UTF-8; else GB18030 (a superset of GBK and GB2312), if it decodes
/// without errors.
pub fn decode(bytes: &[u8]) -> Option<(String, FileKind)> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .ok()
            .map(|s| (s.to_string(), FileKind::CsvUtf8Bom));
    }
    for (bom, enc) in [(b"\xFF\xFE", UTF_16LE), (b"\xFE\xFF", UTF_16BE)] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return enc
                .decode_without_bom_handling_and_without_replacement(rest)
                .map(|s| (s.into_owned(), FileKind::CsvUtf16));
        }
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Some((s.to_string(), FileKind::CsvUtf8));
    }
    GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|s| (s.into_owned(), FileKind::CsvGb18030))
}

const UTF8: &str = "UTF-8";
const GB: &str = "GBK/GB18030";

/// Lines (counted by line feeds) with text beyond ASCII: in UTF-8 or not.
fn non_ascii_lines(bytes: &[u8]) -> impl Iterator<Item = (usize, bool)> + '_ {
    bytes
        .split(|b| *b == b'\n')
        .enumerate()
        .filter(|(_, l)| !l.is_ascii())
        .map(|(i, l)| (i + 1, std::str::from_utf8(l).is_ok()))
}

/// Whether a line is surely UTF-8: valid, with a character of three bytes
/// or more (Chinese is). Two GBK characters can happen to be valid UTF-8
/// (某 is C4 B3, which UTF-8 reads as ĳ), but only as two-byte characters.
fn surely_utf8(line: &[u8]) -> Option<bool> {
    match std::str::from_utf8(line) {
        Ok(s) => s.chars().any(|c| c.len_utf8() >= 3).then_some(true),
        Err(_) => Some(false),
    }
}

/// In a file without a byte-order mark, some lines in UTF-8 and others not
/// (GBK, as when rows of two exports are pasted together): the first line
/// not in the encoding most lines are in. Decoding the whole as GB18030
/// would turn the UTF-8 lines into nonsense without an error.
fn mixed_lines(bytes: &[u8]) -> Option<(usize, &'static str, Option<&'static str>)> {
    if bytes.starts_with(b"\xEF\xBB\xBF")
        || bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF")
        || std::str::from_utf8(bytes).is_ok()
    {
        return None;
    }
    let (mut utf8, mut other) = ((0usize, None), (0usize, None));
    let lines = bytes.split(|b| *b == b'\n').enumerate();
    for (line, is_utf8) in lines.filter_map(|(i, l)| Some((i + 1, surely_utf8(l)?))) {
        let tally = if is_utf8 { &mut utf8 } else { &mut other };
        tally.0 += 1;
        tally.1.get_or_insert(line);
    }
    match (utf8, other) {
        ((u, Some(first_utf8)), (g, Some(first_other))) => Some(if u >= g {
            (first_other, UTF8, None)
        } else {
            (first_utf8, GB, Some(UTF8))
        }),
        _ => None,
    }
}

/// The first line that is not valid in the file's encoding: UTF-8 after a
/// UTF-8 byte-order mark, else GB18030.
fn first_invalid_line(bytes: &[u8]) -> Option<(usize, &'static str, Option<&'static str>)> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return non_ascii_lines(rest)
            .find(|(_, ok)| !ok)
            .map(|(line, _)| (line, UTF8, None));
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return None;
    }
    bytes
        .split(|b| *b == b'\n')
        .position(|l| {
            GB18030
                .decode_without_bom_handling_and_without_replacement(l)
                .is_none()
        })
        .map(|i| (i + 1, GB, None))
}

/// UTF-16 without a byte-order mark, told by its zero bytes: the high byte
/// of every ASCII character (separators, digits, line ends).
fn utf16_without_mark(bytes: &[u8]) -> Option<(String, FileKind)> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    if !head.contains(&0) || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let zeros = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let (even, odd, pairs) = (zeros(0), zeros(1), head.len() / 2);
    let enc = if odd * 8 >= pairs && odd > 4 * even {
        UTF_16LE
    } else if even * 8 >= pairs && even > 4 * odd {
        UTF_16BE
    } else {
        return None;
    };
    enc.decode_without_bom_handling_and_without_replacement(bytes)
        .map(|s| (s.into_owned(), FileKind::CsvUtf16))
}

fn looks_like_html(text: &str) -> bool {
    let start = text.trim_start();
    if !start.starts_with('<') {
        return false;
    }
    let head: String = start.chars().take(2048).collect::<String>().to_lowercase();
    ["<html", "<!doctype html", "<table", "<?xml"]
        .iter()
        .any(|t| head.contains(t))
}

/// The field separator: the one that splits the first line most, of comma,
/// tab and semicolon (outside quotes).
fn separator(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let mut counts = [(b',', 0usize), (b'\t', 0), (b';', 0)];
    let mut quoted = false;
    for ch in first.bytes() {
        if ch == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (sep, n) in counts.iter_mut() {
                if ch == *sep {
                    *n += 1;
                }
            }
        }
    }
    counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .max_by_key(|(_, n)| *n)
        .map(|(sep, _)| *sep)
        .unwrap_or(b',')
}

fn csv_rows(path: &str, text: &str, kind: FileKind) -> Result<Table, ReadError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator(text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut lines = LineCounter::new(text);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let start = record.position().map(|p| p.byte()).unwrap_or(0) as usize;
                let line = lines.line_at(start);
                let row = Row {
                    line,
                    cells: record.iter().map(str::to_string).collect(),
                };
                if !row.is_blank() {
                    rows.push(row);
                }
            }
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                return Err(ReadError::Csv {
                    path: path.to_string(),
                    line,
                    err: e.to_string(),
                });
            }
        }
    }
    Ok(Table { kind, rows })
}

/// The line a record starts on. The CSV reader's own count is one short
/// after a CRLF line end (it ends the record at the CR and skips the LF with
/// the next record), so lines are counted here from byte offsets.
struct LineCounter<'t> {
    bytes: &'t [u8],
    at: usize,
    line: usize,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        LineCounter {
            bytes: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// The line of the first character at or after `start` that is not a
    /// line end. Offsets must not decrease.
    fn line_at(&mut self, start: usize) -> usize {
        let start = start.min(self.bytes.len()).max(self.at);
        self.line += self.bytes[self.at..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.at = start;
        while let Some(b @ (b'\r' | b'\n')) = self.bytes.get(self.at) {
            if *b == b'\n' {
                self.line += 1;
            }
            self.at += 1;
        }
        self.line
    }
}

fn workbook<R>(
    path: &str,
    bytes: Vec<u8>,
    kind: FileKind,
    otherwise: &'static str,
) -> Result<Table, ReadError>
where
    R: Reader<Cursor<Vec<u8>>>,
    R::Error: std::fmt::Display,
{
    let mut book: R = match calamine::open_workbook_from_rs(Cursor::new(bytes)) {
        Ok(book) => book,
        Err(_) => return Err(not_tabular(path, otherwise)),
    };
    let range = match book.worksheet_range_at(0) {
        Some(Ok(range)) => range,
        Some(Err(e)) => {
            return Err(ReadError::Workbook {
                path: path.to_string(),
                err: e.to_string(),
            })
        }
        None => return Err(ReadError::Empty(path.to_string())),
    };
    let first = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| Row {
            line: first + i + 1,
            cells: cells.iter().map(cell_text).collect(),
        })
        .filter(|r| !r.is_blank())
        .collect();
    Ok(Table { kind, rows })
}

/// A cell as the user sees it: whole numbers without a decimal point (a
/// phone number typed as a number), dates as `YYYY-MM-DD`.
pub(super) fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => {
            let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}")
            }
        }
        Data::Error(e) => format!("#{e:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_told_apart() {
        let text = "姓名,电话\n张三,13812345678\n";
        let (s, k) = decode(text.as_bytes()).unwrap();
        assert_eq!((s.as_str(), k), (text, FileKind::CsvUtf8));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(
            decode(&bom).unwrap(),
            (text.to_string(), FileKind::CsvUtf8Bom)
        );
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(
            decode(&gbk).unwrap(),
            (text.to_string(), FileKind::CsvGb18030)
        );
        // 𠀀 exists in GB18030 only (four bytes), not in GBK.
        let (gb, _, _) = GB18030.encode("姓名\n𠀀\n");
        assert_eq!(decode(&gb).unwrap().0, "姓名\n𠀀\n");
    }

    #[test]
    fn a_file_mixing_utf8_and_gbk_names_its_first_odd_line() {
        let mut bytes = "姓名,电话\n张三,13812345678\n李四,13912345678\n"
            .as_bytes()
            .to_vec();
        bytes.extend_from_slice(&encoding_rs::GBK.encode("王五,13712345678\n").0);
        bytes.extend_from_slice("赵六,13612345678\n".as_bytes());
        assert_eq!(mixed_lines(&bytes), Some((4, UTF8, None)));
        let mut gbk = encoding_rs::GBK
            .encode("姓名,电话\n张三,1\n李四,2\n")
            .0
            .to_vec();
        gbk.extend_from_slice("王五,3\n".as_bytes());
        assert_eq!(mixed_lines(&gbk), Some((4, GB, Some(UTF8))));
        let pure = encoding_rs::GBK.encode("姓名,电话\n张三,1\n").0.to_vec();
        assert_eq!(mixed_lines(&pure), None);
        // 某某 in GBK is valid UTF-8 (ĳĳ): not taken for a UTF-8 line.
        let mut dnc = encoding_rs::GBK.encode("姓名,手机号\n").0.to_vec();
        dnc.extend_from_slice(&encoding_rs::GBK.encode("某某,13855558888\n某某,1\n").0);
        assert_eq!(mixed_lines(&dnc), None);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice("姓名\n张三\n".as_bytes());
        bom.extend_from_slice(&encoding_rs::GBK.encode("王五\n").0);
        assert_eq!(first_invalid_line(&bom), Some((3, UTF8, None)));
    }

    #[test]
    fn utf16_without_a_mark_is_read_by_its_zero_bytes() {
        let text = "姓名,电话\r\n张三,13812345678\r\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(
            utf16_without_mark(&le),
            Some((text.to_string(), FileKind::CsvUtf16))
        );
        assert_eq!(
            utf16_without_mark(&be),
            Some((text.to_string(), FileKind::CsvUtf16))
        );
        assert_eq!(utf16_without_mark(text.as_bytes()), None);
    }

    #[test]
    fn lines_are_counted_across_crlf_blank_lines_and_quoted_line_breaks() {
        for eol in ["\n", "\r\n"] {
            let text = ["h1,h2", "a,b", "", "\"multi", "line\",c", "d,e", ""].join(eol);
            let t = csv_rows("t.csv", &text, FileKind::CsvUtf8).unwrap();
            let lines: Vec<usize> = t.rows.iter().map(|r| r.line).collect();
            assert_eq!(lines, [1, 2, 4, 6], "{eol:?}");
            assert_eq!(t.rows[2].cells[0], format!("multi{eol}line"));
        }
    }

    #[test]
    fn the_separator_is_sniffed_from_the_first_line() {
        assert_eq!(separator("a,b,c\n1,2,3"), b',');
        assert_eq!(separator("a\tb\tc\n"), b'\t');
        assert_eq!(separator("\"x,y\";b;c\n"), b';');
        assert_eq!(separator("phone\n"), b',');
    }

    #[test]
    fn numbers_and_dates_from_a_workbook_read_as_typed() {
        assert_eq!(cell_text(&Data::Float(13812345678.0)), "13812345678");
        assert_eq!(cell_text(&Data::Float(1.5)), "1.5");
        let d = calamine::ExcelDateTime::new(46351.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(d)), "2026-11-25");
    }
}
