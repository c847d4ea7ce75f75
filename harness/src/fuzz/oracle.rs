//! The differential oracle: one input through the reference reader and
//! through the adapter, judged by `crate::verdict` as certify judges a
//! corpus case whose expectation is the reference's answer; one model
//! through the adapter's writer, judged by `certify::check_written`.
//! Inputs are written once, into the certify sandbox: the reference reads
//! them there, then they turn read-only and the adapter reads them.

use super::answer::Answer;
use super::mutate::runpack::rehash;
use super::mutate::tree_path::{display, first_difference, Step};
use super::sample::Sample;
use crate::adapter::{Adapter, Role, WriteAnswer};
use crate::artifact::materialize;
use crate::certify::{check_written, Sandbox};
use crate::corpus::{Case, CaseMeta, Expect};
use crate::verdict::{judge, ReadOutcome};
use conformkit_reference::{Family, Limits, Shape, Written};
use serde_json::Value;
use std::io;
use std::path::{Path, PathBuf};

/// An input (reader) or model (writer) on which the adapter and the
/// reference disagree.
#[derive(Debug, Clone)]
pub struct Disagreement {
    pub role: Role,
    /// The reference reader's answer to the input (reader role).
    pub reference: Option<Answer>,
    /// What the adapter did (writer role: `accepted` with the model its
    /// artifact reads back as, `rejected` for a refusal).
    pub adapter: Answer,
    /// Why it is a disagreement, as certify would say.
    pub detail: String,
    /// What makes two disagreements the same: family, both answers with
    /// their classes, and the first differing model path.
    pub signature: String,
    pub stderr: Option<String>,
}

/// The reference, the adapter and the scratch space of a campaign.
pub struct Oracle<'a> {
    adapter: &'a mut dyn Adapter,
    sandbox: Sandbox,
    staging: tempfile::TempDir,
    limits: Limits,
    level: u8,
    next: u64,
    /// Requests sent to the adapter so far.
    pub execs: u64,
}

/// Where the scratch space of a campaign goes: certify's
/// ([`crate::scratch::scratch_base`]).
pub fn scratch_base() -> PathBuf {
    crate::scratch::scratch_base()
}

/// Where a family's input lives inside a case folder.
pub fn input_name(fam: &dyn Family) -> String {
    match fam.info().shape {
        Shape::File { ext } => format!("input.{ext}"),
        Shape::Directory => "input".into(),
    }
}

impl<'a> Oracle<'a> {
    pub fn new(adapter: &'a mut dyn Adapter, limits: Limits, level: u8) -> io::Result<Oracle<'a>> {
        let base = scratch_base();
        Ok(Oracle {
            adapter,
            sandbox: Sandbox::new_in(&base)?,
            staging: tempfile::Builder::new()
                .prefix("conformkit-fuzz-")
                .tempdir_in(&base)?,
            limits,
            level,
            next: 0,
            execs: 0,
        })
    }

    pub fn adapter(&self) -> &dyn Adapter {
        &*self.adapter
    }

    /// Ends the adapter's session.
    pub fn finish(&mut self) {
        self.adapter.finish();
    }

    fn stage(&mut self, fam: &dyn Family) -> io::Result<PathBuf> {
        self.next += 1;
        let dir = self.staging.path().join(self.next.to_string());
        std::fs::create_dir(&dir)?;
        Ok(dir.join(input_name(fam)))
    }

    /// The reference reader's answer to `sample`.
    pub fn reference(&mut self, fam: &dyn Family, sample: &Sample) -> io::Result<Answer> {
        let path = self.stage(fam)?;
        sample.materialize(&path)?;
        let answer = Answer::of_reference(fam.read_path(&path, &self.limits));
        remove_staged(&path);
        Ok(answer)
    }

    /// Puts `sample` to both readers; `Some` when they disagree.
    pub fn read(&mut self, fam: &dyn Family, sample: &Sample) -> io::Result<Option<Disagreement>> {
        let info = fam.info();
        // Written once, where the adapter will read it: the reference reads
        // it there first, then it turns read-only for the adapter.
        let scratch = self.sandbox.scratch()?;
        let mut reference = None;
        let path = scratch.readonly_made(&input_name(fam), |dest| {
            sample.materialize(dest)?;
            reference = Some(Answer::of_reference(fam.read_path(dest, &self.limits)));
            Ok(())
        })?;
        let reference = reference.expect("the reference read the input");
        self.execs += 1;
        let reply = self.adapter.read(info.id, info.version, &path);
        drop(scratch);
        let stderr = reply.stderr.clone();
        let adapter = Answer::of_reply(reply);
        Ok(self
            .judge_read(fam, &path, &reference, &adapter)
            .map(|(detail, at)| Disagreement {
                role: Role::Reader,
                signature: format!(
                    "{}/{} reader: reference {} / adapter {}{}",
                    info.id,
                    info.version,
                    reference.kind(),
                    adapter.kind(),
                    at.map(|p| format!(" at {p}")).unwrap_or_default()
                ),
                reference: Some(reference),
                adapter,
                detail,
                stderr,
            }))
    }

    /// `Some((detail, first differing path))` when the answers disagree at
    /// the campaign's level.
    fn judge_read(
        &self,
        fam: &dyn Family,
        path: &Path,
        reference: &Answer,
        adapter: &Answer,
    ) -> Option<(String, Option<String>)> {
        let outcome = match adapter {
            Answer::Accepted { model } => ReadOutcome::Accepted {
                model: model.clone(),
            },
            Answer::Rejected {
                error_class,
                message,
            } => ReadOutcome::Rejected {
                class: *error_class,
                message: message.clone(),
            },
            Answer::Fault { detail, .. } => return Some((detail.clone(), None)),
        };
        let case = reference_case(fam, path, reference);
        let verdict = judge(&case, &outcome);
        let disagrees = !verdict.level1 || (self.level >= 2 && !verdict.level2);
        if !disagrees {
            return None;
        }
        let at = match (reference, adapter) {
            (Answer::Accepted { model: a }, Answer::Accepted { model: b }) => {
                first_difference(a, b)
                    .map(|p| display(&p.into_iter().map(unindexed).collect::<Vec<_>>()))
            }
            _ => None,
        };
        Some((verdict.detail.unwrap_or_default(), at))
    }

    /// The model the reference writer and reader agree on nearest to
    /// `model`: what `model` reads back as once written (for a runpack,
    /// with every hash recomputed), if a plain second round trip gives it
    /// back unchanged (so certify's writer check holds for the reference).
    /// `None` when the reference cannot carry it.
    pub fn valid_model(&mut self, fam: &dyn Family, model: &Value) -> io::Result<Option<Value>> {
        let Some(first) = self.round_trip(fam, model, true)? else {
            return Ok(None);
        };
        Ok(match self.round_trip(fam, &first, false)? {
            Some(second) if second == first => Some(first),
            _ => None,
        })
    }

    fn round_trip(
        &mut self,
        fam: &dyn Family,
        model: &Value,
        fix_hashes: bool,
    ) -> io::Result<Option<Value>> {
        let Ok(written) = fam.write(model) else {
            return Ok(None);
        };
        let path = self.stage(fam)?;
        let written = match written {
            Written::Directory(files) if fix_hashes && fam.info().id == "runpack" => {
                let mut entries = files
                    .into_iter()
                    .map(
                        |(path, content)| conformkit_reference::dir_image::Entry::File {
                            path,
                            content,
                        },
                    )
                    .collect();
                rehash(&mut entries);
                Sample::Tree(entries).materialize(&path)?;
                None
            }
            other => Some(other),
        };
        if let Some(w) = written {
            if materialize(&w, &path).is_err() {
                remove_staged(&path);
                return Ok(None);
            }
        }
        let back = fam.read_path(&path, &self.limits).ok();
        remove_staged(&path);
        Ok(back)
    }

    /// Gives a valid `model` to the adapter's writer; `Some` when its
    /// artifact fails certify's check (or it refuses, or faults).
    pub fn write(&mut self, fam: &dyn Family, model: &Value) -> io::Result<Option<Disagreement>> {
        let info = fam.info();
        let scratch = self.sandbox.scratch()?;
        let out = scratch.output(info.shape);
        self.execs += 1;
        let reply = self.adapter.write(info.id, info.version, model, &out);
        let stderr = reply.stderr;
        let (adapter, detail, what) = match reply.result {
            Ok(WriteAnswer::Written) => {
                let Some(problem) = check_written(fam, model, &out, &self.limits) else {
                    return Ok(None);
                };
                let back = fam.read_path(&out, &self.limits);
                let at = back
                    .as_ref()
                    .ok()
                    .and_then(|b| first_difference(model, b))
                    .map(|p| {
                        format!(
                            " at {}",
                            display(&p.into_iter().map(unindexed).collect::<Vec<_>>())
                        )
                    });
                let head = problem
                    .split([':', '('])
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_string();
                let answer = match back {
                    Ok(model) => Answer::Accepted { model },
                    Err(e) => Answer::of_reference(Err(e)),
                };
                (answer, problem, format!("{head}{}", at.unwrap_or_default()))
            }
            Ok(WriteAnswer::Refused(r)) => (
                Answer::Rejected {
                    error_class: r.class,
                    message: r.message.clone(),
                },
                format!("the writer refused a valid model: {}", r.message),
                "refused a valid model".to_string(),
            ),
            Err(f) => {
                let answer = Answer::Fault {
                    fault: f.kind,
                    detail: f.detail.clone(),
                };
                let kind = answer.kind();
                (answer, f.detail, kind)
            }
        };
        Ok(Some(Disagreement {
            role: Role::Writer,
            signature: format!("{}/{} writer: {what}", info.id, info.version),
            reference: None,
            adapter,
            detail,
            stderr,
        }))
    }
}

/// The in-memory case certify would hold for this input, its expectation
/// the reference's answer.
pub fn reference_case(fam: &dyn Family, input: &Path, reference: &Answer) -> Case {
    let info = fam.info();
    let (expect, error_class, expected) = match reference {
        Answer::Accepted { model } => (Expect::Accept, None, Some(model.clone())),
        Answer::Rejected { error_class, .. } => (Expect::Reject, *error_class, None),
        Answer::Fault { .. } => (Expect::Reject, None, None),
    };
    Case {
        id: format!("{}/{}/fuzz", info.id, info.version),
        family: info.id.into(),
        version: info.version.into(),
        name: "fuzz".into(),
        dir: input.parent().unwrap_or(input).to_path_buf(),
        meta: CaseMeta {
            description: String::new(),
            expect,
            error_class,
            tags: Vec::new(),
            seed: String::new(),
            since: info.version.into(),
            deprecated: false,
        },
        input: input.to_path_buf(),
        expected,
    }
}

/// A path step with array indices dropped, so a signature names where in
/// the format two models differ, not which element (`a[].b`).
fn unindexed(step: Step) -> Step {
    match step {
        Step::Index(_) => Step::Key("[]".into()),
        key => key,
    }
}

fn remove_staged(path: &Path) {
    if let Some(dir) = path.parent() {
        let _ = std::fs::remove_dir_all(dir);
    }
}
