//! The normalized schema model the gate compares: one [`SchemaDoc`] per
//! family version, whatever its file format. A JSON Schema becomes a tree of
//! [`Node`]s (types, integer width and ranges, nullability, enum values,
//! object fields with required flags and an open or closed content model,
//! array items, variants, conditionals); a KV key schema becomes a flat
//! [`KvSchema`] (keys, patterns, cross-key groups); a bundle file schema a
//! flat [`BundleSchema`].

use super::num::Dec;
use std::collections::{BTreeMap, BTreeSet};

/// The three schema file formats of `corpus/SCHEMAS.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaFormat {
    /// `schema.json`, JSON Schema 2020-12.
    Json,
    /// `schema.kv.json`, `conformkit-kv-schema/1`.
    Kv,
    /// `schema.bundle.json`, `conformkit-bundle-schema/1`.
    Bundle,
}

impl SchemaFormat {
    /// Every format with its file name.
    pub const ALL: [(SchemaFormat, &'static str); 3] = [
        (SchemaFormat::Json, "schema.json"),
        (SchemaFormat::Kv, "schema.kv.json"),
        (SchemaFormat::Bundle, "schema.bundle.json"),
    ];

    /// The file name of this format in a version folder.
    pub fn file_name(self) -> &'static str {
        match self {
            SchemaFormat::Json => "schema.json",
            SchemaFormat::Kv => "schema.kv.json",
            SchemaFormat::Bundle => "schema.bundle.json",
        }
    }

    /// The format a schema file name denotes.
    pub fn from_file_name(name: &str) -> Option<SchemaFormat> {
        SchemaFormat::ALL
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(f, _)| *f)
    }
}

/// One loaded schema file.
#[derive(Debug, Clone, PartialEq)]
pub enum SchemaDoc {
    Json(Box<JsonSchema>),
    Kv(KvSchema),
    Bundle(BundleSchema),
}

impl SchemaDoc {
    pub fn format(&self) -> SchemaFormat {
        match self {
            SchemaDoc::Json(_) => SchemaFormat::Json,
            SchemaDoc::Kv(_) => SchemaFormat::Kv,
            SchemaDoc::Bundle(_) => SchemaFormat::Bundle,
        }
    }

    /// The version marker: where it is and its constant value (canonical
    /// JSON for JSON schemas, the value text for KV).
    pub fn version_marker(&self) -> Option<(&str, &str)> {
        match self {
            SchemaDoc::Json(j) => j.marker.as_ref().map(|(p, v)| (p.as_str(), v.as_str())),
            SchemaDoc::Kv(k) => {
                let key = k.version_key.as_deref()?;
                let value = k.keys.get(key)?.constant.as_deref()?;
                Some((key, value))
            }
            SchemaDoc::Bundle(_) => None,
        }
    }
}

/// A JSON Schema, resolved into one tree.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonSchema {
    pub root: Node,
    /// The path and constant (canonical JSON) of the `x-version-marker` property.
    pub marker: Option<(String, String)>,
}

/// A JSON value type other than null (nullability is tracked apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum JType {
    Boolean,
    Integer,
    Number,
    String,
    Array,
    Object,
}

impl JType {
    pub fn parse(name: &str) -> Option<JType> {
        Some(match name {
            "boolean" => JType::Boolean,
            "integer" => JType::Integer,
            "number" => JType::Number,
            "string" => JType::String,
            "array" => JType::Array,
            "object" => JType::Object,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            JType::Boolean => "boolean",
            JType::Integer => "integer",
            JType::Number => "number",
            JType::String => "string",
            JType::Array => "array",
            JType::Object => "object",
        }
    }

    pub const ALL: [JType; 6] = [
        JType::Boolean,
        JType::Integer,
        JType::Number,
        JType::String,
        JType::Array,
        JType::Object,
    ];
}

/// A set of non-null JSON types; `None` in [`Node::types`] means any type.
pub type TypeSet = BTreeSet<JType>;

/// Whether `set` admits every value of type `t` (integers are numbers).
pub fn covers(set: &TypeSet, t: JType) -> bool {
    set.contains(&t) || (t == JType::Integer && set.contains(&JType::Number))
}

/// A declared integer width (`x-width`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Width {
    pub signed: bool,
    pub bits: u32,
}

impl Width {
    pub fn parse(name: &str) -> Option<Width> {
        let (signed, bits) = match name.as_bytes().first()? {
            b'u' => (false, &name[1..]),
            b'i' => (true, &name[1..]),
            _ => return None,
        };
        let bits: u32 = bits.parse().ok()?;
        matches!(bits, 8 | 16 | 32 | 64 | 128).then_some(Width { signed, bits })
    }

    /// The inclusive value range of the width.
    pub fn range(self) -> (Dec, Dec) {
        if self.signed {
            (Dec::signed_min(self.bits), Dec::unsigned_max(self.bits - 1))
        } else {
            (Dec::zero(), Dec::unsigned_max(self.bits))
        }
    }

    pub fn name(self) -> String {
        format!("{}{}", if self.signed { "i" } else { "u" }, self.bits)
    }
}

/// One bound of a range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    pub value: Dec,
    pub exclusive: bool,
}

/// Lower and upper bounds (`None`: unbounded).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Range {
    pub min: Option<Bound>,
    pub max: Option<Bound>,
}

/// Which quantity a [`Range`] bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RangeKind {
    /// A number's value (`minimum`, `maximum`, exclusive forms, `x-width`).
    Value,
    /// A string's length (`minLength`, `maxLength`).
    Length,
    /// An array's item count (`minItems`, `maxItems`).
    Items,
    /// An object's member count (`minProperties`, `maxProperties`).
    Properties,
}

impl RangeKind {
    pub fn keywords(self) -> (&'static str, &'static str) {
        match self {
            RangeKind::Value => ("minimum", "maximum"),
            RangeKind::Length => ("minLength", "maxLength"),
            RangeKind::Items => ("minItems", "maxItems"),
            RangeKind::Properties => ("minProperties", "maxProperties"),
        }
    }
}

/// What an object or KV document does with members it does not declare.
#[derive(Debug, Clone, PartialEq)]
pub enum Extra {
    /// Ignored (`additionalProperties` absent or `true`).
    Open,
    /// Rejected (`additionalProperties: false`).
    Closed,
    /// Checked against this schema.
    Schema(Box<Node>),
}

impl Extra {
    /// Closed 0, schema 1, open 2: how much the model lets through.
    pub fn openness(&self) -> u8 {
        match self {
            Extra::Closed => 0,
            Extra::Schema(_) => 1,
            Extra::Open => 2,
        }
    }
}

/// A declared object member.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub node: Node,
    pub required: bool,
}

/// The object part of a node.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectPart {
    pub fields: BTreeMap<String, Field>,
    pub extra: Extra,
}

impl Default for ObjectPart {
    fn default() -> Self {
        ObjectPart {
            fields: BTreeMap::new(),
            extra: Extra::Open,
        }
    }
}

/// The array part of a node.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ArrayPart {
    /// `prefixItems`: the schema of each leading position.
    pub prefix: Vec<Node>,
    /// `items`: every further position (`None`: anything).
    pub items: Option<Box<Node>>,
}

/// `if` / `then` / `else`.
#[derive(Debug, Clone, PartialEq)]
pub struct Conditional {
    /// The `if` schema as canonical JSON (compared as text).
    pub condition: String,
    pub then: Option<Node>,
    pub otherwise: Option<Node>,
}

/// One schema position, normalized.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Node {
    /// Non-null types admitted; `None`: any.
    pub types: Option<TypeSet>,
    /// Whether the types were derived from the variants (no `type` of its own).
    pub types_from_variants: bool,
    /// Whether `null` is admitted.
    pub nullable: bool,
    /// `enum` / `const` values (canonical JSON, `null` excluded: see `nullable`).
    pub values: Option<BTreeSet<String>>,
    /// Whether `values` came from `const`.
    pub is_const: bool,
    /// `x-width` of an integer.
    pub width: Option<Width>,
    pub ranges: BTreeMap<RangeKind, Range>,
    pub object: Option<ObjectPart>,
    pub array: Option<ArrayPart>,
    /// `oneOf` / `anyOf` branches other than a bare null branch.
    pub variants: Vec<Node>,
    /// `oneOf` or `anyOf`, when `variants` is not empty.
    pub combinator: Option<&'static str>,
    pub conditional: Option<Box<Conditional>>,
    /// Keywords the gate cannot judge, as canonical JSON (changes warn).
    pub opaque: BTreeMap<String, String>,
    /// `x-version-marker: true`.
    pub version_marker: bool,
    /// A `$ref` back into a definition being expanded (recursion), by pointer.
    pub recursive_ref: Option<String>,
    /// The 2020-12 keywords beyond the core model.
    pub kw: super::keywords::Keywords,
    /// Where the node's schema object is in its file.
    pub origin: Origin,
}

/// A JSON pointer to a schema object in its file (`/$defs/Counter` for a
/// node expanded from a `$ref`). Not part of what a node means: nodes at
/// different places compare equal, so that moving a definition is no change.
#[derive(Debug, Clone, Default)]
pub struct Origin(pub Option<String>);

impl PartialEq for Origin {
    fn eq(&self, _: &Origin) -> bool {
        true
    }
}

impl Node {
    /// The schema `true`: anything.
    pub fn any() -> Node {
        Node {
            nullable: true,
            ..Node::default()
        }
    }

    /// The schema `false`: nothing.
    pub fn never() -> Node {
        Node {
            types: Some(TypeSet::new()),
            ..Node::default()
        }
    }

    /// Admits only `null`.
    pub fn is_null_only(&self) -> bool {
        self.nullable
            && self.types.as_ref().is_some_and(|t| t.is_empty())
            && self.variants.is_empty()
            && self.conditional.is_none()
    }

    /// Whether values of type `t` can reach this node's object or array part.
    pub fn admits(&self, t: JType) -> bool {
        self.types.as_ref().is_none_or(|s| covers(s, t))
    }
}

/// A KV key's value type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KvType {
    String,
    Bool,
    /// Unsigned integer of this many bits.
    Uint(u32),
    Enum(BTreeSet<String>),
}

impl KvType {
    pub fn name(&self) -> String {
        match self {
            KvType::String => "string".into(),
            KvType::Bool => "bool".into(),
            KvType::Uint(bits) => format!("u{bits}"),
            KvType::Enum(values) => format!(
                "enum [{}]",
                values.iter().cloned().collect::<Vec<_>>().join(", ")
            ),
        }
    }
}

/// A declared KV key, or the keys one pattern matches.
#[derive(Debug, Clone, PartialEq)]
pub struct KvKey {
    pub ty: KvType,
    /// For a key: must be present. For a pattern: `min_count > 0`.
    pub required: bool,
    /// The exact value text.
    pub constant: Option<String>,
    /// For a pattern: how many keys must match.
    pub min_count: u64,
    /// For a string: the fewest characters (Unicode scalar values) a value
    /// may have; 0 when the schema sets none.
    pub min_length: u64,
}

/// A `groups` rule of a KV schema: a constraint across keys' presence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KvGroupRule {
    /// `all_or_none`: the keys are all present or all absent.
    AllOrNone(BTreeSet<String>),
    /// `when` / `then_required` / `otherwise_absent`: when `key` has the
    /// value `equals`, every `then_required` key is present; with
    /// `otherwise_absent`, none of them is present otherwise.
    When {
        key: String,
        equals: String,
        then_required: BTreeSet<String>,
        otherwise_absent: bool,
    },
}

impl KvGroupRule {
    /// Every key the rule mentions.
    pub fn keys(&self) -> BTreeSet<&str> {
        match self {
            KvGroupRule::AllOrNone(keys) => keys.iter().map(String::as_str).collect(),
            KvGroupRule::When {
                key, then_required, ..
            } => std::iter::once(key.as_str())
                .chain(then_required.iter().map(String::as_str))
                .collect(),
        }
    }

    /// The rule in the schema's own words, for messages.
    pub fn describe(&self) -> String {
        let list = |keys: &BTreeSet<String>| {
            keys.iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self {
            KvGroupRule::AllOrNone(keys) => format!("all_or_none [{}]", list(keys)),
            KvGroupRule::When {
                key,
                equals,
                then_required,
                otherwise_absent,
            } => format!(
                "when `{key}={equals}` then_required [{}]{}",
                list(then_required),
                if *otherwise_absent {
                    ", otherwise_absent"
                } else {
                    ""
                }
            ),
        }
    }
}

/// One entry of a KV schema's `groups`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KvGroup {
    /// `name`: prose, never judged (a renamed group is the same group).
    pub name: Option<String>,
    pub rule: KvGroupRule,
}

/// A `conformkit-kv-schema/1` file.
#[derive(Debug, Clone, PartialEq)]
pub struct KvSchema {
    pub version_key: Option<String>,
    pub open: bool,
    pub keys: BTreeMap<String, KvKey>,
    /// By prefix (the pattern without its trailing `*`).
    pub patterns: BTreeMap<String, KvKey>,
    /// Rules across keys, in schema order.
    pub groups: Vec<KvGroup>,
    /// `x-reserved`: keys removed once, never to be declared again.
    pub reserved: BTreeSet<String>,
}

impl KvSchema {
    /// The longest pattern prefix matching `key`.
    pub fn pattern_for(&self, key: &str) -> Option<(&str, &KvKey)> {
        self.patterns
            .iter()
            .filter(|(prefix, _)| key.starts_with(prefix.as_str()))
            .max_by_key(|(prefix, _)| prefix.len())
            .map(|(p, k)| (p.as_str(), k))
    }
}

/// Whether a bundle member must be there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    Required,
    Conditional,
}

/// A bundle member file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleFile {
    pub presence: Presence,
    /// The family (and version) whose reader parses it, or `text`/`json`/`spec_kv`.
    pub family: String,
    /// For a conditional file: the rule, in prose.
    pub when: Option<String>,
}

/// A `conformkit-bundle-schema/1` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleSchema {
    pub open: bool,
    /// `version_carrier`: the required member whose family's version marker
    /// carries the bundle's version (the bundle has no marker of its own).
    pub version_carrier: Option<String>,
    pub files: BTreeMap<String, BundleFile>,
}
