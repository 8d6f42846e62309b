//! Records written out: JSON and JSON Lines ([`write`], [`jsonl`]), CSV
//! ([`csv_out`]), the HTML report ([`report`]) and `explain`.

pub mod csv_out;
pub mod explain;
pub mod jsonl;
pub mod report;
pub mod write;
