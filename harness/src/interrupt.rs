//! SIGINT, SIGTERM (what CI sends on cancel) and SIGHUP during `certify`.
//! The handler only records the signal; the run notices it between cases
//! and while it waits for an adapter, stops the adapter's process group,
//! removes its sandboxes, writes the reports of the cases finished so far
//! marked interrupted, says so, and exits 128 + the signal (130 for SIGINT,
//! 143 for SIGTERM, 129 for SIGHUP). A second signal ends the process at
//! once, as without a handler.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

/// The signal received (0: none), once [`install`] ran.
static RECEIVED: OnceLock<Arc<AtomicUsize>> = OnceLock::new();

/// Starts recording the three signals; later calls do nothing.
#[cfg(unix)]
pub fn install() -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    if RECEIVED.get().is_some() {
        return Ok(());
    }
    let received = Arc::new(AtomicUsize::new(0));
    let seen = Arc::new(AtomicBool::new(false));
    for sig in [SIGINT, SIGTERM, SIGHUP] {
        // Registered first, so it sees the flag as the earlier signal left it.
        signal_hook::flag::register_conditional_shutdown(sig, exit_code(sig).into(), seen.clone())?;
        signal_hook::flag::register(sig, seen.clone())?;
        signal_hook::flag::register_usize(sig, received.clone(), sig as usize)?;
    }
    let _ = RECEIVED.set(received);
    Ok(())
}

/// Without Unix signals there is nothing to record.
#[cfg(not(unix))]
pub fn install() -> std::io::Result<()> {
    Ok(())
}

/// The signal received since [`install`], if any.
pub fn pending() -> Option<i32> {
    let sig = RECEIVED.get()?.load(Ordering::SeqCst);
    (sig != 0).then_some(sig as i32)
}

/// The conventional exit status after `sig`: 128 + its number.
pub fn exit_code(sig: i32) -> u8 {
    u8::try_from(128 + sig).unwrap_or(u8::MAX)
}

/// `SIGINT`, `SIGTERM`, `SIGHUP`, or the number.
pub fn name(sig: i32) -> String {
    match sig {
        1 => "SIGHUP".into(),
        2 => "SIGINT".into(),
        15 => "SIGTERM".into(),
        n => format!("signal {n}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conventional_codes_and_names() {
        assert_eq!(exit_code(2), 130);
        assert_eq!(exit_code(15), 143);
        assert_eq!(name(15), "SIGTERM");
        assert_eq!(pending(), None);
    }
}
