//! The reference adapter: the Rust reference readers and writers of
//! `conformkit-reference`, called in-process. It declares every registered
//! family in both roles and is the default of `conformkit certify`.

use super::{
    Adapter, Capabilities, Connection, ConnectionKind, Fault, FaultKind, Implementation,
    ReadAnswer, Rejection, Reply, Role, WriteAnswer,
};
use crate::artifact::materialize;
use conformkit_reference::{all_families, family, Limits};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// The in-process reference implementation.
pub struct ReferenceAdapter {
    capabilities: Capabilities,
    limits: Limits,
}

impl ReferenceAdapter {
    /// A reference adapter reading under `limits`.
    pub fn new(limits: Limits) -> ReferenceAdapter {
        let mut families: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for fam in all_families() {
            let info = fam.info();
            families
                .entry(info.id.to_string())
                .or_default()
                .push(info.version.to_string());
        }
        ReferenceAdapter {
            capabilities: Capabilities {
                implementation: Implementation {
                    name: "conformkit-reference".into(),
                    version: env!("CARGO_PKG_VERSION").into(),
                    language: "rust".into(),
                    homepage: None,
                },
                roles: vec![Role::Reader, Role::Writer],
                families,
            },
            limits,
        }
    }
}

fn unknown(family: &str, version: &str) -> Fault {
    Fault::new(
        FaultKind::ProtocolError,
        format!("the reference adapter has no family {family}/{version}"),
    )
}

impl Adapter for ReferenceAdapter {
    fn capabilities(&self) -> &Capabilities {
        &self.capabilities
    }

    fn connection(&self) -> Connection {
        Connection {
            kind: ConnectionKind::Reference,
            command: None,
            mode: None,
            protocol: None,
            restarts: 0,
        }
    }

    fn read(&mut self, family_id: &str, version: &str, input: &Path) -> Reply<ReadAnswer> {
        let Some(fam) = family(family_id, Some(version)) else {
            return Reply {
                result: Err(unknown(family_id, version)),
                stderr: None,
            };
        };
        Reply::answer(match fam.read_path(input, &self.limits) {
            Ok(model) => ReadAnswer::Model(model),
            Err(e) => ReadAnswer::Rejected(Rejection {
                class: Some(e.class),
                message: e.to_string(),
            }),
        })
    }

    fn write(
        &mut self,
        family_id: &str,
        version: &str,
        model: &Value,
        out: &Path,
    ) -> Reply<WriteAnswer> {
        let Some(fam) = family(family_id, Some(version)) else {
            return Reply {
                result: Err(unknown(family_id, version)),
                stderr: None,
            };
        };
        let refused = |message: String| {
            Reply::answer(WriteAnswer::Refused(Rejection {
                class: None,
                message,
            }))
        };
        match fam.write(model) {
            Ok(written) => match materialize(&written, out) {
                Ok(()) => Reply::answer(WriteAnswer::Written),
                Err(e) => refused(format!("cannot write {}: {e}", out.display())),
            },
            Err(e) => refused(e.to_string()),
        }
    }

    fn finish(&mut self) {}
}
