//! Normalization of typed text and the small scanners the parsers share.

/// Full-width ASCII to ASCII, ideographic space and Chinese commas/periods to
/// spaces, lower case, single spaces, and the contractions 今晚/明晚/今早/明早
/// spelled out.
pub(super) fn normalize(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        if c.is_whitespace() || matches!(c, ',' | '、' | '。') {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.extend(c.to_lowercase());
        }
    }
    let trimmed_len = out.trim_end().len();
    out.truncate(trimmed_len);
    for (short, long) in [
        ("tonight", "today evening"),
        ("今晚上", "今天晚上"),
        ("明晚上", "明天晚上"),
        ("今早上", "今天早上"),
        ("明早上", "明天早上"),
        ("今晚", "今天晚上"),
        ("明晚", "明天晚上"),
        ("今早", "今天早上"),
        ("明早", "明天早上"),
    ] {
        if out.contains(short) {
            out = out.replace(short, long);
        }
    }
    out
}

/// A run of 1 to 9 ASCII digits: (value, digit count, rest).
pub(super) fn take_digits(s: &str) -> Option<(u32, usize, &str)> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || n > 9 {
        return None;
    }
    Some((s[..n].parse().ok()?, n, &s[n..]))
}

/// Exactly `n` ASCII digits, not followed by another digit.
pub(super) fn fixed_digits(s: &str, n: usize) -> Option<(u32, &str)> {
    match take_digits(s) {
        Some((v, len, rest)) if len == n => Some((v, rest)),
        _ => None,
    }
}

pub(super) fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// A Chinese numeral from 0 to 99: 五, 十, 十五, 二十, 二十五, 零五.
pub(super) fn take_cn_number(s: &str) -> Option<(u32, &str)> {
    let mut chars = s.chars();
    let first = chars.next()?;
    let mut rest = chars.as_str();
    let digit_after = |r: &str| -> Option<(u32, usize)> {
        let c = r.chars().next()?;
        cn_digit(c).filter(|d| *d > 0).map(|d| (d, c.len_utf8()))
    };
    if first == '十' {
        return Some(match digit_after(rest) {
            Some((d, len)) => (10 + d, &rest[len..]),
            None => (10, rest),
        });
    }
    let d = cn_digit(first)?;
    if d == 0 {
        // 零五 = 5
        return match digit_after(rest) {
            Some((d, len)) => Some((d, &rest[len..])),
            None => Some((0, rest)),
        };
    }
    if let Some(r) = rest.strip_prefix('十') {
        rest = r;
        return Some(match digit_after(rest) {
            Some((u, len)) => (d * 10 + u, &rest[len..]),
            None => (d * 10, rest),
        });
    }
    Some((d, rest))
}

/// A number in ASCII digits or Chinese numerals: (value, ASCII text if ASCII, rest).
pub(super) fn take_number(s: &str) -> Option<(u32, Option<&str>, &str)> {
    if let Some((v, n, rest)) = take_digits(s) {
        return Some((v, Some(&s[..n]), rest));
    }
    take_cn_number(s).map(|(v, rest)| (v, None, rest))
}

/// The leading run of ASCII letters and what follows it.
pub(super) fn word(s: &str) -> (&str, &str) {
    let n = s.bytes().take_while(u8::is_ascii_alphabetic).count();
    s.split_at(n)
}

/// The first of `options` that `s` starts with. ASCII words must end at a
/// non-letter (so `m` does not match the start of `mon`).
pub(super) fn eat<'a, T: Copy>(s: &'a str, options: &[(&str, T)]) -> Option<(T, &'a str)> {
    options.iter().find_map(|(lit, v)| {
        let rest = s.strip_prefix(lit)?;
        let needs_boundary = lit.bytes().last().is_some_and(|b| b.is_ascii_alphabetic());
        if needs_boundary && rest.bytes().next().is_some_and(|b| b.is_ascii_alphabetic()) {
            return None;
        }
        Some((*v, rest))
    })
}

pub(super) fn eat_lit<'a>(s: &'a str, options: &[&str]) -> Option<&'a str> {
    options.iter().find_map(|lit| s.strip_prefix(lit))
}

/// Skip an English "at" between a day and a time (`tomorrow at 3pm`).
pub(super) fn skip_at(s: &str) -> &str {
    match word(s) {
        ("at", rest) => rest.trim_start(),
        _ => s,
    }
}
