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
    fn sparkline_scales_to_the_busiest_hour() {
        assert_eq!(sparkline(&[0, 1, 2, 4]), " ▂▄█");
        assert_eq!(sparkline(&[0, 0]), "  ");
    }
}
