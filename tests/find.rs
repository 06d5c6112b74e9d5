//! Finding leads by any part of the name or number, in any format.

mod common;

use common::{at, desk};
use dcc_desk::store::{Actor, LeadStore, Role};

#[test]
fn any_part_of_the_number_in_any_format_or_the_name() {
    let d = desk();
    let han = d.lead("韩梅梅", "13812345678", "H", at("2026-11-20 10:00"));
    let li = d.lead("李雷", "13987654321", "A", at("2026-11-20 10:00"));
    // The supervisor searches everyone's leads; amy, an outbound agent, her own.
    let ids = |who: &Actor, q: &str| -> Vec<i64> {
        let mut v: Vec<i64> = d
            .store
            .find_leads(who, q, 20)
            .unwrap()
            .iter()
            .map(|h| h.lead_id)
            .collect();
        v.sort();
        v
    };
    for everyone in [&d.boss, &d.agent] {
        assert_eq!(ids(everyone, "5678"), vec![han], "{}", everyone.agent.login);
        assert_eq!(ids(everyone, "138 1234"), vec![han]);
        assert_eq!(ids(everyone, "+86 138-1234-5678"), vec![han]);
        assert_eq!(ids(everyone, "１３８１２"), vec![han], "full-width digits");
        assert_eq!(ids(everyone, "韩梅梅"), vec![han]);
        assert_eq!(ids(everyone, "李"), vec![li], "a one-character surname");
        assert_eq!(ids(everyone, "13"), vec![han, li]);
        assert!(ids(everyone, "000000").is_empty());
        assert!(ids(everyone, "100%").is_empty(), "wildcards are literal");
    }
    // Any part of a name, across everyone, through the trigram index.
    assert_eq!(
        ids(&d.boss, "梅梅"),
        Vec::<i64>::new(),
        "two characters across everyone: names that start with it"
    );
    assert_eq!(
        ids(&d.agent, "梅梅"),
        vec![han],
        "but any part among my own leads"
    );
}

#[test]
fn an_outbound_agent_finds_only_their_own_leads() {
    let d = desk();
    let bob = Actor::myself(
        d.store
            .add_agent(
                Some(&d.boss),
                "bob",
                "李静",
                Role::Outbound,
                at("2026-11-01 09:00"),
            )
            .unwrap(),
    );
    let han = d.lead("韩梅梅", "13812345678", "H", at("2026-11-20 10:00"));
    assert!(d.store.find_leads(&bob, "5678", 20).unwrap().is_empty());
    assert_eq!(
        d.store.find_leads(&d.boss, "5678", 20).unwrap()[0].lead_id,
        han
    );
}
