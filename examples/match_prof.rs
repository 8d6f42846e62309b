//! The match stage alone, over a folder of articles, for a profiler:
//! `cargo run --release --example match_prof DIR [ROUNDS]`.
use std::time::Instant;
fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "corpus".into());
    let rounds: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    // The *.txt files below DIR, sorted, as the batch finds them.
    let paths = blotter::app::read::collect(&[dir.clone().into()], &mut Vec::new());
    let ex = blotter::Extractor::new(blotter::rules::RuleSet::builtin().unwrap());
    let norms: Vec<String> = paths
        .iter()
        .map(|p| ex.prepare(&std::fs::read_to_string(p).unwrap()).0)
        .collect();
    let sents: Vec<_> = norms
        .iter()
        .map(|n| blotter::text::split::split(n))
        .collect();
    let docs: Vec<(&str, &[blotter::text::split::Sentence])> = norms
        .iter()
        .zip(&sents)
        .map(|(n, s)| (n.as_str(), s.as_slice()))
        .collect();
    let kinds = [
        blotter::rules::Kind::Seizure,
        blotter::rules::Kind::Money,
        blotter::rules::Kind::Count,
        blotter::rules::Kind::Date,
        blotter::rules::Kind::Exclude,
    ];
    let mb = norms.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    for round in 0..rounds {
        let t = Instant::now();
        // In chunks, as the batch runs them.
        let n: usize = docs
            .chunks(blotter::app::batch::CHUNK)
            .map(|c| blotter::engine::run_many(&ex.rules, c, &kinds))
            .map(|out| out.iter().map(Vec::len).sum::<usize>())
            .sum();
        let s = t.elapsed().as_secs_f64();
        println!(
            "round {round}: {:.1} ms, {:.1} MB/s, {n} matches",
            s * 1e3,
            mb / s
        );
    }
}
