use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WhenError {
    #[error("bad {0}")]
    Bad(String),
}
pub fn parse_strict(input: &str, default_time: NaiveTime) -> Result<NaiveDateTime, WhenError> {
    NaiveDateTime::parse_from_str(input, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(input, "%Y-%m-%d %H:%M"))
        .or_else(|_| parse_date(input).map(|d| d.and_time(default_time)))
        .map_err(|_| WhenError::Bad(input.into()))
}
pub fn parse_date(input: &str) -> Result<NaiveDate, WhenError> {
    NaiveDate::parse_from_str(input, "%Y-%m-%d").map_err(|_| WhenError::Bad(input.into()))
}
pub fn parse_human(
    input: &str,
    _now: NaiveDateTime,
    d: NaiveTime,
) -> Result<NaiveDateTime, WhenError> {
    parse_strict(input, d)
}
