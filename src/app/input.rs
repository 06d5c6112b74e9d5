//! A one-line text field: the editing is tui-input's (characters, words,
//! start and end of line), the keys that reach it are ours, and the cursor
//! is measured in terminal cells so the real cursor (and an input method's
//! candidate window) sits where the agent types.
//!
//! Keys: `←` `→`, `Home`/`Ctrl-A`, `End`/`Ctrl-E`, `Backspace`, `Delete`,
//! `Ctrl-W` or `Alt-Backspace` (the word before the cursor), `Alt-D` (the
//! word after), `Ctrl-K` (to the end), `Alt-←`/`Alt-→` (a word back or on).
//! A paste arrives whole (bracketed paste) and is typed in as one.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::InputRequest as R;

/// The most characters a paste fills a field to: twice the longest limit of
/// a field typed in the workstation (a note, 2,000), so that the field's own
/// limit is what refuses it.
pub const PASTE_CAP: usize = 4_000;

#[derive(Debug, Clone, Default)]
pub struct Input(tui_input::Input);

impl PartialEq for Input {
    fn eq(&self, other: &Self) -> bool {
        self.text() == other.text() && self.0.cursor() == other.0.cursor()
    }
}

impl Eq for Input {}

impl Input {
    pub fn text(&self) -> &str {
        self.0.value()
    }

    pub fn is_empty(&self) -> bool {
        self.text().is_empty()
    }

    pub fn insert(&mut self, c: char) {
        self.0.handle(R::InsertChar(c));
    }

    pub fn backspace(&mut self) {
        self.0.handle(R::DeletePrevChar);
    }

    pub fn delete(&mut self) {
        self.0.handle(R::DeleteNextChar);
    }

    pub fn left(&mut self) {
        self.0.handle(R::GoToPrevChar);
    }

    pub fn right(&mut self) {
        self.0.handle(R::GoToNextChar);
    }

    pub fn home(&mut self) {
        self.0.handle(R::GoToStart);
    }

    pub fn end(&mut self) {
        self.0.handle(R::GoToEnd);
    }

    /// The word before the cursor goes (`Ctrl-W`, `Alt-Backspace`).
    pub fn delete_word(&mut self) {
        self.0.handle(R::DeletePrevWord);
    }

    /// Replaces the text, the cursor at its end.
    pub fn set(&mut self, text: &str) {
        self.0 = tui_input::Input::new(text.to_string());
    }

    /// Pasted text, put in at the cursor as one, the cursor after it: line
    /// breaks and tabs become spaces (a field is one line), other control
    /// characters are left out, and the ends are trimmed of the spaces a
    /// copy drags along. A field holds at most [`PASTE_CAP`] characters: a
    /// paste of a whole document stops there (no field takes that much; its
    /// own limit is said when it is saved). The new text is built once, so
    /// a paste costs its length, not its length times the field's.
    pub fn paste(&mut self, text: &str) {
        let room = PASTE_CAP.saturating_sub(self.text().chars().count());
        let mut clean = text
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .filter(|c| !c.is_control())
            .skip_while(|c| *c == ' ');
        let mut piece: String = clean.by_ref().take(room).collect();
        if clean.all(|c| c == ' ') {
            piece.truncate(piece.trim_end().len());
        }
        if piece.is_empty() {
            return;
        }
        let (value, cursor) = (self.text(), self.0.cursor());
        let at = value
            .char_indices()
            .nth(cursor)
            .map_or(value.len(), |(i, _)| i);
        let added = piece.chars().count();
        let mut new = String::with_capacity(value.len() + piece.len());
        new.push_str(&value[..at]);
        new.push_str(&piece);
        new.push_str(&value[at..]);
        self.0 = tui_input::Input::new(new).with_cursor(cursor + added);
    }

    /// An editing key: applies it and says whether it was one. Keys that
    /// are not editing (Enter, Tab, Esc, function keys) are left to the form.
    pub fn edit(&mut self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let req = match key.code {
            KeyCode::Char('a') if ctrl => R::GoToStart,
            KeyCode::Char('e') if ctrl => R::GoToEnd,
            KeyCode::Char('w') if ctrl => R::DeletePrevWord,
            KeyCode::Char('k') if ctrl => R::DeleteTillEnd,
            KeyCode::Char('b') if ctrl => R::GoToPrevChar,
            KeyCode::Char('f') if ctrl => R::GoToNextChar,
            KeyCode::Char('h') if ctrl => R::DeletePrevChar,
            KeyCode::Char('d') if alt => R::DeleteNextWord,
            KeyCode::Char('b') if alt => R::GoToPrevWord,
            KeyCode::Char('f') if alt => R::GoToNextWord,
            KeyCode::Char(_) if ctrl || alt => return false,
            KeyCode::Char(c) => R::InsertChar(c),
            KeyCode::Backspace if alt || ctrl => R::DeletePrevWord,
            KeyCode::Backspace => R::DeletePrevChar,
            KeyCode::Delete => R::DeleteNextChar,
            KeyCode::Left if alt || ctrl => R::GoToPrevWord,
            KeyCode::Right if alt || ctrl => R::GoToNextWord,
            KeyCode::Left => R::GoToPrevChar,
            KeyCode::Right => R::GoToNextChar,
            KeyCode::Home => R::GoToStart,
            KeyCode::End => R::GoToEnd,
            _ => return false,
        };
        self.0.handle(req);
        true
    }

    /// Terminal cells between the start of the text and the cursor.
    pub fn cursor_cells(&self) -> u16 {
        self.0.visual_cursor() as u16
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(s: &str) -> Input {
        let mut i = Input::default();
        for c in s.chars() {
            i.insert(c);
        }
        i
    }

    fn press(i: &mut Input, code: KeyCode, mods: KeyModifiers) -> bool {
        i.edit(&KeyEvent::new(code, mods))
    }

    #[test]
    fn chinese_text_moves_the_cursor_two_cells_a_character() {
        let mut i = typed("明天15点");
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

    #[test]
    fn word_delete_start_and_end_of_line() {
        let none = KeyModifiers::NONE;
        let ctrl = KeyModifiers::CONTROL;
        let alt = KeyModifiers::ALT;
        let mut i = typed("138 0013 8000");
        assert!(press(&mut i, KeyCode::Char('w'), ctrl));
        assert_eq!(i.text(), "138 0013 ");
        assert!(press(&mut i, KeyCode::Backspace, alt));
        assert_eq!(i.text(), "138 ");
        assert!(press(&mut i, KeyCode::Char('a'), ctrl));
        assert_eq!(i.cursor_cells(), 0);
        assert!(press(&mut i, KeyCode::Char('+'), none));
        assert_eq!(i.text(), "+138 ");
        assert!(press(&mut i, KeyCode::Char('e'), ctrl));
        assert_eq!(i.cursor_cells(), 5);
        assert!(press(&mut i, KeyCode::Home, none));
        assert!(press(&mut i, KeyCode::End, none));
        assert_eq!(i.cursor_cells(), 5);
        // Chinese words go a word at a time too, the cursor in cells.
        let mut i = typed("明天 下午3点");
        assert!(press(&mut i, KeyCode::Char('w'), ctrl));
        assert_eq!(i.text(), "明天 ");
        assert_eq!(i.cursor_cells(), 5);
        // Keys that are not editing are the form's.
        assert!(!press(&mut i, KeyCode::Enter, none));
        assert!(!press(&mut i, KeyCode::Tab, none));
        assert!(!press(&mut i, KeyCode::Char('s'), ctrl));
        assert_eq!(i.text(), "明天 ");
    }

    #[test]
    fn a_pasted_number_with_spaces_goes_in_whole() {
        let mut i = typed("+86 ");
        i.paste(" 138 0013 8000\n");
        assert_eq!(i.text(), "+86 138 0013 8000");
        assert_eq!(i.cursor_cells(), 17);
        // In the middle of what was typed, the cursor after the paste.
        let mut i = typed("王  先生");
        i.left();
        i.left();
        i.left();
        i.paste("\t小明 ");
        assert_eq!(i.text(), "王 小明 先生");
        assert_eq!(i.cursor_cells(), 7, "after 王 小明");
        i.insert('!');
        assert_eq!(i.text(), "王 小明! 先生");
        let mut i = Input::default();
        i.paste("张\u{1b}[31m三\t李");
        assert_eq!(i.text(), "张[31m三 李", "no control character gets in");
    }

    #[test]
    fn a_pasted_document_stops_at_the_cap() {
        let mut i = typed("备注");
        i.paste(&"很长的文字".repeat(100_000));
        assert_eq!(i.text().chars().count(), PASTE_CAP);
        assert!(i.text().starts_with("备注很长"));
        assert_eq!(
            i.cursor_cells() as usize,
            2 * PASTE_CAP,
            "the cursor after it"
        );
        // Pasted before what was typed, it keeps what was typed.
        let mut i = typed("备注");
        i.home();
        i.paste(&"x".repeat(200_000));
        assert_eq!(i.text().chars().count(), PASTE_CAP);
        assert!(i.text().ends_with("x备注"));
        assert_eq!(i.cursor_cells() as usize, PASTE_CAP - 2);
        i.paste("more");
        assert_eq!(
            i.text().chars().count(),
            PASTE_CAP,
            "a full field takes no more"
        );
    }
}
