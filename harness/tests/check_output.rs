//! `check`'s text output is safe for a terminal and names its input: a key
//! holding an escape sequence and a newline (which once printed raw, so a
//! crafted input could clear the screen and forge a `valid: ok` line)
//! comes out escaped on one line, after the input's file name; so does a
//! path a runpack's manifest lists (printed raw too).

use std::process::Command;

#[test]
fn control_characters_in_names_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("crafted.json");
    let key = r#""a\u001b[2J\u009b\nvalid: ok""#;
    std::fs::write(&file, format!("{{{key}:1,{key}:2}}")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_conformkit"))
        .args(["check", "runtime"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let body = text.strip_suffix('\n').unwrap();
    assert!(!body.chars().any(char::is_control), "{text:?}");
    assert!(
        body.starts_with(&format!("invalid: {}:", file.display())),
        "{body}"
    );
    assert!(
        body.contains(r"found key `a\u{1b}[2J\u{9b}\nvalid: ok` twice"),
        "{body}"
    );
}

#[test]
fn control_characters_in_runpack_paths_are_escaped() {
    let case = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../corpus/runpack/v1/decision-gate.standard-layout/input");
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    std::fs::create_dir(&pack).unwrap();
    for entry in walk(&case) {
        let to = pack.join(entry.strip_prefix(&case).unwrap());
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&entry, to).unwrap();
    }
    let manifest = pack.join("manifest.json");
    let mut value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&manifest).unwrap()).unwrap();
    value["integrity"]["file_hashes"][0]["path"] = "../\u{1b}[2J\nvalid: ok".into();
    std::fs::write(&manifest, value.to_string()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_conformkit"))
        .args(["check", "runpack"])
        .arg(&pack)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let body = text.strip_suffix('\n').unwrap();
    assert!(!body.chars().any(char::is_control), "{text:?}");
    assert!(body.starts_with("invalid: "), "{body}");
    assert!(body.contains(r"`../\u{1b}[2J\nvalid: ok`"), "{body}");
}

/// Every file under `dir`.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
