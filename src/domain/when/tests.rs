//! The parsers against what agents type, in both languages.

use super::*;
use crate::i18n::{Lang, Localize};
use chrono::{Datelike, Weekday};

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
    assert!(err.localize(Lang::Zh).contains("“whenever”"));
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
    assert_eq!(err.localize(Lang::Zh), "日期不存在：2026-02-30");
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
    assert_eq!(err.localize(Lang::Zh), "时间不存在：25:00");
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
        let zh = err.localize(Lang::Zh);
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
