//! Compile report JSON v1 (seed 000, "Compile report JSON v1", producer type
//! `byteor-pipeline-ir::CompileReportV1`): the compiled `spec`
//! (PipelineSpecV1) and the compiler's `diagnostics` (see [`diagnostic`]).
//!
//! The seed defines none of PipelineSpecV1's fields, so `spec` must be a JSON
//! object and is kept whole in the model, exactly as written (D-CR-1). The
//! document has no version marker (D-CR-4).

pub mod diagnostic;

use crate::error::WriteError;
use crate::error::{ErrorClass, ReadError};
use crate::family::{FamilyInfo, Format, Input, Shape, Written};
use crate::json::decode::type_name;
use crate::json::{parse_document, Node};
use crate::limits::Limits;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use diagnostic::{CompileDiagnostic, KNOWN_KINDS};

/// The whole report, fields in the seed's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompileReport {
    /// PipelineSpecV1, opaque: every member kept, numbers as exact literals.
    pub spec: Map<String, Value>,
    pub diagnostics: Vec<CompileDiagnostic>,
}

/// Reads the opaque `spec` object whole.
fn opaque_object(node: &Node<'_>) -> Result<Map<String, Value>, ReadError> {
    match node.value() {
        Value::Object(map) => Ok(map.clone()),
        other => Err(
            ReadError::new(ErrorClass::WrongType, "object (PipelineSpecV1)")
                .at(node.path())
                .found(type_name(other)),
        ),
    }
}

/// Reads a parsed compile report.
pub fn decode(root: &Node<'_>) -> Result<CompileReport, ReadError> {
    let o = root.obj()?;
    Ok(CompileReport {
        spec: o.req("spec", opaque_object)?,
        diagnostics: o.req("diagnostics", |n| n.array(CompileDiagnostic::decode))?,
    })
}

/// The family registration.
pub struct CompileReportV1;

impl Format for CompileReportV1 {
    type Doc = CompileReport;
    const INFO: FamilyInfo = FamilyInfo {
        id: "compile_report",
        version: "v1",
        shape: Shape::File { ext: "json" },
        title: "Compile report JSON: the compiled pipeline spec and the compiler's diagnostics",
        seed: "000_1930ef76aad66ae9.txt",
        version_marker: None,
    };
    fn read(input: Input<'_>, limits: &Limits) -> Result<CompileReport, ReadError> {
        decode(&Node::root(&parse_document(input.bytes()?, limits)?))
    }
    fn write(doc: &CompileReport) -> Result<Written, WriteError> {
        Ok(Written::File(crate::families::write::pretty_json(doc)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorClass;

    fn err(text: &str) -> ReadError {
        CompileReportV1::read(Input::Bytes(text.as_bytes()), &Limits::default()).unwrap_err()
    }

    #[test]
    fn errors_name_their_field() {
        let d = r#"{"kind": "inserted_merge", "role": "r", "input_lanes": [], "output_lanes": [], "message": "m"}"#;
        let e = err(&format!(
            r#"{{"spec": {{}}, "diagnostics": [{d}, {d}, {{"kind": "k", "input_lanes": [], "output_lanes": [], "message": "m"}}]}}"#
        ));
        assert_eq!(e.class, ErrorClass::MissingField);
        assert_eq!(e.path.as_deref(), Some("diagnostics[2].role"));

        let e = err(r#"{"spec": [], "diagnostics": []}"#);
        assert_eq!(e.class, ErrorClass::WrongType);
        assert_eq!(e.path.as_deref(), Some("spec"));
        assert_eq!(e.found.as_deref(), Some("array"));
    }

    #[test]
    fn spec_is_kept_whole_with_exact_numbers() {
        let text = r#"{"spec": {"b": [1.50, {"z": null}], "a": 340282366920938463463374607431768211456}, "diagnostics": []}"#;
        let doc = CompileReportV1::read(Input::Bytes(text.as_bytes()), &Limits::default())
            .expect("valid");
        assert_eq!(
            doc.spec["a"].to_string(),
            "340282366920938463463374607431768211456"
        );
        assert_eq!(doc.spec["b"].to_string(), r#"[1.50,{"z":null}]"#);
    }
}
