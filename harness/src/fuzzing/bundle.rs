//! Fuzz property: the incident bundle reader on a real directory.
//!
//! The first byte picks how the rest is read. Mode 0: a `sections` tree (the
//! encoding `conformkit fuzz-seeds` exports corpus bundles in, with the mode
//! byte), so campaigns start from every golden bundle. Mode 1: a
//! length-framed `dir_image`. Any other byte: a structured bundle drawn with
//! `arbitrary`: members named from the seed's file set (plus unknown names),
//! each a file, a symlink or a directory. Any tree ends in a model or a
//! classified error; an accepted model survives write-then-read unchanged.

use super::sections;
use arbitrary::{Arbitrary, Unstructured};
use conformkit_reference::dir_image::{self, Entry};
use conformkit_reference::{family, Input, Limits, Written};
use std::path::PathBuf;

#[derive(Arbitrary, Debug)]
enum Name {
    SpecKv,
    SpecValidation,
    Runtime,
    PolicyAudit,
    Environment,
    RuntimeConfig,
    SingleRingSnapshot,
    LaneGraphState,
    Other(String),
}

impl Name {
    fn as_path(&self) -> String {
        match self {
            Name::SpecKv => "spec.kv".into(),
            Name::SpecValidation => "spec_validation.json".into(),
            Name::Runtime => "runtime.json".into(),
            Name::PolicyAudit => "policy_audit.json".into(),
            Name::Environment => "environment.json".into(),
            Name::RuntimeConfig => "runtime_config.txt".into(),
            Name::SingleRingSnapshot => "single_ring_snapshot.json".into(),
            Name::LaneGraphState => "lane_graph_state.json".into(),
            Name::Other(s) => s.clone(),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Kind {
    File(Vec<u8>),
    Symlink(String),
    Dir,
}

#[derive(Arbitrary, Debug)]
struct Member {
    name: Name,
    kind: Kind,
}

/// The tree an input stands for.
pub fn entries(data: &[u8]) -> Vec<Entry> {
    match data.split_first() {
        Some((0, rest)) => sections::decode(rest),
        Some((1, rest)) => dir_image::decode(rest),
        Some((_, rest)) => {
            let members: Vec<Member> = Unstructured::new(rest).arbitrary().unwrap_or_default();
            members
                .into_iter()
                .take(dir_image::MAX_ENTRIES)
                .map(|m| {
                    let path = m.name.as_path();
                    match m.kind {
                        Kind::File(content) => Entry::File { path, content },
                        Kind::Symlink(target) => Entry::Symlink { path, target },
                        Kind::Dir => Entry::Dir { path },
                    }
                })
                .collect()
        }
        None => Vec::new(),
    }
}

fn scratch() -> PathBuf {
    let base = if std::path::Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    base.join(format!("conformkit-fuzz-bundle-{}", std::process::id()))
}

/// The property this target asserts on one input (panics on a violation).
pub fn check(data: &[u8]) {
    let root = scratch();
    let _ = std::fs::remove_dir_all(&root);
    let bundle = root.join("bundle");
    if dir_image::materialize(&entries(data), &bundle).is_err() {
        return;
    }
    let fam = family("incident_bundle", None).expect("incident_bundle is registered");
    let limits = Limits::default();
    if let Ok(model) = fam.read(Input::Dir(&bundle), &limits) {
        let Ok(Written::Directory(files)) = fam.write(&model) else {
            panic!("an accepted bundle must be writable as a directory");
        };
        let again_dir = root.join("again");
        for (name, bytes) in &files {
            std::fs::create_dir_all(&again_dir).unwrap();
            std::fs::write(again_dir.join(name), bytes).unwrap();
        }
        let again = fam
            .read(Input::Dir(&again_dir), &limits)
            .expect("writer output reads back");
        assert_eq!(again, model, "round trip changed the model");
    }
    let _ = std::fs::remove_dir_all(&root);
}
