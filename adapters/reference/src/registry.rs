//! The family registry: one object-safe [`Family`] per artifact format and
//! version, reading to and writing from the normalized JSON model.

use crate::error::{ErrorClass, ReadError, WriteError};
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

/// One family version, typed: implemented by every module in `families`.
pub trait Format {
    type Doc: Serialize + DeserializeOwned;
    const INFO: FamilyInfo;
    fn read(input: Input<'_>, limits: &Limits) -> Result<Self::Doc, ReadError>;
    /// Renders a document; `Err` for a model the format cannot carry.
    fn write(doc: &Self::Doc) -> Result<Written, WriteError>;
    /// Whether [`Format::write`] is the one canonical rendering of a model,
    /// so a conforming writer must produce exactly its bytes.
    const CANONICAL: bool = false;
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

    /// Whether the format has one canonical byte rendering per model (the
    /// runpack's JCS files): writers are then certified byte for byte
    /// against [`Family::write`], not only by round trip.
    fn canonical_bytes(&self) -> bool {
        false
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

struct Typed<F>(std::marker::PhantomData<fn() -> F>);

impl<F: Format> Family for Typed<F> {
    fn info(&self) -> FamilyInfo {
        F::INFO
    }
    fn read(&self, input: Input<'_>, limits: &Limits) -> Result<Value, ReadError> {
        let doc = F::read(input, limits)?;
        serde_json::to_value(&doc).map_err(|e| {
            ReadError::new(
                ErrorClass::InvalidValue,
                format!("a representable model ({e})"),
            )
        })
    }
    fn write(&self, model: &Value) -> Result<Written, WriteError> {
        // Through the model's text, not `from_value`: deserializing from a
        // `Value` re-reads each number through i64/u64/f64 and would respell
        // literals kept exact in opaque members (`-0`, `1.50`); from text,
        // arbitrary precision keeps them as written.
        let text = serde_json::to_string(model).map_err(|e| WriteError(e.to_string()))?;
        let doc: F::Doc = serde_json::from_str(&text).map_err(|e| WriteError(e.to_string()))?;
        F::write(&doc)
    }
    fn canonical_bytes(&self) -> bool {
        F::CANONICAL
    }
    fn validate_path(&self, path: &Path, limits: &Limits) -> Result<Summary, ReadError> {
        F::validate_path(path, limits).unwrap_or_else(|| validate_by_reading(self, path, limits))
    }
}

/// Reads a whole file, refusing one over `limits.max_file_bytes` before
/// reading it (and while reading, should it grow).
pub fn read_file_bounded(path: &Path, limits: &Limits) -> Result<Vec<u8>, ReadError> {
    let (file, len, name) = crate::file_bytes::open_regular(path, limits)?;
    crate::file_bytes::read_open(file, len, limits, &name)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_is_unreadable_not_a_hang() {
        let dir = std::env::temp_dir().join(format!("ck-fifo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("pipe");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        let err = read_file_bounded(&fifo, &Limits::default()).unwrap_err();
        assert_eq!(err.class, ErrorClass::Unreadable);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

/// Classifies an I/O failure on `file`.
pub fn io_error(e: &std::io::Error, file: &str) -> ReadError {
    let class = match e.kind() {
        std::io::ErrorKind::NotFound => ErrorClass::MissingFile,
        _ => ErrorClass::Unreadable,
    };
    ReadError::new(class, "a readable file")
        .in_file(file.to_string())
        .found(e.to_string())
}

macro_rules! registry {
    ($($format:ty),* $(,)? ; direct: $($family:expr),* $(,)?) => {
        static FAMILIES: &[&dyn Family] = &[
            $(&Typed::<$format>(std::marker::PhantomData),)*
            $(&$family,)*
        ];
    };
}

// Typed formats, then (after `direct:`) families implementing [`Family`]
// themselves, for a writer that can refuse a model (runpack).
registry!(
    crate::families::spec_validation::SpecValidationV1,
    crate::families::runtime::RuntimeV1,
    crate::families::environment::EnvironmentV1,
    crate::families::replay_audit::ReplayAuditV1,
    crate::families::policy_audit::PolicyAuditV1,
    crate::families::compile_report::CompileReportV1,
    crate::families::dataguard_report::DataGuardReportV1,
    crate::families::incident_bundle::IncidentBundleV1,
    crate::families::runpack_export_input::RunpackExportInputV1,
    crate::families::runpack_export_output::RunpackExportOutputV1;
    direct:
    crate::families::runpack::RunpackV1,
);

/// Every registered family version, in a stable order.
pub fn families() -> &'static [&'static dyn Family] {
    FAMILIES
}

/// The family `id` at `version` (`None` for the newest registered).
pub fn family(id: &str, version: Option<&str>) -> Option<&'static dyn Family> {
    FAMILIES
        .iter()
        .rev()
        .find(|f| f.info().id == id && version.is_none_or(|v| f.info().version == v))
        .copied()
}
