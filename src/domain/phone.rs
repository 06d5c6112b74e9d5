//! Chinese phone numbers: the customer's identity.
//!
//! Everything a person may type (spaces, dashes, dots, parentheses, full-width
//! digits, a `+86`/`0086` country code) is normalized to the national digits
//! only, e.g. `13812345678`, `01012345678`, `4001234567`, before it is
//! validated and stored.

use std::fmt;
use std::str::FromStr;

use super::numbering;

/// A validated Chinese phone number in normalized form: national digits only,
/// no country code (mobile `13812345678`, landline `01012345678`, service
/// number `4001234567`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Phone(String);

/// Why a typed phone number was rejected: the catalog
/// (`i18n::phone_error`) names it, and `Display` in English.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    Empty,
    Letter(char),
    InvalidCharacter(char),
    ForeignCountryCode,
    TooShort {
        found: usize,
        expected: usize,
    },
    TooLong {
        found: usize,
        expected: usize,
    },
    InvalidMobilePrefix {
        prefix: String,
    },
    UnassignedMobilePrefix {
        prefix: String,
    },
    ElevenDigitsNotMobile {
        first: char,
    },
    MissingAreaCode {
        found: usize,
    },
    BadAreaCode {
        area_code: String,
    },
    BadLandlineLength {
        area_code: String,
        found: usize,
    },
    WrongLocalLength {
        area_code: String,
        found: usize,
        expected: usize,
    },
    BadLocalNumber {
        area_code: String,
        first: char,
    },
}

impl Phone {
    /// Normalize and validate a typed phone number.
    pub fn parse(input: &str) -> Result<Phone, PhoneError> {
        let cleaned = clean(input)?;
        let (plus, digits) = match cleaned.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, cleaned.as_str()),
        };
        if digits.is_empty() {
            return Err(PhoneError::Empty);
        }
        let mut national = strip_country_code(plus, digits)?;
        // A mobile number dialed with a leading 0 (the old long-distance habit).
        if national.len() == 12 && national.starts_with('0') && is_valid_mobile(&national[1..]) {
            national.remove(0);
        }
        validate(&national)?;
        Ok(Phone(national))
    }

    /// The normalized digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True for an 11-digit mobile number.
    pub fn is_mobile(&self) -> bool {
        self.0.len() == 11 && self.0.starts_with('1')
    }

    fn is_service(&self) -> bool {
        self.0.len() == 10 && (self.0.starts_with("400") || self.0.starts_with("800"))
    }

    /// The number with its middle hidden: `138****5678` for mobiles; for
    /// landlines the area code and last 4 digits stay (`010****5678`); for
    /// 400/800 numbers the first 3 and last 4 stay (`400***4567`).
    pub fn masked(&self) -> String {
        let keep_front = if self.is_mobile() || self.is_service() {
            3
        } else {
            area_code_len(&self.0)
        };
        let len = self.0.len();
        let hidden = len.saturating_sub(keep_front + 4);
        format!(
            "{}{}{}",
            &self.0[..keep_front],
            "*".repeat(hidden),
            &self.0[keep_front + hidden..]
        )
    }

    /// Human display: mobiles `138 1234 5678`, landlines `010-12345678`,
    /// service numbers `400-123-4567`.
    pub fn display(&self) -> String {
        let s = &self.0;
        if self.is_mobile() {
            format!("{} {} {}", &s[..3], &s[3..7], &s[7..])
        } else if self.is_service() {
            format!("{}-{}-{}", &s[..3], &s[3..6], &s[6..])
        } else {
            let a = area_code_len(s);
            format!("{}-{}", &s[..a], &s[a..])
        }
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A number compares with its normalized digits.
impl PartialEq<&str> for Phone {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl FromStr for Phone {
    type Err = PhoneError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Phone::parse(s)
    }
}

/// The digits of a partial search string, normalized like [`Phone::parse`]
/// (full-width digits become ASCII; spaces, dashes, dots and parentheses are
/// dropped), used to find leads by any part of their number. A leading
/// `+86`/`0086` is stripped only if at least 7 digits remain (a shorter rest
/// is kept whole, since it may be the middle of a number); a bare leading
/// `86` only when an 11-digit mobile number remains. Returns `None` if the
/// input contains no digit.
pub fn search_digits(input: &str) -> Option<String> {
    let mut digits = String::new();
    let mut plus = false;
    for c in input.chars() {
        if let Some(d) = ascii_digit(c) {
            digits.push(d);
        } else if (c == '+' || c == '＋') && digits.is_empty() {
            plus = true;
        }
    }
    if digits.is_empty() {
        return None;
    }
    const MIN_REST: usize = 7;
    let rest = if plus {
        digits.strip_prefix("86")
    } else {
        digits.strip_prefix("0086")
    };
    if let Some(rest) = rest {
        if rest.len() >= MIN_REST {
            return Some(rest.to_string());
        }
    }
    if let Some(rest) = digits.strip_prefix("86") {
        if is_valid_mobile(rest) {
            return Some(rest.to_string());
        }
    }
    Some(digits)
}

/// Full-width digit to ASCII; ASCII digit as is.
fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        _ => None,
    }
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '－' | '.' | '(' | ')' | '（' | '）')
}

/// Trim, convert full-width digits and plus, drop separators and reject
/// anything else. The result is digits with an optional leading '+'.
fn clean(input: &str) -> Result<String, PhoneError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(PhoneError::Empty);
    }
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        if let Some(d) = ascii_digit(c) {
            out.push(d);
        } else if c == '+' || c == '＋' {
            if !out.is_empty() {
                return Err(PhoneError::InvalidCharacter(c));
            }
            out.push('+');
        } else if is_separator(c) {
            continue;
        } else if c.is_ascii_alphabetic() || matches!(c, 'Ａ'..='Ｚ' | 'ａ'..='ｚ') {
            return Err(PhoneError::Letter(c));
        } else {
            return Err(PhoneError::InvalidCharacter(c));
        }
    }
    Ok(out)
}

fn is_valid_mobile(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 11
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
        && b.iter().all(u8::is_ascii_digit)
}

fn is_service_number(d: &str) -> bool {
    d.len() == 10 && (d.starts_with("400") || d.starts_with("800"))
}

/// Remove the country code, giving the national number.
fn strip_country_code(plus: bool, digits: &str) -> Result<String, PhoneError> {
    let after_cc = if plus {
        match digits.strip_prefix("86") {
            Some("") => {
                return Err(PhoneError::TooShort {
                    found: 0,
                    expected: 11,
                })
            }
            Some(rest) => Some(rest),
            None => return Err(PhoneError::ForeignCountryCode),
        }
    } else if let Some(rest) = digits.strip_prefix("0086") {
        if rest.is_empty() {
            return Err(PhoneError::TooShort {
                found: 0,
                expected: 11,
            });
        }
        Some(rest)
    } else if digits.starts_with("00") && digits.len() > 2 {
        // Another international prefix.
        return Err(PhoneError::ForeignCountryCode);
    } else {
        None
    };

    let Some(rest) = after_cc else {
        // A bare "86" is a country code only when a valid mobile follows.
        if let Some(rest) = digits.strip_prefix("86") {
            if is_valid_mobile(rest) {
                return Ok(rest.to_string());
            }
        }
        return Ok(digits.to_string());
    };

    // After the country code: a mobile, a service number, or a landline whose
    // trunk '0' is usually omitted (+86 10 12345678, +86 755 1234567).
    let national = if rest.starts_with('0')
        || (rest.starts_with('1') && !rest.starts_with("10"))
        || is_service_number(rest)
    {
        rest.to_string()
    } else {
        format!("0{rest}")
    };
    Ok(national)
}

/// Length of the area code (with trunk '0') of a landline number.
fn area_code_len(d: &str) -> usize {
    if d.starts_with("010") || d.starts_with("02") {
        3
    } else {
        4
    }
}

fn validate(d: &str) -> Result<(), PhoneError> {
    let n = d.len();
    let first = d.chars().next().ok_or(PhoneError::Empty)?;
    match first {
        '1' => validate_mobile(d),
        '0' => validate_landline(d),
        _ if is_service_number(d) => Ok(()),
        _ if n == 7 || n == 8 => Err(PhoneError::MissingAreaCode { found: n }),
        _ if d.starts_with("400") || d.starts_with("800") => Err(length_error(n, 10)),
        _ if n == 11 => Err(PhoneError::ElevenDigitsNotMobile { first }),
        _ => Err(length_error(n, 11)),
    }
}

fn length_error(found: usize, expected: usize) -> PhoneError {
    if found < expected {
        PhoneError::TooShort { found, expected }
    } else {
        PhoneError::TooLong { found, expected }
    }
}

fn validate_mobile(d: &str) -> Result<(), PhoneError> {
    let second = d.as_bytes().get(1).copied();
    if let Some(s) = second {
        if !(b'3'..=b'9').contains(&s) {
            return Err(PhoneError::InvalidMobilePrefix {
                prefix: d[..2].to_string(),
            });
        }
    }
    if d.len() != 11 {
        return Err(length_error(d.len(), 11));
    }
    if !numbering::mobile_assigned(d) {
        let prefix = if d.starts_with("174") {
            &d[..5]
        } else {
            &d[..3]
        };
        return Err(PhoneError::UnassignedMobilePrefix {
            prefix: prefix.to_string(),
        });
    }
    Ok(())
}

fn validate_landline(d: &str) -> Result<(), PhoneError> {
    let a = area_code_len(d);
    if d.len() < a {
        return Err(PhoneError::TooShort {
            found: d.len(),
            expected: 10,
        });
    }
    let area = &d[..a];
    let Some(lengths) = numbering::local_lengths(area) else {
        return Err(PhoneError::BadAreaCode {
            area_code: area.to_string(),
        });
    };
    let local = &d[a..];
    if local.len() != 7 && local.len() != 8 {
        return Err(PhoneError::BadLandlineLength {
            area_code: area.to_string(),
            found: local.len(),
        });
    }
    if !lengths.contains(&local.len()) {
        return Err(PhoneError::WrongLocalLength {
            area_code: area.to_string(),
            found: local.len(),
            expected: lengths[0],
        });
    }
    // Real local numbers never start with 0 or 1, but numbers like
    // 010-12345678 are what people use as examples and test data, so only a
    // leading 0 (a second trunk prefix typed by mistake) is rejected.
    let lf = local.chars().next().unwrap_or('0');
    if lf == '0' {
        return Err(PhoneError::BadLocalNumber {
            area_code: area.to_string(),
            first: lf,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, Localize};

    fn p(s: &str) -> String {
        match Phone::parse(s) {
            Ok(ph) => ph.as_str().to_string(),
            Err(e) => panic!("{s:?} should parse, got {e}"),
        }
    }

    fn e(s: &str) -> PhoneError {
        match Phone::parse(s) {
            Ok(ph) => panic!("{s:?} should fail, got {ph}"),
            Err(e) => e,
        }
    }

    #[test]
    fn mobile_formats_normalize_equal() {
        let forms = [
            "13812345678",
            "138 1234 5678",
            "138-1234-5678",
            "+86 138 1234 5678",
            "+8613812345678",
            "0086 13812345678",
            "008613812345678",
            "8613812345678",
            "86 138 1234 5678",
            "１３８１２３４５６７８",
            "（+86）138-1234-5678",
            "(+86) 138.1234.5678",
            "＋８６　１３８－１２３４－５６７８",
            "  13812345678\t",
            "0138 1234 5678",
        ];
        let expected = Phone::parse("13812345678").unwrap();
        for f in forms {
            assert_eq!(Phone::parse(f).as_ref(), Ok(&expected), "form {f:?}");
        }
        assert!(expected.is_mobile());
        assert_eq!(expected.as_str(), "13812345678");
    }

    #[test]
    fn all_mobile_second_digits_3_to_9() {
        for second in 3..=9 {
            let n = format!("1{second}712345678");
            assert_eq!(p(&n), n);
        }
    }

    /// Compared with libphonenumber: prefixes no operator has are refused,
    /// saying so in both languages.
    #[test]
    fn unassigned_mobile_prefixes_are_refused() {
        for prefix in [
            "140", "141", "142", "143", "144", "154", "179", "194", "160", "168",
        ] {
            let n = format!("{prefix}12345678");
            assert_eq!(
                e(&n),
                PhoneError::UnassignedMobilePrefix {
                    prefix: prefix.to_string()
                },
                "{n}"
            );
        }
        assert_eq!(
            e("+86 174 0612 3456"),
            PhoneError::UnassignedMobilePrefix {
                prefix: "17406".into()
            }
        );
        assert_eq!(p("17405123456"), "17405123456");
        let err = e("154 1234 5678");
        assert!(err.to_string().contains("154"), "{err}");
        assert!(
            err.localize(Lang::Zh).contains("154 号段"),
            "{}",
            err.localize(Lang::Zh)
        );
        // The same refusal whatever the spelling.
        for spelled in [
            "+86 140 1234 5678",
            "0086-14012345678",
            "１４０１２３４５６７８",
        ] {
            assert!(
                matches!(e(spelled), PhoneError::UnassignedMobilePrefix { .. }),
                "{spelled}"
            );
        }
    }

    /// Beijing, Shanghai, Guangzhou and the other big cities have 8-digit
    /// local numbers: 7 digits there cannot be a number.
    #[test]
    fn seven_digits_where_numbers_have_eight_are_refused() {
        for (typed, area) in [
            ("010-2345678", "010"),
            ("021 6123456", "021"),
            ("020-8765432", "020"),
            ("0755-2345678", "0755"),
            ("0571-8765432", "0571"),
            ("+86 10 2345678", "010"),
        ] {
            assert_eq!(
                e(typed),
                PhoneError::WrongLocalLength {
                    area_code: area.into(),
                    found: 7,
                    expected: 8
                },
                "{typed}"
            );
        }
        // And 8 digits where they have 7.
        assert_eq!(
            e("0391-23456789"),
            PhoneError::WrongLocalLength {
                area_code: "0391".into(),
                found: 8,
                expected: 7
            }
        );
        // Where both exist, both are numbers.
        assert_eq!(p("0851-2345678"), "08512345678");
        assert_eq!(p("0851-23456789"), "085123456789");
        let err = e("010-2345678");
        assert_eq!(
            err.to_string(),
            "numbers in area 010 have 8 digits after the area code; this one has 7"
        );
        assert_eq!(
            err.localize(Lang::Zh),
            "区号 010 的固话号码为 8 位，该号码有 7 位"
        );
        // An area code no area has.
        assert_eq!(
            e("026-12345678"),
            PhoneError::BadAreaCode {
                area_code: "026".into()
            }
        );
    }

    #[test]
    fn bare_86_is_stripped_only_before_a_valid_mobile() {
        assert_eq!(p("8613812345678"), "13812345678");
        // 86 followed by something that is not a mobile: not a country code.
        assert_eq!(
            e("8612812345678"),
            PhoneError::TooLong {
                found: 13,
                expected: 11
            }
        );
        // An 11-digit number starting with 86 is not a mobile.
        assert_eq!(
            e("86138123456"),
            PhoneError::ElevenDigitsNotMobile { first: '8' }
        );
    }

    #[test]
    fn landlines() {
        assert_eq!(p("010-12345678"), "01012345678");
        assert_eq!(p("0754-1234567"), "07541234567");
        assert_eq!(p("0755-12345678"), "075512345678");
        assert_eq!(p("(0571)87654321"), "057187654321");
        assert_eq!(p("（０５７１）８７６５４３２１"), "057187654321");
        assert_eq!(p("021 6123 4567"), "02161234567");
        assert_eq!(p("0391-2345678"), "03912345678");
        assert_eq!(p("+86 10 1234 5678"), "01012345678");
        assert_eq!(p("+86 10 12345678"), "01012345678");
        assert_eq!(p("+86 754 1234567"), "07541234567");
        assert_eq!(p("+86 21 61234567"), "02161234567");
        assert_eq!(p("0086 571 87654321"), "057187654321");
        assert_eq!(p("+86 (0)10 12345678"), "01012345678");
        assert!(!Phone::parse("010-12345678").unwrap().is_mobile());
    }

    #[test]
    fn service_numbers() {
        assert_eq!(p("400-123-4567"), "4001234567");
        assert_eq!(p("4001234567"), "4001234567");
        assert_eq!(p("800 123 4567"), "8001234567");
        assert_eq!(p("+86 400 123 4567"), "4001234567");
        assert!(!Phone::parse("4001234567").unwrap().is_mobile());
        assert_eq!(
            e("400123456"),
            PhoneError::TooShort {
                found: 9,
                expected: 10
            }
        );
        assert_eq!(
            e("40012345678"),
            PhoneError::TooLong {
                found: 11,
                expected: 10
            }
        );
    }

    #[test]
    fn error_empty() {
        assert_eq!(e(""), PhoneError::Empty);
        assert_eq!(e("   "), PhoneError::Empty);
        assert_eq!(e("\u{3000}"), PhoneError::Empty);
        assert_eq!(e(" - ( ) "), PhoneError::Empty);
    }

    #[test]
    fn error_letters_and_characters() {
        assert_eq!(e("138abc45678"), PhoneError::Letter('a'));
        assert_eq!(e("138１２３４５６７Ｘ"), PhoneError::Letter('Ｘ'));
        assert_eq!(e("138/1234/5678"), PhoneError::InvalidCharacter('/'));
        assert_eq!(e("010-12345678转123"), PhoneError::InvalidCharacter('转'));
        assert_eq!(e("138+12345678"), PhoneError::InvalidCharacter('+'));
        assert!(e("138abc45678").to_string().contains("'a'"));
        assert!(e("138abc45678").localize(Lang::Zh).contains("“a”"));
        assert!(e("13812345678#").to_string().contains("'#'"));
    }

    #[test]
    fn error_foreign_country_code() {
        assert_eq!(e("+1 415 555 0100"), PhoneError::ForeignCountryCode);
        assert_eq!(e("001 415 555 0100"), PhoneError::ForeignCountryCode);
        assert_eq!(e("+"), PhoneError::Empty);
        for cc_only in ["+86", "0086", "（＋８６）"] {
            assert_eq!(
                e(cc_only),
                PhoneError::TooShort {
                    found: 0,
                    expected: 11
                },
                "{cc_only}"
            );
        }
    }

    #[test]
    fn error_too_short_and_too_long() {
        let short = e("1381234567");
        assert_eq!(
            short,
            PhoneError::TooShort {
                found: 10,
                expected: 11
            }
        );
        assert!(short.to_string().contains("found 10 digits, expected 11"));
        assert!(short.localize(Lang::Zh).contains("10 位"));
        assert!(short.localize(Lang::Zh).contains("11 位"));
        let long = e("138123456789");
        assert_eq!(
            long,
            PhoneError::TooLong {
                found: 12,
                expected: 11
            }
        );
        assert!(long.to_string().contains("found 12 digits, expected 11"));
        assert_eq!(
            e("+86 138 1234 567"),
            PhoneError::TooShort {
                found: 10,
                expected: 11
            }
        );
        assert_eq!(
            e("123"),
            PhoneError::InvalidMobilePrefix {
                prefix: "12".into()
            }
        );
        assert_eq!(
            e("5"),
            PhoneError::TooShort {
                found: 1,
                expected: 11
            }
        );
        assert_eq!(
            e("555555555555"),
            PhoneError::TooLong {
                found: 12,
                expected: 11
            }
        );
    }

    #[test]
    fn error_mobile_second_digit() {
        for bad in ["12812345678", "11812345678", "10812345678"] {
            let err = e(bad);
            assert_eq!(
                err,
                PhoneError::InvalidMobilePrefix {
                    prefix: bad[..2].to_string()
                }
            );
            assert!(err.to_string().contains("13 to 19"));
            assert!(err.localize(Lang::Zh).contains("13 至 19"));
        }
    }

    #[test]
    fn error_eleven_digits_not_starting_with_1() {
        let err = e("23812345678");
        assert_eq!(err, PhoneError::ElevenDigitsNotMobile { first: '2' });
        assert!(err.to_string().contains("starts with 2"));
        assert!(err.localize(Lang::Zh).contains("以 2 开头"));
    }

    #[test]
    fn error_missing_area_code() {
        assert_eq!(
            e("12345678"),
            PhoneError::InvalidMobilePrefix {
                prefix: "12".into()
            }
        );
        assert_eq!(e("87654321"), PhoneError::MissingAreaCode { found: 8 });
        assert_eq!(e("8765432"), PhoneError::MissingAreaCode { found: 7 });
    }

    #[test]
    fn error_landline_area_code() {
        let err = e("0112345678");
        assert_eq!(
            err,
            PhoneError::BadAreaCode {
                area_code: "0112".into()
            }
        );
        assert!(err.to_string().contains("'0112'"));
        assert!(err.localize(Lang::Zh).contains("区号"));
        assert_eq!(
            e("0123 1234567"),
            PhoneError::BadAreaCode {
                area_code: "0123".into()
            }
        );
    }

    #[test]
    fn error_landline_length() {
        let err = e("010-123456");
        assert_eq!(
            err,
            PhoneError::BadLandlineLength {
                area_code: "010".into(),
                found: 6
            }
        );
        assert!(err.to_string().contains("has 6 digits, expected 7 or 8"));
        assert!(err.localize(Lang::Zh).contains("6 位"));
        assert_eq!(
            e("0755-123456789"),
            PhoneError::BadLandlineLength {
                area_code: "0755".into(),
                found: 9
            }
        );
        assert_eq!(
            e("0755"),
            PhoneError::BadLandlineLength {
                area_code: "0755".into(),
                found: 0
            }
        );
        assert_eq!(
            e("07"),
            PhoneError::TooShort {
                found: 2,
                expected: 10
            }
        );
    }

    #[test]
    fn error_landline_local_number_start() {
        assert_eq!(
            e("010-01234567"),
            PhoneError::BadLocalNumber {
                area_code: "010".into(),
                first: '0'
            }
        );
        assert_eq!(e("0755-1234567x"), PhoneError::Letter('x'));
        assert_eq!(
            e("0755 0123 4567").to_string(),
            "the landline number after area code 0755 cannot start with 0"
        );
        assert!(e("0755 0123 4567")
            .localize(Lang::Zh)
            .contains("不能以 0 开头"));
    }

    #[test]
    fn every_error_has_both_messages() {
        let errors = [
            PhoneError::Empty,
            PhoneError::Letter('a'),
            PhoneError::InvalidCharacter('#'),
            PhoneError::ForeignCountryCode,
            PhoneError::TooShort {
                found: 5,
                expected: 11,
            },
            PhoneError::TooLong {
                found: 13,
                expected: 11,
            },
            PhoneError::InvalidMobilePrefix {
                prefix: "12".into(),
            },
            PhoneError::ElevenDigitsNotMobile { first: '5' },
            PhoneError::MissingAreaCode { found: 8 },
            PhoneError::BadAreaCode {
                area_code: "0112".into(),
            },
            PhoneError::BadLandlineLength {
                area_code: "010".into(),
                found: 5,
            },
            PhoneError::BadLocalNumber {
                area_code: "010".into(),
                first: '0',
            },
            PhoneError::UnassignedMobilePrefix {
                prefix: "154".into(),
            },
            PhoneError::WrongLocalLength {
                area_code: "010".into(),
                found: 7,
                expected: 8,
            },
        ];
        for err in errors {
            let en = err.to_string();
            let zh = err.localize(Lang::Zh);
            assert!(!en.is_empty() && en.is_ascii(), "{en}");
            assert!(!zh.is_ascii(), "{zh} should be Chinese");
        }
    }

    #[test]
    fn masking() {
        let m = Phone::parse("13812345678").unwrap();
        assert_eq!(m.masked(), "138****5678");
        let bj = Phone::parse("010-12345678").unwrap();
        assert_eq!(bj.masked(), "010****5678");
        let sz = Phone::parse("0754-1234567").unwrap();
        assert_eq!(sz.masked(), "0754***4567");
        let hz = Phone::parse("0571-87654321").unwrap();
        assert_eq!(hz.masked(), "0571****4321");
        let short = Phone::parse("0391-2345678").unwrap();
        assert_eq!(short.masked(), "0391***5678");
        let svc = Phone::parse("400-123-4567").unwrap();
        assert_eq!(svc.masked(), "400***4567");
    }

    #[test]
    fn display_forms() {
        let m = Phone::parse("+86 13812345678").unwrap();
        assert_eq!(m.display(), "138 1234 5678");
        assert_eq!(m.to_string(), "13812345678");
        assert_eq!(format!("{m}"), m.as_str());
        assert_eq!(
            Phone::parse("01012345678").unwrap().display(),
            "010-12345678"
        );
        assert_eq!(
            Phone::parse("07541234567").unwrap().display(),
            "0754-1234567"
        );
        assert_eq!(
            Phone::parse("(0571)87654321").unwrap().display(),
            "0571-87654321"
        );
        assert_eq!(
            Phone::parse("4001234567").unwrap().display(),
            "400-123-4567"
        );
    }

    #[test]
    fn from_str_parses() {
        let ph: Phone = "138 1234 5678".parse().unwrap();
        assert_eq!(ph.as_str(), "13812345678");
        let err = "abc".parse::<Phone>().unwrap_err();
        assert_eq!(err, PhoneError::Letter('a'));
    }

    #[test]
    fn search_digits_normalizes_partial_input() {
        assert_eq!(search_digits("5678"), Some("5678".into()));
        assert_eq!(search_digits("138-1234"), Some("1381234".into()));
        assert_eq!(search_digits(" (0755) 12"), Some("075512".into()));
        assert_eq!(search_digits("１３８　１２"), Some("13812".into()));
        assert_eq!(
            search_digits("+86 138 1234 5678"),
            Some("13812345678".into())
        );
        assert_eq!(search_digits("+86 10 1234 5678"), Some("1012345678".into()));
        assert_eq!(
            search_digits("0086 13812345678"),
            Some("13812345678".into())
        );
        assert_eq!(search_digits("＋８６ 1381234"), Some("1381234".into()));
        assert_eq!(search_digits("8613812345678"), Some("13812345678".into()));
        // Too little after the country code: it may be part of a number.
        assert_eq!(search_digits("+86 138"), Some("86138".into()));
        assert_eq!(search_digits("0086"), Some("0086".into()));
        assert_eq!(search_digits("8612"), Some("8612".into()));
        assert_eq!(search_digits("861381234"), Some("861381234".into()));
        assert_eq!(search_digits(""), None);
        assert_eq!(search_digits("  - () "), None);
        assert_eq!(search_digits("张三"), None);
        assert_eq!(search_digits("+"), None);
    }
}
