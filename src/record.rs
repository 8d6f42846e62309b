//! The record blotter writes for each article, and the facts in it.
//!
//! Field names follow the evaluation conventions: `seizures`, `cash`,
//! `counts`, `dates`, `quotes`, `officials`. Every fact carries its
//! provenance ([`Provenance`]), flattened into the fact's object.

use serde::{Deserialize, Serialize};

/// Where a fact came from: the matched text, its byte span in the input,
/// the index of its sentence and the id of the rule that made it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Provenance {
    pub text: String,
    pub span: [usize; 2],
    pub sentence: usize,
    pub rule: String,
}

/// A quantity of a drug.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Seizure {
    pub drug: String,
    pub quantity: f64,
    pub unit: String,
    /// The mass in grams, for mass units (mg g kg t oz lb).
    pub grams: Option<f64>,
    pub approximate: bool,
    /// The street or estimated value stated with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<MoneyValue>,
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// An amount in a currency, as attached to a seizure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoneyValue {
    pub amount: f64,
    pub currency: String,
}

/// An amount of money.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Money {
    pub amount: f64,
    /// ISO 4217 code.
    pub currency: String,
    /// `seized` cash, a `value` (street or estimated), or `other`.
    pub role: String,
    pub approximate: bool,
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// A number of arrests, weapons, searches...
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Count {
    pub what: String,
    pub value: f64,
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// A calendar date or range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateFact {
    /// ISO 8601 (`2024-03-04`, `XXXX-03-04` when the year is unknown), or
    /// null for a relative date without a reference date.
    pub start: Option<String>,
    pub end: Option<String>,
    /// `day`, `month` or `year`.
    pub precision: String,
    /// True for dates stated relative to another ("last week").
    pub relative: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// Direct speech with its speaker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub speaker: Option<String>,
    pub title: Option<String>,
    pub role: Option<String>,
    pub organisation: Option<String>,
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// A named official.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Official {
    pub name: String,
    pub title: Option<String>,
    pub role: Option<String>,
    pub organisation: Option<String>,
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// Everything found in one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Record {
    /// The path as given, or `-` for standard input.
    pub source: String,
    /// The page's own publication date (ISO `YYYY-MM-DD`): its publication
    /// stamp ("Posted: ...", a date under the headline, a byline's date),
    /// else a dateline at the top; null when the page shows none. The
    /// stamp is not a date fact; it is the reference date for the others.
    #[serde(default)]
    pub published: Option<String>,
    pub seizures: Vec<Seizure>,
    pub cash: Vec<Money>,
    pub counts: Vec<Count>,
    pub dates: Vec<DateFact>,
    pub quotes: Vec<Quote>,
    pub officials: Vec<Official>,
    /// Problems with this input (invalid UTF-8 replaced, binary content).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub warnings: Vec<String>,
}

impl Record {
    /// The number of facts of every kind.
    pub fn fact_count(&self) -> usize {
        self.seizures.len()
            + self.cash.len()
            + self.counts.len()
            + self.dates.len()
            + self.quotes.len()
    }
}

/// Sets every fact's `text` from the original input: matching ran on the
/// normalised copy (same byte offsets), but provenance quotes the input.
pub fn restore_text(record: &mut Record, input: &str) {
    let fix = |p: &mut Provenance| {
        let [s, e] = p.span;
        // Most texts read the same in the input: kept as they are, and
        // the others rewritten in place (the same length of bytes), not
        // allocated again (16,000 allocations and frees per MB).
        if let Some(t) = input.get(s..e).filter(|&t| t != p.text) {
            p.text.clear();
            p.text.push_str(t);
        }
    };
    record
        .seizures
        .iter_mut()
        .for_each(|f| fix(&mut f.provenance));
    record.cash.iter_mut().for_each(|f| fix(&mut f.provenance));
    record
        .counts
        .iter_mut()
        .for_each(|f| fix(&mut f.provenance));
    record.dates.iter_mut().for_each(|f| fix(&mut f.provenance));
    record
        .quotes
        .iter_mut()
        .for_each(|f| fix(&mut f.provenance));
    record
        .officials
        .iter_mut()
        .for_each(|f| fix(&mut f.provenance));
}
