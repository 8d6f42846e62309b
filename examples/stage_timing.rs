//! Time each stage of the pipeline, many times over, for profiling:
//! `cargo run --release --example stage_timing [DIR] [REPS] [long] [resolve] [quotes]`.
//! The articles run through the library's one staged pipeline in chunks,
//! as the batch runs them, and each stage's time is printed per repetition
//! (only resolve or quotes when named). With `long`, the articles are
//! joined into one text (as the benchmark's long article), so super-linear
//! behaviour shows.
use blotter::rules::RuleSet;
use blotter::{Extractor, StageTimes};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).cloned().unwrap_or_else(|| "corpus".into());
    let reps: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(3);
    let long = args.iter().any(|a| a == "long");
    let mut problems = Vec::new();
    let mut paths = blotter::app::read::collect(&[dir.into()], &mut problems);
    paths.sort();
    let mut texts: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    if long {
        texts = vec![texts.join("\n")];
    }
    let ex = Extractor::new(RuleSet::builtin().unwrap());
    // Every automaton a long run builds on the side, built now: otherwise
    // the first repetition's match stage races their build (the gate's
    // DFA is ready or not), and instruction counts per repetition vary.
    ex.rules.gate.build_scan();
    ex.rules.prebuild_lexicon_regexes();
    let docs: Vec<(&str, &str)> = texts.iter().map(|t| ("-", t.as_str())).collect();
    let mb = texts.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    let only = |s: &str| args.iter().any(|a| a == s);
    let all = !only("resolve") && !only("quotes");
    for _ in 0..reps {
        let mut st = StageTimes::default();
        for chunk in docs.chunks(blotter::app::batch::CHUNK) {
            std::hint::black_box(ex.extract_many_timed(chunk, &mut st));
        }
        for (name, d) in st.named() {
            if name != "read" && (all || only(name)) {
                let d = d.as_secs_f64();
                println!("{name:<10} {:7.1} MB/s {:8.1} ms", mb / d, d * 1e3);
            }
        }
        println!();
    }
}
