//! Command-line interface: argument parsing and dispatch to one module per
//! subcommand. Exit codes are part of the kit's stable interface.

mod certify;
mod certify_table;
mod check;
mod compat;
mod corpus;
pub(crate) mod escape;
mod fuzz;
mod fuzz_seeds;
mod list;
mod report;
mod serve_reference;
mod stdout;
mod verify_runpack;

use clap::{Args, Parser, Subcommand};
use conformkit_reference::Limits;
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit code: conformant, valid, no findings.
pub const EXIT_OK: u8 = 0;
/// Exit code: non-conformant or invalid input.
pub const EXIT_FAIL: u8 = 1;
/// Exit code: usage or I/O error, the tool could not do its job.
pub const EXIT_ERROR: u8 = 2;

#[derive(Parser)]
#[command(
    name = "conformkit",
    version = concat!(env!("CARGO_PKG_VERSION"), " (corpus ", env!("CONFORMKIT_CORPUS_FINGERPRINT"), ")"),
    about = "Conformance kit for versioned operator artifacts"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List every corpus case id with its expectation.
    List(list::ListArgs),
    /// Read one artifact with the reference reader: print its model or the classified error.
    Check(check::CheckArgs),
    /// Export the corpus as seed corpora and dictionaries for the fuzz targets.
    FuzzSeeds(fuzz_seeds::FuzzSeedsArgs),
    /// Schema-change gate: classify schema changes between two revisions (exit 0, 100 findings, 2 could not run).
    Compat(compat::CompatArgs),
    /// Certify an implementation (default: the reference adapter) against the corpus.
    Certify(Box<certify::CertifyArgs>),
    /// Verify a Decision Gate runpack offline; print the report as JSON (exit 0 pass, 1 fail, 2 no such path or bad arguments).
    VerifyRunpack(verify_runpack::VerifyRunpackArgs),
    /// Render the reports (JSON, Markdown, JUnit, HTML, badges) from saved results.
    Report(report::ReportArgs),
    /// Differential fuzzing of an implementation against the reference (exit 0 none, 1 disagreements, 2 error).
    Fuzz(Box<fuzz::FuzzArgs>),
    /// The reference adapter over the adapter protocol on stdin/stdout.
    #[command(hide = true)]
    ServeReference(serve_reference::ServeReferenceArgs),
    /// The corpus itself: export it as plain files with a manifest.
    #[command(subcommand)]
    Corpus(corpus::CorpusCommand),
}

/// Input limits shared by every command that reads artifacts.
#[derive(Args, Debug, Clone)]
pub struct LimitArgs {
    /// Largest input file in bytes.
    #[arg(long, default_value_t = Limits::DEFAULT_MAX_FILE_BYTES)]
    pub max_file_bytes: u64,
    /// Deepest JSON nesting (1 to 127).
    #[arg(
        long,
        default_value_t = Limits::DEFAULT_MAX_DEPTH,
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=Limits::HARD_MAX_DEPTH as u64)
    )]
    pub max_depth: usize,
    /// Most memory one JSON document's parsed form may take, in bytes, as
    /// estimated while it is scanned (`too_large` beyond it).
    #[arg(long, default_value_t = Limits::DEFAULT_MAX_JSON_MEMORY)]
    pub max_json_memory: u64,
}

impl LimitArgs {
    pub fn limits(&self) -> Limits {
        Limits {
            max_file_bytes: self.max_file_bytes,
            max_depth: self.max_depth,
            max_json_memory: self.max_json_memory,
            ..Limits::default()
        }
    }
}

/// Where the corpus is.
#[derive(Args, Debug, Clone)]
pub struct CorpusArgs {
    /// Corpus root (default: $CONFORMKIT_CORPUS, ./corpus, or the corpus built into this binary).
    #[arg(long)]
    pub corpus: Option<PathBuf>,
}

impl CorpusArgs {
    /// The corpus to read; a built-in one stays unpacked while the value lives.
    pub fn root(&self) -> Result<crate::corpus::CorpusRoot, String> {
        crate::corpus::CorpusRoot::resolve(self.corpus.as_deref()).map_err(|e| e.to_string())
    }
}

/// Parses the process arguments and runs the command.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::List(args) => list::run(&args),
        Command::Check(args) => check::run(&args),
        Command::FuzzSeeds(args) => fuzz_seeds::run(&args),
        Command::Compat(args) => compat::run_cli(&args),
        Command::Certify(args) => certify::run(&args),
        Command::VerifyRunpack(args) => verify_runpack::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Fuzz(args) => fuzz::run(&args),
        Command::ServeReference(args) => serve_reference::run(&args),
        Command::Corpus(command) => corpus::run(&command),
    };
    ExitCode::from(code)
}

/// `Err` with the message for a path the user named that cannot be
/// reached at all (`no such file or directory`, or the system's own reason,
/// such as a folder the user may not enter): exit 2, before any reading.
pub fn reachable(path: &std::path::Path) -> Result<(), String> {
    match std::fs::symlink_metadata(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(format!("{}: no such file or directory", path.display()))
        }
        Err(e) => Err(format!("{}: cannot be reached: {e}", path.display())),
    }
}

/// Prints an error that stops the command and returns [`EXIT_ERROR`].
pub fn fatal(message: impl std::fmt::Display) -> u8 {
    eprintln!("conformkit: {message}");
    EXIT_ERROR
}
