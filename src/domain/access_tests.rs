//! The policy as a table: role × operation × relation to the lead.

use super::*;

fn agent(id: i64, login: &str, role: Role) -> Agent {
    Agent {
        id,
        login: login.into(),
        name: login.into(),
        role,
        active: true,
    }
}

const IVY: i64 = 1; // inbound
const AMY: i64 = 2; // outbound, owns the lead
const BOB: i64 = 3; // outbound, a colleague
const BOSS: i64 = 4; // supervisor

fn people() -> Vec<(&'static str, Actor)> {
    let ivy = agent(IVY, "ivy", Role::Inbound);
    let amy = agent(AMY, "amy", Role::Outbound);
    let bob = agent(BOB, "bob", Role::Outbound);
    let boss = agent(BOSS, "boss", Role::Supervisor);
    vec![
        ("inbound", Actor::myself(ivy)),
        ("owner", Actor::myself(amy.clone())),
        ("colleague", Actor::myself(bob)),
        ("supervisor", Actor::myself(boss.clone())),
        (
            "supervisor as owner",
            Actor {
                agent: amy,
                real: boss,
            },
        ),
    ]
}

fn amys() -> LeadTies {
    LeadTies {
        id: 7,
        owner: Some(AMY),
        ..LeadTies::default()
    }
}

/// Amy asked for its defeat; approved, it went to Bob to verify.
fn verifying() -> LeadTies {
    LeadTies {
        id: 8,
        owner: Some(BOB),
        awaiting_verification: true,
        requested_by: Some(AMY),
        on_call: None,
        consultant: None,
    }
}

/// Amy asked for its defeat, and nobody else could verify it: still hers.
fn stuck_with_requester() -> LeadTies {
    LeadTies {
        owner: Some(AMY),
        ..verifying()
    }
}

fn who(op: Op) -> String {
    let mut ok = Vec::new();
    for (name, actor) in people() {
        if check(&actor, op).is_ok() {
            ok.push(name);
        }
    }
    ok.join(", ")
}

#[test]
fn who_may_do_what_on_one_lead() {
    let table: &[(&str, Op, &str)] = &[
        (
            "see",
            Op::See(amys()),
            "inbound, owner, supervisor, supervisor as owner",
        ),
        (
            "call",
            Op::Call(amys()),
            "inbound, owner, supervisor, supervisor as owner",
        ),
        (
            "log outbound",
            Op::Log {
                lead: amys(),
                inbound: false,
            },
            "owner, supervisor, supervisor as owner",
        ),
        (
            "log inbound",
            Op::Log {
                lead: amys(),
                inbound: true,
            },
            "inbound, owner, supervisor, supervisor as owner",
        ),
        (
            "regrade",
            Op::Regrade(amys()),
            "owner, supervisor, supervisor as owner",
        ),
        (
            "mark dnc",
            Op::MarkDnc {
                lead: amys(),
                capture: false,
            },
            "owner, supervisor, supervisor as owner",
        ),
        (
            "see a lead to verify",
            Op::See(verifying()),
            "inbound, colleague, supervisor, supervisor as owner",
        ),
        (
            "verify",
            Op::Log {
                lead: verifying(),
                inbound: false,
            },
            "colleague, supervisor, supervisor as owner",
        ),
        (
            "verify one's own request",
            Op::Log {
                lead: stuck_with_requester(),
                inbound: false,
            },
            "supervisor, supervisor as owner",
        ),
        (
            "confirm or reactivate on a verification call",
            Op::Verify(verifying()),
            "colleague, supervisor, supervisor as owner",
        ),
        (
            "confirm one's own request",
            Op::Verify(stuck_with_requester()),
            "supervisor, supervisor as owner",
        ),
        (
            "call to verify one's own request",
            Op::Call(stuck_with_requester()),
            "inbound, supervisor, supervisor as owner",
        ),
    ];
    for (what, op, expected) in table {
        assert_eq!(who(*op), *expected, "{what}");
    }
}

#[test]
fn who_may_do_what_for_the_team() {
    let sup = "supervisor, supervisor as owner";
    let sup_in = "inbound, supervisor, supervisor as owner";
    let table: &[(&str, Op, &str)] = &[
        ("reveal", Op::Reveal, sup),
        ("report --reveal", Op::RevealInReport, sup),
        ("reports", Op::ReadReports, sup),
        ("decide", Op::Decide, sup),
        ("reassign", Op::Reassign, sup),
        ("requests", Op::ReviewRequests, sup),
        ("search every lead", Op::SeeEveryLead, sup_in),
        ("team queue", Op::SeeTeamQueue, sup_in),
        ("team day", Op::SeeTeamDay, sup),
        ("import", Op::Import, sup_in),
        ("dnc add", Op::DncAdd, sup),
        ("dnc remove", Op::DncRemove, sup),
        ("dnc import", Op::DncImport, sup),
        ("rules", Op::ChangeRules, sup),
        ("settings", Op::ChangeSettings, sup),
        ("assign rule", Op::ChangeAssignRule, sup),
        ("scripts", Op::EditScripts, sup),
        ("reasons", Op::EditReasons, sup),
        ("models", Op::EditModels, sup),
        ("spend", Op::SetSpend, sup),
        ("targets", Op::SetTargets, sup),
        ("add agent", Op::AddAgent, sup),
        ("load test", Op::RunLoad, sup),
        ("agent list", Op::ListAgents, sup),
        (
            "amy's queue",
            Op::SeeQueueOf(AMY),
            "owner, supervisor, supervisor as owner",
        ),
    ];
    for (what, op, expected) in table {
        assert_eq!(who(*op), *expected, "{what}");
    }
}

#[test]
fn a_lead_for_someone_else_and_acting_for_someone() {
    let bob = agent(BOB, "bob", Role::Outbound);
    assert_eq!(
        who(Op::AddLeadFor(&bob)),
        "inbound, colleague, supervisor, supervisor as owner"
    );
    let amy = Actor::myself(agent(AMY, "amy", Role::Outbound));
    assert_eq!(
        check(&amy, Op::AddLeadFor(&bob)),
        Err(Denied {
            what: Restricted::AddLeadFor("bob".into()),
            why: Why::SupervisorsAndInbound
        })
    );
    let boss = Actor::myself(agent(BOSS, "boss", Role::Supervisor));
    assert_eq!(check(&boss, Op::ActAs(&bob)), Ok(()));
    assert_eq!(
        check(&amy, Op::ActAs(&bob)).map_err(|d| d.why),
        Err(Why::SupervisorsOnly)
    );
    let gone = Agent {
        active: false,
        ..bob
    };
    assert_eq!(
        check(&boss, Op::ActAs(&gone)),
        Err(Denied {
            what: Restricted::ActFor("bob".into()),
            why: Why::Inactive
        })
    );
}

#[test]
fn refusals_say_why() {
    let bob = Actor::myself(agent(BOB, "bob", Role::Outbound));
    let amy = Actor::myself(agent(AMY, "amy", Role::Outbound));
    let log = |lead| Op::Log {
        lead,
        inbound: false,
    };
    assert_eq!(
        check(&bob, log(amys())).map_err(|d| d.why),
        Err(Why::NotTheirLead)
    );
    assert_eq!(
        check(&amy, log(stuck_with_requester())),
        Err(Denied {
            what: Restricted::LogOutcome(8),
            why: Why::AskedForIt
        })
    );
}

#[test]
fn full_numbers_only_to_the_agent_whose_call_it_is() {
    let full = |actor: &Actor, t: &LeadTies| sees_full_number(actor, t);
    let ppl = people();
    let by = |n: &str| ppl.iter().find(|(k, _)| *k == n).unwrap().1.clone();
    assert!(full(&by("owner"), &amys()));
    assert!(full(&by("supervisor as owner"), &amys()));
    assert!(!full(&by("colleague"), &amys()));
    assert!(!full(&by("inbound"), &amys()));
    assert!(!full(&by("supervisor"), &amys()));
    // Whoever holds the lead on a call sees the number they dial.
    let on_call = LeadTies {
        on_call: Some(IVY),
        ..amys()
    };
    assert!(full(&by("inbound"), &on_call));
    assert!(!full(&by("supervisor"), &on_call));
    assert_eq!(lead_scope(&by("colleague")), Some(BOB));
    assert_eq!(lead_scope(&by("inbound")), None);
    assert_eq!(lead_scope(&by("supervisor")), None);
}

#[test]
fn a_shown_phone_is_masked_unless_allowed() {
    let number = crate::domain::phone::Phone::parse("13812345678").unwrap();
    let p = ShownPhone::of(&number, false);
    assert!(p.is_masked());
    assert_eq!(p.full(), None);
    assert!(!p.as_str().contains("1234"), "{p}");
    let f = ShownPhone::of(&number, true);
    assert_eq!(f.full(), Some("13812345678"));
    assert_eq!(
        serde_json::to_string(&p).unwrap(),
        format!("\"{}\"", p.as_str())
    );
}

/// A showroom event is allowed only when the one it is recorded under may
/// record it: a supervisor acting for a consultant records only on a lead
/// handed to that consultant, acting for the manager on any lead handed to
/// the showroom, acting for a DCC agent on none.
#[test]
fn a_handover_event_is_checked_as_the_one_it_is_recorded_under() {
    const WANG: i64 = 5;
    const LI: i64 = 6;
    const ZHAO: i64 = 7;
    let boss = agent(BOSS, "boss", Role::Supervisor);
    let acting = |a: Agent| Actor {
        agent: a,
        real: boss.clone(),
    };
    let wang = agent(WANG, "wang", Role::Showroom);
    let zhao = agent(ZHAO, "zhao", Role::ShowroomManager);
    let to = |consultant: Option<i64>| LeadTies {
        consultant,
        ..amys()
    };
    let why = |a: &Actor, t: LeadTies| check(a, Op::Handover(t)).map_err(|d| d.why);
    // In their own name, as before.
    assert_eq!(why(&Actor::myself(boss.clone()), to(None)), Ok(()));
    assert_eq!(why(&Actor::myself(wang.clone()), to(Some(WANG))), Ok(()));
    // Acting for wang: only wang's leads.
    assert_eq!(why(&acting(wang.clone()), to(Some(WANG))), Ok(()));
    assert_eq!(
        why(&acting(wang.clone()), to(Some(LI))),
        Err(Why::NotHandedToThem)
    );
    assert_eq!(why(&acting(wang), to(None)), Err(Why::NotHandedToThem));
    // Acting for the manager: every lead handed to the showroom, no other.
    assert_eq!(why(&acting(zhao.clone()), to(Some(LI))), Ok(()));
    assert_eq!(why(&acting(zhao), to(None)), Err(Why::NotHandedToThem));
    // Acting for a DCC agent: never.
    let amy = agent(AMY, "amy", Role::Outbound);
    assert_eq!(
        why(&acting(amy), to(Some(WANG))),
        Err(Why::ShowroomAndSupervisors)
    );
}
