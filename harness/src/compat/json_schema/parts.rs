//! The structural parts of a schema node: the object part (`properties`,
//! `required`, `additionalProperties`), the array part (`prefixItems`,
//! `items`, and the pre-2020 tuple form), variants (`oneOf`/`anyOf`, null
//! branches as nullability) and `if`/`then`/`else`.

use super::{at, canonical, join, Loader};
use crate::compat::model::{ArrayPart, Conditional, Extra, Field, Node, ObjectPart, TypeSet};
use serde_json::Value;

impl Loader<'_> {
    pub(super) fn object_part(
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

    pub(super) fn array_part(
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

    pub(super) fn variants(
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

    pub(super) fn conditional(
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
