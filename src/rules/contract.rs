//! What the code needs from a rules folder: the lexicons it reads by name.
//!
//! Rules refer to lexicons in their patterns; the code reads some of them
//! directly (the drug named earlier, the dollar of a place, money-role cues,
//! titles, month names...). They are declared here, once, as a type, so a
//! call site cannot misspell one, and a folder loaded with
//! `--no-default-rules` that lacks one is an error naming it instead of
//! output that is silently empty.

use std::fmt;

/// A lexicon the code reads directly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lex {
    Drug,
    Month,
    Weekday,
    Relative,
    Title,
    MoneyRole,
    CurrencyPlace,
    LocalSign,
    SignFallback,
    SignHome,
    CurrencySign,
    DateOrder,
    Currency,
    CurrencyWord,
    CountVerb,
    CountNoun,
    CountCue,
    MassUnit,
    CountUnit,
    Abbreviation,
    NotAName,
    Honorific,
    NameParticle,
    NameSuffix,
    NameJoiner,
    IntroAdded,
    IntroTold,
    IntroStatement,
    DeptJoiner,
    OrgPreposition,
    SpeechVerb,
    ClauseOpener,
}

/// The `money_role` entry of hedge words ("believed to be in the region
/// of"): read in the gap between a cue and its amount, never a cue.
pub const MONEY_HEDGE: &str = "hedge";

impl Lex {
    /// The lexicons the facts stages search ([`super::RuleSet::lexicon_regex`]):
    /// resolve (drugs named earlier, money roles (without hedges:
    /// [`super::RuleSet::money_cue_search`]), places of a currency,
    /// count cues), dates (day-first places) and quotes (titles). A long
    /// run builds their regexes on another core while it matches
    /// ([`super::RuleSet::prebuild_lexicon_regexes`]); a short one walks.
    pub const SEARCHED: [Lex; 6] = [
        Lex::Title,
        Lex::Drug,
        Lex::CurrencyPlace,
        Lex::MoneyRole,
        Lex::DateOrder,
        Lex::CountCue,
    ];

    /// Every lexicon a rules folder must define.
    pub const ALL: [Lex; 32] = [
        Lex::Drug,
        Lex::Month,
        Lex::Weekday,
        Lex::Relative,
        Lex::Title,
        Lex::MoneyRole,
        Lex::CurrencyPlace,
        Lex::LocalSign,
        Lex::SignFallback,
        Lex::SignHome,
        Lex::CurrencySign,
        Lex::DateOrder,
        Lex::Currency,
        Lex::CurrencyWord,
        Lex::CountVerb,
        Lex::CountNoun,
        Lex::CountCue,
        Lex::MassUnit,
        Lex::CountUnit,
        Lex::Abbreviation,
        Lex::NotAName,
        Lex::Honorific,
        Lex::NameParticle,
        Lex::NameSuffix,
        Lex::NameJoiner,
        Lex::IntroAdded,
        Lex::IntroTold,
        Lex::IntroStatement,
        Lex::DeptJoiner,
        Lex::OrgPreposition,
        Lex::SpeechVerb,
        Lex::ClauseOpener,
    ];

    /// Its place in [`Lex::ALL`]: the index of the tables the rule set
    /// keeps by lexicon.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Its name in the rule files (`[lexicons.NAME]`).
    pub fn name(self) -> &'static str {
        match self {
            Lex::Drug => "drug",
            Lex::Month => "month",
            Lex::Weekday => "weekday",
            Lex::Relative => "relative",
            Lex::Title => "title",
            Lex::MoneyRole => "money_role",
            Lex::CurrencyPlace => "currency_place",
            Lex::LocalSign => "local_sign",
            Lex::SignFallback => "sign_fallback",
            Lex::SignHome => "sign_home",
            Lex::CurrencySign => "currency_sign",
            Lex::DateOrder => "date_order",
            Lex::Currency => "currency",
            Lex::CurrencyWord => "currency_word",
            Lex::CountVerb => "count_verb",
            Lex::CountNoun => "count_noun",
            Lex::CountCue => "count_cue",
            Lex::MassUnit => "mass_unit",
            Lex::CountUnit => "count_unit",
            Lex::Abbreviation => "abbreviation",
            Lex::NotAName => "not_a_name",
            Lex::Honorific => "honorific",
            Lex::NameParticle => "name_particle",
            Lex::NameSuffix => "name_suffix",
            Lex::NameJoiner => "name_joiner",
            Lex::IntroAdded => "intro_added",
            Lex::IntroTold => "intro_told",
            Lex::IntroStatement => "intro_statement",
            Lex::DeptJoiner => "dept_joiner",
            Lex::OrgPreposition => "org_preposition",
            Lex::SpeechVerb => "speech_verb",
            Lex::ClauseOpener => "clause_opener",
        }
    }

    /// What the code uses it for, for the error message.
    pub fn purpose(self) -> &'static str {
        match self {
            Lex::Drug => "drug names for seizures and back-references",
            Lex::Month | Lex::Weekday | Lex::Relative => "reading dates",
            Lex::Title => "officials' titles and quote speakers",
            Lex::MoneyRole => "the role of a money amount",
            Lex::CurrencyPlace | Lex::LocalSign | Lex::SignFallback | Lex::SignHome => {
                "what a sign such as `$`, `Rs` or `P` means in the article's country"
            }
            Lex::CurrencySign => "currency signs",
            Lex::DateOrder => "day-first or month-first dates",
            Lex::Currency | Lex::CurrencyWord => "currencies",
            Lex::CountVerb | Lex::CountNoun => "what a count counts",
            Lex::CountCue => "telling a breakdown from a total",
            Lex::MassUnit | Lex::CountUnit => "the unit of a seizure",
            Lex::Abbreviation => "words a full stop after does not end a sentence (quotes)",
            Lex::NotAName => "capitalised words that are never part of a person's name",
            Lex::Honorific => "honorifics before a person's name",
            Lex::NameParticle => "small words inside a person's name",
            Lex::NameSuffix => "letters after a person's name",
            Lex::NameJoiner => "small words of a quoted name that is not speech",
            Lex::IntroAdded | Lex::IntroTold | Lex::IntroStatement => {
                "the rule id of a quote introduced by that word (quote.added, quote.told, quote.statement)"
            }
            Lex::DeptJoiner => "small words of a department named after a title",
            Lex::OrgPreposition => "small words between a person and their organisation",
            Lex::SpeechVerb => "verbs of speech after a quote (`\"...,\" said X`), and after a quote opening a headline",
            Lex::ClauseOpener => "small words that open a clause whose subject a known surname may be (`and Thomas replied, \"...\"`)",
        }
    }
}

/// A named capture the code reads from a rule's match. Rule patterns name
/// their captures (`(?P<qty>...)`); each name is resolved to a `Field` once,
/// when the rule compiles, and the code asks a match for fields by this
/// type, so a misspelt field does not compile. Captures with other names are
/// the rule writer's own (a name starting with `_` is internal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Approx,
    Unit,
    Qty,
    Count,
    Veto,
    Drug,
    Year,
    Month,
    Day,
    Amount,
    Mult,
    Ref,
    Month2,
    Day2,
    Year2,
    Qty2,
    What,
    Unit2,
    Cur,
    Weekday,
    Num,
    Cur2,
    Count2,
    Rel,
    Aside,
    Amount2,
    Time,
    Mult2,
    Iso,
    Drug2,
    Lead,
}

impl Field {
    /// Every field, in a fixed order.
    pub const ALL: [Field; 31] = [
        Field::Approx,
        Field::Unit,
        Field::Qty,
        Field::Count,
        Field::Veto,
        Field::Drug,
        Field::Year,
        Field::Month,
        Field::Day,
        Field::Amount,
        Field::Mult,
        Field::Ref,
        Field::Month2,
        Field::Day2,
        Field::Year2,
        Field::Qty2,
        Field::What,
        Field::Unit2,
        Field::Cur,
        Field::Weekday,
        Field::Num,
        Field::Cur2,
        Field::Count2,
        Field::Rel,
        Field::Aside,
        Field::Amount2,
        Field::Time,
        Field::Mult2,
        Field::Iso,
        Field::Drug2,
        Field::Lead,
    ];

    /// The capture name in rule patterns.
    pub fn name(self) -> &'static str {
        match self {
            Field::Approx => "approx",
            Field::Unit => "unit",
            Field::Qty => "qty",
            Field::Count => "count",
            Field::Veto => "veto",
            Field::Drug => "drug",
            Field::Year => "year",
            Field::Month => "month",
            Field::Day => "day",
            Field::Amount => "amount",
            Field::Mult => "mult",
            Field::Ref => "ref",
            Field::Month2 => "month2",
            Field::Day2 => "day2",
            Field::Year2 => "year2",
            Field::Qty2 => "qty2",
            Field::What => "what",
            Field::Unit2 => "unit2",
            Field::Cur => "cur",
            Field::Weekday => "weekday",
            Field::Num => "num",
            Field::Cur2 => "cur2",
            Field::Count2 => "count2",
            Field::Rel => "rel",
            Field::Aside => "aside",
            Field::Amount2 => "amount2",
            Field::Time => "time",
            Field::Mult2 => "mult2",
            Field::Iso => "iso",
            Field::Drug2 => "drug2",
            Field::Lead => "lead",
        }
    }

    /// The field a capture name fills, if the code reads it.
    pub fn parse(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// A pattern the code reads, written as a piece of the rule files
/// (`[pieces]`, in `rules/quotes.toml`) and compiled once when the rule set
/// loads. A user's folder can replace the piece or extend the lexicons it
/// uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pat {
    QuoteIntro,
    QuoteVerbFirst,
    QuoteVerbAfter,
    QuoteSubjectVerb,
    QuoteSubjectVerbFar,
    QuoteSurnameSaid,
    QuoteSpokesperson,
    QuoteTheSpokesperson,
    QuoteSpokesRole,
    QuotePronounSubject,
    QuotePronounBefore,
    QuoteAccording,
    QuoteRoleSaid,
    QuoteAdding,
    QuoteDoneTo,
    QuoteHearsay,
    QuotePassive,
    QuoteCaption,
    QuoteCredit,
    QuoteRoleWord,
    QuoteOrgWord,
    QuoteSayAfter,
    QuoteNameCue,
    QuoteCodeName,
    QuoteOrgSubject,
    QuoteBystander,
    QuoteCampaignCue,
}

impl Pat {
    /// Its place in [`Pat::ALL`]: the index of the rule set's table of
    /// compiled patterns.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Every pattern a rules folder must define.
    pub const ALL: [Pat; 27] = [
        Pat::QuoteIntro,
        Pat::QuoteVerbFirst,
        Pat::QuoteVerbAfter,
        Pat::QuoteSubjectVerb,
        Pat::QuoteSubjectVerbFar,
        Pat::QuoteSurnameSaid,
        Pat::QuoteSpokesperson,
        Pat::QuoteTheSpokesperson,
        Pat::QuoteSpokesRole,
        Pat::QuotePronounSubject,
        Pat::QuotePronounBefore,
        Pat::QuoteAccording,
        Pat::QuoteRoleSaid,
        Pat::QuoteAdding,
        Pat::QuoteDoneTo,
        Pat::QuoteHearsay,
        Pat::QuotePassive,
        Pat::QuoteCaption,
        Pat::QuoteCredit,
        Pat::QuoteRoleWord,
        Pat::QuoteOrgWord,
        Pat::QuoteSayAfter,
        Pat::QuoteNameCue,
        Pat::QuoteCodeName,
        Pat::QuoteOrgSubject,
        Pat::QuoteBystander,
        Pat::QuoteCampaignCue,
    ];

    /// Its piece name in the rule files.
    pub fn name(self) -> &'static str {
        match self {
            Pat::QuoteIntro => "quote_intro",
            Pat::QuoteVerbFirst => "quote_verb_first",
            Pat::QuoteVerbAfter => "quote_verb_after",
            Pat::QuoteSubjectVerb => "quote_subject_verb",
            Pat::QuoteSubjectVerbFar => "quote_subject_verb_far",
            Pat::QuoteSurnameSaid => "quote_surname_said",
            Pat::QuoteSpokesperson => "quote_spokesperson",
            Pat::QuoteTheSpokesperson => "quote_the_spokesperson",
            Pat::QuoteSpokesRole => "quote_spokes_role",
            Pat::QuotePronounSubject => "quote_pronoun_subject",
            Pat::QuotePronounBefore => "quote_pronoun_before",
            Pat::QuoteAccording => "quote_according",
            Pat::QuoteRoleSaid => "quote_role_said",
            Pat::QuoteAdding => "quote_adding",
            Pat::QuoteDoneTo => "quote_done_to",
            Pat::QuoteHearsay => "quote_hearsay",
            Pat::QuotePassive => "quote_passive",
            Pat::QuoteCaption => "quote_caption",
            Pat::QuoteCredit => "quote_credit",
            Pat::QuoteRoleWord => "quote_role_word",
            Pat::QuoteOrgWord => "quote_org_word",
            Pat::QuoteSayAfter => "quote_say_after",
            Pat::QuoteNameCue => "quote_name_cue",
            Pat::QuoteCodeName => "quote_code_name",
            Pat::QuoteOrgSubject => "quote_org_subject",
            Pat::QuoteBystander => "quote_bystander",
            Pat::QuoteCampaignCue => "quote_campaign_cue",
        }
    }
}

impl fmt::Display for Pat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Display for Lex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_distinct() {
        let mut names: Vec<&str> = Lex::ALL.iter().map(|l| l.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Lex::ALL.len());
    }

    /// The rule set's typed tables are indexed by place in `ALL`: every
    /// lexicon and pattern has its own slot.
    #[test]
    fn each_has_its_own_index() {
        for (i, l) in Lex::ALL.into_iter().enumerate() {
            assert_eq!(l.index(), i, "{l}");
        }
        for (i, p) in Pat::ALL.into_iter().enumerate() {
            assert_eq!(p.index(), i, "{p}");
        }
    }
}
