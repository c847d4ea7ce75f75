//! The example adapters under `adapters/` (Python over its `json` module,
//! Node over `JSON.parse`) certified end to end, as reader and as writer,
//! each against its committed expected-failures file: every run must exit
//! 0, so a regression (a case that starts failing) and a silent fix (a
//! listed case that starts passing) both fail here until the list is
//! updated. Persistent mode, the whole corpus, no fault, no restart, and
//! every family of the corpus declared.
//!
//! The Node tests need Node.js 20: without it they skip with a notice, or
//! fail when `CI=true` (see `requirement`; `.ci/run` prints its version).

mod requirement;
mod support;

use conformkit::corpus::{default_root, load_corpus};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use support::{certify, python, sh_quote, Run};

fn adapters_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../adapters")
}

fn python_adapter() -> String {
    let script = adapters_dir().join("python/adapter.py");
    format!(
        "{} {}",
        sh_quote(python()),
        sh_quote(&script.display().to_string())
    )
}

/// The Node command (Node.js 20 or later: the adapter uses
/// `String.prototype.isWellFormed`), or `None` when `test` skips (see
/// `requirement`).
fn node_adapter(test: &str) -> Option<String> {
    requirement::require_or_skip(test, requirement::node20(), requirement::INSTALL_NODE)?;
    let script = adapters_dir().join("node/adapter.js");
    Some(format!("node {}", sh_quote(&script.display().to_string())))
}

/// Every family/version of the corpus.
fn corpus_families() -> BTreeSet<String> {
    load_corpus(&default_root())
        .expect("the corpus loads")
        .iter()
        .map(|c| format!("{}/{}", c.family, c.version))
        .collect()
}

/// Certifies `command` as `role` with `adapters/<lang>/<list>` and checks
/// the run: exit 0, persistent, no fault, every family declared.
fn certify_example(command: &str, role: &str, list: &Path) -> Run {
    let list = list.display().to_string();
    let run = certify(
        &[
            "--adapter",
            command,
            "--role",
            role,
            "--expected-failures",
            &list,
        ],
        &[],
    );
    assert_eq!(
        run.code, 0,
        "`{command}` as {role} with {list}: exit {}\n{}\n{}",
        run.code, run.stdout, run.stderr
    );
    let results = run.results();
    assert_eq!(results["connection"]["mode"], "persistent");
    assert_eq!(results["connection"]["restarts"], 0);
    let total = &results["summary"]["total"];
    for fault in [
        "crash",
        "timeout",
        "protocol_error",
        "skipped",
        "unsupported",
    ] {
        assert_eq!(total[fault], 0, "{fault} cases as {role}: {total}");
    }
    let declared: BTreeSet<String> = results["implementation"]["families"]
        .as_object()
        .expect("declared families")
        .iter()
        .flat_map(|(family, versions)| {
            versions
                .as_array()
                .expect("versions")
                .iter()
                .map(move |v| format!("{family}/{}", v.as_str().expect("a version")))
        })
        .collect();
    assert_eq!(declared, corpus_families(), "families declared as {role}");
    run
}

/// How many cases the run lists as expected failures.
fn expected_failures(run: &Run) -> u64 {
    run.results()["summary"]["total"]["expected_failures"]
        .as_u64()
        .expect("a count")
}

#[test]
fn python_reader_certifies_with_its_expected_failures() {
    let list = adapters_dir().join("python/expected-failures.txt");
    certify_example(&python_adapter(), "reader", &list);
}

#[test]
fn python_writer_certifies_with_its_expected_failures() {
    let list = adapters_dir().join("python/expected-failures.writer.txt");
    certify_example(&python_adapter(), "writer", &list);
}

#[test]
fn node_reader_certifies_with_its_expected_failures() {
    let Some(node) =
        node_adapter("example_adapters::node_reader_certifies_with_its_expected_failures")
    else {
        return;
    };
    let list = adapters_dir().join("node/expected-failures.txt");
    let run = certify_example(&node, "reader", &list);
    // JSON.parse's doubles and last-value-wins duplicates are visible.
    assert!(expected_failures(&run) > 0);
    for id in [
        "replay_audit/v1/bound.input.last_n.max-plus-1",
        "runtime/v1/duplicate-key",
    ] {
        assert_eq!(run.case(id)["status"], "expected_failure", "{id}");
    }
}

#[test]
fn node_writer_certifies_with_its_expected_failures() {
    let Some(node) =
        node_adapter("example_adapters::node_writer_certifies_with_its_expected_failures")
    else {
        return;
    };
    let list = adapters_dir().join("node/expected-failures.writer.txt");
    let run = certify_example(&node, "writer", &list);
    // A u64 model value past 2^53 does not survive JSON.parse.
    assert_eq!(
        run.case("replay_audit/v1/bound.input.last_n.max")["status"],
        "expected_failure"
    );
}
