//! `conformkit compat --old <dir|rev> --new <dir|rev>`: the schema-change
//! gate (see docs/compat.md). Exit 0: no finding at or above `--fail-on`;
//! 100: findings; 2: the gate could not run.

use super::{fatal, LimitArgs};
use crate::compat::{output, run, Level, Options, SourceSpec};
use clap::{Args, ValueEnum};
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    Text,
    Json,
    Github,
    /// SARIF 2.1.0, for code scanning tools.
    Sarif,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FailOn {
    Error,
    Warn,
}

#[derive(Args)]
pub struct CompatArgs {
    /// The old schema set: a directory, or a git revision (`dir:`/`git:` force one).
    #[arg(long)]
    old: String,
    /// The new schema set: a directory, or a git revision (`dir:`/`git:` force one).
    #[arg(long)]
    new: String,
    /// The git repository revisions are read from.
    #[arg(long, default_value = ".")]
    repo: PathBuf,
    /// The corpus folder inside the repository (or inside a directory argument).
    #[arg(long, default_value = "corpus")]
    corpus_path: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// The lowest level that fails the gate (exit 100).
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// Do not run the old corpus through this build's readers.
    #[arg(long)]
    skip_corpus: bool,
    #[command(flatten)]
    limits: LimitArgs,
}

pub fn run_cli(args: &CompatArgs) -> u8 {
    let options = Options {
        old: SourceSpec::parse(&args.old),
        new: SourceSpec::parse(&args.new),
        repo: args.repo.clone(),
        corpus_path: args.corpus_path.clone(),
        fail_on: match args.fail_on {
            FailOn::Error => Level::Error,
            FailOn::Warn => Level::Warn,
        },
        replay: !args.skip_corpus,
        limits: args.limits.limits(),
    };
    let report = match run(&options) {
        Ok(r) => r,
        Err(e) => return fatal(format!("compat: {e}")),
    };
    let text = match args.format {
        Format::Text => output::text::render(&report),
        Format::Json => output::json::render(&report),
        Format::Github => output::github::render(&report),
        Format::Sarif => output::sarif::render(&report),
    };
    print!("{text}");
    report.exit_code
}
