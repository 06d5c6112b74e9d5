//! Who may do what.

/// What only a supervisor (or, for an import, an inbound agent) may do: the
/// refusal names it, in the user's language (`i18n::restricted`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Restricted {
    AddAgents,
    ActFor(String),
    SetTargets,
    SetSpend,
    EditReasons,
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
}
