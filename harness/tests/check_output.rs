//! `check`'s text output is safe for a terminal and names its input: a key
//! holding an escape sequence and a newline (which once printed raw, so a
//! crafted input could clear the screen and forge a `valid: ok` line)
//! comes out escaped on one line, after the input's file name.

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
