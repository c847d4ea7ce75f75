//! Keeping a mutated runpack consistent: after its files change, every
//! artifact hash and `integrity.file_hashes` entry is recomputed from the
//! file bytes, then the root hash over the JCS form of `file_hashes`, and
//! `spec_hash` from the scenario spec artifact; the manifest is written
//! back as JCS. So a mutation reaches the reader's accept side instead of
//! always ending in tamper detection.

use crate::fuzz::sample::{file, set_file};
use conformkit_reference::dir_image::Entry;
use conformkit_reference::runpack::digest::sha256_hex;
use conformkit_reference::runpack::jcs::canonical_bytes;
use conformkit_reference::runpack::writer::DEFAULT_MANIFEST_NAME;
use serde_json::{json, Value};

/// Recomputes the manifest's hashes in place; a manifest that is missing
/// or not JSON is left alone (the mutation is then a plain tamper).
pub fn rehash(entries: &mut Vec<Entry>) {
    let Some(bytes) = file(entries, DEFAULT_MANIFEST_NAME) else {
        return;
    };
    let Ok(mut manifest) = serde_json::from_slice::<Value>(bytes) else {
        return;
    };
    let digest = |entries: &[Entry], path: &Value| {
        path.as_str().and_then(|p| file(entries, p)).map(sha256_hex)
    };
    let mut spec = None;
    if let Some(artifacts) = manifest.get_mut("artifacts").and_then(Value::as_array_mut) {
        for a in artifacts.iter_mut() {
            if let Some(h) = a.get("path").and_then(|p| digest(entries, p)) {
                set_digest(&mut a["hash"], h);
                if a.get("kind").and_then(Value::as_str) == Some("scenario_spec") {
                    spec = Some(a["hash"].clone());
                }
            }
        }
    }
    if let Some(integrity) = manifest.get_mut("integrity").filter(|v| v.is_object()) {
        if let Some(list) = integrity
            .get_mut("file_hashes")
            .and_then(Value::as_array_mut)
        {
            for fh in list.iter_mut() {
                if let Some(h) = fh.get("path").and_then(|p| digest(entries, p)) {
                    set_digest(&mut fh["hash"], h);
                }
            }
        }
        if let Some(Ok(jcs)) = integrity
            .get("file_hashes")
            .map(root_input)
            .map(|v| canonical_bytes(&v))
        {
            set_digest(&mut integrity["root_hash"], sha256_hex(&jcs));
        }
    }
    if let (Some(h), Some(obj)) = (spec, manifest.as_object_mut()) {
        obj.insert("spec_hash".into(), h);
    }
    if let Ok(jcs) = canonical_bytes(&manifest) {
        set_file(entries, DEFAULT_MANIFEST_NAME, jcs);
    }
}

/// What the root hash covers: the entries in the facts' element form
/// `{hash:{algorithm,value}, path}`, unknown members dropped (D-RP-2). A
/// list whose entries do not have that shape is hashed as written, so the
/// reader's own shape error is what the mutation reaches.
fn root_input(list: &Value) -> Value {
    let project = |fh: &Value| {
        let path = fh.get("path").filter(|p| p.is_string())?;
        let hash = fh.get("hash")?;
        let algorithm = hash.get("algorithm").filter(|a| a.is_string())?;
        let value = hash.get("value").filter(|v| v.is_string())?;
        Some(json!({"hash": {"algorithm": algorithm, "value": value}, "path": path}))
    };
    list.as_array()
        .and_then(|l| l.iter().map(project).collect::<Option<Vec<_>>>())
        .map_or_else(|| list.clone(), Value::Array)
}

/// One value-level edit of the manifest (written back as JCS; the caller
/// rehashes).
pub fn edit_manifest(entries: &mut Vec<Entry>, rng: &mut fastrand::Rng) {
    let Some(Ok(mut manifest)) =
        file(entries, DEFAULT_MANIFEST_NAME).map(serde_json::from_slice::<Value>)
    else {
        return;
    };
    super::json::edit_value(&mut manifest, rng);
    if let Ok(jcs) = canonical_bytes(&manifest) {
        set_file(entries, DEFAULT_MANIFEST_NAME, jcs);
    }
}

/// Sets a digest's `value`, keeping its `algorithm` as mutated (a digest
/// that is not an object becomes a sha256 one).
fn set_digest(slot: &mut Value, hex: String) {
    match slot.as_object_mut() {
        Some(obj) => {
            obj.insert("value".into(), Value::String(hex));
        }
        None => *slot = json!({"algorithm": "sha256", "value": hex}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fuzz::sample::Sample;
    use conformkit_reference::{family, Limits};

    #[test]
    fn a_rehashed_artifact_edit_still_verifies() {
        let corpus = crate::corpus::default_root();
        let case = corpus.join("runpack/v1");
        let fam = family("runpack", None).unwrap();
        let limits = Limits::default();
        // Any accepted corpus runpack: change one artifact's JCS value.
        let mut checked = 0;
        for dir in std::fs::read_dir(case).unwrap().flatten() {
            let input = dir.path().join("input");
            if fam.read_path(&input, &limits).is_err() {
                continue;
            }
            let Ok(Sample::Tree(mut entries)) = Sample::load(&input) else {
                continue;
            };
            let target = entries.iter_mut().find_map(|e| match e {
                Entry::File { path, content } if path == "scenario_spec.json" => Some(content),
                _ => None,
            });
            let Some(content) = target else { continue };
            let mut v: Value = serde_json::from_slice(content).unwrap();
            v["scenario_id"] = json!("changed");
            *content = canonical_bytes(&v).unwrap();
            let scratch = tempfile::tempdir().unwrap();
            let tampered = scratch.path().join("t");
            Sample::Tree(entries.clone())
                .materialize(&tampered)
                .unwrap();
            assert!(
                fam.read_path(&tampered, &limits).is_err(),
                "tamper detected"
            );
            rehash(&mut entries);
            let fixed = scratch.path().join("f");
            Sample::Tree(entries).materialize(&fixed).unwrap();
            let model = fam.read_path(&fixed, &limits).unwrap();
            assert_eq!(
                model["contents"]["scenario_spec.json"]["scenario_id"],
                json!("changed")
            );
            checked += 1;
        }
        assert!(checked > 0);
    }
}
