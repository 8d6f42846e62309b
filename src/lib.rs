//! blotter: structured records from police press releases and crime news.
//!
//! The pipeline, one layer per folder, each looking only down:
//! [`text`] (normalise, split, numbers) → [`rules`] (the rule language:
//! loading, pieces, lexicons, anchors) → [`engine`] (page furniture set
//! aside, the gate, matching) → [`facts`] (seizures, money, counts, dates,
//! quotes) → [`record`] → [`output`] (JSON, CSV, HTML, explain). [`app`] is
//! the command-line application around it (files, batch, pipe, progress).
//!
//! ```
//! let extractor = blotter::Extractor::new(blotter::rules::RuleSet::builtin().unwrap());
//! let record = extractor.extract("-", "Officers seized 460.5g of cocaine. 64 arrests were made.");
//! assert_eq!(record.seizures[0].drug, "cocaine");
//! assert_eq!(record.counts[0].value, 64.0);
//! ```

pub mod app;
pub mod engine;
pub mod examples;
pub mod facts;
pub mod options;
pub mod output;
pub mod record;
pub mod rules;
pub mod text;

use engine::lines;
use facts::{dates, quotes, resolve};
pub use options::Options;
use record::Record;
use rules::{Kind, RuleSet};
use text::{normalise, split};

const ALL_KINDS: [Kind; 5] = [
    Kind::Seizure,
    Kind::Money,
    Kind::Count,
    Kind::Date,
    Kind::Exclude,
];

/// Extracts records from article text with a compiled rule set.
pub struct Extractor {
    pub rules: RuleSet,
    pub options: Options,
}

impl Extractor {
    pub fn new(rules: RuleSet) -> Extractor {
        Extractor {
            rules,
            options: Options::default(),
        }
    }

    pub fn with_options(rules: RuleSet, options: Options) -> Extractor {
        Extractor { rules, options }
    }

    /// Reads one article. `source` is recorded as given.
    pub fn extract(&self, source: &str, text: &str) -> Record {
        self.extract_with(source, text, &self.options)
    }

    /// Reads one article with options other than the extractor's own.
    pub fn extract_with(&self, source: &str, text: &str, options: &Options) -> Record {
        let (norm, stamp) = self.prepare(text);
        let sentences = split::split(&norm);
        let matches = engine::run(&self.rules, &norm, &sentences, &ALL_KINDS);
        self.finish(
            source,
            text,
            &norm,
            stamp.as_deref(),
            &sentences,
            matches,
            options,
        )
    }

    /// Normalises `text` and sets its page furniture aside (blanked, byte
    /// for byte, see [`lines`]); also returns the publication stamp's text.
    pub fn prepare(&self, text: &str) -> (String, Option<String>) {
        let norm = normalise::normalise(text);
        let lines = lines::classify(&self.rules, &norm);
        let stamp = lines::stamp(&norm, &lines).map(str::to_string);
        let masked = lines::mask(&norm, &lines).into_owned();
        (masked, stamp)
    }

    /// The lines of `text` (normalised) with their classes.
    pub fn lines(&self, text: &str) -> (String, Vec<lines::Line>) {
        let norm = normalise::normalise(text);
        let lines = lines::classify(&self.rules, &norm);
        (norm, lines)
    }

    /// Reads several articles (source, text) at once: the same records as
    /// [`Extractor::extract`] one by one, faster, because each rule runs
    /// over all of them in turn ([`engine::run_many`]).
    pub fn extract_many(&self, docs: &[(&str, &str)]) -> Vec<Record> {
        let (norms, stamps): (Vec<String>, Vec<Option<String>>) =
            docs.iter().map(|d| self.prepare(d.1)).unzip();
        let sentences: Vec<Vec<split::Sentence>> = norms.iter().map(|n| split::split(n)).collect();
        let pairs: Vec<(&str, &[split::Sentence])> = norms
            .iter()
            .zip(&sentences)
            .map(|(n, s)| (n.as_str(), s.as_slice()))
            .collect();
        let matches = engine::run_many(&self.rules, &pairs, &ALL_KINDS);
        docs.iter()
            .zip(norms.iter().zip(&sentences))
            .zip(matches.into_iter().zip(&stamps))
            .map(|((&(source, text), (norm, sentences)), (m, stamp))| {
                self.finish(
                    source,
                    text,
                    norm,
                    stamp.as_deref(),
                    sentences,
                    m,
                    &self.options,
                )
            })
            .collect()
    }

    /// The stages after matching: resolve, dates, quotes, and the record.
    #[allow(clippy::too_many_arguments)]
    fn finish(
        &self,
        source: &str,
        text: &str,
        norm: &str,
        stamp: Option<&str>,
        sentences: &[split::Sentence],
        matches: Vec<engine::Match>,
        options: &Options,
    ) -> Record {
        let ranked = resolve::rank(&self.rules, matches);
        let ctx = resolve::Context::new(&self.rules, norm);
        let facts = resolve::facts(&self.rules, norm, sentences, &ranked, &ctx);
        let date_matches: Vec<engine::Match> = ranked
            .iter()
            .filter(|m| self.rules.rules[m.rule].kind == Kind::Date)
            .cloned()
            .collect();
        let mut warnings = Vec::new();
        let (dates, published) = isolate("dates", &mut warnings, || {
            let stamp = stamp.and_then(|s| dates::read_stamp(&self.rules, s, options));
            dates::extract_dated(&self.rules, norm, sentences, &date_matches, options, stamp)
        });
        let (quotes, officials) = isolate("quotes", &mut warnings, || {
            quotes::extract(&self.rules, norm, sentences)
        });
        let mut record = Record {
            source: source.to_string(),
            published,
            seizures: facts.seizures,
            cash: facts.cash,
            counts: facts.counts,
            dates,
            quotes,
            officials,
            warnings,
        };
        record::restore_text(&mut record, text);
        record
    }
}

/// The one panic boundary of the crate: runs `f` and turns a panic (a bug)
/// into its message, so one bad article or stage never ends a batch. The
/// stages below use it through [`isolate`]; the application uses it around
/// whole articles.
pub fn guard<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default()
    })
}

/// Runs one stage of the pipeline so that a bug in it costs that stage's
/// facts, not the whole record: the record says which stage failed.
fn isolate<T: Default>(stage: &str, warnings: &mut Vec<String>, f: impl FnOnce() -> T) -> T {
    guard(f).unwrap_or_else(|why| {
        warnings.push(format!("internal error in the {stage} stage ({why}): its facts are missing (please report this article)"));
        T::default()
    })
}
