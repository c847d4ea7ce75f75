//! The seed-clause coverage index: `corpus/CLAUSES.json` lists every
//! normative clause of both seeds (and the Decision Gate facts in
//! seeds/README.md) with an id and how its cases are found from case
//! metadata (the `seed` field, or a case-name prefix). This test fails when
//! a clause has no accepted case, or no rejected case where it has a reject
//! side, when a matcher finds nothing, and when `corpus/CLAUSES.md` (the
//! index as shipped, rendered here) is out of date; set
//! `CONFORMKIT_UPDATE_CLAUSES=1` to rewrite it.

use conformkit::corpus::{default_root, load_clauses, load_corpus, Case, Expect};
use std::collections::BTreeSet;

fn ids(cases: &[&Case], expect: Expect) -> Vec<String> {
    cases
        .iter()
        .filter(|c| c.meta.expect == expect)
        .map(|c| c.id.clone())
        .collect()
}

fn cell(ids: &[String]) -> String {
    match ids.len() {
        0 => "—".to_string(),
        n if n <= 3 => ids
            .iter()
            .map(|i| format!("`{i}`"))
            .collect::<Vec<_>>()
            .join(", "),
        n => format!(
            "{n}: {}, …",
            ids[..3]
                .iter()
                .map(|i| format!("`{i}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[test]
fn every_seed_clause_has_cases_on_each_side() {
    let root = default_root();
    let index = load_clauses(&root)
        .expect("CLAUSES.json is the index's shape")
        .expect("corpus/CLAUSES.json");
    let cases = load_corpus(&root).expect("corpus loads");
    let families: BTreeSet<&str> = cases.iter().map(|c| c.family.as_str()).collect();
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    let mut md = format!(
        "# Seed clauses and the cases that cover them\n\nGenerated from `CLAUSES.json` by `harness/tests/clause_coverage.rs`: do not edit.\n{}\n\n| id | source | clause | accepted cases | rejected cases |\n|---|---|---|---|---|\n",
        index.about
    );
    for clause in &index.clauses {
        if !seen.insert(clause.id.as_str()) {
            problems.push(format!("{}: id used twice", clause.id));
        }
        for f in &clause.families {
            if !families.contains(f.as_str()) {
                problems.push(format!("{}: no family `{f}` in the corpus", clause.id));
            }
        }
        for s in &clause.seed_contains {
            let used = cases
                .iter()
                .any(|c| clause.families.contains(&c.family) && c.meta.seed.contains(s));
            if !used {
                problems.push(format!("{}: no case's seed contains {s:?}", clause.id));
            }
        }
        for p in &clause.name_prefixes {
            let used = cases
                .iter()
                .any(|c| clause.families.contains(&c.family) && c.name.starts_with(p.as_str()));
            if !used {
                problems.push(format!("{}: no case's name starts with {p:?}", clause.id));
            }
        }
        let mine: Vec<&Case> = cases.iter().filter(|c| clause.covers(c)).collect();
        let accepted = ids(&mine, Expect::Accept);
        let rejected = ids(&mine, Expect::Reject);
        if accepted.is_empty() {
            problems.push(format!("{}: no accepted case ({})", clause.id, clause.text));
        }
        if clause.reject_side && rejected.is_empty() {
            problems.push(format!("{}: no rejected case ({})", clause.id, clause.text));
        }
        let reject_cell = if clause.reject_side {
            cell(&rejected)
        } else {
            "(no reject side)".to_string()
        };
        md.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            clause.id,
            clause.source,
            clause.text.replace('|', "\\|"),
            cell(&accepted),
            reject_cell
        ));
    }
    let shipped_path = root.join("CLAUSES.md");
    if std::env::var_os("CONFORMKIT_UPDATE_CLAUSES").is_some() {
        std::fs::write(&shipped_path, &md).expect("write corpus/CLAUSES.md");
    }
    let shipped = std::fs::read_to_string(&shipped_path).unwrap_or_default();
    if shipped != md {
        problems.push(
            "corpus/CLAUSES.md is out of date: run with CONFORMKIT_UPDATE_CLAUSES=1".to_string(),
        );
    }
    assert!(
        index.clauses.len() > 100,
        "only {} clauses",
        index.clauses.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
