//! Data-driven corpus test: every `case.json` under `corpus/` is its own test,
//! named by its path (`<family>/<version>/<case>/case.json`). Each case runs
//! through the reference reader and must pass at level 2; every accepted
//! model must survive a round trip (write, read back, same model).

use conformkit::artifact::materialize;
use conformkit::corpus::load_case;
use conformkit::verdict::{judge, ReadOutcome};
use conformkit_reference::{family, Limits};
use std::path::Path;

fn corpus_case(path: &Path) -> datatest_stable::Result<()> {
    let case = load_case(path.parent().ok_or("case.json has no folder")?)?;
    let fam = family(&case.family, Some(&case.version))
        .ok_or_else(|| format!("no reference reader for {}/{}", case.family, case.version))?;
    let limits = Limits::default();
    let outcome = match fam.read_path(&case.input, &limits) {
        Ok(model) => ReadOutcome::Accepted { model },
        Err(e) => ReadOutcome::Rejected {
            class: Some(e.class),
            message: e.to_string(),
        },
    };
    let verdict = judge(&case, &outcome);
    if !verdict.level2 {
        return Err(format!("{}: {}", case.id, verdict.detail.unwrap_or_default()).into());
    }
    if let ReadOutcome::Accepted { model } = outcome {
        let written = fam.write(&model)?;
        let dir = tempfile::tempdir()?;
        let dest = dir.path().join("artifact");
        materialize(&written, &dest)?;
        let again = fam
            .read_path(&dest, &limits)
            .map_err(|e| format!("{}: writer output does not read back: {e}", case.id))?;
        if again != model {
            return Err(format!(
                "{}: round trip changed the model:\n{}",
                case.id,
                conformkit::verdict::diff_models(&model, &again)
            )
            .into());
        }
    }
    Ok(())
}

datatest_stable::harness! {
    // Only `<family>/<version>/<case>/case.json`: a file named case.json
    // inside a directory input (a runpack artifact) is not a case.
    { test = corpus_case, root = "../corpus", pattern = r"^[^/]+/[^/]+/[^/]+/case\.json$" },
}
