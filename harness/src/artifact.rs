//! Putting a writer's output ([`Written`]) on disk, so it can be read back
//! through the same path-based reader every case uses.

use conformkit_reference::Written;
use std::io;
use std::path::{Component, Path};

/// Writes `written` at `dest`: a file, or a directory holding the listed
/// files. Directory entries must be relative paths without `..`.
pub fn materialize(written: &Written, dest: &Path) -> io::Result<()> {
    match written {
        Written::File(bytes) => std::fs::write(dest, bytes),
        Written::Directory(files) => {
            std::fs::create_dir_all(dest)?;
            for (rel, bytes) in files {
                let rel_path = Path::new(rel);
                if !rel_path
                    .components()
                    .all(|c| matches!(c, Component::Normal(_)))
                {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidInput,
                        format!("writer produced an unsafe path `{rel}`"),
                    ));
                }
                let target = dest.join(rel_path);
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(target, bytes)?;
            }
            Ok(())
        }
    }
}
