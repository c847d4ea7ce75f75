"""Decision Gate runpacks (seed 003): the manifest's fields, runpack-relative
paths, offline verification and the exporter that writes one."""
