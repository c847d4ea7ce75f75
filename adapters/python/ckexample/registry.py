"""Which module reads (and writes) which family version."""

from .families import (
    compile_report,
    dataguard_report,
    environment,
    incident_bundle,
    policy_audit,
    replay_audit,
    runpack,
    runpack_export_input,
    runpack_export_output,
    runtime,
    spec_validation,
)

REGISTRY = {
    ("compile_report", "v1"): compile_report,
    ("dataguard_report", "v1"): dataguard_report,
    ("environment", "v1"): environment,
    ("incident_bundle", "v1"): incident_bundle,
    ("policy_audit", "v1"): policy_audit,
    ("replay_audit", "v1"): replay_audit,
    ("runpack", "v1"): runpack,
    ("runpack_export_input", "v1"): runpack_export_input,
    ("runpack_export_output", "v1"): runpack_export_output,
    ("runtime", "v1"): runtime,
    ("spec_validation", "v1"): spec_validation,
}
