//! `dcc doctor` on a served setup (agents over SSH to one service account):
//! a setup made as `dcc ssh-setup` says is in order; a misconfigured one has
//! every problem found, in English and Chinese, each with its fix.
//!
//! Needs root, to give the files to another account (`nobody` plays the
//! service account).

mod common;

use std::os::unix::fs::{chown, PermissionsExt};
use std::path::{Path, PathBuf};

use common::{at, desk};
use dcc_desk::doctor::{examine, Diagnosis, Env, Fix, Level, ServedSetup, Topic};
use dcc_desk::i18n::{finding_fixes, finding_what, write_diagnosis, Lang};
use dcc_desk::store::{sidecar, LeadStore, Role};

const NOBODY: u32 = 65534;

fn chmod(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// `sshd -T` for the account with the drop-in `dcc ssh-setup` prints.
const GOOD_SSHD: &str = "port 22\nauthorizedkeyscommand /usr/local/bin/dcc authorized-keys \
    --config /etc/dcc-desk/served.toml %u %t %k\nauthorizedkeyscommanduser nobody\n\
    authorizedkeysfile none\npasswordauthentication no\nkbdinteractiveauthentication no\n\
    disableforwarding yes\nallowtcpforwarding yes\nx11forwarding yes\npermittty yes\n\
    permituserrc no\nclientaliveinterval 30\n";

/// The service account's folder (0700) with its database (0600), a served
/// configuration owned by root, amy with a key and bob without.
struct Setup {
    _root: tempfile::TempDir,
    db: PathBuf,
    config: PathBuf,
    _desk: common::Desk,
}

fn setup() -> Setup {
    let d = desk();
    let now = at("2026-11-23 10:00");
    d.store
        .add_agent(Some(&d.boss), "bob", "李强", Role::Outbound, now)
        .unwrap();
    for who in ["amy", "boss"] {
        let f = d.dir.path().join(who);
        let made = std::process::Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-C", who, "-f"])
            .arg(&f)
            .status()
            .expect("ssh-keygen (openssh-client, installed by .ci/run)");
        assert!(made.success());
        let text = std::fs::read_to_string(f.with_extension("pub")).unwrap();
        let key = dcc_desk::domain::sshkey::PublicKey::parse(&text).unwrap();
        d.store.add_key(&d.boss, who, &key, now).unwrap();
    }
    let root = tempfile::tempdir().unwrap();
    chmod(root.path(), 0o755);
    let folder = root.path().join("srv");
    std::fs::create_dir(&folder).unwrap();
    let db = folder.join("dcc.sqlite");
    d.store.copy_to(&db).unwrap();
    for p in [folder.as_path(), db.as_path()] {
        chown(p, Some(NOBODY), Some(NOBODY)).unwrap();
    }
    chmod(&folder, 0o700);
    chmod(&db, 0o600);
    let config = root.path().join("served.toml");
    std::fs::write(&config, format!("db = \"{}\"\n", db.display())).unwrap();
    chmod(&config, 0o644);
    Setup {
        _root: root,
        db,
        config,
        _desk: d,
    }
}

fn env(s: &Setup, sshd: &str) -> Env {
    Env {
        now: at("2026-11-23 12:00"),
        served: Some(ServedSetup {
            config: s.config.clone(),
            account: "nobody".into(),
            sshd_effective: Some(sshd.into()),
            shadow: Some("root:*:1::::::\nnobody:*:19000:0:99999:7:::\n".into()),
            with_keys: dcc_desk::store::logins_with_keys(&s.db).ok(),
            ..Default::default()
        }),
        ..Env::default()
    }
}

fn served(d: &Diagnosis) -> Vec<&dcc_desk::doctor::Finding> {
    d.findings
        .iter()
        .filter(|f| f.topic == Topic::Served)
        .collect()
}

#[test]
fn a_served_setup_made_as_ssh_setup_says_is_in_order_but_for_an_agent_without_a_key() {
    assert!(
        common::is_root(),
        "the served doctor tests need root (.ci/run runs as root)"
    );
    let s = setup();
    let diag = examine(&s.db, &env(&s, GOOD_SSHD));
    let found = served(&diag);
    assert!(
        !diag.findings.iter().any(|f| f.topic == Topic::Permissions),
        "the team's group checks do not apply: {diag:#?}"
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].level, Level::Warning);
    let what = finding_what(found[0], Lang::En);
    assert!(what.contains("bob") && what.contains("no key"), "{what}");
    assert_eq!(
        found[0].fix,
        [Fix::run("dcc agent key add bob /path/to/bob.pub")]
    );
    // Without bob (disabled), everything served is in order.
    let c = rusqlite::Connection::open(&s.db).unwrap();
    c.execute("UPDATE agents SET active = 0 WHERE login = 'bob'", [])
        .unwrap();
    drop(c);
    let diag = examine(&s.db, &env(&s, GOOD_SSHD));
    let found = served(&diag);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].level, Level::Ok, "{found:#?}");
    assert!(!sidecar(&s.db, "-journal").exists());
}

#[test]
fn a_misconfigured_served_setup_has_every_problem_found_with_its_fix_in_both_languages() {
    assert!(
        common::is_root(),
        "the served doctor tests need root (.ci/run runs as root)"
    );
    let s = setup();
    let folder = s.db.parent().unwrap().to_path_buf();
    // The database readable by all, a -wal left by root, the folder open.
    chmod(&s.db, 0o644);
    chmod(&folder, 0o755);
    let wal = sidecar(&s.db, "-wal");
    std::fs::write(&wal, b"").unwrap();
    chmod(&wal, 0o600);
    // The served configuration writable by its group.
    chmod(&s.config, 0o664);
    // sshd: passwords, forwarding, the account's own keys file.
    let sshd = GOOD_SSHD
        .replace("passwordauthentication no", "passwordauthentication yes")
        .replace("disableforwarding yes", "disableforwarding no")
        .replace(
            "authorizedkeysfile none",
            "authorizedkeysfile .ssh/authorized_keys",
        )
        .replace("clientaliveinterval 30", "clientaliveinterval 0");
    let mut e = env(&s, &sshd);
    let keys_file = PathBuf::from("/home/nobody/.ssh/authorized_keys");
    if let Some(sv) = e.served.as_mut() {
        sv.shadow = Some("nobody:!:19000:0:99999:7:::\n".into());
        sv.account_keys = Some((
            keys_file.clone(),
            "restrict,pty,command=\"/usr/local/bin/dcc session --key SHA256:x\" ssh-ed25519 AAAA amy\n\
             ssh-ed25519 AAAAC3Nz mallory@laptop\n"
                .into(),
        ));
    }
    let diag = examine(&s.db, &e);
    let mut text = Vec::new();
    write_diagnosis(&mut text, &diag, Lang::En).unwrap();
    let text = String::from_utf8(text).unwrap();
    eprintln!("{text}");
    let fixes: Vec<String> = served(&diag)
        .iter()
        .flat_map(|f| finding_fixes(f, Lang::En))
        .collect();
    let (db, wal, folder, config) = (
        s.db.display().to_string(),
        wal.display().to_string(),
        folder.display().to_string(),
        s.config.display().to_string(),
    );
    for want in [
        format!("chmod 0600 {db}"),
        format!("chmod 0700 {folder}"),
        format!("chown nobody: {wal}"),
        format!("chown root:root {config} && chmod go-w {config}"),
        "usermod -p '*' nobody".to_string(),
        format!("mv {} {}.removed", keys_file.display(), keys_file.display()),
        "dcc agent key add bob /path/to/bob.pub".to_string(),
    ] {
        assert!(fixes.contains(&want), "{want}: {fixes:#?}");
    }
    assert!(
        fixes
            .iter()
            .any(|f| f.starts_with("dcc ssh-setup") && f.contains("--drop-in")),
        "{fixes:#?}"
    );
    let sshd_problem = served(&diag)
        .into_iter()
        .map(|f| (f.level, finding_what(f, Lang::En)))
        .find(|(level, what)| what.starts_with("sshd for nobody:") && *level == Level::Problem)
        .map(|(_, what)| what)
        .expect("sshd's settings are a problem");
    for part in ["password", "forwarding", "AuthorizedKeysFile"] {
        assert!(sshd_problem.contains(part), "{part}: {sshd_problem}");
    }
    assert!(text.contains("locked"), "{text}");
    assert!(diag.count(Level::Problem) >= 6, "{text}");

    let mut zh = Vec::new();
    write_diagnosis(&mut zh, &diag, Lang::Zh).unwrap();
    let zh = String::from_utf8(zh).unwrap();
    eprintln!("{zh}");
    assert!(zh.contains("服务模式") && zh.contains("已被锁定"), "{zh}");
    let chinese = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    for f in served(&diag) {
        assert!(chinese(&finding_what(f, Lang::Zh)), "not Chinese: {f:#?}");
        assert_eq!(
            finding_fixes(f, Lang::En),
            finding_fixes(f, Lang::Zh),
            "the commands are the same: {f:#?}"
        );
    }
}
