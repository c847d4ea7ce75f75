//! The offline runpack verifier.
//!
//! Checks, in this order, every error collected into the report: the
//! manifest (read, decoded, `manifest_version` first: anything but `v1`
//! fails at once with zero checked files; an unsupported hash algorithm or a
//! malformed digest likewise stops before any file is read); every listed
//! path (lexical rules, duplicates); the root hash; `artifacts[]` against
//! `integrity.file_hashes`; `spec_hash` against the scenario spec artifact
//! (at most one, and at most one verifier report);
//! then every listed file, resolved inside the root and streamed through
//! SHA-256 (on a bounded pool of threads, reported in the listed order); last, an exported `verifier_report.json` must state the files
//! other than itself (seed 003's +1 rule). `checked_files` counts the
//! listed files read to the end and hashed.

use super::digest::CHUNK;
use super::fields::Openness;
use super::hash_pool::{default_jobs, hash_all, hash_file_with};
use super::manifest::{FileHash, Manifest, MANIFEST_VERSION};
use super::paths::{canonical_root, check_relative, open_listed, open_root};
use super::report::{message, Report, FAIL, PASS};
use super::writer::root_hash;
use crate::beneath::Root;
use crate::error::{ErrorClass, ReadError};
use crate::file_bytes::read_opened;
use crate::json::parse::{parse_capped, ArrayCap};
use crate::json::{parse_document, Node};
use crate::limits::Limits;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A verification: the report and, for the reader, the structured errors.
#[derive(Debug)]
pub struct Verification {
    pub report: Report,
    /// Every error, in report order.
    pub errors: Vec<ReadError>,
    /// The manifest, when it could be read.
    pub manifest: Option<Manifest>,
}

impl Verification {
    fn new() -> Verification {
        Verification {
            report: Report {
                status: PASS.to_string(),
                checked_files: 0,
                errors: Vec::new(),
            },
            errors: Vec::new(),
            manifest: None,
        }
    }

    fn push(&mut self, e: ReadError) {
        self.report.status = FAIL.to_string();
        self.report.errors.push(message(&e));
        self.errors.push(e);
    }
}

/// Verifies the runpack at `root` whose manifest is `manifest_name`,
/// hashing the listed files on one thread per core.
/// `Err` only when `root` itself is not a readable directory.
pub fn verify(
    root: &Path,
    manifest_name: &str,
    limits: &Limits,
) -> Result<Verification, ReadError> {
    verify_jobs(root, manifest_name, limits, default_jobs())
}

/// [`verify`] hashing on up to `jobs` threads (1: one file at a time, on
/// the calling thread). The verification is the same whatever `jobs`.
pub fn verify_jobs(
    root: &Path,
    manifest_name: &str,
    limits: &Limits,
    jobs: usize,
) -> Result<Verification, ReadError> {
    let meta = std::fs::metadata(root).map_err(|e| {
        ReadError::new(ErrorClass::MissingFile, "a runpack directory")
            .in_file(root.display().to_string())
            .found(e.to_string())
    })?;
    if !meta.is_dir() {
        return Err(
            ReadError::new(ErrorClass::Unreadable, "a runpack directory")
                .in_file(root.display().to_string()),
        );
    }
    let root = open_root(&canonical_root(root)?)?;
    let mut v = Verification::new();
    let manifest = match read_manifest(&root, manifest_name, limits) {
        Ok(m) => m,
        Err(e) => {
            v.push(e.in_file(manifest_name));
            return Ok(v);
        }
    };
    check_structure(&manifest, limits, &mut v);
    for e in &mut v.errors {
        if e.file.is_none() {
            e.file = Some(manifest_name.to_string());
        }
    }
    v.report.errors = v.errors.iter().map(message).collect();
    if v.errors.iter().any(|e| e.class == ErrorClass::TooLarge) {
        v.manifest = Some(manifest);
        return Ok(v);
    }
    let hashed = check_files(&root, &manifest, limits, jobs, &mut v);
    check_exported_report(&root, &manifest, &hashed, limits, &mut v);
    v.manifest = Some(manifest);
    Ok(v)
}

fn read_manifest(root: &Root, name: &str, limits: &Limits) -> Result<Manifest, ReadError> {
    let (file, meta) = open_listed(root, name)?;
    let bytes =
        read_opened(file, &meta, limits, name).map_err(|e| ReadError { file: None, ..e })?;
    // The file-count cap, checked while the manifest is read (before the
    // list is built in memory).
    let cap = ArrayCap {
        path: "integrity.file_hashes",
        max: limits.max_files,
        what: "listed files",
    };
    let (doc, _) = parse_capped(&bytes, limits, &[cap])?;
    let manifest = Manifest::decode(&Node::root(&doc), Openness::Open)?;
    debug_assert_eq!(manifest.manifest_version, MANIFEST_VERSION);
    Ok(manifest)
}

fn at(e: ReadError, path: String) -> ReadError {
    ReadError {
        path: Some(path),
        ..e
    }
}

/// Checks that need no file: paths, duplicates, root hash, artifacts vs
/// file hashes, spec hash, the count of verifier reports.
fn check_structure(m: &Manifest, limits: &Limits, v: &mut Verification) {
    let files = &m.integrity.file_hashes;
    if files.len() > limits.max_files {
        v.push(
            ReadError::new(
                ErrorClass::TooLarge,
                format!("at most {} listed files", limits.max_files),
            )
            .at("integrity.file_hashes")
            .found(format!("{} files", files.len())),
        );
        return;
    }
    let mut seen = BTreeSet::new();
    for (i, f) in files.iter().enumerate() {
        let path = format!("integrity.file_hashes[{i}].path");
        if let Err(e) = check_relative(&f.path) {
            v.push(at(e, path));
        } else if !seen.insert(f.path.as_str()) {
            v.push(
                ReadError::new(ErrorClass::InvalidValue, "each path listed once")
                    .at(path)
                    .found(format!("`{}` listed twice", f.path)),
            );
        }
    }
    let mut artifact_paths = BTreeSet::new();
    for (i, a) in m.artifacts.iter().enumerate() {
        let path = format!("artifacts[{i}].path");
        if let Err(e) = check_relative(&a.path) {
            v.push(at(e, path));
        } else if !artifact_paths.insert(a.path.as_str()) {
            v.push(
                ReadError::new(ErrorClass::InvalidValue, "each artifact path listed once")
                    .at(path)
                    .found(format!("`{}` listed twice", a.path)),
            );
        }
    }
    let root = root_hash(files);
    if root.value != m.integrity.root_hash.value {
        v.push(
            ReadError::new(
                ErrorClass::Integrity,
                format!(
                    "root hash {} (SHA-256 of the JCS form of file_hashes)",
                    root.value
                ),
            )
            .at("integrity.root_hash.value")
            .found(m.integrity.root_hash.value.clone()),
        );
    }
    let by_path: BTreeMap<&str, &str> = files
        .iter()
        .map(|f| (f.path.as_str(), f.hash.value.as_str()))
        .collect();
    for (i, a) in m.artifacts.iter().enumerate() {
        match by_path.get(a.path.as_str()) {
            None => v.push(
                ReadError::new(
                    ErrorClass::Integrity,
                    "an artifact listed in integrity.file_hashes",
                )
                .at(format!("artifacts[{i}]"))
                .found(format!("`{}` not in file_hashes", a.path)),
            ),
            Some(h) if *h != a.hash.value => v.push(
                ReadError::new(ErrorClass::Integrity, format!("the file hash {h}"))
                    .at(format!("artifacts[{i}].hash.value"))
                    .found(a.hash.value.clone()),
            ),
            Some(_) => {}
        }
    }
    for (i, f) in files.iter().enumerate() {
        if !artifact_paths.contains(f.path.as_str()) && seen.contains(f.path.as_str()) {
            v.push(
                ReadError::new(ErrorClass::Integrity, "a file listed in artifacts[]")
                    .at(format!("integrity.file_hashes[{i}]"))
                    .found(format!("`{}` not in artifacts", f.path)),
            );
        }
    }
    for (i, a) in m.artifacts.iter().enumerate() {
        if a.kind == "scenario_spec" && a.hash.value != m.spec_hash.value {
            v.push(
                ReadError::new(
                    ErrorClass::Integrity,
                    format!(
                        "spec_hash equal to the scenario spec artifact's hash {}",
                        a.hash.value
                    ),
                )
                .at("spec_hash.value")
                .found(format!("{} (artifacts[{i}])", m.spec_hash.value)),
            );
        }
    }
    for kind in ["scenario_spec", "verifier_report"] {
        let count = m.artifacts.iter().filter(|a| a.kind == kind).count();
        if count > 1 {
            v.push(
                ReadError::new(
                    ErrorClass::InvalidValue,
                    format!("at most one {kind} artifact"),
                )
                .at("artifacts")
                .found(format!("{count}")),
            );
        }
    }
}

/// Streams every well-formed, first-listed file (on up to `jobs` threads,
/// `hash_pool`), reporting in the listed order; returns the paths whose
/// content matched.
fn check_files<'m>(
    root: &Root,
    m: &'m Manifest,
    limits: &Limits,
    jobs: usize,
    v: &mut Verification,
) -> BTreeSet<&'m str> {
    let mut seen = BTreeSet::new();
    // Malformed and repeated paths are reported already.
    let listed: Vec<&'m FileHash> = m
        .integrity
        .file_hashes
        .iter()
        .filter(|f| check_relative(&f.path).is_ok() && seen.insert(f.path.as_str()))
        .collect();
    let paths: Vec<&str> = listed.iter().map(|f| f.path.as_str()).collect();
    let hashes = hash_all(root, &paths, limits, jobs);
    let mut matched = BTreeSet::new();
    for (f, hashed) in listed.into_iter().zip(hashes) {
        match hashed {
            Ok(hex) => {
                v.report.checked_files += 1;
                if hex == f.hash.value {
                    matched.insert(f.path.as_str());
                } else {
                    v.push(
                        ReadError::new(
                            ErrorClass::Integrity,
                            format!("content with SHA-256 {}", f.hash.value),
                        )
                        .in_file(f.path.clone())
                        .found(hex),
                    );
                }
            }
            Err(e) => v.push(e.in_file(f.path.clone())),
        }
    }
    matched
}

/// Resolves and streams one listed file.
pub fn hash_file(root: &Root, rel: &str, limits: &Limits) -> Result<String, ReadError> {
    hash_file_with(root, rel, limits, &mut vec![0u8; CHUNK])
}

/// An exported verification report must pass and count the files other
/// than itself (seed 003: export-time `checked_files` excludes
/// `verifier_report.json`, offline verification includes it).
fn check_exported_report(
    root: &Root,
    m: &Manifest,
    matched: &BTreeSet<&str>,
    limits: &Limits,
    v: &mut Verification,
) {
    let mut reports = m.artifacts.iter().filter(|a| a.kind == "verifier_report");
    let (Some(report), None) = (reports.next(), reports.next()) else {
        return;
    };
    if !matched.contains(report.path.as_str()) {
        return; // its own integrity error is reported already
    }
    let read = || -> Result<Report, ReadError> {
        let (file, meta) = open_listed(root, &report.path)?;
        let bytes = read_opened(file, &meta, limits, &report.path)
            .map_err(|e| ReadError { file: None, ..e })?;
        let doc = parse_document(&bytes, limits)?;
        Report::decode(&Node::root(&doc), Openness::Closed)
    };
    let others = m
        .integrity
        .file_hashes
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| *p != report.path)
        .collect::<BTreeSet<_>>()
        .len() as u64;
    match read() {
        Err(e) => v.push(e.in_file(report.path.clone())),
        // In a runpack that verifies, the stored report must pass (D-RP-7).
        Ok(r) if r.passed() && r.plus_one(others).is_ok() => {}
        Ok(r) => v.push(
            ReadError::new(
                ErrorClass::InvalidValue,
                format!(
                    "an export-time report that passed over the {others} files other than itself (seed 003: checked_files excludes verifier_report.json)"
                ),
            )
            .in_file(report.path.clone())
            .found(format!(
                "status {}, checked_files {}, {} errors",
                r.status,
                r.checked_files,
                r.errors.len()
            )),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::writer::{export, ArtifactSpec, ExportSpec, DEFAULT_MANIFEST_NAME};
    use super::*;
    use serde_json::json;

    fn spec(include_verification: bool) -> ExportSpec {
        let sample = ExportSpec::sample(vec![
            ArtifactSpec::json(
                "spec",
                "scenario_spec",
                "scenario_spec.json",
                json!({"id": "s", "gates": [1, 2.5]}),
            ),
            ArtifactSpec {
                artifact_id: "decisions".into(),
                kind: "decision_log".into(),
                path: "logs/decision_log.json".into(),
                content_type: None,
                required: true,
                value: json!([{"decision": "allow"}]),
            },
        ]);
        ExportSpec {
            include_verification,
            ..sample
        }
    }

    fn write(dir: &Path, include_verification: bool) {
        for (rel, bytes) in export(&spec(include_verification), DEFAULT_MANIFEST_NAME)
            .unwrap()
            .files
        {
            let p = dir.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
    }

    #[test]
    fn plus_one_rule() {
        let tmp = tempfile::tempdir().unwrap();
        write(tmp.path(), true);
        let v = verify(tmp.path(), DEFAULT_MANIFEST_NAME, &Limits::default()).unwrap();
        assert_eq!(v.report, Report::pass(3), "{:?}", v.errors);
        let exported: Report = serde_json::from_slice(
            &std::fs::read(tmp.path().join("verifier_report.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(exported, Report::pass(2));
    }

    #[test]
    fn tamper_missing_and_limits() {
        let tmp = tempfile::tempdir().unwrap();
        write(tmp.path(), false);
        let limits = Limits::default();
        assert_eq!(
            verify(tmp.path(), DEFAULT_MANIFEST_NAME, &limits)
                .unwrap()
                .report,
            Report::pass(2)
        );
        let small = Limits {
            max_file_bytes: 10,
            ..limits
        };
        let v = verify(tmp.path(), DEFAULT_MANIFEST_NAME, &small).unwrap();
        assert_eq!(v.errors[0].class, ErrorClass::TooLarge);
        let log = tmp.path().join("logs/decision_log.json");
        let mut bytes = std::fs::read(&log).unwrap();
        bytes[3] ^= 1;
        std::fs::write(&log, &bytes).unwrap();
        let v = verify(tmp.path(), DEFAULT_MANIFEST_NAME, &limits).unwrap();
        assert_eq!(v.report.status, FAIL);
        assert_eq!(v.report.checked_files, 2);
        assert_eq!(v.errors.len(), 1);
        assert_eq!(v.errors[0].class, ErrorClass::Integrity);
        assert!(v.report.errors[0].starts_with("integrity: "));
        std::fs::remove_file(&log).unwrap();
        let v = verify(tmp.path(), DEFAULT_MANIFEST_NAME, &limits).unwrap();
        assert_eq!(
            (v.report.checked_files, v.errors[0].class),
            (1, ErrorClass::MissingFile)
        );
        std::fs::create_dir(&log).unwrap();
        let v = verify(tmp.path(), DEFAULT_MANIFEST_NAME, &limits).unwrap();
        assert_eq!(v.errors[0].class, ErrorClass::Unreadable);
        assert!(verify(&tmp.path().join("nope"), DEFAULT_MANIFEST_NAME, &limits).is_err());
    }

    /// A FIFO in place of a listed file or of the manifest is `unreadable`
    /// at once: it is never opened, so nothing blocks.
    #[cfg(unix)]
    #[test]
    fn fifo_is_unreadable_without_blocking() {
        let tmp = tempfile::tempdir().unwrap();
        write(tmp.path(), false);
        let mkfifo = |p: &Path| {
            std::fs::remove_file(p).unwrap();
            let c = std::ffi::CString::new(p.to_str().unwrap()).unwrap();
            // SAFETY: a valid NUL-terminated path.
            assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        };
        mkfifo(&tmp.path().join("logs/decision_log.json"));
        let limits = Limits::default();
        let v = verify(tmp.path(), DEFAULT_MANIFEST_NAME, &limits).unwrap();
        assert_eq!(v.errors[0].class, ErrorClass::Unreadable);
        mkfifo(&tmp.path().join(DEFAULT_MANIFEST_NAME));
        let v = verify(tmp.path(), DEFAULT_MANIFEST_NAME, &limits).unwrap();
        assert_eq!(v.errors[0].class, ErrorClass::Unreadable);
    }

    /// The file-count cap is met while the manifest is read: before the
    /// rest of it is decoded (here it lacks every other field).
    #[test]
    fn file_count_cap_while_reading() {
        let tmp = tempfile::tempdir().unwrap();
        let entry = r#"{"path":"a","hash":{"algorithm":"sha256","value":"00"}}"#;
        let list = [entry; 11].join(",");
        let manifest = format!(r#"{{"integrity":{{"file_hashes":[{list}]}}}}"#);
        std::fs::write(tmp.path().join(DEFAULT_MANIFEST_NAME), manifest).unwrap();
        let limits = Limits {
            max_files: 10,
            ..Limits::default()
        };
        let v = verify(tmp.path(), DEFAULT_MANIFEST_NAME, &limits).unwrap();
        let e = &v.errors[0];
        assert_eq!(e.class, ErrorClass::TooLarge, "{e}");
        assert_eq!(e.expected, "at most 10 listed files");
        assert_eq!(e.path.as_deref(), Some("integrity.file_hashes"));
        assert_eq!(e.file.as_deref(), Some(DEFAULT_MANIFEST_NAME));
    }
}
