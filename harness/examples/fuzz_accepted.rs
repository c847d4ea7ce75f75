//! Counts the inputs of fuzz corpus folders that a directory target's reader
//! accepts, to show that a campaign starts from valid trees and keeps
//! reaching acceptance under mutation (docs/fuzzing.md):
//!
//!     cargo run -p conformkit --example fuzz_accepted -- <target> DIR...
//!
//! `incident_bundle`: the tree the input stands for (every mode) is read by
//! the bundle reader; accepted = a model. `runpack_verify`: tree-mode inputs
//! (first byte 0, 1, or 2: a tree whose hashes are recomputed) are verified;
//! accepted = report status `pass`. Other first bytes are writer-mode inputs
//! (the target writes its own runpack), counted apart. Each DIR is counted
//! on its own, one line per folder.

use conformkit::fuzzing::{bundle, runpack};
use conformkit::reference::dir_image::{self, Entry};
use conformkit::reference::runpack::verifier::verify;
use conformkit::reference::runpack::writer::DEFAULT_MANIFEST_NAME;
use conformkit::reference::{family, Input, Limits};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Default)]
struct Counts {
    inputs: usize,
    by_mode: [usize; 4],
    accepted_by_mode: [usize; 4],
}

fn mode(data: &[u8]) -> usize {
    match data.first() {
        Some(0) => 0,
        Some(1) => 1,
        Some(2) => 2,
        _ => 3,
    }
}

fn scratch() -> PathBuf {
    let base = if Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    base.join(format!("conformkit-fuzz-accepted-{}", std::process::id()))
}

/// Whether the tree is accepted by `judge` once written under a scratch root.
fn on_disk(tree: &[Entry], judge: impl Fn(&Path) -> bool) -> bool {
    let root = scratch();
    let _ = std::fs::remove_dir_all(&root);
    let ok = dir_image::materialize(tree, &root).is_ok() && judge(&root);
    let _ = std::fs::remove_dir_all(&root);
    ok
}

/// `Some(accepted)` for an input the target reads as a tree, `None` for a
/// writer-mode input.
fn accepted(target: &str, data: &[u8]) -> Result<Option<bool>, String> {
    let limits = Limits::default();
    match target {
        "incident_bundle" => {
            let fam = family("incident_bundle", None).ok_or("incident_bundle is not registered")?;
            Ok(Some(on_disk(&bundle::entries(data), |p| {
                fam.read(Input::Dir(p), &limits).is_ok()
            })))
        }
        "runpack_verify" => Ok(runpack::image(data).map(|tree| {
            on_disk(&tree, |p| {
                verify(p, DEFAULT_MANIFEST_NAME, &limits).is_ok_and(|v| v.report.status == "pass")
            })
        })),
        other => Err(format!(
            "{other}: not a directory target (incident_bundle, runpack_verify)"
        )),
    }
}

fn count(target: &str, dir: &Path) -> Result<Counts, String> {
    let mut c = Counts::default();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if !path.is_file() {
            continue;
        }
        let data = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let m = mode(&data);
        c.inputs += 1;
        c.by_mode[m] += 1;
        if accepted(target, &data)? == Some(true) {
            c.accepted_by_mode[m] += 1;
        }
    }
    Ok(c)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((target, dirs)) = args.split_first().filter(|(_, d)| !d.is_empty()) else {
        eprintln!("usage: fuzz_accepted <incident_bundle|runpack_verify> DIR...");
        return ExitCode::from(2);
    };
    for dir in dirs {
        match count(target, Path::new(dir)) {
            Ok(c) => println!(
                "{dir}: {} inputs, {} accepted (mode 0 sections: {}/{}, mode 1 dir_image: {}/{}, mode 2 rehashed sections: {}/{}, other modes: {}/{}{})",
                c.inputs,
                c.accepted_by_mode.iter().sum::<usize>(),
                c.accepted_by_mode[0],
                c.by_mode[0],
                c.accepted_by_mode[1],
                c.by_mode[1],
                c.accepted_by_mode[2],
                c.by_mode[2],
                c.accepted_by_mode[3],
                c.by_mode[3],
                if target == "runpack_verify" { ", writer mode, not counted" } else { "" },
            ),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::SUCCESS
}
