//! Loads a JSON Schema 2020-12 `schema.json` into the normalized [`Node`]
//! tree: local `$ref`s are expanded (recursion becomes a marked leaf),
//! `oneOf`/`anyOf` null branches become nullability, `enum`/`const` become
//! value sets, bounds and `x-width` become ranges, and every keyword the
//! gate cannot judge is kept as opaque text so that a change to it warns.

mod bounds;
mod canonical;
mod keywords;
mod parts;
mod siblings;

use super::model::{JType, JsonSchema, Node, Origin, TypeSet};
pub use canonical::{canonical, type_of};
use serde_json::Value;

/// Keywords that never change which documents are valid.
const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$id",
    "$comment",
    "$anchor",
    "$defs",
    "definitions",
    "title",
    "description",
    "default",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "contentMediaType",
    "contentEncoding",
];

/// Keywords this loader interprets.
const KNOWN: &[&str] = &[
    "type",
    "enum",
    "const",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "prefixItems",
    "additionalItems",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
    "oneOf",
    "anyOf",
    "if",
    "then",
    "else",
    "$ref",
    "x-width",
    "x-version-marker",
    "pattern",
    "format",
    "multipleOf",
    "uniqueItems",
    "dependentRequired",
    "contains",
    "minContains",
    "maxContains",
    "propertyNames",
    "not",
    "allOf",
    "dependentSchemas",
    "patternProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
];

/// The only dialect the gate reads (`$schema` absent means this one).
const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// Most nodes one schema may expand to (`$ref`s can multiply a tree).
const MAX_NODES: usize = 200_000;
/// Deepest nesting of expanded nodes.
const MAX_DEPTH: usize = 128;

/// Loads a parsed `schema.json`.
pub fn load(schema: &Value) -> Result<JsonSchema, String> {
    if let Some(dialect) = schema.get("$schema") {
        let uri = dialect.as_str().unwrap_or_default();
        if uri.trim_end_matches('#') != DIALECT {
            return Err(format!(
                "`$schema` is {dialect}: the gate reads JSON Schema 2020-12 only ({DIALECT}); other dialects give keywords other meanings (draft-07 `items` arrays, `dependencies`, ...)"
            ));
        }
    }
    let mut loader = Loader {
        root: schema,
        ptr: String::new(),
        stack: Vec::new(),
        nodes: 0,
        depth: 0,
        markers: Vec::new(),
    };
    let root = loader.node(schema, "")?;
    let marker = match loader.markers.len() {
        0 => None,
        1 => loader.markers.pop(),
        _ => {
            let paths: Vec<_> = loader.markers.iter().map(|(p, _)| p.as_str()).collect();
            return Err(format!(
                "more than one x-version-marker property ({})",
                paths.join(", ")
            ));
        }
    };
    Ok(JsonSchema { root, marker })
}

struct Loader<'a> {
    root: &'a Value,
    /// JSON pointer of the schema object being loaded (its [`Origin`]).
    ptr: String,
    /// `$ref` pointers being expanded.
    stack: Vec<String>,
    nodes: usize,
    depth: usize,
    markers: Vec<(String, String)>,
}

fn join(path: &str, suffix: &str) -> String {
    if path.is_empty() {
        suffix.trim_start_matches('.').to_string()
    } else {
        format!("{path}{suffix}")
    }
}

fn at(path: &str) -> String {
    if path.is_empty() {
        "(root)".into()
    } else {
        path.to_string()
    }
}

impl<'a> Loader<'a> {
    fn node(&mut self, schema: &Value, path: &str) -> Result<Node, String> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(format!("the schema expands to more than {MAX_NODES} nodes"));
        }
        if self.depth >= MAX_DEPTH {
            return Err(format!("{}: nested deeper than {MAX_DEPTH}", at(path)));
        }
        self.depth += 1;
        let out = self.node_inner(schema, path);
        self.depth -= 1;
        let mut out = out?;
        // A `$ref` keeps the place of the definition it expanded.
        if out.origin.0.is_none() {
            out.origin = Origin(Some(self.ptr.clone()));
        }
        Ok(out)
    }

    /// Loads the subschema at `steps` below the current one.
    fn child(&mut self, schema: &Value, path: &str, steps: &[&str]) -> Result<Node, String> {
        let saved = self.ptr.len();
        for step in steps {
            self.ptr.push('/');
            self.ptr
                .push_str(&step.replace('~', "~0").replace('/', "~1"));
        }
        let out = self.node(schema, path);
        self.ptr.truncate(saved);
        out
    }

    fn node_inner(&mut self, schema: &Value, path: &str) -> Result<Node, String> {
        let map = match schema {
            Value::Bool(true) => return Ok(Node::any()),
            Value::Bool(false) => return Ok(Node::never()),
            Value::Object(map) => map,
            _ => {
                return Err(format!(
                    "{}: a schema must be an object or a boolean",
                    at(path)
                ))
            }
        };
        if let Some(reference) = map.get("$ref") {
            return self.reference(reference, map, path);
        }

        let mut node = Node::default();
        let (declared, declared_nullable) = match map.get("type") {
            None => (None, true),
            Some(t) => {
                let names: Vec<&Value> = match t {
                    Value::Array(list) => list.iter().collect(),
                    one => vec![one],
                };
                let mut set = TypeSet::new();
                let mut nullable = false;
                for name in names {
                    match name.as_str() {
                        Some("null") => nullable = true,
                        Some(n) => {
                            set.insert(
                                JType::parse(n)
                                    .ok_or_else(|| format!("{}: unknown type `{n}`", at(path)))?,
                            );
                        }
                        None => return Err(format!("{}: `type` must name types", at(path))),
                    }
                }
                (Some(set), nullable)
            }
        };
        node.types = declared.clone();
        node.nullable = declared_nullable;

        // enum / const: the values fix the types.
        let values = match (map.get("const"), map.get("enum")) {
            (Some(c), enum_kw) => {
                if let Some(e) = enum_kw {
                    node.opaque.insert("enum".into(), canonical(e));
                }
                node.is_const = true;
                Some(vec![c])
            }
            (None, Some(Value::Array(list))) => Some(list.iter().collect()),
            (None, Some(_)) => return Err(format!("{}: `enum` must be an array", at(path))),
            (None, None) => None,
        };
        if let Some(values) = values {
            let mut set = std::collections::BTreeSet::new();
            let mut types = TypeSet::new();
            let mut has_null = false;
            for v in values {
                match type_of(v) {
                    None => has_null = true,
                    Some(t) => {
                        if declared.as_ref().is_none_or(|d| super::model::covers(d, t)) {
                            types.insert(t);
                            set.insert(canonical(v));
                        }
                    }
                }
            }
            node.types = Some(types);
            node.nullable = declared_nullable && has_null;
            node.values = Some(set);
        }

        self.object_part(map, path, &mut node)?;
        self.array_part(map, path, &mut node)?;
        bounds::ranges(map, path, &mut node)?;
        self.variants(map, path, &mut node)?;
        self.conditional(map, path, &mut node)?;
        self.keywords(map, path, &mut node)?;
        bounds::pin_values(&mut node);
        bounds::tuple_cap(&mut node);

        for (key, value) in map {
            if !KNOWN.contains(&key.as_str())
                && !ANNOTATIONS.contains(&key.as_str())
                && !key.starts_with("x-")
            {
                node.opaque.insert(key.clone(), canonical(value));
            }
        }

        match map.get("x-version-marker") {
            None | Some(Value::Bool(false)) => {}
            Some(Value::Bool(true)) => {
                node.version_marker = true;
                let value = match (&node.values, node.nullable) {
                    (Some(v), false) if v.len() == 1 => v.iter().next().cloned(),
                    _ => None,
                };
                let value = value.ok_or_else(|| {
                    format!(
                        "{}: an x-version-marker property needs a single `const` value",
                        at(path)
                    )
                })?;
                self.markers.push((path.to_string(), value));
            }
            Some(_) => {
                return Err(format!(
                    "{}: `x-version-marker` must be a boolean",
                    at(path)
                ))
            }
        }

        // A lone non-null branch beside a null branch is nullability of that
        // branch, when the node itself constrains nothing.
        if node.variants.len() == 1 && !constrains_beyond_combinator(map) {
            // `node.nullable` already says whether null passes (a null branch,
            // or a nullable branch).
            let nullable = node.nullable;
            let mut merged = node.variants.pop().unwrap_or_default();
            merged.nullable = nullable;
            merged.version_marker |= node.version_marker;
            return Ok(merged);
        }
        Ok(node)
    }

    fn reference(
        &mut self,
        reference: &Value,
        map: &serde_json::Map<String, Value>,
        path: &str,
    ) -> Result<Node, String> {
        let pointer = reference
            .as_str()
            .ok_or_else(|| format!("{}: `$ref` must be a string", at(path)))?;
        let target = resolve(self.root, pointer).map_err(|e| format!("{}: {e}", at(path)))?;
        let mut node = if self.stack.iter().any(|p| p == pointer) {
            Node {
                recursive_ref: Some(pointer.to_string()),
                ..Node::any()
            }
        } else {
            self.stack.push(pointer.to_string());
            let use_site =
                std::mem::replace(&mut self.ptr, pointer.trim_start_matches('#').to_string());
            let node = self.node(target, path);
            self.ptr = use_site;
            self.stack.pop();
            node?
        };
        if map.get("x-version-marker") == Some(&Value::Bool(true)) {
            return Err(format!(
                "{}: put x-version-marker on the property with its const, not beside a $ref",
                at(path)
            ));
        }
        // 2020-12 applies the keywords beside a $ref as well: they are a
        // schema every value must also match.
        let siblings: serde_json::Map<String, Value> = map
            .iter()
            .filter(|(k, _)| {
                k.as_str() != "$ref" && !ANNOTATIONS.contains(&k.as_str()) && !k.starts_with("x-")
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if !siblings.is_empty() {
            let beside = self.node(&Value::Object(siblings), path)?;
            match siblings::merge(&node, &beside) {
                // The merged node is the schema at the use site.
                Some(merged) => {
                    node = merged;
                    node.origin = Origin(Some(self.ptr.clone()));
                }
                None => {
                    node.kw.conjuncts.insert("$ref siblings".into(), beside);
                }
            }
        }
        Ok(node)
    }
}

/// Whether a node carrying `oneOf`/`anyOf` constrains anything itself.
fn constrains_beyond_combinator(map: &serde_json::Map<String, Value>) -> bool {
    map.keys().any(|k| {
        let neutral = matches!(k.as_str(), "oneOf" | "anyOf" | "x-version-marker")
            || ANNOTATIONS.contains(&k.as_str())
            || (k.starts_with("x-") && k != "x-width");
        !neutral
    })
}

/// Resolves a local JSON pointer reference (`#`, `#/$defs/x`, ...).
fn resolve<'v>(root: &'v Value, reference: &str) -> Result<&'v Value, String> {
    let pointer = reference.strip_prefix('#').ok_or_else(|| {
        format!("only local `$ref`s (`#/...`) are supported, found `{reference}`")
    })?;
    if pointer.is_empty() {
        return Ok(root);
    }
    let mut target = root;
    for raw in pointer
        .strip_prefix('/')
        .ok_or_else(|| format!("`$ref` `{reference}` is not a JSON pointer"))?
        .split('/')
    {
        let part = raw.replace("~1", "/").replace("~0", "~");
        target = match target {
            Value::Object(m) => m.get(&part),
            Value::Array(a) => part.parse::<usize>().ok().and_then(|i| a.get(i)),
            _ => None,
        }
        .ok_or_else(|| format!("`$ref` `{reference}` points at nothing"))?;
    }
    Ok(target)
}

#[cfg(test)]
mod tests;
