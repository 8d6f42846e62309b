//! Any bytes in: reading, splitting and extraction never panic, and every
//! fact and sentence points inside the input on character boundaries.
#![no_main]

use std::sync::OnceLock;

use blotter::rules::RuleSet;
use blotter::Extractor;
use libfuzzer_sys::fuzz_target;

fn extractor() -> &'static Extractor {
    static EX: OnceLock<Extractor> = OnceLock::new();
    EX.get_or_init(|| Extractor::new(RuleSet::builtin().expect("built-in rules load")))
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = blotter::app::read::decode(data.to_vec()) else {
        return; // binary: refused, as it should be
    };
    let text = input.text.as_str();
    assert_eq!(text.len(), data.len(), "decoding keeps offsets");
    let norm = blotter::text::normalise::normalise(text);
    let mut last = 0;
    for s in blotter::text::split::split(&norm) {
        assert!(last <= s.start && s.start <= s.end && s.end <= text.len());
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        last = s.end;
    }
    let rec = extractor().extract("fuzz", text);
    let spans = rec
        .seizures
        .iter()
        .map(|f| &f.provenance)
        .chain(rec.cash.iter().map(|f| &f.provenance))
        .chain(rec.counts.iter().map(|f| &f.provenance))
        .chain(rec.dates.iter().map(|f| &f.provenance))
        .chain(rec.quotes.iter().map(|f| &f.provenance))
        .chain(rec.officials.iter().map(|f| &f.provenance));
    for p in spans {
        let [s, e] = p.span;
        assert_eq!(text.get(s..e), Some(p.text.as_str()));
    }
});
