//! cargo-fuzz entry point; the property lives in `conformkit::fuzzing::kv`
//! so the regression inputs under fuzz/regressions/ run it in `cargo test`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| conformkit::fuzzing::kv::check(data));
