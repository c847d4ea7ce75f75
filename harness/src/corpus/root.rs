//! Which corpus a command reads: `--corpus DIR`, else `$CONFORMKIT_CORPUS`,
//! else `./corpus` when the working directory is a checkout, else the
//! corpus built into the binary, unpacked for as long as the value lives.

use super::embedded;
use std::io;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A corpus folder, and the temporary folder to remove if it was unpacked.
pub enum CorpusRoot {
    /// A folder named by the user or found in the working directory.
    Dir(PathBuf),
    /// The built-in corpus, unpacked into a private temporary folder.
    BuiltIn(TempDir),
}

impl CorpusRoot {
    /// Resolves the corpus: `explicit` (from `--corpus`) wins, then the
    /// environment variable, then `./corpus`, then the built-in corpus.
    pub fn resolve(explicit: Option<&Path>) -> io::Result<CorpusRoot> {
        if let Some(dir) = explicit {
            return Ok(CorpusRoot::Dir(dir.to_path_buf()));
        }
        if let Some(dir) = std::env::var_os("CONFORMKIT_CORPUS") {
            return Ok(CorpusRoot::Dir(PathBuf::from(dir)));
        }
        let local = PathBuf::from("corpus");
        if local.join("DECISIONS.md").is_file() {
            return Ok(CorpusRoot::Dir(local));
        }
        embedded::materialize().map(CorpusRoot::BuiltIn)
    }

    /// The corpus root folder.
    pub fn path(&self) -> &Path {
        match self {
            CorpusRoot::Dir(dir) => dir,
            CorpusRoot::BuiltIn(temp) => temp.path(),
        }
    }

    /// Whether this is the corpus built into the binary.
    pub fn is_built_in(&self) -> bool {
        matches!(self, CorpusRoot::BuiltIn(_))
    }
}
