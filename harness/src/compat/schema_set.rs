//! Reads every family version's schema under a corpus root:
//! `<root>/<family>/<version>/` holds exactly one of `schema.json`,
//! `schema.kv.json`, `schema.bundle.json` (corpus/SCHEMAS.md).

use super::model::{SchemaDoc, SchemaFormat};
use super::{bundle_schema, json_schema, kv_schema, CompatError};
use std::collections::BTreeMap;
use std::path::Path;

/// Largest schema file read.
const MAX_SCHEMA_BYTES: u64 = 16 << 20;

/// One family version's schema.
#[derive(Debug, Clone)]
pub struct VersionSchema {
    /// Display path of the file (`corpus/runtime/v1/schema.json`).
    pub file: String,
    pub doc: SchemaDoc,
}

/// family → version folder → schema.
pub type SchemaSet = BTreeMap<String, BTreeMap<String, VersionSchema>>;

fn sorted_dirs(dir: &Path) -> Result<Vec<(String, std::path::PathBuf)>, CompatError> {
    let err = |e: std::io::Error| CompatError(format!("{}: {e}", dir.display()));
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(err)? {
        let entry = entry.map_err(err)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !entry.file_type().map_err(err)?.is_dir() {
            continue;
        }
        out.push((name, entry.path()));
    }
    out.sort();
    Ok(out)
}

/// Loads one schema from its text; `file` names it in errors.
pub fn parse_schema(
    format: SchemaFormat,
    text: &str,
    file: &str,
) -> Result<SchemaDoc, CompatError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| CompatError(format!("{file}: not JSON: {e}")))?;
    let doc = match format {
        SchemaFormat::Json => json_schema::load(&value).map(|j| SchemaDoc::Json(Box::new(j))),
        SchemaFormat::Kv => kv_schema::load(&value).map(SchemaDoc::Kv),
        SchemaFormat::Bundle => bundle_schema::load(&value).map(SchemaDoc::Bundle),
    };
    doc.map_err(|e| CompatError(format!("{file}: {e}")))
}

/// Every schema under `root`; `shown` is how `root` appears in file names.
pub fn load_set(root: &Path, shown: &str) -> Result<SchemaSet, CompatError> {
    let mut set = SchemaSet::new();
    for (family, family_dir) in sorted_dirs(root)? {
        let mut versions = BTreeMap::new();
        for (version, dir) in sorted_dirs(&family_dir)? {
            let present: Vec<(SchemaFormat, &str)> = SchemaFormat::ALL
                .into_iter()
                .filter(|(_, name)| dir.join(name).is_file())
                .collect();
            let shown_dir = format!("{shown}/{family}/{version}");
            let (format, name) = match present.as_slice() {
                [one] => *one,
                [] => {
                    return Err(CompatError(format!(
                        "{shown_dir}: no schema (schema.json, schema.kv.json or schema.bundle.json; see corpus/SCHEMAS.md)"
                    )))
                }
                _ => {
                    return Err(CompatError(format!(
                        "{shown_dir}: more than one schema file"
                    )))
                }
            };
            let path = dir.join(name);
            let file = format!("{shown_dir}/{name}");
            let meta = std::fs::metadata(&path).map_err(|e| CompatError(format!("{file}: {e}")))?;
            if meta.len() > MAX_SCHEMA_BYTES {
                return Err(CompatError(format!(
                    "{file}: larger than {MAX_SCHEMA_BYTES} bytes"
                )));
            }
            let text =
                std::fs::read_to_string(&path).map_err(|e| CompatError(format!("{file}: {e}")))?;
            let doc = parse_schema(format, &text, &file)?;
            versions.insert(version, VersionSchema { file, doc });
        }
        if !versions.is_empty() {
            set.insert(family, versions);
        }
    }
    Ok(set)
}
