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
    poisoned_then(|_| {})
}

/// [`poisoned`], with `before` run on the demo's file before the text is
/// written.
fn poisoned_then(before: impl FnOnce(&Path)) -> Poisoned {
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
    // A sales consultant, for the showroom's rows below.
    ok(
        &db,
        BOSS,
        &[
            "agent",
            "add",
            "lin",
            "--name",
            "林顾问",
            "--role",
            "showroom",
        ],
    );
    before(&db);
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute(
        "INSERT INTO agent_keys (agent_id, fingerprint, kind, blob, comment, added_at, added_by)
         SELECT id, 'SHA256:x', 'ssh-ed25519', 'AAAA', '', '2026-11-23 09:00:00', id
         FROM agents WHERE login = ?1",
        [AGENT],
    )
    .unwrap();
    // Each column's text starts with a tag naming it, so that a screen can
    // be asked whether it shows that column.
    let text_columns: &[(&str, &str, &str, &str)] = &[
        ("leads", "name", "1", "NAME"),
        ("leads", "model", "1", "MODEL"),
        ("leads", "note", "1", "NOTE"),
        ("leads", "city", "1", "CITY"),
        ("leads", "current_car", "1", "CAR"),
        ("leads", "consent", "1", "CONSENT"),
        ("agents", "name", "1", "AGENT"),
        // Logins too, but the two the command line names.
        (
            "agents",
            "login",
            "login NOT IN ('root', 'zhang.hui')",
            "LOGIN",
        ),
        ("channels", "name_zh", "1", "CHANNEL"),
        ("channels", "name_en", "1", "CHANNEL"),
        ("channels", "code", "1", "CODE"),
        ("reasons", "name_zh", "1", "REASON"),
        ("reasons", "name_en", "1", "REASON"),
        ("reasons", "grp", "1", "GROUP"),
        ("calls", "note", "1", "CALLNOTE"),
        ("calls", "reason", "reason IS NOT NULL", "CALLREASON"),
        ("scripts", "title", "1", "TITLE"),
        ("scripts", "body", "1", "SCRIPT"),
        ("settings", "value", "key = 'dealer'", "DEALER"),
        ("settings", "value", "key = 'campaign'", "CAMPAIGN"),
        // The file name an import records (`import:<file name>`); the
        // other origins are codes the program reads.
        ("lead_sources", "origin", "origin LIKE 'import:%'", "FILE"),
        ("imports", "origin", "origin LIKE 'import:%'", "FILE"),
        ("dnc", "note", "1", "DNC"),
        ("dnc", "origin", "1", "DNC"),
        ("models", "name_zh", "1", "LISTED"),
        ("models", "name_en", "1", "LISTED"),
        ("models", "aliases", "1", "LISTED"),
        ("agent_keys", "comment", "1", "KEY"),
        ("report_models", "model", "1", "MODEL"),
        ("report_defeats", "reason", "reason <> ''", "CALLREASON"),
    ];
    for (table, column, rows, tag) in text_columns {
        // A model starts with a formula, for the spreadsheets.
        let head = if *column == "model" {
            format!("{FORMULA}{tag}{STORED}")
        } else {
            format!("{tag}{STORED}")
        };
        c.execute(
            &format!(
                "UPDATE {table} SET {column} = CASE WHEN {column} LIKE 'import:%'
                     THEN 'import:' || ?1 || substr({column}, 8) ELSE ?1 || coalesce({column}, '') END
                 WHERE {rows}"
            ),
            [&head],
        )
        .unwrap_or_else(|e| panic!("{table}.{column}: {e}"));
    }
    // The showroom's logs are append-only too: a walk-in registered at
    // reception this morning on lead 1 (its name and note), counted as its
    // arrival, and a showroom defeat (its reason and note).
    c.execute(
        "INSERT INTO walk_ins (lead_id, name, phone, came_in, went_out, revisit, consultant_id,
                               new_lead, at, actor_id, note)
         SELECT l.id, ?1, l.phone, '2026-11-23 09:30:00', '2026-11-23 09:50:00', 1, a.id, 0,
                '2026-11-23 09:55:00', a.id, ?2
         FROM leads l, agents a WHERE l.id = 1 AND a.role = 'showroom'",
        [format!("WALKIN{STORED}"), format!("WALKNOTE{STORED}")],
    )
    .unwrap();
    for (kind, reason, note) in [
        ("arrived", None, format!("HANDNOTE{STORED}")),
        (
            "defeat",
            Some(format!("HANDREASON{STORED}")),
            format!("HANDNOTE{STORED}"),
        ),
    ] {
        c.execute(
            "INSERT INTO handovers (lead_id, at, kind, consultant_id, agent_id, actor_id,
                                    reason, note, walk_in_id)
             SELECT 1, '2026-11-23 09:40:00', ?1, a.id, a.id, a.id, ?2, ?3,
                    (SELECT max(id) FROM walk_ins)
             FROM agents a WHERE a.role = 'showroom'",
            rusqlite::params![kind, reason, note],
        )
        .unwrap();
    }
    // The event log is append-only: an added event carries it.
    c.execute(
        "INSERT INTO events (lead_id, at, agent_id, actor_id, kind, old, new, note)
         SELECT id, '2026-11-22 10:00:00', owner_id, owner_id, 'status', 'tracking', 'tracking', ?1
         FROM leads WHERE owner_id IS NOT NULL",
        [format!("EVENT{STORED}")],
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
            runs.push((
                AGENT,
                own(&[
                    "--lang",
                    lang,
                    "showroom",
                    "walk-ins",
                    "--day",
                    "2026-11-23",
                    "--format",
                    format,
                ]),
            ));
            runs.push((
                BOSS,
                own(&["--lang", lang, "showroom", "visits", "--format", format]),
            ));
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
            .any(|c| c.starts_with(&format!("'{FORMULA}MODEL客户{SHOWN}"))),
        "{out}"
    );
    // The showroom's texts: the walk-in register, the handovers in the
    // lead's history.
    let out = ok(db, BOSS, &["showroom", "walk-ins", "--day", "2026-11-23"]);
    for tag in ["WALKIN", "WALKNOTE"] {
        assert!(out.contains(&format!("{tag}客户{SHOWN}")), "{tag}: {out}");
    }
    let out = ok(db, BOSS, &["lead", "show", "1"]);
    for tag in ["HANDNOTE", "HANDREASON"] {
        assert!(out.contains(&format!("{tag}客户{SHOWN}")), "{tag}: {out}");
    }
    let register: serde_json::Value = serde_json::from_str(&ok(
        db,
        BOSS,
        &[
            "showroom",
            "walk-ins",
            "--day",
            "2026-11-23",
            "--format",
            "json",
        ],
    ))
    .unwrap();
    let name = register[0]["name"].as_str().unwrap();
    assert!(name.starts_with(&format!("WALKIN{STORED}")), "{name:?}");
    // JSON keeps the value itself, escaped.
    let lead: serde_json::Value =
        serde_json::from_str(&ok(db, BOSS, &["lead", "show", "1", "--format", "json"])).unwrap();
    let name = lead["name"].as_str().unwrap();
    assert!(name.starts_with(&format!("NAME{STORED}")), "{name:?}");
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

// ---------------------------------------------------------------------------
// The workstation

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dcc_desk::app::{App, FixedClock, Mode, Session};
use dcc_desk::domain::text::is_unsafe;
use dcc_desk::i18n::Lang;
use dcc_desk::store::{LeadStore, OpenMode, SqliteStore};

struct Screens {
    /// What each screen showed, by name: every frame is checked as drawn.
    seen: Vec<(String, String)>,
}

impl Screens {
    fn look(&mut self, what: &str, a: &App) {
        for (w, h) in [(80, 24), (120, 40)] {
            let s = common::screen(a, w, h);
            let bad: Vec<char> = s.chars().filter(|c| *c != '\n' && is_unsafe(*c)).collect();
            assert!(bad.is_empty(), "{what} at {w}x{h}: {bad:?}\n{s}");
            self.seen.push((format!("{what} {w}x{h}"), s));
        }
    }

    /// Whether a screen named `what` showed the column tagged `tag`, its
    /// escapes as `␛`.
    fn showed(&self, what: &str, tag: &str) -> bool {
        let shown = format!("{tag}客户␛");
        // Not the status line, which names the agent on every screen.
        let above_status = |s: &str| {
            let lines: Vec<&str> = s.lines().collect();
            lines[..lines.len() - 1].join("\n")
        };
        self.seen
            .iter()
            .any(|(n, s)| n.starts_with(what) && above_status(s).contains(&shown))
    }
}

/// The one text `sql` reads (a login, a phone, an id).
fn login_of(db: &Path, sql: &str) -> String {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(sql, [], |r| r.get::<_, rusqlite::types::Value>(0))
        .map(|v| match v {
            rusqlite::types::Value::Integer(n) => n.to_string(),
            rusqlite::types::Value::Text(t) => t,
            other => panic!("{sql}: {other:?}"),
        })
        .unwrap()
}

fn open_as(db: &Path, login: &str, lang: Lang) -> App {
    let store = SqliteStore::open(db, OpenMode::Existing).unwrap();
    let actor = store.identify(login, None).unwrap();
    App::new(
        Box::new(store),
        Box::new(FixedClock(common::at("2026-11-23 10:00"))),
        actor,
        Session {
            lang: Some(lang),
            ..Default::default()
        },
    )
    .unwrap()
}

fn key(a: &mut App, code: KeyCode) {
    a.on_key(KeyEvent::new(code, KeyModifiers::NONE));
    a.settle();
}

fn typed(a: &mut App, s: &str) {
    for c in s.chars() {
        key(a, KeyCode::Char(c));
    }
}

/// Every row of the queue in force, each with its card, script and key bar.
fn walk_queue(s: &mut Screens, what: &str, a: &mut App) {
    let rows = a.queue.len().max(a.captures.len()).min(120);
    for i in 0..rows {
        s.look(&format!("{what} row {i}"), a);
        key(a, KeyCode::Down);
    }
}

#[test]
fn stored_hostile_text_is_drawn_visibly_on_every_screen_and_never_sent() {
    let p = poisoned_with_a_capture_today();
    let db = &p.db;
    let inbound = login_of(
        db,
        "SELECT login FROM agents WHERE role = 'inbound' AND active ORDER BY id LIMIT 1",
    );
    let verifier = login_of(
        db,
        "SELECT a.login FROM leads l JOIN agents a ON a.id = l.owner_id
         WHERE l.due_reason = 'verification' ORDER BY a.id LIMIT 1",
    );
    let known_phone = login_of(db, "SELECT phone FROM leads WHERE id = 1");
    for lang in [Lang::Zh, Lang::En] {
        let mut s = Screens { seen: Vec::new() };
        // The supervisor: the queue, help, the team, an agent's queue,
        // the requests, the reports' six pages, moving, finding, capturing
        // a known caller.
        let mut boss = open_as(db, BOSS, lang);
        walk_queue(&mut s, "queue", &mut boss);
        key(&mut boss, KeyCode::Char('?'));
        s.look("help", &boss);
        key(&mut boss, KeyCode::Esc);
        key(&mut boss, KeyCode::Char('T'));
        for i in 0..8 {
            s.look(&format!("team {i}"), &boss);
            key(&mut boss, KeyCode::Down);
        }
        key(&mut boss, KeyCode::Up);
        key(&mut boss, KeyCode::Enter);
        walk_queue(&mut s, "acting for", &mut boss);
        key(&mut boss, KeyCode::Esc);
        key(&mut boss, KeyCode::Char('A'));
        assert!(matches!(boss.mode, Mode::Requests(_)), "{:?}", boss.mode);
        for i in 0..10 {
            s.look(&format!("requests {i}"), &boss);
            key(&mut boss, KeyCode::Down);
        }
        key(&mut boss, KeyCode::Char('p'));
        s.look("requests revealed", &boss);
        key(&mut boss, KeyCode::Esc);
        key(&mut boss, KeyCode::Char('R'));
        for page in ['1', '2', '3', '4', '5', '6'] {
            key(&mut boss, KeyCode::Char(page));
            assert!(matches!(boss.mode, Mode::Reports(_)), "{:?}", boss.mode);
            s.look(&format!("reports page {page}"), &boss);
            for k in [KeyCode::Down, KeyCode::Down, KeyCode::Char('>')] {
                key(&mut boss, k);
                s.look(&format!("reports page {page} moved"), &boss);
            }
        }
        key(&mut boss, KeyCode::Esc);
        key(&mut boss, KeyCode::Char('m'));
        s.look("move", &boss);
        key(&mut boss, KeyCode::Esc);
        key(&mut boss, KeyCode::Esc);
        key(&mut boss, KeyCode::Char('/'));
        typed(&mut boss, "客户");
        s.look("find", &boss);
        key(&mut boss, KeyCode::Esc);
        key(&mut boss, KeyCode::Esc);
        key(&mut boss, KeyCode::Char('c'));
        typed(&mut boss, "来电");
        key(&mut boss, KeyCode::Tab);
        typed(&mut boss, &known_phone);
        assert!(matches!(boss.mode, Mode::Capture(_)), "{:?}", boss.mode);
        s.look("capture, a known caller", &boss);
        key(&mut boss, KeyCode::Esc);
        key(&mut boss, KeyCode::Esc);
        // A new caller: the model field offers the dealer's models.
        key(&mut boss, KeyCode::Char('c'));
        typed(&mut boss, "新客");
        key(&mut boss, KeyCode::Tab);
        typed(&mut boss, "13955556666");
        for (field, typing) in [
            ("gender", ""),
            ("city", ""),
            ("source", "汽"),
            ("model", "凯"),
        ] {
            key(&mut boss, KeyCode::Tab);
            typed(&mut boss, typing);
            s.look(&format!("capture {field}"), &boss);
        }
        for _ in 0..10 {
            key(&mut boss, KeyCode::Tab);
            s.look("capture fields", &boss);
        }

        // An outbound agent: the queue, a call and its prompts.
        let mut agent = open_as(db, AGENT, lang);
        walk_queue(&mut s, "agent", &mut agent);
        key(&mut agent, KeyCode::Home);
        key(&mut agent, KeyCode::Enter);
        s.look("on a call", &agent);
        for (k, what) in [
            ('d', "defeat reasons"),
            ('i', "invalid reasons"),
            ('b', "callback"),
            ('g', "grade"),
        ] {
            key(&mut agent, KeyCode::Char(k));
            s.look(what, &agent);
            typed(&mut agent, "x");
            s.look(what, &agent);
            key(&mut agent, KeyCode::Esc);
            key(&mut agent, KeyCode::Esc);
        }

        // The agent holding verification calls: their keys and scripts.
        let mut verify = open_as(db, &verifier, lang);
        walk_queue(&mut s, "verification", &mut verify);

        // The inbound agent's home and a known caller on the line.
        let mut home = open_as(db, &inbound, lang);
        walk_queue(&mut s, "inbound home", &mut home);
        key(&mut home, KeyCode::Char('c'));
        typed(&mut home, "来电");
        key(&mut home, KeyCode::Tab);
        typed(&mut home, &known_phone);
        s.look("inbound capture, a known caller", &home);
        key(&mut home, KeyCode::Enter);
        s.look("inbound, the caller on the line", &home);
        key(&mut home, KeyCode::Char('d'));
        s.look("inbound defeat reasons", &home);

        if std::env::var("DUMP").is_ok() {
            for (n, f) in &s.seen {
                if n.ends_with("120x40") && std::env::var("DUMP").is_ok_and(|d| n.starts_with(&d)) {
                    eprintln!("== {n}\n{f}");
                }
            }
        }
        let mut missing = Vec::new();
        for (what, tags) in [
            (
                "queue",
                &["NAME", "AGENT", "CHANNEL", "MODEL", "SCRIPT", "TITLE"][..],
            ),
            (
                "queue",
                &[
                    "CITY", "CAR", "NOTE", "CONSENT", "CALLNOTE", "DEALER", "CAMPAIGN",
                ],
            ),
            ("team", &["AGENT"]),
            ("acting for", &["NAME", "AGENT"]),
            ("requests", &["NAME", "REASON", "CALLNOTE"]),
            ("reports page 1", &["CHANNEL"]),
            ("reports page 2", &["CHANNEL"]),
            ("reports page 4", &["CALLREASON"]),
            ("reports page 6", &["AGENT"]),
            ("move", &["AGENT"]),
            ("find", &["NAME"]),
            ("capture, a known caller", &["NAME"]),
            ("capture model", &["LISTED"]),
            ("agent", &["NAME", "SCRIPT"]),
            ("defeat reasons", &["REASON"]),
            ("invalid reasons", &["REASON"]),
            ("verification", &["NAME", "SCRIPT", "CALLREASON"]),
            ("inbound home", &["NAME", "AGENT"]),
            ("inbound capture", &["NAME"]),
            ("inbound, the caller", &["NAME", "SCRIPT"]),
            ("inbound defeat reasons", &["REASON"]),
        ] {
            for tag in tags {
                if !s.showed(what, tag) {
                    missing.push(format!("{what}: {tag}"));
                }
            }
        }
        assert!(missing.is_empty(), "not shown ({lang:?}): {missing:#?}");
    }
}

/// [`poisoned`], with a defeat request waiting for the supervisor and a
/// caller the inbound agent captured today (their home lists today's
/// captures).
fn poisoned_with_a_capture_today() -> Poisoned {
    poisoned_then(|db| {
        let tracked = login_of(
            db,
            "SELECT l.id FROM leads l JOIN agents a ON a.id = l.owner_id
             WHERE a.login = 'zhang.hui' AND l.status = 'tracking' ORDER BY l.id LIMIT 1",
        );
        ok(
            db,
            AGENT,
            &[
                "log",
                &tracked,
                "defeat",
                "--reason",
                "price_high",
                "--note",
                "嫌贵",
            ],
        );
        let inbound = login_of(
            db,
            "SELECT login FROM agents WHERE role = 'inbound' AND active ORDER BY id LIMIT 1",
        );
        ok(
            db,
            &inbound,
            &[
                "lead",
                "add",
                "--name",
                "丙",
                "--phone",
                "13811114444",
                "--channel",
                "汽车之家",
                "--model",
                "凯美瑞",
                "--grade",
                "A",
            ],
        );
    })
}
