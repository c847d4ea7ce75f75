//! Where a JSON pointer lands in a schema file's text: the line and column
//! (1-based, columns in characters) of the member name of its last step, or
//! of the value for an array element or the root. A pointer into something
//! the text does not have (a member removed in this revision) lands on the
//! deepest part that exists, so a removal points at the object it left.

use jsonc_parser::ast::Value;
use jsonc_parser::{parse_to_ast, CollectOptions, ParseOptions};
use serde::Serialize;

/// A place in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Location {
    pub line: u32,
    pub column: u32,
}

/// The escaped steps of a JSON pointer (`/properties/a~1b` → `properties`, `a/b`).
fn steps(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// Strict JSON: what the schema loader itself accepts.
fn strict() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        ..ParseOptions::default()
    }
}

/// Locates pointers in one file's text, parsed once.
pub struct Locator<'t> {
    text: &'t str,
    root: Option<Value<'t>>,
}

impl<'t> Locator<'t> {
    pub fn new(text: &'t str) -> Locator<'t> {
        let root = parse_to_ast(text, &CollectOptions::default(), &strict())
            .ok()
            .and_then(|r| r.value);
        Locator { text, root }
    }

    /// The place `pointer` names, or the deepest existing part of it.
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        let mut value = self.root.as_ref()?;
        let mut offset = value_start(value);
        for step in steps(pointer) {
            let next = match value {
                Value::Object(o) => o.get(&step).map(|p| (p.range.start, &p.value)),
                Value::Array(a) => step
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| a.elements.get(i))
                    .map(|v| (value_start(v), v)),
                _ => None,
            };
            match next {
                Some((at, v)) => {
                    offset = at;
                    value = v;
                }
                None => break,
            }
        }
        Some(self.line_column(offset))
    }

    fn line_column(&self, offset: usize) -> Location {
        let before = self.text.get(..offset).unwrap_or(self.text);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Location {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }
}

fn value_start(value: &Value<'_>) -> usize {
    match value {
        Value::StringLit(v) => v.range.start,
        Value::NumberLit(v) => v.range.start,
        Value::BooleanLit(v) => v.range.start,
        Value::Object(v) => v.range.start,
        Value::Array(v) => v.range.start,
        Value::NullKeyword(v) => v.range.start,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "{\n  \"properties\": {\n    \"a/b\": {\"type\": \"integer\", \"maximum\": 9},\n    \"é\": {\"enum\": [1, 2]}\n  }\n}\n";

    fn at(pointer: &str) -> Option<(u32, u32)> {
        Locator::new(TEXT)
            .locate(pointer)
            .map(|l| (l.line, l.column))
    }

    #[test]
    fn members_elements_and_fallbacks() {
        assert_eq!(at(""), Some((1, 1)));
        assert_eq!(at("/properties"), Some((2, 3)));
        assert_eq!(at("/properties/a~1b/maximum"), Some((3, 32)));
        assert_eq!(at("/properties/é/enum/1"), Some((4, 23)));
        // Gone in this text: the deepest part that exists.
        assert_eq!(at("/properties/gone/type"), Some((2, 3)));
        assert_eq!(Locator::new("not json").locate("/x"), None);
    }
}
