//! Applies the contract to two schema sets: pairs family versions (same
//! folder; a new folder against the highest older one), diffs each pair,
//! detects major version bumps (a new version folder with a higher major
//! number, or a higher major in the version marker's constant; a bundle's
//! marker is its version carrier's) and turns every change into a
//! [`Finding`] whose level a bump lowers to info.

use super::bundle_schema::carrier_family;
use super::diff::{diff_docs, Change};
use super::location::Locator;
use super::model::{Presence, SchemaDoc};
use super::report::{Compared, Finding};
use super::rules::{classify, ChangeKind, Level};
use super::schema_set::{version_marker, SchemaSet, VersionSchema};
use std::collections::{BTreeMap, BTreeSet};

/// The numbers of a version folder name: `v2` → `[2]`, `v1.3` → `[1, 3]`.
pub fn folder_version(name: &str) -> Option<Vec<u64>> {
    let rest = name.strip_prefix('v')?;
    rest.split('.').map(|p| p.parse::<u64>().ok()).collect()
}

/// The first run of digits in a version marker's value (`1`, `"v2"`, `"1.4"`).
fn marker_major(value: &str) -> Option<u128> {
    let start = value.find(|c: char| c.is_ascii_digit())?;
    let digits: String = value[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().ok()
}

/// Whether a version marker value `b` is a higher major version than `a`.
fn is_bump(a: &str, b: &str) -> bool {
    if a == b {
        return false;
    }
    match (marker_major(a), marker_major(b)) {
        (Some(x), Some(y)) => y > x,
        // Values without a number: any change is the bump.
        (None, None) => true,
        _ => false,
    }
}

/// Whether the version marker (a bundle's: its carrier's) moved to a higher
/// major version: its label.
fn marker_bump(sides: &Sides<'_>, old: &VersionSchema, new: &VersionSchema) -> Option<String> {
    let (_, a) = version_marker(sides.old, old)?;
    let (path, b) = version_marker(sides.new, new)?;
    is_bump(a, b).then(|| format!("version marker `{path}` {a} → {b}"))
}

/// Whether readers of the old bundle still see a bump after the version
/// carrier moved: the old carrier member is still a required member of the
/// new bundle, read by a family version whose marker is a higher major
/// version. (An old bundle without a carrier had no version to see.)
fn carrier_move_seen(sides: &Sides<'_>, old: &VersionSchema, new: &VersionSchema) -> bool {
    let (SchemaDoc::Bundle(o), SchemaDoc::Bundle(n)) = (&old.doc, &new.doc) else {
        return true;
    };
    let Some(carrier) = &o.version_carrier else {
        return true;
    };
    let Some((_, before)) = version_marker(sides.old, old) else {
        return false;
    };
    let after = n
        .files
        .get(carrier)
        .filter(|f| f.presence == Presence::Required)
        .and_then(|f| carrier_family(&f.family))
        .and_then(|(family, version)| sides.new.get(family)?.get(version))
        .and_then(|s| s.doc.version_marker());
    after.is_some_and(|(_, after)| is_bump(before, after))
}

/// The two schema sets (a bundle's marker is resolved in its own set).
struct Sides<'s> {
    old: &'s SchemaSet,
    new: &'s SchemaSet,
}

/// The old folder a new folder is compared against: the highest one below it.
fn base_for<'a>(old: &'a BTreeMap<String, VersionSchema>, new_name: &str) -> Option<&'a str> {
    let target = folder_version(new_name);
    let mut candidates: Vec<(&str, Option<Vec<u64>>)> = old
        .keys()
        .map(|k| (k.as_str(), folder_version(k)))
        .filter(|(name, v)| match (&target, v) {
            (Some(t), Some(v)) => v < t,
            (None, _) => *name < new_name,
            (Some(_), None) => false,
        })
        .collect();
    candidates.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(b.0)));
    candidates.last().map(|(name, _)| *name)
}

/// The result of comparing two schema sets.
#[derive(Debug, Default)]
pub struct SetComparison {
    pub findings: Vec<Finding>,
    pub compared: Vec<Compared>,
    /// family → version folders whose version marker was bumped in place
    /// (their old corpus cases may change outcome), with the bump label.
    pub bumped_in_place: BTreeMap<(String, String), String>,
}

/// Where a change was found, and the bump that accepts it.
pub(super) struct Ctx<'a> {
    pub family: &'a str,
    pub version: &'a str,
    pub old_version: Option<&'a str>,
    pub file: &'a str,
    pub bump: Option<&'a str>,
}

/// The finding for `change`: classified, and lowered to info under a bump.
pub(super) fn finding(ctx: &Ctx<'_>, change: Change) -> Finding {
    let cl = classify(&change.kind);
    Finding {
        rule: cl.rule,
        level: if ctx.bump.is_some() {
            Level::Info
        } else {
            cl.level
        },
        rule_level: cl.level,
        forward: cl.forward,
        backward: cl.backward,
        family: ctx.family.to_string(),
        version: ctx.version.to_string(),
        old_version: ctx.old_version.map(str::to_string),
        path: change.path,
        file: ctx.file.to_string(),
        message: change.message,
        bump: ctx.bump.map(str::to_string),
        line: None,
        column: None,
    }
}

fn whole(kind: ChangeKind, message: String) -> Change {
    Change {
        kind,
        path: String::new(),
        message,
        pointer: None,
    }
}

/// Compares every family version of `old` with `new`.
pub fn compare_sets(old: &SchemaSet, new: &SchemaSet) -> SetComparison {
    let mut out = SetComparison::default();
    let families: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for family in families {
        match (old.get(family), new.get(family)) {
            (None, Some(versions)) => {
                for (version, schema) in versions {
                    let ctx = Ctx {
                        family,
                        version,
                        old_version: None,
                        file: &schema.file,
                        bump: None,
                    };
                    out.findings.push(finding(
                        &ctx,
                        whole(
                            ChangeKind::FamilyAdded,
                            format!("family {family} added ({version})"),
                        ),
                    ));
                    out.compared.push(Compared {
                        family: family.clone(),
                        old_version: None,
                        new_version: Some(version.clone()),
                        bump: None,
                    });
                }
            }
            (Some(versions), None) => {
                for (version, schema) in versions {
                    let ctx = Ctx {
                        family,
                        version,
                        old_version: Some(version),
                        file: &schema.file,
                        bump: None,
                    };
                    out.findings.push(finding(
                        &ctx,
                        whole(
                            ChangeKind::FamilyRemoved,
                            format!("family {family} removed ({version})"),
                        ),
                    ));
                    out.compared.push(Compared {
                        family: family.clone(),
                        old_version: Some(version.clone()),
                        new_version: None,
                        bump: None,
                    });
                }
            }
            (Some(o), Some(n)) => compare_family(&Sides { old, new }, family, o, n, &mut out),
            (None, None) => {}
        }
    }
    out
}

/// The findings of `diff_docs(old, new)` under `ctx`. A moved version
/// carrier is accepted by the bump only when readers of the old version
/// still see the bump ([`carrier_move_seen`]); else it stays at its level.
fn push_diff(
    sides: &Sides<'_>,
    ctx: &Ctx<'_>,
    old: &VersionSchema,
    new: &VersionSchema,
    out: &mut SetComparison,
) {
    let locator = Locator::new(&new.text);
    for mut change in diff_docs(&old.doc, &new.doc) {
        let at = change.pointer.as_deref().and_then(|p| locator.locate(p));
        let start = out.findings.len();
        if change.kind == ChangeKind::BundleCarrierChanged
            && ctx.bump.is_some()
            && !carrier_move_seen(sides, old, new)
        {
            change.message.push_str(
                " (not accepted by the version bump: readers of the old version, reading the old carrier, cannot see it)",
            );
            let unbumped = Ctx { bump: None, ..*ctx };
            out.findings.push(finding(&unbumped, change));
        } else {
            out.findings.push(finding(ctx, change));
        }
        for f in &mut out.findings[start..] {
            f.line = at.map(|l| l.line);
            f.column = at.map(|l| l.column);
        }
    }
}

fn compare_family(
    sides: &Sides<'_>,
    family: &str,
    old: &BTreeMap<String, VersionSchema>,
    new: &BTreeMap<String, VersionSchema>,
    out: &mut SetComparison,
) {
    let versions: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for version in versions {
        match (old.get(version), new.get(version)) {
            (Some(o), Some(n)) => {
                let bump = marker_bump(sides, o, n);
                marker_removed(sides, family, version, None, o, n, out);
                if let Some(label) = &bump {
                    out.bumped_in_place
                        .insert((family.to_string(), version.clone()), label.clone());
                }
                let ctx = Ctx {
                    family,
                    version,
                    old_version: None,
                    file: &n.file,
                    bump: bump.as_deref(),
                };
                push_diff(sides, &ctx, o, n, out);
                out.compared.push(Compared {
                    family: family.to_string(),
                    old_version: Some(version.clone()),
                    new_version: Some(version.clone()),
                    bump,
                });
            }
            (None, Some(n)) => {
                let base = base_for(old, version);
                let plain = Ctx {
                    family,
                    version,
                    old_version: base,
                    file: &n.file,
                    bump: None,
                };
                out.findings.push(finding(
                    &plain,
                    whole(
                        ChangeKind::VersionAdded,
                        match base {
                            Some(b) => format!("version {version} added (compared against {b})"),
                            None => format!("version {version} added"),
                        },
                    ),
                ));
                let Some(base) = base else {
                    out.compared.push(Compared {
                        family: family.to_string(),
                        old_version: None,
                        new_version: Some(version.clone()),
                        bump: None,
                    });
                    continue;
                };
                let o = &old[base];
                let major = |v: &str| folder_version(v).and_then(|v| v.first().copied());
                let bump = match (major(base), major(version)) {
                    (Some(a), Some(b)) if b > a => {
                        Some(format!("version folder {base} → {version}"))
                    }
                    _ => marker_bump(sides, o, n),
                };
                // A new major folder whose documents still carry the old
                // marker value: readers cannot tell the versions apart, and
                // the bump cannot excuse that.
                let same_marker = match (version_marker(sides.old, o), version_marker(sides.new, n))
                {
                    (Some((_, a)), Some((path, b))) if a == b => Some((path, b)),
                    _ => None,
                };
                marker_removed(sides, family, version, Some(base), o, n, out);
                let spoiled = bump.is_some() && same_marker.is_some();
                if let (Some(_), Some((path, value))) = (&bump, same_marker) {
                    out.findings.push(finding(
                        &plain,
                        Change {
                            kind: ChangeKind::VersionMarkerUnchanged,
                            path: path.clone(),
                            message: format!(
                                "{version} keeps the version marker value {value} of {base}: documents of the two versions look alike"
                            ),
                            pointer: None,
                        },
                    ));
                }
                // A spoiled bump accepts nothing: the findings keep their level.
                let bump = if spoiled { None } else { bump };
                let ctx = Ctx {
                    bump: bump.as_deref(),
                    ..plain
                };
                push_diff(sides, &ctx, o, n, out);
                out.compared.push(Compared {
                    family: family.to_string(),
                    old_version: Some(base.to_string()),
                    new_version: Some(version.clone()),
                    bump,
                });
            }
            (Some(o), None) => {
                let ctx = Ctx {
                    family,
                    version,
                    old_version: Some(version),
                    file: &o.file,
                    bump: None,
                };
                out.findings.push(finding(
                    &ctx,
                    whole(
                        ChangeKind::VersionRemoved,
                        format!(
                            "version {version} removed: its documents and cases lose their reader"
                        ),
                    ),
                ));
                out.compared.push(Compared {
                    family: family.to_string(),
                    old_version: Some(version.clone()),
                    new_version: None,
                    bump: None,
                });
            }
            (None, None) => {}
        }
    }
}

/// A version marker the old schema has and the new one lacks: the family
/// becomes unversioned, readers can no longer refuse a version they do not
/// implement. Never lowered by a bump (there is no marker left to bump).
fn marker_removed(
    sides: &Sides<'_>,
    family: &str,
    version: &str,
    base: Option<&str>,
    old: &VersionSchema,
    new: &VersionSchema,
    out: &mut SetComparison,
) {
    let Some((path, value)) = version_marker(sides.old, old) else {
        return;
    };
    if version_marker(sides.new, new).is_some() {
        return;
    }
    let ctx = Ctx {
        family,
        version,
        old_version: base,
        file: &new.file,
        bump: None,
    };
    out.findings.push(finding(
        &ctx,
        Change {
            kind: ChangeKind::VersionMarkerRemoved,
            path,
            message: format!(
                "the version marker (value {value}) is gone: {family}/{version} documents no longer say their version"
            ),
            pointer: None,
        },
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_versions_and_bases() {
        assert_eq!(folder_version("v12"), Some(vec![12]));
        assert_eq!(folder_version("v1.2"), Some(vec![1, 2]));
        assert_eq!(folder_version("beta"), None);
        assert_eq!(marker_major("\"v3\""), Some(3));
        assert_eq!(marker_major("10"), Some(10));
        let schema = |_: &str| VersionSchema {
            file: String::new(),
            text: String::new(),
            doc: crate::compat::model::SchemaDoc::Bundle(crate::compat::model::BundleSchema {
                open: true,
                version_carrier: None,
                files: Default::default(),
            }),
        };
        let old: BTreeMap<String, VersionSchema> = ["v1", "v2", "v10"]
            .into_iter()
            .map(|v| (v.to_string(), schema(v)))
            .collect();
        assert_eq!(base_for(&old, "v11"), Some("v10"));
        assert_eq!(base_for(&old, "v3"), Some("v2"));
        assert_eq!(base_for(&old, "v2.1"), Some("v2"));
        assert_eq!(base_for(&old, "v0"), None);
    }
}
