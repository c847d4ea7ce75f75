//! Every saved fuzz finding under `fuzz/regressions/<target>/` runs through
//! the property its target asserts; and the fuzz crate's targets are exactly
//! the ones `conformkit::fuzzing::TARGETS` knows.

use conformkit::fuzzing::TARGETS;
use std::path::Path;

fn fuzz_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

#[test]
fn every_regression_input_holds_its_property() {
    let mut ran = 0;
    let mut failed = Vec::new();
    for (target, check) in TARGETS {
        let dir = fuzz_dir().join("regressions").join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            ran += 1;
            if std::panic::catch_unwind(|| check(&bytes)).is_err() {
                failed.push(format!("{target}: {}", path.display()));
            }
        }
    }
    println!("{ran} regression inputs checked");
    assert!(
        failed.is_empty(),
        "regressions failing:\n{}",
        failed.join("\n")
    );
}

#[test]
fn fuzz_targets_match_the_property_list() {
    let mut on_disk: Vec<String> = std::fs::read_dir(fuzz_dir().join("fuzz_targets"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    on_disk.sort();
    let mut known: Vec<String> = TARGETS.iter().map(|(n, _)| n.to_string()).collect();
    known.sort();
    assert_eq!(on_disk, known);
    let mut seeded: Vec<String> = conformkit::fuzz_seeds::TARGETS
        .iter()
        .map(|t| t.name.to_string())
        .collect();
    seeded.sort();
    assert_eq!(
        seeded, known,
        "fuzz-seeds exports for exactly the fuzz targets"
    );
}
