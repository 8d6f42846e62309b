//! Attribution from the words around a quote: the frame before it (`X
//! said:`, `According to X,`), the words after it (`," said X.`, `" – X`),
//! the subject of the sentence a scare quote sits in, and the name saying
//! a sentence after one.

use super::context::{name_after_role, Ctx};
use super::marks::RawQuote;
use super::paragraphs::{all_capitalised, ends_with_dash, Para};
use super::speakers::{
    ceil_boundary, floor_boundary, parse_name, trailing_name, whole_name, with_capital,
};
use super::vocab::{Vocab, Words};
use super::{Attr, FRAME};
use crate::rules::contract::Pat;

/// The longest sentence after a quote that may only name who said it (a
/// name, a title and an office: "Mark Delgado, U.S. Attorney for the
/// Eastern District of Oklahoma, said in a statement.").
const SHORT_SAYS: usize = 130;

/// Whether `rest`, after a speech verb at the end of a sentence, only says
/// where or when: " in a statement", " on Tuesday", " per a press release".
fn says_where(rest: &str) -> bool {
    let r = rest.trim_start();
    r.len() < rest.len()
        && r.len() <= 40
        && !r.contains([',', ';', '"', '\u{201C}'])
        && ["in ", "on ", "per ", "via ", "during ", "at "]
            .iter()
            .any(|p| r.starts_with(p))
}

/// The length of `s` less its stretches in round brackets: an office's
/// name in its own language ("the National Unit Against Organised Crime
/// (Riksenheten mot internationell och organiserad brottslighet) said")
/// does not push the verb away from its subject.
fn unbracketed_len(s: &str) -> usize {
    let mut depth = 0usize;
    let mut n = 0;
    for b in s.bytes() {
        match b {
            b'(' => depth += 1,
            b')' if depth > 0 => depth -= 1,
            _ if depth == 0 => n += 1,
            _ => {}
        }
    }
    n
}

impl Ctx<'_> {
    /// Attribution of a speech quote: the frame before it (`X said:`), then
    /// the words after it (`," said X.`, `– X`).
    pub(super) fn speech_attr(
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
            // `"We found drugs." Sheriff Chuck Smith said.`: a quote ended
            // with its full stop, then a short sentence that only says who
            if text[q.close_end..end].trim().is_empty() && end < next_open {
                let next_end = bounds.get(nb + 1).map_or(p.end, |&b| b.min(p.end));
                let next_end = floor_boundary(text, next_end.min(next_open));
                if next_end > end && next_end - end <= SHORT_SAYS && self.only_says(end, next_end) {
                    if let Some(r) = self.after_attr(end, next_end) {
                        return Some(r);
                    }
                }
            }
        }
        None
    }

    /// Whether `text[s..e]` is a sentence that ends with its speech verb
    /// ("Sheriff Chuck Smith said."), or with the verb and a short phrase
    /// of where or when ("…, U.S. Attorney for the District of X, said in
    /// a statement.").
    fn only_says(&mut self, s: usize, e: usize) -> bool {
        let sent = self.text[s..e].trim_end();
        let Some(body) = sent.strip_suffix('.') else {
            return false;
        };
        self.pat(Pat::QuoteVerbAfter)
            .find_iter(body)
            .last()
            .is_some_and(|m| m.end() == body.len() || says_where(&body[m.end()..]))
    }

    /// `X said:`, `According to X,`, `He added:`, `X told the Gazette:`.
    pub(super) fn intro_attr(&mut self, s: usize, e: usize) -> Option<(Attr, &'static str)> {
        let text = self.text;
        let frame = &text[s..e];
        let colon = frame.trim_end().ends_with(':') || ends_with_dash(frame.trim_end());
        if let Some(r) = self.according_to(s, e) {
            return Some(r);
        }
        let verb = self.pat(Pat::QuoteIntro).find_iter(frame).last();
        let Some(verb) = verb else {
            // a colon without a verb: "Chief Inspector X:" in an interview
            return if colon { self.colon_attr(s, e) } else { None };
        };
        let vpos = s + verb.start();
        let vword = verb.as_str().to_ascii_lowercase();
        let rule = if self.v.intro_added.contains(&vword) {
            "quote.added"
        } else if self.v.intro_told.contains(&vword) {
            "quote.told"
        } else if self.v.intro_statement.contains(&vword) {
            "quote.statement"
        } else if colon {
            "quote.said-colon"
        } else {
            "quote.said-before"
        };
        let before = &text[s..vpos];
        // the verb first, the speaker after it: "Added Supt. Rita Dhillon:"
        if before.trim().is_empty() {
            let after = s + verb.end();
            if let Some(mi) = self.mentions_in(after, e).last() {
                return Some((Attr::Person(self.mention_person[mi]), rule));
            }
            if colon {
                return self.colon_attr(after, e).map(|(a, _)| (a, rule));
            }
        }
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
        self.untitled_before(s, before, rule)
    }

    /// `According to X,`: X, titled or a name of two words.
    pub(super) fn according_to(&mut self, s: usize, e: usize) -> Option<(Attr, &'static str)> {
        let text = self.text;
        let frame = &text[s..e];
        let m = self.v.pat(Pat::QuoteAccording).find_iter(frame).last()?;
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
        None
    }

    /// A name or title before a colon, with no verb: "Chief Inspector X:",
    /// "Head of the Seaport Police Marieke de Wit:".
    fn colon_attr(&mut self, s: usize, e: usize) -> Option<(Attr, &'static str)> {
        let text = self.text;
        let frame = &text[s..e];
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
        None
    }

    /// An untitled name in the comma segments before the verb ("Capitán
    /// Javier Morales of the Guardia Civil's … said"), or a surname known
    /// from before ("Kettering said:").
    fn untitled_before(
        &mut self,
        s: usize,
        before: &str,
        rule: &'static str,
    ) -> Option<(Attr, &'static str)> {
        let text = self.text;
        let trimmed = before.trim_end();
        let bend = s + trimmed.len();
        let seg_end = if trimmed.ends_with(',') {
            bend - 1
        } else {
            bend
        };
        let mut segs: Vec<(usize, usize)> = Vec::new();
        let mut cur_end = seg_end;
        // Up to five comma-separated stretches back from the verb: a name
        // may come before a chain of title, region and organisation
        // ("Gyaneshwar Singh, deputy director general, northern region,
        // NCB said").
        for _ in 0..5 {
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
                // (a name read on past the segment is not in it: "Said
                // Det. Sgt. Mark Hill: …" has an empty one before the verb)
                let name = parse_name(&self.v, text, a + lead, 2).filter(|&(_, ne)| ne <= b);
                if let Some((ns, ne)) = name {
                    let rest = &text[ne..b];
                    let org_follows = rest
                        .strip_prefix(' ')
                        .is_some_and(|r| self.v.org_preposition.strip_word(r).is_some());
                    if org_follows {
                        return Some((Attr::Person(self.person(ns, ne, "official.speaker")), rule));
                    }
                }
            }
            // a surname known from before ends the first stretch, after a
            // word that opens a clause: "The offence was pointed out and
            // Thomas replied, “…”" (not "Another message to Finglas
            // stated:", "deported to Mexico, said")
            if k == 0 {
                if let Some((ns, ne)) = trailing_name(&self.v, text, a, b, 1) {
                    let opener = text[a..ns].split_whitespace().next_back();
                    if opener.is_some_and(|w| self.v.clause_opener.contains(w))
                        && self.known_word(ns, ne)
                    {
                        return Some((Attr::Person(self.person(ns, ne, "official.speaker")), rule));
                    }
                }
            }
            if k <= 1 {
                // a single surname known from before: "Kettering said:",
                // "Hyde, in a prepared statement, said:"; or right before
                // the verb, as `," Okafor said` takes it after a quote
                // ("Okafor said: “…”"), unless it is a body of people
                // ("Police said:")
                if let Some((ns, ne)) = whole_name(&self.v, text, a, b, 1) {
                    if self.known_word(ns, ne)
                        || k == 0 && !self.v.has(Pat::QuoteOrgSubject, &text[ns..ne])
                    {
                        return Some((Attr::Person(self.person(ns, ne, "official.speaker")), rule));
                    }
                }
            }
        }
        None
    }

    /// `," said X.`, `," X said.`, `," he said.`, `" – X`, `," said a spokesperson`.
    pub(super) fn after_attr(&mut self, s: usize, e: usize) -> Option<(Attr, &'static str)> {
        let text = self.text;
        let frame = &text[s..e];
        let lead = frame.len()
            - frame
                .trim_start_matches([',', '.', '!', '?', ';', ' '])
                .len();
        let at = s + lead;
        let rest = &text[at..e];
        if let Some(r) = rest
            .strip_prefix('\u{2013}')
            .or_else(|| rest.strip_prefix('\u{2014}'))
            .or_else(|| rest.strip_prefix('-'))
        {
            return self.dash_attr(at + (rest.len() - r.len()), e);
        }
        if let Some(m) = self.pat(Pat::QuoteVerbFirst).find(rest) {
            return self.verb_first_attr(at + m.end(), e);
        }
        self.subject_then_verb(at, e)
    }

    /// `" – X`: a titled mention or a whole name after the dash at `a`.
    fn dash_attr(&mut self, a: usize, e: usize) -> Option<(Attr, &'static str)> {
        let text = self.text;
        let r = &text[a..e];
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
        None
    }

    /// `," said X.`, `," said the Sheriff`, `," said a spokesperson`: the
    /// speaker after the verb at `at`.
    fn verb_first_attr(&mut self, at: usize, e: usize) -> Option<(Attr, &'static str)> {
        let text = self.text;
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
            // "said a spokeswoman for the prosecutor's office, Ana Ribeiro."
            let subject = r.trim_end().trim_end_matches('.');
            let last = subject.rfind(',').map(|i| at + i + 1);
            let tail_end = at + subject.len();
            if let Some((ns, ne)) = last.and_then(|a| whole_name(&self.v, text, a, tail_end, 2)) {
                return Some((Attr::Person(self.person(ns, ne, "official.speaker")), rule));
            }
            return Some((Attr::Nobody, "quote.spokesperson"));
        }
        // "said the Sheriff"
        if let Some(b) = self.bare_in(at, first_seg_end) {
            let title = b.title.clone();
            if let Some(i) = self.title_ref(&title, at) {
                return Some((Attr::Person(i), rule));
            }
        }
        // "said police.", "said the DEA": nobody named (not "said Police
        // Commissioner, Jane Doe", whose name follows the comma)
        if !text[first_seg_end..e].starts_with(',')
            && self
                .v
                .has(Pat::QuoteOrgSubject, text[at..first_seg_end].trim())
        {
            // unless the subject, capitalised throughout, ends in a
            // person's name: "says Customs Manager Auckland Airport Paul
            // Williams." ("the Director of the Office of National Drug
            // Control Policy" names nobody)
            let seg = text[at..first_seg_end].trim_end().trim_end_matches('.');
            if let Some(i) = self.capitalised_then_name(&Words::NONE, at, at + seg.len()) {
                return Some((Attr::Person(i), rule));
            }
            return Some((Attr::Nobody, "quote.spokesperson"));
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
            // "said Kaji without saying from which country …", "said
            // John Smith after the hearing": a full name or one the
            // article gave before, then a clause in lower case
            if a == at {
                let lead = a + (text[a..b3].len() - text[a..b3].trim_start().len());
                if let Some((ns, ne)) = parse_name(&self.v, text, lead, 1) {
                    let clause = text[ne..b3]
                        .strip_prefix(' ')
                        .is_some_and(|r| r.starts_with(|c: char| c.is_lowercase()));
                    let full = text[ns..ne].contains(' ');
                    if clause && (full || self.known_word(ns, ne)) {
                        return Some((Attr::Person(self.person(ns, ne, "official.speaker")), rule));
                    }
                }
            }
            // "said Jason Sandoval of the DEA", "with the DEA": a name,
            // then its organisation.
            if let Some(o) = org_after_name(&self.v, seg) {
                if let Some((ns, ne)) = whole_name(&self.v, text, a, a + o, 2) {
                    return Some((Attr::Person(self.person(ns, ne, "official.speaker")), rule));
                }
            }
            if b >= e {
                break;
            }
            a = b + 1;
        }
        None
    }

    /// `," Det Supt Halloran said.`, `," he said.`: the subject before a
    /// speech verb.
    fn subject_then_verb(&mut self, at: usize, e: usize) -> Option<(Attr, &'static str)> {
        let text = self.text;
        let rest = &text[at..e];
        let vm = self.pat(Pat::QuoteVerbAfter).find(rest)?;
        if unbracketed_len(&rest[..vm.start()]) > 120 {
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
        // `," Jane Atieno, the regional police spokesperson, said`: a whole
        // name, then its role as an appositive
        if let Some(c) = text[at..vs].find(',') {
            let appositive = text[at + c + 1..vs].trim_start().to_ascii_lowercase();
            if ["the ", "a ", "an "]
                .iter()
                .any(|a| appositive.starts_with(a))
            {
                if let Some((ns, ne)) = whole_name(&self.v, text, at, at + c, 2) {
                    return Some((Attr::Person(self.person(ns, ne, "official.speaker")), rule));
                }
            }
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
        // "police said", "the U.S. Attorney's Office said": nobody named
        // (but "Gedvydas Vaivada of the Vilnius Regional Prosecutor's
        // Office told": a name, then its organisation)
        if self.v.has(Pat::QuoteOrgSubject, subject) {
            let lead = at + (text[at..vs].len() - text[at..vs].trim_start().len());
            let named = org_after_name(&self.v, subject)
                .and_then(|o| whole_name(&self.v, text, lead, lead + o, 2));
            if let Some((ns, ne)) = named {
                return Some((Attr::Person(self.person(ns, ne, "official.speaker")), rule));
            }
            return Some((Attr::Nobody, "quote.spokesperson"));
        }
        let seg_end = at + text[at..vs].find(',').unwrap_or(vs - at);
        if let Some((ns, ne)) = whole_name(&self.v, text, at, seg_end, 1) {
            return Some((Attr::Person(self.person(ns, ne, "official.speaker")), rule));
        }
        // `," Public Safety Secretary Omar Garcia Harfuch wrote`: an office
        // the title lexicon does not know, in capitals (its small words
        // those of a department's name), then a full name
        let joiners = self.v.dept_joiner;
        self.capitalised_then_name(&joiners, at, vs)
            .map(|i| (Attr::Person(i), rule))
    }

    /// The person named at the end of `text[s..e]` when every word there
    /// is capitalised (or one of `joiners`): an office the title lexicon
    /// does not know, then a full name.
    fn capitalised_then_name(&mut self, joiners: &Words, s: usize, e: usize) -> Option<usize> {
        let text = self.text;
        if !all_capitalised(joiners, &text[s..e]) {
            return None;
        }
        let (ns, ne) = trailing_name(&self.v, text, s, e, 2)?;
        Some(self.person(ns, ne, "official.speaker"))
    }

    /// The speaker of a quote inside a sentence: the sentence's subject when
    /// it is a named person followed by a speech verb ("Judge Martina Baxter
    /// said Quinn had been "a willing participant"").
    pub(super) fn subject_attr(&mut self, sstart: usize, qpos: usize) -> Option<Attr> {
        let text = self.text;
        let end = floor_boundary(text, qpos.min(sstart + FRAME));
        let sent = &text[sstart..end];
        // hearsay: "X told officers he had been told it held "only food""
        if self.v.has(Pat::QuoteHearsay, sent) {
            return None;
        }
        // "Mr Doku gave an assurance …, adding that "…"": the subject speaks
        let adding = self.v.has(Pat::QuoteAdding, sent);
        // skip a leading clause: "Defending, ", "Jailing him, ", "In a
        // brief social media post earlier on Saturday evening, "; and a
        // modifier in lower case before the title: "newly-appointed Home
        // Affairs Minister Oneidge Walrond had declared"
        // ("Meanwhile, on the Johor case, Husain said": a second clause
        // only after a first of one word, so "The defendant, of Elmfield
        // Close, St Helens, admitted" keeps no place as its subject)
        let mut starts = vec![sstart];
        let one_word_first = sent.find(", ").is_some_and(|c| !sent[..c].contains(' '));
        let commas = sent
            .match_indices(", ")
            .map(|(c, _)| c)
            .take(if one_word_first { 2 } else { 1 });
        let lead_max = lead_clause_max(sent);
        for c in commas.take_while(|&c| c < lead_max && !sent[..c].contains(['"', '\u{201C}'])) {
            starts.push(sstart + c + 2);
            // a second clause with its own subject: "…, and Spanish
            // Justice Minister Ana Ruiz called the raid a "heavy blow""
            if let Some(r) = sent[c + 2..].strip_prefix("and ") {
                if r.starts_with(char::is_uppercase) {
                    starts.push(sstart + c + 6);
                }
            }
            let rest = &sent[c + 2..];
            if let Some((w, after)) = rest.split_once(' ') {
                if w.contains('-')
                    && w.starts_with(char::is_lowercase)
                    && after.starts_with(char::is_uppercase)
                {
                    starts.push(sstart + c + 2 + w.len() + 1);
                }
            }
        }
        // or a word that is never a name before one: "Although Whitford
        // said the accused "played a central role""
        if let Some((w, rest)) = sent.split_once(' ') {
            if self.v.not_a_name.contains(w) && rest.starts_with(char::is_uppercase) {
                starts.push(sstart + w.len() + 1);
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
                    if let Some(a) = self.name_saying(w, end) {
                        return Some(a);
                    }
                    break;
                }
            }
        }
        // "NCA regional head of investigations Gerry McLean said it was "…""
        if let Some(a) =
            name_after_role(&self.v, text, sstart, end).and_then(|w| self.name_saying(w, end))
        {
            return Some(a);
        }
        for st in starts {
            if let Some(a) = self.subject_at(st, end, adding) {
                return Some(a);
            }
        }
        // "The raid targeted what Sheriff David Duke called a "massive"
        // site": the person the clause that names the quoted words names
        // (not a pronoun: "what he thought was a 'softening' approach" is
        // narration about the judge, not his words); "which" opens the
        // same clause after a noun: "…, which Barefoot called "a
        // different beast.""
        for clause in [" what ", " which "] {
            if let Some(i) = sent.rfind(clause) {
                let at = sstart + i + clause.len();
                if let Some(a @ Attr::Person(_)) = self.subject_at(at, end, false) {
                    return Some(a);
                }
            }
        }
        None
    }

    /// The person named at `w` when a speech verb follows the name before
    /// `end`.
    fn name_saying(&mut self, w: usize, end: usize) -> Option<Attr> {
        let (ns, ne) = parse_name(&self.v, self.text, w, 2)?;
        self.verb_follows(ne, end)
            .then(|| Attr::Person(self.person(ns, ne, "official.speaker")))
    }

    /// The subject at `st` that says the sentence up to `end`: a titled
    /// mention among the first words, "the Sheriff", a pronoun, or a name
    /// (with `adding`, whatever the verb).
    fn subject_at(&mut self, st: usize, end: usize, adding: bool) -> Option<Attr> {
        let text = self.text;
        // a titled mention whose title is among the first words
        if let Some(mi) = self.mentions_in(st, end).next() {
            let m = &self.mentions[mi];
            // (a mention whose title starts before `st`, a start after a
            // word that is never a name, "Det." of "Det. Insp. Jane
            // Smith", has no lead: slicing back to it panicked)
            let lead = &text[st.min(m.title_start)..m.title_start];
            // the clause the title opens: "During a press conference on
            // Wednesday, Aug. 9, Chief Superintendent X called …"
            let lead = lead
                .char_indices()
                .rev()
                .find(|&(_, c)| matches!(c, ',' | '\u{201D}' | '"'))
                .map_or(lead, |(i, c)| &lead[i + c.len_utf8()..]);
            // the organisation's words, capitalised, and a rank word in
            // lower case just before the title: "NSW Police acting
            // Commander X said", "The Australian Federal Police's
            // Organised Crime Commander X said"; a joiner inside the
            // organisation's name: "BNN Eradication and Enforcement Deputy
            // Arman Depari said"
            let words: Vec<&str> = lead.split_whitespace().collect();
            let n = words.len();
            let ok_lead = n <= 7
                && words.iter().enumerate().all(|(i, w)| {
                    w.chars().next().is_some_and(char::is_uppercase)
                        || (i + 1 == n && self.v.not_a_name.contains(&with_capital(w)))
                        || (i > 0 && i + 1 < n && self.v.dept_joiner.contains(w))
                });
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
        None
    }

    /// A verb follows `pos` that is not something done to the person
    /// ("was pleased", "would not say", not "was arrested").
    pub(super) fn acts(&self, pos: usize, end: usize) -> bool {
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
    pub(super) fn tail_attr(&mut self, s: usize, e: usize) -> Option<Attr> {
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
            // a surname known from before: `... than a gram, Sarver said`
            if let Some((ns, ne)) = parse_name(&self.v, text, c, 1) {
                if self.known_word(ns, ne) && self.verb_follows(ne, e) {
                    return Some(Attr::Person(self.person(ns, ne, "official.speaker")));
                }
            }
            // the title of someone named before: `..., the Public Security
            // minister said`
            if let Some(b) = self.bare_in(c, e) {
                let (bs, be, title) = (b.start, b.end, b.title.clone());
                let the = text[c..bs]
                    .get(..4)
                    .is_some_and(|w| w.eq_ignore_ascii_case("the "));
                if the && bs <= c + 40 && self.verb_follows(be, e) {
                    if let Some(i) = self.title_ref(&title, c) {
                        return Some(Attr::Person(i));
                    }
                }
            }
        }
        None
    }

    /// A speech verb follows `pos` (after an optional appositive or suffix).
    pub(super) fn verb_follows(&self, pos: usize, end: usize) -> bool {
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
            // branch commander at the NCA, which took over, said"; a
            // Nigerian release's "Femi Babafemi, Director, Media and
            // Advocacy, NDLEA Headquarters, Abuja, said" has five parts)
            let mut from = 0;
            for _ in 0..5 {
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
}

/// Where the organisation of "Jason Sandoval of the DEA" starts in `seg`:
/// the first organisation preposition (lexicon `org_preposition`) followed
/// by "the" or a capital.
fn org_after_name(v: &Vocab, seg: &str) -> Option<usize> {
    let mut at = 0;
    while let Some(i) = seg[at..].find(' ') {
        let sp = at + i;
        let rest = &seg[sp + 1..];
        if let Some(org) = v.org_preposition.strip_word(rest) {
            let org = org.strip_prefix("the ").unwrap_or(org);
            if org.starts_with(char::is_uppercase) {
                return Some(sp);
            }
        }
        at = sp + 1;
    }
    None
}

/// How far into a sentence the comma closing a leading clause may lie for
/// the words after it to be the subject: 80 bytes, or 160 after a clause
/// that opens with a participle or a preposition, which cannot be the
/// subject itself and runs long ("Speaking at a meeting of Shetland's
/// community safety and resilience board later on Wednesday, Clemenson
/// said …").
fn lead_clause_max(sent: &str) -> usize {
    const OPENERS: &[&str] = &[
        "In",
        "At",
        "During",
        "After",
        "Before",
        "Following",
        "On",
        "Upon",
        "Under",
    ];
    let first = sent.split(' ').next().unwrap_or("");
    let participle =
        first.len() > 5 && first.ends_with("ing") && first.starts_with(char::is_uppercase);
    if participle || OPENERS.contains(&first) {
        160
    } else {
        80
    }
}
