//! Progress of a long run on stderr. On a terminal: one line, `[12/340] id`,
//! redrawn in place at most ten times a second once a run has taken more
//! than half a second. Elsewhere (CI logs, pipes): a plain line every
//! [`DEFAULT_EVERY`] (`CONFORMKIT_PROGRESS_SECONDS` sets another interval),
//! `conformkit: 12/340 cases done, running <id>, 40 s elapsed`, printed by
//! a timer thread, so it also appears while one case hangs. Off with
//! `CONFORMKIT_NO_PROGRESS` set.

use std::io::{IsTerminal, Write};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The progress display of one run.
pub struct Progress {
    mode: Mode,
    total: usize,
    started: Instant,
    last: Option<Instant>,
}

enum Mode {
    Off,
    Terminal,
    Log(Ticker),
}

const QUIET_START: Duration = Duration::from_millis(500);
const REDRAW: Duration = Duration::from_millis(100);
const WIDTH: usize = 78;
/// How often a log line is printed when stderr is not a terminal.
pub const DEFAULT_EVERY: Duration = Duration::from_secs(10);

impl Progress {
    /// A display for `total` cases: redrawn on a terminal, timed lines
    /// elsewhere, none with `CONFORMKIT_NO_PROGRESS`.
    pub fn new(total: usize) -> Progress {
        let mode = if std::env::var_os("CONFORMKIT_NO_PROGRESS").is_some() {
            Mode::Off
        } else if std::io::stderr().is_terminal() {
            Mode::Terminal
        } else {
            Mode::Log(Ticker::start(total, log_interval()))
        };
        Progress {
            mode,
            total,
            started: Instant::now(),
            last: None,
        }
    }

    /// A display that never draws.
    pub fn hidden() -> Progress {
        Progress {
            mode: Mode::Off,
            total: 0,
            started: Instant::now(),
            last: None,
        }
    }

    /// Notes that case `done` (1-based) of the run, `id`, is under way.
    pub fn tick(&mut self, done: usize, id: &str) {
        match &self.mode {
            Mode::Off => {}
            Mode::Log(ticker) => ticker.note(done, id),
            Mode::Terminal => self.draw(done, id),
        }
    }

    fn draw(&mut self, done: usize, id: &str) {
        if self.started.elapsed() < QUIET_START {
            return;
        }
        if self.last.is_some_and(|t| t.elapsed() < REDRAW) {
            return;
        }
        self.last = Some(Instant::now());
        let mut line = format!(
            "[{done}/{}] {}",
            self.total,
            crate::cli::escape::printable(id)
        );
        if line.chars().count() > WIDTH {
            line = line.chars().take(WIDTH - 3).collect::<String>() + "...";
        }
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{line}");
        let _ = err.flush();
    }

    /// Clears the line, if one was drawn, or stops the timer.
    pub fn finish(&mut self) {
        if let Mode::Log(ticker) = &mut self.mode {
            ticker.stop();
        }
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

/// `CONFORMKIT_PROGRESS_SECONDS` (a positive number, fractions allowed),
/// else [`DEFAULT_EVERY`].
fn log_interval() -> Duration {
    std::env::var("CONFORMKIT_PROGRESS_SECONDS")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .map(|s| Duration::from_secs_f64(s.min(86_400.0)))
        .unwrap_or(DEFAULT_EVERY)
}

/// What the timer reports: cases finished, the case under way, and whether
/// the run has ended.
#[derive(Default)]
struct State {
    finished: usize,
    current: String,
    ended: bool,
}

/// The timer thread of a log display.
struct Ticker {
    shared: Arc<(Mutex<State>, Condvar)>,
    thread: Option<JoinHandle<()>>,
}

impl Ticker {
    fn start(total: usize, every: Duration) -> Ticker {
        let shared = Arc::new((Mutex::new(State::default()), Condvar::new()));
        let theirs = Arc::clone(&shared);
        let started = Instant::now();
        let thread = std::thread::Builder::new()
            .name("progress".into())
            .spawn(move || {
                let (lock, wake) = &*theirs;
                let mut next = started + every;
                let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
                loop {
                    let now = Instant::now();
                    if !state.ended && now < next {
                        state = wake
                            .wait_timeout(state, next - now)
                            .unwrap_or_else(|e| e.into_inner())
                            .0;
                        continue;
                    }
                    if state.ended {
                        return;
                    }
                    let line = log_line(&state, total, started.elapsed());
                    // Written with the state unlocked: a blocked stderr
                    // must not hold up the run.
                    drop(state);
                    let _ = writeln!(std::io::stderr().lock(), "{line}");
                    next += every;
                    state = lock.lock().unwrap_or_else(|e| e.into_inner());
                }
            })
            .ok();
        Ticker { shared, thread }
    }

    fn note(&self, done: usize, id: &str) {
        let mut state = self.shared.0.lock().unwrap_or_else(|e| e.into_inner());
        state.finished = done.saturating_sub(1);
        state.current.clear();
        state.current.push_str(id);
    }

    fn stop(&mut self) {
        self.shared
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .ended = true;
        self.shared.1.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// `conformkit: 12/340 cases done, running <id>, 40 s elapsed`.
fn log_line(state: &State, total: usize, elapsed: Duration) -> String {
    let running = if state.current.is_empty() {
        String::new()
    } else {
        format!(
            ", running {}",
            crate::cli::escape::printable(&state.current)
        )
    };
    format!(
        "conformkit: {}/{total} cases done{running}, {} s elapsed",
        state.finished,
        elapsed.as_secs()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_line_names_the_case_and_escapes_it() {
        let state = State {
            finished: 1,
            current: "runtime/v1/b\x1b[2J".into(),
            ended: false,
        };
        assert_eq!(
            log_line(&state, 4, Duration::from_millis(12_300)),
            "conformkit: 1/4 cases done, running runtime/v1/b\\u{1b}[2J, 12 s elapsed"
        );
    }

    #[test]
    fn a_stopped_ticker_ends_its_thread() {
        let mut ticker = Ticker::start(3, Duration::from_secs(3600));
        ticker.note(1, "a");
        ticker.stop();
        assert!(ticker.thread.is_none());
    }
}
