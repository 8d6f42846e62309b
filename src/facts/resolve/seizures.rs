//! Seizures: a quantity and unit of a drug, the drug named in the match,
//! by the rule, or through a back-reference to one named before.

use crate::engine::Match;
use crate::record::Seizure;
use crate::rules::contract::{Field, Lex};
use crate::rules::{Kind, RuleSet};
use crate::text::numbers::tidy;
use crate::text::split::Sentence;

use super::drugs::refer;
use super::packaging::{
    drop_bracketed_conversions, drop_bracketed_packaging, drop_containers_holding_weight,
    drop_packaging_and_echoes, drop_rounded_restatements,
};
use super::units::{grams_per, provenance, quantity, unit_of};

/// What the seizure rules found, and what the later steps need of it.
#[derive(Default)]
struct Found {
    seizures: Vec<Seizure>,
    // Seizures counted in containers found by a rule marked `packaging`
    // ("packed in 13 sachets", "41 packages" of a drug named nearby).
    packaging: Vec<usize>,
    // Weights whose drug came from a back-reference ("The drugs weighed
    // 112 pounds"): they state the weight of containers counted just before.
    weighed_by_ref: Vec<usize>,
    // Quantity spans of seizures: money overlapping them ("37 pounds of") is a weight.
    weight_spans: Vec<(usize, usize)>,
}

/// The seizures of an article, in text order, and the spans of their
/// quantities (a money match inside one is a weight, not money).
pub(super) fn seizures(
    rules: &RuleSet,
    text: &str,
    sentences: &[Sentence],
    ranked: &[Match],
) -> (Vec<Seizure>, Vec<(usize, usize)>) {
    let mut found = Found::default();
    for m in ranked
        .iter()
        .filter(|m| rules.rules[m.rule].kind == Kind::Seizure)
    {
        if m.span(rules, Field::Veto).is_some() {
            continue;
        }
        let Some(amounts) = amounts(rules, text, m) else {
            continue;
        };
        let reference = reference(rules, text, m);
        let drug = match (named_drug(rules, text, m), reference) {
            (Some(d), Some(r)) if d == "unspecified" => {
                refer(rules, text, sentences, &found.seizures, m, r).or(Some(d))
            }
            (Some(d), _) => Some(d),
            (None, Some(r)) => refer(rules, text, sentences, &found.seizures, m, r),
            (None, None) => None,
        };
        let Some(drug) = drug else { continue };
        // "half a kilogram each of ketamine and methamphetamine": the
        // same amount of a second drug.
        let each = rules.rules[m.rule]
            .set
            .each
            .then(|| m.get(rules, text, Field::Drug2))
            .flatten()
            .map(|d| canonical_drug(rules, d));
        if let Some(second) = each {
            found.add(rules, text, m, &drug, amounts.clone(), false);
            found.add(rules, text, m, &second, amounts, false);
            continue;
        }
        let weighs_before = reference.is_some() || sums_up(text, sentences, m);
        found.add(rules, text, m, &drug, amounts, weighs_before);
    }
    drop_packaging_and_echoes(&mut found.seizures, &found.packaging, &found.weighed_by_ref);
    drop_bracketed_conversions(text, &mut found.seizures);
    drop_bracketed_packaging(text, &mut found.seizures);
    drop_containers_holding_weight(text, &mut found.seizures);
    drop_rounded_restatements(&mut found.seizures);
    (found.seizures, found.weight_spans)
}

impl Found {
    /// Records the seizures of one match, one per amount.
    fn add(
        &mut self,
        rules: &RuleSet,
        text: &str,
        m: &Match,
        drug: &str,
        amounts: Vec<(f64, String)>,
        by_reference: bool,
    ) {
        let rule = &rules.rules[m.rule];
        for (qf, uf) in [(Field::Qty, Field::Unit), (Field::Qty2, Field::Unit2)] {
            if let (Some(a), Some(b)) = (m.span(rules, qf), m.span(rules, uf)) {
                self.weight_spans.push((a.0.min(b.0), a.1.max(b.1)));
            }
        }
        for (q, unit) in amounts {
            let quantity = tidy(q);
            if rule.set.packaging {
                self.packaging.push(self.seizures.len());
            }
            // A running total ("bringing the total weight to 74 kg") is
            // no weight stated for the containers before it.
            if by_reference && grams_per(&unit).is_some() && !rule.set.total {
                self.weighed_by_ref.push(self.seizures.len());
            }
            self.seizures.push(Seizure {
                grams: grams_per(&unit).map(|g| tidy(quantity * g)),
                drug: drug.to_string(),
                quantity,
                unit,
                approximate: m.span(rules, Field::Approx).is_some(),
                value: None,
                provenance: provenance(rules, text, m),
            });
        }
    }
}

/// The amounts a seizure match states, or `None` when it states none.
/// Normally one amount (the first unit the text gives, else the second:
/// "four quintals (400 kg)"); a `split` rule states two ("61 packages
/// containing 123.4 pounds").
fn amounts(rules: &RuleSet, text: &str, m: &Match) -> Option<Vec<(f64, String)>> {
    let rule = &rules.rules[m.rule];
    let read = |qf: Field, uf: Field| read(rules, text, m, qf, uf);
    if countable_a(rules, text, m) || priced(rules, text, m) {
        return None;
    }
    let amounts: Vec<(f64, String)> = if rule.set.split {
        // A quantity written without its unit shares the other's: "12 and
        // 18 wraps of heroin".
        let own_or_shared = |qf, uf, other| {
            read(qf, uf).or_else(|| {
                m.span(rules, uf)
                    .is_none()
                    .then(|| read(qf, other))
                    .flatten()
            })
        };
        [
            own_or_shared(Field::Qty, Field::Unit, Field::Unit2),
            own_or_shared(Field::Qty2, Field::Unit2, Field::Unit),
        ]
        .into_iter()
        .flatten()
        .collect()
    } else if rule.set.compound {
        // "3lb 4oz", "1 kg 200 g": one weight written in two units, in
        // the first unit. Two weights that cannot be one ("3.2 kilograms
        // and 700 grams of cannabis respectively") are two amounts.
        let whole = read(Field::Qty, Field::Unit);
        let part = read(Field::Qty2, Field::Unit2);
        match compound(whole.as_ref(), part.as_ref()) {
            Some(one) => vec![one],
            None => whole.into_iter().chain(part).collect(),
        }
    } else if rule.set.multiply {
        // "ten one-kilogram packages": a count (qty2) of a weight (qty) each.
        let count = m.get(rules, text, Field::Qty2).and_then(quantity);
        read(Field::Qty, Field::Unit)
            .zip(count)
            .map(|((q, u), n)| (q * n, u))
            .into_iter()
            .collect()
    } else {
        read(Field::Qty, Field::Unit)
            .or_else(|| read(Field::Qty2, Field::Unit2))
            .into_iter()
            .collect()
    };
    (!amounts.is_empty()).then_some(amounts)
}

/// A weight written in a larger and a smaller unit, as one quantity of
/// the larger; `None` unless the larger part is whole and the smaller is
/// less than one of the larger unit ("3 kilos 250 grams", not "1 kg 2,000
/// grams" nor "3.2 kilograms and 700 grams").
fn compound(whole: Option<&(f64, String)>, part: Option<&(f64, String)>) -> Option<(f64, String)> {
    let (&(q, ref u), &(q2, ref u2)) = (whole?, part?);
    let (g, g2) = (grams_per(u)?, grams_per(u2)?);
    (q.fract() == 0.0 && q2 * g2 < g).then(|| (q + q2 * g2 / g, u.clone()))
}

/// One quantity and its unit, from the capture fields `qf` and `uf` (the
/// rule's `set.unit` when the text gives no unit).
fn read(rules: &RuleSet, text: &str, m: &Match, qf: Field, uf: Field) -> Option<(f64, String)> {
    let q = m.get(rules, text, qf).and_then(quantity)?;
    let unit = match m.get(rules, text, uf) {
        Some(u) => unit_of(rules, u)?,
        None => rules.rules[m.rule].set.unit.clone()?,
    };
    Some(match converted(&unit) {
        Some((factor, to)) => (q * factor, to.into()),
        None => (q, unit),
    })
}

/// Units of the rules that are no unit of the conventions, in one that is:
/// the Indian quintal (100 kg), the US gallon (3.785 litres: "a gallon of
/// liquid PCP").
fn converted(unit: &str) -> Option<(f64, &'static str)> {
    match unit {
        "quintal" => Some((100.0, "kg")),
        "gallon" => Some((3.785_411_784, "l")),
        _ => None,
    }
}

/// The sentence opens on "In total" (or "In all", "Altogether"): its weight
/// is that of what was counted before ("100 bricks of cocaine ... In
/// total, officers seized approximately 119 kg of cocaine"), as a weight
/// that refers back is.
fn sums_up(text: &str, sentences: &[Sentence], m: &Match) -> bool {
    let Some(s) = sentences.get(m.sentence) else {
        return false;
    };
    let opening = text[s.start..m.start.max(s.start)].trim_start();
    [
        "in total",
        "in all",
        "altogether",
        "all together",
        "all told",
    ]
    .iter()
    .any(|w| {
        opening.len() >= w.len()
            && opening.is_char_boundary(w.len())
            && opening[..w.len()].eq_ignore_ascii_case(w)
    })
}

/// The quantity is an amount of money: a currency (lexicon `currency`:
/// "£", "US$", "EUR") is written right before it ("£40,000 for the MDMA
/// pills" prices the pills). The word before the number is looked up
/// (a sign's last word: "US $" ends in "$", itself a currency).
fn priced(rules: &RuleSet, text: &str, m: &Match) -> bool {
    let (Some((s, _)), Some(currencies)) =
        (m.span(rules, Field::Qty), rules.lexicon(Lex::Currency))
    else {
        return false;
    };
    let word = text[..s]
        .trim_end_matches(' ')
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("")
        .trim_start_matches(['(', '[', '"', '\'', '\u{201C}', '\u{2018}']);
    !word.is_empty() && currencies.canonical(word).is_some()
}

/// "a package of cocaine" is not a count of packages; "a kilo" is a kilo.
fn countable_a(rules: &RuleSet, text: &str, m: &Match) -> bool {
    m.get(rules, text, Field::Qty).is_some_and(|q| {
        let q = q.trim();
        q.eq_ignore_ascii_case("a") || q.eq_ignore_ascii_case("an")
    }) && m
        .get(rules, text, Field::Unit)
        .and_then(|u| unit_of(rules, u))
        .is_some_and(|u| {
            grams_per(&u).is_none() && !matches!(u.as_str(), "ml" | "l") && converted(&u).is_none()
        })
}

/// The drug the match names (canonical in the `drug` lexicon), else the
/// rule's `set.drug`.
fn named_drug(rules: &RuleSet, text: &str, m: &Match) -> Option<String> {
    match m.get(rules, text, Field::Drug) {
        Some(d) => Some(canonical_drug(rules, d)),
        None => rules.rules[m.rule].set.drug.clone(),
    }
}

/// A drug's canonical name in the `drug` lexicon, else as written.
fn canonical_drug(rules: &RuleSet, d: &str) -> String {
    rules
        .lexicon(Lex::Drug)
        .and_then(|l| l.canonical(d))
        .unwrap_or(d)
        .to_string()
}

/// The words of a back-reference in the match: its `ref` capture, or
/// "6.3 kg of the drug", "18kg of drug": "the drug" and a bare singular
/// "drug" refer back like a `ref`.
fn reference<'t>(rules: &RuleSet, text: &'t str, m: &Match) -> Option<&'t str> {
    // Compared without case in place: lowercasing a copy of the text
    // before the drug cost an allocation per seizure.
    let ends_the = |b: &[u8]| b.len() >= 3 && b[b.len() - 3..].eq_ignore_ascii_case(b"the");
    let the_drug = m.span(rules, Field::Drug).filter(|&(s, e)| {
        let before = text[m.start..s].trim_end().as_bytes();
        let named = &text.as_bytes()[s..e];
        ends_the(before)
            || named.eq_ignore_ascii_case(b"drug")
            // an alias that is itself a back-reference: "the substance"
            || named.len() > 4 && named[..4].eq_ignore_ascii_case(b"the ")
            // a word between "the" and a name of no drug: "laced with the
            // deadly opioid", "the synthetic opioid"
            || before
                .iter()
                .rposition(|&b| b == b' ')
                .is_some_and(|sp| ends_the(before[..sp].trim_ascii_end()))
                && rules.lexicon(Lex::Drug).and_then(|l| l.canonical(&text[s..e]))
                    == Some("unspecified")
    });
    m.get(rules, text, Field::Ref)
        .or(the_drug.map(|(s, e)| &text[s..e]))
}
