//! A report's tables: typed cells, and their layout as text aligned by
//! terminal cells (Chinese characters take two).

use unicode_width::UnicodeWidthStr;

/// One value of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// A percentage (35.12 means 35.12 %), two decimals.
    Pct(f64),
    /// A signed change in percent, two decimals.
    Change(f64),
    /// Money in cents, shown in yuan with two decimals.
    Money(i64),
    /// A number with two decimals (an average).
    Dec(f64),
    /// No value, and what is shown instead ("-", "new", "no data").
    None(String),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub fn int(n: u64) -> Cell {
        Cell::Int(n as i64)
    }

    pub fn pct(p: Option<f64>) -> Cell {
        p.map_or_else(Cell::dash, Cell::Pct)
    }

    pub fn money(c: Option<i64>) -> Cell {
        c.map_or_else(Cell::dash, Cell::Money)
    }

    pub fn dec(d: Option<f64>) -> Cell {
        d.map_or_else(Cell::dash, Cell::Dec)
    }

    pub fn dash() -> Cell {
        Cell::None("-".into())
    }

    pub fn is_number(&self) -> bool {
        !matches!(self, Cell::Text(_))
    }

    /// As shown in a terminal table.
    pub fn shown(&self) -> String {
        match self {
            Cell::Pct(p) => format!("{p:.2}%"),
            Cell::Change(p) => format!("{p:+.2}%"),
            Cell::Money(c) => money_grouped(*c),
            other => other.plain(),
        }
    }

    /// As written to CSV: numbers without units (the header carries them).
    pub fn plain(&self) -> String {
        match self {
            Cell::Text(s) | Cell::None(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Pct(p) | Cell::Dec(p) => format!("{p:.2}"),
            Cell::Change(p) => format!("{p:+.2}"),
            Cell::Money(c) => money(*c),
        }
    }
}

/// Cents as yuan with two decimals, exactly (no floating point).
pub fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    format!("{sign}{}.{:02}", c / 100, c % 100)
}

/// Cents as yuan for reading, the thousands grouped: `2,347,500.00`.
pub fn money_grouped(cents: i64) -> String {
    let plain = money(cents);
    let (sign, rest) = match plain.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", plain.as_str()),
    };
    let (whole, fraction) = rest.split_once('.').unwrap_or((rest, "00"));
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, d) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(d);
    }
    format!("{sign}{grouped}.{fraction}")
}

/// A table of a report: a worksheet in Excel, a block in CSV.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// A short name: the worksheet's (at most 31 characters).
    pub name: String,
    /// Printed above the table in the terminal.
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Printed under the table in the terminal (e.g. "200 shown of 18982").
    pub footer: Option<String>,
}

impl Table {
    pub fn new(name: impl Into<String>, title: impl Into<String>, header: Vec<String>) -> Table {
        Table {
            name: name.into(),
            title: title.into(),
            header,
            rows: Vec::new(),
            footer: None,
        }
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        self.rows.push(row);
    }

    /// The table as lines of text, columns aligned by terminal cells:
    /// numbers to the right, text to the left.
    pub fn lines(&self) -> Vec<String> {
        let cols = self.header.len();
        let shown: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| r.iter().map(Cell::shown).collect())
            .collect();
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.width()).collect();
        for r in &shown {
            for (w, c) in widths.iter_mut().zip(r) {
                *w = (*w).max(c.width());
            }
        }
        let numeric: Vec<bool> = (0..cols)
            .map(|i| {
                self.rows
                    .iter()
                    .any(|r| r.get(i).is_some_and(Cell::is_number))
                    && self
                        .rows
                        .iter()
                        .all(|r| r.get(i).is_none_or(Cell::is_number))
            })
            .collect();
        let line = |cells: &[String]| -> String {
            let mut out = String::new();
            for (i, c) in cells.iter().enumerate() {
                let w = widths.get(i).copied().unwrap_or(0);
                let gap = w.saturating_sub(c.width());
                if i > 0 {
                    out.push_str("  ");
                }
                if numeric.get(i).copied().unwrap_or(false) {
                    out.push_str(&" ".repeat(gap));
                    out.push_str(c);
                } else {
                    out.push_str(c);
                    if i + 1 < cells.len() {
                        out.push_str(&" ".repeat(gap));
                    }
                }
            }
            out.trim_end().to_string()
        };
        let mut out = Vec::with_capacity(shown.len() + 2);
        out.push(line(&self.header));
        let total: usize = widths.iter().sum::<usize>() + 2 * cols.saturating_sub(1);
        out.push("─".repeat(total));
        for r in &shown {
            out.push(line(r));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_by_terminal_cells() {
        let mut t = Table::new("t", "T", vec!["渠道".into(), "leads".into()]);
        t.push(vec![Cell::text("汽车之家"), Cell::Int(12)]);
        t.push(vec![Cell::text("qq"), Cell::Int(3)]);
        let lines = t.lines();
        assert_eq!(lines[0], "渠道      leads");
        assert_eq!(lines[2], "汽车之家     12");
        assert_eq!(lines[3], "qq            3");
        for l in &lines[2..] {
            assert_eq!(l.width(), lines[0].width());
        }
    }

    #[test]
    fn cells_print_units_in_the_terminal_and_plain_numbers_in_csv() {
        assert_eq!(Cell::Pct(35.1).shown(), "35.10%");
        assert_eq!(Cell::Pct(35.1).plain(), "35.10");
        assert_eq!(Cell::Change(-3.0).shown(), "-3.00%");
        assert_eq!(Cell::Change(12.5).plain(), "+12.50");
        assert_eq!(Cell::Money(123_456).plain(), "1234.56");
        assert_eq!(Cell::Money(-5).plain(), "-0.05");
        // In the terminal the thousands are grouped; CSV keeps plain numbers.
        assert_eq!(Cell::Money(234_750_000).shown(), "2,347,500.00");
        assert_eq!(Cell::Money(234_750_000).plain(), "2347500.00");
        assert_eq!(money_grouped(99_999), "999.99");
        assert_eq!(money_grouped(100_000), "1,000.00");
        assert_eq!(money_grouped(-123_456_789), "-1,234,567.89");
        assert_eq!(money_grouped(0), "0.00");
        assert_eq!(Cell::pct(None).shown(), "-");
    }
}
