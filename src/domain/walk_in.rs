//! A walk-in registered at reception (进店登记): who came, their number,
//! when they came in and left, a first visit or a return, and the sales
//! consultant who received them. A number the DCC knows is that lead's
//! visit, handed to that consultant, counted once a day; a new number is a
//! new lead from the showroom channel (`walkin`), owned by the DCC by the
//! dealer's rule. Pure: "now" comes in.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::access::ShownPhone;
use super::lead::Status;
use super::outcome::Refusal;
use super::phone::Phone;

/// How far back reception may register a walk-in: the day's register is
/// written the same day, or the next morning at the latest.
pub const REGISTER_WITHIN_DAYS: i64 = 2;

/// What reception registers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkIn {
    /// The name the customer gave at the door.
    pub name: String,
    pub phone: Phone,
    pub came_in: NaiveDateTime,
    pub went_out: Option<NaiveDateTime>,
    /// The customer came before (a returning visit; else a first one).
    pub returning: bool,
    /// The login of the sales consultant who received them.
    pub consultant: String,
    /// For a new number: the model they came for, and the grade or the
    /// expected purchase a new lead needs (as `dcc lead add`).
    pub model: Option<String>,
    pub grade: Option<String>,
    pub purchase_by: Option<NaiveDate>,
    pub note: Option<String>,
}

impl WalkIn {
    /// A first visit, received by `consultant`, that came in at `came_in`.
    pub fn new(name: &str, phone: Phone, came_in: NaiveDateTime, consultant: &str) -> WalkIn {
        WalkIn {
            name: name.into(),
            phone,
            came_in,
            went_out: None,
            returning: false,
            consultant: consultant.into(),
            model: None,
            grade: None,
            purchase_by: None,
            note: None,
        }
    }
}

/// What is wrong with a walk-in's times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WalkInTime {
    /// They left before they came in.
    OutBeforeIn {
        came_in: NaiveDateTime,
        went_out: NaiveDateTime,
    },
    /// A time after now: reception registers who came, not who will.
    Future(NaiveDateTime),
    /// Longer ago than reception registers ([`REGISTER_WITHIN_DAYS`]).
    TooLongAgo(NaiveDateTime),
}

/// The times of a walk-in, registered at `now`.
pub fn check_times(w: &WalkIn, now: NaiveDateTime) -> Result<(), Refusal> {
    let bad = |t| Err(Refusal::WalkInTime(t));
    for t in std::iter::once(w.came_in).chain(w.went_out) {
        if t > now {
            return bad(WalkInTime::Future(t));
        }
    }
    if w.came_in < now - Duration::days(REGISTER_WITHIN_DAYS) {
        return bad(WalkInTime::TooLongAgo(w.came_in));
    }
    match w.went_out {
        Some(out) if out < w.came_in => bad(WalkInTime::OutBeforeIn {
            came_in: w.came_in,
            went_out: out,
        }),
        _ => Ok(()),
    }
}

/// Why a registered walk-in is not (again) the lead's visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotCounted {
    /// The lead's arrival that day is recorded already: a visit counts once.
    ArrivedToday,
    /// The lead takes no arrival now (it has ordered, it is closed, a
    /// request on it waits for the supervisor): the refusal says why.
    Refused(Refusal),
}

/// What registering a walk-in did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkedIn {
    pub walk_in_id: i64,
    pub lead_id: i64,
    /// The number was new: a lead from the showroom channel.
    pub new_lead: bool,
    /// Why it is not counted as the lead's visit; `None`: counted, the
    /// lead handed to the consultant.
    pub not_counted: Option<NotCounted>,
    pub status: Status,
    /// The consultant who received them (login, name).
    pub consultant: String,
    pub consultant_name: String,
    /// The DCC agent who owns the lead (login).
    pub owner: Option<String>,
}

impl WalkedIn {
    pub fn counted(&self) -> bool {
        self.not_counted.is_none()
    }
}

/// A row of the day's walk-in register, as reception reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WalkInRow {
    pub id: i64,
    pub came_in: NaiveDateTime,
    pub went_out: Option<NaiveDateTime>,
    /// The name given at the door (the lead may know the customer by
    /// another).
    pub name: String,
    /// Masked but for the customers the reader received or whose DCC agent
    /// they are.
    pub phone: ShownPhone,
    pub returning: bool,
    /// The consultant who received them (login, name).
    pub consultant: String,
    pub consultant_name: String,
    pub lead_id: i64,
    pub new_lead: bool,
    /// Counted as the lead's visit.
    pub counted: bool,
    /// Who registered it (login).
    pub registered_by: String,
    pub note: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(d: u32, h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, d)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    }

    fn walk_in(came_in: NaiveDateTime) -> WalkIn {
        WalkIn::new(
            "张三",
            Phone::parse("13812345678").unwrap(),
            came_in,
            "wang",
        )
    }

    #[test]
    fn times_are_checked_against_now_and_each_other() {
        let now = at(25, 11, 0);
        let mut w = walk_in(at(25, 10, 5));
        assert_eq!(check_times(&w, now), Ok(()));
        w.went_out = Some(at(25, 10, 50));
        assert_eq!(check_times(&w, now), Ok(()));
        w.went_out = Some(at(25, 9, 50));
        assert_eq!(
            check_times(&w, now),
            Err(Refusal::WalkInTime(WalkInTime::OutBeforeIn {
                came_in: at(25, 10, 5),
                went_out: at(25, 9, 50)
            }))
        );
        w.went_out = Some(at(25, 11, 30));
        assert_eq!(
            check_times(&w, now),
            Err(Refusal::WalkInTime(WalkInTime::Future(at(25, 11, 30))))
        );
        let late = walk_in(at(25, 11, 1));
        assert_eq!(
            check_times(&late, now),
            Err(Refusal::WalkInTime(WalkInTime::Future(at(25, 11, 1))))
        );
        // Yesterday's register, written this morning: fine; last week's: not.
        assert_eq!(check_times(&walk_in(at(24, 17, 0)), now), Ok(()));
        assert_eq!(
            check_times(&walk_in(at(20, 17, 0)), now),
            Err(Refusal::WalkInTime(WalkInTime::TooLongAgo(at(20, 17, 0))))
        );
    }
}
