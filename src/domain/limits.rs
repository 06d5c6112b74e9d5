//! Times within reason. A date typed or imported far away (year 10056, 2300,
//! 9999-12-31) is a mistake, not a plan: it would sort before today as text
//! or hide a lead for ever. Each kind of time has a horizon from now, and
//! every year has four digits.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime};

/// A kind of time a person or a file gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeKind {
    /// The customer's chosen time for the next call.
    Callback,
    /// A showroom visit (an appointment or the expected visit).
    Visit,
    /// The expected purchase.
    Purchase,
}

impl TimeKind {
    /// How far ahead the time may be, in days.
    pub fn horizon_days(self) -> u64 {
        match self {
            TimeKind::Callback => 366,
            TimeKind::Visit => 90,
            TimeKind::Purchase => 3 * 365 + 1,
        }
    }
}

/// A time outside its range; nothing was saved. The catalog
/// (`i18n::time_range_error`) names it, and `Display` in English.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct TimeRangeError {
    pub kind: TimeKind,
    pub given: NaiveDate,
    /// The last day allowed.
    pub latest: NaiveDate,
}

impl TimeRangeError {
    /// The date given, as a refusal shows it.
    pub fn given_shown(&self) -> String {
        shown(self.given)
    }
}

/// A date with its year in four digits, or as it is when it has not.
fn shown(d: NaiveDate) -> String {
    if (1000..=9999).contains(&d.year()) {
        d.format("%Y-%m-%d").to_string()
    } else {
        format!("{}-{:02}-{:02}", d.year(), d.month(), d.day())
    }
}

/// The last day a time of `kind` may fall on, seen from `today`.
pub fn latest(kind: TimeKind, today: NaiveDate) -> NaiveDate {
    today
        .checked_add_days(Days::new(kind.horizon_days()))
        .unwrap_or(NaiveDate::MAX)
}

/// Checks a date: within the kind's horizon from `today`, and a
/// four-digit year (before it too: year 0999 is a typing error).
pub fn check_date(kind: TimeKind, d: NaiveDate, today: NaiveDate) -> Result<(), TimeRangeError> {
    let latest = latest(kind, today);
    if d > latest || d.year() < 1000 {
        return Err(TimeRangeError {
            kind,
            given: d,
            latest,
        });
    }
    Ok(())
}

/// [`check_date`] for a time.
pub fn check_time(
    kind: TimeKind,
    t: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<(), TimeRangeError> {
    check_date(kind, t.date(), now.date())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, Localize};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn each_kind_of_time_has_its_horizon() {
        let today = d("2026-11-23");
        assert!(check_date(TimeKind::Callback, d("2027-11-23"), today).is_ok());
        assert!(check_date(TimeKind::Callback, d("2027-12-01"), today).is_err());
        assert!(check_date(TimeKind::Visit, d("2027-02-21"), today).is_ok());
        assert!(check_date(TimeKind::Visit, d("2027-02-22"), today).is_err());
        assert!(check_date(TimeKind::Purchase, d("2029-11-23"), today).is_ok());
        assert!(check_date(TimeKind::Purchase, d("2030-01-01"), today).is_err());
        for far in ["2300-01-01", "9999-12-31"] {
            assert!(
                check_date(TimeKind::Purchase, d(far), today).is_err(),
                "{far}"
            );
        }
        let ten_thousand = NaiveDate::from_ymd_opt(10056, 1, 1).unwrap();
        let e = check_date(TimeKind::Callback, ten_thousand, today).unwrap_err();
        assert_eq!(
            e.to_string(),
            "a callback must be within a year from today (by 2027-11-24); 10056-01-01 is not"
        );
        assert!(
            e.localize(Lang::Zh).contains("一年"),
            "{}",
            e.localize(Lang::Zh)
        );
        let tiny = NaiveDate::from_ymd_opt(999, 1, 1).unwrap();
        assert!(check_date(TimeKind::Purchase, tiny, today).is_err());
        // Past dates are the business of the outcome rules, not of this range.
        assert!(check_date(TimeKind::Purchase, d("2026-01-01"), today).is_ok());
    }
}
