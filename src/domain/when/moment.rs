//! A day, or a day and a time: what a caller gives for the expected visit
//! (`周六` or `周六 14:00`). A day said without a time stays a day; no hour
//! is made up for it.

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Moment {
    /// A day, no time said.
    Day(NaiveDate),
    /// A day and the time of day that was said.
    At(NaiveDateTime),
}

impl Moment {
    pub fn date(self) -> NaiveDate {
        match self {
            Moment::Day(d) => d,
            Moment::At(at) => at.date(),
        }
    }

    /// The time of day, when one was said.
    pub fn time(self) -> Option<NaiveTime> {
        match self {
            Moment::Day(_) => None,
            Moment::At(at) => Some(at.time()),
        }
    }

    /// As a date and time, a day alone taken at `default_time`.
    pub fn or_at(self, default_time: NaiveTime) -> NaiveDateTime {
        match self {
            Moment::Day(d) => d.and_time(default_time),
            Moment::At(at) => at,
        }
    }

    /// The stored and machine form: `2026-11-28`, or `2026-11-28 14:00:00`
    /// (as the store writes its other times).
    pub fn code(self) -> String {
        match self {
            Moment::Day(d) => d.format("%Y-%m-%d").to_string(),
            Moment::At(at) => at.format("%Y-%m-%d %H:%M:%S").to_string(),
        }
    }

    /// Reads [`Moment::code`]'s forms, also with `T` and without seconds;
    /// `None` for anything else.
    pub fn from_code(s: &str) -> Option<Moment> {
        let s = s.trim();
        if s.len() == 10 {
            return NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .map(Moment::Day);
        }
        [
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%d %H:%M",
            "%Y-%m-%dT%H:%M",
        ]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .map(Moment::At)
    }

    /// `2026-11-28` or `2026-11-28 14:00`: how a machine-readable output
    /// (CSV, the command line) shows it.
    pub fn short(self) -> String {
        match self {
            Moment::Day(d) => d.format("%Y-%m-%d").to_string(),
            Moment::At(at) => at.format("%Y-%m-%d %H:%M").to_string(),
        }
    }
}

impl From<NaiveDate> for Moment {
    fn from(d: NaiveDate) -> Moment {
        Moment::Day(d)
    }
}

impl From<NaiveDateTime> for Moment {
    fn from(at: NaiveDateTime) -> Moment {
        Moment::At(at)
    }
}

impl fmt::Display for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.short())
    }
}

/// JSON keeps the stored form: `"2026-11-28"` or `"2026-11-28 14:00:00"`.
impl serde::Serialize for Moment {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_and_a_day_with_a_time_keep_their_form_through_the_code() {
        let day = Moment::Day(NaiveDate::from_ymd_opt(2026, 11, 28).unwrap());
        let at = Moment::At(
            NaiveDate::from_ymd_opt(2026, 11, 28)
                .unwrap()
                .and_hms_opt(14, 0, 0)
                .unwrap(),
        );
        assert_eq!(day.code(), "2026-11-28");
        assert_eq!(at.code(), "2026-11-28 14:00:00");
        assert_eq!(Moment::from_code(&day.code()), Some(day));
        assert_eq!(Moment::from_code(&at.code()), Some(at));
        assert_eq!(Moment::from_code("2026-11-28T14:00"), Some(at));
        assert_eq!(at.short(), "2026-11-28 14:00");
        assert_eq!(day.time(), None);
        assert_eq!(Moment::from_code("2026-11-31"), None);
        assert_eq!(Moment::from_code("Saturday"), None);
    }
}
