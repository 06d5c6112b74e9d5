//! `dcc dnc …`: the do-not-call list.

use std::io::Write;

use super::{allow, bad, import_error, output, CliError, Ctx, DncCommand, Result};
use crate::domain::access::Op;
use crate::domain::phone::Phone;
use crate::i18n;
use crate::store::LeadStore;
use crate::store::Role;

/// `dcc dnc add|remove|list|import`.
pub(super) fn dnc(cx: &Ctx, command: &DncCommand, out: &mut dyn Write) -> Result<()> {
    let Ctx { lang, now, .. } = *cx;
    let (store, me) = cx.session()?;
    match command {
        DncCommand::Add { phone, note } => {
            let p = Phone::parse(phone).map_err(|e| bad("", phone, &e, lang))?;
            let added = store.dnc_add(&me, &p, "manual", note.as_deref(), now)?;
            let lead = store.find_by_phone(&p)?;
            writeln!(
                out,
                "{}",
                i18n::dnc_added(&p.to_string(), !added, lead, lang)
            )?;
        }
        DncCommand::Remove { phone, reason } => {
            let p = Phone::parse(phone).map_err(|e| bad("", phone, &e, lang))?;
            let was_on = store.dnc_remove(&me, &p, reason, now)?;
            writeln!(out, "{}", i18n::dnc_removed(p.as_str(), was_on, lang))?;
        }
        DncCommand::Consent { phone, note } => {
            let p = Phone::parse(phone).map_err(|e| bad("", phone, &e, lang))?;
            let Some(lead) = store.find_by_phone(&p)? else {
                return Err(CliError::Input(i18n::consent_no_lead(p.as_str(), lang)));
            };
            let how = note
                .clone()
                .unwrap_or_else(|| i18n::Msg::ConsentOnCall.text(lang).to_string());
            // An inbound agent is capturing the caller on the line.
            let capture = me.agent.role == Role::Inbound;
            let after = store.record_consent(&me, lead, &how, capture, now)?;
            let name = store.lead(&me, lead, now)?.name;
            writeln!(
                out,
                "{}",
                i18n::consent_recorded(&name, lead, after.next_due, lang)
            )?;
        }
        DncCommand::List { format } => output::dnc_list(out, &store.dnc_list(&me)?, *format, lang)?,
        DncCommand::Import { file } => {
            allow(&me, Op::DncImport)?;
            let summary = crate::import::import_dnc(&store, &me, file, lang, now)
                .map_err(|e| import_error(e, lang))?;
            output::dnc_import_summary(out, &summary, lang)?;
        }
    }
    Ok(())
}
