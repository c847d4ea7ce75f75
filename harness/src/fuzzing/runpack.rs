//! Fuzz property: the offline runpack verifier on a real directory.
//!
//! Mode 0 (first byte 0): a `sections` tree, as `conformkit fuzz-seeds`
//! exports the corpus runpacks; mode 1: a length-framed `dir_image`; mode 2:
//! a `sections` tree whose manifest hashes, root hash and `spec_hash` are
//! recomputed from its files after decoding (the accepted runpacks are
//! exported so: a mutation of their content still verifies, so mutants keep
//! reaching a pass). In all three the verifier must end in a report and
//! never panic, hang or read outside the root. Any other first byte: a runpack written
//! by the reference writer from `arbitrary` artifacts, then optionally one
//! byte of one artifact flipped or an escaping symlink added: an untouched
//! runpack must pass with every file checked, a touched one must fail.

use super::sections;
use crate::fuzz::mutate::runpack::rehash;
use arbitrary::{Arbitrary, Unstructured};
use conformkit_reference::dir_image;
use conformkit_reference::runpack::fields::Timestamp;
use conformkit_reference::runpack::verifier::verify;
use conformkit_reference::runpack::writer::{
    export, ArtifactSpec, ExportSpec, DEFAULT_MANIFEST_NAME,
};
use conformkit_reference::Limits;
use std::path::{Path, PathBuf};

const KINDS: [&str; 4] = ["decision_log", "trigger_log", "evidence_log", "custom"];

#[derive(Arbitrary, Debug)]
struct Drawn {
    artifacts: Vec<(u8, String, i32)>,
    include_verification: bool,
    logical: bool,
    stamp: u32,
    tamper: Option<(u8, u16, u8)>,
    escape_link: bool,
}

fn scratch() -> PathBuf {
    let base = if Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    base.join(format!("conformkit-fuzz-runpack-{}", std::process::id()))
}

fn structured(rest: &[u8], root: &Path) {
    let Ok(d) = Unstructured::new(rest).arbitrary::<Drawn>() else {
        return;
    };
    let artifacts: Vec<ArtifactSpec> = d
        .artifacts
        .iter()
        .take(8)
        .enumerate()
        .map(|(i, (kind, text, n))| ArtifactSpec {
            artifact_id: format!("a{i}"),
            kind: KINDS[*kind as usize % KINDS.len()].to_string(),
            path: format!("logs/a{i}.json"),
            content_type: Some("application/json".into()),
            required: i % 2 == 0,
            value: serde_json::json!({ "text": text, "n": n, "i": i }),
        })
        .collect();
    let spec = ExportSpec {
        scenario_id: "fuzz".into(),
        tenant_id: 1,
        namespace_id: 1,
        run_id: "run".into(),
        generated_at: Timestamp {
            kind: if d.logical { "logical" } else { "unix_millis" }.into(),
            value: i64::from(d.stamp),
        },
        include_verification: d.include_verification,
        verifier_mode: "offline_strict".into(),
        security: None,
        anchor_policy: None,
        artifacts,
    };
    let Ok(exported) = export(&spec, DEFAULT_MANIFEST_NAME) else {
        return;
    };
    for (rel, bytes) in &exported.files {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    let artifact_files: Vec<&String> = exported
        .files
        .iter()
        .map(|(p, _)| p)
        .filter(|p| p.as_str() != DEFAULT_MANIFEST_NAME)
        .collect();
    let mut touched = false;
    if let Some((which, at, xor)) = d.tamper {
        if xor != 0 && !artifact_files.is_empty() {
            let p = root.join(artifact_files[which as usize % artifact_files.len()]);
            let mut bytes = std::fs::read(&p).unwrap();
            if !bytes.is_empty() {
                let i = at as usize % bytes.len();
                bytes[i] ^= xor;
                std::fs::write(&p, bytes).unwrap();
                touched = true;
            }
        }
    }
    if d.escape_link && !artifact_files.is_empty() {
        let p = root.join(artifact_files[0]);
        std::fs::remove_file(&p).unwrap();
        std::os::unix::fs::symlink("/etc/hostname", &p).unwrap();
        touched = true;
    }
    let v = verify(root, DEFAULT_MANIFEST_NAME, &Limits::default()).expect("root is a directory");
    if touched {
        assert_eq!(
            v.report.status, "fail",
            "a tampered runpack passed: {:?}",
            v.report
        );
    } else {
        assert_eq!(
            v.report.status, "pass",
            "writer output failed: {:?}",
            v.report
        );
        assert_eq!(
            v.report.checked_files as usize,
            artifact_files.len(),
            "{:?}",
            v.report
        );
    }
}

/// The property this target asserts on one input (panics on a violation).
pub fn check(data: &[u8]) {
    let root = scratch();
    let _ = std::fs::remove_dir_all(&root);
    let pack = root.join("pack");
    match (image(data), data.split_first()) {
        (Some(tree), _) => {
            if dir_image::materialize(&tree, &pack).is_ok() {
                let _ = verify(&pack, DEFAULT_MANIFEST_NAME, &Limits::default());
            }
        }
        (None, Some((_, rest))) => {
            std::fs::create_dir_all(&pack).unwrap();
            structured(rest, &pack);
        }
        (None, None) => {}
    }
    let _ = std::fs::remove_dir_all(&root);
}

/// The tree a mode 0, 1 or 2 input stands for; `None` for the other modes.
pub fn image(data: &[u8]) -> Option<Vec<dir_image::Entry>> {
    match data.split_first() {
        Some((0, rest)) => Some(sections::decode(rest)),
        Some((1, rest)) => Some(dir_image::decode(rest)),
        Some((2, rest)) => {
            let mut tree = sections::decode(rest);
            rehash(&mut tree);
            Some(tree)
        }
        _ => None,
    }
}
