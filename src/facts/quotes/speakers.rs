//! Names of people, the titles before them, and the roles and
//! organisations around them; the register of officials an article names.

use super::name_token::name_token;
use super::vocab::Vocab;
use crate::rules::contract::{Lex, Pat};
use once_cell::sync::Lazy;
use regex::Regex;

use crate::rules::matcher::LexiconRegex;
use crate::rules::{FxHashMap, Lexicon};

/// The end of a name starting at `at` (after an honorific), or None.
/// `min_tokens` is 1 after a title, 2 otherwise.
pub(crate) fn parse_name(
    v: &Vocab,
    text: &str,
    at: usize,
    min_tokens: usize,
) -> Option<(usize, usize)> {
    // An honorific before the name: "Dr Winston Ferris-Campbell".
    let (pos, min_tokens) = match after_honorific(v, text, at) {
        Some(p) => (p, 1),
        None => (at, min_tokens),
    };
    let start = pos;
    let mut end = pos;
    let mut tokens = 0usize;
    let mut cur = pos;
    loop {
        let rest = &text[cur..];
        let m_end = match name_token(rest) {
            Some(m) => m,
            None => {
                // a particle between two name tokens: "van", "de"
                if tokens > 0 {
                    if let Some(nxt) = after_particle(v, text, cur) {
                        cur = nxt;
                        continue;
                    }
                }
                break;
            }
        };
        let mut w = &rest[..m_end];
        // possessive: "Kennedy's" ends the name before the 's
        let mut stop_after = false;
        if let Some(stripped) = w.strip_suffix("'s").or_else(|| w.strip_suffix("\u{2019}s")) {
            w = stripped;
            stop_after = true;
        }
        // an initial without its dot, before another initial or a name:
        // "A K Kuhar", "R Sharma" (not the article "A" before one word)
        let bare_initial = w.len() == 1
            && w.chars().all(|c| c.is_ascii_uppercase())
            && rest[1..].starts_with(' ')
            && name_token(&rest[2..]).is_some_and(|n| {
                let n = &rest[2..2 + n];
                (n.len() == 1 || n.len() == 2 && n.ends_with('.'))
                    || (w != "A"
                        && w != "I"
                        && !v.not_a_name.contains(n)
                        && n.chars().any(char::is_lowercase))
            });
        // (a compound with such a word is none either: "Major
        // Joint-Operation underway" in an embedded post)
        let not_a_name = |w: &str| {
            v.not_a_name.contains(w)
                || (w.contains('-') && w.split('-').any(|p| v.not_a_name.contains(p)))
        };
        if !bare_initial && (w.is_empty() || not_a_name(w) || v.suffix.contains(w)) {
            break;
        }
        let initial = (w.len() == 2 && w.ends_with('.')) || bare_initial;
        // all-capitals words are acronyms (RCMP), not names; "DEA" stops.
        let has_lower = w.chars().any(char::is_lowercase);
        if !initial && !has_lower {
            break;
        }
        tokens += 1;
        end = cur + w.len();
        // (six: Malay and Arabic names run long, "Wan Jamal Abdul Salam Wan Long")
        if tokens >= 6 || stop_after {
            break;
        }
        cur += m_end;
        // tokens are separated by exactly one space
        if text[cur..].starts_with(' ') {
            cur += 1;
        } else if initial {
            // "J.Smith"
        } else {
            break;
        }
    }
    // a name must not end with an initial
    let (end, tokens) = drop_trailing_initials(text, start, end, tokens)?;
    if tokens >= min_tokens {
        Some((start, end))
    } else {
        None
    }
}

/// After an honorific and its space at `at` ("Dr ", "Mrs. "): where the
/// name starts.
fn after_honorific(v: &Vocab, text: &str, at: usize) -> Option<usize> {
    let m = name_token(&text[at..])?;
    // two words ("Tan Sri", "Datuk Seri"): one look-up of both
    if text[at + m..].starts_with(' ') {
        if let Some(m2) = name_token(&text[at + m + 1..]) {
            let end = at + m + 1 + m2;
            if v.honorific.contains(&text[at..end]) && text[end..].starts_with(' ') {
                return Some(after_honorific(v, text, end + 1).unwrap_or(end + 1));
            }
        }
    }
    let after = at + m;
    let after = if text[after..].starts_with('.') {
        after + 1
    } else {
        after
    };
    (v.honorific.contains(&text[at..at + m]) && text[after..].starts_with(' '))
        // another may follow ("Datuk Haji")
        .then(|| after_honorific(v, text, after + 1).unwrap_or(after + 1))
}

/// A particle at `cur` ("van ", "de ") before a name token: where that
/// token starts.
fn after_particle(v: &Vocab, text: &str, cur: usize) -> Option<usize> {
    let rest = &text[cur..];
    let w: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
    // A Malay name's "@" joins the name and its alias: "Mat Zani @ Mohd
    // Salahuddin Che Ali" is one person, named so in full.
    let alias = rest.starts_with("@ ");
    let len = if alias { 1 } else { w.len() };
    if !alias && (w.is_empty() || !v.particle.contains(&w) || !rest[w.len()..].starts_with(' ')) {
        return None;
    }
    let nxt = cur + len + 1;
    name_token(&text[nxt..])
        .is_some_and(|m| !v.not_a_name.contains(&text[nxt..nxt + m]))
        .then_some(nxt)
}

/// The name `start..end` of `tokens` tokens without the initials that end
/// it; None when nothing is left.
fn drop_trailing_initials(
    text: &str,
    start: usize,
    mut end: usize,
    mut tokens: usize,
) -> Option<(usize, usize)> {
    let ends_initial =
        |t: &str| t.ends_with('.') || t.len() == 1 || t.as_bytes()[t.len() - 2] == b' ';
    while tokens > 0 && end - start >= 1 && ends_initial(&text[start..end]) {
        let last_space = text[start..end].rfind(' ');
        match last_space {
            Some(sp) => {
                end = start + sp;
                tokens -= 1;
            }
            None => return None,
        }
    }
    Some((end, tokens))
}

/// A whole segment that is a name ("Lotte Verbruggen", " Hannah Whitlock").
pub(crate) fn whole_name(
    v: &Vocab,
    text: &str,
    s: usize,
    e: usize,
    min_tokens: usize,
) -> Option<(usize, usize)> {
    let seg = &text[s..e];
    let lead = seg.len() - seg.trim_start().len();
    let s2 = s + lead;
    let e2 = s + seg.trim_end().len();
    if s2 >= e2 {
        return None;
    }
    let (ns, ne) = parse_name(v, text, s2, min_tokens)?;
    // The name may run past the segment ("Brian T. Osei" split at "T.").
    if ne >= e2 {
        return Some((ns, ne));
    }
    // allow trailing suffixes (SC, Jr.)
    let tail = text[ne..e2].trim();
    if tail.is_empty()
        || tail
            .split_whitespace()
            .all(|t| v.suffix.contains(t.trim_end_matches(',')))
    {
        Some((ns, ne))
    } else {
        None
    }
}

/// Where the letters after a name end ("Conor Breen SC", "John Smith,
/// Jr.,"): `name_end` itself when none follow. A comma before the letters
/// goes with them; one after them is left.
pub(crate) fn after_suffixes(v: &Vocab, text: &str, name_end: usize) -> usize {
    let mut end = name_end;
    loop {
        let rest = &text[end..];
        let gap = rest.strip_prefix(", ").or_else(|| rest.strip_prefix(' '));
        let Some(word) = gap.and_then(|g| g.split([' ', ',']).next()) else {
            return end;
        };
        if word.is_empty() || !v.suffix.contains(word) {
            return end;
        }
        end += rest.len() - gap.map_or(0, str::len) + word.len();
    }
}

/// The name that ends a segment ("... Centre, Chief Kim Lee" → Kim Lee).
pub(crate) fn trailing_name(
    v: &Vocab,
    text: &str,
    s: usize,
    e: usize,
    min_tokens: usize,
) -> Option<(usize, usize)> {
    let seg = &text[s..e];
    let trimmed_end = s + seg.trim_end().len();
    // try each word start from the left, the first that parses to the end wins
    let mut idx = s;
    let mut tries = 0;
    for (i, c) in seg.char_indices() {
        let p = s + i;
        let word_start = (i == 0 || text[..p].ends_with(' ')) && c.is_uppercase();
        if word_start {
            tries += 1;
            if tries > 12 {
                break;
            }
            if let Some(r) = whole_name(v, text, p, trimmed_end, min_tokens) {
                return Some(r);
            }
        }
        idx = p;
    }
    let _ = idx;
    None
}

/// The full name, as first given before `s`, of which the word `text[s..e]`
/// is a part: "Babafemi" → "Femi Babafemi", "Kang" → "Kang Chez Chiang".
/// `seen` remembers each word's first full name in the whole text, so that
/// an article naming many people does not search its text again for each
/// (that was quadratic in the article's length).
pub(crate) fn full_name_before(
    v: &Vocab,
    text: &str,
    s: usize,
    e: usize,
    seen: &FirstNames,
) -> Option<(usize, usize)> {
    let word = &text[s..e];
    if word.is_empty() || word.contains(' ') {
        return None;
    }
    // The first occurrence of the word with a full name covering it: the
    // answer for every `s` at or after its end (the ones after it lie
    // further on), none before.
    let first = *seen
        .0
        .borrow_mut()
        .entry(word.to_string())
        .or_insert_with(|| first_full_name(v, text, word));
    first
        .filter(|&(j, _, _)| j <= s)
        .map(|(_, ns, ne)| (ns, ne))
}

/// Each word's first full name in a text (see [`full_name_before`]).
#[derive(Default)]
pub(crate) struct FirstNames(std::cell::RefCell<FxHashMap<String, Option<FirstName>>>);

/// Where a word first occurs with a full name covering it: the word's end,
/// and the name's start and end.
type FirstName = (usize, usize, usize);

impl FirstNames {
    /// How many words have been looked up.
    #[cfg(test)]
    pub(crate) fn words(&self) -> usize {
        self.0.borrow().len()
    }
}

/// The first occurrence of `word` (a whole word) with a full name covering
/// it: the occurrence's end, and the name's span.
fn first_full_name(v: &Vocab, text: &str, word: &str) -> Option<FirstName> {
    for (i, _) in text.match_indices(word) {
        let j = i + word.len();
        let bounded = !text[..i].ends_with(|c: char| c.is_alphanumeric())
            && !text[j..].starts_with(|c: char| c.is_alphanumeric());
        if !bounded {
            continue;
        }
        // up to three words back, the earliest start whose name covers it
        let mut starts = vec![i];
        let mut k = i;
        for _ in 0..3 {
            let Some(sp) = text[..k].strip_suffix(' ') else {
                break;
            };
            let ws = sp
                .rfind(|c: char| c.is_whitespace() || "(,;:\"\u{201C}".contains(c))
                .map_or(0, |x| x + sp[x..].chars().next().map_or(1, char::len_utf8));
            if ws >= sp.len() || !sp[ws..].starts_with(char::is_uppercase) {
                break;
            }
            starts.push(ws);
            k = ws;
        }
        for &st in starts.iter().rev() {
            if let Some((ns, ne)) = parse_name(v, text, st, 2) {
                if ns <= i && ne >= j {
                    return Some((j, ns, ne));
                }
            }
        }
    }
    None
}

/// A named person mentioned with a title: "Chief Inspector Marcus Kennedy".
#[derive(Debug, Clone)]
pub(crate) struct Mention {
    pub title_start: usize,
    pub start: usize,
    pub end: usize,
    pub title: Option<String>,
    pub role: Option<String>,
    pub org: Option<String>,
}

/// A title without a name: "the Sheriff said".
#[derive(Debug, Clone)]
pub(crate) struct BareTitle {
    pub start: usize,
    pub end: usize,
    pub title: String,
}

/// "the " comes right before `at`, or before up to three capitalised words
/// that qualify the title there ("the Public Security minister", "the
/// Interior Minister").
fn after_the(text: &str, at: usize) -> bool {
    let mut end = at;
    for _ in 0..4 {
        let before = &text[ceil_boundary(text, end.saturating_sub(4))..end];
        if before.eq_ignore_ascii_case("the ") {
            return true;
        }
        let head = text[..end].trim_end_matches(' ');
        if head.len() == end {
            return false;
        }
        let word_start = head
            .rfind(|c: char| !(c.is_alphabetic() || c == '-'))
            .map_or(0, |i| {
                i + head[i..].chars().next().map_or(1, char::len_utf8)
            });
        let word = &head[word_start..];
        if !word.starts_with(|c: char| c.is_uppercase()) {
            return false;
        }
        end = word_start;
    }
    false
}

/// `word` is one of `caps` (the aliases that must be matched in capitals,
/// [`Lexicon::capital_abbreviations`]) with its dots removed.
pub(super) fn is_caps_alias(caps: &[String], word: &str) -> bool {
    caps.iter()
        .any(|a| a.bytes().filter(|&b| b != b'.').eq(word.bytes()))
}

static PAREN_ACRONYM: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^ ?\([A-Za-z][A-Za-z&/ ]{0,30}\)").unwrap());

/// Where the title lexicon's regex matches in the text: the search
/// alone, so that a batch can run it over all its articles in a row
/// ([`super::title_spans`]).
pub(super) fn title_spans(re: &LexiconRegex, text: &str) -> Vec<(usize, usize)> {
    re.find_iter(text).map(|m| (m.start(), m.end())).collect()
}

/// Every titled mention and bare title in the text, in order, from where
/// the title regex matches in it ([`title_spans`]).
pub(crate) fn titled_mentions(
    v: &Vocab,
    text: &str,
    spans: &[(usize, usize)],
) -> (Vec<Mention>, Vec<BareTitle>) {
    let Some(lex) = v.rules.lexicon(Lex::Title) else {
        return (Vec::new(), Vec::new());
    };
    let hits = title_hits(v, text, spans, lex);
    let mut mentions = Vec::new();
    let mut bares = Vec::new();
    let mut i = 0;
    while i < hits.len() {
        let (j, qualifier_end) = stacked(text, &hits, i);
        let ts = hits[i].start;
        let TitleHit {
            end: te, ref title, ..
        } = hits[j];
        match name_after_title(v, text, ts, te) {
            Some(((ns, ne), dept)) => {
                // the titles before the last qualify it: "District Commander"
                let role = qualifier_end
                    .map(|q| text[ts..q].split_whitespace().collect::<Vec<_>>().join(" "))
                    .or(dept);
                let (r2, org) = around(v, text, ts, ne);
                mentions.push(Mention {
                    title_start: ts,
                    start: ns,
                    end: ne,
                    title: Some(title.clone()),
                    role: role.or(r2),
                    org,
                });
            }
            None => {
                // no name: a title alone counts only as "the Sheriff" (or
                // "the Public Security minister"), not as the owner of "the
                // sheriff's office"
                if after_the(text, ts) && !owns_an_office(v, &text[te..]) {
                    bares.push(BareTitle {
                        start: ts,
                        end: te,
                        title: title.clone(),
                    });
                }
            }
        }
        i = j + 1;
    }
    (mentions, bares)
}

/// Whether the words after a title make it an office's owner: "'s
/// office", "’s Department" (a word of `quote_org_word`, in lower case or
/// not).
fn owns_an_office(v: &Vocab, after: &str) -> bool {
    let Some(rest) = after
        .strip_prefix("'s ")
        .or_else(|| after.strip_prefix("\u{2019}s "))
    else {
        return false;
    };
    let word = rest
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    !word.is_empty() && v.has(Pat::QuoteOrgWord, &with_capital(word))
}

/// `w` with its first letter in upper case: "acting" → "Acting".
pub(crate) fn with_capital(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Whether a title as written has a capitalised word: "Sheriff", and
/// "acting Special Agent in Charge" (a lower-case qualifier before it).
fn capitalised(title: &str) -> bool {
    title.split(' ').any(|w| w.starts_with(char::is_uppercase))
}

/// A title the title lexicon finds in the text, with its canonical name.
#[derive(Debug, PartialEq)]
pub(super) struct TitleHit {
    pub start: usize,
    pub end: usize,
    pub title: String,
}

/// The title lexicon's matches that may be titles here: capitalised, after
/// "the", or lower case before a full name; not a capitals-only alias
/// ("DI") written otherwise ("Di").
pub(super) fn title_hits(
    v: &Vocab,
    text: &str,
    spans: &[(usize, usize)],
    lex: &Lexicon,
) -> Vec<TitleHit> {
    let mut hits = Vec::new();
    for &(start, end) in spans {
        let t = &text[start..end];
        let after_the = || after_the(text, start);
        // lower case ("deputy director Kang Chez Chiang") only before a
        // name of two words or more; the name is parsed last, only for a
        // lower-case hit not after "the" (most lower-case hits are words).
        // (or a name in commas: "the agency spokesperson, Femi Babafemi,
        // said", which `name_after_title` checks for a speech verb)
        let lower_named = || {
            t.contains(|c: char| c.is_lowercase())
                && (text[end..].starts_with(' ') && parse_name(v, text, end + 1, 2).is_some()
                    || text[end..].starts_with(", ")
                        && parse_name(v, text, end + 2, 2)
                            .is_some_and(|(_, ne)| text[ne..].starts_with(", ")))
        };
        if !capitalised(t) && !after_the() && !lower_named() {
            continue;
        }
        // The search has no boundary after a title: "Col" starts "Colin".
        let word_end = |s: &str| s.chars().next_back().is_some_and(char::is_alphanumeric);
        if word_end(t)
            && text[end..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        // An ASCII word of more than five letters is no abbreviation: its
        // capitals take as many bytes (no copies made for most hits).
        let long_ascii = || t.is_ascii() && t.bytes().filter(|&b| b != b'.').count() > 5;
        if !t.contains(' ') && !long_ascii() {
            let bare = t.replace('.', "");
            let upper = bare.to_uppercase();
            if upper.len() <= 5
                && bare != upper
                && is_caps_alias(lex.capital_abbreviations(), &upper)
            {
                continue;
            }
        }
        // "SP" in "SPs" or "DI-" etc: the regex's boundary handles words;
        // "Sheriff's Office" is a title followed by 's, not a person.
        let canonical = lex.canonical(t).unwrap_or(t).to_string();
        hits.push(TitleHit {
            start,
            end,
            title: canonical,
        });
    }
    hits
}

/// Titles stacked from `hits[i]` ("Northland District Commander
/// Superintendent Aroha Pene"): the index of the last, whose name follows,
/// and the end of the ones before it (the qualifier), if any.
fn stacked(text: &str, hits: &[TitleHit], i: usize) -> (usize, Option<usize>) {
    let mut j = i;
    let mut qualifier_end = None;
    while j + 1 < hits.len() {
        let gap = &text[hits[j].end..hits[j + 1].start];
        let gap = PAREN_ACRONYM.find(gap).map_or(gap, |m| &gap[m.end()..]);
        if gap.trim().is_empty() && gap.len() <= 2 {
            qualifier_end = Some(hits[j].end);
            j += 1;
        } else {
            break;
        }
    }
    (j, qualifier_end)
}

/// The name after the title `ts..te` (past an acronym in brackets), or
/// after a department: its span and the department, if any.
fn name_after_title(
    v: &Vocab,
    text: &str,
    ts: usize,
    te: usize,
) -> Option<((usize, usize), Option<String>)> {
    let mut p = te;
    if let Some(m) = PAREN_ACRONYM.find(&text[p..]) {
        p += m.end();
    }
    // a capitalised title vouches for a one-word name; a lower-case one
    // needs two
    let upper = capitalised(&text[ts..te]);
    let named = if text[p..].starts_with(' ') {
        parse_name(v, text, p + 1, if upper { 1 } else { 2 })
    } else {
        None
    };
    // one word before an organisation's word is a unit's name, not a
    // person's: "Major Projects Unit"
    let unit_name = |(ns, ne): (usize, usize)| {
        !text[ns..ne].contains(' ')
            && text[ne..]
                .strip_prefix(' ')
                .and_then(|r| r.split([' ', ',', '.']).next())
                .is_some_and(|w| !w.is_empty() && v.has(Pat::QuoteOrgWord, w))
    };
    // "Detroit Police Chief, Todd A. Bettison said": a comma between a
    // capitalised title and a name of two words or more, when a speech
    // verb follows the name. A title in lower case needs the name closed
    // by a comma as well, an appositive: "…, the agency's spokesperson,
    // Femi Babafemi, said in a statement".
    // After "According to", the appositive needs no verb: "According to
    // Commissioner of Police, Chester Williams, police saw …".
    let according = || {
        let lead = &text[floor_boundary(text, ts.saturating_sub(13))..ts];
        lead.len() == 13 && lead.eq_ignore_ascii_case("according to ")
    };
    let after_comma = || {
        let at = text[p..].starts_with(", ").then_some(p + 2)?;
        parse_name(v, text, at, 2).filter(|&(_, ne)| {
            let rest = &text[ne..];
            let closed = rest.strip_prefix(',');
            let after = closed.unwrap_or(rest);
            (upper || closed.is_some())
                && after.starts_with(' ')
                && (v
                    .find(Pat::QuoteVerbAfter, after)
                    .is_some_and(|m| m.start() == 1)
                    || closed.is_some() && according())
        })
    };
    let named = named.or_else(after_comma);
    match named.filter(|&n| !unit_name(n)) {
        Some(n) => Some((n, None)),
        // "Director, Media and Advocacy, Femi Babafemi"; "Special Agent in
        // Charge of the DEA Denver Field Division Maria Lopez said"
        None if upper => department_then_name(v, text, p)
            .or_else(|| office_then_name(v, text, ts, p))
            .map(|(d, n)| (n, Some(d))),
        None => None,
    }
}

/// After a title, the office it holds and then, with no comma between,
/// the name, as US federal releases write it: ` of the DEA Denver Field
/// Division Maria Lopez said`, `said U.S. Attorney for the Northern
/// District of Georgia Ryan Buchanan.` Nothing marks where the office
/// ends, so the name is its last two words (three with a middle initial),
/// and only where a speech verb follows the name or precedes the title:
/// an office alone ("Director of the Office of National Drug Control
/// Policy") would otherwise end in a false name. Gives the office and the
/// name's span.
fn office_then_name(
    v: &Vocab,
    text: &str,
    title_start: usize,
    at: usize,
) -> Option<(String, (usize, usize))> {
    const MAX_WORDS: usize = 14;
    // "the Director of the Office of ...": a description, not a title
    // before a name
    let article = text[..title_start]
        .split_whitespace()
        .next_back()
        .is_some_and(|w| matches!(w, "the" | "a" | "an"));
    if article {
        return None;
    }
    let rest = text[at..]
        .strip_prefix(" of ")
        .or_else(|| text[at..].strip_prefix(" for "))?;
    let rest = rest.strip_prefix("the ").unwrap_or(rest);
    let start = text.len() - rest.len();
    // The run of capitalised words (and the office's small words), up to
    // the first other word or the end of a clause.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut pos = start;
    let mut closed = false;
    let line = text[start..].split('\n').next().unwrap_or("");
    for w in line.split(' ').take(MAX_WORDS) {
        let bare = w.trim_end_matches([',', '.', ';', ':']);
        // "D." and "U.S." keep their dots; a final full stop closes the run
        let is_initial = w.len() == 2 && w.ends_with('.') || bare.contains('.');
        let word = if is_initial { w } else { bare };
        if word.is_empty() {
            break;
        }
        let capital = word.starts_with(|c: char| c.is_uppercase());
        if !capital && !v.dept_joiner.contains(word) {
            break;
        }
        words.push((pos, pos + word.len()));
        pos += w.len() + 1;
        if word.len() < w.len() {
            closed = true;
            break;
        }
    }
    let n = words.len();
    let initial = |i: usize| {
        let (s, e) = words[i];
        e - s == 2 && text[s..e].ends_with('.')
    };
    let name_len = if n >= 4 && initial(n - 2) { 3 } else { 2 };
    if n < name_len + 1 {
        return None;
    }
    let (ns, ne) = (words[n - name_len].0, words[n - 1].1);
    let office = text[start..words[n - name_len - 1].1].to_string();
    let (os, oe) = words[n - name_len - 1];
    if v.dept_joiner.contains(&text[os..oe]) {
        return None;
    }
    let verb_after = !closed
        && v.has(
            Pat::QuoteSayAfter,
            &text[ne..floor_boundary(text, text.len().min(ne + 12))],
        );
    // "said acting Special Agent ...": one of the two words before the title
    let before = &text[ceil_boundary(text, title_start.saturating_sub(40))..title_start];
    let verb_before = before
        .split_whitespace()
        .rev()
        .take(2)
        .any(|w| v.has(Pat::QuoteSayAfter, w));
    if !(verb_after || verb_before) || parse_name(v, text, ns, 2) != Some((ns, ne)) {
        return None;
    }
    Some((office, (ns, ne)))
}

/// After a title, a department between commas (or after "of") and then a
/// name of two words or more: `, Media and Advocacy, Femi Babafemi`,
/// ` of Media and Advocacy, Mr Femi Babafemi`. Gives the department
/// and the name's span.
fn department_then_name(v: &Vocab, text: &str, at: usize) -> Option<(String, (usize, usize))> {
    let rest = text[at..]
        .strip_prefix(", ")
        .or_else(|| text[at..].strip_prefix(" of "))?;
    let line = rest.split('\n').next().unwrap_or("");
    let comma = line.find(", ")?;
    let dept = &line[..comma];
    let words: Vec<&str> = dept.split_whitespace().collect();
    let ok = (1..=5).contains(&words.len())
        && words
            .first()
            .is_some_and(|w| w.starts_with(char::is_uppercase))
        && words.iter().all(|w| {
            v.dept_joiner.contains(w)
                || (w.starts_with(char::is_uppercase)
                    && w.chars().all(|c| c.is_alphabetic() || c == '-'))
        });
    // the department is not itself a name: "Inspector, Jane Doe, said"
    let ds = text.len() - rest.len();
    if !ok || parse_name(v, text, ds, 2).is_some_and(|(_, e)| e == ds + comma) {
        return None;
    }
    let ns = ds + comma + 2;
    let (s, e) = parse_name(v, text, ns, 2)?;
    Some((dept.to_string(), (s, e)))
}

/// Splits an appositive into a role and an organisation.
pub(crate) fn role_org(v: &Vocab, phrase: &str) -> (Option<String>, Option<String>) {
    let p = phrase.trim().trim_end_matches([',', '.', ';', ':']).trim();
    if p.is_empty() || p.len() > 160 {
        return (None, None);
    }
    if let Some(rest) = p.strip_prefix("who ") {
        return (Some(rest.to_string()), None);
    }
    // "of (the) Wexford Garda Station": an organisation alone
    if let Some(rest) = v.org_preposition.strip_word(p) {
        let rest = rest.strip_prefix("the ").unwrap_or(rest);
        return (None, Some(rest.to_string()));
    }
    let p = p
        .strip_prefix("the ")
        .or_else(|| p.strip_prefix("The "))
        .unwrap_or(p);
    for sep in [" for the ", " of the ", " at the ", " for ", " of ", " at "] {
        if let Some(i) = p.find(sep) {
            let (r, o) = (&p[..i], &p[i + sep.len()..]);
            if o.chars().next().is_some_and(char::is_uppercase) && v.has(Pat::QuoteRoleWord, r) {
                return (Some(r.to_string()), Some(o.to_string()));
            }
        }
    }
    if v.has(Pat::QuoteOrgWord, p) && !v.has(Pat::QuoteRoleWord, p) {
        return (None, Some(p.to_string()));
    }
    if v.has(Pat::QuoteRoleWord, p) {
        return (Some(p.to_string()), None);
    }
    (None, None)
}

/// Role and organisation given around a mention: the appositive after the
/// name (", head of ...,"; " of Wexford Garda Station") or the phrase before
/// the title at the start of the sentence ("Tactical Lead for Hampshire
/// Constabulary, Chief Inspector ...").
pub(crate) fn around(
    v: &Vocab,
    text: &str,
    title_start: usize,
    name_end: usize,
) -> (Option<String>, Option<String>) {
    let (role, org) = after_name(v, text, name_end);
    let (r, o) = before_title(v, text, title_start);
    let (role, org) = (role.or(r), org.or(o));
    let squeeze = |x: String| x.split_whitespace().collect::<Vec<_>>().join(" ");
    (
        role.map(squeeze).filter(|r| !r.is_empty()),
        org.map(squeeze).filter(|o| !o.is_empty()),
    )
}

/// Role and organisation in the appositive after a name: `, head of the
/// Drugs Squad,`, ` of Wexford Garda Station`.
fn after_name(v: &Vocab, text: &str, name_end: usize) -> (Option<String>, Option<String>) {
    let mut org = None;
    let mut role = None;
    let after = &text[name_end..floor_boundary(text, text.len().min(name_end + 200))];
    let after = after.split('\n').next().unwrap_or("");
    let mut app = None;
    if let Some(rest) = after.strip_prefix(", ") {
        // up to the next comma, sentence end or speech verb
        let mut end = rest.len();
        for (i, c) in rest.char_indices() {
            if c == ',' || c == ';' || c == ':' || c == '"' || c == '\u{201C}' || c == '\u{2018}' {
                end = i;
                break;
            }
            if c == '.' && rest[i + 1..].starts_with(' ') {
                end = i;
                break;
            }
        }
        let seg = &rest[..end];
        if !v.has(Pat::QuoteSayAfter, seg)
            && !seg.trim().is_empty()
            && seg.split_whitespace().count() <= 16
        {
            let first = seg.split_whitespace().next().unwrap_or("");
            let verbish = first.ends_with("ed")
                && first.chars().next().is_some_and(char::is_lowercase)
                && first != "based";
            if !verbish {
                app = Some(seg.to_string());
            }
        }
    } else if let Some(rest) = after
        .strip_prefix(" of ")
        .or_else(|| after.strip_prefix(" from "))
    {
        if rest.chars().next().is_some_and(char::is_uppercase) || rest.starts_with("the ") {
            let end = rest
                .find([',', '.', ';', ':', '"', '\u{201C}'])
                .unwrap_or(rest.len());
            let seg = &rest[..end];
            let seg = match seg.find(" said") {
                Some(i) => &seg[..i],
                None => seg,
            };
            org = Some(seg.trim().trim_start_matches("the ").to_string());
        }
    }
    if let Some(a) = app {
        let (r, o) = role_org(v, &a);
        role = r;
        org = org.or(o);
    }
    (role, org)
}

/// Role and organisation before the title: "Tactical Lead for Hampshire
/// Constabulary, Chief Inspector", or a possessive "Cleveland Police's".
fn before_title(v: &Vocab, text: &str, title_start: usize) -> (Option<String>, Option<String>) {
    let mut role = None;
    let mut org = None;
    // before the title: "X for Y, Chief Inspector"
    let before_start = title_start.saturating_sub(200);
    let before_start = ceil_boundary(text, before_start);
    let before = &text[before_start..title_start];
    if let Some(b) = before.strip_suffix(", ") {
        // after the mark: a curly quote is three bytes
        let seg_start = b
            .char_indices()
            .rev()
            .find(|&(_, c)| matches!(c, ',' | '.' | '\n' | ':' | '"' | '\u{201D}'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let seg = b[seg_start..].trim();
        if seg.chars().next().is_some_and(char::is_uppercase)
            && v.has(Pat::QuoteRoleWord, seg)
            && !seg.contains(" said")
        {
            let (r, o) = role_org(v, seg);
            role = role.or(r);
            org = org.or(o);
        }
    } else {
        // possessive organisation right before the title: "Cleveland Police's"
        let b = before.trim_end();
        if let Some(b2) = b.strip_suffix("'s").or_else(|| b.strip_suffix("\u{2019}s")) {
            let seg_start = b2.rfind([',', '.', '\n', ':', '"']).map_or(0, |i| i + 1);
            let seg = b2[seg_start..].trim();
            let words: Vec<&str> = seg.split_whitespace().collect();
            let caps: Vec<&str> = words
                .iter()
                .rev()
                .take_while(|w| w.chars().next().is_some_and(char::is_uppercase))
                .cloned()
                .collect();
            if !caps.is_empty() && caps.len() <= 6 && v.has(Pat::QuoteOrgWord, seg) {
                let org_words: Vec<&str> = caps.into_iter().rev().collect();
                org = org.or(Some(org_words.join(" ")));
            }
        }
    }
    (role, org)
}

pub(crate) use crate::text::{ceil_char as ceil_boundary, floor_char as floor_boundary};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    static RULES: Lazy<RuleSet> = Lazy::new(|| RuleSet::builtin().unwrap());

    fn v() -> Vocab<'static> {
        Vocab::new(&RULES)
    }

    fn name(t: &str, min: usize) -> Option<&str> {
        parse_name(&v(), t, 0, min).map(|(s, e)| &t[s..e])
    }

    #[test]
    fn names() {
        assert_eq!(name("Marcus Kennedy, said", 2), Some("Marcus Kennedy"));
        assert_eq!(
            name("Dr Winston Ferris-Campbell said", 2),
            Some("Winston Ferris-Campbell")
        );
        assert_eq!(
            name("Harold P. Greaves imposed", 2),
            Some("Harold P. Greaves")
        );
        assert_eq!(name("Seán O'Brien said", 2), Some("Seán O'Brien"));
        assert_eq!(name("Jan de Vries said", 2), Some("Jan de Vries"));
        assert_eq!(name("Conor Breen SC described", 2), Some("Conor Breen"));
        assert_eq!(name("Kennedy's team", 1), Some("Kennedy"));
        assert_eq!(name("Kennedy.Chief Inspector", 1), Some("Kennedy"));
        assert_eq!(name("The Sheriff", 1), None);
        assert_eq!(name("RCMP officers", 1), None);
        assert_eq!(name("Kettering said", 2), None);
    }

    #[test]
    fn appositives() {
        assert_eq!(
            role_org(&v(), "Port Director of the Otay Mesa Port of Entry"),
            (
                Some("Port Director".into()),
                Some("Otay Mesa Port of Entry".into())
            )
        );
        assert_eq!(
            role_org(&v(), "of Wexford Garda Station"),
            (None, Some("Wexford Garda Station".into()))
        );
        assert_eq!(
            role_org(&v(), "who leads the response"),
            (Some("leads the response".into()), None)
        );
    }
}
