//! The Python example adapter keeps the numbers of compile_report's opaque
//! `spec` (D-CR-1) as the reference does, through the fuzz oracle (the
//! reference reader's answer is the expectation): a literal past the
//! double range (`1e400`, once a crash: json.loads gave a float infinity
//! that has no JSON form), `1.50`, `-0` and exponents, read and written.

mod support;

use conformkit::adapter::process::{Bounds, ProcessAdapter, Settings};
use conformkit::adapter::Mode;
use conformkit::fuzz::answer::Answer;
use conformkit::fuzz::oracle::Oracle;
use conformkit::fuzz::sample::Sample;
use conformkit::reference::{family, Limits};
use std::path::Path;
use std::time::Duration;
use support::{python, sh_quote};

const DOCS: &[&str] = &[
    r#"{"spec":{"":1e400},"diagnostics":[]}"#,
    r#"{"spec":{"a":[-1E400,1e-400,1.50,-0,-0.0,2.5e+3,1E5]},"diagnostics":[]}"#,
    r#"{"spec":{"deep":{"x":[{"y":1e0400}]}},"diagnostics":[]}"#,
];

fn python_adapter() -> ProcessAdapter {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../adapters/python/adapter.py");
    let settings = Settings {
        command: format!(
            "{} {}",
            sh_quote(python()),
            sh_quote(&script.display().to_string())
        ),
        mode: Mode::Persistent,
        timeout: Duration::from_millis(Settings::DEFAULT_TIMEOUT_MS),
        startup_timeout: Duration::from_millis(Settings::DEFAULT_STARTUP_TIMEOUT_MS),
        max_restarts: 0,
        bounds: Bounds {
            max_line_bytes: Settings::DEFAULT_MAX_RESPONSE_BYTES,
            max_stderr_bytes: Settings::DEFAULT_MAX_STDERR_BYTES,
        },
        shutdown_grace: Settings::SHUTDOWN_GRACE,
    };
    ProcessAdapter::start(settings).expect("the Python example starts")
}

#[test]
fn spec_numbers_agree_with_the_reference_as_reader_and_writer() {
    let fam = family("compile_report", None).unwrap();
    let mut adapter = python_adapter();
    let mut oracle = Oracle::new(&mut adapter, Limits::default(), 2).unwrap();
    for doc in DOCS {
        let sample = Sample::File(doc.as_bytes().to_vec());
        // The reference accepts and keeps every literal: what the adapter
        // must match, not an answer written here.
        let Answer::Accepted { model } = oracle.reference(fam, &sample).unwrap() else {
            panic!("the reference rejects {doc}");
        };
        assert!(model["spec"].to_string().contains('e'), "{model}");
        if let Some(d) = oracle.read(fam, &sample).unwrap() {
            panic!("reader disagrees on {doc}: {}\n{}", d.signature, d.detail);
        }
        let valid = oracle
            .valid_model(fam, &model)
            .unwrap()
            .expect("the reference carries the model");
        if let Some(d) = oracle.write(fam, &valid).unwrap() {
            panic!("writer disagrees on {doc}: {}\n{}", d.signature, d.detail);
        }
    }
    oracle.finish();
}
