//! Walk-ins from the command line: `dcc showroom walk-in` registers one at
//! reception, `dcc showroom walk-ins` lists a day's register.

use std::io::Write;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::{bad, nine, parse_by, Format, Result};
use crate::domain::phone::Phone;
use crate::domain::walk_in::{WalkIn, WalkInRow};
use crate::domain::when;
use crate::i18n::{self, Lang, WalkInWord as W};
use crate::store::{Actor, SqliteStore, WalkInStore};

#[derive(Debug, clap::Args)]
pub struct WalkInArgs {
    /// The name the customer gives at the door.
    #[arg(long)]
    pub name: String,
    /// Their phone number, as they say it (+86, spaces and dashes are fine).
    #[arg(long)]
    pub phone: String,
    /// When they came in: `10:05` (today), `2026-11-25 10:05`.
    #[arg(long = "in", value_name = "TIME")]
    pub came_in: String,
    /// When they left, if they have.
    #[arg(long = "out", value_name = "TIME")]
    pub went_out: Option<String>,
    /// They came before (a returning visit; without it, a first visit).
    #[arg(long)]
    pub returning: bool,
    /// The login of the sales consultant who received them.
    #[arg(long, value_name = "LOGIN")]
    pub consultant: String,
    /// For a number the DCC does not know: the model they came for.
    #[arg(long)]
    pub model: Option<String>,
    /// For a new number: the grade, or else --purchase-by.
    #[arg(long)]
    pub grade: Option<String>,
    /// For a new number: the expected purchase (`2026-12-20`, `一个月内`).
    #[arg(long = "purchase-by", value_name = "WHEN")]
    pub purchase_by: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
}

pub(super) fn register(
    store: &SqliteStore,
    me: &Actor,
    a: &WalkInArgs,
    lang: Lang,
    now: NaiveDateTime,
    out: &mut dyn Write,
) -> Result<()> {
    // Checked like every other number: the numbering plan's.
    let phone = Phone::parse(&a.phone).map_err(|e| bad("--phone", &a.phone, &e, lang))?;
    let w = WalkIn {
        name: a.name.clone(),
        phone,
        came_in: clock("--in", &a.came_in, now, lang)?,
        went_out: a
            .went_out
            .as_deref()
            .map(|v| clock("--out", v, now, lang))
            .transpose()?,
        returning: a.returning,
        consultant: a.consultant.clone(),
        model: a.model.clone(),
        grade: a.grade.clone(),
        purchase_by: a
            .purchase_by
            .as_deref()
            .map(|v| parse_by("--purchase-by", v, now.date(), lang))
            .transpose()?,
        note: a.note.clone(),
    };
    let done = store.walk_in(me, &w, now)?;
    writeln!(out, "{}", i18n::walked_in(&done, w.name.trim(), lang))?;
    Ok(())
}

/// A time of the day's reception: `10:05` is today's, else as `--at`
/// reads it.
fn clock(flag: &str, v: &str, now: NaiveDateTime, lang: Lang) -> Result<NaiveDateTime> {
    if let Ok(t) = NaiveTime::parse_from_str(v.trim(), "%H:%M") {
        return Ok(now.date().and_time(t));
    }
    when::parse_human(v, now, nine()).map_err(|e| bad(flag, v, &e, lang))
}

pub(super) fn list(
    store: &SqliteStore,
    me: &Actor,
    day: NaiveDate,
    format: Format,
    lang: Lang,
    now: NaiveDateTime,
    out: &mut dyn Write,
) -> Result<()> {
    let rows = store.walk_ins(me, day, now)?;
    if format == Format::Json {
        // Escaped so that no stored character a terminal obeys is written.
        let text = crate::outfile::json_text(&rows).map_err(std::io::Error::other)?;
        writeln!(out, "{text}")?;
        return Ok(());
    }
    let csv = format == Format::Csv;
    let in_lang = if csv { Lang::En } else { lang };
    let header: Vec<&str> = [
        W::In,
        W::Out,
        W::Customer,
        W::Phone,
        W::Visit,
        W::Consultant,
        W::Lead,
        W::NewLead,
        W::Counted,
        W::RegisteredBy,
        W::Note,
    ]
    .iter()
    .map(|w| w.text(in_lang))
    .collect();
    let rows: Vec<Vec<String>> = rows.iter().map(|r| row(r, csv, lang)).collect();
    if !csv {
        writeln!(out, "{} {day}", W::Register.text(lang))?;
        if rows.is_empty() {
            writeln!(out, "{}", W::NoWalkIns.text(lang))?;
            return Ok(());
        }
    }
    super::output::named_rows(out, &header, &rows, format)?;
    Ok(())
}

fn row(r: &WalkInRow, csv: bool, lang: Lang) -> Vec<String> {
    let time = |t: NaiveDateTime| {
        t.format(if csv { "%Y-%m-%d %H:%M" } else { "%H:%M" })
            .to_string()
    };
    let flag = |b: bool| {
        if csv {
            b.to_string()
        } else {
            i18n::yes_no(b, lang).to_string()
        }
    };
    vec![
        time(r.came_in),
        r.went_out.map(time).unwrap_or_default(),
        r.name.clone(),
        r.phone.to_string(),
        if csv {
            (if r.returning { "returning" } else { "first" }).into()
        } else {
            crate::i18n::walk_in_visit(r.returning, lang).into()
        },
        if csv {
            r.consultant.clone()
        } else {
            r.consultant_name.clone()
        },
        r.lead_id.to_string(),
        flag(r.new_lead),
        flag(r.counted),
        r.registered_by.clone(),
        r.note.clone().unwrap_or_default(),
    ]
}
