//! DataGuard report KV v1: the canonical renderer (insta snapshots, reviewed),
//! render-then-parse identity over generated valid reports, model round
//! trips, and a reader that never panics on arbitrary or damaged bytes.

use conformkit_reference::families::dataguard_report::{
    read::read, write::render, Cost, DataGuardReport, Redaction, RedactionMode, SchemaSelection,
};
use conformkit_reference::{family, ErrorClass, Input, Limits, ReadError};
use proptest::prelude::*;

mod dataguard_gen;
use dataguard_gen::report;

fn maximal() -> DataGuardReport {
    DataGuardReport {
        version: 1,
        kind: "dataguard".to_string(),
        registry_root: "/srv/dataguard/registry?profile=a=b".to_string(),
        codec_id: u16::MAX,
        schema: Some(SchemaSelection {
            id: "customer_events".to_string(),
            version: 3,
        }),
        redaction: Some(Redaction {
            mode: RedactionMode::Hash,
            rules: 12,
        }),
        cost: Some(Cost::Enabled {
            center: "équipe données".to_string(),
            bytes: u64::MAX,
        }),
        counts: [
            ("records.scanned", 1000),
            ("records.matched", 42),
            ("Records_2-X", 0),
        ]
        .into_iter()
        .collect(),
    }
}

fn text(doc: &DataGuardReport) -> String {
    String::from_utf8(render(doc).expect("renders")).expect("UTF-8")
}

/// Reads through the registry, as the harness does.
fn read_model(bytes: &[u8]) -> Result<serde_json::Value, ReadError> {
    family("dataguard_report", Some("v1"))
        .expect("registered")
        .read(Input::Bytes(bytes), &Limits::default())
}

#[test]
fn renders_every_key_in_canonical_order() {
    insta::assert_snapshot!("maximal", text(&maximal()));
}

#[test]
fn renders_cost_disabled_without_groups() {
    let doc = DataGuardReport {
        schema: None,
        redaction: None,
        cost: Some(Cost::Disabled),
        counts: [("rows", 7)].into_iter().collect(),
        ..maximal()
    };
    insta::assert_snapshot!("cost_disabled", text(&doc));
}

#[test]
fn normalized_model_shape() {
    let model = serde_json::to_value(maximal()).expect("serializes");
    insta::assert_snapshot!(
        "maximal_model",
        serde_json::to_string_pretty(&model).expect("prints")
    );
}

#[test]
fn refuses_to_render_what_kv_cannot_carry() {
    let mut doc = maximal();
    doc.registry_root = "line\nbreak".to_string();
    assert!(render(&doc).is_err());
    let mut doc = maximal();
    doc.counts = [("bad name", 1)].into_iter().collect();
    assert!(render(&doc).is_err());
}

#[test]
fn model_errors_are_classified() {
    let fam = family("dataguard_report", Some("v1")).expect("registered");
    let good = serde_json::to_value(maximal()).expect("serializes");
    assert!(fam.write(&good).is_ok());
    for (key, value) in [
        ("expected.codec_id", serde_json::json!("7")),
        ("counts.a b", serde_json::json!(1)),
        ("schema.id", serde_json::json!("a\rb")),
        ("cost.enabled", serde_json::json!("true")),
        ("counts.x", serde_json::json!(-1)),
    ] {
        let mut model = good.clone();
        model[key] = value;
        assert!(fam.write(&model).is_err(), "{key}");
    }
    let e = DataGuardReport::from_model(
        serde_json::json!({"report.v": 2})
            .as_object()
            .expect("object"),
    )
    .unwrap_err();
    assert_eq!(e.class, ErrorClass::UnsupportedVersion);
}

#[test]
fn errors_carry_line_and_key() {
    let e = read(
        b"counts.a=1\nexpected.codec_id=70000\nreport.kind=dataguard\nreport.v=1\nschema.registry_root=/\n",
        &Limits::default(),
    )
    .unwrap_err();
    assert_eq!(e.class, ErrorClass::OutOfRange);
    assert_eq!((e.line, e.column), (Some(2), Some(19)));
    assert_eq!(e.path.as_deref(), Some("expected.codec_id"));
    // The first faulty line wins, whatever the key.
    let e = read(
        b"counts.a=x\nexpected.codec_id=y\nreport.kind=dataguard\nreport.v=1\nschema.registry_root=/\n",
        &Limits::default(),
    )
    .unwrap_err();
    assert_eq!((e.line, e.path.as_deref()), (Some(1), Some("counts.a")));
    // A missing partner points at the line of the key present.
    let e = read(
        b"counts.a=1\nexpected.codec_id=1\nreport.kind=dataguard\nreport.v=1\nschema.id=s\nschema.registry_root=/\n",
        &Limits::default(),
    )
    .unwrap_err();
    assert_eq!(e.class, ErrorClass::MissingField);
    assert_eq!(
        (e.line, e.path.as_deref()),
        (Some(5), Some("schema.version"))
    );
}

proptest! {
    #[test]
    fn render_then_parse_is_identity(doc in report()) {
        let bytes = render(&doc).expect("valid reports render");
        let back = read(&bytes, &Limits::default()).expect("rendered reports read back");
        prop_assert_eq!(&back, &doc);
        let model = serde_json::to_value(&doc).expect("serializes");
        prop_assert_eq!(&read_model(&bytes).expect("reads"), &model);
        let again: DataGuardReport = serde_json::from_value(model).expect("models deserialize");
        prop_assert_eq!(again, doc);
    }

    #[test]
    fn reading_in_any_order_gives_the_same_report(doc in report(), seed in any::<u64>()) {
        let text = text(&doc);
        let mut lines: Vec<&str> = text.split_terminator('\n').collect();
        // A deterministic shuffle driven by the seed (xorshift).
        let mut s = seed | 1;
        for i in (1..lines.len()).rev() {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            lines.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let shuffled = lines.join("\n") + "\n";
        let back = read(shuffled.as_bytes(), &Limits::default()).expect("reads");
        prop_assert_eq!(back, doc);
    }

    #[test]
    fn never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = read_model(&bytes);
    }

    #[test]
    fn never_panics_on_damaged_reports(
        doc in report(),
        at in any::<prop::sample::Index>(),
        junk in prop::collection::vec(any::<u8>(), 0..6),
        cut in any::<bool>(),
    ) {
        let mut bytes = render(&doc).expect("renders");
        let i = at.index(bytes.len() + 1);
        if cut {
            bytes.truncate(i);
        } else {
            bytes.splice(i..i, junk);
        }
        let _ = read_model(&bytes);
    }
}
