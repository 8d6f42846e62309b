//! Reading numbers as news text writes them: "3,492.5", "860, 000",
//! "Fifteen", "twenty-one", "half a", "a quarter of a million", "1.2".

/// Parses a number written with digits or English words. Returns `None`
/// when the text is not a number. Multipliers ("million", "bn", "crore")
/// are read by [`multiplier`] and applied by the caller, except inside a
/// number phrase made of words ("two million").
pub fn parse_number(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    // "Three (3)", "Seventy-two (72)": the digits in brackets say it.
    if let (Some(open), Some(close)) = (t.find('('), t.rfind(')')) {
        if open < close {
            return parse_number(&t[open + 1..close]);
        }
    }
    // A fraction character, alone or after a whole number: "1½", "¼".
    if let Some((whole, frac)) = vulgar_fraction(t) {
        return Some(whole + frac);
    }
    // A whole number and a fraction with a slash: "14 1/2".
    if let Some(v) = slash_fraction(t) {
        return Some(v);
    }
    if t.as_bytes()[0].is_ascii_digit() || t.starts_with('.') {
        // "4.2m pills", "1.5bn": a multiplier glued to the digits.
        if let Some(at) = t.find(|c: char| c.is_ascii_alphabetic()) {
            if let Some(m) = multiplier(&t[at..]).filter(|&m| m >= 1e3) {
                return parse_digits(&t[..at]).map(|v| v * m);
            }
        }
        // "1.2 million" reads as words after the digits.
        return parse_digits(t).or_else(|| parse_words(t));
    }
    parse_words(t)
}

/// A whole number, a space and a fraction written with a slash: "14 1/2"
/// is 14.5 (a date's "1/2" alone is no number here).
fn slash_fraction(t: &str) -> Option<f64> {
    let (whole, frac) = t.split_once(' ')?;
    let (n, d) = frac.trim_start().split_once('/')?;
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !(all_digits(whole) && all_digits(n) && all_digits(d)) {
        return None;
    }
    let (w, n, d): (f64, f64, f64) = (whole.parse().ok()?, n.parse().ok()?, d.parse().ok()?);
    (d > 0.0 && n < d).then(|| w + n / d)
}

/// The value of a vulgar fraction character the quantity piece reads
/// (½ ¼ ¾ ⅓ ⅔).
pub fn fraction_value(c: char) -> Option<f64> {
    Some(match c {
        '\u{BD}' => 0.5,
        '\u{BC}' => 0.25,
        '\u{BE}' => 0.75,
        '\u{2153}' => 1.0 / 3.0,
        '\u{2154}' => 2.0 / 3.0,
        _ => return None,
    })
}

/// A number that ends in a fraction character: its whole part (0 when
/// none) and the fraction.
fn vulgar_fraction(t: &str) -> Option<(f64, f64)> {
    let last = t.chars().next_back()?;
    let frac = fraction_value(last)?;
    let whole = t[..t.len() - last.len_utf8()].trim();
    if whole.is_empty() {
        return Some((0.0, frac));
    }
    whole
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| whole.parse().ok())
        .flatten()
        .map(|w| (w, frac))
}

/// Digits with thousands separators (comma, optionally followed by a
/// space, or a plain space between groups of three) and a decimal point.
/// The digits are gathered on the stack: a heap copy per number was most
/// of reading one.
fn parse_digits(t: &str) -> Option<f64> {
    // "8·59 kilos": a raised decimal point, as Jersey and Guernsey court
    // judgments write it.
    if let Some((int, frac)) = t.split_once('\u{b7}') {
        let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
        return (digits(int) && digits(frac))
            .then(|| parse_gathered([int, ".", frac].into_iter().flat_map(str::bytes)))
            .flatten();
    }
    // "1,5 tonnes" in European style: one comma, one or two digits after
    // it, or four digits or more before it ("2231,615kg"), or a lone zero
    // before it, which never leads a thousands group ("0,435 kg").
    if let Some((int, frac)) = t.split_once(',') {
        if !frac.contains([',', '.', ' '])
            && ((1..=2).contains(&frac.len())
                || ((int.len() >= 4 || int == "0") && frac.len() <= 3))
            && frac.bytes().all(|b| b.is_ascii_digit())
            && !int.is_empty()
            && int.bytes().all(|b| b.is_ascii_digit())
        {
            return parse_gathered([int, ".", frac].into_iter().flat_map(str::bytes));
        }
    }
    // Most numbers have no separator: no copy needed.
    // "R700‚000": some pages group thousands with a low comma (U+201A).
    if !t.contains([',', ' ', '_', '\u{201a}']) {
        return t.parse::<f64>().ok();
    }
    parse_gathered(t.split([',', ' ', '_', '\u{201a}']).flat_map(str::bytes))
}

/// Parses the bytes of a number, gathered on the stack (on the heap only
/// past 64 bytes, which no number in a news story reaches).
fn parse_gathered(bytes: impl Iterator<Item = u8> + Clone) -> Option<f64> {
    let mut buf = [0u8; 64];
    let mut len = 0;
    for b in bytes.clone() {
        let Some(slot) = buf.get_mut(len) else {
            let long: Vec<u8> = bytes.collect();
            return std::str::from_utf8(&long).ok()?.parse().ok();
        };
        *slot = b;
        len += 1;
    }
    std::str::from_utf8(&buf[..len]).ok()?.parse().ok()
}

/// The value of a multiplier word or suffix: "m" → 1e6, "crore" → 1e7.
pub fn multiplier(s: &str) -> Option<f64> {
    let w = s.trim().trim_end_matches('.');
    // Lowercased on the stack: no multiplier is longer than the room.
    let mut buf = [0u8; 16];
    let lower = buf.get_mut(..w.len())?;
    lower.copy_from_slice(w.as_bytes());
    lower.make_ascii_lowercase();
    Some(match &*lower {
        b"k" | b"thousand" | b"grand" => 1e3,
        b"m" | b"mn" | b"mln" | b"mil" | b"million" | b"millions" => 1e6,
        b"b" | b"bn" | b"bln" | b"billion" | b"billions" => 1e9,
        b"tn" | b"trillion" => 1e12,
        b"lakh" | b"lakhs" | b"lac" | b"lacs" => 1e5,
        b"crore" | b"crores" | b"cr" => 1e7,
        b"hundred" => 1e2,
        b"dozen" => 12.0,
        _ => return None,
    })
}

/// The cardinal number words, one to ninety, with their values: the one
/// list of them in the code. The gate's `number_word` class is built from
/// it, and a test checks that the `_unit_word` piece of the built-in rules
/// (which users may edit) names the same words.
pub const CARDINALS: &[(&str, f64)] = &[
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
];

fn small_word(w: &str) -> Option<f64> {
    if let Some(&(_, v)) = CARDINALS.iter().find(|(c, _)| *c == w) {
        return Some(v);
    }
    Some(match w {
        "zero" | "nil" | "no" => 0.0,
        "a" | "an" | "single" => 1.0,
        // only a rule that captures it reads it ("Both men were charged")
        "couple" | "both" => 2.0,
        "fourty" => 40.0,
        "half" => 0.5,
        "quarter" => 0.25,
        "third" => 1.0 / 3.0,
        "eighth" => 0.125,
        _ => return None,
    })
}

/// English number words: "fifteen", "twenty-one", "two hundred and six",
/// "half a", "a quarter of a million", "a dozen", "two million", "1.5 million".
fn parse_words(t: &str) -> Option<f64> {
    // "five-and-a-half" reads as "five and a half" (one pass, one string)
    let lower: String = t
        .chars()
        .map(|c| {
            if c == '-' {
                ' '
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    for (tail, part) in [
        ("and a half", 0.5),
        ("and a quarter", 0.25),
        ("and three quarters", 0.75),
    ] {
        if let Some(head) = lower.strip_suffix(tail) {
            return Some(parse_words(head)? + part);
        }
    }
    // Walked twice (counted, then read) rather than gathered in a vector.
    let words = lower
        .split(|c: char| c.is_whitespace() || c == '-' || c == ',')
        .filter(|w| !w.is_empty() && !matches!(*w, "and" | "of"));
    let count = words.clone().count();
    if count == 0 {
        return None;
    }
    // "half a", "a quarter of a": a fraction of the unit or multiplier that follows.
    let mut total = 0.0;
    let mut current = 0.0;
    let mut fraction: Option<f64> = None;
    let mut seen = false;
    for (i, w) in words.enumerate() {
        // The words are split at commas: none is left to remove.
        if let Ok(d) = w.parse::<f64>() {
            current += d;
            seen = true;
            continue;
        }
        if matches!(
            w,
            "half" | "quarter" | "third" | "eighth" | "quarters" | "thirds" | "eighths"
        ) {
            // "three quarters": the plural is that many of the fraction
            let one = small_word(w.strip_suffix('s').unwrap_or(w))?;
            fraction = Some(one * if current > 0.0 { current } else { 1.0 });
            current = 0.0;
            seen = true;
            continue;
        }
        if matches!(w, "a" | "an") {
            // "a" before a multiplier or after a fraction means one of it.
            if i + 1 == count && fraction.is_none() && !seen {
                return None;
            }
            if fraction.is_none() && current == 0.0 {
                current = 1.0;
            }
            seen = true;
            continue;
        }
        if w == "hundred" {
            current = if current == 0.0 {
                100.0
            } else {
                current * 100.0
            };
            seen = true;
            continue;
        }
        if let Some(m) = multiplier(w) {
            if let Some(f) = fraction.take() {
                current = f * m;
            } else {
                current = if current == 0.0 { m } else { current * m };
            }
            if m >= 1e3 {
                total += current;
                current = 0.0;
            }
            seen = true;
            continue;
        }
        match small_word(w) {
            Some(v) => {
                current += v;
                seen = true;
            }
            None => return None,
        }
    }
    if !seen {
        return None;
    }
    let value = total + current + fraction.unwrap_or(0.0);
    Some(value)
}

/// Formats a float without a trailing ".0" artefact of binary arithmetic:
/// rounds to 6 decimals so 0.1 * 3 reads 0.3.
pub fn tidy(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fraction characters: "1½" is 1.5, "¼" is 0.25; a letter before
    /// one is no number.
    #[test]
    fn vulgar_fractions() {
        assert_eq!(parse_number("1\u{BD}"), Some(1.5));
        assert_eq!(parse_number("\u{BC}"), Some(0.25));
        assert_eq!(parse_number("12 \u{BE}"), Some(12.75));
        assert_eq!(parse_number("a\u{BD}"), None);
    }

    /// A whole number and a slash fraction, as a weight is written: "14
    /// 1/2 pounds" had read as 2 pounds.
    #[test]
    fn slash_fractions() {
        assert_eq!(parse_number("14 1/2"), Some(14.5));
        assert_eq!(parse_number("32 3/4"), Some(32.75));
        assert_eq!(parse_number("3 4/2"), None);
        assert_eq!(parse_number("a half"), Some(0.5));
        assert_eq!(parse_number("a half-"), Some(0.5));
    }

    /// A raised decimal point between digits ("8·59"), and none after them.
    #[test]
    fn a_raised_decimal_point() {
        assert_eq!(parse_number("8\u{b7}59"), Some(8.59));
        assert_eq!(parse_number("8\u{b7}"), None);
    }

    /// "dozens" is no number (a count needs one written): "a dozen" is.
    #[test]
    fn dozens_is_no_number() {
        assert_eq!(parse_number("dozens"), None);
        assert_eq!(parse_number("a dozen"), Some(12.0));
    }

    #[test]
    fn digits() {
        assert_eq!(parse_number("3,492.5"), Some(3492.5));
        assert_eq!(parse_number("860, 000"), Some(860000.0));
        assert_eq!(parse_number("172.385"), Some(172.385));
        assert_eq!(parse_number("2,315,004,112.40"), Some(2315004112.40));
        assert_eq!(parse_number("30 000"), Some(30000.0));
        assert_eq!(parse_number("1,5"), Some(1.5));
        assert_eq!(parse_number("4,75,000"), Some(475000.0));
        assert_eq!(parse_number("2231,615"), Some(2231.615));
        assert_eq!(parse_number("0,435"), Some(0.435));
        assert_eq!(parse_number("435,000"), Some(435000.0));
        assert_eq!(parse_number("28, 585"), Some(28585.0));
    }

    #[test]
    fn words() {
        assert_eq!(parse_number("Fifteen"), Some(15.0));
        assert_eq!(parse_number("twenty-one"), Some(21.0));
        assert_eq!(parse_number("two hundred and six"), Some(206.0));
        assert_eq!(parse_number("half a"), Some(0.5));
        assert_eq!(parse_number("a quarter of a million"), Some(250000.0));
        assert_eq!(parse_number("three-quarters of a"), Some(0.75));
        assert_eq!(parse_number("Quarter of a"), Some(0.25));
        assert_eq!(parse_number("two thirds of a million"), Some(2e6 / 3.0));
        assert_eq!(parse_number("700\u{201a}000"), Some(700000.0));
        assert_eq!(parse_number("two million"), Some(2e6));
        assert_eq!(parse_number("a dozen"), Some(12.0));
        assert_eq!(parse_number("one and a half"), Some(1.5));
        assert_eq!(parse_number("five-and-a-half"), Some(5.5));
        // "5 and a quarter pounds" was a quarter of a pound.
        assert_eq!(parse_number("5 and a quarter"), Some(5.25));
        assert_eq!(parse_number("3 and a half"), Some(3.5));
        assert_eq!(parse_number("two and three quarters"), Some(2.75));
        // "an eighth of an ounce" was one ounce.
        assert_eq!(parse_number("an eighth of an"), Some(0.125));
        assert_eq!(parse_number("Seventy-two (72)"), Some(72.0));
        assert_eq!(parse_number("1.2 million"), Some(1_200_000.0));
        assert_eq!(parse_number("4.2m"), Some(4_200_000.0));
        assert_eq!(parse_number("15k"), Some(15_000.0));
        assert_eq!(parse_number("a half million"), Some(500_000.0));
        assert_eq!(parse_number("12x"), None);
        assert_eq!(
            parse_number("One Million, Two Hundred and Nine Thousand"),
            Some(1_209_000.0)
        );
        assert_eq!(parse_number("a"), None);
        assert_eq!(parse_number("cocaine"), None);
    }

    /// Numbers gathered on the stack read as the copies on the heap did,
    /// past the stack's room too.
    #[test]
    fn gathered_digits_read_as_copies_did() {
        let copy = |t: &str| {
            t.chars()
                .filter(|c| !matches!(c, ',' | ' ' | '_' | '\u{201a}'))
                .collect::<String>()
                .parse::<f64>()
                .ok()
        };
        let long = format!("1,{}", "000,".repeat(30))
            .trim_end_matches(',')
            .to_string();
        let decimals = format!("0.{}", "1 ".repeat(40));
        for t in [
            "1,000",
            "2,315,004,112.40",
            "30 000",
            "1e3 0",
            "1,000.5.5",
            &long,
            &decimals,
        ] {
            assert_eq!(parse_digits(t), copy(t), "{t}");
        }
        assert!(long.len() > 64 && parse_digits(&long).is_some());
    }

    #[test]
    fn multipliers() {
        assert_eq!(multiplier("bn"), Some(1e9));
        // Pakistani and wire headlines: "Rs 10.8 Mln", "Rs 3.2 bln".
        assert_eq!(multiplier("Mln"), Some(1e6));
        assert_eq!(multiplier("bln"), Some(1e9));
        assert_eq!(multiplier("Crore"), Some(1e7));
        assert_eq!(multiplier("kilo"), None);
        assert_eq!(multiplier(" Million. "), Some(1e6));
        assert_eq!(multiplier(&"m".repeat(40)), None);
    }
}
