//! Packs a corpus folder into a tar stream, byte for byte reproducible:
//! entries in sorted order, symlinks as links (never followed), file modes
//! kept, owners and times cleared. `build.rs` includes this file to embed
//! the corpus in the binary; [`super::embedded`] unpacks it.

use std::io::{self, Write};
use std::path::Path;

/// A fixed modification time for every entry (2000-01-01), so the archive
/// depends only on names, modes and bytes.
const MTIME: u64 = 946_684_800;

/// Writes every entry under `root` (names relative to it) to `out`.
pub fn pack(root: &Path, out: impl Write) -> io::Result<()> {
    let mut builder = tar::Builder::new(out);
    builder.follow_symlinks(false);
    walk(&mut builder, root, Path::new(""))?;
    builder.into_inner()?.flush()
}

fn walk<W: Write>(builder: &mut tar::Builder<W>, dir: &Path, rel: &Path) -> io::Result<()> {
    let mut entries = std::fs::read_dir(dir)?.collect::<Result<Vec<_>, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = rel.join(entry.file_name());
        let meta = std::fs::symlink_metadata(&path)?;
        let mut header = tar::Header::new_gnu();
        header.set_metadata_in_mode(&meta, tar::HeaderMode::Complete);
        header.set_mtime(MTIME);
        header.set_uid(0);
        header.set_gid(0);
        if let Some(gnu) = header.as_gnu_mut() {
            gnu.set_atime(MTIME);
            gnu.set_ctime(MTIME);
        }
        #[cfg(unix)]
        header.set_mode(std::os::unix::fs::PermissionsExt::mode(&meta.permissions()) & 0o7777);
        let kind = meta.file_type();
        if kind.is_symlink() {
            header.set_size(0);
            builder.append_link(&mut header, &name, std::fs::read_link(&path)?)?;
        } else if kind.is_dir() {
            header.set_size(0);
            builder.append_data(&mut header, &name, io::empty())?;
            walk(builder, &path, &name)?;
        } else if kind.is_file() {
            builder.append_data(&mut header, &name, std::fs::File::open(&path)?)?;
        } else {
            return Err(io::Error::other(format!(
                "{}: not a file, folder or symlink",
                path.display()
            )));
        }
    }
    Ok(())
}
