//! Standard output that never panics. `print!` panics when the write fails;
//! here a reader that went away (EPIPE: `conformkit list --json | head -1`)
//! ends the process at once and silently, and any other failure (ENOSPC:
//! stdout is `/dev/full`) ends it with one line on standard error; both
//! with [`EXIT_ERROR`]: the output the command exists for was not
//! delivered. Commands call it only after their work is done (adapters
//! stopped, files written), so ending the process there loses nothing.

use super::EXIT_ERROR;
use std::io::{ErrorKind, Write};

/// Writes `text` and flushes it, or ends the process as above.
pub fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() != ErrorKind::BrokenPipe {
            eprintln!("conformkit: cannot write to standard output: {e}");
        }
        std::process::exit(i32::from(EXIT_ERROR));
    }
}

/// [`print`] with a newline after `text`.
pub fn println(text: impl std::fmt::Display) {
    print(&format!("{text}\n"));
}
