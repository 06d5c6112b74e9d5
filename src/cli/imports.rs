//! `dcc import list` and `dcc import undo ID`; and the signals that stop an
//! import between two transactions.

use std::io::Write;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use chrono::NaiveDateTime;

use super::{output, CliError, Format, ImportCommand};
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
) -> Result<(), CliError> {
    match command {
        ImportCommand::Undo { id, format } => {
            let undone = store.undo_import(me, *id, now)?;
            if *format == Format::Json {
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&undone).map_err(std::io::Error::other)?
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
                    serde_json::to_string_pretty(&list).map_err(std::io::Error::other)?
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
