//! Properties of environment.json: every valid document survives
//! write-then-read unchanged (typed and through the normalized model), and
//! breaking the env key order, by swapping two pairs or repeating one, is
//! rejected at that pair's path with the pinned class (D-ENV-2).

mod strategies;

use conformkit_reference::families::environment::{Environment, EnvironmentV1};
use conformkit_reference::family::Format;
use conformkit_reference::{family, ErrorClass, Input, Limits, Written};
use proptest::prelude::*;
use strategies::{env_text as text, environment};

fn bytes(w: Written) -> Vec<u8> {
    match w {
        Written::File(b) => b,
        Written::Directory(_) => panic!("environment is a one-file family"),
    }
}

/// The document with its env replaced by `pairs`, as JSON bytes (bypassing
/// the typed writer, which cannot hold an unsorted list).
fn with_env(doc: &Environment, pairs: &[(String, String)]) -> Vec<u8> {
    let mut model = serde_json::to_value(doc).expect("serializes");
    model["env"] = serde_json::to_value(pairs).expect("serializes");
    serde_json::to_vec(&model).expect("serializes")
}

proptest! {
    #[test]
    fn typed_write_then_read_is_identity(doc in environment()) {
        let out = bytes(EnvironmentV1::write(&doc).expect("document renders"));
        prop_assert_eq!(EnvironmentV1::read(Input::Bytes(&out), &Limits::default()), Ok(doc));
    }

    #[test]
    fn model_write_then_read_is_identity(doc in environment()) {
        let fam = family("environment", Some("v1")).expect("registered");
        let model = serde_json::to_value(&doc).expect("serializes");
        let out = bytes(fam.write(&model).expect("a valid model writes"));
        prop_assert_eq!(fam.read(Input::Bytes(&out), &Limits::default()), Ok(model));
    }

    #[test]
    fn swapped_pairs_are_rejected(doc in environment(), at in any::<prop::sample::Index>()) {
        let mut pairs = doc.env.pairs().to_vec();
        prop_assume!(pairs.len() >= 2);
        let i = at.index(pairs.len() - 1);
        pairs.swap(i, i + 1);
        let err = EnvironmentV1::read(Input::Bytes(&with_env(&doc, &pairs)), &Limits::default())
            .expect_err("an unsorted env is rejected");
        prop_assert_eq!(err.class, ErrorClass::InvalidValue);
        let path = format!("env[{}]", i + 1);
        prop_assert_eq!(err.path.as_deref(), Some(path.as_str()));
    }

    #[test]
    fn repeated_keys_are_rejected(doc in environment(), at in any::<prop::sample::Index>(), value in text()) {
        let mut pairs = doc.env.pairs().to_vec();
        prop_assume!(!pairs.is_empty());
        let i = at.index(pairs.len());
        let key = pairs[i].0.clone();
        pairs.insert(i + 1, (key, value));
        let err = EnvironmentV1::read(Input::Bytes(&with_env(&doc, &pairs)), &Limits::default())
            .expect_err("a repeated key is rejected");
        prop_assert_eq!(err.class, ErrorClass::DuplicateKey);
        let path = format!("env[{}]", i + 1);
        prop_assert_eq!(err.path.as_deref(), Some(path.as_str()));
    }
}

#[test]
fn an_unsorted_model_does_not_write() {
    let fam = family("environment", Some("v1")).expect("registered");
    let model = serde_json::json!({
        "pid": 1, "cwd": null, "args": [], "proc_status": null,
        "env": [["PATH", "/bin"], ["HOME", "/root"]],
    });
    assert!(
        fam.write(&model).is_err(),
        "the writer refuses an env out of key order"
    );
}
