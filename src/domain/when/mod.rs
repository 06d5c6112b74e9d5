//! Dates and times typed by agents or given on the command line.
//!
//! All times are naive local times. "Now" is always a parameter: nothing here
//! reads the clock.
//!
//! Parsing is done in two steps: first the text is matched against the known
//! shapes (a day part, a time part, in either order), and only when the whole
//! input has a known shape are the numbers checked, so that `2026-02-30` is
//! reported as a date that does not exist while `99 bottles` is reported as
//! not understood.

mod clock;
mod day;
mod moment;
mod scan;

pub use moment::Moment;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use clock::*;
use day::*;
use scan::*;

/// Why a typed date or time was rejected: the catalog (`i18n::when_error`)
/// names it, and `Display` in English.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WhenError {
    Empty,
    NotUnderstood(String),
    NotAHorizon(String),
    InvalidDate(String),
    InvalidTime(String),
    OutOfRange(String),
}

/// Strict machine format used by the `DCC_NOW` environment variable and the
/// command-line flags: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM`, `YYYY-MM-DD HH:MM`,
/// or either of the latter with `:SS`. A date alone is returned at
/// `default_time`.
pub fn parse_strict(input: &str, default_time: NaiveTime) -> Result<NaiveDateTime, WhenError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(WhenError::Empty);
    }
    strict(s)?
        .map(|m| m.or_at(default_time))
        .ok_or_else(|| WhenError::NotUnderstood(s.to_string()))
}

/// A date only: `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD` or `2026年11月25日`
/// (month and day may also be written with one digit).
pub fn parse_date(input: &str) -> Result<NaiveDate, WhenError> {
    let s = normalize(input);
    if s.is_empty() {
        return Err(WhenError::Empty);
    }
    match day_ymd(&s) {
        Some((DaySpec::Ymd(y, m, d), rest)) if rest.trim().is_empty() => ymd(y, m, d),
        _ => Err(WhenError::NotUnderstood(input.trim().to_string())),
    }
}

/// Forgiving human input, as typed in the workstation's date/time field or
/// given to `--at`/`--visit`: a day, a time, or both in either order
/// (`明天下午3点`, `3pm tomorrow`, `+3 10:00`, `周五 10点`, `11月25日`,
/// `+2h`, ...). `default_time` is used when a day is named without a time; a
/// time without a day means today if it is still ahead of `now`, otherwise
/// tomorrow. Past results are not rejected: the caller decides.
pub fn parse_human(
    input: &str,
    now: NaiveDateTime,
    default_time: NaiveTime,
) -> Result<NaiveDateTime, WhenError> {
    parse_moment(input, now).map(|m| m.or_at(default_time))
}

/// What [`parse_human`] reads, keeping whether a time was said: `周六` is a
/// day, `周六 14:00` and `周六下午` (a part of the day at its documented
/// hour) a day and a time.
pub fn parse_moment(input: &str, now: NaiveDateTime) -> Result<Moment, WhenError> {
    human(input, now).map_err(|e| match e {
        WhenError::OutOfRange(_) => WhenError::OutOfRange(input.trim().to_string()),
        other => other,
    })
}

fn human(input: &str, now: NaiveDateTime) -> Result<Moment, WhenError> {
    let s = normalize(input);
    if s.is_empty() {
        return Err(WhenError::Empty);
    }
    let today = now.date();

    if let Some(m) = strict(&s)? {
        return Ok(m);
    }
    if let Some(minutes) = relative_minutes(&s) {
        return Duration::try_minutes(minutes)
            .and_then(|d| now.checked_add_signed(d))
            .map(Moment::At)
            .ok_or_else(|| WhenError::OutOfRange(input.trim().to_string()));
    }

    // A day, optionally followed by a time.
    if let Some((day, rest)) = parse_day(&s) {
        let rest = skip_at(rest.trim_start());
        if rest.is_empty() {
            return Ok(Moment::Day(resolve_day(day, today)?));
        }
        if let Some((time, rest)) = parse_time(rest) {
            if rest.trim().is_empty() {
                let date = resolve_day(day, today)?;
                return on_day(date, resolve_time(&time)?).map(Moment::At);
            }
        }
        if let Some((tod, rest)) = part_of_day(rest) {
            if rest.trim().is_empty() {
                return Ok(Moment::At(resolve_day(day, today)?.and_time(tod)));
            }
        }
    }

    // A part of the day alone: today if still ahead, otherwise tomorrow.
    if let Some((tod, rest)) = part_of_day(&s) {
        if rest.trim().is_empty() {
            let candidate = today.and_time(tod);
            if candidate > now {
                return Ok(Moment::At(candidate));
            }
            return Ok(Moment::At(add_days(today, 1)?.and_time(tod)));
        }
    }

    // A time, optionally followed by a day.
    if let Some((time, rest)) = parse_time(&s) {
        let rest = rest.trim_start();
        if rest.is_empty() {
            let tod = resolve_time(&time)?;
            let candidate = on_day(today, tod)?;
            if candidate > now {
                return Ok(Moment::At(candidate));
            }
            return on_day(add_days(today, 1)?, tod).map(Moment::At);
        }
        if let Some((day, rest)) = parse_day(rest) {
            if rest.trim().is_empty() {
                let tod = resolve_time(&time)?;
                return on_day(resolve_day(day, today)?, tod).map(Moment::At);
            }
        }
    }

    Err(WhenError::NotUnderstood(input.trim().to_string()))
}

// ---------------------------------------------------------------------------
// Strict format.

/// `Ok(None)` when the input does not have the strict shape; an error when
/// it has the shape but names a date or time that does not exist. A date
/// alone is a day.
fn strict(s: &str) -> Result<Option<Moment>, WhenError> {
    let Some((y, rest)) = fixed_digits(s, 4) else {
        return Ok(None);
    };
    let Some((m, rest)) = rest.strip_prefix('-').and_then(|r| fixed_digits(r, 2)) else {
        return Ok(None);
    };
    let Some((d, rest)) = rest.strip_prefix('-').and_then(|r| fixed_digits(r, 2)) else {
        return Ok(None);
    };
    if rest.is_empty() {
        return Ok(Some(Moment::Day(ymd(y as i32, m, d)?)));
    }
    let time_part = if let Some(r) = rest.strip_prefix(['T', 't']) {
        r
    } else if rest.starts_with(char::is_whitespace) {
        rest.trim_start()
    } else {
        return Ok(None);
    };
    let Some((h, rest)) = fixed_digits(time_part, 2) else {
        return Ok(None);
    };
    let Some((mi, mut rest)) = rest.strip_prefix(':').and_then(|r| fixed_digits(r, 2)) else {
        return Ok(None);
    };
    let mut sec = 0;
    if let Some(r) = rest.strip_prefix(':') {
        let Some((v, r)) = fixed_digits(r, 2) else {
            return Ok(None);
        };
        sec = v;
        rest = r;
    }
    if !rest.trim_end().is_empty() {
        return Ok(None);
    }
    let date = ymd(y as i32, m, d)?;
    let time = NaiveTime::from_hms_opt(h, mi, sec)
        .ok_or_else(|| WhenError::InvalidTime(time_part.trim_end().to_string()))?;
    Ok(Some(Moment::At(date.and_time(time))))
}

fn ymd(y: i32, m: u32, d: u32) -> Result<NaiveDate, WhenError> {
    NaiveDate::from_ymd_opt(y, m, d)
        .ok_or_else(|| WhenError::InvalidDate(format!("{y:04}-{m:02}-{d:02}")))
}

#[cfg(test)]
mod tests;
