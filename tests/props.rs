//! Properties over arbitrary text (multi-byte characters, quotation marks,
//! digits, currency signs, newlines): extraction never panics and every
//! fact points at its own text; the splitter's sentences are in order, do
//! not overlap and lie on character boundaries; and the rule engine finds
//! exactly what a plain scan of every rule finds.

use std::sync::OnceLock;

use blotter::engine::{self, Match};
use blotter::record::Provenance;
use blotter::rules::{Kind, RuleSet};
use blotter::text::split::{self, Sentence};
use blotter::Extractor;
use proptest::prelude::*;

const ALL_KINDS: [Kind; 5] = [
    Kind::Seizure,
    Kind::Money,
    Kind::Count,
    Kind::Date,
    Kind::Exclude,
];

fn extractor() -> &'static Extractor {
    static EX: OnceLock<Extractor> = OnceLock::new();
    EX.get_or_init(|| Extractor::new(RuleSet::builtin().expect("built-in rules load")))
}

/// Pieces of press-release text, and characters that are hard on offsets.
const PIECES: &[&str] = &[
    " ",
    "  ",
    ".",
    ". ",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "\u{a0}",
    "\u{2009}",
    "\u{feff}",
    "\"",
    "“",
    "”",
    "‘",
    "’",
    "'",
    "«",
    "»",
    "£",
    "€",
    "$",
    "US$",
    "₹",
    "¥",
    "kg",
    "g",
    " of cocaine",
    " heroin",
    " cannabis",
    " worth ",
    " million",
    "bn",
    ",",
    "1,000",
    "3.5",
    "½",
    " arrested",
    " people were charged",
    "Mr.",
    "Det. Insp. ",
    "Jane Smith",
    "Ciarán Ó Sé",
    "Superintendent ",
    " said: ",
    " said",
    ":",
    "(",
    ")",
    "-",
    "–",
    "—",
    "...",
    "…",
    "!",
    "?",
    "4 March 2024",
    "Tuesday",
    "last week",
    "12/03/2024",
    "é",
    "ñ",
    "日本",
    "🙂",
    "\u{301}",
    "ß",
    "İ",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(PIECES).prop_map(str::to_string),
        2 => (0u32..2_000_000).prop_map(|n| n.to_string()),
        2 => any::<char>().prop_map(String::from),
        1 => prop::collection::vec(prop::char::range('a', 'z'), 1..8)
            .prop_map(|v| v.into_iter().collect::<String>()),
    ]
}

fn article() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..80).prop_map(|v| v.concat())
}

fn check_provenance(input: &str, p: &Provenance, what: &str) -> Result<(), TestCaseError> {
    let [s, e] = p.span;
    prop_assert!(
        s <= e && e <= input.len(),
        "{what}: span {s}..{e} out of 0..{}",
        input.len()
    );
    prop_assert!(
        input.is_char_boundary(s) && input.is_char_boundary(e),
        "{what}: span {s}..{e} not on char boundaries"
    );
    prop_assert_eq!(&p.text, &input[s..e], "{}: text is not input[span]", what);
    Ok(())
}

fn check_sentences(input: &str, sentences: &[Sentence]) -> Result<(), TestCaseError> {
    let mut last_end = 0;
    for (i, s) in sentences.iter().enumerate() {
        prop_assert!(s.start <= s.end, "sentence {i}: {}..{}", s.start, s.end);
        prop_assert!(s.end <= input.len(), "sentence {i} ends past the input");
        prop_assert!(
            s.start >= last_end,
            "sentence {i} ({}..{}) overlaps or precedes the one before (ends {last_end})",
            s.start,
            s.end
        );
        prop_assert!(
            input.is_char_boundary(s.start) && input.is_char_boundary(s.end),
            "sentence {i} ({}..{}) not on char boundaries",
            s.start,
            s.end
        );
        last_end = s.end;
    }
    Ok(())
}

/// The rule engine as first written: every rule over the whole text, one
/// match after another; a match crossing a sentence boundary searched again
/// inside its sentence (`\b` at the sentence's end still sees the text
/// after it). The engine may be faster, never different.
fn reference_run(rules: &RuleSet, text: &str, sentences: &[Sentence]) -> Vec<Match> {
    let mut out = Vec::new();
    for (ri, rule) in rules.rules.iter().enumerate() {
        // Line rules classify the page's lines before matching (src/lines.rs).
        if rule.kind == Kind::Line {
            continue;
        }
        let mut locs = rule.regex().capture_locations();
        let mut at = 0;
        while at <= text.len() {
            let Some(m) = rule.regex().captures_read_at(&mut locs, text, at) else {
                break;
            };
            let (start, end) = (m.start(), m.end());
            at = if end > start {
                end
            } else {
                let mut j = end + 1;
                while j < text.len() && !text.is_char_boundary(j) {
                    j += 1;
                }
                j
            };
            let start = end - text[start..end].trim_start().len();
            let Some(si) = engine::sentence_at(sentences, start) else {
                continue;
            };
            if end > sentences[si].end {
                let s = &sentences[si];
                at = s.end;
                if let Some(m2) = rule.regex().captures_in(&mut locs, text, start..s.end) {
                    if m2.end() > m2.start() {
                        at = m2.end();
                        out.push(Match {
                            rule: ri,
                            start: m2.end() - m2.as_str().trim_start().len(),
                            end: m2.end(),
                            sentence: si,
                            groups: (0..locs.len()).map(|g| locs.get(g)).collect(),
                        });
                    }
                }
                continue;
            }
            out.push(Match {
                rule: ri,
                start,
                end,
                sentence: si,
                groups: (0..locs.len()).map(|g| locs.get(g)).collect(),
            });
        }
    }
    out
}

fn same_matches(a: &[Match], b: &[Match]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            (x.rule, x.start, x.end, x.sentence) == (y.rule, y.start, y.end, y.sentence)
                && x.groups == y.groups
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn extraction_never_panics_and_spans_hold(input in article()) {
        let rec = extractor().extract("-", &input);
        // A panic inside a stage is caught and turned into a warning, so the
        // warnings are where a crash would show.
        prop_assert!(rec.warnings.is_empty(), "warnings {:?} for {:?}", rec.warnings, input);
        for f in &rec.seizures { check_provenance(&input, &f.provenance, "seizure")?; }
        for f in &rec.cash { check_provenance(&input, &f.provenance, "cash")?; }
        for f in &rec.counts { check_provenance(&input, &f.provenance, "count")?; }
        for f in &rec.dates { check_provenance(&input, &f.provenance, "date")?; }
        for f in &rec.quotes { check_provenance(&input, &f.provenance, "quote")?; }
        for f in &rec.officials { check_provenance(&input, &f.provenance, "official")?; }
        // And the record always serialises.
        let line = blotter::output::write::render(&rec, blotter::output::write::Format::Jsonl);
        prop_assert!(line.ends_with(b"\n"));
    }

    #[test]
    fn sentences_are_ordered_and_on_char_boundaries(input in article()) {
        let norm = blotter::text::normalise::normalise(&input);
        prop_assert_eq!(norm.len(), input.len());
        check_sentences(&input, &split::split(&norm))?;
    }

    #[test]
    fn engine_matches_a_plain_scan(input in article()) {
        let rules = &extractor().rules;
        let norm = blotter::text::normalise::normalise(&input);
        let sentences = split::split(&norm);
        let got = engine::run(rules, &norm, &sentences, &ALL_KINDS);
        let want = reference_run(rules, &norm, &sentences);
        prop_assert!(same_matches(&got, &want), "engine differs from a plain scan");
    }
}

/// The corpus, and a text long enough for the engine's parallel path.
#[test]
fn engine_matches_a_plain_scan_on_the_corpus() {
    let rules = &extractor().rules;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let mut all = String::new();
    for p in &paths {
        let text = blotter::text::normalise::normalise(&std::fs::read_to_string(p).unwrap());
        let sentences = split::split(&text);
        let got = engine::run(rules, &text, &sentences, &ALL_KINDS);
        assert!(
            same_matches(&got, &reference_run(rules, &text, &sentences)),
            "{}",
            p.display()
        );
        all.push_str(&text);
        all.push('\n');
    }
    let mut big = String::with_capacity(engine::PARALLEL_FROM + all.len());
    while big.len() < engine::PARALLEL_FROM {
        big.push_str(&all);
    }
    let sentences = split::split(&big);
    let got = engine::run(rules, &big, &sentences, &ALL_KINDS);
    assert!(same_matches(&got, &reference_run(rules, &big, &sentences)));
}
