//! The showroom from the command line: `dcc showroom visits` (the day's
//! expected visits) and the handover events a sales consultant records
//! (`arrived`, `no-show`, `ordered`, `delivered`, `defeat`, `follow-up`).

use std::io::Write;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use clap::Subcommand;

use super::{bad, nine, parse_date, Ctx, Format, Result};
use crate::domain::showroom::{Handover, HandoverKind, ShowroomVisit};
use crate::domain::when;
use crate::i18n::{self, Lang, ShowroomWord as W};
use crate::store::ShowroomStore;

#[derive(Debug, Subcommand)]
pub enum ShowroomCommand {
    /// A day's expected visits: customer, model, grade, the DCC agent who
    /// set it, confirmed or not, who received it. Numbers are masked but
    /// for the customers you received.
    Visits {
        /// today, tomorrow (明天) or YYYY-MM-DD.
        #[arg(long, default_value = "today")]
        day: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The customer arrived and you receive them: the lead is handed to you
    /// (recorded under your name).
    Arrived(EventArgs),
    /// The customer did not come: back to the DCC to call them.
    NoShow(EventArgs),
    /// The customer ordered.
    Ordered(EventArgs),
    /// The car was delivered (after an order).
    Delivered(EventArgs),
    /// Defeated in the showroom, with a reason from `dcc reasons`: back to
    /// the DCC (source "showroom defeat") to verify and invite again.
    Defeat {
        #[command(flatten)]
        event: EventArgs,
        /// The defeat reason's code.
        #[arg(long)]
        reason: String,
    },
    /// Register a walk-in at reception: a number the DCC knows counts as
    /// that lead's visit, handed to the consultant (once a day); a new
    /// number is a new lead from the showroom (give --model, and --grade or
    /// --purchase-by), followed up by the DCC.
    WalkIn(super::walk_in::WalkInArgs),
    /// A day's walk-in register: who came in and left when, first or
    /// returning, the consultant, whether it counted as a visit.
    WalkIns {
        /// today, tomorrow (明天) or YYYY-MM-DD.
        #[arg(long, default_value = "today")]
        day: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Your next follow-up of the customer (`--on 2026-12-01`, `下周一`).
    FollowUp {
        #[command(flatten)]
        event: EventArgs,
        #[arg(long)]
        on: String,
    },
}

#[derive(Debug, clap::Args)]
pub struct EventArgs {
    /// The lead's id.
    pub lead: i64,
    #[arg(long)]
    pub note: Option<String>,
    /// Your next follow-up with it, as `--on` reads it.
    #[arg(long = "next", value_name = "DAY")]
    pub next: Option<String>,
}

pub(super) fn showroom(cx: &Ctx, command: &ShowroomCommand, out: &mut dyn Write) -> Result<()> {
    let Ctx { lang, now, .. } = *cx;
    let (store, me) = cx.session()?;
    let (kind, event, reason, on) = match command {
        ShowroomCommand::Visits { day, format } => {
            let day = day_of("--day", day, now, lang)?;
            let visits = store.showroom_visits(&me, day, now)?;
            return visits_out(out, day, &visits, *format, lang);
        }
        ShowroomCommand::WalkIn(w) => {
            return super::walk_in::register(&store, &me, w, lang, now, out);
        }
        ShowroomCommand::WalkIns { day, format } => {
            let day = day_of("--day", day, now, lang)?;
            return super::walk_in::list(&store, &me, day, *format, lang, now, out);
        }
        ShowroomCommand::Arrived(e) => (HandoverKind::Arrived, e, None, None),
        ShowroomCommand::NoShow(e) => (HandoverKind::NoShow, e, None, None),
        ShowroomCommand::Ordered(e) => (HandoverKind::Ordered, e, None, None),
        ShowroomCommand::Delivered(e) => (HandoverKind::Delivered, e, None, None),
        ShowroomCommand::Defeat { event, reason } => {
            (HandoverKind::Defeat, event, Some(reason.clone()), None)
        }
        ShowroomCommand::FollowUp { event, on } => {
            (HandoverKind::FollowUp, event, None, Some(("--on", on)))
        }
    };
    let on = on.or(event.next.as_ref().map(|n| ("--next", n)));
    let h = Handover {
        lead_id: event.lead,
        kind,
        reason,
        follow_up: on
            .map(|(flag, v)| follow_up_day(flag, v, now, lang))
            .transpose()?,
        note: event.note.clone(),
    };
    let done = store.handover(&me, &h, now)?;
    writeln!(out, "{}", i18n::handed_over(&done, lang))?;
    Ok(())
}

/// `today`, `tomorrow` (今天, 明天) or a date.
fn day_of(flag: &str, v: &str, now: NaiveDateTime, lang: Lang) -> Result<NaiveDate> {
    match v.trim() {
        "today" | "今天" => Ok(now.date()),
        "tomorrow" | "明天" => Ok(now.date() + Duration::days(1)),
        other => parse_date(flag, other, lang),
    }
}

/// A follow-up day as people say it (`2026-12-01`, `下周一`, `+3`).
fn follow_up_day(flag: &str, v: &str, now: NaiveDateTime, lang: Lang) -> Result<NaiveDate> {
    when::parse_human(v, now, nine())
        .map(|t| t.date())
        .map_err(|e| bad(flag, v, &e, lang))
}

fn visits_out(
    out: &mut dyn Write,
    day: NaiveDate,
    visits: &[ShowroomVisit],
    format: Format,
    lang: Lang,
) -> Result<()> {
    if format == Format::Json {
        // Escaped as every JSON output is (`outfile::json_text`): written
        // raw, a stored DEL became `\x7f` on the way out, and no JSON.
        let text = crate::outfile::json_text(visits).map_err(std::io::Error::other)?;
        writeln!(out, "{text}")?;
        return Ok(());
    }
    let csv = format == Format::Csv;
    let words = [
        W::Time,
        W::Lead,
        W::Customer,
        W::Phone,
        W::Model,
        W::Grade,
        W::SetBy,
        W::Confirmed,
        W::Received,
        W::Result,
    ];
    let in_lang = if csv { Lang::En } else { lang };
    let header: Vec<&str> = words.iter().map(|w| w.text(in_lang)).collect();
    let rows: Vec<Vec<String>> = visits
        .iter()
        .map(|v| {
            vec![
                v.at.format(if csv { "%Y-%m-%d %H:%M" } else { "%H:%M" })
                    .to_string(),
                v.lead_id.to_string(),
                v.name.clone(),
                v.phone.to_string(),
                v.model.clone(),
                v.grade.clone(),
                if csv {
                    v.set_by.clone()
                } else {
                    v.set_by_name.clone()
                },
                if csv {
                    v.confirmed.to_string()
                } else {
                    i18n::yes_no(v.confirmed, lang).to_string()
                },
                if csv {
                    v.consultant.clone().unwrap_or_default()
                } else {
                    v.consultant_name.clone().unwrap_or_else(|| "-".into())
                },
                if csv {
                    v.status.to_string()
                } else {
                    i18n::status(v.status, lang).to_string()
                },
            ]
        })
        .collect();
    if !csv {
        let title = W::Visits.text(lang);
        writeln!(out, "{title} {day}")?;
        if rows.is_empty() {
            writeln!(out, "{}", W::NoVisits.text(lang))?;
            return Ok(());
        }
    }
    super::output::named_rows(out, &header, &rows, format)?;
    Ok(())
}
