//! The command line as a script or a user drives it: real processes on a real file.

mod common;

use common::Run;

use std::path::{Path, PathBuf};
use std::process::Command;

struct Env {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    Env {
        db: dir.path().join("dcc.sqlite"),
        _dir: dir,
    }
}

fn dcc(db: &Path, user: &str, args: &[&str]) -> Run {
    common::run(common::dcc_as(db, user, "2026-11-23T10:00").args(args))
}

fn ok(db: &Path, user: &str, args: &[&str]) -> String {
    let r = dcc(db, user, args);
    assert!(r.ok, "dcc {args:?} failed: {}", r.stderr);
    r.stdout
}

fn fail(db: &Path, user: &str, args: &[&str]) -> String {
    let r = dcc(db, user, args);
    assert!(!r.ok, "dcc {args:?} should fail; printed {}", r.stdout);
    r.stderr
}

/// A team: supervisor `boss`, outbound `amy`.
fn team() -> Env {
    let e = env();
    ok(&e.db, "boss", &["init", "--name", "张主管"]);
    ok(
        &e.db,
        "boss",
        &[
            "agent", "add", "amy", "--name", "王芳", "--role", "outbound",
        ],
    );
    e
}

fn add_lead(db: &Path, user: &str, phone: &str) -> i64 {
    ok(
        db,
        user,
        &[
            "lead",
            "add",
            "--name",
            "韩梅梅",
            "--phone",
            phone,
            "--channel",
            "汽车之家",
            "--model",
            "凯美瑞",
            "--purchase-by",
            "2026-11-28",
        ],
    )
    .trim()
    .parse()
    .unwrap()
}

#[test]
fn init_makes_the_caller_the_first_supervisor_and_others_are_told_who_can_add_them() {
    let e = team();
    let list = ok(&e.db, "boss", &["agent", "list", "--format", "json"]);
    let agents: serde_json::Value = serde_json::from_str(&list).unwrap();
    let roles: Vec<(String, String)> = agents
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["login"].as_str().unwrap().into(),
                a["role"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        roles,
        vec![
            ("amy".into(), "outbound".into()),
            ("boss".into(), "supervisor".into())
        ]
    );
    // An account that is not an agent is not told who the supervisors are.
    let err = fail(&e.db, "mallory", &["queue"]);
    assert!(
        err.contains("mallory is not an active agent") && !err.contains("boss"),
        "{err}"
    );
    // Where the locale is Chinese, in Chinese.
    let out = Command::new(env!("CARGO_BIN_EXE_dcc"))
        .args(["queue"])
        .env("DCC_DB", &e.db)
        .args(["--login", "mallory"])
        .env("DCC_CONFIG", e.db.with_extension("no-config.toml"))
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("mallory 不是本数据库的在职坐席") && !err.contains("boss"),
        "{err}"
    );
    // Only a supervisor adds agents.
    let err = fail(
        &e.db,
        "amy",
        &["agent", "add", "zoe", "--name", "赵", "--role", "inbound"],
    );
    assert!(err.contains("only a supervisor"), "{err}");
    // A second init does not take over the team.
    let err = fail(&e.db, "mallory", &["init"]);
    assert!(err.contains("ask a supervisor"), "{err}");
}

#[test]
fn lead_add_show_queue_and_log_round_trip() {
    let e = team();
    let id = add_lead(&e.db, "amy", "+86 138-1234-5678");
    let show = ok(
        &e.db,
        "amy",
        &["lead", "show", &id.to_string(), "--format", "json"],
    );
    let card: serde_json::Value = serde_json::from_str(&show).unwrap();
    assert_eq!(card["phone"], "13812345678");
    assert_eq!(card["grade"], "H");
    assert_eq!(card["status"], "tracking");
    assert_eq!(card["owner"], "amy");
    assert_eq!(card["channel"]["code"], "autohome");
    assert_eq!(card["next_due"], "2026-11-24T08:00:00");
    assert_eq!(card["due_reason"], "first_follow_up");

    // Due tomorrow, so in tomorrow's queue, not today's.
    let q: serde_json::Value =
        serde_json::from_str(&ok(&e.db, "amy", &["queue", "--format", "json"])).unwrap();
    assert_eq!(q["items"].as_array().unwrap().len(), 0);
    let q: serde_json::Value = serde_json::from_str(&ok(
        &e.db,
        "amy",
        &["queue", "--date", "2026-11-24", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(q["items"][0]["lead_id"], id);
    assert_eq!(q["items"][0]["reason"], "first_follow_up");

    let csv = ok(
        &e.db,
        "amy",
        &["queue", "--date", "2026-11-24", "--format", "csv"],
    );
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(reader.records().count(), 1);

    let logged = ok(
        &e.db,
        "amy",
        &[
            "log",
            &id.to_string(),
            "appointment",
            "--visit",
            "2026-11-27 10:00",
            "--note",
            "想试驾",
            "--format",
            "json",
        ],
    );
    let logged: serde_json::Value = serde_json::from_str(&logged).unwrap();
    assert_eq!(logged["status"], "appointed");
    assert_eq!(logged["next_due"], "2026-11-26T08:00:00");
    assert_eq!(logged["due_reason"], "confirmation");
    let text = ok(&e.db, "amy", &["lead", "show", &id.to_string()]);
    assert!(
        text.contains("appointment 2026-11-27 10:00") && text.contains("想试驾"),
        "{text}"
    );
}

#[test]
fn a_supervisor_acting_for_an_agent_is_recorded_under_both_names() {
    let e = team();
    let id = add_lead(&e.db, "amy", "13812345678");
    ok(
        &e.db,
        "boss",
        &[
            "--as",
            "amy",
            "log",
            &id.to_string(),
            "reached",
            "--grade",
            "A",
        ],
    );
    let card: serde_json::Value = serde_json::from_str(&ok(
        &e.db,
        "amy",
        &["lead", "show", &id.to_string(), "--format", "json"],
    ))
    .unwrap();
    let call = card["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["type"] == "call")
        .unwrap()
        .clone();
    assert_eq!(
        (call["agent"].as_str(), call["actor"].as_str()),
        (Some("amy"), Some("boss"))
    );
    assert_eq!(
        (call["grade_before"].as_str(), call["grade_after"].as_str()),
        (Some("H"), Some("A"))
    );
    let err = fail(&e.db, "amy", &["--as", "boss", "queue"]);
    assert!(err.contains("only a supervisor"), "{err}");
}

#[test]
fn bad_input_says_what_is_wrong_and_saves_nothing() {
    let e = team();
    let id = add_lead(&e.db, "amy", "13812345678");
    let err = fail(
        &e.db,
        "amy",
        &[
            "lead",
            "add",
            "--name",
            "李雷",
            "--phone",
            "138 1234 5678",
            "--channel",
            "yiche",
            "--model",
            "卡罗拉",
            "--grade",
            "B",
        ],
    );
    assert!(
        err.contains(&format!("already belongs to lead {id}")),
        "{err}"
    );
    let err = fail(
        &e.db,
        "amy",
        &[
            "lead",
            "add",
            "--name",
            "李雷",
            "--phone",
            "1381234567",
            "--channel",
            "yiche",
            "--model",
            "卡罗拉",
            "--grade",
            "B",
        ],
    );
    assert!(err.contains("--phone 1381234567"), "{err}");
    let err = fail(
        &e.db,
        "amy",
        &[
            "lead",
            "add",
            "--name",
            "李雷",
            "--phone",
            "13912345678",
            "--channel",
            "tiktok",
            "--model",
            "卡罗拉",
            "--grade",
            "B",
        ],
    );
    assert!(
        err.contains("no channel tiktok") && err.contains("autohome"),
        "{err}"
    );
    let err = fail(
        &e.db,
        "amy",
        &[
            "log",
            &id.to_string(),
            "callback-at",
            "--at",
            "2026-02-30 10:00",
        ],
    );
    assert!(err.contains("--at"), "{err}");
    let err = fail(&e.db, "amy", &["log", &id.to_string(), "defeat"]);
    assert!(err.contains("needs a reason"), "{err}");
    let err = fail(&e.db, "amy", &["log", "999", "reached"]);
    assert!(err.contains("no lead 999"), "{err}");
    let card: serde_json::Value = serde_json::from_str(&ok(
        &e.db,
        "amy",
        &["lead", "show", &id.to_string(), "--format", "json"],
    ))
    .unwrap();
    assert!(
        card["history"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["type"] != "call"),
        "nothing was logged"
    );

    let r = Command::new(env!("CARGO_BIN_EXE_dcc"))
        .args(["queue"])
        .env("DCC_DB", &e.db)
        .args(["--login", "amy"])
        .env("DCC_NOW", "yesterday-ish")
        .env("DCC_CONFIG", e.db.with_extension("none.toml"))
        .output()
        .unwrap();
    assert!(!r.status.success());
    assert!(String::from_utf8_lossy(&r.stderr).contains("DCC_NOW=yesterday-ish"));
}

#[test]
fn a_broken_config_file_is_reported_with_its_line() {
    let e = team();
    let cfg = e.db.with_extension("toml");
    std::fs::write(&cfg, "lang = \"en\"\ndb = \n").unwrap();
    let r = Command::new(env!("CARGO_BIN_EXE_dcc"))
        .args(["queue"])
        .args(["--login", "amy"])
        .env("DCC_CONFIG", &cfg)
        .env_remove("DCC_DB")
        .output()
        .unwrap();
    assert!(!r.status.success());
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("line 2") && err.contains("nothing was changed"),
        "{err}"
    );
}

/// `dcc lead show` prints what the inbound agent captured.
#[test]
fn lead_show_prints_the_captured_details() {
    use dcc_desk::domain::card::{Gender, LeadDetails, NewLead, Payment, PurchaseType};
    use dcc_desk::domain::phone::Phone;
    use dcc_desk::store::{LeadStore, OpenMode, SqliteStore};
    let e = team();
    let store = SqliteStore::open(&e.db, OpenMode::Existing).unwrap();
    let amy = store.identify("amy", None).unwrap();
    let now = chrono::NaiveDateTime::parse_from_str("2026-11-23 10:00", "%Y-%m-%d %H:%M").unwrap();
    let id = store
        .add_lead(
            &amy,
            &NewLead {
                name: "刘洋".into(),
                phone: Phone::parse("13900001234").unwrap(),
                channel: "hotline".into(),
                model: "卡罗拉".into(),
                purchase_by: None,
                visit_by: None,
                grade: Some("A".into()),
                owner: None,
                note: None,
                details: LeadDetails {
                    gender: Some(Gender::Female),
                    city: Some("海淀区".into()),
                    current_car: Some("大众 POLO".into()),
                    purchase_type: Some(PurchaseType::Replacement),
                    payment: Some(Payment::Loan),
                    consent: Some("本次通话口头同意".into()),
                },
            },
            now,
        )
        .unwrap();
    let text = ok(&e.db, "amy", &["lead", "show", &id.to_string()]);
    for shown in [
        "gender f",
        "city 海淀区",
        "current car 大众 POLO",
        "purchase replacement",
        "payment loan",
        "consent 本次通话口头同意",
    ] {
        assert!(text.contains(shown), "{shown:?} in {text}");
    }
    let json = ok(
        &e.db,
        "amy",
        &["lead", "show", &id.to_string(), "--format", "json"],
    );
    let card: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(card["details"]["city"], "海淀区");
    assert_eq!(card["details"]["payment"], "loan");
}

#[test]
fn a_workbook_on_standard_output_arrives_whole() {
    // `--output -` (what every report over SSH does): the bytes of the
    // workbook, not text made printable.
    let e = env();
    ok(&e.db, "boss", &["init", "--name", "Boss"]);
    let out = common::dcc_as(&e.db, "boss", "2026-11-23T10:00")
        .args(["report", "funnel", "--format", "xlsx", "--output", "-"])
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
    assert!(!book.sheet_names().is_empty());
}
