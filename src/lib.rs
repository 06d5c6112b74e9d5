//! dcc-desk: a keyboard-driven workstation for a car dealership's call-center team.
//!
//! Rooms, with arrows pointing one way (`a -> b`: a uses b, never the other
//! way round):
//!
//! - `domain`: the dealer's world as types and pure rules: leads, grades and
//!   cadence, outcomes, the queue's order, scripts, phone numbers, times, and
//!   the one access policy (`domain::access`) every operation asks.
//! - `store` -> `domain`: the only code that speaks SQL; operations in the
//!   domain's words behind `store::LeadStore`, each checked by the policy;
//!   the domain's values cross the SQL boundary typed (`store::values`).
//! - `i18n` -> `domain`, `store`, `infile`, `outfile`: every word a user
//!   reads, zh-CN and en, in one catalog; errors carry data and the catalog
//!   puts them into words.
//! - `app` -> `store`, `domain`, `i18n`: the workstation's state (modes,
//!   keymaps, prompts, the call on the line); `ui` draws it, `tui` runs it.
//! - `ui` -> `app`, `domain`, `i18n`, `theme`: views as pure functions of the
//!   state; never the store.
//! - `cli` -> everything: the command line, identity and served mode.
//! - Beside them: `report` (what the figures count), `export`, `import`,
//!   `infile`/`outfile` (files read and written safely), `doctor`, `config`,
//!   `theme`.
//! - Tooling, not product: `demo` (the demo database) and `load` (the load
//!   test) sit behind the cargo feature `tools`. It is on by default, so
//!   `dcc demo`, `dcc load`, the tests and the bench work as the README
//!   says; `cargo build --release --no-default-features` builds the
//!   workstation a team runs without them. A feature rather than a workspace
//!   member: both are commands of the one `dcc` binary (the README's quick
//!   start is `dcc demo --open`) and the tests drive that binary, so they
//!   must build with it; the library does not depend on them, they only use
//!   the store's public operations.

pub mod app;
pub mod cli;
pub mod config;
#[cfg(feature = "tools")]
pub mod demo;
pub mod doctor;
pub mod domain;
pub mod export;
pub mod i18n;
pub mod import;
pub mod infile;
#[cfg(feature = "tools")]
pub mod load;
pub mod outfile;
pub mod report;
pub mod store;
pub mod theme;
pub mod tui;
pub mod ui;
