//! The validating reader gives exactly the typed reader's verdict: for
//! generated valid reports and for random mutations of them (lines dropped,
//! repeated, swapped, values and lines replaced with faulty ones, bytes
//! inserted, the text cut), cut into any number of pieces, the result is the
//! same error, field for field, or success with counts that match the report.
//! Also through files: mapped, read, and cut across the available cores.

use conformkit_reference::families::dataguard_report::{
    read::read, validate::validate_split, write::render, DataGuardReport,
};
use conformkit_reference::kv::pieces::Split;
use conformkit_reference::{family, file_bytes, Limits, ReadError, Summary};
use proptest::prelude::*;

mod dataguard_gen;
use dataguard_gen::report;

/// [`validate_split`] in `pieces` pieces over up to three threads.
fn validate_in(bytes: &[u8], limits: &Limits, pieces: usize) -> Result<Summary, ReadError> {
    let split = Split {
        pieces,
        threads: pieces.min(3),
    };
    validate_split(bytes, limits, split)
}

/// The two verdicts agree: the same error, or success with matching counts.
fn agree(
    validated: &Result<Summary, ReadError>,
    read: &Result<DataGuardReport, ReadError>,
    bytes: &[u8],
) -> Result<(), String> {
    match (validated, read) {
        (Err(v), Err(r)) if v == r => Ok(()),
        (Ok(s), Ok(doc)) => {
            let lines = memchr::memchr_iter(b'\n', bytes).count() as u64;
            let want = [
                ("bytes", bytes.len() as u64),
                ("lines", lines),
                ("counters", doc.counts.len() as u64),
            ];
            for (name, n) in want {
                if s.get(name) != Some(n) {
                    return Err(format!("{name}: {:?} != {n} in {s}", s.get(name)));
                }
            }
            let keys = ["counters", "known_keys", "unknown_keys"]
                .iter()
                .map(|k| s.get(k).unwrap_or(0))
                .sum::<u64>();
            if keys != lines {
                return Err(format!("keys do not add up to lines: {s}"));
            }
            Ok(())
        }
        _ => Err(format!("validate: {validated:?}\nread: {read:?}")),
    }
}

/// A faulty or unusual line to put into a report.
fn odd_line() -> impl Strategy<Value = Vec<u8>> {
    prop::sample::select(vec![
        &b""[..],
        b"# comment",
        b"a b=1",
        b"=x",
        b"novalue",
        b"a..b=1",
        b"\xff=1",
        b"x=\xc3",
        b"report.v=2",
        b"report.v=x",
        b"report.kind=other",
        b"cost.enabled=true",
        b"cost.enabled=yes",
        b"cost.center=c",
        b"cost.bytes=1",
        b"counts.x=1",
        b"counts.x=-1",
        b"counts.x=18446744073709551616",
        b"counts.zz=007",
        b"schema.id=s",
        b"schema.version=70000",
        b"schema.version=4294967296",
        b"policy.redaction.mode=blur",
        b"policy.redaction.rules=3",
        b"expected.codec_id=65536",
        b"schema.registry_root=",
        b"report.generated_at=2024-01-01",
        b"zz.unknown=1",
        b"v=a\rb",
        b"k=v\r",
    ])
    .prop_map(<[u8]>::to_vec)
}

#[derive(Debug, Clone)]
enum Mutation {
    Drop(prop::sample::Index),
    Repeat(prop::sample::Index, prop::sample::Index),
    Swap(prop::sample::Index, prop::sample::Index),
    Replace(prop::sample::Index, Vec<u8>),
    Insert(prop::sample::Index, Vec<u8>),
    Value(prop::sample::Index, Vec<u8>),
    Bytes(prop::sample::Index, Vec<u8>),
    Cut(prop::sample::Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<prop::sample::Index>;
    prop_oneof![
        at().prop_map(Mutation::Drop),
        (at(), at()).prop_map(|(a, b)| Mutation::Repeat(a, b)),
        (at(), at()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        (at(), odd_line()).prop_map(|(a, l)| Mutation::Replace(a, l)),
        (at(), odd_line()).prop_map(|(a, l)| Mutation::Insert(a, l)),
        (
            at(),
            prop::sample::select(vec![
                &b""[..],
                b"x",
                b"-1",
                b"true",
                b"1 ",
                b"99999999999999999999"
            ])
            .prop_map(<[u8]>::to_vec)
        )
            .prop_map(|(a, v)| Mutation::Value(a, v)),
        (at(), prop::collection::vec(any::<u8>(), 1..4)).prop_map(|(a, b)| Mutation::Bytes(a, b)),
        at().prop_map(Mutation::Cut),
    ]
}

/// Applies `m` to the lines of a document (each without its LF).
fn apply(lines: &mut Vec<Vec<u8>>, m: &Mutation) -> Option<usize> {
    if lines.is_empty() {
        return None;
    }
    let n = lines.len();
    match m {
        Mutation::Drop(i) => {
            lines.remove(i.index(n));
        }
        Mutation::Repeat(i, j) => {
            let line = lines[i.index(n)].clone();
            lines.insert(j.index(n + 1), line);
        }
        Mutation::Swap(i, j) => lines.swap(i.index(n), j.index(n)),
        Mutation::Replace(i, l) => lines[i.index(n)] = l.clone(),
        Mutation::Insert(i, l) => lines.insert(i.index(n + 1), l.clone()),
        Mutation::Value(i, v) => {
            let line = &mut lines[i.index(n)];
            let eq = memchr::memchr(b'=', line).unwrap_or(line.len());
            line.truncate(eq);
            line.push(b'=');
            line.extend_from_slice(v);
        }
        Mutation::Bytes(i, b) => {
            let line = &mut lines[i.index(n)];
            let at = i.index(line.len() + 1);
            line.splice(at..at, b.iter().copied());
        }
        // Cut the text at a byte offset, applied after the lines are joined.
        Mutation::Cut(i) => return Some(i.index(usize::MAX / 2)),
    }
    None
}

fn mutated(doc: &DataGuardReport, mutations: &[Mutation]) -> Vec<u8> {
    let text = render(doc).expect("valid reports render");
    let mut lines: Vec<Vec<u8>> = text.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
    lines.pop(); // after the last LF
    let mut cut = None;
    for m in mutations {
        cut = apply(&mut lines, m).or(cut);
    }
    let mut bytes: Vec<u8> = lines
        .iter()
        .flat_map(|l| l.iter().chain(b"\n"))
        .copied()
        .collect();
    if let Some(at) = cut {
        bytes.truncate(at % (bytes.len() + 1));
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn valid_reports_validate(doc in report(), pieces in 1usize..9) {
        let bytes = render(&doc).expect("valid reports render");
        let v = validate_in(&bytes, &Limits::default(), pieces);
        prop_assert!(v.is_ok(), "{v:?}");
        let r = read(&bytes, &Limits::default());
        if let Err(why) = agree(&v, &r, &bytes) {
            prop_assert!(false, "{}", why);
        }
    }

    #[test]
    fn mutated_reports_get_the_same_verdict(
        doc in report(),
        mutations in prop::collection::vec(mutation(), 1..4),
        pieces in 1usize..9,
    ) {
        let bytes = mutated(&doc, &mutations);
        let r = read(&bytes, &Limits::default());
        for n in [1, pieces] {
            let v = validate_in(&bytes, &Limits::default(), n);
            if let Err(why) = agree(&v, &r, &bytes) {
                prop_assert!(false, "{} pieces, {:?}:\n{}", n, String::from_utf8_lossy(&bytes), why);
            }
        }
    }

    #[test]
    fn arbitrary_bytes_get_the_same_verdict(
        bytes in prop::collection::vec(
            prop::sample::select(b"=\n\r.ab_ \xff\xc3\xa9counts.report.v1".to_vec()),
            0..200,
        ),
        pieces in 1usize..9,
    ) {
        let v = validate_in(&bytes, &Limits::default(), pieces);
        let r = read(&bytes, &Limits::default());
        if let Err(why) = agree(&v, &r, &bytes) {
            prop_assert!(false, "{}", why);
        }
    }
}

/// A valid report of at least `min` bytes, its counters in key order.
fn big_report(min: usize) -> Vec<u8> {
    let mut text = String::from(
        "cost.enabled=false\nexpected.codec_id=7\nreport.kind=dataguard\nreport.v=1\nschema.registry_root=/srv\n",
    );
    let mut counters = String::new();
    let mut i = 0u64;
    while counters.len() + text.len() < min {
        counters.push_str(&format!("counts.t{i:09}.rows={}\n", i * 7919 % 1_000_003));
        i += 1;
    }
    text.insert_str("cost.enabled=false\nexpected.codec_id=7\n".len(), &counters);
    text.into_bytes()
}

/// Through the registry, from a file: mapped (a file of a few MiB), cut
/// across the cores (two pieces on a machine with two cores), and agreeing
/// with the typed reader on a valid file, a valid one out of order, and files
/// damaged near the start, in the middle and at the end.
#[test]
fn files_validate_like_they_read() {
    let fam = family("dataguard_report", Some("v1")).expect("registered");
    let dir = tempfile::tempdir().expect("temp dir");
    let limits = Limits {
        max_file_bytes: 64 * 1024 * 1024,
        ..Limits::default()
    };
    let good = big_report(5 * 1024 * 1024 / 2);
    let mid = good.len() / 2;
    let line_at = |at: usize| at + memchr::memchr(b'\n', &good[at..]).expect("an LF") + 1;
    let mut cases: Vec<(&str, Vec<u8>)> = vec![("good", good.clone())];
    let mut dup = good.clone();
    let second = line_at(mid);
    let third = line_at(second);
    dup.splice(
        second..third,
        good[line_at(200)..line_at(line_at(200))].to_vec(),
    );
    cases.push(("duplicate far apart", dup));
    let mut swapped = good.clone();
    swapped.splice(second..third, b"counts.a=1\n".to_vec());
    cases.push(("out of order in the middle", swapped));
    let mut late = good.clone();
    let kind = memchr::memmem::find(&good, b"report.kind=").expect("report.kind");
    late.splice(kind - 2..kind - 2, b"x".to_vec()); // in the last counter's value
    cases.push(("bad counter at the end", late));
    let mut early = good.clone();
    early[line_at(300) + 3] = b' ';
    cases.push(("syntax early", early));
    let mut cut = good.clone();
    cut.pop();
    cases.push(("no last LF", cut));
    for (name, bytes) in cases {
        let path = dir.path().join(format!("{name}.kv"));
        std::fs::write(&path, &bytes).expect("write");
        assert!(file_bytes::open(&path, &limits).expect("opens").is_mapped());
        let validated = fam.validate_path(&path, &limits);
        if let Err(why) = agree(&validated, &read(&bytes, &limits), &bytes) {
            panic!("{name}: {why}");
        }
        let valid = ["good", "out of order in the middle"].contains(&name);
        assert_eq!(validated.is_ok(), valid, "{name}: {validated:?}");
    }
    // Through the model as `check` reads it, once.
    let path = dir.path().join("no last LF.kv");
    assert_eq!(
        fam.validate_path(&path, &limits).map(|_| ()),
        fam.read_path(&path, &limits).map(|_| ())
    );
}
