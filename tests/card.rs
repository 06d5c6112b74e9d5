//! The lead's card at 80x24 (the smallest screen) in both languages, with
//! the longest values a dealer's day has: a four-character name and owner,
//! a long source, `凯美瑞 Camry`, every captured detail, an expected visit
//! with its time, an appointment and a note. No value is cut.

mod common;
use common::{at, day, screen};

use dcc_desk::domain::card::{Gender, Payment, PurchaseType};
use dcc_desk::domain::models::CarModel;
use dcc_desk::domain::outcome::{CallReport, Outcome};
use dcc_desk::domain::phone::Phone;
use dcc_desk::domain::when::Moment;
use dcc_desk::i18n::Lang;
use dcc_desk::store::{Actor, LeadDetails, LeadStore, NewLead, Role};

fn long_card(lang: Lang) -> (common::Desk, dcc_desk::app::App) {
    let d = common::desk();
    let t = at("2026-11-01 09:00");
    let sima = d
        .store
        .add_agent(Some(&d.boss), "sima", "司马相如", Role::Outbound, t)
        .unwrap();
    let sima = Actor::myself(sima);
    let camry = CarModel {
        name_zh: "凯美瑞".into(),
        name_en: Some("Camry".into()),
        aliases: vec![],
    };
    d.store.add_model(&d.boss, &camry, t).unwrap();
    let lead = NewLead {
        name: "欧阳娜娜".into(),
        phone: Phone::parse("13812345678").unwrap(),
        channel: "showroom_defeat".into(),
        model: "凯美瑞".into(),
        purchase_by: Some(day("2026-12-20")),
        visit_by: Some(Moment::At(at("2026-11-28 14:00"))),
        grade: Some("A".into()),
        owner: None,
        note: Some("想要白色，周末带家人来看车，关心置换补贴和贷款方案".into()),
        details: LeadDetails {
            gender: Some(Gender::Female),
            city: Some("呼和浩特".into()),
            current_car: Some("大众 POLO".into()),
            purchase_type: Some(PurchaseType::Replacement),
            payment: Some(Payment::Loan),
            consent: Some("电话中口头同意".into()),
        },
    };
    let id = d
        .store
        .add_lead(&sima, &lead, at("2026-11-18 10:00"))
        .unwrap();
    let visit = CallReport {
        visit: Some(at("2026-11-24 14:00")),
        ..Default::default()
    };
    d.log_by(
        &sima,
        id,
        Outcome::Appointment,
        visit,
        at("2026-11-20 10:00"),
    )
    .unwrap();
    let session = dcc_desk::app::Session {
        lang: Some(lang),
        ..Default::default()
    };
    let app = common::workstation(&d, &sima, session, at("2026-11-23 11:00"));
    (d, app)
}

/// The values the card must show whole, in each language.
fn values(lang: Lang) -> Vec<&'static str> {
    let mut v = vec![
        "司马相如",
        "凯美瑞 Camry",
        "2026-12-20",
        "呼和浩特",
        "大众 POLO",
        "电话中口头同意",
        "11-24 14:00",
    ];
    match lang {
        Lang::Zh => v.extend(["展厅战败回流", "2026-11-28 周六 14:00"]),
        Lang::En => v.extend(["Showroom defeats", "2026-11-28 Sat 14:00"]),
    }
    v
}

#[test]
fn the_card_at_80x24_shows_every_value_whole_in_both_languages() {
    for lang in [Lang::Zh, Lang::En] {
        let (_d, app) = long_card(lang);
        for (w, h) in [(80, 24), (120, 40)] {
            let shown = screen(&app, w, h);
            let title = shown.lines().next().unwrap_or_default();
            assert!(title.contains("欧阳娜娜 · 138 1234 5678"), "{shown}");
            let card = card_rows(&shown);
            for v in values(lang) {
                assert!(
                    card.contains(v),
                    "{lang:?} {w}x{h}: {v:?} is not on the card whole:\n{shown}"
                );
            }
            insta::assert_snapshot!(format!("card_long_{}_{w}x{h}", lang.code()), shown);
        }
    }
}

/// The card's rows (under its title, above its bottom border), the
/// right-hand column of the screen.
fn card_rows(shown: &str) -> String {
    let mut out = String::new();
    for l in shown.lines().skip(1) {
        if l.contains("│└") {
            break;
        }
        let parts: Vec<&str> = l.split('│').collect();
        if parts.len() >= 5 {
            out.push_str(parts[3]);
            out.push('\n');
        }
    }
    out
}
