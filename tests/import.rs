//! `dcc import` and `dcc dnc` on sample platform exports made here, in every
//! encoding the platforms use and as a workbook: real processes on a real
//! database file, checked in the database, not only in what is printed.

use std::path::{Path, PathBuf};
use std::process::Command;

use rusqlite::{Connection, OpenFlags};

struct Run {
    ok: bool,
    stdout: String,
    stderr: String,
}

struct Env {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Env {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn ok(&self, user: &str, args: &[&str]) -> String {
        let r = self.run(user, args);
        assert!(r.ok, "dcc {args:?} failed: {}{}", r.stderr, r.stdout);
        r.stdout
    }

    fn fail(&self, user: &str, args: &[&str]) -> Run {
        let r = self.run(user, args);
        assert!(!r.ok, "dcc {args:?} should fail; printed {}", r.stdout);
        r
    }

    fn run(&self, user: &str, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_dcc"))
            .args(args)
            .env("DCC_DB", &self.db)
            .args(["--login", user])
            .env("DCC_NOW", "2026-11-23T10:00")
            .env("DCC_CONFIG", self.db.with_extension("no-config.toml"))
            .env("LANG", "C")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .output()
            .unwrap();
        Run {
            ok: out.status.success(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    fn import(&self, user: &str, file: &Path, extra: &[&str]) -> String {
        let mut args = vec!["import", file.to_str().unwrap()];
        args.extend_from_slice(extra);
        self.ok(user, &args)
    }

    fn db(&self) -> Connection {
        Connection::open_with_flags(&self.db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
    }

    fn count(&self, sql: &str) -> i64 {
        self.db().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    fn lead_id(&self, phone: &str) -> i64 {
        self.db()
            .query_row("SELECT id FROM leads WHERE phone = ?1", [phone], |r| {
                r.get(0)
            })
            .unwrap_or_else(|e| panic!("no lead with {phone}: {e}"))
    }

    /// (channel code, origin) of every source of a lead, oldest first.
    fn sources(&self, lead: i64) -> Vec<(String, String)> {
        let db = self.db();
        let mut st = db
            .prepare(
                "SELECT c.code, s.origin FROM lead_sources s JOIN channels c ON c.id = s.channel_id
                 WHERE s.lead_id = ?1 ORDER BY s.id",
            )
            .unwrap();
        st.query_map([lead], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    fn field(&self, phone: &str, column: &str) -> Option<String> {
        self.db()
            .query_row(
                &format!("SELECT {column} FROM leads WHERE phone = ?1"),
                [phone],
                |r| r.get(0),
            )
            .unwrap()
    }

    /// Every table's row count, to show that nothing was written.
    fn snapshot(&self) -> Vec<i64> {
        ["leads", "lead_sources", "events", "dnc", "settings"]
            .iter()
            .map(|t| self.count(&format!("SELECT count(*) FROM {t}")))
            .collect()
    }

    fn assert_no_duplicate_phones(&self) {
        assert_eq!(
            self.count("SELECT count(*) - count(DISTINCT phone) FROM leads"),
            0
        );
    }
}

/// A team: supervisor `boss`, outbound `amy` and `bob`, inbound `zoe`, and
/// one lead already in the database (13900001111, from 汽车之家).
fn team() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let e = Env {
        db: dir.path().join("dcc.sqlite"),
        dir,
    };
    e.ok("boss", &["init", "--name", "张主管"]);
    for (login, name, role) in [
        ("amy", "王芳", "outbound"),
        ("bob", "刘洋", "outbound"),
        ("zoe", "李静", "inbound"),
    ] {
        e.ok(
            "boss",
            &["agent", "add", login, "--name", name, "--role", role],
        );
    }
    e.ok(
        "amy",
        &[
            "lead",
            "add",
            "--name",
            "韩梅梅",
            "--phone",
            "13900001111",
            "--channel",
            "汽车之家",
            "--model",
            "凯美瑞",
            "--purchase-by",
            "2026-11-28",
        ],
    );
    e
}

enum Enc {
    Utf8,
    Utf8Bom,
    Gbk,
    Gb18030,
}

/// Writes rows as CSV in an encoding, quoting cells that need it.
fn write_csv(path: &Path, rows: &[&[&str]], enc: Enc) {
    let mut text = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| {
                if c.contains([',', '"', '\n']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.to_string()
                }
            })
            .collect();
        text.push_str(&cells.join(","));
        text.push_str("\r\n");
    }
    let bytes = match enc {
        Enc::Utf8 => text.into_bytes(),
        Enc::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        Enc::Gbk => {
            let (b, _, bad) = encoding_rs::GBK.encode(&text);
            assert!(!bad, "the sample must be GBK");
            b.into_owned()
        }
        Enc::Gb18030 => {
            let (b, _, bad) = encoding_rs::GB18030.encode(&text);
            assert!(!bad);
            b.into_owned()
        }
    };
    std::fs::write(path, bytes).unwrap();
}

/// The report's rows (after its header), as (line, reason, rest).
fn report(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "the report has a BOM");
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(&bytes[3..]);
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn reasons_by_line(rows: &[Vec<String>]) -> Vec<(String, String)> {
    rows.iter().map(|r| (r[0].clone(), r[1].clone())).collect()
}

/// An 汽车之家 export: UTF-8 with BOM, Chinese headers, one number twice in
/// two spellings, one number already in the database, and four bad rows.
#[rustfmt::skip]
const AUTOHOME: &[&[&str]] = &[
    &[
        "客户姓名",
        "手机号码",
        "意向车型",
        "线索来源",
        "预计购车时间",
        "性别",
        "所在城市",
        "留言",
        "推广计划",
    ],
    &["张伟", "138 1234 5678", "凯美瑞", "汽车之家", "2026-11-28", "男", "北京", "想要白色", "双十一"],
    &["张伟", "+86 13812345678", "凯美瑞", "易车网", "2026-12-20", "", "", "", "双十一"],
    &["韩梅梅", "139-0000-1111", "汉兰达", "汽车之家", "2027-01-15", "女", "", "", ""],
    &["赵六", "12345", "凯美瑞", "汽车之家", "2026-12-01", "", "", "", ""],
    &["", "13700002222", "凯美瑞", "汽车之家", "2026-12-01", "", "", "", ""],
    &["钱七", "13700003333", "凯美瑞", "抖音", "2026-12-01", "", "", "", ""],
    &["孙八", "13700004444", "凯美瑞", "汽车之家", "2026-13-45", "", "", "", ""],
    &["周九", "13700005555", "卡罗拉", "汽车之家", "1个月内", "", "上海", "", ""],
];

#[test]
fn an_autohome_export_merges_duplicates_and_reports_bad_rows_by_line() {
    let e = team();
    let file = e.path("autohome.csv");
    write_csv(&file, AUTOHOME, Enc::Utf8Bom);
    let existing = e.lead_id("13900001111");

    let out = e.import("boss", &file, &[]);
    let report_path = e.path("autohome.csv.rejected.csv");
    assert!(
        out.contains("read 8 rows: 2 new leads, 2 merged into existing leads (1 already in the database, 1 repeated in the file), 4 rejected"),
        "{out}"
    );
    assert!(out.contains(report_path.to_str().unwrap()), "{out}");
    assert!(out.contains("ignored columns: 推广计划"), "{out}");

    // The database: one lead per number, the second spelling merged.
    assert_eq!(e.count("SELECT count(*) FROM leads"), 3);
    e.assert_no_duplicate_phones();
    let zhang = e.lead_id("13812345678");
    assert_eq!(
        e.sources(zhang),
        vec![
            ("autohome".into(), "import:autohome.csv".into()),
            ("yiche".into(), "import:autohome.csv".into()),
        ]
    );
    assert_eq!(e.field("13812345678", "name").as_deref(), Some("张伟"));
    assert_eq!(e.field("13812345678", "grade").as_deref(), Some("H"));
    assert_eq!(e.field("13812345678", "gender").as_deref(), Some("m"));
    assert_eq!(e.field("13812345678", "city").as_deref(), Some("北京"));
    assert_eq!(e.field("13812345678", "note").as_deref(), Some("想要白色"));
    // The importer (a supervisor) owns what they import.
    assert_eq!(
        e.count("SELECT count(*) FROM leads l JOIN agents a ON a.id = l.owner_id WHERE a.login = 'boss'"),
        2
    );
    // The known customer gained a source, and nothing else changed.
    assert_eq!(
        e.sources(existing),
        vec![
            ("autohome".into(), "capture".into()),
            ("autohome".into(), "import:autohome.csv".into()),
        ]
    );
    assert_eq!(e.field("13900001111", "model").as_deref(), Some("凯美瑞"));
    // A window such as 1个月内 grades from today: within a month is A.
    assert_eq!(e.field("13700005555", "grade").as_deref(), Some("A"));
    assert_eq!(
        e.field("13700005555", "purchase_by").as_deref(),
        Some("2026-12-23")
    );

    // The report: every bad row with its line, reason and original values.
    let rows = report(&report_path);
    let lines: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(lines, ["5", "6", "7", "8"]);
    let reasons = reasons_by_line(&rows);
    assert!(reasons[0].1.contains("phone \"12345\""), "{reasons:?}");
    assert!(reasons[1].1.contains("the name is empty"), "{reasons:?}");
    assert!(
        reasons[2].1.contains("unknown channel \"抖音\""),
        "{reasons:?}"
    );
    assert!(reasons[3].1.contains("2026-13-45"), "{reasons:?}");
    assert_eq!(rows[2][2..5], ["钱七", "13700003333", "凯美瑞"]);
}

#[test]
fn importing_the_same_file_twice_only_adds_sources() {
    let e = team();
    let file = e.path("autohome.csv");
    write_csv(&file, AUTOHOME, Enc::Utf8Bom);
    e.import("boss", &file, &[]);
    let leads = e.count("SELECT count(*) FROM leads");
    let out = e.import("boss", &file, &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["new"], 0);
    assert_eq!(v["merged"], 4);
    assert_eq!(v["rejected"], 4);
    assert_eq!(e.count("SELECT count(*) FROM leads"), leads);
    e.assert_no_duplicate_phones();
    assert_eq!(e.sources(e.lead_id("13812345678")).len(), 4);
}

#[test]
fn a_yiche_export_in_gbk_takes_its_channel_from_the_flag_unless_the_row_has_one() {
    let e = team();
    let file = e.path("yiche.csv");
    write_csv(
        &file,
        &[
            &["姓名", "电话", "车型", "渠道", "购车时间", "级别", "备注"],
            &[
                "李雷",
                "13811112222",
                "RAV4荣放",
                "",
                "2026-12-30",
                "",
                "周末方便",
            ],
            &[
                "王刚",
                "0086-138-1111-3333",
                "威兰达",
                "太平洋汽车网",
                "",
                "b",
                "",
            ],
            &["陈红", "13811114444", "卡罗拉", "", "", "", ""],
            &["林涛", "13811115555", "卡罗拉", "", "", "Z", ""],
        ],
        Enc::Gbk,
    );
    // Without --channel a row without a channel is rejected.
    let out = e.import("boss", &file, &["--dry-run"]);
    assert!(out.contains("1 new lead,"), "{out}");
    let out = e.import("boss", &file, &["--channel", "yiche"]);
    assert!(out.contains("CSV, GBK/GB18030"), "{out}");
    assert!(out.contains("2 new leads"), "{out}");
    assert!(out.contains("2 rejected"), "{out}");
    assert_eq!(
        e.sources(e.lead_id("13811112222")),
        vec![("yiche".into(), "import:yiche.csv".into())]
    );
    assert_eq!(
        e.sources(e.lead_id("13811113333")),
        vec![("pcauto".into(), "import:yiche.csv".into())]
    );
    // An explicit grade, on the scale, in any case.
    assert_eq!(e.field("13811113333", "grade").as_deref(), Some("B"));
    assert_eq!(e.field("13811112222", "note").as_deref(), Some("周末方便"));
    let rows = report(&e.path("yiche.csv.rejected.csv"));
    assert_eq!(
        reasons_by_line(&rows),
        vec![
            ("4".into(), "no expected purchase date or grade".into()),
            (
                "5".into(),
                "grade \"Z\" is not on the scale (H, A, B, C)".into()
            ),
        ]
    );
}

#[test]
fn the_report_speaks_the_users_language() {
    let e = team();
    let file = e.path("autohome.csv");
    write_csv(&file, AUTOHOME, Enc::Utf8Bom);
    let report_path = e.path("坏行.csv");
    e.ok(
        "boss",
        &[
            "--lang",
            "zh-CN",
            "import",
            file.to_str().unwrap(),
            "--dry-run",
            "--report",
            report_path.to_str().unwrap(),
        ],
    );
    let bytes = std::fs::read(&report_path).unwrap();
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.starts_with("行号,原因,客户姓名,手机号码"), "{text}");
    assert!(text.contains("5,电话“12345”：“12”不是手机号段"), "{text}");
    assert!(text.contains("6,姓名为空"), "{text}");
    assert!(!e.path("autohome.csv.rejected.csv").exists());
}

#[test]
fn a_gb18030_export_keeps_characters_outside_gbk() {
    let e = team();
    let file = e.path("pcauto.csv");
    // 𠮷 is in GB18030 (four bytes) but not in GBK.
    write_csv(
        &file,
        &[
            &["联系人", "联系电话", "关注车型", "信息来源", "计划购车时间"],
            &[
                "𠮷田",
                "13822223333",
                "凯美瑞",
                "太平洋汽车网",
                "2026/12/01",
            ],
        ],
        Enc::Gb18030,
    );
    assert!(
        std::str::from_utf8(&std::fs::read(&file).unwrap()).is_err(),
        "the sample is not UTF-8"
    );
    let out = e.import("boss", &file, &[]);
    assert!(
        out.contains("1 new lead,") && out.contains("0 rejected"),
        "{out}"
    );
    assert_eq!(e.field("13822223333", "name").as_deref(), Some("𠮷田"));
    assert!(!e.path("pcauto.csv.rejected.csv").exists(), "no report");
}

#[test]
fn a_plain_utf8_export_with_english_headers_and_a_map() {
    let e = team();
    let file = e.path("leads.csv");
    write_csv(
        &file,
        &[
            &[
                "Customer",
                "Mobile",
                "Car Wanted",
                "Source",
                "Purchase By",
                "Wechat ID",
            ],
            &[
                "Li Lei",
                "13833334444",
                "Camry",
                "autohome",
                "2026-11-25",
                "lilei",
            ],
        ],
        Enc::Utf8,
    );
    let err = e.fail("boss", &["import", file.to_str().unwrap()]).stderr;
    assert!(
        err.contains("no column for model")
            && err.contains("Customer, Mobile, Car Wanted")
            && err.contains("nothing was imported"),
        "{err}"
    );
    assert_eq!(e.count("SELECT count(*) FROM leads"), 1);
    let out = e.import("boss", &file, &["--map", "car wanted=model"]);
    assert!(
        out.contains("1 new lead,") && out.contains("ignored columns: Wechat ID"),
        "{out}"
    );
    assert_eq!(e.field("13833334444", "model").as_deref(), Some("Camry"));
}

#[test]
fn an_xlsx_export_with_a_title_row_reports_sheet_rows() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let e = team();
    let file = e.path("autohome.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    sheet
        .write_string(0, 0, "汽车之家线索导出 2026-11-20")
        .unwrap();
    for (c, h) in [
        "客户姓名",
        "手机",
        "意向车型",
        "来源",
        "预计购车时间",
        "预计到店时间",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    // Row 3: a phone typed as a number and dates as Excel dates.
    sheet.write_string(2, 0, "周杰").unwrap();
    sheet.write_number(2, 1, 13844445555.0).unwrap();
    sheet.write_string(2, 2, "汉兰达").unwrap();
    sheet.write_string(2, 3, "汽车之家").unwrap();
    let purchase = ExcelDateTime::from_ymd(2026, 12, 5).unwrap();
    sheet
        .write_datetime_with_format(2, 4, &purchase, &date)
        .unwrap();
    let visit = ExcelDateTime::from_ymd(2026, 11, 29).unwrap();
    sheet
        .write_datetime_with_format(2, 5, &visit, &date)
        .unwrap();
    // Row 4: the same customer again, spelled differently.
    sheet.write_string(3, 0, "周杰").unwrap();
    sheet.write_string(3, 1, "+86 138-4444-5555").unwrap();
    sheet.write_string(3, 2, "汉兰达").unwrap();
    sheet.write_string(3, 3, "微信").unwrap();
    sheet.write_string(3, 4, "2026-12-05").unwrap();
    // Row 5: a bad number.
    sheet.write_string(4, 0, "吴磊").unwrap();
    sheet.write_string(4, 1, "1384444").unwrap();
    sheet.write_string(4, 2, "汉兰达").unwrap();
    sheet.write_string(4, 3, "汽车之家").unwrap();
    sheet.write_string(4, 4, "2026-12-05").unwrap();
    book.save(&file).unwrap();

    let out = e.import("boss", &file, &[]);
    assert!(
        out.contains("xlsx workbook")
            && out.contains("read 3 rows: 1 new lead, 1 merged into existing leads")
            && out.contains("1 rejected"),
        "{out}"
    );
    let id = e.lead_id("13844445555");
    assert_eq!(
        e.sources(id),
        vec![
            ("autohome".into(), "import:autohome.xlsx".into()),
            ("wechat".into(), "import:autohome.xlsx".into()),
        ]
    );
    assert_eq!(
        e.field("13844445555", "purchase_by").as_deref(),
        Some("2026-12-05")
    );
    assert_eq!(
        e.field("13844445555", "visit_by").as_deref(),
        Some("2026-11-29")
    );
    let rows = report(&e.path("autohome.xlsx.rejected.csv"));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0], "5");
    assert!(rows[0][1].contains("too short"), "{:?}", rows[0]);
}

#[test]
fn a_dry_run_writes_no_lead_and_says_what_would_happen() {
    let e = team();
    let file = e.path("autohome.csv");
    write_csv(&file, AUTOHOME, Enc::Utf8Bom);
    let before = e.snapshot();
    let out = e.import("boss", &file, &["--dry-run", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["rows"], 8);
    assert_eq!(v["new"], 2);
    assert_eq!(v["merged"], 2);
    assert_eq!(v["rejected"], 4);
    assert_eq!(v["dry_run"], true);
    assert_eq!(v["written"], false);
    assert!(v["report"]
        .as_str()
        .unwrap()
        .ends_with("autohome.csv.rejected.csv"));
    assert_eq!(e.snapshot(), before, "a dry run changes nothing");

    let out = e.import("boss", &file, &["--dry-run"]);
    assert!(out.starts_with("dry run, nothing was written"), "{out}");
    assert!(out.contains("line 5: phone \"12345\""), "{out}");
    assert_eq!(e.snapshot(), before);
}

#[test]
fn all_or_nothing_imports_nothing_if_a_row_is_bad_and_everything_if_none_is() {
    let e = team();
    let bad = e.path("bad.csv");
    write_csv(&bad, AUTOHOME, Enc::Utf8Bom);
    let before = e.snapshot();
    let r = e.fail(
        "boss",
        &["import", bad.to_str().unwrap(), "--all-or-nothing"],
    );
    assert!(
        r.stderr
            .contains("nothing was imported: 4 of 8 rows were rejected"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.starts_with("nothing was imported"), "{}", r.stdout);
    assert_eq!(e.snapshot(), before);
    assert_eq!(report(&e.path("bad.csv.rejected.csv")).len(), 4);

    let good = e.path("good.csv");
    write_csv(&good, &AUTOHOME[..4], Enc::Utf8Bom);
    let out = e.import("boss", &good, &["--all-or-nothing"]);
    assert!(
        out.contains("2 merged") && out.contains("0 rejected"),
        "{out}"
    );
    assert_eq!(e.count("SELECT count(*) FROM leads"), 2);
    assert!(!e.path("good.csv.rejected.csv").exists());
}

#[test]
fn do_not_call_numbers_are_refused_at_import_and_the_list_is_kept_by_hand_or_by_file() {
    let e = team();
    let out = e.ok(
        "boss",
        &["dnc", "add", "138-1234-5678", "--note", "客户要求"],
    );
    assert!(
        out.contains("13812345678 is now on the do-not-call list"),
        "{out}"
    );
    // The existing lead's number: it leaves every queue.
    let out = e.ok("amy", &["dnc", "add", "13900001111"]);
    assert!(out.contains("leaves every queue"), "{out}");
    assert_eq!(e.field("13900001111", "status").as_deref(), Some("dnc"));

    let list = e.path("dnc.txt");
    std::fs::write(
        &list,
        "13855556666\n\n+86 138 5555 7777\nnot a number\n13812345678\n",
    )
    .unwrap();
    let out = e.ok("boss", &["dnc", "import", list.to_str().unwrap()]);
    assert!(
        out.contains("read 4 numbers: 2 added to the do-not-call list, 1 already on it, 1 bad"),
        "{out}"
    );
    assert!(out.contains("line 4: phone \"not a number\""), "{out}");
    // A CSV in GBK with a phone column.
    let csv = e.path("dnc.csv");
    write_csv(
        &csv,
        &[
            &["姓名", "手机号"],
            &["某某", "13855558888"],
            &["某某", "1385555"],
        ],
        Enc::Gbk,
    );
    let out = e.ok("boss", &["dnc", "import", csv.to_str().unwrap()]);
    assert!(out.contains("1 added") && out.contains("line 3:"), "{out}");
    assert_eq!(e.count("SELECT count(*) FROM dnc"), 5);
    let v: serde_json::Value =
        serde_json::from_str(&e.ok("boss", &["dnc", "list", "--format", "json"])).unwrap();
    let phones: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["phone"].as_str().unwrap())
        .collect();
    assert!(phones.contains(&"13855557777") && phones.contains(&"13812345678"));

    // At import, the listed numbers are rejected with the reason.
    let file = e.path("autohome.csv");
    write_csv(&file, &AUTOHOME[..4], Enc::Utf8Bom);
    let out = e.import("boss", &file, &[]);
    assert!(
        out.contains("0 new leads") && out.contains("3 rejected"),
        "{out}"
    );
    let rows = report(&e.path("autohome.csv.rejected.csv"));
    assert_eq!(
        rows.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(),
        ["2", "3", "4"]
    );
    assert!(
        rows.iter().all(|r| r[1].contains("do-not-call")),
        "{rows:?}"
    );
    assert_eq!(e.count("SELECT count(*) FROM leads"), 1);
    assert_eq!(e.count("SELECT count(*) FROM lead_sources"), 1);
}

#[test]
fn an_inbound_agents_import_goes_to_outbound_agents_by_the_rule_and_others_may_not_import() {
    let e = team();
    let file = e.path("autohome.csv");
    write_csv(
        &file,
        &[
            &["姓名", "手机", "车型", "来源", "购车时间"],
            &["甲", "13866660001", "凯美瑞", "汽车之家", "2026-12-01"],
            &["乙", "13866660002", "凯美瑞", "汽车之家", "2026-12-01"],
            &["丙", "13866660003", "凯美瑞", "汽车之家", "2026-12-01"],
            &["甲", "13866660001", "凯美瑞", "易车网", "2026-12-01"],
        ],
        Enc::Utf8,
    );
    let r = e.fail("amy", &["import", file.to_str().unwrap()]);
    assert!(
        r.stderr
            .contains("amy is an outbound agent: only supervisors and inbound agents may import"),
        "{}",
        r.stderr
    );
    assert_eq!(e.count("SELECT count(*) FROM leads"), 1);

    e.import("zoe", &file, &[]);
    let owner = |phone: &str| {
        e.db()
            .query_row(
                "SELECT a.login FROM leads l JOIN agents a ON a.id = l.owner_id WHERE l.phone = ?1",
                [phone],
                |r| r.get::<_, String>(0),
            )
            .unwrap()
    };
    // Round robin among the outbound agents, in turn.
    assert_eq!(
        [
            owner("13866660001"),
            owner("13866660002"),
            owner("13866660003")
        ],
        ["amy", "bob", "amy"]
    );
    // The next capture goes on with the round.
    e.ok(
        "zoe",
        &[
            "lead",
            "add",
            "--name",
            "丁",
            "--phone",
            "13866660004",
            "--channel",
            "hotline",
            "--model",
            "卡罗拉",
            "--grade",
            "A",
        ],
    );
    assert_eq!(owner("13866660004"), "bob");
    // Who imported is recorded on every source.
    assert_eq!(
        e.count(
            "SELECT count(*) FROM lead_sources s JOIN agents a ON a.id = s.agent_id
             WHERE a.login = 'zoe' AND s.origin = 'import:autohome.csv'"
        ),
        4
    );

    // --owner gives every new lead to one agent.
    let file2 = e.path("more.csv");
    write_csv(
        &file2,
        &[
            &["姓名", "手机", "车型", "来源", "购车时间"],
            &["戊", "13866660005", "凯美瑞", "汽车之家", "2026-12-01"],
        ],
        Enc::Utf8,
    );
    e.import("zoe", &file2, &["--owner", "bob"]);
    assert_eq!(owner("13866660005"), "bob");
    let r = e.fail(
        "zoe",
        &["import", file2.to_str().unwrap(), "--owner", "nobody"],
    );
    assert!(r.stderr.contains("--owner nobody"), "{}", r.stderr);
}

#[test]
fn the_least_loaded_rule_spreads_an_import_as_it_spreads_captures() {
    use dcc_desk::store::{AssignRule, LeadStore, OpenMode, SqliteStore};
    let e = team();
    {
        let store = SqliteStore::open(&e.db, OpenMode::Existing).unwrap();
        let boss = store.identify("boss", None).unwrap();
        store
            .set_assign_rule(&boss, &AssignRule::LeastLoaded)
            .unwrap();
    }
    let file = e.path("autohome.csv");
    let mut rows: Vec<Vec<String>> = vec![["姓名", "手机", "车型", "来源", "购车时间"]
        .map(String::from)
        .to_vec()];
    for i in 1..=4 {
        rows.push(
            [
                "客户",
                &format!("1386666000{i}"),
                "凯美瑞",
                "汽车之家",
                "2026-12-01",
            ]
            .map(String::from)
            .to_vec(),
        );
    }
    let refs: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let refs: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
    write_csv(&file, &refs, Enc::Utf8);
    e.import("zoe", &file, &[]);
    let owners: Vec<String> = (1..=4)
        .map(|i| {
            e.db()
                .query_row(
                    "SELECT a.login FROM leads l JOIN agents a ON a.id = l.owner_id
                     WHERE l.phone = ?1",
                    [format!("1386666000{i}")],
                    |r| r.get(0),
                )
                .unwrap()
        })
        .collect();
    // amy starts with one lead due (13900001111), bob with none; ties go
    // to the first agent.
    assert_eq!(owners, ["bob", "amy", "bob", "amy"]);
}

#[test]
fn files_that_are_not_csv_or_xlsx_are_refused_clearly() {
    let e = team();
    let before = e.snapshot();
    let pdf = e.path("leads.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n").unwrap();
    let err = e.fail("boss", &["import", pdf.to_str().unwrap()]).stderr;
    assert!(
        err.contains("is a PDF document, not a CSV file (UTF-8, GBK or GB18030) or an Excel workbook (xlsx); nothing was imported"),
        "{err}"
    );
    let fake = e.path("leads.xlsx");
    std::fs::write(&fake, "姓名,电话\n").unwrap();
    let err = e.fail("boss", &["import", fake.to_str().unwrap()]).stderr;
    assert!(
        err.contains("not one (a workbook is a zip archive)")
            && err.contains("nothing was imported"),
        "{err}"
    );
    let zip = e.path("photos.zip");
    std::fs::write(&zip, b"PK\x03\x04\x14\x00\x00\x00\x08\x00garbage").unwrap();
    let err = e.fail("boss", &["import", zip.to_str().unwrap()]).stderr;
    assert!(err.contains("is a zip archive, not a CSV file"), "{err}");
    let bin = e.path("blob.csv");
    std::fs::write(&bin, [0x00u8, 0x81, 0xFF, 0x00, 0x13, 0x37]).unwrap();
    let err = e.fail("boss", &["import", bin.to_str().unwrap()]).stderr;
    assert!(err.contains("is binary data, not a CSV file"), "{err}");
    let empty = e.path("empty.csv");
    std::fs::write(&empty, "").unwrap();
    let err = e.fail("boss", &["import", empty.to_str().unwrap()]).stderr;
    assert!(err.contains("is empty; nothing was imported"), "{err}");
    assert_eq!(e.snapshot(), before);
}

/// Three English words in a row: a sentence of ours left untranslated.
fn english_run(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .windows(3)
        .find(|w| {
            w.iter()
                .all(|t| t.len() > 1 && t.chars().all(|c| c.is_ascii_alphabetic()))
        })
        .map(|w| w.join(" "))
}

#[test]
fn every_refusal_of_an_import_is_said_in_chinese_under_zh_cn() {
    let e = team();
    let p = |name: &str| e.path(name);
    let write = |name: &str, bytes: &[u8]| std::fs::write(p(name), bytes).unwrap();
    let good = "姓名,手机,渠道,意向车型,预计购车时间\n张三,13700000001,汽车之家,凯美瑞,一周内\n";
    write("good.csv", good.as_bytes());
    write("empty.csv", b"");
    write("doc.pdf", b"%PDF-1.4 whatever");
    write(
        "page.xls",
        b"<html><body><table><tr><td>1</td></tr></table></body></html>",
    );
    write("fake.xlsx", b"name,phone\n");
    write("nul.csv", b"a,b\nc\0,d\n");
    let mut mixed = "姓名,手机\n张三,13700000001\n".as_bytes().to_vec();
    mixed.extend_from_slice(&[0xD5, 0xC5, 0xC8, 0xFD, b',', b'1', b'\n']);
    mixed.extend_from_slice("李四,13700000002\n".as_bytes());
    write("mixed.csv", &mixed);
    write("nocols.csv", "姓名,备注\n张三,x\n".as_bytes());
    write(
        "twins.csv",
        "姓名,手机,电话,渠道,意向车型\n张三,13700000001,13700000002,汽车之家,凯美瑞\n".as_bytes(),
    );
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(2048, 0);
    write("broken.xls", &ole);
    write("exists.csv", b"not a report of ours\n");
    std::fs::create_dir(p("folder.csv")).unwrap();
    let s = |path: PathBuf| path.to_str().unwrap().to_string();
    let cases: Vec<(&str, Vec<String>)> = vec![
        ("missing", vec![s(p("none.csv"))]),
        ("folder", vec![s(p("folder.csv"))]),
        ("empty", vec![s(p("empty.csv"))]),
        ("pdf", vec![s(p("doc.pdf"))]),
        ("html", vec![s(p("page.xls"))]),
        ("not xlsx", vec![s(p("fake.xlsx"))]),
        ("nul", vec![s(p("nul.csv"))]),
        ("mixed", vec![s(p("mixed.csv"))]),
        ("broken xls", vec![s(p("broken.xls"))]),
        ("no columns", vec![s(p("nocols.csv"))]),
        ("twins", vec![s(p("twins.csv"))]),
        ("map", vec![s(p("good.csv")), "--map".into(), "手机".into()]),
        (
            "map field",
            vec![s(p("good.csv")), "--map".into(), "手机=shoe".into()],
        ),
        (
            "map header",
            vec![s(p("good.csv")), "--map".into(), "=phone".into()],
        ),
        (
            "owner",
            vec![s(p("good.csv")), "--owner".into(), "ghost".into()],
        ),
        (
            "channel",
            vec![s(p("good.csv")), "--channel".into(), "nowhere".into()],
        ),
        (
            "report exists",
            vec![s(p("good.csv")), "--report".into(), s(p("exists.csv"))],
        ),
    ];
    for (what, args) in cases {
        let mut all = vec!["--lang", "zh-CN", "import"];
        all.extend(args.iter().map(String::as_str));
        let r = e.fail("boss", &all);
        let said = r.stderr.trim();
        assert!(
            said.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{what}: not Chinese: {said}"
        );
        assert_eq!(english_run(said), None, "{what}: English left in: {said}");
        // And in English, no Chinese sentence.
        let mut en = vec!["--lang", "en", "import"];
        en.extend(args.iter().map(String::as_str));
        let r = e.fail("boss", &en);
        assert!(r.stderr.contains("nothing was"), "{what}: {}", r.stderr);
    }
    // An outbound agent may not import.
    let r = e.fail("amy", &["--lang", "zh-CN", "import", &s(p("good.csv"))]);
    assert!(r.stderr.contains("导入"), "{}", r.stderr);
    assert_eq!(english_run(&r.stderr), None, "{}", r.stderr);
}

/// With a model list, an import reads models as the capture form does: any
/// spelling on the list becomes the model's one name, and a model not on
/// it rejects the row with the closest names, in the user's language.
#[test]
fn an_import_maps_model_spellings_to_the_list_and_rejects_unknown_models() {
    let e = team();
    e.ok(
        "boss",
        &[
            "model",
            "add",
            "凯美瑞",
            "--en",
            "Camry",
            "--alias",
            "凯美瑞双擎",
        ],
    );
    e.ok("boss", &["model", "add", "汉兰达", "--en", "Highlander"]);
    let file = e.path("models.csv");
    #[rustfmt::skip]
    let rows: &[&[&str]] = &[
        &["客户姓名", "手机号码", "意向车型", "线索来源", "预计购车时间"],
        &["张伟", "13812345678", "camry", "汽车之家", "2026-11-28"],
        &["李娜", "13812345679", "凯美瑞 双擎", "汽车之家", "2026-11-28"],
        &["王强", "13812345680", "HIGHLANDER", "汽车之家", "2026-11-28"],
        &["赵六", "13812345681", "凯没瑞", "汽车之家", "2026-11-28"],
    ];
    write_csv(&file, rows, Enc::Utf8);

    let out = e.import("boss", &file, &[]);
    assert!(out.contains("3 new leads"), "{out}");
    assert!(out.contains("1 rejected"), "{out}");
    assert_eq!(
        e.field("13812345678", "model").as_deref(),
        Some("凯美瑞 Camry")
    );
    assert_eq!(
        e.field("13812345679", "model").as_deref(),
        Some("凯美瑞 Camry")
    );
    assert_eq!(
        e.field("13812345680", "model").as_deref(),
        Some("汉兰达 Highlander")
    );
    assert_eq!(
        e.count("SELECT count(*) FROM leads WHERE phone = '13812345681'"),
        0
    );
    let rows = report(&e.path("models.csv.rejected.csv"));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0], "5");
    assert!(
        rows[0][1].contains("model \"凯没瑞\" is not on the dealer's model list")
            && rows[0][1].contains("closest: 凯美瑞 Camry"),
        "{rows:?}"
    );

    // The same refusal in Chinese.
    let zh = e.path("坏行.csv");
    e.ok(
        "boss",
        &[
            "--lang",
            "zh-CN",
            "import",
            file.to_str().unwrap(),
            "--dry-run",
            "--report",
            zh.to_str().unwrap(),
        ],
    );
    let text = String::from_utf8(std::fs::read(&zh).unwrap()).unwrap();
    assert!(
        text.contains("车型“凯没瑞”不在本店车型表中（最接近的：凯美瑞 Camry"),
        "{text}"
    );
}
