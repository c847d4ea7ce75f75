//! The JSON Schema 2020-12 keywords a [`Node`] holds beside its core model
//! (types, values, ranges, object and array parts, variants): string
//! `pattern` and `format`, `multipleOf`, `uniqueItems`, `dependentRequired`,
//! `contains` with its counts, `propertyNames`, `not`, and the schemas that
//! apply beside the node itself (`allOf` branches, the keywords beside a
//! `$ref`, `dependentSchemas`, `patternProperties`, `unevaluated*`), each
//! normalized so that equal constraints compare equal.

use super::model::Node;
use super::num::Dec;
use std::collections::{BTreeMap, BTreeSet};

/// `contains` with `minContains` (default 1) and `maxContains`.
#[derive(Debug, Clone, PartialEq)]
pub struct Contains {
    pub node: Node,
    pub min: u64,
    pub max: Option<u64>,
}

/// The keywords of one schema position beyond the core model.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Keywords {
    /// `pattern` (a regular expression, compared as text).
    pub pattern: Option<String>,
    /// `format` (read as an assertion: readers may validate it).
    pub format: Option<String>,
    pub multiple_of: Option<Dec>,
    /// `uniqueItems: true` (`false` is the same as absent).
    pub unique_items: bool,
    /// `dependentRequired`: member → members it requires (empty lists dropped).
    pub dependent_required: BTreeMap<String, BTreeSet<String>>,
    pub contains: Option<Box<Contains>>,
    /// `propertyNames`, with `type: string` dropped (names are strings).
    pub property_names: Option<Box<Node>>,
    pub not: Option<Box<Node>>,
    /// Schemas every value must match as well, by label: `allOf[0]`,
    /// `$ref siblings` (2020-12 applies the keywords beside a `$ref`),
    /// `dependentSchemas[name]` (when the member is present),
    /// `unevaluatedProperties`, `unevaluatedItems`.
    pub conjuncts: BTreeMap<String, Node>,
    /// `patternProperties`: regular expression → schema of matching members.
    pub pattern_properties: BTreeMap<String, Node>,
    /// `x-reserved`: member names removed once, never to be declared again
    /// (buf's `reserved`). An annotation: it admits and rejects nothing.
    pub reserved: BTreeSet<String>,
}

impl Keywords {
    /// Whether no keyword is set.
    pub fn is_empty(&self) -> bool {
        *self == Keywords::default()
    }
}

/// Formats whose values are all values of another format (RFC 3987: every
/// URI is an IRI, ...): `(narrower, wider)`.
const FORMAT_INCLUDED: &[(&str, &str)] = &[
    ("email", "idn-email"),
    ("hostname", "idn-hostname"),
    ("uri", "iri"),
    ("uri", "uri-reference"),
    ("uri", "iri-reference"),
    ("iri", "iri-reference"),
    ("uri-reference", "iri-reference"),
];

/// Whether every value of format `a` is a value of format `b`.
pub fn format_within(a: &str, b: &str) -> bool {
    a == b || FORMAT_INCLUDED.contains(&(a, b))
}
