//! `conformkit list`: every case id with its expectation (the corpus index).

use super::{fatal, CorpusArgs, EXIT_OK};
use crate::corpus::load_corpus;
use clap::Args;

#[derive(Args)]
pub struct ListArgs {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Only this family.
    #[arg(long)]
    family: Option<String>,
    /// Print the index as JSON lines (`{"id", "expect", "error_class", "tags"}`).
    #[arg(long)]
    json: bool,
}

pub fn run(args: &ListArgs) -> u8 {
    let root = match args.corpus.root() {
        Ok(root) => root,
        Err(e) => return fatal(e),
    };
    let cases = match load_corpus(root.path()) {
        Ok(c) if c.is_empty() => return fatal(crate::corpus::not_a_corpus(root.path())),
        Ok(c) => c,
        Err(e) => return fatal(e),
    };
    if let Some(family) = &args.family {
        if !cases.iter().any(|c| &c.family == family) {
            let mut known: Vec<&str> = cases.iter().map(|c| c.family.as_str()).collect();
            known.dedup();
            return fatal(format!(
                "no cases for family `{family}` (known: {})",
                known.join(", ")
            ));
        }
    }
    let mut out = String::new();
    for case in cases
        .iter()
        .filter(|c| args.family.as_deref().is_none_or(|f| c.family == f))
    {
        if args.json {
            let line = serde_json::json!({
                "id": case.id,
                "expect": case.meta.expect,
                "error_class": case.meta.error_class,
                "tags": case.meta.tags,
                "deprecated": case.meta.deprecated,
            });
            out.push_str(&line.to_string());
        } else {
            out.push_str(&case.id);
            out.push('\t');
            out.push_str(case.meta.expect.as_str());
            if let Some(class) = case.meta.error_class {
                out.push(' ');
                out.push_str(class.as_str());
            }
        }
        out.push('\n');
    }
    super::stdout::print(&out);
    EXIT_OK
}
