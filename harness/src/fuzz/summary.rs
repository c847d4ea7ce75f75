//! The end of a campaign for people and CI: a summary table, or one JSON
//! object (`--json`) with the counters and every unique disagreement.

use super::answer::Answer;
use super::campaign::{Outcome, Stats};
use crate::adapter::Role;
use serde::Serialize;
use std::fmt::Write;

/// How the campaign was run, for the header and the JSON.
#[derive(Debug, Clone, Serialize)]
pub struct RunInfo {
    pub implementation: String,
    pub role: Role,
    pub level: u8,
    pub seed: u64,
    pub shard: String,
    pub families: Vec<String>,
    /// The directory the cases were written to, if any.
    pub out: Option<String>,
}

#[derive(Serialize)]
struct FindingJson<'a> {
    signature: &'a str,
    hits: u64,
    case: String,
    exec: u64,
    size_before: usize,
    size_after: usize,
    detail: &'a str,
    reference: Option<&'a Answer>,
    adapter: &'a Answer,
}

#[derive(Serialize)]
struct SummaryJson<'a> {
    run: &'a RunInfo,
    stats: &'a Stats,
    execs_per_sec: f64,
    stopped: Option<&'a str>,
    findings: Vec<FindingJson<'a>>,
}

/// The JSON summary.
pub fn json(info: &RunInfo, outcome: &Outcome) -> String {
    let findings = outcome
        .findings
        .iter()
        .map(|f| FindingJson {
            signature: &f.disagreement.signature,
            hits: outcome
                .hits
                .get(&f.disagreement.signature)
                .copied()
                .unwrap_or(1),
            case: format!("{}/{}/{}", f.family, f.version, f.name),
            exec: f.exec,
            size_before: f.size_before,
            size_after: f.size_after,
            detail: &f.disagreement.detail,
            reference: f.disagreement.reference.as_ref(),
            adapter: &f.disagreement.adapter,
        })
        .collect();
    let s = SummaryJson {
        run: info,
        stats: &outcome.stats,
        execs_per_sec: outcome.stats.execs_per_sec(),
        stopped: outcome.stopped.as_deref(),
        findings,
    };
    serde_json::to_string_pretty(&s).unwrap_or_default() + "\n"
}

/// The progress line: execs/s, disagreements, unique signatures.
pub fn progress_line(stats: &Stats) -> String {
    format!(
        "fuzz: {} execs ({:.0}/s), {} iterations, {} disagreements, {} unique",
        stats.execs,
        stats.execs_per_sec(),
        stats.iterations,
        stats.disagreements,
        stats.unique
    )
}

/// The summary table.
pub fn table(info: &RunInfo, outcome: &Outcome) -> String {
    let s = &outcome.stats;
    let mut t = String::new();
    let _ = writeln!(
        t,
        "conformkit fuzz: {} as {}, level {}, seed {}, shard {}",
        info.implementation,
        info.role.as_str(),
        info.level,
        info.seed,
        info.shard
    );
    let _ = writeln!(t, "families: {}", info.families.join(", "));
    let _ = writeln!(
        t,
        "{:>10} {:>10} {:>10} {:>14} {:>7} {:>9}",
        "execs", "iterations", "execs/s", "disagreements", "unique", "seconds"
    );
    let _ = writeln!(
        t,
        "{:>10} {:>10} {:>10.0} {:>14} {:>7} {:>9.1}",
        s.execs,
        s.iterations,
        s.execs_per_sec(),
        s.disagreements,
        s.unique,
        s.elapsed_ms as f64 / 1000.0
    );
    if s.invalid_models > 0 {
        let _ = writeln!(
            t,
            "({} mutated models the reference cannot carry were not sent)",
            s.invalid_models
        );
    }
    if let Some(why) = &outcome.stopped {
        let _ = writeln!(t, "stopped early: {why}");
    }
    if outcome.findings.is_empty() {
        let _ = writeln!(t, "no disagreement");
        return t;
    }
    let _ = writeln!(t, "\nunique disagreements:");
    for f in &outcome.findings {
        let hits = outcome
            .hits
            .get(&f.disagreement.signature)
            .copied()
            .unwrap_or(1);
        let _ = writeln!(t, "  {} (x{hits})", f.disagreement.signature);
        let _ = writeln!(
            t,
            "    case {}/{}/{}, exec {}, shrunk {} -> {}",
            f.family, f.version, f.name, f.exec, f.size_before, f.size_after
        );
        if let Some(first) = f.disagreement.detail.lines().next() {
            let _ = writeln!(t, "    {}", truncate(first, 160));
        }
    }
    if let Some(out) = &info.out {
        let _ = writeln!(
            t,
            "\ncases written to {out} (copy a family folder into corpus/; the adapter's answers are in {out}/_findings/)"
        );
    }
    t
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        s.chars().take(max).collect::<String>() + "..."
    }
}
