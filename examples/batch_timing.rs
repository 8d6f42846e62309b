//! Times the real batch (one thread unless told, JSON Lines to a sink) and prints each
//! stage's ms, reading and writing included:
//! `cargo run --release --example batch_timing [DIR] [REPS] [THREADS]`.
use blotter::app::batch::{self, BatchOptions};
use blotter::output::write::Format;
use blotter::rules::RuleSet;
use blotter::Extractor;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).cloned().unwrap_or_else(|| "corpus".into());
    let reps: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(3);
    let threads: usize = args.get(3).and_then(|r| r.parse().ok()).unwrap_or(1);
    let ex = Extractor::new(RuleSet::builtin().unwrap());
    let opts = BatchOptions {
        format: Format::Jsonl,
        threads,
        output: None,
        skip_existing: false,
        quiet: true,
    };
    for _ in 0..reps {
        let mut sink = std::io::sink();
        let mut err = std::io::sink();
        let t = std::time::Instant::now();
        let s = batch::run(&ex, &[dir.clone().into()], &opts, &mut sink, &mut err).unwrap();
        let wall = t.elapsed().as_secs_f64();
        let mb = s.bytes as f64 / 1e6;
        println!("wall       {:7.1} MB/s {:8.1} ms", mb / wall, wall * 1e3);
        for (name, d) in s.stages.named() {
            let d = d.as_secs_f64();
            println!("{name:<10} {:7.1} MB/s {:8.1} ms", mb / d, d * 1e3);
        }
        println!();
    }
}
