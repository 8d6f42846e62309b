//! The stage's short cuts against the code they replaced, on the corpus's
//! articles and on random mixes of their lines: each must give exactly
//! what the old path gave.

use super::paragraphs::is_headline;
use super::speakers::{caps_aliases, is_caps_alias, parse_name, title_hits, TitleHit};
use super::vocab::Vocab;
use crate::rules::contract::Lex;
use crate::rules::{Lexicon, RuleSet};
use regex::Regex;

static RULES: once_cell::sync::Lazy<RuleSet> =
    once_cell::sync::Lazy::new(|| RuleSet::builtin().unwrap());

/// The corpus's articles, normalised.
fn corpus() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    assert!(paths.len() > 50, "the corpus is missing");
    paths
        .iter()
        .map(|p| crate::text::normalise::normalise(&std::fs::read_to_string(p).unwrap()))
        .collect()
}

/// Articles made of random lines (and halves of lines) of the corpus.
fn mixes(texts: &[String], n: usize) -> Vec<String> {
    let lines: Vec<&str> = texts.iter().flat_map(|t| t.lines()).collect();
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |m: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % m as u64) as usize
    };
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
fn title_hits_old(v: &Vocab, text: &str, re: &Regex, lex: &Lexicon) -> Vec<TitleHit> {
    let mut caps: Option<Vec<&str>> = None;
    let mut hits = Vec::new();
    for m in re.find_iter(text) {
        let t = m.as_str();
        let first = t.chars().next().unwrap_or(' ');
        let after_the = text[..m.start()].ends_with("the ") || text[..m.start()].ends_with("The ");
        let lower_named = !first.is_uppercase()
            && t.contains(|c: char| c.is_lowercase())
            && text[m.end()..].starts_with(' ')
            && parse_name(v, text, m.end() + 1, 2).is_some();
        if !first.is_uppercase() && !after_the && !lower_named {
            continue;
        }
        if !t.contains(' ') {
            let bare = t.replace('.', "");
            let upper = bare.to_uppercase();
            if upper.len() <= 5
                && bare != upper
                && is_caps_alias(caps.get_or_insert_with(|| caps_aliases(lex)), &upper)
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
        assert_eq!(title_hits(&v, &t, re, lex), old, "{t:?}");
        n += old.len();
    }
    assert!(n > 500, "{n}");
}
