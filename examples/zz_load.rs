fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(50);
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(blotter::rules::RuleSet::builtin().unwrap());
    }
    println!("load {:?} each", t.elapsed() / n as u32);
}
