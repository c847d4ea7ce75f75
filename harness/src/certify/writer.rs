//! Judging a writer's artifact. Writers are judged strictly (a reader may be
//! lenient, a writer must emit the canonical form; corpus/DECISIONS.md
//! D-ALL-9): the artifact must read back through the reference reader to
//! exactly the model it was given (round trip), and every file must match
//! the reference writer's rendering of the same model in the family's
//! [`CanonicalForm`] (the same bytes, or the same JSON value with numbers
//! compared by their literal), with no file more or less.

use crate::verdict::diff_models;
use conformkit_reference::file_bytes::read_file_bounded;
use conformkit_reference::json::parse_document;
use conformkit_reference::{CanonicalForm, Family, Input, Limits, Shape, Written};
use serde_json::Value;
use std::fs;
use std::path::Path;

/// `None` when the artifact at `out` is right; otherwise why not.
pub fn check_written(
    fam: &dyn Family,
    model: &Value,
    out: &Path,
    limits: &Limits,
) -> Option<String> {
    let Ok(meta) = fs::symlink_metadata(out) else {
        return Some(format!(
            "the writer answered ok but wrote nothing at {}",
            out.display()
        ));
    };
    let shape = fam.info().shape;
    match shape {
        Shape::File { .. } if !meta.file_type().is_file() => {
            return Some("the writer's output is not a regular file".into())
        }
        Shape::Directory if !meta.file_type().is_dir() => {
            return Some("the writer's output is not a directory".into())
        }
        _ => {}
    }
    // A file is read once: the same bytes are read back and compared.
    let written = match shape {
        Shape::File { .. } => match read_file_bounded(out, limits) {
            Ok(bytes) => Some(bytes),
            Err(e) => {
                return Some(format!(
                    "the reference reader rejects the written artifact: {e}"
                ))
            }
        },
        Shape::Directory => None,
    };
    let read_back = match &written {
        Some(bytes) => fam.read(Input::Bytes(bytes), limits),
        None => fam.read(Input::Dir(out), limits),
    };
    let again = match read_back {
        Ok(m) => m,
        Err(e) => {
            return Some(format!(
                "the reference reader rejects the written artifact: {e}"
            ))
        }
    };
    if &again != model {
        return Some(format!(
            "the written artifact reads back as a different model:\n{}",
            diff_models(model, &again)
        ));
    }
    match (fam.write(model), written) {
        (Ok(Written::File(want)), Some(got)) => {
            let name = out
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            compare_file(fam.canonical_form(&name), "the file", &want, &got, limits)
        }
        (Ok(Written::Directory(want)), None) => match collect(out, limits) {
            Ok(got) => compare_trees(fam, &want, &got, limits),
            Err(e) => Some(e),
        },
        (Ok(_), _) => Some("the reference writer renders another shape than the family's".into()),
        (Err(e), _) => Some(format!(
            "the reference writer cannot render this model for comparison: {e}"
        )),
    }
}

/// The first difference between the canonical rendering `want` and the
/// written `got` of one file, compared in `form`.
fn compare_file(
    form: CanonicalForm,
    what: &str,
    want: &[u8],
    got: &[u8],
    limits: &Limits,
) -> Option<String> {
    match form {
        CanonicalForm::Bytes => compare_bytes(what, want, got),
        CanonicalForm::JsonValue => compare_json(what, want, got, limits),
    }
}

/// Both files as strictly read JSON values (exact number literals): the
/// same value, or where they first differ.
fn compare_json(what: &str, want: &[u8], got: &[u8], limits: &Limits) -> Option<String> {
    let want = match parse_document(want, limits) {
        Ok(v) => v,
        Err(e) => {
            return Some(format!(
                "the reference rendering of {what} does not parse: {e}"
            ))
        }
    };
    let got = match parse_document(got, limits) {
        Ok(v) => v,
        Err(e) => return Some(format!("{what} is not strict JSON: {e}")),
    };
    if want == got {
        return None;
    }
    Some(format!(
        "{what} is not the canonical JSON value (a member more or less, or a value spelled otherwise):\n{}",
        diff_models(&want, &got)
    ))
}

/// The first difference between two renderings of one file.
fn compare_bytes(what: &str, want: &[u8], got: &[u8]) -> Option<String> {
    if want == got {
        return None;
    }
    let at = want
        .iter()
        .zip(got)
        .position(|(a, b)| a != b)
        .unwrap_or(want.len().min(got.len()));
    let show = |b: &[u8]| {
        let end = b.len().min(at + 16);
        format!("{:?}", String::from_utf8_lossy(&b[at.min(end)..end]))
    };
    Some(format!(
        "{what} is not the canonical rendering: it differs at byte {at} (canonical {} bytes, written {} bytes; canonical has {}, written has {})",
        want.len(),
        got.len(),
        show(want),
        show(got)
    ))
}

fn compare_trees(
    fam: &dyn Family,
    want: &[(String, Vec<u8>)],
    got: &[(String, Vec<u8>)],
    limits: &Limits,
) -> Option<String> {
    let mut want: Vec<&(String, Vec<u8>)> = want.iter().collect();
    want.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, bytes) in &want {
        match got.iter().find(|(n, _)| n == name) {
            None => return Some(format!("`{name}` is missing from the written directory")),
            Some((_, g)) => {
                let form = fam.canonical_form(name);
                if let Some(d) = compare_file(form, &format!("`{name}`"), bytes, g, limits) {
                    return Some(d);
                }
            }
        }
    }
    got.iter()
        .find(|(n, _)| !want.iter().any(|(w, _)| w == n))
        .map(|(n, _)| {
            format!("`{n}` is in the written directory but not in the canonical rendering")
        })
}

/// Every regular file under `dir` (relative `/` paths, sorted), bounded
/// by `limits`; a symlink or special file is an error.
fn collect(dir: &Path, limits: &Limits) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), String::new())];
    while let Some((path, rel)) = stack.pop() {
        let mut entries: Vec<_> = fs::read_dir(&path)
            .and_then(|rd| rd.collect::<Result<Vec<_>, _>>())
            .map_err(|e| format!("cannot list {}: {e}", path.display()))?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            let child_rel = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            let kind = entry
                .file_type()
                .map_err(|e| format!("cannot inspect `{child_rel}`: {e}"))?;
            if kind.is_dir() {
                stack.push((entry.path(), child_rel));
            } else if kind.is_file() {
                if out.len() >= limits.max_files {
                    return Err(format!(
                        "the written directory holds more than {} files",
                        limits.max_files
                    ));
                }
                let bytes = read_file_bounded(&entry.path(), limits)
                    .map_err(|e| format!("cannot read `{child_rel}`: {e}"))?;
                out.push((child_rel, bytes));
            } else {
                return Err(format!(
                    "`{child_rel}` in the written directory is not a regular file or directory"
                ));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use conformkit_reference::json::parse_document;
    use conformkit_reference::{FamilyInfo, Input, ReadError, WriteError};
    use serde_json::json;

    /// A JSON family of the members `a` and `b` whose reader, like every
    /// additive reader, drops unknown members; its files are compared in
    /// the given form.
    struct Lenient(CanonicalForm);

    impl Family for Lenient {
        fn info(&self) -> FamilyInfo {
            FamilyInfo {
                id: "canon",
                version: "v1",
                shape: Shape::File { ext: "json" },
                title: "test",
                seed: "test",
                version_marker: None,
            }
        }
        fn read(&self, input: Input<'_>, limits: &Limits) -> Result<Value, ReadError> {
            let mut v = parse_document(input.bytes()?, limits)?;
            if let Some(o) = v.as_object_mut() {
                o.retain(|k, _| k == "a" || k == "b");
            }
            Ok(v)
        }
        fn write(&self, model: &Value) -> Result<Written, WriteError> {
            Ok(Written::File(serde_json::to_vec_pretty(model).unwrap()))
        }
        fn canonical_form(&self, _member: &str) -> CanonicalForm {
            self.0
        }
    }

    fn judge(form: CanonicalForm, written: &[u8]) -> Option<String> {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.json");
        std::fs::write(&out, written).unwrap();
        let model = json!({"a": 1, "b": [true]});
        check_written(&Lenient(form), &model, &out, &Limits::default())
    }

    #[test]
    fn byte_canonical_files_are_compared_byte_for_byte() {
        let pretty = serde_json::to_vec_pretty(&json!({"a": 1, "b": [true]})).unwrap();
        assert_eq!(judge(CanonicalForm::Bytes, &pretty), None);
        let d = judge(CanonicalForm::Bytes, br#"{"a":1,"b":[true]}"#).unwrap();
        assert!(d.contains("not the canonical rendering"), "{d}");
    }

    #[test]
    fn json_value_files_may_differ_in_layout_only() {
        // Member order and whitespace are free.
        assert_eq!(
            judge(CanonicalForm::JsonValue, br#"{"b":[ true ],"a":1}"#),
            None
        );
        // A member the lenient reader drops is still a writer fault.
        let d = judge(
            CanonicalForm::JsonValue,
            br#"{"a":1,"b":[true],"extra":null}"#,
        )
        .unwrap();
        assert!(
            d.contains("not the canonical JSON value") && d.contains("extra"),
            "{d}"
        );
        // A duplicate key or a byte order mark is not strict JSON.
        let d = judge(CanonicalForm::JsonValue, br#"{"a":1,"a":1,"b":[true]}"#).unwrap();
        assert!(
            d.contains("rejects the written artifact") || d.contains("not strict JSON"),
            "{d}"
        );
        let d = judge(
            CanonicalForm::JsonValue,
            b"\xef\xbb\xbf{\"a\":1,\"b\":[true]}",
        )
        .unwrap();
        assert!(d.contains("byte order mark"), "{d}");
    }

    #[test]
    fn a_different_model_fails_the_round_trip_first() {
        let d = judge(CanonicalForm::JsonValue, br#"{"a":2,"b":[true]}"#).unwrap();
        assert!(d.contains("reads back as a different model"), "{d}");
    }

    #[test]
    fn byte_differences_are_located() {
        assert_eq!(compare_bytes("f", b"abc", b"abc"), None);
        let d = compare_bytes("f", b"{\n  \"a\": 1\n}\n", b"{\"a\":1}").unwrap();
        assert!(d.contains("differs at byte 1"), "{d}");
        let d = compare_bytes("f", b"ab", b"abc").unwrap();
        assert!(d.contains("differs at byte 2"), "{d}");
    }

    #[test]
    fn trees_compare_by_name_and_bytes() {
        let want = vec![
            ("a".to_string(), b"1".to_vec()),
            ("d/b".to_string(), b"2".to_vec()),
        ];
        let fam = Lenient(CanonicalForm::Bytes);
        let l = Limits::default();
        assert_eq!(compare_trees(&fam, &want, &want.clone(), &l), None);
        let mut extra = want.clone();
        extra.push(("z".into(), vec![]));
        assert!(compare_trees(&fam, &want, &extra, &l)
            .unwrap()
            .contains("`z`"));
        assert!(compare_trees(&fam, &want, &want[..1], &l)
            .unwrap()
            .contains("`d/b` is missing"));
        let changed = vec![want[0].clone(), ("d/b".to_string(), b"3".to_vec())];
        assert!(compare_trees(&fam, &want, &changed, &l)
            .unwrap()
            .contains("`d/b` is not the canonical"));
    }

    #[test]
    fn collects_files_and_refuses_links() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("d")).unwrap();
        fs::write(dir.path().join("d/b"), b"2").unwrap();
        fs::write(dir.path().join("a"), b"1").unwrap();
        let files = collect(dir.path(), &Limits::default()).unwrap();
        assert_eq!(
            files,
            vec![
                ("a".to_string(), b"1".to_vec()),
                ("d/b".to_string(), b"2".to_vec())
            ]
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("a", dir.path().join("l")).unwrap();
            assert!(collect(dir.path(), &Limits::default())
                .unwrap_err()
                .contains("`l`"));
        }
    }
}
