//! Finding leads by any part of the name or number, in any format.

mod common;

use common::{at, desk};
use dcc_desk::store::{Actor, LeadStore, Role};

#[test]
fn any_part_of_the_number_in_any_format_or_the_name() {
    let d = desk();
    let han = d.lead("韩梅梅", "13812345678", "H", at("2026-11-20 10:00"));
    let li = d.lead("李雷", "13987654321", "A", at("2026-11-20 10:00"));
    let ids = |owner: Option<i64>, q: &str| -> Vec<i64> {
        let mut v: Vec<i64> = d
            .store
            .find_leads(owner, q, 20)
            .unwrap()
            .iter()
            .map(|h| h.lead_id)
            .collect();
        v.sort();
        v
    };
    for everyone in [None, Some(d.agent.agent.id)] {
        assert_eq!(ids(everyone, "5678"), vec![han], "{everyone:?}");
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
        ids(None, "梅梅"),
        Vec::<i64>::new(),
        "two characters across everyone: names that start with it"
    );
    assert_eq!(
        ids(Some(d.agent.agent.id), "梅梅"),
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
    assert!(d
        .store
        .find_leads(Some(bob.agent.id), "5678", 20)
        .unwrap()
        .is_empty());
    assert_eq!(
        d.store.find_leads(None, "5678", 20).unwrap()[0].lead_id,
        han
    );
}
