//! The campaign loop: iteration `i` draws a family, a corpus seed and a
//! stack of mutations from a generator seeded by (`seed`, `i`) alone, so
//! every iteration is reproducible on its own and `--shard K/N` takes the
//! iterations with `i % N == K - 1`. Each disagreement is counted under
//! its signature; the first of each signature is shrunk and kept.

use super::answer::Answer;
use super::finding::{case_name, Finding, Subject};
use super::mutate::{mutate_input, mutate_model};
use super::oracle::{Disagreement, Oracle};
use super::sample::Sample;
use super::seeds::Seeds;
use super::shrink::shrink;
use crate::adapter::FaultKind;
use conformkit_reference::Family;
use fastrand::Rng;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io;
use std::time::{Duration, Instant};

/// How long a campaign runs and which part of it this process takes.
#[derive(Debug, Clone)]
pub struct Budget {
    /// Iterations of this shard (mutated inputs or models tried).
    pub runs: Option<u64>,
    pub time: Option<Duration>,
    /// This shard, 1-based, of `shards`.
    pub shard: u64,
    pub shards: u64,
}

/// One family under test, with its seeds.
pub struct Target<'f> {
    pub family: &'f dyn Family,
    pub seeds: Seeds,
}

/// Counters, for the progress line and the summary.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    /// Requests sent to the adapter (shrinking included).
    pub execs: u64,
    /// Iterations of this shard.
    pub iterations: u64,
    /// Writer role: mutated models the reference itself cannot carry (not sent).
    pub invalid_models: u64,
    /// Disagreeing iterations, before deduplication.
    pub disagreements: u64,
    pub unique: u64,
    pub elapsed_ms: u64,
}

impl Stats {
    pub fn execs_per_sec(&self) -> f64 {
        self.execs as f64 / (self.elapsed_ms.max(1) as f64 / 1000.0)
    }
}

/// What a campaign found.
pub struct Outcome {
    pub stats: Stats,
    /// Unique disagreements, in the order found.
    pub findings: Vec<Finding>,
    /// Disagreeing iterations per signature.
    pub hits: BTreeMap<String, u64>,
    /// Why the campaign stopped early, if it did (the adapter was given up on).
    pub stopped: Option<String>,
}

/// The generator of iteration `i`: a splitmix of the seed and the index.
fn rng_for(seed: u64, i: u64) -> Rng {
    let mut z = seed ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    Rng::with_seed(z ^ (z >> 31))
}

/// What iteration `i` tries: a family index and a mutated input or model.
enum Trial {
    Input(usize, Sample),
    Model(usize, serde_json::Value),
}

fn trial(targets: &[&Target<'_>], seed: u64, i: u64) -> Trial {
    let mut rng = rng_for(seed, i);
    let t = rng.usize(..targets.len());
    let id = targets[t].family.info().id;
    // Mostly one mutation: stacked ones mask each other.
    let stack = [1, 1, 1, 2, 2, 3][rng.usize(..6)];
    match &targets[t].seeds {
        Seeds::Inputs { samples, valid } => {
            let from = if *valid > 0 && rng.u8(0..10) < 7 {
                rng.usize(..*valid)
            } else {
                rng.usize(..samples.len())
            };
            let mut s = samples[from].clone();
            for _ in 0..stack {
                s = mutate_input(id, &s, &mut rng);
            }
            Trial::Input(t, s)
        }
        Seeds::Models(models) => {
            let mut m = models[rng.usize(..models.len())].clone();
            for _ in 0..stack {
                m = mutate_model(&m, &mut rng);
            }
            Trial::Model(t, m)
        }
    }
}

/// Runs the campaign; `progress` is called about once a second.
pub fn run(
    oracle: &mut Oracle<'_>,
    targets: &[Target<'_>],
    seed: u64,
    budget: &Budget,
    progress: &mut dyn FnMut(&Stats),
) -> io::Result<Outcome> {
    let started = Instant::now();
    let mut out = Outcome {
        stats: Stats::default(),
        findings: Vec::new(),
        hits: BTreeMap::new(),
        stopped: None,
    };
    let mut last_report = Instant::now();
    let targets: Vec<&Target<'_>> = targets.iter().filter(|t| !t.seeds.is_empty()).collect();
    if targets.is_empty() {
        return Ok(out);
    }
    let mut i = budget.shard - 1;
    loop {
        if budget.runs.is_some_and(|r| out.stats.iterations >= r)
            || budget.time.is_some_and(|t| started.elapsed() >= t)
        {
            break;
        }
        out.stats.iterations += 1;
        let exec = i;
        let found = match trial(&targets, seed, i) {
            Trial::Input(t, sample) => {
                let fam = targets[t].family;
                oracle
                    .read(fam, &sample)?
                    .map(|d| (t, Subject::Input(sample), d))
            }
            Trial::Model(t, model) => {
                let fam = targets[t].family;
                match oracle.valid_model(fam, &model)? {
                    None => {
                        out.stats.invalid_models += 1;
                        None
                    }
                    Some(valid) => oracle
                        .write(fam, &valid)?
                        .map(|d| (t, Subject::Model(valid), d)),
                }
            }
        };
        i += budget.shards;
        if let Some((t, subject, d)) = found {
            if matches!(
                d.adapter,
                Answer::Fault {
                    fault: FaultKind::Skipped,
                    ..
                }
            ) {
                out.stopped = Some(format!("the adapter was given up on: {}", d.detail));
                break;
            }
            out.stats.disagreements += 1;
            let hits = out.hits.entry(d.signature.clone()).or_insert(0);
            *hits += 1;
            if *hits == 1 {
                let finding = minimal(oracle, targets[t].family, subject, d, exec)?;
                out.findings.push(finding);
                out.stats.unique += 1;
            }
        }
        out.stats.elapsed_ms = started.elapsed().as_millis() as u64;
        out.stats.execs = oracle.execs;
        if last_report.elapsed() >= Duration::from_secs(1) {
            progress(&out.stats);
            last_report = Instant::now();
        }
    }
    out.stats.elapsed_ms = started.elapsed().as_millis() as u64;
    out.stats.execs = oracle.execs;
    Ok(out)
}

/// Shrinks a new disagreement to the smallest subject that keeps its signature.
fn minimal(
    oracle: &mut Oracle<'_>,
    fam: &dyn Family,
    subject: Subject,
    d: Disagreement,
    exec: u64,
) -> io::Result<Finding> {
    let info = fam.info();
    let signature = d.signature.clone();
    let (subject, d, before, after) = match subject {
        Subject::Input(sample) => {
            let before = sample.size();
            let mut last = d;
            let mut still = |s: &Sample| -> io::Result<bool> {
                Ok(match oracle.read(fam, s)? {
                    Some(again) if again.signature == signature => {
                        last = again;
                        true
                    }
                    _ => false,
                })
            };
            let small = shrink(info.id, &sample, &mut still)?;
            // The disagreement of the shrunk input itself.
            let d = oracle.read(fam, &small)?.unwrap_or(last);
            let after = small.size();
            (Subject::Input(small), d, before, after)
        }
        Subject::Model(model) => {
            let before = model.to_string().len();
            let small = super::shrink::shrink_model(&model, &mut |m| {
                let Some(valid) = oracle.valid_model(fam, m)? else {
                    return Ok(false);
                };
                Ok(&valid == m
                    && oracle
                        .write(fam, m)?
                        .is_some_and(|again| again.signature == signature))
            })?;
            let d = oracle.write(fam, &small)?.unwrap_or(d);
            let after = small.to_string().len();
            (Subject::Model(small), d, before, after)
        }
    };
    Ok(Finding {
        family: info.id.into(),
        version: info.version.into(),
        name: case_name(d.role, &d.signature),
        disagreement: d,
        subject,
        exec,
        size_before: before,
        size_after: after,
    })
}
