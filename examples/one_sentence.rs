//! What a one-sentence input costs: `cargo run --release --example
//! one_sentence ["TEXT"]` prints the rules whose regexes it built and the
//! time of each step.
use std::time::Instant;
fn main() {
    let text = std::env::args().nth(1).unwrap_or_else(|| {
        "Police seized 3kg of cocaine and £2,000 in cash on 4 March; two men were arrested.".into()
    });
    let t = Instant::now();
    let ex = blotter::Extractor::new(blotter::rules::RuleSet::builtin().unwrap());
    println!("load {:?}", t.elapsed());
    let t = Instant::now();
    let rec = ex.extract("stdin", &text);
    println!("extract {:?}", t.elapsed());
    let built: Vec<&str> = ex
        .rules
        .rules
        .iter()
        .filter(|r| r.is_compiled())
        .map(|r| r.id.as_str())
        .collect();
    let bytes: usize = ex
        .rules
        .rules
        .iter()
        .filter(|r| r.is_compiled())
        .map(|r| r.source().len())
        .sum();
    println!(
        "{} of {} rules built ({} bytes of regex): {}",
        built.len(),
        ex.rules.rules.len(),
        bytes,
        built.join(" ")
    );
    let t = Instant::now();
    let _ = ex.extract("stdin", &text);
    println!("extract again {:?}", t.elapsed());
    println!(
        "{} seizures, {} cash, {} counts, {} dates",
        rec.seizures.len(),
        rec.cash.len(),
        rec.counts.len(),
        rec.dates.len()
    );
}
