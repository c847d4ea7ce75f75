//! Optional tools some tests need (Chromium, Node.js 20, Python's
//! `jsonschema`, ajv): skip or require.
//! When the tool is missing, a test skips with a notice naming the test,
//! what is missing and how to install it, unless `CI=true` (or `CI=1`), in
//! which case it fails: CI machines must have every tool, so `.ci/run`
//! never passes with a test quietly skipped. The notice is written to the
//! process's stderr directly, past libtest's output capture, so it shows
//! in a plain `cargo test` run.

#![allow(dead_code)]

use std::io::Write;
use std::process::Command;

/// What a probe found: the tool's command, or why it cannot be used.
pub type Probe = Result<String, String>;

/// Whether this run is in CI, where a missing tool fails the test.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// What a test does about a tool.
#[derive(Debug, PartialEq)]
pub enum Decision {
    /// Run, with this command.
    Run(String),
    /// Skip, printing this notice.
    Skip(String),
    /// Fail with this message.
    Fail(String),
}

/// The decision for `test` given a probe result and whether this is CI.
pub fn decide(test: &str, probe: Probe, install: &str, ci: bool) -> Decision {
    match probe {
        Ok(command) => Decision::Run(command),
        Err(missing) if ci => Decision::Fail(format!(
            "{test}: {missing}; it is required when CI=true. Install it: {install}"
        )),
        Err(missing) => Decision::Skip(format!(
            "SKIPPED {test}: {missing}. Install it ({install}) to run this test; \
             with CI=true it fails instead."
        )),
    }
}

/// Acts on [`decide`] with this process's CI setting: the command to run,
/// or `None` after printing the notice, or a panic when the test must fail.
pub fn require_or_skip(test: &str, probe: Probe, install: &str) -> Option<String> {
    match decide(test, probe, install, in_ci()) {
        Decision::Run(command) => Some(command),
        Decision::Skip(notice) => {
            let _ = writeln!(std::io::stderr().lock(), "\n{notice}");
            None
        }
        Decision::Fail(message) => panic!("{message}"),
    }
}

/// The first of `names` whose `--version` succeeds, with its output.
fn first_working(names: &[&str]) -> Option<(String, String)> {
    names.iter().find_map(|name| {
        let out = Command::new(name).arg("--version").output().ok()?;
        out.status.success().then(|| {
            (
                name.to_string(),
                String::from_utf8_lossy(&out.stdout).trim().to_string(),
            )
        })
    })
}

/// Chromium for headless rendering (`chromium` or `chromium-browser`).
pub fn chromium() -> Probe {
    first_working(&["chromium", "chromium-browser"])
        .map(|(name, _)| name)
        .ok_or_else(|| {
            "Chromium is not installed (no working `chromium` or `chromium-browser` on PATH)"
                .to_string()
        })
}

/// How to install Chromium.
pub const INSTALL_CHROMIUM: &str =
    "Debian/Ubuntu: `apt-get install -y chromium`; macOS: `brew install --cask chromium`";

/// Node.js 20 or later (`node`).
pub fn node20() -> Probe {
    let Some((name, version)) = first_working(&["node"]) else {
        return Err("Node.js is not installed (no working `node` on PATH)".to_string());
    };
    let major = version
        .strip_prefix('v')
        .and_then(|v| v.split('.').next())
        .and_then(|m| m.parse::<u32>().ok());
    match major {
        Some(m) if m >= 20 => Ok(name),
        _ => Err(format!(
            "`node --version` says {version:?}; Node.js 20 or later is needed"
        )),
    }
}

/// How to install Node.js 20.
pub const INSTALL_NODE: &str =
    "Node.js 20 or later from https://nodejs.org or your package manager (e.g. `apt-get install -y nodejs` on Debian 13)";

/// How to install Python's `jsonschema` package.
pub const INSTALL_PYTHON_JSONSCHEMA: &str =
    "`python3 -m pip install jsonschema`, or Debian's python3-jsonschema";

/// `python3` with the `jsonschema` package importable.
pub fn python_jsonschema() -> Probe {
    let ok = Command::new("python3")
        .args(["-c", "import jsonschema"])
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        Ok("python3".to_string())
    } else {
        Err("Python's jsonschema package is not importable by python3".to_string())
    }
}

/// How to install the pinned ajv of `tools/ajv/package.json`.
pub const INSTALL_AJV: &str =
    "Node.js 20 with npm, then `npm ci --prefix tools/ajv` (the version its package-lock.json pins)";

/// `node` (20 or later) with ajv installed in `dir` (`tools/ajv`, whose
/// `node_modules` `npm ci` fills).
pub fn ajv(dir: &std::path::Path) -> Probe {
    let node = node20()?;
    let ok = Command::new(&node)
        .current_dir(dir)
        .args(["-e", "require.resolve('ajv/dist/2020')"])
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        Ok(node)
    } else {
        Err(format!("ajv is not installed in {}", dir.display()))
    }
}
