//! The rule table: every kind of change the diff reports, its stable rule
//! id, its judgement for old readers of new documents (forward) and new
//! readers of old documents (backward), and its level. docs/compat.md
//! explains each rule; a test keeps the two in step.

use serde::Serialize;

/// How much a finding matters. Ordered: info < warn < error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Compatible both ways.
    Info,
    /// Compatible as far as the gate can tell, but lossy or not exactly judged.
    Warn,
    /// Breaks readers on one side: needs a major version bump.
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Error => "error",
        }
    }
}

/// What one side's readers make of the other side's documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Judgement {
    /// They read them as before.
    #[serde(rename = "ok")]
    Ok,
    /// Some documents they used to accept, or must accept, are rejected.
    #[serde(rename = "breaking")]
    Breaking,
    /// The gate cannot tell exactly.
    #[serde(rename = "unknown")]
    Unknown,
    /// The direction does not apply (corpus replay runs old cases only).
    #[serde(rename = "n/a")]
    NotApplicable,
}

impl Judgement {
    pub fn as_str(self) -> &'static str {
        match self {
            Judgement::Ok => "ok",
            Judgement::Breaking => "breaking",
            Judgement::Unknown => "unknown",
            Judgement::NotApplicable => "n/a",
        }
    }
}

/// What a reader does with a member (field, key, file) it does not declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tolerance {
    /// Ignores it: open content model.
    Ignores,
    /// Rejects it: closed content model.
    Rejects,
}

impl Tolerance {
    fn judgement(self) -> Judgement {
        match self {
            Tolerance::Ignores => Judgement::Ok,
            Tolerance::Rejects => Judgement::Breaking,
        }
    }
}

/// Which way a value domain moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// The new schema admits values the old one did not (and no fewer).
    Widened,
    /// The new schema admits fewer values.
    Narrowed,
    /// Some values gained, some lost.
    Changed,
}

impl Direction {
    fn judgements(self) -> (Judgement, Judgement) {
        match self {
            Direction::Widened => (Judgement::Breaking, Judgement::Ok),
            Direction::Narrowed => (Judgement::Ok, Judgement::Breaking),
            Direction::Changed => (Judgement::Breaking, Judgement::Breaking),
        }
    }

    /// The same move seen from the other side.
    pub fn reversed(self) -> Direction {
        match self {
            Direction::Widened => Direction::Narrowed,
            Direction::Narrowed => Direction::Widened,
            Direction::Changed => Direction::Changed,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Widened => "widened",
            Direction::Narrowed => "narrowed",
            Direction::Changed => "changed",
        }
    }
}

/// Every change the gate recognizes, with the context its judgement needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    /// A JSON object field only the new schema declares; `old_reader` is
    /// what the old model does with it as an undeclared member.
    FieldAdded {
        required: bool,
        old_reader: Tolerance,
    },
    /// A field only the old schema declares; `new_reader` is what the new
    /// model does with it as an undeclared member.
    FieldRemoved {
        required: bool,
        new_reader: Tolerance,
    },
    FieldNowRequired,
    FieldNowOptional,
    /// A field declared again under a name `x-reserved` recorded as removed.
    FieldReused,
    /// A name dropped from `x-reserved` without being declared again.
    ReservedDropped,
    TypeWidened,
    TypeNarrowed,
    TypeChanged,
    IntWidened,
    IntNarrowed,
    RangeWidened,
    RangeNarrowed,
    EnumValueAdded,
    EnumValueRemoved,
    ConstChanged,
    NullableAdded,
    NullableRemoved,
    /// Undeclared members: closed → schema → open, any step up.
    ModelOpened,
    /// Any step down.
    ModelClosed,
    VariantAdded,
    VariantRemoved,
    /// A keyword changed in a way whose direction its semantics do not
    /// give (a `pattern` rewritten, an `if` condition changed, ...).
    ConstraintChanged,
    /// A constraint keyword added or tightened: fewer values pass.
    ConstraintNarrowed,
    /// A constraint keyword removed or loosened: more values pass.
    ConstraintWidened,
    /// A constraint replaced by one that admits values the old one did not,
    /// and rejects values it admitted (`multipleOf` 2 → 3).
    ConstraintReplaced,
    /// The `if` schema of a conditional changed.
    ConditionChanged,
    VersionMarkerChanged,
    KvKeyAdded {
        required: bool,
        old_open: bool,
    },
    KvKeyRemoved {
        required: bool,
        new_open: bool,
    },
    KvKeyNowRequired,
    KvKeyNowOptional,
    KvKeyRetyped(Direction),
    /// A KV group added or changed so that some old document breaks it.
    KvGroupNarrowed,
    /// A KV group removed or changed so that some new document breaks the old rule.
    KvGroupWidened,
    /// A KV group added, removed or changed without any document noticing.
    KvGroupRestated,
    /// A KV group change over too many keys to search exhaustively;
    /// `old_readers`: the unknown is whether old readers reject new
    /// documents (else whether new readers reject old ones).
    KvGroupUnjudged {
        old_readers: bool,
    },
    BundleFileAdded {
        required: bool,
        old_open: bool,
    },
    BundleFileRemoved {
        required: bool,
        new_open: bool,
    },
    BundleFileRequired,
    BundleFileConditional,
    /// A member read by another reader (`json` → `text` widens).
    BundleFileRetyped(Direction),
    BundleFileConditionChanged,
    /// The bundle's `version_carrier` changed (added, removed or moved).
    BundleCarrierChanged,
    SchemaFormatChanged,
    FamilyAdded,
    FamilyRemoved,
    VersionAdded,
    VersionRemoved,
    /// A new major version folder whose version marker still has the old value.
    VersionMarkerUnchanged,
    /// The old schema has a version marker, the new one none.
    VersionMarkerRemoved,
    CorpusOutcomeChanged,
    CorpusNoReader,
    /// A family version of the new set without accept and reject cases.
    CorpusCoverageMissing,
}

/// A change kind's rule, judgements and level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Classified {
    pub rule: &'static str,
    pub forward: Judgement,
    pub backward: Judgement,
    pub level: Level,
}

/// Every rule id with its level and a one-line meaning (docs/compat.md has the table).
#[rustfmt::skip]
pub const RULES: &[(&str, Level, &str)] = &[
    ("CK-FIELD-ADDED-OPTIONAL", Level::Info, "optional field added where old readers ignore undeclared members"),
    ("CK-FIELD-ADDED-CLOSED", Level::Error, "optional field added where old readers reject undeclared members"),
    ("CK-FIELD-ADDED-REQUIRED", Level::Error, "required field added"),
    ("CK-FIELD-REMOVED-OPTIONAL", Level::Warn, "optional field removed where new readers ignore undeclared members"),
    ("CK-FIELD-REMOVED-CLOSED", Level::Error, "optional field removed where new readers reject undeclared members"),
    ("CK-FIELD-REMOVED-REQUIRED", Level::Error, "required field removed"),
    ("CK-FIELD-NOW-REQUIRED", Level::Error, "optional field made required"),
    ("CK-FIELD-NOW-OPTIONAL", Level::Error, "required field made optional"),
    ("CK-FIELD-REUSED", Level::Error, "a field or KV key declared again under a name reserved when it was removed"),
    ("CK-RESERVED-DROPPED", Level::Error, "a name dropped from x-reserved"),
    ("CK-TYPE-WIDENED", Level::Error, "type or value set widened"),
    ("CK-TYPE-NARROWED", Level::Error, "type or value set narrowed"),
    ("CK-TYPE-CHANGED", Level::Error, "type changed (values gained and lost)"),
    ("CK-INT-WIDENED", Level::Error, "integer width widened (u64 to u128)"),
    ("CK-INT-NARROWED", Level::Error, "integer width narrowed"),
    ("CK-RANGE-WIDENED", Level::Error, "a bound (minimum, maximum, length, item count) loosened"),
    ("CK-RANGE-NARROWED", Level::Error, "a bound tightened"),
    ("CK-ENUM-VALUE-ADDED", Level::Error, "enum value added"),
    ("CK-ENUM-VALUE-REMOVED", Level::Error, "enum value removed"),
    ("CK-CONST-CHANGED", Level::Error, "const value changed"),
    ("CK-NULLABLE-ADDED", Level::Error, "null now allowed"),
    ("CK-NULLABLE-REMOVED", Level::Error, "null no longer allowed"),
    ("CK-OPEN-MODEL", Level::Error, "content model opened (undeclared members now allowed)"),
    ("CK-CLOSED-MODEL", Level::Error, "content model closed (undeclared members now rejected)"),
    ("CK-VARIANT-ADDED", Level::Error, "oneOf/anyOf variant added"),
    ("CK-VARIANT-REMOVED", Level::Error, "oneOf/anyOf variant removed"),
    ("CK-CONSTRAINT-CHANGED", Level::Warn, "a keyword changed without a direction the gate can judge"),
    ("CK-CONSTRAINT-NARROWED", Level::Error, "a constraint keyword added or tightened"),
    ("CK-CONSTRAINT-WIDENED", Level::Error, "a constraint keyword removed or loosened"),
    ("CK-CONSTRAINT-REPLACED", Level::Error, "a constraint replaced: values gained and lost"),
    ("CK-CONDITIONAL-CHANGED", Level::Warn, "the if condition of a conditional changed"),
    ("CK-VERSION-MARKER-CHANGED", Level::Error, "the version marker's value changed"),
    ("CK-KV-KEY-ADDED-OPTIONAL", Level::Info, "optional KV key added to an open schema"),
    ("CK-KV-KEY-ADDED-CLOSED", Level::Error, "optional KV key added to a closed schema"),
    ("CK-KV-KEY-ADDED-REQUIRED", Level::Error, "required KV key added"),
    ("CK-KV-KEY-REMOVED-OPTIONAL", Level::Warn, "optional KV key removed from an open schema"),
    ("CK-KV-KEY-REMOVED-CLOSED", Level::Error, "optional KV key removed from a closed schema"),
    ("CK-KV-KEY-REMOVED-REQUIRED", Level::Error, "required KV key removed"),
    ("CK-KV-KEY-NOW-REQUIRED", Level::Error, "optional KV key made required"),
    ("CK-KV-KEY-NOW-OPTIONAL", Level::Error, "required KV key made optional"),
    ("CK-KV-KEY-RETYPED", Level::Error, "KV key type changed"),
    ("CK-KV-GROUP-NARROWED", Level::Error, "KV group added or tightened: some old document breaks it"),
    ("CK-KV-GROUP-WIDENED", Level::Error, "KV group removed or loosened: some new document breaks the old rule"),
    ("CK-KV-GROUP-RESTATED", Level::Info, "KV group added, removed or changed without any document noticing"),
    ("CK-KV-GROUP-UNJUDGED", Level::Warn, "KV group change over too many keys to judge exactly"),
    ("CK-BUNDLE-FILE-ADDED-CONDITIONAL", Level::Info, "conditional file added to an open bundle"),
    ("CK-BUNDLE-FILE-ADDED-CLOSED", Level::Error, "conditional file added to a closed bundle"),
    ("CK-BUNDLE-FILE-ADDED-REQUIRED", Level::Error, "required file added"),
    ("CK-BUNDLE-FILE-REMOVED-CONDITIONAL", Level::Warn, "conditional file removed from an open bundle"),
    ("CK-BUNDLE-FILE-REMOVED-CLOSED", Level::Error, "conditional file removed from a closed bundle"),
    ("CK-BUNDLE-FILE-REMOVED-REQUIRED", Level::Error, "required file removed"),
    ("CK-BUNDLE-FILE-REQUIRED", Level::Error, "conditional file made required"),
    ("CK-BUNDLE-FILE-CONDITIONAL", Level::Error, "required file made conditional"),
    ("CK-BUNDLE-FILE-RETYPED", Level::Error, "member file's family changed"),
    ("CK-BUNDLE-FILE-CONDITION-CHANGED", Level::Warn, "conditional file's rule changed"),
    ("CK-BUNDLE-CARRIER-CHANGED", Level::Error, "the bundle's version carrier changed"),
    ("CK-SCHEMA-FORMAT-CHANGED", Level::Error, "schema file format changed"),
    ("CK-FAMILY-ADDED", Level::Info, "family added"),
    ("CK-FAMILY-REMOVED", Level::Error, "family removed"),
    ("CK-VERSION-ADDED", Level::Info, "version folder added"),
    ("CK-VERSION-REMOVED", Level::Error, "version folder removed"),
    ("CK-VERSION-MARKER-UNCHANGED", Level::Error, "new major version folder, same version marker value"),
    ("CK-VERSION-MARKER-REMOVED", Level::Error, "the version marker is gone: the family is unversioned"),
    ("CK-CORPUS-OUTCOME-CHANGED", Level::Error, "an old corpus case no longer gets its expected outcome"),
    ("CK-CORPUS-NO-READER", Level::Warn, "old corpus cases of a family version this build has no reader for"),
    ("CK-CORPUS-COVERAGE-MISSING", Level::Error, "a family version without accept and reject corpus cases"),
];

use Judgement::{Breaking as B, NotApplicable as NA, Ok as K, Unknown as U};

fn c(rule: &'static str, forward: Judgement, backward: Judgement, level: Level) -> Classified {
    Classified {
        rule,
        forward,
        backward,
        level,
    }
}

/// The rule, judgements and level of a change.
pub fn classify(kind: &ChangeKind) -> Classified {
    use ChangeKind::*;
    use Level::{Error as E, Info as I, Warn as W};
    match kind {
        FieldAdded {
            required: true,
            old_reader,
        } => c("CK-FIELD-ADDED-REQUIRED", old_reader.judgement(), B, E),
        FieldAdded {
            old_reader: Tolerance::Ignores,
            ..
        } => c("CK-FIELD-ADDED-OPTIONAL", K, K, I),
        FieldAdded {
            old_reader: Tolerance::Rejects,
            ..
        } => c("CK-FIELD-ADDED-CLOSED", B, K, E),
        FieldRemoved {
            required: true,
            new_reader,
        } => c("CK-FIELD-REMOVED-REQUIRED", B, new_reader.judgement(), E),
        FieldRemoved {
            new_reader: Tolerance::Ignores,
            ..
        } => c("CK-FIELD-REMOVED-OPTIONAL", K, K, W),
        FieldRemoved {
            new_reader: Tolerance::Rejects,
            ..
        } => c("CK-FIELD-REMOVED-CLOSED", K, B, E),
        FieldNowRequired => c("CK-FIELD-NOW-REQUIRED", K, B, E),
        FieldNowOptional => c("CK-FIELD-NOW-OPTIONAL", B, K, E),
        FieldReused => c("CK-FIELD-REUSED", B, B, E),
        // A contract rule: no reader changes, the record of removed names does.
        ReservedDropped => c("CK-RESERVED-DROPPED", NA, NA, E),
        TypeWidened => c("CK-TYPE-WIDENED", B, K, E),
        TypeNarrowed => c("CK-TYPE-NARROWED", K, B, E),
        TypeChanged => c("CK-TYPE-CHANGED", B, B, E),
        IntWidened => c("CK-INT-WIDENED", B, K, E),
        IntNarrowed => c("CK-INT-NARROWED", K, B, E),
        RangeWidened => c("CK-RANGE-WIDENED", B, K, E),
        RangeNarrowed => c("CK-RANGE-NARROWED", K, B, E),
        EnumValueAdded => c("CK-ENUM-VALUE-ADDED", B, K, E),
        EnumValueRemoved => c("CK-ENUM-VALUE-REMOVED", K, B, E),
        ConstChanged => c("CK-CONST-CHANGED", B, B, E),
        NullableAdded => c("CK-NULLABLE-ADDED", B, K, E),
        NullableRemoved => c("CK-NULLABLE-REMOVED", K, B, E),
        ModelOpened => c("CK-OPEN-MODEL", B, K, E),
        ModelClosed => c("CK-CLOSED-MODEL", K, B, E),
        VariantAdded => c("CK-VARIANT-ADDED", B, K, E),
        VariantRemoved => c("CK-VARIANT-REMOVED", K, B, E),
        ConstraintChanged => c("CK-CONSTRAINT-CHANGED", U, U, W),
        ConstraintNarrowed => c("CK-CONSTRAINT-NARROWED", K, B, E),
        ConstraintWidened => c("CK-CONSTRAINT-WIDENED", B, K, E),
        ConstraintReplaced => c("CK-CONSTRAINT-REPLACED", B, B, E),
        ConditionChanged => c("CK-CONDITIONAL-CHANGED", U, U, W),
        VersionMarkerChanged => c("CK-VERSION-MARKER-CHANGED", B, B, E),
        KvKeyAdded {
            required: true,
            old_open,
        } => c("CK-KV-KEY-ADDED-REQUIRED", open(*old_open), B, E),
        KvKeyAdded { old_open: true, .. } => c("CK-KV-KEY-ADDED-OPTIONAL", K, K, I),
        KvKeyAdded {
            old_open: false, ..
        } => c("CK-KV-KEY-ADDED-CLOSED", B, K, E),
        KvKeyRemoved {
            required: true,
            new_open,
        } => c("CK-KV-KEY-REMOVED-REQUIRED", B, open(*new_open), E),
        KvKeyRemoved { new_open: true, .. } => c("CK-KV-KEY-REMOVED-OPTIONAL", K, K, W),
        KvKeyRemoved {
            new_open: false, ..
        } => c("CK-KV-KEY-REMOVED-CLOSED", K, B, E),
        KvKeyNowRequired => c("CK-KV-KEY-NOW-REQUIRED", K, B, E),
        KvKeyNowOptional => c("CK-KV-KEY-NOW-OPTIONAL", B, K, E),
        KvKeyRetyped(direction) => {
            let (f, b) = direction.judgements();
            c("CK-KV-KEY-RETYPED", f, b, E)
        }
        BundleFileAdded {
            required: true,
            old_open,
        } => c("CK-BUNDLE-FILE-ADDED-REQUIRED", open(*old_open), B, E),
        BundleFileAdded { old_open: true, .. } => c("CK-BUNDLE-FILE-ADDED-CONDITIONAL", K, K, I),
        BundleFileAdded {
            old_open: false, ..
        } => c("CK-BUNDLE-FILE-ADDED-CLOSED", B, K, E),
        BundleFileRemoved {
            required: true,
            new_open,
        } => c("CK-BUNDLE-FILE-REMOVED-REQUIRED", B, open(*new_open), E),
        BundleFileRemoved { new_open: true, .. } => {
            c("CK-BUNDLE-FILE-REMOVED-CONDITIONAL", K, K, W)
        }
        BundleFileRemoved {
            new_open: false, ..
        } => c("CK-BUNDLE-FILE-REMOVED-CLOSED", K, B, E),
        KvGroupNarrowed => c("CK-KV-GROUP-NARROWED", K, B, E),
        KvGroupWidened => c("CK-KV-GROUP-WIDENED", B, K, E),
        KvGroupRestated => c("CK-KV-GROUP-RESTATED", K, K, I),
        KvGroupUnjudged { old_readers: true } => c("CK-KV-GROUP-UNJUDGED", U, K, W),
        KvGroupUnjudged { old_readers: false } => c("CK-KV-GROUP-UNJUDGED", K, U, W),
        BundleFileRequired => c("CK-BUNDLE-FILE-REQUIRED", K, B, E),
        BundleFileConditional => c("CK-BUNDLE-FILE-CONDITIONAL", B, K, E),
        BundleFileRetyped(direction) => {
            let (f, b) = direction.judgements();
            c("CK-BUNDLE-FILE-RETYPED", f, b, E)
        }
        BundleFileConditionChanged => c("CK-BUNDLE-FILE-CONDITION-CHANGED", U, U, W),
        BundleCarrierChanged => c("CK-BUNDLE-CARRIER-CHANGED", B, B, E),
        SchemaFormatChanged => c("CK-SCHEMA-FORMAT-CHANGED", B, B, E),
        FamilyAdded => c("CK-FAMILY-ADDED", K, K, I),
        FamilyRemoved => c("CK-FAMILY-REMOVED", K, B, E),
        VersionAdded => c("CK-VERSION-ADDED", K, K, I),
        VersionRemoved => c("CK-VERSION-REMOVED", K, B, E),
        VersionMarkerUnchanged => c("CK-VERSION-MARKER-UNCHANGED", B, B, E),
        VersionMarkerRemoved => c("CK-VERSION-MARKER-REMOVED", B, B, E),
        CorpusOutcomeChanged => c("CK-CORPUS-OUTCOME-CHANGED", NA, B, E),
        CorpusNoReader => c("CK-CORPUS-NO-READER", NA, U, W),
        // A contract rule, not a reader judgement.
        CorpusCoverageMissing => c("CK-CORPUS-COVERAGE-MISSING", NA, NA, E),
    }
}

fn open(is_open: bool) -> Judgement {
    if is_open {
        K
    } else {
        B
    }
}

#[cfg(test)]
mod tests;
