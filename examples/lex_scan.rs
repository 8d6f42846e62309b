//! Time a whole-text search of each lexicon the facts stages read:
//! `cargo run --release --example lex_scan [DIR]`.
use blotter::rules::contract::Lex;
fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "corpus".into());
    let rs = blotter::rules::RuleSet::builtin().unwrap();
    rs.prebuild_lexicon_regexes();
    let mut problems = Vec::new();
    let paths = blotter::app::read::collect(&[dir.into()], &mut problems);
    let texts: Vec<String> = paths
        .iter()
        .map(|p| blotter::text::normalise::normalise(&std::fs::read_to_string(p).unwrap()))
        .collect();
    for lex in [
        Lex::Drug,
        Lex::Title,
        Lex::CurrencyPlace,
        Lex::CountCue,
        Lex::MoneyRole,
        Lex::DateOrder,
    ] {
        let Some(re) = rs.lexicon_regex(lex) else {
            continue;
        };
        let mut best = f64::MAX;
        let mut n = 0;
        for _ in 0..3 {
            let t = std::time::Instant::now();
            n = texts.iter().map(|t| re.find_iter(t).count()).sum::<usize>();
            best = best.min(t.elapsed().as_secs_f64() * 1e3);
        }
        println!("{lex:?}: {n} hits, {best:.1} ms");
    }
}
