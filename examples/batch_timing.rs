//! Times the real batch (one thread, JSON Lines to a sink) and prints each
//! stage's ms, reading and writing included:
//! `cargo run --release --example batch_timing [DIR] [REPS]`.
use blotter::app::batch::{self, BatchOptions};
use blotter::output::write::Format;
use blotter::rules::RuleSet;
use blotter::Extractor;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).cloned().unwrap_or_else(|| "corpus".into());
    let reps: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(3);
    let ex = Extractor::new(RuleSet::builtin().unwrap());
    let opts = BatchOptions {
        format: Format::Jsonl,
        threads: 1,
        output: None,
        skip_existing: false,
        quiet: true,
    };
    for _ in 0..reps {
        let mut sink = std::io::sink();
        let mut err = std::io::sink();
        let s = batch::run(&ex, &[dir.clone().into()], &opts, &mut sink, &mut err).unwrap();
        let mb = s.bytes as f64 / 1e6;
        for (name, d) in s.stages.named() {
            let d = d.as_secs_f64();
            println!("{name:<10} {:7.1} MB/s {:8.1} ms", mb / d, d * 1e3);
        }
        println!();
    }
}
