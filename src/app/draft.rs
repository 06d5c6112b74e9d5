//! What the agent was typing survives a dropped connection: the open
//! prompt's text (a callback or visit time, a reason filter, a note, a
//! grade, with the fields before it) or the capture form's fields are kept
//! in the database as the agent's draft, written between key presses when
//! it changed and once more when the workstation ends without quitting. The
//! agent's next workstation opens it again and says so; nothing is saved
//! until they press Enter. Saving, cancelling or quitting forgets it.
//!
//! The draft belongs to the person at the keyboard. A supervisor acting for
//! an agent keeps none (the workstation starts as themselves again).

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::capture::{self, CaptureForm};
use super::prompt::{self, LeadRef, Prompt, Step};
use super::{App, Level, Mode};
use crate::domain::outcome::CallReport;
use crate::domain::{Outcome, Status};
use crate::i18n::Msg;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Body {
    Prompt(PromptDraft),
    Capture(FormDraft),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct PromptDraft {
    step: StepDraft,
    lead: LeadDraft,
    text: String,
    #[serde(default)]
    selected: usize,
    /// The field before this one, as it was left.
    back: Option<Box<PromptDraft>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
enum StepDraft {
    When {
        outcome: Outcome,
    },
    Reason {
        outcome: Outcome,
    },
    Note {
        outcome: Outcome,
        grade: Option<String>,
        at: Option<NaiveDateTime>,
        visit: Option<NaiveDateTime>,
        reason: Option<String>,
    },
    Grade,
}

/// The lead as it was when the prompt opened: if it left the agent's hands
/// since, the restored prompt says so and saves nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct LeadDraft {
    id: i64,
    name: String,
    owner: Option<String>,
    status: Status,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct FormDraft {
    focus: usize,
    fields: Vec<String>,
    gender: usize,
    purchase_type: usize,
    payment: usize,
    consent: usize,
    grade: usize,
}

fn step_draft(step: &Step) -> Option<StepDraft> {
    Some(match step {
        Step::When { outcome } => StepDraft::When { outcome: *outcome },
        Step::Reason { outcome } => StepDraft::Reason { outcome: *outcome },
        Step::Note { outcome, report } => StepDraft::Note {
            outcome: *outcome,
            grade: report.grade.clone(),
            at: report.at,
            visit: report.visit,
            reason: report.reason.clone(),
        },
        Step::Grade => StepDraft::Grade,
        _ => return None,
    })
}

fn prompt_draft(p: &Prompt) -> Option<PromptDraft> {
    let lead = p.lead.as_ref()?;
    Some(PromptDraft {
        step: step_draft(&p.step)?,
        lead: LeadDraft {
            id: lead.id,
            name: lead.name.clone(),
            owner: lead.owner.clone(),
            status: lead.status,
        },
        text: p.input.text().to_string(),
        selected: p.selected,
        back: p.back.as_deref().and_then(prompt_draft).map(Box::new),
    })
}

/// Whether a prompt holds anything the agent would lose: typed text, or a
/// field before it.
fn worth_keeping(d: &PromptDraft) -> bool {
    !d.text.is_empty() || d.back.is_some()
}

/// The draft of what is open now, if anything typed would be lost.
fn current(app: &App) -> Option<(Option<i64>, Body)> {
    if app.actor.agent.id != app.actor.real.id {
        return None;
    }
    match &app.mode {
        Mode::Prompt(p) => {
            let d = prompt_draft(p).filter(worth_keeping)?;
            Some((Some(d.lead.id), Body::Prompt(d)))
        }
        Mode::Capture(f) => {
            let d = FormDraft {
                focus: f.focus,
                fields: f.inputs.iter().map(|i| i.text().to_string()).collect(),
                gender: f.gender,
                purchase_type: f.purchase_type,
                payment: f.payment,
                consent: f.consent,
                grade: f.grade,
            };
            let empty = d.fields.iter().all(String::is_empty)
                && d.gender + d.purchase_type + d.payment + d.consent + d.grade == 0;
            (!empty).then_some((None, Body::Capture(d)))
        }
        _ => None,
    }
}

fn typed(text: &str) -> super::Input {
    let mut input = super::Input::default();
    input.set(text);
    input
}

fn restore_prompt(app: &mut App, d: &PromptDraft) -> Prompt {
    let step = match &d.step {
        StepDraft::When { outcome } => Step::When { outcome: *outcome },
        StepDraft::Reason { outcome } => Step::Reason { outcome: *outcome },
        StepDraft::Note {
            outcome,
            grade,
            at,
            visit,
            reason,
        } => Step::Note {
            outcome: *outcome,
            report: CallReport {
                grade: grade.clone(),
                at: *at,
                visit: *visit,
                reason: reason.clone(),
            },
        },
        StepDraft::Grade => Step::Grade,
    };
    let lead = LeadRef {
        id: d.lead.id,
        name: d.lead.name.clone(),
        owner: d.lead.owner.clone(),
        status: d.lead.status,
    };
    let mut p = Prompt::on(step, lead);
    p.input = typed(&d.text);
    p.selected = d.selected;
    prompt::refresh(app, &mut p);
    p.back = d.back.as_deref().map(|b| Box::new(restore_prompt(app, b)));
    p
}

fn restore_form(app: &App, d: &FormDraft) -> CaptureForm {
    let mut f = CaptureForm::new();
    for (input, text) in f.inputs.iter_mut().zip(&d.fields) {
        *input = typed(text);
    }
    f.focus = d.focus.min(f.inputs.len().saturating_sub(1));
    f.gender = d.gender;
    f.purchase_type = d.purchase_type;
    f.payment = d.payment;
    f.consent = d.consent;
    f.grade = d.grade;
    capture::recheck(app, &mut f, capture::Field::Phone);
    capture::recheck(app, &mut f, capture::Field::Model);
    f
}

impl App {
    /// At the start of a workstation: the draft its agent left is open
    /// again, said on the screen. Nothing is saved by this.
    pub(super) fn restore_draft(&mut self) {
        if self.actor.agent.id != self.actor.real.id {
            return;
        }
        let Ok(Some(kept)) = self.store.draft(&self.actor) else {
            return;
        };
        // What is in the database now: forgotten when the agent saves,
        // cancels or quits, even if it cannot be shown.
        self.draft_kept = Some(kept.body.clone());
        let Ok(body) = serde_json::from_str::<Body>(&kept.body) else {
            return;
        };
        let what = match &body {
            Body::Prompt(d) => {
                let p = restore_prompt(self, d);
                let what = prompt::title(self, &p);
                self.mode = Mode::Prompt(p);
                self.check_prompt_lead();
                what
            }
            Body::Capture(d) => {
                let f = restore_form(self, d);
                self.mode = Mode::Capture(Box::new(f));
                self.t(Msg::DraftForm).to_string()
            }
        };
        // After the call resumed on the same lead, a few words more.
        let on_call = kept.lead.is_some() && self.call.as_ref().map(|c| c.lead_id) == kept.lead;
        let text = match self.message.take() {
            Some(before) if on_call => {
                format!("{} · {}", before.text, self.t(Msg::DraftAlsoRestored))
            }
            Some(before) => format!("{} · {} {what}", before.text, self.t(Msg::DraftRestored)),
            None => format!("{} {what}", self.t(Msg::DraftRestored)),
        };
        self.say(Level::Warning, text);
    }

    /// Keeps what is being typed when it changed since it was last kept (or
    /// forgets the draft when nothing is open any more). Called between key
    /// presses, never while one waits for its frame; a failure is left for
    /// the next time.
    pub fn keep_draft(&mut self) {
        if self.read_only.is_some() {
            return;
        }
        let now = self.now();
        match current(self) {
            Some((lead, body)) => {
                let Ok(json) = serde_json::to_string(&body) else {
                    return;
                };
                if self.draft_kept.as_deref() == Some(json.as_str()) {
                    return;
                }
                if let Ok(true) = self.store.keep_draft(&self.actor, lead, &json, now) {
                    self.draft_kept = Some(json);
                }
            }
            None => {
                if self.draft_kept.is_some() && self.store.drop_draft(&self.actor).is_ok() {
                    self.draft_kept = None;
                }
            }
        }
    }

    /// The workstation ends. Quitting forgets the draft; anything else (a
    /// hang-up, a lost terminal, a SIGTERM) keeps what was being typed.
    pub fn end_drafts(&mut self, quit: bool) {
        if quit {
            if self.read_only.is_none() && self.store.drop_draft(&self.actor).is_ok() {
                self.draft_kept = None;
            }
        } else {
            self.keep_draft();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_after_a_time_keeps_both_in_the_body() {
        let d = PromptDraft {
            step: StepDraft::Note {
                outcome: Outcome::CallbackAt,
                grade: None,
                at: Some(
                    chrono::NaiveDate::from_ymd_opt(2026, 11, 24)
                        .unwrap()
                        .and_hms_opt(15, 0, 0)
                        .unwrap(),
                ),
                visit: None,
                reason: None,
            },
            lead: LeadDraft {
                id: 7,
                name: "王女士".into(),
                owner: Some("amy".into()),
                status: Status::Tracking,
            },
            text: "客户说明天下午".into(),
            selected: 0,
            back: Some(Box::new(PromptDraft {
                step: StepDraft::When {
                    outcome: Outcome::CallbackAt,
                },
                lead: LeadDraft {
                    id: 7,
                    name: "王女士".into(),
                    owner: Some("amy".into()),
                    status: Status::Tracking,
                },
                text: "明天15点".into(),
                selected: 0,
                back: None,
            })),
        };
        let json = serde_json::to_string(&Body::Prompt(d.clone())).unwrap();
        assert_eq!(
            serde_json::from_str::<Body>(&json).unwrap(),
            Body::Prompt(d)
        );
    }
}
