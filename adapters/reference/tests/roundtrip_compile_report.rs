//! Property: every valid compile report survives write-then-read unchanged,
//! typed and through the registry's model interface. `spec` is an arbitrary
//! JSON object (D-CR-1): nested values, exact integers past u64, floats,
//! non-ASCII text; diagnostics take known and unknown kinds (D-CR-3).

mod strategies;

use conformkit_reference::families::compile_report::{
    CompileDiagnostic, CompileReport, CompileReportV1, KNOWN_KINDS,
};
use conformkit_reference::family::Format;
use conformkit_reference::{family, Input, Limits, Written};
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use serde_json::{Map, Number, Value};

/// Any text (control characters included) except the substring the
/// reference parser reserves (D-ALL-8).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), strategies::chars()].prop_filter("reserved text (D-ALL-8)", |s| {
        !s.contains("private::Number")
    })
}

/// An integer literal of up to 45 digits: past u64 and u128.
fn big_integer() -> impl Strategy<Value = Value> {
    "-?[1-9][0-9]{0,44}".prop_map(|digits| {
        Value::Number(serde_json::from_str::<Number>(&digits).expect("an integer literal"))
    })
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        big_integer(),
        any::<f64>()
            .prop_filter("JSON has no NaN or infinity", |f| f.is_finite())
            .prop_map(Value::from),
        text().prop_map(Value::String),
    ]
}

/// JSON values a few levels deep, well within the nesting limit.
fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            btree_map(text(), inner, 0..4).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn spec() -> impl Strategy<Value = Map<String, Value>> {
    btree_map(text(), value(), 0..5).prop_map(|m| m.into_iter().collect())
}

fn kind() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(KNOWN_KINDS.to_vec()).prop_map(String::from),
        text(),
    ]
}

fn diagnostic() -> impl Strategy<Value = CompileDiagnostic> {
    (kind(), text(), vec(text(), 0..3), vec(text(), 0..3), text()).prop_map(
        |(kind, role, input_lanes, output_lanes, message)| CompileDiagnostic {
            kind,
            role,
            input_lanes,
            output_lanes,
            message,
        },
    )
}

fn report() -> impl Strategy<Value = CompileReport> {
    (spec(), vec(diagnostic(), 0..4))
        .prop_map(|(spec, diagnostics)| CompileReport { spec, diagnostics })
}

proptest! {
    #[test]
    fn write_then_read_is_identity(doc in report()) {
        let Written::File(bytes) = CompileReportV1::write(&doc).expect("document renders") else {
            panic!("compile_report writes one file");
        };
        let back = CompileReportV1::read(Input::Bytes(&bytes), &Limits::default());
        prop_assert_eq!(back, Ok(doc));
    }

    #[test]
    fn model_interface_round_trips(doc in report()) {
        let fam = family("compile_report", Some("v1")).expect("registered");
        let model = serde_json::to_value(&doc).expect("serializes");
        let Written::File(bytes) = fam.write(&model).expect("a valid model writes") else {
            panic!("compile_report writes one file");
        };
        prop_assert_eq!(fam.read(Input::Bytes(&bytes), &Limits::default()), Ok(model));
    }
}
