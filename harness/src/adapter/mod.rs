//! The adapter interface: what the harness asks of any implementation under
//! certification. A reader turns a case input (a path) into a normalized
//! model or a classified rejection; a writer turns a model into an artifact
//! at a path. [`reference`](mod@reference) implements it in-process with the reference
//! readers and writers; [`process`] implements it for any program speaking
//! the JSON-lines protocol (docs/protocol.md).

#[cfg(unix)]
pub mod process;
pub mod reference;
#[cfg(unix)]
pub mod serve;

use conformkit_reference::ErrorClass;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// What an implementation is certified as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Input to normalized model (or a classified rejection).
    Reader,
    /// Normalized model to artifact.
    Writer,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reader => "reader",
            Role::Writer => "writer",
        }
    }
}

/// Who the implementation is, as it names itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Implementation {
    pub name: String,
    pub version: String,
    /// The language it is written in (`rust`, `python`, `javascript`, ...).
    pub language: String,
    /// Where to learn more, when the implementation says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homepage: Option<String>,
}

/// What an implementation declares it can do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capabilities {
    pub implementation: Implementation,
    pub roles: Vec<Role>,
    /// Family id to the versions supported (`{"runtime": ["v1"]}`).
    pub families: BTreeMap<String, Vec<String>>,
}

impl Capabilities {
    /// Whether the implementation declares `family`/`version` at all.
    pub fn supports_family(&self, family: &str, version: &str) -> bool {
        self.families
            .get(family)
            .is_some_and(|vs| vs.iter().any(|v| v == version))
    }

    /// Whether it declares `role`.
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// How the harness talks to the implementation (recorded in the results).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Connection {
    /// `reference` (in-process) or `process`.
    pub kind: ConnectionKind,
    /// The command line, for a process adapter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// `persistent` or `per_case`, for a process adapter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<Mode>,
    /// The protocol version spoken, for a process adapter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<u64>,
    /// Processes started after the first (persistent mode: restarts after faults).
    pub restarts: u32,
}

/// Whether one process serves the whole run or each case gets its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionKind {
    Reference,
    Process,
}

/// Process lifetime for a process adapter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// One process for the whole run, restarted after a fault.
    Persistent,
    /// A fresh process (handshake, one request, shutdown) for every case.
    PerCase,
}

/// A rejection (reader) or refusal (writer) the implementation reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// `None` when the implementation gave no class.
    pub class: Option<ErrorClass>,
    pub message: String,
}

/// A reader's answer.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadAnswer {
    Model(Value),
    Rejected(Rejection),
}

/// A writer's answer: it wrote the artifact at the given path, or refused.
#[derive(Debug, Clone, PartialEq)]
pub enum WriteAnswer {
    Written,
    Refused(Rejection),
}

/// Why a request got no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// The program exited (or closed its output) before answering.
    Crash,
    /// No answer within the per-case timeout.
    Timeout,
    /// An answer that breaks the protocol: not JSON, wrong id, wrong shape, too large.
    ProtocolError,
    /// Not asked at all: the harness gave up on the program (restart limit).
    Skipped,
}

/// A request that got no valid answer, and what happened instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub kind: FaultKind,
    pub detail: String,
}

impl Fault {
    pub fn new(kind: FaultKind, detail: impl Into<String>) -> Fault {
        Fault {
            kind,
            detail: detail.into(),
        }
    }
}

/// One request's result, with what the program wrote to stderr meanwhile.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply<T> {
    pub result: Result<T, Fault>,
    /// Bounded: the tail is kept when a program writes more.
    pub stderr: Option<String>,
}

impl<T> Reply<T> {
    pub fn answer(value: T) -> Reply<T> {
        Reply {
            result: Ok(value),
            stderr: None,
        }
    }
}

/// An implementation under certification.
pub trait Adapter {
    /// What it declared (for a process: its handshake).
    fn capabilities(&self) -> &Capabilities;
    /// How the harness talks to it, including restarts so far.
    fn connection(&self) -> Connection;
    /// Reads the artifact at `input` (a read-only file or directory).
    fn read(&mut self, family: &str, version: &str, input: &Path) -> Reply<ReadAnswer>;
    /// Writes `model` as an artifact at `out` (which does not exist yet).
    fn write(
        &mut self,
        family: &str,
        version: &str,
        model: &Value,
        out: &Path,
    ) -> Reply<WriteAnswer>;
    /// Ends the session (a process is asked to shut down, then stopped).
    fn finish(&mut self);
    /// Says that the next request is for case `index` (0-based) of the
    /// `total` cases of a certify run, so a process adapter numbers its
    /// requests by case and not by process.
    fn number_case(&mut self, _index: usize, _total: usize) {}
    /// A fault of the previous case found only after its reply (a second
    /// answer to its request, seen while waiting for the next one, or, after
    /// [`Adapter::finish`], of the last case).
    fn take_late_fault(&mut self) -> Option<Fault> {
        None
    }
}
