//! Speakers across paragraphs: a paragraph of speech that continues the
//! one before, a statement introduced in one paragraph and quoted in the
//! next.

use super::context::Ctx;
use super::marks::RawQuote;
use super::paragraphs::{sentence_starts, Para};
use super::speakers::{ceil_boundary, whole_name};
use super::{Attr, Found, Item, FRAME};
use crate::rules::contract::Pat;

impl Ctx<'_> {
    /// A paragraph that opens with a quote and names nobody: the speaker
    /// of the paragraph before, or the statement it introduced.
    pub(super) fn inherit_opening(
        &mut self,
        paras: &[Para],
        pi: usize,
        first_item: usize,
        found: &mut Found,
    ) {
        let (text, p, raw) = (self.text, paras[pi], &found.raw);
        let Some(it0) = found.items.get(first_item) else {
            return;
        };
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
        if !(starts_para && it0.speech && speechlike && it0.rule == "quote.unattributed") {
            return;
        }
        if let Some((sp, rule)) =
            self.inherit(paras, pi, &found.para_items, &found.items, &found.raw)
        {
            let it = &mut found.items[first_item];
            it.speaker = sp;
            it.rule = rule;
            if let Some(s) = sp {
                self.spoke.push((found.raw[it.first].open, s));
            }
        }
    }

    /// A paragraph that is all speech, named in the next one:
    /// `"…"` / `– Eric Lapierre, Regional Director` or `Sgt. Shirey said …`.
    pub(super) fn named_in_next_paragraph(&mut self, paras: &[Para], found: &mut Found) {
        for pi in 0..found.para_items.len().saturating_sub(1) {
            let (a, b) = found.para_items[pi];
            if a == b || b - a != 1 {
                continue;
            }
            if !self.wholly_open_speech(paras, pi, &found.items[a], &found.raw) {
                continue;
            }
            if let Some(i) = self.named_in(paras[pi + 1]) {
                found.items[a].speaker = Some(i);
                found.items[a].rule = "quote.next-paragraph";
            }
        }
    }

    /// The item is the whole paragraph, closed speech, and still open to a
    /// speaker named in the next paragraph (a dash line under the quote is
    /// explicit: it wins over the speaker of the paragraph before).
    fn wholly_open_speech(&self, paras: &[Para], pi: usize, it: &Item, raw: &[RawQuote]) -> bool {
        let text = self.text;
        let q = &raw[it.last];
        let p = paras[pi];
        let np = paras[pi + 1];
        let nt = &text[np.start..np.end];
        let dash = nt.starts_with(['\u{2013}', '\u{2014}', '-']);
        let open =
            it.rule == "quote.unattributed" || (dash && it.rule == "quote.previous-paragraph");
        if !open || !it.speech || !q.closed {
            return false;
        }
        let whole = text[p.start..raw[it.first].open].trim().is_empty()
            && text[q.close_end..p.end].trim().is_empty();
        whole && !nt.starts_with(['"', '\u{201C}', '\'', '\u{2018}'])
    }

    /// The person a paragraph names as a speaker: after a leading dash, or
    /// as the subject of its first sentence.
    fn named_in(&mut self, np: Para) -> Option<usize> {
        let text = self.text;
        let nt = &text[np.start..np.end];
        if let Some(r) = nt
            .strip_prefix('\u{2013}')
            .or_else(|| nt.strip_prefix('\u{2014}'))
            .or_else(|| nt.strip_prefix('-'))
        {
            let s = np.start + (nt.len() - r.len());
            let s = s + (r.len() - r.trim_start().len());
            let e = text[s..np.end]
                .find([',', ';', '('])
                .map_or(np.end, |i| s + i);
            if let Some(mi) = self.mentions_in(s, e).next() {
                return Some(self.mention_person[mi]);
            }
            return whole_name(&self.v, text, s, e, 2)
                .map(|(ns, ne)| self.person(ns, ne, "official.speaker"));
        }
        let bounds = sentence_starts(&self.v, text, &np, &[]);
        let send = bounds.get(1).copied().unwrap_or(np.end);
        match self.subject_attr(np.start, send) {
            Some(Attr::Person(i)) => Some(i),
            _ => None,
        }
    }

    /// The speaker a paragraph that opens with an unattributed quote takes
    /// from the paragraph before it.
    pub(super) fn inherit(
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
        // a photo's caption between two paragraphs of one speech ("The
        // drugs were hidden in the boot (Image: PSNI)") is passed over
        let mut prev = pi - 1;
        while prev > 0 && para_items[prev].0 == para_items[prev].1 && {
            let pt = &text[paras[prev].start..paras[prev].end];
            self.v.has(Pat::QuoteCaption, pt) || self.v.has(Pat::QuoteCredit, pt)
        } {
            prev -= 1;
        }
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
            // "Jane Smith yesterday said:": a short paragraph whose subject
            // says it, as a sentence with its quote inline is read
            if s == pp.start {
                if let Some(attr @ Attr::Person(_)) = self.subject_attr(s, e) {
                    return Some((self.settle(attr, e), "quote.statement-next"));
                }
            }
            return None;
        }
        // a paragraph of reported speech by a named person: "X said the ..."
        let mut found = self.reported_speech(pp);
        // or the one before it, past one paragraph of plain facts that
        // names nobody ("Inspector X says …" / "Warrants were executed
        // at two properties." / "“On Wednesday, our staff …")
        if found.is_none() && prev > 0 && self.mentions_in(pp.start, pp.end).is_empty() {
            let (a2, b2) = para_items[prev - 1];
            if a2 == b2 {
                found = self.reported_speech(paras[prev - 1]);
            }
        }
        let (a, at) = found?;
        let sp = self.settle(a, at);
        sp.map(|s| (Some(s), "quote.previous-paragraph"))
    }

    /// The speaker of a paragraph of reported speech ("X said the …"), in
    /// one of its last three sentences, and where the paragraph ends.
    fn reported_speech(&mut self, pp: Para) -> Option<(Attr, usize)> {
        let bounds = sentence_starts(&self.v, self.text, &pp, &[]);
        for &st in bounds.iter().rev().take(3) {
            if let Some(a) = self.subject_attr(st, pp.end) {
                return Some((a, pp.end));
            }
        }
        None
    }
}

/// A run of unclosed paragraphs of speech named only at its end:
/// `“…` / `“…` / `"…,” Det Garda Mulcahy said.`
pub(super) fn continued_after(text: &str, paras: &[Para], found: &mut Found) {
    let (items, raw) = (&mut found.items, &found.raw);
    for pi in (0..found.para_items.len().saturating_sub(1)).rev() {
        let (a, b) = found.para_items[pi];
        let (na, nb) = found.para_items[pi + 1];
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
}
