//! Snapshots of the environment.json writer's canonical output (D-ALL-6):
//! field order as the seed lists it, `null` written for an absent cwd or
//! proc_status (never left out, D-ENV-1), env pairs as two-element arrays in
//! key order.

use conformkit_reference::families::environment::env_vars::EnvVars;
use conformkit_reference::families::environment::{Environment, EnvironmentV1};
use conformkit_reference::family::Format;
use conformkit_reference::{Input, Limits, Written};

fn written(doc: &Environment) -> String {
    let Written::File(bytes) = EnvironmentV1::write(doc).expect("document renders") else {
        panic!("environment is a one-file family");
    };
    let back = EnvironmentV1::read(Input::Bytes(&bytes), &Limits::default())
        .expect("the writer's output reads back");
    assert_eq!(&back, doc, "the snapshot document survives a round trip");
    let text = String::from_utf8(bytes).expect("the writer emits UTF-8");
    // insta trims the final newline, so the one-newline rule is checked here.
    assert!(text.ends_with("}\n") && !text.ends_with("\n\n"));
    text
}

fn env(pairs: &[(&str, &str)]) -> EnvVars {
    EnvVars::new(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
    .expect("the test's pairs are in key order")
}

#[test]
fn maximal() {
    let doc = Environment {
        pid: u32::MAX,
        cwd: Some("/srv/byteor/ñandú".into()),
        args: vec![
            "/usr/local/bin/byteor-runtime".into(),
            "--spec".into(),
            String::new(),
            "--label=café ☕".into(),
        ],
        env: env(&[
            ("HOME", "/root"),
            ("LS_COLORS", "di=01;34:ln=01;36"),
            ("_", "/usr/local/bin/byteor-runtime"),
            ("http_proxy", "http://proxy.internal:3128"),
            ("ÉTAPE", "line one\nline \"two\""),
        ]),
        proc_status: Some("Name:\tbyteor-runtime\nState:\tS (sleeping)\nPid:\t48213\n".into()),
    };
    insta::assert_snapshot!("maximal", written(&doc));
}

#[test]
fn minimal_nulls_written() {
    let doc = Environment {
        pid: 0,
        cwd: None,
        args: vec![],
        env: EnvVars::default(),
        proc_status: None,
    };
    insta::assert_snapshot!("minimal_nulls_written", written(&doc));
}
