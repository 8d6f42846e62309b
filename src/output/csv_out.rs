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

use crate::record::{Provenance, Record};

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
    let article = record.source.as_str();
    let published = record.published.as_deref().unwrap_or("");
    let mut put = |kind: &str, fields: Row, p: &Provenance| {
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
            article,
            published,
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
    };
    for s in &record.seizures {
        let row = Row {
            drug: s.drug.clone(),
            quantity: num(s.quantity),
            unit: s.unit.clone(),
            grams: s.grams.map(num).unwrap_or_default(),
            amount: s.value.as_ref().map(|v| num(v.amount)).unwrap_or_default(),
            currency: s
                .value
                .as_ref()
                .map(|v| v.currency.clone())
                .unwrap_or_default(),
            ..Row::default()
        };
        put("seizure", row, &s.provenance);
    }
    for m in &record.cash {
        let row = Row {
            amount: num(m.amount),
            currency: m.currency.clone(),
            role: m.role.clone(),
            ..Row::default()
        };
        put("money", row, &m.provenance);
    }
    for c in &record.counts {
        let row = Row {
            what: c.what.clone(),
            value: num(c.value),
            ..Row::default()
        };
        put("count", row, &c.provenance);
    }
    for d in &record.dates {
        let row = Row {
            start: d.start.clone().unwrap_or_default(),
            end: d.end.clone().unwrap_or_default(),
            ..Row::default()
        };
        put("date", row, &d.provenance);
    }
    for q in &record.quotes {
        let row = Row {
            role: q.role.clone().unwrap_or_default(),
            speaker: q.speaker.clone().unwrap_or_default(),
            title: q.title.clone().unwrap_or_default(),
            ..Row::default()
        };
        put("quote", row, &q.provenance);
    }
    for o in &record.officials {
        let row = Row {
            role: o.role.clone().unwrap_or_default(),
            speaker: o.name.clone(),
            title: o.title.clone().unwrap_or_default(),
            ..Row::default()
        };
        put("official", row, &o.provenance);
    }
    w.into_inner().expect("writing to memory")
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
    use crate::record::{Money, Seizure};

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
