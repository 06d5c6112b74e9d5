//! The supervisor's screens: the team's day (open any agent's queue), the
//! requests waiting for a decision, and moving leads between agents.

use crossterm::event::{KeyCode, KeyEvent};

use super::{App, Level, Message, Mode, Prompt, Step};
use crate::i18n::Msg;
use crate::store::{AgentDay, PendingRequest, Role, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamView {
    pub rows: Vec<AgentDay>,
    pub selected: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestsView {
    pub rows: Vec<PendingRequest>,
    pub selected: usize,
    /// The one lead whose full number the supervisor asked to see (`p`),
    /// with that number; the reveal is recorded. Every other row stays masked.
    pub revealed: Option<(i64, String)>,
}

impl RequestsView {
    /// The full number of `lead`, if it was revealed.
    pub fn revealed_phone(&self, lead: i64) -> Option<&str> {
        self.revealed
            .as_ref()
            .filter(|(id, _)| *id == lead)
            .map(|(_, p)| p.as_str())
    }
}

fn refuse(app: &mut App, what: crate::store::Restricted) {
    let e = StoreError::NotPermitted(what.into());
    app.error(&e);
}

pub(super) fn open_team(app: &mut App) {
    if !app.actor.is_supervisor() {
        return refuse(app, crate::store::Restricted::SeeTeamDay);
    }
    let now = app.now();
    match app.store.team_day(now.date(), now) {
        Ok(rows) => {
            let selected = rows
                .iter()
                .position(|r| r.agent_id == app.actor.agent.id)
                .unwrap_or(0);
            app.mode = Mode::Team(TeamView { rows, selected });
        }
        Err(e) => app.error(&e),
    }
}

pub(super) fn open_requests(app: &mut App) {
    if !app.actor.is_supervisor() {
        return refuse(app, crate::store::Restricted::ReviewRequests);
    }
    match app.store.pending_requests() {
        Ok(rows) => {
            app.mode = Mode::Requests(RequestsView {
                rows,
                selected: 0,
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
    if let Some(id) = id {
        app.pinned = Some(id);
        if let Err(e) = app.load_card() {
            app.error(&e);
        }
    }
}

pub(super) fn on_team_key(app: &mut App, key: KeyEvent) {
    let Mode::Team(mut v) = std::mem::replace(&mut app.mode, Mode::Normal) else {
        return;
    };
    match key.code {
        KeyCode::Up | KeyCode::Char('k') => v.selected = v.selected.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => {
            v.selected = (v.selected + 1).min(v.rows.len().saturating_sub(1))
        }
        KeyCode::Enter => {
            // Work this agent's queue: acting for them, recorded under both names.
            if let Some(row) = v.rows.get(v.selected) {
                match app.store.agent(&row.login) {
                    Ok(Some(agent)) => {
                        app.hang_up();
                        app.actor.agent = agent;
                        app.pinned = None;
                        app.selected = 0;
                        app.marked.clear();
                        if let Err(e) = app.reload() {
                            app.error(&e);
                        }
                    }
                    Ok(None) => {}
                    Err(e) => app.error(&e),
                }
            }
            return;
        }
        KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('T') => return,
        _ => {}
    }
    app.mode = Mode::Team(v);
}

pub(super) fn on_requests_key(app: &mut App, key: KeyEvent) {
    let Mode::Requests(mut v) = std::mem::replace(&mut app.mode, Mode::Normal) else {
        return;
    };
    let lead = v.rows.get(v.selected).map(|r| r.lead_id);
    match key.code {
        KeyCode::Up | KeyCode::Char('k') => v.selected = v.selected.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => {
            v.selected = (v.selected + 1).min(v.rows.len().saturating_sub(1))
        }
        KeyCode::Char(c @ ('y' | 'n')) => {
            if let Some(lead) = lead {
                match app.lead_ref(lead) {
                    Ok(r) => {
                        let approve = c == 'y';
                        app.mode = Mode::Prompt(Prompt::on(Step::Decide { lead, approve }, r));
                        return;
                    }
                    Err(e) => app.error(&e),
                }
            }
        }
        KeyCode::Char('p') => {
            if let Some(lead) = lead {
                reveal(app, &mut v, lead);
            }
        }
        KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('A') => {
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
            let text = format!(
                "{}: #{lead} → {}",
                app.t(Msg::Saved),
                crate::i18n::status(status, app.lang)
            );
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
    if !app.actor.is_supervisor() {
        return refuse(app, crate::store::Restricted::MoveLeads);
    }
    if app.marked.is_empty() && app.current_lead().is_none() {
        app.message = Some(Message {
            level: Level::Warning,
            text: app.t(Msg::NoLead).into(),
        });
        return;
    }
    app.mode = Mode::Prompt(Prompt::new(Step::MoveTo));
}

/// Agents a lead can move to, filtered by what was typed.
pub fn move_targets<'a>(app: &'a App, filter: &str) -> Vec<&'a crate::store::Agent> {
    let f = filter.trim().to_lowercase();
    app.agents
        .iter()
        .filter(|a| a.active && a.role != Role::Inbound)
        .filter(|a| f.is_empty() || a.login.contains(&f) || a.name.contains(filter.trim()))
        .collect()
}

pub(super) fn finish_move(app: &mut App, to: &str, reason: &str) -> bool {
    let leads: Vec<i64> = if app.marked.is_empty() {
        app.current_lead().into_iter().collect()
    } else {
        app.marked.iter().copied().collect()
    };
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
