//! The inbound agent's home: the callers they captured today (newest first,
//! with grade and first callback), the capture form and search a key away,
//! and no outbound call. A known caller opened from the capture form is on
//! the line: the outcomes apply to them until logged or closed with `Esc`.

use super::{Action, App, Level, Message};
use crate::domain::agent::Role;
use crate::i18n::Msg;
use crate::store::StoreError;

/// Whether this person works from the inbound home (an inbound agent, or a
/// supervisor acting for one).
pub fn is_home(app: &App) -> bool {
    app.actor.agent.role == Role::Inbound
}

/// Actions the home offers only while a known caller is on the line.
pub fn needs_caller(action: Action) -> bool {
    action.outcome().is_some()
        || matches!(action, Action::Regrade | Action::HangUp | Action::Consent)
}

/// Re-reads today's captures, keeping the selection on the same lead.
pub(super) fn reload(app: &mut App) -> Result<(), StoreError> {
    let keep = app.captures.get(app.home_selected).map(|c| c.lead_id);
    app.captures = app.store.captured_on(&app.actor, app.now().date())?;
    if let Some(i) = keep.and_then(|id| app.captures.iter().position(|c| c.lead_id == id)) {
        app.home_selected = i;
    }
    app.home_selected = app.home_selected.min(app.captures.len().saturating_sub(1));
    Ok(())
}

/// Selects a lead in today's list (the caller just captured).
pub(super) fn show(app: &mut App, lead: i64) {
    if let Some(i) = app.captures.iter().position(|c| c.lead_id == lead) {
        select(app, i);
    }
}

fn select(app: &mut App, index: usize) {
    app.pinned = None;
    app.home_selected = index.min(app.captures.len().saturating_sub(1));
    if let Err(e) = app.load_card() {
        app.error(&e);
    }
}

pub(super) fn on_action(app: &mut App, action: Action) {
    const PAGE: usize = 10;
    if needs_caller(action) && action != Action::HangUp && app.inbound.is_none() {
        let text = format!(
            "{} · {} {}",
            app.t(Msg::NoCallerOnLine),
            app.keymap
                .label_in(super::KeyMode::Inbound, Action::Capture),
            app.t(Msg::CaptureHint)
        );
        return app.message = Some(Message {
            level: Level::Warning,
            text,
        });
    }
    match action {
        Action::Up => select(app, app.home_selected.saturating_sub(1)),
        Action::Down => select(app, app.home_selected + 1),
        Action::PageUp => select(app, app.home_selected.saturating_sub(PAGE)),
        Action::PageDown => select(app, app.home_selected + PAGE),
        Action::Top => select(app, 0),
        Action::Bottom => select(app, usize::MAX),
        Action::HangUp => {
            if let Some(lead) = app.inbound.take() {
                // The caller hung up without an outcome: back to the list.
                let name = app
                    .card
                    .as_ref()
                    .filter(|c| c.id == lead)
                    .map(|c| c.name.clone())
                    .unwrap_or_default();
                app.pinned = None;
                if let Err(e) = app.load_card() {
                    app.error(&e);
                }
                app.message = Some(Message {
                    level: Level::Info,
                    text: format!("{} {name}", app.t(Msg::CallerClosed)),
                });
            } else if app.pinned.is_some() {
                select(app, app.home_selected);
            } else {
                app.update(Action::HangUp);
            }
        }
        other => app.update(other),
    }
}
