//! A unique disagreement, shrunk, and how it is written under `--out`: a
//! ready corpus case folder `<out>/<family>/<version>/<name>/` (`input*`,
//! `case.json` with the reference's expectation, `expected.json` from the
//! reference) and `<out>/_findings/<name>.json` with the adapter's answer,
//! so adding the case to `corpus/` is a copy of the family folder.

use super::answer::Answer;
use super::oracle::{input_name, Disagreement};
use super::sample::Sample;
use crate::adapter::Role;
use crate::atomic::write_atomic;
use crate::corpus::{CaseMeta, Expect};
use conformkit_reference::Family;
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::io;
use std::path::{Path, PathBuf};

/// What the adapter got: an input (reader) or a model (writer).
#[derive(Debug, Clone)]
pub enum Subject {
    Input(Sample),
    Model(Value),
}

/// One unique disagreement after shrinking.
#[derive(Debug, Clone)]
pub struct Finding {
    pub family: String,
    pub version: String,
    pub disagreement: Disagreement,
    pub subject: Subject,
    /// The execution (0-based) that first found it: rerun with the same seed.
    pub exec: u64,
    pub size_before: usize,
    pub size_after: usize,
    /// The case folder's name, from the signature.
    pub name: String,
}

/// The case name of a signature: `fuzz-<role>-<8 hex digits>`.
pub fn case_name(role: Role, signature: &str) -> String {
    let digest = hex::encode(Sha256::digest(signature.as_bytes()));
    format!("fuzz-{}-{}", role.as_str(), &digest[..8])
}

#[derive(Serialize)]
struct Record<'a> {
    signature: &'a str,
    role: Role,
    case: String,
    exec: u64,
    size_before: usize,
    size_after: usize,
    detail: &'a str,
    reference: Option<&'a Answer>,
    adapter: &'a Answer,
    stderr: Option<&'a str>,
}

fn io_err(path: &Path, e: impl std::fmt::Display) -> io::Error {
    io::Error::other(format!("{}: {e}", path.display()))
}

/// Writes `finding` under `out`; returns the case folder.
pub fn write(
    out: &Path,
    finding: &Finding,
    fam: &dyn Family,
    seed: u64,
    adapter_name: &str,
) -> io::Result<PathBuf> {
    let d = &finding.disagreement;
    let dir = out
        .join(&finding.family)
        .join(&finding.version)
        .join(&finding.name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(|e| io_err(&dir, e))?;
    }
    std::fs::create_dir_all(&dir).map_err(|e| io_err(&dir, e))?;
    let input = dir.join(input_name(fam));
    let (expect, error_class, expected) = match (&finding.subject, &d.reference) {
        (Subject::Input(sample), Some(reference)) => {
            sample.materialize(&input).map_err(|e| io_err(&input, e))?;
            match reference {
                Answer::Accepted { model } => (Expect::Accept, None, Some(model.clone())),
                Answer::Rejected { error_class, .. } => (Expect::Reject, *error_class, None),
                Answer::Fault { .. } => unreachable!("the reference never faults"),
            }
        }
        (Subject::Model(model), _) => {
            // The oracle only gives a writer models the reference writes
            // and reads back unchanged, so its rendering is the input.
            let written = fam.write(model).map_err(|e| {
                io::Error::other(format!("the reference cannot write the model: {e}"))
            })?;
            crate::artifact::materialize(&written, &input).map_err(|e| io_err(&input, e))?;
            (Expect::Accept, None, Some(model.clone()))
        }
        (Subject::Input(_), None) => {
            return Err(io::Error::other(
                "a reader finding without the reference answer",
            ))
        }
    };
    let what = match d.role {
        Role::Reader => format!(
            "the reference reader answers {}, {adapter_name} answers {}",
            d.reference.as_ref().map(Answer::kind).unwrap_or_default(),
            d.adapter.kind()
        ),
        Role::Writer => format!(
            "{adapter_name}'s writer: {}",
            d.signature.split(": ").nth(1).unwrap_or("")
        ),
    };
    let meta = CaseMeta {
        description: format!(
            "Found by conformkit fuzz (seed {seed}, exec {}): {what}. Review before committing: describe the rule and cite the seed clause.",
            finding.exec
        ),
        expect,
        error_class,
        tags: vec!["fuzz".into(), d.role.as_str().into()],
        seed: format!("conformkit fuzz --seed {seed}: {}", d.signature),
        since: finding.version.clone(),
        deprecated: false,
    };
    write_atomic(&dir.join("case.json"), pretty(&meta).as_bytes())?;
    if let Some(model) = expected {
        write_atomic(&dir.join("expected.json"), pretty(&model).as_bytes())?;
    }
    let findings = out.join("_findings");
    std::fs::create_dir_all(&findings).map_err(|e| io_err(&findings, e))?;
    let record = Record {
        signature: &d.signature,
        role: d.role,
        case: format!("{}/{}/{}", finding.family, finding.version, finding.name),
        exec: finding.exec,
        size_before: finding.size_before,
        size_after: finding.size_after,
        detail: &d.detail,
        reference: d.reference.as_ref(),
        adapter: &d.adapter,
        stderr: d.stderr.as_deref(),
    };
    write_atomic(
        &findings.join(format!("{}.json", finding.name)),
        pretty(&record).as_bytes(),
    )?;
    Ok(dir)
}

/// Pretty JSON with a final newline, as the corpus files are written.
fn pretty<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default() + "\n"
}
