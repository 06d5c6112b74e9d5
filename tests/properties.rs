//! Bad input, generated: the parsers of phone numbers, dates and times, the
//! configuration, themes and import files never panic, whatever they are
//! given, and every refusal says something (in both languages where the
//! parser has two).
//!
//! Case counts are kept small so the suite stays fast; raise them for a
//! longer hunt with `PROPTEST_CASES=5000 cargo test --release --test properties`.

mod common;

use std::io::Write;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

use dcc_desk::config::Config as DccConfig;
use dcc_desk::domain::phone::Phone;
use dcc_desk::domain::when;
use dcc_desk::i18n::{Lang, Localize};
use dcc_desk::import::{import_file, read_table, ImportOptions};
use dcc_desk::theme::Theme;

/// `PROPTEST_CASES` if set, else `default`.
fn runner(default: u32) -> TestRunner {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

/// Text made of pieces of the kind people type, glued at random: more
/// likely than arbitrary text to reach deep into a parser.
fn pieces(vocab: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(vocab), 0..max).prop_map(|v| v.concat())
}

/// Arbitrary text, text of the right kind, or the two mixed.
fn input(vocab: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        pieces(vocab, max),
        (pieces(vocab, max), any::<String>(), pieces(vocab, max))
            .prop_map(|(a, b, c)| format!("{a}{b}{c}")),
    ]
}

fn said(msg: &str, input: &str) -> Result<(), TestCaseError> {
    prop_assert!(!msg.trim().is_empty(), "an empty message for {input:?}");
    Ok(())
}

const PHONE: &[&str] = &[
    "1", "3", "8", "0", "5", "9", "138", "1381234", "5678", "+86", "0086", "86", "010", "0755",
    "400", "800", " ", "-", "(", ")", ".", "１", "３", "８", "＋", "－", "转", "ext", "x", "a",
    "一", "\t", "\u{200b}", "０",
];

#[test]
fn phone_numbers_parse_to_digits_that_parse_again_or_are_refused_with_a_message() {
    runner(512)
        .run(&input(PHONE, 10), |s| {
            match Phone::parse(&s) {
                Ok(p) => {
                    prop_assert!(
                        p.as_str().bytes().all(|b| b.is_ascii_digit()),
                        "{s:?} -> {p}"
                    );
                    prop_assert_eq!(Phone::parse(p.as_str()).ok(), Some(p.clone()), "{:?}", s);
                    prop_assert_eq!(p.masked().chars().count(), p.as_str().len());
                    prop_assert!(!p.display().is_empty());
                }
                Err(e) => {
                    said(&e.to_string(), &s)?;
                    said(&e.localize(Lang::Zh), &s)?;
                }
            }
            Ok(())
        })
        .unwrap();
}

const WHEN: &[&str] = &[
    "2026",
    "2025",
    "0000",
    "9999",
    "262144",
    "-",
    "/",
    ".",
    ":",
    "：",
    "T",
    " ",
    "11",
    "1",
    "0",
    "13",
    "29",
    "30",
    "31",
    "02",
    "24",
    "60",
    "99",
    "年",
    "月",
    "日",
    "号",
    "点",
    "时",
    "分",
    "半",
    "明天",
    "后天",
    "今天",
    "昨天",
    "大后天",
    "周五",
    "星期一",
    "下周",
    "上午",
    "下午",
    "晚上",
    "中午",
    "pm",
    "am",
    "tomorrow",
    "today",
    "fri",
    "+",
    "+3",
    "+2h",
    "h",
    "d",
    "min",
    "十",
    "十二",
    "三",
    "１",
    "２",
];

fn now_and_default() -> impl Strategy<Value = (NaiveDateTime, NaiveTime)> {
    (0i64..200_000, 0u32..86_400, 0u32..86_400).prop_map(|(days, secs, dsecs)| {
        let day = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Duration::days(days);
        (
            day.and_time(NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).unwrap()),
            NaiveTime::from_num_seconds_from_midnight_opt(dsecs, 0).unwrap(),
        )
    })
}

#[test]
fn strict_dates_and_times_read_back_what_they_print_or_are_refused_with_a_message() {
    let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
    runner(512)
        .run(&input(WHEN, 8), |s| {
            match when::parse_strict(&s, nine) {
                Ok(t) => {
                    let again =
                        when::parse_strict(&t.format("%Y-%m-%d %H:%M:%S").to_string(), nine);
                    prop_assert_eq!(again.ok(), Some(t), "{:?}", s);
                }
                Err(e) => {
                    said(&e.to_string(), &s)?;
                    said(&e.localize(Lang::Zh), &s)?;
                }
            }
            match when::parse_date(&s) {
                Ok(d) => {
                    let again = when::parse_date(&d.format("%Y-%m-%d").to_string());
                    prop_assert_eq!(again.ok(), Some(d), "{:?}", s);
                }
                Err(e) => {
                    said(&e.to_string(), &s)?;
                    said(&e.localize(Lang::Zh), &s)?;
                }
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn human_dates_and_times_never_panic_whatever_the_clock_and_refusals_say_why() {
    runner(1024)
        .run(
            &(input(WHEN, 8), now_and_default()),
            |(s, (now, default))| {
                match when::parse_human(&s, now, default) {
                    Ok(_) => {}
                    Err(e) => {
                        said(&e.to_string(), &s)?;
                        said(&e.localize(Lang::Zh), &s)?;
                    }
                }
                Ok(())
            },
        )
        .unwrap();
}

const CONFIG: &[&str] = &[
    "db",
    "lang",
    "theme",
    "dial_command",
    "keys",
    "[keys]",
    "[theme]",
    "reached",
    "=",
    " = ",
    "\"",
    "'",
    "\"\"\"",
    "\n",
    "#",
    "[",
    "]",
    "{",
    "}",
    ",",
    "zh-CN",
    "en",
    "/srv/dcc.sqlite",
    "softphone {phone}",
    "r",
    "1",
    "true",
    "1979-05-27",
    "\\",
    "\\u",
    "dbb",
    "\u{0}",
    "中文",
];

#[test]
fn a_configuration_file_of_any_content_is_read_or_refused_with_a_message() {
    runner(512)
        .run(&input(CONFIG, 16), |s| {
            if let Err(msg) = DccConfig::parse(&s) {
                said(&msg, &s)?;
            }
            Ok(())
        })
        .unwrap();
}

fn theme_text() -> impl Strategy<Value = String> {
    let keys: Vec<String> = Theme::dark()
        .styles()
        .into_iter()
        .map(|(k, _)| k)
        .chain([
            "grades.Z".to_string(),
            "nonsense".to_string(),
            "[grades]".into(),
        ])
        .collect();
    let value = prop::sample::select(vec![
        "\"red\"",
        "\"lightblue\"",
        "\"#ff00aa\"",
        "\"#ff00a\"",
        "\"#gg0000\"",
        "12",
        "255",
        "256",
        "-1",
        "\"\"",
        "{ fg = \"red\", bold = true }",
        "{ fg = \"nope\" }",
        "{ bg = 300, italic = \"yes\" }",
        "{ modifiers = [\"bold\", \"blink\"] }",
        "[1, 2]",
        "true",
        "\"黑色\"",
        "{",
    ]);
    let line = (prop::sample::select(keys), value).prop_map(|(k, v)| format!("{k} = {v}\n"));
    prop_oneof![
        any::<String>(),
        prop::collection::vec(line, 0..8).prop_map(|v| v.concat()),
    ]
}

#[test]
fn a_theme_file_of_any_content_is_read_or_refused_with_a_message() {
    runner(512)
        .run(&theme_text(), |s| {
            if let Err(e) = Theme::parse("mine.toml", &s) {
                let msg = e.to_string();
                said(&msg, &s)?;
                prop_assert!(msg.contains("mine.toml"), "the file is not named: {msg}");
            }
            Ok(())
        })
        .unwrap();
}

const CSV_CELL: &[&str] = &[
    "姓名",
    "电话",
    "手机",
    "客户手机",
    "渠道",
    "车型",
    "意向车型",
    "购车时间",
    "name",
    "phone",
    "channel",
    "model",
    "张三",
    "李四",
    "13812345678",
    "1381234567",
    "+86 139 0000 0001",
    "010-12345678",
    "autohome",
    "汽车之家",
    "易车",
    "凯美瑞",
    "2026-12-01",
    "2026/13/40",
    "下个月",
    "",
    " ",
    "\"",
    "\"\"",
    "a,b",
    "\u{feff}",
    "=1+1",
    "x",
];

fn csv_text() -> impl Strategy<Value = Vec<u8>> {
    let row = prop::collection::vec(prop::sample::select(CSV_CELL), 0..7).prop_map(|cells| {
        cells
            .iter()
            .map(|c| {
                if c.contains([',', '"']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(",")
    });
    prop_oneof![
        any::<Vec<u8>>(),
        prop::collection::vec(row, 0..8).prop_map(|rows| rows.join("\n").into_bytes()),
        // The same as GBK, as many platforms export.
        prop::collection::vec(prop::sample::select(CSV_CELL), 0..20)
            .prop_map(|cells| { encoding_rs::GBK.encode(&cells.join(",")).0.into_owned() }),
        any::<Vec<u8>>().prop_map(|b| [b"PK\x03\x04".as_slice(), &b].concat()),
    ]
}

/// Any file given to `dcc import` (checked for real, in a dry run) is
/// imported row by row or refused with a message; each rejected row says why.
#[test]
fn an_import_file_of_any_content_is_checked_row_by_row_or_refused_with_a_message() {
    let d = common::desk();
    let dir = tempfile::tempdir().unwrap();
    let now = common::at("2026-11-23 10:00");
    let n = std::cell::Cell::new(0);
    runner(64)
        .run(&(csv_text(), any::<bool>()), |(bytes, xlsx_name)| {
            n.set(n.get() + 1);
            let n = n.get();
            let ext = if xlsx_name { "xlsx" } else { "csv" };
            let file = dir.path().join(format!("in{n}.{ext}"));
            std::fs::File::create(&file)
                .and_then(|mut f| f.write_all(&bytes))
                .unwrap();
            let opts = ImportOptions {
                file: file.clone(),
                channel: Some("autohome".into()),
                dry_run: true,
                report: Some(dir.path().join(format!("in{n}.rejected.csv"))),
                lang: Some(Lang::En),
                ..Default::default()
            };
            match import_file(&d.store, &d.boss, &opts, now) {
                Ok(summary) => {
                    prop_assert!(!summary.written, "a dry run wrote leads");
                    for r in &summary.rejections {
                        said(&r.reason, &format!("line {}", r.line))?;
                    }
                }
                Err(e) => said(&e.to_string(), &String::from_utf8_lossy(&bytes))?,
            }
            Ok(())
        })
        .unwrap();
}

/// Workbooks with cells of any text or number read without panicking.
#[test]
fn an_xlsx_workbook_of_any_cells_is_read_or_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let cell = prop_oneof![
        prop::sample::select(CSV_CELL).prop_map(|s| (s.to_string(), None)),
        any::<String>().prop_map(|s| (s, None)),
        any::<f64>().prop_map(|f| (String::new(), Some(f))),
    ];
    let sheet = prop::collection::vec(prop::collection::vec(cell, 0..6), 0..6);
    let n = std::cell::Cell::new(0);
    runner(32)
        .run(&sheet, |rows| {
            n.set(n.get() + 1);
            let n = n.get();
            let path = dir.path().join(format!("book{n}.xlsx"));
            let mut book = rust_xlsxwriter::Workbook::new();
            let ws = book.add_worksheet();
            for (r, row) in rows.iter().enumerate() {
                for (c, (text, number)) in row.iter().enumerate() {
                    // Text the workbook format cannot hold is not a case.
                    let _ = match number {
                        Some(f) => ws.write_number(r as u32, c as u16, *f).map(|_| ()),
                        None => ws.write_string(r as u32, c as u16, text).map(|_| ()),
                    };
                }
            }
            book.save(&path).unwrap();
            match read_table(&path) {
                Ok(t) => prop_assert!(t.rows.len() <= rows.len()),
                Err(e) => said(&e.to_string(), &format!("{rows:?}"))?,
            }
            Ok(())
        })
        .unwrap();
}
