//! Fuzz property: the RFC 8785 canonicalizer. For any JSON text the reference
//! parser accepts, canonicalization either refuses (a number JCS cannot hold
//! exactly) or yields bytes that parse back to the same value (numbers
//! compared as IEEE-754 doubles, as JCS defines them) and canonicalize to
//! themselves.

use conformkit_reference::json::parse_document;
use conformkit_reference::runpack::jcs::canonical_bytes;
use conformkit_reference::Limits;
use serde_json::Value;

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.to_string().parse::<f64>(), y.to_string().parse::<f64>());
            matches!((x, y), (Ok(x), Ok(y)) if x == y)
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// The property this target asserts on one input (panics on a violation).
pub fn check(data: &[u8]) {
    let limits = Limits::default();
    let Ok(value) = parse_document(data, &limits) else {
        return;
    };
    let Ok(once) = canonical_bytes(&value) else {
        return;
    };
    let back = parse_document(&once, &limits).expect("canonical output is JSON the reader accepts");
    assert!(same(&value, &back), "canonical form changed the value");
    let twice = canonical_bytes(&back).expect("canonical output canonicalizes");
    assert_eq!(once, twice, "canonicalization is not idempotent");
}
