//! Time the rules of one kind as the batch runs them (gate included):
//! `cargo run --release --example one_rule ID [DIR]`: every rule of the
//! kind of rule ID, four passes (the first warms the lazy DFAs).
fn main() {
    let id = std::env::args().nth(1).expect("rule id");
    let dir = std::env::args().nth(2).unwrap_or_else(|| "corpus".into());
    let rs = blotter::rules::RuleSet::builtin().unwrap();
    let ri = rs
        .rules
        .iter()
        .position(|r| r.id == id)
        .expect("no such rule");
    let mut texts = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        texts.push(blotter::text::normalise::normalise(
            &std::fs::read_to_string(e.path()).unwrap_or_default(),
        ));
    }
    let sentences: Vec<_> = texts
        .iter()
        .map(|t| blotter::text::split::split(t))
        .collect();
    let docs: Vec<(&str, &[blotter::text::split::Sentence])> = texts
        .iter()
        .zip(&sentences)
        .map(|(t, s)| (t.as_str(), s.as_slice()))
        .collect();
    let kind = [rs.rules[ri].kind];
    for pass in 0..4 {
        let t = std::time::Instant::now();
        let n: usize = blotter::engine::run_many(&rs, &docs, &kind)
            .iter()
            .map(Vec::len)
            .sum();
        println!(
            "pass {pass}: {n} matches of every {:?} rule, {:.1} ms",
            kind[0],
            t.elapsed().as_secs_f64() * 1e3
        );
    }
}
