//! cargo-fuzz entry point: any implementation, run as an adapter process
//! named in `CONFORMKIT_FUZZ_ADAPTER`, against the reference reader with the
//! oracle of `conformkit fuzz --adapter`; the property lives in
//! `conformkit::fuzzing::adapter` (docs/fuzz-adapters.md). Each variable
//! unset at run time takes the value it had when this target was built.
#![no_main]

use conformkit::fuzzing::adapter::{check_with, Env};

const BUILT: Env = Env {
    adapter: option_env!("CONFORMKIT_FUZZ_ADAPTER"),
    role: option_env!("CONFORMKIT_FUZZ_ROLE"),
    family: option_env!("CONFORMKIT_FUZZ_FAMILY"),
    level: option_env!("CONFORMKIT_FUZZ_LEVEL"),
    timeout_ms: option_env!("CONFORMKIT_FUZZ_TIMEOUT_MS"),
    out: option_env!("CONFORMKIT_FUZZ_OUT"),
};

libfuzzer_sys::fuzz_target!(|data: &[u8]| check_with(data, &BUILT));
