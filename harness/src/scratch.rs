//! Where the kit's temporary folders go (certify's sandboxes, fuzz
//! executions): one policy, so `--stable` results can name it.

use std::path::{Path, PathBuf};

/// Where sandboxes go: `$TMPDIR` when it is set, else `/dev/shm` when it is
/// a writable directory, else the system's temporary directory. Every case
/// (and every fuzz execution) creates and removes a folder; on a disk
/// filesystem (ext4 mounted with `discard`, measured) that costs
/// milliseconds, as much as an adapter's answer, on a memory-backed one tens
/// of microseconds. Corpus inputs are small; set `TMPDIR` for a corpus that
/// is not.
pub fn scratch_base() -> PathBuf {
    if std::env::var_os("TMPDIR").is_some() {
        return std::env::temp_dir();
    }
    let shm = Path::new("/dev/shm");
    let writable = shm.is_dir()
        && tempfile::Builder::new()
            .prefix("conformkit-probe-")
            .tempdir_in(shm)
            .is_ok();
    if writable {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    }
}
