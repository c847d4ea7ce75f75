//! Embeds the repository's `corpus/` in the binary: packs it (see
//! `src/corpus/archive.rs`) into `$OUT_DIR/corpus.tar`, which
//! `src/corpus/embedded.rs` includes. Cargo reruns this only when a file
//! under `corpus/` changes.

#[path = "src/corpus/archive.rs"]
mod archive;

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let corpus = manifest.join("../corpus");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/corpus/archive.rs");
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
    archive::pack(&corpus, std::io::BufWriter::new(file))
        .unwrap_or_else(|e| panic!("cannot archive {}: {e}", corpus.display()));
}
