//! `dcc import list` and `dcc import undo ID`; and the signals that stop an
//! import between two transactions.

use std::io::Write;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use chrono::NaiveDateTime;

use super::{import_error, output, CliError, Ctx, Format, ImportCommand, ImportFileArgs, Result};
use crate::i18n::{self, Lang};
use crate::store::{Actor, LeadStore};

/// A flag set by SIGINT, SIGTERM or SIGHUP: the import stops after the
/// transaction it is in (and with --all-or-nothing takes back what it
/// wrote). A second signal ends the process at once.
pub(super) fn stop_on_signals() -> Arc<AtomicBool> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let flag = Arc::new(AtomicBool::new(false));
    for sig in [SIGINT, SIGTERM, SIGHUP] {
        let _ = signal_hook::flag::register_conditional_shutdown(sig, 130, Arc::clone(&flag));
        let _ = signal_hook::flag::register(sig, Arc::clone(&flag));
    }
    flag
}

pub(super) fn run(
    store: &dyn LeadStore,
    me: &Actor,
    command: &ImportCommand,
    lang: Lang,
    now: NaiveDateTime,
    out: &mut dyn Write,
) -> Result<()> {
    match command {
        ImportCommand::Undo { id, format } => {
            let undone = store.undo_import(me, *id, now)?;
            if *format == Format::Json {
                writeln!(
                    out,
                    "{}",
                    crate::outfile::json_text(&undone).map_err(std::io::Error::other)?
                )?;
            } else {
                for line in i18n::undo_summary(&undone, lang) {
                    writeln!(out, "{line}")?;
                }
            }
        }
        ImportCommand::List { format } => {
            let list = store.imports(me, now)?;
            if *format == Format::Json {
                writeln!(
                    out,
                    "{}",
                    crate::outfile::json_text(&list).map_err(std::io::Error::other)?
                )?;
                return Ok(());
            }
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|i| {
                    vec![
                        i.id.to_string(),
                        crate::domain::text::printable_line(&i.origin).into_owned(),
                        i.agent.clone(),
                        i.started_at.format("%Y-%m-%d %H:%M").to_string(),
                        i.rows.to_string(),
                        i18n::import_state(&i.state, lang),
                        i.leads.to_string(),
                        i.withdrawn.to_string(),
                    ]
                })
                .collect();
            output::named_rows(out, &i18n::imports_header(lang), &rows, *format)?;
        }
    }
    Ok(())
}

/// `dcc import FILE`: checks the whole file, then writes it in short transactions.
pub(super) fn import_file(cx: &Ctx, args: &ImportFileArgs, out: &mut dyn Write) -> Result<()> {
    let Ctx { lang, now, .. } = *cx;
    let ImportFileArgs {
        file,
        channel,
        map,
        dry_run,
        all_or_nothing,
        report,
        owner,
        format,
        force,
    } = args;
    let (store, me) = cx.session()?;
    let opts = crate::import::ImportOptions {
        // clap requires it without a subcommand.
        file: file.clone().unwrap_or_default(),
        channel: channel.clone(),
        map: map.clone(),
        dry_run: *dry_run,
        all_or_nothing: *all_or_nothing,
        report: report.clone(),
        owner: owner.clone(),
        lang: Some(lang),
        progress: true,
        force: *force,
        stop: Some(stop_on_signals()),
    };
    let summary =
        crate::import::import_file(&store, &me, &opts, now).map_err(|e| import_error(e, lang))?;
    match format {
        Format::Json => writeln!(
            out,
            "{}",
            crate::outfile::json_text(&summary).map_err(std::io::Error::other)?
        )?,
        _ => output::import_summary(out, &summary, lang)?,
    }
    if let Some(stopped) = &summary.stopped {
        return Err(CliError::Input(i18n::import_stopped(
            stopped,
            summary.import,
            lang,
        )));
    }
    if summary.refusal().is_some() {
        return Err(CliError::Input(i18n::import_refused(
            summary.rejected,
            summary.rows,
            summary.report.as_deref(),
            lang,
        )));
    }
    Ok(())
}
