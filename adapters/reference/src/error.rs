//! The shared error taxonomy: every reader in every family rejects with one
//! [`ErrorClass`] and a [`ReadError`] that says where and what was expected.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The closed set of rejection classes shared by all families.
///
/// Rejecting a case is conformance level 1; rejecting it with the right class
/// is level 2. The wire names (`snake_case`) are part of the adapter protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum ErrorClass {
    /// The bytes are not well-formed for the format (JSON grammar, KV line grammar).
    Syntax,
    /// Not UTF-8, or a byte order mark where none is allowed.
    Encoding,
    /// A required field, key or file is absent.
    MissingField,
    /// A value has the wrong JSON type (or a KV value does not parse as its type).
    WrongType,
    /// An integer outside its declared width (u16, u32, u64, u128) or minimum.
    OutOfRange,
    /// A well-typed value that the format does not allow (enum, constant, cross-field rule).
    InvalidValue,
    /// The same key twice in one object or KV document.
    DuplicateKey,
    /// A version marker names a version this reader does not implement.
    UnsupportedVersion,
    /// A file a directory artifact lists or requires is not there.
    MissingFile,
    /// A hash, digest or root hash does not match the content.
    Integrity,
    /// A path leaves the artifact root (`..`, absolute, or a symlink pointing outside).
    PathEscape,
    /// An input over the configured size limit.
    TooLarge,
    /// An input nested deeper than the configured nesting limit.
    TooDeep,
    /// A file exists but cannot be read (permissions, not a regular file).
    Unreadable,
}

impl ErrorClass {
    /// Every class, in wire-name order of declaration.
    pub const ALL: [ErrorClass; 14] = [
        ErrorClass::Syntax,
        ErrorClass::Encoding,
        ErrorClass::MissingField,
        ErrorClass::WrongType,
        ErrorClass::OutOfRange,
        ErrorClass::InvalidValue,
        ErrorClass::DuplicateKey,
        ErrorClass::UnsupportedVersion,
        ErrorClass::MissingFile,
        ErrorClass::Integrity,
        ErrorClass::PathEscape,
        ErrorClass::TooLarge,
        ErrorClass::TooDeep,
        ErrorClass::Unreadable,
    ];

    /// The wire name, e.g. `missing_field`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorClass::Syntax => "syntax",
            ErrorClass::Encoding => "encoding",
            ErrorClass::MissingField => "missing_field",
            ErrorClass::WrongType => "wrong_type",
            ErrorClass::OutOfRange => "out_of_range",
            ErrorClass::InvalidValue => "invalid_value",
            ErrorClass::DuplicateKey => "duplicate_key",
            ErrorClass::UnsupportedVersion => "unsupported_version",
            ErrorClass::MissingFile => "missing_file",
            ErrorClass::Integrity => "integrity",
            ErrorClass::PathEscape => "path_escape",
            ErrorClass::TooLarge => "too_large",
            ErrorClass::TooDeep => "too_deep",
            ErrorClass::Unreadable => "unreadable",
        }
    }

    /// Parses a wire name.
    pub fn parse(name: &str) -> Option<ErrorClass> {
        ErrorClass::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

impl fmt::Display for ErrorClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A classified rejection: the class, where it happened, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadError {
    pub class: ErrorClass,
    /// The file inside a directory artifact (or the single input file), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based line, when the error has a textual position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// 1-based column, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u64>,
    /// Field path inside the document (`input.last_n`, `actions[2].role`, a KV key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// What the reader expected there.
    pub expected: String,
    /// What it found instead, when that helps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub found: Option<String>,
}

impl ReadError {
    /// A new error with only a class and an expectation.
    pub fn new(class: ErrorClass, expected: impl Into<String>) -> Self {
        ReadError {
            class,
            file: None,
            line: None,
            column: None,
            path: None,
            expected: expected.into(),
            found: None,
        }
    }

    /// Sets the field path.
    pub fn at(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Sets the textual position.
    pub fn at_line(mut self, line: u64, column: Option<u64>) -> Self {
        self.line = Some(line);
        self.column = column;
        self
    }

    /// Sets what was found.
    pub fn found(mut self, found: impl Into<String>) -> Self {
        self.found = Some(found.into());
        self
    }

    /// Sets the file, unless an inner reader already named a more precise one.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        if self.file.is_none() {
            self.file = Some(file.into());
        }
        self
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}:")?;
        }
        if let Some(line) = self.line {
            write!(f, "{line}:")?;
            if let Some(col) = self.column {
                write!(f, "{col}:")?;
            }
        }
        if self.file.is_some() || self.line.is_some() {
            f.write_str(" ")?;
        }
        write!(f, "{}", self.class)?;
        if let Some(path) = &self.path {
            write!(f, " at {path}")?;
        }
        write!(f, ": expected {}", self.expected)?;
        if let Some(found) = &self.found {
            write!(f, ", found {found}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ReadError {}

/// Why a writer could not render a model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteError(pub String);

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot write model: {}", self.0)
    }
}

impl std::error::Error for WriteError {}
