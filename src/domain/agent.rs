//! Who works in the call center: agents, their roles, who acts for whom,
//! how new leads find an owner, and an agent's day in figures.

use serde::Serialize;

use crate::domain::lead::coded_enum;

coded_enum! {
    Role {
        Inbound => "inbound",
        Outbound => "outbound",
        Supervisor => "supervisor",
        // A showroom sales consultant (销售顾问): receives the visits the
        // DCC sets and records what became of them (`domain::showroom`).
        Showroom => "showroom",
        // A consultant with the supervisor's reports (展厅经理).
        ShowroomManager => "showroom_manager",
    }
}

impl Role {
    /// A sales consultant or the showroom manager: works the showroom's
    /// visits, never a DCC queue.
    pub fn in_showroom(self) -> bool {
        matches!(self, Role::Showroom | Role::ShowroomManager)
    }

    /// Has a DCC queue of their own: an outbound agent or a supervisor. A
    /// lead is moved only to one of these, never to an inbound agent or to
    /// the showroom (the showroom receives a lead at the visit).
    pub fn owns_leads(self) -> bool {
        matches!(self, Role::Outbound | Role::Supervisor)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Agent {
    pub id: i64,
    pub login: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
}

/// Who does something: the agent it is done as, and the person at the
/// keyboard (a supervisor acting for an agent with `--as`). Both are recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub agent: Agent,
    pub real: Agent,
}

impl Actor {
    pub fn myself(agent: Agent) -> Actor {
        Actor {
            real: agent.clone(),
            agent,
        }
    }

    pub fn is_supervisor(&self) -> bool {
        self.real.role == Role::Supervisor
    }
}

/// How new leads captured by inbound agents get an owner (setting `assign`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssignRule {
    /// Each outbound agent in turn (the default).
    RoundRobin,
    /// The outbound agent with the fewest leads scheduled.
    LeastLoaded,
    /// Always this agent.
    Agent(String),
}

impl AssignRule {
    pub fn parse(s: &str) -> Option<AssignRule> {
        match s.trim() {
            "round_robin" | "" => Some(AssignRule::RoundRobin),
            "least_loaded" => Some(AssignRule::LeastLoaded),
            other => other
                .strip_prefix("agent:")
                .map(|l| AssignRule::Agent(l.trim().to_string())),
        }
    }

    pub fn code(&self) -> String {
        match self {
            AssignRule::RoundRobin => "round_robin".into(),
            AssignRule::LeastLoaded => "least_loaded".into(),
            AssignRule::Agent(l) => format!("agent:{l}"),
        }
    }
}

/// One agent's day, for the supervisor's team view.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AgentDay {
    pub agent_id: i64,
    pub login: String,
    pub name: String,
    pub role: String,
    /// Leads still due by the end of the day, of which overdue from earlier
    /// days, and due by now.
    pub remaining: u32,
    pub overdue: u32,
    pub due_now: u32,
    /// Leads called today, calls made, calls that reached the customer,
    /// appointments set.
    pub done: u32,
    pub calls: u32,
    pub reached: u32,
    pub appointments: u32,
    /// Calls a day the agent aims for.
    pub target: u32,
}

/// An agent's day in figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DayStats {
    pub calls: u32,
    pub leads_called: u32,
    pub reached: u32,
    pub appointments: u32,
    pub per_hour: [u32; 24],
}
