//! The JSON memory budget end to end (corpus/DECISIONS.md D-ALL-7): a
//! 64 MiB input of many small objects, inside the file limit, read by
//! `check` and `check --validate-only` (every JSON family), `report
//! --results`, `check incident_bundle` (as a member), `verify-runpack` (as
//! the manifest) and `check runpack` (as an artifact of a runpack that
//! verifies) under an address-space limit of 1 GiB, ends in the classified
//! `too_large` error, not in an allocation failure. (Without the budget the
//! same input took 5.96 GB, and 11.8 GB as a runpack artifact.)

#![cfg(target_os = "linux")]

use conformkit_reference::runpack::digest::sha256_hex;
use conformkit_reference::runpack::fields::HashDigest;
use conformkit_reference::runpack::jcs::canonical_bytes;
use conformkit_reference::runpack::writer::{export, root_hash, ArtifactSpec, ExportSpec};
use conformkit_reference::Shape;
use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output};

const ADDRESS_SPACE: u64 = 1 << 30;

/// `{"a":0},` repeated inside an array, just under 64 MiB.
fn write_small_objects(path: &Path) {
    let element = br#"{"a":0},"#;
    let count = (64 << 20) / element.len() - 2;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    out.write_all(b"[").unwrap();
    for _ in 0..count {
        out.write_all(element).unwrap();
    }
    out.write_all(br#"{"a":0}]"#).unwrap();
    out.flush().unwrap();
    assert!(std::fs::metadata(path).unwrap().len() <= 64 << 20);
}

/// Runs the binary with its address space limited.
fn run_limited<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_conformkit"));
    cmd.args(args);
    // SAFETY: setrlimit is async-signal-safe; nothing else runs in the child.
    unsafe {
        cmd.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: ADDRESS_SPACE,
                rlim_max: ADDRESS_SPACE,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd.output().expect("conformkit runs")
}

fn assert_budget_error(out: &Output, what: &str) {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{what}: stdout {stdout} stderr {stderr}"
    );
    assert!(
        stdout.contains("too_large") && stdout.contains("memory budget"),
        "{what}: {stdout}"
    );
}

/// A runpack in `dir/artifact-pack` whose one artifact (the scenario spec)
/// is `big` (JCS as it is: `[{"a":0},...]`), listed with its true hash, so
/// it verifies and `check runpack` goes on to read the artifact's value.
fn artifact_runpack(dir: &Path, big: &Path) -> std::path::PathBuf {
    let spec = ExportSpec::sample(vec![ArtifactSpec::json(
        "spec",
        "scenario_spec",
        "scenario_spec.json",
        serde_json::json!([]),
    )]);
    let mut manifest = export(&spec, "manifest.json").unwrap().manifest;
    let bytes = std::fs::read(big).unwrap();
    let hash = HashDigest::sha256(sha256_hex(&bytes));
    manifest.integrity.file_hashes[0].hash = hash.clone();
    manifest.artifacts[0].hash = hash.clone();
    manifest.spec_hash = hash;
    manifest.integrity.root_hash = root_hash(&manifest.integrity.file_hashes);
    let pack = dir.join("artifact-pack");
    std::fs::create_dir(&pack).unwrap();
    std::fs::write(pack.join("scenario_spec.json"), bytes).unwrap();
    let manifest = canonical_bytes(&serde_json::to_value(&manifest).unwrap()).unwrap();
    std::fs::write(pack.join("manifest.json"), manifest).unwrap();
    // The runpack verifies: only the artifact's value is left to read.
    let v = conformkit_reference::runpack::verifier::verify(
        &pack,
        "manifest.json",
        &conformkit_reference::Limits::default(),
    )
    .unwrap();
    assert_eq!(v.report.status, "pass", "{:?}", v.report.errors);
    pack
}

#[test]
fn small_objects_stay_within_the_budget() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("many.json");
    write_small_objects(&file);
    for extra in [&[][..], &["--validate-only"][..]] {
        let mut args: Vec<std::ffi::OsString> = vec!["check".into()];
        args.extend(extra.iter().map(Into::into));
        args.extend(["runtime".into(), file.clone().into_os_string()]);
        assert_budget_error(&run_limited(&args), &format!("check {extra:?}"));
    }
    // `--validate-only` of every other JSON family.
    let json_families = conformkit_reference::all_families()
        .iter()
        .map(|f| f.info())
        .filter(|i| matches!(i.shape, Shape::File { ext: "json" }) && i.id != "runtime")
        .map(|i| format!("{}/{}", i.id, i.version))
        .collect::<Vec<_>>();
    assert!(json_families.len() >= 3, "{json_families:?}");
    for fam in &json_families {
        let out = run_limited(&[
            std::ffi::OsStr::new("check"),
            "--validate-only".as_ref(),
            fam.as_ref(),
            file.as_os_str(),
        ]);
        assert_budget_error(&out, &format!("check --validate-only {fam}"));
    }
    // As `report --results`: exit 2, the reason on stderr.
    let out = run_limited(&[
        std::ffi::OsStr::new("report"),
        "--results".as_ref(),
        file.as_os_str(),
        "--out".as_ref(),
        dir.path().join("out").as_os_str(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "report: {stderr}");
    assert!(stderr.contains("memory budget"), "report: {stderr}");
    // As a bundle member, in a copy of a valid bundle.
    let bundle = dir.path().join("bundle");
    let case = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../corpus/incident_bundle/v1/symlink-inside/input");
    std::fs::create_dir(&bundle).unwrap();
    for entry in std::fs::read_dir(&case).unwrap() {
        let p = entry.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, bundle.join(p.file_name().unwrap())).unwrap();
        }
    }
    std::fs::copy(&file, bundle.join("runtime.json")).unwrap();
    let out = run_limited(&[
        std::ffi::OsStr::new("check"),
        "incident_bundle".as_ref(),
        bundle.as_os_str(),
    ]);
    assert_budget_error(&out, "check incident_bundle");
    // As the artifact of a runpack that verifies (hashes made for it).
    let pack = artifact_runpack(dir.path(), &file);
    let out = run_limited(&[
        std::ffi::OsStr::new("check"),
        "runpack".as_ref(),
        pack.as_os_str(),
    ]);
    assert_budget_error(&out, "check runpack");
    // As a runpack manifest.
    let pack = dir.path().join("pack");
    std::fs::create_dir(&pack).unwrap();
    std::fs::rename(&file, pack.join("manifest.json")).unwrap();
    let out = run_limited(&[std::ffi::OsStr::new("verify-runpack"), pack.as_os_str()]);
    assert_budget_error(&out, "verify-runpack");
}
