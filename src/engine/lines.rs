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
//! lines after it are furniture too) or absent (anywhere). What is set aside
//! is the `aside` capture when the pattern has one, else the whole match.
//! Lines no rule claims are body, headline (the first short line) or list
//! items; those are never set aside.

use serde::Serialize;

use crate::rules::{Kind, RuleSet};

/// What a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    Body,
    Headline,
    Byline,
    Stamp,
    List,
    Furniture,
}

impl Class {
    fn parse(s: &str) -> Option<Class> {
        Some(match s {
            "body" => Class::Body,
            "headline" => Class::Headline,
            "byline" => Class::Byline,
            "stamp" => Class::Stamp,
            "list" => Class::List,
            "furniture" => Class::Furniture,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Class::Body => "body",
            Class::Headline => "headline",
            Class::Byline => "byline",
            Class::Stamp => "stamp",
            Class::List => "list",
            Class::Furniture => "furniture",
        }
    }

    /// Whether text of this class is kept out of the facts.
    pub fn set_aside(self) -> bool {
        matches!(self, Class::Byline | Class::Stamp | Class::Furniture)
    }
}

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
/// A line of at least this many words is body prose: the top ends there.
const BODY_WORDS: usize = 20;
/// A line in a block goes on the block while it has at most this many words.
const BLOCK_WORDS: usize = 20;

fn words(s: &str) -> usize {
    s.split_whitespace().count()
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
fn block_line(s: &str) -> bool {
    let n = words(s);
    n <= BLOCK_WORDS && !(n >= 8 && s.ends_with('.'))
}

/// Classifies every non-empty line of `text` (normalised).
pub fn classify(rules: &RuleSet, text: &str) -> Vec<Line> {
    // A text of one line is not a page: nothing in it is furniture (a
    // date given alone is a date, not a stamp).
    let single = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .nth(1)
        .is_none();
    // Each line rule with its capture slots (reused line after line) and
    // the index of its `aside` group.
    let mut line_rules: Vec<(usize, regex::CaptureLocations, Option<usize>)> = if single {
        Vec::new()
    } else {
        (0..rules.rules.len())
            .filter(|&i| rules.rules[i].kind == Kind::Line)
            .map(|i| {
                let re = rules.rules[i].regex();
                let aside = re.capture_names().position(|n| n == Some("aside"));
                (i, re.capture_locations(), aside)
            })
            .collect()
    };
    let mut out = Vec::new();
    let mut nonempty = 0usize;
    let mut body_seen = false;
    let mut headline_seen = false;
    let mut block: Option<usize> = None;
    let mut pos = 0usize;
    for raw in text.split_inclusive('\n') {
        let line_start = pos;
        pos += raw.len();
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        let start = line_start + lead;
        let end = start + trimmed.len();
        let top = nonempty < TOP_LINES && !body_seen;
        nonempty += 1;

        if let Some(ri) = block {
            if block_line(trimmed) {
                out.push(Line {
                    start,
                    end,
                    class: Class::Furniture,
                    rule: Some(ri),
                    aside: Some((start, end)),
                });
                continue;
            }
            block = None;
        }

        let mut decided = None;
        for (ri, locs, aside) in &mut line_rules {
            let ri = *ri;
            let rule = &rules.rules[ri];
            let scope = rule.set.get("scope").map(String::as_str);
            if scope == Some("top") && !top {
                continue;
            }
            let Some(whole) = rule.regex().captures_read(locs, trimmed) else {
                continue;
            };
            if whole.is_empty() {
                continue;
            }
            let part = aside
                .and_then(|g| locs.get(g))
                .unwrap_or((whole.start(), whole.end()));
            let class = rule
                .set
                .get("class")
                .and_then(|c| Class::parse(c))
                .unwrap_or(Class::Furniture);
            if scope == Some("block") {
                block = Some(ri);
            }
            decided = Some(Line {
                start,
                end,
                class,
                rule: Some(ri),
                aside: class
                    .set_aside()
                    .then_some((start + part.0, start + part.1)),
            });
            break;
        }
        let line = decided.unwrap_or_else(|| {
            let n = words(trimmed);
            let class = if is_list_item(trimmed) {
                Class::List
            } else if !headline_seen && !body_seen && n < 25 && !trimmed.ends_with('.') {
                Class::Headline
            } else {
                Class::Body
            };
            Line {
                start,
                end,
                class,
                rule: None,
                aside: None,
            }
        });
        match line.class {
            Class::Headline => headline_seen = true,
            Class::Body if words(trimmed) >= BODY_WORDS => body_seen = true,
            _ => {}
        }
        out.push(line);
    }
    out
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

    #[test]
    fn related_block_runs_to_the_next_paragraph() {
        let t = "Two men were charged with supplying heroin after a search of a flat in the town centre on Friday, 3 May 2024, the force said in a statement today.\nRelated stories\nMan jailed over cannabis farm\nCocaine found in lorry at port\n";
        let c = classes(t);
        assert_eq!(c[0].1, "body");
        assert!(c[1..].iter().all(|(_, k)| *k == "furniture"), "{c:?}");
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

    #[test]
    fn list_items_and_body_are_kept() {
        let t = "The following were seized:\n• 2kg of cocaine\n• £4,000 in cash\n";
        let lines = classify(rules(), t);
        assert!(lines.iter().all(|l| !l.class.set_aside()));
        assert_eq!(lines[1].class, Class::List);
    }
}
