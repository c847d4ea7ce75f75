//! The gate applied to the repository's own schemas against themselves
//! reports nothing and exits 0, with the corpus replay on (every current
//! case keeps its outcome).

use serde_json::Value;
use std::path::Path;
use std::process::Command;

#[test]
fn own_schemas_against_themselves_report_nothing() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus");
    let out = Command::new(env!("CARGO_BIN_EXE_conformkit"))
        .arg("compat")
        .arg("--old")
        .arg(&corpus)
        .arg("--new")
        .arg(&corpus)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["findings"], serde_json::json!([]), "{report:#}");
    assert!(report["corpus"]["checked"].as_u64().unwrap() > 0);
    assert_eq!(report["corpus"]["without_reader"], 0);
    let families = report["compared"].as_array().unwrap();
    let on_disk = std::fs::read_dir(&corpus)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    assert!(
        families.len() >= on_disk,
        "every family compared: {report:#}"
    );
}
