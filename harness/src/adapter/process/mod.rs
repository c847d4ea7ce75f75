//! The process adapter: any program, in any language, certified over the
//! JSON-lines protocol v1 on its stdin and stdout (docs/protocol.md).
//! [`protocol`] owns the messages, [`transport`] the pipes and bounds,
//! [`supervisor`] the process lifetime and restarts, [`capture`] the
//! bounded stderr tail.

pub mod capture;
pub mod protocol;
pub mod reaper;
pub mod supervisor;
pub mod transport;

use super::{Adapter, Capabilities, Connection, ConnectionKind, ReadAnswer, Reply, WriteAnswer};
use protocol::Request;
use serde_json::Value;
use std::path::Path;
pub use supervisor::{Settings, StartError, Supervisor};
pub use transport::Bounds;

/// A program under certification.
pub struct ProcessAdapter {
    supervisor: Supervisor,
}

impl ProcessAdapter {
    /// Starts the program and completes the handshake; a program that cannot
    /// be started, exits, or refuses here is a harness error, not a result.
    pub fn start(settings: Settings) -> Result<ProcessAdapter, StartError> {
        Ok(ProcessAdapter {
            supervisor: Supervisor::start(settings)?,
        })
    }
}

impl Adapter for ProcessAdapter {
    fn capabilities(&self) -> &Capabilities {
        self.supervisor.capabilities()
    }

    fn connection(&self) -> Connection {
        let settings = self.supervisor.settings();
        Connection {
            kind: ConnectionKind::Process,
            command: Some(settings.command.clone()),
            mode: Some(settings.mode),
            protocol: Some(protocol::PROTOCOL_VERSION),
            restarts: self.supervisor.restarts(),
        }
    }

    fn read(&mut self, family: &str, version: &str, input: &Path) -> Reply<ReadAnswer> {
        let request = Request::Read {
            family,
            version,
            path: input,
        };
        let reply = self.supervisor.call(&request, protocol::read_model);
        Reply {
            result: reply.result.map(|r| match r {
                Ok(model) => ReadAnswer::Model(model),
                Err(rejection) => ReadAnswer::Rejected(rejection),
            }),
            stderr: reply.stderr,
        }
    }

    fn write(
        &mut self,
        family: &str,
        version: &str,
        model: &Value,
        out: &Path,
    ) -> Reply<WriteAnswer> {
        let request = Request::Write {
            family,
            version,
            model,
            out,
        };
        let reply = self.supervisor.call(&request, |_| Ok(()));
        Reply {
            result: reply.result.map(|r| match r {
                Ok(()) => WriteAnswer::Written,
                Err(rejection) => WriteAnswer::Refused(rejection),
            }),
            stderr: reply.stderr,
        }
    }

    fn finish(&mut self) {
        self.supervisor.stop();
    }

    fn number_case(&mut self, index: usize, total: usize) {
        self.supervisor.number_case(index, total);
    }

    fn take_late_fault(&mut self) -> Option<crate::adapter::Fault> {
        self.supervisor.take_late_fault()
    }
}
