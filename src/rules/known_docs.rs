//! The embedded rule files as read, kept in `builtin_docs.bin` beside
//! this file.
//!
//! Every run reads the embedded rule files: parsing their 140 KB of TOML
//! was 14M instructions, a third of loading and a sixth of a one-sentence
//! run. What a file reads to ([`FileDoc`], with the byte span of every
//! value its errors and origins point at) follows from its text alone, so
//! the file keeps each embedded file's document encoded, with the length
//! and hash of the text it was read from. A text that differs (a user's
//! file, or an embedded file changed since the documents were written) is
//! parsed as before. A test checks the file against fresh parses;
//! `BLOTTER_BLESS=1 cargo test --lib known_docs` rewrites it.

use std::collections::BTreeMap;

use toml::Spanned;

use super::codec::Reader;
#[cfg(test)]
use super::codec::{put, put_bytes};
use super::known_anchors::hash;
use super::read::{ExampleDoc, FileDoc, LexiconOptions, RuleDoc};

/// The file, embedded.
const FILE: &[u8] = include_bytes!("builtin_docs.bin");

/// What the file opens with; a file without it knows nothing.
const MAGIC: &[u8] = b"blotter docs 1\n";

/// The document of rule file `name` when `text` is the text the file
/// holds it for.
pub(super) fn lookup(name: &str, text: &str) -> Option<FileDoc> {
    let mut r = Reader::new(FILE.strip_prefix(MAGIC)?);
    while !r.is_empty() {
        let (file, len, key) = (r.text()?, r.number()?, r.word()?);
        let doc = r.take()?;
        if file == name && len as usize == text.len() && key == hash(text.as_bytes()) {
            return decode_all(doc);
        }
    }
    None
}

/// Reads an encoded document whole; `None` if it is not one document.
fn decode_all(bytes: &[u8]) -> Option<FileDoc> {
    let mut r = Reader::new(bytes);
    let doc = file_doc(&mut r)?;
    r.is_empty().then_some(doc)
}

fn file_doc(r: &mut Reader) -> Option<FileDoc> {
    let code_rules = map(r, spanned_string)?;
    let pieces = map(r, spanned_string)?;
    let lexicons = map(r, |r| {
        map(r, |r| {
            let span = span(r)?;
            Some(Spanned::new(span, list(r, string)?))
        })
    })?;
    let lexicon_options = map(r, |r| {
        Some(LexiconOptions {
            after_digits: boolean(r)?,
            before_digits: boolean(r)?,
        })
    })?;
    let rules = list(r, |r| {
        let span = span(r)?;
        Some(Spanned::new(span, rule_doc(r)?))
    })?;
    Some(FileDoc {
        pieces,
        lexicons,
        lexicon_options,
        rules,
        code_rules,
    })
}

fn rule_doc(r: &mut Reader) -> Option<RuleDoc> {
    Some(RuleDoc {
        id: spanned_string(r)?,
        kind: option(r, spanned_string)?,
        pattern: option(r, spanned_string)?,
        priority: i32::from_le_bytes(r.fixed(4)?.try_into().ok()?),
        case_sensitive: boolean(r)?,
        enabled: option(r, boolean)?,
        set: map(r, string)?,
        examples: list(r, |r| {
            Some(ExampleDoc {
                text: string(r)?,
                expect: map(r, value)?,
            })
        })?,
        counter: list(r, string)?,
        doc: option(r, string)?,
        needs: list(r, string)?,
    })
}

const STRING: u8 = 0;
const INTEGER: u8 = 1;
const FLOAT: u8 = 2;
const BOOLEAN: u8 = 3;
const DATETIME: u8 = 4;
const ARRAY: u8 = 5;
const TABLE: u8 = 6;

fn value(r: &mut Reader) -> Option<toml::Value> {
    use toml::Value;
    Some(match r.byte()? {
        STRING => Value::String(string(r)?),
        INTEGER => Value::Integer(r.word()? as i64),
        FLOAT => Value::Float(f64::from_bits(r.word()?)),
        BOOLEAN => Value::Boolean(boolean(r)?),
        DATETIME => Value::Datetime(r.text()?.parse().ok()?),
        ARRAY => Value::Array(list(r, value)?),
        TABLE => {
            let n = r.number()?;
            let mut t = toml::Table::new();
            for _ in 0..n {
                let k = string(r)?;
                t.insert(k, value(r)?);
            }
            Value::Table(t)
        }
        _ => return None,
    })
}

fn string(r: &mut Reader) -> Option<String> {
    r.text().map(str::to_string)
}

fn boolean(r: &mut Reader) -> Option<bool> {
    match r.byte()? {
        0 => Some(false),
        1 => Some(true),
        _ => None,
    }
}

fn span(r: &mut Reader) -> Option<std::ops::Range<usize>> {
    let start = r.number()? as usize;
    Some(start..start + r.number()? as usize)
}

fn spanned_string(r: &mut Reader) -> Option<Spanned<String>> {
    let span = span(r)?;
    Some(Spanned::new(span, string(r)?))
}

fn option<T>(r: &mut Reader, item: impl Fn(&mut Reader) -> Option<T>) -> Option<Option<T>> {
    match r.byte()? {
        0 => Some(None),
        1 => item(r).map(Some),
        _ => None,
    }
}

fn list<T>(r: &mut Reader, item: impl Fn(&mut Reader) -> Option<T>) -> Option<Vec<T>> {
    let n = r.number()?;
    let mut out = Vec::with_capacity(n.min(1 << 16) as usize);
    for _ in 0..n {
        out.push(item(r)?);
    }
    Some(out)
}

fn map<T>(r: &mut Reader, item: impl Fn(&mut Reader) -> Option<T>) -> Option<BTreeMap<String, T>> {
    let n = r.number()?;
    let mut out = BTreeMap::new();
    for _ in 0..n {
        let k = string(r)?;
        out.insert(k, item(r)?);
    }
    Some(out)
}

/// The writing side, for the test that makes the file: each function
/// writes what its namesake above reads.
#[cfg(test)]
mod write {
    use super::*;

    pub(super) fn file_doc(d: &FileDoc, out: &mut Vec<u8>) {
        map(&d.code_rules, out, spanned_string);
        map(&d.pieces, out, spanned_string);
        map(&d.lexicons, out, |entries, out| {
            map(entries, out, |aliases, out| {
                span(aliases.span(), out);
                list(aliases.get_ref(), out, string);
            })
        });
        map(&d.lexicon_options, out, |o, out| {
            out.extend([u8::from(o.after_digits), u8::from(o.before_digits)]);
        });
        list(&d.rules, out, |rule, out| {
            span(rule.span(), out);
            rule_doc(rule.get_ref(), out);
        });
    }

    fn rule_doc(r: &RuleDoc, out: &mut Vec<u8>) {
        spanned_string(&r.id, out);
        option(&r.kind, out, spanned_string);
        option(&r.pattern, out, spanned_string);
        out.extend(r.priority.to_le_bytes());
        out.push(u8::from(r.case_sensitive));
        option(&r.enabled, out, |b, out| out.push(u8::from(*b)));
        map(&r.set, out, string);
        list(&r.examples, out, |e, out| {
            string(&e.text, out);
            map(&e.expect, out, value);
        });
        list(&r.counter, out, string);
        option(&r.doc, out, string);
        list(&r.needs, out, string);
    }

    pub(super) fn value(v: &toml::Value, out: &mut Vec<u8>) {
        use toml::Value;
        match v {
            Value::String(s) => {
                out.push(STRING);
                string(s, out);
            }
            Value::Integer(i) => {
                out.push(INTEGER);
                out.extend(i.to_le_bytes());
            }
            Value::Float(f) => {
                out.push(FLOAT);
                out.extend(f.to_le_bytes());
            }
            Value::Boolean(b) => out.extend([BOOLEAN, u8::from(*b)]),
            Value::Datetime(d) => {
                out.push(DATETIME);
                string(&d.to_string(), out);
            }
            Value::Array(a) => {
                out.push(ARRAY);
                list(a, out, value);
            }
            Value::Table(t) => {
                out.push(TABLE);
                put(out, t.len() as u32);
                for (k, v) in t {
                    string(k, out);
                    value(v, out);
                }
            }
        }
    }

    fn string(s: &String, out: &mut Vec<u8>) {
        put_bytes(out, s.as_bytes());
    }

    fn span(s: std::ops::Range<usize>, out: &mut Vec<u8>) {
        put(out, s.start as u32);
        put(out, (s.end - s.start) as u32);
    }

    fn spanned_string(s: &Spanned<String>, out: &mut Vec<u8>) {
        span(s.span(), out);
        string(s.get_ref(), out);
    }

    fn option<T>(o: &Option<T>, out: &mut Vec<u8>, item: impl Fn(&T, &mut Vec<u8>)) {
        match o {
            Some(x) => {
                out.push(1);
                item(x, out);
            }
            None => out.push(0),
        }
    }

    fn list<T>(xs: &[T], out: &mut Vec<u8>, item: impl Fn(&T, &mut Vec<u8>)) {
        put(out, xs.len() as u32);
        for x in xs {
            item(x, out);
        }
    }

    fn map<T>(m: &BTreeMap<String, T>, out: &mut Vec<u8>, item: impl Fn(&T, &mut Vec<u8>)) {
        put(out, m.len() as u32);
        for (k, v) in m {
            string(k, out);
            item(v, out);
        }
    }
}

/// The file for these rule files (name, text): each one's document as
/// the TOML parser reads it, in order.
#[cfg(test)]
fn render(files: &[(String, String)]) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    for (name, text) in files {
        let doc = super::read::parse_toml(name, text).expect("an embedded rule file parses");
        let mut encoded = Vec::new();
        write::file_doc(&doc, &mut encoded);
        put_bytes(&mut out, name.as_bytes());
        put(&mut out, text.len() as u32);
        out.extend(hash(text.as_bytes()).to_le_bytes());
        put_bytes(&mut out, &encoded);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::load::builtin_files;
    use super::*;

    /// The file holds the document of every embedded rule file, read
    /// afresh, and each reads back as the parser's (spans included); with
    /// `BLOTTER_BLESS=1` it is rewritten instead.
    #[test]
    fn the_file_is_current() {
        let files = builtin_files();
        let file = render(&files);
        if !crate::testing::kept_is_current("builtin_docs.bin", FILE, &file, "known_docs") {
            return;
        }
        for (name, text) in &files {
            let parsed = super::super::read::parse_toml(name, text).unwrap();
            let known = lookup(name, text).unwrap_or_else(|| panic!("{name} is not known"));
            assert_eq!(format!("{known:?}"), format!("{parsed:?}"), "{name}");
        }
    }

    #[test]
    fn a_changed_text_or_a_broken_file_knows_nothing() {
        let (name, text) = builtin_files().swap_remove(0);
        assert!(lookup(&name, &text).is_some());
        let mut edited = text.clone();
        edited.push('\n');
        assert!(lookup(&name, &edited).is_none(), "another length");
        let same_length = text.replacen('a', "b", 1);
        assert!(lookup(&name, &same_length).is_none(), "another hash");
        assert!(lookup("rules/other.toml", &text).is_none(), "another file");
        assert!(decode_all(&[]).is_none());
        assert!(decode_all(&[0, 0, 0, 0, 1]).is_none(), "a rule cut short");
        let mut r = Reader::new(&[9]);
        assert!(value(&mut r).is_none(), "no such value");
    }

    /// Every kind of value an example may expect reads back.
    #[test]
    fn values_read_back() {
        let doc: toml::Table = toml::from_str(
            "a = 'x'\nb = -7\nc = 2.5\nd = true\ne = 1979-05-27T07:32:00Z\nf = [1, 'y']\ng = { h = false }",
        )
        .unwrap();
        for v in doc.values() {
            let mut out = Vec::new();
            write::value(v, &mut out);
            let mut r = Reader::new(&out);
            assert_eq!(value(&mut r).as_ref(), Some(v));
            assert!(r.is_empty());
        }
    }
}
