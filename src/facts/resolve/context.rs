//! What the whole article says that single matches need: the currency a
//! place-dependent sign (`$`, `Rs`, `P`) means where the article is set.

use std::cell::OnceCell;

use crate::rules::contract::Lex;
use crate::rules::{Lexicon, RuleSet};

/// What the whole article says that single matches need.
pub struct Context<'a> {
    rules: &'a RuleSet,
    text: &'a str,
    places: OnceCell<Vec<(String, usize)>>,
}

impl<'a> Context<'a> {
    pub fn new(rules: &'a RuleSet, text: &'a str) -> Context<'a> {
        Context {
            rules,
            text,
            places: OnceCell::new(),
        }
    }

    /// [`Context::new`] with the article's places tallied now: a batch
    /// tallies every article that may need it in one pass, so that the
    /// place search's tables stay in the CPU's cache from one article to
    /// the next (between two articles' tallies, the money pass searched
    /// with the money cue and drug lexicons).
    pub fn tallied(rules: &'a RuleSet, text: &'a str) -> Context<'a> {
        let ctx = Context::new(rules, text);
        let _ = ctx.places.set(place_tally(rules, text));
        ctx
    }

    /// The ISO code a sign whose currency depends on the place means in
    /// this article (`$`, `Rs`, `P`, "pounds": canonical names of the
    /// `local_sign` lexicon), or `None` when it means no currency here
    /// ("P25" outside the Philippines, "131 pounds" in a Jamaican story).
    /// The places are tallied at the first use (or up front,
    /// [`Context::tallied`]): it takes a pass over the whole text, and
    /// many articles have no such sign.
    pub fn local(&self, sign: &str) -> Option<String> {
        let places = self
            .places
            .get_or_init(|| place_tally(self.rules, self.text));
        local_currency(self.rules, places, sign)
    }
}

/// What a place-dependent sign means, given the article's place tally:
/// the currency among the sign's own (lexicon `local_sign`: sign = its
/// currencies) whose places the article names most (the first named on a
/// tie); else its fallback (`sign_fallback`: currency = signs), or its
/// home currency (`sign_home`) when the article names no place of another
/// currency; else none.
fn local_currency(rules: &RuleSet, places: &[(String, usize)], sign: &str) -> Option<String> {
    let Some(signs) = rules.lexicon(Lex::LocalSign) else {
        return Some(sign.to_string());
    };
    let means = |c: &str| signs.canonical(c) == Some(sign);
    let best = places
        .iter()
        .filter(|(c, _)| means(c))
        .max_by(|a, b| a.1.cmp(&b.1).then(std::cmp::Ordering::Greater));
    if let Some((c, _)) = best {
        return Some(c.clone());
    }
    if let Some(c) = rules
        .lexicon(Lex::SignFallback)
        .and_then(|l| l.canonical(sign))
    {
        return Some(c.to_string());
    }
    let home = rules
        .lexicon(Lex::SignHome)
        .and_then(|l| l.canonical(sign))?;
    places.is_empty().then(|| home.to_string())
}

/// How often the article names the places of each currency (lexicon
/// `currency_place`), in the order the currencies are first named.
fn place_tally(rules: &RuleSet, text: &str) -> Vec<(String, usize)> {
    let (Some(re), Some(lex)) = (
        rules.lexicon_regex(Lex::CurrencyPlace),
        rules.lexicon(Lex::CurrencyPlace),
    ) else {
        return Vec::new();
    };
    let mut tally: Vec<(String, usize)> = Vec::new();
    // An article names the same few places again and again: their look-ups
    // (which allocate) are remembered, up to a few dozen so the search
    // stays short.
    let mut seen: Vec<(&str, Option<&str>)> = Vec::new();
    for m in re.find_iter(text) {
        let place = m.as_str();
        let canonical = match seen.iter().find(|(p, _)| *p == place) {
            Some(&(_, c)) => c,
            None => {
                let c = lex.canonical(place);
                if seen.len() < 32 {
                    seen.push((place, c));
                }
                c
            }
        };
        if let Some(c) = canonical {
            if names_a_drug(rules, text, m.end())
                || in_region_of_another(lex, text, m.end(), c)
                || bracketed_credit(text, m.start(), m.end())
            {
                continue;
            }
            let n = if dateline(text, m.start(), m.end()) {
                DATELINE_WEIGHT
            } else {
                1
            };
            match tally.iter_mut().find(|(k, _)| k == c) {
                Some(e) => e.1 += n,
                None => tally.push((c.to_string(), n)),
            }
        }
    }
    tally
}

/// A drug's name follows the place right after it: the place is where
/// the drug comes from, not where the article is set ("Kerala cannabis"
/// in a Sri Lankan story, "Colombian cocaine", "Mexican meth").
fn names_a_drug(rules: &RuleSet, text: &str, end: usize) -> bool {
    let rest = &text[end..];
    let word = rest.trim_start_matches([' ', '-']);
    if word.len() == rest.len() {
        return false;
    }
    let from = text.len() - word.len();
    let to = crate::text::floor_char(text, (from + 40).min(text.len()));
    rules
        .lexicon_regex(Lex::Drug)
        .and_then(|re| re.find(&text[from..to]))
        .is_some_and(|m| m.start() == 0)
}

/// The place just tallied is a town named in its region, and the region
/// is abbreviated as American states and Canadian provinces are, and is
/// no place of the town's currency: "TRINIDAD, Colo.", "JAMAICA, N.Y.",
/// "London, Ont." are in Colorado, New York and Ontario. Only an
/// abbreviation is taken for a region: "Jamaica, Trinidad and Barbados"
/// is a list of countries.
fn in_region_of_another(lex: &Lexicon, text: &str, end: usize, currency: &str) -> bool {
    let Some(rest) = text[end..].strip_prefix(", ") else {
        return false;
    };
    let Some(abbr) = region_abbreviation(rest) else {
        return false;
    };
    lex.canonical(abbr) != Some(currency)
}

/// The abbreviation of a region that opens `s`: a capital and up to four
/// small letters with a full stop ("Colo.", "Calif.", "Ont."), or capital
/// initials each with one ("N.Y.", "B.C.", "W.Va."); not "St." or "Mt.",
/// which open a place's own name.
fn region_abbreviation(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    let mut i = 0;
    loop {
        if !b.get(i).is_some_and(u8::is_ascii_uppercase) {
            return None;
        }
        i += 1;
        let small = b[i..].iter().take_while(|c| c.is_ascii_lowercase()).count();
        if small > 4 || b.get(i + small) != Some(&b'.') {
            return None;
        }
        i += small + 1;
        if !b.get(i).is_some_and(u8::is_ascii_uppercase) {
            break;
        }
    }
    if b.get(i).is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    let abbr = &s[..i];
    (!matches!(abbr, "St." | "Mt." | "Ft." | "No.")).then_some(abbr)
}

/// The place at `text[s..e]` is an acronym alone in brackets: a wire
/// agency's credit ("BOGOTA (AFP) -", "(AFP/Getty Images)": the French
/// agency, not the Australian Federal Police) or an abbreviation defined
/// beside the full name, which is tallied itself ("the Australian Federal
/// Police (AFP)").
fn bracketed_credit(text: &str, s: usize, e: usize) -> bool {
    let acronym = &text[s..e];
    text[..s].ends_with('(')
        && text[e..].starts_with([')', '/'])
        && acronym.bytes().all(|b| b.is_ascii_uppercase())
}

/// What a dateline's place counts for in the tally: the article is set
/// there, so it outweighs a few mentions of where the drugs came from or
/// went ("KATHMANDU: … to be smuggled to India … buyers in India").
const DATELINE_WEIGHT: usize = 3;

/// The place at `text[s..e]` opens a line as a dateline does: "KATHMANDU:",
/// "LIMA, Peru:", "CULIACÁN, Sinaloa —", "BIRGUNJ (AP) -": at most a
/// region's words after it, then a colon, a dash or a bracket.
fn dateline(text: &str, s: usize, e: usize) -> bool {
    let before = text[..s].trim_end_matches([' ', '\t']);
    if !(before.is_empty() || before.ends_with('\n')) {
        return false;
    }
    // at most 30 characters of a region's name, then the mark: the look
    // stops there, so a place named mid-text costs no search to its end
    for c in text[e..].chars().take(31) {
        match c {
            ':' | '\u{2014}' | '\u{2013}' | '-' | '(' => return true,
            c if c.is_alphabetic() || matches!(c, ' ' | ',' | '.') => {}
            _ => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::{bracketed_credit, region_abbreviation};

    /// An acronym alone in brackets is a credit or an abbreviation, not a
    /// mention of the place; a name in brackets, or an acronym in running
    /// text, is one.
    #[test]
    fn bracketed_acronyms_are_credits() {
        for (text, place, want) in [
            ("BOGOTA (AFP) - Police said", "AFP", true),
            ("a photo (AFP/Getty Images)", "AFP", true),
            ("the AFP said", "AFP", false),
            ("in Kingston (Jamaica) police", "Jamaica", false),
            ("(AFP officers) found", "AFP", false),
        ] {
            let s = text.find(place).unwrap();
            assert_eq!(bracketed_credit(text, s, s + place.len()), want, "{text}");
        }
    }

    #[test]
    fn region_abbreviations_are_states_and_provinces() {
        for (s, want) in [
            ("Colo. - Deputies", Some("Colo.")),
            ("N.Y. (AP)", Some("N.Y.")),
            ("W.Va. -", Some("W.Va.")),
            ("Calif., police", Some("Calif.")),
            ("St. Andrew", None),
            ("Trinidad and Barbados", None),
            ("Colorado", None),
            ("Pa.m", None),
        ] {
            assert_eq!(region_abbreviation(s), want, "{s}");
        }
    }
}
