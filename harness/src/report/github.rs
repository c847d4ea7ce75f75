//! GitHub Actions annotations for a certification run
//! (`certify --github-annotations`): one `::error` workflow command per case
//! that fails the run, naming the case id, what it expects and what the
//! implementation did, and one `::notice` for the verdict. Expected
//! failures are not annotated (the summary counts them).

use super::{expect_text, outcome_text, verdict, why_text};
use crate::results::RunResult;
use crate::workflow_commands::{data, property};

/// The workflow commands for `run`, one a line.
pub fn render(run: &RunResult) -> String {
    let mut out = String::new();
    for case in run.cases.iter().filter(|c| c.status.fails_run()) {
        let why = why_text(case);
        out.push_str(&format!(
            "::error title={}::{}\n",
            property(&format!("conformkit: {}", case.id)),
            data(&format!(
                "expected {}, the implementation {}{}",
                expect_text(case),
                outcome_text(case),
                if why.is_empty() {
                    String::new()
                } else {
                    format!(": {why}")
                }
            ))
        ));
    }
    out.push_str(&format!(
        "::notice title=conformkit::{}\n",
        data(&format!(
            "{}: {} ({} cases, corpus {})",
            run.implementation.implementation.name,
            verdict(run),
            run.corpus.selected,
            run.corpus.fingerprint
        ))
    ));
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes() {
        assert_eq!(super::data("a%b\nc\r"), "a%25b%0Ac%0D");
        assert_eq!(super::property("a:b,c"), "a%3Ab%2Cc");
    }
}
