//! Files the program reads (imports, the do-not-call list, themes, the
//! configuration, scripts): regular files only, up to a size. A FIFO, a
//! device such as `/dev/zero` or a folder is refused at once: the file is
//! opened without blocking and looked at before a byte is read, and no
//! more than the limit is ever read, whatever the file claims.

use std::io::Read;
use std::path::Path;

/// An import or a do-not-call list: a platform's export of a few hundred
/// thousand rows is tens of megabytes.
pub const IMPORT_LIMIT: u64 = 100 * 1024 * 1024;
/// A theme, the configuration, a script, rules.
pub const SMALL_LIMIT: u64 = 1024 * 1024;

/// Why a file was not read: the catalog (`i18n::infile_error`) names it,
/// and `Display` in English.
#[derive(Debug, thiserror::Error)]
pub enum InFileError {
    NotAFile { path: String, what: NotRegular },
    TooLarge { path: String, size: u64, limit: u64 },
    Io { path: String, err: std::io::Error },
}

/// What a path names when it is not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotRegular {
    Folder,
    Pipe,
    Device,
    Socket,
    Special,
}

/// What kind of file this is, when it is not a regular one.
fn not_regular(meta: &std::fs::Metadata) -> Option<NotRegular> {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_file() {
        None
    } else if t.is_dir() {
        Some(NotRegular::Folder)
    } else if t.is_fifo() {
        Some(NotRegular::Pipe)
    } else if t.is_block_device() || t.is_char_device() {
        Some(NotRegular::Device)
    } else if t.is_socket() {
        Some(NotRegular::Socket)
    } else {
        Some(NotRegular::Special)
    }
}

/// Reads at most `limit` bytes of a regular file.
pub fn read(path: &Path, limit: u64) -> Result<Vec<u8>, InFileError> {
    let shown = path.display().to_string();
    let io = |err| InFileError::Io {
        path: shown.clone(),
        err,
    };
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Opening a FIFO for reading blocks until a writer comes: not here.
        opts.custom_flags(libc::O_NONBLOCK);
    }
    let file = opts.open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if let Some(what) = not_regular(&meta) {
        return Err(InFileError::NotAFile { path: shown, what });
    }
    if meta.len() > limit {
        return Err(InFileError::TooLarge {
            path: shown,
            size: meta.len(),
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(InFileError::TooLarge {
            path: shown,
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// [`read`], as UTF-8 text.
pub fn read_text(path: &Path, limit: u64) -> Result<String, InFileError> {
    let bytes = read(path, limit)?;
    String::from_utf8(bytes).map_err(|e| InFileError::Io {
        path: path.display().to_string(),
        err: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
    })
}

/// `std::io::Error` for callers that report one.
impl From<InFileError> for std::io::Error {
    fn from(e: InFileError) -> Self {
        match e {
            InFileError::Io { err, .. } => err,
            other => std::io::Error::new(std::io::ErrorKind::InvalidInput, other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, Localize};

    #[test]
    fn devices_folders_and_fifos_are_refused_at_once() {
        let e = read(Path::new("/dev/zero"), 1024).unwrap_err();
        assert!(e.to_string().contains("a device"), "{e}");
        let e = read(Path::new("/"), 1024).unwrap_err();
        assert!(e.to_string().contains("a folder"), "{e}");
        assert!(e.localize(Lang::Zh).contains("文件夹"));
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let e = read(&fifo, 1024).unwrap_err();
        assert!(e.to_string().contains("FIFO"), "{e}");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("big");
        std::fs::write(&f, vec![b'x'; 2000]).unwrap();
        let e = read(&f, 1000).unwrap_err();
        assert!(e.to_string().contains("the limit is 1000 bytes"), "{e}");
        assert_eq!(read(&f, 2000).unwrap().len(), 2000);
    }
}
