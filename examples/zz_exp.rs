use regex_automata::{meta, Input, MatchKind};
use std::time::Instant;
fn main() {
    let rs = blotter::rules::RuleSet::builtin().unwrap();
    let paths = blotter::app::read::collect(&["/work/benchcorpus/x1".into()], &mut Vec::new());
    let texts: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let mb = texts.iter().map(|t| t.len()).sum::<usize>() as f64 / 1e6;
    let srcs: Vec<(String, bool)> = rs
        .rules
        .iter()
        .map(|r| (r.source.to_string(), r.case_sensitive))
        .collect();
    for (name, pf) in [
        ("default", true),
        ("no prefilter", false),
        ("default", true),
    ] {
        let t = Instant::now();
        let res: Vec<meta::Regex> = srcs
            .iter()
            .map(|(s, cs)| {
                meta::Builder::new()
                    .configure(
                        meta::Config::new()
                            .nfa_size_limit(Some(64 << 20))
                            .hybrid_cache_capacity(64 << 20)
                            .match_kind(MatchKind::LeftmostFirst)
                            .utf8_empty(true)
                            .auto_prefilter(pf),
                    )
                    .syntax(
                        regex_automata::util::syntax::Config::new()
                            .case_insensitive(!cs)
                            .utf8(true),
                    )
                    .build(s)
                    .unwrap()
            })
            .collect();
        let c = t.elapsed();
        for pass in 0..2 {
            let t = Instant::now();
            let mut n = 0;
            for re in &res {
                let mut caps = re.create_captures();
                for text in &texts {
                    let mut at = 0;
                    while at <= text.len() {
                        re.search_captures(
                            &Input::new(text.as_str()).span(at..text.len()),
                            &mut caps,
                        );
                        match caps.get_match() {
                            Some(m) => {
                                n += 1;
                                at = if m.end() > m.start() {
                                    m.end()
                                } else {
                                    m.end() + 1
                                };
                            }
                            None => break,
                        }
                    }
                }
            }
            println!(
                "{name}: compile {c:?}, scan pass {pass} {:?} ({:.1} MB/s per rule avg) {n}",
                t.elapsed(),
                mb * res.len() as f64 / t.elapsed().as_secs_f64()
            );
        }
    }
}
