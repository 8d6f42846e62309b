//! Normalisation that keeps byte offsets: every change replaces bytes with
//! the same number of bytes, so a span into the normalised text is a span
//! into the input.

/// Returns a copy of `text` of the same byte length where odd spaces
/// (NBSP, thin and narrow spaces, line and paragraph separators, BOM, CR,
/// tabs: every Unicode space) are plain ASCII spaces, so rules' `\s` can
/// be ASCII.
///
/// Works on bytes, copying the runs between odd spaces whole: the odd
/// spaces are ASCII controls or start with one of a few UTF-8 lead bytes,
/// and a lead byte never occurs inside another character.
pub fn normalise(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while let Some(at) = next_candidate(bytes, i) {
        i = at;
        let n = odd_space_len(&bytes[i..]);
        if n == 0 {
            i += 1;
            continue;
        }
        out.push_str(&text[copied..i]);
        for _ in 0..n {
            out.push(' ');
        }
        i += n;
        copied = i;
    }
    out.push_str(&text[copied..]);
    join_soft_wraps(blank_markup(out))
}

/// HTML tags left in scraped text ("<p>Police seized ganja.</p><p>“We
/// acted on a tip-off,” …") become whitespace of the same length: a tag
/// that ends a block (p, br, div, li, h1-h6, tr, blockquote) becomes a
/// paragraph break, so quotes and sentences do not run across it; an
/// inline one (a, b, i, em, strong, span, font) becomes spaces. Anything
/// else with a `<` is left as written ("<5g").
fn blank_markup(text: String) -> String {
    let b = text.as_bytes();
    let mut out: Option<Vec<u8>> = None;
    let mut i = 0;
    // (`str::find` of one ASCII character is a memchr: most articles have
    // no '<')
    while let Some(off) = text[i..].find('<') {
        let at = i + off;
        let (len, block) = tag_at(&b[at..]).unwrap_or((0, false));
        if len == 0 {
            i = at + 1;
            continue;
        }
        let o = out.get_or_insert_with(|| b.to_vec());
        o[at..at + len].fill(b' ');
        if block {
            // two line breaks where they fit: a paragraph's end
            for k in o[at..at + len].iter_mut().take(2) {
                *k = b'\n';
            }
        }
        i = at + len;
    }
    match out {
        // ASCII for ASCII inside the tag: still UTF-8
        Some(o) => String::from_utf8(o).expect("a tag became whitespace"),
        None => text,
    }
}

/// The length of the HTML tag `b` starts with, and whether it ends a
/// block; `None` when it is no tag of the known names (or runs past 300
/// bytes or a line).
fn tag_at(b: &[u8]) -> Option<(usize, bool)> {
    const BLOCK: &[&str] = &[
        "p",
        "br",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "td",
        "table",
        "blockquote",
        "section",
        "article",
    ];
    const INLINE: &[&str] = &[
        "a", "b", "i", "u", "em", "strong", "span", "font", "small", "sup", "sub",
    ];
    let end = b.iter().take(300).position(|&c| c == b'>')?;
    let inner = &b[1..end];
    if inner.contains(&b'<') || inner.contains(&b'\n') {
        return None;
    }
    let inner = inner.strip_prefix(b"/").unwrap_or(inner);
    let name_len = inner
        .iter()
        .position(|c| !c.is_ascii_alphanumeric())
        .unwrap_or(inner.len());
    let name = &inner[..name_len];
    // after the name: attributes, or a self-closing slash
    if let Some(&c) = inner.get(name_len) {
        if c != b' ' && c != b'/' {
            return None;
        }
    }
    let listed = |names: &[&str]| {
        names
            .iter()
            .any(|n| name.eq_ignore_ascii_case(n.as_bytes()))
    };
    if listed(BLOCK) {
        Some((end + 1, true))
    } else if listed(INLINE) {
        Some((end + 1, false))
    } else {
        None
    }
}

/// Line breaks inside a sentence, as hard-wrapped or scraped pages put
/// them ("seized 25\nkilograms of cocaine", "3.2kg\n\nheroin"), become
/// spaces: a break (with at most one blank line) after a line of some
/// length that ends in a letter, digit or comma, before a lower-case
/// letter. A sentence and a paragraph never start in lower case, so the
/// break cut one; other breaks are left alone. Byte for byte, as the rest
/// of normalising.
fn join_soft_wraps(text: String) -> String {
    /// The shortest line before a break that is joined: a headline, a
    /// label or a list item ("cannabis resin – 860 grams") is shorter
    /// than a wrapped line of prose.
    const MIN_LINE: usize = 60;
    let b = text.as_bytes();
    let wrapped = hard_wrapped(b);
    // (a page wrapped at a fixed width already joins every break before a
    // lower-case letter: no second pass over its lines)
    let ragged = !wrapped && ragged_wrapped(b);
    let mut joins: Vec<usize> = Vec::new();
    let mut line_start = 0;
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'\n') {
        let nl = i + off;
        let before = b[line_start..nl].trim_ascii_end();
        // the run of breaks and spaces, with at most one blank line
        let mut j = nl;
        let (mut breaks, mut last_break) = (0, nl);
        while j < b.len() && (b[j] == b'\n' || b[j] == b' ') {
            if b[j] == b'\n' {
                breaks += 1;
                last_break = j;
            }
            j += 1;
        }
        let mid_sentence = before
            .last()
            .is_some_and(|&c| c.is_ascii_alphanumeric() || c == b',');
        // (columns of a table are padded with runs of spaces: a row is
        // no sentence)
        let table_row = before.windows(3).any(|w| w == b"   ");
        let next = b.get(j).copied().unwrap_or(b'.');
        // In a page wrapped at a fixed width (a release printed to PDF),
        // every single break inside a sentence is a wrap: "A total of 87
        // suspected drug\noffenders were arrested", "seven tablets, and
        // 90\nErimin-5 tablets were recovered".
        let fixed_wrap = wrapped
            && (next.is_ascii_lowercase()
                || (before.len() >= WRAP_LINE.0
                    && before
                        .last()
                        .is_some_and(|&c| c.is_ascii_lowercase() || c.is_ascii_digit())
                    && (next.is_ascii_uppercase() || next.is_ascii_digit())));
        // In a page whose paragraphs open with a short line ([`ragged_wrapped`]),
        // a single break before a lower-case letter is a wrap whatever the
        // line's length: "“Police acted\non information that …".
        let ragged_wrap = ragged && next.is_ascii_lowercase();
        // On any page, a line that ends with a word no sentence or heading
        // ends with is cut mid-phrase: "… the Revolutionary Armed Forces
        // of\nColombia (FARC),\" a statement said".
        let dangling = (ends_dangling(before) && next.is_ascii_alphanumeric())
            || (ends_with_figure(before) && starts_with_mass_unit(&b[j..]));
        let wrap = breaks == 1 && (fixed_wrap || ragged_wrap || dangling);
        if mid_sentence
            && !table_row
            && (before.len() >= MIN_LINE || wrap)
            && breaks <= 2
            && (next.is_ascii_lowercase() || wrap)
            // a byline under a long headline ("by Jo Bloggs") starts a line
            && !(b[j..].starts_with(b"by ") || b[j..].starts_with(b"by:"))
        {
            joins.extend((nl..j).filter(|&k| b[k] == b'\n'));
        }
        line_start = last_break + 1;
        i = j.max(nl + 1);
    }
    if joins.is_empty() {
        return text;
    }
    let mut bytes = text.into_bytes();
    for at in joins {
        bytes[at] = b' ';
    }
    // ASCII for ASCII: still UTF-8
    String::from_utf8(bytes).expect("a line break became a space")
}

/// Whether a line ends with a word that leaves its phrase open: an
/// article, a preposition that needs its object, a conjunction. ("in",
/// "on" and "up" are left out: "Sign in", "Log on" end furniture lines.)
fn ends_dangling(line: &[u8]) -> bool {
    const OPEN: [&[u8]; 15] = [
        b"of", b"the", b"a", b"an", b"and", b"or", b"to", b"for", b"by", b"with", b"from", b"than",
        b"into", b"their", b"its",
    ];
    let word = line
        .rsplit(|&c| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or_default();
    word.len() < line.len() && OPEN.contains(&word)
}

/// Whether a line ends with a figure that is not a year ("... over 175",
/// not "Seized in 2024").
fn ends_with_figure(line: &[u8]) -> bool {
    let digits = line.iter().rev().take_while(|c| c.is_ascii_digit()).count();
    let figure = &line[line.len() - digits..];
    let year = digits == 4 && (figure.starts_with(b"19") || figure.starts_with(b"20"));
    digits > 0 && !year
}

/// Whether a line opens with a unit of mass: after a line that ends with
/// a figure, the break cut an amount in two ("weighing a total of over
/// 175\nKg."). No heading or list item opens with one.
fn starts_with_mass_unit(rest: &[u8]) -> bool {
    const UNITS: [&[u8]; 12] = [
        b"kg",
        b"kgs",
        b"kilograms",
        b"kilogrammes",
        b"kilos",
        b"grams",
        b"grammes",
        b"tonnes",
        b"tons",
        b"pounds",
        b"lbs",
        b"ounces",
    ];
    let word = rest
        .split(|c| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or_default();
    let after = rest.get(word.len()).copied().unwrap_or(b' ');
    !after.is_ascii_digit() && UNITS.iter().any(|u| u.eq_ignore_ascii_case(word))
}

/// The lengths of a line wrapped at a fixed width.
const WRAP_LINE: (usize, usize) = (55, 100);

/// Whether the text is wrapped at a fixed width throughout: at least ten
/// lines, most of them of a wrap's length, and hardly a blank line between
/// them (paragraphs of a web page are one line each, or blank-separated).
fn hard_wrapped(b: &[u8]) -> bool {
    let (mut lines, mut wrap_long, mut blank) = (0usize, 0usize, 0usize);
    for line in b.split(|&c| c == b'\n') {
        let t = line.trim_ascii();
        if t.is_empty() {
            blank += 1;
            continue;
        }
        lines += 1;
        if (WRAP_LINE.0..=WRAP_LINE.1).contains(&t.len()) {
            wrap_long += 1;
        }
    }
    lines >= 10 && wrap_long * 10 >= lines * 7 && blank * 10 <= lines
}

/// Whether the page breaks its sentences at short lines, as a print layout
/// does where each paragraph opens with a short line ("The latest\nbusts
/// come amid growing concerns …", "Comm Nyathi\nsaid police had …"): at
/// least three breaks after a word in lower case before a line of a
/// wrap's length that goes on in lower case. A list of items in lower case
/// ("cannabis resin – 860 grams\nheroin – 20 grams") has short lines after
/// its breaks, and a page of one line per paragraph has no such break.
fn ragged_wrapped(b: &[u8]) -> bool {
    let mut breaks = 0;
    let mut lines = b.split(|&c| c == b'\n').peekable();
    while let Some(line) = lines.next() {
        let Some(next) = lines.peek() else { break };
        let before = line.trim_ascii_end();
        if before.last().is_some_and(u8::is_ascii_lowercase)
            && next.first().is_some_and(u8::is_ascii_lowercase)
            && (WRAP_LINE.0..=WRAP_LINE.1).contains(&next.trim_ascii_end().len())
        {
            breaks += 1;
            if breaks == 3 {
                return true;
            }
        }
    }
    false
}

/// The first byte at or after `i` that may start an odd space. Eight bytes
/// at a time: a word of plain ASCII (no control byte, no byte of a
/// multi-byte character) holds none, and most of an article is such
/// words (normalising went from 5.9M to 2.3M instructions per 0.97 MB).
fn next_candidate(b: &[u8], mut i: usize) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const SPACE: u64 = 0x2020_2020_2020_2020;
    let first = |w: &[u8]| w.iter().position(|&x| MAY_START[usize::from(x)]);
    while let Some(w) = b.get(i..i + 8) {
        let word = u64::from_le_bytes(w.try_into().expect("eight bytes"));
        // A byte below 0x20 borrows into its high bit; one of 0x80 or more has it.
        if ((word.wrapping_sub(SPACE) & !word) | word) & HIGH != 0 {
            if let Some(p) = first(w) {
                return Some(i + p);
            }
        }
        i += 8;
    }
    first(b.get(i..)?).map(|p| i + p)
}

/// The bytes an odd space can start with (see [`odd_space_len`]), so the
/// scan skips everything else in a tight loop.
const MAY_START: [bool; 256] = {
    let mut t = [false; 256];
    let starts = [b'\r', b'\t', 0x0B, 0x0C, 0xC2, 0xE1, 0xE2, 0xE3, 0xEF];
    let mut k = 0;
    while k < starts.len() {
        t[starts[k] as usize] = true;
        k += 1;
    }
    t
};

/// The length in bytes of the odd space `b` starts with, or 0: '\r', '\t',
/// VT, FF, and U+0085, U+00A0, U+1680, U+2000..=U+200B, U+2028, U+2029,
/// U+202F, U+205F, U+3000, U+FEFF as UTF-8.
fn odd_space_len(b: &[u8]) -> usize {
    match *b {
        [b'\r' | b'\t' | 0x0B | 0x0C, ..] => 1,
        [0xC2, 0x85 | 0xA0, ..] => 2,
        [0xE1, 0x9A, 0x80, ..]
        | [0xE2, 0x80, 0x80..=0x8B | 0xA8 | 0xA9 | 0xAF, ..]
        | [0xE2, 0x81, 0x9F, ..]
        | [0xE3, 0x80, 0x80, ..]
        | [0xEF, 0xBB, 0xBF, ..] => 3,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    /// Tags left in scraped text become whitespace of their length, a
    /// block's end a paragraph break; a '<' of the text stays.
    #[test]
    fn markup_becomes_whitespace() {
        let t =
            "<p>Police seized <b>2 kg</b> of ganja.</p><p>\u{201C}We acted,\u{201D} he said.</p>";
        let n = normalise(t);
        assert_eq!(n.len(), t.len());
        assert!(n.contains("\n\n"), "{n:?}");
        assert!(n.contains("seized    2 kg     of ganja."), "{n:?}");
        assert!(!n.contains('<'), "{n:?}");
        let kept = "Each dose was <5g and x<y; see <ref> & more";
        assert_eq!(normalise(kept), kept);
    }

    use super::*;

    /// The character-by-character definition the byte scan must agree with.
    fn by_chars(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '\r' | '\t' | '\u{0B}' | '\u{0C}' => out.push(' '),
                '\u{85}'
                | '\u{A0}'
                | '\u{1680}'
                | '\u{2000}'..='\u{200B}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}'
                | '\u{FEFF}' => {
                    for _ in 0..c.len_utf8() {
                        out.push(' ');
                    }
                }
                _ => out.push(c),
            }
        }
        out
    }

    #[test]
    fn bytes_agree_with_chars_on_every_character() {
        for c in (0u32..0x11_0000).filter_map(char::from_u32) {
            let s = format!("a{c}b{c}{c}");
            assert_eq!(normalise(&s), by_chars(&s), "U+{:04X}", c as u32);
        }
    }

    /// The same at every place in a word of the eight-byte scan: each
    /// character of the first planes (and the BOM's), after 0 to 9 bytes.
    #[test]
    fn bytes_agree_with_chars_anywhere_in_a_word() {
        let chars = (0u32..0x3100)
            .chain(0xFE00..0xFF00)
            .filter_map(char::from_u32);
        for c in chars {
            for pad in 0..10 {
                let p = &"abcdefghij"[..pad];
                let s = format!("{p}{c}{p}xyz{c}{p}{p}{c}");
                assert_eq!(
                    normalise(&s),
                    by_chars(&s),
                    "U+{:04X} after {pad}",
                    c as u32
                );
            }
        }
    }

    #[test]
    fn keeps_length() {
        let s = "\u{FEFF}£30\u{A0}000\r\n\u{2009}ok";
        let n = normalise(s);
        assert_eq!(n.len(), s.len());
        assert_eq!(n, "   £30  000 \n   ok");
    }

    /// A page wrapped at a fixed width throughout joins every wrap inside
    /// a sentence, a short first line and a capital after a digit too; a
    /// page of one-line paragraphs is left alone.
    #[test]
    fn a_hard_wrapped_page_is_joined() {
        let body = "offenders were arrested in an island-wide operation conducted by the\n\
                    Central Narcotics Bureau from 23 to 27 November 2020. Officers found 90\n";
        let t = format!("A total of 87 suspected drug\n{}", body.repeat(6));
        let n = normalise(&t);
        assert!(
            n.starts_with("A total of 87 suspected drug offenders"),
            "{n}"
        );
        assert!(n.contains("by the Central Narcotics"), "{n}");
        assert_eq!(n.matches('\n').count(), 1, "{n}");
        assert_eq!(n.len(), t.len());
        // one-line paragraphs: no wrap
        let para = "Police arrested 87 people in an operation across the island last week.\n";
        let t = format!("Drug raids\n{}", para.repeat(12));
        assert_eq!(normalise(&t), t);
    }

    /// A page whose paragraphs open with a short line joins each short
    /// line to the lower-case line it runs on into; a list of items in
    /// lower case is no such page.
    #[test]
    fn a_page_of_short_paragraph_heads_is_joined() {
        let para = |head: &str| {
            format!(
                "{head}\nsaid police had been monitoring the suspect since February before the\n\
                 raid on his house in the suburb yesterday.\n"
            )
        };
        let t = format!(
            "{}{}\u{201C}Police acted\non information that they received about the suspect dealing in drugs,\u{201D} he said.\n",
            para("Comm Nyathi"),
            para("Inspector Moyo")
        );
        let n = normalise(&t);
        assert_eq!(n.len(), t.len());
        assert!(n.contains("Comm Nyathi said police"), "{n}");
        assert!(n.contains("Inspector Moyo said police"), "{n}");
        assert!(n.contains("Police acted on information"), "{n}");
        // the line ending a sentence stays a line
        assert!(n.contains("yesterday.\n"), "{n}");
        let list = "Police seized:\ncannabis resin \u{2013} 860 grams\nheroin \u{2013} 20 grams\n\
                    cocaine \u{2013} 5 grams\nketamine \u{2013} 2 grams\nsleeping pills\n";
        assert_eq!(normalise(list), list);
    }

    /// A break inside a sentence of wrapped prose becomes a space (with
    /// one blank line too); breaks after a sentence, a headline, a list
    /// item or a table row, or before a capital, stay. Lengths never change.
    #[test]
    fn soft_wraps_inside_a_sentence_are_joined() {
        let long = "Police said the officers who were on duty at the harbour that night seized 25";
        for brk in ["\n", "\n\n", " \n \n "] {
            let t = format!("{long}{brk}kilograms of cocaine.");
            let n = normalise(&t);
            assert_eq!(n.len(), t.len());
            assert!(!n.contains('\n'), "{brk:?}: {n:?}");
        }
        for t in [
            format!("{long} kilograms of cocaine.\nthe end"),
            format!("{long}\n\n\nkilograms of cocaine."),
            format!("{long}\n\nby Danielle Pruitt"),
            "Police seize drugs\nofficers found cocaine in a van on Monday night.".to_string(),
            "cannabis resin \u{2013} 860 grams\ncrack cocaine \u{2013} 1,943 tablets".to_string(),
            "xanax                   238 tablets and more lines of the table\ndiazepam  3.4kg"
                .to_string(),
        ] {
            assert_eq!(
                normalise(&t).matches('\n').count(),
                t.matches('\n').count(),
                "{t:?}"
            );
        }
    }

    /// A line that ends with "of", "the" or "and" leaves its phrase open:
    /// the break before the next line, capital or not and however short
    /// the line, is a wrap. "Sign in" and a full stop end a line.
    #[test]
    fn a_line_ending_in_an_open_word_is_joined() {
        let t = "\"The investigation identified suppliers protected by the Armed Forces of\nColombia (FARC),\" a statement said.";
        let n = normalise(t);
        assert_eq!(n.len(), t.len());
        assert!(!n.contains('\n'), "{n:?}");
        for t in [
            "Sign in\nPolice seize cocaine",
            "Police seized cocaine.\nOfficers said",
            "The Armed Forces of\n\nColombia",
            "Director of\nthe agency",
        ] {
            let joined = t.matches('\n').count() - normalise(t).matches('\n').count();
            assert_eq!(joined, usize::from(t.ends_with("the agency")), "{t:?}");
        }
    }

    /// A figure at a line's end and its unit of mass opening the next are
    /// one amount cut by the break; a figure before a line that opens with
    /// another word is not joined.
    #[test]
    fn a_figure_and_its_unit_on_the_next_line_are_joined() {
        for t in [
            "154 cocaine cakes seized weighing a total of over 175\nKg. The Guardia di Finanza said",
            "The haul weighed 30\nkilograms in all",
            "Police said the officers who were on duty at the harbour that night seized 25\nKilograms of cocaine.",
        ] {
            let n = normalise(t);
            assert_eq!(n.len(), t.len());
            assert!(!n.contains('\n'), "{n:?}");
        }
        for t in [
            "Seized in 2024\nKilos of cocaine found in port",
            "Operation 12\nPolice seized cocaine",
            "Total 175\n\nKg of cocaine",
        ] {
            assert_eq!(
                normalise(t).matches('\n').count(),
                t.matches('\n').count(),
                "{t:?}"
            );
        }
    }

    /// Rules' `\s` is ASCII: every character Unicode calls white space
    /// must come out of here as ASCII white space.
    #[test]
    fn every_unicode_space_becomes_ascii() {
        let re = regex::Regex::new(r"\s").unwrap();
        for c in (0u32..0x11_0000).filter_map(char::from_u32) {
            let s = c.to_string();
            if re.is_match(&s) {
                let n = normalise(&s);
                assert!(
                    n.bytes().all(|b| b.is_ascii_whitespace()),
                    "U+{:04X} stays {n:?}",
                    c as u32
                );
            }
        }
    }
}
