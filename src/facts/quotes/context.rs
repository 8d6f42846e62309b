//! The attribution context of one article: the people it names (titled
//! mentions and the register), who has spoken so far, and how a name, a
//! title, a pronoun or "the spokesman" resolves to a person.

use crate::rules::matcher::PatternRegex;

use super::register::Register;
use super::speakers::{
    self, after_suffixes, ceil_boundary, floor_boundary, parse_name, BareTitle, Mention,
};
use super::vocab::Vocab;
use super::{Attr, FRAME};
use crate::rules::contract::Pat;

pub(super) struct Ctx<'a> {
    pub(super) v: Vocab<'a>,
    pub(super) text: &'a str,
    pub(super) mentions: &'a [Mention],
    pub(super) mention_person: &'a [usize],
    pub(super) bares: &'a [BareTitle],
    pub(super) reg: Register<'a>,
    /// (position, person) of every attributed quote so far.
    pub(super) spoke: Vec<(usize, usize)>,
    /// Each one-word name's first full name (see `speakers::full_name_before`).
    pub(super) first_names: speakers::FirstNames,
}

impl Ctx<'_> {
    pub(super) fn pat(&self, p: Pat) -> &PatternRegex {
        self.v.pat(p)
    }

    /// Mentions whose name lies in `s..e`.
    pub(super) fn mentions_in(&self, s: usize, e: usize) -> std::ops::Range<usize> {
        let a = self.mentions.partition_point(|m| m.start < s);
        let b = self.mentions.partition_point(|m| m.start < e);
        a..b.max(a)
    }

    pub(super) fn bare_in(&self, s: usize, e: usize) -> Option<&BareTitle> {
        let a = self.bares.partition_point(|m| m.start < s);
        self.bares.get(a).filter(|b| b.end <= e)
    }

    /// The person for a name found in the text (a titled mention there, or
    /// a name to add to the register).
    pub(super) fn person(&mut self, s: usize, e: usize, rule: &'static str) -> usize {
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
        if let Some((fs, fe)) =
            speakers::full_name_before(&self.v, self.text, s, e, &self.first_names)
        {
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
        // a surname misspelt: the person whose full name it nearly is
        if !name.contains(' ') {
            if let Some(i) = self.reg.misspelt(name) {
                return i;
            }
        }
        let (role, org) = speakers::around(&self.v, self.text, s, e);
        let official = role.is_some() || org.is_some();
        self.reg.add(name, [s, e], None, role, org, official, rule)
    }

    /// A one-word name that refers to someone: known in the register or
    /// part of a full name given earlier.
    pub(super) fn known_word(&self, s: usize, e: usize) -> bool {
        self.reg.find(&self.text[s..e]).is_some()
            || speakers::full_name_before(&self.v, self.text, s, e, &self.first_names).is_some()
    }

    /// Whether `text[s..e]`, a capitalised word saying something, can be
    /// a surname on its own: not a word that is never a name ("He",
    /// "Police") nor an organisation's ("Customs", "Europol").
    fn lone_surname(&self, s: usize, e: usize) -> bool {
        let w = &self.text[s..e];
        !self.v.not_a_name.contains(w) && !self.v.has(Pat::QuoteOrgWord, w)
    }

    /// The most recent named person before `pos`: a speaker or a titled mention.
    /// Returns its position and the person.
    /// A mention in a sentence that names its person only as being there
    /// ("Also present was …") is passed over.
    pub(super) fn nearest_before_pos(&self, pos: usize) -> Option<(usize, usize)> {
        let m = self.mentions.partition_point(|m| m.end <= pos);
        let from_mention = (0..m)
            .rev()
            .find(|&k| !self.bystander(&self.mentions[k]))
            .map(|k| (self.mentions[k].start, self.mention_person[k]));
        let from_spoke = self.spoke.iter().rev().find(|(p, _)| *p < pos).copied();
        match (from_mention, from_spoke) {
            (Some(a), Some(b)) => Some(if a.0 > b.0 { a } else { b }),
            (a, b) => a.or(b),
        }
    }

    /// Whether the sentence of mention `m` only says its person was there.
    /// (The sentence is looked for within [`FRAME`] bytes each side: a
    /// text without stops must not be read back whole for every mention.)
    fn bystander(&self, m: &Mention) -> bool {
        let text = self.text;
        let lo = ceil_boundary(text, m.title_start.saturating_sub(FRAME));
        let hi = floor_boundary(text, (m.end + FRAME).min(text.len()));
        let from = text[lo..m.title_start]
            .rfind(['\n', '.', '!', '?'])
            .map_or(lo, |i| lo + i + 1);
        let to = text[m.end..hi]
            .find(['\n', '.', '!', '?'])
            .map_or(hi, |i| m.end + i);
        self.v.has(Pat::QuoteBystander, &text[from..to])
    }

    pub(super) fn title_ref(&self, title: &str, pos: usize) -> Option<usize> {
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
    pub(super) fn named_spokesperson(&self, phrase: &str, pos: usize) -> Option<usize> {
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

    pub(super) fn settle(&mut self, a: Attr, pos: usize) -> Option<usize> {
        match a {
            Attr::Person(i) => Some(i),
            Attr::Nobody => None,
            Attr::Pronoun => {
                let near = self.nearest_before_pos(pos);
                if let Some(i) = self.own_sentence_subject(pos, near.map(|(p, _)| p)) {
                    return Some(i);
                }
                let from = near.map_or(0, |(p, _)| p + 1);
                if let Some((_, i)) = self.subject_before(from, pos, false) {
                    return Some(i);
                }
                // Paragraphs that go on about someone named after the
                // nearest mention ("Watts said police suspect …" / "He said
                // police executed …" / "“…,” he said.") name the speaker,
                // not the person the nearest mention is of: when they have
                // been quoted already (not a name first seen there, such as
                // a misspelt "Mohd Khalid" for Mohd Khalil Kader).
                match (near, self.pronoun_chain(pos)) {
                    (None, chain) => chain.map(|(_, i)| i),
                    (Some((p, _)), Some((at, i)))
                        if at > p && self.spoke.iter().any(|&(_, s)| s == i) =>
                    {
                        Some(i)
                    }
                    (Some((_, i)), _) => Some(i),
                }
            }
        }
    }

    /// The person a pronoun's own sentence opens with, by a surname of a
    /// full name given earlier ("Brathwaite was interviewed and when told
    /// of his rights, he said: “…”"), when nobody is named later in that
    /// sentence (`near`, the nearest mention, lies before it).
    fn own_sentence_subject(&mut self, pos: usize, near: Option<usize>) -> Option<usize> {
        let text = self.text;
        let pos = floor_boundary(text, pos.min(text.len()));
        let lo = ceil_boundary(text, pos.saturating_sub(FRAME));
        let start = text[lo..pos]
            .rfind(['\n', '.', '!', '?'])
            .map_or(lo, |i| lo + i + 1);
        let rest = &text[start..pos];
        let s = start + (rest.len() - rest.trim_start().len());
        let e = s + text[s..pos]
            .find(|c: char| !(c.is_alphabetic() || c == '-' || c == '\''))
            .unwrap_or(0);
        let word = &text[s..e];
        let capitalised = word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().skip(1).all(char::is_lowercase)
            && word.len() > 2;
        if !capitalised
            || near.is_some_and(|p| p >= s)
            || !self.lone_surname(s, e)
            || speakers::full_name_before(&self.v, text, s, e, &self.first_names).is_none()
        {
            return None;
        }
        Some(self.person(s, e, "official.speaker"))
    }

    /// A pronoun with nobody named just before it: step back over the
    /// paragraphs that continue the same speaker (quoted paragraphs, and
    /// paragraphs opening with "He"/"She" or "According to him/her") to
    /// the sentence that names them: `Hamisu said …` / `He noted …` /
    /// `“…` / `“…,” he said.`
    /// Where the person is named, and the person.
    fn pronoun_chain(&mut self, pos: usize) -> Option<(usize, usize)> {
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
            let pronoun = ["He ", "She ", "According to him", "According to her"]
                .iter()
                .any(|w| first.starts_with(w));
            if !quoted {
                if let Some(found) = self.subject_before(ps, p, false) {
                    return Some(found);
                }
                // a surname alone saying it: `Hamisu said that …`, also
                // one the article never gives in full (wire copy quoting
                // "Bello said …"): a pronoun needs a person, and the word
                // is no function word or body of people ("Police said")
                let found = self
                    .pat(Pat::QuoteSurnameSaid)
                    .group_iter(&text[ps..p], 1)
                    .flatten()
                    .map(|m| (ps + m.start(), ps + m.end()))
                    .filter(|&(s, e)| self.known_word(s, e) || self.lone_surname(s, e))
                    .last();
                if let Some((s, e)) = found {
                    return Some((s, self.person(s, e, "official.speaker")));
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
    pub(super) fn subject_before(
        &mut self,
        from: usize,
        pos: usize,
        active: bool,
    ) -> Option<(usize, usize)> {
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
            // a role in lower case before the name: "NCA regional head of
            // investigations Gerry McLean said"
            if let Some(t) = name_after_role(&self.v, text, st, end) {
                tries.push(t);
            }
            for t in tries {
                let Some((ns, ne)) = parse_name(&self.v, text, t, 2) else {
                    continue;
                };
                // letters after the name are not its verb: "Bernard
                // Madden SC, said"
                let rest = &text[after_suffixes(&self.v, text, ne).min(pos)..pos];
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
}

/// Where a name starts after a role phrase in lower case that opens the
/// sentence at `st` ("regional head of investigations Gerry McLean"): the
/// first capitalised word after a lower-case one, when the words before it
/// hold a role word. Looked for in `text[st..end]`.
pub(super) fn name_after_role(
    v: &super::vocab::Vocab,
    text: &str,
    st: usize,
    end: usize,
) -> Option<usize> {
    let mut seen_lower = false;
    let mut at = st;
    for w in text[st..end].split(' ') {
        let first = w.chars().next();
        if seen_lower && first.is_some_and(char::is_uppercase) {
            return v.has(Pat::QuoteRoleWord, &text[st..at]).then_some(at);
        }
        seen_lower |= first.is_some_and(char::is_lowercase);
        at += w.len() + 1;
    }
    None
}
