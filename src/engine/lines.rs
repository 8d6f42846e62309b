//! Lines of the page: the article's own, and the page's furniture.
//!
//! Real pages come with cookie banners, navigation, share bars, bylines,
//! publication stamps, "Related" blocks with other stories' headlines,
//! photo credits and the sign-off lines of embedded posts. This stage runs
//! before matching: each line of the normalised text gets a [`Class`], and
//! what is set aside (furniture, stamps, bylines) is blanked out, byte for
//! byte, in the copy the rules run on, so no fact of any kind comes from it
//! and every offset stays the same.
//!
//! The cue words are rules of kind `line` (rules/furniture.toml). A rule's
//! pattern runs on one line at a time (trimmed, so `^` and `$` are its ends);
//! `set.class` names the class; `set.scope` is `top` (only among the first
//! lines, before the body starts), `block` (the line opens a block: the short
//! lines after it are furniture too), `rest` (every line after it is
//! furniture: readers' comments) or absent (anywhere). What is set aside
//! is the `aside` capture when the pattern has one, else the whole match.
//! Lines no rule claims are body, headline (the first short line) or list
//! items; those are never set aside.

use crate::engine::line_gate::LineGate;
use crate::rules::{Kind, RuleSet};

/// What a line is (a line rule's `set.class`).
pub use crate::rules::settings::LineClass as Class;

/// One classified line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Byte range of the line (trimmed) in the text.
    pub start: usize,
    pub end: usize,
    pub class: Class,
    /// The `line` rule that decided, if any (index into `RuleSet::rules`).
    pub rule: Option<usize>,
    /// The bytes set aside (a part of the line, or all of it), for the
    /// classes that are set aside.
    pub aside: Option<(usize, usize)>,
}

/// How many non-empty lines count as the top of the page, at most.
const TOP_LINES: usize = 8;
/// The most whole stamp lines remembered, to know their copies again.
const STAMPS_KEPT: usize = 4;
/// A line of at least this many words is body prose: the top ends there.
const BODY_WORDS: usize = 20;
/// A line in a block goes on the block while it has at most this many words.
const BLOCK_WORDS: usize = 20;

/// Word counts are only compared with the limits above: counting stops
/// here, so a long paragraph costs no more than its first words.
const WORDS_CAP: usize = 25;

/// The number of words in `s` (as `split_whitespace` counts them), or
/// [`WORDS_CAP`] if that is less. Bytes, not characters, but for the rare
/// non-ASCII character, which is read whole to ask if it is white space.
fn words(s: &str) -> usize {
    let bytes = s.as_bytes();
    let (mut n, mut in_word, mut i) = (0, false, 0);
    // ASCII a chunk at a time without a branch per byte; the cap is
    // looked at between chunks (words past it are not told apart).
    for chunk in bytes.chunks(32) {
        if !chunk.is_ascii() {
            break;
        }
        for &b in chunk {
            let space = matches!(b, b' ' | b'\t'..=b'\r');
            n += usize::from(!space && !in_word);
            in_word = !space;
        }
        i += chunk.len();
        if n >= WORDS_CAP {
            return WORDS_CAP;
        }
    }
    while i < bytes.len() {
        let (space, len) = match bytes[i] {
            b if b.is_ascii() => (matches!(b, b' ' | b'\t'..=b'\r'), 1),
            _ => match s[i..].chars().next() {
                Some(c) => (c.is_whitespace(), c.len_utf8()),
                None => break,
            },
        };
        if space {
            in_word = false;
        } else if !in_word {
            in_word = true;
            n += 1;
            if n == WORDS_CAP {
                break;
            }
        }
        i += len;
    }
    n
}

fn is_list_item(s: &str) -> bool {
    let mut cs = s.chars();
    match cs.next() {
        Some('•' | '·' | '▪' | '*' | '–' | '-' | '●') => {
            cs.next().is_some_and(char::is_whitespace)
        }
        Some(c) if c.is_ascii_digit() => {
            let rest = s.trim_start_matches(|c: char| c.is_ascii_digit());
            rest.starts_with(". ") || rest.starts_with(") ")
        }
        _ => false,
    }
}

/// A short line that can go on a "Related" block: another story's headline,
/// a date, a label; not a sentence of prose.
/// `n` is its [`words`].
fn block_line(s: &str, n: usize) -> bool {
    n <= BLOCK_WORDS && !(n >= 8 && s.ends_with('.')) && !speech(s, n)
}

/// A paragraph of speech, which ends a block: it opens with a quotation
/// mark and ends a sentence inside one (`"We will make more arrests."`),
/// where a headline quoting someone runs on after the quote
/// (`"We will not stop": chief vows`).
fn speech(s: &str, n: usize) -> bool {
    n >= 3
        && s.starts_with(['"', '\u{201C}', '\u{2018}', '\''])
        && s.trim_end_matches(['"', '\u{201D}', '\u{2019}', '\''])
            .ends_with(['.', '!', '?', ','])
}

/// Classifies every non-empty line of `text` (normalised).
pub fn classify(rules: &RuleSet, text: &str) -> Vec<Line> {
    classify_in(rules, text, false)
}

/// [`classify`], for a text read in a `batch` of several: each line rule
/// that runs then builds its full engine at once, as the match stage does
/// for a batch. Alone, a text lets it build its light engine first (lines
/// are short, a light engine is half the build) and the full one from it
/// once it has searched [`crate::rules::matcher::LIGHT_UP_TO`].
pub fn classify_in(rules: &RuleSet, text: &str, batch: bool) -> Vec<Line> {
    let mut line_rules = line_rules(rules, text, batch);
    let spans = crate::text::trimmed_lines(text);
    let mut gate = Gated {
        gate: None,
        hits: Vec::new(),
    };
    if !line_rules.is_empty() {
        let g = rules.line_gate.get_or_init(|| LineGate::build(rules));
        let indices: Vec<usize> = line_rules.iter().map(|r| r.index).collect();
        if g.fits(&indices) {
            gate.hits = g.hits(text, &spans);
            gate.gate = Some(g);
        }
    }
    let mut page = Page::default();
    let mut out = Vec::with_capacity(spans.len());
    for (li, &(start, end)) in spans.iter().enumerate() {
        let trimmed = &text[start..end];
        out.push(page.line(rules, &mut line_rules, &gate, li, start, trimmed));
    }
    out
}

/// The line gate of the rule set, when it fits these line rules, and
/// what it found in each line.
struct Gated<'a> {
    gate: Option<&'a LineGate>,
    hits: Vec<u64>,
}

impl Gated<'_> {
    /// The line rules (by bit; those past the 64th always) that can match
    /// line `li`, `trimmed`.
    fn candidates(&self, li: usize, trimmed: &str) -> u64 {
        self.gate
            .map_or(u64::MAX, |g| g.candidates(trimmed, self.hits[li]))
    }
}

/// Whether rule `k` is among `candidates` ([`Gated::candidates`]).
fn among(candidates: u64, k: usize) -> bool {
    k >= 64 || candidates & (1 << k) != 0
}

/// A line rule ready to run line after line.
struct LineRule {
    /// Index into `RuleSet::rules`.
    index: usize,
    /// What running it needs, read on the first line the gate lets
    /// through: most rules run on no line of a text.
    ready: Option<Ready>,
    /// Whether the text is read in a batch ([`classify_in`]).
    batch: bool,
}

/// What a line rule needs to run, read once per text.
struct Ready {
    /// Capture slots, reused on every line.
    locs: crate::rules::matcher::Locations,
    /// The index of the `aside` group, if the pattern has one.
    aside: Option<usize>,
    /// The rule's `set.scope` and `set.class`.
    scope: Option<Scope>,
    class: Class,
}

/// Where a line rule applies (`set.scope`).
use crate::rules::settings::LineScope as Scope;

/// The line rules to run on `text`: none for a text of one line, which is
/// not a page: nothing in it is furniture (a date given alone is a date,
/// not a stamp).
fn line_rules(rules: &RuleSet, text: &str, batch: bool) -> Vec<LineRule> {
    let single = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .nth(1)
        .is_none();
    if single {
        return Vec::new();
    }
    (0..rules.rules.len())
        .filter(|&i| rules.rules[i].kind == Kind::Line)
        .map(|index| LineRule {
            index,
            ready: None,
            batch,
        })
        .collect()
}

impl Ready {
    fn read(rule: &crate::rules::Rule, batch: bool) -> Ready {
        let re = rule.regex();
        if batch {
            re.prepare(usize::MAX);
        }
        let aside = re.capture_names().position(|n| n == Some("aside"));
        let scope = rule.set.scope;
        let class = rule.set.class.unwrap_or(Class::Furniture);
        Ready {
            locs: re.capture_locations(),
            aside,
            scope,
            class,
        }
    }
}

impl LineRule {
    /// The line this rule makes of `trimmed` (at `start` in the text), and
    /// what it opens (a block, the rest of the page); `None` when it does
    /// not claim the line.
    /// `top` is whether the line is still at the top of the page.
    fn claim(
        &mut self,
        rules: &RuleSet,
        start: usize,
        trimmed: &str,
        top: bool,
    ) -> Option<(Line, Option<Scope>)> {
        let rule = &rules.rules[self.index];
        let batch = self.batch;
        let r = self.ready.get_or_insert_with(|| Ready::read(rule, batch));
        if r.scope == Some(Scope::Top) && !top {
            return None;
        }
        let whole = rule.regex().captures_read(&mut r.locs, trimmed)?;
        if whole.is_empty() {
            return None;
        }
        // What is set aside: the `aside` capture, else the whole match.
        let part = r
            .aside
            .and_then(|g| r.locs.get(g))
            .unwrap_or((whole.start(), whole.end()));
        let class = r.class;
        let line = Line {
            start,
            end: start + trimmed.len(),
            class,
            rule: Some(self.index),
            aside: class
                .set_aside()
                .then_some((start + part.0, start + part.1)),
        };
        let opens = r.scope.filter(|s| matches!(s, Scope::Block | Scope::Rest));
        Some((line, opens))
    }
}

/// Where the walk down the page is: what the next line's class depends on.
#[derive(Default)]
struct Page {
    /// Non-empty lines seen so far.
    nonempty: usize,
    /// A line of body prose has been seen: the top of the page is over.
    body_seen: bool,
    headline_seen: bool,
    /// The `block` rule whose block the lines are in, if any.
    block: Option<usize>,
    /// The `rest` rule whose line opened the rest of the page, if any.
    rest: Option<usize>,
    /// The lines set aside whole as the page's stamp, with their rule:
    /// pages print their header twice (a mobile and a desktop layout), and
    /// the second copy falls below the top.
    stamps: Vec<(String, Option<usize>)>,
}

impl Page {
    /// Classifies the next non-empty line, `trimmed`, at `start` in the
    /// text: on a block, by the first line rule that claims it, or by
    /// default.
    fn line(
        &mut self,
        rules: &RuleSet,
        line_rules: &mut [LineRule],
        gate: &Gated,
        li: usize,
        start: usize,
        trimmed: &str,
    ) -> Line {
        let end = start + trimmed.len();
        // Counted only when asked: below the first line of body prose and
        // outside a block (most of a page) nothing depends on it.
        let n = std::cell::OnceCell::new();
        let count = || *n.get_or_init(|| words(trimmed));
        let top = self.nonempty < TOP_LINES && !self.body_seen;
        self.nonempty += 1;

        // The whole line set aside by the rule that opened the rest of the
        // page, or the block it is in.
        let furniture = |ri: usize| Line {
            start,
            end,
            class: Class::Furniture,
            rule: Some(ri),
            aside: Some((start, end)),
        };
        if let Some(ri) = self.rest {
            return furniture(ri);
        }
        if let Some(ri) = self.block {
            if block_line(trimmed, count()) {
                return furniture(ri);
            }
            self.block = None;
        }

        if let Some((_, rule)) = self.stamps.iter().find(|(s, _)| s == trimmed) {
            return Line {
                start,
                end,
                class: Class::Stamp,
                rule: *rule,
                aside: Some((start, end)),
            };
        }
        let candidates = gate.candidates(li, trimmed);
        let claimed = line_rules
            .iter_mut()
            .enumerate()
            .filter(|(k, _)| among(candidates, *k))
            .find_map(|(_, r)| r.claim(rules, start, trimmed, top));
        let line = match claimed {
            Some((line, opens)) => {
                match opens {
                    Some(Scope::Block) => self.block = line.rule,
                    Some(Scope::Rest) => self.rest = line.rule,
                    _ => {}
                }
                line
            }
            None => self.unclaimed(start, trimmed, count),
        };
        // (a few: a page of dated lines must not compare each with all)
        if line.class == Class::Stamp
            && line.aside == Some((start, end))
            && self.stamps.len() < STAMPS_KEPT
        {
            self.stamps.push((trimmed.to_string(), line.rule));
        }
        match line.class {
            Class::Headline => self.headline_seen = true,
            Class::Body if !self.body_seen && count() >= BODY_WORDS => self.body_seen = true,
            _ => {}
        }
        line
    }

    /// A line no rule claims: a list item, the headline (the first short
    /// line without a full stop, before any body) or body. `count` gives
    /// its [`words`].
    fn unclaimed(&self, start: usize, trimmed: &str, count: impl Fn() -> usize) -> Line {
        let class = if is_list_item(trimmed) {
            Class::List
        } else if !self.headline_seen && !self.body_seen && count() < 25 && !trimmed.ends_with('.')
        {
            Class::Headline
        } else {
            Class::Body
        };
        Line {
            start,
            end: start + trimmed.len(),
            class,
            rule: None,
            aside: None,
        }
    }
}

/// `text` with every set-aside range replaced by spaces (byte for byte, so
/// offsets do not move); borrowed unchanged when nothing is set aside.
pub fn mask<'a>(text: &'a str, lines: &[Line]) -> std::borrow::Cow<'a, str> {
    if !lines.iter().any(|l| l.aside.is_some()) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    for l in lines {
        if let Some((s, e)) = l.aside {
            // Whole characters only: ranges come from regex matches on
            // character boundaries, and every byte becomes one ASCII space.
            for b in &mut bytes[s..e] {
                if *b != b'\n' {
                    *b = b' ';
                }
            }
        }
    }
    std::borrow::Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| text.to_string()))
}

/// The non-blank lines of `masked` (the text [`mask`] made from the one
/// `lines` classify), trimmed, as [`crate::text::trimmed_lines`] finds
/// them: a line with nothing set aside is as it was; only a line with a
/// part blanked is trimmed again. The quotes stage's paragraphs, without a
/// second pass over the text.
pub fn masked_lines(masked: &str, lines: &[Line]) -> Vec<(usize, usize)> {
    lines
        .iter()
        .filter_map(|l| match l.aside {
            None => Some((l.start, l.end)),
            Some(_) => crate::text::trimmed_span(masked, l.start, l.end),
        })
        .collect()
}

/// The text of the first publication stamp, if a line is one.
pub fn stamp<'a>(text: &'a str, lines: &[Line]) -> Option<&'a str> {
    lines
        .iter()
        .filter(|l| l.class == Class::Stamp)
        .find_map(|l| l.aside.and_then(|(s, e)| text.get(s..e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> &'static RuleSet {
        static R: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
        R.get_or_init(|| RuleSet::builtin().unwrap())
    }

    /// A `rest` rule's line opens the rest of the page: the readers'
    /// comments after "4 Responses to ..." are all furniture, long lines
    /// and their dated sign-offs too; the article above them is not.
    #[test]
    fn a_comments_heading_sets_the_rest_of_the_page_aside() {
        let text = "Police seized 2kg of cannabis at the port on Monday, and two men were charged.\n                    4 Responses to Police seize drugs\n                    Anton Brown January 15, 2018 at 10:17 pm\n                    This is for \"medical purposes\" they say, and I think the police should have better things to do with their time.\n";
        let lines = classify(rules(), text);
        let classes: Vec<Class> = lines.iter().map(|l| l.class).collect();
        assert_eq!(classes[0], Class::Body);
        assert!(
            classes[1..].iter().all(|c| *c == Class::Furniture),
            "{classes:?}"
        );
    }

    /// The lines of the blanked text, taken from the classified lines,
    /// are the lines a pass over the blanked text finds: on every corpus
    /// text (their stamps and bylines are set aside whole or in part), and
    /// on lines whose blanked part leaves spaces at either end.
    #[test]
    fn masked_lines_are_the_blanked_texts_lines() {
        let mut texts = crate::testing::corpus_texts();
        texts.push(
            "Posted: 12 March 2024 | By Staff\n\n  Police said 3 men were held.  \n\
             Published 3 May 2024 09:14 BST\n\u{a0}Share this\n"
                .to_string(),
        );
        let mut partial = 0;
        for text in texts {
            let norm = crate::text::normalise::normalise(&text);
            let lines = classify(rules(), &norm);
            partial += lines
                .iter()
                .filter(|l| l.aside.is_some_and(|a| a != (l.start, l.end)))
                .count();
            let masked = mask(&norm, &lines);
            assert_eq!(
                masked_lines(&masked, &lines),
                crate::text::trimmed_lines(&masked),
                "{text:?}"
            );
        }
        assert!(partial > 0, "some line is set aside only in part");
    }

    /// A single article's line rules build their light engines (half the
    /// build), a batch's their full ones at once; the lines come out the
    /// same.
    #[test]
    fn a_single_article_builds_light_line_engines() {
        let page = "Cookie settings\nAccept all cookies\nShare on Facebook\n\
                    Police seized 3kg of cocaine.\nRead more\nPhoto: Police handout\n";
        let run = |batch: bool| {
            let rules = RuleSet::builtin().unwrap();
            let lines = classify_in(&rules, page, batch);
            // Compiled by the run (looking at a rule's regex compiles it,
            // and a rule whose automaton is known has its light engine then).
            let built: Vec<bool> = rules
                .rules
                .iter()
                .filter(|r| r.kind == Kind::Line && r.is_compiled() && r.regex().is_built())
                .map(|r| r.regex().is_full())
                .collect();
            assert!(!built.is_empty(), "some line rule ran");
            (format!("{lines:?}"), built)
        };
        let (alone, alone_full) = run(false);
        let (batch, batch_full) = run(true);
        assert_eq!(alone, batch);
        assert!(alone_full.iter().all(|f| !f), "alone: light engines");
        assert!(batch_full.iter().all(|f| *f), "in a batch: full engines");
    }

    fn classes(text: &str) -> Vec<(String, &'static str)> {
        let norm = crate::text::normalise::normalise(text);
        classify(rules(), &norm)
            .into_iter()
            .map(|l| (norm[l.start..l.end].to_string(), l.class.name()))
            .collect()
    }

    #[test]
    fn top_of_a_news_page() {
        let t = "Police find cannabis farm in old mill\nBy Jane Roe\n12 March 2024, 09:15\nOfficers found 300 cannabis plants in a disused mill on Tuesday, police said, after a tip from a member of the public who noticed the smell and the windows covered over.\n";
        let c = classes(t);
        assert_eq!(c[0].1, "headline");
        assert_eq!(c[1].1, "byline");
        assert_eq!(c[2].1, "stamp");
        assert_eq!(c[3].1, "body");
    }

    /// The Local's page repeats its header (date, then time) below the
    /// share bar; the second date line, past the top, was a date fact.
    #[test]
    fn a_repeated_stamp_line_is_a_stamp_below_the_top() {
        let head = "Charges filed in record drug seizure\nTT/The Local\nnews@thelocal.se\n11 May 2018\n15:40 CEST+02:00\n";
        let t = format!("{head}Share this article\nCharges filed in record drug seizure\nFile photo: TT\n{head}The driver will be charged with drug smuggling, customs said on Friday after officers found 663 kilos of drugs in the truck.\n");
        let c = classes(&t);
        let dates: Vec<_> = c.iter().filter(|(l, _)| l == "11 May 2018").collect();
        assert_eq!(dates.len(), 2);
        assert!(dates.iter().all(|(_, k)| *k == "stamp"), "{c:?}");
        assert_eq!(c.last().map(|(_, k)| *k), Some("body"));
    }

    #[test]
    fn related_block_runs_to_the_next_paragraph() {
        let t = "Two men were charged with supplying heroin after a search of a flat in the town centre on Friday, 3 May 2024, the force said in a statement today.\nRelated stories\nMan jailed over cannabis farm\nCocaine found in lorry at port\n";
        let c = classes(t);
        assert_eq!(c[0].1, "body");
        assert!(c[1..].iter().all(|(_, k)| *k == "furniture"), "{c:?}");
    }

    /// A short paragraph of speech after a "Read more:" link is the
    /// article again, not another story's headline: it was set aside.
    #[test]
    fn speech_after_a_read_more_link_ends_the_block() {
        let t = "\"This was a well planned operation,\" Detective Sergeant Aroha Tane said of the raids on six homes in the city on Tuesday morning.\n\nRead more: Police seize guns in Rotorua raid\n\n\"We will be making further arrests in the coming weeks.\"\n";
        let c = classes(t);
        assert_eq!(c[1].1, "furniture", "{c:?}");
        assert_eq!(c[2].1, "body", "{c:?}");
    }

    #[test]
    fn mask_keeps_offsets() {
        let t = "Accept all cookies\n£5 seized.\n";
        let lines = classify(rules(), t);
        let m = mask(t, &lines);
        assert_eq!(m.len(), t.len());
        assert!(m.starts_with("                  \n£5"));
    }

    #[test]
    fn one_line_is_not_a_page() {
        assert!(classify(rules(), "March 3, 2024")
            .iter()
            .all(|l| !l.class.set_aside()));
    }

    /// The byte count agrees with `split_whitespace` up to the cap, on
    /// ASCII, Unicode spaces and other non-ASCII characters.
    #[test]
    fn words_counts_like_split_whitespace() {
        let texts = [
            "",
            "   ",
            "one",
            " two  words ",
            "tab\tand\nnewline\x0bvt\x0cff\rcr",
            "nbsp\u{a0}em\u{2003}ideo\u{3000}end £5 café naïve",
            "\u{1c}\u{1d}not\u{1f}space",
            "a b c d e f g h i j k l m n o p q r s t u v w x y z aa bb",
        ];
        for t in texts {
            let want = t.split_whitespace().count().min(WORDS_CAP);
            assert_eq!(words(t), want, "{t:?}");
        }
        // Across the fast path's chunks: a word cut by a chunk's end, the
        // first non-ASCII character in a later chunk, the cap inside one.
        for pad in 0..70 {
            for tail in ["", " x", "\u{a0}y z", "é\u{2003}w", "\u{3000} q r"] {
                for word in ["a ", "ab", " b\t", "word "] {
                    let t = format!("{}{}{tail}", "x".repeat(pad % 7), word.repeat(pad));
                    let want = t.split_whitespace().count().min(WORDS_CAP);
                    assert_eq!(words(&t), want, "{t:?}");
                }
            }
        }
    }

    #[test]
    fn list_items_and_body_are_kept() {
        let t = "The following were seized:\n• 2kg of cocaine\n• £4,000 in cash\n";
        let lines = classify(rules(), t);
        assert!(lines.iter().all(|l| !l.class.set_aside()));
        assert_eq!(lines[1].class, Class::List);
    }
}
