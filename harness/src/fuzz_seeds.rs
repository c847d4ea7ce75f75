//! Seed corpora and dictionaries for the cargo-fuzz targets under `fuzz/`,
//! exported from the golden corpus so every campaign starts from every case.

use crate::corpus::Case;
use crate::fuzzing::{sections, select::selector_of};
use conformkit_reference::{dir_image, family, Shape};
use std::collections::BTreeSet;
use std::io;
use std::path::Path;

/// The dictionary a target fuzzes with.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Dict {
    /// JSON tokens and every schema's property names and constants.
    Json,
    /// KV tokens and every KV schema's keys.
    Kv,
    /// A directory family's tree: JSON (and, with `kv`, KV) words plus one
    /// `sections` member header per path the family's corpus cases hold.
    Tree { family: &'static str, kv: bool },
    /// Every family's words: JSON, KV and both directory families' headers.
    All,
}

/// A fuzz target and how its seeds are made from corpus cases.
pub struct Target {
    pub name: &'static str,
    seed: fn(&Case, &[u8]) -> Option<Vec<u8>>,
    pub dict: Dict,
}

fn is_json(case: &Case) -> bool {
    family(&case.family, Some(&case.version))
        .is_some_and(|f| f.info().shape == (Shape::File { ext: "json" }))
}

/// The selector byte (`fuzzing::select`) then the document.
fn selected_json(case: &Case, bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = vec![selector_of(&case.family)?];
    out.extend_from_slice(bytes);
    Some(out)
}

fn raw_json(case: &Case, bytes: &[u8]) -> Option<Vec<u8>> {
    is_json(case).then(|| bytes.to_vec())
}

fn of_family(case: &Case, id: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    (case.family == id).then(|| bytes.to_vec())
}

/// A runpack case for `runpack_verify`: an accepted `sections` tree in
/// mode 2 (its hashes recomputed after every mutation, so mutants keep
/// reaching a passing verification), any other case as exported (mode 0 or
/// 1: a tampered runpack stays tampered).
fn runpack_seed(case: &Case, bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = of_family(case, "runpack", bytes)?;
    if case.meta.expect == crate::corpus::Expect::Accept && out.first() == Some(&0) {
        out[0] = 2;
    }
    Some(out)
}

/// Every target under `fuzz/fuzz_targets/`.
pub const TARGETS: &[Target] = &[
    Target {
        name: "kv_dataguard",
        seed: |c, b| of_family(c, "dataguard_report", b),
        dict: Dict::Kv,
    },
    Target {
        name: "json_readers",
        seed: selected_json,
        dict: Dict::Json,
    },
    Target {
        name: "json_schema_differential",
        seed: selected_json,
        dict: Dict::Json,
    },
    Target {
        name: "jcs",
        seed: raw_json,
        dict: Dict::Json,
    },
    Target {
        name: "incident_bundle",
        seed: |c, b| of_family(c, "incident_bundle", b),
        dict: Dict::Tree {
            family: "incident_bundle",
            kv: true,
        },
    },
    Target {
        name: "runpack_verify",
        seed: runpack_seed,
        dict: Dict::Tree {
            family: "runpack",
            kv: false,
        },
    },
    Target {
        name: "adapter_differential",
        seed: adapter_seed,
        dict: Dict::All,
    },
];

/// `fuzzing::adapter`'s selector byte, then the file or the mode byte and
/// tree (`case_bytes`); the family's newest version only (the one the
/// selector picks).
fn adapter_seed(case: &Case, bytes: &[u8]) -> Option<Vec<u8>> {
    let newest = family(&case.family, None)?;
    if newest.info().version != case.version {
        return None;
    }
    let mut out = vec![crate::fuzzing::adapter::selector_of(&case.family)?];
    out.extend_from_slice(bytes);
    Some(out)
}

/// The bytes a case contributes: a file's content, or a directory tree with
/// the directory targets' mode byte: 0 and a `sections` text, or (content
/// `sections` cannot hold) 1 and a `dir_image`.
fn case_bytes(case: &Case) -> io::Result<Vec<u8>> {
    let meta = std::fs::symlink_metadata(&case.input)?;
    if !meta.is_dir() {
        return std::fs::read(&case.input);
    }
    let tree = dir_image::capture(&case.input)?;
    Ok(match sections::encode(&tree) {
        Some(text) => [&[0u8][..], &text].concat(),
        None => [&[1u8][..], &dir_image::encode(&tree)].concat(),
    })
}

/// The seed `target` gets from `case`, if any.
pub fn seed(target: &Target, case: &Case) -> io::Result<Option<Vec<u8>>> {
    Ok((target.seed)(case, &case_bytes(case)?))
}

/// Writes `<out>/<target>/<case id>` seeds and a `<out>/<target>.dict`
/// dictionary per target; returns how many seeds each target got.
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
            if let Some(seed) = seed(target, case)? {
                std::fs::write(dir.join(case.id.replace('/', "__")), seed)?;
                n += 1;
            }
        }
        counts.push((target.name, n));
    }
    let (json_words, kv_words) = dictionary_words(corpus_root)?;
    for target in TARGETS {
        let words = match target.dict {
            Dict::Json => json_words.clone(),
            Dict::Kv => kv_words.clone(),
            Dict::Tree { family, kv } => {
                let mut words = json_words.clone();
                if kv {
                    words.extend(kv_words.iter().cloned());
                }
                words.extend(member_headers(cases, family)?);
                words
            }
            Dict::All => {
                let mut words = json_words.clone();
                words.extend(kv_words.iter().cloned());
                words.extend(member_headers(cases, "incident_bundle")?);
                words.extend(member_headers(cases, "runpack")?);
                words
            }
        };
        std::fs::write(
            out.join(format!("{}.dict", target.name)),
            render_dict(&words),
        )?;
    }
    Ok(counts)
}

/// A `sections` header for every member path in `family`'s corpus cases,
/// after a newline so that, inserted anywhere, it opens a member.
fn member_headers(cases: &[Case], family: &str) -> io::Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    for case in cases
        .iter()
        .filter(|c| c.family == family && c.input.is_dir())
    {
        for entry in dir_image::capture(&case.input)? {
            let kind = match entry {
                dir_image::Entry::File { .. } => 'f',
                dir_image::Entry::Symlink { .. } => 'l',
                dir_image::Entry::Dir { .. } => 'd',
            };
            out.insert(format!("\n{}", sections::header(kind, entry.path())));
        }
    }
    Ok(out)
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
