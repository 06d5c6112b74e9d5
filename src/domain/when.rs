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

use chrono::{Datelike, Days, Duration, Months, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

/// Why a typed date or time was rejected. The English message comes from
/// `Display`; [`WhenError::message_zh`] gives the Simplified Chinese one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WhenError {
    #[error("no date or time given")]
    Empty,
    #[error(
        "could not understand the date/time \"{0}\" (examples: 2026-11-25 14:00, tomorrow 3pm, 明天下午3点, 周五 10点, +3)"
    )]
    NotUnderstood(String),
    #[error(
        "could not understand \"{0}\" as an expected purchase (examples: 一周内, 1个月内, 半年内, next month, 2027-01, 2026-12-20)"
    )]
    NotAHorizon(String),
    #[error("there is no such date: {0}")]
    InvalidDate(String),
    #[error("there is no such time: {0}")]
    InvalidTime(String),
    #[error("the date is out of range: {0}")]
    OutOfRange(String),
}

impl WhenError {
    /// The same message in Simplified Chinese.
    pub fn message_zh(&self) -> String {
        match self {
            WhenError::Empty => "没有填写日期或时间".to_string(),
            WhenError::NotUnderstood(s) => format!(
                "无法识别的日期/时间“{s}”（例如：2026-11-25 14:00、明天下午3点、周五 10点、+3）"
            ),
            WhenError::NotAHorizon(s) => format!(
                "无法识别的预计购车时间“{s}”（例如：一周内、1个月内、半年内、下个月、2027-01、2026-12-20）"
            ),
            WhenError::InvalidDate(s) => format!("日期不存在：{s}"),
            WhenError::InvalidTime(s) => format!("时间不存在：{s}"),
            WhenError::OutOfRange(s) => format!("日期超出范围：{s}"),
        }
    }
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
    strict(s, default_time)?.ok_or_else(|| WhenError::NotUnderstood(s.to_string()))
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
    human(input, now, default_time).map_err(|e| match e {
        WhenError::OutOfRange(_) => WhenError::OutOfRange(input.trim().to_string()),
        other => other,
    })
}

fn human(
    input: &str,
    now: NaiveDateTime,
    default_time: NaiveTime,
) -> Result<NaiveDateTime, WhenError> {
    let s = normalize(input);
    if s.is_empty() {
        return Err(WhenError::Empty);
    }
    let today = now.date();

    if let Some(dt) = strict(&s, default_time)? {
        return Ok(dt);
    }
    if let Some(minutes) = relative_minutes(&s) {
        return Duration::try_minutes(minutes)
            .and_then(|d| now.checked_add_signed(d))
            .ok_or_else(|| WhenError::OutOfRange(input.trim().to_string()));
    }

    // A day, optionally followed by a time.
    if let Some((day, rest)) = parse_day(&s) {
        let rest = skip_at(rest.trim_start());
        if rest.is_empty() {
            return Ok(resolve_day(day, today)?.and_time(default_time));
        }
        if let Some((time, rest)) = parse_time(rest) {
            if rest.trim().is_empty() {
                let date = resolve_day(day, today)?;
                return on_day(date, resolve_time(&time)?);
            }
        }
        if let Some((tod, rest)) = part_of_day(rest) {
            if rest.trim().is_empty() {
                return Ok(resolve_day(day, today)?.and_time(tod));
            }
        }
    }

    // A part of the day alone: today if still ahead, otherwise tomorrow.
    if let Some((tod, rest)) = part_of_day(&s) {
        if rest.trim().is_empty() {
            let candidate = today.and_time(tod);
            if candidate > now {
                return Ok(candidate);
            }
            return Ok(add_days(today, 1)?.and_time(tod));
        }
    }

    // A time, optionally followed by a day.
    if let Some((time, rest)) = parse_time(&s) {
        let rest = rest.trim_start();
        if rest.is_empty() {
            let tod = resolve_time(&time)?;
            let candidate = on_day(today, tod)?;
            if candidate > now {
                return Ok(candidate);
            }
            return on_day(add_days(today, 1)?, tod);
        }
        if let Some((day, rest)) = parse_day(rest) {
            if rest.trim().is_empty() {
                let tod = resolve_time(&time)?;
                return on_day(resolve_day(day, today)?, tod);
            }
        }
    }

    Err(WhenError::NotUnderstood(input.trim().to_string()))
}

// ---------------------------------------------------------------------------
// Normalization and small scanners.

/// Full-width ASCII to ASCII, ideographic space and Chinese commas/periods to
/// spaces, lower case, single spaces, and the contractions 今晚/明晚/今早/明早
/// spelled out.
fn normalize(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        if c.is_whitespace() || matches!(c, ',' | '、' | '。') {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.extend(c.to_lowercase());
        }
    }
    let trimmed_len = out.trim_end().len();
    out.truncate(trimmed_len);
    for (short, long) in [
        ("tonight", "today evening"),
        ("今晚上", "今天晚上"),
        ("明晚上", "明天晚上"),
        ("今早上", "今天早上"),
        ("明早上", "明天早上"),
        ("今晚", "今天晚上"),
        ("明晚", "明天晚上"),
        ("今早", "今天早上"),
        ("明早", "明天早上"),
    ] {
        if out.contains(short) {
            out = out.replace(short, long);
        }
    }
    out
}

/// A run of 1 to 9 ASCII digits: (value, digit count, rest).
fn take_digits(s: &str) -> Option<(u32, usize, &str)> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || n > 9 {
        return None;
    }
    Some((s[..n].parse().ok()?, n, &s[n..]))
}

/// Exactly `n` ASCII digits, not followed by another digit.
fn fixed_digits(s: &str, n: usize) -> Option<(u32, &str)> {
    match take_digits(s) {
        Some((v, len, rest)) if len == n => Some((v, rest)),
        _ => None,
    }
}

fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// A Chinese numeral from 0 to 99: 五, 十, 十五, 二十, 二十五, 零五.
fn take_cn_number(s: &str) -> Option<(u32, &str)> {
    let mut chars = s.chars();
    let first = chars.next()?;
    let mut rest = chars.as_str();
    let digit_after = |r: &str| -> Option<(u32, usize)> {
        let c = r.chars().next()?;
        cn_digit(c).filter(|d| *d > 0).map(|d| (d, c.len_utf8()))
    };
    if first == '十' {
        return Some(match digit_after(rest) {
            Some((d, len)) => (10 + d, &rest[len..]),
            None => (10, rest),
        });
    }
    let d = cn_digit(first)?;
    if d == 0 {
        // 零五 = 5
        return match digit_after(rest) {
            Some((d, len)) => Some((d, &rest[len..])),
            None => Some((0, rest)),
        };
    }
    if let Some(r) = rest.strip_prefix('十') {
        rest = r;
        return Some(match digit_after(rest) {
            Some((u, len)) => (d * 10 + u, &rest[len..]),
            None => (d * 10, rest),
        });
    }
    Some((d, rest))
}

/// A number in ASCII digits or Chinese numerals: (value, ASCII text if ASCII, rest).
fn take_number(s: &str) -> Option<(u32, Option<&str>, &str)> {
    if let Some((v, n, rest)) = take_digits(s) {
        return Some((v, Some(&s[..n]), rest));
    }
    take_cn_number(s).map(|(v, rest)| (v, None, rest))
}

/// The leading run of ASCII letters and what follows it.
fn word(s: &str) -> (&str, &str) {
    let n = s.bytes().take_while(u8::is_ascii_alphabetic).count();
    s.split_at(n)
}

/// The first of `options` that `s` starts with. ASCII words must end at a
/// non-letter (so `m` does not match the start of `mon`).
fn eat<'a, T: Copy>(s: &'a str, options: &[(&str, T)]) -> Option<(T, &'a str)> {
    options.iter().find_map(|(lit, v)| {
        let rest = s.strip_prefix(lit)?;
        let needs_boundary = lit.bytes().last().is_some_and(|b| b.is_ascii_alphabetic());
        if needs_boundary && rest.bytes().next().is_some_and(|b| b.is_ascii_alphabetic()) {
            return None;
        }
        Some((*v, rest))
    })
}

fn eat_lit<'a>(s: &'a str, options: &[&str]) -> Option<&'a str> {
    options.iter().find_map(|lit| s.strip_prefix(lit))
}

/// Skip an English "at" between a day and a time (`tomorrow at 3pm`).
fn skip_at(s: &str) -> &str {
    match word(s) {
        ("at", rest) => rest.trim_start(),
        _ => s,
    }
}

// ---------------------------------------------------------------------------
// Strict format.

/// `Ok(None)` when the input does not have the strict shape; an error when
/// it has the shape but names a date or time that does not exist.
fn strict(s: &str, default_time: NaiveTime) -> Result<Option<NaiveDateTime>, WhenError> {
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
        return Ok(Some(ymd(y as i32, m, d)?.and_time(default_time)));
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
    Ok(Some(date.and_time(time)))
}

fn ymd(y: i32, m: u32, d: u32) -> Result<NaiveDate, WhenError> {
    NaiveDate::from_ymd_opt(y, m, d)
        .ok_or_else(|| WhenError::InvalidDate(format!("{y:04}-{m:02}-{d:02}")))
}

// ---------------------------------------------------------------------------
// Relative offsets from now: +2h, +90m, +1h30m, 2小时后, 半小时后, 90分钟后.

const OFFSET_UNITS: &[(&str, i64)] = &[
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
fn relative_minutes(s: &str) -> Option<i64> {
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
enum DaySpec {
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

fn parse_day(s: &str) -> Option<(DaySpec, &str)> {
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
fn day_ymd(s: &str) -> Option<(DaySpec, &str)> {
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
fn month_day_zh(s: &str) -> Option<(u32, u32, &str)> {
    let (m, _, rest) = take_number(s)?;
    let rest = rest.trim_start().strip_prefix('月')?;
    let (d, _, rest) = take_number(rest.trim_start())?;
    let rest = eat_lit(rest.trim_start(), &["日", "号", "號"]).unwrap_or(rest);
    Some((m, d, rest))
}

/// `11-25`, `11/25`, `11月25日`.
fn day_md(s: &str) -> Option<(DaySpec, &str)> {
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
fn day_of_month(s: &str) -> Option<(DaySpec, &str)> {
    let (d, _, rest) = take_number(s)?;
    let rest = eat_lit(rest.trim_start(), &["号", "號", "日"])?;
    Some((DaySpec::Dom(d), rest))
}

const DAY_UNITS: &[(&str, u64)] = &[
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
fn day_plus(s: &str) -> Option<(DaySpec, &str)> {
    let (n, _, rest) = take_digits(s.strip_prefix('+')?.trim_start())?;
    let n = u64::from(n);
    match eat(rest.trim_start(), DAY_UNITS) {
        Some((per, rest)) => Some((DaySpec::Offset(n * per), rest)),
        None => Some((DaySpec::Offset(n), rest)),
    }
}

/// `3天后`, `三天以后`, `两天之后`, `一周后`, `两个星期后`, `一个月后`.
fn day_n_later(s: &str) -> Option<(DaySpec, &str)> {
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
fn day_next_month_zh(s: &str) -> Option<(DaySpec, &str)> {
    let rest = eat_lit(s, &["下个月", "下月"])?.trim_start();
    if let Some((d, _, r)) = take_number(rest) {
        if let Some(r) = eat_lit(r.trim_start(), &["号", "號", "日"]) {
            return Some((DaySpec::MonthDay(1, d), r));
        }
    }
    Some((DaySpec::MonthDay(1, 1), rest))
}

fn day_words_zh(s: &str) -> Option<(DaySpec, &str)> {
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

fn weekday_zh(s: &str) -> Option<(Weekday, &str)> {
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
fn day_weekday_zh(s: &str) -> Option<(DaySpec, &str)> {
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

fn weekday_en(w: &str) -> Option<Weekday> {
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
fn day_words_en(s: &str) -> Option<(DaySpec, &str)> {
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
fn in_n_en(s: &str) -> Option<(DaySpec, &str)> {
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

fn day_after_tomorrow(s: &str) -> Option<(DaySpec, &str)> {
    let ("after", rest) = word(s.trim_start()) else {
        return None;
    };
    let ("tomorrow", rest) = word(rest.trim_start()) else {
        return None;
    };
    Some((DaySpec::Offset(2), rest))
}

fn add_days(date: NaiveDate, n: u64) -> Result<NaiveDate, WhenError> {
    date.checked_add_days(Days::new(n))
        .ok_or_else(|| WhenError::OutOfRange(format!("{date} + {n}")))
}

/// `this` if it exists and is not past by more than a day; otherwise `next`
/// if it exists; otherwise `this` (even if past); otherwise an error.
fn this_or_next(
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

fn resolve_day(day: DaySpec, today: NaiveDate) -> Result<NaiveDate, WhenError> {
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

// ---------------------------------------------------------------------------
// Times.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Period {
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

const PERIODS_ZH: &[(&str, Period)] = &[
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

const SUFFIXES_EN: &[(&str, Period)] = &[
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

fn part_of_day(s: &str) -> Option<(NaiveTime, &str)> {
    let (hour, rest) = eat(s, PARTS_OF_DAY)?;
    Some((NaiveTime::from_hms_opt(hour, 0, 0)?, rest))
}

/// A time as typed, not yet checked.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TimeSpec<'a> {
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
struct TimeOfDay {
    time: NaiveTime,
    next_day: bool,
}

fn parse_time(s: &str) -> Option<(TimeSpec<'_>, &str)> {
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

fn resolve_time(t: &TimeSpec<'_>) -> Result<TimeOfDay, WhenError> {
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

fn on_day(date: NaiveDate, tod: TimeOfDay) -> Result<NaiveDateTime, WhenError> {
    let date = if tod.next_day {
        add_days(date, 1)?
    } else {
        date
    };
    Ok(date.and_time(tod.time))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Monday 2026-11-23 10:00.
    fn now() -> NaiveDateTime {
        dt("2026-11-23 10:00")
    }

    fn nine() -> NaiveTime {
        NaiveTime::from_hms_opt(9, 0, 0).unwrap()
    }

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn h(input: &str) -> NaiveDateTime {
        match parse_human(input, now(), nine()) {
            Ok(v) => v,
            Err(e) => panic!("{input:?} should parse: {e}"),
        }
    }

    fn he(input: &str) -> WhenError {
        match parse_human(input, now(), nine()) {
            Ok(v) => panic!("{input:?} should fail, got {v}"),
            Err(e) => e,
        }
    }

    fn check(cases: &[(&str, &str)]) {
        for (input, want) in cases {
            assert_eq!(h(input), dt(want), "input {input:?}");
        }
    }

    #[test]
    fn now_is_a_monday() {
        assert_eq!(now().weekday(), Weekday::Mon);
    }

    #[test]
    fn strict_forms() {
        let t = nine();
        assert_eq!(parse_strict("2026-11-25", t), Ok(dt("2026-11-25 09:00")));
        assert_eq!(
            parse_strict("2026-11-25T14:30", t),
            Ok(dt("2026-11-25 14:30"))
        );
        assert_eq!(
            parse_strict("2026-11-25 14:30", t),
            Ok(dt("2026-11-25 14:30"))
        );
        assert_eq!(
            parse_strict(" 2026-11-25t14:30 ", t),
            Ok(dt("2026-11-25 14:30"))
        );
        assert_eq!(
            parse_strict("2026-11-25T14:30:15", t),
            Ok(dt("2026-11-25 14:30") + Duration::seconds(15))
        );
        assert_eq!(
            parse_strict("2026-11-25 14:30:15", t),
            Ok(dt("2026-11-25 14:30") + Duration::seconds(15))
        );
        let midnight = NaiveTime::MIN;
        assert_eq!(
            parse_strict("2026-01-01", midnight),
            Ok(dt("2026-01-01 00:00"))
        );
    }

    #[test]
    fn strict_errors() {
        let t = nine();
        assert_eq!(parse_strict("", t), Err(WhenError::Empty));
        assert_eq!(parse_strict("   ", t), Err(WhenError::Empty));
        for bad in [
            "2026/11/25",
            "2026-1-5",
            "26-11-25",
            "2026-11-25 2pm",
            "2026-11-25 14",
            "2026-11-25T14:3",
            "tomorrow",
            "2026-11-25x",
            "2026-11-25 14:00 extra",
        ] {
            assert_eq!(
                parse_strict(bad, t),
                Err(WhenError::NotUnderstood(bad.to_string())),
                "{bad}"
            );
        }
        assert_eq!(
            parse_strict("2026-02-30", t),
            Err(WhenError::InvalidDate("2026-02-30".into()))
        );
        assert_eq!(
            parse_strict("2026-13-01 10:00", t),
            Err(WhenError::InvalidDate("2026-13-01".into()))
        );
        assert_eq!(
            parse_strict("2026-11-25 25:00", t),
            Err(WhenError::InvalidTime("25:00".into()))
        );
        assert_eq!(
            parse_strict("2026-11-25T14:60", t),
            Err(WhenError::InvalidTime("14:60".into()))
        );
    }

    #[test]
    fn date_only() {
        for s in [
            "2026-11-25",
            "2026/11/25",
            "2026.11.25",
            "2026年11月25日",
            "2026年11月25号",
            " 2026 年 11 月 25 日 ",
            "２０２６－１１－２５",
        ] {
            assert_eq!(parse_date(s), Ok(d("2026-11-25")), "{s}");
        }
        assert_eq!(parse_date("2026/1/5"), Ok(d("2026-01-05")));
        assert_eq!(parse_date("2026年1月5日"), Ok(d("2026-01-05")));
        assert_eq!(parse_date(""), Err(WhenError::Empty));
        assert_eq!(
            parse_date("2026-02-30"),
            Err(WhenError::InvalidDate("2026-02-30".into()))
        );
        assert_eq!(
            parse_date("2026年2月30日"),
            Err(WhenError::InvalidDate("2026-02-30".into()))
        );
        for bad in [
            "11-25",
            "tomorrow",
            "2026-11-25 10:00",
            "2026-11/25",
            "2026-111-2",
        ] {
            assert_eq!(
                parse_date(bad),
                Err(WhenError::NotUnderstood(bad.to_string())),
                "{bad}"
            );
        }
    }

    #[test]
    fn human_accepts_strict_and_slashed_dates() {
        check(&[
            ("2026-11-25", "2026-11-25 09:00"),
            ("2026-11-25T14:00", "2026-11-25 14:00"),
            ("2026-11-25 14:00", "2026-11-25 14:00"),
            ("2026/11/25", "2026-11-25 09:00"),
            ("2026/11/25 14:00", "2026-11-25 14:00"),
            ("2026.11.25 3pm", "2026-11-25 15:00"),
            ("2026年11月25日 下午3点", "2026-11-25 15:00"),
            ("2026年11月25日下午3点", "2026-11-25 15:00"),
        ]);
        assert_eq!(
            h("2026-11-25 14:00:30"),
            dt("2026-11-25 14:00") + Duration::seconds(30)
        );
    }

    #[test]
    fn human_month_day_this_or_next_year() {
        check(&[
            ("11-25", "2026-11-25 09:00"),
            ("11/25", "2026-11-25 09:00"),
            ("12-31", "2026-12-31 09:00"),
            ("1-5", "2027-01-05 09:00"),
            ("01/05", "2027-01-05 09:00"),
            // Yesterday stays this year (the caller rejects the past)...
            ("11-22", "2026-11-22 09:00"),
            // ...two days ago means next year.
            ("11-21", "2027-11-21 09:00"),
            ("11月25日", "2026-11-25 09:00"),
            ("11月25号", "2026-11-25 09:00"),
            ("十一月二十五日", "2026-11-25 09:00"),
            ("3月1日", "2027-03-01 09:00"),
            ("11-25 14:00", "2026-11-25 14:00"),
            ("11/25 3pm", "2026-11-25 15:00"),
            ("11月25日 15:00", "2026-11-25 15:00"),
            ("11月25号下午3点", "2026-11-25 15:00"),
            ("11月25日上午10点半", "2026-11-25 10:30"),
        ]);
    }

    #[test]
    fn human_day_of_month() {
        check(&[
            ("25号", "2026-11-25 09:00"),
            ("25日 14:00", "2026-11-25 14:00"),
            ("22号", "2026-11-22 09:00"),
            ("5号", "2026-12-05 09:00"),
            ("5号下午3点", "2026-12-05 15:00"),
        ]);
    }

    #[test]
    fn human_relative_days() {
        check(&[
            ("+3", "2026-11-26 09:00"),
            ("+3d", "2026-11-26 09:00"),
            ("+3 days", "2026-11-26 09:00"),
            ("+0", "2026-11-23 09:00"),
            ("+1w", "2026-11-30 09:00"),
            ("today", "2026-11-23 09:00"),
            ("Today", "2026-11-23 09:00"),
            ("tomorrow", "2026-11-24 09:00"),
            ("TOMORROW", "2026-11-24 09:00"),
            ("tmr", "2026-11-24 09:00"),
            ("tmrw", "2026-11-24 09:00"),
            ("day after tomorrow", "2026-11-25 09:00"),
            ("the day after tomorrow", "2026-11-25 09:00"),
            ("Day  After  Tomorrow", "2026-11-25 09:00"),
            ("今天", "2026-11-23 09:00"),
            ("明天", "2026-11-24 09:00"),
            ("后天", "2026-11-25 09:00"),
            ("大后天", "2026-11-26 09:00"),
            ("3天后", "2026-11-26 09:00"),
            ("三天后", "2026-11-26 09:00"),
            ("10天以后", "2026-12-03 09:00"),
            ("两天之后", "2026-11-25 09:00"),
        ]);
    }

    #[test]
    fn human_relative_hours_and_minutes() {
        check(&[
            ("+2h", "2026-11-23 12:00"),
            ("+90m", "2026-11-23 11:30"),
            ("+90 min", "2026-11-23 11:30"),
            ("+1h30m", "2026-11-23 11:30"),
            ("+1h 30m", "2026-11-23 11:30"),
            ("+2 hours", "2026-11-23 12:00"),
            ("+24h", "2026-11-24 10:00"),
            ("2小时后", "2026-11-23 12:00"),
            ("两个小时后", "2026-11-23 12:00"),
            ("半小时后", "2026-11-23 10:30"),
            ("一个半小时后", "2026-11-23 11:30"),
            ("90分钟后", "2026-11-23 11:30"),
            ("45分钟以后", "2026-11-23 10:45"),
        ]);
        // Minutes are kept exact, relative to now (seconds included).
        let odd_now = dt("2026-11-23 10:07") + Duration::seconds(20);
        assert_eq!(
            parse_human("+2h", odd_now, nine()),
            Ok(dt("2026-11-23 12:07") + Duration::seconds(20))
        );
        assert_eq!(
            parse_human("+13m", odd_now, nine()),
            Ok(dt("2026-11-23 10:20") + Duration::seconds(20))
        );
    }

    #[test]
    fn human_weekdays() {
        check(&[
            ("下周一", "2026-11-30 09:00"),
            ("下周二", "2026-12-01 09:00"),
            ("下周三", "2026-12-02 09:00"),
            ("下周四", "2026-12-03 09:00"),
            ("下周五", "2026-12-04 09:00"),
            ("下周六", "2026-12-05 09:00"),
            ("下周日", "2026-12-06 09:00"),
            ("下周天", "2026-12-06 09:00"),
            ("下星期三", "2026-12-02 09:00"),
            ("下个礼拜五", "2026-12-04 09:00"),
            ("周五", "2026-11-27 09:00"),
            ("星期五", "2026-11-27 09:00"),
            ("礼拜五", "2026-11-27 09:00"),
            ("周5", "2026-11-27 09:00"),
            ("fri", "2026-11-27 09:00"),
            ("friday", "2026-11-27 09:00"),
            ("Friday", "2026-11-27 09:00"),
            ("next friday", "2026-11-27 09:00"),
            ("next fri", "2026-11-27 09:00"),
            // Strictly after today: Monday's "周一" is next Monday.
            ("周一", "2026-11-30 09:00"),
            ("monday", "2026-11-30 09:00"),
            ("周二", "2026-11-24 09:00"),
            ("tue", "2026-11-24 09:00"),
            ("周日", "2026-11-29 09:00"),
            ("星期天", "2026-11-29 09:00"),
            ("sunday", "2026-11-29 09:00"),
            ("sat", "2026-11-28 09:00"),
            ("wednesday", "2026-11-25 09:00"),
            ("thurs", "2026-11-26 09:00"),
        ]);
        // From a Sunday, 下周一 is the very next day.
        let sunday = dt("2026-11-29 10:00");
        assert_eq!(
            parse_human("下周一", sunday, nine()),
            Ok(dt("2026-11-30 09:00"))
        );
        assert_eq!(
            parse_human("下周日", sunday, nine()),
            Ok(dt("2026-12-06 09:00"))
        );
        assert_eq!(
            parse_human("周日", sunday, nine()),
            Ok(dt("2026-12-06 09:00"))
        );
    }

    #[test]
    fn human_times_alone_today_if_ahead() {
        check(&[
            ("15:00", "2026-11-23 15:00"),
            ("15", "2026-11-23 15:00"),
            ("3pm", "2026-11-23 15:00"),
            ("3PM", "2026-11-23 15:00"),
            ("3:30pm", "2026-11-23 15:30"),
            ("3 pm", "2026-11-23 15:00"),
            ("3 p.m.", "2026-11-23 15:00"),
            ("11am", "2026-11-23 11:00"),
            ("12pm", "2026-11-23 12:00"),
            ("noon", "2026-11-23 12:00"),
            ("下午3点", "2026-11-23 15:00"),
            ("下午3点半", "2026-11-23 15:30"),
            ("下午三点半", "2026-11-23 15:30"),
            ("下午3:30", "2026-11-23 15:30"),
            ("晚上7点", "2026-11-23 19:00"),
            ("晚7点", "2026-11-23 19:00"),
            ("中午12点", "2026-11-23 12:00"),
            ("中午1点", "2026-11-23 13:00"),
            ("15点", "2026-11-23 15:00"),
            ("15点30", "2026-11-23 15:30"),
            ("15点30分", "2026-11-23 15:30"),
            ("15点05分", "2026-11-23 15:05"),
            ("15点一刻", "2026-11-23 15:15"),
            ("15点整", "2026-11-23 15:00"),
            ("3点", "2026-11-23 15:00"),
            ("三点", "2026-11-23 15:00"),
            ("两点", "2026-11-23 14:00"),
            ("3点钟", "2026-11-23 15:00"),
            ("3", "2026-11-23 15:00"),
            ("7:30", "2026-11-23 19:30"),
            ("12", "2026-11-23 12:00"),
            ("12点", "2026-11-23 12:00"),
            ("11点", "2026-11-23 11:00"),
            ("上午11点", "2026-11-23 11:00"),
            ("15：00", "2026-11-23 15:00"),
        ]);
    }

    #[test]
    fn human_times_alone_tomorrow_if_passed() {
        check(&[
            ("9am", "2026-11-24 09:00"),
            ("9:00", "2026-11-24 09:00"),
            ("9", "2026-11-24 09:00"),
            ("上午10点", "2026-11-24 10:00"),
            // Exactly now is not ahead.
            ("10:00", "2026-11-24 10:00"),
            ("10点", "2026-11-24 10:00"),
            ("8点", "2026-11-24 08:00"),
            ("12am", "2026-11-24 00:00"),
            ("00:30", "2026-11-24 00:30"),
            // A leading zero means a 24-hour time: no afternoon guess.
            ("07:30", "2026-11-24 07:30"),
            ("凌晨1点", "2026-11-24 01:00"),
            ("早上8点", "2026-11-24 08:00"),
        ]);
    }

    #[test]
    fn human_day_and_time_combined() {
        check(&[
            ("明天 15:00", "2026-11-24 15:00"),
            ("明天15:00", "2026-11-24 15:00"),
            ("明天下午3点", "2026-11-24 15:00"),
            ("明天 下午3点", "2026-11-24 15:00"),
            ("明天上午10点", "2026-11-24 10:00"),
            ("明天3点", "2026-11-24 15:00"),
            ("后天15点30分", "2026-11-25 15:30"),
            ("大后天晚上7点", "2026-11-26 19:00"),
            ("今天下午3点", "2026-11-23 15:00"),
            ("今天9点", "2026-11-23 09:00"),
            ("明晚7点", "2026-11-24 19:00"),
            ("今晚8点", "2026-11-23 20:00"),
            ("明早9点", "2026-11-24 09:00"),
            ("明天，下午3点", "2026-11-24 15:00"),
            ("tomorrow 3pm", "2026-11-24 15:00"),
            ("tomorrow at 3pm", "2026-11-24 15:00"),
            ("tomorrow3pm", "2026-11-24 15:00"),
            ("Tomorrow 3:30 PM", "2026-11-24 15:30"),
            ("3pm tomorrow", "2026-11-24 15:00"),
            ("15:00 明天", "2026-11-24 15:00"),
            ("下午3点明天", "2026-11-24 15:00"),
            ("2026-11-25 14:00", "2026-11-25 14:00"),
            ("+3 10:00", "2026-11-26 10:00"),
            ("+3 10", "2026-11-26 10:00"),
            ("+3d 3pm", "2026-11-26 15:00"),
            ("周五 10点", "2026-11-27 10:00"),
            ("周五10点", "2026-11-27 10:00"),
            ("下周三下午2点", "2026-12-02 14:00"),
            ("下星期一 9:30", "2026-11-30 09:30"),
            ("fri 10am", "2026-11-27 10:00"),
            ("10am fri", "2026-11-27 10:00"),
            ("next friday 4pm", "2026-11-27 16:00"),
            ("day after tomorrow 11:00", "2026-11-25 11:00"),
            ("3天后 上午10点", "2026-11-26 10:00"),
            ("3天后下午4点", "2026-11-26 16:00"),
            ("today 9am", "2026-11-23 09:00"),
            ("明天晚上12点", "2026-11-25 00:00"),
            ("  明天   15:00  ", "2026-11-24 15:00"),
            ("明天　１５：００", "2026-11-24 15:00"),
        ]);
    }

    /// Every phrase of issue 10, as callers say them; now is Monday
    /// 2026-11-23 10:00.
    #[test]
    fn what_callers_say() {
        check(&[
            // A part of the day without a clock time takes its hour.
            ("周五下午", "2026-11-27 15:00"),
            ("明天中午", "2026-11-24 12:00"),
            ("礼拜二上午", "2026-11-24 10:00"),
            ("周六下午", "2026-11-28 15:00"),
            ("1月3日上午", "2027-01-03 10:00"),
            ("明天早上", "2026-11-24 09:00"),
            ("明早", "2026-11-24 09:00"),
            ("明天晚上", "2026-11-24 19:00"),
            ("今晚", "2026-11-23 19:00"),
            ("后天傍晚", "2026-11-25 18:00"),
            // This week, the next, the one after.
            ("本周五下午3点", "2026-11-27 15:00"),
            ("这周六上午10点", "2026-11-28 10:00"),
            ("这个星期四", "2026-11-26 09:00"),
            ("下周", "2026-11-30 09:00"),
            ("下下周一", "2026-12-07 09:00"),
            ("下下周", "2026-12-07 09:00"),
            ("下下个礼拜三下午", "2026-12-09 15:00"),
            // Weeks and months from today.
            ("一周后", "2026-11-30 09:00"),
            ("两周后", "2026-12-07 09:00"),
            ("2周以后", "2026-12-07 09:00"),
            ("三个星期后", "2026-12-14 09:00"),
            ("一个月后", "2026-12-23 09:00"),
            ("下月3号上午10点", "2026-12-03 10:00"),
            ("下个月15日", "2026-12-15 09:00"),
            ("下个月", "2026-12-01 09:00"),
            // The clock time is kept.
            ("周六 14:00", "2026-11-28 14:00"),
            ("周六14点", "2026-11-28 14:00"),
            // What was read before stays right.
            ("明早9点", "2026-11-24 09:00"),
            ("明晚7点", "2026-11-24 19:00"),
            // A part of the day alone: today if ahead, else tomorrow.
            ("下午", "2026-11-23 15:00"),
            ("上午", "2026-11-24 10:00"),
            // English.
            ("friday afternoon", "2026-11-27 15:00"),
            ("tomorrow noon", "2026-11-24 12:00"),
            ("tomorrow morning", "2026-11-24 10:00"),
            ("tomorrow in the evening", "2026-11-24 19:00"),
            ("tonight", "2026-11-23 19:00"),
            ("this friday 3pm", "2026-11-27 15:00"),
            ("this saturday morning", "2026-11-28 10:00"),
            ("next week", "2026-11-30 09:00"),
            ("next month", "2026-12-01 09:00"),
            ("in a week", "2026-11-30 09:00"),
            ("in 2 weeks", "2026-12-07 09:00"),
            ("in 3 days 4pm", "2026-11-26 16:00"),
            ("in a month", "2026-12-23 09:00"),
        ]);
        // 本周 names this week even when its day is past (the caller
        // refuses the past); from a Saturday, 本周五 is yesterday.
        let saturday = dt("2026-11-28 10:00");
        assert_eq!(
            parse_human("本周五下午", saturday, nine()),
            Ok(dt("2026-11-27 15:00"))
        );
        // A month day that the next month does not have.
        let january = dt("2027-01-20 10:00");
        assert_eq!(
            parse_human("下月30号", january, nine()),
            Err(WhenError::InvalidDate("2027-02-30".into()))
        );
        // One month after the 31st is the month's last day.
        assert_eq!(
            parse_human("一个月后", dt("2027-01-31 10:00"), nine()),
            Ok(dt("2027-02-28 09:00"))
        );
    }

    #[test]
    fn human_does_not_reject_the_past() {
        check(&[
            ("2020-01-01 10:00", "2020-01-01 10:00"),
            ("今天8点", "2026-11-23 08:00"),
            ("11-22 10:00", "2026-11-22 10:00"),
        ]);
    }

    #[test]
    fn human_error_empty() {
        assert_eq!(he(""), WhenError::Empty);
        assert_eq!(he("   "), WhenError::Empty);
        assert_eq!(he("\u{3000}"), WhenError::Empty);
    }

    #[test]
    fn human_error_not_understood_echoes_input() {
        for bad in [
            "asap",
            "明天 abc",
            "99 bottles",
            "next weekend",
            "+",
            "+2x",
            "凌晨",
            "明天凌晨",
            "这周",
            "2026",
            "3pm 3pm",
            "tomorrow tomorrow",
            "三",
        ] {
            assert_eq!(he(bad), WhenError::NotUnderstood(bad.to_string()), "{bad}");
        }
        let err = he("  whenever  ");
        assert_eq!(err, WhenError::NotUnderstood("whenever".into()));
        assert!(err.to_string().contains("\"whenever\""));
        assert!(err.message_zh().contains("“whenever”"));
    }

    #[test]
    fn human_error_invalid_date() {
        assert_eq!(
            he("2026-02-30"),
            WhenError::InvalidDate("2026-02-30".into())
        );
        assert_eq!(
            he("2026/02/30 10:00"),
            WhenError::InvalidDate("2026-02-30".into())
        );
        assert_eq!(he("2月30日"), WhenError::InvalidDate("2026-02-30".into()));
        assert_eq!(he("02-29"), WhenError::InvalidDate("2026-02-29".into()));
        assert_eq!(he("13-01"), WhenError::InvalidDate("2026-13-01".into()));
        assert_eq!(he("32号"), WhenError::InvalidDate("2026-11-32".into()));
        let err = he("2026-02-30");
        assert_eq!(err.to_string(), "there is no such date: 2026-02-30");
        assert_eq!(err.message_zh(), "日期不存在：2026-02-30");
    }

    #[test]
    fn human_error_invalid_time() {
        assert_eq!(he("25:00"), WhenError::InvalidTime("25:00".into()));
        assert_eq!(he("13pm"), WhenError::InvalidTime("13pm".into()));
        assert_eq!(he("0pm"), WhenError::InvalidTime("0pm".into()));
        assert_eq!(he("13 am"), WhenError::InvalidTime("13 am".into()));
        assert_eq!(he("明天25点"), WhenError::InvalidTime("25点".into()));
        assert_eq!(he("15:60"), WhenError::InvalidTime("15:60".into()));
        assert_eq!(he("上午13点"), WhenError::InvalidTime("上午13点".into()));
        assert_eq!(he("tomorrow 13pm"), WhenError::InvalidTime("13pm".into()));
        assert_eq!(
            he("2026-11-25 24:00"),
            WhenError::InvalidTime("24:00".into())
        );
        let err = he("25:00");
        assert_eq!(err.to_string(), "there is no such time: 25:00");
        assert_eq!(err.message_zh(), "时间不存在：25:00");
    }

    #[test]
    fn human_error_out_of_range() {
        assert!(matches!(he("+999999999"), WhenError::OutOfRange(_)));
        assert!(matches!(he("+999999999w"), WhenError::OutOfRange(_)));
        assert!(matches!(
            he("+999999999h999999999h999999999h999999999h"),
            WhenError::OutOfRange(_)
        ));
    }

    #[test]
    fn every_error_has_both_messages() {
        for err in [
            WhenError::Empty,
            WhenError::NotUnderstood("x".into()),
            WhenError::NotAHorizon("x".into()),
            WhenError::InvalidDate("2026-02-30".into()),
            WhenError::InvalidTime("25:00".into()),
            WhenError::OutOfRange("+999999999".into()),
        ] {
            assert!(!err.to_string().is_empty());
            let zh = err.message_zh();
            assert!(!zh.is_empty() && !zh.is_ascii(), "{zh}");
        }
    }

    #[test]
    fn default_time_is_used_only_without_a_time() {
        let t = NaiveTime::from_hms_opt(14, 30, 0).unwrap();
        assert_eq!(parse_human("明天", now(), t), Ok(dt("2026-11-24 14:30")));
        assert_eq!(
            parse_human("明天 10:00", now(), t),
            Ok(dt("2026-11-24 10:00"))
        );
        assert_eq!(
            parse_human("2026-12-01", now(), t),
            Ok(dt("2026-12-01 14:30"))
        );
    }
}
