//! `conformkit corpus export --out DIR`: write the corpus (the built-in one
//! unless `--corpus` or `$CONFORMKIT_CORPUS` names another) as plain files
//! with `manifest.json`, for test suites that read the data directly.

use super::{fatal, CorpusArgs, EXIT_OK};
use crate::corpus::{export, load_corpus, prepare_out};
use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum CorpusCommand {
    /// Write the corpus as plain files plus manifest.json (case ids, expectations, SHA-256 sums).
    Export(ExportArgs),
}

#[derive(Args)]
pub struct ExportArgs {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Output folder; must be missing or empty.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

pub fn run(command: &CorpusCommand) -> u8 {
    let CorpusCommand::Export(args) = command;
    if let Err(e) = prepare_out(&args.out) {
        return fatal(format!("export to {}: {e}", args.out.display()));
    }
    let root = match args.corpus.root() {
        Ok(root) => root,
        Err(e) => return fatal(e),
    };
    let cases = match load_corpus(root.path()) {
        Ok(cases) => cases,
        Err(e) => return fatal(e),
    };
    match export(root.path(), &cases, &args.out) {
        Ok(()) => {
            super::stdout::println(format!(
                "{} cases exported to {} (manifest.json)",
                cases.len(),
                args.out.display()
            ));
            EXIT_OK
        }
        Err(e) => fatal(format!("export to {}: {e}", args.out.display())),
    }
}
