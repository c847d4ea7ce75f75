//! Assembling a [`DataGuardReport`] from pairs, whether they come from KV
//! lines or from a normalized model, so both obey one set of rules.
//!
//! Order of judgement (D-DG-2, D-ALL-5): grammar faults stop the KV reader
//! before any pair gets here; then the version marker `report.v`; then the
//! first faulty value in document order; then missing required keys; then
//! the conditional groups.

use super::counters::Counters;
use super::keys::{self, slot};
use super::model::{Cost, DataGuardReport, Redaction, RedactionMode, SchemaSelection};
use crate::error::{ErrorClass, ReadError};
use crate::json::decode::Width;
use crate::kv::value::{self, ValueFault};
use crate::kv::{key, Line};

/// A known key's value and, from KV, its line.
#[derive(Clone, Copy)]
struct Slot<'a> {
    value: &'a str,
    line: Option<Line<'a>>,
    key: &'a str,
}

impl Slot<'_> {
    fn place(&self, fault: ValueFault) -> ReadError {
        match &self.line {
            Some(line) => fault.at(line),
            None => fault.at_key(self.key),
        }
    }
}

/// Pairs collected so far.
pub struct Builder<'a> {
    slots: [Option<Slot<'a>>; keys::KNOWN.len()],
    counts: Counters,
    /// Whether counters are kept in `counts` (a report is built) or only
    /// counted (a validation).
    keep_counters: bool,
    /// How many well-formed counters there were.
    counters: u64,
    /// How many keys were ignored as unknown.
    unknown: u64,
    /// The first faulty counter, in document order.
    counter_fault: Option<ReadError>,
}

impl Default for Builder<'_> {
    fn default() -> Self {
        Builder::new()
    }
}

/// What a validation found in a valid report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// `counts.*` keys.
    pub counters: u64,
    /// Known keys other than counters.
    pub known: u64,
    /// Unknown keys (ignored, D-DG-9).
    pub unknown: u64,
}

impl<'a> Builder<'a> {
    /// A builder for a report.
    pub fn new() -> Self {
        Builder {
            slots: [None; keys::KNOWN.len()],
            counts: Counters::new(),
            keep_counters: true,
            counters: 0,
            unknown: 0,
            counter_fault: None,
        }
    }

    /// A builder that judges without keeping the counters: [`Builder::verdict`].
    pub fn counting() -> Self {
        Builder {
            keep_counters: false,
            ..Builder::new()
        }
    }

    /// Takes in what `later` (a counting builder) collected from the lines
    /// after the ones this one saw, its line numbers `offset` lines off. The
    /// keys of both are distinct (the grammar saw to it).
    pub fn absorb(&mut self, later: Builder<'a>, offset: u64) {
        for (mine, theirs) in self.slots.iter_mut().zip(later.slots) {
            if let Some(mut slot) = theirs {
                if let Some(line) = &mut slot.line {
                    line.number += offset;
                }
                *mine = Some(slot);
            }
        }
        self.counters += later.counters;
        self.unknown += later.unknown;
        if self.counter_fault.is_none() {
            self.counter_fault = later.counter_fault.map(|mut e| {
                e.line = e.line.map(|l| l + offset);
                e
            });
        }
    }

    /// Takes one KV line (already checked by the grammar: no duplicates).
    /// Unknown keys are ignored (D-DG-9).
    #[inline(always)]
    pub fn line(&mut self, line: Line<'a>) {
        if let Some(name) = line.key.strip_prefix(keys::COUNTS_PREFIX) {
            if !self.keep_counters && line.is_short_decimal() {
                self.counters += 1;
                return;
            }
            match value::unsigned(line.value, Width::U64) {
                Ok(n) => {
                    if self.keep_counters {
                        self.counts.push_unchecked_order(name, n as u64);
                    }
                    self.counters += 1;
                }
                Err(fault) => {
                    if self.counter_fault.is_none() {
                        self.counter_fault = Some(fault.at(&line));
                    }
                }
            }
        } else if let Some(i) = slot(line.key) {
            self.slots[i] = Some(Slot {
                value: line.value,
                line: Some(line),
                key: line.key,
            });
        } else {
            self.unknown += 1;
        }
    }

    /// Takes one model entry (`key` known or a counter; `value` its KV
    /// literal). Refuses what KV could not carry: a counter name without
    /// the key syntax, a CR or LF in a string.
    pub fn model_entry(&mut self, key: &'a str, value: &'a str) -> Result<(), ReadError> {
        if memchr::memchr2(b'\n', b'\r', value.as_bytes()).is_some() {
            return Err(ReadError::new(
                ErrorClass::InvalidValue,
                "a value without CR or LF (KV has no escapes)",
            )
            .at(key));
        }
        if let Some(name) = key.strip_prefix(keys::COUNTS_PREFIX) {
            if let Err(fault) = key::check(key) {
                return Err(ReadError::new(ErrorClass::InvalidValue, key::EXPECTED)
                    .at(key)
                    .found(fault.found));
            }
            let n = value::unsigned(value, Width::U64).map_err(|f| f.at_key(key))?;
            self.counts.push(name, n as u64);
            self.counters += 1;
        } else if let Some(i) = slot(key) {
            self.slots[i] = Some(Slot {
                value,
                line: None,
                key,
            });
        }
        Ok(())
    }

    fn slot(&self, key: &str) -> Option<Slot<'a>> {
        slot(key).and_then(|i| self.slots[i])
    }

    /// The typed value of `key`: `None` when absent or faulty (the fault
    /// goes to `faults`).
    fn typed<T>(
        &self,
        key: &str,
        parse: impl FnOnce(&'a str) -> Result<T, ValueFault>,
        faults: &mut Vec<ReadError>,
    ) -> Option<T> {
        let s = self.slot(key)?;
        match parse(s.value) {
            Ok(v) => Some(v),
            Err(f) => {
                faults.push(s.place(f));
                None
            }
        }
    }

    fn missing(&self, key: &str, why: &str) -> ReadError {
        ReadError::new(ErrorClass::MissingField, format!("key `{key}`{why}")).at(key)
    }

    /// A missing partner of a group: placed at the line of the key present.
    fn missing_partner(&self, key: &str, present: &str, group: &str) -> ReadError {
        let mut e = self.missing(
            key,
            &format!(" ({group} needs it together with `{present}`)"),
        );
        if let Some(Slot {
            line: Some(line), ..
        }) = self.slot(present)
        {
            e = e.at_line(line.number, Some(1));
        }
        e
    }

    /// A present key its group forbids.
    fn forbidden(&self, key: &str, why: &str) -> ReadError {
        let mut e = ReadError::new(ErrorClass::InvalidValue, format!("no `{key}` {why}"))
            .at(key)
            .found(format!("`{key}`"));
        if let Some(Slot {
            line: Some(line), ..
        }) = self.slot(key)
        {
            e = e.at_line(line.number, Some(1));
        }
        e
    }

    /// Judges everything collected and builds the report; `lines_sorted`
    /// tells whether the KV lines came in ascending key order (true for a
    /// model, whose counters are checked as they come).
    pub fn finish(mut self, lines_sorted: bool) -> Result<DataGuardReport, ReadError> {
        let mut doc = self.judge()?;
        self.counts.seal(lines_sorted);
        doc.counts = self.counts;
        Ok(doc)
    }

    /// Judges everything collected, as [`Builder::finish`] does, and counts
    /// the keys instead of building the report.
    pub fn verdict(mut self) -> Result<Tally, ReadError> {
        self.judge()?;
        Ok(Tally {
            counters: self.counters,
            known: self.slots.iter().filter(|s| s.is_some()).count() as u64,
            unknown: self.unknown,
        })
    }

    /// The judgement: the report without its counters, or the first fault.
    fn judge(&mut self) -> Result<DataGuardReport, ReadError> {
        let version = match self.slot(keys::VERSION) {
            None => return Err(self.missing(keys::VERSION, " (the version marker)")),
            Some(s) => value::version(s.value, Width::U32, 1).map_err(|f| s.place(f))? as u32,
        };

        let mut faults = Vec::new();
        let f = &mut faults;
        let kind = self.typed(keys::KIND, |v| value::constant(v, "dataguard"), f);
        let registry_root = self.typed(keys::REGISTRY_ROOT, value::non_empty, f);
        let codec_id = self.typed(keys::CODEC_ID, |v| value::unsigned(v, Width::U16), f);
        let schema_id = self.typed(keys::SCHEMA_ID, value::non_empty, f);
        let schema_version =
            self.typed(keys::SCHEMA_VERSION, |v| value::unsigned(v, Width::U32), f);
        let mode = self.typed(
            keys::REDACTION_MODE,
            |v| value::one_of(v, keys::REDACTION_MODES),
            f,
        );
        let rules = self.typed(keys::REDACTION_RULES, |v| value::unsigned(v, Width::U32), f);
        let cost_enabled = self.typed(keys::COST_ENABLED, value::boolean, f);
        let cost_center = self.typed(keys::COST_CENTER, value::non_empty, f);
        let cost_bytes = self.typed(keys::COST_BYTES, |v| value::unsigned(v, Width::U64), f);
        if let Some(first) = faults
            .into_iter()
            .chain(self.counter_fault.take())
            .min_by_key(|e| e.line.unwrap_or(0))
        {
            return Err(first);
        }

        let (Some(kind), Some(registry_root), Some(codec_id)) = (kind, registry_root, codec_id)
        else {
            let absent = [keys::KIND, keys::REGISTRY_ROOT, keys::CODEC_ID]
                .into_iter()
                .find(|k| self.slot(k).is_none())
                .unwrap_or(keys::KIND);
            return Err(self.missing(absent, ""));
        };
        if self.counters == 0 {
            return Err(ReadError::new(
                ErrorClass::MissingField,
                "at least one counter key under `counts.`",
            )
            .at("counts.*"));
        }

        let schema = match (schema_id, schema_version) {
            (Some(id), Some(version)) => Some(SchemaSelection {
                id: id.to_string(),
                version: version as u32,
            }),
            (None, None) => None,
            (Some(_), None) => {
                return Err(self.missing_partner(
                    keys::SCHEMA_VERSION,
                    keys::SCHEMA_ID,
                    "schema selection",
                ))
            }
            (None, Some(_)) => {
                return Err(self.missing_partner(
                    keys::SCHEMA_ID,
                    keys::SCHEMA_VERSION,
                    "schema selection",
                ))
            }
        };
        let redaction = match (mode, rules) {
            (Some(mode), Some(rules)) => Some(Redaction {
                mode: RedactionMode::ALL[mode],
                rules: rules as u32,
            }),
            (None, None) => None,
            (Some(_), None) => {
                return Err(self.missing_partner(
                    keys::REDACTION_RULES,
                    keys::REDACTION_MODE,
                    "redaction",
                ))
            }
            (None, Some(_)) => {
                return Err(self.missing_partner(
                    keys::REDACTION_MODE,
                    keys::REDACTION_RULES,
                    "redaction",
                ))
            }
        };
        let cost = match cost_enabled {
            Some(true) => {
                let (Some(center), Some(bytes)) = (cost_center, cost_bytes) else {
                    let absent = if cost_center.is_none() {
                        keys::COST_CENTER
                    } else {
                        keys::COST_BYTES
                    };
                    return Err(self.missing_partner(
                        absent,
                        keys::COST_ENABLED,
                        "cost attribution",
                    ));
                };
                Some(Cost::Enabled {
                    center: center.to_string(),
                    bytes: bytes as u64,
                })
            }
            enabled => {
                for (k, present) in [
                    (keys::COST_BYTES, cost_bytes.is_some()),
                    (keys::COST_CENTER, cost_center.is_some()),
                ] {
                    if present {
                        return Err(self.forbidden(k, "unless cost.enabled=true"));
                    }
                }
                enabled.map(|_| Cost::Disabled)
            }
        };

        Ok(DataGuardReport {
            version,
            kind: kind.to_string(),
            registry_root: registry_root.to_string(),
            codec_id: codec_id as u16,
            schema,
            redaction,
            cost,
            counts: Counters::new(),
        })
    }
}
