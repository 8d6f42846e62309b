//! The stage's short cuts against the code they replaced, on the corpus's
//! articles and on random mixes of their lines: each must give exactly
//! what the old path gave.

use super::marks::{self, RawQuote};
use super::name_token;
use super::paragraphs::{
    is_abbreviation, is_headline, is_name_quote, next_sentence_start, paragraphs, sentence_starts,
    Para,
};
use super::speakers::ceil_boundary;
use super::speakers::{is_caps_alias, parse_name, title_hits, title_spans, TitleHit};
use super::vocab::Vocab;
use crate::rules::contract::Lex;
use crate::rules::matcher::LexiconRegex;
use crate::rules::{Lexicon, RuleSet};

static RULES: once_cell::sync::Lazy<RuleSet> =
    once_cell::sync::Lazy::new(|| RuleSet::builtin().unwrap());

/// The corpus's articles, normalised.
fn corpus() -> Vec<String> {
    let texts = crate::testing::corpus_texts();
    assert!(texts.len() > 50, "the corpus is missing");
    texts
        .iter()
        .map(|t| crate::text::normalise::normalise(t))
        .collect()
}

/// Articles made of random lines (and halves of lines) of the corpus.
fn mixes(texts: &[String], n: usize) -> Vec<String> {
    let lines: Vec<&str> = texts.iter().flat_map(|t| t.lines()).collect();
    let mut rng = crate::testing::Rng::new();
    let mut next = move |m: usize| rng.below(m);
    (0..n)
        .map(|_| {
            let mut out = String::new();
            for _ in 0..1 + next(30) {
                let l = lines[next(lines.len())];
                let cut = crate::text::floor_char(l, next(l.len() + 1));
                out.push_str(if next(3) == 0 { &l[cut..] } else { l });
                out.push_str(["\n", "\n\n", " "][next(3)]);
            }
            out
        })
        .collect()
}

fn all_texts() -> Vec<String> {
    let texts = corpus();
    let mut all = mixes(&texts, 400);
    all.extend(texts);
    all
}

/// `is_headline` as it was: every word counted first.
fn is_headline_old(para: &str) -> bool {
    let t = para.trim_end();
    let words = t.split_whitespace().count();
    (6..=25).contains(&words)
        && !t.starts_with(|c: char| c.is_ascii_digit() || "-\u{2013}\u{2014}\u{2022}*".contains(c))
        && !t.ends_with([
            '.', '!', '?', ':', '"', '\u{201D}', '\u{2019}', '\'', ')', ',', ';', '\u{2026}',
            '\u{BB}',
        ])
}

#[test]
fn headline_check_as_before() {
    let mut headlines = 0;
    for t in all_texts() {
        for line in t.lines() {
            let words: Vec<&str> = line.split(' ').collect();
            // the line, and its first words without the full stop
            for para in [line, &words[..words.len().min(12)].join(" ")] {
                assert_eq!(is_headline(para), is_headline_old(para), "{para:?}");
                headlines += usize::from(is_headline_old(para));
            }
        }
    }
    assert!(headlines > 100, "{headlines}");
}

/// `title_hits` as it was: the name after a lower-case hit parsed first.
fn title_hits_old(v: &Vocab, text: &str, re: &LexiconRegex, lex: &Lexicon) -> Vec<TitleHit> {
    let mut hits = Vec::new();
    for m in re.find_iter(text) {
        let t = m.as_str();
        let first = t.chars().next().unwrap_or(' ');
        let after_the = text[..m.start()].ends_with("the ") || text[..m.start()].ends_with("The ");
        // (since: or a name in commas, "the spokesperson, Jo Bloggs, said")
        let lower_named = !first.is_uppercase()
            && t.contains(|c: char| c.is_lowercase())
            && (text[m.end()..].starts_with(' ') && parse_name(v, text, m.end() + 1, 2).is_some()
                || text[m.end()..].starts_with(", ")
                    && parse_name(v, text, m.end() + 2, 2)
                        .is_some_and(|(_, ne)| text[ne..].starts_with(", ")));
        if !first.is_uppercase() && !after_the && !lower_named {
            continue;
        }
        // (since: no title ends inside a word, "Col" in "Colin")
        let glued = t.ends_with(|c: char| c.is_alphanumeric())
            && text[m.end()..].starts_with(|c: char| c.is_alphanumeric());
        if glued {
            continue;
        }
        if !t.contains(' ') {
            let bare = t.replace('.', "");
            let upper = bare.to_uppercase();
            if upper.len() <= 5
                && bare != upper
                && is_caps_alias(lex.capital_abbreviations(), &upper)
            {
                continue;
            }
        }
        let canonical = lex.canonical(t).unwrap_or(t).to_string();
        hits.push(TitleHit {
            start: m.start(),
            end: m.end(),
            title: canonical,
        });
    }
    hits
}

#[test]
fn title_hits_as_before() {
    let v = Vocab::new(&RULES);
    let re = RULES.lexicon_regex(Lex::Title).unwrap();
    let lex = RULES.lexicon(Lex::Title).unwrap();
    let mut n = 0;
    for t in all_texts() {
        let old = title_hits_old(&v, &t, re, lex);
        assert_eq!(title_hits(&v, &t, &title_spans(re, &t), lex), old, "{t:?}");
        n += old.len();
    }
    assert!(n > 500, "{n}");
}

/// `sentence_starts` as it was: every character visited.
fn sentence_starts_old(v: &Vocab, text: &str, p: &Para, quotes: &[RawQuote]) -> Vec<usize> {
    let mut out = vec![p.start];
    let bytes = text.as_bytes();
    let mut qi = 0;
    let mut i = p.start;
    while i < p.end {
        if qi < quotes.len() && i >= quotes[qi].open {
            let q = &quotes[qi];
            if q.open > p.start
                && text[p.start..q.open].ends_with(['.', '!', '?'])
                && !is_abbreviation(
                    v,
                    &text[ceil_boundary(text, p.start.max(q.open.saturating_sub(13)))..q.open - 1],
                )
            {
                out.push(q.open);
            }
            let inner = text[q.start..q.end].trim_end();
            let ended = inner.ends_with(['.', '!', '?']);
            i = q.close_end.max(i + 1);
            qi += 1;
            if ended && q.closed {
                if let Some(n) = next_sentence_start(text, i, p.end) {
                    out.push(n);
                }
            }
            continue;
        }
        let b = bytes[i];
        if b == b'.' || b == b'!' || b == b'?' {
            let is_abbr = b == b'.'
                && is_abbreviation(
                    v,
                    &text[ceil_boundary(text, p.start.max(i.saturating_sub(12)))..i],
                );
            if !is_abbr {
                let mut j = i + 1;
                while j < p.end && matches!(bytes[j], b')' | b'"' | b'\'') {
                    j += 1;
                }
                if let Some(n) = next_sentence_start(text, j, p.end) {
                    out.push(n);
                }
            }
        }
        i += 1;
        while i < p.end && !text.is_char_boundary(i) {
            i += 1;
        }
    }
    out.dedup();
    out
}

/// `is_name_quote` as it was: the words collected first.
fn is_name_quote_old(v: &Vocab, text: &str, q: &RawQuote) -> bool {
    if !q.closed {
        return false;
    }
    let inner = text[q.start..q.end].trim().trim_end_matches([',', ';']);
    if inner.is_empty() || inner.ends_with(['.', '!', '?', '\u{2026}']) {
        return false;
    }
    let words: Vec<&str> = inner.split_whitespace().collect();
    if words.len() > 5 {
        return false;
    }
    let before = text[..q.open].trim_end();
    let at_start = before.is_empty() || before.ends_with(['.', ':', '!', '?', '\n']);
    if at_start || words == ["I"] {
        return false;
    }
    if words.len() == 1
        && inner.chars().any(|c| c.is_ascii_digit())
        && inner.chars().any(char::is_alphabetic)
    {
        return false;
    }
    words.iter().all(|w| {
        v.joiner.contains(w)
            || w.split('-').all(|part| {
                part.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            })
    })
}

#[test]
fn sentence_starts_and_name_quotes_as_before() {
    let v = Vocab::new(&RULES);
    let (mut quotes, mut names) = (0, 0);
    for t in all_texts() {
        for p in paragraphs(&crate::text::trimmed_lines(&t)) {
            let mut raw = Vec::new();
            marks::scan(&t, p.start, p.end, &mut raw);
            let odd: Vec<RawQuote> = raw.iter().step_by(2).cloned().collect();
            for qs in [&raw[..], &odd[..], &[]] {
                let old = sentence_starts_old(&v, &t, &p, qs);
                assert_eq!(
                    sentence_starts(&v, &t, &p, qs),
                    old,
                    "{:?}",
                    &t[p.start..p.end]
                );
            }
            for q in &raw {
                let old = is_name_quote_old(&v, &t, q);
                assert_eq!(
                    is_name_quote(&v, &t, q),
                    old,
                    "{:?}",
                    &t[q.open..q.close_end]
                );
                names += usize::from(old);
            }
            quotes += raw.len();
        }
    }
    assert!(quotes > 500 && names > 10, "{quotes} {names}");
}

/// Text whose characters test the name token's edges: capitals, letters
/// and marks outside ASCII, apostrophes, hyphens, dots.
fn odd_names(n: usize) -> Vec<String> {
    let parts = [
        "A", "b", "Z", "'", "\u{2019}", "-", ".", " ", "\u{C9}", "\u{E9}", "\u{301}", "\u{2160}",
        "\u{1C5}", "\u{24B6}", "1", "O'", "Mc", "_", "\u{17F}", "\u{212A}",
    ];
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    (0..n)
        .map(|_| {
            (0..8)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    parts[(seed % parts.len() as u64) as usize]
                })
                .collect()
        })
        .collect()
}

#[test]
fn name_token_as_the_regex() {
    let mut found = 0;
    let mut texts = all_texts();
    texts.extend(odd_names(20_000));
    for t in &texts {
        for (i, _) in t.char_indices() {
            let old = name_token::regex(&t[i..]);
            assert_eq!(name_token::name_token(&t[i..]), old, "{:?}", &t[i..]);
            // The reading by classes alone, ASCII or not.
            assert_eq!(name_token::unicode(&t[i..]), old, "{:?}", &t[i..]);
            found += usize::from(old.is_some());
        }
    }
    assert!(found > 10_000, "{found}");
}
