//! What the quote stage knows, as the rule set gives it: the patterns
//! (`quote_*` pieces) and word lists (lexicons) of `rules/quotes.toml`,
//! looked up once per article through the typed contract.

use once_cell::sync::Lazy;

use crate::rules::contract::{Lex, Pat};
use crate::rules::matcher::{Found, PatternRegex};
use crate::rules::{Lexicon, RuleSet};

/// A word list of the rule set, matched as written against one word.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Words<'a>(Option<&'a Lexicon>);

impl Words<'_> {
    /// No words: every word must be capitalised for [`super::paragraphs::all_capitalised`].
    pub const NONE: Words<'static> = Words(None);

    /// What follows a listed word and one space at the start of `s`:
    /// "of the NCA" → "the NCA". Words are tried in the order listed.
    pub fn strip_word<'s>(&self, s: &'s str) -> Option<&'s str> {
        self.0?
            .entries
            .iter()
            .flat_map(|(_, aliases)| aliases)
            .find_map(|a| s.strip_prefix(a.as_str())?.strip_prefix(' '))
    }

    /// `w` is listed, case and all ("No." is an abbreviation, "no." is
    /// not).
    pub fn contains(&self, w: &str) -> bool {
        self.0.is_some_and(|lex| lex.has_alias(w))
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
    /// Introducing words (lower case) that make a quote `quote.added`,
    /// `quote.told` or `quote.statement` rather than `quote.said-*`.
    pub intro_added: Words<'a>,
    pub intro_told: Words<'a>,
    pub intro_statement: Words<'a>,
    /// Small words of a department name ("Media and Advocacy").
    pub dept_joiner: Words<'a>,
    /// Words between a person and their organisation ("X of the NCA").
    pub org_preposition: Words<'a>,
    /// Verbs of speech ("says", "warns").
    pub speech_verb: Words<'a>,
    /// Words that open a clause ("and", "which") before its subject.
    pub clause_opener: Words<'a>,
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
            intro_added: words(Lex::IntroAdded),
            intro_told: words(Lex::IntroTold),
            intro_statement: words(Lex::IntroStatement),
            dept_joiner: words(Lex::DeptJoiner),
            org_preposition: words(Lex::OrgPreposition),
            speech_verb: words(Lex::SpeechVerb),
            clause_opener: words(Lex::ClauseOpener),
        }
    }

    /// A pattern of the rule set, or one that never matches when a partial
    /// rule set (a unit test's) lacks it: folders used alone are checked at
    /// load. (The never-matching regex is plumbing, not knowledge: it
    /// stays here.)
    pub fn pat(&self, p: Pat) -> &'a PatternRegex {
        static NEVER: Lazy<PatternRegex> =
            Lazy::new(|| PatternRegex::new(r"[^\s\S]", false).unwrap());
        self.rules.pattern(p).unwrap_or(&NEVER)
    }

    /// `w` names a drug, in any case ("Ice", "Ecstasy"), other than the
    /// words for drugs in general.
    pub fn is_drug(&self, w: &str) -> bool {
        self.rules
            .lexicon(Lex::Drug)
            .and_then(|l| l.canonical(w))
            .is_some_and(|c| c != "unspecified")
    }

    pub fn has(&self, p: Pat, hay: &str) -> bool {
        self.pat(p).is_match(hay)
    }

    pub fn find<'h>(&self, p: Pat, hay: &'h str) -> Option<Found<'h>> {
        self.pat(p).find(hay)
    }
}
