//! Attribution inside a paragraph: each item takes the speaker the words
//! around its quotes name (see [`super::frames`]), else the subject of the
//! sentence before it.

use super::context::Ctx;
use super::items::ParaQuotes;
use super::marks::RawQuote;
use super::{Attr, Item};
use crate::rules::contract::Pat;

impl Ctx<'_> {
    /// Attributes the paragraph's items, in order (a pronoun resolves to
    /// the speakers found before it).
    pub(super) fn attribute_paragraph(
        &mut self,
        pq: &ParaQuotes,
        raw: &[RawQuote],
        items: &mut [Item],
    ) {
        for item in items {
            let Some((a, rule)) = self.attribute_item(pq, raw, item) else {
                continue;
            };
            let pos = raw[item.first].open;
            let sp = self.settle(a, pos);
            item.speaker = sp;
            item.rule = rule;
            if let Some(s) = sp {
                self.spoke.push((pos, s));
            }
        }
    }

    /// The first attribution one of the item's quotes gives (a scare quote
    /// looks at its own quote only).
    fn attribute_item(
        &mut self,
        pq: &ParaQuotes,
        raw: &[RawQuote],
        item: &Item,
    ) -> Option<(Attr, &'static str)> {
        for qi in item.first..=item.last {
            let r = if item.speech {
                let q = &raw[qi];
                let pre_from = pq.sentence_start(q.open).max(pq.prev_end(raw, qi));
                self.speech_attr(q, pre_from, pq.next_open(raw, qi), &pq.bounds, &pq.p)
            } else {
                self.scare_attr(pq, raw, qi)
            };
            let r = r.or_else(|| {
                if item.speech && qi == item.first {
                    self.sentence_before(pq, raw, qi).or_else(|| {
                        // a few quoted words opening a sentence of
                        // narration: `"The majority" of those arrested are
                        // Colombian, he said`
                        if raw[qi].closed {
                            self.scare_attr(pq, raw, qi)
                        } else {
                            None
                        }
                    })
                } else {
                    None
                }
            });
            if r.is_some() {
                return r;
            }
            if !item.speech {
                break;
            }
        }
        None
    }

    /// A scare quote: the subject of its sentence, else a role, pronoun or
    /// name saying the sentence after it (`He had been "minding the
    /// house", counsel said`).
    fn scare_attr(
        &mut self,
        pq: &ParaQuotes,
        raw: &[RawQuote],
        qi: usize,
    ) -> Option<(Attr, &'static str)> {
        let q = &raw[qi];
        if let Some(a) = self.subject_attr(pq.sentence_start(q.open), q.open) {
            return Some((a, "quote.subject"));
        }
        let nb = pq.bounds.partition_point(|&b| b <= q.close_end);
        let send = pq
            .bounds
            .get(nb)
            .copied()
            .unwrap_or(pq.p.end)
            .min(pq.next_open(raw, qi))
            .max(q.close_end);
        let tail = &self.text[q.close_end..send];
        // `Officers were "shocked", according to Inspector Liam Boyd.`
        let lead = tail.trim_start_matches([',', ' ']);
        if self
            .v
            .find(Pat::QuoteAccording, lead)
            .is_some_and(|m| m.start() == 0)
        {
            if let Some(r) = self.according_to(q.close_end, send) {
                return Some(r);
            }
        }
        if let Some(pronoun) = self.v.pat(Pat::QuoteRoleSaid).group(tail, 1) {
            return Some(match pronoun.map(|m| m.as_str()) {
                Some("he" | "she") => (Attr::Pronoun, "quote.pronoun"),
                _ => (Attr::Pronoun, "quote.role-said"),
            });
        }
        self.tail_attr(q.close_end, send)
            .map(|a| (a, "quote.said-after"))
    }

    /// Speech whose own words name nobody: `…, adding that "…` takes the
    /// sentence's subject; a quote opening a sentence takes the named
    /// subject of the sentence before it (`Shukla said police … . "As
    /// many as …`).
    fn sentence_before(
        &mut self,
        pq: &ParaQuotes,
        raw: &[RawQuote],
        qi: usize,
    ) -> Option<(Attr, &'static str)> {
        let q = &raw[qi];
        let sstart = pq.sentence_start(q.open);
        let pre = &self.text[sstart.max(pq.prev_end(raw, qi))..q.open];
        if self.v.has(Pat::QuoteAdding, pre.trim_end()) || self.v.has(Pat::QuoteAdding, pre) {
            return self
                .subject_attr(sstart, q.open)
                .map(|a| (a, "quote.subject"));
        }
        if !pre.trim().is_empty() || sstart <= pq.p.start {
            return None;
        }
        let k = pq.bounds.partition_point(|&b| b < sstart);
        let prev_s = pq.bounds[k.saturating_sub(1)];
        match self.subject_attr(prev_s, sstart) {
            Some(Attr::Person(i)) => Some((Attr::Person(i), "quote.previous-sentence")),
            _ => None,
        }
    }
}
