//! `conformkit fuzz --adapter '<command>'`: a differential fuzzing
//! campaign of any implementation against the reference reader (see
//! `crate::fuzz`). Prints a progress line on stderr, a summary table (or
//! `--json`), and writes each unique disagreement under `--out` as a
//! corpus case. Exit 0: no disagreement; 1: disagreements; 2: usage or
//! harness error (unknown family, handshake refused, unwritable `--out`).

use super::{fatal, CorpusArgs, LimitArgs, EXIT_FAIL, EXIT_OK};
use crate::adapter::{Adapter, Role};
use crate::corpus::load_corpus;
use crate::fuzz::campaign::{self, Budget, Target};
use crate::fuzz::finding;
use crate::fuzz::oracle::Oracle;
use crate::fuzz::seeds::seeds;
use crate::fuzz::summary::{self, RunInfo};
use clap::{Args, ValueEnum};
use conformkit_reference::{family, Family};
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Clone, Copy, ValueEnum)]
enum RoleArg {
    Reader,
    Writer,
}

#[derive(Args)]
pub struct FuzzArgs {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// The program to fuzz, run by `/bin/sh -c` and spoken to over the
    /// adapter protocol (docs/protocol.md).
    #[arg(long, value_name = "COMMAND")]
    adapter: String,
    /// Fuzz its reader (mutated inputs) or its writer (mutated valid models).
    #[arg(long, value_enum, default_value = "reader")]
    role: RoleArg,
    /// Only this family (`runtime`) or family version (`runtime/v1`);
    /// repeatable. Default: every family the adapter declares.
    #[arg(long)]
    family: Vec<String>,
    /// Iterations (mutated inputs or models) of this shard. Default 1000
    /// when `--time` is not given either.
    #[arg(long)]
    runs: Option<u64>,
    /// Stop after this long (`60s`, `5m`).
    #[arg(long, value_parser = humantime::parse_duration)]
    time: Option<Duration>,
    /// The campaign's seed (printed; the same seed repeats the campaign).
    #[arg(long)]
    seed: Option<u64>,
    /// This machine's share of the campaign: K of N (`2/4`).
    #[arg(long, value_parser = parse_shard, default_value = "1/1")]
    shard: (u64, u64),
    /// 1: accept/reject and the model must agree; 2: the error class too.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(1..=2))]
    level: u8,
    /// Write each unique disagreement here as a corpus case folder.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Print the summary as one JSON object instead of a table.
    #[arg(long)]
    json: bool,
    /// Longest wait for one answer, in milliseconds.
    #[arg(long, default_value_t = 5_000)]
    timeout_ms: u64,
    /// Most restarts of the program (each crash is a finding and a restart).
    #[arg(long, default_value_t = 1_000)]
    max_restarts: u32,
    #[command(flatten)]
    limits: LimitArgs,
}

fn parse_shard(s: &str) -> Result<(u64, u64), String> {
    let bad = || format!("`{s}` is not a shard K/N with 1 <= K <= N");
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let (k, n) = (
        k.trim().parse::<u64>().map_err(|_| bad())?,
        n.trim().parse::<u64>().map_err(|_| bad())?,
    );
    if k == 0 || n == 0 || k > n {
        return Err(bad());
    }
    Ok((k, n))
}

pub fn run(args: &FuzzArgs) -> u8 {
    match fuzz_command(args) {
        Ok(code) => code,
        Err(message) => fatal(message),
    }
}

fn fuzz_command(args: &FuzzArgs) -> Result<u8, String> {
    let role = match args.role {
        RoleArg::Reader => Role::Reader,
        RoleArg::Writer => Role::Writer,
    };
    if let Some(out) = &args.out {
        check_writable(out)?;
    }
    let root = args.corpus.root()?;
    let cases = load_corpus(root.path()).map_err(|e| e.to_string())?;
    let mut adapter = start(args)?;
    let families = chosen_families(adapter.as_ref(), args, role)?;
    let mut targets = Vec::new();
    for fam in &families {
        let info = fam.info();
        let s = seeds(&cases, info.id, info.version, role)?;
        if s.is_empty() {
            return Err(format!(
                "no seeds for {}/{} as a {} in {}",
                info.id,
                info.version,
                role.as_str(),
                root.path().display()
            ));
        }
        targets.push(Target {
            family: *fam,
            seeds: s,
        });
    }
    let seed = args.seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1)
    });
    let budget = Budget {
        runs: args.runs.or(if args.time.is_none() {
            Some(1000)
        } else {
            None
        }),
        time: args.time,
        shard: args.shard.0,
        shards: args.shard.1,
    };
    let implementation = adapter.capabilities().implementation.name.clone();
    eprintln!(
        "conformkit fuzz: {implementation} as {}, seed {seed}, shard {}/{}",
        role.as_str(),
        budget.shard,
        budget.shards
    );
    let mut oracle = Oracle::new(adapter.as_mut(), args.limits.limits(), args.level)
        .map_err(|e| format!("cannot create the scratch directory: {e}"))?;
    let outcome = campaign::run(&mut oracle, &targets, seed, &budget, &mut |s| {
        eprintln!("{}", summary::progress_line(s))
    })
    .map_err(|e| format!("the campaign failed: {e}"))?;
    oracle.finish();
    drop(oracle);
    eprintln!("{}", summary::progress_line(&outcome.stats));

    if let Some(out) = &args.out {
        for f in &outcome.findings {
            let fam = family(&f.family, Some(&f.version))
                .ok_or_else(|| format!("no family {}/{}", f.family, f.version))?;
            finding::write(out, f, fam, seed, &implementation)
                .map_err(|e| format!("cannot write the finding {}: {e}", f.name))?;
        }
    }
    let info = RunInfo {
        implementation,
        role,
        level: args.level,
        seed,
        shard: format!("{}/{}", budget.shard, budget.shards),
        families: families
            .iter()
            .map(|f| format!("{}/{}", f.info().id, f.info().version))
            .collect(),
        out: args.out.as_ref().map(|p| p.display().to_string()),
    };
    if args.json {
        super::stdout::print(&summary::json(&info, &outcome));
    } else {
        super::stdout::print(&summary::table(&info, &outcome));
    }
    Ok(if outcome.findings.is_empty() {
        EXIT_OK
    } else {
        EXIT_FAIL
    })
}

/// `--out` must be a directory we can write in: checked before any work.
fn check_writable(out: &Path) -> Result<(), String> {
    let cannot =
        |e: std::io::Error| format!("--out {}: not a writable directory: {e}", out.display());
    std::fs::create_dir_all(out).map_err(cannot)?;
    let probe = out.join(".conformkit-fuzz-probe");
    std::fs::write(&probe, b"").map_err(cannot)?;
    std::fs::remove_file(&probe).map_err(cannot)
}

/// The reference families to fuzz: every `--family` (each must exist and
/// be declared), or every family the adapter declares.
fn chosen_families(
    adapter: &dyn Adapter,
    args: &FuzzArgs,
    role: Role,
) -> Result<Vec<&'static dyn Family>, String> {
    let caps = adapter.capabilities();
    let name = &caps.implementation.name;
    if !caps.has_role(role) {
        return Err(format!(
            "{name} does not declare the {} role",
            role.as_str()
        ));
    }
    let mut out: Vec<&'static dyn Family> = Vec::new();
    if args.family.is_empty() {
        for fam in conformkit_reference::all_families() {
            let info = fam.info();
            if caps.supports_family(info.id, info.version) {
                out.push(*fam);
            }
        }
        if out.is_empty() {
            return Err(format!("{name} declares no family the reference knows"));
        }
        return Ok(out);
    }
    for f in &args.family {
        let (id, version) = match f.split_once('/') {
            Some((id, v)) => (id, Some(v)),
            None => (f.as_str(), None),
        };
        let fam = family(id, version).ok_or_else(|| format!("unknown family `{f}`"))?;
        let info = fam.info();
        if !caps.supports_family(info.id, info.version) {
            return Err(format!("{name} does not declare family `{f}`"));
        }
        out.push(fam);
    }
    Ok(out)
}

#[cfg(unix)]
fn start(args: &FuzzArgs) -> Result<Box<dyn Adapter>, String> {
    use crate::adapter::process::{Bounds, ProcessAdapter, Settings};
    use crate::adapter::Mode;
    let settings = Settings {
        command: args.adapter.clone(),
        mode: Mode::Persistent,
        timeout: Duration::from_millis(args.timeout_ms),
        startup_timeout: Duration::from_millis(Settings::DEFAULT_STARTUP_TIMEOUT_MS),
        max_restarts: args.max_restarts,
        bounds: Bounds {
            max_line_bytes: Settings::DEFAULT_MAX_RESPONSE_BYTES,
            max_stderr_bytes: Settings::DEFAULT_MAX_STDERR_BYTES,
        },
        shutdown_grace: Settings::SHUTDOWN_GRACE,
    };
    ProcessAdapter::start(settings)
        .map(|a| Box::new(a) as Box<dyn Adapter>)
        .map_err(|e| {
            let mut m = format!(
                "the adapter `{}` could not be started: {}",
                args.adapter, e.message
            );
            if let Some(stderr) = e.stderr {
                m.push_str("\nits stderr:\n");
                m.push_str(stderr.trim_end());
            }
            m
        })
}

#[cfg(not(unix))]
fn start(_args: &FuzzArgs) -> Result<Box<dyn Adapter>, String> {
    Err("--adapter needs a Unix-like system in this version".into())
}
