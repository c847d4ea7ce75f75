//! The fault classes that catch realistic reader bugs are present in every
//! family where they apply (corpus/DECISIONS.md, D-ALL-3/4/5, D-RV-2, D-IB-2,
//! D-RP-5/7), each as a case that breaks that one rule: a family added
//! later, or a member added to a directory family, cannot forget them.
//! `corpus_coverage.rs` checks the case kinds of the design card; this test
//! checks the hazard classes, by what the inputs actually hold.

use conformkit::corpus::{default_root, load_corpus, Case, Expect};
use conformkit_reference::{all_families, ErrorClass, Shape};
use serde_json::Value;
use std::path::Path;

/// A property a case may have.
type CaseCheck<'a> = dyn Fn(&Case) -> bool + 'a;

fn corpus() -> Vec<Case> {
    load_corpus(&default_root()).expect("corpus loads")
}

fn of<'a>(cases: &'a [Case], family: &str, version: &str) -> Vec<&'a Case> {
    cases
        .iter()
        .filter(|c| c.family == family && c.version == version)
        .collect()
}

fn rejects(c: &Case, class: ErrorClass) -> bool {
    c.meta.expect == Expect::Reject && c.meta.error_class == Some(class)
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_default()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The bytes of a case's file input, or of one member of its directory input.
fn input_bytes(c: &Case, member: Option<&str>) -> Vec<u8> {
    match member {
        Some(m) => bytes(&c.input.join(m)),
        None => bytes(&c.input),
    }
}

/// The JSON hazard classes a JSON document (a file family, or the `member`
/// of a directory family, among `cases` that concern it) must be tested
/// with: what is missing, by name.
fn json_hazards(cases: &[&Case], member: Option<&str>, what: &str) -> Vec<String> {
    let mut missing = Vec::new();
    let checks: [(&str, &CaseCheck<'_>); 4] = [
        ("a duplicate key rejected as duplicate_key", &|c| {
            rejects(c, ErrorClass::DuplicateKey) && c.has_tag("duplicate-key")
        }),
        ("NaN rejected as syntax", &|c| {
            rejects(c, ErrorClass::Syntax) && contains(&input_bytes(c, member), b"NaN")
        }),
        ("an unpaired surrogate escape rejected as encoding", &|c| {
            rejects(c, ErrorClass::Encoding) && contains(&input_bytes(c, member), b"\\ud800")
        }),
        ("a byte order mark (either)", &|c| {
            input_bytes(c, member).starts_with(&[0xEF, 0xBB, 0xBF])
        }),
    ];
    for (name, check) in checks {
        let found = cases.iter().any(|c| check(c));
        if !found {
            missing.push(format!("{what}: no case with {name}"));
        }
    }
    missing
}

fn schema(c_root: &Path, family: &str, version: &str, file: &str) -> Value {
    let text = std::fs::read_to_string(c_root.join(family).join(version).join(file))
        .unwrap_or_else(|e| panic!("{family}/{version}/{file}: {e}"));
    serde_json::from_str(&text).expect("schema parses")
}

fn schema_has(v: &Value, pred: &dyn Fn(&serde_json::Map<String, Value>) -> bool) -> bool {
    match v {
        Value::Object(o) => pred(o) || o.values().any(|x| schema_has(x, pred)),
        Value::Array(a) => a.iter().any(|x| schema_has(x, pred)),
        _ => false,
    }
}

#[test]
fn every_json_family_has_every_json_hazard() {
    let root = default_root();
    let cases = corpus();
    let mut missing = Vec::new();
    for fam in all_families() {
        let info = fam.info();
        if info.shape != (Shape::File { ext: "json" }) {
            continue;
        }
        let mine = of(&cases, info.id, info.version);
        let what = format!("{}/{}", info.id, info.version);
        missing.extend(json_hazards(&mine, None, &what));
        for name in [
            "syntax.second-document",
            "syntax.trailing-garbage",
            "syntax.trailing-nul",
            "syntax.empty-file",
            "syntax.comment-line",
            "syntax.comment-block",
            "syntax.single-quotes",
        ] {
            // RFC 8259 §2: a JSON text is one value, and there is one; no
            // comments, no single quotes (D-ALL-4b).
            if !mine
                .iter()
                .any(|c| c.name == name && rejects(c, ErrorClass::Syntax))
            {
                missing.push(format!("{what}: no {name} case rejected as syntax"));
            }
        }
        for layout in [
            "layout.members-reversed",
            "layout.minified",
            "layout.all-escaped",
        ] {
            // D-ALL-6: any member order, whitespace and escaping reads the same.
            if !mine
                .iter()
                .any(|c| c.name == layout && c.meta.expect == Expect::Accept)
            {
                missing.push(format!("{what}: no accepted {layout} case"));
            }
        }
        let s = schema(&root, info.id, info.version, "schema.json");
        let has_integer = schema_has(&s, &|o| o.get("type") == Some(&Value::from("integer")));
        if has_integer {
            for (suffix, rule, class) in [
                (
                    ".boolean",
                    "true in an integer field",
                    ErrorClass::WrongType,
                ),
                (
                    ".fraction",
                    "7.0 in an integer field",
                    ErrorClass::WrongType,
                ),
                (
                    ".exponent",
                    "7e0 in an integer field",
                    ErrorClass::WrongType,
                ),
                (
                    ".leading-zero",
                    "07 in an integer field",
                    ErrorClass::Syntax,
                ),
                (".plus-sign", "+7 in an integer field", ErrorClass::Syntax),
            ] {
                // A fraction or an exponent is `either` where only JSON
                // Schema's `integer` types the field (seed 003, D-RP-3); the
                // class still holds.
                let either_ok = suffix == ".fraction" || suffix == ".exponent";
                if !mine.iter().any(|c| {
                    c.name.starts_with("integer.")
                        && c.name.ends_with(suffix)
                        && (rejects(c, class)
                            || (either_ok
                                && c.meta.expect == Expect::Either
                                && c.meta.error_class == Some(class)))
                }) {
                    missing.push(format!("{what}: no case with {rule}"));
                }
            }
        }
        let open_required = schema_has(&s, &|o| {
            o.get("required")
                .and_then(Value::as_array)
                .is_some_and(|r| !r.is_empty())
                && o.get("additionalProperties") != Some(&Value::Bool(false))
        });
        if open_required
            && !mine
                .iter()
                .any(|c| c.name.starts_with("key-case.") && rejects(c, ErrorClass::MissingField))
        {
            missing.push(format!(
                "{what}: no required member written in another letter case"
            ));
        }
        let has_enum = schema_has(&s, &|o| {
            o.get("enum")
                .and_then(Value::as_array)
                .is_some_and(|a| a.iter().any(Value::is_string))
                || o.get("const").is_some_and(Value::is_string)
        });
        if has_enum && !mine.iter().any(|c| c.has_tag("enum-case")) {
            missing.push(format!("{what}: no enum value in another letter case"));
        }
        // D-ALL-4a: every field tested in another letter case is tested
        // padded with whitespace too.
        for c in mine.iter().filter(|c| c.has_tag("enum-case")) {
            let Some(field) = c.name.strip_suffix(".case") else {
                continue;
            };
            let padded = format!("{field}.whitespace");
            if (field.starts_with("enum.") || field.starts_with("const."))
                && !mine
                    .iter()
                    .any(|p| p.name == padded && rejects(p, ErrorClass::InvalidValue))
            {
                missing.push(format!("{what}: no {padded} case beside {}", c.name));
            }
        }
        // D-RV-2: member names are strings too.
        if !mine
            .iter()
            .any(|c| c.name == "lexical.lone-surrogate-key" && rejects(c, ErrorClass::Encoding))
        {
            missing.push(format!("{what}: no unpaired surrogate in a member name"));
        }
        if info.version_marker.is_some()
            && !mine
                .iter()
                .any(|c| c.name == "future-version.new-shape" || c.name.ends_with("read-first"))
        {
            missing.push(format!(
                "{what}: no future version whose other fields have a new shape"
            ));
        }
    }
    assert!(missing.is_empty(), "hazard gaps:\n{}", missing.join("\n"));
}

#[test]
fn every_bundle_member_has_every_member_hazard() {
    let root = default_root();
    let cases = corpus();
    let mut missing = Vec::new();
    for fam in all_families() {
        let info = fam.info();
        let schema_file = root
            .join(info.id)
            .join(info.version)
            .join("schema.bundle.json");
        if !schema_file.exists() {
            continue;
        }
        let s = schema(&root, info.id, info.version, "schema.bundle.json");
        let mine = of(&cases, info.id, info.version);
        for member in s["files"].as_object().expect("files").keys() {
            let what = format!("{}/{} member {member}", info.id, info.version);
            let not_a_file = format!("not-a-file.{member}");
            let escape = format!("symlink-escape.{member}");
            if !mine
                .iter()
                .any(|c| c.name == not_a_file && rejects(c, ErrorClass::Unreadable))
            {
                missing.push(format!("{what}: no directory in its place"));
            }
            let looped = format!("symlink-loop.{member}");
            if !mine
                .iter()
                .any(|c| c.name == looped && rejects(c, ErrorClass::Unreadable))
            {
                missing.push(format!("{what}: no symlink loop in its place"));
            }
            match mine.iter().find(|c| c.name == escape) {
                Some(c) if rejects(c, ErrorClass::PathEscape) => {
                    // The link's target exists beside the input, so a reader
                    // that follows it finds a valid member (level 1 catches it).
                    let target = std::fs::read_link(c.input.join(member)).expect("a symlink");
                    let resolved = c.input.join(target);
                    if !resolved.is_file() {
                        missing.push(format!(
                            "{what}: the escaping link's target {} is not in the case",
                            resolved.display()
                        ));
                    }
                }
                _ => missing.push(format!("{what}: no symlink out of the bundle")),
            }
            if member.ends_with(".json") {
                let member_cases: Vec<&Case> = mine
                    .iter()
                    .copied()
                    .filter(|c| c.name.ends_with(member.as_str()))
                    .collect();
                let dup = member_cases
                    .iter()
                    .any(|c| rejects(c, ErrorClass::DuplicateKey));
                let nan = member_cases.iter().any(|c| {
                    rejects(c, ErrorClass::Syntax)
                        && contains(&input_bytes(c, Some(member)), b"NaN")
                });
                let bom = member_cases
                    .iter()
                    .any(|c| input_bytes(c, Some(member)).starts_with(&[0xEF, 0xBB, 0xBF]));
                let comment = member_cases.iter().any(|c| {
                    rejects(c, ErrorClass::Syntax)
                        && input_bytes(c, Some(member)).starts_with(b"//")
                });
                let surrogate_key = member_cases.iter().any(|c| {
                    rejects(c, ErrorClass::Encoding)
                        && input_bytes(c, Some(member)).starts_with(b"{\"\\ud800\"")
                });
                for (ok, rule) in [
                    (dup, "a duplicate key"),
                    (nan, "NaN"),
                    (bom, "a byte order mark"),
                    (comment, "a // comment (D-ALL-4b)"),
                    (
                        surrogate_key,
                        "an unpaired surrogate in a member name (D-RV-2)",
                    ),
                ] {
                    if !ok {
                        missing.push(format!("{what}: no case with {rule}"));
                    }
                }
            }
        }
    }
    assert!(missing.is_empty(), "hazard gaps:\n{}", missing.join("\n"));
}

#[test]
fn the_runpack_isolates_each_rule() {
    let cases = corpus();
    let mine = of(&cases, "runpack", "v1");
    assert!(!mine.is_empty(), "no runpack cases");
    let manifest_cases: Vec<&Case> = mine
        .iter()
        .copied()
        .filter(|c| c.name.starts_with("manifest."))
        .collect();
    let mut missing = json_hazards(
        &manifest_cases,
        Some("manifest.json"),
        "runpack/v1 manifest",
    );
    let want: &[(&str, ErrorClass)] = &[
        ("spec-not-first", ErrorClass::InvalidValue), // accepted: checked below
        ("file.missing-optional", ErrorClass::MissingFile),
        ("path.dot-component", ErrorClass::InvalidValue),
        ("path.empty-component", ErrorClass::InvalidValue),
        ("path.dotdot", ErrorClass::PathEscape),
        ("path.absolute", ErrorClass::PathEscape),
        ("symlink.file-outside", ErrorClass::PathEscape),
        ("symlink.dir-outside", ErrorClass::PathEscape),
        ("symlink.manifest-outside", ErrorClass::PathEscape),
        ("report.status-fail-no-errors", ErrorClass::InvalidValue),
        ("report.pass-with-errors", ErrorClass::InvalidValue),
        ("plus-one.report-counts-itself", ErrorClass::InvalidValue),
        ("plus-one.report-undercounts", ErrorClass::InvalidValue),
        ("tamper.one-byte", ErrorClass::Integrity),
        ("root-hash.wrong", ErrorClass::Integrity),
        ("root-hash.reordered", ErrorClass::Integrity),
        ("spec-hash.mismatch", ErrorClass::Integrity),
        ("artifacts.hash-disagrees", ErrorClass::Integrity),
        (
            "manifest-version.v2-other-shape",
            ErrorClass::UnsupportedVersion,
        ),
        ("artifact.duplicate-key", ErrorClass::DuplicateKey),
    ];
    for (name, class) in want {
        match mine.iter().find(|c| c.name == *name) {
            None => missing.push(format!("runpack/v1: no case {name}")),
            Some(c) if *name == "spec-not-first" => {
                if c.meta.expect != Expect::Accept {
                    missing.push(format!("runpack/v1/{name} must be accepted"));
                }
            }
            Some(c) if !rejects(c, *class) => {
                missing.push(format!("runpack/v1/{name} must be rejected as {class:?}"))
            }
            Some(_) => {}
        }
    }
    if mine.iter().filter(|c| c.has_tag("enum-case")).count() < 3 {
        missing.push("runpack/v1: fewer than 3 enum case variants".into());
    }
    // D-ALL-4a: every manifest enumeration tested in another letter case is
    // tested padded with whitespace too.
    for c in mine.iter().filter(|c| c.has_tag("enum-case")) {
        let padded = c.name.replace("case", "whitespace");
        if !mine
            .iter()
            .any(|p| p.name == padded && rejects(p, ErrorClass::InvalidValue))
        {
            missing.push(format!("runpack/v1: no {padded} beside {}", c.name));
        }
    }
    for name in [
        "digest.long.root-hash",
        "digest.long.spec-hash",
        "digest.long.artifact-hash",
        "digest.long.file-hash",
    ] {
        // D-RP-4: exactly 64 digits, so one more is refused (a pattern
        // without an end anchor is the fault).
        if !mine
            .iter()
            .any(|c| c.name == name && rejects(c, ErrorClass::InvalidValue))
        {
            missing.push(format!("runpack/v1: no {name} rejected as invalid_value"));
        }
    }
    // Every link out of the root points at content that exists beside the
    // input, so a link-following reader accepts and fails at level 1 (but
    // the link that dangles on purpose).
    for c in mine.iter().filter(|c| {
        c.name.starts_with("symlink.") && c.name.contains("outside") && !c.name.contains("dangling")
    }) {
        let links = walk_links(&c.input);
        assert!(!links.is_empty(), "{}: no symlink", c.id);
        for (link, target) in links {
            let resolved = link.parent().unwrap().join(&target);
            if !resolved.exists() {
                missing.push(format!("{}: {} points at nothing", c.id, link.display()));
            }
        }
    }
    assert!(missing.is_empty(), "hazard gaps:\n{}", missing.join("\n"));
}

fn walk_links(dir: &Path) -> Vec<(std::path::PathBuf, std::path::PathBuf)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        let kind = entry.file_type().unwrap();
        if kind.is_symlink() {
            out.push((path.clone(), std::fs::read_link(&path).unwrap()));
        } else if kind.is_dir() {
            out.extend(walk_links(&path));
        }
    }
    out
}

#[test]
fn the_kv_version_marker_is_tested_at_its_width() {
    let cases = corpus();
    for fam in all_families() {
        let info = fam.info();
        if info.shape != (Shape::File { ext: "kv" }) {
            continue;
        }
        let mine = of(&cases, info.id, info.version);
        for (name, class) in [
            ("version.past-u32", ErrorClass::OutOfRange),
            ("version.negative", ErrorClass::OutOfRange),
            ("future-version.u32-max", ErrorClass::UnsupportedVersion),
        ] {
            assert!(
                mine.iter().any(|c| c.name == name && rejects(c, class)),
                "{}/{}: no case {name} rejected as {class:?}",
                info.id,
                info.version
            );
        }
    }
}

/// A schema object whose one non-null type is `want` (`"string"` or
/// `["string", "null"]`).
fn typed(o: &serde_json::Map<String, Value>, want: &str) -> bool {
    match o.get("type") {
        Some(Value::String(t)) => t == want,
        Some(Value::Array(ts)) => {
            let rest: Vec<&Value> = ts.iter().filter(|t| *t != "null").collect();
            rest.len() == 1 && rest[0] == want
        }
        _ => false,
    }
}

/// D-ALL-11: every JSON family with a boolean field rejects `1` and `0` there,
/// and every JSON family with a free string field (no const, enum, pattern or
/// format) accepts the fidelity text and the empty string, kept exactly. The
/// generator makes one case per field; this test makes sure a family cannot
/// lose the classes.
#[test]
fn every_json_family_pins_booleans_and_free_strings() {
    let root = default_root();
    let cases = corpus();
    let mut missing = Vec::new();
    for fam in all_families() {
        let info = fam.info();
        if info.shape != (Shape::File { ext: "json" }) {
            continue;
        }
        let mine = of(&cases, info.id, info.version);
        let what = format!("{}/{}", info.id, info.version);
        let s = schema(&root, info.id, info.version, "schema.json");
        if schema_has(&s, &|o| typed(o, "boolean")) {
            for literal in ["integer-one", "integer-zero"] {
                if !mine.iter().any(|c| {
                    c.name.starts_with("boolean.")
                        && c.name.ends_with(literal)
                        && rejects(c, ErrorClass::WrongType)
                }) {
                    missing.push(format!("{what}: no boolean field holding {literal}"));
                }
            }
        }
        let free = |o: &serde_json::Map<String, Value>| {
            typed(o, "string")
                && ["const", "enum", "pattern", "format"]
                    .iter()
                    .all(|k| !o.contains_key(*k))
        };
        if schema_has(&s, &free) {
            for word in ["fidelity", "empty"] {
                if !mine.iter().any(|c| {
                    c.name.starts_with("string.")
                        && c.name.ends_with(word)
                        && c.meta.expect == Expect::Accept
                        && c.has_tag("string-fidelity")
                }) {
                    missing.push(format!(
                        "{what}: no free string holding the {word} text, accepted"
                    ));
                }
            }
        }
    }
    assert!(missing.is_empty(), "gaps:\n{}", missing.join("\n"));
}

/// D-KV-3 and D-ALL-11 in every KV text: a line ending in CR CR LF (a reader
/// that strips every trailing CR accepts it), a string value that looks like
/// a number, kept as text, and every integer key spelled as lenient number
/// parsers take it (`+7`, `7e0`, `7.0`, `7_000`: wrong_type); in the bundle, spec.kv with the CR run and
/// every member under a name that differs in letter case only (D-IB-12).
#[test]
fn every_kv_text_and_bundle_member_pins_cr_runs_and_names() {
    let root = default_root();
    let cases = corpus();
    let mut missing = Vec::new();
    for fam in all_families() {
        let info = fam.info();
        let mine = of(&cases, info.id, info.version);
        let what = format!("{}/{}", info.id, info.version);
        let need =
            |name: &str, ok: &dyn Fn(&Case) -> bool| mine.iter().any(|c| c.name == name && ok(c));
        if info.shape == (Shape::File { ext: "kv" }) {
            if !need("encoding.cr-run", &|c| {
                rejects(c, ErrorClass::Syntax) && contains(&bytes(&c.input), b"\r\r\n")
            }) {
                missing.push(format!(
                    "{what}: no line ending in CR CR LF rejected as syntax"
                ));
            }
            if !mine
                .iter()
                .any(|c| c.name.starts_with("key-case.") && rejects(c, ErrorClass::MissingField))
            {
                missing.push(format!(
                    "{what}: no required key written in another letter case"
                ));
            }
            if !need("string.numeric-looking", &|c| {
                c.meta.expect == Expect::Accept
            }) {
                missing.push(format!("{what}: no string value that looks like a number"));
            }
            let schema = schema(&root, info.id, info.version, "schema.kv.json");
            for (key, decl) in schema["keys"].as_object().expect("keys") {
                if !["u16", "u32", "u64", "u128"].contains(&decl["type"].as_str().unwrap_or("")) {
                    continue;
                }
                let key = key.replace('*', "");
                for spelling in ["plus-sign", "exponent", "decimal-point", "digit-separator"] {
                    if !mine.iter().any(|c| {
                        c.name.starts_with(&format!("wrong-type.{key}"))
                            && c.name.ends_with(&format!(".{spelling}"))
                            && rejects(c, ErrorClass::WrongType)
                    }) {
                        missing.push(format!(
                            "{what}: no {spelling} spelling of the integer key {key}"
                        ));
                    }
                }
            }
        }
        let bundle = root
            .join(info.id)
            .join(info.version)
            .join("schema.bundle.json");
        if !bundle.exists() {
            continue;
        }
        if !need("kv.cr-run.spec.kv", &|c| {
            rejects(c, ErrorClass::Syntax) && contains(&input_bytes(c, Some("spec.kv")), b"\r\r\n")
        }) {
            missing.push(format!("{what}: no spec.kv line ending in CR CR LF"));
        }
        let s = schema(&root, info.id, info.version, "schema.bundle.json");
        for (member, decl) in s["files"].as_object().expect("files") {
            let required = decl["presence"] == "required";
            let name = format!("member-name.case.{member}");
            let ok = need(&name, &|c| {
                let renamed = format!("{}{}", member[..1].to_uppercase(), &member[1..]);
                c.input.join(&renamed).exists()
                    && if required {
                        rejects(c, ErrorClass::MissingFile)
                    } else {
                        c.meta.expect == Expect::Accept
                    }
            });
            if !ok {
                missing.push(format!(
                    "{what}: no case {name} (the member under another letter case)"
                ));
            }
        }
    }
    assert!(missing.is_empty(), "gaps:\n{}", missing.join("\n"));
}

/// Whether the lines `key=value` of a KV text hold two keys that sort one way
/// by bytes and the other by dot-separated segments (`a-b` vs `a.c`).
fn byte_and_segment_orders_differ(text: &[u8]) -> bool {
    let mut keys: Vec<&[u8]> = text
        .split(|b| *b == b'\n')
        .filter_map(|line| line.split(|b| *b == b'=').next())
        .filter(|k| !k.is_empty())
        .collect();
    keys.sort();
    let mut by_segment = keys.clone();
    by_segment.sort_by(|a, b| a.split(|c| *c == b'.').cmp(b.split(|c| *c == b'.')));
    keys != by_segment
}

/// The classes the red-team run found unpinned in the KV families and the
/// bundle (corpus/DECISIONS.md D-DG-4/6/7/11, D-IB-4/6/7/8): a canonical KV
/// text whose byte order differs from its dot-segment order (a writer sorting
/// by segments fails), whitespace-only values of every non-empty string key
/// (a trimming reader refuses them), keys that look like a pattern's prefix
/// without its dot (ignored); in a bundle, a future version with each other
/// member in a v2 shape, every opaque snapshot holding exact number literals,
/// and a byte order mark in every text member.
#[test]
fn kv_and_bundle_pin_order_whitespace_prefixes_literals_and_carrier() {
    let root = default_root();
    let cases = corpus();
    let mut missing = Vec::new();
    for fam in all_families() {
        let info = fam.info();
        let mine = of(&cases, info.id, info.version);
        let what = format!("{}/{}", info.id, info.version);
        let accepted = |name: &str| {
            mine.iter()
                .find(|c| c.name == name && c.meta.expect == Expect::Accept)
                .copied()
        };
        if info.shape == (Shape::File { ext: "kv" }) {
            if !accepted("kv.order.dash-before-dot")
                .is_some_and(|c| byte_and_segment_orders_differ(&bytes(&c.input)))
            {
                missing.push(format!(
                    "{what}: no accepted kv.order.dash-before-dot whose byte and segment orders differ"
                ));
            }
            let schema = schema(&root, info.id, info.version, "schema.kv.json");
            for (key, decl) in schema["keys"].as_object().expect("keys") {
                let non_empty = decl["type"] == "string"
                    && decl.get("const").is_none()
                    && decl["min_length"].as_u64().unwrap_or(0) >= 1;
                if non_empty && accepted(&format!("string.{key}.whitespace-only")).is_none() {
                    missing.push(format!(
                        "{what}: no whitespace-only value of {key}, accepted"
                    ));
                }
            }
            for pattern in schema["patterns"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(p, _)| p)
            {
                let stem = pattern.trim_end_matches(".*");
                let lookalike = format!("extra-field.{}-lookalike.", stem.replace('.', "-"));
                if !mine
                    .iter()
                    .any(|c| c.name.starts_with(&lookalike) && c.meta.expect == Expect::Accept)
                {
                    missing.push(format!(
                        "{what}: no key that starts like {pattern} without its dot, ignored"
                    ));
                }
            }
        }
        let bundle = root
            .join(info.id)
            .join(info.version)
            .join("schema.bundle.json");
        if !bundle.exists() {
            continue;
        }
        let s = schema(&root, info.id, info.version, "schema.bundle.json");
        let carrier = s["version_carrier"].as_str().expect("a version carrier");
        for (member, decl) in s["files"].as_object().expect("files") {
            let family = decl["family"].as_str().unwrap_or("");
            let has = |name: &str, ok: &dyn Fn(&Case) -> bool| {
                mine.iter().any(|c| c.name == name && ok(c))
            };
            if family != "text"
                && !has(&format!("future-version.new-shape.{member}"), &|c| {
                    rejects(c, ErrorClass::UnsupportedVersion)
                        && contains(&bytes(&c.input.join(carrier)), b"\"policy_version\": 2")
                })
            {
                missing.push(format!(
                    "{what}: no future bundle with {member} in a new shape, unsupported_version"
                ));
            }
            if family == "json"
                && !has(&format!("snapshot.number-literals.{member}"), &|c| {
                    c.meta.expect == Expect::Accept
                        && contains(&input_bytes(c, Some(member)), b"1.50")
                        && contains(&input_bytes(c, Some(member)), b"-0.0")
                })
            {
                missing.push(format!(
                    "{what}: no opaque {member} holding exact number literals"
                ));
            }
            if (family == "text" || family == "spec_kv")
                && !mine.iter().any(|c| {
                    input_bytes(c, Some(member)).starts_with(&[0xEF, 0xBB, 0xBF])
                        && c.meta.error_class == Some(ErrorClass::Encoding)
                })
            {
                missing.push(format!(
                    "{what}: no {member} starting with a byte order mark"
                ));
            }
            if family == "spec_kv"
                && !has(&format!("kv.order.dash-before-dot.{member}"), &|c| {
                    c.meta.expect == Expect::Accept
                        && byte_and_segment_orders_differ(&input_bytes(c, Some(member)))
                })
            {
                missing.push(format!(
                    "{what}: no accepted {member} whose byte and segment orders differ"
                ));
            }
        }
        if !mine.iter().any(|c| {
            c.name == "future-version.new-shape" && rejects(c, ErrorClass::UnsupportedVersion)
        }) {
            missing.push(format!(
                "{what}: no future bundle with every member in a new shape"
            ));
        }
    }
    assert!(missing.is_empty(), "gaps:\n{}", missing.join("\n"));
}
