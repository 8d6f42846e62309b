//! Reading input: files, folders and standard input, with honest byte
//! offsets whatever the bytes are.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// An article's text as read, with what went wrong on the way.
pub struct Input {
    pub text: String,
    /// Non-fatal problems (invalid UTF-8 replaced).
    pub warnings: Vec<String>,
}

/// Why an input could not be read at all.
#[derive(Debug)]
pub struct ReadError(pub String);

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Decodes bytes as UTF-8, replacing each byte of an invalid sequence by
/// `?` so that every offset into the text is the same offset into the
/// file. A file with NUL bytes in its first 8 KiB is binary: refused.
pub fn decode(bytes: Vec<u8>) -> Result<Input, ReadError> {
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Err(ReadError("binary file (NUL bytes), skipped".into()));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Input {
            text,
            warnings: Vec::new(),
        }),
        Err(e) => {
            let mut bytes = e.into_bytes();
            let mut bad = 0usize;
            let mut first = None;
            let mut at = 0;
            while at < bytes.len() {
                match std::str::from_utf8(&bytes[at..]) {
                    Ok(_) => break,
                    Err(e) => {
                        let start = at + e.valid_up_to();
                        let len = e.error_len().unwrap_or(bytes.len() - start);
                        first.get_or_insert(start);
                        for b in &mut bytes[start..start + len] {
                            *b = b'?';
                        }
                        bad += len;
                        at = start + len;
                    }
                }
            }
            let text = String::from_utf8(bytes).expect("invalid bytes were replaced");
            Ok(Input {
                text,
                warnings: vec![format!(
                    "invalid UTF-8: {bad} byte(s) replaced by '?' (first at byte {})",
                    first.unwrap_or(0)
                )],
            })
        }
    }
}

/// Reads a file (or standard input for `-`).
pub fn read(path: &Path) -> Result<Input, ReadError> {
    let bytes = if path == Path::new("-") {
        let mut b = Vec::new();
        std::io::stdin()
            .read_to_end(&mut b)
            .map_err(|e| ReadError(format!("cannot read standard input: {e}")))?;
        b
    } else {
        read_file(path).map_err(|e| ReadError(format!("cannot read: {e}")))?
    };
    decode(bytes)
}

/// The bytes a read of an article starts with room for: most articles
/// are a few kilobytes.
const FIRST_READ: usize = 8 << 10;

/// A file's bytes. `std::fs::read` stats the file to size its buffer
/// first, one of five system calls per article of a batch (open, statx,
/// read, the read that finds the end, close): this reads the first
/// [`FIRST_READ`] bytes without, and only a longer file is sized (by the
/// same read to the end as `std::fs::read`'s).
fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut file = std::fs::File::open(path)?;
    let mut bytes = Vec::with_capacity(FIRST_READ);
    // Through `Take`, the reader's own `read_to_end`, which asks `File`
    // for no metadata.
    (&mut file)
        .take(FIRST_READ as u64)
        .read_to_end(&mut bytes)?;
    if bytes.len() == FIRST_READ {
        file.read_to_end(&mut bytes)?;
    } else if bytes.capacity() > 2 * bytes.len() {
        // A short article keeps no more room than it needs: a batch holds
        // chunks of them at once.
        bytes.shrink_to_fit();
    }
    Ok(bytes)
}

/// The bytes of `files`, added up until past `sample` and the rest
/// estimated from the files read so far (by their count): a batch's
/// rules choose their engines by how much they will scan of it, and a
/// stat per file of a huge batch costs more than it tells. Standard input
/// and files that cannot be read count nothing.
pub fn batch_bytes(files: &[PathBuf], sample: usize) -> usize {
    let mut total = 0usize;
    for (k, f) in files.iter().enumerate() {
        if total > sample {
            return (total as f64 * files.len() as f64 / k as f64) as usize;
        }
        if f.as_os_str() != "-" {
            total += std::fs::metadata(f).map_or(0, |m| m.len() as usize);
        }
    }
    total
}

/// The articles under the given paths: files as given, folders searched
/// recursively for `*.txt`, in sorted path order. Symlinked folders are
/// followed once: a loop is reported, not walked forever.
pub fn collect(paths: &[PathBuf], problems: &mut Vec<(PathBuf, String)>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" || !p.is_dir() {
            out.push(p.clone());
            continue;
        }
        let mut seen = HashSet::new();
        let mut found = Vec::new();
        walk(p, &mut seen, &mut found, problems);
        found.sort();
        out.extend(found);
    }
    out
}

fn walk(
    dir: &Path,
    seen: &mut HashSet<PathBuf>,
    out: &mut Vec<PathBuf>,
    problems: &mut Vec<(PathBuf, String)>,
) {
    let real = match dir.canonicalize() {
        Ok(r) => r,
        Err(e) => {
            problems.push((dir.to_path_buf(), format!("cannot open folder: {e}")));
            return;
        }
    };
    if !seen.insert(real) {
        problems.push((
            dir.to_path_buf(),
            "directory loop through a symlink, not followed again".into(),
        ));
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            problems.push((dir.to_path_buf(), format!("cannot read folder: {e}")));
            return;
        }
    };
    // Whether an entry is a folder, from the listing itself: a `stat` of
    // every file (`Path::is_dir`) was most of the time to list a folder
    // of articles. A symlink is followed, as `is_dir` would.
    let mut paths: Vec<(PathBuf, bool)> = entries
        .flatten()
        .map(|e| {
            let p = e.path();
            let is_dir = match e.file_type() {
                Ok(t) if !t.is_symlink() => t.is_dir(),
                _ => p.is_dir(),
            };
            (p, is_dir)
        })
        .collect();
    paths.sort();
    for (p, is_dir) in paths {
        if is_dir {
            walk(&p, seen, out, problems);
        } else if p.extension().is_some_and(|x| x == "txt") {
            out.push(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A batch's size: every file's while the sample lasts, then the rest
    /// estimated from the files read (by count); standard input and
    /// missing files count nothing.
    #[test]
    fn batch_bytes_reads_a_sample_and_estimates_the_rest() {
        let dir = std::env::temp_dir().join(format!("blotter-batch-bytes-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let files: Vec<PathBuf> = (0..10)
            .map(|i| {
                let f = dir.join(format!("{i}.txt"));
                std::fs::write(&f, vec![b'x'; 100]).unwrap();
                f
            })
            .collect();
        assert_eq!(batch_bytes(&files, 10_000), 1000, "all read");
        // Past 250 bytes after three files: 300 bytes for 3 of 10 files.
        assert_eq!(batch_bytes(&files, 250), 1000, "estimated");
        let odd = [
            PathBuf::from("-"),
            dir.join("missing.txt"),
            files[0].clone(),
        ];
        assert_eq!(batch_bytes(&odd, 10_000), 100);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A file reads as `std::fs::read` reads it, whatever its length
    /// against the first read's room (shorter, exactly it, longer, several
    /// times it, empty); a short one keeps little more room than its
    /// bytes; a folder is an error, as there.
    #[test]
    fn a_file_reads_as_the_standard_library_reads_it() {
        let dir = std::env::temp_dir().join(format!("blotter-read-file-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let n = FIRST_READ;
        for len in [0, 1, 2_000, n - 1, n, n + 1, 3 * n + 7] {
            let f = dir.join(format!("{len}.txt"));
            let bytes: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            std::fs::write(&f, &bytes).unwrap();
            let got = read_file(&f).unwrap();
            assert_eq!(got, std::fs::read(&f).unwrap(), "{len} bytes");
            if len < n / 2 {
                assert!(
                    got.capacity() <= 2 * len.max(1),
                    "{len}: {}",
                    got.capacity()
                );
            }
        }
        assert!(read_file(&dir).is_err());
        assert!(read_file(&dir.join("missing.txt")).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn invalid_utf8_keeps_offsets() {
        let input = decode(b"ab\xff\xfecd \xe2\x82".to_vec()).unwrap();
        assert_eq!(input.text, "ab??cd ??");
        assert_eq!(input.warnings.len(), 1);
    }

    /// Folders are walked in path order, through symlinks to folders; a
    /// folder named like an article is walked, a link to an article kept.
    #[cfg(unix)]
    #[test]
    fn collect_walks_folders_and_links_in_order() {
        let root = std::env::temp_dir().join(format!("blotter-collect-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for d in ["in/b", "in/a.txt", "elsewhere"] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        for f in [
            "in/z.txt",
            "in/b/y.txt",
            "in/a.txt/x.txt",
            "in/notes.md",
            "elsewhere/w.txt",
        ] {
            std::fs::write(root.join(f), "text").unwrap();
        }
        std::os::unix::fs::symlink(root.join("elsewhere"), root.join("in/c")).unwrap();
        std::os::unix::fs::symlink(root.join("in/z.txt"), root.join("in/d.txt")).unwrap();
        let mut problems = Vec::new();
        let got: Vec<String> = collect(&[root.join("in")], &mut problems)
            .iter()
            .map(|p| p.strip_prefix(&root).unwrap().display().to_string())
            .collect();
        std::fs::remove_dir_all(&root).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            got,
            [
                "in/a.txt/x.txt",
                "in/b/y.txt",
                "in/c/w.txt",
                "in/d.txt",
                "in/z.txt"
            ]
        );
    }

    #[test]
    fn binary_is_refused() {
        assert!(decode(b"\x00\x01\x02".to_vec()).is_err());
        assert_eq!(decode(Vec::new()).unwrap().text, "");
    }
}
