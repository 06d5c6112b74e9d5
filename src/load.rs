// PLACEHOLDER: helper-3 replaces this file.
use std::path::PathBuf;

/// One simulated agent working the team's queue, for the concurrency tests
/// and the load command.
#[derive(Debug, Clone, clap::Args)]
pub struct WorkerOptions {
    /// Outcomes to log before stopping.
    #[arg(long, default_value_t = 50)]
    pub ops: u64,
    /// Pause between calls, in milliseconds (a random value up to this).
    #[arg(long, default_value_t = 0)]
    pub pause_ms: u64,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// A directory where each held claim is marked by a file, to catch double claims.
    #[arg(long)]
    pub marker_dir: Option<PathBuf>,
}

pub fn worker(
    _store: &crate::store::SqliteStore,
    _actor: &crate::store::Actor,
    _opts: &WorkerOptions,
    _out: &mut dyn std::io::Write,
) -> Result<(), crate::store::StoreError> {
    Err(crate::store::StoreError::Invalid("placeholder".into()))
}
