//! sshd's configuration read the way sshd reads it, for the doctor when it
//! cannot ask sshd itself (`sshd -T` needs root): the main file, each
//! `Include` where it stands (globs expanded in lexical order, relative
//! paths under sshd's own folder, `/etc/ssh`), the first value of each
//! keyword kept, and `Match all` / `Match User …` blocks applied for the
//! service account (any other `Match` is taken as not applying).
//!
//! As in sshd, an included file starts in the `Match` state of the line that
//! includes it and cannot change that state for the lines after the
//! `Include`; a `Match` inside a file included from a block that does not
//! apply never applies either.

use std::path::{Path, PathBuf};

/// sshd's folder: where a relative `Include` is looked for.
pub const SSH_DIR: &str = "/etc/ssh";

/// sshd gives up past this many nested includes.
const MAX_DEPTH: usize = 16;

/// The settings that apply to a login to `account`, lower-case keywords in
/// the order first read, from `main` and everything it includes. Files that
/// cannot be read are skipped (the doctor reports what it could read).
pub fn read(main: &Path, ssh_dir: &Path, account: &str) -> Vec<(String, String)> {
    let mut r = Reader {
        ssh_dir,
        account,
        out: Vec::new(),
    };
    if let Ok(text) = std::fs::read_to_string(main) {
        let mut active = true;
        r.file(&text, &mut active, false, 0);
    }
    r.out
}

struct Reader<'a> {
    ssh_dir: &'a Path,
    account: &'a str,
    out: Vec<(String, String)>,
}

impl Reader<'_> {
    /// One file's lines. `active`: whether the lines read now apply; `never`:
    /// included from a block that does not apply, so no `Match` here can.
    fn file(&mut self, text: &str, active: &mut bool, never: bool, depth: usize) {
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (key, value) = line
                .split_once(|c: char| c.is_whitespace() || c == '=')
                .unwrap_or((line, ""));
            let value = value.trim_start_matches([' ', '\t', '=']).trim();
            if key.eq_ignore_ascii_case("match") {
                *active = !never && self.matches(value);
            } else if key.eq_ignore_ascii_case("include") {
                self.include(value, active, never, depth);
            } else if *active {
                let key = key.to_ascii_lowercase();
                if !self.out.iter().any(|(k, _)| *k == key) {
                    self.out.push((key, value.to_string()));
                }
            }
        }
    }

    /// `Include a b …`: each word a path or a glob, its files in lexical
    /// order, each read in the state of the including line.
    fn include(&mut self, value: &str, active: &mut bool, never: bool, depth: usize) {
        if depth >= MAX_DEPTH {
            return;
        }
        let was = *active;
        for word in shlex::split(value).unwrap_or_default() {
            let pattern = if word.starts_with('/') {
                PathBuf::from(&word)
            } else {
                self.ssh_dir.join(&word)
            };
            let Some(pattern) = pattern.to_str() else {
                continue;
            };
            let Ok(paths) = glob::glob(pattern) else {
                continue;
            };
            for path in paths.flatten() {
                if let Ok(text) = std::fs::read_to_string(&path) {
                    self.file(&text, active, never || !was, depth + 1);
                }
                *active = was;
            }
        }
    }

    /// Whether a `Match` line's criteria select a login to the account.
    fn matches(&self, criteria: &str) -> bool {
        let w: Vec<&str> = criteria.split_whitespace().collect();
        matches!(w.as_slice(), [a] if a.eq_ignore_ascii_case("all"))
            || matches!(w.as_slice(), [u, who] if u.eq_ignore_ascii_case("user")
                && who.split(',').any(|x| x == self.account))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        for (p, text) in files {
            let p = d.path().join(p);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        d
    }

    fn get<'a>(set: &'a [(String, String)], k: &str) -> Option<&'a str> {
        set.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str())
    }

    #[test]
    fn a_relative_include_glob_is_read_from_sshs_folder_where_it_stands() {
        // Debian's layout: the drop-ins first, then the main file's own lines.
        let d = tree(&[
            (
                "sshd_config",
                "Include sshd_config.d/*.conf\nPasswordAuthentication yes\nX11Forwarding yes\n",
            ),
            (
                "sshd_config.d/50-cloud.conf",
                "PasswordAuthentication no\n",
            ),
            (
                "sshd_config.d/dcc-desk.conf",
                "Match User dcc\n  AuthorizedKeysCommand /usr/local/bin/dcc authorized-keys %u %t %k\n  \
                 DisableForwarding yes\nMatch all\n",
            ),
            ("sshd_config.d/notes.txt", "PermitTTY no\n"),
        ]);
        let set = read(&d.path().join("sshd_config"), d.path(), "dcc");
        assert_eq!(
            get(&set, "passwordauthentication"),
            Some("no"),
            "the drop-in came first"
        );
        assert_eq!(
            get(&set, "authorizedkeyscommand"),
            Some("/usr/local/bin/dcc authorized-keys %u %t %k")
        );
        assert_eq!(get(&set, "disableforwarding"), Some("yes"));
        assert_eq!(
            get(&set, "x11forwarding"),
            Some("yes"),
            "the main file after it"
        );
        assert_eq!(get(&set, "permittty"), None, "only *.conf files");
        // Another account gets none of the drop-in's Match block.
        let other = read(&d.path().join("sshd_config"), d.path(), "amy");
        assert_eq!(get(&other, "authorizedkeyscommand"), None);
    }

    #[test]
    fn the_files_of_a_glob_are_read_in_lexical_order_and_the_first_value_wins() {
        let d = tree(&[
            ("etc/main", "Include conf.d/*\n"),
            ("etc/conf.d/20-b", "ClientAliveInterval 20\n"),
            ("etc/conf.d/10-a", "ClientAliveInterval 10\n"),
        ]);
        let ssh_dir = d.path().join("etc");
        let set = read(&ssh_dir.join("main"), &ssh_dir, "dcc");
        assert_eq!(get(&set, "clientaliveinterval"), Some("10"));
    }

    #[test]
    fn an_included_match_does_not_leak_into_the_lines_after_the_include() {
        let d = tree(&[
            (
                "sshd_config",
                "Include inc/a.conf\nPermitTTY no\nMatch User dcc\n  Include inc/b.conf\nMatch all\n\
                 PermitUserRC no\n",
            ),
            // Ends inside another account's block: the main file's next
            // line still applies to everyone.
            ("inc/a.conf", "Match User other\n  PasswordAuthentication yes\n"),
            ("inc/b.conf", "AllowTcpForwarding no\n"),
        ]);
        let set = read(&d.path().join("sshd_config"), d.path(), "dcc");
        assert_eq!(get(&set, "permittty"), Some("no"));
        assert_eq!(get(&set, "passwordauthentication"), None);
        assert_eq!(
            get(&set, "allowtcpforwarding"),
            Some("no"),
            "included inside our block"
        );
        assert_eq!(get(&set, "permituserrc"), Some("no"));
    }

    #[test]
    fn a_file_included_from_a_block_that_does_not_apply_never_applies() {
        let d = tree(&[
            (
                "sshd_config",
                "Match User other\n  Include inc/x.conf\nMatch all\n",
            ),
            (
                "inc/x.conf",
                "KbdInteractiveAuthentication yes\nMatch all\nPermitTunnel yes\n",
            ),
        ]);
        let set = read(&d.path().join("sshd_config"), d.path(), "dcc");
        assert_eq!(get(&set, "kbdinteractiveauthentication"), None);
        assert_eq!(
            get(&set, "permittunnel"),
            None,
            "its own `Match all` neither"
        );
    }

    #[test]
    fn absolute_includes_several_words_and_a_loop_are_read_without_hanging() {
        let d = tree(&[
            ("a/main", ""),
            ("b/one.conf", "PermitTTY yes\n"),
            (
                "b/two.conf",
                "Include /nonexistent/*.conf two.conf\nPermitUserRC no\n",
            ),
        ]);
        let main = d.path().join("a/main");
        let b = d.path().join("b");
        std::fs::write(
            &main,
            format!(
                "Include \"{}\" {}\nInclude missing-*.conf\n",
                b.join("one.conf").display(),
                b.join("two.conf").display()
            ),
        )
        .unwrap();
        // Relative to the test's ssh folder, two.conf includes itself.
        let set = read(&main, &b, "dcc");
        assert_eq!(get(&set, "permittty"), Some("yes"));
        assert_eq!(get(&set, "permituserrc"), Some("no"));
    }
}
