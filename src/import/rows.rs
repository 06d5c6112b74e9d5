//! Checking one row of an import: the phone parses, the name and model are
//! there, the channel is known, dates parse, the grade is on the scale. A
//! bad row gets every reason at once, in the user's language.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::columns::{Columns, Field};
use super::read::Row;
use crate::domain::horizon;
use crate::domain::limits::{check_date, TimeKind, TimeRangeError};
use crate::domain::models::{self, CarModel};
use crate::domain::outcome::check_grade;
use crate::domain::phone::{Phone, PhoneError};
use crate::domain::text::{self, TextError};
use crate::domain::when::{Moment, WhenError};
use crate::domain::Rules;
use crate::i18n::Lang;
use crate::store::{Channel, Gender, ImportRow, LeadDetails, LeadStore, NewLead, StoreError};

/// Why a row was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Phone {
        value: String,
        err: PhoneError,
    },
    NoName,
    NoModel,
    /// The dealer keeps a model list and the row's model is not on it:
    /// the closest names on the list.
    UnknownModel {
        given: String,
        closest: Vec<String>,
    },
    NoChannel,
    UnknownChannel {
        given: String,
        known: String,
    },
    Date {
        field: Field,
        value: String,
        err: WhenError,
    },
    UnknownGrade {
        given: String,
        scale: String,
    },
    NoGrade,
    DoNotCall {
        since: NaiveDateTime,
    },
    /// A control, text-direction or invisible character, or too long.
    Text(TextError),
    /// A date outside its range.
    Range(TimeRangeError),
}

impl Problem {
    /// The problem in `lang`, from the catalog (`i18n::row_problem`).
    pub fn text(&self, lang: Lang) -> String {
        crate::i18n::row_problem(self, lang)
    }
}

/// All of a row's problems as one reason (`i18n::row_reason`).
pub fn reason(problems: &[Problem], lang: Lang) -> String {
    crate::i18n::row_reason(problems, lang)
}

/// Checks rows against the store's channels and grade scale.
pub struct Checker<'a> {
    pub store: &'a dyn LeadStore,
    pub rules: Rules,
    pub columns: &'a Columns,
    pub default_channel: Option<&'a Channel>,
    pub owner: Option<&'a str>,
    pub origin: String,
    pub today: NaiveDate,
    /// The time of day of the import, for an expected visit given as a
    /// time alone (`14:00`: today if still ahead, else tomorrow).
    pub time: NaiveTime,
    /// The dealer's model list (empty: any model is taken as written).
    pub models: Vec<CarModel>,
    /// Channels by the name a row gives, looked up once each.
    pub channels: HashMap<String, Result<String, String>>,
}

impl Checker<'_> {
    /// The row as a lead to import, or why it cannot be. Errs only when the
    /// store cannot be read.
    pub fn check(&mut self, row: &Row) -> Result<Result<ImportRow, Vec<Problem>>, StoreError> {
        let columns = self.columns;
        let get = |f: Field| columns.get(row, f);
        let mut problems = Vec::new();

        let name = get(Field::Name).unwrap_or("");
        if name.is_empty() {
            problems.push(Problem::NoName);
        }
        let phone_text = get(Field::Phone).unwrap_or("");
        let phone = Phone::parse(phone_text)
            .map_err(|err| {
                problems.push(Problem::Phone {
                    value: phone_text.to_string(),
                    err,
                })
            })
            .ok();
        let model_given = get(Field::Model).unwrap_or("");
        let model = if model_given.is_empty() {
            problems.push(Problem::NoModel);
            String::new()
        } else {
            // A known spelling becomes the list's one name, as at capture.
            models::check(&self.models, model_given).unwrap_or_else(|closest| {
                problems.push(Problem::UnknownModel {
                    given: model_given.to_string(),
                    closest,
                });
                model_given.to_string()
            })
        };
        let channel = match get(Field::Channel) {
            Some(given) => self.channel(given)?.map_err(|known| {
                problems.push(Problem::UnknownChannel {
                    given: given.to_string(),
                    known,
                })
            }),
            None => self.default_channel.map(|c| c.code.clone()).ok_or_else(|| {
                problems.push(Problem::NoChannel);
            }),
        }
        .ok();
        let now = self.today.and_time(self.time);
        let mut date = |field: Field| {
            let value = get(field)?;
            let read = match field {
                // The expected visit keeps a time the file gives (`周六
                // 14:00`, `2026-11-28 14:30:00`), as the capture form does.
                Field::VisitBy => horizon::visit(value, now),
                _ => parse_day(value, self.today).map(Moment::Day),
            };
            read.map_err(|err| {
                problems.push(Problem::Date {
                    field,
                    value: value.to_string(),
                    err,
                })
            })
            .ok()
        };
        let purchase_by = date(Field::PurchaseBy).map(Moment::date);
        let visit_by = date(Field::VisitBy);
        let grade = match get(Field::Grade) {
            Some(g) => match check_grade(&self.rules, g) {
                Ok(code) => Some(code.into_string()),
                Err(_) => {
                    problems.push(Problem::UnknownGrade {
                        given: g.to_string(),
                        scale: self.scale(),
                    });
                    None
                }
            },
            None => None,
        };
        if get(Field::Grade).is_none() && get(Field::PurchaseBy).is_none() {
            problems.push(Problem::NoGrade);
        }
        let note = get(Field::Note).map(|n| text::normalize_lines(n).into_owned());
        let texts = [
            (text::Field::Name, Some(name)),
            (text::Field::Model, Some(model.as_str())),
            (text::Field::City, get(Field::City)),
            (text::Field::Consent, get(Field::Consent)),
            (text::Field::Note, note.as_deref()),
        ];
        for (field, value) in texts {
            if let Err(e) = text::check_opt(field, value) {
                problems.push(Problem::Text(e));
            }
        }
        let ranges = [
            (TimeKind::Purchase, purchase_by),
            (TimeKind::Visit, visit_by.map(Moment::date)),
        ];
        for (kind, day) in ranges {
            if let Some(Err(e)) = day.map(|d| check_date(kind, d, self.today)) {
                problems.push(Problem::Range(e));
            }
        }
        let (Some(phone), Some(channel), true) = (phone, channel, problems.is_empty()) else {
            return Ok(Err(problems));
        };
        Ok(Ok(ImportRow {
            line: row.line,
            lead: NewLead {
                name: name.to_string(),
                phone,
                channel,
                model,
                purchase_by,
                visit_by,
                grade,
                owner: self.owner.map(str::to_string),
                note,
                details: LeadDetails {
                    gender: get(Field::Gender).and_then(gender),
                    city: get(Field::City).map(str::to_string),
                    consent: get(Field::Consent)
                        .filter(|v| agrees(v))
                        .map(|v| format!("{}: {v}", self.origin)),
                    ..LeadDetails::default()
                },
            },
        }))
    }

    /// A channel's code, or the list of known channels.
    fn channel(&mut self, given: &str) -> Result<Result<String, String>, StoreError> {
        if let Some(known) = self.channels.get(given) {
            return Ok(known.clone());
        }
        let found = match self.store.channel(given) {
            Ok(c) => Ok(c.code),
            Err(StoreError::NoSuchChannel { known, .. }) => Err(known),
            Err(e) => return Err(e),
        };
        self.channels.insert(given.to_string(), found.clone());
        Ok(found)
    }

    fn scale(&self) -> String {
        self.rules
            .grades
            .iter()
            .map(|g| g.code.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A date as platforms export it, or a window or month as callers say it:
/// the domain's one reading of an expected purchase ([`horizon::parse`]).
pub fn parse_day(value: &str, today: NaiveDate) -> Result<NaiveDate, WhenError> {
    horizon::parse(value, today)
}

fn gender(v: &str) -> Option<Gender> {
    match v.trim().to_lowercase().as_str() {
        "男" | "男士" | "先生" | "m" | "male" => Some(Gender::Male),
        "女" | "女士" | "小姐" | "f" | "female" => Some(Gender::Female),
        _ => None,
    }
}

/// Whether a consent cell says yes (anything but a blank or a no).
fn agrees(v: &str) -> bool {
    !matches!(
        v.trim().to_lowercase().as_str(),
        "" | "否" | "不同意" | "未同意" | "未授权" | "无" | "no" | "n" | "false" | "0"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn platform_dates_and_windows_parse() {
        let today = day("2026-11-23");
        assert_eq!(parse_day("2026/11/25", today), Ok(day("2026-11-25")));
        assert_eq!(
            parse_day("2026-11-25 14:30:00", today),
            Ok(day("2026-11-25"))
        );
        assert_eq!(parse_day("一周内", today), Ok(day("2026-11-30")));
        assert_eq!(parse_day("半年内", today), Ok(day("2027-05-24")));
        // What the capture form accepts, the importer accepts.
        assert_eq!(parse_day("下个月", today), Ok(day("2026-12-31")));
        assert_eq!(parse_day("2027-01", today), Ok(day("2027-01-31")));
        assert!(parse_day("下辈子", today).is_err());
        assert!(parse_day("2026-02-30", today).is_err());
    }

    #[test]
    fn gender_and_consent_read_the_usual_words() {
        assert_eq!(gender("男"), Some(Gender::Male));
        assert_eq!(gender("F"), Some(Gender::Female));
        assert_eq!(gender("未知"), None);
        assert!(agrees("是"));
        assert!(agrees("2026-11-20 网页勾选"));
        assert!(!agrees("否"));
        assert!(!agrees(" "));
    }

    #[test]
    fn reasons_come_in_both_languages() {
        let p = [Problem::NoName, Problem::NoGrade];
        assert_eq!(
            reason(&p, Lang::En),
            "the name is empty; no expected purchase date or grade"
        );
        assert_eq!(
            reason(&p, Lang::Zh),
            "姓名为空；没有预计购车时间，也没有级别"
        );
    }
}
