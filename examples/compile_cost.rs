//! Start-up parts: `cargo run --release --example compile_cost`: loading
//! the embedded rules (best of 5) and building every regex.
use std::time::{Duration, Instant};
fn main() {
    let mut best = Duration::MAX;
    let mut rs = None;
    for _ in 0..5 {
        let t = Instant::now();
        rs = Some(blotter::rules::RuleSet::builtin().unwrap());
        best = best.min(t.elapsed());
    }
    let rs = rs.unwrap();
    let total: usize = rs.rules.iter().map(|r| r.source().len()).sum();
    println!(
        "load {best:?} ({} rules, {total} bytes of regex)",
        rs.rules.len()
    );
    let t = Instant::now();
    rs.compile_all().unwrap();
    println!("build every regex {:?}", t.elapsed());
}
