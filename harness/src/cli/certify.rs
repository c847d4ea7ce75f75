//! `conformkit certify`: put an implementation (the reference adapter by
//! default, or any program with `--adapter '<command>'`) through the corpus
//! as a reader or a writer, apply the expected-failures list, write
//! `<report-dir>/results.json` and the reports (see `crate::report`) and
//! print a summary table.
//! Exit 0: every case passes or is listed, and no listed case passes;
//! 1: otherwise; 2: usage or harness error (adapter not found, handshake
//! refused, unknown family, unreadable list).

use super::{fatal, CorpusArgs, LimitArgs, EXIT_FAIL, EXIT_OK};
use crate::adapter::reference::ReferenceAdapter;
use crate::adapter::{Adapter, Role};
use crate::atomic::write_atomic;
use crate::certify::{certify, certify_pool, select, Settings};
use crate::corpus::{fingerprint, load_clauses, load_corpus, Case};
use crate::expected::ExpectedFailures;
use crate::progress::Progress;
use crate::report::folder::ReportFolder;
use crate::results::{CorpusRecord, RunOptions, RunResult};
use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// Most workers `--jobs` may ask for.
const MAX_JOBS: usize = 64;

#[derive(Clone, Copy, ValueEnum)]
enum RoleArg {
    Reader,
    Writer,
}

#[derive(Args)]
pub struct CertifyArgs {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// The program to certify, run by `/bin/sh -c` and spoken to over the
    /// JSON-lines protocol (docs/protocol.md). Default: the reference adapter.
    #[arg(long, value_name = "COMMAND")]
    adapter: Option<String>,
    /// Start a fresh process for every case (for programs that cannot stay up).
    #[arg(long, requires = "adapter")]
    per_case: bool,
    /// Cases run at once, each worker with its own adapter (its own
    /// process for `--adapter`); the results are those of `--jobs 1`, in
    /// the same order. Default: the number of cores with `--adapter`, 1 for
    /// the in-process reference adapter.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=MAX_JOBS as i64))]
    jobs: Option<u16>,
    /// Only this family (`runtime`) or family version (`runtime/v1`); repeatable.
    #[arg(long)]
    family: Vec<String>,
    /// What to certify: a reader (input to model) or a writer (model to artifact).
    #[arg(long, value_enum, default_value = "reader")]
    role: RoleArg,
    /// The level a case must reach to pass: 1 accept/reject right, 2 error class right too.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(1..=2))]
    level: u8,
    /// Cases expected to fail: one id or glob a line, `# reason` after it.
    #[arg(long, value_name = "FILE")]
    expected_failures: Option<PathBuf>,
    /// Rewrite the expected-failures file from this run's results.
    #[arg(long, requires = "expected_failures")]
    update_expected_failures: bool,
    /// Write results.json and the reports (report.json, report.md,
    /// junit.xml, index.html, badges/) into this directory.
    #[arg(long, value_name = "DIR")]
    report_dir: Option<PathBuf>,
    /// Write a SARIF 2.1.0 log to this file: one result per failing or
    /// expected-failure case (case id, expectation, what the implementation did).
    #[arg(long, value_name = "FILE")]
    sarif: Option<PathBuf>,
    /// Print a GitHub Actions `::error` annotation per failing case (after the table).
    #[arg(long)]
    github_annotations: bool,
    /// Reproducible results for committed reports: timings 0, start time the
    /// epoch, temporary and working directory paths replaced.
    #[arg(long)]
    stable: bool,
    /// Longest wait for one answer, in milliseconds.
    #[arg(long, default_value_t = crate::adapter::process::Settings::DEFAULT_TIMEOUT_MS)]
    timeout_ms: u64,
    /// Longest wait for a fresh process's handshake, in milliseconds.
    #[arg(long, default_value_t = crate::adapter::process::Settings::DEFAULT_STARTUP_TIMEOUT_MS)]
    startup_timeout_ms: u64,
    /// Most restarts of a failing program before the remaining cases are skipped.
    #[arg(long, default_value_t = crate::adapter::process::Settings::DEFAULT_MAX_RESTARTS)]
    max_restarts: u32,
    /// Longest response line, in bytes.
    #[arg(long, default_value_t = crate::adapter::process::Settings::DEFAULT_MAX_RESPONSE_BYTES)]
    max_response_bytes: usize,
    #[command(flatten)]
    limits: LimitArgs,
}

pub fn run(args: &CertifyArgs) -> u8 {
    if let Err(e) = crate::interrupt::install() {
        return fatal(format!("cannot handle signals: {e}"));
    }
    // Adapter descendants that call setsid() are adopted and stopped too.
    crate::adapter::process::reaper::become_subreaper();
    match certify_command(args) {
        // Interrupted before the run began (while the adapter started).
        Err(_) if crate::interrupt::pending().is_some() => {
            let sig = crate::interrupt::pending().unwrap_or_default();
            eprintln!(
                "conformkit: interrupted by {} before any case ran",
                crate::interrupt::name(sig)
            );
            crate::interrupt::exit_code(sig)
        }
        Ok(code) => code,
        Err(message) => fatal(message),
    }
}

fn certify_command(args: &CertifyArgs) -> Result<u8, String> {
    let role = match args.role {
        RoleArg::Reader => Role::Reader,
        RoleArg::Writer => Role::Writer,
    };
    let root = args.corpus.root()?;
    let all = load_corpus(root.path()).map_err(|e| e.to_string())?;
    for f in &args.family {
        if select(&all, std::slice::from_ref(f), Role::Reader).is_empty() {
            return Err(format!(
                "no cases for family `{f}` in {}",
                root.path().display()
            ));
        }
    }
    let cases = select(&all, &args.family, role);

    let (expected, list_path) = load_list(args, &all)?;
    // Checked, created and locked before the run (held until the end).
    let folder = args
        .report_dir
        .as_deref()
        .map(|dir| ReportFolder::open(dir, "certify", "--report-dir"))
        .transpose()?;
    let mut adapter = start_adapter(args)?;
    check_declared(adapter.as_ref(), args, role, &cases)?;

    let corpus = CorpusRecord {
        fingerprint: fingerprint(&all)
            .map_err(|e| format!("cannot fingerprint the corpus: {e}"))?,
        cases: all.len(),
        selected: cases.len(),
        families: args.family.clone(),
    };
    let corpus_note = root
        .is_built_in()
        .then(|| format!("corpus: built into this binary ({})", corpus.fingerprint));
    let process = args.adapter.is_some();
    let options = RunOptions {
        timeout_ms: process.then_some(args.timeout_ms),
        max_response_bytes: process.then_some(args.max_response_bytes),
        max_restarts: (process && !args.per_case).then_some(args.max_restarts),
        expected_failures: list_path.as_ref().map(|p| p.display().to_string()),
        stable: false,
    };
    let settings = Settings {
        role,
        level: args.level,
        limits: args.limits.limits(),
    };
    let jobs = jobs(args).min(cases.len().max(1));
    let mut progress = Progress::new(cases.len());
    let run = if jobs > 1 {
        let adapters = more_adapters(args, adapter, jobs)?;
        certify_pool(
            adapters,
            &cases,
            &settings,
            &expected,
            corpus,
            options,
            &mut progress,
        )
    } else {
        let run = certify(
            adapter.as_mut(),
            &cases,
            &settings,
            &expected,
            corpus,
            options,
            &mut progress,
        );
        drop(adapter);
        run
    };
    let mut run = run.map_err(|e| format!("cannot run the cases: {e}"))?;
    name_clauses(&mut run, root.path(), &all)?;

    let mut notes: Vec<String> = corpus_note.into_iter().collect();
    let interrupted = run.interrupted.is_some();
    if let (true, false, Some(path)) = (args.update_expected_failures, interrupted, &list_path) {
        let text = expected.rewrite(&run.cases, run.level);
        write_atomic(path, text.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        let fresh = ExpectedFailures::parse(&text).map_err(|e| format!("rewritten list: {e}"))?;
        run.resettle(|id| fresh.listing(id));
        notes.push(format!(
            "rewrote {} ({} entries)",
            path.display(),
            fresh.entries.len()
        ));
    }
    if args.stable {
        run.make_stable();
    }
    let mut unwritten = None;
    if let Some(folder) = &folder {
        let dir = folder.path();
        match crate::report::certify_files(&run).and_then(|files| folder.replace(&files)) {
            Ok(written) => notes.push(format!(
                "results and reports: {} ({} files: results.json, index.html, report.md, junit.xml, ...)",
                dir.display(),
                written.len()
            )),
            Err(e) => unwritten = Some(format!("cannot write the reports: {e}")),
        }
    }
    if let Some(path) = &args.sarif {
        write_atomic(path, crate::report::sarif::render(&run).as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        notes.push(format!("SARIF: {}", path.display()));
    }
    // The summary prints even when the reports could not be written.
    super::stdout::print(&super::certify_table::render(&run));
    for note in notes {
        super::stdout::println(note);
    }
    if let Some(message) = unwritten {
        return Err(message);
    }
    if let Some(signal) = &run.interrupted {
        eprintln!(
            "conformkit: interrupted by {signal} after {} of {} cases: the results{} cover only those, marked interrupted",
            run.cases.len(),
            cases.len(),
            if args.report_dir.is_some() { " and reports" } else { "" }
        );
        let sig = crate::interrupt::pending().unwrap_or_default();
        return Ok(crate::interrupt::exit_code(sig));
    }
    if args.github_annotations {
        super::stdout::print(&crate::report::github::render(&run));
    }
    Ok(if run.conformant() { EXIT_OK } else { EXIT_FAIL })
}

/// The expected-failures list (empty without `--expected-failures`); every
/// entry must match some case of the corpus.
fn load_list(
    args: &CertifyArgs,
    all: &[Case],
) -> Result<(ExpectedFailures, Option<PathBuf>), String> {
    let Some(path) = &args.expected_failures else {
        return Ok((ExpectedFailures::default(), None));
    };
    let list = if args.update_expected_failures && !path.exists() {
        ExpectedFailures::default()
    } else {
        ExpectedFailures::load(path)?
    };
    let ids: Vec<&str> = all.iter().map(|c| c.id.as_str()).collect();
    let unmatched = list.unmatched(&ids);
    if !unmatched.is_empty() {
        let lines: Vec<String> = unmatched
            .iter()
            .map(|e| format!("  line {}: {}", e.line, e.pattern))
            .collect();
        return Err(format!(
            "{}: entries that match no case of the corpus:\n{}",
            path.display(),
            lines.join("\n")
        ));
    }
    Ok((list, Some(path.clone())))
}

/// How many workers: `--jobs`, else one per core for a process adapter and
/// one for the reference adapter.
fn jobs(args: &CertifyArgs) -> usize {
    match (args.jobs, &args.adapter) {
        (Some(n), _) => usize::from(n),
        (None, Some(_)) => std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(MAX_JOBS),
        (None, None) => 1,
    }
}

/// `first` and `jobs - 1` more adapters, started at once; each must declare
/// what the first declared.
fn more_adapters(
    args: &CertifyArgs,
    first: Box<dyn Adapter + Send>,
    jobs: usize,
) -> Result<Vec<Box<dyn Adapter + Send>>, String> {
    let started: Vec<Result<Box<dyn Adapter + Send>, String>> = std::thread::scope(|s| {
        let handles: Vec<_> = (1..jobs).map(|_| s.spawn(|| start_adapter(args))).collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("an adapter start panicked".into()))
            })
            .collect()
    });
    let mut adapters = vec![first];
    for adapter in started {
        let adapter = adapter?;
        if adapter.capabilities() != adapters[0].capabilities() {
            return Err(format!(
                "the adapter declared other capabilities in its worker {} than in its first (--jobs {jobs}): its handshake must not vary",
                adapters.len() + 1
            ));
        }
        adapters.push(adapter);
    }
    Ok(adapters)
}

fn start_adapter(args: &CertifyArgs) -> Result<Box<dyn Adapter + Send>, String> {
    let Some(command) = &args.adapter else {
        return Ok(Box::new(ReferenceAdapter::new(args.limits.limits())));
    };
    start_process(args, command)
}

#[cfg(unix)]
fn start_process(args: &CertifyArgs, command: &str) -> Result<Box<dyn Adapter + Send>, String> {
    use crate::adapter::process::{Bounds, ProcessAdapter, Settings as ProcessSettings};
    use crate::adapter::Mode;
    use std::time::Duration;
    let settings = ProcessSettings {
        command: command.to_string(),
        mode: if args.per_case {
            Mode::PerCase
        } else {
            Mode::Persistent
        },
        timeout: Duration::from_millis(args.timeout_ms),
        startup_timeout: Duration::from_millis(args.startup_timeout_ms),
        max_restarts: args.max_restarts,
        bounds: Bounds {
            max_line_bytes: args.max_response_bytes,
            max_stderr_bytes: ProcessSettings::DEFAULT_MAX_STDERR_BYTES,
        },
        shutdown_grace: ProcessSettings::SHUTDOWN_GRACE,
    };
    match ProcessAdapter::start(settings) {
        Ok(adapter) => Ok(Box::new(adapter)),
        Err(e) => {
            let mut message = format!(
                "the adapter `{command}` could not be started: {}",
                e.message
            );
            if let Some(stderr) = e.stderr {
                message.push_str("\nits stderr:\n");
                for line in stderr.lines() {
                    message.push_str("  ");
                    message.push_str(line);
                    message.push('\n');
                }
            }
            Err(message.trim_end().to_string())
        }
    }
}

#[cfg(not(unix))]
fn start_process(_args: &CertifyArgs, _command: &str) -> Result<Box<dyn Adapter>, String> {
    Err("--adapter needs a Unix-like system in this version".into())
}

/// The implementation must declare the role, every `--family` asked for,
/// and at least one family of the selected cases.
fn check_declared(
    adapter: &dyn Adapter,
    args: &CertifyArgs,
    role: Role,
    cases: &[&Case],
) -> Result<(), String> {
    let caps = adapter.capabilities();
    let name = &caps.implementation.name;
    if !caps.has_role(role) {
        return Err(format!(
            "{name} does not declare the {} role",
            role.as_str()
        ));
    }
    for f in &args.family {
        let declared = match f.split_once('/') {
            Some((fam, ver)) => caps.supports_family(fam, ver),
            None => caps.families.contains_key(f),
        };
        if !declared {
            return Err(format!("{name} does not declare family `{f}`"));
        }
    }
    if !cases
        .iter()
        .any(|c| caps.supports_family(&c.family, &c.version))
    {
        return Err(format!(
            "{name} declares none of the selected cases' families (it declares: {})",
            caps.families.keys().cloned().collect::<Vec<_>>().join(", ")
        ));
    }
    Ok(())
}

/// Names in every case result the seed clauses its case covers, from the
/// corpus's `CLAUSES.json` when it has one.
fn name_clauses(run: &mut RunResult, root: &std::path::Path, all: &[Case]) -> Result<(), String> {
    let Some(index) = load_clauses(root).map_err(|e| e.to_string())? else {
        return Ok(());
    };
    let by_id: std::collections::BTreeMap<&str, &Case> =
        all.iter().map(|c| (c.id.as_str(), c)).collect();
    for result in &mut run.cases {
        if let Some(case) = by_id.get(result.id.as_str()) {
            result.clauses = index.ids_for(case);
        }
    }
    Ok(())
}
