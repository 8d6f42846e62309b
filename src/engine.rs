//! The rule engine: runs every rule's regex over the text and keeps the
//! matches that lie inside one sentence.

use crate::rules::{Kind, RuleSet};
use crate::split::Sentence;

/// One match of one rule.
#[derive(Debug, Clone)]
pub struct Match {
    /// Index into [`RuleSet::rules`].
    pub rule: usize,
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
    /// Byte span of each capture group, by group index.
    pub groups: Vec<Option<(usize, usize)>>,
}

impl Match {
    /// The span of the capture filling `field`, if it took part.
    pub fn span(&self, rules: &RuleSet, field: &str) -> Option<(usize, usize)> {
        let names = &rules.rules[self.rule].groups;
        names
            .iter()
            .zip(&self.groups)
            .find(|(n, g)| n.as_deref() == Some(field) && g.is_some())
            .and_then(|(_, g)| *g)
    }

    /// The text of the capture filling `field`.
    pub fn get<'t>(&self, rules: &RuleSet, text: &'t str, field: &str) -> Option<&'t str> {
        self.span(rules, field).map(|(s, e)| &text[s..e])
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn overlaps(&self, start: usize, end: usize) -> bool {
        self.start < end && start < self.end
    }
}

/// The index of the sentence holding byte `pos`, if any.
pub fn sentence_at(sentences: &[Sentence], pos: usize) -> Option<usize> {
    let i = sentences.partition_point(|s| s.end <= pos);
    (i < sentences.len() && sentences[i].start <= pos).then_some(i)
}

/// Texts at least this long run their rules on all cores: each rule is
/// still one scan of the whole text, and the matches are joined in rule
/// order, so the result is the same as on one thread.
pub const PARALLEL_FROM: usize = 1 << 20;

/// Runs every rule of the given kinds over `text`. A match that crosses a
/// sentence boundary is searched again inside its sentence; one outside
/// every sentence is dropped: facts never span two sentences. Matches come
/// rule by rule (rule order), each rule's in text order.
pub fn run(rules: &RuleSet, text: &str, sentences: &[Sentence], kinds: &[Kind]) -> Vec<Match> {
    let selected: Vec<usize> = (0..rules.rules.len())
        .filter(|&ri| kinds.contains(&rules.rules[ri].kind))
        .collect();
    if text.len() >= PARALLEL_FROM && selected.len() > 1 && rayon::current_num_threads() > 1 {
        use rayon::prelude::*;
        let parts: Vec<Vec<Match>> = selected
            .par_iter()
            .map(|&ri| {
                let mut out = Vec::new();
                run_rule(rules, ri, text, sentences, &mut out);
                out
            })
            .collect();
        let mut out = Vec::with_capacity(parts.iter().map(Vec::len).sum());
        for p in parts {
            out.extend(p);
        }
        return out;
    }
    let mut out = Vec::with_capacity(text.len() / 256 + 8);
    for ri in selected {
        run_rule(rules, ri, text, sentences, &mut out);
    }
    out
}

/// One rule over the whole text, its matches appended to `out`.
fn run_rule(rules: &RuleSet, ri: usize, text: &str, sentences: &[Sentence], out: &mut Vec<Match>) {
    let rule = &rules.rules[ri];
    let mut locs = rule.regex.capture_locations();
    let groups = |locs: &regex::CaptureLocations| -> Vec<Option<(usize, usize)>> {
        (0..locs.len()).map(|g| locs.get(g)).collect()
    };
    let mut at = 0;
    while at <= text.len() {
        let Some(m) = rule.regex.captures_read_at(&mut locs, text, at) else {
            break;
        };
        let (start, end) = (m.start(), m.end());
        at = if end > start {
            end
        } else {
            next_char(text, end)
        };
        // Leading context a pattern consumed ("(?:^|[^$£])64 arrests") is not part of the fact.
        let start = end - text[start..end].trim_start().len();
        let Some(si) = sentence_at(sentences, start) else {
            continue;
        };
        let s = &sentences[si];
        if end > s.end {
            // Crosses into the next sentence: look again inside this one.
            if let Some(m2) = rule
                .regex
                .captures_read_at(&mut locs, &text[..s.end], start)
            {
                if m2.end() > m2.start() {
                    out.push(Match {
                        rule: ri,
                        start: m2.end() - m2.as_str().trim_start().len(),
                        end: m2.end(),
                        sentence: si,
                        groups: groups(&locs),
                    });
                }
            }
            continue;
        }
        out.push(Match {
            rule: ri,
            start,
            end,
            sentence: si,
            groups: groups(&locs),
        });
    }
}

fn next_char(text: &str, i: usize) -> usize {
    let mut j = i + 1;
    while j < text.len() && !text.is_char_boundary(j) {
        j += 1;
    }
    j
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_lookup() {
        let s = [
            Sentence {
                start: 0,
                end: 5,
                paragraph: 0,
            },
            Sentence {
                start: 7,
                end: 10,
                paragraph: 0,
            },
        ];
        assert_eq!(sentence_at(&s, 0), Some(0));
        assert_eq!(sentence_at(&s, 4), Some(0));
        assert_eq!(sentence_at(&s, 5), None);
        assert_eq!(sentence_at(&s, 7), Some(1));
        assert_eq!(sentence_at(&s, 10), None);
    }
}
