//! Judging one reader outcome against a case's expectation, at conformance
//! level 1 (accept/reject and the model) and level 2 (the error class too),
//! with a readable diff when models differ.

use crate::corpus::{Case, Expect};
use conformkit_reference::ErrorClass;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What a reader did with a case's input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ReadOutcome {
    /// It accepted and produced this normalized model.
    Accepted { model: Value },
    /// It rejected; `class` is `None` when the reader gave no known class.
    Rejected {
        class: Option<ErrorClass>,
        message: String,
    },
}

/// The judgement of one outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// Accept/reject right, and the model right when accepted.
    pub level1: bool,
    /// Level 1, and the error class right when rejected.
    pub level2: bool,
    /// Why it failed: the diff, or what was expected and what happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl Verdict {
    fn pass() -> Verdict {
        Verdict {
            level1: true,
            level2: true,
            detail: None,
        }
    }
    fn fail(detail: String) -> Verdict {
        Verdict {
            level1: false,
            level2: false,
            detail: Some(detail),
        }
    }
}

/// Judges `outcome` for `case`.
pub fn judge(case: &Case, outcome: &ReadOutcome) -> Verdict {
    let class_name = |c: Option<ErrorClass>| {
        c.map_or("an unclassified error".to_string(), |c| {
            c.as_str().to_string()
        })
    };
    match (case.meta.expect, outcome) {
        (Expect::Accept | Expect::Either, ReadOutcome::Accepted { model }) => {
            let expected = case
                .expected
                .as_ref()
                .expect("loader guarantees expected.json");
            if model == expected {
                Verdict::pass()
            } else {
                Verdict::fail(format!(
                    "accepted, but the model differs from expected.json:\n{}",
                    diff_models(expected, model)
                ))
            }
        }
        (Expect::Accept, ReadOutcome::Rejected { class, message }) => Verdict::fail(format!(
            "expected accept, rejected as {}: {message}",
            class_name(*class)
        )),
        (Expect::Reject, ReadOutcome::Accepted { .. }) => Verdict::fail(format!(
            "expected reject ({}), accepted",
            class_name(case.meta.error_class)
        )),
        (Expect::Reject | Expect::Either, ReadOutcome::Rejected { class, message }) => {
            if *class == case.meta.error_class {
                Verdict::pass()
            } else {
                Verdict {
                    level1: true,
                    level2: false,
                    detail: Some(format!(
                        "rejected as {}, expected {}: {message}",
                        class_name(*class),
                        class_name(case.meta.error_class)
                    )),
                }
            }
        }
    }
}

/// A unified line diff of two models, pretty-printed.
pub fn diff_models(expected: &Value, actual: &Value) -> String {
    let left = serde_json::to_string_pretty(expected).unwrap_or_default() + "\n";
    let right = serde_json::to_string_pretty(actual).unwrap_or_default() + "\n";
    similar::TextDiff::from_lines(&left, &right)
        .unified_diff()
        .context_radius(3)
        .header("expected", "actual")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::CaseMeta;
    use serde_json::json;

    fn case(expect: Expect, class: Option<ErrorClass>, expected: Option<Value>) -> Case {
        Case {
            id: "f/v1/c".into(),
            family: "f".into(),
            version: "v1".into(),
            name: "c".into(),
            dir: "x".into(),
            meta: CaseMeta {
                description: String::new(),
                expect,
                error_class: class,
                tags: vec![],
                seed: String::new(),
                since: "v1".into(),
                deprecated: false,
            },
            input: "x".into(),
            expected,
        }
    }

    fn rejected(class: ErrorClass) -> ReadOutcome {
        ReadOutcome::Rejected {
            class: Some(class),
            message: "m".into(),
        }
    }

    #[test]
    fn levels() {
        let acc = case(Expect::Accept, None, Some(json!({"a": 1})));
        assert!(
            judge(
                &acc,
                &ReadOutcome::Accepted {
                    model: json!({"a": 1})
                }
            )
            .level2
        );
        let wrong = judge(
            &acc,
            &ReadOutcome::Accepted {
                model: json!({"a": 2}),
            },
        );
        assert!(!wrong.level1);
        assert!(wrong.detail.unwrap().contains("-  \"a\": 1"));
        assert!(!judge(&acc, &rejected(ErrorClass::Syntax)).level1);

        let rej = case(Expect::Reject, Some(ErrorClass::MissingField), None);
        assert!(judge(&rej, &rejected(ErrorClass::MissingField)).level2);
        let v = judge(&rej, &rejected(ErrorClass::WrongType));
        assert!(v.level1 && !v.level2);
        assert!(!judge(&rej, &ReadOutcome::Accepted { model: json!({}) }).level1);

        let either = case(Expect::Either, Some(ErrorClass::Encoding), Some(json!(1)));
        assert!(judge(&either, &ReadOutcome::Accepted { model: json!(1) }).level2);
        assert!(judge(&either, &rejected(ErrorClass::Encoding)).level2);
        assert!(!judge(&either, &rejected(ErrorClass::Syntax)).level2);
    }
}
