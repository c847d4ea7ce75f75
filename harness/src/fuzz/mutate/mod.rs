//! Structured mutators, one per family kind: JSON documents
//! ([`json`], with [`render`] for lexical edits), KV documents ([`kv`]),
//! directory artifacts ([`tree`], with [`runpack`] recomputing every hash
//! afterwards), and byte edits ([`bytes`]) for anything else. Every
//! mutation is a pure function of its input and the random generator, so a
//! campaign is reproducible from its seed.

pub mod bytes;
pub mod edges;
pub mod json;
pub mod kv;
pub mod render;
pub mod runpack;
pub mod tree;
pub mod tree_path;

use super::sample::Sample;
use fastrand::Rng;
use serde_json::Value;

/// A mutated copy of `sample`, an input of `family`.
pub fn mutate_input(family: &str, sample: &Sample, rng: &mut Rng) -> Sample {
    match sample {
        Sample::File(bytes) if family == "dataguard_report" => Sample::File(kv::mutate(bytes, rng)),
        Sample::File(bytes) => Sample::File(json::mutate(bytes, rng)),
        Sample::Tree(entries) if family == "runpack" && rng.bool() => {
            // The manifest is the runpack's structure: half the mutations
            // edit one of its values, then every hash is recomputed.
            let mut out = entries.clone();
            runpack::edit_manifest(&mut out, rng);
            runpack::rehash(&mut out);
            Sample::Tree(out)
        }
        Sample::Tree(entries) => {
            let mut out = tree::mutate(entries, rng);
            // Mostly consistent runpacks; sometimes a plain tamper.
            if family == "runpack" && rng.u8(0..5) != 0 {
                runpack::rehash(&mut out);
            }
            Sample::Tree(out)
        }
    }
}

/// A mutated copy of a writer's model (value-level edits only: a writer is
/// given a model, not text).
pub fn mutate_model(model: &Value, rng: &mut Rng) -> Value {
    let mut out = model.clone();
    for _ in 0..rng.usize(1..=2) {
        json::edit_value(&mut out, rng);
    }
    out
}
