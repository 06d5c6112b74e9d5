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

/// `dcc --lang LANG ARGS` as the supervisor: (succeeded, stderr).
fn boss_in(db: &Path, lang: &str, args: &[&str]) -> (bool, String) {
    let mut all = vec!["--lang", lang];
    all.extend_from_slice(args);
    let (ok, _, err) = dcc(db, "boss", &all);
    (ok, err)
}

#[test]
fn a_rules_file_that_does_not_read_is_named_with_its_line_and_column_in_both_languages() {
    let (dir, db) = team();
    let (_, rules, _) = dcc(&db, "boss", &["rules", "show"]);
    let file = dir.path().join("rules.toml");
    let path = file.to_str().unwrap();
    // Not TOML at all: a key without a value on line 2.
    std::fs::write(&file, format!("# rules\nevery_days\n{rules}")).unwrap();
    let (ok, err) = boss_in(&db, "en", &["rules", "set", path]);
    assert!(!ok, "{err}");
    assert!(
        err.contains(&format!(
            "the rules file {path} is not valid at line 2, column "
        )) && err.trim_end().ends_with("; nothing was changed"),
        "{err}"
    );
    assert_eq!(
        err.trim_end().lines().count(),
        1,
        "one line, no snippet: {err}"
    );
    let (ok, err) = boss_in(&db, "zh-CN", &["rules", "set", path]);
    assert!(
        !ok && err.contains(&format!("规则文件 {path} 第 2 行第 "))
            && err.trim_end().ends_with("；未作任何改动"),
        "{err}"
    );
    // TOML, but not rules: a number of days written as a word, on the
    // line it stands on.
    let bad = rules.replacen("every_days = 2", "every_days = \"two\"", 1);
    let line = bad.lines().position(|l| l.contains("\"two\"")).unwrap() + 1;
    std::fs::write(&file, &bad).unwrap();
    let (ok, err) = boss_in(&db, "en", &["rules", "set", path]);
    assert!(
        !ok && err.contains(&format!("at line {line}, column 14: ")),
        "{err}"
    );
    let (ok, err) = boss_in(&db, "zh-CN", &["rules", "set", path]);
    assert!(
        !ok && err.contains(&format!("第 {line} 行第 14 列无效")),
        "{err}"
    );
    // Nothing was changed.
    assert_eq!(dcc(&db, "boss", &["rules", "show"]).1, rules);
    assert!(!audit(&db).iter().any(|(w, _, _)| w == "setting rules"));
}

#[test]
fn a_key_file_that_is_no_public_key_is_refused_in_both_languages_and_changes_nothing() {
    let (dir, db) = team();
    let key = dir.path().join("amy");
    std::fs::write(
        &key,
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n",
    )
    .unwrap();
    let path = key.to_str().unwrap();
    let (ok, err) = boss_in(&db, "en", &["agent", "key", "add", "amy", path]);
    assert!(
        !ok && err.contains("this is a private key: send only the .pub file")
            && err.contains("nothing was changed"),
        "{err}"
    );
    let (ok, err) = boss_in(&db, "zh-CN", &["agent", "key", "add", "amy", path]);
    assert!(
        !ok && err.contains("这是私钥：只发送 .pub 文件") && err.contains("未作任何改动"),
        "{err}"
    );
    std::fs::write(&key, "ssh-ed25519 !!!notbase64 amy@pc\n").unwrap();
    let (ok, err) = boss_in(&db, "zh-CN", &["agent", "key", "add", "amy", path]);
    assert!(!ok && err.contains("密钥已损坏"), "{err}");
    std::fs::write(&key, "ssh-foo AAAA amy@pc\n").unwrap();
    let (ok, err) = boss_in(&db, "zh-CN", &["agent", "key", "add", "amy", path]);
    assert!(!ok && err.contains("未知的密钥类型“ssh-foo”"), "{err}");
    // The key file is read as any file dcc reads: a folder or a FIFO is
    // refused at once, in the user's language.
    let (ok, err) = boss_in(
        &db,
        "zh-CN",
        &["agent", "key", "add", "amy", dir.path().to_str().unwrap()],
    );
    assert!(
        !ok && err.contains("文件夹") && err.contains("未作任何改动"),
        "{err}"
    );
    let fifo = dir.path().join("amy.pub");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let (ok, err) = boss_in(
        &db,
        "en",
        &["agent", "key", "add", "amy", fifo.to_str().unwrap()],
    );
    assert!(!ok && err.contains("FIFO"), "{err}");
    let (ok, keys, _) = dcc(&db, "boss", &["agent", "key", "list"]);
    assert!(ok && !keys.contains("amy"), "{keys}");
}
