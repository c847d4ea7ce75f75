//! `conformkit report`: render the reports again from saved JSON (each
//! `--results` a run's `results.json` or a `report.json`), combining every
//! run given into one set of matrices, and write them to `--out` (locked
//! for the run; badges of earlier runs removed, see
//! `crate::report::folder`).
//! Exit 0: written; 2: an input could not be read or the output written.

use super::{fatal, EXIT_OK};
use crate::report;
use clap::Args;
use std::path::PathBuf;

#[derive(Args)]
pub struct ReportArgs {
    /// A saved run (`results.json` from `certify --report-dir`) or report
    /// (`report.json`); repeatable, runs are shown in the order given.
    #[arg(long, value_name = "FILE", required = true)]
    results: Vec<PathBuf>,
    /// Where to write report.json, report.md, junit.xml, index.html and badges/.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

pub fn run(args: &ReportArgs) -> u8 {
    let mut runs = Vec::new();
    for path in &args.results {
        match report::load(path) {
            Ok(mut more) => runs.append(&mut more),
            Err(message) => return fatal(message),
        }
    }
    let folder = match report::folder::ReportFolder::open(&args.out, "report", "--out") {
        Ok(folder) => folder,
        Err(message) => return fatal(message),
    };
    match folder.replace(&report::render(&runs)) {
        Ok(written) => {
            super::stdout::println(format!(
                "{} run{}, {} files written to {}",
                runs.len(),
                if runs.len() == 1 { "" } else { "s" },
                written.len(),
                args.out.display()
            ));
            EXIT_OK
        }
        Err(e) => fatal(format!("cannot write the reports: {e}")),
    }
}
