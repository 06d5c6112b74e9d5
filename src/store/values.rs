//! Coded values read back from the database. A code that does not parse (a
//! damaged file, or one written by a newer dcc-desk) is an error that names
//! the table, the row and the value, never a default such as "tracking".

use rusqlite::types::Type;

/// A code from `table`'s row `row`, column `column` of the query, read by `parse`.
pub(super) fn coded<T>(
    table: &'static str,
    row: i64,
    column: usize,
    value: &str,
    parse: fn(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    parse(value).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            column,
            Type::Text,
            Box::new(UnknownCode {
                table,
                row,
                value: value.to_string(),
            }),
        )
    })
}

/// A stored code this program does not know.
#[derive(Debug, thiserror::Error)]
#[error("{table} row {row} holds {value:?}, which this dcc-desk does not know (a damaged file, or one written by a newer version)")]
pub struct UnknownCode {
    pub table: &'static str,
    pub row: i64,
    pub value: String,
}
