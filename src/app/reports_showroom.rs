//! The reports screen's showroom page: the three stages over the screen's
//! twelve months with each stage's own figure on one line, tomorrow's
//! visits by consultant for the reception, and this month's handover list.
//! Read with the other figures on the reports worker; numbers masked.

use chrono::{Duration, NaiveDateTime};

use super::reports::ReportText;
use crate::domain::showroom_report::{AgentRates, ConsultantClose};
use crate::i18n::Lang;
use crate::report::{self, Month, Period};
use crate::store::{Actor, LeadStore, StoreError};

/// What the showroom page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShowroomPage {
    /// Marketing's figure: leads in the period.
    pub leads: u64,
    /// The DCC's figures, the whole team.
    pub dcc: AgentRates,
    /// The showroom's figures, every consultant.
    pub room: ConsultantClose,
    /// The three stages, tomorrow's visits by consultant, this month's
    /// handovers: one table after the other.
    pub text: ReportText,
}

/// Reads the page's figures for `period` (the screen's months).
pub fn compute(
    store: &dyn LeadStore,
    actor: &Actor,
    lang: Lang,
    period: Period,
    now: NaiveDateTime,
) -> Result<ShowroomPage, StoreError> {
    let today = now.date();
    let (from, to) = (period.from.first_day(), period.to.plus(1).first_day());
    let figures = store.stage_figures(actor, from, to)?;
    let tomorrow = today + Duration::days(1);
    let visits = store.reception_list(actor, tomorrow, false, now)?;
    let month = Month::of(today);
    let handovers = store.handover_list(
        actor,
        month.first_day(),
        month.plus(1).first_day(),
        false,
        now,
    )?;
    let mut text = ReportText::of(&report::showroom::stages(period, &figures, lang));
    let reception = ReportText::of(&report::showroom::reception(tomorrow, &visits, false, lang));
    let this_month = Period {
        from: month,
        to: month,
    };
    let list = ReportText::of(&report::showroom::handovers(
        this_month, &handovers, false, lang,
    ));
    // A day without visits still says so, under the list's title.
    // Each consultant's table says which day it is for.
    text.tables
        .extend(reception.tables.into_iter().map(|mut t| {
            t.title = format!("{} · {}", reception.title, t.title);
            t
        }));
    if visits.is_empty() {
        text.tables.push(super::reports::TableText {
            title: reception.title,
            header: reception.notes.last().cloned().unwrap_or_default(),
            rule: String::new(),
            rows: Vec::new(),
            footer: None,
        });
    }
    text.tables.extend(list.tables);
    Ok(ShowroomPage {
        leads: figures.total_leads(),
        dcc: figures.agents_total(),
        room: figures.consultants_total(),
        text,
    })
}
