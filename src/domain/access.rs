//! Who may do what: the one access policy. A pure function of who acts (the
//! agent acted as and the person at the keyboard, with their roles), what is
//! known of the lead (its owner, whether its defeat waits for verification
//! and who asked for it, who holds it on a call) and the operation. The store
//! asks it before every operation; the workstation and the command line ask
//! it to decide what to offer. A refusal is data (what, why) that the catalog
//! names in both languages (`i18n::not_permitted`).

use serde::Serialize;

use crate::domain::agent::{Actor, Agent, Role};
use crate::domain::phone::Phone;

/// What was refused, as the refusal names it (`i18n::restricted`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Restricted {
    AddAgents,
    ActFor(String),
    SetTargets,
    SetSpend,
    EditReasons,
    EditModels,
    EditScripts,
    ChangeRules,
    ChangeSettings,
    ChangeAssignRule,
    MoveLeads,
    Decide,
    ReadReports,
    RevealNumbers,
    RevealNumbersFlag,
    SeeTeamQueue,
    SeeTeamDay,
    ReviewRequests,
    ImportLeads,
    /// Taking an import back, or listing the imports.
    UndoImports,
    /// Seeing, finding or opening this lead.
    SeeLead(i64),
    /// Placing a call on this lead (holding it).
    CallLead(i64),
    /// Logging an outcome (or a grade) on this lead.
    LogOutcome(i64),
    /// Putting a number on the do-not-call list by hand.
    DncAdd,
    /// Recording the new consent of this do-not-call lead's customer.
    RecordConsent(i64),
    /// Taking a number off the do-not-call list.
    DncRemove,
    /// Putting a file of numbers on the do-not-call list.
    DncImport,
    /// Listing the do-not-call numbers.
    DncList,
    /// Adding a lead owned by this other agent.
    AddLeadFor(String),
    /// Running the load test.
    RunLoad,
    /// Listing the team's agents.
    ListAgents,
    /// Managing agents: disabling them, their SSH keys.
    ManageAgents,
    Backup,
    Restore,
    /// Anything at all: the agent is disabled.
    Anything,
    /// Recording that this lead's customer arrived at the showroom (or did
    /// not): receiving the visit.
    ReceiveVisit(i64),
    /// Recording an order, a delivery, a showroom defeat or the next
    /// follow-up of this lead.
    RecordHandover(i64),
    /// Registering a walk-in at reception.
    RegisterWalkIn,
}

/// Why it was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// Only a supervisor may.
    SupervisorsOnly,
    /// Only supervisors and inbound agents may.
    SupervisorsAndInbound,
    /// The lead is another agent's (neither theirs nor assigned to them to
    /// verify).
    NotTheirLead,
    /// They asked for this lead's defeat: another agent verifies it.
    AskedForIt,
    /// The agent to act for is not active.
    Inactive,
    /// Only a supervisor, or the account that owns the database file.
    SupervisorsAndOwner,
    /// Only the showroom (its consultants and manager) and supervisors.
    ShowroomAndSupervisors,
    /// The lead was handed to another consultant (or to none yet).
    NotHandedToThem,
    /// Only a sales consultant (or the showroom manager), whom a supervisor
    /// may act for.
    ShowroomOnly,
    /// Only a supervisor or the showroom manager (the reports).
    SupervisorsAndManager,
}

/// A refusal: what, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denied {
    pub what: Restricted,
    pub why: Why,
}

impl From<Restricted> for Denied {
    /// What only a supervisor may do.
    fn from(what: Restricted) -> Denied {
        Denied {
            what,
            why: Why::SupervisorsOnly,
        }
    }
}

/// What the policy needs to know of a lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LeadTies {
    pub id: i64,
    /// Its owner: the agent it is assigned to, also to verify a defeat.
    pub owner: Option<i64>,
    /// Its defeat (or lost contact) waits for the verification call.
    pub awaiting_verification: bool,
    /// Who asked for the defeat or gave it up as lost, while it waits.
    pub requested_by: Option<i64>,
    /// The person holding it on a call right now (a live claim).
    pub on_call: Option<i64>,
    /// The sales consultant it was handed to at the showroom.
    pub consultant: Option<i64>,
}

/// An operation, with what the policy needs to know of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op<'a> {
    /// See the lead: its card, a search hit, a row of a list.
    See(LeadTies),
    /// Place a call on the lead (claim it).
    Call(LeadTies),
    /// Log an outcome; `inbound`: the customer called us.
    Log {
        lead: LeadTies,
        inbound: bool,
    },
    /// End the verification call of an approved defeat or of lost contact
    /// with its own outcome (confirm it, the customer is back): only the
    /// agent it was assigned to or a supervisor, never who asked for it.
    Verify(LeadTies),
    /// Change the lead's grade by hand.
    Regrade(LeadTies),
    /// Put the number of this lead on the do-not-call list, on its call
    /// (`capture`: an inbound agent capturing it, the customer refusing).
    MarkDnc {
        lead: LeadTies,
        capture: bool,
    },
    /// Record a do-not-call customer's new consent to calls, which lifts
    /// do-not-call: the caller on their call (`capture`: an inbound agent
    /// capturing the caller), or any, for a supervisor.
    RecordConsent {
        lead: LeadTies,
        capture: bool,
    },
    /// Put a number of no lead of theirs on the do-not-call list.
    DncAdd,
    DncRemove,
    DncImport,
    /// List the do-not-call numbers (in full: they are not any agent's
    /// calls).
    SeeDncList,
    /// See one lead's full number outside a call (recorded).
    Reveal,
    /// Reports and exports with full numbers (`--reveal`, recorded).
    RevealInReport,
    ReadReports,
    Decide,
    Reassign,
    ReviewRequests,
    /// Search or list every lead, not only one's own.
    SeeEveryLead,
    SeeTeamQueue,
    /// Another agent's queue.
    SeeQueueOf(i64),
    SeeTeamDay,
    Import,
    /// Take an import back (`dcc import undo`), list the imports.
    UndoImport,
    ChangeRules,
    ChangeSettings,
    ChangeAssignRule,
    EditScripts,
    EditReasons,
    /// The dealer's model list.
    EditModels,
    SetSpend,
    SetTargets,
    AddAgent,
    /// Add a lead owned by this agent.
    AddLeadFor(&'a Agent),
    /// Act for this agent (`--as`, the workstation's "act for").
    ActAs(&'a Agent),
    RunLoad,
    ListAgents,
    /// Disable or enable an agent, add or remove their SSH keys.
    ManageAgents,
    /// The day's expected visits, numbers masked but for the leads the
    /// reader received (`dcc showroom visits`, `dcc export visits`).
    SeeVisits,
    /// Record that the lead's customer arrived at the showroom (the
    /// consultant receiving it is recorded: the handover), or did not: a
    /// sales consultant or the showroom manager, or a supervisor acting
    /// for one.
    Receive(LeadTies),
    /// Record an order, a delivery, a showroom defeat or the consultant's
    /// next follow-up on a lead handed to the showroom.
    Handover(LeadTies),
    /// Register a walk-in at reception (`dcc showroom walk-in`): the
    /// showroom (a consultant, the manager) or a supervisor, in their own
    /// name or acting for someone of the showroom; never recorded under a
    /// DCC agent. The visit is recorded under the consultant who received
    /// the customer, with who registered it.
    WalkIn,
}

/// Whether `actor` may do `op`; a refusal says what and why.
pub fn check(actor: &Actor, op: Op) -> Result<(), Denied> {
    let supervisor = actor.real.role == Role::Supervisor;
    let inbound = actor.agent.role == Role::Inbound;
    // A sales consultant or the showroom manager (also a supervisor acting
    // for one, who is both).
    let showroom = actor.agent.role.in_showroom();
    let manager = actor.real.role == Role::ShowroomManager;
    // The lead was handed to them at the showroom; the manager answers for
    // every lead handed to the showroom. Asked of the one it is recorded
    // under (a supervisor acting for the manager is the manager here).
    let received = |t: &LeadTies| {
        t.consultant == Some(actor.agent.id)
            || (actor.agent.role == Role::ShowroomManager && t.consultant.is_some())
    };
    let deny = |what: Restricted, why: Why| Err(Denied { what, why });
    // A disabled agent does nothing, nor does anyone for them: a
    // workstation opened before they were disabled holds them still.
    if !actor.real.active || !actor.agent.active {
        return deny(Restricted::Anything, Why::Inactive);
    }
    let only_supervisors = |what: Restricted| {
        if supervisor {
            Ok(())
        } else {
            deny(what, Why::SupervisorsOnly)
        }
    };
    // The lead's own agent: its owner, or the one assigned to verify it.
    let theirs = |t: &LeadTies| t.owner == Some(actor.agent.id);
    // The agent who asked for a defeat never verifies it.
    let asked = |t: &LeadTies| t.awaiting_verification && t.requested_by == Some(actor.agent.id);
    let works_it = |t: &LeadTies, what: Restricted, others: bool| {
        if supervisor {
            Ok(())
        } else if asked(t) {
            deny(what, Why::AskedForIt)
        } else if theirs(t) || others {
            Ok(())
        } else {
            deny(what, Why::NotTheirLead)
        }
    };
    match op {
        Op::See(t) => {
            if supervisor || inbound || theirs(&t) || received(&t) {
                Ok(())
            } else {
                deny(Restricted::SeeLead(t.id), Why::NotTheirLead)
            }
        }
        Op::Call(t) => works_it(&t, Restricted::CallLead(t.id), inbound),
        Op::Log {
            lead,
            inbound: call_in,
        } => works_it(&lead, Restricted::LogOutcome(lead.id), inbound && call_in),
        Op::Verify(t) => works_it(&t, Restricted::LogOutcome(t.id), false),
        Op::Regrade(t) => works_it(&t, Restricted::LogOutcome(t.id), false),
        Op::MarkDnc { lead, capture } => {
            let on_their_call = lead.on_call == Some(actor.real.id);
            if supervisor || theirs(&lead) || on_their_call || (inbound && capture) {
                Ok(())
            } else {
                deny(Restricted::DncAdd, Why::SupervisorsOnly)
            }
        }
        Op::RecordConsent { lead, capture } => {
            let on_their_call = lead.on_call == Some(actor.real.id);
            if supervisor || on_their_call || (inbound && capture) {
                Ok(())
            } else {
                deny(Restricted::RecordConsent(lead.id), Why::SupervisorsOnly)
            }
        }
        Op::DncAdd => only_supervisors(Restricted::DncAdd),
        Op::DncRemove => only_supervisors(Restricted::DncRemove),
        Op::DncImport => only_supervisors(Restricted::DncImport),
        Op::SeeDncList => only_supervisors(Restricted::DncList),
        Op::Reveal => only_supervisors(Restricted::RevealNumbers),
        Op::RevealInReport => only_supervisors(Restricted::RevealNumbersFlag),
        Op::ReadReports if manager || supervisor => Ok(()),
        Op::ReadReports => deny(Restricted::ReadReports, Why::SupervisorsAndManager),
        Op::Decide => only_supervisors(Restricted::Decide),
        Op::Reassign => only_supervisors(Restricted::MoveLeads),
        Op::ReviewRequests => only_supervisors(Restricted::ReviewRequests),
        Op::SeeEveryLead => {
            if supervisor || inbound {
                Ok(())
            } else {
                deny(Restricted::SeeTeamQueue, Why::SupervisorsAndInbound)
            }
        }
        Op::SeeTeamQueue => {
            if supervisor || inbound {
                Ok(())
            } else {
                deny(Restricted::SeeTeamQueue, Why::SupervisorsAndInbound)
            }
        }
        Op::SeeQueueOf(agent) if agent == actor.agent.id => Ok(()),
        Op::SeeQueueOf(_) => only_supervisors(Restricted::SeeTeamQueue),
        Op::SeeTeamDay => only_supervisors(Restricted::SeeTeamDay),
        Op::Import => {
            if supervisor || actor.real.role == Role::Inbound {
                Ok(())
            } else {
                deny(Restricted::ImportLeads, Why::SupervisorsAndInbound)
            }
        }
        Op::UndoImport => only_supervisors(Restricted::UndoImports),
        Op::ChangeRules => only_supervisors(Restricted::ChangeRules),
        Op::ChangeSettings => only_supervisors(Restricted::ChangeSettings),
        Op::ChangeAssignRule => only_supervisors(Restricted::ChangeAssignRule),
        Op::EditScripts => only_supervisors(Restricted::EditScripts),
        Op::EditReasons => only_supervisors(Restricted::EditReasons),
        Op::EditModels => only_supervisors(Restricted::EditModels),
        Op::SetSpend => only_supervisors(Restricted::SetSpend),
        Op::SetTargets => only_supervisors(Restricted::SetTargets),
        Op::AddAgent => only_supervisors(Restricted::AddAgents),
        Op::AddLeadFor(owner) => {
            if (owner.id == actor.agent.id && !showroom) || supervisor || inbound {
                Ok(())
            } else {
                deny(
                    Restricted::AddLeadFor(owner.login.clone()),
                    Why::SupervisorsAndInbound,
                )
            }
        }
        Op::ActAs(agent) if agent.id == actor.real.id => Ok(()),
        Op::ActAs(agent) => {
            let what = Restricted::ActFor(agent.login.clone());
            if !supervisor {
                deny(what, Why::SupervisorsOnly)
            } else if !agent.active {
                deny(what, Why::Inactive)
            } else {
                Ok(())
            }
        }
        Op::RunLoad => only_supervisors(Restricted::RunLoad),
        Op::ListAgents => only_supervisors(Restricted::ListAgents),
        Op::ManageAgents => only_supervisors(Restricted::ManageAgents),
        Op::SeeVisits => Ok(()),
        // The one who receives is the consultant recorded: a supervisor
        // acts for them (`--as`), never receives in their own name.
        Op::Receive(t) => {
            if showroom {
                Ok(())
            } else {
                deny(Restricted::ReceiveVisit(t.id), Why::ShowroomOnly)
            }
        }
        // Allowed only when the one it is recorded under may: their role
        // first, then their relation to the lead. A supervisor in their own
        // name may; acting for a consultant, only on a lead handed to that
        // consultant (or, for the manager, to the showroom); acting for a
        // DCC agent, never.
        Op::Handover(t) => {
            let as_themself = supervisor && actor.agent.role == Role::Supervisor;
            if as_themself || (showroom && received(&t)) {
                Ok(())
            } else if showroom {
                deny(Restricted::RecordHandover(t.id), Why::NotHandedToThem)
            } else {
                deny(
                    Restricted::RecordHandover(t.id),
                    Why::ShowroomAndSupervisors,
                )
            }
        }
        Op::WalkIn => {
            if showroom || (supervisor && actor.agent.role == Role::Supervisor) {
                Ok(())
            } else {
                deny(Restricted::RegisterWalkIn, Why::ShowroomAndSupervisors)
            }
        }
    }
}

/// Whose leads a search or a list covers: `None` for every lead, else only
/// this agent's (an outbound agent's own and those assigned to them to
/// verify).
pub fn lead_scope(actor: &Actor) -> Option<i64> {
    match check(actor, Op::SeeEveryLead) {
        Ok(()) => None,
        Err(_) => Some(actor.agent.id),
    }
}

/// Whether `actor` sees this lead's full number without a reveal: the agent
/// whose call it is (its owner or the agent verifying it, also a supervisor
/// acting for them), whoever holds it on a call right now, or the sales
/// consultant who received it at the showroom. Everyone else
/// sees it masked unless a supervisor reveals it, which is recorded.
pub fn sees_full_number(actor: &Actor, lead: &LeadTies) -> bool {
    lead.on_call == Some(actor.real.id)
        || lead.owner == Some(actor.agent.id)
        || lead.consultant == Some(actor.agent.id)
}

/// A phone number as this person may see it: the full number only where the
/// policy allows it, masked everywhere else. The store decides which; the
/// workstation and the command line only show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShownPhone {
    /// The number as stored.
    Full(Phone),
    /// The number with its middle hidden (`138****5678`).
    Masked(String),
}

impl ShownPhone {
    /// The stored number `phone`, full or masked.
    pub fn of(phone: &Phone, full: bool) -> ShownPhone {
        if full {
            ShownPhone::Full(phone.clone())
        } else {
            ShownPhone::Masked(phone.masked())
        }
    }

    /// The full number, when it may be seen.
    pub fn full(&self) -> Option<&str> {
        match self {
            ShownPhone::Full(p) => Some(p.as_str()),
            ShownPhone::Masked(_) => None,
        }
    }

    pub fn is_masked(&self) -> bool {
        matches!(self, ShownPhone::Masked(_))
    }

    /// As stored (full) or masked: for files and JSON.
    pub fn as_str(&self) -> &str {
        match self {
            ShownPhone::Full(p) => p.as_str(),
            ShownPhone::Masked(m) => m,
        }
    }

    /// For the screen: a full number grouped for reading (`138 1234 5678`).
    pub fn display(&self) -> String {
        match self {
            ShownPhone::Full(p) => p.display(),
            ShownPhone::Masked(m) => m.clone(),
        }
    }
}

impl std::fmt::Display for ShownPhone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ShownPhone {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
#[path = "access_tests.rs"]
mod tests;
