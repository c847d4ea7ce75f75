//! Loads a JSON Schema 2020-12 `schema.json` into the normalized [`Node`]
//! tree: local `$ref`s are expanded (recursion becomes a marked leaf),
//! `oneOf`/`anyOf` null branches become nullability, `enum`/`const` become
//! value sets, bounds and `x-width` become ranges, and every keyword the
//! gate cannot judge is kept as opaque text so that a change to it warns.

mod bounds;
mod canonical;
mod keywords;

use super::model::{
    ArrayPart, Conditional, Extra, Field, JType, JsonSchema, Node, ObjectPart, Origin, TypeSet,
};
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
            node.kw.conjuncts.insert("$ref siblings".into(), beside);
        }
        Ok(node)
    }

    fn object_part(
        &mut self,
        map: &serde_json::Map<String, Value>,
        path: &str,
        node: &mut Node,
    ) -> Result<(), String> {
        let props = map.get("properties");
        let required = map.get("required");
        let additional = map.get("additionalProperties");
        if props.is_none() && required.is_none() && additional.is_none() {
            return Ok(());
        }
        let mut part = ObjectPart::default();
        if let Some(props) = props {
            let props = props
                .as_object()
                .ok_or_else(|| format!("{}: `properties` must be an object", at(path)))?;
            for (name, schema) in props {
                let field = self.child(
                    schema,
                    &join(path, &format!(".{name}")),
                    &["properties", name],
                )?;
                part.fields.insert(
                    name.clone(),
                    Field {
                        node: field,
                        required: false,
                    },
                );
            }
        }
        if let Some(required) = required {
            let list = required
                .as_array()
                .ok_or_else(|| format!("{}: `required` must be an array", at(path)))?;
            for name in list {
                let name = name
                    .as_str()
                    .ok_or_else(|| format!("{}: `required` must list names", at(path)))?;
                part.fields
                    .entry(name.to_string())
                    .or_insert_with(|| Field {
                        node: Node::any(),
                        required: true,
                    })
                    .required = true;
            }
        }
        part.extra = match additional {
            None | Some(Value::Bool(true)) => Extra::Open,
            Some(Value::Bool(false)) => Extra::Closed,
            Some(schema) => Extra::Schema(Box::new(self.child(
                schema,
                &join(path, ".*"),
                &["additionalProperties"],
            )?)),
        };
        node.object = Some(part);
        Ok(())
    }

    fn array_part(
        &mut self,
        map: &serde_json::Map<String, Value>,
        path: &str,
        node: &mut Node,
    ) -> Result<(), String> {
        let (mut tuple_kw, mut items_kw) = ("prefixItems", "items");
        let (prefix, items) = match (map.get("prefixItems"), map.get("items")) {
            (None, None) => return Ok(()),
            // Before 2020-12, an `items` array was the tuple form.
            (None, Some(Value::Array(tuple))) => {
                (tuple_kw, items_kw) = ("items", "additionalItems");
                (Some(tuple), map.get("additionalItems"))
            }
            (Some(Value::Array(tuple)), items) => (Some(tuple), items),
            (Some(_), _) => return Err(format!("{}: `prefixItems` must be an array", at(path))),
            (None, items) => (None, items),
        };
        let mut part = ArrayPart::default();
        for (i, schema) in prefix.into_iter().flatten().enumerate() {
            let at = join(path, &format!("[{i}]"));
            part.prefix
                .push(self.child(schema, &at, &[tuple_kw, &i.to_string()])?);
        }
        if let Some(items) = items {
            part.items = Some(Box::new(self.child(
                items,
                &join(path, "[]"),
                &[items_kw],
            )?));
        }
        node.array = Some(part);
        Ok(())
    }

    fn variants(
        &mut self,
        map: &serde_json::Map<String, Value>,
        path: &str,
        node: &mut Node,
    ) -> Result<(), String> {
        let Some((keyword, list)) = [("oneOf", map.get("oneOf")), ("anyOf", map.get("anyOf"))]
            .into_iter()
            .find_map(|(k, v)| v.map(|v| (k, v)))
        else {
            return Ok(());
        };
        if keyword == "oneOf" {
            if let Some(any_of) = map.get("anyOf") {
                node.opaque.insert("anyOf".into(), canonical(any_of));
            }
        }
        let list = list
            .as_array()
            .ok_or_else(|| format!("{}: `{keyword}` must be an array", at(path)))?;
        let mut null_branch = false;
        let mut branch_nullable = false;
        for (i, schema) in list.iter().enumerate() {
            let branch = self.child(
                schema,
                &join(path, &format!("<{i}>")),
                &[keyword, &i.to_string()],
            )?;
            if branch.is_null_only() {
                null_branch = true;
            } else {
                branch_nullable |= branch.nullable;
                node.variants.push(branch);
            }
        }
        node.nullable &= null_branch || branch_nullable;
        node.combinator = Some(if keyword == "oneOf" { "oneOf" } else { "anyOf" });
        if node.types.is_none() {
            let mut union = Some(TypeSet::new());
            for v in &node.variants {
                union = match (union, &v.types) {
                    (Some(mut u), Some(t)) => {
                        u.extend(t.iter().copied());
                        Some(u)
                    }
                    _ => None,
                };
            }
            node.types = union;
            node.types_from_variants = true;
        }
        Ok(())
    }

    fn conditional(
        &mut self,
        map: &serde_json::Map<String, Value>,
        path: &str,
        node: &mut Node,
    ) -> Result<(), String> {
        let (Some(condition), then, otherwise) = (map.get("if"), map.get("then"), map.get("else"))
        else {
            // `then`/`else` without `if` have no effect.
            return Ok(());
        };
        let then = then
            .map(|s| self.child(s, &join(path, "(then)"), &["then"]))
            .transpose()?;
        let otherwise = otherwise
            .map(|s| self.child(s, &join(path, "(else)"), &["else"]))
            .transpose()?;
        node.conditional = Some(Box::new(Conditional {
            condition: canonical(condition),
            then,
            otherwise,
        }));
        Ok(())
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
mod tests {
    use super::*;
    use crate::compat::model::RangeKind;
    use serde_json::json;

    #[test]
    fn nullable_forms_agree() {
        let a = load(&json!({"type": ["string", "null"]})).unwrap().root;
        let b = load(&json!({"oneOf": [{"type": "null"}, {"type": "string"}]}))
            .unwrap()
            .root;
        let c = load(&json!({"anyOf": [{"type": "string"}, {"type": "null"}], "description": "x"}))
            .unwrap()
            .root;
        assert_eq!(a, b);
        assert_eq!(a, c);
        assert!(a.nullable);
    }

    #[test]
    fn refs_and_recursion() {
        let s = json!({
            "$defs": {"tree": {"type": "object", "properties": {"kids": {"type": "array", "items": {"$ref": "#/$defs/tree"}}}}},
            "$ref": "#/$defs/tree"
        });
        let root = load(&s).unwrap().root;
        let kids = &root.object.as_ref().unwrap().fields["kids"].node;
        let item = kids.array.as_ref().unwrap().items.as_ref().unwrap();
        assert_eq!(item.recursive_ref.as_deref(), Some("#/$defs/tree"));
        assert!(load(&json!({"$ref": "other.json#/x"})).is_err());
        assert!(load(&json!({"$ref": "#/$defs/missing"})).is_err());
    }

    #[test]
    fn width_bounds_and_marker() {
        let s = json!({"type": "object", "properties": {
            "v": {"type": "integer", "const": 1, "x-version-marker": true},
            "n": {"type": "integer", "minimum": 0, "maximum": 18446744073709551615u64, "x-width": "u64"}
        }});
        let doc = load(&s).unwrap();
        assert_eq!(doc.marker, Some(("v".to_string(), "1".to_string())));
        let n = &doc.root.object.as_ref().unwrap().fields["n"].node;
        let r = &n.ranges[&RangeKind::Value];
        assert_eq!(
            r.max.as_ref().unwrap().value.to_string(),
            "18446744073709551615"
        );
        assert!(load(&json!({"x-width": "u7"})).is_err());
        assert!(load(&json!({"type": "integer", "x-version-marker": true})).is_err());
    }

    #[test]
    fn keyword_shapes_are_checked() {
        for bad in [
            json!({"pattern": 1}),
            json!({"multipleOf": 0}),
            json!({"uniqueItems": "yes"}),
            json!({"minContains": -1, "contains": {}}),
            json!({"dependentRequired": {"a": [1]}}),
            json!({"allOf": {}}),
            json!({"x-reserved": "a"}),
            json!({"properties": {"a": {}}, "x-reserved": ["a"]}),
            json!({"$schema": "http://json-schema.org/draft-07/schema#"}),
        ] {
            assert!(load(&bad).is_err(), "{bad}");
        }
        let ok = json!({"$schema": "https://json-schema.org/draft/2020-12/schema",
                        "properties": {"b": {}}, "x-reserved": ["a"],
                        "contains": {}, "minContains": 0, "multipleOf": 0.5});
        assert!(load(&ok).is_ok());
    }

    #[test]
    fn equivalent_bounds_and_values_normalize() {
        let a = load(&json!({"type": "integer", "minimum": 1}))
            .unwrap()
            .root;
        let b = load(&json!({"type": "integer", "exclusiveMinimum": 0.5}))
            .unwrap()
            .root;
        assert_eq!(a, b);
        let tuple = json!({"type": "array", "prefixItems": [{}], "items": false});
        let mut capped = tuple.clone();
        capped["maxItems"] = json!(1);
        assert_eq!(load(&tuple).unwrap().root, load(&capped).unwrap().root);
        let marker = |w: &str| {
            load(&json!({"type": "integer", "const": 7, "x-width": w}))
                .unwrap()
                .root
        };
        assert_eq!(marker("u8"), marker("u64"));
    }

    #[test]
    fn canonical_text() {
        assert_eq!(
            canonical(&json!({"b": 1.50, "a": [true, null]})),
            r#"{"a":[true,null],"b":1.5}"#
        );
    }
}
