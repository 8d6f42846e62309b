//! `blotter explain`: an article sentence by sentence, each fact found
//! highlighted, with the rule that made it and where that rule is written,
//! and the near misses a rule author wants to see (a drug named with no
//! quantity, a currency with no amount).

use crate::rules::contract::Lex;
use std::fmt::Write;

use serde::Serialize;

use crate::engine::lines::Line;
use crate::record::{Provenance, Record};
use crate::rules::RuleSet;
use crate::text::split::Sentence;
use crate::Extractor;

/// An article explained.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub source: String,
    pub sentences: Vec<SentenceReport>,
    /// Facts whose span lies in no sentence (rare: text outside every
    /// sentence).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unplaced: Vec<FactNote>,
    /// The page's own date (the record's `published`).
    pub published: Option<String>,
    /// Lines (or parts of lines) set aside before matching as page
    /// furniture, publication stamps and bylines: no fact comes from them.
    pub set_aside: Vec<AsideNote>,
}

/// A line set aside before matching, and why.
#[derive(Debug, Clone, Serialize)]
pub struct AsideNote {
    /// furniture, stamp or byline.
    pub class: &'static str,
    pub text: String,
    pub span: [usize; 2],
    /// The `line` rule that set it aside and where it is written.
    pub rule: String,
    pub origin: String,
}

/// One sentence, its facts and its near misses.
#[derive(Debug, Clone, Serialize)]
pub struct SentenceReport {
    pub sentence: usize,
    pub paragraph: usize,
    pub span: [usize; 2],
    pub text: String,
    pub facts: Vec<FactNote>,
    pub near_misses: Vec<NearMiss>,
}

/// A fact with where it came from.
#[derive(Debug, Clone, Serialize)]
pub struct FactNote {
    /// seizure, money, count, date, quote or official.
    pub kind: &'static str,
    /// The fact in a few words ("cocaine 460.5 g").
    pub summary: String,
    pub text: String,
    pub span: [usize; 2],
    pub rule: String,
    /// `file:line` of the rule, when it is a rule of the rules folder
    /// (quotes and officials come from code).
    pub origin: Option<String>,
    /// The rule's `doc`: what it is for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// The fact as in the record.
    pub fact: serde_json::Value,
}

/// Something that looks like the start of a fact that no rule completed.
#[derive(Debug, Clone, Serialize)]
pub struct NearMiss {
    /// The kind of fact that is missing: seizure or money.
    pub kind: &'static str,
    pub text: String,
    pub span: [usize; 2],
    pub message: String,
}

fn note<T: Serialize>(
    rules: &RuleSet,
    kind: &'static str,
    summary: String,
    p: &Provenance,
    fact: &T,
) -> (usize, FactNote) {
    let origin = rules
        .rules
        .iter()
        .find(|r| r.id == p.rule)
        .map(|r| r.origin.to_string())
        .or_else(|| {
            rules
                .code_rules
                .iter()
                .find(|c| c.id == p.rule)
                .map(|c| c.origin.to_string())
        });
    let doc = rules.doc_of(&p.rule).map(str::to_string);
    (
        p.sentence,
        FactNote {
            kind,
            summary,
            text: p.text.clone(),
            span: p.span,
            rule: p.rule.clone(),
            origin,
            doc,
            fact: serde_json::to_value(fact).unwrap_or(serde_json::Value::Null),
        },
    )
}

fn approx(a: bool) -> &'static str {
    if a {
        ", approximate"
    } else {
        ""
    }
}

/// Every fact of a record, with the index of its sentence.
fn notes(rules: &RuleSet, record: &Record) -> Vec<(usize, FactNote)> {
    let mut out = Vec::new();
    for f in &record.seizures {
        let mut s = format!("{} {} {}", f.drug, f.quantity, f.unit);
        if let Some(v) = &f.value {
            let _ = write!(s, ", worth {} {}", v.amount, v.currency);
        }
        s.push_str(approx(f.approximate));
        out.push(note(rules, "seizure", s, &f.provenance, f));
    }
    for f in &record.cash {
        let s = format!(
            "{} {}, {}{}",
            f.amount,
            f.currency,
            f.role,
            approx(f.approximate)
        );
        out.push(note(rules, "money", s, &f.provenance, f));
    }
    for f in &record.counts {
        let s = format!("{} {}", f.value, f.what);
        out.push(note(rules, "count", s, &f.provenance, f));
    }
    for f in &record.dates {
        let start = f.start.as_deref().unwrap_or("?");
        let mut s = match f.end.as_deref() {
            Some(e) if e != start => format!("{start} to {e}"),
            _ => start.to_string(),
        };
        let _ = write!(s, " ({}", f.precision);
        if f.relative {
            s.push_str(", relative");
        }
        s.push(')');
        out.push(note(rules, "date", s, &f.provenance, f));
    }
    for f in &record.quotes {
        let s = match &f.speaker {
            Some(sp) => format!("quote by {sp}"),
            None => "quote, speaker unknown".into(),
        };
        out.push(note(rules, "quote", s, &f.provenance, f));
    }
    for f in &record.officials {
        let mut s = f.name.clone();
        for part in [&f.title, &f.role, &f.organisation].into_iter().flatten() {
            let _ = write!(s, ", {part}");
        }
        out.push(note(rules, "official", s, &f.provenance, f));
    }
    out
}

/// Matches of a lexicon inside `text[start..end]`, as (span, text, canonical).
fn lexicon_hits(
    rules: &RuleSet,
    name: Lex,
    text: &str,
    start: usize,
    end: usize,
) -> Vec<([usize; 2], String, String)> {
    let (Some(re), Some(lex)) = (rules.lexicon_regex(name), rules.lexicon(name)) else {
        return Vec::new();
    };
    re.find_iter(&text[start..end])
        .filter_map(|m| {
            let canonical = lex.canonical(m.as_str())?.to_string();
            Some((
                [start + m.start(), start + m.end()],
                m.as_str().to_string(),
                canonical,
            ))
        })
        .collect()
}

/// Reads an article and explains what was found in it and why.
pub fn explain(ex: &Extractor, source: &str, text: &str) -> Explanation {
    let record = ex.extract(source, text);
    explain_record(&ex.rules, &record, text)
}

/// Explains a record made from `text`.
pub fn explain_record(rules: &RuleSet, record: &Record, text: &str) -> Explanation {
    let raw = crate::text::normalise::normalise(text);
    let lines = crate::engine::lines::classify(rules, &raw);
    let set_aside = set_aside_notes(rules, &lines, text);
    // The sentences the record's facts were found in: furniture blanked.
    let norm = crate::engine::lines::mask(&raw, &lines);
    let sentences = crate::text::split::split(&norm);
    let mut reports = sentence_reports(&sentences, text);
    let unplaced = place_facts(notes(rules, record), &sentences, &mut reports);
    for r in &mut reports {
        r.facts.sort_by_key(|f| (f.span[0], f.span[1]));
        r.near_misses = near_misses(rules, r, &norm, text);
    }
    Explanation {
        source: record.source.clone(),
        sentences: reports,
        unplaced,
        published: record.published.clone(),
        set_aside,
    }
}

/// The lines set aside before matching, with the `line` rule that did it.
fn set_aside_notes(rules: &RuleSet, lines: &[Line], text: &str) -> Vec<AsideNote> {
    lines
        .iter()
        .filter_map(|l| {
            let (s, e) = l.aside?;
            let rule = &rules.rules[l.rule?];
            Some(AsideNote {
                class: l.class.name(),
                text: text.get(s..e).unwrap_or("").to_string(),
                span: [s, e],
                rule: rule.id.clone(),
                origin: rule.origin.to_string(),
            })
        })
        .collect()
}

/// One report per sentence, in the words of the input, still without facts.
fn sentence_reports(sentences: &[Sentence], text: &str) -> Vec<SentenceReport> {
    sentences
        .iter()
        .enumerate()
        .map(|(i, s)| SentenceReport {
            sentence: i,
            paragraph: s.paragraph,
            span: [s.start, s.end],
            text: text.get(s.start..s.end).unwrap_or("").to_string(),
            facts: Vec::new(),
            near_misses: Vec::new(),
        })
        .collect()
}

/// Puts each fact under its sentence and returns those that fit none.
/// The fact's own sentence index is trusted when its span starts inside
/// that sentence; otherwise the sentence is found from the span.
fn place_facts(
    notes: Vec<(usize, FactNote)>,
    sentences: &[Sentence],
    reports: &mut [SentenceReport],
) -> Vec<FactNote> {
    let mut unplaced = Vec::new();
    for (si, n) in notes {
        let si = if si < reports.len()
            && reports[si].span[0] <= n.span[0]
            && n.span[0] < reports[si].span[1]
        {
            Some(si)
        } else {
            crate::engine::sentence_at(sentences, n.span[0])
        };
        match si {
            Some(i) => reports[i].facts.push(n),
            None => unplaced.push(n),
        }
    }
    unplaced
}

/// The near misses of one sentence (its facts already sorted), in span
/// order and in the words of the input.
fn near_misses(rules: &RuleSet, r: &SentenceReport, norm: &str, text: &str) -> Vec<NearMiss> {
    let mut misses = Vec::new();
    if !r.facts.iter().any(|f| f.kind == "seizure") {
        misses.extend(drug_misses(rules, norm, r.span));
    }
    if !r.facts.iter().any(|f| f.kind == "money") {
        misses.extend(money_misses(rules, norm, r));
    }
    // Report in the words of the input, not the normalised copy.
    for m in &mut misses {
        if let Some(t) = text.get(m.span[0]..m.span[1]) {
            m.text = t.to_string();
        }
    }
    misses.sort_by_key(|m| m.span);
    misses
}

/// Drugs named in a sentence with no seizure: one near miss per drug
/// (a drug named twice is one miss; an unspecified drug is none).
fn drug_misses(rules: &RuleSet, norm: &str, span: [usize; 2]) -> Vec<NearMiss> {
    let mut misses = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for (span, t, canonical) in lexicon_hits(rules, Lex::Drug, norm, span[0], span[1]) {
        if canonical == "unspecified" || seen.contains(&canonical) {
            continue;
        }
        seen.push(canonical);
        misses.push(NearMiss {
            kind: "seizure",
            message: format!("drug named but no quantity found: `{t}`"),
            text: t,
            span,
        });
    }
    misses
}

/// Currencies (symbols or words) named in a sentence with no money fact,
/// skipping overlapping hits and those inside another fact.
fn money_misses(rules: &RuleSet, norm: &str, r: &SentenceReport) -> Vec<NearMiss> {
    let inside_fact = |span: [usize; 2]| {
        r.facts
            .iter()
            .any(|f| f.span[0] < span[1] && span[0] < f.span[1])
    };
    let mut hits = lexicon_hits(rules, Lex::Currency, norm, r.span[0], r.span[1]);
    hits.extend(lexicon_hits(
        rules,
        Lex::CurrencyWord,
        norm,
        r.span[0],
        r.span[1],
    ));
    hits.sort_by_key(|h| h.0);
    let mut misses = Vec::new();
    let mut last_end = 0;
    for (span, t, _) in hits {
        // A weight in pounds is a seizure, not money.
        if span[0] < last_end || inside_fact(span) {
            continue;
        }
        last_end = span[1];
        misses.push(NearMiss {
            kind: "money",
            message: format!("currency named but no amount found: `{t}`"),
            text: t,
            span,
        });
    }
    misses
}

/// The ANSI colour of a kind of fact.
fn colour(kind: &str) -> &'static str {
    match kind {
        "seizure" => "\x1b[1;31m",
        "money" => "\x1b[1;32m",
        "count" => "\x1b[1;33m",
        "date" => "\x1b[1;34m",
        "quote" => "\x1b[35m",
        "official" => "\x1b[1;36m",
        _ => "\x1b[1m",
    }
}

const RESET: &str = "\x1b[0m";
const DIM: &str = "\x1b[2m";

/// The explanation for a reader: each sentence with its facts highlighted
/// (ANSI colours with `color`, `[brackets]` without), then a line per fact
/// (kind, the fact, the matched text, rule id, rule file:line) and per
/// near miss.
pub fn render(e: &Explanation, color: bool) -> String {
    let paint = Paint(color);
    let mut out = String::new();
    if let Some(d) = &e.published {
        let _ = writeln!(out, "published: {d}");
    }
    render_set_aside(&mut out, &e.set_aside, paint);
    let mut paragraph = None;
    for r in &e.sentences {
        // A blank line between paragraphs, as in the article.
        if paragraph.is_some_and(|p| p != r.paragraph) {
            out.push('\n');
        }
        paragraph = Some(r.paragraph);
        render_sentence(&mut out, r, paint);
    }
    for f in &e.unplaced {
        let _ = writeln!(
            out,
            "outside every sentence: {} {} {:?} {}",
            f.kind, f.summary, f.text, f.rule
        );
    }
    out
}

/// Colours text, or leaves it plain when colour is off.
#[derive(Clone, Copy)]
struct Paint(bool);

impl Paint {
    fn paint(self, s: &str, c: &str) -> String {
        if self.0 {
            format!("{c}{s}{RESET}")
        } else {
            s.to_string()
        }
    }
}

/// The lines set aside, first, so a reader knows what was never matched.
fn render_set_aside(out: &mut String, set_aside: &[AsideNote], paint: Paint) {
    if set_aside.is_empty() {
        return;
    }
    let _ = writeln!(out, "set aside before matching (no facts come from these):");
    for a in set_aside {
        let _ = writeln!(
            out,
            "  {} {:?}  {}",
            paint.paint(a.class, DIM),
            a.text,
            paint.paint(&format!("{} {}", a.rule, a.origin), DIM)
        );
    }
    out.push('\n');
}

/// One sentence, marked, then a line per fact (with the rule's doc) and
/// per near miss.
fn render_sentence(out: &mut String, r: &SentenceReport, paint: Paint) {
    let _ = writeln!(
        out,
        "{}{}",
        paint.paint(&format!("{:>3} │ ", r.sentence), DIM),
        marked(r, paint.0)
    );
    for f in &r.facts {
        let origin = f.origin.as_deref().unwrap_or("built in");
        let _ = writeln!(
            out,
            "    {} {}  {:?}  {}",
            paint.paint(&format!("{:<8}", f.kind), colour(f.kind)),
            f.summary,
            f.text,
            paint.paint(&format!("{} ({origin})", f.rule), DIM)
        );
        if let Some(doc) = &f.doc {
            let _ = writeln!(out, "             {}", paint.paint(doc.trim(), DIM));
        }
    }
    for m in &r.near_misses {
        let _ = writeln!(out, "    {} {}", paint.paint("near miss", DIM), m.message);
    }
}

/// The sentence with its facts marked; an overlapping later fact is
/// listed but not marked.
fn marked(r: &SentenceReport, color: bool) -> String {
    let base = r.span[0];
    let mut line = String::new();
    let mut at = 0;
    for f in &r.facts {
        let (s, t) = (f.span[0] - base, f.span[1] - base);
        if s < at || t > r.text.len() || !r.text.is_char_boundary(s) || !r.text.is_char_boundary(t)
        {
            continue;
        }
        line.push_str(&r.text[at..s]);
        if color {
            let _ = write!(line, "{}{}{RESET}", colour(f.kind), &r.text[s..t]);
        } else {
            let _ = write!(line, "[{}]", &r.text[s..t]);
        }
        at = t;
    }
    line.push_str(&r.text[at..]);
    line
}

/// Whether standard output is a terminal that takes colour (`NO_COLOR`
/// unset or empty).
pub fn stdout_color() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex() -> Extractor {
        Extractor::new(RuleSet::builtin().unwrap())
    }

    #[test]
    fn facts_go_under_their_sentence_with_rule_and_file() {
        let text = "Officers seized 460.5g of cocaine. Police made 64 arrests.";
        let e = explain(&ex(), "-", text);
        assert_eq!(e.sentences.len(), 2);
        let f = &e.sentences[0].facts[0];
        assert_eq!(f.kind, "seizure");
        assert_eq!(f.rule, "seizure.qty-unit-of-drug");
        assert!(f
            .origin
            .as_deref()
            .unwrap()
            .starts_with("rules/seizures.toml:"));
        assert_eq!(e.sentences[1].facts[0].kind, "count");
        let plain = render(&e, false);
        assert!(plain.contains("[460.5g of cocaine]"), "{plain}");
        assert!(!plain.contains('\x1b'), "{plain}");
        let coloured = render(&e, true);
        assert!(
            coloured.contains("\x1b[1;31m460.5g of cocaine\x1b[0m"),
            "{coloured}"
        );
    }

    #[test]
    fn near_misses_name_the_drug_and_the_currency() {
        let text = "The cocaine was sent to a lab. Officers say the cash was in pounds sterling. He had 37 pounds of cannabis.";
        let e = explain(&ex(), "-", text);
        let m = &e.sentences[0].near_misses;
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(m[0].message, "drug named but no quantity found: `cocaine`");
        assert_eq!(e.sentences[1].near_misses[0].kind, "money");
        assert!(
            e.sentences[1].near_misses[0]
                .message
                .starts_with("currency named but no amount found"),
            "{:?}",
            e.sentences[1].near_misses
        );
        // "37 pounds of cannabis" is a weight: no near miss for money.
        assert!(
            e.sentences[2].near_misses.is_empty(),
            "{:?}",
            e.sentences[2]
        );
    }
}
