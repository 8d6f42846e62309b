//! Records written out: JSON and JSON Lines ([`write`]), CSV
//! ([`csv_out`]), the HTML report ([`report`]) and `explain`.

pub mod csv_out;
pub mod explain;
pub mod report;
pub mod write;
