//! Time the resolve and quotes stages alone, many times over, for
//! profiling: `cargo run --release --example stage_timing [DIR] [REPS] [long]`.
//! With `long`, the articles are joined into one text (as the benchmark's
//! long article), so super-linear behaviour shows. With `cold`, each
//! article's match stage runs before them, as in the benchmark.
use blotter::rules::{Kind, RuleSet};
use blotter::{engine, facts::quotes, facts::resolve, text::normalise, text::split};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).cloned().unwrap_or_else(|| "corpus".into());
    let reps: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(3);
    let long = args.iter().any(|a| a == "long");
    let mut problems = Vec::new();
    let mut paths = blotter::app::read::collect(&[dir.into()], &mut problems);
    paths.sort();
    let mut texts: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    if long {
        texts = vec![texts.join("\n")];
    }
    let rules = RuleSet::builtin().unwrap();
    let kinds = [
        Kind::Seizure,
        Kind::Money,
        Kind::Count,
        Kind::Date,
        Kind::Exclude,
    ];
    let prepared: Vec<_> = texts
        .iter()
        .map(|t| {
            let norm = normalise::normalise(t);
            let sentences = split::split(&norm);
            let matches = engine::run(&rules, &norm, &sentences, &kinds);
            (norm, sentences, matches)
        })
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mb = bytes as f64 / 1e6;
    let only = |s: &str| args.iter().any(|a| a == s);
    let all = !only("resolve") && !only("quotes");
    if only("cold") {
        // As in the benchmark: each article's match stage runs right before
        // its resolve and quotes, so those start with caches the match
        // stage has filled with its own data.
        for _ in 0..reps {
            let (mut tr, mut tq) = (0.0, 0.0);
            for (norm, sentences, _) in &prepared {
                let matches = engine::run(&rules, norm, sentences, &kinds);
                let t = Instant::now();
                let ranked = resolve::rank(&rules, matches);
                let ctx = resolve::Context::new(&rules, norm);
                let f = resolve::facts(&rules, norm, sentences, &ranked, &ctx);
                std::hint::black_box(&f.seizures);
                tr += t.elapsed().as_secs_f64();
                let t = Instant::now();
                std::hint::black_box(quotes::extract(&rules, norm, sentences));
                tq += t.elapsed().as_secs_f64();
            }
            println!("cold resolve {:7.1} MB/s {:8.1} ms", mb / tr, tr * 1e3);
            println!("cold quotes  {:7.1} MB/s {:8.1} ms", mb / tq, tq * 1e3);
        }
        return;
    }
    for _ in 0..reps {
        if all || only("resolve") {
            let t = Instant::now();
            let mut n = 0;
            for (norm, sentences, matches) in &prepared {
                let ranked = resolve::rank(&rules, matches.clone());
                let ctx = resolve::Context::new(&rules, norm);
                let f = resolve::facts(&rules, norm, sentences, &ranked, &ctx);
                n += f.seizures.len() + f.cash.len() + f.counts.len();
            }
            let d = t.elapsed().as_secs_f64();
            println!("resolve {:7.1} MB/s {:8.1} ms ({n} facts)", mb / d, d * 1e3);
        }
        if all || only("quotes") {
            let t = Instant::now();
            let mut n = 0;
            for (norm, sentences, _) in &prepared {
                let (q, o) = quotes::extract(&rules, norm, sentences);
                n += q.len() + o.len();
            }
            let d = t.elapsed().as_secs_f64();
            println!("quotes  {:7.1} MB/s {:8.1} ms ({n} items)", mb / d, d * 1e3);
        }
    }
}
