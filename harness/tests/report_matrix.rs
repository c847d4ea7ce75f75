//! The derived matrices, on the synthetic runs of `report_support` (counts
//! worked out by hand there): the implementation x family table, and the
//! writer-version x reader-version table, including the row and column a
//! second family version adds and the words every renderer shows.

mod report_support;

use conformkit::adapter::Role;
use conformkit::corpus::Expect;
use conformkit::report::matrix::{score, DocumentKind, Matrix};
use report_support::synthetic_runs;

#[test]
fn implementation_by_family_counts() {
    let m = Matrix::of(&synthetic_runs());
    assert_eq!(m.families, ["runtime", "spec_validation"]);
    let keys: Vec<&str> = m.implementations.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, ["alpha-reader", "beta-b-x-reader", "alpha-writer"]);

    let alpha = &m.implementations[0];
    assert!(!alpha.conformant);
    assert_eq!(score(&alpha.families["runtime"], 1), (3, 4));
    assert_eq!(score(&alpha.families["runtime"], 2), (2, 4));
    assert_eq!(score(&alpha.families["spec_validation"], 1), (1, 3));
    assert_eq!(score(&alpha.families["spec_validation"], 2), (1, 3));
    assert_eq!(alpha.score(1), (4, 7));
    assert_eq!(alpha.score(2), (3, 7));
    assert_eq!(alpha.total.crash, 1);
    assert_eq!(alpha.total.expected_failures, 1);

    let beta = &m.implementations[1];
    assert_eq!(beta.name, "beta <b>&\"x\"");
    assert_eq!(beta.level, 1);
    assert_eq!(score(&beta.families["runtime"], 1), (3, 4));
    assert_eq!(score(&beta.families["runtime"], 2), (3, 4));
    let sv = &beta.families["spec_validation"];
    assert_eq!((sv.cases, sv.supported, sv.unsupported), (2, 0, 2));
    assert_eq!(beta.score(2), (3, 4));

    let writer = &m.implementations[2];
    assert_eq!(writer.role, Role::Writer);
    assert!(writer.conformant);
    assert!(!writer.families.contains_key("spec_validation"));
    assert_eq!(writer.score(1), (1, 1));
}

#[test]
fn writer_by_reader_rows_columns_and_words() {
    let m = Matrix::of(&synthetic_runs());
    assert_eq!(m.compat.len(), 2);
    let rt = &m.compat[0];
    assert_eq!(rt.family, "runtime");
    // v2 read by beta adds the rows v2 and v2 + additive fields and a column.
    let rows: Vec<&str> = rt.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        rows,
        [
            "v1",
            "v1 + additive fields",
            "v2",
            "v2 + additive fields",
            "future version"
        ]
    );
    assert_eq!(rt.rows[4].kind, DocumentKind::Future);
    assert_eq!(rt.rows[4].expect, Expect::Reject);
    assert_eq!(rt.rows[4].version, None);
    let cols: Vec<(&str, &str)> = rt
        .columns
        .iter()
        .map(|c| (c.implementation.as_str(), c.version.as_str()))
        .collect();
    // Writers have no reader column.
    assert_eq!(
        cols,
        [
            ("alpha-reader", "v1"),
            ("beta-b-x-reader", "v1"),
            ("beta-b-x-reader", "v2")
        ]
    );
    let text = |r: usize, c: usize| rt.text(r, c);
    assert_eq!(text(0, 0), "1/1 accepted");
    assert!(rt.cells[0][0].ok());
    assert_eq!(text(1, 0), "1/1 accepted, 1 with a wrong model");
    assert!(!rt.cells[1][0].ok());
    assert_eq!(text(4, 0), "1/1 rejected (must reject)");
    assert!(rt.cells[4][0].ok());
    assert_eq!(text(0, 1), "1/1 accepted");
    assert_eq!(text(1, 1), "1/1 accepted");
    assert_eq!(text(4, 1), "0/1 rejected (must reject), 1 misread as valid");
    assert_eq!(text(2, 2), "1/1 accepted");
    // Across versions the corpus has no case: said, not guessed.
    assert_eq!(text(2, 0), "no cases");
    assert_eq!(text(0, 2), "no cases");
    assert!(!rt.cells[0][2].tested());
    // Reject cases that are not future versions are no writer's output.
    assert_eq!(rt.cells.iter().map(|r| r[0].documents).sum::<usize>(), 3);

    let sv = &m.compat[1];
    assert_eq!(sv.family, "spec_validation");
    assert_eq!(sv.rows.len(), 3);
    assert_eq!(sv.text(0, 0), "1/1 accepted");
    assert_eq!(sv.text(2, 0), "no cases");
    // Beta does not declare spec_validation/v1: every cell says so, with
    // cases (v1) or without (v1 + additive fields, future version).
    assert!(!sv.columns[1].declared && sv.columns[0].declared);
    for r in 0..3 {
        assert_eq!(sv.text(r, 1), "not declared");
    }
    assert_eq!(sv.cells[0][1].text(Expect::Accept), "not declared");
    assert_eq!(sv.cells[1][1].documents, 0);
}

#[test]
fn repeated_names_get_distinct_keys() {
    let runs = synthetic_runs();
    let twice = vec![runs[0].clone(), runs[0].clone(), runs[2].clone()];
    let keys: Vec<String> = Matrix::of(&twice)
        .implementations
        .into_iter()
        .map(|r| r.key)
        .collect();
    assert_eq!(keys, ["alpha-reader", "alpha-reader-2", "alpha-writer"]);
}

#[test]
fn no_runs_no_rows() {
    let m = Matrix::of(&[]);
    assert!(m.families.is_empty() && m.implementations.is_empty() && m.compat.is_empty());
}
