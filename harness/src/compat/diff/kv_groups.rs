//! The `groups` walk of a KV schema diff. Old and new groups are paired
//! (the same rule under any name is the same group, `name` being prose;
//! else the same name), and every group added, removed or changed is judged
//! by searching the other side's documents for one its rule rejects
//! ([`super::kv_witness`]): a new or tightened rule that some old document
//! breaks is narrowed (new readers reject it), an old rule that some new
//! document breaks is widened (old readers reject it), a change no document
//! notices is restated, and a search too large to run is unjudged.

use super::kv_witness::{find_break, Search};
use super::Change;
use crate::compat::model::{KvGroup, KvSchema};
use crate::compat::rules::ChangeKind;

/// How an old and a new group relate.
enum Event<'a> {
    Added(usize, &'a KvGroup),
    Removed(usize, &'a KvGroup),
    Changed(&'a KvGroup, usize, &'a KvGroup),
}

/// `groups[<name>]`, or `groups[<index>]` for a group without a name.
fn path(index: usize, g: &KvGroup) -> String {
    match &g.name {
        Some(name) => format!("groups[{name}]"),
        None => format!("groups[{index}]"),
    }
}

fn label(g: &KvGroup) -> String {
    match &g.name {
        Some(name) => format!("group `{name}`"),
        None => "group".into(),
    }
}

/// Pairs the groups of `o` and `n` into events (unchanged groups drop out).
fn events<'a>(o: &'a KvSchema, n: &'a KvSchema) -> Vec<Event<'a>> {
    let mut old_left: Vec<Option<(usize, &KvGroup)>> =
        o.groups.iter().enumerate().map(Some).collect();
    let mut new_left: Vec<(usize, &KvGroup)> = Vec::new();
    for (j, g) in n.groups.iter().enumerate() {
        let same = old_left
            .iter()
            .position(|x| x.is_some_and(|(_, x)| x.rule == g.rule));
        match same {
            Some(i) => old_left[i] = None,
            None => new_left.push((j, g)),
        }
    }
    let old_left: Vec<(usize, &KvGroup)> = old_left.into_iter().flatten().collect();
    let unique = |list: &[(usize, &KvGroup)], name: &str| {
        list.iter()
            .filter(|(_, g)| g.name.as_deref() == Some(name))
            .count()
            == 1
    };
    let mut out = Vec::new();
    let mut paired_old = vec![false; old_left.len()];
    for &(j, g) in &new_left {
        let partner = g.name.as_deref().and_then(|name| {
            if !unique(&new_left, name) || !unique(&old_left, name) {
                return None;
            }
            old_left
                .iter()
                .position(|(_, x)| x.name.as_deref() == Some(name))
        });
        match partner {
            Some(i) => {
                paired_old[i] = true;
                out.push(Event::Changed(old_left[i].1, j, g));
            }
            None => out.push(Event::Added(j, g)),
        }
    }
    for (i, &(index, g)) in old_left.iter().enumerate() {
        if !paired_old[i] {
            out.push(Event::Removed(index, g));
        }
    }
    out
}

pub(super) fn diff(o: &KvSchema, n: &KvSchema, out: &mut Vec<Change>) {
    for event in events(o, n) {
        let (path, head, old_rule, new_rule) = match event {
            Event::Added(j, g) => (
                path(j, g),
                format!("{} added ({})", label(g), g.rule.describe()),
                None,
                Some(&g.rule),
            ),
            Event::Removed(i, g) => (
                path(i, g),
                format!("{} removed ({})", label(g), g.rule.describe()),
                Some(&g.rule),
                None,
            ),
            Event::Changed(a, j, b) => (
                path(j, b),
                format!(
                    "{} changed: {} → {}",
                    label(b),
                    a.rule.describe(),
                    b.rule.describe()
                ),
                Some(&a.rule),
                Some(&b.rule),
            ),
        };
        // Old documents the new rule rejects, new documents the old rule rejects.
        let narrowed = new_rule.map(|r| find_break(o, n, r));
        let widened = old_rule.map(|r| find_break(n, o, r));
        let mut changes = Vec::new();
        match &narrowed {
            Some(Search::Found(doc)) => changes.push((
                ChangeKind::KvGroupNarrowed,
                format!("{head}: new readers reject old documents {doc}"),
            )),
            Some(Search::TooLarge) => changes.push((
                ChangeKind::KvGroupUnjudged { old_readers: false },
                format!(
                    "{head}: too many keys tied to the rule to search old documents exhaustively"
                ),
            )),
            _ => {}
        }
        match &widened {
            Some(Search::Found(doc)) => changes.push((
                ChangeKind::KvGroupWidened,
                format!("{head}: old readers reject new documents {doc}"),
            )),
            Some(Search::TooLarge) => changes.push((
                ChangeKind::KvGroupUnjudged { old_readers: true },
                format!(
                    "{head}: too many keys tied to the rule to search new documents exhaustively"
                ),
            )),
            _ => {}
        }
        if changes.is_empty() {
            changes.push((
                ChangeKind::KvGroupRestated,
                format!("{head}: no document changes acceptance (the other side's required keys, value types or groups already imply the rule)"),
            ));
        }
        for (kind, message) in changes {
            out.push(Change {
                kind,
                path: path.clone(),
                message,
                pointer: Some(super::kv::kv_pointer(&path)),
            });
        }
    }
}
