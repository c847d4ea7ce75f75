//! `conformkit fuzz-seeds --out DIR`: export the corpus as seed corpora per
//! fuzz target, plus libFuzzer dictionaries.

use super::{fatal, CorpusArgs, EXIT_OK};
use crate::corpus::load_corpus;
use clap::Args;
use std::path::PathBuf;

#[derive(Args)]
pub struct FuzzSeedsArgs {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Output folder: one sub-folder per target, and `<target>.dict`.
    #[arg(long)]
    out: PathBuf,
}

pub fn run(args: &FuzzSeedsArgs) -> u8 {
    let root = match args.corpus.root() {
        Ok(root) => root,
        Err(e) => return fatal(e),
    };
    let cases = match load_corpus(root.path()) {
        Ok(c) => c,
        Err(e) => return fatal(e),
    };
    match crate::fuzz_seeds::export(&cases, root.path(), &args.out) {
        Ok(counts) => {
            for (target, n) in counts {
                super::stdout::println(format!("{target}\t{n} seeds"));
            }
            EXIT_OK
        }
        Err(e) => fatal(format!("{}: {e}", args.out.display())),
    }
}
