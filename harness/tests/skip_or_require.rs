//! The skip-or-require rule of `requirement` (used by the Chromium and Node
//! tests): with a tool missing, a test skips with a visible notice outside
//! CI and fails with `CI=true`. Shown on the decision itself, and end to
//! end by running this test binary's own ignored `child` test with a PATH
//! that has neither Node nor Chromium, once outside CI and once in it.

mod requirement;

use requirement::{decide, Decision, INSTALL_NODE};
use std::process::{Command, Output};

#[test]
fn a_present_tool_runs_in_and_outside_ci() {
    for ci in [false, true] {
        let got = decide("t", Ok("node".to_string()), INSTALL_NODE, ci);
        assert_eq!(got, Decision::Run("node".to_string()));
    }
}

#[test]
fn a_missing_tool_skips_outside_ci_and_fails_in_ci() {
    let missing = || Err("Node.js is not installed".to_string());
    let Decision::Skip(notice) = decide("mod::t", missing(), INSTALL_NODE, false) else {
        panic!("outside CI a missing tool skips");
    };
    let Decision::Fail(message) = decide("mod::t", missing(), INSTALL_NODE, true) else {
        panic!("in CI a missing tool fails");
    };
    for text in [&notice, &message] {
        for part in [
            "mod::t",
            "Node.js is not installed",
            "CI=true",
            INSTALL_NODE,
        ] {
            assert!(text.contains(part), "{part:?} not in {text:?}");
        }
    }
}

/// Probes both tools for real; run by the tests below with an empty PATH.
#[test]
#[ignore = "run by the end-to-end tests of this file with a PATH lacking node and chromium"]
fn child() {
    let node = requirement::require_or_skip("child(node)", requirement::node20(), INSTALL_NODE);
    let chromium = requirement::require_or_skip(
        "child(chromium)",
        requirement::chromium(),
        requirement::INSTALL_CHROMIUM,
    );
    assert!(
        node.is_none() && chromium.is_none(),
        "tools found on an empty PATH"
    );
}

/// Runs `child` with an empty PATH and `CI` set to `ci` (or unset).
fn run_child(ci: Option<&str>) -> (Output, String) {
    let empty = tempfile::tempdir().unwrap();
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["--ignored", "--exact", "child", "--test-threads=1"])
        .env("PATH", empty.path())
        .env_remove("CI");
    if let Some(ci) = ci {
        command.env("CI", ci);
    }
    let out = command.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out, text)
}

#[test]
fn outside_ci_a_missing_tool_skips_with_a_notice_past_the_capture() {
    let (out, text) = run_child(None);
    assert!(out.status.success(), "{text}");
    // Printed although libtest captures the passing test's output.
    assert!(
        text.contains("SKIPPED child(node): Node.js is not installed")
            && text.contains("SKIPPED child(chromium): Chromium is not installed")
            && text.contains("nodejs.org")
            && text.contains("apt-get install -y chromium"),
        "{text}"
    );
}

#[test]
fn in_ci_a_missing_tool_fails_the_test() {
    for ci in ["true", "1"] {
        let (out, text) = run_child(Some(ci));
        assert!(!out.status.success(), "CI={ci}: {text}");
        assert!(
            text.contains("child(node): Node.js is not installed")
                && text.contains("it is required when CI=true"),
            "CI={ci}: {text}"
        );
    }
}
