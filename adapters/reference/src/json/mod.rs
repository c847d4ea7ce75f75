//! Strict JSON intake shared by every JSON family: bytes to a lossless
//! `serde_json::Value` ([`parse`]) and typed field extraction with field
//! paths and classified errors ([`decode`]).

pub mod budget;
pub mod decode;
pub mod parse;

pub use decode::{Node, Obj};
pub use parse::parse_document;
