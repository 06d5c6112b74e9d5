//! Times of day: 下午3点, 15:30, 3pm, and the parts of the day (上午, 中午,
//! 下午, 晚上) that stand for a documented hour.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::*;

// ---------------------------------------------------------------------------
// Times.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Period {
    /// 上午, 早上: hours 0-12 as they are.
    Morning,
    /// 凌晨: small hours; 12 means 0.
    Dawn,
    /// 中午: 11-14, and 1-3 means 13-15.
    Noon,
    /// 下午, 傍晚: 1-11 means 13-23.
    Afternoon,
    /// 晚上: 1-11 means 13-23; 12 means midnight at the end of the day.
    Evening,
    /// English am: 1-12, 12 means 0.
    Am,
    /// English pm: 1-12, 1-11 means 13-23.
    Pm,
}

pub(super) const PERIODS_ZH: &[(&str, Period)] = &[
    ("凌晨", Period::Dawn),
    ("早上", Period::Morning),
    ("早晨", Period::Morning),
    ("上午", Period::Morning),
    ("中午", Period::Noon),
    ("下午", Period::Afternoon),
    ("傍晚", Period::Afternoon),
    ("晚上", Period::Evening),
    ("夜里", Period::Evening),
    ("夜间", Period::Evening),
    ("早", Period::Morning),
    ("晚", Period::Evening),
];

pub(super) const SUFFIXES_EN: &[(&str, Period)] = &[
    ("a.m.", Period::Am),
    ("am", Period::Am),
    ("p.m.", Period::Pm),
    ("pm", Period::Pm),
];

/// A part of the day named without a clock time, and the hour it stands
/// for (the README lists them): 早上 09:00, 上午 10:00, 中午 12:00,
/// 下午 15:00, 傍晚 18:00, 晚上 19:00; morning, noon, afternoon, evening.
/// 凌晨 and 夜里 name no hour anyone is called at, so they need a clock time.
pub const PARTS_OF_DAY: &[(&str, u32)] = &[
    ("早上", 9),
    ("早晨", 9),
    ("上午", 10),
    ("中午", 12),
    ("下午", 15),
    ("傍晚", 18),
    ("晚上", 19),
    ("早", 9),
    ("晚", 19),
    ("in the morning", 10),
    ("in the afternoon", 15),
    ("in the evening", 19),
    ("morning", 10),
    ("noon", 12),
    ("afternoon", 15),
    ("evening", 19),
];

pub(super) fn part_of_day(s: &str) -> Option<(NaiveTime, &str)> {
    let (hour, rest) = eat(s, PARTS_OF_DAY)?;
    Some((NaiveTime::from_hms_opt(hour, 0, 0)?, rest))
}

/// A time as typed, not yet checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TimeSpec<'a> {
    period: Option<Period>,
    hour: u32,
    minute: u32,
    second: u32,
    /// Written with a leading zero (`07:30`): taken as a 24-hour time.
    zero_padded: bool,
    text: &'a str,
}

/// A checked time of day; `next_day` for 晚上12点 (midnight ending the day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct TimeOfDay {
    time: NaiveTime,
    next_day: bool,
}

pub(super) fn parse_time(s: &str) -> Option<(TimeSpec<'_>, &str)> {
    if let ("noon", rest) = word(s) {
        let spec = TimeSpec {
            period: None,
            hour: 12,
            minute: 0,
            second: 0,
            zero_padded: true,
            text: "noon",
        };
        return Some((spec, rest));
    }
    let (period, body) = match eat(s, PERIODS_ZH) {
        Some((p, rest)) => (Some(p), rest.trim_start()),
        None => (None, s),
    };
    let (hour, hour_text, mut rest) = take_number(body)?;
    if hour_text.is_some_and(|t| t.len() > 2) {
        return None;
    }
    let mut minute = 0;
    let mut second = 0;
    let mut marked = false;
    if let Some(r) = rest.strip_prefix(':') {
        let (m, r) = fixed_digits(r, 2)?;
        minute = m;
        rest = r;
        if let Some(r) = rest.strip_prefix(':') {
            let (sec, r) = fixed_digits(r, 2)?;
            second = sec;
            rest = r;
        }
        marked = true;
    } else if let Some(r) = eat_lit(rest.trim_start(), &["点钟", "点", "點", "时", "時"]) {
        marked = true;
        rest = r;
        let r = r.trim_start();
        if let Some(r) = r.strip_prefix('半') {
            minute = 30;
            rest = r;
        } else if let Some(r) = eat_lit(r, &["一刻", "1刻"]) {
            minute = 15;
            rest = r;
        } else if let Some(r) = eat_lit(r, &["三刻", "3刻"]) {
            minute = 45;
            rest = r;
        } else if let Some(r) = r.strip_prefix('整') {
            rest = r;
        } else if let Some((m, _, r)) = take_number(r) {
            minute = m;
            rest = eat_lit(r.trim_start(), &["分钟", "分"]).unwrap_or(r);
        }
    }
    if hour_text.is_none() && !marked {
        // A bare Chinese numeral is not a time.
        return None;
    }
    let mut period = period;
    if period.is_none() {
        if let Some((p, r)) = eat(rest.trim_start(), SUFFIXES_EN) {
            period = Some(p);
            rest = r;
        }
    }
    let text = s[..s.len() - rest.len()].trim();
    let zero_padded = hour_text.is_some_and(|t| t.len() == 2 && t.starts_with('0'));
    let spec = TimeSpec {
        period,
        hour,
        minute,
        second,
        zero_padded,
        text,
    };
    Some((spec, rest))
}

pub(super) fn resolve_time(t: &TimeSpec<'_>) -> Result<TimeOfDay, WhenError> {
    let invalid = || WhenError::InvalidTime(t.text.to_string());
    let h = t.hour;
    let (hour, next_day) = match t.period {
        None if t.zero_padded => (h, false),
        // Calling hours are 08:00-21:00: a bare 1-7 means the afternoon.
        None if (1..=7).contains(&h) => (h + 12, false),
        None => (h, false),
        Some(Period::Am) => match h {
            12 => (0, false),
            0..=11 => (h, false),
            _ => return Err(invalid()),
        },
        Some(Period::Pm) => match h {
            12 => (12, false),
            1..=11 => (h + 12, false),
            _ => return Err(invalid()),
        },
        Some(Period::Morning) => match h {
            0..=12 => (h, false),
            _ => return Err(invalid()),
        },
        Some(Period::Dawn) => match h {
            12 => (0, false),
            0..=11 => (h, false),
            _ => return Err(invalid()),
        },
        Some(Period::Noon) => match h {
            1..=3 => (h + 12, false),
            10..=14 => (h, false),
            _ => return Err(invalid()),
        },
        Some(Period::Afternoon) => match h {
            1..=11 => (h + 12, false),
            12..=23 => (h, false),
            _ => return Err(invalid()),
        },
        Some(Period::Evening) => match h {
            0 | 12 => (0, true),
            1..=11 => (h + 12, false),
            13..=23 => (h, false),
            _ => return Err(invalid()),
        },
    };
    let time = NaiveTime::from_hms_opt(hour, t.minute, t.second).ok_or_else(invalid)?;
    Ok(TimeOfDay { time, next_day })
}

pub(super) fn on_day(date: NaiveDate, tod: TimeOfDay) -> Result<NaiveDateTime, WhenError> {
    let date = if tod.next_day {
        add_days(date, 1)?
    } else {
        date
    };
    Ok(date.and_time(tod.time))
}
