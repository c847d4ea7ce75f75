//! `conformkit check <family> <path>`: read one artifact with the reference
//! reader; print its normalized model (exit 0) or the classified error with
//! file, line or field path and what was expected (exit 1).
//!
//! `--validate-only`: the same verdict (the same error when invalid) without
//! printing the model: `valid: <summary>` with the family's counts (exit 0)
//! (`Family::validate_path`). Only the DataGuard report has a validator of
//! its own (memory-mapped, on every core, no model); the other families
//! read the model and discard it, so they gain only the printing
//! (docs/performance.md, "`--validate-only` against `check`").

use super::escape::{self, printable};
use super::stdout::println;
use super::{fatal, LimitArgs, EXIT_FAIL, EXIT_OK};
use clap::Args;
use conformkit_reference::{family, Family};
use std::path::PathBuf;

#[derive(Args)]
pub struct CheckArgs {
    /// Family id (`conformkit list` shows them), optionally `family/version`.
    family: String,
    /// The artifact: a file, or a directory for directory families.
    path: PathBuf,
    #[command(flatten)]
    limits: LimitArgs,
    /// Print the result as one JSON object.
    #[arg(long)]
    json: bool,
    /// Only validate: print `valid: <counts>` instead of the model (same
    /// verdict and error). A DataGuard report is mapped and validated on
    /// every core without building the model (many times faster on a large
    /// report); other families read the model as `check` does and only do
    /// not print it (no faster unless the model is large). Measured:
    /// docs/performance.md.
    #[arg(long)]
    validate_only: bool,
}

pub fn run(args: &CheckArgs) -> u8 {
    let (id, version) = match args.family.split_once('/') {
        Some((f, v)) => (f, Some(v)),
        None => (args.family.as_str(), None),
    };
    let Some(fam) = family(id, version) else {
        let known: Vec<_> = conformkit_reference::all_families()
            .iter()
            .map(|f| format!("{}/{}", f.info().id, f.info().version))
            .collect();
        return fatal(format!(
            "unknown family `{}` (known: {})",
            args.family,
            known.join(", ")
        ));
    };
    if let Err(message) = super::reachable(&args.path) {
        return fatal(escape::printable(&message));
    }
    if args.validate_only {
        return validate(fam, args);
    }
    match fam.read_path(&args.path, &args.limits.limits()) {
        Ok(model) => {
            let text = if args.json {
                serde_json::json!({"valid": true, "model": model}).to_string()
            } else {
                serde_json::to_string_pretty(&model).unwrap_or_default()
            };
            println(text);
            EXIT_OK
        }
        Err(e) => invalid(args, e),
    }
}

/// `--validate-only`: the verdict and the summary, not the model.
fn validate(fam: &dyn Family, args: &CheckArgs) -> u8 {
    match fam.validate_path(&args.path, &args.limits.limits()) {
        Ok(summary) => {
            if args.json {
                println(serde_json::json!({"valid": true, "summary": summary}));
            } else if summary.counts().is_empty() {
                println("valid");
            } else {
                println(format!("valid: {}", printable(&summary.to_string())));
            }
            EXIT_OK
        }
        Err(e) => invalid(args, e),
    }
}

/// Prints a rejection, naming the input when the reader named no file
/// inside it; control characters escaped in text (names and paths come
/// from the input).
fn invalid(args: &CheckArgs, e: conformkit_reference::ReadError) -> u8 {
    let e = e.in_file(args.path.display().to_string());
    if args.json {
        println(serde_json::json!({"valid": false, "error": e}));
    } else {
        println(format!("invalid: {}", printable(&e.to_string())));
    }
    EXIT_FAIL
}
