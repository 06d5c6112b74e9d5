use std::process::ExitCode;

use clap::Parser;
use dcc_desk::cli::{self, Cli};
use dcc_desk::domain::text::printable;
use dcc_desk::i18n::{Lang, Localize};

fn main() -> ExitCode {
    let args = Cli::parse();
    let mut config_lang = None;
    // What sshd runs reads no configuration of the caller's.
    let for_sshd = cli::run_for_sshd(&args, &mut std::io::stdout().lock());
    let result = for_sshd.unwrap_or_else(|| {
        cli::load_config().and_then(|config| {
            config_lang = config.lang.clone();
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            cli::run(&args, &config, &mut out)
        })
    });
    let lang = Lang::choose(args.lang.as_deref(), config_lang.as_deref());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A reader such as `head` closed the pipe: nothing more to say.
        Err(cli::CliError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        // What went wrong, in the user's language.
        Err(e) => {
            eprintln!("dcc: {}", printable(&e.localize(lang)));
            ExitCode::FAILURE
        }
    }
}
