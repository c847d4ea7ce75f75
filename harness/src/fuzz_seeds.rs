//! Seed corpora and dictionaries for the cargo-fuzz targets under `fuzz/`,
//! exported from the golden corpus so every campaign starts from every case.

use crate::corpus::Case;
use conformkit_reference::{dir_image, family, Shape};
use std::collections::BTreeSet;
use std::io;
use std::path::Path;

/// A fuzz target and how its seeds are made from corpus cases.
pub struct Target {
    pub name: &'static str,
    seed: fn(&Case, &[u8]) -> Option<Vec<u8>>,
    /// Which dictionary the target uses (`json` or `kv`).
    pub dict: &'static str,
}

/// The JSON families in registry order: `json_readers` and
/// `json_schema_differential` select one with their first input byte.
pub fn json_family_ids() -> Vec<&'static str> {
    conformkit_reference::all_families()
        .iter()
        .filter(|f| f.info().shape == (Shape::File { ext: "json" }))
        .map(|f| f.info().id)
        .collect()
}

fn is_json(case: &Case) -> bool {
    family(&case.family, Some(&case.version))
        .is_some_and(|f| f.info().shape == (Shape::File { ext: "json" }))
}

fn selected_json(case: &Case, bytes: &[u8]) -> Option<Vec<u8>> {
    let index = json_family_ids().iter().position(|id| *id == case.family)?;
    let mut out = vec![index as u8];
    out.extend_from_slice(bytes);
    Some(out)
}

fn raw_json(case: &Case, bytes: &[u8]) -> Option<Vec<u8>> {
    is_json(case).then(|| bytes.to_vec())
}

fn of_family(case: &Case, id: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    (case.family == id).then(|| bytes.to_vec())
}

/// Every target under `fuzz/fuzz_targets/`.
pub const TARGETS: &[Target] = &[
    Target {
        name: "kv_dataguard",
        seed: |c, b| of_family(c, "dataguard_report", b),
        dict: "kv",
    },
    Target {
        name: "json_readers",
        seed: selected_json,
        dict: "json",
    },
    Target {
        name: "json_schema_differential",
        seed: selected_json,
        dict: "json",
    },
    Target {
        name: "jcs",
        seed: raw_json,
        dict: "json",
    },
    Target {
        name: "incident_bundle",
        seed: |c, b| of_family(c, "incident_bundle", b),
        dict: "json",
    },
    Target {
        name: "runpack_verify",
        seed: |c, b| of_family(c, "runpack", b),
        dict: "json",
    },
];

/// The bytes a case contributes: a file's content, or a directory's image.
fn case_bytes(case: &Case) -> io::Result<Vec<u8>> {
    let meta = std::fs::symlink_metadata(&case.input)?;
    if meta.is_dir() {
        Ok(dir_image::encode(&dir_image::capture(&case.input)?))
    } else {
        std::fs::read(&case.input)
    }
}

/// Writes `<out>/<target>/<case id>` seeds and `<out>/<dict>.dict`
/// dictionaries; returns how many seeds each target got.
pub fn export(
    cases: &[Case],
    corpus_root: &Path,
    out: &Path,
) -> io::Result<Vec<(&'static str, usize)>> {
    let mut counts = Vec::new();
    for target in TARGETS {
        let dir = out.join(target.name);
        std::fs::create_dir_all(&dir)?;
        let mut n = 0;
        for case in cases {
            let bytes = case_bytes(case)?;
            if let Some(seed) = (target.seed)(case, &bytes) {
                std::fs::write(dir.join(case.id.replace('/', "__")), seed)?;
                n += 1;
            }
        }
        counts.push((target.name, n));
    }
    let (json_words, kv_words) = dictionary_words(corpus_root)?;
    std::fs::write(out.join("json.dict"), render_dict(&json_words))?;
    std::fs::write(out.join("kv.dict"), render_dict(&kv_words))?;
    Ok(counts)
}

/// Property names, enum values and constants of every JSON schema, and the
/// keys of every KV schema, plus each syntax's own tokens.
fn dictionary_words(corpus_root: &Path) -> io::Result<(BTreeSet<String>, BTreeSet<String>)> {
    let mut json: BTreeSet<String> = [
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        "true",
        "false",
        "null",
        "\\u0000",
        "\\ud800",
        "1e309",
        "-0",
        "340282366920938463463374607431768211456",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut kv: BTreeSet<String> = [
        "=",
        "\n",
        "\r\n",
        "\u{feff}",
        "true",
        "false",
        "65536",
        "18446744073709551616",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for fam in std::fs::read_dir(corpus_root)? {
        let fam = fam?.path();
        if !fam.is_dir() {
            continue;
        }
        for ver in std::fs::read_dir(&fam)? {
            let ver = ver?.path();
            if let Ok(text) = std::fs::read_to_string(ver.join("schema.json")) {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
                    collect_json_words(&v, &mut json);
                }
            }
            if let Ok(text) = std::fs::read_to_string(ver.join("schema.kv.json")) {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
                    for section in ["keys", "patterns"] {
                        if let Some(keys) = v.get(section).and_then(|k| k.as_object()) {
                            kv.extend(keys.keys().map(|k| format!("{}=", k.trim_end_matches('*'))));
                        }
                    }
                }
            }
        }
    }
    Ok((json, kv))
}

fn collect_json_words(v: &serde_json::Value, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::Object(map) => {
            if let Some(props) = map.get("properties").and_then(|p| p.as_object()) {
                out.extend(props.keys().map(|k| format!("\"{k}\":")));
            }
            for key in ["enum", "const"] {
                match map.get(key) {
                    Some(serde_json::Value::Array(items)) => {
                        out.extend(items.iter().map(|i| i.to_string()))
                    }
                    Some(other) => {
                        out.insert(other.to_string());
                    }
                    None => {}
                }
            }
            map.values()
                .for_each(|child| collect_json_words(child, out));
        }
        serde_json::Value::Array(items) => items
            .iter()
            .for_each(|child| collect_json_words(child, out)),
        _ => {}
    }
}

/// libFuzzer dictionary syntax: one quoted token a line, escaped as `\xNN`.
fn render_dict(words: &BTreeSet<String>) -> String {
    let mut out = String::from("# generated by `conformkit fuzz-seeds` from the corpus schemas\n");
    for w in words {
        out.push('"');
        for b in w.bytes() {
            if b.is_ascii_graphic() && b != b'"' && b != b'\\' || b == b' ' {
                out.push(b as char);
            } else {
                out.push_str(&format!("\\x{b:02X}"));
            }
        }
        out.push_str("\"\n");
    }
    out
}
