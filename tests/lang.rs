//! The command line speaks the user's language: `--lang`, else the config,
//! else the locale. Chinese users read Chinese headers, values and errors;
//! English users read no Chinese sentence of ours.

mod common;

use common::Run;

use std::path::{Path, PathBuf};

struct Env {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

fn dcc(db: &Path, user: &str, lang: &str, args: &[&str]) -> Run {
    common::run(
        common::dcc_as(db, user, "2026-11-23T10:00")
            .args(["--lang", lang])
            .args(args),
    )
}

fn ok(db: &Path, user: &str, args: &[&str]) -> String {
    let r = dcc(db, user, "en", args);
    assert!(r.ok, "dcc {args:?} failed: {}", r.stderr);
    r.stdout
}

fn chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// A team: supervisor `boss`, outbound `amy`, one lead of amy's.
fn team() -> (Env, String) {
    let dir = tempfile::tempdir().unwrap();
    let e = Env {
        db: dir.path().join("dcc.sqlite"),
        _dir: dir,
    };
    ok(&e.db, "boss", &["init", "--name", "Boss"]);
    ok(
        &e.db,
        "boss",
        &["agent", "add", "amy", "--name", "Amy", "--role", "outbound"],
    );
    let id = ok(
        &e.db,
        "boss",
        &[
            "lead",
            "add",
            "--name",
            "Li",
            "--phone",
            "13812345678",
            "--channel",
            "autohome",
            "--model",
            "Camry",
            "--grade",
            "H",
            "--owner",
            "amy",
        ],
    );
    (e, id.trim().to_string())
}

#[test]
fn what_the_store_refuses_is_said_in_chinese_without_flags_inside() {
    let (e, id) = team();
    let add = [
        "lead",
        "add",
        "--name",
        "Li",
        "--phone",
        "13900001111",
        "--channel",
        "autohome",
        "--model",
        " ",
        "--grade",
        "H",
    ];
    let r = dcc(&e.db, "boss", "zh-CN", &add);
    assert!(!r.ok);
    assert!(r.stderr.contains("意向车型"), "{}", r.stderr);
    let r = dcc(&e.db, "boss", "en", &add);
    assert!(r.stderr.contains("needs the model"), "{}", r.stderr);
    assert!(!chinese(&r.stderr), "{}", r.stderr);
    // A refusal of the domain's rules names no flag (the workstation says
    // it too).
    let r = dcc(&e.db, "amy", "zh-CN", &["log", &id, "defeat"]);
    assert!(
        r.stderr.contains("申请战败需要从列表中选择原因"),
        "{}",
        r.stderr
    );

    let r = dcc(
        &e.db,
        "boss",
        "zh-CN",
        &["reassign", &id, "--to", "amy", "--reason", " "],
    );
    assert!(!r.ok);
    assert!(r.stderr.contains("转移需要原因"), "{}", r.stderr);
    let r = dcc(&e.db, "boss", "zh-CN", &["set", "durability", "fast"]);
    assert!(
        r.stderr.contains("durability 不能设为“fast”") && r.stderr.contains("断电"),
        "{}",
        r.stderr
    );
}

/// What a command's output must show in each language.
#[derive(Clone, Copy, Debug)]
enum Check {
    /// zh-CN: Chinese, and no English sentence of ours; en: no Chinese.
    Words,
    /// Prints only data (an id): nothing to translate.
    Data,
    /// A shell script: its `#` comments are checked as `Words`; its
    /// commands are the same in both languages.
    Script,
    /// Not checked, and why.
    Exempt(#[allow(dead_code)] &'static str),
}

/// Three or more English words in a row, outside `code spans` and paths:
/// a sentence of ours left untranslated.
fn english_sentence(text: &str) -> Option<String> {
    let mut plain = String::new();
    let mut in_code = false;
    for c in text.chars() {
        if c == '`' {
            in_code = !in_code;
        } else if !in_code {
            plain.push(c);
        }
    }
    for line in plain.lines() {
        let mut run: Vec<&str> = Vec::new();
        let words = line.split(' ');
        for w in words {
            let word = !w.is_empty()
                && w.chars().all(|c| c.is_ascii_alphabetic() || c == '\'')
                && !w.contains('/');
            if word {
                run.push(w);
                if run.len() >= 3 {
                    return Some(format!("{:?} in {line:?}", run.join(" ")));
                }
            } else {
                run.clear();
            }
        }
    }
    None
}

struct Case {
    /// The command as clap names it: `agent key add`.
    path: &'static str,
    user: &'static str,
    args: Vec<String>,
    check: Check,
}

fn case(path: &'static str, user: &'static str, args: &[&str], check: Check) -> Case {
    Case {
        path,
        user,
        args: args.iter().map(|a| a.to_string()).collect(),
        check,
    }
}

/// Every command of the command line, run in order on one team's file.
fn cases(dir: &Path, id: &str) -> Vec<Case> {
    let f = |name: &str| dir.join(name).display().to_string();
    let (key, import, dnc, script, rules) = (
        f("amy.pub"),
        f("leads.csv"),
        f("dnc.txt"),
        f("script.txt"),
        f("rules.toml"),
    );
    let (backups, demo) = (f("backups"), f("demo.sqlite"));
    use Check::*;
    vec![
        case("init", "boss", &["init"], Words),
        case(
            "demo",
            "boss",
            &["--db", &demo, "demo", "--leads", "30"],
            Words,
        ),
        case(
            "agent add",
            "boss",
            &["agent", "add", "bob", "--name", "Bob", "--role", "inbound"],
            Words,
        ),
        case("agent list", "boss", &["agent", "list"], Words),
        case("agent disable", "boss", &["agent", "disable", "bob"], Words),
        case("agent enable", "boss", &["agent", "enable", "bob"], Words),
        case(
            "agent target",
            "boss",
            &["agent", "target", "amy", "40"],
            Words,
        ),
        case(
            "agent key add",
            "boss",
            &["agent", "key", "add", "amy", &key],
            Words,
        ),
        case("agent key list", "boss", &["agent", "key", "list"], Words),
        case(
            "agent key remove",
            "boss",
            &["agent", "key", "remove", "SHA256:none"],
            Words,
        ),
        case(
            "lead add",
            "boss",
            &[
                "lead",
                "add",
                "--name",
                "Wu",
                "--phone",
                "13700001111",
                "--channel",
                "autohome",
                "--model",
                "Camry",
                "--grade",
                "A",
                "--owner",
                "amy",
            ],
            Data,
        ),
        case("lead show", "amy", &["lead", "show", id], Words),
        case("queue", "amy", &["queue"], Words),
        case(
            "log",
            "amy",
            &["log", id, "reached", "--note", "Camry"],
            Words,
        ),
        case(
            "log",
            "amy",
            &["log", id, "defeat", "--reason", "price"],
            Words,
        ),
        case("requests", "boss", &["requests"], Words),
        case("decide", "boss", &["decide", id, "reject"], Words),
        case("team", "boss", &["team"], Words),
        case(
            "reassign",
            "boss",
            &["reassign", id, "--to", "amy", "--reason", "Leave"],
            Words,
        ),
        case("reasons", "boss", &["reasons"], Words),
        case(
            "reason add",
            "boss",
            &[
                "reason", "add", "defeat", "colour", "--group", "product", "--zh", "颜色", "--en",
                "colour",
            ],
            Words,
        ),
        case(
            "reason disable",
            "boss",
            &["reason", "disable", "defeat", "colour"],
            Words,
        ),
        case(
            "model add",
            "boss",
            &["model", "add", "bZ4X", "--alias", "BZ4X"],
            Words,
        ),
        case(
            "model list",
            "boss",
            &["model", "list"],
            Exempt("the model names are the dealer's, in both languages"),
        ),
        case("model remove", "boss", &["model", "remove", "bz4x"], Words),
        case("channels", "boss", &["channels"], Words),
        case(
            "script show",
            "amy",
            &["script", "show", "first"],
            Exempt("the script is the dealer's text, in the language asked for"),
        ),
        case(
            "script set",
            "boss",
            &["script", "set", "first", "--file", &script],
            Exempt("prints the script set, the dealer's text"),
        ),
        case(
            "rules show",
            "boss",
            &["rules", "show"],
            Exempt("TOML: keys stay stable"),
        ),
        case("rules set", "boss", &["rules", "set", &rules], Words),
        case("set", "boss", &["set", "durability", "fast"], Words),
        case(
            "spend",
            "boss",
            &["spend", "autohome", "2026-11", "1200"],
            Words,
        ),
        case("dnc add", "boss", &["dnc", "add", "13900002222"], Words),
        case("dnc list", "boss", &["dnc", "list"], Words),
        case(
            "dnc consent",
            "boss",
            &["dnc", "consent", "13900002222"],
            Words,
        ),
        case(
            "dnc remove",
            "boss",
            &["dnc", "remove", "13900002222", "--reason", "Consent"],
            Words,
        ),
        case("dnc import", "boss", &["dnc", "import", &dnc], Words),
        case(
            "import",
            "boss",
            &["import", &import, "--channel", "autohome", "--dry-run"],
            Words,
        ),
        case("import list", "boss", &["import", "list"], Words),
        case("import undo", "boss", &["import", "undo", "1"], Words),
        case("report", "boss", &["report", "today"], Words),
        case("export visits", "boss", &["export", "visits"], Words),
        case("showroom visits", "boss", &["showroom", "visits"], Words),
        // A supervisor receives no visit in their own name (refused); the
        // others on a lead that does not exist (refused).
        case(
            "showroom arrived",
            "boss",
            &["showroom", "arrived", id],
            Words,
        ),
        case(
            "showroom no-show",
            "boss",
            &["showroom", "no-show", id],
            Words,
        ),
        case(
            "showroom ordered",
            "boss",
            &["showroom", "ordered", "999"],
            Words,
        ),
        case(
            "showroom delivered",
            "boss",
            &["showroom", "delivered", "999"],
            Words,
        ),
        case(
            "showroom defeat",
            "boss",
            &["showroom", "defeat", "999", "--reason", "price_high"],
            Words,
        ),
        case(
            "showroom follow-up",
            "boss",
            &["showroom", "follow-up", "999", "--on", "2026-12-01"],
            Words,
        ),
        // A walk-in received by a DCC agent (refused: not a consultant).
        case(
            "showroom walk-in",
            "boss",
            &[
                "showroom",
                "walk-in",
                "--name",
                "Zhou",
                "--phone",
                "13900005555",
                "--in",
                "09:30",
                "--consultant",
                "amy",
            ],
            Words,
        ),
        case(
            "showroom walk-ins",
            "boss",
            &["showroom", "walk-ins"],
            Words,
        ),
        case("backup", "boss", &["backup", &backups], Words),
        case("restore", "boss", &["restore", &f("none.sqlite")], Words),
        case("doctor", "boss", &["doctor"], Words),
        case("load", "boss", &["load", "--minutes", "0"], Words),
        case(
            "load-worker",
            "boss",
            &[],
            Exempt("internal: run by dcc load"),
        ),
        case(
            "authorized-keys",
            "boss",
            &[],
            Exempt("run by sshd: prints key lines or nothing"),
        ),
        case(
            "session",
            "boss",
            &["session", "--config", &f("served.toml"), "--key", "nope"],
            Words,
        ),
        case("ssh-setup", "boss", &["ssh-setup"], Script),
    ]
}

/// The leaf commands clap knows: `agent key add`, `queue`…
fn commands() -> Vec<String> {
    fn walk(c: &clap::Command, prefix: &str, out: &mut Vec<String>) {
        for s in c.get_subcommands().filter(|s| s.get_name() != "help") {
            let path = format!("{prefix}{}", s.get_name());
            if s.get_subcommands().next().is_some() {
                walk(s, &format!("{path} "), out);
            } else {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &<dcc_desk::cli::Cli as clap::CommandFactory>::command(),
        "",
        &mut out,
    );
    out
}

fn files(dir: &Path) {
    let key = dir.join("amy");
    let made = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "amy", "-f"])
        .arg(&key)
        .status()
        .unwrap();
    assert!(made.success());
    std::fs::write(
        dir.join("leads.csv"),
        "name,phone,model,expected purchase\nZhao,13600003333,Camry,2026-12-01\nQian,12,Camry,2026-12-01\n",
    )
    .unwrap();
    std::fs::write(dir.join("dnc.txt"), "13500004444\n123\n").unwrap();
    std::fs::write(dir.join("script.txt"), "Hello {customer}\n").unwrap();
    std::fs::write(dir.join("rules.toml"), "grades = []\n").unwrap();
}

#[test]
fn every_command_speaks_the_language_asked_for() {
    let table: Vec<&str> = cases(Path::new("/"), "1").iter().map(|c| c.path).collect();
    for c in commands() {
        assert!(
            table.contains(&c.as_str()),
            "`dcc {c}` is not in the table of tests/lang.rs: add it, with its words in both languages"
        );
    }
    for lang in ["zh-CN", "en"] {
        let (e, id) = team();
        let dir = e.db.parent().unwrap().to_path_buf();
        files(&dir);
        // The served configuration `dcc session` reads, naming this file.
        std::fs::write(
            dir.join("served.toml"),
            format!("db = \"{}\"\n", e.db.display()),
        )
        .unwrap();
        let mut failures = Vec::new();
        for c in cases(&dir, &id) {
            let Check::Exempt(_) = c.check else {
                let args: Vec<&str> = c.args.iter().map(String::as_str).collect();
                let r = dcc(&e.db, c.user, lang, &args);
                let mut text = format!("{}{}", r.stdout, r.stderr);
                if let Check::Script = c.check {
                    let comments = text.lines().filter(|l| l.trim_start().starts_with('#'));
                    text = comments.collect::<Vec<_>>().join("\n");
                }
                let wrong = match (c.check, lang) {
                    (Check::Data, _) => (chinese(&text) || english_sentence(&text).is_some())
                        .then(|| "words in a data-only output".to_string()),
                    (_, "zh-CN") if !chinese(&text) => Some("no Chinese".into()),
                    (_, "zh-CN") => english_sentence(&text),
                    _ => chinese(&text).then(|| "Chinese".into()),
                };
                if let Some(w) = wrong {
                    failures.push(format!("--lang {lang} {}: {w}\n{text}", c.path));
                }
                continue;
            };
        }
        assert!(failures.is_empty(), "{}", failures.join("\n---\n"));
    }
}

#[test]
fn a_workbook_names_its_sheets_in_the_report_language() {
    let (e, _) = team();
    for (lang, word) in [("zh-CN", "销售漏斗"), ("en", "Funnel")] {
        let out = common::dcc_as(&e.db, "boss", "2026-11-23T10:00")
            .args([
                "--lang", lang, "report", "funnel", "--format", "xlsx", "--output", "-",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        use calamine::Reader;
        let book: calamine::Xlsx<_> =
            calamine::Xlsx::new(std::io::Cursor::new(out.stdout)).expect("a readable workbook");
        let names = book.sheet_names();
        assert!(
            !names.is_empty() && names.iter().all(|n| n.contains(word)),
            "--lang {lang}: {names:?}"
        );
        if lang == "zh-CN" {
            assert!(names.iter().all(|n| chinese(n)), "{names:?}");
        }
    }
}

/// The language of served mode is the served configuration's: a remote
/// agent's refused command and the errors of the command run for them are
/// in it, unless the command asks for another with its own `--lang`.
#[test]
fn a_remote_agent_is_answered_in_the_served_language() {
    let (e, _) = team();
    let dir = e.db.parent().unwrap().to_path_buf();
    files(&dir);
    let key = dir.join("amy.pub").display().to_string();
    ok(&e.db, "boss", &["agent", "key", "add", "amy", &key]);
    let listed = std::process::Command::new("ssh-keygen")
        .args(["-l", "-E", "sha256", "-f", &key])
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&listed.stdout).into_owned();
    let fingerprint = listed.split_whitespace().nth(1).unwrap().to_string();
    let served = dir.join("served.toml");
    std::fs::write(
        &served,
        format!("db = \"{}\"\nlang = \"zh-CN\"\n", e.db.display()),
    )
    .unwrap();
    let remote = |command: &str| {
        common::run(
            common::dcc_as(&e.db, "boss", "2026-11-23T10:00")
                .args(["session", "--config", served.to_str().unwrap()])
                .args(["--key", &fingerprint])
                .env("SSH_ORIGINAL_COMMAND", command),
        )
    };
    let r = remote("lead show 99999");
    assert!(!r.ok && chinese(&r.stderr), "{}", r.stderr);
    assert!(english_sentence(&r.stderr).is_none(), "{}", r.stderr);
    let r = remote("import leads.csv");
    assert!(
        !r.ok && r.stderr.contains("不能通过 SSH 使用"),
        "{}",
        r.stderr
    );
    let r = remote("--lang en lead show 99999");
    assert!(!r.ok && !chinese(&r.stderr), "{}", r.stderr);
}
