//! The expected visit (预计到店时间) keeps the time the caller said: in the
//! store, on the command line, in `dcc lead show` and its JSON, through an
//! import, and a file written before times were kept keeps its days.

mod common;
use common::{at, day, dcc_as, run};

use dcc_desk::domain::phone::Phone;
use dcc_desk::domain::when::Moment;
use dcc_desk::store::{
    Actor, LeadStore, NewLead, OpenMode, SqliteStore, MIGRATIONS, SCHEMA_VERSION,
};

fn new_lead(phone: &str, visit: Option<Moment>) -> NewLead {
    NewLead {
        name: "韩梅梅".into(),
        phone: Phone::parse(phone).unwrap(),
        channel: "autohome".into(),
        model: "凯美瑞".into(),
        purchase_by: None,
        visit_by: visit,
        grade: Some("A".into()),
        owner: None,
        note: None,
        details: Default::default(),
    }
}

#[test]
fn a_visit_with_a_time_and_a_visit_on_a_day_come_back_as_they_were_saved() {
    let d = common::desk();
    let now = at("2026-11-23 11:00");
    let with_time = Moment::At(at("2026-11-28 14:00"));
    let day_only = Moment::Day(day("2026-11-29"));
    let a = d
        .store
        .add_lead(&d.agent, &new_lead("13900000001", Some(with_time)), now)
        .unwrap();
    let b = d
        .store
        .add_lead(&d.agent, &new_lead("13900000002", Some(day_only)), now)
        .unwrap();
    assert_eq!(
        d.store.lead(&d.agent, a, now).unwrap().visit_by,
        Some(with_time)
    );
    assert_eq!(
        d.store.lead(&d.agent, b, now).unwrap().visit_by,
        Some(day_only)
    );
    // In the file: the day alone stays a day.
    let conn = rusqlite::Connection::open(d.dir.path().join("dcc.sqlite")).unwrap();
    let stored: Vec<String> = conn
        .prepare("SELECT visit_by FROM leads ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(stored, ["2026-11-28 14:00:00", "2026-11-29"]);
    // Nothing else gets into the column.
    let bad = conn.execute("UPDATE leads SET visit_by = 'Saturday' WHERE id = ?1", [a]);
    assert!(bad.is_err(), "a visit that is not a day or a day and time");
}

#[test]
fn lead_add_and_lead_show_keep_and_show_the_time_in_both_languages() {
    let d = common::desk();
    let db = d.dir.path().join("dcc.sqlite");
    let now = "2026-11-23T11:00";
    let add = |phone: &str, visit: &str| {
        let r = run(dcc_as(&db, "amy", now).args([
            "lead",
            "add",
            "--name",
            "韩梅梅",
            "--phone",
            phone,
            "--channel",
            "autohome",
            "--model",
            "凯美瑞",
            "--grade",
            "A",
            "--visit-by",
            visit,
        ]));
        assert!(r.ok, "{visit}: {}", r.stderr);
        r.stdout.trim().to_string()
    };
    let with_time = add("13900000001", "周六 14:00");
    let afternoon = add("13900000002", "周六下午");
    let day_only = add("13900000003", "周六");
    let show = |id: &str, lang: &str| {
        let r = run(dcc_as(&db, "amy", now).args(["--lang", lang, "lead", "show", id]));
        assert!(r.ok, "{}", r.stderr);
        r.stdout
    };
    assert!(
        show(&with_time, "en").contains("2026-11-28 Sat 14:00"),
        "{}",
        show(&with_time, "en")
    );
    assert!(
        show(&with_time, "zh-CN").contains("2026-11-28 周六 14:00"),
        "{}",
        show(&with_time, "zh-CN")
    );
    assert!(
        show(&afternoon, "en").contains("2026-11-28 Sat 15:00"),
        "{}",
        show(&afternoon, "en")
    );
    let day = show(&day_only, "en");
    let line = day
        .lines()
        .find(|l| l.contains("2026-11-28"))
        .unwrap_or_default();
    assert!(
        line.trim_end().ends_with("2026-11-28 Sat"),
        "a day alone has no time: {day}"
    );
    let json = run(dcc_as(&db, "amy", now).args(["lead", "show", &with_time, "--format", "json"]));
    assert!(json.ok, "{}", json.stderr);
    assert!(
        json.stdout
            .contains("\"visit_by\": \"2026-11-28 14:00:00\"")
            || json.stdout.contains("\"visit_by\":\"2026-11-28 14:00:00\""),
        "{}",
        json.stdout
    );
}

#[test]
fn an_import_keeps_the_visit_time_a_file_gives() {
    let d = common::desk();
    let db = d.dir.path().join("dcc.sqlite");
    let file = d.dir.path().join("visits.csv");
    std::fs::write(
        &file,
        "客户姓名,手机号码,意向车型,线索来源,级别,预计到店时间\n\
         张伟,13812345678,凯美瑞,汽车之家,A,周六 14:00\n\
         李娜,13812345679,凯美瑞,汽车之家,A,周六下午\n\
         王强,13812345680,凯美瑞,汽车之家,A,2026-11-29\n\
         赵六,13812345681,凯美瑞,汽车之家,A,2026-11-30 10:30:00\n\
         钱七,13812345682,凯美瑞,汽车之家,A,2026-12-01 00:00:00\n",
    )
    .unwrap();
    let r = run(dcc_as(&db, "boss", "2026-11-23T10:00").args(["import", file.to_str().unwrap()]));
    assert!(r.ok, "{}{}", r.stderr, r.stdout);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let visit = |phone: &str| -> String {
        conn.query_row(
            "SELECT visit_by FROM leads WHERE phone = ?1",
            [phone],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(visit("13812345678"), "2026-11-28 14:00:00");
    assert_eq!(visit("13812345679"), "2026-11-28 15:00:00");
    assert_eq!(visit("13812345680"), "2026-11-29");
    assert_eq!(visit("13812345681"), "2026-11-30 10:30:00");
    // A spreadsheet's midnight is a date alone.
    assert_eq!(visit("13812345682"), "2026-12-01");
}

#[test]
fn a_file_from_before_times_were_kept_is_migrated_and_keeps_its_days() {
    // A file as the release before this one wrote it: every migration
    // before the one that lets times in, and a lead whose expected visit is
    // a day.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite");
    let before = MIGRATIONS
        .iter()
        .position(|m| m.contains("leads_visit_by_insert"))
        .unwrap();
    common::file_at_version(
        &path,
        before,
        "INSERT INTO agents (login, name, role, created_at) VALUES ('amy', '王芳', 'outbound', '2026-01-01 09:00:00');
         INSERT INTO channels (code, name_zh, name_en, kind) VALUES ('autohome', '汽车之家', 'Autohome', 'web');
         INSERT INTO leads (name, phone, channel_id, model, visit_by, grade, status, owner_id, next_due, due_reason, created_at, updated_at)
         VALUES ('韩梅梅', '13812345678', 1, '凯美瑞', '2026-11-28', 'H', 'tracking', 1, '2026-11-24 08:00:00', 'cadence',
                 '2026-11-20 10:00:00', '2026-11-20 10:00:00');",
    );
    let store = SqliteStore::open(&path, OpenMode::Existing).unwrap();
    let version: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let owner = Actor::myself(store.agents().unwrap()[0].clone());
    let now = at("2026-11-23 10:00");
    let card = store.lead(&owner, 1, now).unwrap();
    assert_eq!(card.visit_by, Some(Moment::Day(day("2026-11-28"))));
    assert_eq!(
        dcc_desk::i18n::moment(card.visit_by.unwrap(), dcc_desk::i18n::Lang::Zh),
        "2026-11-28 周六"
    );
    // And the migrated file takes a visit with its time.
    let id = store
        .add_lead(
            &owner,
            &new_lead("13900000001", Some(Moment::At(at("2026-11-28 14:00")))),
            now,
        )
        .unwrap();
    assert_eq!(
        store.lead(&owner, id, now).unwrap().visit_by,
        Some(Moment::At(at("2026-11-28 14:00")))
    );
}
