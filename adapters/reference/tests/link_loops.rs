//! A symlink loop where a file is listed is the same fault everywhere:
//! `unreadable` in a runpack (verify-runpack and check runpack) and as an
//! incident-bundle member (it was `missing_file` in a bundle).

#![cfg(unix)]

use conformkit_reference::error::ErrorClass;
use conformkit_reference::runpack::verifier::verify;
use conformkit_reference::runpack::writer::{
    export, ArtifactSpec, ExportSpec, DEFAULT_MANIFEST_NAME,
};
use conformkit_reference::{family, Limits};
use serde_json::json;
use std::os::unix::fs::symlink;
use std::path::Path;

/// `name` in `dir` replaced by one half of a two-link loop.
fn make_loop(dir: &Path, name: &str) {
    std::fs::remove_file(dir.join(name)).unwrap();
    symlink("loop.other", dir.join(name)).unwrap();
    symlink(name, dir.join("loop.other")).unwrap();
}

#[test]
fn a_link_loop_in_a_runpack_is_unreadable() {
    let spec = ExportSpec::sample(vec![ArtifactSpec::json(
        "spec",
        "scenario_spec",
        "scenario_spec.json",
        json!({"id": "s"}),
    )]);
    let tmp = tempfile::tempdir().unwrap();
    let pack = tmp.path().join("pack");
    for (rel, bytes) in export(&spec, DEFAULT_MANIFEST_NAME).unwrap().files {
        let p = pack.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    make_loop(&pack, "scenario_spec.json");
    let v = verify(&pack, DEFAULT_MANIFEST_NAME, &Limits::default()).unwrap();
    assert_eq!(v.report.status, "fail");
    assert!(
        v.report.errors.iter().any(|e| e.starts_with("unreadable")),
        "{:?}",
        v.report.errors
    );
    let e = family("runpack", None)
        .unwrap()
        .read_path(&pack, &Limits::default())
        .unwrap_err();
    assert_eq!(e.class, ErrorClass::Unreadable, "{e}");
}

#[test]
fn a_link_loop_as_a_bundle_member_is_unreadable() {
    // An accepted bundle of the five required members, one of them looped.
    let input =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/incident_bundle/v1/minimal/input");
    assert!(family("incident_bundle", None)
        .unwrap()
        .read_path(&input, &Limits::default())
        .is_ok());
    let tmp = tempfile::tempdir().unwrap();
    let bundle = tmp.path().join("bundle");
    std::fs::create_dir(&bundle).unwrap();
    for entry in std::fs::read_dir(&input).unwrap() {
        let p = entry.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, bundle.join(p.file_name().unwrap())).unwrap();
        }
    }
    make_loop(&bundle, "runtime.json");
    let e = family("incident_bundle", None)
        .unwrap()
        .read_path(&bundle, &Limits::default())
        .unwrap_err();
    assert_eq!(e.class, ErrorClass::Unreadable, "{e}");
}
