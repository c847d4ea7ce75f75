//! `index.html` opened from disk in real headless Chromium (Debian's
//! `chromium`; `.ci/run` installs it): the DOM Chromium renders, after the
//! page's script has run, shows every implementation and family with the
//! right counts (worked out by hand in `report_support`), the writer x
//! reader matrix, escaped names, and a drill-down the script opens when a
//! link points into it. Without Chromium the test skips with a notice,
//! or fails when `CI=true` (see `requirement`).

mod report_support;
mod requirement;

use report_support::{run_conformkit, save_runs, synthetic_runs};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// The Chromium binary, or `None` when the test skips (see `requirement`).
fn chromium(test: &str) -> Option<String> {
    requirement::require_or_skip(test, requirement::chromium(), requirement::INSTALL_CHROMIUM)
}

/// The DOM Chromium renders for `url`, after load and scripts.
fn dump_dom(chromium: &str, url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(url)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("chromium starts");
    // Bounded: a browser that hangs fails the test instead of the suite.
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    let dom = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success() && dom.contains("</html>"),
        "chromium failed ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    dom
}

/// One element found in serialized HTML: its attributes (entities decoded)
/// and its text up to its closing tag (tags stripped, entities decoded;
/// for elements that do not nest, such as `td`, `th` and `tr`).
#[derive(Debug)]
struct Element {
    attrs: BTreeMap<String, String>,
    text: String,
}

fn decode(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode(&out)
}

fn parse_attrs(tag: &str) -> BTreeMap<String, String> {
    let mut attrs = BTreeMap::new();
    let mut rest = tag;
    while let Some(eq) = rest.find("=\"") {
        let name = rest[..eq]
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap()
            .to_string();
        let value_start = eq + 2;
        let len = rest[value_start..].find('"').unwrap();
        attrs.insert(name, decode(&rest[value_start..value_start + len]));
        rest = &rest[value_start + len + 1..];
    }
    // Boolean attributes (`open`).
    for word in rest.split_whitespace() {
        let word = word.trim_end_matches('>');
        if !word.is_empty() && !word.contains('=') {
            attrs.entry(word.to_string()).or_default();
        }
    }
    attrs
}

/// Every `<tag ...>` element in `dom`.
fn elements(dom: &str, tag: &str) -> Vec<Element> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = dom[at..].find(&open) {
        let start = at + i;
        let after = &dom[start + open.len()..];
        if !after.starts_with([' ', '>']) {
            at = start + open.len();
            continue;
        }
        let end_of_tag = start + dom[start..].find('>').unwrap();
        let attrs = parse_attrs(&dom[start + open.len()..end_of_tag]);
        let text_end = dom[end_of_tag..]
            .find(&close)
            .map_or(dom.len(), |j| end_of_tag + j);
        out.push(Element {
            attrs,
            text: strip_tags(&dom[end_of_tag + 1..text_end]),
        });
        at = end_of_tag + 1;
    }
    out
}

fn with<'a>(all: &'a [Element], pairs: &[(&str, &str)]) -> Vec<&'a Element> {
    all.iter()
        .filter(|e| {
            pairs
                .iter()
                .all(|(k, v)| e.attrs.get(*k).map(String::as_str) == Some(*v))
        })
        .collect()
}

fn one<'a>(all: &'a [Element], pairs: &[(&str, &str)]) -> &'a Element {
    let found = with(all, pairs);
    assert_eq!(found.len(), 1, "elements with {pairs:?}: {found:?}");
    found[0]
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.canonicalize().unwrap().display())
}

#[test]
fn rendered_matrix_shows_every_implementation_and_family() {
    let Some(chromium) =
        chromium("report_html_chromium::rendered_matrix_shows_every_implementation_and_family")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let saved = save_runs(dir.path(), &synthetic_runs());
    let out = dir.path().join("out");
    let mut args = vec!["report"];
    for path in &saved {
        args.extend(["--results", path.as_str()]);
    }
    let out_arg = out.display().to_string();
    args.extend(["--out", out_arg.as_str()]);
    let report = run_conformkit(&args);
    assert!(report.status.success(), "{report:?}");

    let dom = dump_dom(&chromium, &file_url(&out.join("index.html")));
    // The page's script ran, from disk, without errors before its end.
    let html = elements(&dom, "html");
    assert_eq!(
        html[0]
            .attrs
            .get("data-conformkit-ready")
            .map(String::as_str),
        Some("true")
    );

    // Rows: every implementation run, in order, with its verdict.
    let trs = elements(&dom, "tr");
    let rows: Vec<&Element> = trs
        .iter()
        .filter(|e| e.attrs.contains_key("data-name"))
        .collect();
    let got: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|e| {
            (
                e.attrs["data-name"].as_str(),
                e.attrs["data-role"].as_str(),
                e.attrs["data-conformant"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("alpha", "reader", "false"),
            ("beta <b>&\"x\"", "reader", "false"),
            ("alpha", "writer", "true"),
        ]
    );
    // The name is shown as text, not as markup.
    let th = elements(&dom, "th");
    assert!(
        th.iter().any(|e| e.text.contains("beta <b>&\"x\" 2.0")),
        "escaped name not found"
    );
    assert!(!dom.contains("<b>&"), "the name became markup");

    // Family columns.
    let heads: Vec<&str> = th
        .iter()
        .filter_map(|e| e.attrs.get("data-family").map(String::as_str))
        .collect();
    assert_eq!(heads, ["runtime", "spec_validation"]);

    // Cells: level 1 and level 2 passed/total, as attributes and as text.
    let tds = elements(&dom, "td");
    let check = |imp: &str, which: (&str, &str), l1: &str, l2: &str, text: &str| {
        let cell = one(&tds, &[("data-impl", imp), which]);
        assert_eq!(cell.attrs["data-level1"], l1, "{imp} {which:?}");
        assert_eq!(cell.attrs["data-level2"], l2, "{imp} {which:?}");
        assert_eq!(cell.text.trim(), text, "{imp} {which:?}");
    };
    let fam = |f| ("data-family", f);
    let total = ("data-total", "true");
    check("alpha-reader", fam("runtime"), "3/4", "2/4", "3/4 2/4");
    check(
        "alpha-reader",
        fam("spec_validation"),
        "1/3",
        "1/3",
        "1/3 1/3",
    );
    check("alpha-reader", total, "4/7", "3/7", "4/7 3/7");
    check("beta-b-x-reader", fam("runtime"), "3/4", "3/4", "3/4 3/4");
    check(
        "beta-b-x-reader",
        fam("spec_validation"),
        "0/0",
        "0/0",
        "not declared",
    );
    check("beta-b-x-reader", total, "3/4", "3/4", "3/4 3/4");
    check("alpha-writer", fam("runtime"), "1/1", "1/1", "1/1 1/1");
    check("alpha-writer", total, "1/1", "1/1", "1/1 1/1");
    // The writer was not run on spec_validation.
    let none = one(
        &tds,
        &[("data-impl", "alpha-writer"), fam("spec_validation")],
    );
    assert_eq!(none.text, "—");
    assert!(!none.attrs.contains_key("data-level1"));

    // Writer x reader: a row per document kind, a column per reader version.
    let kinds: Vec<&str> = trs
        .iter()
        .filter_map(|e| e.attrs.get("data-kind").map(String::as_str))
        .collect();
    assert_eq!(
        kinds,
        [
            "written", "additive", "written", "additive", "future", // runtime v1, v2
            "written", "additive", "future", // spec_validation v1
        ]
    );
    let compat = |imp: &str, version: &str| -> Vec<String> {
        with(&tds, &[("data-impl", imp), ("data-version", version)])
            .iter()
            .map(|e| e.text.clone())
            .collect()
    };
    assert_eq!(
        compat("beta-b-x-reader", "v1"),
        [
            "1/1 accepted",
            "1/1 accepted",
            "no cases",
            "no cases",
            "0/1 rejected (must reject), 1 misread as valid",
            "not declared",
            "not declared",
            "not declared",
        ]
    );
    assert_eq!(
        compat("alpha-reader", "v1")[..5],
        [
            "1/1 accepted",
            "1/1 accepted, 1 with a wrong model",
            "no cases",
            "no cases",
            "1/1 rejected (must reject)",
        ]
    );
    assert_eq!(compat("beta-b-x-reader", "v2")[2], "1/1 accepted");

    // Drill-down: every failing case of a failing run is there, closed.
    let details = elements(&dom, "details");
    let cases: Vec<&str> = details
        .iter()
        .filter_map(|e| e.attrs.get("data-case").map(String::as_str))
        .collect();
    assert_eq!(
        cases,
        [
            "runtime/v1/extra-field.root",
            "runtime/v1/missing.crate",
            "spec_validation/v1/null.ok",
            "spec_validation/v1/syntax.truncated",
            "runtime/v1/future-version",
        ]
    );
    assert!(details.iter().all(|d| !d.attrs.contains_key("open")));
    // The diff is shown as text.
    let pres = elements(&dom, "pre");
    assert!(pres.iter().any(|p| p.text.contains("\"a<b & c]]>\"")));
}

#[test]
fn a_link_into_the_drill_down_opens_it() {
    let Some(chromium) = chromium("report_html_chromium::a_link_into_the_drill_down_opens_it")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    conformkit::report::write(&out, &synthetic_runs()).unwrap();
    let url = format!(
        "{}#case-alpha-reader-runtime/v1/extra-field.root",
        file_url(&out.join("index.html"))
    );
    let dom = dump_dom(&chromium, &url);
    let details = elements(&dom, "details");
    let open: Vec<String> = details
        .iter()
        .filter(|d| d.attrs.contains_key("open"))
        .map(|d| {
            d.attrs
                .get("data-case")
                .or(d.attrs.get("data-family"))
                .cloned()
                .unwrap_or_default()
        })
        .collect();
    // The case and the family section around it, nothing else.
    assert_eq!(open, ["runtime", "runtime/v1/extra-field.root"]);
    // The matrix cell links there.
    let links = elements(&dom, "a");
    assert!(links
        .iter()
        .any(|a| a.attrs.get("href").map(String::as_str) == Some("#run-alpha-reader-runtime")));
}
