//! JSON memory: the peak resident memory of a JSON reader on the worst
//! shapes at the default limits (corpus/DECISIONS.md D-ALL-7 memory budget).
//!
//! Run: `cargo bench -p conformkit-reference --bench json_memory`
//! (`JSON_MEMORY_MIB=64` sets the size of the big inputs).
//!
//! For each shape (many small objects, many small numbers, many small
//! strings, deep arrays, long keys, one long string) it writes two files
//! into a temporary folder: one of the full size (64 MiB, inside the file
//! limit) and the largest one the memory budget accepts (from the per-element
//! estimate, `json::parse::parse_capped`). Each is read by a child process
//! (this same binary, `child <path>`) the way `conformkit check runtime`
//! reads it (`Family::read_path` with the default limits); the parent takes
//! the child's peak resident set from `wait4`'s `ru_maxrss`. It prints one
//! line per run and `PASS` when every peak is at most 512 MiB, else `FAIL`
//! (and exits 1).

use conformkit_reference::json::parse::parse_capped;
use conformkit_reference::{family, Limits};
use std::io::Write;
use std::path::Path;

const TARGET_MIB: u64 = 512;

/// A shape: the document's opening, one element (given its index), the
/// separator, the closing.
struct Shape {
    name: &'static str,
    open: &'static str,
    element: fn(usize) -> String,
    sep: &'static str,
    close: &'static str,
}

fn shapes() -> Vec<Shape> {
    vec![
        Shape {
            name: "many small objects",
            open: "[",
            element: |_| r#"{"a":0}"#.to_string(),
            sep: ",",
            close: "]",
        },
        Shape {
            name: "many small numbers",
            open: "[",
            element: |_| "0".to_string(),
            sep: ",",
            close: "]",
        },
        Shape {
            name: "many small strings",
            open: "[",
            element: |_| r#""a""#.to_string(),
            sep: ",",
            close: "]",
        },
        Shape {
            name: "deep arrays (63 levels)",
            open: "[",
            element: |_| format!("{}0{}", "[".repeat(62), "]".repeat(62)),
            sep: ",",
            close: "]",
        },
        Shape {
            name: "long keys (1 KiB, distinct)",
            open: "{",
            element: |i| format!(r#""{:01024}":0"#, i),
            sep: ",",
            close: "}",
        },
        Shape {
            name: "one long string",
            open: r#"[""#,
            element: |_| "x".repeat(64),
            sep: "",
            close: r#""]"#,
        },
    ]
}

/// The document of `count` elements of `shape`.
fn render(shape: &Shape, count: usize, out: &mut impl Write) {
    out.write_all(shape.open.as_bytes()).unwrap();
    for i in 0..count {
        if i > 0 {
            out.write_all(shape.sep.as_bytes()).unwrap();
        }
        out.write_all((shape.element)(i).as_bytes()).unwrap();
    }
    out.write_all(shape.close.as_bytes()).unwrap();
}

fn cost(shape: &Shape, count: usize) -> u64 {
    let mut doc = Vec::new();
    render(shape, count, &mut doc);
    parse_capped(&doc, &Limits::default(), &[])
        .expect("parses")
        .1
}

fn write(dir: &Path, name: &str, shape: &Shape, count: usize) -> std::path::PathBuf {
    let path = dir.join(name);
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    render(shape, count, &mut out);
    out.flush().unwrap();
    path
}

/// Runs `child <path>`; its verdict line and peak RSS in KiB. The child is
/// reaped by `wait4` (which reports its own resource use), not `wait`.
#[allow(clippy::zombie_processes)]
fn measure(path: &Path) -> (String, u64) {
    let child = std::process::Command::new(std::env::current_exe().unwrap())
        .arg("child")
        .arg(path)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn child");
    let pid = child.id() as libc::pid_t;
    let mut out = child.stdout.unwrap();
    let mut verdict = String::new();
    std::io::Read::read_to_string(&mut out, &mut verdict).unwrap();
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our child, not yet waited for; the pointers are valid.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4");
    (verdict.trim().to_string(), usage.ru_maxrss as u64)
}

fn child(path: &Path) {
    let fam = family("runtime", None).expect("registered");
    match fam.read_path(path, &Limits::default()) {
        Ok(_) => println!("accepted"),
        Err(e) => println!("{}", e.class),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("child") {
        return child(Path::new(&args[2]));
    }
    let mib: u64 = std::env::var("JSON_MEMORY_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64);
    let dir = tempfile::tempdir().expect("temp dir");
    let budget = Limits::default().max_json_memory;
    let mut worst = 0;
    println!(
        "budget {} MiB, file limit {} MiB, target peak <= {TARGET_MIB} MiB",
        budget >> 20,
        Limits::default().max_file_bytes >> 20
    );
    for shape in shapes() {
        let one = cost(&shape, 1);
        let per = cost(&shape, 2) - one;
        let element_bytes = ((shape.element)(0).len() + shape.sep.len()) as u64;
        let frame = (shape.open.len() + shape.close.len()) as u64;
        let full = (((mib << 20) - frame) / element_bytes) as usize;
        let fits = ((budget - one) / per) as usize;
        for (label, count) in [("full size", full), ("largest accepted", fits.min(full))] {
            let path = write(dir.path(), "doc.json", &shape, count);
            let size = std::fs::metadata(&path).unwrap().len();
            let (verdict, kib) = measure(&path);
            worst = worst.max(kib);
            println!(
                "{:<28} {:<17} {:>7.1} MiB input: {:<10} peak RSS {:>6.1} MiB",
                shape.name,
                label,
                size as f64 / 1048576.0,
                verdict,
                kib as f64 / 1024.0
            );
        }
    }
    let ok = worst <= TARGET_MIB * 1024;
    println!(
        "worst peak {:.1} MiB: {}",
        worst as f64 / 1024.0,
        if ok { "PASS" } else { "FAIL" }
    );
    if !ok {
        std::process::exit(1);
    }
}
