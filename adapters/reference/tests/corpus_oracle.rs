//! The golden corpus as an oracle for the reference readers and writers,
//! from inside this crate: every case's input read through its family, the
//! verdict compared with `case.json` (accept: exactly `expected.json`;
//! reject: the error class; either: one of the two), every accepted model
//! written and read back to itself. It needs nothing of the harness, so it
//! builds in seconds: it is the test `cargo mutants` runs against each
//! mutant of this crate (docs/corpus-power.md). The harness's `corpus`
//! test judges the same cases one test each, through the adapter interface.

use conformkit_reference::{family, Family, Input, Limits, Shape, Written};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn corpus_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

struct Case {
    id: String,
    dir: PathBuf,
    input: PathBuf,
    meta: Value,
}

fn cases() -> Vec<Case> {
    let root = corpus_root();
    let mut out = Vec::new();
    for fam in sorted_dirs(&root) {
        for ver in sorted_dirs(&fam) {
            for dir in sorted_dirs(&ver) {
                let Ok(text) = std::fs::read_to_string(dir.join("case.json")) else {
                    continue;
                };
                let input = std::fs::read_dir(&dir)
                    .unwrap()
                    .flatten()
                    .map(|e| e.path())
                    .find(|p| {
                        let n = p.file_name().unwrap().to_string_lossy();
                        n == "input" || n.starts_with("input.")
                    })
                    .expect("an input");
                let rel = dir.strip_prefix(&root).unwrap();
                out.push(Case {
                    id: rel.to_string_lossy().into_owned(),
                    dir: dir.clone(),
                    input,
                    meta: serde_json::from_str(&text).expect("case.json"),
                });
            }
        }
    }
    out
}

fn sorted_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

fn expected_model(case: &Case) -> Option<Value> {
    let text = std::fs::read_to_string(case.dir.join("expected.json")).ok()?;
    Some(serde_json::from_str(&text).expect("expected.json"))
}

/// Why the reference disagrees with the case, if it does.
fn judge(fam: &dyn Family, case: &Case, limits: &Limits) -> Option<String> {
    let expect = case.meta["expect"].as_str().unwrap_or_default();
    let class = case.meta["error_class"].as_str();
    match (expect, fam.read_path(&case.input, limits)) {
        ("accept" | "either", Ok(model)) => {
            let want = expected_model(case).expect("an expected model");
            if model != want {
                return Some(format!("model differs: {model} vs {want}"));
            }
            round_trip(fam, &model, limits)
        }
        ("reject" | "either", Err(e)) => {
            (Some(e.class.as_str()) != class).then(|| format!("class {} vs {class:?}", e.class))
        }
        ("accept", Err(e)) => Some(format!("rejected: {e}")),
        ("reject", Ok(_)) => Some("accepted".into()),
        (other, _) => Some(format!("unknown expectation {other}")),
    }
}

/// The model written and read again gives the model.
fn round_trip(fam: &dyn Family, model: &Value, limits: &Limits) -> Option<String> {
    let written = match fam.write(model) {
        Ok(w) => w,
        Err(e) => return Some(format!("the writer refuses the model: {e}")),
    };
    let again = match (written, fam.info().shape) {
        (Written::File(bytes), Shape::File { .. }) => fam.read(Input::Bytes(&bytes), limits),
        (Written::Directory(files), Shape::Directory) => {
            let dir = tempfile::tempdir().unwrap();
            for (rel, bytes) in files {
                let path = dir.path().join(rel);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, bytes).unwrap();
            }
            fam.read(Input::Dir(dir.path()), limits)
        }
        _ => return Some("the writer's output has the wrong shape".into()),
    };
    match again {
        Ok(m) if &m == model => None,
        Ok(m) => Some(format!("written and read back as {m}")),
        Err(e) => Some(format!("written and rejected: {e}")),
    }
}

#[test]
fn the_reference_agrees_with_every_case() {
    let limits = Limits::default();
    let all = cases();
    assert!(all.len() > 1000, "the corpus has {} cases", all.len());
    let mut wrong = Vec::new();
    for case in &all {
        let mut parts = case.id.split('/');
        let (f, v) = (parts.next().unwrap(), parts.next().unwrap());
        let fam = family(f, Some(v)).unwrap_or_else(|| panic!("{}: no family", case.id));
        if let Some(why) = judge(fam, case, &limits) {
            wrong.push(format!("{}: {why}", case.id));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} cases:\n{}",
        wrong.len(),
        all.len(),
        wrong.join("\n")
    );
}
