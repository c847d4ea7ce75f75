//! The reference reader and the family's declared KV key schema
//! (`schema.kv.json`, format `conformkit-kv-schema/1` of corpus/SCHEMAS.md)
//! must agree on accept/reject for every case of every KV family, where the
//! schema can express the rule. The schema speaks about keys and values, not
//! the line grammar: the small validator below reads lines naively (split at
//! LF, then at the first `=`, a repeated key overwriting the earlier one).
//! Cases whose rule lies beyond that are tagged `beyond-schema`; the test
//! fails if a tagged case does in fact agree, so the tag stays true.

use conformkit::corpus::{default_root, load_corpus, Case};
use conformkit_reference::{family, Limits, Shape};
use serde_json::Value;
use std::collections::BTreeMap;

/// One key's (or one pattern's) declaration.
#[derive(Debug, Default)]
struct Decl {
    ty: String,
    required: bool,
    constant: Option<String>,
    values: Vec<String>,
    min_length: usize,
    min_count: usize,
}

#[derive(Debug)]
enum Group {
    AllOrNone(Vec<String>),
    When {
        key: String,
        equals: String,
        then_required: Vec<String>,
        otherwise_absent: bool,
    },
}

#[derive(Debug)]
struct KvSchema {
    open: bool,
    keys: BTreeMap<String, Decl>,
    /// (prefix without the `*`, declaration)
    patterns: Vec<(String, Decl)>,
    groups: Vec<Group>,
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn decl(v: &Value) -> Decl {
    Decl {
        ty: v["type"]
            .as_str()
            .expect("every declaration has a type")
            .to_string(),
        required: v["required"].as_bool().unwrap_or(false),
        constant: v["const"].as_str().map(String::from),
        values: strings(&v["values"]),
        min_length: v["min_length"].as_u64().unwrap_or(0) as usize,
        min_count: v["min_count"].as_u64().unwrap_or(0) as usize,
    }
}

fn load_schema(v: &Value) -> KvSchema {
    assert_eq!(v["format"], "conformkit-kv-schema/1");
    let keys = v["keys"]
        .as_object()
        .expect("keys")
        .iter()
        .map(|(k, d)| (k.clone(), decl(d)))
        .collect();
    let patterns = v["patterns"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(p, d)| {
                    let prefix = p.strip_suffix('*').expect("a pattern ends in *");
                    (prefix.to_string(), decl(d))
                })
                .collect()
        })
        .unwrap_or_default();
    let groups = v["groups"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|g| {
                    if g.get("all_or_none").is_some() {
                        Group::AllOrNone(strings(&g["all_or_none"]))
                    } else {
                        Group::When {
                            key: g["when"]["key"].as_str().expect("when.key").to_string(),
                            equals: g["when"]["equals"]
                                .as_str()
                                .expect("when.equals")
                                .to_string(),
                            then_required: strings(&g["then_required"]),
                            otherwise_absent: g["otherwise_absent"].as_bool().unwrap_or(false),
                        }
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    KvSchema {
        open: v["open"].as_bool().unwrap_or(true),
        keys,
        patterns,
        groups,
    }
}

/// The naive reading: UTF-8, LF-separated lines (a final LF optional), each
/// split at its first `=`; `None` when a line has no `=`.
fn naive_pairs(bytes: &[u8]) -> Option<BTreeMap<String, String>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let body = text.strip_suffix('\n').unwrap_or(text);
    let mut out = BTreeMap::new();
    if body.is_empty() && text.len() <= 1 {
        return Some(out);
    }
    for line in body.split('\n') {
        let (k, v) = line.split_once('=')?;
        out.insert(k.to_string(), v.to_string());
    }
    Some(out)
}

fn value_ok(d: &Decl, v: &str) -> bool {
    let max: Option<u128> = match d.ty.as_str() {
        "u16" => Some(u16::MAX.into()),
        "u32" => Some(u32::MAX.into()),
        "u64" => Some(u64::MAX.into()),
        "u128" => Some(u128::MAX),
        _ => None,
    };
    let typed = match (d.ty.as_str(), max) {
        (_, Some(max)) => {
            !v.is_empty()
                && v.bytes().all(|b| b.is_ascii_digit())
                && v.parse::<u128>().is_ok_and(|n| n <= max)
        }
        ("bool", _) => v == "true" || v == "false",
        ("enum", _) => d.values.iter().any(|a| a == v),
        ("string", _) => v.chars().count() >= d.min_length,
        (other, _) => panic!("unknown KV schema type {other}"),
    };
    typed && d.constant.as_deref().is_none_or(|c| c == v)
}

fn schema_accepts(s: &KvSchema, pairs: &BTreeMap<String, String>) -> bool {
    for (k, v) in pairs {
        let d = s.keys.get(k).or_else(|| {
            s.patterns
                .iter()
                .find(|(p, _)| k.starts_with(p.as_str()))
                .map(|(_, d)| d)
        });
        match d {
            Some(d) if !value_ok(d, v) => return false,
            None if !s.open => return false,
            _ => {}
        }
    }
    if s.keys
        .iter()
        .any(|(k, d)| d.required && !pairs.contains_key(k))
    {
        return false;
    }
    for (p, d) in &s.patterns {
        if pairs.keys().filter(|k| k.starts_with(p.as_str())).count() < d.min_count {
            return false;
        }
    }
    for g in &s.groups {
        match g {
            Group::AllOrNone(members) => {
                let present = members.iter().filter(|m| pairs.contains_key(*m)).count();
                if present != 0 && present != members.len() {
                    return false;
                }
            }
            Group::When {
                key,
                equals,
                then_required,
                otherwise_absent,
            } => {
                let on = pairs.get(key) == Some(equals);
                let present = |m: &String| pairs.contains_key(m);
                if on && !then_required.iter().all(present) {
                    return false;
                }
                if !on && *otherwise_absent && then_required.iter().any(present) {
                    return false;
                }
            }
        }
    }
    true
}

#[test]
fn the_validator_reads_the_schema_format() {
    let s = load_schema(&serde_json::json!({
        "format": "conformkit-kv-schema/1",
        "open": false,
        "keys": {"a": {"type": "u16", "required": true}, "b": {"type": "enum", "values": ["x"]}},
        "patterns": {"c.*": {"type": "bool", "min_count": 1}},
        "groups": [{"name": "g", "all_or_none": ["b", "d"]}]
    }));
    let accepts = |text: &str| naive_pairs(text.as_bytes()).is_some_and(|p| schema_accepts(&s, &p));
    assert!(accepts("a=65535\nc.x=true\n"));
    assert!(!accepts("a=65536\nc.x=true\n"));
    assert!(!accepts("a=1\n"));
    assert!(!accepts("a=1\nc.x=true\nz=1\n"));
    assert!(!accepts("a=1\nc.x=true\nb=x\n"));
    assert!(!accepts("a=1\nc.x=yes\n"));
    assert!(!accepts("a=1\nnot a pair\nc.x=true\n"));
}

#[test]
fn reference_reader_and_kv_schema_agree() {
    let root = default_root();
    let cases = load_corpus(&root).expect("corpus loads");
    let mut schemas: BTreeMap<String, KvSchema> = BTreeMap::new();
    let mut disagreements = Vec::new();
    let mut beyond = Vec::new();
    let mut checked = 0;
    for case in &cases {
        let Some(fam) = family(&case.family, Some(&case.version)) else {
            continue;
        };
        if fam.info().shape != (Shape::File { ext: "kv" }) {
            continue;
        }
        let key = format!("{}/{}", case.family, case.version);
        let schema = schemas.entry(key.clone()).or_insert_with(|| {
            let path = root
                .join(&case.family)
                .join(&case.version)
                .join("schema.kv.json");
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{key}: a KV family needs {}: {e}", path.display()));
            load_schema(&serde_json::from_str(&text).expect("schema.kv.json parses"))
        });
        let bytes = std::fs::read(&case.input).expect("input readable");
        let by_schema = naive_pairs(&bytes).is_some_and(|p| schema_accepts(schema, &p));
        let by_reader = fam.read_path(&case.input, &Limits::default()).is_ok();
        checked += 1;
        match (by_schema == by_reader, case.has_tag("beyond-schema")) {
            (true, false) => {}
            (false, true) => beyond.push(describe(case, by_schema, by_reader)),
            (false, false) => disagreements.push(describe(case, by_schema, by_reader)),
            (true, true) => disagreements.push(format!(
                "{}: tagged beyond-schema but schema and reader agree",
                case.id
            )),
        }
    }
    println!(
        "checked {checked} KV cases; beyond the key schema ({}):",
        beyond.len()
    );
    for line in &beyond {
        println!("  {line}");
    }
    assert!(checked > 0, "no KV family cases found");
    assert!(
        disagreements.is_empty(),
        "disagreements:\n{}",
        disagreements.join("\n")
    );
}

#[test]
fn declared_keys_match_the_reader() {
    use conformkit_reference::families::dataguard_report::keys;
    let path = default_root().join("dataguard_report/v1/schema.kv.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("schema")).expect("json");
    let declared: Vec<&String> = schema["keys"].as_object().expect("keys").keys().collect();
    let mut known: Vec<&str> = keys::KNOWN.to_vec();
    known.sort_unstable();
    let mut declared: Vec<&str> = declared.iter().map(|s| s.as_str()).collect();
    declared.sort_unstable();
    assert_eq!(
        declared, known,
        "schema.kv.json keys and the reader's known keys differ"
    );
    assert_eq!(schema["version_key"], keys::VERSION);
    assert!(schema["patterns"]
        .get(format!("{}*", keys::COUNTS_PREFIX))
        .is_some());
    let modes = strings(&schema["keys"][keys::REDACTION_MODE]["values"]);
    assert_eq!(modes, keys::REDACTION_MODES);
}

fn describe(case: &Case, by_schema: bool, by_reader: bool) -> String {
    let word = |b: bool| if b { "accepts" } else { "rejects" };
    format!(
        "{}: schema {}, reader {}",
        case.id,
        word(by_schema),
        word(by_reader)
    )
}
