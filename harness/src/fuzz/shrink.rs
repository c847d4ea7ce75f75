//! Shrinking a disagreement to a minimal input that still disagrees in the
//! same way (same signature): structure first (directory members, KV
//! lines, JSON members and elements, each removal kept when the
//! disagreement survives it), then bytes (ever smaller chunks removed).
//! Bounded by a number of attempts, so a slow adapter cannot stall a
//! campaign. A runpack is rehashed after every structural step when the
//! original was consistent.

use super::mutate::render::{render, Plan};
use super::mutate::runpack::rehash;
use super::mutate::tree_path::{all_paths, remove};
use super::sample::Sample;
use conformkit_reference::dir_image::Entry;
use serde_json::Value;
use std::io;

/// The predicate: does this candidate still disagree the same way?
pub type Still<'a> = dyn FnMut(&Sample) -> io::Result<bool> + 'a;

/// Most predicate calls one shrink may make.
pub const BUDGET: usize = 200;

struct Shrinker<'a, 'b> {
    still: &'b mut Still<'a>,
    left: usize,
}

impl Shrinker<'_, '_> {
    fn test(&mut self, candidate: &Sample) -> io::Result<bool> {
        if self.left == 0 {
            return Ok(false);
        }
        self.left -= 1;
        (self.still)(candidate)
    }
}

/// The smallest input found that keeps `still` true, starting from `sample`.
pub fn shrink(family: &str, sample: &Sample, still: &mut Still<'_>) -> io::Result<Sample> {
    let mut s = Shrinker {
        still,
        left: BUDGET,
    };
    match sample {
        Sample::File(bytes) => {
            let bytes = shrink_file(family, bytes, &mut |b, s| s.test(&Sample::File(b)), &mut s)?;
            Ok(Sample::File(bytes))
        }
        Sample::Tree(entries) => shrink_tree(family, entries, &mut s).map(Sample::Tree),
    }
}

type FileTest<'c, 'a, 'b> = dyn FnMut(Vec<u8>, &mut Shrinker<'a, 'b>) -> io::Result<bool> + 'c;

fn shrink_file<'a, 'b>(
    family: &str,
    bytes: &[u8],
    test: &mut FileTest<'_, 'a, 'b>,
    s: &mut Shrinker<'a, 'b>,
) -> io::Result<Vec<u8>> {
    let mut best = bytes.to_vec();
    if family == "dataguard_report" || family.ends_with(".kv") {
        best = shrink_lines(best, test, s)?;
    } else if let Ok(value) = serde_json::from_slice::<Value>(&best) {
        // Only when a plain rendering keeps the disagreement (lexical
        // findings such as duplicate keys do not survive re-rendering).
        let plain = render(&value, &Plan::default());
        if plain.len() <= best.len() && test(plain.clone(), s)? {
            best = shrink_json(value, test, s)?;
        }
    }
    shrink_bytes(best, test, s)
}

fn shrink_json<'a, 'b>(
    mut value: Value,
    test: &mut FileTest<'_, 'a, 'b>,
    s: &mut Shrinker<'a, 'b>,
) -> io::Result<Vec<u8>> {
    'again: loop {
        for path in all_paths(&value).into_iter().skip(1) {
            let mut candidate = value.clone();
            if remove(&mut candidate, &path) && test(render(&candidate, &Plan::default()), s)? {
                value = candidate;
                continue 'again;
            }
            if s.left == 0 {
                break 'again;
            }
        }
        break;
    }
    Ok(render(&value, &Plan::default()))
}

fn shrink_lines<'a, 'b>(
    bytes: Vec<u8>,
    test: &mut FileTest<'_, 'a, 'b>,
    s: &mut Shrinker<'a, 'b>,
) -> io::Result<Vec<u8>> {
    let mut lines: Vec<Vec<u8>> = bytes
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect();
    let mut i = 0;
    while i < lines.len() && s.left > 0 {
        let mut candidate = lines.clone();
        candidate.remove(i);
        if test(candidate.concat(), s)? {
            lines = candidate;
        } else {
            i += 1;
        }
    }
    Ok(lines.concat())
}

fn shrink_bytes<'a, 'b>(
    mut best: Vec<u8>,
    test: &mut FileTest<'_, 'a, 'b>,
    s: &mut Shrinker<'a, 'b>,
) -> io::Result<Vec<u8>> {
    let mut chunk = best.len() / 2;
    while chunk >= 1 && s.left > 0 {
        let mut at = 0;
        while at + chunk <= best.len() && s.left > 0 {
            let mut candidate = best.clone();
            candidate.drain(at..at + chunk);
            if test(candidate.clone(), s)? {
                best = candidate;
            } else {
                at += chunk;
            }
        }
        chunk /= 2;
    }
    Ok(best)
}

fn shrink_tree(
    family: &str,
    entries: &[Entry],
    s: &mut Shrinker<'_, '_>,
) -> io::Result<Vec<Entry>> {
    let consistent = family == "runpack" && {
        let mut again = entries.to_vec();
        rehash(&mut again);
        again == entries
    };
    let fix = |mut e: Vec<Entry>| {
        if consistent {
            rehash(&mut e);
        }
        e
    };
    let mut best = entries.to_vec();
    let mut i = 0;
    while i < best.len() && s.left > 0 {
        let mut candidate = best.clone();
        candidate.remove(i);
        let candidate = fix(candidate);
        if s.test(&Sample::Tree(candidate.clone()))? {
            best = candidate;
        } else {
            i += 1;
        }
    }
    for i in 0..best.len() {
        let Entry::File { path, content } = best[i].clone() else {
            continue;
        };
        if family == "runpack" && path == "manifest.json" {
            continue;
        }
        let kind = if path.ends_with(".kv") {
            "member.kv"
        } else {
            "member.json"
        };
        let base = best.clone();
        let mut test = |bytes: Vec<u8>, s: &mut Shrinker<'_, '_>| {
            let mut candidate = base.clone();
            candidate[i] = Entry::File {
                path: path.clone(),
                content: bytes,
            };
            s.test(&Sample::Tree(fix(candidate)))
        };
        let shrunk = if path.ends_with(".json") || path.ends_with(".kv") {
            shrink_file(kind, &content, &mut test, s)?
        } else {
            shrink_bytes(content.clone(), &mut test, s)?
        };
        best[i] = Entry::File {
            path,
            content: shrunk,
        };
        best = fix(best);
    }
    Ok(best)
}

/// The smallest model found that keeps `still` true: members and elements
/// removed one at a time while it holds.
pub fn shrink_model(
    model: &Value,
    still: &mut dyn FnMut(&Value) -> io::Result<bool>,
) -> io::Result<Value> {
    let mut best = model.clone();
    let mut left = BUDGET;
    'again: loop {
        for path in all_paths(&best).into_iter().skip(1) {
            if left == 0 {
                break 'again;
            }
            let mut candidate = best.clone();
            if remove(&mut candidate, &path) {
                left -= 1;
                if still(&candidate)? {
                    best = candidate;
                    continue 'again;
                }
            }
        }
        break;
    }
    Ok(best)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shrinks_json_structure_then_bytes() {
        let doc = br#"{"keep": {"bad": 123456, "x": [1, 2, 3]}, "other": "long text here"}"#;
        let mut still = |s: &Sample| -> io::Result<bool> {
            let Sample::File(b) = s else { return Ok(false) };
            Ok(b.windows(6).any(|w| w == b"123456"))
        };
        let out = shrink("runtime", &Sample::File(doc.to_vec()), &mut still).unwrap();
        assert_eq!(out, Sample::File(b"123456".to_vec()));
    }

    #[test]
    fn shrinks_kv_lines_and_tree_members() {
        let mut still = |s: &Sample| -> io::Result<bool> {
            Ok(match s {
                Sample::File(b) => b.windows(3).any(|w| w == b"b=2"),
                Sample::Tree(e) => e.iter().any(|e| e.path() == "keep.json"),
            })
        };
        let kv = shrink(
            "dataguard_report",
            &Sample::File(b"a=1\nb=2\nc=3\n".to_vec()),
            &mut still,
        )
        .unwrap();
        assert_eq!(kv, Sample::File(b"b=2".to_vec()));
        let tree = vec![
            Entry::File {
                path: "drop.json".into(),
                content: b"{}".to_vec(),
            },
            Entry::File {
                path: "keep.json".into(),
                content: br#"{"a":1}"#.to_vec(),
            },
        ];
        let out = shrink("incident_bundle", &Sample::Tree(tree), &mut still).unwrap();
        assert_eq!(
            out,
            Sample::Tree(vec![Entry::File {
                path: "keep.json".into(),
                content: vec![]
            }])
        );
    }
}
