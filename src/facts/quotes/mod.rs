//! Quotes and the officials who said them.
//!
//! 1. [`marks`] finds quoted stretches paragraph by paragraph (straight,
//!    curly, single, guillemets, the odd ‘’ pair; apostrophes left alone).
//! 2. Quotes that carry speech (at the start of a sentence, after a colon)
//!    are merged per paragraph: gold keeps one item per paragraph. Scare
//!    quotes inside a sentence stay separate items.
//! 3. Each item is attributed from the words around it (`X said: "…"`,
//!    `"…," said X`, `"…" – X`, `According to X, "…"`, `He added:`, the
//!    previous paragraph), and names are resolved in a register of people
//!    ([`speakers`]) so "Ch Insp Kennedy" is "Marcus Kennedy".
//!
//! Everything runs in time linear in the article: regexes are compiled once,
//! and frames around a quote are bounded.

mod marks;
mod speakers;
mod vocab;

use regex::Regex;

use crate::record::{Official, Provenance, Quote};
use crate::rules::contract::Pat;
use crate::rules::RuleSet;
use crate::text::split::Sentence;

use marks::RawQuote;
use speakers::{
    ceil_boundary, floor_boundary, parse_name, trailing_name, whole_name, BareTitle, Mention,
    Register,
};
use vocab::Vocab;

/// How far around a quote attribution is looked for, in bytes.
const FRAME: usize = 400;

#[derive(Debug, Clone, Copy)]
struct Para {
    start: usize,
    end: usize,
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

#[derive(Debug, Clone)]
enum Attr {
    Person(usize),
    Nobody,
    Pronoun,
}

/// Finds direct speech with its speakers, and the officials an article names.
/// `text` is the normalised article.
pub fn extract(rules: &RuleSet, text: &str, sentences: &[Sentence]) -> (Vec<Quote>, Vec<Official>) {
    let paras = paragraphs(text);
    let v = Vocab::new(rules);
    let (mentions, bares) = speakers::titled_mentions(&v, text);
    let mut reg = Register::new(v.suffix);
    let mut mention_person: Vec<usize> = Vec::with_capacity(mentions.len());
    for m in &mentions {
        let name = &text[m.start..m.end];
        let idx = reg.add(
            name,
            [m.start, m.end],
            m.title.clone(),
            m.role.clone(),
            m.org.clone(),
            true,
            "official.title",
        );
        mention_person.push(idx);
    }

    let mut ctx = Ctx {
        v,
        text,
        mentions: &mentions,
        mention_person: &mention_person,
        bares: &bares,
        reg,
        spoke: Vec::new(),
    };

    let mut raw: Vec<RawQuote> = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    let mut para_items: Vec<(usize, usize)> = Vec::with_capacity(paras.len()); // item range per paragraph
    for (pi, p) in paras.iter().enumerate() {
        let first_item = items.len();
        if v.has(Pat::QuoteCaption, &text[p.start..p.end]) {
            para_items.push((first_item, first_item));
            continue;
        }
        let q0 = raw.len();
        marks::scan(text, p.start, p.end, &mut raw);
        // Only this paragraph's marks: a retain over all of `raw` would
        // make long articles quadratic.
        let mut fresh = raw.split_off(q0);
        let headline = is_headline(&text[p.start..p.end]);
        if is_crosshead(&text[p.start..p.end]) {
            fresh.clear();
        }
        fresh.retain(|q| {
            // a headline's scare quote; a quote opening the line may be
            // speech with a dash attribution
            let in_headline = headline && q.closed && q.open > p.start;
            !is_nickname(text, q) && !is_name_quote(&v, text, q) && !in_headline
        });
        raw.append(&mut fresh);
        let qs = q0..raw.len();
        if qs.is_empty() {
            para_items.push((first_item, first_item));
            continue;
        }
        let bounds = sentence_starts(&v, text, p, &raw[qs.clone()]);
        let mut open_speech: Option<usize> = None;
        for qi in qs.clone() {
            let q = raw[qi].clone();
            let prev_end = if qi > q0 {
                raw[qi - 1].close_end
            } else {
                p.start
            };
            let sstart = sentence_start(&bounds, q.open, p.start);
            let pre_from = sstart.max(prev_end);
            let pre = strip_lead_dash(text[pre_from..q.open].trim());
            let speech = pre.is_empty()
                || pre.ends_with(':')
                || ends_with_dash(pre)
                || (pre.ends_with(',')
                    && (v.has(Pat::QuoteIntro, pre) || v.has(Pat::QuoteAccording, pre)))
                || !q.closed;
            if speech {
                if let Some(it) = open_speech {
                    items[it].last = qi;
                    continue;
                }
                // `"A," he said. "B."`: B continues the item of A
                if qi > q0 && items.len() > first_item {
                    let it = items.len() - 1;
                    let gap = &text[raw[qi - 1].close_end..q.open];
                    if items[it].last == qi - 1 && raw[qi - 1].closed && gap.len() <= 160 {
                        let g = gap.trim_start_matches([',', '.', '!', '?', ' ']);
                        if g.len() < gap.len()
                            && v.find(Pat::QuoteVerbAfter, g)
                                .is_some_and(|m| m.start() < 80)
                        {
                            items[it].last = qi;
                            open_speech = Some(it);
                            continue;
                        }
                    }
                }
                items.push(Item {
                    first: qi,
                    last: qi,
                    speech: true,
                    speaker: None,
                    rule: "quote.unattributed",
                });
                open_speech = Some(items.len() - 1);
            } else {
                items.push(Item {
                    first: qi,
                    last: qi,
                    speech: false,
                    speaker: None,
                    rule: "quote.unattributed",
                });
            }
        }
        // attribution inside the paragraph
        #[allow(clippy::needless_range_loop)] // items[it] is updated while ctx is borrowed mutably
        for it in first_item..items.len() {
            let (first, last) = (items[it].first, items[it].last);
            let mut found = None;
            for qi in first..=last {
                let q = &raw[qi];
                let prev_end = if qi > q0 {
                    raw[qi - 1].close_end
                } else {
                    p.start
                };
                let next_open = if qi + 1 < raw.len() && raw[qi + 1].open < p.end {
                    raw[qi + 1].open
                } else {
                    p.end
                };
                let sstart = sentence_start(&bounds, q.open, p.start);
                let r = if items[it].speech {
                    ctx.speech_attr(q, sstart.max(prev_end), next_open, &bounds, p)
                } else {
                    ctx.subject_attr(sstart, q.open)
                        .map(|a| (a, "quote.subject"))
                        .or_else(|| {
                            // `He had been "minding the house", counsel said`
                            let nb = bounds.partition_point(|&b| b <= q.close_end);
                            let send = bounds.get(nb).copied().unwrap_or(p.end).min(next_open);
                            let tail = &text[q.close_end..send.max(q.close_end)];
                            v.pat(Pat::QuoteRoleSaid)
                                .captures(tail)
                                .map(|c| match c.get(1).map(|m| m.as_str()) {
                                    Some("he" | "she") => (Attr::Pronoun, "quote.pronoun"),
                                    _ => (Attr::Pronoun, "quote.role-said"),
                                })
                                .or_else(|| {
                                    ctx.tail_attr(q.close_end, send.max(q.close_end))
                                        .map(|a| (a, "quote.said-after"))
                                })
                        })
                };
                // `Shukla said police … . "As many as …`: the sentence before
                // in the paragraph names the speaker; `…, adding that "…`
                let r = r.or_else(|| {
                    if !items[it].speech || qi != first {
                        return None;
                    }
                    let pre = &text[sstart.max(prev_end)..q.open];
                    if v.has(Pat::QuoteAdding, pre.trim_end()) || v.has(Pat::QuoteAdding, pre) {
                        return ctx
                            .subject_attr(sstart, q.open)
                            .map(|a| (a, "quote.subject"));
                    }
                    if !pre.trim().is_empty() || sstart <= p.start {
                        return None;
                    }
                    let k = bounds.partition_point(|&b| b < sstart);
                    let prev_s = bounds[k.saturating_sub(1)];
                    match ctx.subject_attr(prev_s, sstart) {
                        Some(Attr::Person(i)) => Some((Attr::Person(i), "quote.previous-sentence")),
                        _ => None,
                    }
                });
                if r.is_some() {
                    found = r;
                    break;
                }
                if !items[it].speech {
                    break;
                }
            }
            if let Some((a, rule)) = found {
                let pos = raw[first].open;
                let sp = ctx.settle(a, pos);
                items[it].speaker = sp;
                items[it].rule = rule;
                if let Some(s) = sp {
                    ctx.spoke.push((pos, s));
                }
            }
        }
        // a paragraph that opens with a quote and names nobody: the speaker
        // of the paragraph before, or the statement it introduced
        if first_item < items.len() {
            let it0 = &items[first_item];
            let starts_para = text[p.start..raw[it0.first].open].trim().is_empty();
            // a quoted title followed by prose ("Operation X" was launched) is not speech
            let lastq = &raw[it0.last];
            let tail_end = raw
                .get(it0.last + 1)
                .filter(|q| q.open < p.end)
                .map_or(p.end, |q| q.open);
            let tail = text[lastq.close_end..tail_end]
                .trim_matches(|c: char| c.is_whitespace() || ".,;:!?".contains(c));
            let inner = text[lastq.start..lastq.end].trim_end();
            let speechlike = !lastq.closed
                || tail.is_empty()
                || inner.ends_with(['.', '!', '?', ',', '\u{2026}', '-', '\u{2014}']);
            if starts_para && it0.speech && speechlike && it0.rule == "quote.unattributed" {
                if let Some((sp, rule)) = ctx.inherit(&paras, pi, &para_items, &items, &raw) {
                    items[first_item].speaker = sp;
                    items[first_item].rule = rule;
                    if let Some(s) = sp {
                        ctx.spoke.push((raw[items[first_item].first].open, s));
                    }
                }
            }
        }
        para_items.push((first_item, items.len()));
    }

    // a paragraph that is all speech, named in the next one:
    // `"…"` / `– Eric Lapierre, Regional Director` or `Sgt. Shirey said …`
    for pi in 0..para_items.len().saturating_sub(1) {
        let (a, b) = para_items[pi];
        if a == b || b - a != 1 {
            continue;
        }
        let it = &items[a];
        let q = &raw[it.last];
        let p = paras[pi];
        // a dash line under the quote is explicit: it wins over the
        // speaker of the paragraph before
        let np = paras[pi + 1];
        let nt = &text[np.start..np.end];
        let dash = nt.starts_with(['\u{2013}', '\u{2014}', '-']);
        let open =
            it.rule == "quote.unattributed" || (dash && it.rule == "quote.previous-paragraph");
        if !open || !it.speech || !q.closed {
            continue;
        }
        let whole = text[p.start..raw[it.first].open].trim().is_empty()
            && text[q.close_end..p.end].trim().is_empty();
        if !whole {
            continue;
        }
        if nt.starts_with(['"', '\u{201C}', '\'', '\u{2018}']) {
            continue;
        }
        let found = if let Some(r) = nt
            .strip_prefix('\u{2013}')
            .or_else(|| nt.strip_prefix('\u{2014}'))
            .or_else(|| nt.strip_prefix('-'))
        {
            let s = np.start + (nt.len() - r.len());
            let s = s + (r.len() - r.trim_start().len());
            let e = text[s..np.end]
                .find([',', ';', '('])
                .map_or(np.end, |i| s + i);
            if let Some(mi) = ctx.mentions_in(s, e).next() {
                Some(ctx.mention_person[mi])
            } else {
                whole_name(&v, text, s, e, 2).map(|(ns, ne)| ctx.person(ns, ne, "official.speaker"))
            }
        } else {
            let bounds = sentence_starts(&v, text, &np, &[]);
            let send = bounds.get(1).copied().unwrap_or(np.end);
            match ctx.subject_attr(np.start, send) {
                Some(Attr::Person(i)) => Some(i),
                _ => None,
            }
        };
        if let Some(i) = found {
            items[a].speaker = Some(i);
            items[a].rule = "quote.next-paragraph";
        }
    }

    // a run of unclosed paragraphs of speech named only at its end:
    // `“…` / `“…` / `"…,” Det Garda Mulcahy said.`
    for pi in (0..para_items.len().saturating_sub(1)).rev() {
        let (a, b) = para_items[pi];
        let (na, nb) = para_items[pi + 1];
        if a == b || na == nb {
            continue;
        }
        let last = &items[b - 1];
        if last.speaker.is_some() || !last.speech || raw[last.last].closed {
            continue;
        }
        let next = &items[na];
        let np = paras[pi + 1];
        let starts = text[np.start..raw[next.first].open].trim().is_empty();
        if let (Some(sp), true) = (next.speaker, starts && next.speech) {
            items[b - 1].speaker = Some(sp);
            items[b - 1].rule = "quote.continued-after";
        }
    }

    // officials and quotes
    let reg = ctx.reg;
    let sentence_of = |pos: usize| -> usize {
        if sentences.is_empty() {
            return 0;
        }
        sentences
            .partition_point(|s| s.start <= pos)
            .saturating_sub(1)
    };
    let quotes: Vec<Quote> = items
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

struct Ctx<'a> {
    v: Vocab<'a>,
    text: &'a str,
    mentions: &'a [Mention],
    mention_person: &'a [usize],
    bares: &'a [BareTitle],
    reg: Register<'a>,
    /// (position, person) of every attributed quote so far.
    spoke: Vec<(usize, usize)>,
}

impl Ctx<'_> {
    fn pat(&self, p: Pat) -> &Regex {
        self.v.pat(p)
    }

    /// Mentions whose name lies in `s..e`.
    fn mentions_in(&self, s: usize, e: usize) -> std::ops::Range<usize> {
        let a = self.mentions.partition_point(|m| m.start < s);
        let b = self.mentions.partition_point(|m| m.start < e);
        a..b.max(a)
    }

    fn bare_in(&self, s: usize, e: usize) -> Option<&BareTitle> {
        let a = self.bares.partition_point(|m| m.start < s);
        self.bares.get(a).filter(|b| b.end <= e)
    }

    /// The person for a name found in the text (a titled mention there, or
    /// a name to add to the register).
    fn person(&mut self, s: usize, e: usize, rule: &'static str) -> usize {
        let r = self.mentions_in(s, e + 1);
        for mi in r {
            if self.mentions[mi].start == s {
                return self.mention_person[mi];
            }
        }
        let name = &self.text[s..e];
        if let Some(i) = self.reg.find(name) {
            return i;
        }
        // one word of a full name given earlier: the full name
        if let Some((fs, fe)) = speakers::full_name_before(&self.v, self.text, s, e) {
            if let Some(i) = self.reg.find(&self.text[fs..fe]) {
                return i;
            }
            let (role, org) = speakers::around(&self.v, self.text, fs, fe);
            let official = role.is_some() || org.is_some();
            return self.reg.add(
                &self.text[fs..fe],
                [fs, fe],
                None,
                role,
                org,
                official,
                rule,
            );
        }
        let (role, org) = speakers::around(&self.v, self.text, s, e);
        let official = role.is_some() || org.is_some();
        self.reg.add(name, [s, e], None, role, org, official, rule)
    }

    /// A one-word name that refers to someone: known in the register or
    /// part of a full name given earlier.
    fn known_word(&self, s: usize, e: usize) -> bool {
        self.reg.find(&self.text[s..e]).is_some()
            || speakers::full_name_before(&self.v, self.text, s, e).is_some()
    }

    /// The most recent named person before `pos`: a speaker or a titled mention.
    /// Returns its position and the person.
    fn nearest_before_pos(&self, pos: usize) -> Option<(usize, usize)> {
        let m = self.mentions.partition_point(|m| m.end <= pos);
        let from_mention = if m > 0 {
            Some((self.mentions[m - 1].start, self.mention_person[m - 1]))
        } else {
            None
        };
        let from_spoke = self.spoke.iter().rev().find(|(p, _)| *p < pos).copied();
        match (from_mention, from_spoke) {
            (Some(a), Some(b)) => Some(if a.0 > b.0 { a } else { b }),
            (a, b) => a.or(b),
        }
    }

    fn title_ref(&self, title: &str, pos: usize) -> Option<usize> {
        let m = self.mentions.partition_point(|m| m.end <= pos);
        let before = self.mentions[..m]
            .iter()
            .rev()
            .position(|x| x.title.as_deref() == Some(title));
        if let Some(b) = before {
            return Some(self.mention_person[m - 1 - b]);
        }
        self.mentions
            .iter()
            .position(|x| x.title.as_deref() == Some(title))
            .map(|i| self.mention_person[i])
    }

    /// "the spokesman said" after the article has named its spokesperson
    /// ("Director, Media and Advocacy, Femi Babafemi"): that person, the
    /// last one named before `pos` with a spokesperson's role or title.
    fn named_spokesperson(&self, phrase: &str, pos: usize) -> Option<usize> {
        if !self.v.has(Pat::QuoteTheSpokesperson, phrase.trim()) {
            return None;
        }
        let is_spokes = |x: &Option<String>| {
            x.as_deref()
                .is_some_and(|r| self.v.has(Pat::QuoteSpokesRole, r))
        };
        self.reg
            .people
            .iter()
            .enumerate()
            .filter(|(_, p)| p.span[1] <= pos && (is_spokes(&p.role) || is_spokes(&p.title)))
            .max_by_key(|(_, p)| p.span[0])
            .map(|(i, _)| i)
    }

    fn settle(&mut self, a: Attr, pos: usize) -> Option<usize> {
        match a {
            Attr::Person(i) => Some(i),
            Attr::Nobody => None,
            Attr::Pronoun => {
                let near = self.nearest_before_pos(pos);
                let from = near.map_or(0, |(p, _)| p + 1);
                if let Some((_, i)) = self.subject_before(from, pos, false) {
                    return Some(i);
                }
                if near.is_none() {
                    return self.pronoun_chain(pos);
                }
                near.map(|(_, i)| i)
            }
        }
    }

    /// A pronoun with nobody named just before it: step back over the
    /// paragraphs that continue the same speaker (quoted paragraphs, and
    /// paragraphs opening with "He"/"She") to the sentence that names
    /// them: `Hamisu said …` / `He noted …` / `“…` / `“…,” he said.`
    fn pronoun_chain(&mut self, pos: usize) -> Option<usize> {
        let text = self.text;
        let mut p = text[..pos].rfind('\n').map_or(0, |i| i + 1);
        for _ in 0..8 {
            let before = text[..p].trim_end();
            if before.is_empty() {
                return None;
            }
            let ps = before.rfind('\n').map_or(0, |i| i + 1);
            let first = before[ps..].trim_start();
            let quoted = first.starts_with(['"', '\u{201C}', '\u{2018}']);
            let pronoun = ["He ", "She "].iter().any(|w| first.starts_with(w));
            if !quoted {
                if let Some((_, i)) = self.subject_before(ps, p, false) {
                    return Some(i);
                }
                // a surname alone saying it: `Hamisu said that …`
                let found = self
                    .pat(Pat::QuoteSurnameSaid)
                    .captures_iter(&text[ps..p])
                    .filter_map(|c| c.get(1))
                    .map(|m| (ps + m.start(), ps + m.end()))
                    .filter(|&(s, e)| self.known_word(s, e))
                    .last();
                if let Some((s, e)) = found {
                    return Some(self.person(s, e, "official.speaker"));
                }
            }
            if !quoted && !pronoun {
                return None;
            }
            p = ps;
        }
        None
    }

    /// The latest sentence in `from..pos` (at most two paragraphs back)
    /// whose subject is a named person: "Rachel Ibbotson, a branch
    /// commander, said …", "Senior Superintendent of the Southern
    /// Division, Rishi Ramkissoon, praised the officers."
    fn subject_before(&mut self, from: usize, pos: usize, active: bool) -> Option<(usize, usize)> {
        let text = self.text;
        let pos = floor_boundary(text, pos.min(text.len()));
        let lo = ceil_boundary(text, from.max(pos.saturating_sub(2 * FRAME)));
        if lo >= pos {
            return None;
        }
        // no further back than the paragraph before
        let mut lo = lo;
        let mut breaks = 0;
        for (i, c) in text[lo..pos].char_indices().rev() {
            if c == '\n' && !text[lo + i + 1..pos].trim().is_empty() {
                breaks += 1;
                if breaks == 2 {
                    lo = lo + i + 1;
                    break;
                }
            }
        }
        let window = &text[lo..pos];
        // sentence starts, latest first
        let mut starts: Vec<usize> = Vec::new();
        let mut prev: Option<char> = None;
        let mut prev2: Option<char> = None;
        for (i, c) in window.char_indices() {
            let at_start = match prev {
                None => i == 0 && (lo == 0 || text[..lo].ends_with('\n')),
                Some('\n') => true,
                Some(' ') => matches!(prev2, Some('.' | '!' | '?')),
                _ => false,
            };
            if at_start && c.is_uppercase() {
                starts.push(lo + i);
            }
            prev2 = prev;
            prev = Some(c);
        }
        for &st in starts.iter().rev().take(8) {
            let mut tries = vec![st];
            let end = floor_boundary(text, (st + 100).min(pos));
            if let Some(c) = text[st..end].find(", ") {
                tries.push(st + c + 2);
            }
            for t in tries {
                let Some((ns, ne)) = parse_name(&self.v, text, t, 2) else {
                    continue;
                };
                let rest = &text[ne..pos];
                let next = rest.strip_prefix(' ').unwrap_or("");
                let ok = if let Some(r) = rest.strip_prefix(", ") {
                    // not an age: "John Smith, 34, was arrested"
                    !r.starts_with(|c: char| c.is_ascii_digit())
                        && (!active || !self.v.has(Pat::QuotePassive, r))
                } else {
                    next.starts_with(|c: char| c.is_lowercase())
                        && !self.v.has(Pat::QuotePassive, next)
                        && !next.starts_with("and ")
                };
                if ok {
                    let person = self.person(ns, ne, "official.speaker");
                    return Some((ns, person));
                }
            }
        }
        None
    }

    /// Attribution of a speech quote: the frame before it (`X said:`), then
    /// the words after it (`," said X.`, `– X`).
    fn speech_attr(
        &mut self,
        q: &RawQuote,
        pre_from: usize,
        next_open: usize,
        bounds: &[usize],
        p: &Para,
    ) -> Option<(Attr, &'static str)> {
        let text = self.text;
        let pre_from = pre_from.max(q.open.saturating_sub(FRAME));
        let pre_from = ceil_boundary(text, pre_from);
        let pre = &text[pre_from..q.open];
        if !pre.trim().is_empty() {
            if let Some(r) = self.intro_attr(pre_from, q.open) {
                return Some(r);
            }
        }
        if q.closed {
            // after: up to the next quote or the end of the sentence
            let mut end = next_open.min(q.close_end + FRAME).min(p.end);
            let nb = bounds.partition_point(|&b| b <= q.close_end);
            if let Some(&b) = bounds.get(nb) {
                end = end.min(b);
            }
            let end = floor_boundary(text, end);
            if let Some(r) = self.after_attr(q.close_end, end) {
                return Some(r);
            }
        }
        None
    }

    /// `X said:`, `According to X,`, `He added:`, `X told the Gazette:`.
    fn intro_attr(&mut self, s: usize, e: usize) -> Option<(Attr, &'static str)> {
        let text = self.text;
        let frame = &text[s..e];
        let colon = frame.trim_end().ends_with(':') || ends_with_dash(frame.trim_end());
        if let Some(m) = self.v.pat(Pat::QuoteAccording).find_iter(frame).last() {
            let at = s + m.end();
            let at = if text[at..].starts_with("the ") {
                at + 4
            } else {
                at
            };
            if let Some(mi) = self.mentions_in(at, e).next() {
                return Some((Attr::Person(self.mention_person[mi]), "quote.according-to"));
            }
            if let Some((ns, ne)) = parse_name(&self.v, text, at, 1) {
                if ne - ns >= 2 {
                    return Some((
                        Attr::Person(self.person(ns, ne, "official.speaker")),
                        "quote.according-to",
                    ));
                }
            }
        }
        let verb = self.pat(Pat::QuoteIntro).find_iter(frame).last();
        let Some(verb) = verb else {
            // a colon without a verb: "Chief Inspector X:" in an interview
            if colon {
                let r = self.mentions_in(s, e);
                if let Some(mi) = r.last() {
                    return Some((Attr::Person(self.mention_person[mi]), "quote.said-colon"));
                }
                // "Head of the Seaport Police Marieke de Wit:"
                let t = frame.trim_end();
                let t = t
                    .trim_end_matches([':', '\u{2014}', '\u{2013}', '-'])
                    .trim_end();
                let cut = t.rfind([',', '.', ';', '(', ')']).map_or(0, |i| i + 1);
                if let Some((ns, ne)) = trailing_name(&self.v, text, s + cut, s + t.len(), 2) {
                    return Some((
                        Attr::Person(self.person(ns, ne, "official.speaker")),
                        "quote.said-colon",
                    ));
                }
            }
            return None;
        };
        let vpos = s + verb.start();
        let vword = verb.as_str().to_ascii_lowercase();
        let rule = match vword.as_str() {
            "added" | "adds" => "quote.added",
            "told" | "tells" => "quote.told",
            "statement" | "comment" | "comments" => "quote.statement",
            _ => {
                if colon {
                    "quote.said-colon"
                } else {
                    "quote.said-before"
                }
            }
        };
        let before = &text[s..vpos];
        // the pronoun right before the verb: "He added:"
        if self.v.has(Pat::QuotePronounBefore, before) {
            return Some((Attr::Pronoun, "quote.pronoun"));
        }
        // titled mention before the verb; the last one is the subject
        let r = self.mentions_in(s, vpos);
        if let Some(mi) = r.clone().last() {
            return Some((Attr::Person(self.mention_person[mi]), rule));
        }
        // a spokesperson: nobody named
        if self.v.has(Pat::QuoteSpokesperson, before) {
            return Some((Attr::Nobody, "quote.spokesperson"));
        }
        // "The Sheriff said:"
        if let Some(b) = self.bare_in(s, vpos) {
            let title = b.title.clone();
            if let Some(i) = self.title_ref(&title, s) {
                return Some((Attr::Person(i), rule));
            }
        }
        // an untitled name in the comma segments before the verb
        let trimmed = before.trim_end();
        let bend = s + trimmed.len();
        let seg_end = if trimmed.ends_with(',') {
            bend - 1
        } else {
            bend
        };
        let mut segs: Vec<(usize, usize)> = Vec::new();
        let mut cur_end = seg_end;
        for _ in 0..3 {
            let seg_text = &text[s..cur_end];
            let cut = seg_text
                .rfind([',', '.', ';', '('])
                .map_or(s, |i| s + i + 1);
            segs.push((cut, cur_end));
            if cut == s {
                break;
            }
            cur_end = cut - 1;
        }
        for (k, &(a, b)) in segs.iter().enumerate() {
            let found = if k == 0 {
                whole_name(&self.v, text, a, b, 2).or_else(|| trailing_name(&self.v, text, a, b, 2))
            } else {
                trailing_name(&self.v, text, a, b, 2)
            };
            if let Some((ns, ne)) = found {
                return Some((Attr::Person(self.person(ns, ne, "official.speaker")), rule));
            }
            // "Capitán Javier Morales of the Guardia Civil's … said at …:"
            if k + 1 == segs.len() {
                let lead = text[a..b].len() - text[a..b].trim_start().len();
                if let Some((ns, ne)) = parse_name(&self.v, text, a + lead, 2) {
                    let rest = &text[ne..b];
                    if [" of ", " from ", " at ", " with "]
                        .iter()
                        .any(|p| rest.starts_with(p))
                    {
                        return Some((Attr::Person(self.person(ns, ne, "official.speaker")), rule));
                    }
                }
            }
            if k == 0 {
                // a single surname known from before: "Kettering said:"
                if let Some((ns, ne)) = whole_name(&self.v, text, a, b, 1) {
                    if self.known_word(ns, ne) {
                        return Some((Attr::Person(self.person(ns, ne, "official.speaker")), rule));
                    }
                }
            }
        }
        None
    }

    /// `," said X.`, `," X said.`, `," he said.`, `" – X`, `," said a spokesperson`.
    fn after_attr(&mut self, s: usize, e: usize) -> Option<(Attr, &'static str)> {
        let text = self.text;
        let frame = &text[s..e];
        let lead = frame.len()
            - frame
                .trim_start_matches([',', '.', '!', '?', ';', ' '])
                .len();
        let mut at = s + lead;
        let rest = &text[at..e];
        // dash attribution
        if let Some(r) = rest
            .strip_prefix('\u{2013}')
            .or_else(|| rest.strip_prefix('\u{2014}'))
            .or_else(|| rest.strip_prefix('-'))
        {
            let a = at + (rest.len() - r.len());
            let a = a + (r.len() - r.trim_start().len());
            if let Some(mi) = self.mentions_in(a, e).next() {
                if self.mentions[mi].title_start <= a + 40 {
                    return Some((Attr::Person(self.mention_person[mi]), "quote.dash"));
                }
            }
            let seg_end = text[a..e].find([',', '.', ';']).map_or(e, |i| a + i);
            if let Some((ns, ne)) = whole_name(&self.v, text, a, seg_end, 2) {
                return Some((
                    Attr::Person(self.person(ns, ne, "official.speaker")),
                    "quote.dash",
                ));
            }
            return None;
        }
        if let Some(m) = self.pat(Pat::QuoteVerbFirst).find(rest) {
            at += m.end();
            let r = &text[at..e];
            let rule = "quote.said-after";
            if self.v.has(Pat::QuotePronounSubject, r) {
                return Some((Attr::Pronoun, "quote.pronoun"));
            }
            let first_seg_end = r.find([',', ';']).map_or(e, |i| at + i);
            if let Some(mi) = self.mentions_in(at, e).next() {
                let ms = self.mentions[mi].title_start;
                if ms < first_seg_end || text[at..ms].trim_end().ends_with(',') {
                    return Some((Attr::Person(self.mention_person[mi]), rule));
                }
            }
            let spokes = self
                .v
                .find(Pat::QuoteSpokesperson, r)
                .map(|m| at + m.start());
            if spokes.is_some_and(|x| x < first_seg_end) {
                return Some((Attr::Nobody, "quote.spokesperson"));
            }
            // "said the Sheriff"
            if let Some(b) = self.bare_in(at, first_seg_end) {
                let title = b.title.clone();
                if let Some(i) = self.title_ref(&title, at) {
                    return Some((Attr::Person(i), rule));
                }
            }
            // comma segments: the one that is wholly a name
            let mut a = at;
            for _ in 0..4 {
                let b = text[a..e].find([',', ';']).map_or(e, |i| a + i);
                let b2 = {
                    let seg = &text[a..b];
                    match seg.rfind(". ") {
                        Some(i) if i + 1 < seg.len() => a + i,
                        _ => b,
                    }
                };
                let seg = text[a..b2].trim_end_matches('.');
                let b3 = a + seg.len();
                if let Some((ns, ne)) = whole_name(&self.v, text, a, b3, 2) {
                    return Some((Attr::Person(self.person(ns, ne, "official.speaker")), rule));
                }
                if let Some((ns, ne)) = whole_name(&self.v, text, a, b3, 1) {
                    if self.known_word(ns, ne) {
                        return Some((Attr::Person(self.person(ns, ne, "official.speaker")), rule));
                    }
                }
                if b >= e {
                    break;
                }
                a = b + 1;
            }
            return None;
        }
        // subject then verb: `," Det Supt Halloran said.` / `," he said.`
        let vm = self.pat(Pat::QuoteVerbAfter).find(rest)?;
        if vm.start() > 120 {
            return None;
        }
        let vs = at + vm.start();
        let subject = text[at..vs].trim();
        if subject.is_empty() {
            return None;
        }
        if self.v.has(Pat::QuotePronounSubject, subject) && subject.split_whitespace().count() <= 2
        {
            return Some((Attr::Pronoun, "quote.pronoun"));
        }
        let rule = "quote.said-after";
        if let Some(mi) = self.mentions_in(at, vs).next() {
            return Some((Attr::Person(self.mention_person[mi]), rule));
        }
        if self.v.has(Pat::QuoteSpokesperson, subject) {
            if let Some(i) = self.named_spokesperson(subject, at) {
                return Some((Attr::Person(i), "quote.role-said"));
            }
            return Some((Attr::Nobody, "quote.spokesperson"));
        }
        if let Some(b) = self.bare_in(at, vs) {
            let title = b.title.clone();
            if let Some(i) = self.title_ref(&title, at) {
                return Some((Attr::Person(i), rule));
            }
        }
        let seg_end = at + text[at..vs].find(',').unwrap_or(vs - at);
        if let Some((ns, ne)) = whole_name(&self.v, text, at, seg_end, 1) {
            return Some((Attr::Person(self.person(ns, ne, "official.speaker")), rule));
        }
        None
    }

    /// The speaker of a quote inside a sentence: the sentence's subject when
    /// it is a named person followed by a speech verb ("Judge Martina Baxter
    /// said Quinn had been "a willing participant"").
    fn subject_attr(&mut self, sstart: usize, qpos: usize) -> Option<Attr> {
        let text = self.text;
        let end = floor_boundary(text, qpos.min(sstart + FRAME));
        let sent = &text[sstart..end];
        // hearsay: "X told officers he had been told it held "only food""
        if self.v.has(Pat::QuoteHearsay, sent) {
            return None;
        }
        // "Mr Doku gave an assurance …, adding that "…"": the subject speaks
        let adding = self.v.has(Pat::QuoteAdding, sent);
        // skip a leading clause: "Defending, ", "Jailing him, "
        let mut starts = vec![sstart];
        if let Some(c) = sent.find(", ") {
            if c < 40 && !sent[..c].contains(['"', '\u{201C}']) {
                starts.push(sstart + c + 2);
            }
        }
        // "According to DSP Kayon Mowatt-Henry, …, the "guns-for-ganja" trade"
        if self
            .v
            .find(Pat::QuoteAccording, sent)
            .is_some_and(|m| m.start() == 0)
        {
            if let Some((Attr::Person(i), "quote.according-to")) = self.intro_attr(sstart, end) {
                return Some(Attr::Person(i));
            }
        }
        // "Defence lawyer Marcus Felder had argued …, saying …"
        let mut k = 0;
        for (i, c) in sent.char_indices() {
            if i > 40 || c == ',' || k >= 3 {
                break;
            }
            if c == ' ' {
                k += 1;
                let w = sstart + i + 1;
                if text[w..].starts_with(char::is_uppercase) {
                    if let Some((ns, ne)) = parse_name(&self.v, text, w, 2) {
                        if self.verb_follows(ne, end) {
                            return Some(Attr::Person(self.person(ns, ne, "official.speaker")));
                        }
                    }
                    break;
                }
            }
        }
        for st in starts {
            // a titled mention whose title is among the first words
            if let Some(mi) = self.mentions_in(st, end).next() {
                let m = &self.mentions[mi];
                let lead = &text[st..m.title_start];
                // the clause the title opens: "During a press conference on
                // Wednesday, Aug. 9, Chief Superintendent X called …"
                let lead = lead
                    .char_indices()
                    .rev()
                    .find(|&(_, c)| matches!(c, ',' | '\u{201D}' | '"'))
                    .map_or(lead, |(i, c)| &lead[i + c.len_utf8()..]);
                let ok_lead = lead.split_whitespace().count() <= 4
                    && lead
                        .split_whitespace()
                        .all(|w| w.chars().next().is_some_and(char::is_uppercase));
                if ok_lead && (adding || self.verb_follows(m.end, end) || self.acts(m.end, end)) {
                    return Some(Attr::Person(self.mention_person[mi]));
                }
            }
            let s = &text[st..end];
            if let Some(b) = self.bare_in(st, end) {
                let lead = &text[st..b.start];
                if lead.trim().eq_ignore_ascii_case("the") && self.verb_follows(b.end, end) {
                    let title = b.title.clone();
                    if let Some(i) = self.title_ref(&title, st) {
                        return Some(Attr::Person(i));
                    }
                }
            }
            if let Some(m) = self.v.find(Pat::QuotePronounSubject, s) {
                if self.verb_follows(st + m.end(), end) {
                    return Some(Attr::Pronoun);
                }
            }
            if let Some((ns, ne)) = parse_name(&self.v, text, st, 1) {
                let known = self.known_word(ns, ne);
                // two words, or an honorific before one: "Mr O'Reilly said"
                let two = text[ns..ne].contains(' ') || ns > st;
                if (two || known) && (adding || self.verb_follows(ne, end)) {
                    return Some(Attr::Person(self.person(ns, ne, "official.speaker")));
                }
                // an official who has spoken, whatever the verb: "Hall was
                // pleased with taking a "significant" amount"
                if known && self.acts(ne, end) {
                    let i = self.person(ns, ne, "official.speaker");
                    if self.reg.people[i].official || self.spoke.iter().any(|&(_, p)| p == i) {
                        return Some(Attr::Person(i));
                    }
                }
            }
        }
        None
    }

    /// A verb follows `pos` that is not something done to the person
    /// ("was pleased", "would not say", not "was arrested").
    fn acts(&self, pos: usize, end: usize) -> bool {
        let text = self.text;
        if pos >= end {
            return false;
        }
        let rest = &text[pos..end];
        let Some(r) = rest.strip_prefix(' ') else {
            return false;
        };
        r.starts_with(|c: char| c.is_lowercase())
            && !self.v.has(Pat::QuoteDoneTo, r)
            && !r.starts_with("and ")
    }

    /// A name (titled or in full) saying the sentence after a quote:
    /// `a "drop off" took place, Mr Justice Mahon said.`,
    /// `Describing him as the "leader …," Judge Philip Babington added …`.
    fn tail_attr(&mut self, s: usize, e: usize) -> Option<Attr> {
        let text = self.text;
        if s >= e {
            return None;
        }
        let tail = &text[s..e];
        let lead = tail.len() - tail.trim_start_matches([',', '.', ' ']).len();
        let mut cands = Vec::new();
        if lead <= 3 {
            cands.push(s + lead);
        }
        let lim = floor_boundary(text, (s + 120).min(e));
        for (i, _) in text[s..lim].match_indices(", ") {
            cands.push(s + i + 2);
        }
        for c in cands {
            if let Some(mi) = self.mentions_in(c, e).next() {
                let m = &self.mentions[mi];
                if m.title_start == c && self.verb_follows(m.end, e) {
                    return Some(Attr::Person(self.mention_person[mi]));
                }
            }
            if let Some((ns, ne)) = parse_name(&self.v, text, c, 2) {
                if self.verb_follows(ne, e) {
                    return Some(Attr::Person(self.person(ns, ne, "official.speaker")));
                }
            }
        }
        None
    }

    /// A speech verb follows `pos` (after an optional appositive or suffix).
    fn verb_follows(&self, pos: usize, end: usize) -> bool {
        let text = self.text;
        if pos >= end {
            return false;
        }
        let mut rest = &text[pos..end];
        for suf in [" SC", " QC", " KC", " Jr.", " Jr"] {
            if let Some(r) = rest.strip_prefix(suf) {
                rest = r;
            }
        }
        if let Some(r) = rest.strip_prefix(", ") {
            // "Lawrence Myers, said while …"
            if self.pat(Pat::QuoteSubjectVerb).is_match(r) {
                return true;
            }
            // skip an appositive up to a later comma ("Rachel Ibbotson, a
            // branch commander at the NCA, which took over, said")
            let mut from = 0;
            for _ in 0..3 {
                let Some(c) = r[from..].find(", ") else { break };
                let c = from + c;
                if c >= 200 || r[..c].contains(['.', ';', '"', '\u{201C}']) {
                    break;
                }
                if self.pat(Pat::QuoteSubjectVerb).is_match(&r[c + 1..]) {
                    return true;
                }
                from = c + 2;
            }
            if let Some(c) = r.find(", ") {
                if c < 120 {
                    rest = &r[c + 1..];
                }
            }
        } else if rest.starts_with(" of ") || rest.starts_with(" from ") {
            if let Some(v) = self.pat(Pat::QuoteSubjectVerbFar).find(rest) {
                if v.start() < 80 && !rest[..v.start()].contains([',', '.']) {
                    return true;
                }
            }
        }
        self.pat(Pat::QuoteSubjectVerb).is_match(rest)
    }

    /// The speaker a paragraph that opens with an unattributed quote takes
    /// from the paragraph before it.
    fn inherit(
        &mut self,
        paras: &[Para],
        pi: usize,
        para_items: &[(usize, usize)],
        items: &[Item],
        raw: &[RawQuote],
    ) -> Option<(Option<usize>, &'static str)> {
        let text = self.text;
        if pi == 0 {
            return None;
        }
        let prev = pi - 1;
        let (a, b) = para_items[prev];
        let pp = paras[prev];
        if a < b {
            let last = &items[b - 1];
            let q = &raw[last.last];
            if !q.closed {
                return Some((last.speaker, "quote.continued"));
            }
            if last.speaker.is_some() {
                return Some((last.speaker, "quote.previous-paragraph"));
            }
            if last.rule == "quote.spokesperson" {
                return Some((None, "quote.previous-paragraph"));
            }
            // the previous paragraph ends in a colon after its quote: fall through
            let tail = text[q.close_end..pp.end].trim_end();
            if !tail.ends_with(':') {
                return None;
            }
        }
        // "X provided the following statement:" / "X said:" with the quote below
        let ptext = text[pp.start..pp.end].trim_end();
        if ptext.ends_with(':') {
            let s = ceil_boundary(text, pp.start.max(pp.end.saturating_sub(FRAME)));
            let e = pp.start + ptext.len();
            if let Some((attr, _)) = self.intro_attr(s, e) {
                return Some((self.settle(attr, e), "quote.statement-next"));
            }
            return None;
        }
        // a paragraph of reported speech by a named person: "X said the ..."
        let mut found = None;
        let bounds = sentence_starts(&self.v, text, &pp, &[]);
        for &st in bounds.iter().rev().take(3) {
            if let Some(a) = self.subject_attr(st, pp.end) {
                found = Some(a);
                break;
            }
        }
        let a = found?;
        let sp = self.settle(a, pp.end);
        sp.map(|s| (Some(s), "quote.previous-paragraph"))
    }
}

/// A paragraph may open with a dash before its quote: `— "Every one…"`.
fn strip_lead_dash(pre: &str) -> &str {
    let t = pre.trim_start_matches(['\u{2014}', '\u{2013}', '-', '\u{2022}', ' ']);
    if t.is_empty() {
        t
    } else {
        pre
    }
}

/// A dash introducing speech: `Sheriff Whitcomb put it bluntly — "…"`.
fn ends_with_dash(pre: &str) -> bool {
    pre.ends_with(['\u{2014}', '\u{2013}']) || pre.ends_with(" -") || pre.ends_with(" --")
}

/// A nickname in single quotes inside a name: Orville 'Bigga' Campbell.
fn is_nickname(text: &str, q: &RawQuote) -> bool {
    if !q.closed
        || !matches!(
            text[q.open..].chars().next(),
            Some('\'' | '\u{2018}' | '\u{2019}')
        )
    {
        return false;
    }
    let inner = &text[q.start..q.end];
    let words: Vec<&str> = inner.split_whitespace().collect();
    if words.is_empty()
        || words.len() > 2
        || !words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
    {
        return false;
    }
    let before = text[..q.open].trim_end_matches(' ');
    if before.len() + 1 != q.open {
        return false;
    }
    let prev_word = before
        .rsplit(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
        .next()
        .unwrap_or("");
    let after = &text[q.close_end..];
    let Some(next) = after.strip_prefix(' ') else {
        return false;
    };
    prev_word.chars().next().is_some_and(char::is_uppercase)
        && next.chars().next().is_some_and(char::is_uppercase)
}

/// A name in quotation marks, not speech: an operation or campaign
/// ("Operation 'Silver Heron'", ‘Yudh Nashian Virudh’), a nickname
/// (also called "Timaya"), a gang, brand or boat ("South Sea"), an
/// area ("'D' Field"). Gold keeps none of them. The words inside are all
/// capitalised (small words aside), with no sentence punctuation, and the
/// quote does not open its sentence.
fn is_name_quote(v: &Vocab, text: &str, q: &RawQuote) -> bool {
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
    // a quote that opens its sentence is speech ("Thanks," he said), a
    // pronoun is speech ("I")
    let at_start = before.is_empty() || before.ends_with(['.', ':', '!', '?', '\n']);
    if at_start || words == ["I"] {
        return false;
    }
    // a code ("M30") is a scare quote in its own right
    if words.len() == 1
        && inner.chars().any(|c| c.is_ascii_digit())
        && inner.chars().any(char::is_alphabetic)
    {
        return false;
    }
    // every part capitalised: "Amazon-style" is a scare quote
    words.iter().all(|w| {
        v.joiner.contains(w)
            || w.split('-').all(|part| {
                part.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            })
    })
}

/// A headline-like line: short, with no full stop at its end (its own or
/// another story's headline). Quotes inside it are not the article's.
fn is_headline(para: &str) -> bool {
    let t = para.trim_end();
    let words = t.split_whitespace().count();
    // a list item ("2.9kg of 'ice' or meth") is not a headline
    (6..=25).contains(&words)
        && !t.starts_with(|c: char| c.is_ascii_digit() || "-\u{2013}\u{2014}\u{2022}*".contains(c))
        && !t.ends_with([
            '.', '!', '?', ':', '"', '\u{201D}', '\u{2019}', '\'', ')', ',', ';', '\u{2026}',
            '\u{BB}',
        ])
}

/// A crosshead: a short line that is wholly a phrase in single quotes,
/// with no full stop (`'Lives put at risk'` between paragraphs). It repeats
/// words from the story as a subheading; it is not speech.
fn is_crosshead(para: &str) -> bool {
    let t = para.trim();
    let Some(inner) = t
        .strip_prefix(['\'', '\u{2018}'])
        .and_then(|r| r.strip_suffix(['\'', '\u{2019}']))
    else {
        return false;
    };
    let words = inner.split_whitespace().count();
    (1..=10).contains(&words)
        && !inner.contains(['.', '!', '?', ',', '"', '\u{201C}', '\u{2018}'])
        && !inner.contains(" '")
}

/// Paragraphs: non-blank lines.
fn paragraphs(text: &str) -> Vec<Para> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let end = start + line.len();
        if !line.trim().is_empty() {
            let lead = line.len() - line.trim_start().len();
            out.push(Para {
                start: start + lead,
                end: start + line.trim_end().len(),
            });
        }
        start = end + 1;
    }
    out
}

fn is_abbreviation(v: &Vocab, before: &str) -> bool {
    // the trailing run of letters, digits and dots
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &before[start..];
    if word.is_empty() {
        return false;
    }
    if word.contains('.') {
        return true; // U.S. a.m.
    }
    if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        return true; // an initial
    }
    v.abbreviation.contains(word)
}

/// Starts of the sentences of a paragraph, ignoring full stops inside quotes.
fn sentence_starts(v: &Vocab, text: &str, p: &Para, quotes: &[RawQuote]) -> Vec<usize> {
    let mut out = vec![p.start];
    let bytes = text.as_bytes();
    let mut qi = 0;
    let mut i = p.start;
    while i < p.end {
        if qi < quotes.len() && i >= quotes[qi].open {
            // jump over the quote; a quote ending a sentence ends it
            let q = &quotes[qi];
            // `opioids."These drugs…`: a stop glued to the speech that follows
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
                // closing brackets/marks after the stop
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

fn next_sentence_start(text: &str, j: usize, end: usize) -> Option<usize> {
    let rest = &text[j..end];
    let trimmed = rest.trim_start();
    if trimmed.len() == rest.len() {
        return None;
    }
    let c = trimmed.chars().next()?;
    if c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(c, '"' | '\'' | '\u{201C}' | '\u{2018}' | '\u{AB}')
    {
        Some(end - trimmed.len())
    } else {
        None
    }
}

fn sentence_start(bounds: &[usize], pos: usize, pstart: usize) -> usize {
    let k = bounds.partition_point(|&b| b <= pos);
    if k == 0 {
        pstart
    } else {
        bounds[k - 1]
    }
}

#[cfg(test)]
mod tests;
