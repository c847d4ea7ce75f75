//! Reference readers and writers for every artifact family conformkit
//! certifies. Each family lives in its own module under [`families`] with
//! serde types, a strict reader (bytes or directory to typed document, or a
//! classified [`ReadError`]) and a canonical writer. [`registry`] lists them
//! all behind one object-safe interface over the normalized JSON model
//! ([`family::Family`]).

pub mod dir_image;
pub mod error;
pub mod families;
pub mod family;
pub mod file_bytes;
pub mod json;
pub mod kv;
pub mod limits;
pub mod registry;
pub mod runpack;
pub mod summary;

pub use error::{ErrorClass, ReadError, WriteError};
pub use family::{CanonicalForm, Family, FamilyInfo, Input, Shape, Summary, Written};
pub use limits::Limits;
pub use registry::{families as all_families, family};
