//! Themes: colors named for what they mean (`overdue`, `selection`,
//! `muted`...), never for the widget that shows them.
//!
//! The built-in themes are TOML files in `themes/`, embedded in the binary.
//! A user file overrides a built-in of the same name, and any key a file
//! leaves out keeps the value of the default (dark) theme. A broken theme
//! never stops an agent from working: [`Theme::load`] falls back to the
//! default and says what was wrong. The file format is documented at the top
//! of `themes/dark.toml`.

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

/// The themes shipped with the program, the default first.
pub const BUILT_IN: &[&str] = &["dark", "light", "high-contrast"];

/// The theme used when none is chosen, and when the chosen one is broken.
pub const DEFAULT: &str = "dark";

const DARK: &str = include_str!("../themes/dark.toml");
const LIGHT: &str = include_str!("../themes/light.toml");
const HIGH_CONTRAST: &str = include_str!("../themes/high-contrast.toml");

/// The keys of a theme file that hold one style each (besides `[grades]`),
/// and the fields they set.
macro_rules! style_keys {
    ($($field:ident),+ $(,)?) => {
        pub const KEYS: &[&str] = &[$(stringify!($field)),+];

        fn slot(theme: &Theme, key: &str) -> Option<Style> {
            match key {
                $(stringify!($field) => Some(theme.$field),)+
                _ => None,
            }
        }

        fn slot_mut<'a>(theme: &'a mut Theme, key: &str) -> Option<&'a mut Style> {
            match key {
                $(stringify!($field) => Some(&mut theme.$field),)+
                _ => None,
            }
        }

        /// A theme file as written: every key optional, any other key
        /// refused.
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct ThemeFile {
            $($field: Option<StyleValue>,)+
            #[serde(default)]
            grades: BTreeMap<String, StyleValue>,
        }

        impl ThemeFile {
            /// The styles the file sets, by key, and its grades.
            fn into_parts(self) -> (Vec<(&'static str, Style)>, BTreeMap<String, Style>) {
                let mut styles = Vec::new();
                $(if let Some(StyleValue(s)) = self.$field {
                    styles.push((stringify!($field), s));
                })+
                let grades = self.grades.into_iter().map(|(c, StyleValue(s))| (c, s)).collect();
                (styles, grades)
            }
        }
    };
}

style_keys!(
    text,
    muted,
    title,
    border,
    border_focus,
    selection,
    overdue,
    error,
    warning,
    ok,
    accent,
    claimed,
    header,
    status_bar,
    chart,
    grade_other,
);

/// The table of per-grade styles in a theme file.
const GRADES_KEY: &str = "grades";

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// The theme's name: a built-in name, or the stem of its file.
    pub name: String,
    /// Ordinary text.
    pub text: Style,
    /// Secondary text: hints, timestamps, empty states.
    pub muted: Style,
    /// Titles of panes and dialogs.
    pub title: Style,
    pub border: Style,
    /// The border of the pane that has the focus.
    pub border_focus: Style,
    /// The selected row.
    pub selection: Style,
    /// A callback that is past due.
    pub overdue: Style,
    pub error: Style,
    pub warning: Style,
    /// Success: saved, confirmed, reached.
    pub ok: Style,
    /// Keys in the key bar and other things to press.
    pub accent: Style,
    /// A lead a colleague has open on a call.
    pub claimed: Style,
    /// Column headers of tables.
    pub header: Style,
    pub status_bar: Style,
    /// Figures drawn as bars and lines (the reports screen).
    pub chart: Style,
    /// Styles by grade code. The grade scale is the dealer's data, so this is
    /// a map; codes it does not list get `grade_other`.
    pub grades: BTreeMap<String, Style>,
    pub grade_other: Style,
}

#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error("cannot read the theme file {file}: {err}")]
    Read { file: String, err: std::io::Error },
    /// Not TOML, or a key or value a theme cannot have. `place` is the
    /// line and, when known, the key (`line 3, key selection.bg`).
    #[error("the theme file {file} is wrong at {place}: {problem}")]
    Invalid {
        file: String,
        place: String,
        problem: String,
    },
    #[error("there is no theme named {name:?} ({looked})")]
    NoSuchTheme { name: String, looked: String },
}

impl Default for Theme {
    fn default() -> Self {
        Theme::dark()
    }
}

impl Theme {
    /// The default theme.
    pub fn dark() -> Theme {
        // The embedded file is checked by a test; should it ever be broken,
        // a theme without colors is still usable.
        Theme::blank(DEFAULT)
            .apply(DEFAULT, "built-in dark theme", DARK)
            .map(|(t, _)| t)
            .unwrap_or_else(|_| Theme::monochrome())
    }

    /// A built-in theme by name.
    pub fn built_in(name: &str) -> Option<Result<Theme, ThemeError>> {
        let text = match name {
            "dark" => return Some(Ok(Theme::dark())),
            "light" => LIGHT,
            "high-contrast" => HIGH_CONTRAST,
            _ => return None,
        };
        let source = format!("built-in {name} theme");
        Some(Theme::parse_from(name, &source, text))
    }

    /// Chooses the theme to draw with.
    ///
    /// `choice`: `None` means the default ("dark"); otherwise a built-in
    /// name, a name of a file `<choice>.toml` in `user_dir` (which overrides
    /// the built-in of the same name), or a path to a `.toml` file. With
    /// `no_color` (the caller saw a non-empty `NO_COLOR`) the theme is
    /// [`Theme::monochrome`] whatever the choice.
    ///
    /// Never fails: when the chosen theme is missing or broken, the default
    /// theme is returned with a message saying what was wrong.
    pub fn load(
        choice: Option<&str>,
        user_dir: Option<&Path>,
        no_color: bool,
    ) -> (Theme, Option<String>) {
        if no_color {
            return (Theme::monochrome(), None);
        }
        let choice = choice.map(str::trim).filter(|c| !c.is_empty());
        let choice = choice.unwrap_or(DEFAULT);
        match Theme::resolve(choice, user_dir) {
            Ok(theme) => (theme, None),
            Err(e) => (
                Theme::dark(),
                Some(format!(
                    "{e}; the default theme ({DEFAULT}) is used instead"
                )),
            ),
        }
    }

    fn resolve(choice: &str, user_dir: Option<&Path>) -> Result<Theme, ThemeError> {
        if looks_like_path(choice) {
            return Theme::from_file(Path::new(choice));
        }
        if let Some(dir) = user_dir {
            let file = dir.join(format!("{choice}.toml"));
            if file.is_file() {
                // A user file named like a built-in changes that theme: the
                // keys it leaves out keep the built-in's values.
                let base = match Theme::built_in(choice) {
                    Some(built_in) => built_in?,
                    None => Theme::dark(),
                };
                return Theme::read_onto(base, &file);
            }
        }
        if let Some(theme) = Theme::built_in(choice) {
            return theme;
        }
        let mut looked = format!("the built-in themes are {}", BUILT_IN.join(", "));
        if let Some(dir) = user_dir {
            looked.push_str(&format!(
                ", and there is no file {choice}.toml in {}",
                dir.display()
            ));
        }
        Err(ThemeError::NoSuchTheme {
            name: choice.to_string(),
            looked,
        })
    }

    /// Reads a theme file; its name is the file's stem, and keys it leaves
    /// out keep the values of the default (dark) theme.
    pub fn from_file(path: &Path) -> Result<Theme, ThemeError> {
        Theme::read_onto(Theme::dark(), path)
    }

    fn read_onto(base: Theme, path: &Path) -> Result<Theme, ThemeError> {
        let file = path.display().to_string();
        let text = crate::infile::read_text(path, crate::infile::SMALL_LIMIT).map_err(|err| {
            ThemeError::Read {
                file: file.clone(),
                err: err.into(),
            }
        })?;
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| file.clone());
        base.apply(&name, &file, &text).map(|(t, _)| t)
    }

    /// Parses a theme file's text. Keys the text leaves out keep the values
    /// of the default (dark) theme. Errors name `name` as the file.
    pub fn parse(name: &str, toml_text: &str) -> Result<Theme, ThemeError> {
        Theme::parse_from(name, name, toml_text)
    }

    fn parse_from(name: &str, source: &str, text: &str) -> Result<Theme, ThemeError> {
        Theme::dark().apply(name, source, text).map(|(t, _)| t)
    }

    /// For `NO_COLOR`: no color at all, meaning carried by bold, reverse,
    /// underline and dim alone.
    pub fn monochrome() -> Theme {
        let m = |m: Modifier| Style::new().add_modifier(m);
        let plain = Style::new();
        Theme {
            name: "monochrome".to_string(),
            text: plain,
            muted: m(Modifier::DIM),
            title: m(Modifier::BOLD),
            border: plain,
            border_focus: m(Modifier::BOLD),
            selection: m(Modifier::REVERSED),
            overdue: m(Modifier::BOLD | Modifier::UNDERLINED),
            error: m(Modifier::BOLD | Modifier::REVERSED),
            warning: m(Modifier::BOLD),
            ok: plain,
            accent: m(Modifier::BOLD),
            claimed: m(Modifier::DIM),
            header: m(Modifier::BOLD | Modifier::UNDERLINED),
            status_bar: m(Modifier::REVERSED),
            chart: plain,
            grades: [
                ("H", m(Modifier::BOLD | Modifier::UNDERLINED)),
                ("A", m(Modifier::BOLD)),
                ("B", plain),
                ("C", m(Modifier::DIM)),
            ]
            .into_iter()
            .map(|(code, style)| (code.to_string(), style))
            .collect(),
            grade_other: plain,
        }
    }

    /// The style of a grade code; exact code first, then ignoring case, then
    /// `grade_other`.
    pub fn grade(&self, code: &str) -> Style {
        self.grades
            .get(code)
            .or_else(|| {
                self.grades
                    .iter()
                    .find(|(c, _)| c.eq_ignore_ascii_case(code))
                    .map(|(_, s)| s)
            })
            .copied()
            .unwrap_or(self.grade_other)
    }

    /// Every style with its key (`grades.H` for grades), for previews and checks.
    pub fn styles(&self) -> Vec<(String, Style)> {
        let mut all: Vec<(String, Style)> = KEYS
            .iter()
            .filter_map(|k| slot(self, k).map(|s| (k.to_string(), s)))
            .collect();
        all.extend(
            self.grades
                .iter()
                .map(|(code, s)| (format!("{GRADES_KEY}.{code}"), *s)),
        );
        all
    }

    fn blank(name: &str) -> Theme {
        let s = Style::new();
        Theme {
            name: name.to_string(),
            text: s,
            muted: s,
            title: s,
            border: s,
            border_focus: s,
            selection: s,
            overdue: s,
            error: s,
            warning: s,
            ok: s,
            accent: s,
            claimed: s,
            header: s,
            status_bar: s,
            chart: s,
            grades: BTreeMap::new(),
            grade_other: s,
        }
    }

    /// Applies a theme file's text on top of `self`; returns the theme and
    /// the keys the text set (`grades.H` for a grade).
    fn apply(
        mut self,
        name: &str,
        source: &str,
        text: &str,
    ) -> Result<(Theme, Vec<String>), ThemeError> {
        let file: ThemeFile = serde_path_to_error::deserialize(toml::Deserializer::new(text))
            .map_err(|e| invalid(source, text, &e))?;
        let (styles, grades) = file.into_parts();
        let mut set = Vec::new();
        for (key, style) in styles {
            if let Some(slot) = slot_mut(&mut self, key) {
                *slot = style;
                set.push(key.to_string());
            }
        }
        for (code, style) in grades {
            if code.trim().is_empty() {
                return Err(ThemeError::Invalid {
                    file: source.to_string(),
                    place: format!("key {GRADES_KEY}"),
                    problem: "a grade code must not be empty".to_string(),
                });
            }
            set.push(format!("{GRADES_KEY}.{code}"));
            self.grades.insert(code, style);
        }
        self.name = name.to_string();
        Ok((self, set))
    }
}

fn looks_like_path(choice: &str) -> bool {
    choice.contains('/') || choice.contains('\\') || choice.to_ascii_lowercase().ends_with(".toml")
}

/// A theme file's error as one line: where (line, key) and what.
fn invalid(
    source: &str,
    text: &str,
    e: &serde_path_to_error::Error<toml::de::Error>,
) -> ThemeError {
    let inner = e.inner();
    let mut place = inner
        .span()
        .map(|span| {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("line {line}")
        })
        .unwrap_or_else(|| "somewhere".to_string());
    let problem = inner
        .message()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let path = e.path().to_string();
    let problem = if path == "." {
        format!("not valid TOML: {problem}")
    } else {
        place.push_str(&format!(", key {path}"));
        problem
    };
    ThemeError::Invalid {
        file: source.to_string(),
        place,
        problem,
    }
}

/// One style in a theme file: a color (which sets the text color), or a
/// table of `fg`, `bg` and modifiers.
struct StyleValue(Style);

/// The table form of a style.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StyleTable {
    fg: Option<ThemeColor>,
    bg: Option<ThemeColor>,
    bold: Option<bool>,
    dim: Option<bool>,
    italic: Option<bool>,
    underlined: Option<bool>,
    reversed: Option<bool>,
}

impl StyleTable {
    fn style(self) -> Style {
        let mut style = Style::new();
        style.fg = self.fg.map(|c| c.0);
        style.bg = self.bg.map(|c| c.0);
        for (on, modifier) in [
            (self.bold, Modifier::BOLD),
            (self.dim, Modifier::DIM),
            (self.italic, Modifier::ITALIC),
            (self.underlined, Modifier::UNDERLINED),
            (self.reversed, Modifier::REVERSED),
        ] {
            if on == Some(true) {
                style = style.add_modifier(modifier);
            }
        }
        style
    }
}

const COLOR_HELP: &str =
    "use a name like \"red\" or \"lightblue\", \"#rrggbb\", or a number from 0 to 255";

/// A color: a name, `#rrggbb`, or `0`-`255` written bare or quoted.
struct ThemeColor(Color);

impl<'de> Deserialize<'de> for ThemeColor {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ColorOnly;
        impl Visitor<'_> for ColorOnly {
            type Value = ThemeColor;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                write!(f, "a color ({COLOR_HELP})")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<ThemeColor, E> {
                color_from_str(s).map(ThemeColor)
            }
            fn visit_i64<E: de::Error>(self, i: i64) -> Result<ThemeColor, E> {
                color_from_int(i).map(ThemeColor)
            }
        }
        d.deserialize_any(ColorOnly)
    }
}

fn color_from_str<E: de::Error>(s: &str) -> Result<Color, E> {
    parse_color(s).ok_or_else(|| E::custom(format!("bad color {s:?} ({COLOR_HELP})")))
}

fn color_from_int<E: de::Error>(i: i64) -> Result<Color, E> {
    u8::try_from(i)
        .map(Color::Indexed)
        .map_err(|_| E::custom(format!("bad color \"{i}\" ({COLOR_HELP})")))
}

impl<'de> Deserialize<'de> for StyleValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StyleOrColor)
    }
}

/// Reads a color (as the text color of a style) or a style's table.
struct StyleOrColor;

impl<'de> Visitor<'de> for StyleOrColor {
    type Value = StyleValue;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(
            "a color (\"red\", \"#rrggbb\", 0-255) or a table like { fg = \"red\", bold = true }",
        )
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<StyleValue, E> {
        color_from_str(s).map(|c| StyleValue(Style::new().fg(c)))
    }

    fn visit_i64<E: de::Error>(self, i: i64) -> Result<StyleValue, E> {
        color_from_int(i).map(|c| StyleValue(Style::new().fg(c)))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<StyleValue, A::Error> {
        StyleTable::deserialize(de::value::MapAccessDeserializer::new(map))
            .map(|t| StyleValue(t.style()))
    }
}

/// A color name as ratatui reads it (case, spaces, `-` and `_` ignored;
/// `default` is `reset`), `#rrggbb`, or `0`-`255`.
pub fn parse_color(text: &str) -> Option<Color> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("default") {
        return Some(Color::Reset);
    }
    if text.is_empty() || text.starts_with(['-', '+']) {
        return None;
    }
    Color::from_str(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built_in_text(name: &str) -> &'static str {
        match name {
            "dark" => DARK,
            "light" => LIGHT,
            "high-contrast" => HIGH_CONTRAST,
            other => panic!("no built-in {other}"),
        }
    }

    fn write(dir: &Path, file: &str, text: &str) -> std::path::PathBuf {
        let path = dir.join(file);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn every_built_in_parses_and_sets_every_key() {
        for name in BUILT_IN {
            let (theme, set) = Theme::blank(name)
                .apply(name, name, built_in_text(name))
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(theme.name, *name);
            for key in KEYS {
                assert!(set.iter().any(|s| s == key), "{name} lacks {key}");
            }
            for code in ["H", "A", "B", "C"] {
                assert!(
                    set.contains(&format!("grades.{code}")),
                    "{name} lacks grades.{code}"
                );
            }
            let loaded = Theme::load(Some(name), None, false);
            assert_eq!(loaded, (theme, None));
        }
    }

    #[test]
    fn built_ins_differ_where_they_matter() {
        let dark = Theme::dark();
        for name in ["light", "high-contrast"] {
            let other = Theme::built_in(name).unwrap().unwrap();
            assert_ne!(other.selection, dark.selection, "{name}");
            assert_ne!(other.overdue, dark.overdue, "{name}");
        }
        // Meanings stay apart within a theme.
        for name in BUILT_IN {
            let t = Theme::built_in(name).unwrap().unwrap();
            assert_ne!(t.selection, t.text, "{name}");
            assert_ne!(t.overdue, t.text, "{name}");
            assert_ne!(t.error, t.ok, "{name}");
            assert_ne!(t.grade("H"), t.grade("C"), "{name}");
        }
    }

    /// Relative luminance (WCAG) of a color of the 256-color palette.
    fn luminance(c: Color) -> Option<f64> {
        let (r, g, b) = match c {
            Color::Indexed(i @ 16..=231) => {
                let level = |v: u8| if v == 0 { 0 } else { 55 + 40 * v };
                let i = i - 16;
                (level(i / 36), level(i / 6 % 6), level(i % 6))
            }
            Color::Indexed(i @ 232..=255) => {
                let v = 8 + 10 * (i - 232);
                (v, v, v)
            }
            Color::Rgb(r, g, b) => (r, g, b),
            _ => return None,
        };
        let lin = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        Some(0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b))
    }

    #[test]
    fn light_theme_puts_no_pale_text_on_the_white_background() {
        let light = Theme::built_in("light").unwrap().unwrap();
        for (key, style) in light.styles() {
            if style.bg.is_some() {
                continue;
            }
            let Some(fg) = style.fg else { continue };
            assert!(
                !matches!(
                    fg,
                    Color::White
                        | Color::Gray
                        | Color::Yellow
                        | Color::LightYellow
                        | Color::LightGreen
                        | Color::LightCyan
                        | Color::LightBlue
                        | Color::LightMagenta
                        | Color::LightRed
                ),
                "{key} is {fg:?} on white"
            );
            if let Some(l) = luminance(fg) {
                let contrast = 1.05 / (l + 0.05);
                assert!(contrast >= 3.0, "{key} {fg:?}: contrast {contrast:.2}");
            }
        }
    }

    #[test]
    fn high_contrast_uses_black_white_and_yellow_only_and_bold_text() {
        let t = Theme::built_in("high-contrast").unwrap().unwrap();
        for (key, style) in t.styles() {
            for c in [style.fg, style.bg].into_iter().flatten() {
                assert!(
                    matches!(c, Color::Black | Color::White | Color::LightYellow),
                    "{key} uses {c:?}"
                );
            }
        }
        assert!(t.text.add_modifier.contains(Modifier::BOLD));
        assert!(t.selection.add_modifier.contains(Modifier::BOLD));
    }

    #[test]
    fn no_choice_is_the_dark_theme() {
        let (theme, msg) = Theme::load(None, None, false);
        assert_eq!(theme.name, "dark");
        assert_eq!(msg, None);
        assert_eq!(Theme::load(Some("  "), None, false).0.name, "dark");
    }

    #[test]
    fn colors_in_every_form() {
        assert_eq!(parse_color("red"), Some(Color::Red));
        assert_eq!(parse_color("Light Blue"), Some(Color::LightBlue));
        assert_eq!(parse_color("dark-grey"), Some(Color::DarkGray));
        assert_eq!(parse_color("reset"), Some(Color::Reset));
        assert_eq!(parse_color("#1a2B3c"), Some(Color::Rgb(0x1a, 0x2b, 0x3c)));
        assert_eq!(parse_color("244"), Some(Color::Indexed(244)));
        for bad in ["reddish", "#12345", "#gggggg", "256", "", "-1"] {
            assert_eq!(parse_color(bad), None, "{bad}");
        }
        let t = Theme::parse(
            "t",
            "muted = 244\n[selection]\nfg = \"#000000\"\nbg = 33\nreversed = true\ndim = false\n",
        )
        .unwrap();
        assert_eq!(t.muted, Style::new().fg(Color::Indexed(244)));
        assert_eq!(
            t.selection,
            Style::new()
                .fg(Color::Rgb(0, 0, 0))
                .bg(Color::Indexed(33))
                .add_modifier(Modifier::REVERSED)
        );
    }

    #[test]
    fn a_partial_file_keeps_the_other_defaults() {
        let dark = Theme::dark();
        let t = Theme::parse("mine", "overdue = \"magenta\"\n[grades]\nD = \"blue\"\n").unwrap();
        assert_eq!(t.name, "mine");
        assert_eq!(t.overdue, Style::new().fg(Color::Magenta));
        assert_eq!(t.grade("D"), Style::new().fg(Color::Blue));
        assert_eq!(t.grade("H"), dark.grade("H"));
        assert_eq!(t.selection, dark.selection);
        assert_eq!(t.text, dark.text);
        assert_eq!(t.grade_other, dark.grade_other);
    }

    #[test]
    fn grades_are_looked_up_by_code_with_a_fallback() {
        let t = Theme::parse(
            "t",
            "grade_other = \"gray\"\n[grades]\nH = \"red\"\nh = \"blue\"\n",
        )
        .unwrap();
        assert_eq!(t.grade("H"), Style::new().fg(Color::Red));
        assert_eq!(t.grade("h"), Style::new().fg(Color::Blue));
        assert_eq!(t.grade("a"), t.grade("A"));
        assert_eq!(t.grade("Z"), Style::new().fg(Color::Gray));
        assert_eq!(t.grade(""), Style::new().fg(Color::Gray));
    }

    #[test]
    fn errors_name_the_file_the_line_the_key_and_the_problem() {
        let msg = |text: &str| Theme::parse("mine.toml", text).unwrap_err().to_string();
        let has = |m: &str, parts: &[&str]| {
            for p in parts {
                assert!(m.contains(p), "{p:?} missing in {m}");
            }
            assert!(!m.contains('\n'), "one line for the status bar: {m}");
        };
        has(
            &msg("overdue = \"reddish\""),
            &["mine.toml", "line 1, key overdue", "bad color \"reddish\""],
        );
        has(
            &msg("text = \"red\"\n[selection]\nbg = 300"),
            &["line 3, key selection.bg", "bad color \"300\""],
        );
        has(
            &msg("overdew = \"red\""),
            &["key overdew", "unknown field `overdew`", "`overdue`"],
        );
        has(
            &msg("[error]\nblink = true"),
            &["line 2, key error.blink", "unknown field `blink`"],
        );
        has(
            &msg("[error]\nbold = \"yes\""),
            &["key error.bold", "expected a boolean"],
        );
        has(&msg("title = true"), &["key title", "expected a color"]);
        has(&msg("grades = \"red\""), &["key grades", "expected a map"]);
        has(
            &msg("[grades]\nH = { fg = \"lightred\", bg = \"nope\" }"),
            &["key grades.H.bg", "bad color \"nope\""],
        );
        has(
            &msg("[grades]\n\" \" = \"red\""),
            &["key grades", "grade code must not be empty"],
        );
        has(
            &msg("text = \"reset\"\nmuted = \n"),
            &["line 2", "not valid TOML"],
        );
    }

    #[test]
    fn a_broken_file_falls_back_to_dark_with_a_message() {
        let dir = tempfile::tempdir().unwrap();
        let cases = [
            ("syntax.toml", "overdue = {", "not valid TOML"),
            (
                "color.toml",
                "overdue = \"reddish\"",
                "line 1, key overdue: bad color \"reddish\"",
            ),
            ("key.toml", "blinking = \"red\"", "unknown field `blinking`"),
        ];
        for (file, text, problem) in cases {
            let path = write(dir.path(), file, text);
            let by_path = path.to_str().unwrap();
            let (theme, msg) = Theme::load(Some(by_path), None, false);
            assert_eq!(theme, Theme::dark(), "{file}");
            let msg = msg.unwrap_or_else(|| panic!("no message for {file}"));
            assert!(msg.contains(by_path), "{msg}");
            assert!(msg.contains(problem), "{msg}");
            assert!(msg.contains("default theme (dark) is used"), "{msg}");

            // The same file chosen by name from the user's theme folder.
            let name = file.trim_end_matches(".toml");
            let (theme, msg) = Theme::load(Some(name), Some(dir.path()), false);
            assert_eq!(theme, Theme::dark());
            assert!(msg.unwrap().contains(problem));
        }
    }

    #[test]
    fn a_missing_file_or_name_falls_back_to_dark_with_a_message() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("gone.toml");
        let (theme, msg) = Theme::load(gone.to_str(), None, false);
        assert_eq!(theme.name, "dark");
        let msg = msg.unwrap();
        assert!(msg.contains("cannot read the theme file"), "{msg}");
        assert!(msg.contains("gone.toml"), "{msg}");

        let (theme, msg) = Theme::load(Some("solarized"), Some(dir.path()), false);
        assert_eq!(theme.name, "dark");
        let msg = msg.unwrap();
        assert!(msg.contains("no theme named \"solarized\""), "{msg}");
        assert!(msg.contains("dark, light, high-contrast"), "{msg}");
        assert!(msg.contains("no file solarized.toml in"), "{msg}");
    }

    #[test]
    fn a_user_file_overrides_the_built_in_and_adds_new_names() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "light.toml", "selection = { fg = \"red\" }\n");
        write(dir.path(), "mine.toml", "accent = \"lightgreen\"\n");

        let (light, msg) = Theme::load(Some("light"), Some(dir.path()), false);
        assert_eq!(msg, None);
        assert_eq!(light.name, "light");
        assert_eq!(light.selection, Style::new().fg(Color::Red));
        // Keys the user file leaves out keep the built-in light values.
        let builtin = Theme::built_in("light").unwrap().unwrap();
        assert_eq!(light.muted, builtin.muted);
        assert_ne!(light.muted, Theme::dark().muted);

        let (mine, msg) = Theme::load(Some("mine"), Some(dir.path()), false);
        assert_eq!(msg, None);
        assert_eq!(mine.name, "mine");
        assert_eq!(mine.accent, Style::new().fg(Color::LightGreen));
        // A new name starts from the default theme.
        assert_eq!(mine.muted, Theme::dark().muted);

        // Without the folder, the built-in is used.
        assert_eq!(Theme::load(Some("light"), None, false).0, builtin);
        assert_ne!(builtin.selection, light.selection);
    }

    #[test]
    fn no_color_gives_no_colors_whatever_the_choice() {
        let dir = tempfile::tempdir().unwrap();
        let broken = write(dir.path(), "broken.toml", "overdue = \"reddish\"");
        for choice in [None, Some("light"), Some("high-contrast"), broken.to_str()] {
            let (theme, msg) = Theme::load(choice, Some(dir.path()), true);
            assert_eq!(msg, None);
            assert_eq!(theme, Theme::monochrome());
        }
        let mono = Theme::monochrome();
        for (key, style) in mono
            .styles()
            .into_iter()
            .chain([("other".into(), mono.grade("Z"))])
        {
            assert_eq!(style.fg, None, "{key}");
            assert_eq!(style.bg, None, "{key}");
            assert_eq!(style.underline_color, None, "{key}");
        }
        // Meaning survives without color.
        assert!(mono.selection.add_modifier.contains(Modifier::REVERSED));
        assert!(mono.overdue.add_modifier.contains(Modifier::BOLD));
        assert_ne!(mono.muted, mono.text);
    }
}
