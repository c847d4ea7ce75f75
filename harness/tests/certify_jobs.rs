//! `certify --jobs N` against `--jobs 1`: with `--stable`, every file of
//! the report folder (results.json, report.json, report.md, junit.xml,
//! index.html, badges), the SARIF log and the printed table are byte for
//! byte those of the one-worker run, case order included: for the Python
//! example adapter over the whole corpus (reader and writer), the reference
//! adapter, and faulty adapters (a crash, a hang, garbage, a second answer,
//! the restart limit) on the small fault corpus.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use support::{adapter, certify, fault_corpus, python, sh_quote, Run};

fn python_example() -> String {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../adapters/python/adapter.py");
    format!(
        "{} {}",
        sh_quote(python()),
        sh_quote(&script.display().to_string())
    )
}

/// Every file under `dir`, by relative path.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// Runs certify with `args` (plus `--stable` and a SARIF log) on 1 and on
/// each of `jobs` workers; asserts every output is the one-worker run's.
/// Returns the one-worker run.
fn same_on_jobs(args: &[&str], jobs: &[u16]) -> Run {
    let run = |n: u16| {
        let sarif = tempfile::NamedTempFile::new().unwrap();
        let sarif_path = sarif.path().display().to_string();
        let n = n.to_string();
        let mut all = args.to_vec();
        all.extend_from_slice(&["--stable", "--jobs", &n, "--sarif", &sarif_path]);
        let run = certify(&all, &[]);
        let mut out = files(run.report_dir.path());
        out.insert("SARIF".into(), std::fs::read(sarif.path()).unwrap());
        let table = run
            .stdout
            .replace(&run.report_dir.path().display().to_string(), "$DIR")
            .replace(&sarif_path, "$SARIF");
        out.insert("stdout".into(), table.into_bytes());
        out.insert("exit".into(), run.code.to_string().into_bytes());
        (run, out)
    };
    let (one, want) = run(1);
    assert!(want.len() > 6, "{:?}", want.keys().collect::<Vec<_>>());
    for &n in jobs {
        let (_, got) = run(n);
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            want.keys().collect::<Vec<_>>(),
            "--jobs {n}"
        );
        for (name, bytes) in &want {
            assert!(
                got[name] == *bytes,
                "--jobs {n}: {} differs from --jobs 1:\n{}\n---\n{}",
                name.display(),
                String::from_utf8_lossy(bytes),
                String::from_utf8_lossy(&got[name])
            );
        }
    }
    one
}

#[test]
fn python_example_reader_and_writer() {
    let command = python_example();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../adapters/python");
    for (role, list) in [
        ("reader", "expected-failures.txt"),
        ("writer", "expected-failures.writer.txt"),
    ] {
        let list = dir.join(list).display().to_string();
        let run = same_on_jobs(
            &[
                "--adapter",
                &command,
                "--role",
                role,
                "--expected-failures",
                &list,
            ],
            &[2],
        );
        assert_eq!(run.code, 0, "{role}: {}\n{}", run.stdout, run.stderr);
        assert!(run.results()["cases"].as_array().unwrap().len() > 100);
    }
}

#[test]
fn reference_adapter() {
    let run = same_on_jobs(&[], &[2, 5]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
}

/// A fault on one case stays that case's, on whichever worker it ran.
#[test]
fn faulty_adapters() {
    let corpus = fault_corpus();
    let root = corpus.root().display().to_string();
    for (script, extra) in [
        ("crash_on_victim.py", &[][..]),
        ("hang_on_victim.py", &[][..]),
        ("garbage_on_victim.py", &[][..]),
        ("answer_twice_on_victim.py", &[][..]),
        ("crash_on_victim.py", &["--per-case"][..]),
    ] {
        let command = adapter(script);
        let mut args = vec![
            "--corpus",
            &root,
            "--adapter",
            &command,
            "--timeout-ms",
            "500",
        ];
        args.extend_from_slice(extra);
        let run = same_on_jobs(&args, &[2, 4]);
        assert_eq!(run.code, 1, "{script} {extra:?}");
        let victim = run.case("runtime/v1/b-victim");
        assert_eq!(victim["status"], "fail", "{script} {extra:?}");
    }
}

/// With the restart budget spent, the cases after the fault are skipped
/// as one process skips them, though another worker could have run them.
#[test]
fn restart_limit() {
    let corpus = fault_corpus();
    let root = corpus.root().display().to_string();
    let command = adapter("crash_on_victim.py");
    let run = same_on_jobs(
        &[
            "--corpus",
            &root,
            "--adapter",
            &command,
            "--max-restarts",
            "0",
        ],
        &[2, 3, 4],
    );
    let outcomes: Vec<String> = run.outcomes().into_iter().map(|(_, o)| o).collect();
    assert_eq!(outcomes, ["accepted", "crash", "skipped", "skipped"]);
    assert_eq!(run.results()["connection"]["restarts"], 0);
}
