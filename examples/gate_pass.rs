//! The gate's one pass alone: `cargo run --release --example gate_pass DIR`
//! prints its time over DIR's articles (best of 5), the time its
//! automaton takes to build, and how many (rule, sentence) pairs it lets
//! through.
use std::time::Instant;

mod common;

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "corpus".into());
    let rs = blotter::rules::RuleSet::builtin().unwrap();
    let docs = common::docs(&dir);
    let mb = docs.iter().map(|d| d.0.len()).sum::<usize>() as f64 / 1e6;
    let pass_time = || {
        let mut best = f64::MAX;
        for _ in 0..5 {
            let t = Instant::now();
            for (text, sentences) in &docs {
                std::hint::black_box(rs.gate.masks(text, sentences));
            }
            best = best.min(t.elapsed().as_secs_f64());
        }
        best
    };
    let t = Instant::now();
    rs.gate.build_scan();
    let build = t.elapsed().as_secs_f64();
    let best = pass_time();
    let (mut pass, mut all) = (0usize, 0usize);
    for (text, sentences) in &docs {
        let m = rs.gate.masks(text, sentences);
        for (ri, r) in rs.rules.iter().enumerate() {
            if !rs.gate.gated(ri, &r.id) {
                continue;
            }
            all += sentences.len();
            pass += m.runs(ri).map(|(i, j)| j + 1 - i).sum::<usize>();
        }
    }
    println!("the automaton took {:.1} ms to build", build * 1e3);
    println!(
        "{mb:.2} MB, {} articles: gate pass {:.1} ms ({:.0} MB/s); lets through {:.1}% of (rule, sentence) pairs",
        docs.len(),
        best * 1e3,
        mb / best,
        100.0 * pass as f64 / all.max(1) as f64
    );
}
