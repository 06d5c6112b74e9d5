//! An agent's own work from the command line: `dcc lead`, `dcc queue`,
//! `dcc log`.

use std::io::Write;

use super::Format;
use super::{
    actor, bad, open, output, parse_by, parse_date, parse_time, parse_visit, Ctx, LeadCommand,
    LogArgs, Result,
};
use crate::domain::outcome::CallReport;
use crate::domain::phone::Phone;
use crate::store::{CallLog, LeadStore, NewLead};

/// `dcc lead add` and `dcc lead show`.
pub(super) fn lead(cx: &Ctx, command: &LeadCommand, out: &mut dyn Write) -> Result<()> {
    let Ctx {
        cli,
        config,
        lang,
        now,
    } = *cx;
    let store = open(cli, config)?;
    match command {
        LeadCommand::Add {
            name,
            phone,
            channel,
            model,
            purchase_by,
            grade,
            visit_by,
            owner,
            note,
            consent,
        } => {
            let me = actor(&store, cli)?;
            let phone = Phone::parse(phone).map_err(|e| bad("--phone", phone, &e, lang))?;
            let lead = NewLead {
                name: name.clone(),
                phone,
                channel: channel.clone(),
                model: model.clone(),
                purchase_by: purchase_by
                    .as_deref()
                    .map(|d| parse_by("--purchase-by", d, now.date(), lang))
                    .transpose()?,
                visit_by: visit_by
                    .as_deref()
                    .map(|d| parse_visit("--visit-by", d, now, lang))
                    .transpose()?,
                grade: grade.clone(),
                owner: owner.clone(),
                note: note.clone(),
                details: crate::domain::card::LeadDetails {
                    consent: consent.clone(),
                    ..Default::default()
                },
            };
            let id = store.add_lead(&me, &lead, now)?;
            writeln!(out, "{id}")?;
        }
        LeadCommand::Show { id, format } => {
            let me = actor(&store, cli)?;
            let card = store.lead(&me, *id, now)?;
            output::lead(out, &card, *format, lang)?;
        }
    }
    Ok(())
}

/// `dcc queue`: a day's callbacks, yours or (`--all`) the team's.
pub(super) fn queue(
    cx: &Ctx,
    date: &Option<String>,
    all: &bool,
    format: &Format,
    out: &mut dyn Write,
) -> Result<()> {
    let Ctx { lang, now, .. } = *cx;
    let (store, me) = cx.session()?;
    let day = match date {
        Some(d) => parse_date("--date", d, lang)?,
        None => now.date(),
    };
    let agent = if *all { None } else { Some(me.agent.id) };
    let items = store.queue(&me, agent, day, now)?;
    output::queue(
        out,
        day,
        agent.map(|_| me.agent.login.as_str()),
        &items,
        *format,
        lang,
    )?;
    Ok(())
}

/// `dcc log`: the outcome of a call.
pub(super) fn log(cx: &Ctx, args: &LogArgs, out: &mut dyn Write) -> Result<()> {
    let Ctx { lang, now, .. } = *cx;
    let LogArgs {
        id,
        outcome,
        grade,
        at,
        visit,
        reason,
        note,
        format,
    } = args;
    let (store, me) = cx.session()?;
    let call = CallLog {
        lead_id: *id,
        outcome: (*outcome).into(),
        report: CallReport {
            grade: grade.clone(),
            at: at
                .as_deref()
                .map(|v| parse_time("--at", v, now, lang))
                .transpose()?,
            visit: visit
                .as_deref()
                .map(|v| parse_time("--visit", v, now, lang))
                .transpose()?,
            reason: reason.clone(),
        },
        note: note.clone(),
        started: None,
        inbound: false,
    };
    let logged = store.log_call(&me, &call, now)?;
    output::logged(out, &logged, *format, lang)?;
    Ok(())
}
