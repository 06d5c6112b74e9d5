//! Days: relative offsets from now (+2h, 2小时后), and the day part of a
//! typed time (明天, 周五, 下月3号, 2026-12-01, next Friday).

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use super::*;

// ---------------------------------------------------------------------------
// Relative offsets from now: +2h, +90m, +1h30m, 2小时后, 半小时后, 90分钟后.

pub(super) const OFFSET_UNITS: &[(&str, i64)] = &[
    ("hours", 60),
    ("hour", 60),
    ("hrs", 60),
    ("hr", 60),
    ("h", 60),
    ("小时", 60),
    ("minutes", 1),
    ("minute", 1),
    ("mins", 1),
    ("min", 1),
    ("m", 1),
    ("分钟", 1),
];

/// Minutes from now, if the whole input is a relative offset.
pub(super) fn relative_minutes(s: &str) -> Option<i64> {
    if let Some(rest) = s.strip_prefix('+') {
        let mut rest = rest.trim_start();
        let mut total: i64 = 0;
        let mut any = false;
        while !rest.is_empty() {
            let (n, _, r) = take_digits(rest)?;
            let (per, r) = eat(r.trim_start(), OFFSET_UNITS)?;
            total = total.checked_add(i64::from(n) * per)?;
            rest = r.trim_start();
            any = true;
        }
        return any.then_some(total);
    }
    // Chinese: [N|半] [个] [半] 小时/钟头 后, N 分钟 后.
    let (n, rest) = match s.strip_prefix('半') {
        Some(r) => (0, r),
        None => {
            let (n, _, r) = take_number(s)?;
            (i64::from(n), r)
        }
    };
    let half_first = s.starts_with('半');
    let rest = rest.trim_start();
    let rest = rest.strip_prefix('个').unwrap_or(rest);
    let (half, rest) = match rest.strip_prefix('半') {
        Some(r) => (true, r),
        None => (half_first, rest),
    };
    let minutes = if let Some(r) = eat_lit(rest, &["小时", "钟头"]) {
        (n * 60 + if half { 30 } else { 0 }, r)
    } else if let Some(r) = rest.strip_prefix("分钟").filter(|_| !half) {
        (n, r)
    } else {
        return None;
    };
    let (minutes, rest) = minutes;
    let rest = eat_lit(rest.trim_start(), &["以后", "之后", "后"])?;
    rest.trim().is_empty().then_some(minutes)
}

// ---------------------------------------------------------------------------
// Days.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DaySpec {
    /// A full date.
    Ymd(i32, u32, u32),
    /// Month and day: this year, or next year if already past.
    Md(u32, u32),
    /// Day of month: this month, or next month if already past.
    Dom(u32),
    /// Days from today.
    Offset(u64),
    /// The weekday in the calendar week `n` weeks from this one
    /// (Monday-based): 0 this week, 1 next week, 2 the week after.
    Week(u64, Weekday),
    /// Day `d` of the month `n` months from this one.
    MonthDay(u32, u32),
    /// Months from today (the day of month kept, or the month's last day).
    Months(u32),
    /// The next such weekday strictly after today.
    Coming(Weekday),
}

pub(super) fn parse_day(s: &str) -> Option<(DaySpec, &str)> {
    day_ymd(s)
        .or_else(|| day_md(s))
        .or_else(|| day_plus(s))
        .or_else(|| day_n_later(s))
        .or_else(|| day_of_month(s))
        .or_else(|| day_words_zh(s))
        .or_else(|| day_next_month_zh(s))
        .or_else(|| day_weekday_zh(s))
        .or_else(|| day_words_en(s))
}

/// `2026-11-25`, `2026/11/25`, `2026.11.25`, `2026年11月25日`.
pub(super) fn day_ymd(s: &str) -> Option<(DaySpec, &str)> {
    let (y, rest) = fixed_digits(s, 4)?;
    let y = y as i32;
    if let Some(sep) = rest.chars().next().filter(|c| matches!(c, '-' | '/' | '.')) {
        let (m, ml, rest) = take_digits(&rest[1..])?;
        let rest = rest.strip_prefix(sep)?;
        let (d, dl, rest) = take_digits(rest)?;
        if ml > 2 || dl > 2 {
            return None;
        }
        return Some((DaySpec::Ymd(y, m, d), rest));
    }
    let rest = rest.trim_start().strip_prefix('年')?;
    let (m, d, rest) = month_day_zh(rest.trim_start())?;
    Some((DaySpec::Ymd(y, m, d), rest))
}

/// `11月25日`, `11月25号`, `十一月二十五日` (the 日/号 may be left out).
pub(super) fn month_day_zh(s: &str) -> Option<(u32, u32, &str)> {
    let (m, _, rest) = take_number(s)?;
    let rest = rest.trim_start().strip_prefix('月')?;
    let (d, _, rest) = take_number(rest.trim_start())?;
    let rest = eat_lit(rest.trim_start(), &["日", "号", "號"]).unwrap_or(rest);
    Some((m, d, rest))
}

/// `11-25`, `11/25`, `11月25日`.
pub(super) fn day_md(s: &str) -> Option<(DaySpec, &str)> {
    if let Some((m, ml, rest)) = take_digits(s) {
        if let Some(sep) = rest.chars().next().filter(|c| matches!(c, '-' | '/')) {
            let (d, dl, rest) = take_digits(&rest[sep.len_utf8()..])?;
            if ml > 2 || dl > 2 {
                return None;
            }
            return Some((DaySpec::Md(m, d), rest));
        }
    }
    let (m, d, rest) = month_day_zh(s)?;
    Some((DaySpec::Md(m, d), rest))
}

/// `25号`, `25日`.
pub(super) fn day_of_month(s: &str) -> Option<(DaySpec, &str)> {
    let (d, _, rest) = take_number(s)?;
    let rest = eat_lit(rest.trim_start(), &["号", "號", "日"])?;
    Some((DaySpec::Dom(d), rest))
}

pub(super) const DAY_UNITS: &[(&str, u64)] = &[
    ("days", 1),
    ("day", 1),
    ("d", 1),
    ("天", 1),
    ("weeks", 7),
    ("week", 7),
    ("wk", 7),
    ("w", 7),
];

/// `+3`, `+3d`, `+3 days`, `+1w`.
pub(super) fn day_plus(s: &str) -> Option<(DaySpec, &str)> {
    let (n, _, rest) = take_digits(s.strip_prefix('+')?.trim_start())?;
    let n = u64::from(n);
    match eat(rest.trim_start(), DAY_UNITS) {
        Some((per, rest)) => Some((DaySpec::Offset(n * per), rest)),
        None => Some((DaySpec::Offset(n), rest)),
    }
}

/// `3天后`, `三天以后`, `两天之后`, `一周后`, `两个星期后`, `一个月后`.
pub(super) fn day_n_later(s: &str) -> Option<(DaySpec, &str)> {
    let (n, _, rest) = take_number(s)?;
    let (unit, rest) = eat(
        rest.trim_start(),
        &[
            ("天", 1),
            ("个星期", 7),
            ("个礼拜", 7),
            ("星期", 7),
            ("礼拜", 7),
            ("周", 7),
            ("个月", 0),
        ],
    )?;
    let rest = eat_lit(rest, &["以后", "之后", "后"])?;
    if unit == 0 {
        return Some((DaySpec::Months(n), rest));
    }
    Some((DaySpec::Offset(u64::from(n) * unit), rest))
}

/// `下月3号`, `下个月15日`, `下个月` (its first day).
pub(super) fn day_next_month_zh(s: &str) -> Option<(DaySpec, &str)> {
    let rest = eat_lit(s, &["下个月", "下月"])?.trim_start();
    if let Some((d, _, r)) = take_number(rest) {
        if let Some(r) = eat_lit(r.trim_start(), &["号", "號", "日"]) {
            return Some((DaySpec::MonthDay(1, d), r));
        }
    }
    Some((DaySpec::MonthDay(1, 1), rest))
}

pub(super) fn day_words_zh(s: &str) -> Option<(DaySpec, &str)> {
    eat(
        s,
        &[
            ("大后天", 3),
            ("后天", 2),
            ("明天", 1),
            ("明日", 1),
            ("今天", 0),
            ("今日", 0),
        ],
    )
    .map(|(n, rest)| (DaySpec::Offset(n), rest))
}

pub(super) fn weekday_zh(s: &str) -> Option<(Weekday, &str)> {
    let c = s.chars().next()?;
    let wd = match c {
        '一' | '1' => Weekday::Mon,
        '二' | '2' => Weekday::Tue,
        '三' | '3' => Weekday::Wed,
        '四' | '4' => Weekday::Thu,
        '五' | '5' => Weekday::Fri,
        '六' | '6' => Weekday::Sat,
        '日' | '天' | '7' => Weekday::Sun,
        _ => return None,
    };
    Some((wd, &s[c.len_utf8()..]))
}

/// `下周一`, `下星期三`, `下个礼拜五`, `下下周一`, `本周五`, `这周六`,
/// `周五`, `星期五`, `礼拜天`; `下周` and `下下周` alone mean that week's
/// Monday.
pub(super) fn day_weekday_zh(s: &str) -> Option<(DaySpec, &str)> {
    const WEEKS: &[(&str, u64)] = &[
        ("下下个星期", 2),
        ("下下个礼拜", 2),
        ("下下星期", 2),
        ("下下礼拜", 2),
        ("下下周", 2),
        ("下个星期", 1),
        ("下个礼拜", 1),
        ("下个周", 1),
        ("下星期", 1),
        ("下礼拜", 1),
        ("下周", 1),
        ("这个星期", 0),
        ("这个礼拜", 0),
        ("这星期", 0),
        ("这礼拜", 0),
        ("这周", 0),
        ("本星期", 0),
        ("本礼拜", 0),
        ("本周", 0),
    ];
    if let Some((n, rest)) = eat(s, WEEKS) {
        let rest = rest.trim_start();
        return match weekday_zh(rest) {
            Some((wd, rest)) => Some((DaySpec::Week(n, wd), rest)),
            // 下周 alone: that week's Monday; 这周 alone names no day.
            None if n > 0 => Some((DaySpec::Week(n, Weekday::Mon), rest)),
            None => None,
        };
    }
    let rest = eat_lit(s, &["星期", "礼拜", "周"])?;
    let (wd, rest) = weekday_zh(rest.trim_start())?;
    Some((DaySpec::Coming(wd), rest))
}

pub(super) fn weekday_en(w: &str) -> Option<Weekday> {
    Some(match w {
        "mon" | "monday" => Weekday::Mon,
        "tue" | "tues" | "tuesday" => Weekday::Tue,
        "wed" | "wednesday" => Weekday::Wed,
        "thu" | "thur" | "thurs" | "thursday" => Weekday::Thu,
        "fri" | "friday" => Weekday::Fri,
        "sat" | "saturday" => Weekday::Sat,
        "sun" | "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// `today`, `tomorrow`, `tmr`, `day after tomorrow`, `friday`, `next fri`.
pub(super) fn day_words_en(s: &str) -> Option<(DaySpec, &str)> {
    let (w, rest) = word(s);
    match w {
        "today" => Some((DaySpec::Offset(0), rest)),
        "tomorrow" | "tmr" | "tmrw" => Some((DaySpec::Offset(1), rest)),
        "the" => match word(rest.trim_start()) {
            ("day", rest) => day_after_tomorrow(rest),
            _ => None,
        },
        "day" => day_after_tomorrow(rest),
        "next" => {
            let (w, rest) = word(rest.trim_start());
            match w {
                "week" => Some((DaySpec::Week(1, Weekday::Mon), rest)),
                "month" => Some((DaySpec::MonthDay(1, 1), rest)),
                _ => weekday_en(w).map(|wd| (DaySpec::Coming(wd), rest)),
            }
        }
        "this" => {
            let (w, rest) = word(rest.trim_start());
            weekday_en(w).map(|wd| (DaySpec::Week(0, wd), rest))
        }
        "in" => in_n_en(rest.trim_start()),
        _ => weekday_en(w).map(|wd| (DaySpec::Coming(wd), rest)),
    }
}

/// `in 3 days`, `in a week`, `in 2 weeks`, `in a month`.
pub(super) fn in_n_en(s: &str) -> Option<(DaySpec, &str)> {
    let (n, rest) = match word(s) {
        ("a" | "one", rest) => (1, rest),
        _ => {
            let (n, _, rest) = take_digits(s)?;
            (n, rest)
        }
    };
    match word(rest.trim_start()) {
        ("day" | "days", rest) => Some((DaySpec::Offset(u64::from(n)), rest)),
        ("week" | "weeks", rest) => Some((DaySpec::Offset(u64::from(n) * 7), rest)),
        ("month" | "months", rest) => Some((DaySpec::Months(n), rest)),
        _ => None,
    }
}

pub(super) fn day_after_tomorrow(s: &str) -> Option<(DaySpec, &str)> {
    let ("after", rest) = word(s.trim_start()) else {
        return None;
    };
    let ("tomorrow", rest) = word(rest.trim_start()) else {
        return None;
    };
    Some((DaySpec::Offset(2), rest))
}

pub(super) fn add_days(date: NaiveDate, n: u64) -> Result<NaiveDate, WhenError> {
    date.checked_add_days(Days::new(n))
        .ok_or_else(|| WhenError::OutOfRange(format!("{date} + {n}")))
}

/// `this` if it exists and is not past by more than a day; otherwise `next`
/// if it exists; otherwise `this` (even if past); otherwise an error.
pub(super) fn this_or_next(
    this: Option<NaiveDate>,
    next: Option<NaiveDate>,
    today: NaiveDate,
    text: impl FnOnce() -> String,
) -> Result<NaiveDate, WhenError> {
    let yesterday = today.pred_opt().unwrap_or(today);
    match (this, next) {
        (Some(t), _) if t >= yesterday => Ok(t),
        (_, Some(n)) => Ok(n),
        (Some(t), None) => Ok(t),
        (None, None) => Err(WhenError::InvalidDate(text())),
    }
}

pub(super) fn resolve_day(day: DaySpec, today: NaiveDate) -> Result<NaiveDate, WhenError> {
    match day {
        DaySpec::Ymd(y, m, d) => ymd(y, m, d),
        DaySpec::Md(m, d) => {
            let y = today.year();
            this_or_next(
                NaiveDate::from_ymd_opt(y, m, d),
                NaiveDate::from_ymd_opt(y + 1, m, d),
                today,
                || format!("{y:04}-{m:02}-{d:02}"),
            )
        }
        DaySpec::Dom(d) => {
            let (y, m) = (today.year(), today.month());
            let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            this_or_next(
                NaiveDate::from_ymd_opt(y, m, d),
                NaiveDate::from_ymd_opt(ny, nm, d),
                today,
                || format!("{y:04}-{m:02}-{d:02}"),
            )
        }
        DaySpec::Offset(n) => add_days(today, n),
        DaySpec::Week(n, wd) => {
            let this_monday = u64::from(today.weekday().num_days_from_monday());
            let monday = today
                .checked_sub_days(Days::new(this_monday))
                .ok_or_else(|| WhenError::OutOfRange(today.to_string()))?;
            add_days(monday, 7 * n + u64::from(wd.num_days_from_monday()))
        }
        DaySpec::MonthDay(n, d) => {
            let first = today
                .with_day(1)
                .and_then(|f| f.checked_add_months(Months::new(n)))
                .ok_or_else(|| WhenError::OutOfRange(today.to_string()))?;
            first.with_day(d).ok_or_else(|| {
                WhenError::InvalidDate(format!("{:04}-{:02}-{d:02}", first.year(), first.month()))
            })
        }
        DaySpec::Months(n) => today
            .checked_add_months(Months::new(n))
            .ok_or_else(|| WhenError::OutOfRange(today.to_string())),
        DaySpec::Coming(wd) => {
            let from = today.weekday().num_days_from_monday();
            let to = wd.num_days_from_monday();
            let ahead = (to + 7 - from) % 7;
            add_days(today, u64::from(if ahead == 0 { 7 } else { ahead }))
        }
    }
}
