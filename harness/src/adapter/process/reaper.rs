//! Descendants that leave the adapter's process group. Stopping the group
//! (SIGKILL to it) misses a child that called `setsid()`; once its parent
//! dies it would be adopted by init and live on. A process that declared
//! itself a child subreaper (Linux `PR_SET_CHILD_SUBREAPER`, done once by
//! `certify` with [`become_subreaper`]) adopts them instead, and
//! [`reap_orphans`] stops and reaps every adopted child left when an
//! adapter process is stopped. Only `certify` does this. It may run
//! several adapter processes at once (`--jobs`): those are started through
//! [`spawn_adapter`], which lists them while they live, and every other
//! child `certify` has is an orphan of some adapter.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

static SUBREAPER: AtomicBool = AtomicBool::new(false);

/// The adapter processes started and not yet reaped: never orphans.
static ADAPTERS: Mutex<BTreeSet<libc::pid_t>> = Mutex::new(BTreeSet::new());

fn adapters() -> MutexGuard<'static, BTreeSet<libc::pid_t>> {
    ADAPTERS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Starts an adapter process with `spawn` and lists it, both under the
/// list's lock, so [`reap_orphans`] (of another worker) never takes it for
/// an orphan, even just after it was forked.
pub fn spawn_adapter(
    spawn: impl FnOnce() -> std::io::Result<std::process::Child>,
) -> std::io::Result<std::process::Child> {
    let mut live = adapters();
    let child = spawn()?;
    live.insert(child.id() as libc::pid_t);
    Ok(child)
}

/// Takes an adapter process off the list, once it is reaped.
pub fn reaped_adapter(pid: u32) {
    adapters().remove(&(pid as libc::pid_t));
}

/// Makes this process adopt its orphaned descendants; false where the
/// system has no such thing.
pub fn become_subreaper() -> bool {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: prctl with PR_SET_CHILD_SUBREAPER takes one integer.
        let ok = unsafe { libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) } == 0;
        SUBREAPER.store(ok, Ordering::SeqCst);
        ok
    }
    #[cfg(not(target_os = "linux"))]
    false
}

/// When this process is a subreaper: kills and reaps every child it has
/// but the listed adapter processes, until none has been left for a short while (an orphan is adopted only
/// once its own parent has died, which may take a moment after the group
/// was killed). Bounded to half a second.
pub fn reap_orphans() {
    if !SUBREAPER.load(Ordering::SeqCst) {
        return;
    }
    let deadline = Instant::now() + Duration::from_millis(500);
    let mut quiet_rounds = 0;
    while quiet_rounds < 3 && Instant::now() < deadline {
        // Held while the orphans are killed and reaped: no adapter is
        // started meanwhile, so none is taken for one.
        let live = adapters();
        let children: Vec<_> = children()
            .into_iter()
            .filter(|pid| !live.contains(pid))
            .collect();
        if children.is_empty() {
            drop(live);
            quiet_rounds += 1;
            std::thread::sleep(Duration::from_millis(10));
            continue;
        }
        quiet_rounds = 0;
        for pid in children {
            // SAFETY: signalling and reaping our own child.
            unsafe {
                libc::kill(pid, libc::SIGKILL);
                libc::waitpid(pid, std::ptr::null_mut(), 0);
            }
        }
        drop(live);
    }
}

/// The ids of this process's children (from `/proc/<pid>/stat`).
fn children() -> Vec<libc::pid_t> {
    let me = std::process::id().to_string();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| {
            let pid: libc::pid_t = e.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
            // `pid (comm) state ppid ...`; comm may hold spaces and parens.
            let after = &stat[stat.rfind(')')? + 1..];
            let ppid = after.split_whitespace().nth(1)?;
            (ppid == me).then_some(pid)
        })
        .collect()
}
