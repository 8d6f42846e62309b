//! A record as one compact JSON object, written directly: the same bytes
//! as `serde_json::to_vec` (a test compares them on every corpus record),
//! without serde's map path for the flattened provenance, and with strings
//! that need no escaping (nearly all) copied whole instead of byte by byte.

use crate::record::{Count, DateFact, Money, Official, Provenance, Quote, Record, Seizure};

/// Appends `r` as compact JSON to `out`.
pub fn write_record(out: &mut Vec<u8>, r: &Record) {
    out.extend_from_slice(b"{\"source\":");
    string(out, &r.source);
    out.extend_from_slice(b",\"published\":");
    opt_string(out, r.published.as_deref());
    list(out, ",\"seizures\":", &r.seizures, seizure);
    list(out, ",\"cash\":", &r.cash, money);
    list(out, ",\"counts\":", &r.counts, count);
    list(out, ",\"dates\":", &r.dates, date);
    list(out, ",\"quotes\":", &r.quotes, quote);
    list(out, ",\"officials\":", &r.officials, official);
    if !r.warnings.is_empty() {
        list(out, ",\"warnings\":", &r.warnings, |o, w| string(o, w));
    }
    out.push(b'}');
}

fn list<T>(out: &mut Vec<u8>, key: &str, items: &[T], f: impl Fn(&mut Vec<u8>, &T)) {
    out.extend_from_slice(key.as_bytes());
    out.push(b'[');
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        f(out, x);
    }
    out.push(b']');
}

/// A string, copied whole when nothing in it needs escaping, else
/// escaped by serde_json itself.
fn string(out: &mut Vec<u8>, s: &str) {
    // No early exit: the fold vectorises.
    let plain = !s.bytes().fold(false, |acc, b| {
        acc | (b < 0x20) | (b == b'"') | (b == b'\\')
    });
    if plain {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        serde(out, s);
    }
}

fn opt_string(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// Numbers (and anything else) exactly as serde_json writes them.
fn serde<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) {
    serde_json::to_writer(out, v).expect("writing to a Vec cannot fail");
}

/// `,"key":` then the value.
fn key(out: &mut Vec<u8>, k: &str) {
    out.extend_from_slice(b",\"");
    out.extend_from_slice(k.as_bytes());
    out.extend_from_slice(b"\":");
}

/// The provenance's fields, flattened into the fact, and the closing brace.
fn provenance(out: &mut Vec<u8>, p: &Provenance) {
    key(out, "text");
    string(out, &p.text);
    key(out, "span");
    serde(out, &p.span);
    key(out, "sentence");
    serde(out, &p.sentence);
    key(out, "rule");
    string(out, &p.rule);
    out.push(b'}');
}

fn seizure(out: &mut Vec<u8>, s: &Seizure) {
    out.extend_from_slice(b"{\"drug\":");
    string(out, &s.drug);
    key(out, "quantity");
    serde(out, &s.quantity);
    key(out, "unit");
    string(out, &s.unit);
    key(out, "grams");
    serde(out, &s.grams);
    key(out, "approximate");
    serde(out, &s.approximate);
    if let Some(v) = &s.value {
        key(out, "value");
        out.extend_from_slice(b"{\"amount\":");
        serde(out, &v.amount);
        key(out, "currency");
        string(out, &v.currency);
        out.push(b'}');
    }
    provenance(out, &s.provenance);
}

fn money(out: &mut Vec<u8>, m: &Money) {
    out.extend_from_slice(b"{\"amount\":");
    serde(out, &m.amount);
    key(out, "currency");
    string(out, &m.currency);
    key(out, "role");
    string(out, &m.role);
    key(out, "approximate");
    serde(out, &m.approximate);
    provenance(out, &m.provenance);
}

fn count(out: &mut Vec<u8>, c: &Count) {
    out.extend_from_slice(b"{\"what\":");
    string(out, &c.what);
    key(out, "value");
    serde(out, &c.value);
    provenance(out, &c.provenance);
}

fn date(out: &mut Vec<u8>, d: &DateFact) {
    out.extend_from_slice(b"{\"start\":");
    opt_string(out, d.start.as_deref());
    key(out, "end");
    opt_string(out, d.end.as_deref());
    key(out, "precision");
    string(out, &d.precision);
    key(out, "relative");
    serde(out, &d.relative);
    if let Some(t) = &d.time {
        key(out, "time");
        string(out, t);
    }
    provenance(out, &d.provenance);
}

/// The title, role and organisation of a quote's speaker or an official.
fn who(out: &mut Vec<u8>, title: &Option<String>, role: &Option<String>, org: &Option<String>) {
    key(out, "title");
    opt_string(out, title.as_deref());
    key(out, "role");
    opt_string(out, role.as_deref());
    key(out, "organisation");
    opt_string(out, org.as_deref());
}

fn quote(out: &mut Vec<u8>, q: &Quote) {
    out.extend_from_slice(b"{\"speaker\":");
    opt_string(out, q.speaker.as_deref());
    who(out, &q.title, &q.role, &q.organisation);
    provenance(out, &q.provenance);
}

fn official(out: &mut Vec<u8>, o: &Official) {
    out.extend_from_slice(b"{\"name\":");
    string(out, &o.name);
    who(out, &o.title, &o.role, &o.organisation);
    provenance(out, &o.provenance);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every corpus record, and one with every optional field and strings
    /// that need escaping, comes out as serde_json writes it.
    #[test]
    fn same_bytes_as_serde_json() {
        let ex = crate::Extractor::new(crate::rules::RuleSet::builtin().unwrap());
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
        let mut records = Vec::new();
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "txt") {
                let text = std::fs::read_to_string(&p).unwrap();
                records.extend(ex.extract_many(&[(p.to_str().unwrap(), text.as_str())]));
            }
        }
        assert!(records.iter().map(Record::fact_count).sum::<usize>() > 100);
        let mut odd = records[0].clone();
        odd.source = "a \"b\" \\ c\n\t\u{1}é".into();
        odd.warnings = vec!["w\"1".into(), "w2".into()];
        odd.published = Some("2024-01-02".into());
        records.push(odd);
        for r in &records {
            let mut mine = Vec::new();
            write_record(&mut mine, r);
            let want = serde_json::to_vec(r).unwrap();
            assert_eq!(
                String::from_utf8(mine).unwrap(),
                String::from_utf8(want).unwrap()
            );
        }
    }
}
