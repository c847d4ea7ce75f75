//! Every seed `conformkit fuzz-seeds` exports decodes, through its target's
//! own decoder, to the case it came from: the reader (or verifier) gives the
//! case's verdict, and the target's property holds on it.

use conformkit::corpus::{default_root, load_corpus, Case, Expect};
use conformkit::fuzz::sample::Sample;
use conformkit::fuzz_seeds::{seed, TARGETS};
use conformkit::fuzzing::{self, select::json_family};
use conformkit::reference::dir_image::{self, Entry};
use conformkit::reference::{family, Input, Limits};

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "conformkit-seed-decode-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn read_tree(tree: &[Entry], id: &str) -> bool {
    let dir = scratch(id);
    dir_image::materialize(tree, &dir).expect("a corpus tree materializes");
    let fam = family(id, None).unwrap();
    let ok = fam.read(Input::Dir(&dir), &Limits::default()).is_ok();
    let _ = std::fs::remove_dir_all(&dir);
    ok
}

/// `conformkit serve-reference` as the adapter target's adapter.
fn reference_adapter() -> fuzzing::adapter::Env {
    static COMMAND: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let command = COMMAND.get_or_init(|| {
        format!(
            "'{}' serve-reference",
            env!("CARGO_BIN_EXE_conformkit").replace('\'', r"'\''")
        )
    });
    fuzzing::adapter::Env {
        adapter: Some(command.as_str()),
        ..Default::default()
    }
}

/// Whether the target's decoder, on `seed`, ends in acceptance; `None` for
/// targets without a reader verdict (jcs).
fn decoded_verdict(target: &str, case: &Case, seed: &[u8]) -> Option<bool> {
    let limits = Limits::default();
    match target {
        "kv_dataguard" => Some(
            family("dataguard_report", None)
                .unwrap()
                .read(Input::Bytes(seed), &limits)
                .is_ok(),
        ),
        "json_readers" | "json_schema_differential" => {
            let fam = json_family(seed[0]);
            assert_eq!(fam.info().id, case.family, "{}: selector byte", case.id);
            Some(fam.read(Input::Bytes(&seed[1..]), &limits).is_ok())
        }
        "incident_bundle" => Some(read_tree(
            &fuzzing::bundle::entries(seed),
            "incident_bundle",
        )),
        // The case verdict is the runpack reader's (the verifier's checks
        // plus the artifacts' own JSON rules).
        "runpack_verify" => Some(read_tree(
            &fuzzing::runpack::image(seed).expect("a runpack seed is a tree mode"),
            "runpack",
        )),
        "adapter_differential" => {
            let (fam, sample) = fuzzing::adapter::decode(seed).expect("a seed names a family");
            assert_eq!(fam.info().id, case.family, "{}: selector byte", case.id);
            Some(match sample {
                Sample::File(bytes) => fam.read(Input::Bytes(&bytes), &limits).is_ok(),
                Sample::Tree(tree) => read_tree(&tree, fam.info().id),
            })
        }
        _ => None,
    }
}

#[test]
fn every_exported_seed_decodes_to_its_case() {
    let cases = load_corpus(&default_root()).unwrap();
    let mut wrong = Vec::new();
    let mut failed = Vec::new();
    for target in TARGETS {
        let check = fuzzing::TARGETS
            .iter()
            .find(|(n, _)| *n == target.name)
            .unwrap()
            .1;
        let (mut seeds, mut accepted) = (0, 0);
        for case in &cases {
            let Some(bytes) = seed(target, case).unwrap() else {
                continue;
            };
            seeds += 1;
            if let Some(ok) = decoded_verdict(target.name, case, &bytes) {
                accepted += usize::from(ok);
                let want = match case.meta.expect {
                    Expect::Accept => Some(true),
                    Expect::Reject => Some(false),
                    Expect::Either => None,
                };
                if want.is_some_and(|w| w != ok) {
                    wrong.push(format!(
                        "{}: {} decodes to accept={ok}",
                        target.name, case.id
                    ));
                }
            }
            // The adapter target's property runs against the reference
            // over the protocol (fuzz_adapter_target tests it further).
            let property = || match target.name {
                "adapter_differential" => {
                    fuzzing::adapter::check_with(&bytes, &reference_adapter())
                }
                _ => check(&bytes),
            };
            if std::panic::catch_unwind(property).is_err() {
                failed.push(format!("{}: {}", target.name, case.id));
            }
        }
        println!("{}: {seeds} seeds, {accepted} accepted", target.name);
        assert!(seeds > 0, "{}: no seeds", target.name);
    }
    assert!(
        wrong.is_empty(),
        "seeds off their case:\n{}",
        wrong.join("\n")
    );
    assert!(
        failed.is_empty(),
        "property fails on a seed:\n{}",
        failed.join("\n")
    );
}

#[test]
fn every_target_gets_its_dictionary_and_directory_targets_their_member_headers() {
    let out = scratch("export");
    let cases = load_corpus(&default_root()).unwrap();
    conformkit::fuzz_seeds::export(&cases, &default_root(), &out).unwrap();
    let dict = |t: &str| std::fs::read_to_string(out.join(format!("{t}.dict"))).unwrap();
    for target in TARGETS {
        assert!(dict(target.name).lines().count() > 10, "{}", target.name);
    }
    assert!(dict("incident_bundle").contains(r#""\x0A@@f spec.kv\x0A""#));
    assert!(dict("incident_bundle").contains("\n\"=\"\n"), "KV words");
    let manifest = conformkit::reference::runpack::writer::DEFAULT_MANIFEST_NAME;
    assert!(dict("runpack_verify").contains(&format!("\"\\x0A@@f {manifest}\\x0A\"")));
    assert!(!dict("json_readers").contains("@@"));
    let _ = std::fs::remove_dir_all(&out);
}
