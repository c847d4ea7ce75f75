//! Where a schema set comes from: a directory on disk, or a git revision
//! extracted into a temporary directory (the `git` module). Either way the
//! result is a corpus root (`<family>/<version>/schema*.json`).

use super::git;
use super::CompatError;
use serde::Serialize;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A `--old` / `--new` argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceSpec {
    /// `dir:<path>`, or a bare argument naming an existing directory.
    Dir(PathBuf),
    /// `git:<rev>`, or any other bare argument.
    Git(String),
}

impl SourceSpec {
    /// Reads an argument: `dir:` and `git:` prefixes force the kind; a bare
    /// argument is a directory when one exists at that path, else a revision.
    pub fn parse(arg: &str) -> SourceSpec {
        if let Some(path) = arg.strip_prefix("dir:") {
            SourceSpec::Dir(PathBuf::from(path))
        } else if let Some(rev) = arg.strip_prefix("git:") {
            SourceSpec::Git(rev.to_string())
        } else if Path::new(arg).is_dir() {
            SourceSpec::Dir(PathBuf::from(arg))
        } else {
            SourceSpec::Git(arg.to_string())
        }
    }
}

/// What a source was, for the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceInfo {
    /// `dir` or `git`.
    pub kind: &'static str,
    /// The argument as given (without a `dir:`/`git:` prefix).
    pub spec: String,
    /// The commit a revision resolved to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// The corpus root as reported in findings' `file` (repository-relative in git mode).
    pub corpus: String,
}

/// A schema set on disk, ready to read.
#[derive(Debug)]
pub struct Materialized {
    /// The corpus root to read.
    pub root: PathBuf,
    pub info: SourceInfo,
    /// Holds the extracted revision alive.
    _temp: Option<TempDir>,
}

fn display(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let trimmed = text.trim_start_matches("./");
    if trimmed.is_empty() {
        ".".into()
    } else {
        trimmed.trim_end_matches('/').to_string()
    }
}

/// Puts `spec` on disk: `repo` is the repository for revisions, and
/// `corpus_path` the corpus folder inside a repository (or a directory
/// argument holding one).
pub fn materialize(
    spec: &SourceSpec,
    repo: &Path,
    corpus_path: &str,
) -> Result<Materialized, CompatError> {
    match spec {
        SourceSpec::Dir(dir) => {
            if !dir.is_dir() {
                return Err(CompatError(format!("{}: not a directory", dir.display())));
            }
            let inner = dir.join(corpus_path);
            let root = if inner.is_dir() { inner } else { dir.clone() };
            Ok(Materialized {
                info: SourceInfo {
                    kind: "dir",
                    spec: dir.to_string_lossy().into_owned(),
                    commit: None,
                    corpus: display(&root),
                },
                root,
                _temp: None,
            })
        }
        SourceSpec::Git(rev) => {
            let top = git::toplevel(repo)?;
            let commit = git::resolve(&top, rev)?;
            let temp = tempfile::Builder::new()
                .prefix("conformkit-compat-")
                .tempdir()
                .map_err(|e| CompatError(format!("cannot create a temporary directory: {e}")))?;
            let root = temp.path().join("corpus");
            let files = git::extract(&top, &commit, corpus_path, &root)?;
            if files == 0 {
                return Err(CompatError(format!(
                    "revision {rev} ({}) has no files under `{corpus_path}/`",
                    short(&commit)
                )));
            }
            Ok(Materialized {
                root,
                info: SourceInfo {
                    kind: "git",
                    spec: rev.clone(),
                    commit: Some(commit),
                    corpus: display(Path::new(corpus_path)),
                },
                _temp: Some(temp),
            })
        }
    }
}

fn short(commit: &str) -> &str {
    commit.get(..12).unwrap_or(commit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argument_kinds() {
        assert_eq!(
            SourceSpec::parse("git:main"),
            SourceSpec::Git("main".into())
        );
        assert_eq!(SourceSpec::parse("dir:x"), SourceSpec::Dir("x".into()));
        assert_eq!(SourceSpec::parse("."), SourceSpec::Dir(".".into()));
        assert_eq!(
            SourceSpec::parse("origin/main-that-is-no-dir"),
            SourceSpec::Git("origin/main-that-is-no-dir".into())
        );
        assert_eq!(display(Path::new("./corpus/")), "corpus");
    }
}
