//! The staged pipeline, the one way an article is read: prepare (normalise
//! and set the page furniture aside) → split → match → resolve → dates →
//! quotes → record. It runs over a chunk of articles a stage at a time (the
//! rules run over the whole chunk rule by rule, which keeps each rule's
//! automaton in the CPU's cache) and adds each stage's elapsed time into a
//! [`StageTimes`] the caller passes: one clock reading per stage per chunk,
//! cheap enough to take always. [`crate::Extractor`]'s `extract` and
//! `extract_many`, and through them the batch, the report and the
//! benchmark, all run this one pipeline.

use std::time::{Duration, Instant};

use crate::engine::{self, Match};
use crate::facts::{dates, quotes, resolve};
use crate::record::{self, Record};
use crate::rules::Kind;
use crate::text::split::{self, Sentence};
use crate::{Extractor, Options};

const ALL_KINDS: [Kind; 5] = [
    Kind::Seizure,
    Kind::Money,
    Kind::Count,
    Kind::Date,
    Kind::Exclude,
];

/// Time spent in each stage, added up over chunks (and threads). `read` and
/// `write` (reading files, rendering records) belong to the application
/// around the pipeline, which adds them; the pipeline adds the building of
/// each record to `write`.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct StageTimes {
    pub read: Duration,
    pub normalise: Duration,
    pub split: Duration,
    pub matching: Duration,
    pub resolve: Duration,
    pub dates: Duration,
    pub quotes: Duration,
    pub write: Duration,
}

impl StageTimes {
    pub fn add(&mut self, o: &StageTimes) {
        self.merge(o, |a, b| a + b);
    }

    /// Every stage, in pipeline order, with the name the benchmark prints.
    pub fn named(&self) -> [(&'static str, Duration); 8] {
        [
            ("read", self.read),
            ("normalise", self.normalise),
            ("split", self.split),
            ("match", self.matching),
            ("resolve", self.resolve),
            ("dates", self.dates),
            ("quotes", self.quotes),
            ("write", self.write),
        ]
    }

    /// Each stage's shorter time of `self` and `o`: the best of several
    /// runs stage by stage (on a shared machine one run's stages swing by
    /// a tenth each way, not all at once).
    pub fn min(&self, o: &StageTimes) -> StageTimes {
        let mut out = *self;
        out.merge(o, Duration::min);
        out
    }

    /// Each stage's time made `f` of it and `o`'s.
    fn merge(&mut self, o: &StageTimes, f: impl Fn(Duration, Duration) -> Duration) {
        for (mine, theirs) in self.fields_mut().into_iter().zip(o.named()) {
            *mine = f(*mine, theirs.1);
        }
    }

    pub fn total(&self) -> Duration {
        self.named().iter().map(|s| s.1).sum()
    }

    fn fields_mut(&mut self) -> [&mut Duration; 8] {
        [
            &mut self.read,
            &mut self.normalise,
            &mut self.split,
            &mut self.matching,
            &mut self.resolve,
            &mut self.dates,
            &mut self.quotes,
            &mut self.write,
        ]
    }
}

/// Reads from one clock and charges the time since the last lap to a stage
/// as soon as it ends, so the times up to a panic are kept.
pub(crate) struct Clock(Instant);

impl Clock {
    pub(crate) fn start() -> Clock {
        Clock(Instant::now())
    }

    pub(crate) fn lap(&mut self, stage: &mut Duration) {
        let now = Instant::now();
        *stage += now - self.0;
        self.0 = now;
    }
}

/// One article on its way through the stages.
struct Doc<'a> {
    source: &'a str,
    text: &'a str,
    norm: String,
    stamp: Option<String>,
    /// The non-blank lines of `norm`, trimmed: the quotes stage's paragraphs.
    lines: Vec<(usize, usize)>,
    sentences: Vec<Sentence>,
    ranked: Vec<Match>,
    seizures: Vec<record::Seizure>,
    cash: Vec<record::Money>,
    counts: Vec<record::Count>,
    dates: Vec<record::DateFact>,
    published: Option<String>,
    quotes: Vec<record::Quote>,
    officials: Vec<record::Official>,
    warnings: Vec<String>,
}

/// Runs every stage over `docs` (source, text), in order, and returns their
/// records (the same as one article at a time), the stages' times added
/// into `times`.
pub(crate) fn run(
    ex: &Extractor,
    docs: &[(&str, &str)],
    options: &Options,
    times: &mut StageTimes,
) -> Vec<Record> {
    let mut clock = Clock::start();
    let batch = docs.len() > 1;
    let mut docs: Vec<Doc> = docs
        .iter()
        .map(|&(s, t)| prepare(ex, s, t, batch))
        .collect();
    clock.lap(&mut times.normalise);
    for d in &mut docs {
        d.sentences = split::split(&d.norm);
    }
    clock.lap(&mut times.split);
    // A long run builds the regexes of the lexicons the later stages
    // search: on the other core meanwhile when this thread is one of the
    // pool's, or the run is one article (stdin, one file). A batch's own
    // worker threads run their chunks side by side already: handing each
    // chunk's matching to the pool and waiting put four threads on two
    // cores, and a fresh 5 MB batch on two threads left them idle for a
    // fifth of its CPU time (`perf sched`: 147 ms of 743).
    let bytes: usize = docs.iter().map(|d| d.norm.len()).sum();
    let side = || {
        if bytes >= LEXICONS_FROM {
            ex.rules.prebuild_lexicon_regexes();
        } else if docs.iter().any(|d| quotes::searches_titles(&d.norm)) {
            // The quotes stage will search for titles: its search is
            // made while the rules match.
            ex.rules.lexicon_regex(crate::rules::contract::Lex::Title);
        }
    };
    let matches = if docs.len() == 1 || rayon::current_thread_index().is_some() {
        rayon::join(|| matching(ex, &docs), side).0
    } else {
        let matches = matching(ex, &docs);
        side();
        matches
    };
    clock.lap(&mut times.matching);
    for (d, m) in docs.iter_mut().zip(matches) {
        d.ranked = resolve::rank(&ex.rules, m);
    }
    let articles: Vec<resolve::Article> = docs
        .iter()
        .map(|d| resolve::Article {
            text: &d.norm,
            sentences: &d.sentences,
            ranked: &d.ranked,
        })
        .collect();
    let facts = resolve::facts(&ex.rules, &articles);
    for (d, f) in docs.iter_mut().zip(facts) {
        (d.seizures, d.cash, d.counts) = (f.seizures, f.cash, f.counts);
    }
    clock.lap(&mut times.resolve);
    for d in &mut docs {
        date_stage(ex, d, options);
    }
    clock.lap(&mut times.dates);
    // The title regex over every article first: its tables stay in the
    // CPU cache from one article to the next.
    let titles: Vec<Vec<(usize, usize)>> = docs
        .iter()
        .map(|d| quotes::title_spans(&ex.rules, &d.norm))
        .collect();
    for (d, titles) in docs.iter_mut().zip(&titles) {
        let (norm, sentences, lines) = (&d.norm, &d.sentences, &d.lines);
        (d.quotes, d.officials) = isolate("quotes", &mut d.warnings, || {
            quotes::extract(&ex.rules, norm, sentences, titles, lines)
        });
    }
    clock.lap(&mut times.quotes);
    let records = docs.into_iter().map(into_record).collect();
    clock.lap(&mut times.write);
    records
}

/// Normalises an article and sets its page furniture aside.
fn prepare<'a>(ex: &Extractor, source: &'a str, text: &'a str, batch: bool) -> Doc<'a> {
    let (norm, stamp, lines) = ex.prepare_in(text, batch);
    Doc {
        source,
        text,
        norm,
        stamp,
        lines,
        sentences: Vec::new(),
        ranked: Vec::new(),
        seizures: Vec::new(),
        cash: Vec::new(),
        counts: Vec::new(),
        dates: Vec::new(),
        published: None,
        quotes: Vec::new(),
        officials: Vec::new(),
        warnings: Vec::new(),
    }
}

/// Text in one run from which every lexicon regex the later stages may
/// search is built beforehand, on the other core.
const LEXICONS_FROM: usize = 64 << 10;

/// The matches of every rule, per article: one article alone through
/// [`engine::run`], several rule by rule over all of them.
fn matching(ex: &Extractor, docs: &[Doc]) -> Vec<Vec<Match>> {
    if let [d] = docs {
        return vec![engine::run(&ex.rules, &d.norm, &d.sentences, &ALL_KINDS)];
    }
    let pairs: Vec<(&str, &[Sentence])> = docs
        .iter()
        .map(|d| (d.norm.as_str(), d.sentences.as_slice()))
        .collect();
    engine::run_many(&ex.rules, &pairs, &ALL_KINDS)
}

/// The dates stage: the date rules' matches read against the publication
/// stamp and the options.
fn date_stage(ex: &Extractor, d: &mut Doc, options: &Options) {
    let date_matches: Vec<Match> = d
        .ranked
        .iter()
        .filter(|m| ex.rules.rules[m.rule].kind == Kind::Date)
        .cloned()
        .collect();
    let (norm, sentences, stamp) = (&d.norm, &d.sentences, d.stamp.as_deref());
    (d.dates, d.published) = isolate("dates", &mut d.warnings, || {
        let stamp = stamp.and_then(|s| dates::read_stamp(&ex.rules, s, options));
        dates::extract_dated(&ex.rules, norm, sentences, &date_matches, options, stamp)
    });
}

/// The record of an article whose stages have all run, its spans pointing
/// into the text as given.
fn into_record(d: Doc) -> Record {
    let mut record = Record {
        source: d.source.to_string(),
        published: d.published,
        seizures: d.seizures,
        cash: d.cash,
        counts: d.counts,
        dates: d.dates,
        quotes: d.quotes,
        officials: d.officials,
        warnings: d.warnings,
    };
    record::restore_text(&mut record, d.text);
    record
}

/// Runs one stage of the pipeline so that a bug in it costs that stage's
/// facts, not the whole record: the record says which stage failed.
fn isolate<T: Default>(stage: &str, warnings: &mut Vec<String>, f: impl FnOnce() -> T) -> T {
    crate::guard(f).unwrap_or_else(|why| {
        warnings.push(format!("internal error in the {stage} stage ({why}): its facts are missing (please report this article)"));
        T::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The best of two runs, stage by stage: each stage's shorter time,
    /// whichever run it came from.
    #[test]
    fn min_takes_each_stages_shorter_time() {
        let ms = Duration::from_millis;
        let a = StageTimes {
            read: ms(5),
            matching: ms(200),
            quotes: ms(40),
            ..Default::default()
        };
        let b = StageTimes {
            read: ms(7),
            matching: ms(190),
            quotes: ms(45),
            ..Default::default()
        };
        let m = a.min(&b);
        assert_eq!((m.read, m.matching, m.quotes), (ms(5), ms(190), ms(40)));
        assert_eq!(m.min(&m), m);
        assert_eq!(m.total(), ms(235));
    }
}
