//! Embeds the repository's `corpus/` in the binary: packs it (see
//! `src/corpus/archive.rs`) into `$OUT_DIR/corpus.tar`, which
//! `src/corpus/embedded.rs` includes, and stamps its fingerprint (the
//! algorithm of `src/corpus/fingerprint_core.rs`, over the case folders
//! `corpus/<family>/<version>/<case>/` in id order, as `load_corpus` finds
//! them) as `CONFORMKIT_CORPUS_FINGERPRINT`. Cargo reruns this only when a
//! file under `corpus/` changes.

#[path = "src/corpus/archive.rs"]
mod archive;
#[path = "src/corpus/fingerprint_core.rs"]
mod fingerprint_core;

use std::io;
use std::path::{Path, PathBuf};

/// The sub-folders of `dir` (symlinks not followed), sorted by name.
fn sorted_dirs(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            out.push(entry.path());
        }
    }
    out.sort();
    Ok(out)
}

/// Every case `(id, folder)` under `root`, in id order.
fn cases(root: &Path) -> io::Result<Vec<(String, PathBuf)>> {
    let name = |p: &Path| {
        p.file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned()
    };
    let mut out = Vec::new();
    for family in sorted_dirs(root)? {
        for version in sorted_dirs(&family)? {
            for case in sorted_dirs(&version)? {
                let id = format!("{}/{}/{}", name(&family), name(&version), name(&case));
                out.push((id, case));
            }
        }
    }
    Ok(out)
}

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let corpus = manifest.join("../corpus");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/corpus/archive.rs");
    println!("cargo:rerun-if-changed=src/corpus/fingerprint_core.rs");
    println!("cargo:rerun-if-changed=../corpus");
    if !corpus.join("DECISIONS.md").is_file() {
        panic!(
            "{}: no corpus here; conformkit is built from its repository \
             (cargo install --git <url> conformkit, or --path harness)",
            corpus.display()
        );
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo")).join("corpus.tar");
    let file = std::fs::File::create(&out)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", out.display()));
    archive::pack(&corpus, io::BufWriter::new(file))
        .unwrap_or_else(|e| panic!("cannot archive {}: {e}", corpus.display()));
    let cases = cases(&corpus).unwrap_or_else(|e| panic!("cannot list {}: {e}", corpus.display()));
    let print = fingerprint_core::fingerprint_dirs(
        cases.iter().map(|(id, dir)| (id.as_str(), dir.as_path())),
    )
    .unwrap_or_else(|e| panic!("cannot fingerprint {}: {e}", corpus.display()));
    println!("cargo:rustc-env=CONFORMKIT_CORPUS_FINGERPRINT={print}");
}
