//! One adapter process and the bytes going in and out of it.
//!
//! The program is started by `/bin/sh -c <command>` in a process group of
//! its own (so the whole group can be stopped); a simple command (words and
//! quotes only) is run as `exec <command>`, so the shell becomes the program
//! instead of waiting for it with a copy of its stdout, and a program that
//! closes its stdout is seen to do so at once (a `crash`, not a `timeout`).
//! A program that exits while something it started keeps stdout open is
//! noticed while its answer is awaited (a `crash` at once, too). Its stdin, stdout and stderr
//! are non-blocking pipes driven by one `poll(2)` loop on the caller's
//! thread: request bytes are written as the program reads them, stdout is
//! split into lines bounded by `max_line_bytes`, and stderr is drained
//! continuously into a bounded [`Capture`]. When a response line arrives,
//! stderr is drained once more without waiting, so everything the program
//! wrote to stderr before answering is attributed to that request.

use super::capture::Capture;
use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::os::unix::io::{AsRawFd, RawFd};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Child, ChildStderr, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Size bounds on what the harness takes from a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    /// Longest stdout line (one response), newline excluded.
    pub max_line_bytes: usize,
    /// Most stderr kept per request (the tail).
    pub max_stderr_bytes: usize,
}

/// Why no line came back.
#[derive(Debug)]
pub enum Failure {
    /// The deadline passed.
    Timeout,
    /// More than `max_line_bytes` arrived without a newline.
    Oversized,
    /// stdout reached end of file; `partial` is an unterminated last line.
    Closed { partial: Vec<u8> },
    /// The pipes failed.
    Io(io::Error),
    /// The harness itself was asked to stop (SIGINT, SIGTERM, SIGHUP).
    Interrupted,
}

/// A running adapter program.
pub struct Process {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: ChildStdout,
    stderr: ChildStderr,
    outgoing: Vec<u8>,
    partial: Vec<u8>,
    lines: VecDeque<Vec<u8>>,
    queued: usize,
    oversized: bool,
    stdout_eof: bool,
    stderr_eof: bool,
    capture: Capture,
    bounds: Bounds,
    status: Option<ExitStatus>,
    /// The first lines read and dropped while the program was let go
    /// ([`Process::finish`]), for the supervisor to look at.
    discarded: Vec<Vec<u8>>,
}

/// Most lines kept of those dropped while a program is let go.
const MAX_DISCARDED: usize = 4;

const CHUNK: usize = 64 * 1024;

/// How often a wait for a line checks whether the program has exited.
const EXIT_CHECK: Duration = Duration::from_millis(50);

fn set_nonblocking(fd: RawFd) -> io::Result<()> {
    // SAFETY: fcntl on a descriptor this process owns; no memory is passed.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: as above.
    if unsafe { libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// `exec <command>` for a simple command: no shell syntax but words and
/// quotes, not starting with an assignment, a reserved word or a builtin.
/// Anything else is left to the shell as written.
fn shell_command(command: &str) -> String {
    const SYNTAX: &[char] = &[
        '|', '&', ';', '<', '>', '(', ')', '$', '`', '\\', '\n', '*', '?', '[', ']', '{', '}', '~',
        '#', '=', '%', '!',
    ];
    const NOT_PROGRAMS: &[&str] = &[
        "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac",
        "exec", "cd", "export", ".", ":", "eval", "set", "unset", "readonly", "shift", "trap",
        "times", "return", "exit", "break", "continue", "alias", "command", "umask", "wait",
        "ulimit", "read", "test", "source", "local", "type", "hash", "getopts", "kill", "printf",
        "echo", "pwd", "true", "false",
    ];
    let first = command
        .split_whitespace()
        .next()
        .map(|w| w.trim_matches(|c| c == '\'' || c == '"'));
    match first {
        Some(word) if !command.contains(SYNTAX) && !NOT_PROGRAMS.contains(&word) => {
            format!("exec {command}")
        }
        _ => command.to_string(),
    }
}

impl Process {
    /// Starts `command` under `/bin/sh -c` in a new process group.
    pub fn spawn(command: &str, bounds: Bounds) -> io::Result<Process> {
        let mut child = super::reaper::spawn_adapter(|| {
            Command::new("/bin/sh")
                .arg("-c")
                .arg(shell_command(command))
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .process_group(0)
                .spawn()
        })?;
        let (Some(stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            let _ = child.kill();
            let _ = child.wait();
            super::reaper::reaped_adapter(child.id());
            return Err(io::Error::other("the child has no pipes"));
        };
        let mut process = Process {
            child,
            stdin: Some(stdin),
            stdout,
            stderr,
            outgoing: Vec::new(),
            partial: Vec::new(),
            lines: VecDeque::new(),
            queued: 0,
            oversized: false,
            stdout_eof: false,
            stderr_eof: false,
            capture: Capture::new(bounds.max_stderr_bytes),
            bounds,
            status: None,
            discarded: Vec::new(),
        };
        let fds = [
            process.stdin.as_ref().map(AsRawFd::as_raw_fd),
            Some(process.stdout.as_raw_fd()),
            Some(process.stderr.as_raw_fd()),
        ];
        for fd in fds.into_iter().flatten() {
            if let Err(e) = set_nonblocking(fd) {
                process.kill();
                return Err(e);
            }
        }
        Ok(process)
    }

    /// The process id (also its process group id).
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Queues `bytes` for the program's stdin; they are written while waiting.
    pub fn send(&mut self, bytes: &[u8]) {
        if self.stdin.is_some() {
            self.outgoing.extend_from_slice(bytes);
        }
    }

    /// Waits until `deadline` for the next stdout line (newline removed),
    /// writing queued stdin bytes and draining stderr meanwhile.
    pub fn recv_line(&mut self, deadline: Instant) -> Result<Vec<u8>, Failure> {
        loop {
            if let Some(line) = self.lines.pop_front() {
                self.queued -= line.len();
                self.read_stderr().map_err(Failure::Io)?;
                return Ok(line);
            }
            if self.oversized {
                return Err(Failure::Oversized);
            }
            if self.stdout_eof {
                self.read_stderr().map_err(Failure::Io)?;
                return Err(Failure::Closed {
                    partial: std::mem::take(&mut self.partial),
                });
            }
            if crate::interrupt::pending().is_some() {
                return Err(Failure::Interrupted);
            }
            if self.is_gone() {
                // Exited, though something it started may still hold
                // stdout open: what it wrote before exiting is all there
                // will be.
                self.poll_once(Duration::ZERO).map_err(Failure::Io)?;
                if self.lines.is_empty() && !self.oversized {
                    self.read_stderr().map_err(Failure::Io)?;
                    return Err(Failure::Closed {
                        partial: std::mem::take(&mut self.partial),
                    });
                }
                continue;
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(Failure::Timeout);
            }
            // Wake up now and then to notice an exit that leaves stdout open.
            self.poll_once((deadline - now).min(EXIT_CHECK))
                .map_err(Failure::Io)?;
        }
    }

    /// Writes what is queued for stdin (until `deadline`), then closes it:
    /// the program sees end of file.
    pub fn close_stdin(&mut self, deadline: Instant) {
        while !self.outgoing.is_empty() && self.stdin.is_some() {
            let now = Instant::now();
            if now >= deadline || self.poll_once(deadline - now).is_err() {
                break;
            }
        }
        self.outgoing.clear();
        self.stdin = None;
    }

    /// What the program wrote to stderr since the last call.
    pub fn take_stderr(&mut self) -> Option<String> {
        self.capture.take()
    }

    /// Lets the program exit by itself until `deadline` (reading and
    /// discarding its stdout, capturing its stderr), then stops whatever is
    /// left of its process group; returns how the program ended and
    /// whether it had to be killed.
    pub fn finish(&mut self, deadline: Instant) -> (ExitStatus, bool) {
        while self.status.is_none() && !self.has_exited() {
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            let left = deadline - now;
            if self.stdout_eof && self.stderr_eof {
                // The pipes are closed; the exit status follows shortly.
                std::thread::sleep(left.min(Duration::from_millis(1)));
            } else if self.poll_once(left.min(Duration::from_millis(50))).is_err() {
                break;
            }
            self.keep_discarded();
            self.lines.clear();
            self.queued = 0;
            self.partial.clear();
        }
        let exited = self.status.is_some() || self.has_exited();
        (self.kill(), !exited)
    }

    /// Keeps the first few lines about to be dropped.
    fn keep_discarded(&mut self) {
        let room = MAX_DISCARDED.saturating_sub(self.discarded.len());
        let lines = self.lines.iter().take(room).cloned().collect::<Vec<_>>();
        self.discarded.extend(lines);
    }

    /// The first lines the program wrote while it was let go.
    pub fn take_discarded(&mut self) -> Vec<Vec<u8>> {
        std::mem::take(&mut self.discarded)
    }

    /// Whether the program has already exited (checked without waiting).
    pub fn is_gone(&mut self) -> bool {
        self.status.is_some() || self.has_exited()
    }

    /// Stops the whole process group now (SIGKILL), reaps the program and
    /// collects what stderr it left; returns how it ended.
    pub fn kill(&mut self) -> ExitStatus {
        if let Some(status) = self.status {
            return status;
        }
        self.stdin = None;
        self.outgoing.clear();
        // The group leader is not reaped yet, so its id still names this
        // process group and no other.
        let pgid = self.child.id() as libc::pid_t;
        // SAFETY: kill(2) with a negative pid signals our child's group.
        unsafe {
            libc::kill(-pgid, libc::SIGKILL);
        }
        let status = match self.child.wait() {
            Ok(s) => s,
            Err(_) => ExitStatus::from_raw(libc::SIGKILL),
        };
        super::reaper::reaped_adapter(self.child.id());
        self.status = Some(status);
        // Members that left the group (setsid), adopted by a subreaper.
        super::reaper::reap_orphans();
        // Everything in the group is gone: the pipes reach end of file soon.
        let deadline = Instant::now() + Duration::from_millis(200);
        while !(self.stdout_eof && self.stderr_eof) {
            let now = Instant::now();
            if now >= deadline || self.poll_once(deadline - now).is_err() {
                break;
            }
            self.keep_discarded();
            self.lines.clear();
            self.queued = 0;
            self.partial.clear();
        }
        status
    }

    /// Whether the program has exited, without reaping it (so its process
    /// group id stays reserved until [`Process::kill`]).
    #[cfg(target_os = "linux")]
    fn has_exited(&mut self) -> bool {
        // SAFETY: a zeroed siginfo_t is a valid out-parameter for waitid.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        // SAFETY: waitid on our own child with WNOWAIT leaves it unreaped.
        let r = unsafe {
            libc::waitid(
                libc::P_PID,
                self.child.id() as libc::id_t,
                &mut info,
                libc::WEXITED | libc::WNOHANG | libc::WNOWAIT,
            )
        };
        // SAFETY: si_pid is set by a successful waitid (0 when nothing changed).
        r != 0 || unsafe { info.si_pid() } != 0
    }

    /// Whether the program has exited (reaping it on this platform).
    #[cfg(not(target_os = "linux"))]
    fn has_exited(&mut self) -> bool {
        match self.child.try_wait() {
            Ok(Some(status)) => {
                self.status = Some(status);
                true
            }
            Ok(None) => false,
            Err(_) => true,
        }
    }

    /// One `poll(2)` round of at most `timeout`: writes, reads stdout, reads stderr.
    fn poll_once(&mut self, timeout: Duration) -> io::Result<()> {
        let mut fds: Vec<libc::pollfd> = Vec::with_capacity(3);
        let stdin_fd = match &self.stdin {
            Some(s) if !self.outgoing.is_empty() => {
                fds.push(libc::pollfd {
                    fd: s.as_raw_fd(),
                    events: libc::POLLOUT,
                    revents: 0,
                });
                Some(s.as_raw_fd())
            }
            _ => None,
        };
        let stdout_fd = self.stdout.as_raw_fd();
        if !self.stdout_eof && !self.oversized {
            fds.push(libc::pollfd {
                fd: stdout_fd,
                events: libc::POLLIN,
                revents: 0,
            });
        }
        let stderr_fd = self.stderr.as_raw_fd();
        if !self.stderr_eof {
            fds.push(libc::pollfd {
                fd: stderr_fd,
                events: libc::POLLIN,
                revents: 0,
            });
        }
        if fds.is_empty() {
            std::thread::sleep(timeout.min(Duration::from_millis(5)));
            return Ok(());
        }
        // Round up so a sub-millisecond remainder still waits.
        let ms = timeout.as_micros().div_ceil(1000).min(i32::MAX as u128) as libc::c_int;
        // SAFETY: `fds` is a valid array of `fds.len()` pollfd structs.
        let n = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, ms) };
        if n < 0 {
            let e = io::Error::last_os_error();
            return if e.kind() == io::ErrorKind::Interrupted {
                Ok(())
            } else {
                Err(e)
            };
        }
        for p in &fds {
            if p.revents == 0 {
                continue;
            }
            if Some(p.fd) == stdin_fd {
                self.write_outgoing();
            } else if p.fd == stdout_fd {
                self.read_stdout()?;
            } else if p.fd == stderr_fd {
                self.read_stderr()?;
            }
        }
        Ok(())
    }

    fn write_outgoing(&mut self) {
        let Some(stdin) = self.stdin.as_mut() else {
            return;
        };
        while !self.outgoing.is_empty() {
            match stdin.write(&self.outgoing) {
                Ok(0) => break,
                Ok(n) => {
                    self.outgoing.drain(..n);
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => {
                    // The program closed its stdin (or died): nothing more
                    // can be sent; its stdout tells the rest.
                    self.stdin = None;
                    self.outgoing.clear();
                    return;
                }
            }
        }
    }

    fn read_stdout(&mut self) -> io::Result<()> {
        let mut buf = [0u8; CHUNK];
        while !self.oversized && !self.stdout_eof {
            match self.stdout.read(&mut buf) {
                Ok(0) => self.stdout_eof = true,
                Ok(n) => self.take_stdout(&buf[..n]),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Splits stdout bytes into lines, refusing to hold more than the bound.
    fn take_stdout(&mut self, mut bytes: &[u8]) {
        let max = self.bounds.max_line_bytes;
        while let Some(nl) = find_newline(bytes) {
            let (head, rest) = bytes.split_at(nl);
            if self.partial.len() + head.len() > max {
                self.oversized = true;
                return;
            }
            let mut line = std::mem::take(&mut self.partial);
            line.extend_from_slice(head);
            self.queued += line.len();
            self.lines.push_back(line);
            bytes = &rest[1..];
        }
        if self.partial.len() + bytes.len() > max || self.queued > max {
            self.oversized = true;
            return;
        }
        self.partial.extend_from_slice(bytes);
    }

    fn read_stderr(&mut self) -> io::Result<()> {
        let mut buf = [0u8; CHUNK];
        while !self.stderr_eof {
            match self.stderr.read(&mut buf) {
                Ok(0) => self.stderr_eof = true,
                Ok(n) => self.capture.push(&buf[..n]),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

fn find_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill();
    }
}

/// `exit status 3`, `signal 9 (SIGKILL)`: how a program ended, in words.
pub fn describe_status(status: ExitStatus) -> String {
    if let Some(code) = status.code() {
        return format!("exit status {code}");
    }
    match status.signal() {
        Some(sig) => {
            let name = match sig {
                libc::SIGABRT => " (SIGABRT)",
                libc::SIGBUS => " (SIGBUS)",
                libc::SIGFPE => " (SIGFPE)",
                libc::SIGILL => " (SIGILL)",
                libc::SIGKILL => " (SIGKILL)",
                libc::SIGPIPE => " (SIGPIPE)",
                libc::SIGSEGV => " (SIGSEGV)",
                libc::SIGTERM => " (SIGTERM)",
                _ => "",
            };
            format!("signal {sig}{name}")
        }
        None => "an unknown status".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bounds() -> Bounds {
        Bounds {
            max_line_bytes: 1024,
            max_stderr_bytes: 256,
        }
    }

    fn soon(ms: u64) -> Instant {
        Instant::now() + Duration::from_millis(ms)
    }

    #[test]
    fn echoes_lines_and_attributes_stderr() {
        let mut p = Process::spawn(
            "while read l; do echo \"err $l\" >&2; echo \"out $l\"; done",
            bounds(),
        )
        .unwrap();
        p.send(b"one\n");
        assert_eq!(p.recv_line(soon(5000)).unwrap(), b"out one");
        assert_eq!(p.take_stderr().as_deref(), Some("err one\n"));
        p.send(b"two\n");
        assert_eq!(p.recv_line(soon(5000)).unwrap(), b"out two");
        assert_eq!(p.take_stderr().as_deref(), Some("err two\n"));
        p.close_stdin(soon(1000));
        assert!(
            matches!(p.recv_line(soon(5000)), Err(Failure::Closed { partial }) if partial.is_empty())
        );
        assert_eq!(describe_status(p.finish(soon(1000)).0), "exit status 0");
    }

    #[test]
    fn simple_commands_are_execed_and_others_left_to_the_shell() {
        assert_eq!(
            shell_command("'python3' 'a b.py'"),
            "exec 'python3' 'a b.py'"
        );
        assert_eq!(shell_command("./adapter --flag"), "exec ./adapter --flag");
        for command in [
            "cd x && ./a",
            "FOO=1 ./a",
            "./a | tee log",
            "./a # comment",
            "$HOME/a",
            "exec ./a",
            "echo hi",
            "",
        ] {
            assert_eq!(shell_command(command), command, "{command}");
        }
    }

    #[test]
    fn times_out_and_kills_the_group() {
        let mut p = Process::spawn("sleep 30 & sleep 30", bounds()).unwrap();
        let start = Instant::now();
        assert!(matches!(p.recv_line(soon(100)), Err(Failure::Timeout)));
        assert!(start.elapsed() < Duration::from_secs(5));
        let status = p.kill();
        assert_eq!(describe_status(status), "signal 9 (SIGKILL)");
        // The background sleep was in the group too: its end of the pipes is closed.
        assert!(p.stdout_eof && p.stderr_eof);
    }

    #[test]
    fn cuts_off_a_flood() {
        let mut p = Process::spawn("yes | tr -d '\\n'", bounds()).unwrap();
        assert!(matches!(p.recv_line(soon(5000)), Err(Failure::Oversized)));
        assert!(p.partial.len() <= 1024);
        p.kill();
    }

    #[test]
    fn keeps_a_partial_line_at_exit() {
        let mut p = Process::spawn("printf '{\"id\": 1, \"ok\": tr'; exit 3", bounds()).unwrap();
        match p.recv_line(soon(5000)) {
            Err(Failure::Closed { partial }) => assert_eq!(partial, b"{\"id\": 1, \"ok\": tr"),
            other => panic!("{other:?}"),
        }
        assert_eq!(describe_status(p.finish(soon(1000)).0), "exit status 3");
    }

    #[test]
    fn finish_says_whether_it_killed() {
        let mut p = Process::spawn("exec 1>&-; sleep 30", bounds()).unwrap();
        assert!(matches!(
            p.recv_line(soon(5000)),
            Err(Failure::Closed { .. })
        ));
        assert!(!p.is_gone());
        let (status, killed) = p.finish(soon(100));
        assert!(killed);
        assert_eq!(describe_status(status), "signal 9 (SIGKILL)");

        let mut p = Process::spawn("exit 5", bounds()).unwrap();
        let start = Instant::now();
        while !p.is_gone() {
            assert!(start.elapsed() < Duration::from_secs(5));
            std::thread::sleep(Duration::from_millis(5));
        }
        let (status, killed) = p.finish(soon(1000));
        assert!(!killed);
        assert_eq!(describe_status(status), "exit status 5");
    }

    #[test]
    fn large_requests_do_not_deadlock_against_a_large_reply() {
        // The program writes 200 KB before reading; the harness writes 200 KB.
        let mut p = Process::spawn(
            "head -c 200000 /dev/zero | tr '\\0' x; echo; cat >/dev/null; echo done",
            Bounds {
                max_line_bytes: 300_000,
                max_stderr_bytes: 256,
            },
        )
        .unwrap();
        p.send(&vec![b'y'; 200_000]);
        let line = p.recv_line(soon(10_000)).unwrap();
        assert_eq!(line.len(), 200_000);
        p.close_stdin(soon(5000));
        assert_eq!(p.recv_line(soon(5000)).unwrap(), b"done");
        p.finish(soon(1000));
    }
}
