//! What one side did with one input, in a form both the reference and the
//! adapter answers fit: accepted with a model, rejected with a class, or
//! (the adapter only) no valid answer at all.

use crate::adapter::{FaultKind, ReadAnswer, Reply};
use conformkit_reference::{ErrorClass, ReadError};
use serde::Serialize;
use serde_json::Value;

/// One reader's answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Answer {
    Accepted {
        model: Value,
    },
    Rejected {
        error_class: Option<ErrorClass>,
        message: String,
    },
    /// A crash, timeout or protocol error: always a finding.
    Fault {
        fault: FaultKind,
        detail: String,
    },
}

impl Answer {
    /// The reference reader's answer.
    pub fn of_reference(result: Result<Value, ReadError>) -> Answer {
        match result {
            Ok(model) => Answer::Accepted { model },
            Err(e) => Answer::Rejected {
                error_class: Some(e.class),
                message: e.to_string(),
            },
        }
    }

    /// An adapter's answer.
    pub fn of_reply(reply: Reply<ReadAnswer>) -> Answer {
        match reply.result {
            Ok(ReadAnswer::Model(model)) => Answer::Accepted { model },
            Ok(ReadAnswer::Rejected(r)) => Answer::Rejected {
                error_class: r.class,
                message: r.message,
            },
            Err(f) => Answer::Fault {
                fault: f.kind,
                detail: f.detail,
            },
        }
    }

    /// `accept`, `reject(class)` or the fault kind: the signature's part.
    pub fn kind(&self) -> String {
        match self {
            Answer::Accepted { .. } => "accept".into(),
            Answer::Rejected { error_class, .. } => format!(
                "reject({})",
                error_class.map_or("unclassified", ErrorClass::as_str)
            ),
            Answer::Fault { fault, .. } => serde_json::to_value(fault)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_else(|| "fault".into()),
        }
    }
}
