//! One corpus case: its stable id, its `case.json` metadata and where its
//! input and expected model live.

use conformkit_reference::ErrorClass;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::PathBuf;

/// What a conforming reader must do with a case's input
/// (JSONTestSuite's accept / reject / either split).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expect {
    /// Must accept and produce exactly `expected.json`.
    Accept,
    /// Must reject; level 2 also requires `error_class`.
    Reject,
    /// Both answers are defensible (the seed is silent): accepting must give
    /// `expected.json`, rejecting must give `error_class`. The reference
    /// reader's pinned choice is recorded in DECISIONS.md.
    Either,
}

impl Expect {
    pub fn as_str(self) -> &'static str {
        match self {
            Expect::Accept => "accept",
            Expect::Reject => "reject",
            Expect::Either => "either",
        }
    }
}

/// The contents of `case.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseMeta {
    /// One sentence on what the case checks.
    pub description: String,
    pub expect: Expect,
    /// The class a rejection must carry (required for `reject`; for
    /// `either`, the class if the reader rejects).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_class: Option<ErrorClass>,
    /// Case kinds (`minimal`, `missing-field`, `bound`, ...), free-form beyond those.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The seed clause the case covers: `<seed file> § <section>: <line>`.
    pub seed: String,
    /// The family version that introduced the case.
    pub since: String,
    /// A deprecated case is still run and reported, never deleted.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
}

/// A loaded case.
#[derive(Debug, Clone)]
pub struct Case {
    /// `<family>/<version>/<name>`: stable forever.
    pub id: String,
    pub family: String,
    pub version: String,
    pub name: String,
    pub dir: PathBuf,
    pub meta: CaseMeta,
    /// `input.<ext>` or `input/`.
    pub input: PathBuf,
    /// The normalized model a reader must produce, for accept and either cases.
    pub expected: Option<Value>,
}

impl Case {
    pub fn has_tag(&self, tag: &str) -> bool {
        self.meta.tags.iter().any(|t| t == tag)
    }
}
