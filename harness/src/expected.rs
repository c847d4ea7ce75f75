//! The expected-failures file: how an implementer certifies step by step.
//! One case id or glob per line, `# reason` after it; blank lines and
//! `#` lines are comments. A listed case that fails does not fail the run;
//! a listed case that passes does (so the list stays true). Globs use `*`
//! within one id segment, `**` across segments, `?` and `[..]` classes.
//! The file can be rewritten from a run's results ([`ExpectedFailures::rewrite`]).

use crate::results::{CaseResult, Status};
use globset::{GlobBuilder, GlobMatcher};
use std::collections::BTreeMap;
use std::path::Path;

/// One listed id or glob.
#[derive(Debug, Clone)]
pub struct Entry {
    pub pattern: String,
    pub reason: Option<String>,
    /// 1-based line in the file.
    pub line: usize,
    matcher: GlobMatcher,
}

impl Entry {
    pub fn matches(&self, id: &str) -> bool {
        self.matcher.is_match(id)
    }

    /// Whether the pattern is a glob rather than one exact id.
    pub fn is_glob(&self) -> bool {
        self.pattern.contains(['*', '?', '[', '{'])
    }

    fn render(&self) -> String {
        render_line(&self.pattern, self.reason.as_deref())
    }
}

fn render_line(pattern: &str, reason: Option<&str>) -> String {
    match reason {
        Some(r) if !r.is_empty() => format!("{pattern}  # {r}"),
        _ => pattern.to_string(),
    }
}

/// A parsed expected-failures file.
#[derive(Debug, Clone, Default)]
pub struct ExpectedFailures {
    pub entries: Vec<Entry>,
    /// Comment and blank lines before the first entry, kept on rewrite.
    header: Vec<String>,
}

const DEFAULT_HEADER: &[&str] = &[
    "# conformkit expected failures: one case id or glob per line, `# reason` after it.",
    "# A listed case that passes fails the run; `conformkit certify --update-expected-failures` rewrites this file.",
];

impl ExpectedFailures {
    /// Parses the file's text; errors name the line.
    pub fn parse(text: &str) -> Result<ExpectedFailures, String> {
        let mut list = ExpectedFailures::default();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                if list.entries.is_empty() {
                    list.header.push(raw.trim_end().to_string());
                }
                continue;
            }
            let (pattern, reason) = match line.split_once('#') {
                Some((p, r)) => (p.trim(), Some(r.trim().to_string())),
                None => (line, None),
            };
            if pattern.contains(char::is_whitespace) {
                return Err(format!(
                    "line {}: `{pattern}` is not one case id or glob (put the reason after `#`)",
                    i + 1
                ));
            }
            let matcher = GlobBuilder::new(pattern)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("line {}: bad glob `{pattern}`: {e}", i + 1))?
                .compile_matcher();
            list.entries.push(Entry {
                pattern: pattern.to_string(),
                reason: reason.filter(|r| !r.is_empty()),
                line: i + 1,
                matcher,
            });
        }
        Ok(list)
    }

    /// Reads and parses `path`.
    pub fn load(path: &Path) -> Result<ExpectedFailures, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        ExpectedFailures::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The first entry listing `id`.
    pub fn lookup(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.matches(id))
    }

    /// `Some(reason)` when `id` is listed.
    pub fn listing(&self, id: &str) -> Option<Option<String>> {
        self.lookup(id).map(|e| e.reason.clone())
    }

    /// Entries that match none of `ids` (typos, or cases that never existed).
    pub fn unmatched<'a>(&'a self, ids: &[&str]) -> Vec<&'a Entry> {
        self.entries
            .iter()
            .filter(|e| !ids.iter().any(|id| e.matches(id)))
            .collect()
    }

    /// The file rewritten from `cases` (settled results of a run at
    /// `level`): entries about cases outside the run are kept as they are;
    /// a glob whose matching cases all still fail is kept; every other
    /// failing case is listed by its id, with the reason of the entry that
    /// listed it or, when new, its outcome and the first line of its detail.
    pub fn rewrite(&self, cases: &[CaseResult], level: u8) -> String {
        let counted: Vec<&CaseResult> = cases
            .iter()
            .filter(|c| c.status != Status::Unsupported)
            .collect();
        let fails = |c: &CaseResult| !c.passes(level);
        let mut lines: BTreeMap<String, String> = BTreeMap::new();
        let mut kept_globs: Vec<&Entry> = Vec::new();
        for entry in &self.entries {
            let matched: Vec<&&CaseResult> =
                counted.iter().filter(|c| entry.matches(&c.id)).collect();
            if matched.is_empty() || (entry.is_glob() && matched.iter().all(|c| fails(c))) {
                lines.insert(entry.pattern.clone(), entry.render());
                kept_globs.push(entry);
            }
        }
        for case in counted.iter().filter(|c| fails(c)) {
            if kept_globs.iter().any(|e| e.matches(&case.id)) {
                continue;
            }
            let reason = match self.lookup(&case.id).and_then(|e| e.reason.clone()) {
                Some(r) => r,
                None => auto_reason(case),
            };
            lines.insert(case.id.clone(), render_line(&case.id, Some(&reason)));
        }
        let mut out = String::new();
        let mut header: Vec<String> = if self.header.iter().any(|h| !h.trim().is_empty()) {
            self.header.clone()
        } else {
            DEFAULT_HEADER.iter().map(|s| s.to_string()).collect()
        };
        while header.last().is_some_and(|h| h.trim().is_empty()) {
            header.pop();
        }
        for h in &header {
            out.push_str(h);
            out.push('\n');
        }
        for line in lines.values() {
            out.push_str(line);
            out.push('\n');
        }
        out
    }
}

/// `crash: the program exited ...`: a one-line reason from a result.
fn auto_reason(case: &CaseResult) -> String {
    let first = case
        .detail
        .as_deref()
        .and_then(|d| d.lines().next())
        .unwrap_or("");
    let mut reason = format!("{}: {first}", case.outcome.as_str());
    if reason.chars().count() > 120 {
        reason = reason.chars().take(117).collect::<String>() + "...";
    }
    reason.trim_end_matches([' ', ':']).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adapter::Role;
    use crate::corpus::Expect;
    use crate::results::Outcome;

    fn result(id: &str, pass: bool) -> CaseResult {
        let mut c = CaseResult {
            id: id.into(),
            family: "f".into(),
            version: "v1".into(),
            role: Role::Reader,
            expect: Expect::Accept,
            tags: vec![],
            clauses: vec![],
            expected_error_class: None,
            outcome: if pass {
                Outcome::Accepted
            } else {
                Outcome::Crash
            },
            actual_error_class: None,
            level1: pass,
            level2: pass,
            expected_failure: false,
            expected_failure_reason: None,
            status: Status::Fail,
            detail: (!pass)
                .then(|| "the program exited (exit status 1) without answering\nmore".into()),
            stderr: None,
            duration_ms: 0.0,
        };
        c.settle(2, None);
        c
    }

    #[test]
    fn parses_ids_globs_and_reasons() {
        let list = ExpectedFailures::parse(
            "# header\n\nf/v1/a  # not yet\nf/v1/b*\n# mid comment\ng/**\n",
        )
        .unwrap();
        assert_eq!(list.entries.len(), 3);
        assert_eq!(list.listing("f/v1/a"), Some(Some("not yet".into())));
        assert_eq!(list.listing("f/v1/bee"), Some(None));
        assert_eq!(list.listing("f/v1/c"), None);
        assert_eq!(list.listing("g/v2/x"), Some(None));
        // `*` stays within one segment.
        assert_eq!(
            ExpectedFailures::parse("f/*").unwrap().listing("f/v1/a"),
            None
        );
        assert!(ExpectedFailures::parse("f/v1/a b")
            .unwrap_err()
            .starts_with("line 1"));
        assert!(ExpectedFailures::parse("f/v1/[a").is_err());
        let unmatched = list.unmatched(&["f/v1/a", "f/v1/bx"]);
        assert_eq!(unmatched.len(), 1);
        assert_eq!(unmatched[0].line, 6);
    }

    #[test]
    fn rewrite_keeps_true_entries_and_lists_new_failures() {
        let list = ExpectedFailures::parse(
            "# mine\nf/v1/a  # known\nf/v1/b  # fixed now\nf/v1/g*  # family gap\nf/v1/h*  # half fixed\nother/v1/x  # elsewhere\n",
        )
        .unwrap();
        let cases = vec![
            result("f/v1/a", false),
            result("f/v1/b", true),
            result("f/v1/g1", false),
            result("f/v1/g2", false),
            result("f/v1/h1", false),
            result("f/v1/h2", true),
            result("f/v1/new", false),
            result("f/v1/ok", true),
        ];
        assert_eq!(
            list.rewrite(&cases, 2),
            "# mine\n\
             f/v1/a  # known\n\
             f/v1/g*  # family gap\n\
             f/v1/h1  # half fixed\n\
             f/v1/new  # crash: the program exited (exit status 1) without answering\n\
             other/v1/x  # elsewhere\n"
        );
        let fresh = ExpectedFailures::default().rewrite(&cases[..1], 2);
        assert!(fresh.starts_with("# conformkit expected failures"));
        assert!(fresh
            .ends_with("f/v1/a  # crash: the program exited (exit status 1) without answering\n"));
    }
}
