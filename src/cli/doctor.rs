//! `dcc doctor`: checks the database, its folder and a served setup.

use std::io::Write;

use std::path::{Path, PathBuf};

use super::{db_path, serve, CliError, Ctx, Format, Result};
use crate::i18n;

/// `dcc doctor`: says what is wrong and how to fix it; fails when a problem is found.
pub(super) fn doctor(
    cx: &Ctx,
    format: &Format,
    served_config: &Option<PathBuf>,
    sshd_config: &Path,
    out: &mut dyn Write,
) -> Result<()> {
    let Ctx {
        cli, config, lang, ..
    } = *cx;
    let path = db_path(cli, config);
    let served = serve::served_here(&path, served_config.as_deref())
        .map(|c| crate::doctor::ServedSetup::gather(&path, &c, sshd_config));
    let env = crate::doctor::Env {
        backup_dir: config.backup_dir.clone(),
        served,
        ..crate::doctor::Env::from_system()
    };
    let diagnosis = crate::doctor::examine(&path, &env);
    match format {
        Format::Json => writeln!(out, "{}", i18n::diagnosis_json(&diagnosis))?,
        _ => i18n::write_diagnosis(out, &diagnosis, lang)?,
    }
    let problems = diagnosis.count(crate::doctor::Level::Problem);
    if problems > 0 {
        return Err(CliError::Input(i18n::doctor_problems(problems, lang)));
    }
    Ok(())
}
