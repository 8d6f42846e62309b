//! blotter: structured records from police press releases and crime news.
//!
//! The pipeline, one layer per folder, each looking only down:
//! [`text`] (normalise, split, numbers) → [`rules`] (the rule language:
//! loading, pieces, lexicons, anchors) → [`engine`] (page furniture set
//! aside, the gate, matching) → [`facts`] (seizures, money, counts, dates,
//! quotes) → [`record`] → [`output`] (JSON, CSV, HTML, explain). One staged
//! pipeline runs them (`pipeline.rs`, timed through [`StageTimes`]); [`app`]
//! is the command-line application around it (files, batch, pipe, progress).
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
pub(crate) mod facts;
mod options;
pub mod output;
mod pipeline;
pub mod record;
pub mod rules;
#[cfg(test)]
mod testing;
pub mod text;

use engine::lines;
pub use facts::dates::is_iso_date;
pub use options::Options;
pub use pipeline::StageTimes;
use record::Record;
use rules::RuleSet;
use text::normalise;

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
        let mut times = StageTimes::default();
        let mut records = pipeline::run(self, &[(source, text)], options, &mut times);
        records.pop().expect("one record per article")
    }

    /// Normalises `text` and sets its page furniture aside (blanked, byte
    /// for byte, see [`lines`]); also returns the publication stamp's text.
    pub fn prepare(&self, text: &str) -> (String, Option<String>) {
        let (masked, stamp, _) = self.prepare_in(text, false);
        (masked, stamp)
    }

    /// [`Extractor::prepare`] for a text read in a `batch` of several
    /// ([`lines::classify_in`]).
    /// Also returns the lines of the blanked text that are not blank
    /// ([`lines::masked_lines`]).
    pub(crate) fn prepare_in(
        &self,
        text: &str,
        batch: bool,
    ) -> (String, Option<String>, Vec<(usize, usize)>) {
        let norm = normalise::normalise(text);
        let lines = lines::classify_in(&self.rules, &norm, batch);
        let stamp = lines::stamp(&norm, &lines).map(str::to_string);
        // Most articles have nothing set aside: the text normalised is the
        // text blanked, not copied.
        let masked = match lines::mask(&norm, &lines) {
            std::borrow::Cow::Owned(masked) => masked,
            std::borrow::Cow::Borrowed(_) => norm,
        };
        let kept = lines::masked_lines(&masked, &lines);
        (masked, stamp, kept)
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
        self.extract_many_timed(docs, &mut StageTimes::default())
    }

    /// [`Extractor::extract_many`], adding each stage's time into `times`.
    pub fn extract_many_timed(&self, docs: &[(&str, &str)], times: &mut StageTimes) -> Vec<Record> {
        pipeline::run(self, docs, &self.options, times)
    }
}

/// The one panic boundary of the crate: runs `f` and turns a panic (a bug)
/// into its message, so one bad article or stage never ends a batch. The
/// pipeline uses it around each stage that may fail alone; the application
/// around whole chunks and articles.
pub fn guard<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default()
    })
}
