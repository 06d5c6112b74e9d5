//! When a customer expects to buy (预计购车时间): what callers say and what
//! platforms export. One parser for the capture form, the command line and
//! the importer, so the three accept the same answers.
//!
//! The answer is a date by which the customer expects to buy:
//!
//! - a date in any form [`when::parse_date`] reads, or a timestamp whose
//!   date is taken (`2026-11-25 14:30:00`);
//! - a window from today: `一周内`, `3天内`, `1个月内`, `两个月以内`,
//!   `半个月内`, `半年内`, `一年之内`, `within a week`, `within 2 months`
//!   (a month counts 30 days, half a year 182);
//! - a month, meaning its last day: `2027-01`, `2027/1`, `2027年1月`,
//!   `本月`, `这个月`, `月底`, `下个月`, `下月`, `this month`, `next month`;
//!   the year: `年底`, `年内`, `今年`, `明年` (its last day);
//! - any day the time fields read (`明天`, `下周五`, `+30`, `12月20日`,
//!   `两周后`, `一个月后`), without its time.

use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime, NaiveTime};

use super::when::{self, Moment, WhenError};

/// The date a customer expects to buy by, from what was typed or imported.
/// `today` is the day it was said.
pub fn parse(value: &str, today: NaiveDate) -> Result<NaiveDate, WhenError> {
    let v = value.trim();
    match when::parse_date(v) {
        Ok(d) => return Ok(d),
        Err(WhenError::NotUnderstood(_)) => {}
        Err(e) => return Err(e),
    }
    if let Some(d) = v
        .split_once([' ', 'T'])
        .and_then(|(day, _)| when::parse_date(day).ok())
    {
        return Ok(d);
    }
    let folded = fold(v);
    if let Some(days) = window(&folded) {
        return today
            .checked_add_days(Days::new(days))
            .ok_or_else(|| WhenError::OutOfRange(v.to_string()));
    }
    if let Some(month) = month(&folded, today) {
        return month;
    }
    match when::parse_human(v, today.and_time(NaiveTime::MIN), NaiveTime::MIN) {
        Ok(at) => Ok(at.date()),
        Err(WhenError::NotUnderstood(_)) => Err(WhenError::NotAHorizon(v.to_string())),
        Err(e) => Err(e),
    }
}

/// When a customer expects to visit (预计到店时间): a day and time as the
/// time fields read them (`周六 14:00`, `周六下午` at the part of the day's
/// hour, `2026-11-28 14:30:00`), or a day with no time (`周六`, a date, or
/// an answer [`parse`] reads: `一周内`, `下个月`). A timestamp at midnight is
/// how spreadsheets write a date alone: a day. The one reading of the
/// capture form, the command line and the importer.
pub fn visit(value: &str, now: NaiveDateTime) -> Result<Moment, WhenError> {
    let v = value.trim();
    match when::parse_moment(v, now) {
        Ok(Moment::At(at)) if at.time() == NaiveTime::MIN => Ok(Moment::Day(at.date())),
        Ok(m) => Ok(m),
        Err(WhenError::NotUnderstood(_)) => {
            parse(v, now.date()).map(Moment::Day).map_err(|e| match e {
                WhenError::NotAHorizon(_) => WhenError::NotUnderstood(v.to_string()),
                other => other,
            })
        }
        Err(e) => Err(e),
    }
}

/// Lower case, full-width digits and letters to ASCII, no spaces.
fn fold(v: &str) -> String {
    v.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Days in a window such as `一周内`, `3个月内`, `半年以内`, `within2weeks`.
fn window(v: &str) -> Option<u64> {
    if let Some(rest) = v.strip_prefix("within") {
        let (n, rest) = match rest.strip_prefix('a') {
            Some(r) => (1, r),
            None => {
                let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                (rest[..digits].parse().ok()?, &rest[digits..])
            }
        };
        let per = match rest {
            "day" | "days" => 1,
            "week" | "weeks" => 7,
            "month" | "months" => 30,
            "year" | "years" => 365,
            _ => return None,
        };
        return (n > 0).then_some(n * per);
    }
    let rest = ["以内", "之内", "内"]
        .iter()
        .find_map(|s| v.strip_suffix(s))?;
    let (half, n, rest) = match rest.strip_prefix('半') {
        Some(r) => (true, 0, r),
        None => {
            let (n, r) = number(rest)?;
            (false, n, r)
        }
    };
    let rest = rest.strip_prefix('个').unwrap_or(rest);
    let per = match rest {
        "天" | "日" => 1,
        "周" | "星期" | "礼拜" => 7,
        "月" => 30,
        "年" => 365,
        _ => return None,
    };
    if half {
        return Some(if per == 365 { 182 } else { per / 2 }).filter(|d| *d > 0);
    }
    (n > 0).then_some(n * per)
}

/// A count in ASCII digits or Chinese numerals up to 99.
fn number(s: &str) -> Option<(u64, &str)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        return Some((s[..digits].parse().ok()?, &s[digits..]));
    }
    let zh = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u64)
            .or((c == '两').then_some(2))
    };
    let mut chars = s.char_indices().peekable();
    let mut value = 0;
    let mut seen = false;
    while let Some(&(_, c)) = chars.peek() {
        if c == '十' {
            value = if seen { value * 10 } else { 10 };
        } else if let Some(d) = zh(c) {
            value = if seen && value % 10 == 0 && value >= 10 {
                value + d
            } else {
                value * 10 + d
            };
        } else {
            break;
        }
        seen = true;
        chars.next();
    }
    let at = chars.peek().map_or(s.len(), |(i, _)| *i);
    (seen && value < 100).then_some((value, &s[at..]))
}

/// A month or a year, meaning its last day.
fn month(v: &str, today: NaiveDate) -> Option<Result<NaiveDate, WhenError>> {
    let this = today.with_day(1)?;
    let month_end = |first: NaiveDate| {
        first
            .checked_add_months(Months::new(1))
            .and_then(|d| d.pred_opt())
            .ok_or_else(|| WhenError::OutOfRange(v.to_string()))
    };
    let year_end = |y: i32| {
        NaiveDate::from_ymd_opt(y, 12, 31).ok_or_else(|| WhenError::OutOfRange(v.to_string()))
    };
    match v {
        "本月" | "这个月" | "这月" | "当月" | "月底" | "本月底" | "thismonth" => {
            return Some(month_end(this))
        }
        "下个月" | "下月" | "下个月内" | "下月内" | "nextmonth" => {
            return Some(month_end(this.checked_add_months(Months::new(1))?))
        }
        "下下个月" | "下下月" => {
            return Some(month_end(this.checked_add_months(Months::new(2))?))
        }
        "年底" | "年内" | "今年" | "今年内" | "今年底" | "thisyear" => {
            return Some(year_end(today.year()))
        }
        "明年" | "明年内" | "nextyear" => return Some(year_end(today.year() + 1)),
        _ => {}
    }
    // 2027-01, 2027/1, 2027.01, 2027年1月
    let digits = v.bytes().take_while(u8::is_ascii_digit).count();
    if digits != 4 {
        return None;
    }
    let year: i32 = v[..4].parse().ok()?;
    let rest = &v[4..];
    let rest = ["-", "/", ".", "年"]
        .iter()
        .find_map(|s| rest.strip_prefix(s))?;
    let m_digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if m_digits == 0 || m_digits > 2 {
        return None;
    }
    let m: u32 = rest[..m_digits].parse().ok()?;
    let tail = &rest[m_digits..];
    if !(tail.is_empty() || tail == "月" || tail == "月底" || tail == "月内") {
        return None;
    }
    Some(match NaiveDate::from_ymd_opt(year, m, 1) {
        Some(first) => month_end(first),
        None => Err(WhenError::InvalidDate(format!("{year:04}-{m:02}"))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, Localize};

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// Monday 2026-11-23.
    fn today() -> NaiveDate {
        day("2026-11-23")
    }

    #[test]
    fn what_callers_and_platforms_say() {
        for (said, by) in [
            // Dates and timestamps, as platforms export them.
            ("2026/11/25", "2026-11-25"),
            ("2026-11-25 14:30:00", "2026-11-25"),
            ("2026年12月20日", "2026-12-20"),
            // Windows from today.
            ("一周内", "2026-11-30"),
            ("1周内", "2026-11-30"),
            ("两周内", "2026-12-07"),
            ("3天内", "2026-11-26"),
            ("1个月内", "2026-12-23"),
            ("一个月以内", "2026-12-23"),
            ("两个月内", "2027-01-22"),
            ("三个月之内", "2027-02-21"),
            ("十二个月内", "2027-11-18"),
            ("半个月内", "2026-12-08"),
            ("半年内", "2027-05-24"),
            ("一年内", "2027-11-23"),
            ("within a week", "2026-11-30"),
            ("within 2 months", "2027-01-22"),
            ("Within 3 days", "2026-11-26"),
            // Months and years: their last day.
            ("下个月", "2026-12-31"),
            ("下月", "2026-12-31"),
            ("next month", "2026-12-31"),
            ("本月", "2026-11-30"),
            ("这个月", "2026-11-30"),
            ("this month", "2026-11-30"),
            ("2027-01", "2027-01-31"),
            ("2027/1", "2027-01-31"),
            ("2027年1月", "2027-01-31"),
            ("2027年2月", "2027-02-28"),
            ("年底", "2026-12-31"),
            ("明年", "2027-12-31"),
            // Days, as the time fields read them.
            ("明天", "2026-11-24"),
            ("下周五", "2026-12-04"),
            ("两周后", "2026-12-07"),
            ("一个月后", "2026-12-23"),
            ("12月20日", "2026-12-20"),
            ("+30", "2026-12-23"),
            ("in 2 weeks", "2026-12-07"),
            ("１个月内", "2026-12-23"),
        ] {
            assert_eq!(parse(said, today()), Ok(day(by)), "{said}");
        }
    }

    #[test]
    fn refusals_say_what_is_wrong() {
        assert_eq!(
            parse("下辈子", today()),
            Err(WhenError::NotAHorizon("下辈子".into()))
        );
        assert_eq!(
            parse("2026-02-30", today()),
            Err(WhenError::InvalidDate("2026-02-30".into()))
        );
        assert_eq!(
            parse("2027-13", today()),
            Err(WhenError::InvalidDate("2027-13".into()))
        );
        assert!(matches!(
            parse("0个月内", today()),
            Err(WhenError::NotAHorizon(_))
        ));
        assert!(matches!(parse("", today()), Err(WhenError::Empty)));
        let e = WhenError::NotAHorizon("下辈子".into());
        assert!(
            e.localize(Lang::Zh).contains("一周内"),
            "{}",
            e.localize(Lang::Zh)
        );
        assert!(e.to_string().contains("next month"), "{e}");
    }

    #[test]
    fn an_expected_visit_keeps_the_time_that_was_said_and_only_that() {
        // Monday 2026-11-23, 10:00.
        let now = today().and_hms_opt(10, 0, 0).unwrap();
        let at = |s: &str| Moment::At(NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap());
        let on = |s: &str| Moment::Day(day(s));
        for (said, understood) in [
            ("周六 14:00", at("2026-11-28 14:00")),
            ("周六下午", at("2026-11-28 15:00")),
            ("周六上午10点", at("2026-11-28 10:00")),
            ("明天晚上", at("2026-11-24 19:00")),
            ("2026-11-25 14:30:00", at("2026-11-25 14:30")),
            ("saturday 3pm", at("2026-11-28 15:00")),
            ("周六", on("2026-11-28")),
            ("2026/11/25", on("2026-11-25")),
            ("2026-11-25", on("2026-11-25")),
            ("2026-11-25 00:00:00", on("2026-11-25")),
            ("一周内", on("2026-11-30")),
            ("下个月", on("2026-12-01")),
            ("2027-01", on("2027-01-31")),
        ] {
            assert_eq!(visit(said, now), Ok(understood), "{said}");
        }
        assert_eq!(
            visit("下辈子", now),
            Err(WhenError::NotUnderstood("下辈子".into()))
        );
        assert!(matches!(
            visit("2026-02-30 10:00", now),
            Err(WhenError::InvalidDate(_))
        ));
    }
}
