//! Resource limits every reader enforces, so hostile input yields a
//! classified error instead of a crash or unbounded memory.

/// Bounds on what a reader will take in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest single input file, in bytes (`too_large` beyond it).
    pub max_file_bytes: u64,
    /// Deepest JSON nesting of arrays and objects (`too_deep` beyond it).
    pub max_depth: usize,
    /// Most files a directory artifact may list or hold.
    pub max_files: usize,
    /// Most heap memory one JSON document's parsed form may take, as
    /// estimated while it is scanned (`json::budget`; `too_large` beyond
    /// it). A reader that keeps several documents (a runpack's artifacts)
    /// charges them all to this one budget.
    pub max_json_memory: u64,
}

impl Limits {
    /// Default largest file: 64 MiB.
    pub const DEFAULT_MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
    /// Default deepest nesting: 64 levels. serde_json's own guard is 128.
    pub const DEFAULT_MAX_DEPTH: usize = 64;
    /// Default most files in a directory artifact.
    pub const DEFAULT_MAX_FILES: usize = 10_000;
    /// Default JSON memory budget: 256 MiB, so a reader's peak stays under
    /// 512 MiB for a 64 MiB input of any shape (the input, the budget, and
    /// the model built from it).
    pub const DEFAULT_MAX_JSON_MEMORY: u64 = 256 * 1024 * 1024;
    /// The hard ceiling on depth: serde_json refuses to recurse deeper than 128.
    pub const HARD_MAX_DEPTH: usize = 127;
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: Limits::DEFAULT_MAX_FILE_BYTES,
            max_depth: Limits::DEFAULT_MAX_DEPTH,
            max_files: Limits::DEFAULT_MAX_FILES,
            max_json_memory: Limits::DEFAULT_MAX_JSON_MEMORY,
        }
    }
}
