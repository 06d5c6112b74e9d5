//! What a supervisor edits — scripts, rules, settings, spend, reasons,
//! targets — through the command line, each change audited.

use std::path::Path;
use std::process::Command;

fn dcc(db: &Path, user: &str, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dcc"))
        .args(args)
        .env("DCC_DB", db)
        .args(["--login", user])
        .env("DCC_NOW", "2026-11-23T10:00")
        .env("DCC_CONFIG", db.with_extension("none.toml"))
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn team() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dcc.sqlite");
    assert!(dcc(&db, "boss", &["init", "--name", "主管"]).0);
    assert!(
        dcc(
            &db,
            "boss",
            &["agent", "add", "amy", "--name", "王芳", "--role", "outbound"]
        )
        .0
    );
    assert!(dcc(&db, "boss", &["set", "dealer", "丰田四店"]).0);
    (dir, db)
}

fn audit(db: &Path) -> Vec<(String, Option<String>, Option<String>)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut st = conn
        .prepare("SELECT what, old, new FROM audit ORDER BY id")
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn scripts_are_previewed_validated_and_audited() {
    let (dir, db) = team();
    let file = dir.path().join("script.txt");
    std::fs::write(
        &file,
        "您好{customer}，我是{dealer}的{agent}，关于{modle}……",
    )
    .unwrap();
    let (ok, _, err) = dcc(
        &db,
        "boss",
        &[
            "script",
            "set",
            "follow_up",
            "--file",
            file.to_str().unwrap(),
        ],
    );
    assert!(
        !ok && err.contains("modle") && err.contains("nothing was saved"),
        "{err}"
    );
    std::fs::write(
        &file,
        "您好{customer}，我是{dealer}的{agent}，关于{model}……",
    )
    .unwrap();
    let (ok, out, err) = dcc(
        &db,
        "boss",
        &[
            "script",
            "set",
            "follow_up",
            "--file",
            file.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    assert!(
        out.contains("您好韩梅梅，我是丰田四店的主管，关于凯美瑞"),
        "{out}"
    );
    let (_, out, _) = dcc(&db, "amy", &["script", "show", "follow_up"]);
    assert!(
        out.contains("我是丰田四店的王芳"),
        "agents see it filled in with their name: {out}"
    );
    let (ok, _, err) = dcc(
        &db,
        "amy",
        &[
            "script",
            "set",
            "follow_up",
            "--file",
            file.to_str().unwrap(),
        ],
    );
    assert!(!ok && err.contains("only a supervisor"), "{err}");
    let a = audit(&db);
    assert!(a.iter().any(|(w, old, new)| w == "script follow_up zh-CN"
        && old.is_some()
        && new.as_deref().unwrap().contains("{model}")));
}

#[test]
fn rules_round_trip_through_toml_and_bad_rules_change_nothing() {
    let (dir, db) = team();
    let (ok, rules, _) = dcc(&db, "boss", &["rules", "show"]);
    assert!(ok && rules.contains("every_days = 2"), "{rules}");
    let file = dir.path().join("rules.toml");
    std::fs::write(&file, rules.replacen("every_days = 2", "every_days = 1", 1)).unwrap();
    assert!(dcc(&db, "boss", &["rules", "set", file.to_str().unwrap()]).0);
    assert!(dcc(&db, "boss", &["rules", "show"])
        .1
        .contains("every_days = 1"));
    std::fs::write(&file, rules.replacen("every_days = 2", "every_days = 0", 1)).unwrap();
    let (ok, _, err) = dcc(&db, "boss", &["rules", "set", file.to_str().unwrap()]);
    assert!(!ok && err.contains("at least 1 day"), "{err}");
    std::fs::write(&file, "grades = 3").unwrap();
    let (ok, _, err) = dcc(&db, "boss", &["rules", "set", file.to_str().unwrap()]);
    assert!(!ok && err.contains("nothing was changed"), "{err}");
    assert!(
        dcc(&db, "boss", &["rules", "show"])
            .1
            .contains("every_days = 1"),
        "the good rules are kept"
    );
    assert_eq!(
        audit(&db)
            .iter()
            .filter(|(w, _, _)| w == "setting rules")
            .count(),
        1
    );
}

#[test]
fn settings_spend_reasons_and_targets() {
    let (_dir, db) = team();
    let (ok, _, err) = dcc(&db, "boss", &["set", "assign", "whoever"]);
    assert!(!ok && err.contains("round_robin"), "{err}");
    let (ok, _, err) = dcc(&db, "boss", &["set", "colour", "red"]);
    assert!(!ok && err.contains("no setting colour"), "{err}");
    assert!(dcc(&db, "boss", &["spend", "汽车之家", "2026-11", "35000"]).0);
    let (ok, _, err) = dcc(&db, "boss", &["spend", "autohome", "2026-13", "1"]);
    assert!(!ok && err.contains("YYYY-MM"), "{err}");
    assert!(
        dcc(
            &db,
            "boss",
            &[
                "reason",
                "add",
                "defeat",
                "parking",
                "--group",
                "other",
                "--zh",
                "停车难",
                "--en",
                "No parking"
            ]
        )
        .0
    );
    assert!(dcc(&db, "boss", &["reason", "disable", "defeat", "noise"]).0);
    let (_, reasons, _) = dcc(&db, "amy", &["reasons"]);
    assert!(
        reasons.contains("parking") && !reasons.contains("noise"),
        "{reasons}"
    );
    assert!(dcc(&db, "boss", &["agent", "target", "amy", "80"]).0);
    let (_, team, _) = dcc(&db, "boss", &["team", "--format", "json"]);
    let team: serde_json::Value = serde_json::from_str(&team).unwrap();
    let amy = team
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["login"] == "amy")
        .unwrap();
    assert_eq!(amy["target"], 80);
    let whats: Vec<String> = audit(&db).into_iter().map(|(w, _, _)| w).collect();
    for w in [
        "setting dealer",
        "spend autohome 2026-11",
        "reason defeat parking",
        "reason defeat noise",
        "target amy",
    ] {
        assert!(whats.iter().any(|x| x == w), "{w} audited: {whats:?}");
    }
    // The audit log is append-only.
    let conn = rusqlite::Connection::open(&db).unwrap();
    assert!(conn.execute("DELETE FROM audit", []).is_err());
}
