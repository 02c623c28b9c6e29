//! Input formats. Each submodule turns files of one format into [`crate::model::Resource`]s.

pub mod awsconfig;
pub mod cloudformation;
pub mod terraform;

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// A file read into memory, with its path relative to the scan root (`/` separators).
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub rel: String,
    pub abs: PathBuf,
    pub text: String,
}

/// Reads a file as UTF-8 text, refusing binary files and files over `max_bytes`.
pub fn read_source(abs: &Path, rel: &str, max_bytes: u64) -> Result<SourceFile, Diagnostic> {
    let meta = std::fs::metadata(abs)
        .map_err(|e| Diagnostic::new(rel, None, format!("cannot read file: {e}")))?;
    if meta.len() > max_bytes {
        return Err(Diagnostic::new(
            rel,
            None,
            format!(
                "file is {} bytes, over the {} byte limit (--max-file-size); skipped",
                meta.len(),
                max_bytes
            ),
        ));
    }
    let bytes = std::fs::read(abs)
        .map_err(|e| Diagnostic::new(rel, None, format!("cannot read file: {e}")))?;
    if bytes.contains(&0) {
        return Err(Diagnostic::new(
            rel,
            None,
            "file contains NUL bytes; not a text file, skipped".to_string(),
        ));
    }
    let mut text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        Diagnostic::new(
            rel,
            u32::try_from(line).ok(),
            "file is not valid UTF-8; skipped".to_string(),
        )
    })?;
    // A UTF-8 byte order mark is legal but not part of the content.
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(SourceFile {
        rel: rel.to_string(),
        abs: abs.to_path_buf(),
        text,
    })
}

/// Reads a gzip-compressed text file (`.json.gz` Config snapshots), refusing more than
/// `max_bytes` of decompressed text (a gzip bomb must not exhaust memory).
pub fn read_gzip(abs: &Path, rel: &str, max_bytes: u64) -> Result<SourceFile, Diagnostic> {
    use std::io::Read;
    let file = std::fs::File::open(abs)
        .map_err(|e| Diagnostic::new(rel, None, format!("cannot read file: {e}")))?;
    let mut text = String::new();
    let read = flate2::read::GzDecoder::new(file)
        .take(max_bytes + 1)
        .read_to_string(&mut text)
        .map_err(|e| Diagnostic::new(rel, None, format!("not a readable gzip text file: {e}")))?;
    if read as u64 > max_bytes {
        return Err(Diagnostic::new(
            rel,
            None,
            format!("decompresses to more than {max_bytes} bytes (--max-file-size); skipped"),
        ));
    }
    Ok(SourceFile {
        rel: rel.to_string(),
        abs: abs.to_path_buf(),
        text,
    })
}
