//! The command line's arguments, as clap reads them: every command, its
//! options and their help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::domain::outcome::Outcome;
use crate::store::Role;

/// dcc-desk: the call-center workstation of a car dealership.
///
/// With no command, opens the workstation for you on the configured database.
#[derive(Debug, Parser)]
#[command(name = "dcc", version, about, long_about = None)]
pub struct Cli {
    /// The database file [env: DCC_DB; else `db` in the config file; else the
    /// platform's data directory].
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Act for another agent (supervisors only); both names are recorded.
    #[arg(long = "as", global = true, value_name = "LOGIN")]
    pub act_as: Option<String>,

    /// Act as this agent instead of your own account: only for the owner of
    /// the database file, who can change anything in it anyway (tests,
    /// demos, the load test). Never over SSH.
    #[arg(long = "login", global = true, value_name = "LOGIN")]
    pub acting_login: Option<String>,

    /// Set by `dcc session` only, never from the command line.
    #[arg(skip)]
    pub served: Option<super::Served>,

    /// Language of the workstation: zh-CN or en [default: the config, else the locale].
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<String>,

    /// Theme: dark, light, high-contrast, or a path to a theme file.
    #[arg(long, global = true, value_name = "THEME")]
    pub theme: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database and make yourself its first supervisor.
    Init {
        /// Your display name (defaults to your login).
        #[arg(long)]
        name: Option<String>,
    },
    /// Create a populated demo database (refuses to overwrite an existing file).
    #[cfg(feature = "tools")]
    Demo {
        /// How many leads (up to 1,000,000).
        #[arg(long, default_value_t = 20_000, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
        leads: u64,
        /// Seed: the same seed gives the same database.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Open the workstation on it afterwards.
        #[arg(long)]
        open: bool,
    },
    /// Manage agents.
    Agent {
        #[command(subcommand)]
        command: AgentCommand,
    },
    /// Add or show leads.
    Lead {
        #[command(subcommand)]
        command: LeadCommand,
    },
    /// Today's callback queue, most urgent first.
    Queue {
        /// The day (YYYY-MM-DD); default today.
        #[arg(long)]
        date: Option<String>,
        /// The whole team's queue (supervisors).
        #[arg(long)]
        all: bool,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Log the outcome of a call on a lead.
    Log(LogArgs),
    /// Approve or reject a defeat or invalid request (supervisors).
    Decide {
        id: i64,
        #[arg(value_enum)]
        decision: Decision,
        #[arg(long)]
        note: Option<String>,
    },
    /// List the defeat and invalid reasons.
    Reasons,
    /// Supervisors: add a reason to a list, or take one off.
    Reason {
        #[command(subcommand)]
        command: ReasonCommand,
    },
    /// The dealer's model list: anyone lists it; supervisors add and remove.
    Model {
        #[command(subcommand)]
        command: ModelCommand,
    },
    /// Call scripts: preview one filled in for a lead, or replace one (supervisors).
    Script {
        #[command(subcommand)]
        command: ScriptCommand,
    },
    /// The grade scale, cadence, calling hours and retry limits.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Supervisors: set a plain setting (dealer, campaign, assign, durability).
    Set { key: String, value: String },
    /// Supervisors: a channel's spend for a month, in yuan (CNY).
    Spend {
        channel: String,
        /// YYYY-MM
        month: String,
        yuan: f64,
    },
    /// The team's day: each agent's due, done, overdue, calls (supervisors).
    Team {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Defeat and invalid requests waiting for a decision (supervisors).
    Requests {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Move leads to another agent (supervisors); recorded with the reason.
    Reassign {
        /// Lead ids.
        #[arg(required = true)]
        ids: Vec<i64>,
        #[arg(long)]
        to: String,
        #[arg(long)]
        reason: String,
    },
    /// List the channels.
    Channels,
    /// Import leads from a platform's export: CSV (UTF-8, GBK, GB18030) or xlsx.
    /// `dcc import list` lists the imports; `dcc import undo ID` takes one back.
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    Import {
        #[command(subcommand)]
        command: Option<ImportCommand>,
        #[command(flatten)]
        file: ImportFileArgs,
    },
    /// The do-not-call list.
    Dnc {
        #[command(subcommand)]
        command: DncCommand,
    },
    /// Reports for the supervisor: funnel, monthly, models, defeats, grades,
    /// agents, today; as a table, CSV, JSON or an Excel workbook.
    Report(crate::export::ReportArgs),
    /// The showroom: a day's expected visits, and what a sales consultant
    /// records of each (arrived, no-show, ordered, delivered, defeat,
    /// follow-up).
    Showroom {
        #[command(subcommand)]
        command: super::showroom::ShowroomCommand,
    },
    /// Lists for the showroom: `dcc export visits --date D`.
    Export {
        #[command(subcommand)]
        what: crate::export::ExportCommand,
    },
    /// Supervisors (or the file's owner): a checked copy of the live database
    /// while agents work, named by date and time (see README, "Backups").
    Backup {
        /// The folder [default: `backup_dir` in the config, else `backups/` beside the database].
        dir: Option<PathBuf>,
        /// Then remove older backups in that folder, keeping the newest N.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
        keep: Option<u64>,
    },
    /// Supervisors (or the file's owner): put a backup in place of the
    /// database; the current file is kept aside under a dated name.
    Restore {
        /// The backup file.
        file: PathBuf,
        /// Even while agents are working (open workstations reopen the restored file).
        #[arg(long)]
        force: bool,
    },
    /// Check the database, its folder and permissions for a team, and the
    /// clock; prints the command that fixes each problem.
    Doctor {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Check a served setup described by this served configuration
        /// [default: /etc/dcc-desk/served.toml, when it names this database].
        #[arg(long, value_name = "PATH")]
        served_config: Option<PathBuf>,
        /// sshd's configuration, for a served setup.
        #[arg(long, value_name = "PATH", default_value = "/etc/ssh/sshd_config")]
        sshd_config: PathBuf,
    },
    /// Load test: many agent processes on a copy of the database (see README,
    /// "Load, faults and the doctor"), e.g. `dcc load --agents 50 --minutes 1 --pace 30-60 --speedup 10,100`.
    #[cfg(feature = "tools")]
    Load(crate::load::LoadOptions),
    /// One simulated agent for the concurrency tests and the load command.
    #[cfg(feature = "tools")]
    #[command(hide = true)]
    LoadWorker(crate::load::WorkerOptions),
    /// For sshd's AuthorizedKeysCommand (`… %u %t %k`): prints the line that
    /// logs a key in as its agent, or nothing (see `dcc ssh-setup`).
    AuthorizedKeys(super::serve::AuthorizedKeysArgs),
    /// Run by sshd for a key's login: the workstation, or the one command the
    /// client asked for, as the key's agent.
    Session(super::serve::SessionArgs),
    /// Prints the sshd drop-in and the commands that set up served mode.
    SshSetup(super::serve::SetupArgs),
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// The imports, newest first, with their ids (supervisors).
    List {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Take an import back (supervisors): its leads nobody has worked yet
    /// are withdrawn; the ones already worked stay and are named.
    Undo {
        id: i64,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Debug, Subcommand)]
pub enum DncCommand {
    /// Put a number on the list; its lead leaves every queue.
    Add {
        phone: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// Take a number off the list (supervisors; the reason is audited).
    /// Its leads stay closed as do-not-call.
    Remove {
        phone: String,
        #[arg(long)]
        reason: String,
    },
    /// A do-not-call customer called back and consents to calls again:
    /// the number leaves the list and its lead is tracked again with a
    /// first callback (the caller on your call; inbound agents: the caller
    /// they capture; supervisors: any). Recorded in the lead's history.
    Consent {
        phone: String,
        /// How the customer consented [default: agreed on this call].
        #[arg(long)]
        note: Option<String>,
    },
    /// List the numbers on the list.
    List {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Put every number of a file on the list: one per line, or a CSV or
    /// xlsx with a phone column.
    Import { file: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum ReasonCommand {
    Add {
        #[arg(value_parser = ["defeat", "invalid"])]
        list: String,
        code: String,
        #[arg(long, default_value = "other")]
        group: String,
        #[arg(long)]
        zh: String,
        #[arg(long)]
        en: String,
    },
    Disable {
        #[arg(value_parser = ["defeat", "invalid"])]
        list: String,
        code: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ModelCommand {
    /// The models on the list, with their other spellings.
    List,
    /// Add a model (or rename the one with this Chinese name).
    Add {
        /// The Chinese name: 凯美瑞
        zh: String,
        /// The English name: Camry (the model is then `凯美瑞 Camry`)
        #[arg(long)]
        en: Option<String>,
        /// Another spelling that means this model (repeat for more)
        #[arg(long = "alias")]
        aliases: Vec<String>,
    },
    /// Take a model off the list (named in any spelling).
    Remove { name: String },
}

#[derive(Debug, Subcommand)]
pub enum ScriptCommand {
    /// Print a script filled in with a lead's details (or sample ones).
    Show {
        /// first_callback, follow_up, invitation, confirmation, no_show, verification, lost_verification, reactivation
        kind: String,
        #[arg(long, default_value = "zh-CN")]
        script_lang: String,
        #[arg(long)]
        lead: Option<i64>,
        /// The template itself, not filled in.
        #[arg(long)]
        raw: bool,
    },
    /// Replace a script with the text of a file (UTF-8); prints the preview.
    Set {
        kind: String,
        #[arg(long, default_value = "zh-CN")]
        script_lang: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Print the rules as TOML.
    Show,
    /// Replace the rules with a TOML file (validated first).
    Set { file: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum AgentCommand {
    /// Set an agent's daily call target (supervisors); `none` for the default.
    Target { login: String, calls: String },
    /// Add an agent (supervisors).
    Add {
        login: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
    },
    /// List the agents.
    List {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Disable an agent (supervisors): no more logins; open SSH sessions end.
    Disable { login: String },
    /// Enable a disabled agent again (supervisors).
    Enable { login: String },
    /// An agent's SSH keys (supervisors).
    Key {
        #[command(subcommand)]
        command: KeyCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Register a public key (the agent's .pub file, or `-` for standard input).
    Add { login: String, file: PathBuf },
    /// The keys in force, of one agent or of everyone.
    List {
        login: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Take a key out of force by its fingerprint (`SHA256:…`).
    Remove { fingerprint: String },
}

#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum LeadCommand {
    /// Add a lead; prints its id.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        phone: String,
        /// Channel code or name, in either language (`autohome`, `汽车之家`).
        #[arg(long)]
        channel: String,
        #[arg(long)]
        model: String,
        /// Expected purchase date; the grade follows from it.
        #[arg(long, required_unless_present = "grade")]
        purchase_by: Option<String>,
        /// An explicit grade instead of one from the purchase date.
        #[arg(long)]
        grade: Option<String>,
        #[arg(long)]
        visit_by: Option<String>,
        /// The owner's login (default: you).
        #[arg(long)]
        owner: Option<String>,
        #[arg(long)]
        note: Option<String>,
        /// How the customer consented to calls (needed when the number is on
        /// the do-not-call list: it then leaves the list).
        #[arg(long)]
        consent: Option<String>,
    },
    /// Show a lead with its history.
    Show {
        id: i64,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Decision {
    Approve,
    Reject,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    Inbound,
    Outbound,
    Supervisor,
    /// A showroom sales consultant.
    Showroom,
    /// A consultant with the supervisor's reports.
    ShowroomManager,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::Inbound => Role::Inbound,
            RoleArg::Outbound => Role::Outbound,
            RoleArg::Supervisor => Role::Supervisor,
            RoleArg::Showroom => Role::Showroom,
            RoleArg::ShowroomManager => Role::ShowroomManager,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutcomeArg {
    Reached,
    NoAnswer,
    CallbackAt,
    Appointment,
    Visited,
    Ordered,
    Delivered,
    Defeat,
    Invalid,
    Lost,
    Dnc,
    /// A verification call: the defeat is confirmed.
    ConfirmDefeat,
    /// A verification call: lost contact is confirmed.
    ConfirmLost,
    /// A verification call: the customer is back, tracking again.
    Back,
}

impl From<OutcomeArg> for Outcome {
    fn from(o: OutcomeArg) -> Outcome {
        match o {
            OutcomeArg::Reached => Outcome::Reached,
            OutcomeArg::NoAnswer => Outcome::NoAnswer,
            OutcomeArg::CallbackAt => Outcome::CallbackAt,
            OutcomeArg::Appointment => Outcome::Appointment,
            OutcomeArg::Visited => Outcome::Visited,
            OutcomeArg::Ordered => Outcome::Ordered,
            OutcomeArg::Delivered => Outcome::Delivered,
            OutcomeArg::Defeat => Outcome::Defeat,
            OutcomeArg::Invalid => Outcome::Invalid,
            OutcomeArg::Lost => Outcome::Lost,
            OutcomeArg::Dnc => Outcome::Dnc,
            OutcomeArg::ConfirmDefeat => Outcome::ConfirmDefeat,
            OutcomeArg::ConfirmLost => Outcome::ConfirmLost,
            OutcomeArg::Back => Outcome::Back,
        }
    }
}

/// `dcc log`: the outcome of a call on a lead.
#[derive(Debug, Args)]
pub struct LogArgs {
    /// The lead's id.
    pub id: i64,
    /// How the call ended.
    #[arg(value_enum)]
    pub outcome: OutcomeArg,
    /// A new grade (H, A, B, C on the default scale).
    #[arg(long)]
    pub grade: Option<String>,
    /// The customer's chosen callback time (callback-at), e.g. `2026-11-25 14:00`, `明天 15:00`, `+3`.
    #[arg(long)]
    pub at: Option<String>,
    /// The visit time (appointment).
    #[arg(long)]
    pub visit: Option<String>,
    /// A reason code (defeat, invalid); `dcc reasons` lists them.
    #[arg(long)]
    pub reason: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// `dcc import FILE`: what to import and how.
#[derive(Debug, Args)]
pub struct ImportFileArgs {
    #[arg(required = true)]
    pub file: Option<PathBuf>,
    /// Channel (code or name) of rows without one of their own.
    #[arg(long)]
    pub channel: Option<String>,
    /// Match a header to a field, e.g. `--map '客户手机=phone'` (repeatable).
    #[arg(long = "map", value_name = "HEADER=FIELD")]
    pub map: Vec<String>,
    /// Check every row and say what would happen; write no lead.
    #[arg(long)]
    pub dry_run: bool,
    /// Import nothing if any row is rejected.
    #[arg(long)]
    pub all_or_nothing: bool,
    /// Where to write the rejected rows [default: FILE.rejected.csv].
    #[arg(long, value_name = "PATH")]
    pub report: Option<PathBuf>,
    /// Owner of the new leads [default: you, or the assignment rule for an inbound agent].
    #[arg(long, value_name = "LOGIN")]
    pub owner: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Replace the report file if it exists.
    #[arg(long)]
    pub force: bool,
}
