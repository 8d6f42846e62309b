//! Quotes and the officials who said them.
//!
//! The stages, each in its own file:
//!
//! 1. Finding quotation marks: [`marks`] finds quoted stretches paragraph
//!    by paragraph (straight, curly, single, guillemets, the odd ‘’ pair;
//!    apostrophes left alone); [`paragraphs`] splits the article into
//!    paragraphs and sentences and sets aside quotes that are not speech
//!    (nicknames, quoted names, headlines, crossheads, captions).
//! 2. Items ([`items`]): quotes that carry speech (at the start of a
//!    sentence, after a colon) are merged per paragraph: gold keeps one item
//!    per paragraph. Scare quotes inside a sentence stay separate items.
//! 3. The register of people: [`speakers`] (names, titles, roles and
//!    organisations) and [`register`], so "Ch Insp Kennedy" is "Marcus
//!    Kennedy"; [`context`] resolves a name, title or pronoun to a person.
//! 4. Attribution: [`attribute`] attributes each item of a paragraph from
//!    the words around it ([`frames`]: `X said: "…"`, `"…," said X`,
//!    `"…" – X`, `According to X, "…"`, `He added:`), and [`flow`] carries
//!    speakers across paragraphs.
//!
//! What the stages know (verbs, phrasings, word lists) is rule data, read
//! through [`vocab`].
//!
//! Everything runs in time linear in the article: regexes are compiled once,
//! and frames around a quote are bounded.

mod attribute;
mod context;
mod flow;
mod frames;
mod items;
mod marks;
mod name_token;
mod paragraphs;
mod register;
mod speakers;
mod vocab;

use crate::record::{Official, Provenance, Quote};
use crate::rules::RuleSet;
use crate::text::split::Sentence;

use context::Ctx;
use marks::RawQuote;
use paragraphs::paragraphs;
use register::Register;
use speakers::Mention;
use vocab::Vocab;

/// How far around a quote attribution is looked for, in bytes.
const FRAME: usize = 400;

#[derive(Debug, Clone)]
enum Attr {
    Person(usize),
    Nobody,
    Pronoun,
}

/// Finds direct speech with its speakers, and the officials an article names.
/// `text` is the normalised article; `lines` its non-blank lines, trimmed
/// ([`crate::text::trimmed_lines`]; the prepare stage has them), which
/// are its paragraphs.
pub fn extract(
    rules: &RuleSet,
    text: &str,
    sentences: &[Sentence],
    titles: &[(usize, usize)],
    lines: &[(usize, usize)],
) -> (Vec<Quote>, Vec<Official>) {
    let paras = paragraphs(lines);
    let v = Vocab::new(rules);
    let (mentions, bares) = speakers::titled_mentions(&v, text, titles);
    let mut reg = Register::new(v.suffix);
    let mention_person = register_mentions(&mut reg, text, &mentions);
    let mut ctx = Ctx {
        v,
        text,
        mentions: &mentions,
        mention_person: &mention_person,
        bares: &bares,
        reg,
        spoke: Vec::new(),
        first_names: Default::default(),
    };
    // The headline: the first paragraph of five words or more (a page's
    // weather or date line may come before it).
    let headline = paras
        .iter()
        .position(|p| text[p.start..p.end].split_whitespace().nth(4).is_some());
    let mut found = Found::default();
    for (pi, p) in paras.iter().enumerate() {
        let first_item = found.items.len();
        let q0 = found.raw.len();
        items::scan_paragraph(&v, text, (p, Some(pi) == headline), &mut found.raw);
        if found.raw.len() > q0 {
            let pq = items::ParaQuotes::new(&v, text, *p, &found.raw, q0);
            items::group(&v, text, &pq, &found.raw, &mut found.items);
            ctx.attribute_paragraph(&pq, &found.raw, &mut found.items[first_item..]);
            ctx.inherit_opening(&paras, pi, first_item, &mut found);
        }
        found.para_items.push((first_item, found.items.len()));
    }
    ctx.named_in_next_paragraph(&paras, &mut found);
    flow::continued_after(text, &paras, &mut found);
    records(&ctx.reg, text, sentences, &found)
}

/// Where the title lexicon matches in `text`, for [`extract`]: a batch
/// finds them in all its articles first, so that the title regex's large
/// tables stay in the CPU cache from one article to the next.
pub fn title_spans(rules: &RuleSet, text: &str) -> Vec<(usize, usize)> {
    if !searches_titles(text) {
        return Vec::new();
    }
    rules
        .lexicon_regex(crate::rules::contract::Lex::Title)
        .map_or_else(Vec::new, |re| speakers::title_spans(re, text))
}

/// Whether [`title_spans`] searches `text`: not an empty one (an empty
/// file), for which the search is not even built (a tenth of an empty
/// input's run).
pub fn searches_titles(text: &str) -> bool {
    !text.trim().is_empty()
}

/// A quote item: one or more quotes of one paragraph merged.
#[derive(Debug, Clone)]
struct Item {
    first: usize,
    last: usize,
    speech: bool,
    speaker: Option<usize>,
    rule: &'static str,
}

/// The quotes of an article as they are found and attributed.
#[derive(Default)]
struct Found {
    /// Every quoted stretch kept, in order.
    raw: Vec<RawQuote>,
    /// Items, each a run of `raw`.
    items: Vec<Item>,
    /// The range of `items` of each paragraph.
    para_items: Vec<(usize, usize)>,
}

/// Every titled mention joins the register as an official; the person of
/// each mention, in step with `mentions`.
fn register_mentions(reg: &mut Register, text: &str, mentions: &[Mention]) -> Vec<usize> {
    mentions
        .iter()
        .map(|m| {
            reg.add(
                &text[m.start..m.end],
                [m.start, m.end],
                m.title.clone(),
                m.role.clone(),
                m.org.clone(),
                true,
                "official.title",
            )
        })
        .collect()
}

/// The quote items and the register's officials as output records.
fn records(
    reg: &Register,
    text: &str,
    sentences: &[Sentence],
    found: &Found,
) -> (Vec<Quote>, Vec<Official>) {
    let raw = &found.raw;
    let sentence_of = |pos: usize| -> usize {
        if sentences.is_empty() {
            return 0;
        }
        sentences
            .partition_point(|s| s.start <= pos)
            .saturating_sub(1)
    };
    let quotes: Vec<Quote> = found
        .items
        .iter()
        .map(|it| {
            let (s, e) = (
                raw[it.first].start,
                raw[it.last].end.max(raw[it.first].start),
            );
            let p = it.speaker.map(|i| &reg.people[i]);
            Quote {
                speaker: p.map(|p| p.name.clone()),
                title: p.and_then(|p| p.title.clone()),
                role: p.and_then(|p| p.role.clone()),
                organisation: p.and_then(|p| p.org.clone()),
                provenance: Provenance {
                    text: text[s..e].to_string(),
                    span: [s, e],
                    sentence: sentence_of(s),
                    rule: it.rule.to_string(),
                },
            }
        })
        .collect();
    let officials: Vec<Official> = reg
        .people
        .iter()
        .filter(|p| p.official)
        .map(|p| Official {
            name: p.name.clone(),
            title: p.title.clone(),
            role: p.role.clone(),
            organisation: p.org.clone(),
            provenance: Provenance {
                text: text[p.span[0]..p.span[1]].to_string(),
                span: p.span,
                sentence: sentence_of(p.span[0]),
                rule: p.rule.to_string(),
            },
        })
        .collect();
    (quotes, officials)
}

#[cfg(test)]
mod fast_path_tests;
#[cfg(test)]
mod tests;
