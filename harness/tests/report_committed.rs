//! The committed `reports/` match a fresh regeneration by
//! `tools/regen-reports.sh` (with this build of conformkit): a change to
//! the corpus, the kit or an adapter that changes the reports fails here
//! (and in CI) until the reports are regenerated and committed.

mod report_support;

use report_support::files;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

#[test]
fn committed_reports_match_a_fresh_regeneration() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let fresh = tmp.path().join("reports");
    let output = Command::new("bash")
        .arg(repo.join("tools/regen-reports.sh"))
        .arg(&fresh)
        .env("CONFORMKIT", env!("CARGO_BIN_EXE_conformkit"))
        .output()
        .expect("bash runs");
    assert!(
        output.status.success(),
        "tools/regen-reports.sh failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let committed = files(&repo.join("reports"));
    let fresh = files(&fresh);
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&committed),
        names(&fresh),
        "reports/ has other files than a regeneration: run tools/regen-reports.sh and commit"
    );
    for (name, bytes) in &fresh {
        assert!(
            committed[name] == *bytes,
            "reports/{name} is out of date: run tools/regen-reports.sh and commit"
        );
    }
    assert!(fresh.contains_key("index.html") && fresh.contains_key("report.json"));
}
