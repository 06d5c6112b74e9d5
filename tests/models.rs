//! The dealer's model list: kept by supervisors (audited), refused to
//! agents, and every lead's model one of its names once the dealer keeps one.

mod common;

use common::{at, dcc_as, run};
use dcc_desk::domain::models::CarModel;
use dcc_desk::domain::phone::Phone;
use dcc_desk::store::{Invalid, LeadStore, NewLead, StoreError};

fn camry() -> CarModel {
    CarModel {
        name_zh: "凯美瑞".into(),
        name_en: Some("Camry".into()),
        aliases: vec!["凯美瑞双擎".into()],
    }
}

fn new_lead(model: &str, phone: &str) -> NewLead {
    NewLead {
        name: "刘洋".into(),
        phone: Phone::parse(phone).unwrap(),
        channel: "autohome".into(),
        model: model.into(),
        purchase_by: None,
        visit_by: None,
        grade: Some("A".into()),
        owner: None,
        note: None,
        details: Default::default(),
    }
}

#[test]
fn a_kept_list_names_every_new_leads_model_and_refuses_others() {
    let d = common::desk();
    let now = at("2026-11-23 11:00");
    // No list yet: any model goes, as before.
    let free = d
        .store
        .add_lead(&d.agent, &new_lead("凯美瑞", "13900000001"), now)
        .unwrap();
    // An agent may not keep the list; the supervisor may, and it is audited.
    let refused = d.store.add_model(&d.agent, &camry(), now);
    assert!(
        matches!(refused, Err(StoreError::NotPermitted(_))),
        "{refused:?}"
    );
    d.store.add_model(&d.boss, &camry(), now).unwrap();
    let audited: i64 = rusqlite::Connection::open(d.dir.path().join("dcc.sqlite"))
        .unwrap()
        .query_row(
            "SELECT count(*) FROM audit WHERE what = 'model 凯美瑞'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 1);
    // Every spelling is the one model.
    for (i, typed) in ["凯美瑞", "camry", "凯美瑞双擎"].iter().enumerate() {
        let id = d
            .store
            .add_lead(&d.agent, &new_lead(typed, &format!("1390000001{i}")), now)
            .unwrap();
        assert_eq!(
            d.store.lead(&d.boss, id, now).unwrap().model,
            "凯美瑞 Camry"
        );
    }
    // An unknown model is refused with the closest names; nothing is saved.
    match d
        .store
        .add_lead(&d.agent, &new_lead("凯美锐", "13900000020"), now)
    {
        Err(StoreError::Invalid(Invalid::UnknownModel { given, closest })) => {
            assert_eq!(given, "凯美锐");
            assert_eq!(closest, ["凯美瑞 Camry"]);
        }
        other => panic!("{other:?}"),
    }
    assert!(d
        .store
        .find_by_phone(&Phone::parse("13900000020").unwrap())
        .unwrap()
        .is_none());
    // Leads from before the list keep their free text, readable.
    assert_eq!(d.store.lead(&d.boss, free, now).unwrap().model, "凯美瑞");
    // Removed: off the list, leads keep it.
    assert_eq!(
        d.store.remove_model(&d.boss, "Camry", now).unwrap(),
        "凯美瑞 Camry"
    );
    assert!(d.store.models().unwrap().is_empty());
}

#[test]
fn the_command_line_keeps_the_list_and_lead_add_refuses_an_unknown_model() {
    let d = common::desk();
    let db = d.dir.path().join("dcc.sqlite");
    let now = "2026-11-23T11:00";
    let add = run(dcc_as(&db, "boss", now).args([
        "model",
        "add",
        "卡罗拉",
        "--en",
        "Corolla",
        "--alias",
        "卡罗拉双擎",
    ]));
    assert!(add.ok, "{}", add.stderr);
    assert!(add.stdout.contains("卡罗拉 Corolla"), "{}", add.stdout);
    let list = run(dcc_as(&db, "amy", now).args(["model", "list"]));
    assert!(
        list.ok && list.stdout.contains("卡罗拉双擎"),
        "{}",
        list.stdout
    );
    // Cheating: an outbound agent adding a model is refused, nothing added.
    let cheat = run(dcc_as(&db, "amy", now).args(["model", "add", "神车"]));
    assert!(!cheat.ok);
    assert!(cheat.stderr.contains("model list"), "{}", cheat.stderr);
    assert_eq!(d.store.models().unwrap().len(), 1);
    let lead = |model: &str, phone: &str| {
        run(dcc_as(&db, "amy", now).args([
            "lead",
            "add",
            "--name",
            "刘洋",
            "--phone",
            phone,
            "--channel",
            "autohome",
            "--model",
            model,
            "--grade",
            "A",
        ]))
    };
    let ok = lead("corolla", "13900000001");
    assert!(ok.ok, "{}", ok.stderr);
    let bad = lead("卡萝拉", "13900000002");
    assert!(!bad.ok);
    assert!(bad.stderr.contains("卡罗拉 Corolla"), "{}", bad.stderr);
    let removed = run(dcc_as(&db, "boss", now).args(["model", "remove", "卡罗拉"]));
    assert!(removed.ok, "{}", removed.stderr);
}
