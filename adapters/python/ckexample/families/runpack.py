"""Decision Gate runpack v1 (seed 003), a directory: manifest.json and the
JCS artifacts it lists. Reading verifies it offline and gives {contents,
manifest, report}; writing exports one from that model."""

from ..runpack import export, verify


def read(path):
    m, report = verify.verify(path)
    return {"contents": verify.read_contents(path, m), "manifest": m, "report": report}


write = export.write
