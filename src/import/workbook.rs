//! Reading an xlsx workbook within limits. A workbook is a zip archive of
//! XML parts. calamine reads some parts whole when it opens a workbook (the
//! shared strings, reserving room for as many as the part declares; the
//! styles) and its `worksheet_range` makes a dense grid as large as the
//! farthest cell: a 1.7 KB file with one cell at XFD1048576 asks for
//! 549 GB and aborts the process.
//!
//! So, before calamine sees the file, the zip's directory is read here and
//! every XML part is decompressed into nothing, counting its bytes (memory
//! stays flat whatever the part claims, and the count stops at the limit);
//! the declared number of shared strings and the longest run of text are
//! checked on the way. Then the first worksheet is read one cell at a time
//! into rows, never a grid, checking its declared dimension, each cell's
//! column and length and the number of cells. Anything past a limit refuses
//! the whole file, naming the limit: nothing is imported.

use std::io::{Cursor, Read};

use calamine::{Data, DataRef, Reader, SheetType, Xlsx};

use super::read::{cell_text, Row, Table};
use super::FileKind;
use crate::i18n::Lang;

/// What a workbook may hold. Far above a platform's export of a few hundred
/// thousand leads, far below what would exhaust a desk's memory.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Files in the archive.
    pub parts: usize,
    /// Decompressed size of one worksheet (read a cell at a time).
    pub sheet_bytes: u64,
    /// Decompressed size of the shared strings (held whole).
    pub strings_bytes: u64,
    /// Decompressed size of any other XML part (styles, workbook,
    /// relationships: held whole).
    pub other_bytes: u64,
    /// Decompressed size of all XML parts together.
    pub total_bytes: u64,
    /// Columns of the sheet (Excel 2003's limit; a platform's export has
    /// a few dozen).
    pub columns: u32,
    /// Cells, counting the empty ones between the first column and the last
    /// of each row.
    pub cells: u64,
    /// Characters of one cell (Excel's own limit).
    pub cell_chars: usize,
}

pub const LIMITS: Limits = Limits {
    parts: 10_000,
    sheet_bytes: 512 << 20,
    strings_bytes: 64 << 20,
    other_bytes: 16 << 20,
    total_bytes: 1 << 30,
    columns: 256,
    cells: 10_000_000,
    cell_chars: 32_767,
};

/// Which limit a workbook passes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exceeded {
    Parts {
        found: usize,
        limit: usize,
    },
    /// One part decompresses to more than its limit.
    Part {
        part: String,
        limit: u64,
    },
    Total {
        limit: u64,
    },
    /// The shared strings declare more strings than the sheet may hold cells.
    Strings {
        declared: u64,
        limit: u64,
    },
    /// The sheet declares a dimension past the limits.
    Dimension {
        declared: String,
        rows: u64,
        columns: u64,
        limit_columns: u32,
        limit_cells: u64,
    },
    Column {
        cell: String,
        limit: u32,
    },
    Cells {
        limit: u64,
    },
    /// An xls workbook larger than one is read.
    FileSize {
        size: u64,
        limit: u64,
    },
    /// A cell (or, found before reading cells, some text of a part) is
    /// longer than a cell may be.
    CellLength {
        cell: Option<String>,
        limit: usize,
    },
}

impl Exceeded {
    /// The message in `lang`, from the catalog (`i18n::workbook_exceeded`).
    pub fn message(&self, lang: Lang) -> String {
        crate::i18n::workbook_exceeded(self, lang)
    }
}

/// `1234567` as `1,234,567`.
pub fn thousands(v: u64) -> String {
    let digits = v.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// `A`, `Z`, `AA`, ... for a column counted from 0.
pub fn column_name(mut col: u32) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

fn cell_name(row: u32, col: u32) -> String {
    format!("{}{}", column_name(col), u64::from(row) + 1)
}

/// Why a workbook was not read.
#[derive(Debug)]
pub enum WorkbookError {
    /// Not a zip archive calamine can open.
    NotAWorkbook,
    Exceeded(Exceeded),
    /// Every sheet is a chart (or a dialog): no table to read.
    NoWorksheet {
        sheets: Vec<String>,
    },
    /// calamine could not read the sheet.
    Broken(String),
}

/// Looks at every XML part of the archive without keeping it.
pub fn inspect(bytes: &[u8], limits: &Limits) -> Result<(), WorkbookError> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| WorkbookError::NotAWorkbook)?;
    if zip.len() > limits.parts {
        return Err(WorkbookError::Exceeded(Exceeded::Parts {
            found: zip.len(),
            limit: limits.parts,
        }));
    }
    // Text between two tags, or in one, longer than this cannot fit a cell:
    // one character is at most 4 bytes in UTF-8 and 10 as `&#x10FFFF;`.
    let longest_run = limits.cell_chars as u64 * 10;
    let mut total = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|_| WorkbookError::NotAWorkbook)?;
        let name = part
            .name()
            .map_err(|_| WorkbookError::NotAWorkbook)?
            .to_string();
        let lower = name.to_ascii_lowercase();
        // Parts calamine never opens (images, a VBA project) are left alone.
        if !(lower.ends_with(".xml") || lower.ends_with(".rels")) {
            continue;
        }
        let strings = lower.ends_with("sharedstrings.xml");
        let limit = if lower.contains("worksheets/") {
            limits.sheet_bytes
        } else if strings {
            limits.strings_bytes
        } else {
            limits.other_bytes
        };
        let too_big = || {
            WorkbookError::Exceeded(Exceeded::Part {
                part: name.clone(),
                limit,
            })
        };
        if part.size() > limit {
            return Err(too_big());
        }
        let mut size = 0u64;
        let mut run = 0u64;
        let mut head: Vec<u8> = Vec::new();
        loop {
            let got = match part.read(&mut buf) {
                Ok(0) => break,
                Ok(got) => got,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(WorkbookError::Broken(format!("{name}: {e}"))),
            };
            let chunk = &buf[..got];
            size += got as u64;
            total += got as u64;
            if size > limit {
                return Err(too_big());
            }
            if total > limits.total_bytes {
                return Err(WorkbookError::Exceeded(Exceeded::Total {
                    limit: limits.total_bytes,
                }));
            }
            if strings && head.len() < 4096 {
                head.extend_from_slice(&chunk[..chunk.len().min(4096 - head.len())]);
            }
            let mut segments = chunk.split(|b| *b == b'<' || *b == b'>');
            if let Some(first) = segments.next() {
                run += first.len() as u64;
                if run > longest_run {
                    return Err(too_long(limits));
                }
            }
            for segment in segments {
                run = segment.len() as u64;
                if run > longest_run {
                    return Err(too_long(limits));
                }
            }
        }
        if strings {
            if let Some(declared) = declared_strings(&head) {
                if declared > limits.cells {
                    return Err(WorkbookError::Exceeded(Exceeded::Strings {
                        declared,
                        limit: limits.cells,
                    }));
                }
            }
        }
    }
    Ok(())
}

fn too_long(limits: &Limits) -> WorkbookError {
    WorkbookError::Exceeded(Exceeded::CellLength {
        cell: None,
        limit: limits.cell_chars,
    })
}

/// The `uniqueCount` of the shared strings' `<sst>` element, for which
/// calamine reserves room before reading a string.
fn declared_strings(head: &[u8]) -> Option<u64> {
    let text = String::from_utf8_lossy(head);
    let at = text.find("<sst")?;
    let tag = &text[at..];
    let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
    let value = tag.split("uniqueCount=").nth(1)?;
    let value = value.trim_start_matches(['"', '\'']);
    let digits: String = value.chars().take_while(|c| c.is_ascii_digit()).collect();
    // More digits than a u64 holds is more than any limit.
    Some(digits.parse().unwrap_or(u64::MAX))
}

/// Reads the first worksheet of an xlsx workbook as rows of text, within
/// `limits`.
pub fn read_xlsx(bytes: Vec<u8>, limits: &Limits) -> Result<Table, WorkbookError> {
    inspect(&bytes, limits)?;
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|_| WorkbookError::NotAWorkbook)?;
    let sheets = book.sheets_metadata().to_vec();
    let Some(sheet) = sheets.iter().find(|s| s.typ == SheetType::WorkSheet) else {
        return Err(WorkbookError::NoWorksheet {
            sheets: sheets.iter().map(|s| s.name.clone()).collect(),
        });
    };
    let mut cells = book
        .worksheet_cells_reader(&sheet.name)
        .map_err(|e| WorkbookError::Broken(e.to_string()))?;
    let dim = cells.dimensions();
    let (rows_declared, cols_declared) = (
        u64::from(dim.end.0.saturating_sub(dim.start.0)) + 1,
        u64::from(dim.end.1.saturating_sub(dim.start.1)) + 1,
    );
    if cols_declared > u64::from(limits.columns)
        || rows_declared.saturating_mul(cols_declared) > limits.cells
    {
        return Err(WorkbookError::Exceeded(Exceeded::Dimension {
            declared: format!(
                "{}:{}",
                cell_name(dim.start.0, dim.start.1),
                cell_name(dim.end.0, dim.end.1)
            ),
            rows: rows_declared,
            columns: cols_declared,
            limit_columns: limits.columns,
            limit_cells: limits.cells,
        }));
    }
    let mut rows: Vec<Row> = Vec::new();
    // Cells read, and room taken in rows (the empty ones between included).
    let (mut read, mut room) = (0u64, 0u64);
    let mut first_col = u32::MAX;
    let mut in_order = true;
    loop {
        let cell = match cells.next_cell() {
            Ok(Some(cell)) => cell,
            Ok(None) => break,
            Err(e) => return Err(WorkbookError::Broken(e.to_string())),
        };
        read += 1;
        if read > limits.cells {
            return Err(WorkbookError::Exceeded(Exceeded::Cells {
                limit: limits.cells,
            }));
        }
        let (r, c) = cell.get_position();
        if c >= limits.columns {
            return Err(WorkbookError::Exceeded(Exceeded::Column {
                cell: cell_name(r, c),
                limit: limits.columns,
            }));
        }
        let value: Data = match cell.get_value() {
            DataRef::Empty => continue,
            DataRef::SharedString(s) => Data::String((*s).to_string()),
            other => other.clone().into(),
        };
        let text = cell_text(&value);
        if text.trim().is_empty() {
            continue;
        }
        if text.chars().count() > limits.cell_chars {
            return Err(WorkbookError::Exceeded(Exceeded::CellLength {
                cell: Some(cell_name(r, c)),
                limit: limits.cell_chars,
            }));
        }
        let line = r as usize + 1;
        match rows.last() {
            Some(last) if last.line == line => {}
            last => {
                in_order &= last.is_none_or(|l| l.line < line);
                rows.push(Row {
                    line,
                    cells: Vec::new(),
                });
            }
        }
        let Some(row) = rows.last_mut() else { continue };
        let c = c as usize;
        if row.cells.len() <= c {
            room += (c + 1 - row.cells.len()) as u64;
            if room > limits.cells {
                return Err(WorkbookError::Exceeded(Exceeded::Cells {
                    limit: limits.cells,
                }));
            }
            row.cells.resize(c + 1, String::new());
        }
        row.cells[c] = text;
        first_col = first_col.min(c as u32);
    }
    if !in_order {
        // A writer may put rows out of order: gather each row's cells.
        rows.sort_by_key(|r| r.line);
        let mut merged: Vec<Row> = Vec::with_capacity(rows.len());
        for row in rows {
            match merged.last_mut() {
                Some(last) if last.line == row.line => {
                    if last.cells.len() < row.cells.len() {
                        last.cells.resize(row.cells.len(), String::new());
                    }
                    for (i, v) in row.cells.into_iter().enumerate() {
                        if !v.is_empty() {
                            last.cells[i] = v;
                        }
                    }
                }
                _ => merged.push(row),
            }
        }
        rows = merged;
    }
    // Columns start at the first one used, as a sheet's range does.
    let skip = if first_col == u32::MAX {
        0
    } else {
        first_col as usize
    };
    if skip > 0 {
        for row in &mut rows {
            row.cells.drain(..skip.min(row.cells.len()));
        }
    }
    Ok(Table {
        kind: FileKind::Xlsx,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A workbook of the given parts (name, XML), as Excel lays one out.
    pub fn book(sheet: &str, strings: Option<&str>) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        let mut put = |name: &str, text: &str| {
            zip.start_file(name, opts).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        };
        put("[Content_Types].xml", "<Types/>");
        put(
            "_rels/.rels",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        );
        put(
            "xl/_rels/workbook.xml.rels",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        );
        put(
            "xl/workbook.xml",
            r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        );
        if let Some(s) = strings {
            put("xl/sharedStrings.xml", s);
        }
        put("xl/worksheets/sheet1.xml", sheet);
        zip.finish().unwrap().into_inner()
    }

    fn sheet(dimension: &str, data: &str) -> String {
        format!(
            r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{data}</sheetData></worksheet>"#
        )
    }

    fn exceeded(r: Result<Table, WorkbookError>) -> Exceeded {
        match r {
            Err(WorkbookError::Exceeded(e)) => e,
            other => panic!("not refused for a limit: {other:?}"),
        }
    }

    #[test]
    fn a_plain_sheet_reads_as_rows_from_its_first_column() {
        let data = r#"<row r="2"><c r="B2" t="inlineStr"><is><t>姓名</t></is></c><c r="C2" t="inlineStr"><is><t>电话</t></is></c></row><row r="3"><c r="B3" t="inlineStr"><is><t>张三</t></is></c><c r="C3"><v>13812345678</v></c></row>"#;
        let t = read_xlsx(book(&sheet("B2:C3", data), None), &LIMITS).unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(
            (t.rows[0].line, t.rows[0].cells.clone()),
            (2, vec!["姓名".into(), "电话".into()])
        );
        assert_eq!(t.rows[1].cells, ["张三", "13812345678"]);
    }

    #[test]
    fn a_cell_far_away_or_a_lying_dimension_is_refused_before_any_grid() {
        let far = r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#;
        let e = exceeded(read_xlsx(book(&sheet("A1", far), None), &LIMITS));
        assert_eq!(
            e,
            Exceeded::Column {
                cell: "XFD1048576".into(),
                limit: 256
            }
        );
        assert!(
            e.message(Lang::En).contains("XFD1048576, past column IV"),
            "{}",
            e.message(Lang::En)
        );
        assert!(e.message(Lang::Zh).contains("上限为 256 列"));
        let lying = r#"<row r="1"><c r="A1"><v>1</v></c></row>"#;
        let e = exceeded(read_xlsx(
            book(&sheet("A1:XFD1048576", lying), None),
            &LIMITS,
        ));
        assert!(
            matches!(
                e,
                Exceeded::Dimension {
                    columns: 16384,
                    rows: 1048576,
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(
            e.message(Lang::En)
                .contains("A1:XFD1048576 (1,048,576 rows by 16,384 columns)"),
            "{}",
            e.message(Lang::En)
        );
        // Many rows in few columns pass the column limit, not the cells one.
        let e = exceeded(read_xlsx(book(&sheet("A1:Z1000000", lying), None), &LIMITS));
        assert!(matches!(e, Exceeded::Dimension { .. }), "{e:?}");
    }

    #[test]
    fn cells_and_their_length_are_counted() {
        let small = Limits {
            cells: 5,
            cell_chars: 30,
            ..LIMITS
        };
        let many: String = (1..=6)
            .map(|r| format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#))
            .collect();
        let e = exceeded(read_xlsx(book(&sheet("A1", &many), None), &small));
        assert_eq!(e, Exceeded::Cells { limit: 5 });
        let long = r#"<row r="1"><c r="B1" t="inlineStr"><is><t>1234567890123456789012345678901</t></is></c></row>"#;
        let e = exceeded(read_xlsx(book(&sheet("A1", long), None), &small));
        assert_eq!(
            e,
            Exceeded::CellLength {
                cell: Some("B1".into()),
                limit: 30
            }
        );
        // Far past the length, refused before calamine reads the text.
        let huge = format!(
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>{}</t></is></c></row>"#,
            "x".repeat(400)
        );
        let e = exceeded(read_xlsx(book(&sheet("A1", &huge), None), &small));
        assert_eq!(
            e,
            Exceeded::CellLength {
                cell: None,
                limit: 30
            }
        );
    }

    #[test]
    fn parts_are_measured_decompressed_and_declared_strings_counted() {
        let data = r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#;
        let strings = format!(
            r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>姓名</t></si>{}</sst>"#,
            "<si><t>x</t></si>".repeat(100_000)
        );
        let bytes = book(&sheet("A1", data), Some(&strings));
        assert!(bytes.len() < 20_000, "compressed: {}", bytes.len());
        let t = read_xlsx(bytes.clone(), &LIMITS).unwrap();
        assert_eq!(t.rows[0].cells, ["姓名"]);
        let small = Limits {
            strings_bytes: 1 << 20,
            ..LIMITS
        };
        let e = exceeded(read_xlsx(bytes.clone(), &small));
        assert_eq!(
            e,
            Exceeded::Part {
                part: "xl/sharedStrings.xml".into(),
                limit: 1 << 20
            }
        );
        assert!(e.message(Lang::En).contains("more than 1 MB"));
        let e = exceeded(read_xlsx(
            bytes,
            &Limits {
                total_bytes: 1 << 20,
                ..LIMITS
            },
        ));
        assert_eq!(e, Exceeded::Total { limit: 1 << 20 });
        let lying = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="99999999999999"><si><t>姓名</t></si></sst>"#;
        let e = exceeded(read_xlsx(book(&sheet("A1", data), Some(lying)), &LIMITS));
        assert!(
            matches!(
                e,
                Exceeded::Strings {
                    declared: 99999999999999,
                    ..
                }
            ),
            "{e:?}"
        );
    }

    #[test]
    fn column_names_count_as_excel_does() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(255), "IV");
        assert_eq!(column_name(16383), "XFD");
        assert_eq!(thousands(1048576), "1,048,576");
        assert_eq!(thousands(256), "256");
    }
}
