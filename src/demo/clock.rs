//! Time: durations, days and fast timestamps as SQLite stores them.

use super::*;

pub(super) fn mins(n: i64) -> Duration {
    Duration::minutes(n)
}

pub(super) fn days(n: i64) -> Duration {
    Duration::days(n)
}

pub(super) fn secs_of(t: NaiveDateTime) -> i64 {
    t.num_seconds_from_midnight() as i64
}

pub(super) fn at(day: NaiveDate, secs: i64) -> NaiveDateTime {
    day.and_time(NaiveTime::MIN) + Duration::seconds(secs)
}

/// A date or time as the store writes it, without allocating.
pub(super) struct Stamp {
    pub(super) buf: [u8; 19],
    pub(super) len: usize,
}

pub(super) fn put2(b: &mut [u8], v: u32) {
    b[0] = b'0' + (v / 10 % 10) as u8;
    b[1] = b'0' + (v % 10) as u8;
}

impl Stamp {
    pub(super) fn date(d: NaiveDate) -> Stamp {
        let mut buf = *b"0000-00-00 00:00:00";
        let y = d.year().clamp(0, 9999) as u32;
        put2(&mut buf[0..2], y / 100);
        put2(&mut buf[2..4], y % 100);
        put2(&mut buf[5..7], d.month());
        put2(&mut buf[8..10], d.day());
        Stamp { buf, len: 10 }
    }

    pub(super) fn time(t: NaiveDateTime) -> Stamp {
        let mut s = Stamp::date(t.date());
        put2(&mut s.buf[11..13], t.hour());
        put2(&mut s.buf[14..16], t.minute());
        put2(&mut s.buf[17..19], t.second());
        s.len = 19;
        s
    }

    pub(super) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default()
    }
}

pub(super) fn month_start(d: NaiveDate, back: u32) -> NaiveDate {
    let months = d.year() * 12 + d.month0() as i32 - back as i32;
    NaiveDate::from_ymd_opt(months.div_euclid(12), months.rem_euclid(12) as u32 + 1, 1).unwrap_or(d)
}
