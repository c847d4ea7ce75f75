//! Searches the documents a KV schema admits for one that breaks a `groups`
//! rule: exhaustively, over the presence (and the `when` values) of the keys
//! tied to the rule through the schema's own groups. A group change is
//! judged by this search, so the judgement is exact: a rule the other side's
//! documents always keep (its keys are required, another group implies it)
//! breaks nobody.
//!
//! Keys outside that connected set, other keys' values and pattern counts do
//! not interact with the rule, so they are left out of the search. Keys the
//! schema does not declare follow the open-model reading of docs/compat.md:
//! absent from a closed schema's documents, and in an open schema's
//! documents present or not, with the meaning (and value type) the other
//! side declares.

use crate::compat::model::{KvGroupRule, KvKey, KvSchema, KvType};
use crate::compat::num::Dec;
use std::collections::BTreeSet;

/// Most key-state combinations searched; beyond it the answer is unknown.
pub const MAX_COMBINATIONS: u64 = 1 << 16;

/// The outcome of a search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Search {
    /// A document the schema admits that breaks the rule, described by the
    /// rule's keys (`with `a`, `b=true`; without `c``).
    Found(String),
    /// Every document the schema admits keeps the rule.
    Implied,
    /// More than [`MAX_COMBINATIONS`] combinations: not searched.
    TooLarge,
}

/// What one key holds in a candidate document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Absent,
    /// One of the values the rules compare the key with (index into `Key::values`).
    Equals(usize),
    /// Present with a value none of the rules compare it with.
    Other,
}

/// One key of the search: the values rules compare it with, and its
/// possible states in the schema's documents.
struct Key<'a> {
    name: &'a str,
    values: Vec<&'a str>,
    states: Vec<State>,
}

/// The values a key may hold in the schema's documents.
enum Domain<'a> {
    Declared(&'a KvKey),
    AnyString,
    Never,
}

fn domain<'a>(schema: &'a KvSchema, other: &'a KvSchema, key: &str) -> Domain<'a> {
    let declared = |s: &'a KvSchema| {
        s.keys
            .get(key)
            .or_else(|| s.pattern_for(key).map(|(_, p)| p))
    };
    if let Some(k) = declared(schema) {
        return Domain::Declared(k);
    }
    if !schema.open {
        return Domain::Never;
    }
    match declared(other) {
        Some(k) => Domain::Declared(k),
        None => Domain::AnyString,
    }
}

/// Whether `value` is of the declaration's type (and `min_length`).
fn typed(k: &KvKey, value: &str) -> bool {
    match &k.ty {
        KvType::String => value.chars().count() as u64 >= k.min_length,
        KvType::Bool => value == "true" || value == "false",
        KvType::Uint(bits) => {
            !value.is_empty()
                && value.bytes().all(|c| c.is_ascii_digit())
                && Dec::parse(value).is_some_and(|d| d <= Dec::unsigned_max(*bits))
        }
        KvType::Enum(values) => values.contains(value),
    }
}

fn admits(d: &Domain<'_>, value: &str) -> bool {
    match d {
        Domain::Declared(k) => typed(k, value) && k.constant.as_deref().is_none_or(|c| c == value),
        Domain::AnyString => true,
        Domain::Never => false,
    }
}

/// Whether the domain holds a value outside `values` (a finite list).
fn admits_other(d: &Domain<'_>, values: &[&str]) -> bool {
    match d {
        Domain::Declared(k) => match (&k.constant, &k.ty) {
            (Some(c), _) => !values.contains(&c.as_str()) && typed(k, c),
            (None, KvType::String | KvType::Uint(_)) => true,
            (None, KvType::Bool) => ["true", "false"].iter().any(|v| !values.contains(v)),
            (None, KvType::Enum(all)) => all.iter().any(|v| !values.contains(&v.as_str())),
        },
        Domain::AnyString => true,
        Domain::Never => false,
    }
}

/// The rule's `when` key and value, if it has one.
fn condition(rule: &KvGroupRule) -> Option<(&str, &str)> {
    match rule {
        KvGroupRule::When { key, equals, .. } => Some((key.as_str(), equals.as_str())),
        KvGroupRule::AllOrNone(_) => None,
    }
}

/// Whether the document `states` (one per key, in `keys` order) keeps `rule`.
fn keeps(rule: &KvGroupRule, keys: &[Key<'_>], states: &[State]) -> bool {
    let at = |name: &str| keys.iter().position(|k| k.name == name);
    let present = |name: &str| at(name).is_some_and(|i| states[i] != State::Absent);
    match rule {
        KvGroupRule::AllOrNone(members) => {
            let n = members.iter().filter(|m| present(m)).count();
            n == 0 || n == members.len()
        }
        KvGroupRule::When {
            key,
            equals,
            then_required,
            otherwise_absent,
        } => {
            let on = at(key).is_some_and(|i| match states[i] {
                State::Equals(v) => keys[i].values[v] == equals.as_str(),
                _ => false,
            });
            if on {
                then_required.iter().all(|m| present(m))
            } else {
                !otherwise_absent || !then_required.iter().any(|m| present(m))
            }
        }
    }
}

/// Looks for a document of `schema` that breaks `rule`; `other` is the
/// schema on the other side (the meaning of keys `schema` leaves undeclared).
pub fn find_break(schema: &KvSchema, other: &KvSchema, rule: &KvGroupRule) -> Search {
    // The keys tied to the rule, and the schema's groups over them.
    let mut names: BTreeSet<&str> = rule.keys();
    let mut tied = vec![false; schema.groups.len()];
    loop {
        let mut grew = false;
        for (i, g) in schema.groups.iter().enumerate() {
            let keys = g.rule.keys();
            if !tied[i] && !keys.is_disjoint(&names) {
                tied[i] = true;
                names.extend(keys);
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    let rules: Vec<&KvGroupRule> = schema
        .groups
        .iter()
        .zip(&tied)
        .filter(|(_, t)| **t)
        .map(|(g, _)| &g.rule)
        .collect();
    let mut keys = Vec::new();
    let mut combinations: u64 = 1;
    for name in names {
        let values: Vec<&str> = rules
            .iter()
            .copied()
            .chain([rule])
            .filter_map(condition)
            .filter(|(k, _)| *k == name)
            .map(|(_, v)| v)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let d = domain(schema, other, name);
        let required = schema.keys.get(name).is_some_and(|k| k.required);
        let mut states = Vec::new();
        if !required {
            states.push(State::Absent);
        }
        states.extend(
            values
                .iter()
                .enumerate()
                .filter(|(_, v)| admits(&d, v))
                .map(|(i, _)| State::Equals(i)),
        );
        if admits_other(&d, &values) {
            states.push(State::Other);
        }
        if states.is_empty() {
            // A required key no value fits: the schema admits no document.
            return Search::Implied;
        }
        combinations = combinations.saturating_mul(states.len() as u64);
        if combinations > MAX_COMBINATIONS {
            return Search::TooLarge;
        }
        keys.push(Key {
            name,
            values,
            states,
        });
    }
    // Every combination, as a mixed-radix counter over the keys' states.
    let mut digits = vec![0usize; keys.len()];
    loop {
        let states: Vec<State> = keys
            .iter()
            .zip(&digits)
            .map(|(k, &d)| k.states[d])
            .collect();
        if rules.iter().all(|r| keeps(r, &keys, &states)) && !keeps(rule, &keys, &states) {
            return Search::Found(describe(rule, &keys, &states));
        }
        let mut i = 0;
        loop {
            if i == keys.len() {
                return Search::Implied;
            }
            digits[i] += 1;
            if digits[i] < keys[i].states.len() {
                break;
            }
            digits[i] = 0;
            i += 1;
        }
    }
}

/// The rule's keys in a document: `with `a`, `b=true`; without `c``.
fn describe(rule: &KvGroupRule, keys: &[Key<'_>], states: &[State]) -> String {
    let mut with = Vec::new();
    let mut without = Vec::new();
    let mentioned = rule.keys();
    for (k, s) in keys.iter().zip(states) {
        if !mentioned.contains(k.name) {
            continue;
        }
        match s {
            State::Absent => without.push(format!("`{}`", k.name)),
            State::Equals(v) => with.push(format!("`{}={}`", k.name, k.values[*v])),
            State::Other if k.values.is_empty() => with.push(format!("`{}`", k.name)),
            State::Other => with.push(format!(
                "`{}` not {}",
                k.name,
                k.values
                    .iter()
                    .map(|v| format!("`{v}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            )),
        }
    }
    match (with.is_empty(), without.is_empty()) {
        (false, false) => format!("with {}; without {}", with.join(", "), without.join(", ")),
        (false, true) => format!("with {}", with.join(", ")),
        (true, _) => format!("without {}", without.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compat::kv_schema::load;
    use serde_json::json;

    fn schema(open: bool, keys: serde_json::Value, groups: serde_json::Value) -> KvSchema {
        load(&json!({"format": "conformkit-kv-schema/1", "open": open,
                     "keys": keys, "groups": groups}))
        .unwrap()
    }

    fn all_or_none(keys: &[&str]) -> KvGroupRule {
        KvGroupRule::AllOrNone(keys.iter().map(|k| k.to_string()).collect())
    }

    fn when(key: &str, equals: &str, then: &[&str], otherwise_absent: bool) -> KvGroupRule {
        KvGroupRule::When {
            key: key.into(),
            equals: equals.into(),
            then_required: then.iter().map(|k| k.to_string()).collect(),
            otherwise_absent,
        }
    }

    #[test]
    fn finds_a_document_that_breaks_a_new_rule() {
        let s = schema(
            true,
            json!({"a": {"type": "u32"}, "b": {"type": "u32"}}),
            json!([]),
        );
        assert_eq!(
            find_break(&s, &s, &all_or_none(&["a", "b"])),
            Search::Found("with `a`; without `b`".into())
        );
    }

    #[test]
    fn required_keys_and_other_groups_imply_a_rule() {
        let req = schema(
            true,
            json!({"a": {"type": "u32", "required": true}, "b": {"type": "u32", "required": true}}),
            json!([]),
        );
        assert_eq!(
            find_break(&req, &req, &all_or_none(&["a", "b"])),
            Search::Implied
        );
        // all_or_none [a, b] and [b, c] imply [a, c].
        let chain = schema(
            true,
            json!({"a": {"type": "u32"}, "b": {"type": "u32"}, "c": {"type": "u32"}}),
            json!([{"all_or_none": ["a", "b"]}, {"all_or_none": ["b", "c"]}]),
        );
        assert_eq!(
            find_break(&chain, &chain, &all_or_none(&["a", "c"])),
            Search::Implied
        );
        assert_eq!(
            find_break(&chain, &chain, &when("a", "1", &["c"], false)),
            Search::Implied
        );
    }

    #[test]
    fn when_values_follow_the_key_type() {
        // `flag` is a bool: `when flag=yes` never fires, so it requires nothing.
        let s = schema(
            true,
            json!({"flag": {"type": "bool"}, "x": {"type": "string"}}),
            json!([]),
        );
        assert_eq!(
            find_break(&s, &s, &when("flag", "yes", &["x"], false)),
            Search::Implied
        );
        assert_eq!(
            find_break(&s, &s, &when("flag", "true", &["x"], false)),
            Search::Found("with `flag=true`; without `x`".into())
        );
        // otherwise_absent added to that rule: `x` without `flag=true` breaks it.
        let required_when_on = schema(
            true,
            json!({"flag": {"type": "bool"}, "x": {"type": "string"}}),
            json!([{"when": {"key": "flag", "equals": "true"}, "then_required": ["x"]}]),
        );
        assert_eq!(
            find_break(
                &required_when_on,
                &required_when_on,
                &when("flag", "true", &["x"], true)
            ),
            Search::Found("with `x`; without `flag`".into())
        );
        // A const flag that is always `true` makes `x` required already.
        let on = schema(
            true,
            json!({"flag": {"type": "bool", "required": true, "const": "true"},
                   "x": {"type": "string", "required": true}}),
            json!([]),
        );
        assert_eq!(
            find_break(&on, &on, &when("flag", "true", &["x"], true)),
            Search::Implied
        );
    }

    #[test]
    fn undeclared_keys_follow_the_model() {
        let closed = schema(false, json!({"a": {"type": "u32"}}), json!([]));
        let open = schema(true, json!({"a": {"type": "u32"}}), json!([]));
        let other = schema(
            true,
            json!({"a": {"type": "u32"}, "b": {"type": "u32"}}),
            json!([]),
        );
        // A closed schema's documents never hold `b`.
        assert_eq!(
            find_break(&closed, &other, &all_or_none(&["a", "b"])),
            Search::Found("with `a`; without `b`".into())
        );
        assert_eq!(
            find_break(&closed, &other, &when("a", "1", &["b"], true)),
            Search::Found("with `a=1`; without `b`".into())
        );
        assert_eq!(
            find_break(
                &closed,
                &other,
                &KvGroupRule::AllOrNone(["b".to_string()].into())
            ),
            Search::Implied
        );
        // An open schema's documents may hold it, as the other side declares it.
        assert_eq!(
            find_break(&open, &other, &when("b", "x", &["a"], false)),
            Search::Implied,
            "`x` is no u32"
        );
    }

    #[test]
    fn large_searches_are_refused() {
        let keys: serde_json::Map<String, serde_json::Value> = (0..20)
            .map(|i| (format!("k{i}"), json!({"type": "u32"})))
            .collect();
        let names: Vec<String> = keys.keys().cloned().collect();
        let s = schema(true, keys.into(), json!([{"all_or_none": names}]));
        assert_eq!(
            find_break(&s, &s, &all_or_none(&["k0", "k1"])),
            Search::TooLarge
        );
    }
}
