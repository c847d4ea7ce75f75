//! Protocol v1 messages (docs/protocol.md, harness/schemas/protocol/): the
//! requests the harness sends, encoded as one JSON line each, and strict
//! parsing of the program's response lines. Every check here mirrors a
//! constraint of the response schemas (tests/protocol_schemas.rs holds
//! them to agreement); beyond what a schema can say, the id must be the
//! request's, as an integer literal, and keys must not repeat.

use crate::adapter::{Capabilities, Implementation, Rejection, Role};
use conformkit_reference::json::parse_document;
use conformkit_reference::{ErrorClass, Limits};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// The protocol version this harness speaks.
pub const PROTOCOL_VERSION: u64 = 1;

/// A request, before it gets its id.
#[derive(Debug, Clone, Copy)]
pub enum Request<'a> {
    /// The handshake: the harness names itself and the protocol version.
    Hello,
    /// Read the artifact at `path`.
    Read {
        family: &'a str,
        version: &'a str,
        path: &'a Path,
    },
    /// Write `model` as an artifact at `out`.
    Write {
        family: &'a str,
        version: &'a str,
        model: &'a Value,
        out: &'a Path,
    },
    /// The end of the session: the program exits, no response.
    Shutdown,
}

impl Request<'_> {
    /// The `op` field.
    pub fn op(&self) -> &'static str {
        match self {
            Request::Hello => "hello",
            Request::Read { .. } => "read",
            Request::Write { .. } => "write",
            Request::Shutdown => "shutdown",
        }
    }
}

#[derive(Serialize)]
struct Kit {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Wire<'a> {
    Hello {
        id: u64,
        op: &'static str,
        protocol: u64,
        kit: Kit,
    },
    Read {
        id: u64,
        op: &'static str,
        family: &'a str,
        version: &'a str,
        path: String,
    },
    Write {
        id: u64,
        op: &'static str,
        family: &'a str,
        version: &'a str,
        model: &'a Value,
        out: String,
    },
    Shutdown {
        id: u64,
        op: &'static str,
    },
}

/// One request as a JSON line (newline included).
pub fn encode(id: u64, request: &Request<'_>) -> Vec<u8> {
    let op = request.op();
    let wire = match *request {
        Request::Hello => Wire::Hello {
            id,
            op,
            protocol: PROTOCOL_VERSION,
            kit: Kit {
                name: "conformkit",
                version: env!("CARGO_PKG_VERSION"),
            },
        },
        Request::Read {
            family,
            version,
            path,
        } => Wire::Read {
            id,
            op,
            family,
            version,
            path: path.to_string_lossy().into_owned(),
        },
        Request::Write {
            family,
            version,
            model,
            out,
        } => Wire::Write {
            id,
            op,
            family,
            version,
            model,
            out: out.to_string_lossy().into_owned(),
        },
        Request::Shutdown => Wire::Shutdown { id, op },
    };
    let mut line = serde_json::to_vec(&wire).expect("requests always serialize");
    line.push(b'\n');
    line
}

/// A response line, checked up to the `ok` split.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// `"ok": true`: the remaining members, for the op-specific check.
    Ok(Map<String, Value>),
    /// `"ok": false`: the reported error.
    Err(Rejection),
}

/// The start of a line for an error message, at most 120 characters.
pub fn excerpt(line: &[u8]) -> String {
    let text = String::from_utf8_lossy(line);
    let mut out: String = text.chars().take(120).collect();
    if text.chars().count() > 120 {
        out.push_str("...");
    }
    out
}

/// Parses a response to request `id`: strict JSON (no duplicate keys), an
/// object with the same `id`, a boolean `ok`, and on failure an `error`.
/// A trailing `\r` is tolerated.
pub fn parse_response(line: &[u8], id: u64, max_bytes: usize) -> Result<Response, String> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.is_empty() {
        return Err("an empty line where a response was due".into());
    }
    let limits = Limits {
        max_file_bytes: max_bytes as u64,
        max_depth: Limits::HARD_MAX_DEPTH,
        ..Limits::default()
    };
    let value = parse_document(line, &limits)
        .map_err(|e| format!("not a JSON message ({e}): `{}`", excerpt(line)))?;
    let Value::Object(mut map) = value else {
        return Err(format!(
            "a response must be a JSON object: `{}`",
            excerpt(line)
        ));
    };
    match map.remove("id") {
        Some(Value::Number(n)) if n.as_u64() == Some(id) => {}
        Some(other) => {
            return Err(format!(
                "response id {other} does not match request id {id}"
            ))
        }
        None => return Err(format!("the response has no `id`: `{}`", excerpt(line))),
    }
    match map.remove("ok") {
        Some(Value::Bool(true)) => Ok(Response::Ok(map)),
        Some(Value::Bool(false)) => parse_error(map.remove("error")).map(Response::Err),
        Some(other) => Err(format!("`ok` must be true or false, found {other}")),
        None => Err("the response has no `ok`".into()),
    }
}

fn parse_error(error: Option<Value>) -> Result<Rejection, String> {
    let Some(Value::Object(error)) = error else {
        return Err("a response with `ok: false` needs an `error` object".into());
    };
    let message = match error.get("message") {
        Some(Value::String(s)) => s.clone(),
        _ => return Err("`error.message` must be a string".into()),
    };
    let class = match error.get("class") {
        None => None,
        Some(Value::String(s)) => Some(ErrorClass::parse(s).ok_or_else(|| {
            let known: Vec<&str> = ErrorClass::ALL.iter().map(|c| c.as_str()).collect();
            format!(
                "unknown error class `{s}` (known: {}; omit `class` when unclassified)",
                known.join(", ")
            )
        })?),
        Some(other) => return Err(format!("`error.class` must be a string, found {other}")),
    };
    Ok(Rejection { class, message })
}

/// The model of a successful read response.
pub fn read_model(mut map: Map<String, Value>) -> Result<Value, String> {
    map.remove("model")
        .ok_or_else(|| "a successful read response needs `model`".to_string())
}

/// Whether `name` is a valid family or version id.
pub fn valid_id(name: &str) -> bool {
    name.as_bytes()
        .first()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

fn string_field(map: &Map<String, Value>, key: &str, at: &str) -> Result<String, String> {
    match map.get(key) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(other) => Err(format!("`{at}{key}` must be a string, found {other}")),
        None => Err(format!("the hello response needs `{at}{key}`")),
    }
}

/// The capabilities a successful hello response declares.
pub fn hello_capabilities(map: &Map<String, Value>) -> Result<Capabilities, String> {
    match map.get("protocol") {
        Some(Value::Number(n)) if n.as_u64() == Some(PROTOCOL_VERSION) => {}
        Some(other) => {
            return Err(format!(
                "the program speaks protocol {other}; this harness speaks {PROTOCOL_VERSION}"
            ))
        }
        None => return Err("the hello response needs `protocol`".into()),
    }
    let Some(Value::Object(imp)) = map.get("implementation") else {
        return Err("the hello response needs an `implementation` object".into());
    };
    let name = string_field(imp, "name", "implementation.")?;
    if name.is_empty() {
        return Err("`implementation.name` must not be empty".into());
    }
    let homepage = match imp.get("homepage") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            return Err(format!(
                "`implementation.homepage` must be a string, found {other}"
            ))
        }
    };
    let implementation = Implementation {
        name,
        version: string_field(imp, "version", "implementation.")?,
        language: string_field(imp, "language", "implementation.")?,
        homepage,
    };

    let Some(Value::Array(role_values)) = map.get("roles") else {
        return Err("the hello response needs a `roles` array".into());
    };
    let mut roles = Vec::new();
    for r in role_values {
        let role = match r.as_str() {
            Some("reader") => Role::Reader,
            Some("writer") => Role::Writer,
            _ => return Err(format!("unknown role {r} (known: reader, writer)")),
        };
        if roles.contains(&role) {
            return Err(format!("role {r} listed twice"));
        }
        roles.push(role);
    }
    if roles.is_empty() {
        return Err("`roles` must name at least one role".into());
    }

    let Some(Value::Object(family_values)) = map.get("families") else {
        return Err("the hello response needs a `families` object".into());
    };
    let mut families = BTreeMap::new();
    for (family, versions) in family_values {
        if !valid_id(family) {
            return Err(format!(
                "family `{family}` is not a valid id ([a-z0-9][a-z0-9._-]*)"
            ));
        }
        let Value::Array(versions) = versions else {
            return Err(format!("`families.{family}` must be an array of versions"));
        };
        let mut list: Vec<String> = Vec::new();
        for v in versions {
            match v.as_str() {
                Some(s) if valid_id(s) && !list.iter().any(|l| l == s) => list.push(s.into()),
                _ => {
                    return Err(format!(
                        "`families.{family}` has {v}: versions are distinct ids like \"v1\""
                    ))
                }
            }
        }
        if list.is_empty() {
            return Err(format!("`families.{family}` lists no version"));
        }
        families.insert(family.clone(), list);
    }
    Ok(Capabilities {
        implementation,
        roles,
        families,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn encodes_one_line_per_request() {
        let model = json!({"n": 340282366920938463463374607431768211455u128});
        let line = encode(
            7,
            &Request::Write {
                family: "runtime",
                version: "v1",
                model: &model,
                out: Path::new("/tmp/x/out.json"),
            },
        );
        assert_eq!(line.iter().filter(|&&b| b == b'\n').count(), 1);
        let text = String::from_utf8(line).unwrap();
        assert!(text.contains("340282366920938463463374607431768211455"));
        assert!(text.starts_with("{\"id\":7,\"op\":\"write\""));
    }

    #[test]
    fn checks_id_ok_and_error() {
        let parse = |s: &str| parse_response(s.as_bytes(), 3, 1 << 20);
        assert!(matches!(
            parse("{\"id\":3,\"ok\":true,\"model\":1}\r"),
            Ok(Response::Ok(_))
        ));
        assert!(parse("{\"id\":4,\"ok\":true}")
            .unwrap_err()
            .contains("does not match"));
        assert!(parse("{\"id\":3.0,\"ok\":true}").is_err());
        assert!(parse("{\"id\":3,\"ok\":1}").is_err());
        assert!(parse("{\"id\":3,\"ok\":true,\"ok\":true}").is_err());
        assert!(parse("[1]").is_err());
        assert!(parse("").is_err());
        assert!(parse("{\"id\":3,\"ok\":false}").is_err());
        assert!(
            parse("{\"id\":3,\"ok\":false,\"error\":{\"class\":\"nope\",\"message\":\"m\"}}")
                .unwrap_err()
                .contains("unknown error class")
        );
        assert_eq!(
            parse(
                "{\"id\":3,\"ok\":false,\"error\":{\"class\":\"missing_field\",\"message\":\"m\"}}"
            ),
            Ok(Response::Err(Rejection {
                class: Some(ErrorClass::MissingField),
                message: "m".into()
            }))
        );
        assert!(parse_response(b"{\"id\":3,\"ok\":true,\"model\":\"xxxxxxxx\"}", 3, 10).is_err());
    }

    #[test]
    fn hello_declares_capabilities() {
        let ok = json!({"protocol": 1,
            "implementation": {"name": "t", "version": "1", "language": "python"},
            "roles": ["reader"], "families": {"runtime": ["v1"]}});
        let caps = hello_capabilities(ok.as_object().unwrap()).unwrap();
        assert!(caps.supports_family("runtime", "v1"));
        assert!(!caps.supports_family("runtime", "v2"));
        for bad in [
            json!({"protocol": 2, "implementation": {"name": "t", "version": "1", "language": "x"}, "roles": ["reader"], "families": {}}),
            json!({"protocol": 1, "implementation": {"name": "", "version": "1", "language": "x"}, "roles": ["reader"], "families": {}}),
            json!({"protocol": 1, "implementation": {"name": "t", "version": "1", "language": "x"}, "roles": [], "families": {}}),
            json!({"protocol": 1, "implementation": {"name": "t", "version": "1", "language": "x"}, "roles": ["reader", "reader"], "families": {}}),
            json!({"protocol": 1, "implementation": {"name": "t", "version": "1", "language": "x"}, "roles": ["reader"], "families": {"Runtime": ["v1"]}}),
            json!({"protocol": 1, "implementation": {"name": "t", "version": "1", "language": "x"}, "roles": ["reader"], "families": {"runtime": []}}),
        ] {
            assert!(
                hello_capabilities(bad.as_object().unwrap()).is_err(),
                "{bad}"
            );
        }
    }
}
