//! Reads every family version's schema under a corpus root:
//! `<root>/<family>/<version>/` holds exactly one of `schema.json`,
//! `schema.kv.json`, `schema.bundle.json` (corpus/SCHEMAS.md). Resolves a
//! bundle's version marker through its `version_carrier` within the set.
//! A `schema.json` may have its gate keywords beside it, in
//! `schema.meta.json` ([`schema_meta`]).

use super::model::{SchemaDoc, SchemaFormat};
use super::{bundle_schema, json_schema, kv_schema, schema_meta, CompatError};
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
    /// The file's text, to locate findings in it.
    pub text: String,
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

/// Loads one schema from its text; `file` names it in errors. `meta` is
/// the `schema.meta.json` beside a `schema.json`, as (file name, text).
pub fn parse_schema(
    format: SchemaFormat,
    text: &str,
    file: &str,
    meta: Option<(&str, &str)>,
) -> Result<SchemaDoc, CompatError> {
    let mut value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| CompatError(format!("{file}: not JSON: {e}")))?;
    if let Some((meta_file, meta_text)) = meta {
        if format != SchemaFormat::Json {
            return Err(CompatError(format!(
                "{meta_file}: only a schema.json takes a {} beside it",
                schema_meta::FILE
            )));
        }
        let meta: serde_json::Value = serde_json::from_str(meta_text)
            .map_err(|e| CompatError(format!("{meta_file}: not JSON: {e}")))?;
        schema_meta::merge(&mut value, &meta)
            .map_err(|e| CompatError(format!("{meta_file}: {e}")))?;
    }
    let doc = match format {
        SchemaFormat::Json => json_schema::load(&value).map(|j| SchemaDoc::Json(Box::new(j))),
        SchemaFormat::Kv => kv_schema::load(&value).map(SchemaDoc::Kv),
        SchemaFormat::Bundle => bundle_schema::load(&value).map(SchemaDoc::Bundle),
    };
    doc.map_err(|e| CompatError(format!("{file}: {e}")))
}

/// A family version's version marker, `(path, value)`. A bundle has none of
/// its own: its marker is its version carrier's, the marker of the family
/// version that reads the carrier member, in the same set
/// (`policy_audit.json:policy_version`).
pub fn version_marker<'s>(
    set: &'s SchemaSet,
    schema: &'s VersionSchema,
) -> Option<(String, &'s str)> {
    match &schema.doc {
        SchemaDoc::Bundle(b) => {
            let carrier = b.version_carrier.as_ref()?;
            let (family, version) = bundle_schema::carrier_family(&b.files.get(carrier)?.family)?;
            let (path, value) = set.get(family)?.get(version)?.doc.version_marker()?;
            Some((format!("{carrier}:{path}"), value))
        }
        doc => doc.version_marker().map(|(p, v)| (p.to_string(), v)),
    }
}

/// Every bundle's version carrier is read by a family version of the set
/// that has a version marker: else the bundle's version is unknown and the
/// gate cannot apply the version-bump rule to it.
fn check_carriers(set: &SchemaSet) -> Result<(), CompatError> {
    for schema in set.values().flat_map(|v| v.values()) {
        let SchemaDoc::Bundle(b) = &schema.doc else {
            continue;
        };
        let Some(carrier) = &b.version_carrier else {
            continue;
        };
        if version_marker(set, schema).is_none() {
            let family = b.files.get(carrier).map_or("", |f| f.family.as_str());
            return Err(CompatError(format!(
                "{}: version_carrier `{carrier}` is read as `{family}`, which is not a JSON or KV family version of this schema set with a version marker",
                schema.file
            )));
        }
    }
    Ok(())
}

/// A schema file's text, refusing one larger than [`MAX_SCHEMA_BYTES`].
fn read_limited(path: &Path, file: &str) -> Result<String, CompatError> {
    let meta = std::fs::metadata(path).map_err(|e| CompatError(format!("{file}: {e}")))?;
    if meta.len() > MAX_SCHEMA_BYTES {
        return Err(CompatError(format!(
            "{file}: larger than {MAX_SCHEMA_BYTES} bytes"
        )));
    }
    std::fs::read_to_string(path).map_err(|e| CompatError(format!("{file}: {e}")))
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
            let file = format!("{shown_dir}/{name}");
            let text = read_limited(&dir.join(name), &file)?;
            let meta_file = format!("{shown_dir}/{}", schema_meta::FILE);
            let meta_path = dir.join(schema_meta::FILE);
            let meta_text = if meta_path.is_file() {
                Some(read_limited(&meta_path, &meta_file)?)
            } else {
                None
            };
            let meta = meta_text.as_deref().map(|t| (meta_file.as_str(), t));
            let doc = parse_schema(format, &text, &file, meta)?;
            versions.insert(version, VersionSchema { file, doc, text });
        }
        if !versions.is_empty() {
            set.insert(family, versions);
        }
    }
    check_carriers(&set)?;
    Ok(set)
}
