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
    let rules: Vec<usize> = (0..rs.rules.len())
        .filter(|&ri| rs.rules[ri].kind != blotter::rules::Kind::Line)
        .collect();
    let run = |rl: &[usize], ds: std::ops::Range<usize>| {
        let mut n = 0;
        // chunks of 512 docs, rule-major inside a chunk
        let idx: Vec<usize> = ds.collect();
        for ch in idx.chunks(512) {
            for &ri in rl {
                for &d in ch {
                    n += blotter::engine::run_one(
                        &rs,
                        ri,
                        (&docs[d].0, lowers[d].as_deref()),
                        &docs[d].1,
                        &masks[d],
                    )
                    .len();
                }
            }
        }
        n
    };
    let n = docs.len();
    let mode = std::env::args().nth(2).unwrap_or_default();
    for rep in 0..4 {
        let t = Instant::now();
        let c = match mode.as_str() {
            "one" => run(&rules, 0..n),
            "docs" => {
                let (a, b) = rayon::join(|| run(&rules, 0..n / 2), || run(&rules, n / 2..n));
                a + b
            }
            "dyn" => {
                use rayon::prelude::*;
                let idx: Vec<usize> = (0..n).collect();
                let mut tot = 0;
                for ch in idx.chunks(512) {
                    tot += rules
                        .par_iter()
                        .with_max_len(1)
                        .map(|&ri| {
                            let mut k = 0;
                            for &d in ch {
                                k += blotter::engine::run_one(
                                    &rs,
                                    ri,
                                    (&docs[d].0, lowers[d].as_deref()),
                                    &docs[d].1,
                                    &masks[d],
                                )
                                .len();
                            }
                            k
                        })
                        .sum::<usize>();
                }
                tot
            }
            _ => {
                // rules split: alternate rules between threads (costs spread)
                let a: Vec<usize> = rules.iter().copied().step_by(2).collect();
                let b: Vec<usize> = rules.iter().copied().skip(1).step_by(2).collect();
                let (x, y) = rayon::join(|| run(&a, 0..n), || run(&b, 0..n));
                x + y
            }
        };
        println!("{mode} rep {rep}: {:?} ({c} matches)", t.elapsed());
    }
}
