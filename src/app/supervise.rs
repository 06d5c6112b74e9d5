//! The supervisor's screens: the team's day (open any agent's queue), the
//! requests waiting for a decision, and moving leads between agents.

use super::{Action, App, LeadRef, Level, Message, Mode, Prompt, Step};
use crate::domain::access::Op;
use crate::domain::phone::Phone;
use crate::i18n::Msg;
use crate::store::{AgentDay, PendingRequest};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamView {
    pub rows: Vec<AgentDay>,
    pub selected: usize,
    /// Who has a workstation open over SSH, and since when.
    pub online: Vec<crate::store::Online>,
}

impl TeamView {
    /// Since when `login` has been online, if they are.
    pub fn online_since(&self, login: &str) -> Option<chrono::NaiveDateTime> {
        self.online
            .iter()
            .find(|o| o.login == login)
            .map(|o| o.since)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestsView {
    pub rows: Vec<PendingRequest>,
    pub selected: usize,
    /// The one lead whose full number the supervisor asked to see (`p`),
    /// with that number; the reveal is recorded. Every other row stays masked.
    pub revealed: Option<(i64, Phone)>,
}

impl RequestsView {
    /// The full number of `lead`, if it was revealed.
    pub fn revealed_phone(&self, lead: i64) -> Option<&str> {
        self.revealed(lead).map(Phone::as_str)
    }

    /// The number of `lead`, if it was revealed.
    pub fn revealed(&self, lead: i64) -> Option<&Phone> {
        self.revealed
            .as_ref()
            .filter(|(id, _)| *id == lead)
            .map(|(_, p)| p)
    }
}

pub(super) fn open_team(app: &mut App) {
    if !app.permitted(Op::SeeTeamDay) {
        return;
    }
    let now = app.now();
    match app.store.team_day(&app.actor, now.date(), now) {
        Ok(rows) => {
            let selected = rows
                .iter()
                .position(|r| r.agent_id == app.actor.agent.id)
                .unwrap_or(0);
            // Who is online is a help, not the view: without it, no marks.
            let online = app.store.online(&app.actor, now).unwrap_or_default();
            app.mode = Mode::Team(TeamView {
                rows,
                selected,
                online,
            });
        }
        Err(e) => app.error(&e),
    }
}

pub(super) fn open_requests(app: &mut App) {
    if !app.permitted(Op::ReviewRequests) {
        return;
    }
    match app.store.pending_requests(&app.actor) {
        Ok(rows) => {
            let selected = app.requests_at.min(rows.len().saturating_sub(1));
            app.mode = Mode::Requests(RequestsView {
                rows,
                selected,
                revealed: None,
            });
            show_request(app);
        }
        Err(e) => app.error(&e),
    }
}

/// Shows the selected request's lead in the card.
fn show_request(app: &mut App) {
    let id = match &app.mode {
        Mode::Requests(v) => v.rows.get(v.selected).map(|r| r.lead_id),
        _ => None,
    };
    match id {
        Some(id) => {
            app.pinned = Some(id);
            if let Err(e) = app.load_card() {
                app.error(&e);
            }
        }
        // The list emptied (the last request decided): the card read
        // before the decision goes, as it was then (the lead may have been
        // the agent's, with its full number); the queue's lead is read
        // afresh, as Esc would show it.
        None if matches!(app.mode, Mode::Requests(_)) && app.pinned.is_some() => {
            app.pinned = None;
            if let Err(e) = app.load_card() {
                app.error(&e);
            }
        }
        None => {}
    }
}

/// Moves a list's selection for a navigation action; false if it is not one.
fn navigate(selected: &mut usize, len: usize, action: Action) -> bool {
    const PAGE: usize = 10;
    let last = len.saturating_sub(1);
    *selected = match action {
        Action::Up => selected.saturating_sub(1),
        Action::Down => (*selected + 1).min(last),
        Action::PageUp => selected.saturating_sub(PAGE),
        Action::PageDown => (*selected + PAGE).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        _ => return false,
    };
    true
}

pub(super) fn on_team_key(app: &mut App, action: Option<Action>) {
    let Mode::Team(mut v) = std::mem::replace(&mut app.mode, Mode::Normal) else {
        return;
    };
    let Some(action) = action else {
        app.mode = Mode::Team(v);
        return;
    };
    if navigate(&mut v.selected, v.rows.len(), action) {
        app.mode = Mode::Team(v);
        return;
    }
    match action {
        Action::Open => {
            // Work this agent's queue: acting for them, recorded under both names.
            if let Some(row) = v.rows.get(v.selected) {
                match app.store.agent(&row.login) {
                    Ok(Some(agent)) => act_for(app, agent),
                    Ok(None) => {}
                    Err(e) => app.error(&e),
                }
            }
        }
        Action::Back => {}
        _ => app.mode = Mode::Team(v),
    }
}

/// A supervisor works another agent's queue (or, with their own agent,
/// comes back to theirs).
pub(super) fn act_for(app: &mut App, agent: crate::store::Agent) {
    app.hang_up();
    // Nor does a caller on the line carry over to the other queue.
    app.inbound = None;
    app.actor.agent = agent;
    app.last_event = None;
    app.pinned = None;
    app.selected = 0;
    app.marked.clear();
    if let Err(e) = app.reload() {
        app.error(&e);
    }
}

pub(super) fn on_requests_key(app: &mut App, action: Option<Action>) {
    let Mode::Requests(mut v) = std::mem::replace(&mut app.mode, Mode::Normal) else {
        return;
    };
    let lead = v.rows.get(v.selected).map(|r| r.lead_id);
    let Some(action) = action else {
        app.mode = Mode::Requests(v);
        return;
    };
    if navigate(&mut v.selected, v.rows.len(), action) {
        app.mode = Mode::Requests(v);
        return show_request(app);
    }
    match action {
        // Nothing to decide or reveal: say so rather than do nothing.
        Action::Approve | Action::Reject | Action::Reveal if lead.is_none() => {
            app.message = Some(Message {
                level: Level::Info,
                text: app.t(Msg::NoRequests).into(),
            });
        }
        Action::Approve | Action::Reject => {
            if let Some(lead) = lead {
                match app.lead_ref(lead) {
                    Ok(r) => {
                        let approve = action == Action::Approve;
                        // The list comes back at this position after the decision.
                        app.requests_at = v.selected;
                        app.mode = Mode::Prompt(Prompt::on(Step::Decide { lead, approve }, r));
                        return;
                    }
                    Err(e) => app.error(&e),
                }
            }
        }
        Action::Reveal => {
            if let Some(lead) = lead {
                reveal(app, &mut v, lead);
            }
        }
        Action::Back => {
            app.pinned = None;
            if let Err(e) = app.load_card() {
                app.error(&e);
            }
            return;
        }
        _ => {}
    }
    app.mode = Mode::Requests(v);
    show_request(app);
}

/// `p`: the selected lead's full number, for this row only; the store
/// records the reveal first, and refuses anyone but a supervisor.
fn reveal(app: &mut App, v: &mut RequestsView, lead: i64) {
    match app.store.reveal_phone(&app.actor, lead, app.now()) {
        Ok(phone) => {
            v.revealed = Some((lead, phone));
            app.message = Some(Message {
                level: Level::Warning,
                text: app.t(Msg::RevealedPhone).into(),
            });
        }
        Err(e) => app.error(&e),
    }
}

/// Approves or rejects; on success the requests list comes back, fresh.
pub(super) fn decide(app: &mut App, lead: i64, approve: bool, note: &str) -> bool {
    let note = Some(note.trim()).filter(|n| !n.is_empty());
    match app.store.decide(&app.actor, lead, approve, note, app.now()) {
        Ok(status) => {
            let card = app.store.lead(&app.actor, lead, app.now()).ok();
            let name = card.as_ref().map(|c| c.name.clone()).unwrap_or_default();
            let mut text = format!(
                "{}: {name} → {}",
                app.t(Msg::Saved),
                crate::i18n::status(status, app.lang)
            );
            // Who got the verification call.
            let verifying = |c: &crate::store::LeadCard| {
                matches!(
                    c.status,
                    crate::domain::Status::Defeated | crate::domain::Status::Lost
                ) && c.due_reason == Some(crate::domain::DueReason::Verification)
            };
            if let Some(c) = card.filter(verifying) {
                let who = c.owner_name.or(c.owner).unwrap_or_default();
                text = format!("{text} · {} {who}", app.t(Msg::Verifier));
            }
            open_requests(app);
            app.message = Some(Message {
                level: Level::Success,
                text,
            });
            true
        }
        Err(e) => {
            app.error(&e);
            false
        }
    }
}

pub(super) fn start_move(app: &mut App) {
    if !app.permitted(Op::Reassign) {
        return;
    }
    if app.marked.is_empty() && app.current_lead().is_none() {
        app.message = Some(Message {
            level: Level::Warning,
            text: app.t(Msg::NoLead).into(),
        });
        return;
    }
    // The prompt keeps the leads it was opened on: a refresh that moves the
    // selection never changes what moves.
    let ids: Vec<i64> = if app.marked.is_empty() {
        app.current_lead().into_iter().collect()
    } else {
        app.marked.iter().copied().collect()
    };
    let mut leads = Vec::new();
    for id in ids {
        match app.lead_ref(id) {
            Ok(l) => leads.push(l),
            Err(e) => return app.error(&e),
        }
    }
    app.mode = Mode::Prompt(Prompt::new(Step::MoveTo { leads }));
}

/// Agents a lead can move to, filtered by what was typed.
pub fn move_targets<'a>(app: &'a App, filter: &str) -> Vec<&'a crate::store::Agent> {
    let f = filter.trim().to_lowercase();
    app.agents
        .iter()
        .filter(|a| a.active && a.role.owns_leads())
        .filter(|a| f.is_empty() || a.login.contains(&f) || a.name.contains(filter.trim()))
        .collect()
}

/// Moves the prompt's leads (`leads`, as it was opened on them) to `to`.
pub(super) fn finish_move(app: &mut App, to: &str, leads: &[LeadRef], reason: &str) -> bool {
    let leads: Vec<i64> = leads.iter().map(|l| l.id).collect();
    match app
        .store
        .reassign(&app.actor, &leads, to, reason, app.now())
    {
        Ok(n) => {
            app.marked.clear();
            app.message = Some(Message {
                level: Level::Success,
                text: format!("{} {n} → {to}", app.t(Msg::Moved)),
            });
            if let Err(e) = app.reload() {
                app.error(&e);
            }
            true
        }
        Err(e) => {
            app.error(&e);
            false
        }
    }
}
