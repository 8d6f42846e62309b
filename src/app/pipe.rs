//! Pipe mode for cluster engines (Spark's `RDD.pipe`, Hadoop streaming):
//! one JSON object per line in (`{"id": ..., "text": ..., "date": ...}`),
//! one record per line out, same order, flushed per record. A bad line
//! gives an error record with its id and the stream goes on.

use std::io::{BufRead, Write};

use serde_json::Value;

use crate::Extractor;

/// Reads requests from `input` until it ends. Returns how many lines failed.
pub fn run(ex: &Extractor, input: impl BufRead, out: &mut impl Write) -> std::io::Result<usize> {
    let mut failed = 0;
    for (n, line) in input.split(b'\n').enumerate() {
        let line = line?;
        let text = String::from_utf8_lossy(&line);
        if text.trim().is_empty() {
            continue;
        }
        let rendered = match serde_json::from_str::<Value>(&text) {
            Ok(v) => match v.get("text").and_then(Value::as_str) {
                Some(body) => {
                    let id = id_of(&v, n);
                    let date = v
                        .get("date")
                        .and_then(Value::as_str)
                        .and_then(|d| d.get(..10));
                    let extracted = crate::guard(|| match date {
                        Some(d) => {
                            let mut opts = ex.options.clone();
                            opts.ref_date = Some(d.to_string());
                            ex.extract_with(&id, body, &opts)
                        }
                        None => ex.extract(&id, body),
                    });
                    match extracted {
                        Ok(record) => serde_json::to_string(&record).expect("records serialise"),
                        Err(_) => {
                            failed += 1;
                            error_record(
                                &id,
                                "internal error while extracting (please report this text)",
                            )
                        }
                    }
                }
                None => {
                    failed += 1;
                    error_record(&id_of(&v, n), "no \"text\" string in this line")
                }
            },
            Err(e) => {
                failed += 1;
                error_record(&format!("line {}", n + 1), &format!("not JSON: {e}"))
            }
        };
        out.write_all(rendered.as_bytes())?;
        out.write_all(b"\n")?;
        out.flush()?;
    }
    Ok(failed)
}

fn id_of(v: &Value, n: usize) -> String {
    match v.get("id") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => format!("line {}", n + 1),
        Some(other) => other.to_string(),
    }
}

fn error_record(id: &str, message: &str) -> String {
    serde_json::json!({ "source": id, "error": message }).to_string()
}
