//! Lexicons: canonical values with their aliases, looked up by a
//! normalised key and compiled, as a piece, into a trie-shaped alternation.

use super::expand::ASCII_BOUNDARY;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, OnceLock};

use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, Repetition};

/// A canonical value with its aliases.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub name: String,
    /// (canonical, aliases) in definition order; the canonical name is an
    /// alias of itself.
    pub entries: Vec<(String, Vec<String>)>,
    /// Aliases may follow a digit directly ("460.5g"): no word boundary is
    /// required before them when the lexicon is used as a piece.
    pub after_digits: bool,
    /// Digits may follow the aliases directly ("RM26.1 million",
    /// "Ksh900,000"): no word boundary is required after them.
    pub before_digits: bool,
    /// Each alias's key ([`lookup_key`]) and the index of its entry, made
    /// at its first look-up ([`Lexicon::map`]): a run reads a few of the
    /// lexicons, and keying every alias of all of them at load was a
    /// twelfth of a one-sentence run.
    map: once_cell::sync::OnceCell<FxHashMap<String, u32>>,
    /// The aliases with and without the leading boundary
    /// ([`Lexicon::alias_trie`]), with the trie and the regex made from
    /// them once: shared by every rule that names the lexicon, its search
    /// and its expansion.
    alias_tries: [once_cell::sync::OnceCell<Arc<AliasTrie>>; 2],
    /// Every alias as written, for [`Lexicon::has_alias`], gathered at
    /// its first use.
    spelled: once_cell::sync::OnceCell<FxHashSet<String>>,
    /// [`Lexicon::capital_abbreviations`], gathered at their first use.
    capitals: once_cell::sync::OnceCell<Vec<String>>,
}

/// Lower case with runs of whitespace, hyphens and dots squeezed, so
/// "Crystal  Meth", "crystal-meth" and "crystal meth" look up alike.
pub fn lookup_key(s: &str) -> String {
    // Nearly every alias is ASCII: a byte loop, not a char loop through
    // the Unicode lowercasing tables (a tenth of reading the lexicons).
    if let Some(key) = ascii_lookup_key(s, &mut [0; 64]) {
        return key.to_string();
    }
    let mut out = String::with_capacity(s.len());
    lookup_key_into(s, &mut out);
    out
}

/// [`lookup_key`] into a buffer (cleared first), for lookups in hot loops.
fn lookup_key_into(s: &str, out: &mut String) {
    out.clear();
    let mut gap = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '-' {
            gap = true;
            continue;
        }
        if gap && !out.is_empty() {
            out.push(' ');
        }
        gap = false;
        for l in c.to_lowercase() {
            out.push(match l {
                '\u{2019}' | '\u{2018}' => '\'',
                other => other,
            });
        }
    }
}

/// [`lookup_key`] of an ASCII alias into a stack buffer, without the
/// thread-local one: the same key, as for ASCII characters
/// `is_whitespace` is exactly tab to carriage return and space (vertical
/// tab included, unlike `u8::is_ascii_whitespace`), `to_lowercase` is
/// `to_ascii_lowercase`, and no quote mark is ASCII. `None` when the
/// alias is not ASCII or longer than the buffer (the key is never longer
/// than an ASCII alias).
fn ascii_lookup_key<'b>(s: &str, buf: &'b mut [u8; 64]) -> Option<&'b str> {
    if s.len() > buf.len() || !s.is_ascii() {
        return None;
    }
    let mut n = 0;
    let mut gap = false;
    for &b in s.as_bytes() {
        if matches!(b, b'\t'..=b'\r' | b' ' | b'-') {
            gap = true;
            continue;
        }
        if gap && n > 0 {
            buf[n] = b' ';
            n += 1;
        }
        gap = false;
        buf[n] = b.to_ascii_lowercase();
        n += 1;
    }
    // Only ASCII bytes were written.
    std::str::from_utf8(&buf[..n]).ok()
}

/// The rule set's lexicons by name. The code looks a lexicon up by name
/// for every amount and count it resolves: with SipHash those look-ups
/// were a tenth of the resolve stage.
pub type Lexicons = FxHashMap<String, Lexicon>;

/// A map hashed with [`FxHasher`], for short keys from the rule files or
/// one article (its order is unspecified, as any `HashMap`'s).
pub type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A set hashed with [`FxHasher`] (see [`FxHashMap`]).
pub type FxHashSet<T> = HashSet<T, BuildHasherDefault<FxHasher>>;

/// FxHash (rustc's hasher): the lexicon maps hold a few hundred short keys
/// from the rule files and are only read while extracting, so SipHash's
/// resistance to chosen keys buys nothing, and it was most of the cost of
/// a look-up. Hashing does not change which value a key finds.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap_or_default()));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        // The table indexes by the low bits: bring the well-mixed high
        // bits down.
        self.0.rotate_left(26)
    }
}

impl Lexicon {
    pub(super) fn new(name: &str) -> Lexicon {
        Lexicon {
            name: name.to_string(),
            entries: Vec::new(),
            after_digits: false,
            before_digits: false,
            map: Default::default(),
            alias_tries: Default::default(),
            spelled: Default::default(),
            capitals: Default::default(),
        }
    }

    pub(super) fn add(&mut self, canonical: &str, aliases: &[String]) {
        let idx = match self.entries.iter().position(|(c, _)| c == canonical) {
            Some(i) => i,
            None => {
                self.entries
                    .push((canonical.to_string(), vec![canonical.to_string()]));
                self.entries.len() - 1
            }
        };
        for a in aliases {
            if !self.entries[idx].1.iter().any(|x| x == a) {
                self.entries[idx].1.push(a.clone());
            }
        }
        self.map = Default::default();
        self.alias_tries = Default::default();
        self.spelled = Default::default();
        self.capitals = Default::default();
    }

    /// Each alias's key and the entry that claims it: the earlier entry
    /// when two canonical names claim one alias (`blotter rules check`
    /// reports such clashes). Made once all is added (an `add` drops it),
    /// so loading stays linear in a lexicon's size.
    fn map(&self) -> &FxHashMap<String, u32> {
        self.map.get_or_init(|| {
            let n = self.entries.iter().map(|(_, a)| a.len()).sum();
            let mut map = HashMap::with_capacity_and_hasher(n, Default::default());
            for (idx, (_, aliases)) in self.entries.iter().enumerate() {
                // An entry's aliases start with its canonical name.
                for a in aliases {
                    map.entry(lookup_key(a)).or_insert(idx as u32);
                }
            }
            map
        })
    }

    /// The canonical name of the entry a map value indexes.
    fn entry_name(&self, idx: u32) -> &str {
        &self.entries[idx as usize].0
    }

    /// The lexicon without the entry `canonical`, when a search of it
    /// finds exactly what a search of the whole lexicon finds outside that
    /// entry's matches: every alias of the entry is one word of ASCII
    /// letters that no other entry claims, and every alias must start and
    /// end at a word boundary (neither `after_digits` nor
    /// `before_digits`). Such a word matches only between word
    /// boundaries, so no other alias starts or ends inside it, and none
    /// matches shorter at its start; dropping it changes no other match.
    /// `None` when the entry is absent or not of that kind.
    pub fn without(&self, canonical: &str) -> Option<Lexicon> {
        if self.after_digits || self.before_digits {
            return None;
        }
        let (_, aliases) = self.entries.iter().find(|(c, _)| c == canonical)?;
        let word = |a: &String| !a.is_empty() && a.bytes().all(|b| b.is_ascii_alphabetic());
        if !aliases
            .iter()
            .all(|a| word(a) && self.canonical(a) == Some(canonical))
        {
            return None;
        }
        let mut rest = Lexicon::new(&self.name);
        for (c, aliases) in self.entries.iter().filter(|(c, _)| c != canonical) {
            rest.add(c, aliases);
        }
        Some(rest)
    }

    /// The canonical value for an alias as found in text.
    pub fn canonical(&self, alias: &str) -> Option<&str> {
        let mut buf = [0u8; 64];
        if let Some(k) = ascii_lookup_key(alias, &mut buf) {
            return self.map().get(k).map(|&i| self.entry_name(i));
        }
        thread_local! {
            // Resolve looks up every matched alias: no allocation per look-up.
            static KEY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        KEY.with(|k| {
            let mut k = k.borrow_mut();
            lookup_key_into(alias, &mut k);
            self.map().get(k.as_str()).map(|&i| self.entry_name(i))
        })
    }

    /// Whether `w` is one of the aliases exactly as written (case,
    /// spaces and hyphens as they are): one hash look-up, where a scan of
    /// every entry's aliases was a tenth of the quotes stage.
    pub fn has_alias(&self, w: &str) -> bool {
        self.spelled
            .get_or_init(|| {
                self.entries
                    .iter()
                    .flat_map(|(_, aliases)| aliases.iter().cloned())
                    .collect()
            })
            .contains(w)
    }

    /// The aliases written in capitals (with dots or slashes) of at most
    /// five bytes: abbreviations such as "DI" or "SP" that a text must
    /// write in capitals to mean them. Gathered once: the quote stage asks
    /// for the titles' in most articles, and scanning every alias each
    /// time was a sixth of its titled mentions.
    pub fn capital_abbreviations(&self) -> &[String] {
        self.capitals.get_or_init(|| {
            self.entries
                .iter()
                .flat_map(|(_, a)| a.iter())
                .filter(|a| {
                    a.len() <= 5
                        && a.chars()
                            .all(|c| c.is_ascii_uppercase() || c == '.' || c == '/')
                })
                .cloned()
                .collect()
        })
    }

    /// Aliases claimed by more than one canonical name.
    pub fn clashes(&self) -> Vec<(String, String, String)> {
        // The map already holds, for each key, the first entry (in entry
        // order) to claim it: an alias clashes when that is another entry.
        // Every start asks, so no key is built anew here.
        let mut out = Vec::new();
        for (canonical, aliases) in &self.entries {
            for a in aliases {
                match self.canonical(a) {
                    Some(first) if first != canonical => {
                        out.push((a.clone(), first.to_string(), canonical.clone()))
                    }
                    _ => {}
                }
            }
        }
        out
    }

    /// One alternation of every alias, longest first; spaces match any run
    /// of whitespace and a hyphen is optional. An alias ending in a word
    /// character must end at an ASCII word boundary; with `lead`, one
    /// starting with a word character must also start at one (lexicons
    /// with `after_digits`, such as units, go without it: "460.5g").
    pub fn regex(&self, lead: bool) -> String {
        self.aliases_for(lead).alternation().to_string()
    }

    /// Every alias once, longest first (then in byte order): the order
    /// the lexicon's regex tries them in.
    pub(super) fn aliases_longest_first(&self) -> Vec<&str> {
        let mut aliases: Vec<&str> = self
            .entries
            .iter()
            .flat_map(|(_, a)| a.iter().map(String::as_str))
            .collect();
        aliases.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        aliases.dedup();
        aliases
    }

    /// The lexicon's search by walking its trie
    /// ([`super::lexicon_walk`]), when the walk can read it.
    #[cfg(test)]
    pub(super) fn walk(&self) -> Option<super::lexicon_walk::TrieWalk> {
        super::lexicon_walk::TrieWalk::new(self.trie(true))
    }

    /// The trie of the aliases' tokens, in the order of the flat
    /// longest-first alternation: what the regex is rendered from.
    #[cfg(test)]
    pub(super) fn trie(&self, lead: bool) -> &Trie {
        self.aliases_for(lead).trie()
    }

    /// The aliases as the trees and searches need them, made once for
    /// each value of `lead`; shared with whatever keeps them past the
    /// lexicons (a rule's trees, a search).
    pub(super) fn alias_trie(&self, lead: bool) -> Arc<AliasTrie> {
        self.aliases_for(lead).clone()
    }

    fn aliases_for(&self, lead: bool) -> &Arc<AliasTrie> {
        self.alias_tries[usize::from(lead)].get_or_init(|| Arc::new(AliasTrie::new(self, lead)))
    }
}

/// A lexicon's aliases as its searches and trees need them
/// ([`Lexicon::alias_trie`]): longest first, with the trie built from them
/// on first use, and the key of all that follows from them.
#[derive(Debug)]
pub(super) struct AliasTrie {
    aliases: Vec<String>,
    /// Whether the aliases start at a word boundary.
    pub(super) lead: bool,
    /// Whether they end at one (no `before_digits`).
    trail: bool,
    trie: OnceLock<Trie>,
    /// [`Lexicon::regex`], rendered from the trie.
    alternation: OnceLock<String>,
}

impl AliasTrie {
    fn new(lex: &Lexicon, lead: bool) -> AliasTrie {
        AliasTrie {
            aliases: lex
                .aliases_longest_first()
                .into_iter()
                .map(str::to_string)
                .collect(),
            lead,
            trail: !lex.before_digits,
            trie: OnceLock::new(),
            alternation: OnceLock::new(),
        }
    }

    pub(super) fn aliases(&self) -> &[String] {
        &self.aliases
    }

    pub(super) fn trie(&self) -> &Trie {
        self.trie.get_or_init(|| {
            let aliases: Vec<&str> = self.aliases.iter().map(String::as_str).collect();
            Trie::of(&aliases, self.lead, self.trail)
        })
    }

    /// Whether [`Self::alternation`] has been rendered.
    #[cfg(test)]
    pub(super) fn has_alternation(&self) -> bool {
        self.alternation.get().is_some()
    }

    /// The regex rendered from the trie, in the same order as the flat
    /// alternation: it matches exactly what that matches, but the
    /// backtracker that fills a rule's captures tries one branch per
    /// letter instead of every alias in turn (5x fewer steps on the drug
    /// lexicon).
    pub(super) fn alternation(&self) -> &str {
        self.alternation
            .get_or_init(|| self.trie().alternation(self.lead))
    }

    /// The hash of what the alternation, the trees and the walk follow
    /// from: the aliases in order and how they start and end (what the
    /// known anchors, trees and walks are keyed by).
    pub(super) fn key(&self) -> u64 {
        let mut bytes = vec![u8::from(self.lead), u8::from(self.trail)];
        for a in &self.aliases {
            bytes.extend_from_slice(a.as_bytes());
            bytes.push(0);
        }
        super::known_anchors::hash(&bytes)
    }
}

/// Aliases as a trie of regex tokens, tried in the same order as the flat
/// alternation (longest alias first): an alias joins an existing branch
/// only when every branch after it starts with a literal character other
/// than its own (no text can match both, so their order cannot matter);
/// otherwise it starts a branch of its own at the end. An alias that
/// ends where others go on is tried after them. Tokens that differ only
/// in case share a node, written as a class of both cases, so that a
/// case-sensitive rule matches what it did.
#[derive(Default, Debug)]
pub(super) struct Trie {
    pub(super) children: Vec<Branch>,
    pub(super) end: bool,
    /// The last branch whose token is not a character: no character
    /// joins a branch before it.
    last_regex: Option<usize>,
}

#[derive(Debug)]
pub(super) struct Branch {
    /// The token as each alias wrote it; branches are joined by the
    /// first one lowercased ([`Token::key`]).
    pub(super) forms: Forms,
    /// The first form's key, worked out once.
    key: Key,
    pub(super) sub: Trie,
}

/// The forms of a branch's token, without an allocation for the usual
/// one to three (a letter, its other case, the Kelvin sign): a lexicon's
/// trie has thousands of branches and is built at every start.
#[derive(Debug)]
pub(super) struct Forms {
    inline: [Token; 3],
    len: u8,
    /// All the forms, once there are more than three.
    spilled: Vec<Token>,
}

impl Forms {
    fn of(first: Token) -> Forms {
        Forms {
            inline: [first; 3],
            len: 1,
            spilled: Vec::new(),
        }
    }

    /// Adds a form not there yet, after the others.
    fn add(&mut self, t: Token) {
        if self.contains(&t) {
            return;
        }
        if !self.spilled.is_empty() {
            self.spilled.push(t);
        } else if usize::from(self.len) < self.inline.len() {
            self.inline[usize::from(self.len)] = t;
            self.len += 1;
        } else {
            self.spilled = self.inline.to_vec();
            self.spilled.push(t);
        }
    }
}

impl std::ops::Deref for Forms {
    type Target = [Token];

    fn deref(&self) -> &[Token] {
        if self.spilled.is_empty() {
            &self.inline[..usize::from(self.len)]
        } else {
            &self.spilled
        }
    }
}

/// What joins two tokens into one branch: a character lowercased (at
/// most three characters in Unicode), or the same piece of regex.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Key {
    Lower([char; 3]),
    Regex(&'static str),
}

/// One token of an alias: a literal character, or a piece of regex that
/// matches the gap a space, hyphen, dot or apostrophe stands for, or a
/// word boundary. Kept as a character or a constant, not a string, since
/// a lexicon's trie is built at every start.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(super) enum Token {
    Char(char),
    Regex(&'static str),
}

impl Token {
    fn is_char(self) -> bool {
        matches!(self, Token::Char(_))
    }

    /// What two tokens that are the same but for case share (what joins
    /// branches): the Kelvin sign and `K` both key as `k`.
    fn key(self) -> Key {
        match self {
            Token::Char(c) if c.is_ascii() => Key::Lower([c.to_ascii_lowercase(), '\0', '\0']),
            Token::Char(c) => {
                let mut k = ['\0'; 3];
                for (slot, l) in k.iter_mut().zip(c.to_lowercase()) {
                    *slot = l;
                }
                Key::Lower(k)
            }
            Token::Regex(r) => Key::Regex(r),
        }
    }

    pub(super) fn write(self, out: &mut String) {
        match self {
            // Escaped in place: `regex::escape` returns a new string, one
            // allocation per character of every alias.
            Token::Char(c) => regex_syntax::escape_into(c.encode_utf8(&mut [0; 4]), out),
            Token::Regex(r) => out.push_str(r),
        }
    }
}

impl Trie {
    /// The trie of these aliases, longest first ([`Lexicon::trie`]),
    /// with word boundaries before (`lead`) and after (`trail`) them.
    pub(super) fn of<S: AsRef<str>>(aliases: &[S], lead: bool, trail: bool) -> Trie {
        let mut trie = Trie::default();
        for a in aliases {
            trie.insert(&alias_tokens(a.as_ref(), lead, trail));
        }
        trie
    }

    /// The alternation of a lexicon's trie ([`Lexicon::regex`]), `lead`
    /// as the trie was built with.
    pub(super) fn alternation(&self, lead: bool) -> String {
        let mut out = String::from("(?:");
        // Units (no leading boundary: "460.5g") keep a boundary per alias:
        // shared, the gate's anchors lose the boundary that one-letter
        // units ("g") need to be looked for.
        self.render(&mut out, lead);
        out.push(')');
        out
    }

    fn insert(&mut self, tokens: &[Token]) {
        let Some((&first, rest)) = tokens.split_first() else {
            self.end = true;
            return;
        };
        let key = first.key();
        let joinable = if first.is_char() {
            // The last branch of the same key, when only characters come
            // after it.
            self.children
                .iter()
                .rposition(|c| c.key == key)
                .filter(|&i| self.last_regex.is_none_or(|r| r < i))
        } else {
            // A word boundary matches one way only, so it may join the
            // last branch: `\b(?:a|b)` matches as `\ba|\bb`, and no
            // branch after it can change the order. Without this every
            // alias of a lexicon that starts at a word boundary was a
            // branch of its own.
            let last = self.children.len().checked_sub(1);
            last.filter(|&i| self.children[i].key == key && first == Token::Regex(ASCII_BOUNDARY))
        };
        let i = match joinable {
            Some(i) => i,
            None => {
                // Most nodes (a letter in the middle of a word) have one
                // child, and a first push makes room for four: 4 of the
                // 5.4 MB the built-in lexicons' tries took.
                if self.children.is_empty() {
                    self.children.reserve_exact(1);
                }
                self.children.push(Branch {
                    forms: Forms::of(first),
                    key,
                    sub: Trie::default(),
                });
                let i = self.children.len() - 1;
                if !first.is_char() {
                    self.last_regex = Some(i);
                }
                i
            }
        };
        let child = &mut self.children[i];
        child.forms.add(first);
        child.sub.insert(rest);
    }

    fn render(&self, out: &mut String, share: bool) {
        let wrap = self.children.len() > 1 || (self.end && !self.children.is_empty());
        if wrap {
            out.push_str("(?:");
        }
        for (i, b) in self.children.iter().enumerate() {
            if i > 0 {
                out.push('|');
            }
            b.write_forms(out);
            b.sub.render_after(out, share);
        }
        if wrap {
            out.push(')');
            if self.end {
                out.push('?');
            }
        }
    }

    /// The sub-trie after a branch's token: with one word boundary after
    /// it when every alias through it ends with one
    /// ([`Self::ends_in_boundary`]), rather than one per alias. `(?:a|b)\b`
    /// matches as `a\b|b\b` does, in the same order; the automata get a
    /// look-around state per lexicon instead of per alias.
    fn render_after(&self, out: &mut String, share: bool) {
        if share && self.ends_in_boundary() {
            self.render_stripped(out);
            out.push_str(ASCII_BOUNDARY);
        } else {
            self.render(out, share);
        }
    }

    /// Whether every alias through this node ends with a word boundary
    /// that is its last token, and ends nowhere else; the boundary, where
    /// an alias ends right here, is the last branch (tried last).
    fn ends_in_boundary(&self) -> bool {
        let last = self.children.len().wrapping_sub(1);
        !self.end
            && !self.children.is_empty()
            && self.children.iter().enumerate().all(|(i, b)| {
                if b.is_final_boundary() {
                    i == last
                } else {
                    b.sub.ends_in_boundary()
                }
            })
    }

    /// [`Self::render`] of a node that [`Self::ends_in_boundary`], without
    /// its final boundaries: an alias that ended here with one ends here
    /// now, so the rest is optional (and tried first, as before).
    fn render_stripped(&self, out: &mut String) {
        let ends_here = self.children.last().is_some_and(Branch::is_final_boundary);
        let kids = &self.children[..self.children.len() - usize::from(ends_here)];
        let wrap = kids.len() > 1 || (ends_here && !kids.is_empty());
        if wrap {
            out.push_str("(?:");
        }
        for (i, b) in kids.iter().enumerate() {
            if i > 0 {
                out.push('|');
            }
            b.write_forms(out);
            b.sub.render_stripped(out);
        }
        if wrap {
            out.push(')');
            if ends_here {
                out.push('?');
            }
        }
    }
}

/// How [`Trie::hir`] builds the tree of a branch's token from its forms
/// ([`Branch::forms`]): a character as the parser reads it (a class of
/// its cases when case-insensitive), forms in two cases as a class of
/// them ([`forms_class`]), a regex token parsed as the rendered
/// alternation would parse it.
pub(super) type TokenTree<'a> = dyn FnMut(&[Token]) -> Hir + 'a;

impl Trie {
    /// The syntax tree the alternation ([`Self::alternation`], `\b` made
    /// ASCII) parses to, built from the trie with `token` giving each
    /// token's tree (with the case wanted):
    /// the same smart constructors the parser calls, given the same
    /// parts, so the same tree (a unit test compares them for every
    /// built-in lexicon). Parsing a lexicon's rendered regex again was
    /// most of building its tree, and the drug lexicon alone is 13 KB.
    /// `token` gives each token's tree (worth remembering: a lexicon has
    /// a few dozen distinct tokens and thousands of nodes).
    pub(super) fn hir(&self, lead: bool, token: &mut TokenTree) -> Hir {
        let mut seq = Vec::new();
        self.render_hir(lead, token, &mut seq);
        Hir::concat(seq)
    }

    /// [`Self::render`] as trees, pushed onto the concatenation `seq` it
    /// is written into: the parser sees one flat concatenation up to the
    /// next group, and building it as nested ones copied each level
    /// again.
    fn render_hir(&self, share: bool, token: &mut TokenTree, seq: &mut Vec<Hir>) {
        Self::push_branches(&self.children, self.end, token, seq, &|t, token, seq| {
            t.render_after_hir(share, token, seq)
        });
    }

    /// Branches as the renderers write them: a lone branch (nothing ends
    /// here) straight into `seq`, else their group; `rest` writes what
    /// follows each branch's token.
    fn push_branches(
        kids: &[Branch],
        ends_here: bool,
        token: &mut TokenTree,
        seq: &mut Vec<Hir>,
        rest: &dyn Fn(&Trie, &mut TokenTree, &mut Vec<Hir>),
    ) {
        let wrap = kids.len() > 1 || (ends_here && !kids.is_empty());
        if !wrap {
            if let Some(b) = kids.first() {
                seq.push(token(&b.forms));
                rest(&b.sub, token, seq);
            }
            return;
        }
        let branches = kids
            .iter()
            .map(|b| {
                let mut inner = vec![token(&b.forms)];
                rest(&b.sub, token, &mut inner);
                Hir::concat(inner)
            })
            .collect();
        seq.push(Self::group(branches, ends_here));
    }

    /// A group of branches: their alternation, optional when an alias
    /// ends before it (`(?:a|b)?`).
    fn group(branches: Vec<Hir>, ends_here: bool) -> Hir {
        let alt = Hir::alternation(branches);
        if !ends_here {
            return alt;
        }
        Hir::repetition(Repetition {
            min: 0,
            max: Some(1),
            greedy: true,
            sub: Box::new(alt),
        })
    }

    /// [`Self::render_after`] as trees.
    fn render_after_hir(&self, share: bool, token: &mut TokenTree, seq: &mut Vec<Hir>) {
        if share && self.ends_in_boundary() {
            self.render_stripped_hir(token, seq);
            seq.push(token(&[Token::Regex(ASCII_BOUNDARY)]));
        } else {
            self.render_hir(share, token, seq);
        }
    }

    /// [`Self::render_stripped`] as trees.
    fn render_stripped_hir(&self, token: &mut TokenTree, seq: &mut Vec<Hir>) {
        let ends_here = self.children.last().is_some_and(Branch::is_final_boundary);
        let kids = &self.children[..self.children.len() - usize::from(ends_here)];
        Self::push_branches(kids, ends_here, token, seq, &|t, token, seq| {
            t.render_stripped_hir(token, seq)
        });
    }
}

/// A character's tree as the parser builds it: the character, or with
/// `case_insensitive` the class of its simple case folds (a literal when
/// it has none).
pub(super) fn char_hir(c: char, case_insensitive: bool) -> Hir {
    if !case_insensitive {
        return Hir::literal(c.encode_utf8(&mut [0; 4]).as_bytes());
    }
    let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
    class.case_fold_simple();
    Hir::class(Class::Unicode(class))
}

/// [`Branch::write_forms`] of forms that differ in case, as a tree: the
/// class of their characters.
pub(super) fn forms_class(forms: &[Token], case_insensitive: bool) -> Hir {
    let mut class = ClassUnicode::new(forms.iter().filter_map(|f| match f {
        Token::Char(c) => Some(ClassUnicodeRange::new(*c, *c)),
        Token::Regex(_) => None,
    }));
    if case_insensitive {
        class.case_fold_simple();
    }
    Hir::class(Class::Unicode(class))
}

impl Branch {
    /// The branch's token, as a class when its forms differ in case.
    fn write_forms(&self, out: &mut String) {
        match &*self.forms {
            [one] => one.write(out),
            // Single letters in other cases.
            many => {
                out.push('[');
                many.iter().for_each(|f| f.write(out));
                out.push(']');
            }
        }
    }

    /// Whether the branch is a word boundary that ends an alias.
    fn is_final_boundary(&self) -> bool {
        self.forms.first() == Some(&Token::Regex(ASCII_BOUNDARY))
            && self.sub.end
            && self.sub.children.is_empty()
    }
}

/// An alias as regex tokens: each matches one character of the alias (or
/// the gap a space, hyphen, dot or apostrophe stands for), with word
/// boundaries at the ends.
pub(super) fn alias_tokens(alias: &str, boundary_before: bool, boundary_after: bool) -> Vec<Token> {
    let mut out = Vec::with_capacity(alias.len() + 2);
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let t = alias.trim();
    if boundary_before && word(t.chars().next()) {
        out.push(Token::Regex(ASCII_BOUNDARY));
    }
    let mut gap = false;
    for c in t.chars() {
        if c.is_whitespace() {
            gap = true;
            continue;
        }
        if gap {
            out.push(Token::Regex(r"[\s-]+"));
            gap = false;
        }
        out.push(match c {
            '-' => Token::Regex(r"[\s-]?"),
            '\'' | '\u{2019}' => Token::Regex("['\u{2019}]"),
            '.' => Token::Regex(r"\.?"),
            _ => Token::Char(c),
        });
    }
    if boundary_after && word(t.chars().last()) {
        out.push(Token::Regex(ASCII_BOUNDARY));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An alias is had only as written; one added after a look-up is had too.
    #[test]
    fn has_alias_is_the_exact_spelling() {
        let mut lex = Lexicon::new("t");
        lex.add("Supt.", &["Det. Supt.".into(), "No.".into()]);
        assert!(lex.has_alias("No.") && lex.has_alias("Supt.") && lex.has_alias("Det. Supt."));
        for w in ["no.", "NO.", "Det.  Supt.", "Det.-Supt.", "supt."] {
            assert!(lex.canonical(w).is_some() && !lex.has_alias(w), "{w}");
        }
        lex.add("Insp.", &["Insp".into()]);
        assert!(lex.has_alias("Insp") && !lex.has_alias("insp"));
    }

    /// A branch keeps its forms in order, each once, past the three it
    /// holds without allocating.
    #[test]
    fn forms_keep_order_past_three() {
        let mut f = Forms::of(Token::Char('k'));
        for c in ['K', 'k', '\u{212A}', 'x', 'K', 'y'] {
            f.add(Token::Char(c));
        }
        let want: Vec<Token> = ['k', 'K', '\u{212A}', 'x', 'y'].map(Token::Char).into();
        assert_eq!(&*f, want.as_slice());
        let mut g = Forms::of(Token::Regex(ASCII_BOUNDARY));
        g.add(Token::Regex(ASCII_BOUNDARY));
        assert_eq!(&*g, &[Token::Regex(ASCII_BOUNDARY)]);
    }

    /// The map as it was rebuilt after every `add` before it was kept
    /// alias by alias (and now again, once, at its first look-up):
    /// entries in order, the first to claim a key keeps it.
    fn rebuilt(lex: &Lexicon) -> HashMap<String, String> {
        let mut map = HashMap::new();
        for (canonical, aliases) in &lex.entries {
            for a in aliases {
                map.entry(lookup_key(a))
                    .or_insert_with(|| canonical.clone());
            }
        }
        map
    }

    #[test]
    fn the_map_is_the_one_rebuilt_in_entry_order() {
        let mut lex = Lexicon::new("t");
        let adds: [(&str, &[&str]); 6] = [
            ("cocaine", &["coke", "Charlie"]),
            ("crack", &["rock", "CRACK cocaine"]),
            // A later entry claims an alias first ...
            ("heroin", &["smack", "gear"]),
            // ... and an earlier entry takes it back when it adds it.
            ("cocaine", &["gear", "blow"]),
            ("gear", &["kit"]),
            ("crack", &["coke"]),
        ];
        for (c, a) in adds {
            lex.add(c, &a.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            let want = rebuilt(&lex);
            assert_eq!(lex.map().len(), want.len());
            for (k, v) in &want {
                let got = lex.map().get(k).map(|&i| lex.entry_name(i));
                assert_eq!(got, Some(v.as_str()), "key {k:?} after adding {c:?}");
            }
        }
        let rs = crate::rules::RuleSet::builtin().expect("built-in rules load");
        for lex in rs.lexicons.values() {
            let want = rebuilt(lex);
            assert_eq!(lex.map().len(), want.len(), "lexicon {}", lex.name);
            for (k, v) in &want {
                let got = lex.map().get(k).map(|&i| lex.entry_name(i));
                assert_eq!(got, Some(v.as_str()), "lexicon {} key {k:?}", lex.name);
            }
        }
    }

    /// The ASCII fast path gives the general key for every ASCII string:
    /// each pair of ASCII characters (so every gap and case rule) and
    /// some longer mixes.
    #[test]
    fn ascii_key_is_the_general_key() {
        let mut buf = [0u8; 64];
        // The char loop, which `lookup_key` skips for ASCII.
        let general = |s: &str| {
            let mut out = String::new();
            lookup_key_into(s, &mut out);
            out
        };
        for a in 0u8..128 {
            for b in 0u8..128 {
                for s in [
                    format!("{}{}", a as char, b as char),
                    format!(" x{}{}Y- -", a as char, b as char),
                ] {
                    assert_eq!(ascii_lookup_key(&s, &mut buf), Some(general(&s).as_str()));
                }
            }
        }
        for s in [
            "",
            " ",
            "--",
            "Crystal  Meth",
            "crystal-meth",
            "U.S.\x0bAttorney",
            "a\r\nB",
        ] {
            assert_eq!(ascii_lookup_key(s, &mut buf), Some(general(s).as_str()));
        }
        // Not ASCII or too long: the general path.
        assert_eq!(ascii_lookup_key("Capit\u{e3}o", &mut buf), None);
        assert_eq!(ascii_lookup_key("O\u{2019}Brien", &mut buf), None);
        assert_eq!(ascii_lookup_key(&"a".repeat(65), &mut buf), None);
        assert!(ascii_lookup_key(&"a".repeat(64), &mut buf).is_some());
    }

    /// Both paths of `canonical` find the same entries.
    #[test]
    fn canonical_on_both_paths() {
        let mut lex = Lexicon::new("t");
        lex.add("ice", &["crystal meth".into(), "Shabu".into()]);
        lex.add("O'Brien", &["Capit\u{e3}o".into()]);
        assert_eq!(lex.canonical("Crystal - METH"), Some("ice"));
        assert_eq!(lex.canonical("shabu"), Some("ice"));
        assert_eq!(lex.canonical("ICE"), Some("ice"));
        assert_eq!(lex.canonical("o\u{2019}brien"), Some("O'Brien"));
        assert_eq!(lex.canonical("CAPIT\u{c3}O"), Some("O'Brien"));
        let long = format!("{} meth", "crystal".repeat(10));
        lex.add("long", &[long.to_uppercase()]);
        assert_eq!(lex.canonical(&long), Some("long"));
        assert_eq!(lex.canonical("heroin"), None);
    }

    /// A hedge entry with an alias that is not one plain word (or that
    /// another entry claims) is kept in the search: dropping it could change
    /// which cue matches.
    #[test]
    fn a_lexicon_keeps_hedges_that_could_hide_cues() {
        let lex = |hedge: &[&str]| {
            let mut l = Lexicon::new("money_role");
            l.add("value", &["value".into(), "street value".into()]);
            l.add(
                "hedge",
                &hedge.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
            );
            l
        };
        assert!(lex(&["about", "around"]).without("hedge").is_some());
        assert!(lex(&["in the region of"]).without("hedge").is_none());
        assert!(lex(&["approx."]).without("hedge").is_none());
        assert!(lex(&["value"]).without("hedge").is_none());
        let mut digits = lex(&["about"]);
        digits.before_digits = true;
        assert!(digits.without("hedge").is_none());
    }

    /// Two characters share a trie branch exactly when they are equal or
    /// lowercase alike (the Kelvin sign with `k`, the dotted capital I
    /// with its two-character lowercase), as before branches had keys.
    #[test]
    fn token_keys_join_what_lowercases_alike() {
        let chars = [
            'a', 'A', 'k', 'K', '\u{212A}', 's', 'S', '\u{17F}', 'i', 'I', '\u{130}', '\u{E9}',
            '\u{C9}', '\u{DF}', '\u{1E9E}', '1', '-', '\u{3A3}', '\u{3C3}', '\u{3C2}',
        ];
        for a in chars {
            for b in chars {
                let before = a == b || a.to_lowercase().eq(b.to_lowercase());
                let now = Token::Char(a).key() == Token::Char(b).key();
                assert_eq!(now, before, "{a:?} {b:?}");
            }
        }
        assert_ne!(Token::Char('b').key(), Token::Regex(ASCII_BOUNDARY).key());
    }

    /// The clashes as they were found before the map was read for them:
    /// each key's first canonical name in entry order, and every alias of
    /// another entry with that key after it.
    fn clashes_by_scan(lex: &Lexicon) -> Vec<(String, String, String)> {
        let mut seen: HashMap<String, &str> = HashMap::new();
        let mut out = Vec::new();
        for (canonical, aliases) in &lex.entries {
            for a in aliases {
                let k = lookup_key(a);
                match seen.get(&k) {
                    Some(first) if *first != canonical => {
                        out.push((a.clone(), first.to_string(), canonical.clone()))
                    }
                    Some(_) => {}
                    None => {
                        seen.insert(k, canonical);
                    }
                }
            }
        }
        out
    }

    /// Clashes read from the map are the clashes a scan finds, on
    /// lexicons built in random order with aliases that collide by case,
    /// spacing and hyphens, added to earlier entries later too.
    #[test]
    fn clashes_from_the_map_are_the_scanned_ones() {
        let words = [
            "ice",
            "ICE",
            "crystal meth",
            "crystal-meth",
            "Crystal  Meth",
            "speed",
            "E",
            "e",
            "molly",
            "Molly",
            "m\u{F6}lly",
            "M\u{D6}LLY",
            "coke",
            "c-o-k-e",
            "c o k e",
            "weed",
        ];
        let names = ["meth", "mdma", "cocaine", "cannabis", "amphetamine"];
        let mut rng = crate::testing::Rng::new();
        for _ in 0..300 {
            let mut lex = Lexicon::new("drug");
            for _ in 0..(1 + rng.below(12)) {
                let canonical = names[rng.below(names.len())];
                let aliases: Vec<String> = (0..rng.below(4))
                    .map(|_| words[rng.below(words.len())].to_string())
                    .collect();
                lex.add(canonical, &aliases);
            }
            assert_eq!(lex.clashes(), clashes_by_scan(&lex), "{:?}", lex.entries);
        }
    }
}
