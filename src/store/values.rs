//! Typed values at the SQL boundary. The domain's coded values (status, due
//! reason, outcome, role, event kind, gender, purchase type, payment), the
//! grade and the phone number convert to and from SQL themselves, here in the store so
//! that the domain knows nothing of SQLite; row readers take them typed
//! instead of taking strings and parsing them back.
//!
//! A stored value that does not parse (a damaged file, or one written by a
//! newer dcc-desk) is an error that names the table, the row and the value,
//! never a default such as "tracking": read a row's typed columns through
//! [`of`], which knows the table and the row.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::Row;

use crate::domain::lead::{DueReason, Status};
use crate::domain::outcome::Outcome;
use crate::domain::phone::Phone;
use crate::domain::when::Moment;
use crate::domain::{
    ChangeValue, EventKind, Gender, Grade, Payment, PurchaseType, Role, VisitState,
};

/// The text of a stored value, or the value itself as the error when it is
/// not text (a number or a blob where a code belongs).
fn text(v: ValueRef<'_>) -> FromSqlResult<&str> {
    match v {
        ValueRef::Text(t) => {
            std::str::from_utf8(t).map_err(|_| unknown(&String::from_utf8_lossy(t)))
        }
        ValueRef::Integer(i) => Err(unknown(&i.to_string())),
        ValueRef::Real(f) => Err(unknown(&f.to_string())),
        ValueRef::Blob(b) => Err(unknown(&format!("<{} bytes>", b.len()))),
        ValueRef::Null => Err(FromSqlError::InvalidType),
    }
}

fn unknown(value: &str) -> FromSqlError {
    FromSqlError::Other(Box::new(Unknown(value.to_string())))
}

/// A stored value its type does not know, before [`Of`] names where it is.
#[derive(Debug, thiserror::Error)]
#[error("{0:?}, which this dcc-desk does not know")]
struct Unknown(String);

macro_rules! coded_sql {
    ($($t:ty),+ $(,)?) => {$(
        impl ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.code()))
            }
        }

        impl FromSql for $t {
            fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
                let code = text(v)?;
                <$t>::from_code(code).ok_or_else(|| unknown(code))
            }
        }
    )+};
}

coded_sql!(
    Status,
    DueReason,
    Outcome,
    Role,
    EventKind,
    Gender,
    PurchaseType,
    Payment,
    crate::domain::showroom::HandoverKind,
    VisitState
);

/// A phone number is stored normalized (`13812345678`): what is read back
/// must parse, and parse to itself.
impl FromSql for Phone {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        let stored = text(v)?;
        Phone::parse(stored)
            .ok()
            .filter(|p| p.as_str() == stored)
            .ok_or_else(|| unknown(stored))
    }
}

impl ToSql for Phone {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

/// The expected visit is stored as a day (`2026-11-28`) or a day and time
/// (`2026-11-28 14:00:00`); a file written before times were kept has days.
impl FromSql for Moment {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        let stored = text(v)?;
        Moment::from_code(stored).ok_or_else(|| unknown(stored))
    }
}

impl ToSql for Moment {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.code()))
    }
}

/// A grade is stored as its code; what is read back must have a grade's
/// shape (the scale itself is the dealer's, so a code the scale no longer
/// has is still a grade).
impl FromSql for Grade {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        let stored = text(v)?;
        Grade::parse(stored).ok_or_else(|| unknown(stored))
    }
}

impl ToSql for Grade {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

/// Row `row` of `table`, whose id is in column `id_column` of the query: its
/// typed columns read through [`Of::get`] name the table and the row.
pub(super) fn of<'a, 'r>(
    row: &'a Row<'r>,
    table: &'static str,
    id_column: usize,
) -> rusqlite::Result<Of<'a, 'r>> {
    Ok(Of {
        row,
        table,
        id: row.get(id_column)?,
    })
}

pub(super) struct Of<'a, 'r> {
    row: &'a Row<'r>,
    table: &'static str,
    id: i64,
}

impl Of<'_, '_> {
    /// Column `column` as a `T`; a value `T` does not know is an
    /// [`UnknownCode`] naming this table and row.
    pub(super) fn get<T: FromSql>(&self, column: usize) -> rusqlite::Result<T> {
        self.row.get(column).map_err(|e| match e {
            rusqlite::Error::FromSqlConversionFailure(i, ty, err) => {
                match err.downcast::<Unknown>() {
                    Ok(u) => rusqlite::Error::FromSqlConversionFailure(
                        i,
                        ty,
                        Box::new(UnknownCode {
                            table: self.table,
                            row: self.id,
                            value: u.0,
                        }),
                    ),
                    Err(err) => rusqlite::Error::FromSqlConversionFailure(i, ty, err),
                }
            }
            other => other,
        })
    }

    /// Column `column` as the old or new value of a change of `kind`: a
    /// grade (created, grade), a status, or an owner's login.
    pub(super) fn change(
        &self,
        kind: EventKind,
        column: usize,
    ) -> rusqlite::Result<Option<ChangeValue>> {
        Ok(match kind {
            EventKind::Created | EventKind::Grade => {
                self.get::<Option<Grade>>(column)?.map(ChangeValue::Grade)
            }
            EventKind::Status => self.get::<Option<Status>>(column)?.map(ChangeValue::Status),
            EventKind::Owner => self.get::<Option<String>>(column)?.map(ChangeValue::Agent),
        })
    }

    /// The row's id.
    pub(super) fn id(&self) -> i64 {
        self.id
    }
}

/// The store error for a stored value this program does not know, if `e`
/// is one.
pub(super) fn unknown_code(e: rusqlite::Error) -> Result<UnknownCode, rusqlite::Error> {
    match e {
        rusqlite::Error::FromSqlConversionFailure(i, ty, err) => {
            match err.downcast::<UnknownCode>() {
                Ok(u) => Ok(*u),
                Err(err) => Err(rusqlite::Error::FromSqlConversionFailure(i, ty, err)),
            }
        }
        other => Err(other),
    }
}

/// A stored value this program does not know: where it is and what it is.
/// The catalog (`i18n::store_error`) names it; `Display` is the English.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{table} row {row} holds {value:?}, which this dcc-desk does not know (a damaged file, or one written by a newer version)")]
pub struct UnknownCode {
    pub table: &'static str,
    pub row: i64,
    pub value: String,
}
