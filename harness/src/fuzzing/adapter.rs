//! Fuzz property of `adapter_differential`: the implementation named in
//! `CONFORMKIT_FUZZ_ADAPTER` agrees with the reference reader on every
//! input, judged by the same oracle as `conformkit fuzz --adapter`
//! (`crate::fuzz::oracle`: certify's sandbox, verdict and writer check).
//! One persistent adapter process per fuzzer process, started on the first
//! input; a disagreement (a crash, hang or protocol error of the adapter
//! included) panics with the finding printed, so libFuzzer keeps the input
//! as a crash. Configuration errors exit 2 with a message, never a crash.
//!
//! Input: a selector byte picks the family ([`FAMILIES`], append only);
//! the rest is the file, or for a directory family a mode byte and the
//! tree (0 `sections`, 1 `dir_image`, as the other directory targets; 2
//! and 3 the same with a runpack's hashes, root hash and `spec_hash`
//! recomputed, so accept-side disagreements are reachable). As a writer,
//! the reference reads the input and its model, made valid
//! (`Oracle::valid_model`), goes to the adapter's writer.
//!
//! Environment (each read at run time, else the value it had when the
//! target was built, so a ClusterFuzzLite build can fix it): see [`Env`].

use super::sections;
use crate::adapter::Role;
use crate::fuzz::answer::Answer;
use crate::fuzz::finding::{self, case_name, Finding, Subject};
use crate::fuzz::mutate::runpack::rehash;
use crate::fuzz::oracle::{Disagreement, Oracle};
use crate::fuzz::sample::Sample;
use conformkit_reference::dir_image;
use conformkit_reference::{family, Family, Limits, Shape};
use std::cell::RefCell;
use std::path::PathBuf;
use std::time::Duration;

/// Selector byte `n` picks `FAMILIES[n % len]` (its newest version).
/// Append only, so saved inputs keep their family.
pub const FAMILIES: &[&str] = &[
    "spec_validation",
    "runtime",
    "environment",
    "replay_audit",
    "policy_audit",
    "compile_report",
    "runpack_export_input",
    "runpack_export_output",
    "dataguard_report",
    "incident_bundle",
    "runpack",
];

/// The variables the target reads.
pub mod var {
    /// The adapter command, run by `/bin/sh -c` (required).
    pub const ADAPTER: &str = "CONFORMKIT_FUZZ_ADAPTER";
    /// `reader` (default) or `writer`.
    pub const ROLE: &str = "CONFORMKIT_FUZZ_ROLE";
    /// Comma-separated families (`runtime` or `runtime/v1`); default every
    /// family the adapter declares.
    pub const FAMILY: &str = "CONFORMKIT_FUZZ_FAMILY";
    /// `1` or `2` (default): whether the error class must agree too.
    pub const LEVEL: &str = "CONFORMKIT_FUZZ_LEVEL";
    /// Longest wait for one answer, milliseconds (default 5000).
    pub const TIMEOUT_MS: &str = "CONFORMKIT_FUZZ_TIMEOUT_MS";
    /// If set, each finding is also written here as a corpus case folder.
    pub const OUT: &str = "CONFORMKIT_FUZZ_OUT";
    /// Set by the target for the adapter command: the folder of the fuzzer
    /// binary, so a command can name an adapter shipped beside it.
    pub const DIR: &str = "CONFORMKIT_FUZZ_DIR";
}

/// The build-time values of the variables (`option_env!` in the target).
#[derive(Debug, Clone, Copy, Default)]
pub struct Env {
    pub adapter: Option<&'static str>,
    pub role: Option<&'static str>,
    pub family: Option<&'static str>,
    pub level: Option<&'static str>,
    pub timeout_ms: Option<&'static str>,
    pub out: Option<&'static str>,
}

impl Env {
    fn get(&self, name: &str) -> Option<String> {
        let built = match name {
            var::ADAPTER => self.adapter,
            var::ROLE => self.role,
            var::FAMILY => self.family,
            var::LEVEL => self.level,
            var::TIMEOUT_MS => self.timeout_ms,
            var::OUT => self.out,
            _ => None,
        };
        std::env::var(name)
            .ok()
            .or(built.map(str::to_string))
            .filter(|v| !v.trim().is_empty())
    }
}

/// The family and input a fuzz input stands for, or `None` when it is
/// too short to name one.
pub fn decode(data: &[u8]) -> Option<(&'static dyn Family, Sample)> {
    let (selector, rest) = data.split_first()?;
    let id = FAMILIES[*selector as usize % FAMILIES.len()];
    let fam = family(id, None).expect("every FAMILIES id is registered");
    let sample = match fam.info().shape {
        Shape::File { .. } => Sample::File(rest.to_vec()),
        Shape::Directory => {
            let (mode, tree) = rest.split_first()?;
            let mut entries = match mode % 4 {
                0 | 2 => sections::decode(tree),
                _ => dir_image::decode(tree),
            };
            if mode % 4 >= 2 && id == "runpack" {
                rehash(&mut entries);
            }
            Sample::Tree(entries)
        }
    };
    Some((fam, sample))
}

/// The selector byte of `id`, if it is fuzzed here.
pub fn selector_of(id: &str) -> Option<u8> {
    FAMILIES.iter().position(|f| *f == id).map(|i| i as u8)
}

/// The campaign state of this fuzzer process.
struct State {
    oracle: Oracle<'static>,
    role: Role,
    families: Vec<&'static dyn Family>,
    implementation: String,
    out: Option<PathBuf>,
}

thread_local! {
    static STATE: RefCell<Option<State>> = const { RefCell::new(None) };
}

/// A configuration or harness error: said clearly, exit 2 (not a crash).
fn fail(message: String) -> ! {
    eprintln!("adapter_differential: {message}");
    std::process::exit(2)
}

#[cfg(unix)]
fn start(env: &Env) -> Result<State, String> {
    use crate::adapter::process::{Bounds, ProcessAdapter, Settings};
    use crate::adapter::{Adapter, Mode};
    let command = env.get(var::ADAPTER).ok_or_else(|| {
        format!(
            "set {} to the adapter command (and {} to reader or writer, {} to limit the families)",
            var::ADAPTER,
            var::ROLE,
            var::FAMILY
        )
    })?;
    if std::env::var_os(var::DIR).is_none() {
        if let Some(dir) = std::env::current_exe()
            .ok()
            .and_then(|e| e.parent().map(|p| p.to_path_buf()))
        {
            std::env::set_var(var::DIR, dir);
        }
    }
    let role = match env.get(var::ROLE).as_deref() {
        None | Some("reader") => Role::Reader,
        Some("writer") => Role::Writer,
        Some(other) => return Err(format!("{}={other}: reader or writer", var::ROLE)),
    };
    let level = match env.get(var::LEVEL).as_deref() {
        None | Some("2") => 2,
        Some("1") => 1,
        Some(other) => return Err(format!("{}={other}: 1 or 2", var::LEVEL)),
    };
    let timeout_ms = match env.get(var::TIMEOUT_MS) {
        None => 5_000,
        Some(t) => t
            .trim()
            .parse::<u64>()
            .map_err(|_| format!("{}={t}: milliseconds", var::TIMEOUT_MS))?,
    };
    let settings = Settings {
        command: command.clone(),
        mode: Mode::Persistent,
        timeout: Duration::from_millis(timeout_ms),
        startup_timeout: Duration::from_millis(Settings::DEFAULT_STARTUP_TIMEOUT_MS),
        max_restarts: 1_000,
        bounds: Bounds {
            max_line_bytes: Settings::DEFAULT_MAX_RESPONSE_BYTES,
            max_stderr_bytes: Settings::DEFAULT_MAX_STDERR_BYTES,
        },
        shutdown_grace: Settings::SHUTDOWN_GRACE,
    };
    let adapter = ProcessAdapter::start(settings).map_err(|e| {
        format!(
            "cannot start `{command}`: {}{}",
            e.message,
            e.stderr
                .map(|s| format!("\nits stderr:\n{s}"))
                .unwrap_or_default()
        )
    })?;
    let caps = adapter.capabilities().clone();
    let name = caps.implementation.name.clone();
    if !caps.has_role(role) {
        return Err(format!(
            "{name} does not declare the {} role",
            role.as_str()
        ));
    }
    let families = chosen(env.get(var::FAMILY), &caps)?;
    let adapter: &'static mut dyn Adapter = Box::leak(Box::new(adapter));
    let oracle = Oracle::new(adapter, Limits::default(), level)
        .map_err(|e| format!("cannot create the scratch directory: {e}"))?;
    let out = env.get(var::OUT).map(PathBuf::from);
    // SAFETY: registers a plain function with no arguments, once per
    // process; it touches only this thread's state, and only if it is free.
    static REGISTERED: std::sync::Once = std::sync::Once::new();
    REGISTERED.call_once(|| unsafe {
        libc::atexit(at_exit);
    });
    eprintln!(
        "adapter_differential: {name} as {}, level {level}, families {}",
        role.as_str(),
        families
            .iter()
            .map(|f| f.info().id)
            .collect::<Vec<_>>()
            .join(",")
    );
    Ok(State {
        oracle,
        role,
        families,
        implementation: name,
        out,
    })
}

#[cfg(not(unix))]
fn start(_env: &Env) -> Result<State, String> {
    Err("adapter processes need a Unix-like system in this version".into())
}

/// The families to fuzz: those listed (each must be fuzzable here and
/// declared), or every one the adapter declares.
fn chosen(
    list: Option<String>,
    caps: &crate::adapter::Capabilities,
) -> Result<Vec<&'static dyn Family>, String> {
    let name = &caps.implementation.name;
    let declared = |f: &dyn Family| caps.supports_family(f.info().id, f.info().version);
    let Some(list) = list else {
        let all: Vec<_> = FAMILIES
            .iter()
            .filter_map(|id| family(id, None))
            .filter(|f| declared(*f))
            .collect();
        if all.is_empty() {
            return Err(format!("{name} declares no family fuzzed here"));
        }
        return Ok(all);
    };
    let mut out = Vec::new();
    for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let (id, version) = match item.split_once('/') {
            Some((id, v)) => (id, Some(v)),
            None => (item, None),
        };
        let newest = family(id, None).filter(|_| selector_of(id).is_some());
        let fam = family(id, version)
            .filter(|f| newest.is_some_and(|n| n.info().version == f.info().version))
            .ok_or_else(|| format!("{}: unknown family `{item}`", var::FAMILY))?;
        if !declared(fam) {
            return Err(format!("{name} does not declare family `{item}`"));
        }
        out.push(fam);
    }
    if out.is_empty() {
        return Err(format!("{} names no family", var::FAMILY));
    }
    Ok(out)
}

/// The property on one input, with the variables as set at run time.
pub fn check(data: &[u8]) {
    check_with(data, &Env::default())
}

/// The property on one input; `built` holds the variables' build-time
/// values, used where the run time leaves one unset.
pub fn check_with(data: &[u8], built: &Env) {
    let Some((fam, sample)) = decode(data) else {
        return;
    };
    STATE.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            *slot = Some(start(built).unwrap_or_else(|e| fail(e)));
        }
        let state = slot.as_mut().expect("started above");
        let info = fam.info();
        if !state
            .families
            .iter()
            .any(|f| f.info().id == info.id && f.info().version == info.version)
        {
            return;
        }
        let found = match state.role {
            Role::Reader => state
                .oracle
                .read(fam, &sample)
                .map(|d| d.map(|d| (d, Subject::Input(sample)))),
            Role::Writer => writer_trial(&mut state.oracle, fam, &sample),
        };
        match found {
            Err(e) => fail(format!("harness error: {e}")),
            Ok(None) => {}
            Ok(Some((d, subject))) => {
                let text = report(state, fam, d, subject);
                // libFuzzer aborts on the panic: end the adapter and remove
                // the scratch space first.
                shut_down(slot.take());
                panic!("{text}")
            }
        }
    })
}

/// Ends the adapter's session and removes the scratch space (`Oracle`'s
/// drop); the adapter itself is leaked, its process is gone.
fn shut_down(state: Option<State>) {
    if let Some(mut state) = state {
        state.oracle.finish();
    }
}

/// At `exit` (libFuzzer's end of a campaign, or [`fail`]): thread-local
/// state is not dropped then, so this does what its drop would. Skipped
/// when the state is in use (an exit from inside a check).
#[cfg(unix)]
extern "C" fn at_exit() {
    let _ = STATE.try_with(|cell| {
        if let Ok(mut slot) = cell.try_borrow_mut() {
            shut_down(slot.take());
        }
    });
}

/// As a writer: the reference's model of the input, made valid, written
/// by the adapter. `None` when the reference rejects the input or cannot
/// carry its model.
fn writer_trial(
    oracle: &mut Oracle<'_>,
    fam: &dyn Family,
    sample: &Sample,
) -> std::io::Result<Option<(Disagreement, Subject)>> {
    let Answer::Accepted { model } = oracle.reference(fam, sample)? else {
        return Ok(None);
    };
    let Some(valid) = oracle.valid_model(fam, &model)? else {
        return Ok(None);
    };
    Ok(oracle
        .write(fam, &valid)?
        .map(|d| (d, Subject::Model(valid))))
}

/// The finding as text (also written under `CONFORMKIT_FUZZ_OUT`), for the
/// panic that makes libFuzzer save the input.
fn report(state: &State, fam: &dyn Family, d: Disagreement, subject: Subject) -> String {
    if matches!(
        d.adapter,
        Answer::Fault {
            fault: crate::adapter::FaultKind::Skipped,
            ..
        }
    ) {
        fail(format!("the adapter was given up on: {}", d.detail));
    }
    let info = fam.info();
    let size = match &subject {
        Subject::Input(s) => s.size(),
        Subject::Model(m) => m.to_string().len(),
    };
    let finding = Finding {
        family: info.id.into(),
        version: info.version.into(),
        name: case_name(d.role, &d.signature),
        disagreement: d,
        subject,
        exec: state.oracle.execs,
        size_before: size,
        size_after: size,
    };
    let d = &finding.disagreement;
    let json = |a: &Answer| serde_json::to_string(a).unwrap_or_default();
    let mut text = format!(
        "conformkit adapter_differential: {} disagrees with the reference\n\
         signature: {}\ndetail: {}\n",
        state.implementation, d.signature, d.detail
    );
    if let Some(r) = &d.reference {
        text += &format!("reference: {}\n", json(r));
    }
    text += &format!("adapter: {}\n", json(&d.adapter));
    text += &subject_text(&finding.subject);
    if let Some(stderr) = d.stderr.as_deref().filter(|s| !s.is_empty()) {
        text += &format!("adapter stderr:\n{stderr}\n");
    }
    if let Some(out) = &state.out {
        match finding::write(out, &finding, fam, 0, &state.implementation) {
            Ok(dir) => text += &format!("corpus case written to {}\n", dir.display()),
            Err(e) => text += &format!("cannot write the case under {}: {e}\n", out.display()),
        }
    }
    text
}

/// The input or model, readable: at most 4 KiB of each file.
fn subject_text(subject: &Subject) -> String {
    const SHOWN: usize = 4096;
    let bytes = |b: &[u8]| {
        let head = String::from_utf8_lossy(&b[..b.len().min(SHOWN)]).into_owned();
        let more = if b.len() > SHOWN {
            format!(" ... ({} bytes)", b.len())
        } else {
            String::new()
        };
        format!("{head:?}{more}")
    };
    match subject {
        Subject::Input(Sample::File(b)) => format!("input: {}\n", bytes(b)),
        Subject::Input(Sample::Tree(entries)) => {
            let mut out = String::from("input (a directory):\n");
            for e in entries {
                out += &match e {
                    dir_image::Entry::File { path, content } => {
                        format!("  {path}: {}\n", bytes(content))
                    }
                    dir_image::Entry::Symlink { path, target } => {
                        format!("  {path} -> {target}\n")
                    }
                    dir_image::Entry::Dir { path } => format!("  {path}/\n"),
                };
            }
            out
        }
        Subject::Model(m) => format!("model given to the writer: {m}\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use conformkit_reference::all_families;
    use std::collections::BTreeSet;

    #[test]
    fn the_list_is_exactly_the_registered_families() {
        let registered: BTreeSet<&str> = all_families().iter().map(|f| f.info().id).collect();
        let listed: BTreeSet<&str> = FAMILIES.iter().copied().collect();
        assert_eq!(listed.len(), FAMILIES.len(), "an id is listed twice");
        assert_eq!(listed, registered);
        // Saved inputs keep their family: the list only grows at the end.
        assert_eq!(&FAMILIES[..8], super::super::select::JSON_FAMILIES);
        assert_eq!(selector_of("runpack"), Some(10));
    }

    #[test]
    fn decodes_files_and_trees() {
        let (fam, s) = decode(b"\x05{}").unwrap();
        assert_eq!(fam.info().id, "compile_report");
        assert_eq!(s, Sample::File(b"{}".to_vec()));
        let (fam, s) = decode(&[9, 0]).unwrap();
        assert_eq!(fam.info().id, "incident_bundle");
        assert_eq!(s, Sample::Tree(Vec::new()));
        assert!(decode(&[10]).is_none(), "a tree needs its mode byte");
        assert!(decode(&[]).is_none());
    }

    #[test]
    fn modes_2_and_3_recompute_a_runpacks_hashes() {
        let manifest = conformkit_reference::runpack::writer::DEFAULT_MANIFEST_NAME;
        let tree = vec![
            dir_image::Entry::File {
                path: "a.json".into(),
                content: b"{}".to_vec(),
            },
            dir_image::Entry::File {
                path: manifest.into(),
                content: br#"{"integrity":{"file_hashes":[{"path":"a.json","hash":"x"}],"root_hash":"y"}}"#.to_vec(),
            },
        ];
        let plain = dir_image::encode(&tree);
        let (_, s1) = decode(&[[10u8, 1].as_slice(), &plain].concat()).unwrap();
        let (_, s3) = decode(&[[10u8, 3].as_slice(), &plain].concat()).unwrap();
        assert_eq!(s1, Sample::Tree(tree));
        assert_ne!(s3, s1, "rehash adds the manifest's hashes");
    }
}
