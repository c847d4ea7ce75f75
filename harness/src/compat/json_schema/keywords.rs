//! Loads the 2020-12 keywords beyond the core model into
//! [`Keywords`](crate::compat::keywords::Keywords): each one checked for its
//! shape (a clear error names the keyword and the place) and normalized
//! (`uniqueItems: false`, empty `dependentRequired` lists, `minContains`
//! defaults, `type: string` in `propertyNames` dropped).

use super::{at, join, Loader};
use crate::compat::keywords::Contains;
use crate::compat::model::{JType, Node};
use crate::compat::num::Dec;
use serde_json::{Map, Value};

fn count(map: &Map<String, Value>, key: &str, path: &str) -> Result<Option<u64>, String> {
    match map.get(key) {
        None => Ok(None),
        Some(v) => v.as_u64().map(Some).ok_or_else(|| {
            format!(
                "{}: `{key}` must be a non-negative integer, found {v}",
                at(path)
            )
        }),
    }
}

fn text(map: &Map<String, Value>, key: &str, path: &str) -> Result<Option<String>, String> {
    match map.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(v) => Err(format!("{}: `{key}` must be a string, found {v}", at(path))),
    }
}

fn object<'m>(
    map: &'m Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<Option<&'m Map<String, Value>>, String> {
    match map.get(key) {
        None => Ok(None),
        Some(Value::Object(m)) => Ok(Some(m)),
        Some(_) => Err(format!("{}: `{key}` must be an object", at(path))),
    }
}

impl Loader<'_> {
    pub(super) fn keywords(
        &mut self,
        map: &Map<String, Value>,
        path: &str,
        node: &mut Node,
    ) -> Result<(), String> {
        let kw = &mut node.kw;
        kw.pattern = text(map, "pattern", path)?;
        kw.format = text(map, "format", path)?;
        kw.multiple_of = match map.get("multipleOf") {
            None => None,
            Some(Value::Number(n)) => Some(
                Dec::parse(&n.to_string())
                    .filter(|d| *d > Dec::zero())
                    .ok_or_else(|| format!("{}: `multipleOf` must be above 0", at(path)))?,
            ),
            Some(_) => return Err(format!("{}: `multipleOf` must be a number", at(path))),
        };
        kw.unique_items = match map.get("uniqueItems") {
            None | Some(Value::Bool(false)) => false,
            Some(Value::Bool(true)) => true,
            Some(_) => return Err(format!("{}: `uniqueItems` must be a boolean", at(path))),
        };
        if let Some(deps) = object(map, "dependentRequired", path)? {
            for (name, list) in deps {
                let names = list
                    .as_array()
                    .and_then(|l| l.iter().map(|v| v.as_str().map(str::to_string)).collect())
                    .ok_or_else(|| {
                        format!(
                            "{}: `dependentRequired.{name}` must list member names",
                            at(path)
                        )
                    })?;
                let names: std::collections::BTreeSet<String> = names;
                if !names.is_empty() {
                    kw.dependent_required.insert(name.clone(), names);
                }
            }
        }

        let min_contains = count(map, "minContains", path)?;
        let max_contains = count(map, "maxContains", path)?;
        if let Some(schema) = map.get("contains") {
            let inner = self.child(schema, &join(path, "(contains)"), &["contains"])?;
            node.kw.contains = Some(Box::new(Contains {
                node: inner,
                min: min_contains.unwrap_or(1),
                max: max_contains,
            }));
        }
        if let Some(schema) = map.get("propertyNames") {
            let mut names =
                self.child(schema, &join(path, "(propertyNames)"), &["propertyNames"])?;
            // Member names are strings: admitting strings is admitting all.
            if names
                .types
                .as_ref()
                .is_some_and(|t| t.contains(&JType::String))
            {
                names.types = None;
                names.nullable = true;
            }
            node.kw.property_names = Some(Box::new(names));
        }
        if let Some(schema) = map.get("not") {
            node.kw.not = Some(Box::new(self.child(
                schema,
                &join(path, "(not)"),
                &["not"],
            )?));
        }
        if let Some(list) = map.get("allOf") {
            let list = list
                .as_array()
                .ok_or_else(|| format!("{}: `allOf` must be an array", at(path)))?;
            for (i, schema) in list.iter().enumerate() {
                let label = format!("allOf[{i}]");
                let at = join(path, &format!("({label})"));
                let branch = self.child(schema, &at, &["allOf", &i.to_string()])?;
                node.kw.conjuncts.insert(label, branch);
            }
        }
        if let Some(deps) = object(map, "dependentSchemas", path)? {
            for (name, schema) in deps {
                let label = format!("dependentSchemas[{name}]");
                let at = join(path, &format!("({label})"));
                let branch = self.child(schema, &at, &["dependentSchemas", name])?;
                node.kw.conjuncts.insert(label, branch);
            }
        }
        for key in ["unevaluatedProperties", "unevaluatedItems"] {
            if let Some(schema) = map.get(key) {
                let branch = self.child(schema, &join(path, &format!("({key})")), &[key])?;
                node.kw.conjuncts.insert(key.to_string(), branch);
            }
        }
        if let Some(list) = map.get("x-reserved") {
            let names: Option<std::collections::BTreeSet<String>> = list
                .as_array()
                .and_then(|l| l.iter().map(|v| v.as_str().map(str::to_string)).collect());
            let names = names
                .ok_or_else(|| format!("{}: `x-reserved` must list member names", at(path)))?;
            let declared = map.get("properties").and_then(Value::as_object);
            if let Some(name) = names
                .iter()
                .find(|n| declared.is_some_and(|d| d.contains_key(*n)))
            {
                return Err(format!(
                    "{}: `{name}` is both declared in `properties` and listed in `x-reserved`",
                    at(path)
                ));
            }
            node.kw.reserved = names;
        }
        if let Some(patterns) = object(map, "patternProperties", path)? {
            for (pattern, schema) in patterns {
                let at = join(path, &format!("[/{pattern}/]"));
                let branch = self.child(schema, &at, &["patternProperties", pattern])?;
                node.kw.pattern_properties.insert(pattern.clone(), branch);
            }
        }
        Ok(())
    }
}
