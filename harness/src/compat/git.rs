//! Reading a git revision's corpus with the `git` command line: resolve the
//! revision (`git rev-parse`), list the tree (`git ls-tree -r -z`), and
//! stream every blob through one `git cat-file --batch` into a directory.
//! Paths from the tree are checked before anything is written.

use super::CompatError;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

/// Variables that would point git at another repository than `--repo`.
const GIT_ENV: &[&str] = &[
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_COMMON_DIR",
    "GIT_PREFIX",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
];

fn git(repo: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.arg("-C").arg(repo);
    for var in GIT_ENV {
        cmd.env_remove(var);
    }
    cmd.stdin(Stdio::null());
    cmd
}

fn run(mut cmd: Command, what: &str) -> Result<Vec<u8>, CompatError> {
    let out = cmd
        .output()
        .map_err(|e| CompatError(format!("cannot run git ({what}): {e}")))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let said = stderr.trim();
        // git may say nothing (`--quiet`): then its status, never a bare `: `.
        return Err(CompatError(if said.is_empty() {
            format!("{what} (git: {})", out.status)
        } else {
            format!("{what}: {said}")
        }));
    }
    Ok(out.stdout)
}

/// The top directory of the repository holding `repo`.
pub fn toplevel(repo: &Path) -> Result<PathBuf, CompatError> {
    let mut cmd = git(repo);
    cmd.args(["rev-parse", "--show-toplevel"]);
    let out = run(
        cmd,
        &format!("{} is not inside a git repository", repo.display()),
    )?;
    let text = String::from_utf8(out)
        .map_err(|_| CompatError("git printed a non-UTF-8 repository path".into()))?;
    Ok(PathBuf::from(text.trim_end_matches(['\n', '\r'])))
}

/// The commit id a revision names.
pub fn resolve(top: &Path, rev: &str) -> Result<String, CompatError> {
    if rev.is_empty() || rev.starts_with('-') {
        return Err(CompatError(format!("`{rev}` is not a revision")));
    }
    let unknown = || {
        CompatError(format!(
            "`{rev}` is neither a directory nor a commit in {}: expected a folder \
             holding the schema set, or a revision git knows there (a branch, tag or commit id)",
            top.display()
        ))
    };
    let mut cmd = git(top);
    cmd.args(["rev-parse", "--verify", "--quiet"])
        .arg(format!("{rev}^{{commit}}"));
    let out = cmd
        .output()
        .map_err(|e| CompatError(format!("cannot run git (resolving `{rev}`): {e}")))?;
    let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
    // `--quiet`: an unknown revision fails without a word from git.
    if !out.status.success() || id.is_empty() || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(unknown());
    }
    Ok(id)
}

/// One tree entry to write.
struct Entry {
    symlink: bool,
    object: String,
    rel: PathBuf,
}

/// The relative path under `sub` of a tree path, checked to stay inside.
fn relative(path: &str, sub: &str) -> Result<Option<PathBuf>, CompatError> {
    let rest = if sub.is_empty() || sub == "." {
        path
    } else {
        match path.strip_prefix(sub).and_then(|r| r.strip_prefix('/')) {
            Some(r) => r,
            None => return Ok(None),
        }
    };
    let rel = PathBuf::from(rest);
    if rest.is_empty() || !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(CompatError(format!(
            "unsafe path in the git tree: `{path}`"
        )));
    }
    Ok(Some(rel))
}

/// Writes the files under `sub` of commit `commit` into `dest`; returns how many.
pub fn extract(top: &Path, commit: &str, sub: &str, dest: &Path) -> Result<usize, CompatError> {
    let sub = sub.trim_matches('/');
    let mut cmd = git(top);
    cmd.args(["ls-tree", "-r", "-z", commit, "--"]);
    if !sub.is_empty() && sub != "." {
        cmd.arg(sub);
    }
    let listing = run(cmd, &format!("cannot list {commit}"))?;
    let mut entries = Vec::new();
    for record in listing.split(|b| *b == 0).filter(|r| !r.is_empty()) {
        let text = std::str::from_utf8(record)
            .map_err(|_| CompatError("a non-UTF-8 path in the git tree".into()))?;
        let (meta, path) = text
            .split_once('\t')
            .ok_or_else(|| CompatError(format!("unexpected git ls-tree output: {text}")))?;
        let mut parts = meta.split(' ');
        let (mode, kind, object) = match (parts.next(), parts.next(), parts.next()) {
            (Some(m), Some(k), Some(o)) => (m, k, o),
            _ => {
                return Err(CompatError(format!(
                    "unexpected git ls-tree output: {text}"
                )))
            }
        };
        if kind != "blob" {
            continue; // submodules
        }
        let Some(rel) = relative(path, sub)? else {
            continue;
        };
        entries.push(Entry {
            symlink: mode == "120000",
            object: object.to_string(),
            rel,
        });
    }
    if entries.is_empty() {
        return Ok(0);
    }
    let mut child = git(top)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| CompatError(format!("cannot run git cat-file: {e}")))?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| CompatError("git cat-file has no input".into()))?;
    let ids: Vec<String> = entries.iter().map(|e| e.object.clone()).collect();
    // Feed ids from a thread so that a full output pipe cannot deadlock us.
    let feeder = std::thread::spawn(move || -> std::io::Result<()> {
        for id in ids {
            writeln!(stdin, "{id}")?;
        }
        Ok(())
    });
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| CompatError("git cat-file has no output".into()))?;
    let mut reader = BufReader::new(stdout);
    let result = write_entries(&entries, &mut reader, dest);
    drop(reader);
    let fed = feeder.join();
    let status = child
        .wait()
        .map_err(|e| CompatError(format!("git cat-file: {e}")))?;
    result?;
    match fed {
        Ok(Ok(())) if status.success() => Ok(entries.len()),
        _ => Err(CompatError(format!("git cat-file failed ({status})"))),
    }
}

fn write_entries(
    entries: &[Entry],
    reader: &mut impl BufRead,
    dest: &Path,
) -> Result<(), CompatError> {
    let io = |e: std::io::Error, p: &Path| CompatError(format!("{}: {e}", p.display()));
    for entry in entries {
        let mut header = String::new();
        reader
            .read_line(&mut header)
            .map_err(|e| CompatError(format!("reading git cat-file: {e}")))?;
        let mut parts = header.trim_end().split(' ');
        let size = match (parts.next(), parts.next(), parts.next()) {
            (Some(_), Some("blob"), Some(size)) => size
                .parse::<u64>()
                .map_err(|_| CompatError(format!("unexpected git cat-file header: {header}")))?,
            _ => {
                return Err(CompatError(format!(
                    "git cat-file cannot read {}: {}",
                    entry.rel.display(),
                    header.trim_end()
                )))
            }
        };
        let mut content = Vec::new();
        reader
            .by_ref()
            .take(size)
            .read_to_end(&mut content)
            .map_err(|e| CompatError(format!("reading git cat-file: {e}")))?;
        let mut newline = [0u8; 1];
        reader
            .read_exact(&mut newline)
            .map_err(|e| CompatError(format!("reading git cat-file: {e}")))?;
        if content.len() as u64 != size {
            return Err(CompatError("git cat-file output ended early".into()));
        }
        let target = dest.join(&entry.rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(e, parent))?;
            // Never write through a symlink an earlier entry created.
            let mut p = parent;
            while p != dest {
                if p.symlink_metadata()
                    .map_err(|e| io(e, p))?
                    .file_type()
                    .is_symlink()
                {
                    return Err(CompatError(format!(
                        "unsafe path in the git tree: `{}` is below a symlink",
                        entry.rel.display()
                    )));
                }
                p = match p.parent() {
                    Some(q) => q,
                    None => break,
                };
            }
        }
        if entry.symlink {
            make_symlink(&content, &target)?;
        } else {
            std::fs::write(&target, &content).map_err(|e| io(e, &target))?;
        }
    }
    Ok(())
}

#[cfg(unix)]
fn make_symlink(content: &[u8], target: &Path) -> Result<(), CompatError> {
    use std::os::unix::ffi::OsStrExt;
    let to = std::ffi::OsStr::from_bytes(content);
    std::os::unix::fs::symlink(to, target)
        .map_err(|e| CompatError(format!("{}: {e}", target.display())))
}

#[cfg(not(unix))]
fn make_symlink(content: &[u8], target: &Path) -> Result<(), CompatError> {
    // Without symlinks, keep the link text as the file content, as git does
    // with core.symlinks=false.
    std::fs::write(target, content).map_err(|e| CompatError(format!("{}: {e}", target.display())))
}

#[cfg(test)]
mod tests {
    use super::relative;

    #[test]
    fn tree_paths_stay_inside() {
        assert_eq!(
            relative("corpus/a/b.json", "corpus").unwrap(),
            Some("a/b.json".into())
        );
        assert_eq!(relative("corpusx/a", "corpus").unwrap(), None);
        assert!(relative("corpus/../x", "corpus").is_err());
        assert!(relative("corpus/", "corpus").is_err());
    }
}
