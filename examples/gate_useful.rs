//! How much of what the gate lets each rule scan holds a match of it:
//! `cargo run --release --example gate_useful DIR` prints, per rule, the
//! bytes of the sentences it scans and of those it matches in.
mod common;

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "corpus".into());
    let rs = blotter::rules::RuleSet::builtin().unwrap();
    let docs = common::docs(&dir);
    let n = rs.rules.len();
    let (mut scanned, mut useful) = (vec![0usize; n], vec![0usize; n]);
    let gated = blotter::engine::gated_rules(&rs);
    for (text, sentences) in &docs {
        let masks = rs.gate.masks(text, sentences);
        let lower = blotter::engine::folded(&rs, text);
        for (ri, r) in rs.rules.iter().enumerate() {
            if r.kind == blotter::rules::Kind::Line {
                continue;
            }
            let g = rs.gate.rule(ri, &r.id);
            let mut hit = vec![false; sentences.len()];
            for m in blotter::engine::run_one(
                &rs,
                ri,
                (text, lower.as_deref()),
                sentences,
                (&masks, &gated),
            ) {
                hit[m.sentence] = true;
            }
            for (si, s) in sentences.iter().enumerate() {
                let len = s.end - s.start;
                if !rs.gate.gated(ri, &r.id) || g.pass(&masks, si) {
                    scanned[ri] += len;
                }
                if hit[si] {
                    useful[ri] += len;
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(scanned[i]));
    for &i in &order {
        if scanned[i] > 0 {
            println!(
                "{:>9} {:>9} {:5.1}% {}",
                scanned[i],
                useful[i],
                100.0 * useful[i] as f64 / scanned[i] as f64,
                rs.rules[i].id
            );
        }
    }
    let (s, u): (usize, usize) = (scanned.iter().sum(), useful.iter().sum());
    println!(
        "scanned {s}, in sentences with a match {u} ({:.1}%)",
        100.0 * u as f64 / s as f64
    );
}
