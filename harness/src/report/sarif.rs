//! SARIF 2.1.0 for a certification run (`certify --sarif FILE`), the format
//! code-scanning views read: one result per case that fails the run or is
//! listed as an expected failure (those carry an external suppression with
//! the list's reason). A result names the case id, what the case expects
//! and what the implementation did, under one rule per kind of failure.
//! The types are `serde-sarif`'s.

use super::{expect_text, outcome_text, why_text};
use crate::results::{CaseResult, RunResult, Status};
use serde_json::json;
use serde_sarif::sarif::{
    ArtifactLocation, Location, LogicalLocation, Message, MultiformatMessageString,
    PhysicalLocation, PropertyBag, ReportingDescriptor, Result as SarifResult, ResultLevel, Run,
    RunAutomationDetails, Sarif, Suppression, Tool, ToolComponent,
};
use std::collections::BTreeMap;

/// The `$schema` written into every log.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The kinds of failure, one SARIF rule each: id, name, description.
const RULES: [(&str, &str, &str); 4] = [
    (
        "conformkit/wrong-verdict",
        "WrongVerdict",
        "The implementation accepted an input it must reject, rejected one it must accept, or produced the wrong model or artifact (level 1).",
    ),
    (
        "conformkit/wrong-error-class",
        "WrongErrorClass",
        "The implementation rejected the input as it must, but with the wrong error class (level 2).",
    ),
    (
        "conformkit/fault",
        "Fault",
        "The implementation crashed, timed out or broke the adapter protocol on the case, or was given up on before it.",
    ),
    (
        "conformkit/unexpected-pass",
        "UnexpectedPass",
        "The case passes but is listed in the expected-failures file, which must stay true.",
    ),
];

/// The rule a case falls under.
fn rule_of(case: &CaseResult) -> &'static str {
    if case.status == Status::UnexpectedPass {
        RULES[3].0
    } else if case.outcome.is_fault() {
        RULES[2].0
    } else if !case.level1 {
        RULES[0].0
    } else {
        RULES[1].0
    }
}

/// Whether a case gets a result.
fn reported(case: &CaseResult) -> bool {
    case.status.fails_run() || case.status == Status::ExpectedFailure
}

fn text(s: impl Into<String>) -> Message {
    Message::builder().text(s.into()).build()
}

fn property_bag(values: BTreeMap<String, serde_json::Value>) -> PropertyBag {
    PropertyBag::builder().additional_properties(values).build()
}

fn result(case: &CaseResult) -> SarifResult {
    let message = format!(
        "{}: expected {}, the implementation {}{}",
        case.id,
        expect_text(case),
        outcome_text(case),
        match why_text(case) {
            why if why.is_empty() => String::new(),
            why => format!(": {why}"),
        }
    );
    let location = Location::builder()
        .physical_location(
            PhysicalLocation::builder()
                .artifact_location(
                    ArtifactLocation::builder()
                        .uri(format!("corpus/{}/case.json", case.id))
                        .build(),
                )
                .build(),
        )
        .logical_locations(vec![LogicalLocation::builder()
            .fully_qualified_name(case.id.clone())
            .kind("conformanceCase")
            .build()])
        .build();
    let properties = BTreeMap::from([
        ("caseId".to_string(), json!(case.id)),
        ("role".to_string(), json!(case.role)),
        ("expect".to_string(), json!(case.expect)),
        (
            "expectedErrorClass".to_string(),
            json!(case.expected_error_class),
        ),
        ("outcome".to_string(), json!(case.outcome)),
        (
            "actualErrorClass".to_string(),
            json!(case.actual_error_class),
        ),
        ("status".to_string(), json!(case.status)),
        ("detail".to_string(), json!(case.detail)),
    ]);
    let builder = SarifResult::builder()
        .rule_id(rule_of(case))
        .rule_index(RULES.iter().position(|r| r.0 == rule_of(case)).unwrap_or(0) as i64)
        .level(ResultLevel::Error)
        .message(text(message))
        .locations(vec![location])
        .partial_fingerprints(BTreeMap::from([(
            "conformkitCase/v1".to_string(),
            format!("{}:{}", case.id, json!(case.role).as_str().unwrap_or("")),
        )]))
        .properties(property_bag(properties));
    if case.status == Status::ExpectedFailure {
        let suppression = Suppression::builder()
            .kind(json!("external"))
            .justification(
                case.expected_failure_reason
                    .clone()
                    .unwrap_or_else(|| "listed in the expected-failures file".to_string()),
            )
            .build();
        builder.suppressions(vec![suppression]).build()
    } else {
        builder.build()
    }
}

/// The SARIF log of `run`, pretty-printed JSON with a final newline.
pub fn render(run: &RunResult) -> String {
    let rules = RULES
        .iter()
        .map(|(id, name, description)| {
            ReportingDescriptor::builder()
                .id(*id)
                .name(*name)
                .short_description(
                    MultiformatMessageString::builder()
                        .text(*description)
                        .build(),
                )
                .build()
        })
        .collect::<Vec<_>>();
    let driver = ToolComponent::builder()
        .name("conformkit")
        .version(run.kit.version.clone())
        .rules(rules)
        .build();
    let run_properties = BTreeMap::from([
        (
            "implementation".to_string(),
            json!(run.implementation.implementation),
        ),
        ("role".to_string(), json!(run.role)),
        ("level".to_string(), json!(run.level)),
        (
            "corpusFingerprint".to_string(),
            json!(run.corpus.fingerprint),
        ),
        ("verdict".to_string(), json!(super::verdict(run))),
    ]);
    let results: Vec<SarifResult> = run
        .cases
        .iter()
        .filter(|c| reported(c))
        .map(result)
        .collect();
    let sarif_run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .automation_details(
            RunAutomationDetails::builder()
                .id(format!(
                    "conformkit/certify/{}/",
                    json!(run.role).as_str().unwrap_or("")
                ))
                .build(),
        )
        .results(results)
        .properties(property_bag(run_properties))
        .build();
    let log = Sarif::builder()
        .schema(SCHEMA_URI)
        .version(json!("2.1.0"))
        .runs(vec![sarif_run])
        .build();
    let mut out = serde_json::to_string_pretty(&log).expect("a SARIF log serializes");
    out.push('\n');
    out
}
