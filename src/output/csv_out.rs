//! CSV for spreadsheets: one row per fact, one header for the whole table.
//!
//! Rows come in the same order as JSON Lines: records in path order, and
//! within a record the facts in record order (seizures, cash, counts,
//! dates, quotes, officials; each list in the order the record gives it).
//! Columns that do not apply to a kind are left empty. The `role` column is
//! the money role (`seized`, `value`, `other`) for money, and the person's
//! role for quotes and officials; a seizure's stated value goes in `amount`
//! and `currency`; `speaker` is the quote's speaker or the official's name.
//!
//! [`crate::output::write::render`] with [`crate::output::write::Format::Csv`] gives the rows
//! of one record; write [`header`] once before the first record.

use crate::record::{Count, DateFact, Money, Official, Provenance, Quote, Record, Seizure};

/// The column names, in order.
pub const COLUMNS: [&str; 20] = [
    "article",
    "published",
    "kind",
    "drug",
    "quantity",
    "unit",
    "grams",
    "amount",
    "currency",
    "role",
    "what",
    "value",
    "date_start",
    "date_end",
    "speaker",
    "title",
    "text",
    "span_start",
    "span_end",
    "rule",
];

/// The header line, with its line ending.
pub fn header() -> Vec<u8> {
    let mut w = writer();
    w.write_record(COLUMNS).expect("writing to memory");
    w.into_inner().expect("writing to memory")
}

/// One row per fact of `record`, without a header (nothing for a record
/// without facts).
pub fn rows(record: &Record) -> Vec<u8> {
    let mut w = writer();
    for (kind, row, p) in facts(record) {
        write_row(&mut w, record, kind, row, p);
    }
    w.into_inner().expect("writing to memory")
}

/// Every fact of `record` as (kind, kind-specific cells, provenance), in
/// record order: the row order JSON Lines readers expect.
fn facts(record: &Record) -> Vec<(&'static str, Row, &Provenance)> {
    let mut out = Vec::new();
    for s in &record.seizures {
        out.push(("seizure", Row::seizure(s), &s.provenance));
    }
    for m in &record.cash {
        out.push(("money", Row::money(m), &m.provenance));
    }
    for c in &record.counts {
        out.push(("count", Row::count(c), &c.provenance));
    }
    for d in &record.dates {
        out.push(("date", Row::date(d), &d.provenance));
    }
    for q in &record.quotes {
        out.push(("quote", Row::quote(q), &q.provenance));
    }
    for o in &record.officials {
        out.push(("official", Row::official(o), &o.provenance));
    }
    out
}

/// Writes one row: the record's columns, the fact's cells, then its
/// provenance, in [`COLUMNS`] order.
fn write_row(
    w: &mut csv::Writer<Vec<u8>>,
    record: &Record,
    kind: &str,
    fields: Row,
    p: &Provenance,
) {
    let Row {
        drug,
        quantity,
        unit,
        grams,
        amount,
        currency,
        role,
        what,
        value,
        start,
        end,
        speaker,
        title,
    } = fields;
    let span_start = p.span[0].to_string();
    let span_end = p.span[1].to_string();
    w.write_record([
        record.source.as_str(),
        record.published.as_deref().unwrap_or(""),
        kind,
        &drug,
        &quantity,
        &unit,
        &grams,
        &amount,
        &currency,
        &role,
        &what,
        &value,
        &start,
        &end,
        &speaker,
        &title,
        &p.text,
        &span_start,
        &span_end,
        &p.rule,
    ])
    .expect("writing to memory");
}

/// The kind-specific cells of a row.
#[derive(Default)]
struct Row {
    drug: String,
    quantity: String,
    unit: String,
    grams: String,
    amount: String,
    currency: String,
    role: String,
    what: String,
    value: String,
    start: String,
    end: String,
    speaker: String,
    title: String,
}

/// One constructor per kind: each fills only the columns that apply to it.
impl Row {
    fn seizure(s: &Seizure) -> Row {
        Row {
            drug: s.drug.clone(),
            quantity: num(s.quantity),
            unit: s.unit.clone(),
            grams: s.grams.map(num).unwrap_or_default(),
            // A seizure's stated value shares the money columns.
            amount: s.value.as_ref().map(|v| num(v.amount)).unwrap_or_default(),
            currency: s
                .value
                .as_ref()
                .map(|v| v.currency.clone())
                .unwrap_or_default(),
            ..Row::default()
        }
    }

    fn money(m: &Money) -> Row {
        Row {
            amount: num(m.amount),
            currency: m.currency.clone(),
            role: m.role.clone(),
            ..Row::default()
        }
    }

    fn count(c: &Count) -> Row {
        Row {
            what: c.what.clone(),
            value: num(c.value),
            ..Row::default()
        }
    }

    fn date(d: &DateFact) -> Row {
        Row {
            start: d.start.clone().unwrap_or_default(),
            end: d.end.clone().unwrap_or_default(),
            ..Row::default()
        }
    }

    fn quote(q: &Quote) -> Row {
        Row {
            role: q.role.clone().unwrap_or_default(),
            speaker: q.speaker.clone().unwrap_or_default(),
            title: q.title.clone().unwrap_or_default(),
            ..Row::default()
        }
    }

    /// The official's name goes in `speaker`, as a quote's speaker does.
    fn official(o: &Official) -> Row {
        Row {
            role: o.role.clone().unwrap_or_default(),
            speaker: o.name.clone(),
            title: o.title.clone().unwrap_or_default(),
            ..Row::default()
        }
    }
}

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new())
}

/// A number as a spreadsheet reads it: `64`, `460.5`, `1400000`.
fn num(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_fields_and_keeps_order() {
        let mut r = Record {
            source: "a, \"b\".txt".into(),
            ..Record::default()
        };
        r.cash.push(Money {
            amount: 30000.0,
            currency: "GBP".into(),
            role: "seized".into(),
            approximate: true,
            provenance: Provenance {
                text: "more than £30,000".into(),
                span: [40, 58],
                sentence: 0,
                rule: "money.x".into(),
            },
        });
        r.seizures.push(Seizure {
            drug: "cocaine".into(),
            quantity: 460.5,
            unit: "g".into(),
            grams: Some(460.5),
            approximate: false,
            value: None,
            provenance: Provenance {
                text: "460.5g\nof cocaine".into(),
                span: [16, 33],
                sentence: 0,
                rule: "seizure.x".into(),
            },
        });
        let mut bytes = header();
        bytes.extend(rows(&r));
        let mut rd = csv::Reader::from_reader(bytes.as_slice());
        assert_eq!(rd.headers().unwrap().len(), COLUMNS.len());
        let recs: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
        assert_eq!(recs.len(), 2);
        assert_eq!(&recs[0][0], "a, \"b\".txt");
        assert_eq!(&recs[0][2], "seizure");
        assert_eq!(&recs[0][4], "460.5");
        assert_eq!(&recs[0][16], "460.5g\nof cocaine");
        assert_eq!(&recs[1][2], "money");
        assert_eq!(&recs[1][7], "30000");
        assert_eq!(&recs[1][9], "seized");
        assert_eq!(&recs[1][17], "40");
    }

    #[test]
    fn no_facts_no_rows() {
        assert!(rows(&Record::default()).is_empty());
    }
}
