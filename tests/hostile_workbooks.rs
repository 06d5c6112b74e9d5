//! Hostile workbooks, made here, imported by the real `dcc` under a memory
//! cap: each is refused with a message naming the limit, in both languages,
//! and the database is unchanged. A real export imports under the same cap.

mod common;

use std::io::{Cursor, Write};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Output;

/// Address space the importing process may use. Far above what a real
/// import of these files needs, far below what the old reader asked for
/// (549 GB for one cell at XFD1048576).
const MEMORY_CAP: u64 = 768 << 20;

fn capped(db: &Path, args: &[&str]) -> Output {
    let mut c = common::dcc_as(db, "boss", "2026-11-23T10:00");
    c.args(args);
    unsafe {
        c.pre_exec(|| {
            let cap = libc::rlimit {
                rlim_cur: MEMORY_CAP,
                rlim_max: MEMORY_CAP,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &cap) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    c.output().unwrap()
}

const WORKSHEET: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
const CHARTSHEET: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet";

/// An xlsx laid out as Excel lays one out: one sheet of the given kind,
/// shared strings if given. Parts are written in pieces, so a part of a
/// hundred megabytes never sits in memory.
fn workbook(path: &Path, sheet_kind: &str, sheet: &[&str], strings: Option<&[&str]>) {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let mut put = |name: &str, pieces: &[&str]| {
        zip.start_file(name, opts).unwrap();
        for p in pieces {
            zip.write_all(p.as_bytes()).unwrap();
        }
    };
    put("[Content_Types].xml", &["<Types/>"]);
    put(
        "_rels/.rels",
        &[
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ],
    );
    let target = if sheet_kind == CHARTSHEET {
        "chartsheets/sheet1.xml"
    } else {
        "worksheets/sheet1.xml"
    };
    let rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{sheet_kind}" Target="{target}"/></Relationships>"#
    );
    put("xl/_rels/workbook.xml.rels", &[&rels]);
    put(
        "xl/workbook.xml",
        &[
            r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="线索" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ],
    );
    if let Some(s) = strings {
        put("xl/sharedStrings.xml", s);
    }
    put(&format!("xl/{target}"), sheet);
    std::fs::write(path, zip.finish().unwrap().into_inner()).unwrap();
}

fn sheet_xml(dimension: &str, rows: &str) -> String {
    format!(
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>"#
    )
}

fn text_cell(at: &str, text: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// A header and one good lead, as the rows of a sheet.
fn good_rows() -> String {
    format!(
        r#"<row r="1">{}{}{}{}{}</row><row r="2">{}<c r="B2"><v>13812345678</v></c>{}{}{}</row>"#,
        text_cell("A1", "姓名"),
        text_cell("B1", "手机"),
        text_cell("C1", "渠道"),
        text_cell("D1", "预计购车时间"),
        text_cell("E1", "意向车型"),
        text_cell("A2", "张三"),
        text_cell("C2", "汽车之家"),
        text_cell("D2", "一周内"),
        text_cell("E2", "凯美瑞"),
    )
}

fn leads(db: &Path) -> usize {
    let conn = rusqlite::Connection::open(db).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM leads", [], |r| r.get(0))
        .unwrap();
    n as usize
}

#[test]
fn hostile_workbooks_are_refused_under_a_memory_cap_and_a_real_one_imports() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dcc.sqlite");
    let init = common::dcc_as(&db, "boss", "2026-11-23T10:00")
        .args(["init", "--name", "张主管"])
        .output()
        .unwrap();
    assert!(init.status.success(), "{init:?}");

    let far = dir.path().join("far.xlsx");
    let rows = format!(
        r#"{}<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
        good_rows()
    );
    workbook(&far, WORKSHEET, &[&sheet_xml("A1:E2", &rows)], None);
    assert!(std::fs::metadata(&far).unwrap().len() < 4096);

    let lying = dir.path().join("lying.xlsx");
    workbook(
        &lying,
        WORKSHEET,
        &[&sheet_xml("A1:XFD1048576", &good_rows())],
        None,
    );

    // Shared strings that decompress to 80 MB of nothing from a few
    // hundred kilobytes: a zip bomb.
    let bomb = dir.path().join("bomb.xlsx");
    let blank = " ".repeat(1 << 20);
    let mut strings = vec![
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="1"><si><t>姓名</t></si>"#,
    ];
    strings.extend(std::iter::repeat_n(blank.as_str(), 80));
    strings.push("</sst>");
    workbook(
        &bomb,
        WORKSHEET,
        &[&sheet_xml("A1:E2", &good_rows())],
        Some(&strings),
    );
    assert!(std::fs::metadata(&bomb).unwrap().len() < 1 << 20);

    // Shared strings declaring room for a hundred trillion texts.
    let count = dir.path().join("count.xlsx");
    workbook(
        &count,
        WORKSHEET,
        &[&sheet_xml("A1:E2", &good_rows())],
        Some(&[
            r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="100000000000000"><si><t>姓名</t></si></sst>"#,
        ]),
    );

    // A 40 MB name in one cell.
    let long = dir.path().join("long.xlsx");
    let name = "长".repeat(14 << 20);
    let long_rows = format!(
        r#"{}<row r="3"><c r="A3" t="inlineStr"><is><t>"#,
        good_rows()
    );
    let long_tail = r#"</t></is></c><c r="B3"><v>13912345678</v></c></row>"#;
    workbook(
        &long,
        WORKSHEET,
        &[
            &sheet_xml("A1:E3", &long_rows).replace("</sheetData></worksheet>", ""),
            &name,
            long_tail,
            "</sheetData></worksheet>",
        ],
        None,
    );
    drop(name);

    let chart = dir.path().join("chart.xlsx");
    workbook(
        &chart,
        CHARTSHEET,
        &[
            r#"<chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><drawing/></chartsheet>"#,
        ],
        None,
    );

    let before = std::fs::read(&db).unwrap();
    for (file, en, zh) in [
        (
            &far,
            "it has a cell at XFD1048576, past column IV (the limit is 256 columns)",
            "单元格 XFD1048576 超出第 256 列",
        ),
        (
            &lying,
            "its sheet declares the range A1:XFD1048576 (1,048,576 rows by 16,384 columns); the limits are 256 columns and 10,000,000 cells",
            "工作表声明的范围为 A1:XFD1048576",
        ),
        (
            &bomb,
            "its part xl/sharedStrings.xml decompresses to more than 64 MB",
            "其中的 xl/sharedStrings.xml 解压后超过 64 MB",
        ),
        (
            &count,
            "it declares 100,000,000,000,000 distinct texts; the limit is 10,000,000",
            "声明了 100,000,000,000,000 个不同的文本",
        ),
        (
            &long,
            "a cell holds more than 32,767 characters",
            "有单元格超过 32,767 个字符",
        ),
        (
            &chart,
            "has no sheet of cells, only charts (线索)",
            "没有数据工作表，只有图表（线索）",
        ),
    ] {
        let path = file.to_str().unwrap();
        for (lang, said) in [("en", en), ("zh-CN", zh)] {
            let out = capped(&db, &["--lang", lang, "import", path]);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{path} ({lang}): {err}");
            assert!(err.contains(said), "{path} ({lang}): {err}");
            let nothing = if lang == "en" {
                "nothing was imported"
            } else {
                "未导入任何内容"
            };
            assert!(err.contains(nothing), "{path} ({lang}): {err}");
        }
    }
    assert_eq!(leads(&db), 0);
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "the database is unchanged"
    );

    let real = dir.path().join("real.xlsx");
    workbook(&real, WORKSHEET, &[&sheet_xml("A1:E2", &good_rows())], None);
    let out = capped(&db, &["import", real.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(leads(&db), 1);
}

/// Offset of the first BIFF record of `kind` with `len` bytes in an xls.
fn record(bytes: &[u8], kind: u16, len: u16) -> usize {
    let mut head = kind.to_le_bytes().to_vec();
    head.extend_from_slice(&len.to_le_bytes());
    bytes
        .windows(4)
        .position(|w| w == head.as_slice())
        .expect("the record")
}

#[test]
fn hostile_xls_workbooks_are_refused_before_calamine_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dcc.sqlite");
    let init = common::dcc_as(&db, "boss", "2026-11-23T10:00")
        .args(["init", "--name", "张主管"])
        .output()
        .unwrap();
    assert!(init.status.success(), "{init:?}");
    // An old-Excel export (written by xlwt): a header and one lead.
    let real = include_bytes!("data/leads.xls").to_vec();
    let put = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_str().unwrap().to_string()
    };
    // Its sheet declares 4 billion rows (calamine reserved room for them).
    let mut lying = real.clone();
    let at = record(&lying, 0x0200, 14) + 4;
    lying[at + 4..at + 8].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
    // A cell moved to the last row: a grid of 65,536 rows.
    let mut far = real.clone();
    let at = record(&far, 0x00FD, 10) + 4;
    far[at..at + 2].copy_from_slice(&0xFFFFu16.to_le_bytes());
    far[at + 2..at + 4].copy_from_slice(&0x00FFu16.to_le_bytes());
    // A sector table that loops: the directory's chain points at itself.
    let mut looping = real.clone();
    let dir_start = u32::from_le_bytes(looping[0x30..0x34].try_into().unwrap());
    let fat_first = u32::from_le_bytes(looping[0x4C..0x50].try_into().unwrap());
    let entry = 512 * (fat_first as usize + 1) + 4 * dir_start as usize;
    looping[entry..entry + 4].copy_from_slice(&dir_start.to_le_bytes());
    let big = {
        let mut b = real.clone();
        b.resize(65 << 20, 0);
        b
    };
    let cases = [
        (put("lying.xls", &lying), "4,294,967,281 rows", "行 ×"),
        (
            put("far.xls", &far),
            "more than 10,000,000 cells",
            "单元格超过",
        ),
        (
            put("looping.xls", &looping),
            "a damaged Office file",
            "损坏的 Office 文件",
        ),
        (
            put("big.xls", &big),
            "the xls workbook is 65 MB",
            "上限为 64 MB",
        ),
    ];
    for (file, en, zh) in &cases {
        let out = capped(
            &db,
            &["--lang", "en", "import", file, "--channel", "autohome"],
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && err.contains(en), "{file}: {err}");
        assert!(err.contains("nothing was imported"), "{err}");
        let out = capped(&db, &["--lang", "zh-CN", "import", file]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(zh), "{file}: {err}");
    }
    assert_eq!(leads(&db), 0);
    // The real one imports under the same cap.
    let out = capped(&db, &["import", &put("leads.xls", &real)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(leads(&db), 1);
}
