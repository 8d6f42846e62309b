//! Each rule's cost in the match stage, the gate's masks made beforehand:
//! `cargo run --release --example rule_cost DIR`. Columns: the rule over
//! the sentences the gate lets through (warm), the same rule over the
//! whole text (warm), the runs it searched, the bytes of those runs.
use std::time::Instant;

mod common;

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "corpus".into());
    let rs = blotter::rules::RuleSet::builtin().unwrap();
    let docs = common::docs(&dir);
    let masks: Vec<_> = docs.iter().map(|(t, s)| rs.gate.masks(t, s)).collect();
    let lowers: Vec<Option<String>> = docs
        .iter()
        .map(|(t, _)| blotter::engine::folded(&rs, t))
        .collect();
    let gated_by_rule = blotter::engine::gated_rules(&rs);
    let mut rows = Vec::new();
    for (ri, r) in rs.rules.iter().enumerate() {
        if r.kind == blotter::rules::Kind::Line {
            continue;
        }
        let mut gated = f64::MAX;
        let mut bare = f64::MAX;
        let mut caps = f64::MAX;
        let (mut runs, mut bytes) = (0usize, 0usize);
        for d in 0..docs.len() {
            for (i, j) in masks[d].runs(ri) {
                runs += 1;
                bytes += docs[d].1[j].end - docs[d].1[i].start;
            }
        }
        for _ in 0..2 {
            let t = Instant::now();
            for (d, (text, sentences)) in docs.iter().enumerate() {
                std::hint::black_box(blotter::engine::run_one(
                    &rs,
                    ri,
                    (text, lowers[d].as_deref()),
                    sentences,
                    (&masks[d], &gated_by_rule),
                ));
            }
            gated = gated.min(t.elapsed().as_secs_f64());
            let t = Instant::now();
            for (text, _) in &docs {
                std::hint::black_box(r.regex().find_iter(text).count());
            }
            bare = bare.min(t.elapsed().as_secs_f64());
            let t = Instant::now();
            let mut locs = r.regex().capture_locations();
            for (text, _) in &docs {
                let mut at = 0;
                while let Some(m) = r.regex().captures_read_at(&mut locs, text, at) {
                    at = if m.end() > m.start() {
                        m.end()
                    } else {
                        m.end() + 1
                    };
                    if at > text.len() {
                        break;
                    }
                }
            }
            caps = caps.min(t.elapsed().as_secs_f64());
        }
        rows.push((gated, bare, caps, runs, bytes, r.id.clone()));
    }
    rows.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap());
    println!(
        "{:>8} {:>8} {:>8} {:>7} {:>9}  rule",
        "gated", "bare", "caps", "runs", "run KB"
    );
    let (mut tg, mut tb, mut tmin) = (0.0, 0.0, 0.0);
    let mut tc = 0.0;
    for (g, b, c, runs, bytes, id) in rows {
        tc += c;
        tg += g;
        tb += b;
        tmin += f64::min(g, b);
        println!(
            "{:8.1} {:8.1} {:8.1} {runs:7} {:9}  {id}",
            g * 1e3,
            b * 1e3,
            c * 1e3,
            bytes / 1000
        );
    }
    println!(
        "total gated {:.1} ms, bare {:.1} ms, bare with captures {:.1} ms, best of each {:.1} ms",
        tg * 1e3,
        tb * 1e3,
        tc * 1e3,
        tmin * 1e3
    );
}
