//! A one-line progress display on stderr for long runs: `[12/340] id`,
//! redrawn in place at most ten times a second once a run has taken more
//! than half a second. Off when stderr is not a terminal (CI logs, pipes,
//! tests) or when `CONFORMKIT_NO_PROGRESS` is set.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// The progress line of one run.
pub struct Progress {
    enabled: bool,
    total: usize,
    started: Instant,
    last: Option<Instant>,
}

const QUIET_START: Duration = Duration::from_millis(500);
const REDRAW: Duration = Duration::from_millis(100);
const WIDTH: usize = 78;

impl Progress {
    /// A display for `total` cases, on only for an interactive stderr.
    pub fn new(total: usize) -> Progress {
        let enabled =
            std::io::stderr().is_terminal() && std::env::var_os("CONFORMKIT_NO_PROGRESS").is_none();
        Progress {
            enabled,
            total,
            started: Instant::now(),
            last: None,
        }
    }

    /// A display that never draws.
    pub fn hidden() -> Progress {
        Progress {
            enabled: false,
            total: 0,
            started: Instant::now(),
            last: None,
        }
    }

    /// Notes that case `done` (1-based) of the run, `id`, is under way.
    pub fn tick(&mut self, done: usize, id: &str) {
        if !self.enabled || self.started.elapsed() < QUIET_START {
            return;
        }
        if self.last.is_some_and(|t| t.elapsed() < REDRAW) {
            return;
        }
        self.last = Some(Instant::now());
        let mut line = format!("[{done}/{}] {id}", self.total);
        if line.chars().count() > WIDTH {
            line = line.chars().take(WIDTH - 3).collect::<String>() + "...";
        }
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{line}");
        let _ = err.flush();
    }

    /// Clears the line, if one was drawn.
    pub fn finish(&mut self) {
        if self.last.take().is_some() {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}
