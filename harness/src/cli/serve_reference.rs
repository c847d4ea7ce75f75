//! `conformkit serve-reference` (hidden): the reference adapter as a
//! process speaking the adapter protocol on stdin and stdout, the clean
//! control `conformkit fuzz` and the process tests are checked against.

use super::{fatal, LimitArgs, EXIT_OK};
use crate::adapter::reference::ReferenceAdapter;
use clap::Args;

#[derive(Args)]
pub struct ServeReferenceArgs {
    #[command(flatten)]
    limits: LimitArgs,
}

#[cfg(not(unix))]
pub fn run(_args: &ServeReferenceArgs) -> u8 {
    fatal("serve-reference needs a Unix-like system in this version")
}

#[cfg(unix)]
pub fn run(args: &ServeReferenceArgs) -> u8 {
    let mut adapter = ReferenceAdapter::new(args.limits.limits());
    let stdin = std::io::stdin().lock();
    let stdout = std::io::stdout().lock();
    match crate::adapter::serve::serve(&mut adapter, stdin, stdout) {
        Ok(()) => EXIT_OK,
        Err(e) => fatal(e),
    }
}
