//! dcc-desk: a keyboard-driven workstation for a car dealership's call-center team.
//!
//! Rooms, with arrows pointing one way (`a -> b`: a uses b, never the other
//! way round):
//!
//! - `domain`: the dealer's world as types and pure rules: leads, grades and
//!   cadence, outcomes, the queue's order, scripts, phone numbers, times, and
//!   the one access policy (`domain::access`) every operation asks.
//! - `store` -> `domain`: the only code that speaks SQL; operations in the
//!   domain's words behind `store::LeadStore`, each checked by the policy.
//! - `i18n` -> `domain`, `store`: every word a user reads, zh-CN and en.
//! - `app` -> `store`, `domain`, `i18n`: the workstation's state (modes,
//!   keymaps, prompts, the call on the line); `ui` draws it, `tui` runs it.
//! - `ui` -> `app`, `domain`, `i18n`, `theme`: views as pure functions of the
//!   state; never the store.
//! - `cli` -> everything: the command line, identity and served mode.
//! - Beside them: `report` (what the figures count), `export`, `import`,
//!   `infile`/`outfile` (files read and written safely), `doctor`, `config`,
//!   `theme`, and the tooling `demo` and `load`.

pub mod app;
pub mod cli;
pub mod config;
pub mod demo;
pub mod doctor;
pub mod domain;
pub mod export;
pub mod i18n;
pub mod import;
pub mod infile;
pub mod load;
pub mod outfile;
pub mod report;
pub mod store;
pub mod theme;
pub mod tui;
pub mod ui;
