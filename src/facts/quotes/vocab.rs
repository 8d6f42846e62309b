//! What the quote stage knows, as the rule set gives it: the patterns
//! (`quote_*` pieces) and word lists (lexicons) of `rules/quotes.toml`,
//! looked up once per article through the typed contract.

use once_cell::sync::Lazy;
use regex::Regex;

use crate::rules::contract::{Lex, Pat};
use crate::rules::{Lexicon, RuleSet};

/// A word list of the rule set, matched as written against one word.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Words<'a>(Option<&'a Lexicon>);

impl Words<'_> {
    /// `w` is listed, case and all ("No." is an abbreviation, "no." is not).
    pub fn contains(&self, w: &str) -> bool {
        let Some(lex) = self.0 else {
            return false;
        };
        // The lexicon's own look-up ignores case and hyphens: a cheap first
        // filter, then the exact spelling among the aliases.
        let Some(canon) = lex.canonical(w) else {
            return false;
        };
        let exact = |(_, aliases): &(String, Vec<String>)| aliases.iter().any(|a| a == w);
        lex.entries
            .iter()
            .find(|(c, _)| c == canon)
            .is_some_and(exact)
            || lex.entries.iter().any(exact)
    }
}

/// The rule set's quote knowledge, resolved for one article.
#[derive(Clone, Copy)]
pub(crate) struct Vocab<'a> {
    pub rules: &'a RuleSet,
    /// Words a full stop after does not end a sentence ("Supt.", "Jan.").
    pub abbreviation: Words<'a>,
    /// Capitalised words never part of a name ("Police", "The").
    pub not_a_name: Words<'a>,
    /// Honorifics before a name ("Dr", "Mrs").
    pub honorific: Words<'a>,
    /// Small words inside a name ("de", "van").
    pub particle: Words<'a>,
    /// Letters after a name ("SC", "Jr.").
    pub suffix: Words<'a>,
    /// Small words of a quoted name ("Week of Action").
    pub joiner: Words<'a>,
}

impl<'a> Vocab<'a> {
    pub fn new(rules: &'a RuleSet) -> Vocab<'a> {
        let words = |l: Lex| Words(rules.lexicon(l));
        Vocab {
            rules,
            abbreviation: words(Lex::Abbreviation),
            not_a_name: words(Lex::NotAName),
            honorific: words(Lex::Honorific),
            particle: words(Lex::NameParticle),
            suffix: words(Lex::NameSuffix),
            joiner: words(Lex::NameJoiner),
        }
    }

    /// A pattern of the rule set, or one that never matches when a partial
    /// rule set (a unit test's) lacks it: folders used alone are checked at
    /// load. (The never-matching regex is plumbing, not knowledge: it
    /// stays here.)
    pub fn pat(&self, p: Pat) -> &'a Regex {
        static NEVER: Lazy<Regex> = Lazy::new(|| Regex::new(r"[^\s\S]").unwrap());
        self.rules.pattern(p).unwrap_or(&NEVER)
    }

    pub fn has(&self, p: Pat, hay: &str) -> bool {
        self.pat(p).is_match(hay)
    }

    pub fn find<'h>(&self, p: Pat, hay: &'h str) -> Option<regex::Match<'h>> {
        self.pat(p).find(hay)
    }
}
