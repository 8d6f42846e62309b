//! A chunk of files read and extracted together: the step the batch and
//! the HTML report share, around the library's one staged pipeline
//! ([`Extractor::extract_many_timed`]).

use std::path::PathBuf;
use std::time::Instant;

use crate::app::read;
use crate::record::Record;
use crate::{Extractor, StageTimes};

/// What became of one file of a chunk.
pub enum Extracted {
    Done { record: Box<Record>, text: String },
    Skipped,
    Failed(String),
}

/// Reads the files of a chunk (but those `skip` names by index) and runs
/// the pipeline over them at once; each stage's time, reading included,
/// goes into `times`. A panic in the chunk is retried article by article,
/// so that only the article that caused it fails.
pub fn extract(
    ex: &Extractor,
    paths: &[PathBuf],
    skip: impl Fn(usize) -> bool,
    times: &mut StageTimes,
) -> Vec<Extracted> {
    let started = Instant::now();
    let mut out: Vec<Extracted> = Vec::with_capacity(paths.len());
    let mut inputs: Vec<(usize, read::Input)> = Vec::new();
    for (k, path) in paths.iter().enumerate() {
        if skip(k) {
            out.push(Extracted::Skipped);
            continue;
        }
        match read::read(path) {
            Ok(i) => {
                inputs.push((k, i));
                out.push(Extracted::Skipped); // replaced below
            }
            Err(e) => out.push(Extracted::Failed(e.0)),
        }
    }
    let sources: Vec<String> = inputs
        .iter()
        .map(|(k, _)| paths[*k].display().to_string())
        .collect();
    times.read += started.elapsed();
    let docs: Vec<(&str, &str)> = inputs
        .iter()
        .zip(&sources)
        .map(|((_, i), s)| (s.as_str(), i.text.as_str()))
        .collect();
    let records = records(ex, &docs, times);
    for ((k, input), record) in inputs.into_iter().zip(records) {
        out[k] = match record {
            Ok(mut record) => {
                record.warnings = input.warnings;
                Extracted::Done {
                    record: Box::new(record),
                    text: input.text,
                }
            }
            Err(why) => Extracted::Failed(format!(
                "internal error while extracting ({why}; please report this file)"
            )),
        };
    }
    out
}

/// The records of `docs`, all at once, or (after a panic) one by one.
fn records(
    ex: &Extractor,
    docs: &[(&str, &str)],
    times: &mut StageTimes,
) -> Vec<Result<Record, String>> {
    if docs.is_empty() {
        return Vec::new();
    }
    match crate::guard(|| ex.extract_many_timed(docs, times)) {
        Ok(records) => records.into_iter().map(Ok).collect(),
        Err(why) if docs.len() == 1 => vec![Err(why)],
        Err(_) => docs
            .iter()
            .map(|d| {
                crate::guard(|| ex.extract_many_timed(std::slice::from_ref(d), times))
                    .map(|mut r| r.pop().expect("one record per article"))
            })
            .collect(),
    }
}
