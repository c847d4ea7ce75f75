"""One module per artifact family; each exposes read(path) -> model and,
where this adapter writes the family, write(model, out)."""
