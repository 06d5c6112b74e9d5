//! The user's configuration file (TOML). Everything in it is optional.

use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The shared database file.
    pub db: Option<PathBuf>,
    /// `zh-CN` or `en`.
    pub lang: Option<String>,
    /// A built-in theme name or a path to a theme file.
    pub theme: Option<String>,
    /// A command run when a call starts, with `{phone}` replaced by the number.
    pub dial_command: Option<String>,
    /// Where `dcc backup` writes [default: `backups/` beside the database].
    pub backup_dir: Option<PathBuf>,
    /// Key overrides: action name to key for the queue, e.g. `reached = "r"`,
    /// and a table per other mode, e.g. `[keys.requests] approve = "a"`.
    #[serde(default)]
    pub keys: std::collections::BTreeMap<String, KeyEntry>,
}

/// An entry of `[keys]`: the queue's keys for an action, or another mode's table.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum KeyEntry {
    Keys(String),
    Mode(std::collections::BTreeMap<String, String>),
}

/// The queue's overrides and each other mode's, by mode name.
pub type KeyOverrides = (
    std::collections::BTreeMap<String, String>,
    std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>,
);

impl Config {
    /// `[keys]` split into the queue's entries and the other modes' tables
    /// (`[keys.queue]` is the queue too).
    pub fn key_overrides(&self) -> KeyOverrides {
        let mut queue = std::collections::BTreeMap::new();
        let mut modes = std::collections::BTreeMap::new();
        for (name, entry) in &self.keys {
            match entry {
                KeyEntry::Keys(k) => {
                    queue.insert(name.clone(), k.clone());
                }
                KeyEntry::Mode(t) if name == "queue" => queue.extend(t.clone()),
                KeyEntry::Mode(t) => {
                    modes.insert(name.clone(), t.clone());
                }
            }
        }
        (queue, modes)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the configuration file {path}: {err}")]
    Read { path: String, err: std::io::Error },
    #[error("the configuration file {path} is not valid: {msg}nothing was changed; fix the file or move it away")]
    Parse { path: String, msg: String },
}

/// Where the configuration file is: `DCC_CONFIG`, else the platform's config
/// directory (`~/.config/dcc-desk/config.toml` on Linux).
pub fn default_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("DCC_CONFIG") {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "dcc-desk").map(|d| d.config_dir().join("config.toml"))
}

/// Where the database is when nothing says otherwise.
pub fn default_db() -> PathBuf {
    directories::ProjectDirs::from("", "", "dcc-desk")
        .map(|d| d.data_dir().join("dcc.sqlite"))
        .unwrap_or_else(|| PathBuf::from("dcc.sqlite"))
}

/// Where backups of the database at `db` go when the configuration names
/// no `backup_dir`: a `backups/` folder beside the database.
pub fn default_backup_dir(db: &Path) -> PathBuf {
    db.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("backups")
}

impl Config {
    /// The folder of backups of the database at `db`: `backup_dir`, else
    /// `backups/` beside the database.
    pub fn backup_dir_for(&self, db: &Path) -> PathBuf {
        self.backup_dir
            .clone()
            .unwrap_or_else(|| default_backup_dir(db))
    }

    /// Reads the file; a missing file is an empty configuration.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = match crate::infile::read_text(path, crate::infile::SMALL_LIMIT) {
            Ok(t) => t,
            Err(crate::infile::InFileError::Io { err, .. })
                if err.kind() == std::io::ErrorKind::NotFound =>
            {
                return Ok(Config::default())
            }
            Err(err) => {
                let err = std::io::Error::from(err);
                return Err(ConfigError::Read {
                    path: path.display().to_string(),
                    err,
                });
            }
        };
        Config::parse(&text).map_err(|msg| ConfigError::Parse {
            path: path.display().to_string(),
            msg,
        })
    }

    pub fn parse(text: &str) -> Result<Config, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_field() {
        let c = Config::parse(
            "db = \"/srv/dcc.sqlite\"\nlang = \"en\"\ntheme = \"light\"\ndial_command = \"softphone {phone}\"\n[keys]\nreached = \"r\"\n",
        )
        .unwrap();
        assert_eq!(c.db, Some(PathBuf::from("/srv/dcc.sqlite")));
        assert_eq!(
            c.keys.get("reached"),
            Some(&KeyEntry::Keys("r".to_string()))
        );
        let c =
            Config::parse("[keys]\nreached = \"1\"\n[keys.requests]\napprove = \"a\"\n").unwrap();
        let (queue, modes) = c.key_overrides();
        assert_eq!(queue.get("reached").map(String::as_str), Some("1"));
        assert_eq!(
            modes
                .get("requests")
                .and_then(|t| t.get("approve"))
                .map(String::as_str),
            Some("a")
        );
    }

    #[test]
    fn a_typo_is_named() {
        let err = Config::parse("dbb = \"x\"").unwrap_err();
        assert!(err.contains("dbb"), "{err}");
        let err = Config::parse("db = ").unwrap_err();
        assert!(err.contains("line 1"), "{err}");
    }

    #[test]
    fn a_missing_file_is_empty() {
        let c = Config::load(Path::new("/nonexistent/dcc/config.toml")).unwrap();
        assert_eq!(c, Config::default());
    }
}
