//! A paragraph's quotes and their items: the quoted stretches kept as
//! quotes, and speech merged into one item per run (gold keeps one item per
//! paragraph of speech; scare quotes stay items of their own).

use super::marks::{self, RawQuote};
use super::paragraphs::{
    ends_with_dash, is_crosshead, is_headline, is_name_quote, is_nickname, sentence_start,
    sentence_starts, strip_lead_dash, Para,
};
use super::vocab::Vocab;
use super::Item;
use crate::rules::contract::Pat;

/// Appends the quotes of paragraph `p` to `raw`, leaving out what is not
/// speech: a caption's, a crosshead, nicknames, quoted names, a headline's
/// scare quotes.
/// `first`: the article's headline, its first paragraph of a few words
/// (page furniture aside).
pub(super) fn scan_paragraph(
    v: &Vocab,
    text: &str,
    (p, first): (&Para, bool),
    raw: &mut Vec<RawQuote>,
) {
    let q0 = raw.len();
    // Speech left open at the end of the paragraph before may run on into
    // this one without an opening mark.
    let carried = raw.last().is_some_and(|q| {
        !q.closed && q.close_end <= p.start && text[q.close_end..p.start].trim().is_empty()
    });
    if carried {
        marks::scan_carried(text, p.start, p.end, raw);
    } else {
        marks::scan(text, p.start, p.end, raw);
    }
    // Most paragraphs have no quote: the caption and headline checks (a
    // regex and a pass over the line) are only needed when one was found.
    if raw.len() == q0 {
        return;
    }
    if v.has(Pat::QuoteCaption, &text[p.start..p.end]) {
        raw.truncate(q0);
        return;
    }
    // Only this paragraph's marks: a retain over all of `raw` would
    // make long articles quadratic.
    let mut fresh = raw.split_off(q0);
    // A paragraph whose last sentence is followed by a photo credit ("...
    // a "fire risk". Credit: Gwent Police") ends open, but is prose.
    let para = &text[p.start..p.end];
    let headline = is_headline(para)
        && !v
            .find(Pat::QuoteCredit, para)
            .is_some_and(|m| m.as_str().starts_with(['.', '!', '?']));
    if is_crosshead(para) {
        fresh.clear();
    }
    fresh.retain(|q| {
        // a headline's scare quote; a quote opening the line may be
        // speech with a dash attribution, unless it is a word or two
        // before a colon ("'Staggering': Feds seize ...")
        let in_headline = headline
            && q.closed
            && (q.open > p.start
                || (text[q.start..q.end].split_whitespace().count() <= 3
                    && text[q.close_end..p.end].trim_start().starts_with(':'))
                || (first && !attribution_follows(v, &text[q.close_end..p.end])));
        !is_nickname(text, q) && !is_name_quote(v, text, q) && !in_headline
    });
    raw.append(&mut fresh);
}

/// What follows a quote that opens the article's headline says who said
/// it: a dash or a colon ("'We will find you' - Chief Constable"), or a
/// speech verb (lexicon `speech_verb`) among its first words ("'…', says
/// police chief"). Otherwise the quote is the headline's own words
/// ("'Worst haul we have seen' as 300kg of cannabis found in lorry"),
/// which name no speaker.
fn attribution_follows(v: &Vocab, rest: &str) -> bool {
    let rest = rest.trim_start_matches([',', ' ']);
    if rest.starts_with(['-', ':', '\u{2013}', '\u{2014}']) {
        return true;
    }
    rest.split_whitespace().take(6).any(|w| {
        v.speech_verb
            .contains(&w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase())
    })
}

/// A paragraph with quotes: where its quotes start in `raw` and where its
/// sentences start.
pub(super) struct ParaQuotes {
    pub p: Para,
    /// The index in `raw` of the paragraph's first quote.
    pub q0: usize,
    /// Sentence starts, full stops inside quotes aside.
    pub bounds: Vec<usize>,
}

impl ParaQuotes {
    pub fn new(v: &Vocab, text: &str, p: Para, raw: &[RawQuote], q0: usize) -> ParaQuotes {
        let bounds = sentence_starts(v, text, &p, &raw[q0..]);
        ParaQuotes { p, q0, bounds }
    }

    /// The end of the quote before `qi` in the paragraph, or its start.
    pub fn prev_end(&self, raw: &[RawQuote], qi: usize) -> usize {
        if qi > self.q0 {
            raw[qi - 1].close_end
        } else {
            self.p.start
        }
    }

    /// The start of the quote after `qi` in the paragraph, or its end.
    pub fn next_open(&self, raw: &[RawQuote], qi: usize) -> usize {
        if qi + 1 < raw.len() && raw[qi + 1].open < self.p.end {
            raw[qi + 1].open
        } else {
            self.p.end
        }
    }

    /// The start of the sentence holding `pos`.
    pub fn sentence_start(&self, pos: usize) -> usize {
        sentence_start(&self.bounds, pos, self.p.start)
    }
}

/// Groups the paragraph's quotes (`pq.q0..raw.len()`) into items: speech
/// runs on in one item, a scare quote is an item of its own.
pub(super) fn group(
    v: &Vocab,
    text: &str,
    pq: &ParaQuotes,
    raw: &[RawQuote],
    items: &mut Vec<Item>,
) {
    let first_item = items.len();
    let mut open_speech: Option<usize> = None;
    for qi in pq.q0..raw.len() {
        let q = &raw[qi];
        let pre_from = pq.sentence_start(q.open).max(pq.prev_end(raw, qi));
        let pre = strip_lead_dash(text[pre_from..q.open].trim());
        // `"A," said X "B."`: the full stop after the attribution left
        // out, B still continues A when it reads as a sentence of speech
        let glued_on = !is_speech(v, pre, q.closed)
            && qi > pq.q0
            && items.len() > first_item
            && items[items.len() - 1].speech
            && items[items.len() - 1].last == qi - 1
            && reads_as_sentence(&text[q.start..q.end])
            && continues_after_verb(v, text, &raw[qi - 1], q);
        if glued_on {
            let it = items.len() - 1;
            items[it].last = qi;
            open_speech = Some(it);
            continue;
        }
        if !is_speech(v, pre, q.closed) {
            items.push(item(qi, false));
            continue;
        }
        if let Some(it) = open_speech {
            items[it].last = qi;
            continue;
        }
        // `"A," he said. "B."`: B continues the item of A; after a scare
        // quote, only when the same person goes on (`He called it "a
        // disgrace," he said. "B."`), not when another is named
        // (`calling them a "turning point." Chief X added, "B."`)
        if qi > pq.q0 && items.len() > first_item {
            let it = items.len() - 1;
            let same_voice = items[it].speech
                || v.has(
                    Pat::QuotePronounSubject,
                    narration_after(text, &raw[qi - 1], q),
                );
            if same_voice
                && items[it].last == qi - 1
                && continues_after_verb(v, text, &raw[qi - 1], q)
            {
                items[it].last = qi;
                open_speech = Some(it);
                continue;
            }
        }
        items.push(item(qi, true));
        open_speech = Some(items.len() - 1);
    }
}

fn item(qi: usize, speech: bool) -> Item {
    Item {
        first: qi,
        last: qi,
        speech,
        speaker: None,
        rule: "quote.unattributed",
    }
}

/// A quote is speech when it opens its sentence, follows a colon, a dash or
/// an introducing word and a comma (`In a statement, "…"`), or never closes.
fn is_speech(v: &Vocab, pre: &str, closed: bool) -> bool {
    pre.is_empty()
        || pre.ends_with(':')
        || ends_with_dash(pre)
        || (pre.ends_with(',') && (v.has(Pat::QuoteIntro, pre) || v.has(Pat::QuoteAccording, pre)))
        || !closed
}

/// `"A," he said. "B."`: a speech verb soon after the closed quote `a`,
/// then `b` in the same stretch. `a` ends a clause (`"A,"`, `"A",`):
/// after a few quoted words mid-sentence (`The seizure "is one of the
/// most important" carried out this year, he said. "The majority" …`)
/// the narration goes on, and `b` is speech of its own.
fn continues_after_verb(v: &Vocab, text: &str, a: &RawQuote, b: &RawQuote) -> bool {
    let gap = &text[a.close_end..b.open];
    if !a.closed || gap.len() > 160 {
        return false;
    }
    let ends_clause = text[a.start..a.end].ends_with([',', '.', '!', '?', ';', ':', '\u{2026}'])
        || gap.starts_with([',', '.', '!', '?', ';', ':']);
    if !ends_clause {
        return false;
    }
    let g = narration_after(text, a, b);
    g.len() < gap.len()
        && v.find(Pat::QuoteVerbAfter, g)
            .is_some_and(|m| m.start() < 80)
}

/// The words between closed quote `a` and quote `b`, after the
/// punctuation that closes `a`'s clause: where an attribution would be.
fn narration_after<'t>(text: &'t str, a: &RawQuote, b: &RawQuote) -> &'t str {
    text[a.close_end..b.open].trim_start_matches([',', '.', '!', '?', ' '])
}

/// Quoted words that read as a sentence of speech, not a scare quote: a
/// capital first and at least four words.
fn reads_as_sentence(quoted: &str) -> bool {
    quoted.chars().next().is_some_and(char::is_uppercase) && quoted.split_whitespace().count() >= 4
}
