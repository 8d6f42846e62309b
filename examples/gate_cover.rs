//! How much text the gate lets each rule scan: `cargo run --release
//! --example gate_cover DIR` prints the bytes of the sentences each rule
//! may match in, summed over rules, against rules x text.
fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "corpus".into());
    let ex = blotter::Extractor::new(blotter::rules::RuleSet::builtin().unwrap());
    let rs = &ex.rules;
    let (mut scanned, mut total) = (0usize, 0usize);
    let mut per = vec![0usize; rs.rules.len()];
    // The *.txt files below DIR, as the batch finds them.
    for p in blotter::app::read::collect(&[dir.into()], &mut Vec::new()) {
        let norm = ex.prepare(&std::fs::read_to_string(&p).unwrap()).0;
        let sents = blotter::text::split::split(&norm);
        let masks = rs.gate.masks(&norm, &sents);
        for (ri, r) in rs.rules.iter().enumerate() {
            if r.kind == blotter::rules::Kind::Line {
                continue;
            }
            total += norm.len();
            if !rs.gate.gated(ri, &r.id) {
                scanned += norm.len();
                per[ri] += norm.len();
                continue;
            }
            let g = rs.gate.rule(ri, &r.id);
            for (si, s) in sents.iter().enumerate() {
                if g.pass(&masks, si) {
                    scanned += s.end - s.start;
                    per[ri] += s.end - s.start;
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..per.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(per[i]));
    for &i in order.iter().take(25) {
        let r = &rs.rules[i];
        println!(
            "{:>10} {:<40} needs {:?} anchors {:?}",
            per[i], r.id, r.needs, r.anchors
        );
    }
    println!(
        "scanned {scanned} of {total} ({:.1}%)",
        100.0 * scanned as f64 / total as f64
    );
}
