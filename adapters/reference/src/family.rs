//! What one family version is: its static facts ([`FamilyInfo`]), what a
//! reader is given ([`Input`]) and a writer produces ([`Written`]), the typed
//! interface every family module implements ([`Format`]) and the object-safe
//! one the harness uses over the normalized JSON model ([`Family`]). The list
//! of families is [`crate::registry`]; this module knows none of them.

use crate::error::{ErrorClass, ReadError, WriteError};
use crate::file_bytes::read_file_bounded;
use crate::limits::Limits;
pub use crate::summary::Summary;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;
use std::path::Path;

/// Whether a family's artifact is one file or a directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One file; `ext` is the corpus input's extension (`json`, `kv`).
    File { ext: &'static str },
    /// A directory of files.
    Directory,
}

/// Static facts about one family version.
#[derive(Debug, Clone, Copy)]
pub struct FamilyInfo {
    /// Stable family id, e.g. `replay_audit`.
    pub id: &'static str,
    /// Version folder name, e.g. `v1`.
    pub version: &'static str,
    pub shape: Shape,
    /// One line on what the artifact is.
    pub title: &'static str,
    /// The seed document that specifies it.
    pub seed: &'static str,
    /// Whether documents carry an in-band version marker (see DECISIONS.md).
    pub version_marker: Option<&'static str>,
}

/// What a reader is given.
#[derive(Debug, Clone, Copy)]
pub enum Input<'a> {
    Bytes(&'a [u8]),
    Dir(&'a Path),
}

impl<'a> Input<'a> {
    /// The bytes of a file input (`unreadable` for a directory).
    pub fn bytes(self) -> Result<&'a [u8], ReadError> {
        match self {
            Input::Bytes(b) => Ok(b),
            Input::Dir(_) => Err(ReadError::new(
                ErrorClass::Unreadable,
                "a file, not a directory",
            )),
        }
    }

    /// The path of a directory input (`unreadable` for bytes).
    pub fn dir(self) -> Result<&'a Path, ReadError> {
        match self {
            Input::Dir(p) => Ok(p),
            Input::Bytes(_) => Err(ReadError::new(
                ErrorClass::Unreadable,
                "a directory, not a file",
            )),
        }
    }
}

/// What a writer produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    File(Vec<u8>),
    /// Relative path and content of every file, in a stable order.
    Directory(Vec<(String, Vec<u8>)>),
}

/// How strictly a writer's file is compared with the reference writer's
/// rendering of the same model. A writer is judged on its canonical output:
/// what a lenient reader tolerates is still a writer fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CanonicalForm {
    /// Exactly the same bytes (KV, text members, the runpack's JCS files).
    Bytes,
    /// The same JSON value, read strictly (UTF-8 without a byte order mark,
    /// no duplicate keys) with numbers compared by their literal (`1` is not
    /// `1.0`): no member more or less at any level, nothing respelled;
    /// whitespace and member order are free.
    JsonValue,
}

/// One family version, typed: implemented by every module in `families`.
pub trait Format {
    type Doc: Serialize + DeserializeOwned;
    const INFO: FamilyInfo;
    fn read(input: Input<'_>, limits: &Limits) -> Result<Self::Doc, ReadError>;
    /// Renders a document; `Err` for a model the format cannot carry.
    fn write(doc: &Self::Doc) -> Result<Written, WriteError>;
    /// A validating read of the file at `path` that builds no model, for a
    /// format that has one; `None` (the default) reads and discards the
    /// model instead ([`Family::validate_path`]).
    fn validate_path(_path: &Path, _limits: &Limits) -> Option<Result<Summary, ReadError>> {
        None
    }
}

/// One family version over the normalized model: what the harness and the
/// reference adapter use.
pub trait Family: Sync {
    fn info(&self) -> FamilyInfo;
    /// Reads an artifact into its normalized model.
    fn read(&self, input: Input<'_>, limits: &Limits) -> Result<Value, ReadError>;
    /// Writes a normalized model as the artifact.
    fn write(&self, model: &Value) -> Result<Written, WriteError>;

    /// How a writer's file `member` (a directory member's relative path, or
    /// the file name of a one-file artifact) must match [`Family::write`]'s
    /// rendering of the same model (corpus/DECISIONS.md D-ALL-9). The
    /// default decides by the name: a `.json` file must hold the same JSON
    /// value, anything else the same bytes.
    fn canonical_form(&self, member: &str) -> CanonicalForm {
        if member.ends_with(".json") {
            CanonicalForm::JsonValue
        } else {
            CanonicalForm::Bytes
        }
    }

    /// Reads from a path: the file (under the size limit) or the directory.
    fn read_path(&self, path: &Path, limits: &Limits) -> Result<Value, ReadError> {
        match self.info().shape {
            Shape::Directory => self.read(Input::Dir(path), limits),
            Shape::File { .. } => {
                let bytes = read_file_bounded(path, limits)?;
                self.read(Input::Bytes(&bytes), limits)
            }
        }
    }

    /// Validates the artifact at `path`: exactly the verdict of
    /// [`Family::read_path`] (the same error when it fails), without keeping
    /// a model. The default reads the model and discards it; a family with
    /// a faster validating reader overrides it.
    fn validate_path(&self, path: &Path, limits: &Limits) -> Result<Summary, ReadError> {
        validate_by_reading(self, path, limits)
    }
}

/// [`Family::validate_path`] by reading the model and discarding it; the
/// summary holds the size of a file artifact.
pub fn validate_by_reading<F: Family + ?Sized>(
    family: &F,
    path: &Path,
    limits: &Limits,
) -> Result<Summary, ReadError> {
    match family.info().shape {
        Shape::Directory => {
            family.read(Input::Dir(path), limits)?;
            Ok(Summary::default())
        }
        Shape::File { .. } => {
            let bytes = read_file_bounded(path, limits)?;
            family.read(Input::Bytes(&bytes), limits)?;
            Ok(Summary::default().with("bytes", bytes.len() as u64))
        }
    }
}
