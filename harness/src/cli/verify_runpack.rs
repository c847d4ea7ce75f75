//! `conformkit verify-runpack <dir>`: verify a Decision Gate runpack offline
//! and print the report `{checked_files, errors, status}` as JSON. Exit 0
//! when it passes, 1 when it fails (a path that is not a readable directory
//! fails too, as `check runpack` rejects it), 2 when the path does not
//! exist or the arguments are wrong. Every listed file is streamed, never
//! held whole, on `--jobs` threads (default: one per core).

use super::{fatal, LimitArgs, EXIT_FAIL, EXIT_OK};
use clap::Args;
use conformkit_reference::runpack::hash_pool::{default_jobs, MAX_JOBS};
use conformkit_reference::runpack::report::{message, Report, FAIL};
use conformkit_reference::runpack::verifier::verify_jobs;
use conformkit_reference::runpack::writer::DEFAULT_MANIFEST_NAME;
use std::path::PathBuf;

#[derive(Args)]
pub struct VerifyRunpackArgs {
    /// The runpack directory.
    dir: PathBuf,
    /// The manifest's file name inside the directory (the export's `manifest_name`).
    #[arg(long, default_value = DEFAULT_MANIFEST_NAME)]
    manifest: String,
    #[command(flatten)]
    limits: LimitArgs,
    /// Most files the manifest may list.
    #[arg(long, default_value_t = conformkit_reference::Limits::DEFAULT_MAX_FILES)]
    max_files: usize,
    /// Files hashed at once, one thread each (default: the number of
    /// cores); 1 hashes one file at a time. The report is the same.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=MAX_JOBS as i64))]
    jobs: Option<u16>,
    /// Pretty-print the report.
    #[arg(long)]
    pretty: bool,
}

pub fn run(args: &VerifyRunpackArgs) -> u8 {
    if let Err(message) = super::reachable(&args.dir) {
        return fatal(message);
    }
    let limits = conformkit_reference::Limits {
        max_files: args.max_files,
        ..args.limits.limits()
    };
    let jobs = args.jobs.map_or_else(default_jobs, usize::from);
    match verify_jobs(&args.dir, &args.manifest, &limits, jobs) {
        Err(e) => {
            // There, but not a readable directory: a failed verification.
            let report = Report {
                checked_files: 0,
                errors: vec![message(&e)],
                status: FAIL.to_string(),
            };
            print_report(args, &report)
        }
        Ok(v) => print_report(args, &v.report),
    }
}

/// Prints `report`; exit 0 when it passed, else 1.
fn print_report(args: &VerifyRunpackArgs, report: &Report) -> u8 {
    let text = if args.pretty {
        serde_json::to_string_pretty(report)
    } else {
        serde_json::to_string(report)
    };
    match text {
        Ok(text) => super::stdout::println(text),
        Err(e) => return fatal(e),
    }
    if report.passed() {
        EXIT_OK
    } else {
        EXIT_FAIL
    }
}
