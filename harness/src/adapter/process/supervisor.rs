//! The life of the adapter program across a run: starting it and shaking
//! hands, one request at a time with its timeout, turning every failure
//! (exit, hang, malformed or oversized line) into a [`Fault`] against the
//! request in flight, stopping the faulty process, and starting a fresh one
//! for the next request within a bounded number of restarts. In per-case
//! mode every request gets a fresh process and a clean shutdown.

use super::protocol::{self, Request, Response};
use super::transport::{describe_status, Bounds, Failure, Process};
use crate::adapter::{Capabilities, Fault, FaultKind, Mode, Reply};
use serde_json::{Map, Value};
use std::time::{Duration, Instant};

/// How the program is run.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The command line, run by `/bin/sh -c`.
    pub command: String,
    pub mode: Mode,
    /// Longest wait for one response.
    pub timeout: Duration,
    /// Longest wait for the handshake response of a fresh process.
    pub startup_timeout: Duration,
    /// Most processes started after the first (persistent mode).
    pub max_restarts: u32,
    pub bounds: Bounds,
    /// How long a process may take to exit after `shutdown`.
    pub shutdown_grace: Duration,
}

impl Settings {
    /// Default per-request timeout.
    pub const DEFAULT_TIMEOUT_MS: u64 = 10_000;
    /// Default handshake timeout.
    pub const DEFAULT_STARTUP_TIMEOUT_MS: u64 = 10_000;
    /// Default restart budget.
    pub const DEFAULT_MAX_RESTARTS: u32 = 10;
    /// Default longest response line: 16 MiB.
    pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;
    /// Default stderr kept per case: the last 8 KiB.
    pub const DEFAULT_MAX_STDERR_BYTES: usize = 8 * 1024;
    /// Grace after `shutdown` before the process is killed.
    pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(1);
}

/// Why the first process could not be used: a harness-level error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartError {
    pub message: String,
    pub stderr: Option<String>,
}

/// The running session.
pub struct Supervisor {
    settings: Settings,
    capabilities: Capabilities,
    live: Option<Process>,
    next_id: u64,
    /// Set by [`Supervisor::number_case`]: request ids that do not depend
    /// on which process serves which case (`certify --jobs`): the case's
    /// id, and the id of every `shutdown` (`hello` is 0).
    numbered: Option<(u64, u64)>,
    restarts: u32,
    gave_up: bool,
    /// The id of the last read or write request that got an answer: a
    /// second answer to it is that case's fault, not the next one's.
    answered: Option<u64>,
    /// Such a fault, found after its case's reply was returned.
    late: Option<Fault>,
}

/// A failure while a request was in flight, before the process is stopped.
enum Trouble {
    /// The process had exited before the request was sent.
    Gone,
    Transport(Failure),
    Protocol(String),
    Refused(String),
}

impl Supervisor {
    /// Starts the program and shakes hands. In per-case mode this first
    /// process only answers the handshake and is shut down again.
    pub fn start(settings: Settings) -> Result<Supervisor, StartError> {
        let mut sup = Supervisor {
            settings,
            capabilities: Capabilities {
                implementation: crate::adapter::Implementation {
                    name: String::new(),
                    version: String::new(),
                    language: String::new(),
                    homepage: None,
                },
                roles: Vec::new(),
                families: Default::default(),
            },
            live: None,
            next_id: 0,
            numbered: None,
            restarts: 0,
            gave_up: false,
            answered: None,
            late: None,
        };
        match sup.launch() {
            Ok((mut process, caps)) => {
                sup.capabilities = caps;
                match sup.settings.mode {
                    Mode::Persistent => sup.live = Some(process),
                    Mode::PerCase => sup.shut_down(&mut process),
                }
                Ok(sup)
            }
            Err((fault, stderr)) => Err(StartError {
                message: fault.detail,
                stderr,
            }),
        }
    }

    pub fn capabilities(&self) -> &Capabilities {
        &self.capabilities
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Processes started after the first, in persistent mode.
    pub fn restarts(&self) -> u32 {
        self.restarts
    }

    /// Numbers the next read or write request by its case: `index` (0-based)
    /// of `total` cases gets id `index + 1`; from now on every `hello` is 0
    /// and every `shutdown` `total + 1`, so ids stay unique within each
    /// process whichever cases it serves.
    pub fn number_case(&mut self, index: usize, total: usize) {
        self.numbered = Some((index as u64 + 1, total as u64 + 1));
    }

    /// The id of the next `request`.
    fn request_id(&mut self, request: &Request<'_>) -> u64 {
        match (self.numbered, request) {
            (Some(_), Request::Hello) => 0,
            (Some((_, shutdown)), Request::Shutdown) => shutdown,
            (Some((case, _)), _) => case,
            (None, _) => {
                self.next_id += 1;
                self.next_id - 1
            }
        }
    }

    /// Sends `request` and decodes a successful response with `decode`.
    pub fn call<T>(
        &mut self,
        request: &Request<'_>,
        decode: impl FnOnce(Map<String, Value>) -> Result<T, String>,
    ) -> Reply<Result<T, crate::adapter::Rejection>> {
        match self.settings.mode {
            Mode::Persistent => self.call_persistent(request, decode),
            Mode::PerCase => self.call_per_case(request, decode),
        }
    }

    fn call_persistent<T>(
        &mut self,
        request: &Request<'_>,
        decode: impl FnOnce(Map<String, Value>) -> Result<T, String>,
    ) -> Reply<Result<T, crate::adapter::Rejection>> {
        let mut process = match self.live.take() {
            Some(process) => process,
            None => {
                if self.gave_up || self.restarts >= self.settings.max_restarts {
                    self.gave_up = true;
                    return Reply {
                        result: Err(Fault::new(
                            FaultKind::Skipped,
                            format!(
                                "not run: the program failed and was restarted {} times, the limit (--max-restarts)",
                                self.restarts
                            ),
                        )),
                        stderr: None,
                    };
                }
                self.restarts += 1;
                match self.launch() {
                    Ok((process, _)) => process,
                    Err((fault, stderr)) => {
                        return Reply {
                            result: Err(Fault::new(
                                fault.kind,
                                format!("restart {}: {}", self.restarts, fault.detail),
                            )),
                            stderr,
                        }
                    }
                }
            }
        };
        let timeout = self.settings.timeout;
        let answer = if process.is_gone() {
            Err(Trouble::Gone)
        } else {
            self.exchange(&mut process, request, timeout, decode)
        };
        match answer {
            Ok(answer) => {
                let stderr = process.take_stderr();
                self.live = Some(process);
                Reply {
                    result: Ok(answer),
                    stderr,
                }
            }
            Err(trouble) => {
                let fault = self.stop_after(&mut process, trouble, timeout);
                Reply {
                    result: Err(fault),
                    stderr: process.take_stderr(),
                }
            }
        }
    }

    fn call_per_case<T>(
        &mut self,
        request: &Request<'_>,
        decode: impl FnOnce(Map<String, Value>) -> Result<T, String>,
    ) -> Reply<Result<T, crate::adapter::Rejection>> {
        let mut process = match self.launch() {
            Ok((process, _)) => process,
            Err((fault, stderr)) => {
                return Reply {
                    result: Err(fault),
                    stderr,
                }
            }
        };
        let timeout = self.settings.timeout;
        let result = match self.exchange(&mut process, request, timeout, decode) {
            Ok(answer) => {
                self.shut_down(&mut process);
                // One process per case: extra output found at shutdown is
                // this case's own fault.
                match self.late.take() {
                    Some(fault) => Err(fault),
                    None => Ok(answer),
                }
            }
            Err(trouble) => Err(self.stop_after(&mut process, trouble, timeout)),
        };
        Reply {
            result,
            stderr: process.take_stderr(),
        }
    }

    /// Starts a process and completes the handshake, or says what went
    /// wrong (with the process's stderr).
    fn launch(&mut self) -> Result<(Process, Capabilities), (Fault, Option<String>)> {
        self.answered = None;
        let mut process =
            Process::spawn(&self.settings.command, self.settings.bounds).map_err(|e| {
                (
                    Fault::new(
                        FaultKind::Crash,
                        format!("cannot start `{}`: {e}", self.settings.command),
                    ),
                    None,
                )
            })?;
        let timeout = self.settings.startup_timeout;
        match self.exchange(&mut process, &Request::Hello, timeout, |map| {
            protocol::hello_capabilities(&map)
        }) {
            Ok(Ok(caps)) => Ok((process, caps)),
            Ok(Err(refusal)) => {
                let fault =
                    self.stop_after(&mut process, Trouble::Refused(refusal.message), timeout);
                Err((fault, process.take_stderr()))
            }
            Err(trouble) => {
                let fault = self.stop_after(&mut process, trouble, timeout);
                Err((
                    Fault::new(
                        fault.kind,
                        format!("during the handshake: {}", fault.detail),
                    ),
                    process.take_stderr(),
                ))
            }
        }
    }

    /// One request and its response line, decoded.
    fn exchange<T>(
        &mut self,
        process: &mut Process,
        request: &Request<'_>,
        timeout: Duration,
        decode: impl FnOnce(Map<String, Value>) -> Result<T, String>,
    ) -> Result<Result<T, crate::adapter::Rejection>, Trouble> {
        let id = self.request_id(request);
        process.send(&protocol::encode(id, request));
        let deadline = Instant::now() + timeout;
        let line = loop {
            let line = process.recv_line(deadline).map_err(Trouble::Transport)?;
            if !self.is_second_answer(&line) {
                break line;
            }
        };
        if matches!(request, Request::Read { .. } | Request::Write { .. }) {
            self.answered = Some(id);
        }
        match protocol::parse_response(&line, id, self.settings.bounds.max_line_bytes)
            .map_err(Trouble::Protocol)?
        {
            Response::Ok(map) => decode(map).map(Ok).map_err(Trouble::Protocol),
            Response::Err(rejection) => Ok(Err(rejection)),
        }
    }

    /// Whether `line` answers the last answered case request again; if so,
    /// notes it as that case's fault.
    fn is_second_answer(&mut self, line: &[u8]) -> bool {
        let Some(id) = self.answered else {
            return false;
        };
        if protocol::parse_response(line, id, self.settings.bounds.max_line_bytes).is_err() {
            return false;
        }
        self.late.get_or_insert_with(|| {
            Fault::new(
                FaultKind::ProtocolError,
                format!(
                    "the program answered twice (request {id}); the second answer: `{}`",
                    protocol::excerpt(line)
                ),
            )
        });
        true
    }

    /// A fault of the case before the current one (or, after
    /// [`Supervisor::stop`], of the last case) found only afterwards: a
    /// second answer to its request.
    pub fn take_late_fault(&mut self) -> Option<Fault> {
        self.late.take()
    }

    /// Stops a process after `trouble` and describes the fault.
    fn stop_after(&mut self, process: &mut Process, trouble: Trouble, timeout: Duration) -> Fault {
        match trouble {
            Trouble::Transport(Failure::Closed { partial }) => {
                let (status, killed) =
                    process.finish(Instant::now() + self.settings.shutdown_grace);
                let ended = if killed {
                    format!(
                        "the program closed its stdout and was killed {} ms later",
                        self.settings.shutdown_grace.as_millis()
                    )
                } else {
                    format!("the program exited ({})", describe_status(status))
                };
                let hint = if !killed && status.success() && self.settings.mode == Mode::Persistent
                {
                    " (a program that serves one request per process needs --per-case)"
                } else {
                    ""
                };
                let detail = if partial.is_empty() {
                    format!("{ended} without answering{hint}")
                } else {
                    format!(
                        "{ended} after writing an incomplete line: `{}`",
                        protocol::excerpt(&partial)
                    )
                };
                Fault::new(FaultKind::Crash, detail)
            }
            Trouble::Gone => {
                let (status, _) = process.finish(Instant::now());
                Fault::new(
                    FaultKind::Crash,
                    format!(
                        "the program exited ({}) after its previous answer, before this request \
                         (a program that serves one request per process needs --per-case)",
                        describe_status(status)
                    ),
                )
            }
            Trouble::Transport(Failure::Timeout) => {
                process.kill();
                Fault::new(
                    FaultKind::Timeout,
                    format!(
                        "no response within {} ms; the program was killed",
                        timeout.as_millis()
                    ),
                )
            }
            Trouble::Transport(Failure::Oversized) => {
                process.kill();
                Fault::new(
                    FaultKind::ProtocolError,
                    format!(
                        "a response line longer than {} bytes (--max-response-bytes); the program was killed",
                        self.settings.bounds.max_line_bytes
                    ),
                )
            }
            Trouble::Transport(Failure::Interrupted) => {
                process.kill();
                Fault::new(
                    FaultKind::Crash,
                    "the run was interrupted; the program was killed",
                )
            }
            Trouble::Transport(Failure::Io(e)) => {
                process.kill();
                Fault::new(
                    FaultKind::Crash,
                    format!("lost the pipes to the program: {e}"),
                )
            }
            Trouble::Protocol(message) => {
                process.kill();
                Fault::new(
                    FaultKind::ProtocolError,
                    format!("{message}; the program was killed"),
                )
            }
            Trouble::Refused(message) => {
                self.shut_down(process);
                Fault::new(
                    FaultKind::ProtocolError,
                    format!("the program refused the handshake: {message}"),
                )
            }
        }
    }

    /// Sends `shutdown`, closes stdin and lets the process exit (killing
    /// it after the grace period).
    fn shut_down(&mut self, process: &mut Process) {
        let id = self.request_id(&Request::Shutdown);
        process.send(&protocol::encode(id, &Request::Shutdown));
        let deadline = Instant::now() + self.settings.shutdown_grace;
        process.close_stdin(deadline);
        process.finish(deadline);
        for line in process.take_discarded() {
            self.is_second_answer(&line);
        }
        // A process ends here; the next one starts afresh.
        self.answered = None;
    }

    /// Ends the session.
    pub fn stop(&mut self) {
        if let Some(mut process) = self.live.take() {
            if crate::interrupt::pending().is_some() {
                process.kill();
            } else {
                self.shut_down(&mut process);
            }
        }
    }
}

impl Drop for Supervisor {
    fn drop(&mut self) {
        self.stop();
    }
}
