use regex_automata::{meta, nfa::thompson};
use std::time::{Duration, Instant};
fn main() {
    let rs = blotter::rules::RuleSet::builtin().unwrap();
    let ids = [
        "count.people-arrested",
        "count.arrested-people",
        "count.of-those-verb",
        "count.number-verb",
        "date.day-month",
        "date.month-day",
        "money.symbol-amount",
        "seizure.qty-unit-of-drug",
        "seizure.qty-drug-unit",
        "seizure.drug-colon",
        "seizure.bare-weight",
    ];
    let hirs: Vec<_> = rs
        .rules
        .iter()
        .filter(|r| ids.contains(&r.id.as_str()))
        .map(|r| {
            let src = blotter::rules::ascii_word_boundaries(&r.source);
            regex_syntax::ParserBuilder::new()
                .case_insensitive(!r.case_sensitive)
                .build()
                .parse(&src)
                .unwrap()
        })
        .collect();
    let mut t = [Duration::ZERO; 4];
    for _ in 0..5 {
        for h in &hirs {
            let s = Instant::now();
            let c = meta::Config::new()
                .nfa_size_limit(Some(64 << 20))
                .hybrid_cache_capacity(64 << 20)
                .auto_prefilter(false);
            std::hint::black_box(meta::Builder::new().configure(c).build_from_hir(h).unwrap());
            t[0] += s.elapsed();
            let s = Instant::now();
            let c = meta::Config::new()
                .nfa_size_limit(Some(64 << 20))
                .hybrid(false)
                .dfa(false)
                .onepass(false)
                .auto_prefilter(false);
            std::hint::black_box(meta::Builder::new().configure(c).build_from_hir(h).unwrap());
            t[1] += s.elapsed();
            let s = Instant::now();
            std::hint::black_box(
                thompson::Compiler::new()
                    .configure(thompson::Config::new().nfa_size_limit(Some(64 << 20)))
                    .build_from_hir(h)
                    .unwrap(),
            );
            t[2] += s.elapsed();
            let s = Instant::now();
            let c = meta::Config::new()
                .nfa_size_limit(Some(64 << 20))
                .hybrid_cache_capacity(64 << 20)
                .onepass(false)
                .auto_prefilter(false);
            std::hint::black_box(meta::Builder::new().configure(c).build_from_hir(h).unwrap());
            t[3] += s.elapsed();
        }
    }
    println!(
        "meta {:?} | meta no-dfa {:?} | fwd nfa {:?} | meta no-onepass {:?}",
        t[0] / 5,
        t[1] / 5,
        t[2] / 5,
        t[3] / 5
    );
}
