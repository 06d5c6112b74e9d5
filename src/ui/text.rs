//! Text measured in terminal cells: Chinese characters take two.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Cuts `s` to at most `width` cells, ending with `…` when cut.
pub fn truncate(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `s` cut or padded with spaces to exactly `width` cells.
pub fn fit(s: &str, width: usize) -> String {
    let t = truncate(s, width);
    let w = t.width();
    format!("{t}{}", " ".repeat(width.saturating_sub(w)))
}

/// One piece of a line that gives way when the line is short of room:
/// its text, a shorter form, and the ranks at which it is shortened and
/// left out (lower gives way first; `None`, never).
#[derive(Debug, Clone)]
pub struct Part {
    pub text: String,
    pub short: Option<(String, u8)>,
    pub drop: Option<u8>,
}

impl Part {
    pub fn new(text: impl Into<String>) -> Part {
        Part {
            text: text.into(),
            short: None,
            drop: None,
        }
    }
    pub fn drop_at(mut self, rank: u8) -> Part {
        self.drop = Some(rank);
        self
    }
    pub fn short_at(mut self, short: impl Into<String>, rank: u8) -> Part {
        self.short = Some((short.into(), rank));
        self
    }
}

/// Parts joined by `sep` within `width` cells, whole parts giving way
/// rather than one being cut: in order of rank, parts take their short
/// form or are left out until the line fits, so a part is shown only when
/// everything that matters more is shown whole. Only when what never gives
/// way is too long is the line cut.
pub fn fit_parts(parts: &[Part], sep: &str, width: usize) -> String {
    // 0: whole, 1: short, 2: left out.
    let mut form = vec![0u8; parts.len()];
    let render = |form: &[u8]| -> String {
        parts
            .iter()
            .zip(form)
            .filter_map(|(p, f)| match f {
                0 => Some(p.text.as_str()),
                1 => p.short.as_ref().map(|(s, _)| s.as_str()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join(sep)
    };
    let mut steps: Vec<(u8, usize, u8)> = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        if let Some((_, r)) = &p.short {
            steps.push((*r, i, 1));
        }
        if let Some(r) = p.drop {
            steps.push((r, i, 2));
        }
    }
    steps.sort();
    for &(_, i, to) in &steps {
        if render(&form).width() <= width {
            break;
        }
        form[i] = form[i].max(to);
    }
    truncate(&render(&form), width)
}

/// Makes every cell of a drawn frame safe to send: a control character
/// (ESC, BEL, C1...) becomes its picture (`␛`, `␇`, `␦` for the others) and a
/// text-direction or invisible character inside a cell is shown as `␦`, so
/// stored text can neither command the terminal (clear it, set the title or
/// the clipboard) nor read other than it is. Views draw stored text as it
/// is; this runs once over the frame after them.
pub fn scrub(buf: &mut ratatui::buffer::Buffer) {
    use crate::domain::text::is_unsafe;
    for cell in buf.content.iter_mut() {
        let symbol = cell.symbol();
        if !symbol.chars().any(is_unsafe) {
            continue;
        }
        let mut shown = String::new();
        for c in symbol.chars() {
            shown.push(if is_unsafe(c) { picture(c) } else { c });
        }
        // One cell shows one character: keep the first picture and what
        // was visible, drop the rest.
        let visible: String = shown
            .chars()
            .filter(|c| c.width().unwrap_or(0) > 0)
            .take(1)
            .collect();
        cell.set_symbol(if visible.is_empty() { "␦" } else { &visible });
    }
}

/// The picture of a character that must not be sent (Unicode's Control
/// Pictures block); `␦` (substitute) for those without one.
fn picture(c: char) -> char {
    match c as u32 {
        n @ 0..=0x1F => char::from_u32(0x2400 + n).unwrap_or('␦'),
        0x7F => '␡',
        _ => '␦',
    }
}

/// Calls per hour as a row of block characters.
pub fn sparkline(values: &[u32]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = values.iter().copied().max().unwrap_or(0);
    values
        .iter()
        .map(|&v| {
            if max == 0 || v == 0 {
                ' '
            } else {
                BARS[((v as usize * 7) / max as usize).min(7)]
            }
        })
        .collect()
}

/// `2026-11-28 周六` / `2026-11-28 Sat`: a day as the fields show what they
/// understood.
pub fn day_and_weekday(lang: crate::i18n::Lang, d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let name = crate::i18n::weekday(d.weekday(), lang);
    format!("{} {name}", d.format("%Y-%m-%d"))
}

/// `2026-11-28 周六 15:00`.
pub fn day_weekday_time(lang: crate::i18n::Lang, at: chrono::NaiveDateTime) -> String {
    format!(
        "{} {}",
        day_and_weekday(lang, at.date()),
        at.format("%H:%M")
    )
}

/// Characters a line must not start with (Chinese line-breaking rules,
/// 禁则): closing punctuation and marks that belong to what precedes them.
const NO_LINE_START: &str = "，。、；：？！）》」』】〕〉”’…—·～%,.;:?!)]}>'\"";
/// Characters a line must not end with: opening brackets and quotes.
const NO_LINE_END: &str = "（《「『【〔〈“‘([{<";

/// `text` broken into lines of at most `width` cells by Chinese
/// line-breaking rules: a line never starts with closing punctuation (`，`
/// `。` `）`...) nor ends with an opening one; a run of Latin letters and
/// digits is never cut, nor is any of `keep` (a model name such as
/// `凯美瑞 Camry`), unless it is wider than a whole line.
pub fn wrap(text: &str, width: usize, keep: &[&str]) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for paragraph in text.split('\n') {
        let units = units(paragraph, keep);
        let mut line: Vec<&str> = Vec::new();
        let mut used = 0;
        for unit in units {
            let w = unit.width();
            if used + w <= width {
                line.push(unit);
                used += w;
                continue;
            }
            if unit.trim().is_empty() {
                // A space at the break disappears.
                out.push(line.concat());
                line.clear();
                used = 0;
                continue;
            }
            // What moves down with `unit`: the last unit, if `unit` may not
            // start a line, and any opening mark the line would end with.
            let mut carried: Vec<&str> = Vec::new();
            if w < width {
                if starts_nothing(unit) && line.len() > 1 {
                    carried.extend(line.pop());
                }
                while line.len() > 1 && line.last().is_some_and(|u| ends_nothing(u)) {
                    carried.insert(0, line.pop().unwrap_or_default());
                }
                if carried.iter().map(|u| u.width()).sum::<usize>() + w > width {
                    line.append(&mut carried);
                }
            }
            let done = line.concat();
            if !done.trim().is_empty() {
                out.push(done.trim_end().to_string());
            }
            line = carried;
            // A unit wider than a line is cut where it must be.
            let mut rest = unit;
            while rest.width() > width {
                let (head, tail) = split_at_width(rest, width);
                out.push(head.to_string());
                rest = tail;
            }
            line.push(rest);
            used = line.iter().map(|u| u.width()).sum();
            // Leading spaces of a new line are dropped.
            while line.first().is_some_and(|u| u.trim().is_empty()) {
                line.remove(0);
                used = line.iter().map(|u| u.width()).sum();
            }
        }
        out.push(line.concat().trim_end().to_string());
    }
    out
}

fn starts_nothing(unit: &str) -> bool {
    unit.chars()
        .next()
        .is_some_and(|c| NO_LINE_START.contains(c))
}

fn ends_nothing(unit: &str) -> bool {
    unit.chars().last().is_some_and(|c| NO_LINE_END.contains(c))
}

/// The pieces a line may break between: a kept phrase, a run of Latin
/// letters and digits, a space, or one other character.
fn units<'a>(s: &'a str, keep: &[&str]) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut i = 0;
    'next: while i < s.len() {
        let rest = &s[i..];
        for k in keep.iter().filter(|k| !k.is_empty()) {
            if rest.starts_with(k) {
                out.push(&rest[..k.len()]);
                i += k.len();
                continue 'next;
            }
        }
        let latin = rest
            .char_indices()
            .take_while(|(_, c)| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/' | '@'))
            .last()
            .map(|(j, c)| j + c.len_utf8())
            .unwrap_or(0);
        let n = if latin > 0 {
            latin
        } else {
            rest.chars().next().map_or(1, char::len_utf8)
        };
        out.push(&rest[..n]);
        i += n;
    }
    out
}

/// `s` cut after at most `width` cells (at least one character).
fn split_at_width(s: &str, width: usize) -> (&str, &str) {
    let mut used = 0;
    for (i, c) in s.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > width && i > 0 {
            return s.split_at(i);
        }
        used += w;
    }
    (s, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_cut_by_cells_not_characters() {
        assert_eq!(truncate("韩梅梅女士", 6), "韩梅…");
        assert_eq!(fit("韩梅梅", 8), "韩梅梅  ");
        assert_eq!(fit("韩梅梅", 8).width(), 8);
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("韩梅梅", 5).width(), 5);
    }

    #[test]
    fn a_frame_never_carries_a_control_character() {
        use ratatui::buffer::Buffer;
        use ratatui::layout::Rect;
        use ratatui::widgets::{Paragraph, Widget};
        let mut buf = Buffer::empty(Rect::new(0, 0, 40, 1));
        Paragraph::new("M\x1b]52;c;aGVsbG8K\x07 \u{202e}x\u{200b}y\u{9b}")
            .render(buf.area, &mut buf);
        scrub(&mut buf);
        let text: String = buf.content.iter().map(|c| c.symbol()).collect();
        assert!(
            !text.chars().any(crate::domain::text::is_unsafe),
            "{text:?}"
        );
        assert!(text.starts_with("M␛]52;c;aGVsbG8K␇"), "{text}");
    }

    #[test]
    fn parts_give_way_whole_and_in_rank() {
        let parts = [
            Part::new("root acting for 韩明轩 · Esc: back").short_at("root acting for 韩明轩", 3),
            Part::new("done 0 left 54").drop_at(4),
            Part::new("calls/h ▁▂█").drop_at(1),
            Part::new("☎ 张先生 00:12"),
            Part::new("00:13").drop_at(2),
            Part::new("demo.sqlite").drop_at(0),
        ];
        let all = fit_parts(&parts, " | ", 200);
        assert_eq!(all.matches(" | ").count(), 5, "{all}");
        for width in 20..120 {
            let line = fit_parts(&parts, " | ", width);
            assert!(line.width() <= width, "{width}: {line}");
            // What never gives way is there whole, or the line is cut.
            assert!(
                line.contains("☎ 张先生 00:12") || line.ends_with('…'),
                "{width}: {line}"
            );
            // Who and the call never give way: from the width they take
            // together, both are whole.
            if width >= 40 {
                assert!(line.contains("root acting for 韩明轩"), "{width}: {line}");
                assert!(line.contains("☎ 张先生 00:12"), "{width}: {line}");
            }
            // Never a part cut in the middle while a lesser part is shown.
            if line.contains("demo.sqlite") {
                assert!(
                    line.contains("00:13") && line.contains("Esc"),
                    "{width}: {line}"
                );
            }
            if !line.contains("done 0") {
                assert!(
                    !line.contains("00:13") && !line.contains("calls/h"),
                    "{width}: {line}"
                );
            }
        }
        // The clock goes before the hint to go back.
        let line = fit_parts(&parts, " | ", 70);
        assert_eq!(
            line,
            "root acting for 韩明轩 · Esc: back | done 0 left 54 | ☎ 张先生 00:12"
        );
        // The hint to go back gives way before the day's figures.
        let line = fit_parts(&parts, " | ", 64);
        assert_eq!(
            line,
            "root acting for 韩明轩 | done 0 left 54 | ☎ 张先生 00:12"
        );
    }

    #[test]
    fn sparkline_scales_to_the_busiest_hour() {
        assert_eq!(sparkline(&[0, 1, 2, 4]), " ▂▄█");
        assert_eq!(sparkline(&[0, 0]), "  ");
    }

    #[test]
    fn scripts_wrap_by_chinese_rules() {
        let text =
            "您之前在汽车之家上留言咨询了凯美瑞 Camry，我来给您回个电话，想简单了解一下您的需求。";
        // From the width of the model name and one more character.
        for width in 14..40 {
            let lines = wrap(text, width, &["凯美瑞 Camry"]);
            assert_eq!(
                lines.concat().replace(' ', ""),
                text.replace(' ', ""),
                "{width}: nothing lost"
            );
            for l in &lines {
                assert!(l.width() <= width, "{width}: {l:?} is too wide");
                let first = l.chars().next().unwrap_or('x');
                assert!(
                    !"，。、）".contains(first),
                    "{width}: {l:?} starts with closing punctuation"
                );
            }
            assert!(
                lines.iter().any(|l| l.contains("凯美瑞 Camry")),
                "{width}: the model name is cut: {lines:?}"
            );
        }
        // What ratatui's word wrap did: a line starting with "，".
        assert_eq!(
            wrap("咨询了凯美瑞 Camry，我来", 16, &["凯美瑞 Camry"]),
            vec!["咨询了", "凯美瑞 Camry，我", "来"]
        );
        assert_eq!(wrap("（备注）你好", 4, &[]), vec!["（备", "注）", "你好"]);
        assert_eq!(wrap("a\n\nb", 10, &[]), vec!["a", "", "b"]);
    }
}
