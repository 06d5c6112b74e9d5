//! The supervisor's commands: decisions, the team's day, requests and
//! reassignments.

use std::io::Write;

use super::{output, Ctx, Decision, Format, Result};
use crate::i18n;
use crate::store::LeadStore;

/// `dcc decide`: approves or rejects a defeat or invalid request.
pub(super) fn decide(
    cx: &Ctx,
    id: &i64,
    decision: &Decision,
    note: &Option<String>,
    out: &mut dyn Write,
) -> Result<()> {
    let Ctx { lang, now, .. } = *cx;
    let (store, me) = cx.session()?;
    let status = store.decide(
        &me,
        *id,
        *decision == Decision::Approve,
        note.as_deref(),
        now,
    )?;
    writeln!(
        out,
        "{}",
        i18n::decided(*id, i18n::status(status, lang), lang)
    )?;
    Ok(())
}

/// `dcc team`: each agent's day.
pub(super) fn team(cx: &Ctx, format: &Format, out: &mut dyn Write) -> Result<()> {
    let Ctx { lang, now, .. } = *cx;
    let (store, me) = cx.session()?;
    output::team(out, &store.team_day(&me, now.date(), now)?, *format, lang)?;
    Ok(())
}

/// `dcc requests`: the requests waiting for a decision.
pub(super) fn requests(cx: &Ctx, format: &Format, out: &mut dyn Write) -> Result<()> {
    let Ctx { lang, .. } = *cx;
    let (store, me) = cx.session()?;
    output::requests(out, &store.pending_requests(&me)?, *format, lang)?;
    Ok(())
}

/// `dcc reassign`: moves leads to another agent, with the reason.
pub(super) fn reassign(
    cx: &Ctx,
    ids: &[i64],
    to: &str,
    reason: &str,
    out: &mut dyn Write,
) -> Result<()> {
    let Ctx { lang, now, .. } = *cx;
    let (store, me) = cx.session()?;
    let moved = store.reassign(&me, ids, to, reason, now)?;
    writeln!(out, "{}", i18n::moved(moved, ids.len(), to, lang))?;
    Ok(())
}
