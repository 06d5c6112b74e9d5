//! A one-line text field with a cursor, measured in terminal cells so the
//! real cursor (and an input method's candidate window) sits where the agent types.

use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Input {
    text: String,
    /// Cursor position as a byte index on a char boundary.
    cursor: usize,
}

impl Input {
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn insert(&mut self, c: char) {
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
    }

    pub fn backspace(&mut self) {
        if let Some(c) = self.text[..self.cursor].chars().next_back() {
            self.cursor -= c.len_utf8();
            self.text.remove(self.cursor);
        }
    }

    pub fn delete(&mut self) {
        if self.cursor < self.text.len() {
            self.text.remove(self.cursor);
        }
    }

    pub fn left(&mut self) {
        if let Some(c) = self.text[..self.cursor].chars().next_back() {
            self.cursor -= c.len_utf8();
        }
    }

    pub fn right(&mut self) {
        if let Some(c) = self.text[self.cursor..].chars().next() {
            self.cursor += c.len_utf8();
        }
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.text.len();
    }

    /// Terminal cells between the start of the text and the cursor.
    pub fn cursor_cells(&self) -> u16 {
        self.text[..self.cursor].width() as u16
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_text_moves_the_cursor_two_cells_a_character() {
        let mut i = Input::default();
        for c in "明天15点".chars() {
            i.insert(c);
        }
        assert_eq!(i.cursor_cells(), 8);
        i.left();
        i.left();
        assert_eq!(i.cursor_cells(), 5, "after 明天1");
        i.backspace();
        assert_eq!(i.text(), "明天5点");
        assert_eq!(i.cursor_cells(), 4);
        i.delete();
        assert_eq!(i.text(), "明天点");
        i.home();
        assert_eq!(i.cursor_cells(), 0);
        i.end();
        assert_eq!(i.cursor_cells(), 6);
    }
}
