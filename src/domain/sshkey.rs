//! An agent's SSH public key, as OpenSSH writes it (`ssh-ed25519 AAAA…
//! comment`) or as PuTTYgen saves it (RFC 4716, `---- BEGIN SSH2 PUBLIC KEY
//! ----`). Parsed once: a `PublicKey` always holds a key blob whose type
//! matches its name, and its fingerprint is the one `ssh-keygen -l` prints.

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use base64::Engine;
use sha2::{Digest, Sha256};

/// The key types OpenSSH accepts for logins.
pub const KEY_TYPES: &[&str] = &[
    "ssh-ed25519",
    "ssh-rsa",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    /// `ssh-ed25519`, `ssh-rsa`, …
    pub kind: String,
    /// The key blob in base64, as in `authorized_keys` and sshd's `%k`.
    pub blob: String,
    /// The comment after the key (often `user@host`); may be empty.
    pub comment: String,
}

/// Why a text is not a public key. The catalog (`i18n::key_error`) names
/// it, and `Display` in English.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// No key line (expected `ssh-ed25519 AAAA… comment`).
    Empty,
    /// A private key, sent by mistake.
    Private,
    UnknownType(String),
    /// Not base64, or its type does not match its content.
    Damaged,
}

impl PublicKey {
    /// Reads the first key of a `.pub` file's text, in OpenSSH's or in
    /// RFC 4716 (PuTTYgen's) format.
    pub fn parse(text: &str) -> Result<PublicKey, KeyError> {
        if text.contains("PRIVATE KEY") || text.contains("PuTTY-User-Key-File") {
            return Err(KeyError::Private);
        }
        if text.contains("---- BEGIN SSH2 PUBLIC KEY ----") {
            return Self::parse_rfc4716(text);
        }
        let line = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .ok_or(KeyError::Empty)?;
        let mut words = line.split_whitespace();
        let kind = words.next().ok_or(KeyError::Empty)?;
        let blob = words.next().ok_or(KeyError::Damaged)?;
        let comment = words.collect::<Vec<_>>().join(" ");
        Self::from_parts(kind, blob, &comment)
    }

    /// A key from sshd's `%t` and `%k`.
    pub fn from_parts(kind: &str, blob: &str, comment: &str) -> Result<PublicKey, KeyError> {
        if !KEY_TYPES.contains(&kind) {
            return Err(KeyError::UnknownType(kind.chars().take(40).collect()));
        }
        let bytes = STANDARD.decode(blob).map_err(|_| KeyError::Damaged)?;
        if blob_type(&bytes) != Some(kind.as_bytes()) {
            return Err(KeyError::Damaged);
        }
        Ok(PublicKey {
            kind: kind.to_string(),
            blob: blob.to_string(),
            comment: comment.chars().filter(|c| !c.is_control()).collect(),
        })
    }

    fn parse_rfc4716(text: &str) -> Result<PublicKey, KeyError> {
        let mut body = String::new();
        let mut comment = String::new();
        let mut inside = false;
        let mut continued = false;
        for line in text.lines().map(str::trim) {
            if line.starts_with("---- BEGIN SSH2 PUBLIC KEY") {
                inside = true;
            } else if line.starts_with("---- END SSH2 PUBLIC KEY") {
                break;
            } else if inside && (continued || line.contains(':')) {
                // A header (`Comment: "rsa-key-20261129"`), maybe continued with `\`.
                if let Some(v) = line.strip_prefix("Comment:") {
                    comment = v.trim().trim_matches('"').to_string();
                }
                continued = line.ends_with('\\');
            } else if inside {
                body.push_str(line);
            }
        }
        let bytes = STANDARD.decode(&body).map_err(|_| KeyError::Damaged)?;
        let kind = blob_type(&bytes).ok_or(KeyError::Damaged)?;
        let kind = std::str::from_utf8(kind).map_err(|_| KeyError::Damaged)?;
        Self::from_parts(kind, &body, &comment)
    }

    /// `SHA256:` and the unpadded base64 of the SHA-256 of the key blob, as
    /// `ssh-keygen -l` and sshd's log show it.
    pub fn fingerprint(&self) -> String {
        let bytes = STANDARD.decode(&self.blob).unwrap_or_default();
        format!(
            "SHA256:{}",
            STANDARD_NO_PAD.encode(Sha256::digest(&bytes).as_slice())
        )
    }
}

/// The key type named at the start of a key blob (a length-prefixed string).
fn blob_type(bytes: &[u8]) -> Option<&[u8]> {
    let len = u32::from_be_bytes(bytes.get(..4)?.try_into().ok()?) as usize;
    if len == 0 || len > 64 {
        return None;
    }
    bytes.get(4..4 + len)
}

/// Whether a text has the shape of a fingerprint this module makes, so it can
/// be put inside a forced command without quoting.
pub fn is_fingerprint(s: &str) -> bool {
    s.strip_prefix("SHA256:").is_some_and(|b| {
        b.len() == 43
            && b.bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'+' || c == b'/')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Made with `ssh-keygen -t ed25519 -C amy@pc`; `ssh-keygen -lf` prints
    // the fingerprint below.
    const AMY: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIAVGhlSh0mGvwdL50H3F/o7rz8V/oYJYMUuTbp/OWR6 amy@pc";
    const AMY_FP: &str = "SHA256:8y/MbwwSo3RkQkJfkychMaVptGjOjcj3nKP60/A9+5E";

    #[test]
    fn reads_an_openssh_pub_file_and_fingerprints_it_like_ssh_keygen() {
        let k = PublicKey::parse(&format!("{AMY}\n")).unwrap();
        assert_eq!(k.kind, "ssh-ed25519");
        assert_eq!(k.comment, "amy@pc");
        assert_eq!(k.fingerprint(), AMY_FP);
        assert!(is_fingerprint(&k.fingerprint()));
    }

    #[test]
    fn reads_puttygen_rfc4716_export() {
        let blob = AMY.split_whitespace().nth(1).unwrap();
        let text = format!(
            "---- BEGIN SSH2 PUBLIC KEY ----\r\nComment: \"eddsa-key-20261129\"\r\n{}\r\n{}\r\n---- END SSH2 PUBLIC KEY ----\r\n",
            &blob[..40],
            &blob[40..]
        );
        let k = PublicKey::parse(&text).unwrap();
        assert_eq!(k.fingerprint(), AMY_FP);
        assert_eq!(k.comment, "eddsa-key-20261129");
    }

    #[test]
    fn refuses_what_is_not_a_public_key() {
        assert_eq!(PublicKey::parse(""), Err(KeyError::Empty));
        assert_eq!(
            PublicKey::parse("-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n"),
            Err(KeyError::Private)
        );
        assert!(matches!(
            PublicKey::parse("ssh-dss AAAAB3NzaC1kc3M="),
            Err(KeyError::UnknownType(_))
        ));
        // An ed25519 blob labelled as RSA.
        let blob = AMY.split_whitespace().nth(1).unwrap();
        assert_eq!(
            PublicKey::from_parts("ssh-rsa", blob, ""),
            Err(KeyError::Damaged)
        );
        assert_eq!(
            PublicKey::from_parts("ssh-ed25519", "not base64!", ""),
            Err(KeyError::Damaged)
        );
        assert!(!is_fingerprint("SHA256:abc\" rm"));
    }
}
