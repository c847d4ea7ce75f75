//! `conformkit verify-runpack <dir>`: verify a Decision Gate runpack offline
//! and print the report `{checked_files, errors, status}` as JSON. Exit 0
//! when it passes, 1 when it fails, 2 when the directory cannot be read or
//! the arguments are wrong. Every listed file is streamed, never held whole.

use super::{fatal, LimitArgs, EXIT_FAIL, EXIT_OK};
use clap::Args;
use conformkit_reference::runpack::verifier::verify;
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
    /// Pretty-print the report.
    #[arg(long)]
    pretty: bool,
}

pub fn run(args: &VerifyRunpackArgs) -> u8 {
    match verify(&args.dir, &args.manifest, &args.limits.limits()) {
        Err(e) => fatal(e),
        Ok(v) => {
            let text = if args.pretty {
                serde_json::to_string_pretty(&v.report)
            } else {
                serde_json::to_string(&v.report)
            };
            match text {
                Ok(text) => super::stdout::println(text),
                Err(e) => return fatal(e),
            }
            if v.report.passed() {
                EXIT_OK
            } else {
                EXIT_FAIL
            }
        }
    }
}
