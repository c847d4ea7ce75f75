//! Corpus discovery and validation of each case folder's shape.

use super::case::{Case, CaseMeta, Expect};
use std::fmt;
use std::path::{Path, PathBuf};

/// A malformed corpus: which folder or file, and what is wrong.
#[derive(Debug)]
pub struct CorpusError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for CorpusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for CorpusError {}

fn err(path: &Path, message: impl Into<String>) -> CorpusError {
    CorpusError {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// The source checkout's corpus, for tests and benches: `$CONFORMKIT_CORPUS`,
/// else `./corpus` when it exists, else the repository's `corpus/` next to
/// the harness. The command line uses [`super::CorpusRoot`], which falls
/// back to the corpus built into the binary instead.
pub fn default_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("CONFORMKIT_CORPUS") {
        return PathBuf::from(dir);
    }
    let local = PathBuf::from("corpus");
    if local.join("DECISIONS.md").is_file() {
        return local;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus")
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
        && name.as_bytes()[0].is_ascii_alphanumeric()
}

fn sorted_dirs(dir: &Path) -> Result<Vec<PathBuf>, CorpusError> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| err(dir, e.to_string()))? {
        let entry = entry.map_err(|e| err(dir, e.to_string()))?;
        if entry
            .file_type()
            .map_err(|e| err(dir, e.to_string()))?
            .is_dir()
        {
            out.push(entry.path());
        }
    }
    out.sort();
    Ok(out)
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Every case under `root`, sorted by id.
pub fn load_corpus(root: &Path) -> Result<Vec<Case>, CorpusError> {
    let mut cases = Vec::new();
    for family_dir in sorted_dirs(root)? {
        for version_dir in sorted_dirs(&family_dir)? {
            for case_dir in sorted_dirs(&version_dir)? {
                // A folder without any case is not a corpus: say so,
                // rather than blame the first sub-folder met.
                let case = load_case(&case_dir).map_err(|e| {
                    if holds_a_case(root) {
                        e
                    } else {
                        not_a_corpus(root)
                    }
                })?;
                cases.push(case);
            }
        }
    }
    Ok(cases)
}

/// The error for a folder that holds no case at all.
pub fn not_a_corpus(root: &Path) -> CorpusError {
    err(
        root,
        "not a conformkit corpus: no <family>/<version>/<case>/case.json under it \
         (expected the kit's corpus folder, such as corpus/ of a checkout, or one laid out like it)",
    )
}

/// Whether `root` holds at least one `<family>/<version>/<case>/case.json`.
pub fn holds_a_case(root: &Path) -> bool {
    let dirs = |d: &Path| sorted_dirs(d).unwrap_or_default();
    dirs(root).iter().any(|family| {
        dirs(family).iter().any(|version| {
            dirs(version)
                .iter()
                .any(|case| case.join("case.json").is_file())
        })
    })
}

/// One case from its folder `<root>/<family>/<version>/<name>`.
pub fn load_case(case_dir: &Path) -> Result<Case, CorpusError> {
    let name = file_name(case_dir);
    let version_dir = case_dir
        .parent()
        .ok_or_else(|| err(case_dir, "not inside a version folder"))?;
    let version = file_name(version_dir);
    let family = file_name(
        version_dir
            .parent()
            .ok_or_else(|| err(case_dir, "not inside a family folder"))?,
    );
    for part in [&family, &version, &name] {
        if !valid_name(part) {
            return Err(err(
                case_dir,
                format!("`{part}` is not a valid id part ([a-z0-9][a-z0-9._-]*)"),
            ));
        }
    }
    let meta_path = case_dir.join("case.json");
    let meta_text = std::fs::read_to_string(&meta_path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            err(
                case_dir,
                "no case.json: not a case folder (a corpus is laid out <family>/<version>/<case>/case.json; is --corpus a conformkit corpus?)",
            )
        } else {
            err(&meta_path, e.to_string())
        }
    })?;
    let meta: CaseMeta =
        serde_json::from_str(&meta_text).map_err(|e| err(&meta_path, e.to_string()))?;

    let mut inputs = Vec::new();
    for entry in std::fs::read_dir(case_dir).map_err(|e| err(case_dir, e.to_string()))? {
        let entry = entry.map_err(|e| err(case_dir, e.to_string()))?;
        let n = entry.file_name().to_string_lossy().into_owned();
        if n == "input" || n.starts_with("input.") {
            inputs.push(entry.path());
        }
    }
    let input = match inputs.as_slice() {
        [one] => one.clone(),
        [] => return Err(err(case_dir, "no input file or input/ directory")),
        _ => return Err(err(case_dir, "more than one input")),
    };

    let expected_path = case_dir.join("expected.json");
    let expected = if expected_path.exists() {
        let text = std::fs::read_to_string(&expected_path)
            .map_err(|e| err(&expected_path, e.to_string()))?;
        Some(serde_json::from_str(&text).map_err(|e| err(&expected_path, e.to_string()))?)
    } else {
        None
    };

    match meta.expect {
        Expect::Accept if expected.is_none() => {
            return Err(err(case_dir, "an accept case needs expected.json"))
        }
        Expect::Accept if meta.error_class.is_some() => {
            return Err(err(case_dir, "an accept case has no error_class"))
        }
        Expect::Reject if meta.error_class.is_none() => {
            return Err(err(case_dir, "a reject case needs error_class"))
        }
        Expect::Reject if expected.is_some() => {
            return Err(err(case_dir, "a reject case has no expected.json"))
        }
        Expect::Either if meta.error_class.is_none() || expected.is_none() => {
            return Err(err(
                case_dir,
                "an either case needs both expected.json and error_class",
            ))
        }
        _ => {}
    }

    Ok(Case {
        id: format!("{family}/{version}/{name}"),
        family,
        version,
        name,
        dir: case_dir.to_path_buf(),
        meta,
        input,
        expected,
    })
}
