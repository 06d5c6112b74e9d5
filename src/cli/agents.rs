//! `dcc agent …`: the team's agents, their targets and their SSH keys.

use std::io::Write;

use chrono::NaiveDateTime;

use super::{actor, open, output, AgentCommand, CliError, Ctx, KeyCommand, Result};
use crate::i18n::{self, Lang, Localize};
use crate::store::{Actor, LeadStore, SqliteStore};

/// `dcc agent …`.
pub(super) fn agent(cx: &Ctx, command: &AgentCommand, out: &mut dyn Write) -> Result<()> {
    let Ctx {
        cli,
        config,
        lang,
        now,
    } = *cx;
    let store = open(cli, config)?;
    match command {
        AgentCommand::Add { login, name, role } => {
            let me = actor(&store, cli)?;
            let a = store.add_agent(Some(&me), login, name, (*role).into(), now)?;
            let role = i18n::role(a.role, lang);
            writeln!(out, "{}", i18n::agent_added(&a.login, &a.name, role, lang))?;
        }
        AgentCommand::List { format } => {
            output::agents(out, &store.agent_list(&actor(&store, cli)?)?, *format, lang)?
        }
        AgentCommand::Disable { login } | AgentCommand::Enable { login } => {
            let me = actor(&store, cli)?;
            let active = matches!(command, AgentCommand::Enable { .. });
            store.set_agent_active(&me, login, active, now)?;
            writeln!(out, "{}", i18n::agent_state(login, active, lang))?;
        }
        AgentCommand::Key { command } => {
            let me = actor(&store, cli)?;
            keys(&store, &me, command, (now, lang), out)?;
        }
        AgentCommand::Target { login, calls } => {
            let me = actor(&store, cli)?;
            let target = match calls.as_str() {
                "none" | "default" => None,
                n => Some(
                    n.parse::<u32>()
                        .map_err(|_| CliError::Input(i18n::target_bad(n, lang)))?,
                ),
            };
            store.set_target(&me, login, target, now)?;
            writeln!(out, "{}", i18n::target_set(login, calls, lang))?;
        }
    }
    Ok(())
}

/// A `.pub` file is one line of a few hundred bytes; PuTTYgen's format a
/// few lines more.
const KEY_FILE_LIMIT: u64 = 64 * 1024;

/// `dcc agent key …`.
fn keys(
    store: &SqliteStore,
    me: &Actor,
    command: &KeyCommand,
    (now, lang): (NaiveDateTime, Lang),
    out: &mut dyn std::io::Write,
) -> Result<()> {
    use crate::domain::sshkey::PublicKey;
    match command {
        KeyCommand::Add { login, file } => {
            let text = if file.as_os_str() == "-" {
                let mut t = String::new();
                std::io::Read::read_to_string(
                    &mut std::io::Read::take(std::io::stdin(), KEY_FILE_LIMIT),
                    &mut t,
                )?;
                t
            } else {
                crate::infile::read_text(file, KEY_FILE_LIMIT).map_err(|e| {
                    CliError::Input(i18n::unreadable(
                        &file.display().to_string(),
                        &e.localize(lang),
                        lang,
                    ))
                })?
            };
            let key = PublicKey::parse(&text)
                .map_err(|e| CliError::Input(i18n::key_refused(&e, lang)))?;
            let fp = store.add_key(me, login, &key, now)?;
            writeln!(out, "{}", i18n::key_added(login, &key.kind, &fp, lang))?;
        }
        KeyCommand::List { login, format } => {
            output::keys(out, &store.keys(me, login.as_deref())?, *format, lang)?
        }
        KeyCommand::Remove { fingerprint } => {
            let login = store.remove_key(me, fingerprint, now)?;
            writeln!(out, "{}", i18n::key_removed(fingerprint, &login, lang))?;
        }
    }
    Ok(())
}
