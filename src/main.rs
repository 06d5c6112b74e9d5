use std::process::ExitCode;

use clap::Parser;
use dcc_desk::cli::{self, Cli};

fn main() -> ExitCode {
    let args = Cli::parse();
    let result = cli::load_config().and_then(|config| {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        cli::run(&args, &config, &mut out)
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A reader such as `head` closed the pipe: nothing more to say.
        Err(cli::CliError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("dcc: {e}");
            ExitCode::FAILURE
        }
    }
}
