//! The hostile corpus (`common::hostile`) through every door text comes in
//! by: typed into the capture form, given on the command line, imported
//! from a file. Each text is refused where it enters, with the reason (an
//! import row goes to the rejected rows), and what dcc prints or writes
//! about it carries none of it.

mod common;

use common::hostile::{assert_csv_inert, assert_terminal_safe, FORMULAS, REFUSED};
use common::{at, Desk};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dcc_desk::app::capture::Field;
use dcc_desk::app::{App, Mode, Session};
use dcc_desk::domain::phone::Phone;
use dcc_desk::domain::text::is_unsafe;
use dcc_desk::i18n::Lang;
use dcc_desk::store::LeadStore;

fn press(a: &mut App, code: KeyCode) {
    a.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Types `s` key by key, whatever the characters (a terminal delivers an
/// escape typed after Ctrl-V, or an input method's odd character, this way).
fn typed(a: &mut App, s: &str) {
    for c in s.chars() {
        press(a, KeyCode::Char(c));
    }
}

/// Opens the capture form and fills every field in tab order, `hostile`
/// in `field`, good values in the others.
fn fill_with(a: &mut App, field: Field, hostile: &str) {
    press(a, KeyCode::Char('c'));
    assert!(matches!(a.mode, Mode::Capture(_)), "c opens the form");
    for (i, f) in Field::ORDER.iter().enumerate() {
        let good = match f {
            Field::Name => "刘洋",
            Field::Phone => "139 0000 1234",
            Field::Gender => "f",
            Field::City => "海淀区",
            Field::Channel => "yiche",
            Field::Model => "卡罗拉",
            Field::Purchase => "2",
            _ => "",
        };
        typed(a, if *f == field { hostile } else { good });
        if i + 1 < Field::ORDER.len() {
            press(a, KeyCode::Tab);
        }
    }
}

fn focus(a: &App) -> Field {
    match &a.mode {
        Mode::Capture(form) => form.field(),
        other => panic!("the form closed: {other:?}"),
    }
}

#[test]
fn the_capture_form_refuses_every_hostile_text_at_its_field_with_the_reason() {
    let d: Desk = common::desk();
    let phone = Phone::parse("13900001234").unwrap();
    for lang in [Lang::En, Lang::Zh] {
        let session = Session {
            lang: Some(lang),
            ..Default::default()
        };
        let mut a = common::workstation(&d, &d.agent, session, at("2026-11-23 11:00"));
        for field in [
            Field::Name,
            Field::City,
            Field::Model,
            Field::CurrentCar,
            Field::Note,
        ] {
            for (text, why) in REFUSED {
                fill_with(&mut a, field, text);
                a.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
                let said = a.message.as_ref().map(|m| m.text.clone());
                let said = said.unwrap_or_default();
                let (en, zh) = why.words();
                let reason = if lang == Lang::En { en } else { zh };
                assert!(said.contains(reason), "{field:?} {text:?}: {said}");
                assert_eq!(focus(&a), field, "{text:?}: the form goes to the field");
                let screen = common::screen(&a, 100, 30);
                let bad: Vec<char> = screen
                    .chars()
                    .filter(|c| is_unsafe(*c) && *c != '\n')
                    .collect();
                assert!(bad.is_empty(), "{field:?} {text:?}: {bad:?}");
                assert_eq!(d.store.find_by_phone(&phone).unwrap(), None, "not saved");
                // Esc twice throws the form away.
                press(&mut a, KeyCode::Esc);
                press(&mut a, KeyCode::Esc);
                assert!(matches!(a.mode, Mode::Normal), "{:?}", a.mode);
            }
        }
    }
    // And the same form with good text saves.
    let mut a = common::workstation(&d, &d.agent, Session::default(), at("2026-11-23 11:00"));
    fill_with(&mut a, Field::Note, "=HYPERLINK(\"http://x/\") 是备注");
    a.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(d.store.find_by_phone(&phone).unwrap().is_some(), "saved");
}

struct Team {
    dir: tempfile::TempDir,
    db: std::path::PathBuf,
}

fn dcc(t: &Team, user: &str, args: &[&str]) -> common::Run {
    common::run(common::dcc_as(&t.db, user, "2026-11-23T10:00").args(args))
}

fn team() -> Team {
    let dir = tempfile::tempdir().unwrap();
    let t = Team {
        db: dir.path().join("dcc.sqlite"),
        dir,
    };
    assert!(dcc(&t, "boss", &["init", "--name", "张主管"]).ok);
    let add = [
        "agent", "add", "amy", "--name", "王芳", "--role", "outbound",
    ];
    assert!(dcc(&t, "boss", &add).ok);
    t
}

#[test]
fn the_command_line_refuses_every_hostile_text_in_every_text_option() {
    let t = team();
    let lead = dcc(
        &t,
        "amy",
        &[
            "lead",
            "add",
            "--name",
            "韩梅梅",
            "--phone",
            "13812345678",
            "--channel",
            "汽车之家",
            "--model",
            "凯美瑞",
            "--grade",
            "A",
        ],
    );
    assert!(lead.ok, "{}", lead.stderr);
    let id = lead.stdout.trim().to_string();
    // A command line cannot hold a NUL; a note takes a carriage return as
    // a line break.
    for (text, why) in REFUSED.iter().filter(|(t, _)| !t.contains('\0')) {
        let (en, _) = why.words();
        let note_too = !text.contains('\r');
        let base = |flag: &'static str| {
            let mut args = vec![
                "lead",
                "add",
                "--phone",
                "13912345678",
                "--channel",
                "汽车之家",
                "--grade",
                "A",
            ];
            for (f, v) in [
                ("--name", "李雷"),
                ("--model", "凯美瑞"),
                ("--note", "备注"),
            ] {
                args.extend([f, if f == flag { text } else { v }]);
            }
            args
        };
        let tries: Vec<(&str, Vec<&str>)> = vec![
            ("amy", base("--name")),
            ("amy", base("--model")),
            ("amy", base("--note")),
            ("amy", vec!["log", &id, "reached", "--note", text]),
            (
                "boss",
                vec!["agent", "add", "eve", "--name", text, "--role", "inbound"],
            ),
            ("boss", vec!["set", "dealer", text]),
            ("boss", vec!["set", "campaign", text]),
            (
                "boss",
                vec![
                    "reason", "add", "defeat", "x1", "--zh", text, "--en", "price",
                ],
            ),
        ];
        for (user, args) in tries {
            if args.contains(&"--note") && !note_too {
                continue;
            }
            let r = dcc(&t, user, &args);
            assert!(!r.ok, "{args:?} was taken");
            assert!(r.stderr.contains(en), "{args:?}: {}", r.stderr);
            assert!(r.stderr.contains("nothing was saved"), "{}", r.stderr);
            assert_terminal_safe(&format!("{args:?}"), r.stderr.as_bytes());
        }
    }
    let shown = dcc(&t, "amy", &["lead", "show", &id, "--format", "json"]).stdout;
    let lead: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(lead["name"], "韩梅梅", "nothing changed");
    let all = dcc(&t, "boss", &["queue", "--all", "--format", "csv"]).stdout;
    assert!(!all.contains("李雷"), "no lead was added: {all}");
}

const HEADER: &str = "姓名,手机,渠道,意向车型,预计购车时间,级别,城市,备注\n";

/// A CSV row in `HEADER`'s columns; `cells` replaces some by index.
fn row(n: usize, cells: &[(usize, &str)]) -> Vec<String> {
    let mut r: Vec<String> = [
        format!("客户{n}"),
        format!("1391234{n:04}"),
        "汽车之家".into(),
        "凯美瑞".into(),
        "一周内".into(),
        "A".into(),
        "北京".into(),
        "备注".into(),
    ]
    .into();
    for (i, v) in cells {
        r[*i] = v.to_string();
    }
    r
}

fn csv_text(rows: &[Vec<String>]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.write_record(r).unwrap();
    }
    format!(
        "{HEADER}{}",
        String::from_utf8(w.into_inner().unwrap()).unwrap()
    )
}

#[test]
fn an_import_rejects_every_hostile_cell_and_neither_its_summary_nor_its_report_carries_one() {
    let t = team();
    // Each refused text in every column a row has: the text columns refuse
    // it as text; the phone, channel, date and grade columns do not know
    // it, and say so quoting it.
    // (A NUL makes the file binary data, refused whole; a note takes a
    // carriage return as a line break.)
    let mut rows = Vec::new();
    for (i, (text, _)) in REFUSED.iter().enumerate() {
        for col in 0..8 {
            if text.contains('\0') || (col == 7 && text.contains('\r')) {
                continue;
            }
            rows.push(row(i * 8 + col, &[(col, text)]));
        }
    }
    let bad = rows.len();
    for (i, f) in FORMULAS.iter().enumerate() {
        rows.push(row(5000 + i, &[(0, f), (6, f), (7, f)]));
    }
    let file = t.dir.path().join("hostile.csv");
    std::fs::write(&file, csv_text(&rows)).unwrap();
    let file = file.to_str().unwrap();
    let said = [
        ("en", format!("{bad} rejected"), "line,reason"),
        ("zh-CN", format!("拒绝 {bad} 行"), "行号,原因"),
    ];
    for (lang, rejected, header) in said {
        let r = dcc(&t, "boss", &["--lang", lang, "import", file, "--dry-run"]);
        assert!(r.ok, "{}", r.stderr);
        assert!(r.stdout.contains(&rejected), "{}", r.stdout);
        assert_terminal_safe(&format!("import summary ({lang})"), r.stdout.as_bytes());
        let report = std::fs::read_to_string(format!("{file}.rejected.csv")).unwrap();
        assert!(report.starts_with(&format!("\u{feff}{header}")), "{report}");
        assert_terminal_safe(&format!("rejected rows ({lang})"), report.as_bytes());
        let cells = assert_csv_inert("rejected rows", &report);
        assert!(
            cells.iter().any(|c| c.contains("\\x1b]52;c;aGVsbG8K\\x07")),
            "the escape is shown, not dropped"
        );
    }
    // The formulas are text: imported, and every CSV dcc writes keeps them text.
    let r = dcc(&t, "boss", &["import", file]);
    assert!(r.ok, "{}", r.stderr);
    let new = format!("{} new leads", FORMULAS.len());
    assert!(r.stdout.contains(&new), "{}", r.stdout);
    let queue = dcc(
        &t,
        "boss",
        &["queue", "--all", "--date", "2026-11-24", "--format", "csv"],
    );
    let cells = assert_csv_inert("queue", &queue.stdout);
    for f in FORMULAS {
        assert!(cells.contains(&format!("'{f}")), "{f}: {cells:?}");
    }
}

#[test]
fn a_10_mb_name_or_phone_cell_is_rejected_naming_the_limit_and_not_printed_back() {
    let t = team();
    let huge = "长".repeat((10 << 20) / 3);
    let huge_phone = "1".repeat(10 << 20);
    let rows = [
        row(1, &[(0, &huge)]),
        row(2, &[(1, &huge_phone)]),
        row(3, &[]),
    ];
    let file = t.dir.path().join("huge.csv");
    std::fs::write(&file, csv_text(&rows)).unwrap();
    let file = file.to_str().unwrap();
    for (lang, limit) in [("en", "the limit is 50"), ("zh-CN", "上限为 50")] {
        let r = dcc(&t, "boss", &["--lang", lang, "import", file, "--dry-run"]);
        assert!(r.ok, "{}", r.stderr);
        assert!(
            r.stdout.contains(limit),
            "{}",
            &r.stdout[..r.stdout.len().min(2000)]
        );
        assert!(r.stdout.len() < 4096, "the cells are not printed back");
        let report = std::fs::metadata(format!("{file}.rejected.csv"))
            .unwrap()
            .len();
        assert!(
            report < 25 << 20,
            "each cell once, not again in its reason: {report}"
        );
    }
    let r = dcc(&t, "boss", &["import", file]);
    assert!(r.stdout.contains("1 new lead"), "{}", r.stdout);
}

#[test]
fn a_zip_that_is_not_a_workbook_is_named_with_even_spacing_in_chinese() {
    let t = team();
    let zip = t.dir.path().join("photos.xlsx");
    std::fs::write(&zip, b"PK\x03\x04\x14\x00\x00\x00\x08\x00garbage").unwrap();
    let fake = t.dir.path().join("leads.xlsx");
    std::fs::write(&fake, "姓名,电话\n").unwrap();
    let r = dcc(
        &t,
        "boss",
        &["--lang", "zh-CN", "import", zip.to_str().unwrap()],
    );
    assert!(
        r.stderr.contains("photos.xlsx 是 zip 压缩包（不是工作簿）"),
        "{}",
        r.stderr
    );
    let r = dcc(
        &t,
        "boss",
        &["--lang", "zh-CN", "import", fake.to_str().unwrap()],
    );
    assert!(
        r.stderr.contains(
            "leads.xlsx 虽以 xlsx 命名，却不是工作簿（工作簿是 zip 压缩包），也不是 CSV 文件"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("未导入任何内容"), "{}", r.stderr);
}
