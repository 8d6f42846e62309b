//! Document-level resolution: from rule matches to facts.
//!
//! Overlapping matches of one kind are ranked (longest span, then rule
//! priority, then file order); `exclude` matches veto facts inside them; a
//! quantity is linked to the drug named before it ("the drugs, weighing
//! 13.8 kg"); `$`, `Rs`, `P` take the currency of the place the article is about; a
//! money amount gets its role from the words around it; a street value is
//! attached to the seizure it prices.

use crate::rules::contract::Field;
use crate::rules::contract::Lex;
use std::cell::OnceCell;
use std::collections::{BTreeSet, HashMap, HashSet};

use crate::engine::Match;
use crate::record::{Count, Money, MoneyValue, Provenance, Seizure};
use crate::rules::{Kind, RuleSet};
use crate::text::floor_char;
use crate::text::numbers::{multiplier, parse_number, tidy};
use crate::text::split::Sentence;

/// Grams per unit, for the mass units of the gold conventions.
pub fn grams_per(unit: &str) -> Option<f64> {
    Some(match unit {
        "mg" => 0.001,
        "g" => 1.0,
        "kg" => 1000.0,
        "t" => 1_000_000.0,
        "oz" => 28.349523125,
        "lb" => 453.59237,
        _ => return None,
    })
}

/// Keeps the best of overlapping matches of each kind and drops matches
/// vetoed by an `exclude` rule. Returns the survivors in text order.
pub fn rank(rules: &RuleSet, matches: Vec<Match>) -> Vec<Match> {
    let (mut excludes, mut rest): (Vec<Match>, Vec<Match>) = matches
        .into_iter()
        .partition(|m| rules.rules[m.rule].kind == Kind::Exclude);
    // A rule with `veto_span = "free"`: a vetoed match takes no span, so
    // another rule may read the text ("drugs – 20 grams of tik").
    rest.retain(|m| {
        m.span(rules, Field::Veto).is_none()
            || rules.rules[m.rule]
                .set
                .get("veto_span")
                .is_none_or(|v| v != "free")
    });
    rest.sort_by(|a, b| {
        let (ra, rb) = (&rules.rules[a.rule], &rules.rules[b.rule]);
        b.len()
            .cmp(&a.len())
            .then(rb.priority.cmp(&ra.priority))
            .then(a.rule.cmp(&b.rule))
            .then(a.start.cmp(&b.start))
    });
    excludes.sort_by_key(|x| x.start);
    let longest_exclude = excludes.iter().map(Match::len).max().unwrap_or(0);
    let mut kept: Vec<Match> = Vec::with_capacity(rest.len());
    // Per kind, accepted spans ordered by start, for overlap checks and
    // inserts in log time (a sorted Vec's inserts made long articles
    // quadratic). Two spans share a start only when the later is empty;
    // the one before `cs` that is checked is the one with the largest end,
    // as it was in the Vec.
    let mut taken: HashMap<Kind, BTreeSet<(usize, usize)>> = HashMap::new();
    for m in rest {
        let kind = rules.rules[m.rule].kind;
        let (cs, ce) = core_span(rules, &m);
        // Excludes are sorted by start and short: only those starting
        // within `longest` bytes before this match can overlap it.
        let first = excludes.partition_point(|x| x.start + longest_exclude <= m.start);
        let vetoed = excludes[first..]
            .iter()
            .take_while(|x| x.start < m.end)
            .any(|x| {
                x.overlaps(m.start, m.end)
                    && rules.rules[x.rule]
                        .set
                        .get("suppress")
                        .is_none_or(|s| s.split(',').any(|k| k.trim() == kind.name()))
            });
        if vetoed {
            continue;
        }
        let spans = taken.entry(kind).or_default();
        let clash_before = spans
            .range(..(cs, 0))
            .next_back()
            .is_some_and(|&(_, e)| e > cs);
        let clash_after = spans.range((cs, 0)..).next().is_some_and(|&(s, _)| s < ce);
        if clash_before || clash_after {
            continue;
        }
        spans.insert((cs, ce));
        kept.push(m);
    }
    kept.sort_by_key(|m| (m.start, m.end));
    kept
}

/// The part of a match two facts of a kind may not share. For a seizure
/// it is the quantity and unit, so "24,100 fentanyl pills (weighing 2.8
/// kilograms)" gives two facts sharing the drug name; for other kinds it
/// is the whole match.
fn core_span(rules: &RuleSet, m: &Match) -> (usize, usize) {
    if rules.rules[m.rule].kind != Kind::Seizure {
        return (m.start, m.end);
    }
    [Field::Qty, Field::Unit, Field::Qty2, Field::Unit2]
        .into_iter()
        .filter_map(|f| m.span(rules, f))
        .fold(None, |acc: Option<(usize, usize)>, (s, e)| {
            Some(acc.map_or((s, e), |(a, b)| (a.min(s), b.max(e))))
        })
        .unwrap_or((m.start, m.end))
}

/// What the whole article says that single matches need.
pub struct Context<'a> {
    rules: &'a RuleSet,
    text: &'a str,
    places: OnceCell<Vec<(String, usize)>>,
}

impl<'a> Context<'a> {
    pub fn new(rules: &'a RuleSet, text: &'a str) -> Context<'a> {
        Context {
            rules,
            text,
            places: OnceCell::new(),
        }
    }

    /// The ISO code a sign whose currency depends on the place means in
    /// this article (`$`, `Rs`, `P`, "pounds": canonical names of the
    /// `local_sign` lexicon), or `None` when it means no currency here
    /// ("P25" outside the Philippines, "131 pounds" in a Jamaican story).
    /// The places are tallied at the first use: it takes a pass over the
    /// whole text, and most articles have no such sign.
    pub fn local(&self, sign: &str) -> Option<String> {
        let places = self
            .places
            .get_or_init(|| place_tally(self.rules, self.text));
        local_currency(self.rules, places, sign)
    }
}

/// What a place-dependent sign means, given the article's place tally:
/// the currency among the sign's own (lexicon `local_sign`: sign = its
/// currencies) whose places the article names most (the first named on a
/// tie); else its fallback (`sign_fallback`: currency = signs), or its
/// home currency (`sign_home`) when the article names no place of another
/// currency; else none.
fn local_currency(rules: &RuleSet, places: &[(String, usize)], sign: &str) -> Option<String> {
    let Some(signs) = rules.lexicon(Lex::LocalSign) else {
        return Some(sign.to_string());
    };
    let means = |c: &str| signs.canonical(c) == Some(sign);
    let best = places
        .iter()
        .filter(|(c, _)| means(c))
        .max_by(|a, b| a.1.cmp(&b.1).then(std::cmp::Ordering::Greater));
    if let Some((c, _)) = best {
        return Some(c.clone());
    }
    if let Some(c) = rules
        .lexicon(Lex::SignFallback)
        .and_then(|l| l.canonical(sign))
    {
        return Some(c.to_string());
    }
    let home = rules
        .lexicon(Lex::SignHome)
        .and_then(|l| l.canonical(sign))?;
    places.is_empty().then(|| home.to_string())
}

/// How often the article names the places of each currency (lexicon
/// `currency_place`), in the order the currencies are first named.
fn place_tally(rules: &RuleSet, text: &str) -> Vec<(String, usize)> {
    let (Some(re), Some(lex)) = (
        rules.lexicon_regex(Lex::CurrencyPlace),
        rules.lexicon(Lex::CurrencyPlace),
    ) else {
        return Vec::new();
    };
    let mut tally: Vec<(String, usize)> = Vec::new();
    // An article names the same few places again and again: their look-ups
    // (which allocate) are remembered, up to a few dozen so the search
    // stays short.
    let mut seen: Vec<(&str, Option<&str>)> = Vec::new();
    for m in re.find_iter(text) {
        let place = m.as_str();
        let canonical = match seen.iter().find(|(p, _)| *p == place) {
            Some(&(_, c)) => c,
            None => {
                let c = lex.canonical(place);
                if seen.len() < 32 {
                    seen.push((place, c));
                }
                c
            }
        };
        if let Some(c) = canonical {
            match tally.iter_mut().find(|(k, _)| k == c) {
                Some(e) => e.1 += 1,
                None => tally.push((c.to_string(), 1)),
            }
        }
    }
    tally
}

fn provenance(rules: &RuleSet, text: &str, m: &Match) -> Provenance {
    Provenance {
        text: text[m.start..m.end].to_string(),
        span: [m.start, m.end],
        sentence: m.sentence,
        rule: rules.rules[m.rule].id.clone(),
    }
}

/// A quantity: a number, or "a"/"an" for one.
fn quantity(s: &str) -> Option<f64> {
    let lower = s.trim().to_ascii_lowercase();
    // "20-plus", "20+": the number stated.
    let t = lower
        .trim_end_matches('+')
        .trim_end_matches("plus")
        .trim_end_matches([' ', '-']);
    match t {
        "a" | "an" | "one" => Some(1.0),
        _ => parse_number(t),
    }
}

/// Builds seizures, money and counts from ranked matches.
pub struct Facts {
    pub seizures: Vec<Seizure>,
    pub cash: Vec<Money>,
    pub counts: Vec<Count>,
}

pub fn facts(
    rules: &RuleSet,
    text: &str,
    sentences: &[Sentence],
    ranked: &[Match],
    ctx: &Context,
) -> Facts {
    let drugs = rules.lexicon(Lex::Drug);
    let unit_of = |t: &str| {
        [Lex::MassUnit, Lex::CountUnit]
            .iter()
            .find_map(|&l| rules.lexicon(l).and_then(|x| x.canonical(t)))
            .map(str::to_string)
    };
    let mut seizures: Vec<Seizure> = Vec::new();
    // Seizures counted in containers found by a rule marked `packaging`
    // ("packed in 13 sachets", "41 packages" of a drug named nearby).
    let mut packaging: Vec<usize> = Vec::new();
    // Weights whose drug came from a back-reference ("The drugs weighed
    // 112 pounds"): they state the weight of containers counted just before.
    let mut weighed_by_ref: Vec<usize> = Vec::new();
    // Quantity spans of seizures: money overlapping them ("37 pounds of") is a weight.
    let mut weight_spans: Vec<(usize, usize)> = Vec::new();
    for m in ranked
        .iter()
        .filter(|m| rules.rules[m.rule].kind == Kind::Seizure)
    {
        let rule = &rules.rules[m.rule];
        if m.span(rules, Field::Veto).is_some() {
            continue;
        }
        let read = |qf: Field, uf: Field| -> Option<(f64, String)> {
            let q = m.get(rules, text, qf).and_then(quantity)?;
            let unit = match m.get(rules, text, uf) {
                Some(u) => unit_of(u)?,
                None => rule.set.get("unit").cloned()?,
            };
            // A quintal (100 kg) is no unit of the conventions: in kilograms.
            if unit == "quintal" {
                return Some((q * 100.0, "kg".into()));
            }
            Some((q, unit))
        };
        // Normally one amount (the first unit the text gives, else the
        // second: "four quintals (400 kg)"); a `split` rule states two
        // ("61 packages containing 123.4 pounds").
        // "a package of cocaine" is not a count of packages; "a kilo" is a kilo.
        let countable_a = |qf: Field, uf: Field| {
            m.get(rules, text, qf)
                .is_some_and(|q| matches!(q.trim().to_ascii_lowercase().as_str(), "a" | "an"))
                && m.get(rules, text, uf).and_then(&unit_of).is_some_and(|u| {
                    grams_per(&u).is_none() && !matches!(u.as_str(), "ml" | "l" | "quintal")
                })
        };
        if countable_a(Field::Qty, Field::Unit) {
            continue;
        }
        let amounts: Vec<(f64, String)> = if rule.set.contains_key("split") {
            [
                read(Field::Qty, Field::Unit),
                read(Field::Qty2, Field::Unit2),
            ]
            .into_iter()
            .flatten()
            .collect()
        } else if rule.set.get("multiply").is_some_and(|v| v == "yes") {
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
        if amounts.is_empty() {
            continue;
        }
        let drug = match m.get(rules, text, Field::Drug) {
            Some(d) => Some(drugs.and_then(|l| l.canonical(d)).unwrap_or(d).to_string()),
            None => rule.set.get("drug").cloned(),
        };
        // "6.3 kg of the drug", "18kg of drug": "the drug" and a bare
        // singular "drug" refer back like a `ref`.
        let the_drug = m.span(rules, Field::Drug).filter(|&(s, e)| {
            text[m.start..s]
                .to_ascii_lowercase()
                .trim_end()
                .ends_with("the")
                || text[s..e].eq_ignore_ascii_case("drug")
        });
        let reference = m
            .get(rules, text, Field::Ref)
            .or(the_drug.map(|(s, e)| &text[s..e]));
        let drug = match (drug, reference) {
            (Some(d), Some(r)) if d == "unspecified" => {
                refer(rules, text, sentences, &seizures, m, r, &unit_of).or(Some(d))
            }
            (Some(d), _) => Some(d),
            (None, Some(r)) => refer(rules, text, sentences, &seizures, m, r, &unit_of),
            (None, None) => None,
        };
        let Some(drug) = drug else { continue };
        for (qf, uf) in [(Field::Qty, Field::Unit), (Field::Qty2, Field::Unit2)] {
            if let (Some(a), Some(b)) = (m.span(rules, qf), m.span(rules, uf)) {
                weight_spans.push((a.0.min(b.0), a.1.max(b.1)));
            }
        }
        for (q, unit) in amounts {
            let quantity = tidy(q);
            if rule.set.get("packaging").is_some_and(|v| v == "yes") {
                packaging.push(seizures.len());
            }
            if reference.is_some() && grams_per(&unit).is_some() {
                weighed_by_ref.push(seizures.len());
            }
            seizures.push(Seizure {
                grams: grams_per(&unit).map(|g| tidy(quantity * g)),
                drug: drug.clone(),
                quantity,
                unit,
                approximate: m.span(rules, Field::Approx).is_some(),
                value: None,
                provenance: provenance(rules, text, m),
            });
        }
    }

    drop_packaging_and_echoes(&mut seizures, &packaging, &weighed_by_ref);

    let currencies = rules.lexicon(Lex::Currency);
    let mut cash: Vec<Money> = Vec::new();
    // Sorted by start, with the longest length: the spans a match can
    // overlap are found by binary search, not by a scan of all of them.
    weight_spans.sort_unstable();
    let longest_weight = weight_spans.iter().map(|&(s, e)| e - s).max().unwrap_or(0);
    for m in ranked
        .iter()
        .filter(|m| rules.rules[m.rule].kind == Kind::Money)
    {
        let first = weight_spans.partition_point(|&(s, _)| s + longest_weight <= m.start);
        if weight_spans[first..]
            .iter()
            .take_while(|&&(s, _)| s < m.end)
            .any(|&(s, e)| m.overlaps(s, e))
        {
            continue;
        }
        if m.span(rules, Field::Veto).is_some() {
            continue;
        }
        let mult = m.get(rules, text, Field::Mult).and_then(multiplier);
        let mult2 = m
            .get(rules, text, Field::Mult2)
            .and_then(multiplier)
            .or(mult);
        // A range ("between 30,000 and 40,000 euros") gives two amounts.
        let amounts = [(Field::Amount, mult), (Field::Amount2, mult2)]
            .into_iter()
            .filter_map(|(field, k)| {
                m.get(rules, text, field)
                    .and_then(parse_number)
                    .map(|a| a * k.unwrap_or(1.0))
            })
            .collect::<Vec<f64>>();
        if amounts.is_empty() {
            continue;
        }
        let cur_text = m
            .get(rules, text, Field::Cur)
            .or_else(|| m.get(rules, text, Field::Cur2))
            .unwrap_or("");
        let cur = currencies
            .and_then(|l| l.canonical(cur_text))
            .or_else(|| {
                rules
                    .lexicon(Lex::CurrencyWord)
                    .and_then(|l| l.canonical(cur_text))
            })
            .or_else(|| {
                rules
                    .lexicon(Lex::CurrencySign)
                    .and_then(|l| l.canonical(cur_text))
            })
            .map(str::to_string)
            .or_else(|| rules.rules[m.rule].set.get("currency").cloned());
        let Some(mut currency) = cur else { continue };
        if rules
            .lexicon(Lex::LocalSign)
            .is_some_and(|l| l.entries.iter().any(|(c, _)| *c == currency))
        {
            match ctx.local(&currency) {
                Some(c) => currency = c,
                None => continue,
            }
        }
        let role = rules.rules[m.rule]
            .set
            .get("role")
            .cloned()
            .unwrap_or_else(|| {
                // Cues are judged around the amount itself, not the "worth an
                // estimated" the match may have taken in.
                let core = [Field::Cur, Field::Amount, Field::Cur2, Field::Amount2]
                    .into_iter()
                    .filter_map(|f| m.span(rules, f))
                    .fold((m.end, m.start), |(a, b), (s, e)| (a.min(s), b.max(e)));
                let (s, e) = if core.0 < core.1 {
                    core
                } else {
                    (m.start, m.end)
                };
                if prices_a_drug(rules, text, &sentences[m.sentence], m.end) {
                    "value".into()
                } else {
                    money_role(rules, text, &sentences[m.sentence], s, e)
                }
            });
        for amount in amounts {
            cash.push(Money {
                amount: tidy(amount),
                currency: currency.clone(),
                role: role.clone(),
                approximate: m.span(rules, Field::Approx).is_some(),
                provenance: provenance(rules, text, m),
            });
        }
    }

    // A value stated in the same sentence after a seizure prices it.
    // Seizures are in text order: the one just before the amount is found
    // by binary search, so this stays linear on huge one-sentence inputs.
    for money in cash.iter().filter(|c| c.role == "value") {
        let before = seizures.partition_point(|s| s.provenance.span[0] < money.provenance.span[0]);
        let Some(s) = before.checked_sub(1).map(|i| &mut seizures[i]) else {
            continue;
        };
        if s.provenance.sentence == money.provenance.sentence && s.value.is_none() {
            s.value = Some(MoneyValue {
                amount: money.amount,
                currency: money.currency.clone(),
            });
        }
    }

    let nouns = rules.lexicon(Lex::CountNoun);
    let mut counts = Vec::new();
    for m in ranked
        .iter()
        .filter(|m| rules.rules[m.rule].kind == Kind::Count)
    {
        if m.span(rules, Field::Veto).is_some() {
            continue;
        }
        // "17 vulnerable adults and 11 children safeguarded" states two counts.
        let values: Vec<f64> = [Field::Count, Field::Count2]
            .into_iter()
            .filter_map(|f| m.get(rules, text, f).and_then(parse_number))
            .filter(|v| *v > 0.0 && v.fract() == 0.0)
            .collect();
        let Some(&value) = values.first() else {
            continue;
        };
        // "a Glock 17 pistol", "an AR-15 rifle": a number before a singular noun is a model, not a count.
        let what = match rules.rules[m.rule].set.get("what") {
            Some(w) => w.clone(),
            None => match m.get(rules, text, Field::What).and_then(|w| {
                nouns
                    .and_then(|l| l.canonical(w))
                    .or_else(|| rules.lexicon(Lex::CountVerb).and_then(|l| l.canonical(w)))
            }) {
                Some(w) => w.to_string(),
                None => continue,
            },
        };
        if let Some(noun) = m.get(rules, text, Field::What) {
            let n = noun.to_ascii_lowercase();
            let thing = matches!(
                what.as_str(),
                "weapons" | "firearms" | "phones" | "vehicles" | "networks"
            );
            if thing && value > 1.0 && !n.ends_with('s') {
                continue;
            }
        }
        // "Nine people were arrested and charged" states one number for two
        // kinds: the rule names the second one in `set.also`.
        let also = rules.rules[m.rule].set.get("also");
        for value in values {
            for what in std::iter::once(&what).chain(also) {
                counts.push(Count {
                    what: what.clone(),
                    value,
                    provenance: provenance(rules, text, m),
                });
            }
        }
    }
    drop_breakdowns(rules, text, sentences, &mut counts);
    Facts {
        seizures,
        cash,
        counts,
    }
}

/// Drops container counts that only package a weighed seizure of the
/// same drug ("18.72 kg of cocaine ... hidden in nine plastic bags": one
/// seizure, by its weight), and a quantity of unnamed drugs that repeats
/// a named seizure ("2,300 kg of ganja ... 2,300 kgs of narcotic
/// substances").
///
/// Also drops bags, packages and wraps of one drug counted in the sentence
/// before (or earlier in the same one) a weight that refers back to them
/// ("45 bags of suspected cocaine ... The drugs weighed 112 pounds"): the
/// weight is stated for them, so they are its packaging. Not when that
/// stretch counts more than one drug ("53 packages of cocaine and one of
/// heroin ... combined weight 131 pounds").
fn drop_packaging_and_echoes(
    seizures: &mut Vec<Seizure>,
    packaging: &[usize],
    weighed_by_ref: &[usize],
) {
    // Every look-up below is a set or a sorted list, not a scan of all
    // seizures per seizure: a huge article stays linear.
    let mut drop = vec![false; seizures.len()];
    for &w in weighed_by_ref {
        let ws = &seizures[w];
        // Seizures are in text order: those of this sentence and the one
        // before come right before `w`.
        let near: Vec<usize> = (0..w)
            .rev()
            .take_while(|&i| seizures[i].provenance.sentence + 1 >= ws.provenance.sentence)
            .filter(|&i| seizures[i].provenance.span[0] < ws.provenance.span[0])
            .collect();
        let container = |s: &Seizure| matches!(s.unit.as_str(), "bag" | "package" | "wrap");
        if !near.is_empty()
            && near
                .iter()
                .all(|&i| container(&seizures[i]) && seizures[i].drug == ws.drug)
        {
            near.into_iter().for_each(|i| drop[i] = true);
        }
    }
    let weighed: HashSet<&str> = seizures
        .iter()
        .filter(|s| s.grams.is_some())
        .map(|s| s.drug.as_str())
        .collect();
    for &i in packaging {
        if weighed.contains(seizures[i].drug.as_str()) {
            drop[i] = true;
        }
    }
    // Quantities of named drugs by unit, sorted, for the echoes.
    let mut named: HashMap<&str, Vec<f64>> = HashMap::new();
    for s in seizures.iter().filter(|s| s.drug != "unspecified") {
        named.entry(s.unit.as_str()).or_default().push(s.quantity);
    }
    named.values_mut().for_each(|v| v.sort_by(f64::total_cmp));
    let echoes = |s: &Seizure| {
        let Some(v) = named.get(s.unit.as_str()) else {
            return false;
        };
        // Within 3% of each other; the window is a little wider than that
        // and the test itself is exact.
        let q = s.quantity;
        v[v.partition_point(|x| *x < q * 0.96)..]
            .iter()
            .take_while(|x| **x <= q * 1.04)
            .any(|x| (q - x).abs() <= 0.03 * q.max(*x))
    };
    for (i, s) in seizures.iter().enumerate() {
        if s.drug == "unspecified" && echoes(s) {
            drop[i] = true;
        }
    }
    let mut keep = drop.iter().map(|d| !d);
    seizures.retain(|_| keep.next().unwrap_or(true));
}

/// The drug a back-reference means. "the tablets": the drug of the last
/// seizure counted in tablets, within three sentences. A rule with
/// `ref_scope = "sentence"` (a bare "54 kilos") takes the drug of the
/// nearest seizure or drug name before it in the same sentence, and gives
/// no fact without one. Otherwise the last drug named in this sentence or
/// the three before, else "unspecified".
fn refer(
    rules: &RuleSet,
    text: &str,
    sentences: &[Sentence],
    seizures: &[Seizure],
    m: &Match,
    reference: &str,
    unit_of: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    if let Some(ref_unit) = reference.split_whitespace().last().and_then(unit_of) {
        let found = seizures
            .iter()
            .rev()
            .take(50)
            .take_while(|s| s.provenance.sentence + 3 >= m.sentence)
            .find(|s| s.unit == ref_unit)
            .map(|s| s.drug.clone());
        if found.is_some() {
            return found;
        }
    }
    if rules.rules[m.rule]
        .set
        .get("ref_scope")
        .is_some_and(|s| s == "sentence")
    {
        let from = sentences[m.sentence].start;
        let named = drug_before(rules, text, sentences, m.start, m.sentence, 0);
        let counted = seizures
            .iter()
            .rev()
            .take(50)
            .find(|s| s.provenance.sentence == m.sentence && s.provenance.span[0] >= from)
            .map(|s| (s.provenance.span[0], s.drug.clone()));
        // A seizure counted earlier in the sentence beats a drug merely
        // named ("11,850 fentanyl pills pressed to resemble Percocet
        // tablets (weighing about 1.4 kilograms)").
        return counted.or(named).map(|x| x.1);
    }
    let named = drug_before(rules, text, sentences, m.start, m.sentence, 3);
    if rules.rules[m.rule]
        .set
        .get("ref_scope")
        .is_some_and(|s| s == "near")
    {
        // Before it, else later in the same sentence; never "unspecified".
        return named
            .map(|(_, d)| d)
            .or_else(|| drug_after(rules, text, &sentences[m.sentence], m.end));
    }
    // "53 packages of cocaine and one of heroin. The drugs weighed 131
    // pounds": a weight of "the drugs" after a list takes the first drug
    // of the list (the mixture convention): the first drug named in the
    // run of sentences of one paragraph naming drugs that ends with the
    // last one named.
    let lower = reference.to_ascii_lowercase();
    let plural = ["drugs", "narcotics", "substances"]
        .iter()
        .any(|w| lower.contains(w));
    let before = named.map(|(pos, d)| {
        if !plural {
            return d;
        }
        let mut i = sentences.partition_point(|s| s.end <= pos);
        if i >= sentences.len() {
            return d;
        }
        let mut first = drug_after(rules, text, &sentences[i], sentences[i].start);
        let paragraph = sentences[i].paragraph;
        while i > 0 && i + 3 > m.sentence && sentences[i - 1].paragraph == paragraph {
            match drug_after(rules, text, &sentences[i - 1], sentences[i - 1].start) {
                Some(earlier) => {
                    first = Some(earlier);
                    i -= 1;
                }
                None => break,
            }
        }
        first.unwrap_or(d)
    });
    // "the drug, which weighed 58.81 kilogrammes" far from the name: the
    // one drug the article has named before, if it named only one.
    before
        .or_else(|| only_drug_before(rules, text, m.start))
        .or_else(|| Some("unspecified".into()))
}

/// The drug named before `pos` when the text before names exactly one.
fn only_drug_before(rules: &RuleSet, text: &str, pos: usize) -> Option<String> {
    let re = rules.lexicon_regex(Lex::Drug)?;
    let lex = rules.lexicon(Lex::Drug)?;
    let from = floor_char(text, pos.saturating_sub(20_000));
    let mut only: Option<&str> = None;
    for m in re.find_iter(&text[from..pos]) {
        match lex.canonical(m.as_str()) {
            Some("unspecified") | None => {}
            Some(c) if only.is_none_or(|o| o == c) => only = Some(c),
            Some(_) => return None,
        }
    }
    only.map(str::to_string)
}

/// The first drug named after `pos` in the sentence.
fn drug_after(rules: &RuleSet, text: &str, sentence: &Sentence, pos: usize) -> Option<String> {
    let re = rules.lexicon_regex(Lex::Drug)?;
    let lex = rules.lexicon(Lex::Drug)?;
    let end = floor_char(text, sentence.end.min(pos + 1500)).max(pos);
    re.find_iter(&text[pos..end])
        .filter_map(|m| lex.canonical(m.as_str()))
        .find(|c| *c != "unspecified")
        .map(str::to_string)
}

/// The last drug named before `pos`, in this sentence or the `back` before
/// it, skipping the generic "drugs", with where it was named.
fn drug_before(
    rules: &RuleSet,
    text: &str,
    sentences: &[Sentence],
    pos: usize,
    sentence: usize,
    back: usize,
) -> Option<(usize, String)> {
    let re = rules.lexicon_regex(Lex::Drug)?;
    let lex = rules.lexicon(Lex::Drug)?;
    // Bounded, so a huge sentence without full stops stays linear.
    let from = sentences[sentence.saturating_sub(back)]
        .start
        .max(floor_char(text, pos.saturating_sub(1500)));
    let mut last = None;
    for m in re.find_iter(&text[from..pos]) {
        if let Some(c) = lex.canonical(m.as_str()) {
            if c != "unspecified" {
                last = Some((from + m.start(), c.to_string()));
            }
        }
    }
    last
}

/// "£1.5 million of cocaine", "£20,000 worth of heroin": the amount right
/// before `pos` is the value of a drug.
fn prices_a_drug(rules: &RuleSet, text: &str, sentence: &Sentence, pos: usize) -> bool {
    let Some(drug) = rules.lexicon_regex(Lex::Drug) else {
        return false;
    };
    let after = &text[pos..floor_char(text, (pos + 60).min(sentence.end)).max(pos)];
    let rest = after.trim_start();
    let rest = rest
        .strip_prefix("worth")
        .map(str::trim_start)
        .unwrap_or(rest);
    if let Some(r) = rest.strip_prefix("of ") {
        return drug.find(r).is_some_and(|m| m.start() <= 30);
    }
    // Headline style: "$1.2m in marijuana", "£48m cocaine plot", "$4.6
    // million in drugs seized", "(TT $64 m) in illegal drugs": the drug
    // word comes right after the amount.
    // The same amount restated in brackets: "sixty million dollars (TT $60m)".
    let rest = match rest
        .strip_prefix('(')
        .and_then(|r| r.find(')').map(|i| &r[i..]))
    {
        Some(r) if r.len() + 40 >= rest.len() => r,
        _ => rest,
    };
    let rest = rest.strip_prefix(')').map(str::trim_start).unwrap_or(rest);
    let rest = rest.strip_prefix("in ").unwrap_or(rest);
    let rest = ["illegal ", "suspected ", "seized "]
        .iter()
        .find_map(|w| rest.strip_prefix(w))
        .unwrap_or(rest);
    drug.find(rest).is_some_and(|m| {
        // "drug money", "drug proceeds" are cash, not a drug's value.
        let next = rest[m.end()..].trim_start();
        m.start() == 0
            && !["money", "proceeds", "cash", "funds"]
                .iter()
                .any(|w| next.starts_with(w))
    })
}

/// The role of a money amount from the cue words nearest to it in its
/// sentence (lexicon `money_role`): `seized`, `value` or `other`.
fn money_role(
    rules: &RuleSet,
    text: &str,
    sentence: &Sentence,
    start: usize,
    end: usize,
) -> String {
    let (Some(re), Some(lex)) = (
        rules.lexicon_regex(Lex::MoneyRole),
        rules.lexicon(Lex::MoneyRole),
    ) else {
        return "other".into();
    };
    let win_start = floor_char(text, start.saturating_sub(80).max(sentence.start));
    let win_end = floor_char(text, (end + 40).min(sentence.end));
    let mut best: Option<(usize, &str)> = None;
    for m in re.find_iter(&text[win_start..win_end]) {
        let (s, e) = (win_start + m.start(), win_start + m.end());
        if s < end && start < e {
            continue;
        }
        // Words after the amount bind tighter ("£500 in cash", "£40 per
        // gram"), except a cue right before it ("a street value of £250,000",
        // "worth in excess of £860,000": a few plain words between count as
        // adjacent).
        let dist = if e <= start {
            let gap = &text[e..start];
            let plain = gap.len() <= 30
                && gap.split_whitespace().count() <= 4
                && gap.char_indices().all(|(i, c)| {
                    // A comma only inside a number: ", and" starts a new clause.
                    let in_number = (c == ',' || c == '.')
                        && gap[i + 1..].starts_with(|d: char| d.is_ascii_digit());
                    c.is_alphanumeric() || c == ' ' || "$£€".contains(c) || in_number
                });
            if start - e <= 3 {
                0
            } else if plain {
                // Nearer cues win: "the seized ganja is worth over Rs 1 crore".
                match gap.split_whitespace().count() {
                    0 | 1 => 1,
                    n => 1 + n,
                }
            } else {
                start - e
            }
        } else {
            (s - end) / 2 + 1
        };
        // Right after the amount, or after its multiplier ("$1 million or more").
        let adjacent_after = s >= end && {
            let gap = text[end..s].trim();
            gap.len() <= 8 && !gap.contains(' ') && gap.bytes().all(|b| b.is_ascii_alphabetic())
        };
        // Only a cue that could win needs its lexicon look-up (which allocates).
        if !best.is_none_or(|(d, _)| dist < d || adjacent_after) {
            continue;
        }
        // "neutral" cues only stop a shorter cue inside them ("to the value
        // of" is not a street value). A qualifier right after the amount
        // ("€13,000 or more", "€200 an ounce") outranks a cue before it.
        let (role, qualifier) = match lex.canonical(m.as_str()) {
            None | Some("neutral") => continue,
            Some("other_after") => ("other", true),
            Some(role) => (role, false),
        };
        if best.is_none_or(|(d, _)| dist < d || (adjacent_after && qualifier)) {
            best = Some((if qualifier && adjacent_after { 0 } else { dist }, role));
        }
    }
    best.map(|(_, r)| r.to_string())
        .unwrap_or_else(|| "other".into())
}

/// Cue words of the lexicon `count_cue` in `text[from..to]`, as their
/// canonical names (`part_of`, `added_to`, `approximately`).
fn count_cues<'a>(rules: &'a RuleSet, text: &str, from: usize, to: usize) -> Vec<&'a str> {
    let (Some(re), Some(lex)) = (
        rules.lexicon_regex(Lex::CountCue),
        rules.lexicon(Lex::CountCue),
    ) else {
        return Vec::new();
    };
    let (from, to) = (floor_char(text, from), floor_char(text, to));
    re.find_iter(&text[from..to.max(from)])
        .filter_map(|m| lex.canonical(m.as_str()))
        .collect()
}

/// Counts are the totals an article states: a figure that only breaks a
/// stated total down is dropped (gold conventions). A count goes when
/// - an approximate figure ("more than 200 arrests") is restated exactly
///   nearby ("206 arrests"): the exact one is kept;
/// - it is announced as a part ("including 12 rifles", "Among the arrestees
///   are 638 ...") of a larger count of its kind stated before it;
/// - it is a small incident-level figure (lexicon-free: at most five) in a
///   later sentence than a larger total of its kind ("45 people arrested"
///   ... "two men were arrested at an address in Dover"),
///
/// unless words of addition ("a further", "another", "other") go with it.
fn drop_breakdowns(rules: &RuleSet, text: &str, sentences: &[Sentence], counts: &mut Vec<Count>) {
    const SMALL: f64 = 5.0;
    let mut order: Vec<usize> = (0..counts.len()).collect();
    order.sort_by_key(|&i| counts[i].provenance.span[0]);
    let cues: Vec<Vec<&str>> = counts
        .iter()
        .map(|c| {
            let [s, e] = c.provenance.span;
            let from = sentences
                .get(c.provenance.sentence)
                .map_or(0, |x| x.start)
                .max(s.saturating_sub(80));
            let mut cues: Vec<&str> = count_cues(rules, text, from, s)
                .into_iter()
                .filter(|c| *c != "approximately")
                .collect();
            cues.extend(
                count_cues(rules, text, s, e)
                    .into_iter()
                    .filter(|c| *c == "added_to"),
            );
            // Only the words right before a figure make it approximate.
            if count_cues(rules, text, s.saturating_sub(24).max(from), e).contains(&"approximately")
            {
                cues.push("approximately");
            }
            cues
        })
        .collect();
    let mut exact: HashMap<&str, Vec<f64>> = HashMap::new();
    for (c, cue) in counts.iter().zip(&cues) {
        if !cue.contains(&"approximately") {
            exact.entry(c.what.as_str()).or_default().push(c.value);
        }
    }
    for v in exact.values_mut() {
        v.sort_by(f64::total_cmp);
    }
    let mut drop = vec![false; counts.len()];
    // The largest earlier figure of each kind, over all earlier counts and
    // over those of earlier sentences only.
    let mut before: HashMap<&str, (f64, f64, usize)> = HashMap::new();
    for &i in &order {
        let c = &counts[i];
        let cue = &cues[i];
        if cue.contains(&"approximately") {
            let restated = exact.get(c.what.as_str()).is_some_and(|v| {
                // "more than 30" may be restated as 34, but a rounded figure
                // is never far above the precise one: "almost 600" is not
                // restated by a part of it ("500 men and 86 women")
                let lo = v.partition_point(|x| *x < c.value * 0.9);
                v[lo..]
                    .iter()
                    .take_while(|x| **x <= c.value * 1.25)
                    .any(|x| *x != c.value)
            });
            drop[i] = restated;
        }
        let entry = before
            .entry(c.what.as_str())
            .or_insert((0.0, 0.0, usize::MAX));
        // Every figure seen so far is of an earlier sentence once a later
        // sentence is reached.
        if entry.2 != c.provenance.sentence {
            entry.1 = entry.0;
            entry.2 = c.provenance.sentence;
        }
        let (any_max, earlier_sentence_max, _) = *entry;
        if !cue.contains(&"added_to") {
            if cue.contains(&"part_of") && any_max > c.value {
                drop[i] = true;
            }
            if c.value <= SMALL && earlier_sentence_max > c.value {
                drop[i] = true;
            }
        }
        if drop[i] {
            continue;
        }
        entry.0 = entry.0.max(c.value);
    }
    let mut keep = drop.iter().map(|d| !d);
    counts.retain(|_| keep.next().unwrap_or(true));
}

#[cfg(test)]
mod tests {
    use crate::record::Record;
    use crate::rules::RuleSet;
    use crate::Extractor;
    use std::sync::OnceLock;

    fn extract(text: &str) -> Record {
        static EX: OnceLock<Extractor> = OnceLock::new();
        EX.get_or_init(|| Extractor::new(RuleSet::builtin().expect("built-in rules load")))
            .extract("-", text)
    }

    fn cash(text: &str) -> Vec<(f64, String, String, bool)> {
        extract(text)
            .cash
            .into_iter()
            .map(|m| (m.amount, m.currency, m.role, m.approximate))
            .collect()
    }

    /// Grams per unit, against the international definitions written out
    /// here (1 lb = 453.59237 g, 1 oz = 1/16 lb), not the table under test.
    #[test]
    fn unit_factors_give_grams() {
        let rec = extract(
            "Police seized 2 pounds of cocaine, 3 ounces of heroin, 1.5 tonnes of cannabis, 4kg of khat and 250mg of fentanyl.",
        );
        let got: Vec<(String, Option<f64>)> = rec
            .seizures
            .iter()
            .map(|s| (s.unit.clone(), s.grams))
            .collect();
        let lb = 453.59237;
        let want = [
            ("lb", 2.0 * lb),
            ("oz", 3.0 * lb / 16.0),
            ("t", 1.5e6),
            ("kg", 4000.0),
            ("mg", 0.25),
        ];
        assert_eq!(got.len(), want.len(), "{got:?}");
        for ((unit, grams), (wu, wg)) in got.iter().zip(want) {
            assert_eq!(unit, wu);
            let g = grams.expect("a mass has grams");
            assert!((g - wg).abs() < 1e-3, "{unit}: {g} g, want {wg}");
        }
        // Counted units have no mass.
        let rec = extract("Officers found 30 pills of MDMA and 12 cannabis plants.");
        assert!(
            rec.seizures.iter().all(|s| s.grams.is_none()),
            "{:?}",
            rec.seizures
        );
    }

    /// Each currency sign and multiplier word to its ISO code and amount.
    #[test]
    fn currency_symbols_and_multiplier_words() {
        let got = cash(
            "Officers found J$40,000, TT$1.2m, US$13,500, Rs 5 lakh, ₹2 crore, €2bn, £5k and two million pounds.",
        );
        let want: Vec<(f64, &str)> = vec![
            (40_000.0, "JMD"),
            (1_200_000.0, "TTD"),
            (13_500.0, "USD"),
            (500_000.0, "INR"),
            (20_000_000.0, "INR"),
            (2_000_000_000.0, "EUR"),
            (5_000.0, "GBP"),
            (2_000_000.0, "GBP"),
        ];
        let got: Vec<(f64, &str)> = got.iter().map(|c| (c.0, c.1.as_str())).collect();
        assert_eq!(got, want);
    }

    /// A bare `$` takes the dollar of the place the article is about.
    #[test]
    fn dollar_by_place() {
        let cur = |t: &str| cash(t).into_iter().map(|c| c.1).collect::<Vec<_>>();
        assert_eq!(
            cur("Kingston police seized $5 million. The Jamaica Constabulary Force said."),
            ["JMD"]
        );
        assert_eq!(
            cur("Sydney: NSW Police seized $5 million in cash."),
            ["AUD"]
        );
        assert_eq!(cur("Police in Ohio seized $5,000 in cash."), ["USD"]);
    }

    #[test]
    fn approximate_flags() {
        let rec = extract(
            "About 2kg of cocaine and 3kg of heroin were found with more than £30,000 and £500.",
        );
        let seized: Vec<bool> = rec.seizures.iter().map(|s| s.approximate).collect();
        assert_eq!(seized, [true, false]);
        let money: Vec<bool> = rec.cash.iter().map(|m| m.approximate).collect();
        assert_eq!(money, [true, false]);
    }

    /// The role of an amount from the words around it.
    #[test]
    fn money_roles() {
        let cases = [
            ("Officers seized £30,000 in cash.", "seized"),
            (
                "Cannabis with a street value of £250,000 was found.",
                "value",
            ),
            ("Police seized drugs worth in excess of £860,000.", "value"),
            ("The pair were fined £500 each.", "other"),
            (
                "He was ordered to pay a confiscation order of £12,000.",
                "other",
            ),
            (
                "Coast Guard intercepts pirogue with $1.2m in marijuana.",
                "value",
            ),
            ("Police restrained assets worth $3.2 million.", "other"),
            (
                "The minimum sentence applies to drugs worth €13,000 or more.",
                "other",
            ),
            ("A notebook recorded sales at €200 an ounce.", "other"),
            ("Cash to the value of €12,650 was also seized.", "seized"),
            (
                "He was ordered to forfeit $312,000 in drug proceeds.",
                "other",
            ),
        ];
        for (text, role) in cases {
            let got = cash(text);
            assert_eq!(got.len(), 1, "{text}: {got:?}");
            assert_eq!(got[0].2, role, "{text}");
        }
    }
}
