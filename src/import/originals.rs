//! The rows of an import as they were in the file, kept small: each row's
//! cells end to end in one text, for the rejected rows' report. A checked
//! row's own cells (a `String` each) are let go as soon as it is checked,
//! so a 200,000-row file is not held twice while it is written.

use super::read::Row;

/// Every data row's cells, in file order.
#[derive(Debug, Default)]
pub struct Originals {
    /// Each cell as its length in bytes, `:`, and its text.
    text: String,
    /// Each row's line and where its cells start in `text`.
    rows: Vec<(usize, usize)>,
}

impl Originals {
    pub fn with_capacity(rows: usize) -> Originals {
        Originals {
            text: String::new(),
            rows: Vec::with_capacity(rows),
        }
    }

    /// Keeps a row (rows come in file order).
    pub fn push(&mut self, row: &Row) {
        self.rows.push((row.line, self.text.len()));
        for cell in &row.cells {
            self.text.push_str(&cell.len().to_string());
            self.text.push(':');
            self.text.push_str(cell);
        }
    }

    /// The cells of the row at `line`, if it was kept.
    pub fn cells(&self, line: usize) -> Option<Vec<&str>> {
        let at = self.rows.binary_search_by_key(&line, |(l, _)| *l).ok()?;
        let start = self.rows[at].1;
        let end = self.rows.get(at + 1).map_or(self.text.len(), |(_, s)| *s);
        let mut rest = &self.text[start..end];
        let mut cells = Vec::new();
        while let Some((len, after)) = rest.split_once(':') {
            let len: usize = len.parse().ok()?;
            cells.push(after.get(..len)?);
            rest = &after[len..];
        }
        Some(cells)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_come_back_cell_for_cell_whatever_they_hold() {
        let mut o = Originals::with_capacity(3);
        let rows = [
            (2, vec!["张三", "138:12", ""]),
            (5, vec!["3:abc", "\u{1f}", "a,\"b\"\n"]),
            (6, vec![]),
        ];
        for (line, cells) in &rows {
            o.push(&Row {
                line: *line,
                cells: cells.iter().map(|c| c.to_string()).collect(),
            });
        }
        for (line, cells) in &rows {
            assert_eq!(o.cells(*line).as_ref(), Some(cells));
        }
        assert_eq!(o.cells(3), None);
    }
}
