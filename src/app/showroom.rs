//! The sales consultant's home (销售顾问): today's and tomorrow's expected
//! visits (the DCC's appointments, as `dcc showroom visits` lists them), the
//! card of a customer they received, and keys to record what became of the
//! visit: arrived (receiving it: the handover), no-show, ordered, delivered,
//! a showroom defeat with a reason, the next follow-up day.
//!
//! Every prompt names the customer it saves on and keeps that lead across
//! refreshes: if the visit leaves the list, is received by someone else or
//! changes status meanwhile, nothing is saved. The store decides, and a
//! refusal is shown at the field.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::{Action, App, LeadRef, Level, Message, Mode, Prompt, Step};
use crate::domain::card::{HistoryEntry, LeadCard};
use crate::domain::outcome::Refusal;
use crate::domain::showroom::{Handover, HandoverKind, ShowroomVisit};
use crate::domain::{when, Outcome};
use crate::i18n::{self, Msg, ScreenWord};
use crate::store::StoreError;

/// The consultant's keys, after the list's movement keys.
pub const KEYS: &[(Action, &str)] = &[
    (Action::Arrived, "a"),
    (Action::NoShow, "n"),
    (Action::Ordered, "o"),
    (Action::Delivered, "e"),
    (Action::ShowroomDefeat, "d"),
    (Action::FollowUp, "f"),
    (Action::Reports, "R"),
    // A supervisor acting for a consultant (`--as`): back to their own queue.
    (Action::HangUp, "esc"),
    (Action::Help, "?, f1"),
    (Action::Quit, "q, ctrl-c"),
];

/// The consultant's key bar, in order (reports for the showroom manager
/// only: `App::key_bar` asks the policy).
pub const KEY_BAR: &[Action] = &[
    Action::Help,
    Action::Arrived,
    Action::NoShow,
    Action::Ordered,
    Action::Delivered,
    Action::ShowroomDefeat,
    Action::FollowUp,
    Action::Reports,
    Action::Quit,
];

/// The words of the showroom's own actions, for the key bar and help.
pub fn label(action: Action) -> Option<ScreenWord> {
    Some(match action {
        Action::Arrived => ScreenWord::KeyArrived,
        Action::NoShow => ScreenWord::KeyNoShow,
        Action::ShowroomDefeat => ScreenWord::KeyDefeat,
        Action::FollowUp => ScreenWord::KeyFollowUp,
        _ => return None,
    })
}

/// Whether this person works from the showroom's home: a sales consultant,
/// the showroom manager, or a supervisor acting for one.
pub fn is_home(app: &App) -> bool {
    app.actor.agent.role.in_showroom()
}

/// The consultant's home: the expected visits of today then tomorrow.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Home {
    pub visits: Vec<ShowroomVisit>,
    pub selected: usize,
    /// The day the list was read for ("today").
    pub today: Option<NaiveDate>,
    /// The selected visit's lead when its card is this person's to see (a
    /// customer they received): the store says so.
    pub card_lead: Option<i64>,
}

impl Home {
    pub fn visit(&self) -> Option<&ShowroomVisit> {
        self.visits.get(self.selected)
    }

    /// The visits of one day.
    pub fn on(&self, day: NaiveDate) -> impl Iterator<Item = &ShowroomVisit> {
        self.visits.iter().filter(move |v| v.at.date() == day)
    }
}

/// Today's visits and how many of them arrived, for the status line.
pub fn today_counts(app: &App) -> (usize, usize) {
    let today = app.now().date();
    let day: Vec<&ShowroomVisit> = app.showroom.on(today).collect();
    let arrived = day.iter().filter(|v| v.state == "visited").count();
    (day.len(), arrived)
}

/// The last thing the showroom recorded on a lead (not a follow-up day),
/// and the consultant's latest follow-up day, for the DCC agent's card.
pub fn last_result(card: &LeadCard) -> Option<(NaiveDateTime, HandoverKind, Option<NaiveDate>)> {
    let mut result = None;
    let mut next = None;
    for h in &card.history {
        if let HistoryEntry::Handover {
            at,
            kind,
            follow_up,
            ..
        } = h
        {
            if *kind != HandoverKind::FollowUp {
                result = Some((*at, *kind));
            }
            if follow_up.is_some() {
                next = *follow_up;
            }
        }
    }
    result.map(|(at, kind)| (at, kind, next))
}

/// Re-reads today's and tomorrow's visits, keeping the selection on the
/// same visit, and whose card may be shown.
pub(super) fn reload(app: &mut App) -> Result<(), StoreError> {
    let now = app.now();
    let today = now.date();
    let keep = app.showroom.visit().map(|v| (v.lead_id, v.at));
    let mut visits = app.store.showroom_visits(&app.actor, today, now)?;
    visits.extend(
        app.store
            .showroom_visits(&app.actor, today + Duration::days(1), now)?,
    );
    let home = &mut app.showroom;
    home.visits = visits;
    home.today = Some(today);
    if let Some(i) = keep.and_then(|k| home.visits.iter().position(|v| (v.lead_id, v.at) == k)) {
        home.selected = i;
    }
    home.selected = home.selected.min(home.visits.len().saturating_sub(1));
    probe_card(app);
    Ok(())
}

/// Whether the selected visit's card is this person's to see: the store
/// (the one access policy) answers, without an error on the screen.
fn probe_card(app: &mut App) {
    let lead = app.showroom.visit().map(|v| v.lead_id);
    app.showroom.card_lead = lead.filter(|id| app.store.lead(&app.actor, *id, app.now()).is_ok());
}

fn select(app: &mut App, index: usize) {
    app.pinned = None;
    let last = app.showroom.visits.len().saturating_sub(1);
    app.showroom.selected = index.min(last);
    probe_card(app);
    if let Err(e) = app.load_card() {
        app.error(&e);
    }
}

pub(super) fn on_action(app: &mut App, action: Action) {
    const PAGE: usize = 10;
    let at = app.showroom.selected;
    let kind = match action {
        Action::Up => return select(app, at.saturating_sub(1)),
        Action::Down => return select(app, at + 1),
        Action::PageUp => return select(app, at.saturating_sub(PAGE)),
        Action::PageDown => return select(app, at + PAGE),
        Action::Top => return select(app, 0),
        Action::Bottom => return select(app, usize::MAX),
        Action::Arrived => HandoverKind::Arrived,
        Action::NoShow => HandoverKind::NoShow,
        Action::Ordered => HandoverKind::Ordered,
        Action::Delivered => HandoverKind::Delivered,
        Action::ShowroomDefeat => HandoverKind::Defeat,
        Action::FollowUp => HandoverKind::FollowUp,
        // Help, quit, the manager's reports: as everywhere.
        other => return app.update(other),
    };
    ask(app, kind);
}

/// Which field a showroom prompt is at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// A reason from the defeat list.
    Reason,
    /// The next follow-up day.
    Day,
    /// An optional note; Enter saves.
    Note,
}

/// A showroom prompt: what it records, what was chosen so far, and the
/// visit as it was when it opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    pub kind: HandoverKind,
    pub field: Field,
    pub reason: Option<String>,
    pub follow_up: Option<NaiveDate>,
    /// The visit's day and who had received it, when the prompt opened.
    pub visit_day: NaiveDate,
    pub consultant: Option<String>,
    /// Why the store refused the last save: shown at the field.
    pub refused: Option<String>,
}

/// Opens the prompt for `kind` on the selected visit's customer.
fn ask(app: &mut App, kind: HandoverKind) {
    if app.read_only.is_some() {
        return app.warn(app.t(Msg::ReadOnlyRefused).into());
    }
    let Some(v) = app.showroom.visit().cloned() else {
        return app.warn(ScreenWord::NoVisit.text(app.lang).into());
    };
    let lead = LeadRef {
        id: v.lead_id,
        name: v.name.clone(),
        owner: None,
        status: v.status,
    };
    let field = match kind {
        HandoverKind::Defeat => Field::Reason,
        HandoverKind::FollowUp => Field::Day,
        _ => Field::Note,
    };
    let step = Step::Showroom(Box::new(Ask {
        kind,
        field,
        reason: None,
        follow_up: None,
        visit_day: v.at.date(),
        consultant: v.consultant.clone(),
        refused: None,
    }));
    app.message = None;
    app.mode = Mode::Prompt(Prompt::on(step, lead));
}

/// The showroom prompt's title after the customer's name.
pub(super) fn step_title(app: &App, a: &Ask) -> String {
    let what = i18n::handover_kind(a.kind, app.lang);
    match a.field {
        Field::Reason => format!("{what} · {}", app.t(Msg::PromptReason)),
        Field::Day => ScreenWord::PromptDay.text(app.lang).into(),
        Field::Note => format!("{what} · {}", app.t(Msg::PromptNote)),
    }
}

/// Recomputes what depends on the typed text: the reasons that match, or
/// the day understood (a past day refused here, at the field).
pub(super) fn refresh(app: &App, p: &mut Prompt) {
    let Step::Showroom(a) = &mut p.step else {
        return;
    };
    a.refused = None;
    match a.field {
        Field::Reason => {
            let n = super::matching_reasons(app, Outcome::Defeat, p.input.text()).len();
            p.selected = p.selected.min(n.saturating_sub(1));
        }
        Field::Day => {
            p.preview = (!p.input.is_empty()).then(|| follow_up_day(app, p.input.text()));
        }
        Field::Note => {}
    }
}

/// A follow-up day as the DCC's prompts read a time (`明天`, `下周一`, `+3`),
/// refused if it is past.
fn follow_up_day(app: &App, typed: &str) -> Result<NaiveDateTime, String> {
    let now = app.now();
    let t = when::parse_human(typed, now, app.rules.calling_start)
        .map_err(|e| i18n::when_error(&e, app.lang))?;
    if t.date() < now.date() {
        let refused = StoreError::Refused(Refusal::PastDay(t.date()));
        return Err(i18n::store_error(&refused, app.lang));
    }
    Ok(t)
}

/// Enter in a showroom prompt; returns whether the prompt stays open.
pub(super) fn enter(app: &mut App, p: &mut Prompt) -> bool {
    let Step::Showroom(a) = p.step.clone() else {
        return false;
    };
    let error = |app: &mut App, text: String| {
        app.message = Some(Message {
            level: Level::Error,
            text,
        })
    };
    match a.field {
        Field::Reason => {
            let code = super::matching_reasons(app, Outcome::Defeat, p.input.text())
                .get(p.selected)
                .map(|r| r.code.clone());
            match code {
                Some(code) => {
                    let next = Ask {
                        field: Field::Note,
                        reason: Some(code),
                        ..*a
                    };
                    super::prompt::next_field(p, Step::Showroom(Box::new(next)));
                }
                None => error(app, app.t(Msg::NoMatch).into()),
            }
            true
        }
        Field::Day => {
            match p.preview.clone() {
                Some(Ok(t)) => {
                    let next = Ask {
                        field: Field::Note,
                        follow_up: Some(t.date()),
                        ..*a
                    };
                    super::prompt::next_field(p, Step::Showroom(Box::new(next)));
                }
                Some(Err(why)) => error(app, why),
                None => {
                    let typed = p.input.text().to_string();
                    error(app, format!("{} {typed}", app.t(Msg::Unknown)));
                }
            }
            true
        }
        Field::Note => {
            let Some(lead) = p.lead.clone() else {
                return false;
            };
            let note = Some(p.input.text().trim().to_string()).filter(|n| !n.is_empty());
            let h = Handover {
                lead_id: lead.id,
                kind: a.kind,
                reason: a.reason.clone(),
                follow_up: a.follow_up,
                note,
            };
            match app.store.handover(&app.actor, &h, app.now()) {
                Ok(done) => {
                    if let Err(e) = app.reload() {
                        app.error(&e);
                    } else {
                        app.message = Some(Message {
                            level: Level::Success,
                            text: i18n::handed_over(&done, app.lang),
                        });
                    }
                    false
                }
                Err(e) => {
                    // Said at the field, the prompt kept: Esc leaves.
                    let why = i18n::store_error(&e, app.lang);
                    if let Step::Showroom(a) = &mut p.step {
                        a.refused = Some(why.clone());
                    }
                    error(app, why);
                    true
                }
            }
        }
    }
}

/// Why a showroom prompt may no longer save, if it may not: its visit left
/// the list (moved or cancelled by the DCC), another consultant received
/// it, or its status changed. Read from the file, not the last refresh.
pub(super) fn prompt_gone(app: &App, p: &Prompt, a: &Ask) -> Option<String> {
    let lead = p.lead.as_ref()?;
    let visits = match app
        .store
        .showroom_visits(&app.actor, a.visit_day, app.now())
    {
        Ok(v) => v,
        Err(e) => return Some(i18n::store_error(&e, app.lang)),
    };
    let Some(now) = visits.iter().find(|v| v.lead_id == lead.id) else {
        let off = ScreenWord::OffTheList.text(app.lang);
        return Some(format!("{} {off}", lead.name));
    };
    if now.consultant != a.consultant {
        let by = now.consultant_name.clone().unwrap_or_default();
        let word = ScreenWord::ReceivedByOther.text(app.lang);
        return Some(format!("{} {word} {by}", lead.name));
    }
    if now.status != lead.status {
        return Some(format!(
            "{} {} {}",
            lead.name,
            app.t(Msg::LeadNowStatus),
            i18n::status(now.status, app.lang)
        ));
    }
    None
}

/// The newest showroom event on a card.
fn last_handover(card: &LeadCard) -> Option<&HistoryEntry> {
    card.history
        .iter()
        .filter(|h| matches!(h, HistoryEntry::Handover { .. }))
        .max_by_key(|h| match h {
            HistoryEntry::Handover { at, .. } => *at,
            _ => NaiveDateTime::MIN,
        })
}

/// A DCC agent reading a lead's card when the showroom records something
/// on it (a colleague's change, seen at a refresh): the card stays on that
/// lead even if it left today's queue (visited, ordered), and the message
/// line says what the consultant recorded.
pub(super) fn keep_handed(app: &mut App, before: Option<Box<LeadCard>>) {
    let Some(old) = before else { return };
    if is_home(app) || app.call.is_some() || !matches!(app.mode, Mode::Normal) {
        return;
    }
    let card = match app.card.as_ref().filter(|c| c.id == old.id) {
        Some(c) => c.clone(),
        None if app.pinned.is_none() => match app.store.lead(&app.actor, old.id, app.now()) {
            Ok(c) => c,
            Err(_) => return,
        },
        None => return,
    };
    let Some(HistoryEntry::Handover {
        kind,
        consultant,
        consultant_name,
        reason,
        follow_up,
        ..
    }) = last_handover(&card).filter(|h| Some(*h) != last_handover(&old))
    else {
        return;
    };
    let who = consultant_name.as_deref().or(consultant.as_deref());
    let line = i18n::handover_line(*kind, who, reason.as_deref(), *follow_up, app.lang);
    let text = format!("{} · {line}", card.name);
    if app.card.as_ref().map(|c| c.id) != Some(card.id) {
        app.pinned = Some(card.id);
        if let Err(e) = app.load_card() {
            return app.error(&e);
        }
    }
    app.message = Some(Message {
        level: Level::Warning,
        text,
    });
}
