//! The drug a back-reference means ("the drugs weighed 112 pounds", "54
//! kilos of the substance"), from the drugs named and counted before it.

use crate::engine::Match;
use crate::record::Seizure;
use crate::rules::contract::Lex;
use crate::rules::settings::RefScope;
use crate::rules::RuleSet;
use crate::text::floor_char;
use crate::text::split::Sentence;

use super::units::unit_of;

/// The drug a back-reference means. "the tablets": the drug of the last
/// seizure counted in tablets, within three sentences. A rule with
/// `ref_scope = "sentence"` (a bare "54 kilos") takes the drug of the
/// nearest seizure or drug name before it in the same sentence, and gives
/// no fact without one. Otherwise the last drug named in this sentence or
/// the three before, else "unspecified".
pub(super) fn refer(
    rules: &RuleSet,
    text: &str,
    sentences: &[Sentence],
    seizures: &[Seizure],
    m: &Match,
    reference: &str,
) -> Option<String> {
    if let Some(ref_unit) = reference
        .split_whitespace()
        .last()
        .and_then(|t| unit_of(rules, t))
    {
        let found = seizures
            .iter()
            .rev()
            .take(50)
            .take_while(|s| s.provenance.sentence + 3 >= m.sentence)
            .find(|s| s.unit == ref_unit)
            .map(|s| s.drug.clone());
        if found.is_some() {
            return found;
        }
    }
    let scope = rules.rules[m.rule].set.ref_scope;
    // "25,000 more pills": only more of what was counted in those units.
    if scope == Some(RefScope::Unit) {
        return None;
    }
    if scope == Some(RefScope::Sentence) {
        let from = sentences[m.sentence].start;
        let named = drug_before(rules, text, sentences, m.start, m.sentence, 0);
        let counted = seizures
            .iter()
            .rev()
            .take(50)
            .find(|s| s.provenance.sentence == m.sentence && s.provenance.span[0] >= from)
            .map(|s| (s.provenance.span[0], s.drug.clone()));
        // A seizure counted earlier in the sentence beats a drug merely
        // named ("11,850 fentanyl pills pressed to resemble Percocet
        // tablets (weighing about 1.4 kilograms)"), unless it is a total
        // of unnamed drugs and the drug is named after it ("eight tons of
        // various drugs, with the majority of it being cocaine, around
        // 6,7 tons").
        return match (counted, named) {
            (Some((at, d)), Some((named_at, n))) if d == "unspecified" && named_at > at => Some(n),
            (counted, named) => counted.or(named).map(|x| x.1),
        };
    }
    // "A block of cocaine was found under the seat. It weighed 1.1
    // kilograms": "it" is the drug of this sentence or the one before,
    // and never a drug unnamed (a suitcase weighs too).
    if reference
        .split_whitespace()
        .last()
        .is_some_and(|w| w.eq_ignore_ascii_case("it"))
    {
        return drug_before(rules, text, sentences, m.start, m.sentence, 1).map(|(_, d)| d);
    }
    let named = drug_before(rules, text, sentences, m.start, m.sentence, 3);
    if scope == Some(RefScope::Near) {
        // Before it, else later in the same sentence; never "unspecified".
        return named
            .map(|(_, d)| d)
            .or_else(|| drug_after(rules, text, &sentences[m.sentence], m.end));
    }
    // "53 packages of cocaine and one of heroin. The drugs weighed 131
    // pounds": a weight of "the drugs" after a list takes the first drug
    // of the list (the mixture convention): the first drug named in the
    // run of sentences of one paragraph naming drugs that ends with the
    // last one named.
    let lower = reference.to_ascii_lowercase();
    let plural = [
        "drugs",
        "narcotics",
        "substances",
        "contraband",
        "haul",
        "consignment",
        "cargo",
    ]
    .iter()
    .any(|w| lower.contains(w));
    let before = named.map(|(pos, d)| {
        if !plural {
            return d;
        }
        first_of_list(rules, text, sentences, m.sentence, pos).unwrap_or(d)
    });
    // "the drug, which weighed 58.81 kilogrammes" far from the name: the
    // one drug the article has named before, if it named only one.
    before
        .or_else(|| only_drug_before(rules, text, m.start))
        .or_else(|| Some("unspecified".into()))
}

/// The first drug named in the run of sentences of one paragraph naming
/// drugs that ends with the sentence at `pos` (at most three sentences
/// before `sentence`).
fn first_of_list(
    rules: &RuleSet,
    text: &str,
    sentences: &[Sentence],
    sentence: usize,
    pos: usize,
) -> Option<String> {
    let mut i = sentences.partition_point(|s| s.end <= pos);
    if i >= sentences.len() {
        return None;
    }
    let mut first = drug_after(rules, text, &sentences[i], sentences[i].start);
    let paragraph = sentences[i].paragraph;
    while i > 0 && i + 3 > sentence && sentences[i - 1].paragraph == paragraph {
        match drug_after(rules, text, &sentences[i - 1], sentences[i - 1].start) {
            Some(earlier) => {
                first = Some(earlier);
                i -= 1;
            }
            None => break,
        }
    }
    first
}

/// The drug named before `pos` when the text before names exactly one.
fn only_drug_before(rules: &RuleSet, text: &str, pos: usize) -> Option<String> {
    let re = rules.lexicon_regex(Lex::Drug)?;
    let lex = rules.lexicon(Lex::Drug)?;
    let from = floor_char(text, pos.saturating_sub(20_000));
    let mut only: Option<&str> = None;
    for m in re.find_iter(&text[from..pos]) {
        match lex.canonical(m.as_str()) {
            Some("unspecified") | None => {}
            Some(c) if only.is_none_or(|o| o == c) => only = Some(c),
            Some(_) => return None,
        }
    }
    only.map(str::to_string)
}

/// The first drug named after `pos` in the sentence.
fn drug_after(rules: &RuleSet, text: &str, sentence: &Sentence, pos: usize) -> Option<String> {
    let re = rules.lexicon_regex(Lex::Drug)?;
    let lex = rules.lexicon(Lex::Drug)?;
    let end = floor_char(text, sentence.end.min(pos + 1500)).max(pos);
    re.find_iter(&text[pos..end])
        .filter_map(|m| lex.canonical(m.as_str()))
        .find(|c| *c != "unspecified")
        .map(str::to_string)
}

/// The last drug named before `pos`, in this sentence or the `back` before
/// it, skipping the generic "drugs", with where it was named.
fn drug_before(
    rules: &RuleSet,
    text: &str,
    sentences: &[Sentence],
    pos: usize,
    sentence: usize,
    back: usize,
) -> Option<(usize, String)> {
    let re = rules.lexicon_regex(Lex::Drug)?;
    let lex = rules.lexicon(Lex::Drug)?;
    // Bounded, so a huge sentence without full stops stays linear.
    let from = sentences[sentence.saturating_sub(back)]
        .start
        .max(floor_char(text, pos.saturating_sub(1500)));
    let mut last = None;
    for m in re.find_iter(&text[from..pos]) {
        if let Some(c) = lex.canonical(m.as_str()) {
            if c != "unspecified" {
                last = Some((from + m.start(), c.to_string()));
            }
        }
    }
    last
}
