//! An HTML report to look at: one self-contained page (no scripts, no
//! network, no external fonts) with every article's text and its facts
//! highlighted by kind, in the manner of displaCy's entity view.
//!
//! Each highlight is a `<mark>` with the kind as a visible label and a
//! hover title giving the normalised value and the rule id. Facts whose
//! spans nest (money inside a seizure, facts inside a quote) are nested;
//! a span that crosses another's end is split into pieces that share one
//! `data-fact` id, so the HTML is always well formed. With more than one
//! article, a summary comes first: seized grams by drug (table and an
//! inline SVG bar chart with labels and values as text), money by currency
//! and role, counts by kind, and the list of articles with links.
//!
//! Unlike JSON Lines and CSV the report is not streamed: it needs every
//! record at once ([`collect`] reads them in path order).

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::record::Record;

/// Money roles, in the order the summary shows them.
const ROLES: [&str; 3] = ["seized", "value", "other"];

/// The kinds of fact, in record order: (name, background colour).
const KINDS: [(&str, &str); 6] = [
    ("seizure", "#f6a5a5"),
    ("money", "#a6e22d"),
    ("count", "#7aecec"),
    ("date", "#feca74"),
    ("quote", "#ece6ff"),
    ("official", "#c5b9ff"),
];

/// One highlight: a fact's span in its article's text.
struct Highlight {
    start: usize,
    end: usize,
    kind: usize,
    title: String,
}

/// The whole page for `records`, each with the text its spans point into.
pub fn render(records: &[(Record, String)]) -> String {
    let facts: usize = records.iter().map(|(r, _)| highlights(r).len()).sum();
    let mut h = String::with_capacity(records.iter().map(|(_, t)| t.len() * 3).sum());
    let title = if records.len() == 1 {
        format!("blotter: {}", records[0].0.source)
    } else {
        format!("blotter report: {} articles", records.len())
    };
    let articles = match records.len() {
        1 => "1 article,".to_string(),
        n => format!("{n} articles,"),
    };
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n\
         <p class=\"meta\">{} {facts} facts. Hover a highlight for its normalised value and rule.</p>\n",
        esc(&title),
        esc(&title),
        articles
    );
    legend(&mut h);
    if records.len() > 1 {
        summary(&mut h, records);
    }
    for (i, (record, text)) in records.iter().enumerate() {
        article(&mut h, i, record, text);
    }
    h.push_str("</body>\n</html>\n");
    h
}

const STYLE: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#222;background:#fff}
h1{font-size:1.6em}h2{font-size:1.3em;margin-top:2em;border-bottom:1px solid #ccc}h3{font-size:1.1em}
.meta{color:#555}
table{border-collapse:collapse;margin:.5em 0 1em}th,td{border:1px solid #ccc;padding:.2em .6em;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.text{white-space:pre-wrap;line-height:2.4;font-size:1.02em;border:1px solid #ddd;padding:1em;border-radius:.4em}
mark{padding:.2em .35em;margin:0 .1em;border-radius:.35em;color:inherit;-webkit-box-decoration-break:clone;box-decoration-break:clone}
mark mark{padding:.1em .25em}
mark.k-quote{border:1px dashed #8a7bd0}
.lab{font-size:.62em;font-weight:bold;text-transform:uppercase;margin-left:.4em;vertical-align:middle;letter-spacing:.03em}
.legend mark{margin-right:.5em}
.warn{color:#a00}
.row{display:flex;flex-wrap:wrap;gap:0 2em;align-items:flex-start}.row h3{margin-top:0}
ol.articles{columns:2;column-gap:3em;font-size:.9em;padding-left:0}ol.articles li{break-inside:avoid;margin-left:2.2em}
svg text{font-family:inherit;font-size:13px}
";

fn legend(h: &mut String) {
    h.push_str("<p class=\"legend\">Kinds: ");
    for (name, colour) in KINDS {
        let _ = write!(
            h,
            "<mark class=\"k-{name}\" style=\"background:{colour}\">{name}<span class=\"lab\">{name}</span></mark> "
        );
    }
    h.push_str("</p>\n");
}

/// The summary before the articles: drugs (chart and table), money and
/// counts side by side, then the list of articles.
fn summary(h: &mut String, records: &[(Record, String)]) {
    let t = Totals::of(records);
    h.push_str("<section id=\"summary\">\n<h2>Summary</h2>\n<p class=\"meta\">Totals add up every mention the records hold: an amount stated twice in an article (say in the headline and the body) counts twice.</p>\n");
    h.push_str("<h3>Seized drugs</h3>\n");
    drug_chart(h, &t.drugs);
    h.push_str("<div class=\"row\">\n<div class=\"box\">");
    drug_table(h, &t.drugs);
    h.push_str("</div>\n<div class=\"box\"><h3>Money</h3>\n");
    money_table(h, &t.money);
    h.push_str("</div>\n<div class=\"box\"><h3>Counts</h3>\n");
    count_table(h, &t.counts);
    h.push_str("</div>\n</div>\n<h3>Articles</h3>\n<ol class=\"articles\">\n");
    for (i, (r, _)) in records.iter().enumerate() {
        let _ = writeln!(
            h,
            "<li><a href=\"#a{}\">{}</a>: {}</li>",
            i + 1,
            esc(&r.source),
            esc(&tally(r))
        );
    }
    h.push_str("</ol>\n</section>\n");
}

/// Per drug: (grams, mentions, quantities in countable units by unit).
type DrugTotals<'a> = BTreeMap<&'a str, (f64, usize, BTreeMap<&'a str, f64>)>;
/// Per (currency, role), or per thing counted: (total, mentions).
type Sums<K> = BTreeMap<K, (f64, usize)>;

/// Every mention in every record added up, by drug, by currency and role,
/// and by thing counted; sorted maps so the tables come out in a fixed order.
struct Totals<'a> {
    drugs: DrugTotals<'a>,
    money: Sums<(&'a str, &'a str)>,
    counts: Sums<&'a str>,
}

impl<'a> Totals<'a> {
    fn of(records: &'a [(Record, String)]) -> Self {
        let mut t = Totals {
            drugs: BTreeMap::new(),
            money: BTreeMap::new(),
            counts: BTreeMap::new(),
        };
        for (r, _) in records {
            for s in &r.seizures {
                let e = t.drugs.entry(&s.drug).or_default();
                e.1 += 1;
                // Grams add up across units; pills and plants cannot.
                match s.grams {
                    Some(g) => e.0 += g,
                    None => *e.2.entry(&s.unit).or_default() += s.quantity,
                }
            }
            for m in &r.cash {
                let e = t.money.entry((&m.currency, &m.role)).or_default();
                e.0 += m.amount;
                e.1 += 1;
            }
            for c in &r.counts {
                let e = t.counts.entry(&c.what).or_default();
                e.0 += c.value;
                e.1 += 1;
            }
        }
        t
    }
}

/// The bar chart of drugs seized by mass, heaviest first (ties by name).
fn drug_chart(h: &mut String, drugs: &DrugTotals) {
    let mut by_grams: Vec<(&str, f64)> = drugs
        .iter()
        .filter(|(_, v)| v.0 > 0.0)
        .map(|(k, v)| (*k, v.0))
        .collect();
    by_grams.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    if by_grams.is_empty() {
        h.push_str("<p>No seizures by mass.</p>\n");
    } else {
        chart(h, &by_grams);
    }
}

/// One row per drug: mentions, grams, mass and other units (nothing when
/// there are no seizures: the chart's place already says so).
fn drug_table(h: &mut String, drugs: &DrugTotals) {
    if drugs.is_empty() {
        return;
    }
    h.push_str("<table>\n<tr><th>drug</th><th>mentions</th><th>grams</th><th>mass</th><th>other units</th></tr>\n");
    for (drug, (grams, n, units)) in drugs {
        let other: Vec<String> = units
            .iter()
            .map(|(u, q)| format!("{} {u}", number(*q)))
            .collect();
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"n\">{n}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(drug),
            if *grams > 0.0 { number(*grams) } else { String::new() },
            if *grams > 0.0 { mass(*grams) } else { String::new() },
            esc(&other.join(", "))
        );
    }
    h.push_str("</table>\n");
}

/// One row per currency, one column per role (with the number of mentions).
fn money_table(h: &mut String, money: &Sums<(&str, &str)>) {
    if money.is_empty() {
        h.push_str("<p>No money.</p>\n");
        return;
    }
    // Known roles in ROLES order, then any other role by name.
    let mut roles: Vec<&str> = money.keys().map(|(_, r)| *r).collect();
    roles.sort_by_key(|r| (ROLES.iter().position(|x| x == r).unwrap_or(ROLES.len()), *r));
    roles.dedup();
    h.push_str("<table>\n<tr><th>currency</th>");
    for r in &roles {
        let _ = write!(h, "<th>{}</th>", esc(r));
    }
    h.push_str("</tr>\n");
    let currencies: BTreeSet<&str> = money.keys().map(|(c, _)| *c).collect();
    for cur in currencies {
        let _ = write!(h, "<tr><td>{}</td>", esc(cur));
        for r in &roles {
            match money.get(&(cur, *r)) {
                Some((amount, n)) => {
                    let _ = write!(
                        h,
                        "<td class=\"n\">{} <small>({n}×)</small></td>",
                        number(*amount)
                    );
                }
                None => h.push_str("<td></td>"),
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n");
}

/// One row per thing counted: mentions and total.
fn count_table(h: &mut String, counts: &Sums<&str>) {
    if counts.is_empty() {
        h.push_str("<p>No counts.</p>\n");
        return;
    }
    h.push_str("<table>\n<tr><th>what</th><th>mentions</th><th>total</th></tr>\n");
    for (what, (value, n)) in counts {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"n\">{n}</td><td class=\"n\">{}</td></tr>",
            esc(what),
            number(*value)
        );
    }
    h.push_str("</table>\n");
}

/// A horizontal bar chart of seized grams by drug, drawn as inline SVG with
/// the drug and the mass written beside each bar.
fn chart(h: &mut String, rows: &[(&str, f64)]) {
    const LABEL_W: f64 = 190.0;
    const BAR_W: f64 = 480.0;
    const ROW_H: f64 = 26.0;
    const TOP: f64 = 8.0;
    let width = LABEL_W + BAR_W + 150.0;
    let height = TOP * 2.0 + ROW_H * rows.len() as f64;
    let max = rows.iter().map(|r| r.1).fold(0.0, f64::max);
    let _ = writeln!(
        h,
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"chart-title\">\n<title id=\"chart-title\">Seized mass by drug (grams, all articles)</title>"
    );
    for (i, (drug, grams)) in rows.iter().enumerate() {
        let y = TOP + ROW_H * i as f64;
        let w = if max > 0.0 {
            (grams / max * BAR_W).max(1.5)
        } else {
            0.0
        };
        let _ = writeln!(
            h,
            "<g><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"{LABEL_W}\" y=\"{}\" width=\"{w:.1}\" height=\"{}\" fill=\"#c0392b\" stroke=\"#333\" stroke-width=\"0.5\"><title>{}: {} g</title></rect><text x=\"{:.1}\" y=\"{}\">{}</text></g>",
            LABEL_W - 8.0,
            y + ROW_H * 0.65,
            esc(drug),
            y + 4.0,
            ROW_H - 8.0,
            esc(drug),
            number(*grams),
            LABEL_W + w + 6.0,
            y + ROW_H * 0.65,
            esc(&mass(*grams))
        );
    }
    h.push_str("</svg>\n");
}

fn tally(r: &Record) -> String {
    let parts = [
        (r.seizures.len(), "seizures"),
        (r.cash.len(), "money"),
        (r.counts.len(), "counts"),
        (r.dates.len(), "dates"),
        (r.quotes.len(), "quotes"),
        (r.officials.len(), "officials"),
    ];
    let list: Vec<String> = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, w)| format!("{n} {w}"))
        .collect();
    if list.is_empty() {
        "no facts".into()
    } else {
        list.join(", ")
    }
}

fn article(h: &mut String, i: usize, record: &Record, text: &str) {
    let id = format!("a{}", i + 1);
    let _ = writeln!(
        h,
        "<article id=\"{id}\">\n<h2>{}</h2>\n<p class=\"meta\">{}{}</p>",
        esc(&record.source),
        match &record.published {
            Some(d) => format!("published {} · ", esc(d)),
            None => "published: not stated · ".to_string(),
        },
        esc(&tally(record))
    );
    for w in &record.warnings {
        let _ = writeln!(h, "<p class=\"warn\">warning: {}</p>", esc(w));
    }
    let marks = highlights(record);
    h.push_str("<div class=\"text\">");
    h.push_str(&highlight(text, &marks, &id));
    h.push_str("</div>\n");
    if !marks.is_empty() {
        let _ = writeln!(
            h,
            "<details><summary>The {} as a table</summary>\n<table>\n<tr><th>kind</th><th>text</th><th>value</th><th>span</th></tr>",
            match marks.len() {
                1 => "fact".to_string(),
                n => format!("{n} facts"),
            }
        );
        for m in &marks {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}–{}</td></tr>",
                KINDS[m.kind].0,
                esc(text.get(m.start..m.end).unwrap_or("")),
                esc(&m.title),
                m.start,
                m.end
            );
        }
        h.push_str("</table>\n</details>\n");
    }
    h.push_str("</article>\n");
}

/// Every fact of `r` as a highlight, in record order.
fn highlights(r: &Record) -> Vec<Highlight> {
    let mut out = Vec::new();
    let mut add = |kind: usize, p: &crate::record::Provenance, what: String| {
        out.push(Highlight {
            start: p.span[0],
            end: p.span[1],
            kind,
            title: format!("{}: {what} · rule {}", KINDS[kind].0, p.rule),
        });
    };
    for s in &r.seizures {
        let mut what = format!("{}, {} {}", s.drug, number(s.quantity), s.unit);
        if let Some(g) = s.grams {
            let _ = write!(what, " ({} g)", number(g));
        }
        if s.approximate {
            what.push_str(", approximate");
        }
        if let Some(v) = &s.value {
            let _ = write!(what, ", value {} {}", number(v.amount), v.currency);
        }
        add(0, &s.provenance, what);
    }
    for m in &r.cash {
        let mut what = format!("{} {}, {}", number(m.amount), m.currency, m.role);
        if m.approximate {
            what.push_str(", approximate");
        }
        add(1, &m.provenance, what);
    }
    for c in &r.counts {
        add(
            2,
            &c.provenance,
            format!("{} = {}", c.what, number(c.value)),
        );
    }
    for d in &r.dates {
        let start = d.start.as_deref().unwrap_or("?");
        let end = d.end.as_deref().unwrap_or("?");
        let mut what = if start == end {
            start.to_string()
        } else {
            format!("{start} to {end}")
        };
        let _ = write!(what, " ({}", d.precision);
        if d.relative {
            what.push_str(", relative");
        }
        what.push(')');
        if let Some(t) = &d.time {
            let _ = write!(what, " at {t}");
        }
        add(3, &d.provenance, what);
    }
    for q in &r.quotes {
        let who = person(q.speaker.as_deref(), &[&q.title, &q.role, &q.organisation]);
        add(4, &q.provenance, format!("speaker {who}"));
    }
    for o in &r.officials {
        let who = person(Some(&o.name), &[&o.title, &o.role, &o.organisation]);
        add(5, &o.provenance, who);
    }
    out
}

fn person(name: Option<&str>, more: &[&Option<String>]) -> String {
    let mut parts = vec![name.unwrap_or("unknown").to_string()];
    parts.extend(more.iter().filter_map(|x| x.as_ref().cloned()));
    parts.join(", ")
}

/// `text` as HTML with `marks` highlighted. Marks that nest are nested; a
/// mark that crosses the end of an enclosing one is split at that end (the
/// pieces share one `data-fact`, the kind label goes on the last piece).
/// Marks with an empty or invalid span are left out.
fn highlight(text: &str, marks: &[Highlight], article: &str) -> String {
    let ok = |m: &Highlight| {
        m.start < m.end
            && m.end <= text.len()
            && text.is_char_boundary(m.start)
            && text.is_char_boundary(m.end)
    };
    // Pending pieces: (start, longest first, fact index, end).
    let mut queue: BTreeSet<(usize, Reverse<usize>, usize)> = marks
        .iter()
        .enumerate()
        .filter(|(_, m)| ok(m))
        .map(|(i, m)| (m.start, Reverse(m.end), i))
        .collect();
    let mut out = String::with_capacity(text.len() * 2);
    let mut open: Vec<(usize, usize)> = Vec::new(); // (end, fact index)
    let mut pos = 0;
    let close = |out: &mut String, open: &mut Vec<(usize, usize)>, pos: &mut usize| {
        let (end, i) = open.pop().expect("an open mark");
        out.push_str(&esc(&text[*pos..end]));
        *pos = end;
        if end == marks[i].end {
            let _ = write!(out, "<span class=\"lab\">{}</span>", KINDS[marks[i].kind].0);
        }
        out.push_str("</mark>");
    };
    while let Some((start, Reverse(end), i)) = queue.pop_first() {
        while open.last().is_some_and(|(e, _)| *e <= start) {
            close(&mut out, &mut open, &mut pos);
        }
        out.push_str(&esc(&text[pos..start]));
        pos = start;
        let mut end = end;
        if let Some(&(outer, _)) = open.last() {
            if end > outer {
                queue.insert((outer, Reverse(end), i));
                end = outer;
            }
        }
        let m = &marks[i];
        let (name, colour) = KINDS[m.kind];
        let _ = write!(
            out,
            "<mark class=\"k-{name}\" style=\"background:{colour}\" data-kind=\"{name}\" data-fact=\"{article}-f{}\" title=\"{}\">",
            i + 1,
            esc(&m.title)
        );
        open.push((end, i));
    }
    while !open.is_empty() {
        close(&mut out, &mut open, &mut pos);
    }
    out.push_str(&esc(&text[pos..]));
    out
}

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A number with thousands separators and at most three decimals.
fn number(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let s = format!("{:.3}", x.abs());
    let s = s.trim_end_matches('0').trim_end_matches('.');
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let mut grouped = String::new();
    for (k, c) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if x < 0.0 && s != "0" { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// A mass in grams, in the unit a reader expects: `1.4 t`, `160 kg`, `28 g`.
fn mass(g: f64) -> String {
    if g >= 1e6 {
        format!("{} t", number(g / 1e6))
    } else if g >= 1e3 {
        format!("{} kg", number(g / 1e3))
    } else {
        format!("{} g", number(g))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hl(start: usize, end: usize, kind: usize) -> Highlight {
        Highlight {
            start,
            end,
            kind,
            title: format!("t{start}"),
        }
    }

    /// Every `<mark` is closed and nothing closes what is not open.
    fn balanced(html: &str) -> bool {
        let mut depth = 0i64;
        let mut rest = html;
        while let Some(k) = rest.find('<') {
            rest = &rest[k..];
            if rest.starts_with("<mark") {
                depth += 1;
            } else if rest.starts_with("</mark>") {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            rest = &rest[1..];
        }
        depth == 0
    }

    fn visible(html: &str) -> String {
        // Text without tags and labels, unescaped: must equal the input.
        let no_labels = regex::Regex::new(r#"<span class="lab">[^<]*</span>"#)
            .unwrap()
            .replace_all(html, "");
        let no_tags = regex::Regex::new(r"<[^>]*>")
            .unwrap()
            .replace_all(&no_labels, "");
        no_tags
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    #[test]
    fn nested_and_crossing_spans_stay_well_formed() {
        let text = "He said \"we seized 5kg of <b>cocaine</b> worth £1m\" on 3 May & left.";
        let marks = vec![
            hl(8, 51, 4),   // the quote
            hl(19, 40, 0),  // seizure inside it
            hl(47, 50, 1),  // money inside it
            hl(45, 60, 3),  // crosses the quote's end
            hl(19, 40, 2),  // same span as the seizure
            hl(5, 5, 2),    // empty: left out
            hl(60, 999, 2), // out of range: left out
        ];
        let html = highlight(text, &marks, "a1");
        assert!(balanced(&html), "{html}");
        assert_eq!(visible(&html), text);
        assert!(!html.contains("<b>"));
        // The crossing mark is split in two pieces sharing its id, one label.
        assert_eq!(html.matches("data-fact=\"a1-f4\"").count(), 2);
        assert_eq!(html.matches("<span class=\"lab\">date</span>").count(), 1);
        assert_eq!(html.matches("data-fact=\"a1-f6\"").count(), 0);
        assert_eq!(html.matches("data-fact=\"a1-f7\"").count(), 0);
    }

    #[test]
    fn multibyte_text_and_numbers() {
        let text = "£30,000 — “quoted” é";
        let marks = vec![hl(0, 7, 1), hl(14, 26, 4)];
        let html = highlight(text, &marks, "a1");
        assert!(balanced(&html));
        assert_eq!(visible(&html), text);
        assert_eq!(number(1_400_000.0), "1,400,000");
        assert_eq!(number(460.5), "460.5");
        assert_eq!(number(-0.0001), "0");
        assert_eq!(mass(1_400_000.0), "1.4 t");
        assert_eq!(mass(160_000.0), "160 kg");
        assert_eq!(mass(28.35), "28.35 g");
    }

    #[test]
    fn escapes_sources_and_has_summary_for_many() {
        let r = Record {
            source: "<script>alert(1)</script>.txt".into(),
            ..Record::default()
        };
        let page = render(&[(r.clone(), "a < b".into()), (r, String::new())]);
        assert!(!page.contains("<script"));
        assert!(page.contains("a &lt; b"));
        assert!(page.contains("id=\"summary\""));
        assert!(page.contains("href=\"#a2\""));
    }
}
