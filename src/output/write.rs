//! Writing records: pretty JSON for one article, JSON Lines for many.
//!
//! A JSON Lines record is one compact object per line with the fields of
//! [`crate::record::Record`]: `source`, `seizures`, `cash`, `counts`,
//! `dates`, `quotes`, `officials` (and `warnings` when there are any).

use crate::record::Record;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Indented JSON, one document per record.
    Json,
    /// One compact JSON object per line.
    Jsonl,
    /// One CSV row per fact ([`crate::output::csv_out`]); the header is written once, separately.
    Csv,
}

/// Renders one record, with its trailing newline.
pub fn render(record: &Record, format: Format) -> Vec<u8> {
    let mut out = match format {
        Format::Json => serde_json::to_vec_pretty(record).expect("records always serialise"),
        Format::Jsonl => {
            let mut out = Vec::with_capacity(1024);
            crate::output::jsonl::write_record(&mut out, record);
            out
        }
        Format::Csv => return crate::output::csv_out::rows(record),
    };
    out.push(b'\n');
    out
}
