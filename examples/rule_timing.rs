//! Time each rule over a folder of articles, to find the slow ones:
//! `cargo run --release --example rule_timing [DIR]` (default `corpus`).
//! Two columns: the rule's regex over the whole text ("bare"), and the
//! rule as the engine runs it, over the sentences the gate lets through
//! ("gated"; the one gate pass is timed on its own).
use std::time::Instant;

mod common;

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "corpus".into());
    let rs = blotter::rules::RuleSet::builtin().unwrap();
    let docs = common::docs(&dir);
    let mb = docs.iter().map(|d| d.0.len()).sum::<usize>() as f64 / 1e6;
    let t = Instant::now();
    for (text, sentences) in &docs {
        std::hint::black_box(rs.gate.masks(text, sentences));
    }
    let gate = t.elapsed().as_secs_f64();
    println!(
        "{mb:.2} MB, {} articles; gate pass {:.1} ms ({:.0} MB/s)",
        docs.len(),
        gate * 1e3,
        mb / gate
    );
    let all: Vec<usize> = (0..rs.rules.len()).collect();
    for pass in 0..2 {
        let t = Instant::now();
        let mut n = 0;
        for (text, sentences) in &docs {
            n += blotter::engine::run_rules(&rs, text, sentences, &all).len();
        }
        println!(
            "all rules, article by article (pass {pass}): {:.1} ms, {n} matches",
            t.elapsed().as_secs_f64() * 1e3
        );
    }
    let mut rows = Vec::new();
    let (mut tb, mut tg, mut warm_up) = (0.0, 0.0, 0.0);
    for (ri, r) in rs.rules.iter().enumerate() {
        let t = Instant::now();
        let mut n = 0;
        for (text, _) in &docs {
            n += r.regex().find_iter(text).count();
        }
        let bare = t.elapsed().as_secs_f64();
        // A clone has fresh (cold) lazy-DFA caches: the first run pays
        // for building the states, the second is the steady state.
        let fresh = rs.clone();
        let t = Instant::now();
        for (text, sentences) in &docs {
            std::hint::black_box(blotter::engine::run_rules(&fresh, text, sentences, &[ri]));
        }
        let cold = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let mut g = 0;
        for (text, sentences) in &docs {
            g += blotter::engine::run_rules(&fresh, text, sentences, &[ri]).len();
        }
        let gated = t.elapsed().as_secs_f64();
        warm_up += cold - gated;
        tb += bare;
        tg += gated;
        rows.push((gated, cold - gated, bare, r.id.clone(), n, g));
    }
    rows.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap());
    println!(
        "{:>9} {:>9} {:>9}  {:>6} {:>6}  rule",
        "gated ms", "warm-up", "bare ms", "bare#", "gated#"
    );
    for (gated, warm, bare, id, n, g) in rows {
        println!(
            "{:9.1} {:9.1} {:9.1}  {n:6} {g:6}  {id}",
            gated * 1e3,
            warm * 1e3,
            bare * 1e3
        );
    }
    println!(
        "{:9.1} ms of lazy-DFA warm-up in all (cold run minus warm run)",
        warm_up * 1e3
    );
    println!(
        "{:9.1} {:9.1}  total (gated includes the gate pass once per rule)",
        tg * 1e3,
        tb * 1e3
    );
}
