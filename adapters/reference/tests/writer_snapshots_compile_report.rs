//! Snapshots of the canonical compile report writer (D-ALL-6, D-CR-1/2):
//! `spec` then `diagnostics`, the opaque spec with sorted keys and exact
//! number literals, diagnostic fields in canonical order.

use conformkit_reference::families::compile_report::{
    CompileDiagnostic, CompileReport, CompileReportV1,
};
use conformkit_reference::family::Format;
use conformkit_reference::Written;
use serde_json::{json, Map, Value};

fn text(doc: &CompileReport) -> String {
    let Written::File(bytes) = CompileReportV1::write(doc).expect("document renders") else {
        panic!("compile_report writes one file");
    };
    String::from_utf8(bytes).expect("the writer emits UTF-8")
}

fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(map) => map,
        _ => panic!("test spec must be an object"),
    }
}

fn diagnostic(
    kind: &str,
    role: &str,
    inputs: &[&str],
    outputs: &[&str],
    msg: &str,
) -> CompileDiagnostic {
    CompileDiagnostic {
        kind: kind.into(),
        role: role.into(),
        input_lanes: inputs.iter().map(|s| s.to_string()).collect(),
        output_lanes: outputs.iter().map(|s| s.to_string()).collect(),
        message: msg.into(),
    }
}

#[test]
fn report_with_every_known_kind() {
    let spec: Value = serde_json::from_str(
        r#"{"name": "orders-fanout", "description": "東京 → Zürich", "lanes": [{"name": "ingress", "capacity": 4096}, {"name": "settled", "path": null}], "u128_past": 340282366920938463463374607431768211456, "ratio": 0.25, "pinned": true}"#,
    )
    .expect("test spec parses");
    let doc = CompileReport {
        spec: object(spec),
        diagnostics: vec![
            diagnostic(
                "inserted_bridge",
                "bridge:ingress→orders",
                &["ingress"],
                &["orders"],
                "inserted a bridge",
            ),
            diagnostic(
                "inserted_router",
                "router:orders",
                &["orders"],
                &["orders.risk", "orders.ledger"],
                "orders has 2 consumers",
            ),
            diagnostic(
                "inserted_merge",
                "merge:settled",
                &["risk.out", "ledger.out"],
                &["settled"],
                "settled has 2 producers — inserted a merge",
            ),
        ],
    };
    insta::assert_snapshot!("every_kind", text(&doc));
}

#[test]
fn empty_report() {
    let doc = CompileReport {
        spec: object(json!({})),
        diagnostics: vec![],
    };
    insta::assert_snapshot!("empty", text(&doc));
}
