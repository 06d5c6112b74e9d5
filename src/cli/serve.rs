//! Served mode: agents log in over SSH to the one service account that owns
//! the database, with their own key. OpenSSH's sshd does the cryptography and
//! asks `dcc authorized-keys` who a key belongs to; the line it prints forces
//! `dcc session --key FINGERPRINT`, which opens the workstation (or runs the
//! one command the client asked for) as that key's agent.
//!
//! Nothing the client sends decides anything: the database comes from the
//! served configuration named by sshd's configuration (root's), the agent
//! from the key, the clock from the system. The client's environment is
//! dropped before anything reads it, and `--db`, `--as` and `--login` are
//! refused in a remote command.

use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;

use super::identity::{self, Served};
use super::{Cli, CliError, Command, Result};
use crate::config::Config;
use crate::domain::sshkey::{is_fingerprint, PublicKey};
use crate::i18n::{self, Lang, Localize};
use crate::store::{OpenMode, SessionEnd, SqliteStore};

/// Where sshd's configuration says the served configuration is, by default.
pub const SERVED_CONFIG: &str = "/etc/dcc-desk/served.toml";

#[derive(Debug, Clone, clap::Args)]
pub struct AuthorizedKeysArgs {
    /// The served configuration (a file owned by root naming the database).
    #[arg(long, default_value = SERVED_CONFIG)]
    pub config: PathBuf,
    /// The account being logged in to (sshd's `%u`).
    pub user: String,
    /// The key's type (`%t`).
    pub key_type: String,
    /// The key, base64 (`%k`).
    pub key: String,
}

#[derive(Debug, Clone, clap::Args)]
pub struct SessionArgs {
    #[arg(long, default_value = SERVED_CONFIG)]
    pub config: PathBuf,
    /// The fingerprint of the key the client logged in with.
    #[arg(long)]
    pub key: String,
}

#[derive(Debug, Clone, clap::Args)]
pub struct SetupArgs {
    /// The service account agents log in to.
    #[arg(long, default_value = "dcc")]
    pub account: String,
    /// The service account's folder, holding the database (mode 0700).
    #[arg(long, default_value = "/srv/dcc")]
    pub folder: PathBuf,
    /// Where the program is installed (owned by root).
    #[arg(long, default_value = "/usr/local/bin/dcc")]
    pub bin: PathBuf,
    #[arg(long, default_value = SERVED_CONFIG)]
    pub config: PathBuf,
    /// Print only the sshd drop-in.
    #[arg(long)]
    pub drop_in: bool,
}

/// The served configuration: a `Config` whose `db` is required, in a file
/// that only root (or the service account itself) can change.
pub fn served_config(path: &Path, lang: Lang) -> Result<(Config, PathBuf)> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path)
        .map_err(|e| CliError::Input(i18n::no_served_config(&shown, &e, lang)))?;
    if meta.uid() != 0 && Some(meta.uid()) != identity::real_uid() {
        return Err(CliError::Input(i18n::served_config_not_root(&shown, lang)));
    }
    if meta.mode() & 0o022 != 0 {
        return Err(CliError::Input(i18n::served_config_writable(
            &shown,
            meta.mode() & 0o777,
            lang,
        )));
    }
    let config = Config::load(path)?;
    let db = config
        .db
        .clone()
        .ok_or_else(|| CliError::Input(i18n::served_config_no_db(&shown, lang)))?;
    Ok((config, db))
}

/// The served configuration that serves the database at `db`: the one
/// named, else the default one when it names `db`.
pub fn served_here(db: &Path, named: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = named {
        return Some(p.to_path_buf());
    }
    let default = Path::new(SERVED_CONFIG);
    let served = Config::load(default).ok()?.db?;
    let same = |p: &Path| std::fs::canonicalize(p).ok();
    (same(&served).is_some() && same(&served) == same(db)).then(|| default.to_path_buf())
}

/// A path sshd may put in a forced command, run by the account's shell:
/// nothing the shell would read as more than a word.
fn shell_safe(p: &Path) -> Option<&str> {
    let s = p.to_str()?;
    s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/._-+".contains(&b))
        .then_some(s)
}

/// `dcc authorized-keys USER TYPE KEY`: the `authorized_keys` line for a key
/// registered to an active agent; nothing for any other key or account.
pub fn authorized_keys(args: &AuthorizedKeysArgs, out: &mut dyn Write) -> Result<()> {
    // What goes wrong here is read in sshd's log, by whoever set it up.
    let lang = Lang::En;
    let (_, db) = served_config(&args.config, lang)?;
    // Only logins to the service account itself are ours to answer.
    if args.user != identity::os_login() {
        return Ok(());
    }
    let Ok(key) = PublicKey::from_parts(&args.key_type, &args.key, "") else {
        return Ok(());
    };
    let fingerprint = key.fingerprint();
    let store = SqliteStore::open(&db, OpenMode::Existing)?;
    if store.key_agent(&fingerprint)?.is_none() {
        return Ok(());
    }
    let exe = std::env::current_exe()?;
    let (Some(exe), Some(config)) = (shell_safe(&exe), shell_safe(&args.config)) else {
        return Err(CliError::Input(i18n::unsafe_paths(lang)));
    };
    writeln!(
        out,
        "restrict,pty,command=\"{exe} session --config {config} --key {fingerprint}\" {} {}",
        key.kind, key.blob
    )?;
    Ok(())
}

/// What sshd passed that a session keeps: the rest of the environment is
/// the client's to set (`SendEnv`, `SetEnv`) and is dropped unread.
struct FromSshd {
    command: Option<String>,
    origin: String,
}

fn take_environment() -> FromSshd {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
    let from = FromSshd {
        command: var("SSH_ORIGINAL_COMMAND"),
        origin: var("SSH_CONNECTION")
            .map(|c| c.split_whitespace().take(2).collect::<Vec<_>>().join(" "))
            .unwrap_or_else(|| "local".into()),
    };
    for (k, _) in std::env::vars_os() {
        if k != "TERM" {
            std::env::remove_var(k);
        }
    }
    from
}

/// `dcc session --key FP`: as the key's agent, the workstation, or the one
/// command in `SSH_ORIGINAL_COMMAND`. It speaks `--lang`, else the served
/// configuration's `lang` (never the client's environment, which is dropped).
pub fn session(args: &SessionArgs, flag: Option<&str>, out: &mut dyn Write) -> Result<()> {
    let sshd = take_environment();
    let lang = Lang::choose(flag, None);
    let (config, db) = served_config(&args.config, lang)?;
    let lang = Lang::choose(flag, config.lang.as_deref());
    session_as(args, (config, db), sshd, lang, out).map_err(|e| match e {
        CliError::Output(_) => e,
        other => CliError::Input(other.localize(lang)),
    })
}

fn session_as(
    args: &SessionArgs,
    (config, db): (Config, PathBuf),
    sshd: FromSshd,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<()> {
    if !identity::owns(&db) {
        let db = db.display().to_string();
        return Err(CliError::Input(i18n::session_not_owner(&db, lang)));
    }
    if !is_fingerprint(&args.key) {
        return Err(CliError::Input(i18n::not_a_fingerprint(&args.key, lang)));
    }
    let store = SqliteStore::open(&db, OpenMode::Existing)?;
    let agent = store
        .key_agent(&args.key)?
        .ok_or_else(|| CliError::Input(i18n::key_logs_in_no_one(lang)))?;
    let mut cli = match &sshd.command {
        None => Cli::parse_from(["dcc"]),
        Some(line) => match remote_command(line, lang)? {
            Some(cli) => cli,
            // --help, --version: printed, nothing run.
            None => return Ok(writeln!(out, "{}", help_or_version(line))?),
        },
    };
    cli.served = Some(Served {
        db: db.clone(),
        agent: agent.login.clone(),
    });
    let served = Config {
        db: None,
        dial_command: None,
        ..config
    };
    let id = store.session_start(
        &agent,
        &args.key,
        &sshd.origin,
        sshd.command.as_deref(),
        identity::system_now(),
    )?;
    let revoked = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicBool::new(false));
    if cli.command.is_none() {
        watch(&db, id, &args.key, agent.id, &revoked, &done)?;
    }
    let result = super::run(&cli, &served, out);
    done.store(true, Ordering::Relaxed);
    let why = if revoked.load(Ordering::Relaxed) {
        SessionEnd::Revoked
    } else {
        SessionEnd::Closed
    };
    let _ = store.session_end(id, why, identity::system_now());
    if why == SessionEnd::Revoked {
        return Err(CliError::Input(i18n::access_withdrawn(lang)));
    }
    // The command's own errors in the language it speaks (its --lang first).
    let spoken = super::lang(&cli, &served);
    result.map_err(|e| match e {
        CliError::Output(_) => e,
        other => CliError::Input(other.localize(spoken)),
    })
}

/// How often an open workstation checks that its key and agent still log in.
const CHECK_EVERY: Duration = Duration::from_secs(2);
/// How often it records that it is alive (for "who is online").
const SEEN_EVERY: u32 = 30;

/// Checks on its own connection that the key still logs its agent in; when
/// it no longer does, ends the workstation as a SIGTERM would (the terminal
/// is given back, an open call is released).
fn watch(
    db: &Path,
    session: i64,
    key: &str,
    agent: i64,
    revoked: &Arc<AtomicBool>,
    done: &Arc<AtomicBool>,
) -> Result<()> {
    // Until the workstation installs its own handler, SIGTERM must not kill
    // the process before the session's end is recorded.
    let term = Arc::new(AtomicBool::new(false));
    signal_hook::flag::register(signal_hook::consts::SIGTERM, Arc::clone(&term))?;
    let store = SqliteStore::open(db, OpenMode::Existing)?;
    let (key, revoked, done) = (key.to_string(), Arc::clone(revoked), Arc::clone(done));
    std::thread::spawn(move || {
        let mut ticks = 0u32;
        while !done.load(Ordering::Relaxed) {
            std::thread::sleep(CHECK_EVERY);
            ticks += 1;
            let still = match store.key_agent(&key) {
                Ok(Some(a)) => a.id == agent,
                Ok(None) => false,
                // Busy or briefly unreadable: ask again at the next tick.
                Err(_) => true,
            };
            if !still {
                revoked.store(true, Ordering::Relaxed);
                let _ = signal_hook::low_level::raise(signal_hook::consts::SIGTERM);
                return;
            }
            if ticks.is_multiple_of(SEEN_EVERY) {
                let _ = store.session_seen(session, identity::system_now());
            }
        }
    });
    Ok(())
}

/// Reads the client's command as dcc's words (split like a shell would
/// quote them, never given to one) and refuses what is not for a remote
/// agent. `None`: the words asked for help or the version.
fn remote_command(line: &str, lang: Lang) -> Result<Option<Cli>> {
    let words = shlex::split(line).ok_or_else(|| CliError::Input(i18n::unbalanced_quotes(lang)))?;
    let mut cli = match Cli::try_parse_from(std::iter::once("dcc".to_string()).chain(words)) {
        Ok(cli) => cli,
        Err(e) if is_help(&e) => return Ok(None),
        Err(e) => {
            let said = e.render().to_string();
            return Err(CliError::Input(i18n::not_a_command(&said, lang)));
        }
    };
    if cli.db.is_some() || cli.act_as.is_some() || cli.acting_login.is_some() {
        return Err(CliError::Input(i18n::flags_not_over_ssh(lang)));
    }
    if let Some(what) = cli.command.as_ref().and_then(refused_remotely) {
        return Err(CliError::Input(match what {
            KEY_FILE => i18n::key_file_not_over_ssh(lang),
            _ => i18n::not_over_ssh(what, lang),
        }));
    }
    to_standard_output(&mut cli);
    Ok(Some(cli))
}

fn is_help(e: &clap::Error) -> bool {
    matches!(
        e.kind(),
        clap::error::ErrorKind::DisplayHelp
            | clap::error::ErrorKind::DisplayVersion
            | clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    )
}

fn help_or_version(line: &str) -> String {
    let words = shlex::split(line).unwrap_or_default();
    match Cli::try_parse_from(std::iter::once("dcc".to_string()).chain(words)) {
        Err(e) => e.render().to_string(),
        Ok(_) => String::new(),
    }
}

/// A key given as a file on the server: over SSH it comes on standard input.
const KEY_FILE: &str = "agent key add FILE";

/// Commands that name files or folders on the server, or set it up: a
/// remote agent has no business with the server's files.
fn refused_remotely(c: &Command) -> Option<&'static str> {
    use super::{AgentCommand, DncCommand, KeyCommand, RulesCommand, ScriptCommand};
    let stdout = |p: &Option<PathBuf>| p.as_deref().is_none_or(|p| p == Path::new("-"));
    match c {
        Command::Init { .. } => Some("init"),
        #[cfg(feature = "tools")]
        Command::Demo { .. } => Some("demo"),
        Command::Doctor { .. } => Some("doctor"),
        #[cfg(feature = "tools")]
        Command::Load(_) | Command::LoadWorker(_) => Some("load"),
        // `import FILE` names a file on the server; `import list` and
        // `import undo ID` name none and are the access policy's to allow.
        Command::Import { command: None, .. } => Some("import"),
        Command::AuthorizedKeys(_) => Some("authorized-keys"),
        Command::Session(_) => Some("session"),
        Command::SshSetup(_) => Some("ssh-setup"),
        Command::Dnc {
            command: DncCommand::Import { .. },
        } => Some("dnc import"),
        Command::Script {
            command: ScriptCommand::Set { .. },
        } => Some("script set"),
        Command::Rules {
            command: RulesCommand::Set { .. },
        } => Some("rules set"),
        Command::Agent {
            command:
                AgentCommand::Key {
                    command: KeyCommand::Add { file, .. },
                },
        } if file != Path::new("-") => Some(KEY_FILE),
        Command::Report(r) if !stdout(&r.output) => Some("report --output"),
        Command::Export {
            what: crate::export::ExportCommand::Visits(v),
        } if !stdout(&v.output) => Some("export --output"),
        _ => None,
    }
}

/// Over SSH a report or an export goes to standard output, workbooks too:
/// `ssh dcc@host report funnel --format xlsx > funnel.xlsx`.
fn to_standard_output(cli: &mut Cli) {
    let dash = || Some(PathBuf::from("-"));
    match &mut cli.command {
        Some(Command::Report(r)) => r.output = dash(),
        Some(Command::Export {
            what: crate::export::ExportCommand::Visits(v),
        }) => v.output = dash(),
        _ => {}
    }
}

/// `dcc ssh-setup`: the commands and the sshd drop-in of served mode.
pub fn setup(args: &SetupArgs, lang: Lang, out: &mut dyn Write) -> Result<()> {
    let bin = args.bin.display();
    let config = args.config.display();
    let account = &args.account;
    let folder = args.folder.display();
    let db_path = args.folder.join("dcc.sqlite");
    let backups = crate::config::default_backup_dir(&db_path);
    let (db, backups) = (db_path.display(), backups.display());
    let i18n::SetupWords {
        drop_in: drop_in_head,
        drop_in_tail,
        title,
        account: step_account,
        program,
        config: step_config,
        database,
        sshd,
        backup,
        unit,
        timer,
        cron,
        doctor,
        agents,
    } = i18n::setup_words(lang);
    let backup_tail = i18n::setup_backup_tail(lang);
    let drop_in = format!(
        "{drop_in_head} {account}{drop_in_tail}
Match User {account}
    AuthorizedKeysFile none
    AuthorizedKeysCommand {bin} authorized-keys --config {config} %u %t %k
    AuthorizedKeysCommandUser {account}
    AuthenticationMethods publickey
    PubkeyAuthentication yes
    PasswordAuthentication no
    KbdInteractiveAuthentication no
    DisableForwarding yes
    PermitTTY yes
    PermitUserRC no
    ClientAliveInterval 30
    ClientAliveCountMax 4
Match all
"
    );
    if args.drop_in {
        write!(out, "{drop_in}")?;
        return Ok(());
    }
    let config_dir = args
        .config
        .parent()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "/etc/dcc-desk".into());
    writeln!(
        out,
        "{title}

{step_account}
useradd --system --create-home --home-dir {folder} --shell /bin/sh {account}
usermod -p '*' {account}
chown {account}: {folder}
chmod 0700 {folder}

{program}
install -o root -g root -m 0755 ./dcc {bin}

{step_config}
install -d -o root -g root -m 0755 {config_dir}
printf 'db = \"{db}\"\\nlang = \"zh-CN\"\\n' > {config}
chmod 0644 {config}

{database}
runuser -u {account} -- {bin} --db {db} init --name \"IT\"
runuser -u {account} -- {bin} --db {db} agent add boss --name \"主管\" --role supervisor
runuser -u {account} -- {bin} --db {db} agent key add boss /path/to/boss.pub
chmod 0600 {db}

{sshd}
cat > /etc/ssh/sshd_config.d/dcc-desk.conf <<'EOF'
{drop_in}EOF
sshd -t && systemctl reload ssh

{backup} {backups} {backup_tail}
cat > /etc/systemd/system/dcc-backup.service <<'EOF'
[Unit]
Description={unit}
[Service]
Type=oneshot
User={account}
ExecStart={bin} --db {db} backup {backups} --keep 14
EOF
cat > /etc/systemd/system/dcc-backup.timer <<'EOF'
[Unit]
Description={timer}
[Timer]
OnCalendar=*-*-* 02:00
Persistent=true
[Install]
WantedBy=timers.target
EOF
systemctl daemon-reload && systemctl enable --now dcc-backup.timer
{cron}
#    0 2 * * * {bin} --db {db} backup {backups} --keep 14

{doctor}
runuser -u {account} -- {bin} --db {db} doctor

{agents} ssh {account}@THIS-HOST"
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(line: &str) -> Option<&'static str> {
        let words = shlex::split(line).unwrap_or_default();
        let cli = Cli::try_parse_from(std::iter::once("dcc".to_string()).chain(words))
            .unwrap_or_else(|e| panic!("{line}: {e}"));
        cli.command.as_ref().and_then(refused_remotely)
    }

    #[test]
    fn over_ssh_only_the_commands_that_name_a_server_file_are_refused() {
        for (line, what) in [
            ("import leads.csv", Some("import")),
            ("import leads.csv --dry-run", Some("import")),
            ("import list", None),
            ("import list --format json", None),
            ("import undo 7", None),
            ("dnc import numbers.txt", Some("dnc import")),
            ("rules set rules.toml", Some("rules set")),
            ("agent key add amy amy.pub", Some(KEY_FILE)),
            ("agent key add amy -", None),
            ("report funnel --output f.csv", Some("report --output")),
            ("report funnel", None),
            ("queue", None),
        ] {
            assert_eq!(refused(line), what, "{line}");
        }
    }
}
