//! The follow-up questions an outcome needs: a time, a reason, a note, a
//! grade; and the search box. Esc with typed input asks once more before
//! anything is thrown away; a call is logged whole or not at all.

use chrono::{NaiveDateTime, NaiveTime};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, Input, Level, Mode};
use crate::domain::outcome::CallReport;
use crate::domain::{when, Outcome};
use crate::i18n::{self, Msg};
use crate::store::{LeadHit, Reason};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The customer's callback time or the visit time.
    When {
        outcome: Outcome,
    },
    /// A reason from the defeat or invalid list.
    Reason {
        outcome: Outcome,
    },
    /// An optional note; Enter saves.
    Note {
        outcome: Outcome,
        report: CallReport,
    },
    Grade,
    Search {
        hits: Vec<LeadHit>,
    },
    /// A supervisor's decision on a request, with an optional note.
    Decide {
        lead: i64,
        approve: bool,
    },
    /// Which agent the leads move to (type to filter): the marked leads, or
    /// the selected one, as they were when the prompt opened.
    MoveTo {
        leads: Vec<LeadRef>,
    },
    /// Quit during a call: Enter hangs up and quits, Esc stays.
    Quit,
    /// A do-not-call customer consents to calls again: how (optional).
    Consent,
    /// Why they move.
    MoveReason {
        to: String,
        leads: Vec<LeadRef>,
    },
    /// The showroom records what became of a visit (`app::showroom`).
    Showroom(Box<super::showroom::Ask>),
}

/// The lead a prompt was opened for, as it was then: a refresh never changes
/// it, and if the lead leaves the agent's hands meanwhile nothing is saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadRef {
    pub id: i64,
    pub name: String,
    pub owner: Option<String>,
    pub status: crate::domain::Status,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub step: Step,
    /// The customer this prompt saves on (outcomes, grade, decisions).
    pub lead: Option<LeadRef>,
    /// Why the lead is no longer this prompt's to save (moved, decided).
    pub gone: Option<String>,
    pub input: Input,
    /// The highlighted row of a list (reasons, search hits).
    pub selected: usize,
    /// Esc was pressed once with input: the next Esc discards it.
    pub armed_esc: bool,
    /// What the typed time means, or why it cannot be read.
    pub preview: Option<Result<NaiveDateTime, String>>,
    /// The field before this one, as it was left (`Shift-Tab` goes back to
    /// correct it).
    pub back: Option<Box<Prompt>>,
}

impl Prompt {
    pub fn new(step: Step) -> Prompt {
        Prompt {
            step,
            lead: None,
            gone: None,
            input: Input::default(),
            selected: 0,
            armed_esc: false,
            preview: None,
            back: None,
        }
    }

    /// A prompt that saves on this lead.
    pub fn on(step: Step, lead: LeadRef) -> Prompt {
        Prompt {
            lead: Some(lead),
            ..Prompt::new(step)
        }
    }

    /// The customers this prompt saves on, as they were when it opened: its
    /// lead, or the leads a move was opened on. A refresh never changes them.
    pub fn targets(&self) -> Vec<&LeadRef> {
        match &self.step {
            Step::MoveTo { leads } | Step::MoveReason { leads, .. } => leads.iter().collect(),
            _ => self.lead.iter().collect(),
        }
    }

    /// Something would be lost by leaving.
    fn has_input(&self) -> bool {
        !self.input.is_empty()
            || matches!(self.step, Step::Note { ref report, .. } if *report != CallReport::default())
            || matches!(self.step, Step::Showroom(ref a) if a.reason.is_some() || a.follow_up.is_some())
    }
}

/// Default hour for a typed day without a time: the start of calling hours.
fn default_time(app: &App) -> NaiveTime {
    app.rules.calling_start
}

/// The reasons of the list an outcome needs, filtered by what was typed.
pub fn matching_reasons<'a>(app: &'a App, outcome: Outcome, filter: &str) -> Vec<&'a Reason> {
    let list = if outcome == Outcome::Invalid {
        "invalid"
    } else {
        "defeat"
    };
    let f = filter.trim().to_lowercase();
    app.reasons
        .iter()
        .filter(|r| r.list == list)
        .filter(|r| {
            f.is_empty()
                || r.code.contains(&f)
                || r.group.contains(&f)
                || r.name_zh.contains(filter.trim())
                || r.name_en.to_lowercase().contains(&f)
        })
        .collect()
}

pub(super) fn on_key(app: &mut App, key: KeyEvent) {
    let Mode::Prompt(mut p) = std::mem::replace(&mut app.mode, Mode::Normal) else {
        return;
    };
    let keep = handle(app, &mut p, key);
    if keep {
        app.mode = Mode::Prompt(p);
    }
}

/// Pasted text (bracketed paste) goes into the field as typed.
pub(super) fn on_paste(app: &mut App, text: &str) {
    let Mode::Prompt(mut p) = std::mem::replace(&mut app.mode, Mode::Normal) else {
        return;
    };
    p.input.paste(text);
    p.armed_esc = false;
    refresh(app, &mut p);
    app.mode = Mode::Prompt(p);
}

/// Returns whether the prompt stays open.
fn handle(app: &mut App, p: &mut Prompt, key: KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Esc => {
            let searching = matches!(p.step, Step::Search { .. });
            if p.has_input() && !p.armed_esc && !searching {
                p.armed_esc = true;
                app.message = Some(super::Message {
                    level: Level::Warning,
                    text: app.t(Msg::EscAgain).into(),
                });
                return true;
            }
            if !searching {
                app.message = Some(super::Message {
                    level: Level::Info,
                    text: app.t(Msg::Cancelled).into(),
                });
            }
            return false;
        }
        KeyCode::Enter => return enter(app, p),
        KeyCode::BackTab => {
            match p.back.take() {
                Some(before) => {
                    let gone = p.gone.take();
                    *p = *before;
                    p.gone = gone;
                }
                None => {
                    app.message = Some(super::Message {
                        level: Level::Info,
                        text: app.t(Msg::FirstField).into(),
                    })
                }
            }
            return true;
        }
        KeyCode::Up => p.selected = p.selected.saturating_sub(1),
        KeyCode::Down | KeyCode::Tab => p.selected = p.selected.saturating_add(1),
        KeyCode::Char('u') if ctrl => {
            p.input = Input::default();
        }
        _ if p.input.edit(&key) => {}
        _ => return true,
    }
    p.armed_esc = false;
    refresh(app, p);
    true
}

/// Recomputes what depends on the typed text.
pub(super) fn refresh(app: &mut App, p: &mut Prompt) {
    match &mut p.step {
        Step::When { outcome } => {
            let outcome = *outcome;
            p.preview = if p.input.is_empty() {
                None
            } else {
                Some(
                    when::parse_human(p.input.text(), app.now(), default_time(app))
                        .map_err(|e| crate::i18n::when_error(&e, app.lang))
                        .and_then(|t| {
                            // Refused here, at the field, not after the note.
                            crate::domain::outcome::check_when(outcome, t, &app.rules, app.now())
                                .map(|_| t)
                                .map_err(|r| {
                                    i18n::store_error(
                                        &crate::store::StoreError::Refused(r),
                                        app.lang,
                                    )
                                })
                        }),
                )
            };
        }
        Step::Reason { outcome } => {
            let n = matching_reasons(app, *outcome, p.input.text()).len();
            p.selected = p.selected.min(n.saturating_sub(1));
        }
        Step::Search { hits } => {
            match app.store.find_leads(&app.actor, p.input.text(), 20) {
                Ok(h) => *hits = h,
                Err(e) => app.error(&e),
            }
            p.selected = p.selected.min(hits.len().saturating_sub(1));
        }
        Step::MoveTo { .. } => {
            let n = super::supervise::move_targets(app, p.input.text()).len();
            p.selected = p.selected.min(n.saturating_sub(1));
        }
        Step::Showroom(_) => super::showroom::refresh(app, p),
        Step::Note { .. }
        | Step::Grade
        | Step::Consent
        | Step::Decide { .. }
        | Step::MoveReason { .. }
        | Step::Quit => {}
    }
}

/// On to the next field, keeping this one to come back to.
pub(super) fn next_field(p: &mut Prompt, step: Step) {
    let before = p.clone();
    p.step = step;
    p.input = Input::default();
    p.selected = 0;
    p.armed_esc = false;
    p.preview = None;
    p.back = Some(Box::new(before));
}

fn enter(app: &mut App, p: &mut Prompt) -> bool {
    // A lead left the agent's hands while the prompt was open: save nothing.
    if let Some(why) = p.gone.clone().or_else(|| app.prompt_gone(p)) {
        app.message = Some(super::Message {
            level: Level::Error,
            text: format!("{why} · {}", app.t(Msg::NotSaved)),
        });
        return false;
    }
    match p.step.clone() {
        Step::Showroom(_) => super::showroom::enter(app, p),
        Step::When { outcome } => match &p.preview {
            Some(Ok(t)) => {
                let report = if outcome == Outcome::Appointment {
                    CallReport {
                        visit: Some(*t),
                        ..Default::default()
                    }
                } else {
                    CallReport {
                        at: Some(*t),
                        ..Default::default()
                    }
                };
                next_field(p, Step::Note { outcome, report });
                true
            }
            Some(Err(why)) => {
                app.message = Some(super::Message {
                    level: Level::Error,
                    text: why.clone(),
                });
                true
            }
            None => {
                let typed = p.input.text().to_string();
                app.message = Some(super::Message {
                    level: Level::Error,
                    text: format!("{} {typed}", app.t(Msg::Unknown)),
                });
                true
            }
        },
        Step::Reason { outcome } => {
            let reasons = matching_reasons(app, outcome, p.input.text());
            match reasons.get(p.selected) {
                Some(r) => {
                    let report = CallReport {
                        reason: Some(r.code.clone()),
                        ..Default::default()
                    };
                    next_field(p, Step::Note { outcome, report });
                }
                None => {
                    app.message = Some(super::Message {
                        level: Level::Error,
                        text: app.t(Msg::NoMatch).into(),
                    })
                }
            }
            true
        }
        Step::Note { outcome, report } => match p.lead.clone() {
            Some(lead) => !app.save(&lead, outcome, report, p.input.text()),
            None => false,
        },
        Step::Grade => match p.lead.clone() {
            Some(lead) => !app.regrade(lead.id, p.input.text()),
            None => false,
        },
        Step::Consent => match p.lead.clone() {
            Some(lead) => !app.record_consent(&lead, p.input.text()),
            None => false,
        },
        Step::Decide { lead, approve } => {
            !super::supervise::decide(app, lead, approve, p.input.text())
        }
        Step::Quit => {
            app.hang_up();
            app.quit = true;
            false
        }
        Step::MoveTo { leads } => {
            let to = super::supervise::move_targets(app, p.input.text())
                .get(p.selected)
                .map(|a| a.login.clone());
            match to {
                Some(to) => next_field(p, Step::MoveReason { to, leads }),
                None => {
                    app.message = Some(super::Message {
                        level: Level::Error,
                        text: app.t(Msg::NoMatch).into(),
                    });
                }
            }
            true
        }
        Step::MoveReason { to, leads } => {
            if p.input.text().trim().is_empty() {
                app.message = Some(super::Message {
                    level: Level::Error,
                    text: app.t(Msg::NeedReason).into(),
                });
                return true;
            }
            !super::supervise::finish_move(app, &to, &leads, p.input.text())
        }
        Step::Search { hits } => {
            if let Some(h) = hits.get(p.selected) {
                // An inbound agent finds a caller: the call is theirs, inbound.
                if app.actor.agent.role == crate::store::Role::Inbound {
                    app.inbound = Some(h.lead_id);
                }
                app.open_lead(h.lead_id);
            }
            false
        }
    }
}

/// The title of a prompt, for the view: the customers it saves on first.
pub fn title(app: &App, p: &Prompt) -> String {
    let what = step_title(app, &p.step);
    let names: Vec<&str> = p.targets().iter().map(|l| l.name.as_str()).collect();
    match names.as_slice() {
        [] => what,
        [one] => format!("{one} · {what}"),
        [first, rest @ ..] => format!("{first} +{} · {what}", rest.len()),
    }
}

fn step_title(app: &App, step: &Step) -> String {
    match step {
        Step::When {
            outcome: Outcome::Appointment,
        } => app.t(Msg::PromptVisit).into(),
        Step::When { .. } => app.t(Msg::PromptCallback).into(),
        Step::Reason { outcome } => format!(
            "{} · {}",
            i18n::outcome(*outcome, app.lang),
            app.t(Msg::PromptReason)
        ),
        Step::Note {
            outcome: Outcome::Dnc,
            ..
        } => app.t(Msg::ConfirmDnc).into(),
        Step::Quit => app.t(Msg::ConfirmQuit).into(),
        Step::Note { outcome, .. } => format!(
            "{} · {}",
            i18n::outcome(*outcome, app.lang),
            app.t(Msg::PromptNote)
        ),
        Step::Grade => app.t(Msg::PromptGrade).into(),
        Step::Consent => app.t(Msg::PromptConsent).into(),
        Step::Decide { approve: true, .. } => app.t(Msg::PromptApprove).into(),
        Step::Decide { approve: false, .. } => app.t(Msg::PromptReject).into(),
        Step::MoveTo { .. } => app.t(Msg::PromptMoveTo).into(),
        Step::MoveReason { to, .. } => format!("→ {to} · {}", app.t(Msg::PromptMoveReason)),
        Step::Search { .. } if app.actor.agent.role == crate::store::Role::Outbound => {
            app.t(Msg::PromptSearch).into()
        }
        Step::Search { .. } => app.t(Msg::PromptSearchAll).into(),
        Step::Showroom(a) => super::showroom::step_title(app, a),
    }
}
