//! The program side of the adapter protocol v1 (docs/protocol.md): serves
//! any in-process [`Adapter`] on a line reader and writer, so the reference
//! can be run as a process adapter (`conformkit serve-reference`), a clean
//! control for the process machinery and for `conformkit fuzz`.

use super::{Adapter, ReadAnswer, Rejection, WriteAnswer};
use serde_json::{json, Map, Value};
use std::io::{self, BufRead, Write};
use std::path::Path;

fn error(r: Option<&Rejection>, message: String) -> Value {
    let mut e = Map::new();
    if let Some(class) = r.and_then(|r| r.class) {
        e.insert("class".into(), json!(class.as_str()));
    }
    e.insert("message".into(), json!(message));
    json!({"ok": false, "error": e})
}

fn text<'a>(request: &'a Value, key: &str) -> &'a str {
    request.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn answer(adapter: &mut dyn Adapter, request: &Value) -> Value {
    match text(request, "op") {
        "hello" => {
            let caps = adapter.capabilities();
            json!({
                "ok": true,
                "protocol": super::process::protocol::PROTOCOL_VERSION,
                "implementation": caps.implementation,
                "roles": caps.roles,
                "families": caps.families,
            })
        }
        "read" => {
            let path = Path::new(text(request, "path"));
            let reply = adapter.read(text(request, "family"), text(request, "version"), path);
            match reply.result {
                Ok(ReadAnswer::Model(model)) => json!({"ok": true, "model": model}),
                Ok(ReadAnswer::Rejected(r)) => error(Some(&r), r.message.clone()),
                Err(fault) => error(None, fault.detail),
            }
        }
        "write" => {
            let model = request.get("model").cloned().unwrap_or(Value::Null);
            let out = Path::new(text(request, "out"));
            let reply = adapter.write(
                text(request, "family"),
                text(request, "version"),
                &model,
                out,
            );
            match reply.result {
                Ok(WriteAnswer::Written) => json!({"ok": true}),
                Ok(WriteAnswer::Refused(r)) => error(None, r.message),
                Err(fault) => error(None, fault.detail),
            }
        }
        other => error(None, format!("unknown op {other:?}")),
    }
}

/// Answers requests from `input` on `output` until `shutdown` or the end
/// of the input. A line that is not a JSON object with an `id` ends the
/// session with an error.
pub fn serve(
    adapter: &mut dyn Adapter,
    input: impl BufRead,
    mut output: impl Write,
) -> io::Result<()> {
    for line in input.lines() {
        let line = line?;
        let request: Value = serde_json::from_str(&line)
            .map_err(|e| io::Error::other(format!("a request that is not JSON: {e}")))?;
        let Some(id) = request.get("id").cloned() else {
            return Err(io::Error::other("a request without `id`"));
        };
        if text(&request, "op") == "shutdown" {
            break;
        }
        let mut reply = answer(adapter, &request);
        reply["id"] = id;
        serde_json::to_writer(&mut output, &reply)?;
        output.write_all(b"\n")?;
        output.flush()?;
    }
    adapter.finish();
    Ok(())
}
