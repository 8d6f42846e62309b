//! A rule's `set = { ... }`: the constants and switches its facts take,
//! read once at load into a type the code asks by field.
//!
//! Written as strings in a rule file, they were compared as strings where
//! each was read, so a typo (`packging = "yes"`, `ref_scope = "sentense"`)
//! was silently ignored and the rule quietly did something else. Every key
//! is listed here with the kinds of rule it serves and the values it takes;
//! anything else is an error naming the file, the line and the rule.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Kind;

/// How far back a seizure's reference (`the drugs`, `the haul`) looks for
/// the drug it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefScope {
    /// The sentence of the match (and the drug named just before it).
    Sentence,
    /// Only a drug named close before the match.
    Near,
    /// The drug of the last seizure counted in the same unit ("25,000
    /// more pills"); none, when there is none.
    Unit,
}

/// What a line rule's class reaches beyond the line it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineScope {
    /// Only near the top of the page.
    Top,
    /// The line and the block of lines after it.
    Block,
    /// The line opens the rest of the page, all of it furniture: the
    /// reader comments under an article ("4 Responses to ...").
    Rest,
}

/// What a line of the page is; a line rule's class is the one it gives
/// the lines it claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LineClass {
    Body,
    Headline,
    Byline,
    Stamp,
    List,
    Furniture,
}

impl LineClass {
    pub const ALL: [LineClass; 6] = [
        LineClass::Body,
        LineClass::Headline,
        LineClass::Byline,
        LineClass::Stamp,
        LineClass::List,
        LineClass::Furniture,
    ];

    pub fn name(self) -> &'static str {
        match self {
            LineClass::Body => "body",
            LineClass::Headline => "headline",
            LineClass::Byline => "byline",
            LineClass::Stamp => "stamp",
            LineClass::List => "list",
            LineClass::Furniture => "furniture",
        }
    }

    pub fn parse(s: &str) -> Option<LineClass> {
        LineClass::ALL.into_iter().find(|c| c.name() == s)
    }

    /// Whether text of this class is kept out of the facts.
    pub fn set_aside(self) -> bool {
        matches!(
            self,
            LineClass::Byline | LineClass::Stamp | LineClass::Furniture
        )
    }
}

/// A rule's settings, as its file's `set` gave them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    /// count: the kind every count of the rule counts (`what`).
    pub what: Option<String>,
    /// count: a second kind the same number counts ("arrested and charged").
    pub also: Option<String>,
    /// count: the kind the second number (`count2`) counts.
    pub what2: Option<String>,
    /// seizure: the unit when the pattern captures none.
    pub unit: Option<String>,
    /// seizure: the drug when the pattern captures none.
    pub drug: Option<String>,
    /// seizure: where a reference finds its drug.
    pub ref_scope: Option<RefScope>,
    /// seizure and date: every quantity or date of a list is a fact.
    pub each: bool,
    /// seizure: the counted units are the weight's packaging.
    pub packaging: bool,
    /// seizure: a running total, kept beside the seizures it adds up.
    pub total: bool,
    /// seizure: two quantities, two facts (a unit may be shared).
    pub split: bool,
    /// seizure: one weight in two units ("3lb 4oz").
    pub compound: bool,
    /// seizure: a count of a weight each ("ten one-kilogram packages").
    pub multiply: bool,
    /// money: the currency when the pattern captures none.
    pub currency: Option<String>,
    /// money: the role of every amount (seized, value, other).
    pub role: Option<String>,
    /// A match with a `veto` capture takes no span, so another rule may
    /// read its text.
    pub veto_span_free: bool,
    /// exclude: the kinds the rule vetoes (all, when not set).
    pub suppress: Option<Vec<Kind>>,
    /// line: the class of the lines the rule claims.
    pub class: Option<LineClass>,
    /// line: how far the class reaches.
    pub scope: Option<LineScope>,
}

/// One key a `set` may hold.
struct Key {
    name: &'static str,
    /// The kinds of rule it serves.
    kinds: &'static [Kind],
    /// What it takes, said in an error.
    takes: &'static str,
}

const SEIZURE: &[Kind] = &[Kind::Seizure];

const fn key(name: &'static str, kinds: &'static [Kind], takes: &'static str) -> Key {
    Key { name, kinds, takes }
}
const YES_NO: &str = "\"yes\" or \"no\"";

/// Every key, in the order an error lists them.
const KEYS: &[Key] = &[
    key("what", &[Kind::Count], "a count kind"),
    key("also", &[Kind::Count], "a count kind"),
    key("what2", &[Kind::Count], "a count kind"),
    key("unit", SEIZURE, "a unit"),
    key("drug", SEIZURE, "a drug"),
    key("ref_scope", SEIZURE, "\"sentence\", \"near\" or \"unit\""),
    key("each", &[Kind::Seizure, Kind::Date], YES_NO),
    key("packaging", SEIZURE, YES_NO),
    key("total", SEIZURE, YES_NO),
    key("split", SEIZURE, YES_NO),
    key("compound", SEIZURE, YES_NO),
    key("multiply", SEIZURE, YES_NO),
    key("currency", &[Kind::Money], "a currency"),
    key("role", &[Kind::Money], "\"seized\", \"value\" or \"other\""),
    key(
        "veto_span",
        &[Kind::Seizure, Kind::Money, Kind::Count, Kind::Date],
        "\"free\"",
    ),
    key(
        "suppress",
        &[Kind::Exclude],
        "kinds separated by commas (seizure, money, count, date)",
    ),
    key(
        "class",
        &[Kind::Line],
        "\"body\", \"headline\", \"byline\", \"stamp\", \"list\" or \"furniture\"",
    ),
    key("scope", &[Kind::Line], "\"top\", \"block\" or \"rest\""),
];

/// Why a rule's `set` was refused: the key it is about, and the reason.
#[derive(Debug, Clone, PartialEq)]
pub struct SetError {
    pub key: String,
    pub message: String,
}

impl Settings {
    /// Reads the `set` of a rule of `kind`: every key known and meant for
    /// that kind, every value one the key takes.
    pub fn read(set: &BTreeMap<String, String>, kind: Kind) -> Result<Settings, SetError> {
        let mut s = Settings::default();
        for (key, value) in set {
            let fail = |message: String| SetError {
                key: key.clone(),
                message,
            };
            let Some(k) = KEYS.iter().find(|k| k.name == key) else {
                let known: Vec<&str> = KEYS
                    .iter()
                    .filter(|k| k.kinds.contains(&kind))
                    .map(|k| k.name)
                    .collect();
                return Err(fail(format!(
                    "unknown `set` key `{key}` (a {} rule takes: {})",
                    kind.name(),
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                )));
            };
            if !k.kinds.contains(&kind) {
                let kinds: Vec<&str> = k.kinds.iter().map(|k| k.name()).collect();
                return Err(fail(format!(
                    "`set` key `{key}` is for {} rules, not {}",
                    kinds.join(" and "),
                    kind.name()
                )));
            }
            let bad = || fail(format!("`{key} = \"{value}\"`: `{key}` takes {}", k.takes));
            let switch = || match value.as_str() {
                "yes" => Ok(true),
                "no" => Ok(false),
                _ => Err(bad()),
            };
            let text = || {
                if value.trim().is_empty() {
                    Err(bad())
                } else {
                    Ok(Some(value.clone()))
                }
            };
            match k.name {
                "what" => s.what = text()?,
                "also" => s.also = text()?,
                "what2" => s.what2 = text()?,
                "unit" => s.unit = text()?,
                "drug" => s.drug = text()?,
                "currency" => s.currency = text()?,
                "ref_scope" => {
                    s.ref_scope = Some(match value.as_str() {
                        "sentence" => RefScope::Sentence,
                        "near" => RefScope::Near,
                        "unit" => RefScope::Unit,
                        _ => return Err(bad()),
                    })
                }
                "each" => s.each = switch()?,
                "packaging" => s.packaging = switch()?,
                "total" => s.total = switch()?,
                "split" => s.split = switch()?,
                "compound" => s.compound = switch()?,
                "multiply" => s.multiply = switch()?,
                "role" => {
                    if !["seized", "value", "other"].contains(&value.as_str()) {
                        return Err(bad());
                    }
                    s.role = Some(value.clone());
                }
                "veto_span" => {
                    if value != "free" {
                        return Err(bad());
                    }
                    s.veto_span_free = true;
                }
                "suppress" => {
                    let kinds = value
                        .split(',')
                        .map(|k| match Kind::parse(k.trim()) {
                            Some(k @ (Kind::Seizure | Kind::Money | Kind::Count | Kind::Date)) => {
                                Ok(k)
                            }
                            _ => Err(bad()),
                        })
                        .collect::<Result<Vec<Kind>, SetError>>()?;
                    s.suppress = Some(kinds);
                }
                "class" => s.class = Some(LineClass::parse(value).ok_or_else(bad)?),
                "scope" => {
                    s.scope = Some(match value.as_str() {
                        "top" => LineScope::Top,
                        "block" => LineScope::Block,
                        "rest" => LineScope::Rest,
                        _ => return Err(bad()),
                    })
                }
                other => unreachable!("set key `{other}` listed but not read"),
            }
        }
        Ok(s)
    }

    /// Whether the rule's exclude matches veto facts of `kind`.
    pub fn suppresses(&self, kind: Kind) -> bool {
        self.suppress.as_ref().is_none_or(|ks| ks.contains(&kind))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(kind: Kind, pairs: &[(&str, &str)]) -> Result<Settings, SetError> {
        let set = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::read(&set, kind)
    }

    #[test]
    fn every_key_listed_is_read() {
        // A key added to KEYS but not to `read`'s match would panic here.
        for k in KEYS {
            let value = match k.name {
                "ref_scope" => "near",
                "role" => "value",
                "veto_span" => "free",
                "suppress" => "seizure",
                "class" => "stamp",
                "scope" => "top",
                _ if k.takes == YES_NO => "yes",
                _ => "arrests",
            };
            read(k.kinds[0], &[(k.name, value)]).unwrap_or_else(|e| panic!("{}: {e:?}", k.name));
        }
    }

    #[test]
    fn values_become_types() {
        let s = read(
            Kind::Seizure,
            &[("ref_scope", "unit"), ("total", "yes"), ("split", "no")],
        )
        .unwrap();
        assert_eq!(s.ref_scope, Some(RefScope::Unit));
        assert!(s.total && !s.split && !s.packaging);
        let x = read(Kind::Exclude, &[("suppress", "seizure, count")]).unwrap();
        assert!(x.suppresses(Kind::Seizure) && x.suppresses(Kind::Count));
        assert!(!x.suppresses(Kind::Money));
        assert!(Settings::default().suppresses(Kind::Date));
        let l = read(Kind::Line, &[("class", "byline"), ("scope", "block")]).unwrap();
        assert_eq!(
            (l.class, l.scope),
            (Some(LineClass::Byline), Some(LineScope::Block))
        );
    }

    #[test]
    fn typos_and_misplaced_keys_are_errors() {
        let e = read(Kind::Seizure, &[("packging", "yes")]).unwrap_err();
        assert_eq!(e.key, "packging");
        assert!(
            e.message.contains("unknown `set` key `packging`"),
            "{}",
            e.message
        );
        assert!(
            e.message.contains("packaging"),
            "lists the keys: {}",
            e.message
        );
        let e = read(Kind::Seizure, &[("ref_scope", "sentense")]).unwrap_err();
        assert!(
            e.message.contains("\"sentence\", \"near\" or \"unit\""),
            "{}",
            e.message
        );
        let e = read(Kind::Money, &[("what", "arrests")]).unwrap_err();
        assert!(
            e.message.contains("for count rules, not money"),
            "{}",
            e.message
        );
        assert!(read(Kind::Seizure, &[("split", "true")]).is_err());
        assert!(read(Kind::Exclude, &[("suppress", "seizures")]).is_err());
        assert!(read(Kind::Line, &[("class", "chrome")]).is_err());
        assert!(read(Kind::Count, &[("what", " ")]).is_err());
    }
}
