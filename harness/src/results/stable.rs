//! Reproducible results (`conformkit certify --stable`): everything that
//! changes from one run to the next on the same machine and corpus is
//! removed, so reports committed to a repository do not churn. Timings
//! become 0, the start time becomes the epoch, and the paths of the run's
//! temporary directory and of the working directory, which adapters may
//! echo in messages, become the placeholders `$SANDBOX` and `$CWD` (the
//! working directory also in the adapter command and the expected-failures
//! path, as given on the command line).

use super::RunResult;
use std::path::{Path, PathBuf};

/// The start time recorded by a stable run.
pub const STABLE_STARTED_AT: &str = "1970-01-01T00:00:00.000Z";

/// Prefix of the run's temporary directory name (see `certify::Sandbox`).
const SANDBOX_PREFIX: &str = "conformkit-";

impl RunResult {
    /// Makes the run reproducible (see the module doc) and records it in
    /// `options.stable`.
    pub fn make_stable(&mut self) {
        let mut temp = spellings(&std::env::temp_dir());
        temp.extend(spellings(&crate::scratch::scratch_base()));
        temp.sort_by_key(|s| std::cmp::Reverse(s.len()));
        temp.dedup();
        let cwd = std::env::current_dir()
            .map(|d| spellings(&d))
            .unwrap_or_default();
        self.options.stable = true;
        for text in [
            &mut self.connection.command,
            &mut self.options.expected_failures,
        ]
        .into_iter()
        .flatten()
        {
            *text = redact(text, &[], &cwd);
        }
        self.started_at = STABLE_STARTED_AT.to_string();
        self.duration_ms = 0.0;
        for case in &mut self.cases {
            case.duration_ms = 0.0;
            for text in [&mut case.detail, &mut case.stderr].into_iter().flatten() {
                *text = redact(text, &temp, &cwd);
            }
        }
    }
}

/// `dir` as given and canonicalized (an adapter may resolve symlinks), as
/// UTF-8 strings without a trailing separator, longest first.
fn spellings(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = [Some(dir.to_path_buf()), dir.canonicalize().ok()]
        .into_iter()
        .flatten()
        .filter_map(|p: PathBuf| p.to_str().map(|s| s.trim_end_matches('/').to_string()))
        .filter(|s| !s.is_empty())
        .collect();
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out.dedup();
    out
}

/// `text` with every `<temp>/conformkit-XXXXXX` replaced by `$SANDBOX` and
/// then every `<cwd>` by `$CWD`.
fn redact(text: &str, temp: &[String], cwd: &[String]) -> String {
    let mut out = text.to_string();
    for t in temp {
        out = replace_sandbox(&out, &format!("{t}/{SANDBOX_PREFIX}"));
    }
    for c in cwd {
        // The root directory as working directory would redact every path.
        if c.len() > 1 {
            out = out.replace(c.as_str(), "$CWD");
        }
    }
    out
}

/// Replaces `prefix` followed by its random alphanumeric suffix.
fn replace_sandbox(text: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(prefix) {
        out.push_str(&rest[..at]);
        let after = &rest[at + prefix.len()..];
        let suffix = after
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(after.len());
        if suffix == 0 {
            // Not a sandbox name: keep the text as it was.
            out.push_str(prefix);
        } else {
            out.push_str("$SANDBOX");
        }
        rest = &after[suffix..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sandbox_and_cwd_paths_are_replaced() {
        let temp = vec!["/tmp".to_string()];
        let cwd = vec!["/home/me/repo".to_string()];
        assert_eq!(
            redact(
                "cannot read /tmp/conformkit-Ab12Cd/7/input.json (from /home/me/repo/a.py)",
                &temp,
                &cwd
            ),
            "cannot read $SANDBOX/7/input.json (from $CWD/a.py)"
        );
        assert_eq!(
            redact("/tmp/conformkit-/x and /tmp/other", &temp, &cwd),
            "/tmp/conformkit-/x and /tmp/other"
        );
        assert_eq!(
            redact("/tmp/conformkit-A /tmp/conformkit-B", &temp, &[]),
            "$SANDBOX $SANDBOX"
        );
        assert_eq!(redact("/x", &[], &["/".to_string()]), "/x");
    }
}
