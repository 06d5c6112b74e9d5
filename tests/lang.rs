//! The command line speaks the user's language: `--lang`, else the config,
//! else the locale. Chinese users read Chinese headers, values and errors;
//! English users read no Chinese sentence of ours.

mod common;

use std::path::{Path, PathBuf};

struct Env {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

struct Run {
    ok: bool,
    stdout: String,
    stderr: String,
}

fn dcc(db: &Path, user: &str, lang: &str, args: &[&str]) -> Run {
    let out = common::dcc_as(db, user, "2026-11-23T10:00")
        .args(["--lang", lang])
        .args(args)
        .output()
        .unwrap();
    Run {
        ok: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
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
