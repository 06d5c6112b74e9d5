//! dcc-desk: a keyboard-driven workstation for a car dealership's call-center team.
//!
//! Rooms, with arrows pointing one way: `cli` -> `store` -> `domain`.

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
