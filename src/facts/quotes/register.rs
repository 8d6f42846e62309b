//! The register of people an article names: one person per surname (a
//! full name given later fills in a surname given first), with the title,
//! role and organisation found for them.

use crate::rules::FxHashMap;

use super::vocab::Words;

/// A person in the article's register.
#[derive(Debug, Clone)]
pub(crate) struct Person {
    pub name: String,
    pub span: [usize; 2],
    pub title: Option<String>,
    pub role: Option<String>,
    pub org: Option<String>,
    /// Named with a title, or with a role: an official.
    pub official: bool,
    pub rule: &'static str,
}

fn name_tokens(suffix: Words, name: &str) -> Vec<String> {
    name.split_whitespace()
        .filter(|t| !suffix.contains(t))
        .map(|t| {
            let t = t.trim_end_matches(',').to_lowercase();
            // most names have no curly apostrophe: no second copy
            if t.contains('\u{2019}') {
                t.replace('\u{2019}', "'")
            } else {
                t
            }
        })
        .collect()
}

/// Whether `a` becomes `b` by one edit: a letter changed, added or
/// dropped, or two neighbours swapped.
fn one_edit(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    match long.len() - short.len() {
        0 => {
            let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
            match diff[..] {
                [_] => true,
                [i, j] => j == i + 1 && a[i] == b[j] && a[j] == b[i],
                _ => false,
            }
        }
        1 => {
            let i = (0..short.len())
                .find(|&i| short[i] != long[i])
                .unwrap_or(short.len());
            short[i..] == long[i + 1..]
        }
        _ => false,
    }
}

/// People an article names, de-duplicated by surname.
#[derive(Debug, Default)]
pub(crate) struct Register<'a> {
    pub people: Vec<Person>,
    /// Letters after a name that are not part of it ("SC", "Jr.").
    suffix: Words<'a>,
    /// `name_tokens` of each person's name, in step with `people`.
    tokens: Vec<Vec<String>>,
    /// People by surname token, in register order: `find` looks only at
    /// namesakes, so an article naming many people stays linear.
    by_surname: FxHashMap<String, Vec<usize>>,
    /// People by first token, for a one-word reference to a full name.
    by_first: FxHashMap<String, Vec<usize>>,
}

impl<'a> Register<'a> {
    pub fn new(suffix: Words<'a>) -> Register<'a> {
        Register {
            suffix,
            ..Register::default()
        }
    }

    /// The person with this name (a full name or a surname), if known.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.find_tokens(&name_tokens(self.suffix, name))
    }

    /// The one person whose surname is `word` misspelt by one letter (one
    /// changed, added, dropped, or two swapped), the first letter right:
    /// "Bafafemi said" after "Femi Babafemi". Only for words of six
    /// letters or more, so that short names that differ by a letter
    /// ("Smith", "Smyth") stay two people.
    pub fn misspelt(&self, word: &str) -> Option<usize> {
        let w: Vec<char> = word.to_lowercase().chars().collect();
        if w.len() < 6 {
            return None;
        }
        let mut found = self.tokens.iter().enumerate().filter(|(_, t)| {
            t.len() >= 2
                && t.last().is_some_and(|s| {
                    let s: Vec<char> = s.chars().collect();
                    s.first() == w.first() && s != w && one_edit(&s, &w)
                })
        });
        match (found.next(), found.next()) {
            (Some((i, _)), None) => Some(i),
            _ => None,
        }
    }

    /// The first person (in register order) with this surname whose first
    /// name does not clash.
    fn find_tokens(&self, toks: &[String]) -> Option<usize> {
        let sur = toks.last()?;
        let by_sur = self.by_surname.get(sur).and_then(|v| {
            v.iter().copied().find(|&i| {
                let pt = &self.tokens[i];
                !(toks.len() >= 2
                    && pt.len() >= 2
                    && pt[0] != toks[0]
                    && !pt[0].ends_with('.')
                    && !toks[0].ends_with('.'))
            })
        });
        if by_sur.is_some() {
            return by_sur;
        }
        if toks.len() >= 2 {
            // a full name's first words, of one person only: "Mohd Taib"
            // for Mohd Taib Ahmad
            let mut longer = self
                .by_first
                .get(&toks[0])
                .into_iter()
                .flatten()
                .filter(|&&i| {
                    self.tokens[i].len() > toks.len() && self.tokens[i].starts_with(toks)
                });
            return match (longer.next(), longer.next()) {
                (Some(&i), None) => Some(i),
                _ => None,
            };
        }
        // one word that is the first of a full name: a family name written
        // first ("Kang" for Kang Chez Chiang) or a Thai given name
        self.by_first
            .get(sur)
            .and_then(|v| v.iter().copied().find(|&i| self.tokens[i].len() >= 2))
    }

    /// Adds a mention, merging it into the person already known.
    #[allow(clippy::too_many_arguments)]
    pub fn add(
        &mut self,
        name: &str,
        span: [usize; 2],
        title: Option<String>,
        role: Option<String>,
        org: Option<String>,
        official: bool,
        rule: &'static str,
    ) -> usize {
        let toks = name_tokens(self.suffix, name);
        if let Some(i) = self.find_tokens(&toks) {
            let p = &mut self.people[i];
            // The surname is the same (that is how `find` matched), so the
            // person stays under the same key.
            if self.tokens[i].len() < 2 && toks.len() >= 2 {
                p.name = name.to_string();
                p.span = span;
                if let Some(f) = toks.first() {
                    self.by_first.entry(f.clone()).or_default().push(i);
                }
                self.tokens[i] = toks;
            }
            if p.title.is_none() {
                p.title = title;
            }
            if p.role.is_none() {
                p.role = role;
            }
            if p.org.is_none() {
                p.org = org;
            }
            p.official |= official;
            return i;
        }
        let i = self.people.len();
        self.people.push(Person {
            name: name.to_string(),
            span,
            title,
            role,
            org,
            official,
            rule,
        });
        if let Some(sur) = toks.last() {
            self.by_surname.entry(sur.clone()).or_default().push(i);
        }
        if toks.len() >= 2 {
            self.by_first.entry(toks[0].clone()).or_default().push(i);
        }
        self.tokens.push(toks);
        i
    }
}

#[cfg(test)]
mod tests {
    use super::one_edit;

    fn edit(a: &str, b: &str) -> bool {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        one_edit(&a, &b)
    }

    #[test]
    fn one_edit_is_a_letter_changed_added_dropped_or_two_swapped() {
        assert!(edit("babafemi", "bafafemi"));
        assert!(edit("johnson", "johnston"));
        assert!(edit("johnston", "johnson"));
        assert!(edit("mahoney", "mahony"));
        assert!(edit("garcia", "gracia"));
        assert!(!edit("garcia", "gracie"));
        assert!(!edit("babafemi", "babafemi1x"));
        assert!(!edit("abcdef", "abdcfe"));
    }
}
