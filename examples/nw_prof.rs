//! Profiling loop for the prepare, render and read steps alone:
//! `cargo run --release --example nw_prof DIR REPS [prepare|render|read]`.
use blotter::output::write::{render, Format};
use blotter::rules::RuleSet;
use blotter::Extractor;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).cloned().unwrap_or_else(|| "corpus".into());
    let reps: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(3);
    let only = args.get(3).cloned();
    let on = |s: &str| only.as_deref().is_none_or(|o| o == s);
    let mut problems = Vec::new();
    let mut paths = blotter::app::read::collect(&[dir.into()], &mut problems);
    paths.sort();
    let texts: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let mb = texts.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    let ex = Extractor::new(RuleSet::builtin().unwrap());
    let docs: Vec<(&str, &str)> = texts.iter().map(|t| ("-", t.as_str())).collect();
    let records = if on("render") {
        docs.chunks(128).flat_map(|c| ex.extract_many(c)).collect()
    } else {
        Vec::new()
    };
    for t in &texts {
        std::hint::black_box(ex.prepare(t));
    }
    for _ in 0..reps {
        if on("prepare") {
            let t0 = Instant::now();
            for t in &texts {
                std::hint::black_box(ex.prepare(t));
            }
            println!(
                "prepare {:8.1} ms/5MB",
                t0.elapsed().as_secs_f64() * 1e3 * 5.0 / mb
            );
        }
        if on("render") {
            let t0 = Instant::now();
            for r in &records {
                std::hint::black_box(render(r, Format::Jsonl));
            }
            println!(
                "render  {:8.1} ms/5MB",
                t0.elapsed().as_secs_f64() * 1e3 * 5.0 / mb
            );
        }
        if on("read") {
            let t0 = Instant::now();
            for p in &paths {
                std::hint::black_box(blotter::app::read::read(p).ok());
            }
            println!(
                "read    {:8.1} ms/5MB",
                t0.elapsed().as_secs_f64() * 1e3 * 5.0 / mb
            );
        }
    }
}
