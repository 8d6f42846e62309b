//! Money: amounts with their currency and role; a street value prices the
//! seizure stated just before it.

use crate::engine::Match;
use crate::record::{Money, MoneyValue, Seizure};
use crate::rules::contract::{Field, Lex};
use crate::rules::{FxHashMap, FxHashSet, Kind, RuleSet};
use crate::text::numbers::{multiplier, parse_number, tidy};
use crate::text::split::Sentence;

use super::context::Context;
use super::money_role::{money_role, prices_a_drug};
use super::units::provenance;

/// The money of an article, in text order. A match overlapping the
/// quantity of a seizure (`weight_spans`: "37 pounds of") is a weight.
pub(super) fn money(
    rules: &RuleSet,
    text: &str,
    sentences: &[Sentence],
    ranked: &[Match],
    ctx: &Context,
    mut weight_spans: Vec<(usize, usize)>,
) -> Vec<Money> {
    let mut cash: Vec<Money> = Vec::new();
    // The facts whose currency a place-dependent sign gave, with the sign.
    let mut by_place: Vec<(usize, &str)> = Vec::new();
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
        let amounts = amounts(rules, text, m);
        if amounts.is_empty() {
            continue;
        }
        let Some(currency) = currency(rules, text, m, ctx) else {
            continue;
        };
        let sign = stated_currency(rules, text, m).filter(|c| is_local_sign(rules, c));
        let role = role(rules, text, sentences, m);
        for amount in amounts {
            if let Some(sign) = sign {
                by_place.push((cash.len(), sign));
            }
            cash.push(Money {
                amount: tidy(amount),
                currency: currency.clone(),
                role: role.clone(),
                approximate: m.span(rules, Field::Approx).is_some(),
                provenance: provenance(rules, text, m),
            });
        }
    }
    restate_in_stated_currency(rules, &mut cash, &by_place);
    cash
}

/// A place-dependent sign's amount that the article also states in a
/// currency of that sign, written out ("nearly $200 million" in the
/// headline, "almost US$200 million" in the body), is in that currency:
/// the same figure, not the local dollar.
fn restate_in_stated_currency(rules: &RuleSet, cash: &mut [Money], by_place: &[(usize, &str)]) {
    let Some(signs) = rules.lexicon(Lex::LocalSign) else {
        return;
    };
    if by_place.is_empty() {
        return;
    }
    let placed: FxHashSet<usize> = by_place.iter().map(|&(i, _)| i).collect();
    // (amount, sign) -> the currency it is written out in
    let mut stated: FxHashMap<(u64, &str), String> = FxHashMap::default();
    for (i, c) in cash.iter().enumerate() {
        if placed.contains(&i) {
            continue;
        }
        if let Some(sign) = signs.canonical(&c.currency) {
            stated
                .entry((c.amount.to_bits(), sign))
                .or_insert_with(|| c.currency.clone());
        }
    }
    for &(i, sign) in by_place {
        if let Some(c) = stated.get(&(cash[i].amount.to_bits(), sign)) {
            cash[i].currency = c.clone();
        }
    }
}

/// The amounts a money match states, times their multipliers ("£1.5
/// million"). A range ("between 30,000 and 40,000 euros") gives two.
///
/// A multiplier belongs to the amount it follows. One after the second
/// amount of a range is shared with the first when the first has none and
/// is the smaller number ("30 and 40 million euros", "$3-5 million"); one
/// after the first alone stays there ("2 million and 500,000 HKD").
fn amounts(rules: &RuleSet, text: &str, m: &Match) -> Vec<f64> {
    let number = |f| m.get(rules, text, f).and_then(parse_number);
    let factor = |f| m.get(rules, text, f).and_then(multiplier);
    let amount2_at = m.span(rules, Field::Amount2).map(|s| s.0);
    // Which multiplier follows which amount: a rule may name the one after
    // the second amount `mult` when it is the range's only one.
    let (mut k1, mut k2) = (None, factor(Field::Mult2));
    match (m.span(rules, Field::Mult), amount2_at) {
        (Some((at, _)), Some(a2_at)) if at > a2_at => k2 = k2.or(factor(Field::Mult)),
        (Some(_), _) => k1 = factor(Field::Mult),
        (None, _) => {}
    }
    // "87.500 euros" is 87,500; "$6.358 million" keeps its decimals.
    let whole = |f, k: Option<f64>| match k {
        Some(_) => number(f),
        None => m.get(rules, text, f).and_then(money_number),
    };
    let (a1, a2) = (whole(Field::Amount, k1), whole(Field::Amount2, k2));
    if k1.is_none() && a1.zip(a2).is_some_and(|(a1, a2)| a1 < a2) {
        k1 = k2;
    }
    [(a1, k1), (a2, k2)]
        .into_iter()
        .filter_map(|(a, k)| a.map(|a| a * k.unwrap_or(1.0)))
        .collect()
}

/// A money amount's number. Groups of three digits after dots are
/// thousands, as European pages write them ("87.500 euros"): money has
/// no third decimal.
fn money_number(s: &str) -> Option<f64> {
    let t = s.trim();
    let mut groups = t.split('.');
    let lead = groups.next().unwrap_or("");
    let dotted_thousands = t.contains('.')
        && (1..=3).contains(&lead.len())
        && lead.bytes().all(|b| b.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
    if dotted_thousands {
        return t.replace('.', "").parse().ok();
    }
    parse_number(s)
}

/// The ISO code of a money match: its sign or word in the `currency`,
/// `currency_word` or `currency_sign` lexicons, else the rule's
/// `set.currency`. A sign whose currency depends on the place takes the
/// article's; `None` when it means no currency here.
fn currency(rules: &RuleSet, text: &str, m: &Match, ctx: &Context) -> Option<String> {
    let currency = stated_currency(rules, text, m)?;
    if converts_a_dollar(text, m.start) && sign_can_mean(rules, currency, US_DOLLAR) {
        return Some(US_DOLLAR.to_string());
    }
    if is_local_sign(rules, currency) {
        return ctx.local(currency);
    }
    Some(currency.to_string())
}

/// The currency the wires convert other dollars to.
const US_DOLLAR: &str = "USD";

/// Whether a place-dependent sign can mean `iso` (lexicon `local_sign`:
/// sign = its currencies, looked up as an alias).
fn sign_can_mean(rules: &RuleSet, sign: &str, iso: &str) -> bool {
    rules.lexicon(Lex::LocalSign).and_then(|l| l.canonical(iso)) == Some(sign)
}

/// A bare dollar amount in brackets right after an amount in another
/// country's dollars is its conversion to US dollars, as the wires write
/// it: "A$4.7 million ($3.2 million)", "NZ$500,000 ($290,000)".
fn converts_a_dollar(text: &str, start: usize) -> bool {
    let Some(before) = text[..start].trim_end().strip_suffix('(') else {
        return false;
    };
    let from = crate::text::floor_char(before, before.len().saturating_sub(40));
    let near = &before[from..];
    // the nearest sign before the bracket: letters glued to a '$'
    let Some(sign) = near.rfind('$') else {
        return false;
    };
    let head = &near[..sign];
    let prefix = &head[head
        .trim_end_matches(|c: char| c.is_ascii_alphabetic())
        .len()..];
    // (a US sign is no other country's; no sentence ends between them)
    let tail = &near[sign..];
    !prefix.is_empty()
        && !prefix.eq_ignore_ascii_case("US")
        && !tail.contains(". ")
        && !tail.contains(';')
}

/// The currency a money match states, before a place-dependent sign is
/// resolved: its sign or word's canonical name, else the rule's.
fn stated_currency<'r>(rules: &'r RuleSet, text: &str, m: &Match) -> Option<&'r str> {
    let cur_text = m
        .get(rules, text, Field::Cur)
        .or_else(|| m.get(rules, text, Field::Cur2))
        .unwrap_or("");
    [Lex::Currency, Lex::CurrencyWord, Lex::CurrencySign]
        .into_iter()
        .find_map(|l| rules.lexicon(l).and_then(|x| x.canonical(cur_text)))
        .or_else(|| rules.rules[m.rule].set.currency.as_deref())
}

/// Whether a currency name is a sign whose currency depends on the place
/// (a canonical name of the `local_sign` lexicon).
fn is_local_sign(rules: &RuleSet, currency: &str) -> bool {
    rules
        .lexicon(Lex::LocalSign)
        .is_some_and(|l| l.entries.iter().any(|(c, _)| c == currency))
}

/// Whether an article may need its places tallied: one of its money
/// matches states a place-dependent sign. (Matches [`money`] then passes
/// over count too: the tally is the same whenever it is made.)
pub(super) fn may_need_places(rules: &RuleSet, text: &str, ranked: &[Match]) -> bool {
    ranked
        .iter()
        .filter(|m| rules.rules[m.rule].kind == Kind::Money)
        .any(|m| stated_currency(rules, text, m).is_some_and(|c| is_local_sign(rules, c)))
}

/// The role of a money match: the rule's `set.role`, else `value` when it
/// prices a drug, else from the cue words around the amount.
fn role(rules: &RuleSet, text: &str, sentences: &[Sentence], m: &Match) -> String {
    if let Some(role) = &rules.rules[m.rule].set.role {
        return role.clone();
    }
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
}

/// A value stated in the same sentence after a seizure prices it.
/// Seizures are in text order: the one just before the amount is found
/// by binary search, so this stays linear on huge one-sentence inputs.
pub(super) fn price_seizures(seizures: &mut [Seizure], cash: &[Money]) {
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
}
