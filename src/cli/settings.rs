//! The dealer's settings: reasons, models, scripts, rules, plain settings
//! and spend.

use std::io::Write;

use super::{
    actor, open, output, CliError, Ctx, ModelCommand, ReasonCommand, Result, RulesCommand,
    ScriptCommand,
};
use crate::i18n::{self, Localize};
use crate::store::LeadStore;

/// `dcc reason add|disable`.
pub(super) fn reason(cx: &Ctx, command: &ReasonCommand, out: &mut dyn Write) -> Result<()> {
    let Ctx { lang, now, .. } = *cx;
    let (store, me) = cx.session()?;
    match command {
        ReasonCommand::Add {
            list,
            code,
            group,
            zh,
            en,
        } => {
            store.add_reason(&me, list, code, group, zh, en, now)?;
            let list = i18n::reason_list(list, lang);
            writeln!(out, "{}", i18n::reason_added(list, code, lang))?;
        }
        ReasonCommand::Disable { list, code } => {
            store.disable_reason(&me, list, code, now)?;
            let list = i18n::reason_list(list, lang);
            writeln!(out, "{}", i18n::reason_disabled(list, code, lang))?;
        }
    }
    Ok(())
}

/// `dcc model list|add|remove`.
pub(super) fn model(cx: &Ctx, command: &ModelCommand, out: &mut dyn Write) -> Result<()> {
    let Ctx {
        cli,
        config,
        lang,
        now,
    } = *cx;
    let store = open(cli, config)?;
    match command {
        ModelCommand::List => output::models(out, &store.models()?, lang)?,
        ModelCommand::Add { zh, en, aliases } => {
            let me = actor(&store, cli)?;
            let model = crate::domain::models::CarModel {
                name_zh: zh.trim().to_string(),
                name_en: en.clone(),
                aliases: aliases.clone(),
            };
            store.add_model(&me, &model, now)?;
            writeln!(out, "{}", i18n::model_added(&model.name(), lang))?;
        }
        ModelCommand::Remove { name } => {
            let me = actor(&store, cli)?;
            let name = store.remove_model(&me, name, now)?;
            writeln!(out, "{}", i18n::model_removed(&name, lang))?;
        }
    }
    Ok(())
}

/// `dcc script show|set`: a script filled in for a lead, or replaced.
pub(super) fn scripts(cx: &Ctx, command: &ScriptCommand, out: &mut dyn Write) -> Result<()> {
    let Ctx { lang: ui, now, .. } = *cx;
    use crate::domain::script::{render, ScriptVars};
    let (store, me) = cx.session()?;
    let preview = |kind: &str,
                   lang: &str,
                   lead: Option<i64>,
                   raw: bool,
                   out: &mut dyn std::io::Write|
     -> Result<()> {
        let Some((title, body)) = store.script(kind, lang)? else {
            return Err(CliError::Input(i18n::no_script(kind, lang, ui)));
        };
        if raw {
            writeln!(out, "{title}\n\n{body}")?;
            return Ok(());
        }
        let mut vars = ScriptVars {
            customer: "韩梅梅".into(),
            model: "凯美瑞".into(),
            source: "汽车之家".into(),
            agent: me.agent.name.clone(),
            dealer: store.setting("dealer")?.unwrap_or_default(),
            visit_time: "2026-11-25 14:00".into(),
            campaign: store.setting("campaign")?.unwrap_or_default(),
        };
        if let Some(id) = lead {
            let card = store.lead(&me, id, now)?;
            vars.customer = card.name;
            vars.model = card.model;
            vars.source = if lang == "en" {
                card.channel.name_en
            } else {
                card.channel.name_zh
            };
            vars.visit_time = card
                .appointment
                .map(|v| v.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default();
        }
        writeln!(out, "{title}\n\n{}", render(&body, &vars))?;
        Ok(())
    };
    match command {
        ScriptCommand::Show {
            kind,
            script_lang,
            lead,
            raw,
        } => preview(kind, script_lang, *lead, *raw, out)?,
        ScriptCommand::Set {
            kind,
            script_lang,
            title,
            file,
        } => {
            let body = crate::infile::read_text(file, crate::infile::SMALL_LIMIT).map_err(|e| {
                CliError::Input(i18n::unreadable(
                    &file.display().to_string(),
                    &e.localize(ui),
                    ui,
                ))
            })?;
            let title = match title {
                Some(t) => t.clone(),
                None => store
                    .script(kind, script_lang)?
                    .map(|(t, _)| t)
                    .unwrap_or_else(|| kind.clone()),
            };
            store.set_script(&me, kind, script_lang, &title, body.trim_end(), now)?;
            writeln!(out, "{}\n", i18n::script_saved(ui))?;
            preview(kind, script_lang, None, false, out)?;
        }
    }
    Ok(())
}

/// `dcc rules show|set`.
pub(super) fn rules(cx: &Ctx, command: &RulesCommand, out: &mut dyn Write) -> Result<()> {
    let Ctx {
        cli,
        config,
        lang,
        now,
    } = *cx;
    let store = open(cli, config)?;
    match command {
        RulesCommand::Show => {
            let text = toml::to_string_pretty(&store.rules()?)
                .map_err(|e| CliError::Input(e.to_string()))?;
            write!(out, "{text}")?;
        }
        RulesCommand::Set { file } => {
            let me = actor(&store, cli)?;
            let shown = file.display().to_string();
            let text = crate::infile::read_text(file, crate::infile::SMALL_LIMIT)
                .map_err(|e| CliError::Input(i18n::unreadable(&shown, &e.localize(lang), lang)))?;
            let rules: crate::domain::Rules = toml::from_str(&text).map_err(|e| {
                let at = e.span().map(|s| line_column(&text, s.start));
                let detail = e.message().split_whitespace().collect::<Vec<_>>().join(" ");
                CliError::Input(i18n::rules_file_invalid(&shown, at, &detail, lang))
            })?;
            store.set_rules(&me, &rules, now)?;
            writeln!(out, "{}", i18n::rules_saved(lang))?;
        }
    }
    Ok(())
}

/// The line and column (from 1; the column in characters) of a byte
/// offset in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// `dcc set KEY VALUE`.
pub(super) fn set(cx: &Ctx, key: &str, value: &str, out: &mut dyn Write) -> Result<()> {
    let Ctx { now, .. } = *cx;
    let (store, me) = cx.session()?;
    store.set_setting(&me, key, value, now)?;
    writeln!(out, "{key} = {value}")?;
    Ok(())
}

/// `dcc spend`: a channel's spend for a month.
pub(super) fn spend(
    cx: &Ctx,
    channel: &str,
    month: &str,
    yuan: &f64,
    out: &mut dyn Write,
) -> Result<()> {
    let Ctx { lang, now, .. } = *cx;
    let (store, me) = cx.session()?;
    if !yuan.is_finite() || *yuan < 0.0 {
        return Err(CliError::Input(i18n::spend_bad(*yuan, lang)));
    }
    store.set_spend(&me, channel, month, (yuan * 100.0).round() as i64, now)?;
    writeln!(out, "{}", i18n::spend_set(channel, month, *yuan, lang))?;
    Ok(())
}
