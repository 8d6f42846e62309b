//! Batches: many articles, processed in parallel, written in path order
//! as soon as each is ready (streaming), with failures reported per file.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

use std::time::Instant;

use crate::app::chunk::{self, Extracted};
use crate::app::read;
use crate::output::write::{render, Format};
use crate::record::Record;
use crate::{Extractor, StageTimes};

/// How many records per worker thread may wait, finished, for their turn
/// to be written: the bound on the reorder buffer.
pub const WINDOW_PER_THREAD: usize = 4;

/// The writer's position, shared with the workers: a worker may start on
/// article `i` only while `i < written + size`, so the records held back for
/// ordering never exceed `size`, however slow one article is.
struct Window {
    size: usize,
    written: Mutex<usize>,
    moved: Condvar,
}

impl Window {
    fn new(size: usize) -> Window {
        Window {
            size: size.max(1),
            written: Mutex::new(0),
            moved: Condvar::new(),
        }
    }

    /// Blocks until article `i` is inside the window. False when the batch
    /// is stopping.
    fn wait_for(&self, i: usize, stop: &AtomicBool) -> bool {
        let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        while i >= *written + self.size {
            if stop.load(Ordering::Relaxed) {
                return false;
            }
            written = self.moved.wait(written).unwrap_or_else(|e| e.into_inner());
        }
        !stop.load(Ordering::Relaxed)
    }

    fn advance(&self, written: usize) {
        *self.written.lock().unwrap_or_else(|e| e.into_inner()) = written;
        self.moved.notify_all();
    }

    /// Wakes every waiting worker (after `stop` is set).
    fn release(&self) {
        let _g = self.written.lock().unwrap_or_else(|e| e.into_inner());
        self.moved.notify_all();
    }
}

/// How a batch runs.
pub struct BatchOptions {
    pub format: Format,
    pub threads: usize,
    /// Write one `.json` per article under this folder instead of stdout.
    pub output: Option<PathBuf>,
    pub skip_existing: bool,
    pub quiet: bool,
}

/// What a batch did, for the summary line and the exit status.
#[derive(Debug, Default)]
pub struct Summary {
    pub files: usize,
    pub records: usize,
    pub failures: usize,
    pub skipped: usize,
    pub bytes: usize,
    pub by_kind: [usize; 5],
    /// Time in each stage, added up over the worker threads.
    pub stages: StageTimes,
}

impl Summary {
    pub fn line(&self, secs: f64) -> String {
        let [s, c, n, d, q] = self.by_kind;
        format!(
            "{} files, {} records, facts: {s} seizures, {c} cash, {n} counts, {d} dates, {q} quotes; {} failed{}; {:.1} MB in {:.2}s",
            self.files,
            self.records,
            self.failures,
            if self.skipped > 0 { format!(", {} skipped (existing)", self.skipped) } else { String::new() },
            self.bytes as f64 / 1e6,
            secs
        )
    }

    /// Counts one written record and its facts ([`facts_by_kind`]).
    fn count(&mut self, facts: [usize; 5], bytes: usize) {
        self.records += 1;
        self.bytes += bytes;
        for (sum, n) in self.by_kind.iter_mut().zip(facts) {
            *sum += n;
        }
    }
}

/// A record's seizures, cash, counts, dates and quotes, as the summary
/// counts them.
fn facts_by_kind(record: &Record) -> [usize; 5] {
    [
        record.seizures.len(),
        record.cash.len(),
        record.counts.len(),
        record.dates.len(),
        record.quotes.len(),
    ]
}

/// What the writer needs of an article. The record itself stays with the
/// worker that made it: dropped by the writer (the main thread), its
/// strings went back to the worker's heap one by one under that heap's
/// lock, which the worker was taking at the same time.
enum Outcome {
    Done {
        facts: [usize; 5],
        warnings: Vec<String>,
        bytes: usize,
        rendered: Vec<u8>,
    },
    Skipped,
    Failed(String),
}

/// Articles a worker takes at a time, at most: the rules run over a chunk
/// rule by rule ([`Extractor::extract_many_timed`]), which keeps each rule's
/// automaton in the CPU's cache. Each rule's automaton comes back into the
/// cache once a chunk: on 50 MB of articles (10 copies of the benchmark
/// corpus) one thread took 9.2 s with chunks of 128 articles, 7.5 s with
/// 512 and 7.4 s with 1,024; the batch's peak memory on two threads went
/// 156 -> 170 -> 187 MB (the articles in flight).
pub const CHUNK: usize = 512;

/// A chunk of articles read together ([`chunk::extract`]) and rendered;
/// the time of each stage, rendering as `write`, goes into `times`.
fn process_chunk(
    ex: &Extractor,
    paths: &[PathBuf],
    opts: &BatchOptions,
    targets: &[Option<PathBuf>],
    times: &mut StageTimes,
) -> Vec<Outcome> {
    let skip = |k: usize| opts.skip_existing && targets[k].as_ref().is_some_and(|t| t.exists());
    let extracted = chunk::extract(ex, paths, skip, times);
    let started = Instant::now();
    let outcomes = extracted
        .into_iter()
        .zip(targets)
        .map(|(e, target)| match e {
            Extracted::Done { record, text } => {
                let format = if target.is_some() {
                    Format::Json
                } else {
                    opts.format
                };
                Outcome::Done {
                    facts: facts_by_kind(&record),
                    bytes: text.len(),
                    rendered: render(&record, format),
                    warnings: record.warnings,
                }
            }
            Extracted::Skipped => Outcome::Skipped,
            Extracted::Failed(why) => Outcome::Failed(why),
        })
        .collect();
    times.write += started.elapsed();
    outcomes
}

/// Where `path`'s record goes under `out`: the path relative to the input
/// root it came from, with `.json` for `.txt`.
fn target_for(out: &Path, roots: &[PathBuf], path: &Path) -> PathBuf {
    let rel = roots
        .iter()
        .filter(|r| r.is_dir())
        .find_map(|r| path.strip_prefix(r).ok())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(path.file_name().unwrap_or_default()));
    out.join(rel).with_extension("json")
}

/// The first two inputs that map to the same record file, if any.
fn first_collision<'a>(
    files: &'a [PathBuf],
    targets: &'a [Option<PathBuf>],
) -> Option<(&'a Path, &'a Path, &'a Path)> {
    let mut seen: std::collections::HashMap<&Path, &Path> = std::collections::HashMap::new();
    for (f, t) in files.iter().zip(targets) {
        let Some(t) = t else { continue };
        if let Some(first) = seen.insert(t.as_path(), f.as_path()) {
            return Some((first, f.as_path(), t.as_path()));
        }
    }
    None
}

/// Writes `bytes` to `target` through a temporary file and a rename, so an
/// interrupted run never leaves half a record.
fn write_atomic(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = target.with_extension(format!("json.tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, target)
}

/// Tells the rules the size of the batch about to run over `files`
/// ([`crate::rules::RuleSet::expect_input`]), from the sizes of its first
/// megabyte of files; at least 1, since 0 means no size was given.
fn expect(ex: &Extractor, files: &[PathBuf]) {
    ex.rules
        .expect_input(read::batch_bytes(files, SIZE_SAMPLE).max(1));
}

/// The bytes of a batch's first files whose sizes are read
/// ([`read::batch_bytes`]): about 500 articles, a millisecond of stats.
const SIZE_SAMPLE: usize = 1 << 20;

/// Runs a batch over `paths` (files and folders). Records go to `out` in
/// sorted path order; messages go to `err`. Returns the summary.
pub fn run(
    ex: &Extractor,
    paths: &[PathBuf],
    opts: &BatchOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Summary> {
    let started = std::time::Instant::now();
    let mut problems = Vec::new();
    let files = read::collect(paths, &mut problems);
    expect(ex, &files);
    let mut summary = Summary {
        files: files.len(),
        ..Summary::default()
    };
    for (p, msg) in &problems {
        writeln!(err, "blotter: {}: {msg}", p.display())?;
        summary.failures += 1;
    }
    let targets = targets_for(opts, paths, &files)?;
    let shared = Shared::new(&files, &targets, opts.threads);
    let progress = crate::app::progress::Progress::new(files.len(), opts.quiet);
    std::thread::scope(|scope| -> std::io::Result<()> {
        // Workers never hold more than the window's worth of records ahead
        // of the writer, so the channel and the reorder buffer stay small
        // however slow one file is.
        let (tx, rx) = mpsc::channel::<(usize, Vec<Outcome>)>();
        if files.len() <= 1 {
            // One article: made here, then written. Starting a worker
            // thread for it cost 0.1 to 0.3 ms, a hundredth of the run;
            // its one record fits the window, so nothing waits.
            shared.work(ex, opts, tx);
        } else {
            for _ in 0..shared.threads {
                let (tx, shared) = (tx.clone(), &shared);
                scope.spawn(move || {
                    crate::app::heap::advise_this_thread();
                    shared.work(ex, opts, tx)
                });
            }
            drop(tx);
        }
        let mut writer = Writer {
            files: &files,
            targets: &targets,
            out: &mut *out,
            err: &mut *err,
            summary: &mut summary,
            progress: &progress,
        };
        let result = writer.write_in_order(&rx, &shared.window);
        // On an error (a closed pipe), wake and stop every worker.
        shared.stop.store(true, Ordering::Relaxed);
        shared.window.release();
        drop(rx);
        result
    })?;
    progress.finish();
    summary.stages = shared
        .stages
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    out.flush()?;
    if !opts.quiet && files.len() > 1 {
        writeln!(
            err,
            "blotter: {}",
            summary.line(started.elapsed().as_secs_f64())
        )?;
    }
    Ok(summary)
}

/// Each file's record file under `--output` (all `None` without it),
/// refusing before anything is written when two files map to one record
/// file: one record would silently replace the other.
fn targets_for(
    opts: &BatchOptions,
    paths: &[PathBuf],
    files: &[PathBuf],
) -> std::io::Result<Vec<Option<PathBuf>>> {
    let targets: Vec<Option<PathBuf>> = files
        .iter()
        .map(|f| opts.output.as_ref().map(|o| target_for(o, paths, f)))
        .collect();
    if let Some((a, b, target)) = first_collision(files, &targets) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!(
                "--output: {} and {} would both be written to {}; rename one or run them separately",
                a.display(),
                b.display(),
                target.display()
            ),
        ));
    }
    Ok(targets)
}

/// What the worker threads share: the articles, the next chunk to take,
/// the stop flag, the writer's window and the stage times they add up.
struct Shared<'a> {
    files: &'a [PathBuf],
    targets: &'a [Option<PathBuf>],
    threads: usize,
    chunk: usize,
    next: AtomicUsize,
    stop: AtomicBool,
    window: Window,
    stages: Mutex<StageTimes>,
}

impl<'a> Shared<'a> {
    fn new(files: &'a [PathBuf], targets: &'a [Option<PathBuf>], threads: usize) -> Shared<'a> {
        let threads = threads.max(1).min(files.len().max(1));
        // At most a quarter of the batch, so that even one thread writes
        // its first records early.
        let chunk = (files.len() / 4).clamp(1, CHUNK);
        Shared {
            files,
            targets,
            threads,
            chunk,
            next: AtomicUsize::new(0),
            stop: AtomicBool::new(false),
            // Two chunks per thread: a thread that finishes its chunk
            // before the one ahead of it is done takes the next at once
            // (with one, it waited for the slower thread's whole chunk).
            window: Window::new(threads * (WINDOW_PER_THREAD + 2 * chunk)),
            stages: Mutex::new(StageTimes::default()),
        }
    }

    /// The next chunk of articles to run, as a range of `files`: with
    /// several threads, an equal share of what is left (at most `chunk`,
    /// at least [`MIN_CHUNK`]): full chunks while there are many left,
    /// then smaller ones, so that the threads start at once and finish
    /// together rather than one running the last large chunk alone. A
    /// share of half that (the schedule before) cut most of a 5 MB batch
    /// into small chunks, and each rule's automaton comes back into the
    /// cache once per chunk: the match stage took 10-15% more time on
    /// two threads than on one.
    fn take(&self) -> Option<(usize, usize)> {
        let n = self.files.len();
        let mut i = self.next.load(Ordering::Relaxed);
        loop {
            if i >= n {
                return None;
            }
            let size = if self.threads == 1 {
                self.chunk
            } else {
                // A small batch still gives every thread several chunks.
                let least = MIN_CHUNK.min(n / (self.threads * 4)).max(1);
                ((n - i) / self.threads).clamp(least, self.chunk)
            };
            let end = (i + size).min(n);
            match self
                .next
                .compare_exchange_weak(i, end, Ordering::Relaxed, Ordering::Relaxed)
            {
                Ok(_) => return Some((i, end)),
                Err(now) => i = now,
            }
        }
    }

    /// One worker: takes chunks in turn while they are inside the window,
    /// sends each chunk's outcomes with the index of its first article,
    /// until the articles run out, the batch stops or the writer has gone.
    /// One message a chunk, not one an article: each message woke the
    /// writer, whose thread then took a core from a worker (2,624 wake-ups
    /// for the 5 MB benchmark corpus).
    fn work(&self, ex: &Extractor, opts: &BatchOptions, tx: mpsc::Sender<(usize, Vec<Outcome>)>) {
        let files = self.files;
        let mut mine = StageTimes::default();
        loop {
            if self.stop.load(Ordering::Relaxed) {
                break;
            }
            let Some((i, end)) = self.take() else {
                break;
            };
            if !self.window.wait_for(end - 1, &self.stop) {
                break;
            }
            let outcomes =
                process_chunk(ex, &files[i..end], opts, &self.targets[i..end], &mut mine);
            if tx.send((i, outcomes)).is_err() {
                break;
            }
        }
        self.stages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .add(&mine);
    }
}

/// The smallest chunk the end of a large batch is cut into.
const MIN_CHUNK: usize = 16;

/// The writer's side: puts outcomes out in path order, counting them in the
/// summary and reporting warnings and failures on `err`.
struct Writer<'a> {
    files: &'a [PathBuf],
    targets: &'a [Option<PathBuf>],
    out: &'a mut dyn Write,
    err: &'a mut dyn Write,
    summary: &'a mut Summary,
    progress: &'a crate::app::progress::Progress,
}

impl Writer<'_> {
    /// Writes every outcome from `rx` in its turn (a chunk's outcomes come
    /// together, from the index of its first article), moving the window
    /// on after each chunk. An error (from `out` only: a closed pipe) stops the
    /// writing.
    fn write_in_order(
        &mut self,
        rx: &mpsc::Receiver<(usize, Vec<Outcome>)>,
        window: &Window,
    ) -> std::io::Result<()> {
        // Reorder: hold chunks that arrive early until their turn.
        let mut pending: BTreeMap<usize, Vec<Outcome>> = BTreeMap::new();
        let mut turn = 0;
        while let Some((i, outcomes)) = self.next_outcome(rx)? {
            pending.insert(i, outcomes);
            while let Some(outcomes) = pending.remove(&turn) {
                for o in outcomes {
                    self.write(turn, o)?;
                    turn += 1;
                }
                window.advance(turn);
            }
        }
        Ok(())
    }

    /// The next outcome, `None` once every worker is done. When none is
    /// ready, what is written so far goes out first (streaming).
    fn next_outcome(
        &mut self,
        rx: &mpsc::Receiver<(usize, Vec<Outcome>)>,
    ) -> std::io::Result<Option<(usize, Vec<Outcome>)>> {
        match rx.try_recv() {
            Ok(x) => Ok(Some(x)),
            Err(mpsc::TryRecvError::Disconnected) => Ok(None),
            Err(mpsc::TryRecvError::Empty) => {
                self.out.flush()?;
                Ok(rx.recv().ok())
            }
        }
    }

    /// Writes the outcome for article `turn`. A record file that cannot be
    /// written is that article's failure; only `out` failing is an error.
    fn write(&mut self, turn: usize, o: Outcome) -> std::io::Result<()> {
        let path = &self.files[turn];
        match o {
            Outcome::Done {
                facts,
                warnings,
                bytes,
                rendered,
            } => {
                self.summary.count(facts, bytes);
                for w in &warnings {
                    let _ = writeln!(self.err, "blotter: {}: warning: {w}", path.display());
                }
                match &self.targets[turn] {
                    Some(t) => {
                        if let Err(e) = write_atomic(t, &rendered) {
                            self.summary.failures += 1;
                            let _ = writeln!(
                                self.err,
                                "blotter: {}: cannot write record: {e}",
                                t.display()
                            );
                        }
                    }
                    None => self.out.write_all(&rendered)?,
                }
                self.progress.advance(bytes);
            }
            Outcome::Skipped => {
                self.summary.skipped += 1;
                self.progress.advance(0);
            }
            Outcome::Failed(msg) => {
                self.summary.failures += 1;
                let _ = writeln!(self.err, "blotter: {}: {msg}", path.display());
                self.progress.advance(0);
            }
        }
        Ok(())
    }
}

/// Reads and extracts every article under `paths` (files and folders, as
/// [`run`] does, in chunks on `threads` threads) for the HTML report, which
/// needs every record at once, in sorted path order. Problems go to `err` as
/// they do in a batch; returns the records with their texts and the number
/// of inputs that failed.
pub fn collect(
    ex: &Extractor,
    paths: &[PathBuf],
    threads: usize,
    err: &mut dyn std::io::Write,
) -> std::io::Result<(Vec<(Record, String)>, usize)> {
    use rayon::prelude::*;
    let mut problems = Vec::new();
    let files = read::collect(paths, &mut problems);
    expect(ex, &files);
    let mut failures = 0;
    for (p, msg) in &problems {
        writeln!(err, "blotter: {}: {msg}", p.display())?;
        failures += 1;
    }
    let threads = threads.max(1);
    let size = (files.len() / (threads * 4)).clamp(1, CHUNK);
    let pool = crate::app::heap::pool_builder()
        .num_threads(threads)
        .build()
        .map_err(std::io::Error::other)?;
    let chunks: Vec<Vec<Extracted>> = pool.install(|| {
        files
            .par_chunks(size)
            .map(|c| chunk::extract(ex, c, |_| false, &mut StageTimes::default()))
            .collect()
    });
    let mut out = Vec::with_capacity(files.len());
    for (path, e) in files.iter().zip(chunks.into_iter().flatten()) {
        match e {
            Extracted::Done { record, text } => {
                for w in &record.warnings {
                    writeln!(err, "blotter: {}: warning: {w}", path.display())?;
                }
                out.push((*record, text));
            }
            Extracted::Skipped => {}
            Extracted::Failed(msg) => {
                failures += 1;
                writeln!(err, "blotter: {}: {msg}", path.display())?;
            }
        }
    }
    Ok((out, failures))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::time::Duration;

    /// The chunks `take` hands out, in order.
    fn chunks(n: usize, threads: usize) -> Vec<(usize, usize)> {
        let files: Vec<PathBuf> = (0..n).map(|i| PathBuf::from(format!("{i}.txt"))).collect();
        let targets = vec![None; n];
        let shared = Shared::new(&files, &targets, threads);
        std::iter::from_fn(|| shared.take()).collect()
    }

    #[test]
    fn chunks_cover_the_batch_large_first_then_smaller() {
        for (n, threads) in [
            (1, 1),
            (2, 2),
            (7, 2),
            (100, 2),
            (2624, 2),
            (26240, 4),
            (5000, 1),
        ] {
            let cs = chunks(n, threads);
            // Every article once, in order, in at least four chunks.
            assert!(cs.len() >= 4.min(n), "{n}: {cs:?}");
            assert_eq!(cs.first().map(|c| c.0), Some(0));
            assert_eq!(cs.last().map(|c| c.1), Some(n));
            assert!(cs.windows(2).all(|w| w[0].1 == w[1].0), "{n}: {cs:?}");
            assert!(cs.iter().all(|c| c.1 > c.0 && c.1 - c.0 <= CHUNK));
            let sizes: Vec<usize> = cs.iter().map(|c| c.1 - c.0).collect();
            if threads > 1 {
                // Every thread gets a chunk at once, and the end comes in
                // chunks no larger than the start.
                assert!(cs.len() >= threads.min(n), "{n}: {sizes:?}");
                assert!(sizes.windows(2).all(|w| w[1] <= w[0]), "{n}: {sizes:?}");
            }
        }
        // A large batch starts with the largest chunks and ends with small ones.
        let sizes: Vec<usize> = chunks(26240, 2).iter().map(|c| c.1 - c.0).collect();
        assert_eq!(sizes[0], CHUNK);
        assert!(*sizes.last().unwrap() <= MIN_CHUNK, "{sizes:?}");
        // The benchmark's batch (2,624 articles, two threads) runs most
        // of its articles in full chunks: small ones cost the rules'
        // automata a trip back into the cache each (the schedule before
        // ran 39% of them in full chunks).
        let cs = chunks(2624, 2);
        let full: usize = cs.iter().map(|c| c.1 - c.0).filter(|&s| s == CHUNK).sum();
        assert!(full * 4 >= 2624 * 3, "{cs:?}");
    }

    /// Two threads taking full chunks in turn never wait for the window
    /// ([`Shared::new`]'s size): the chunk after the next two starts
    /// inside it while the first is still being made.
    #[test]
    fn the_window_fits_the_chunks_two_threads_run_ahead() {
        let files: Vec<PathBuf> = (0..2624)
            .map(|i| PathBuf::from(format!("{i}.txt")))
            .collect();
        let targets = vec![None; files.len()];
        let shared = Shared::new(&files, &targets, 2);
        let cs: Vec<(usize, usize)> = std::iter::from_fn(|| shared.take()).collect();
        // Nothing written yet: the third chunk must still be inside.
        let written = *shared.window.written.lock().unwrap();
        assert!(cs[2].1 - 1 < written + shared.window.size, "{cs:?}");
    }

    #[test]
    fn window_holds_workers_back_until_the_writer_moves() {
        let w = Arc::new(Window::new(2));
        let stop = Arc::new(AtomicBool::new(false));
        assert!(w.wait_for(0, &stop) && w.wait_for(1, &stop));
        let started = Arc::new(AtomicBool::new(false));
        let (w2, s2, st2) = (w.clone(), stop.clone(), started.clone());
        let t = std::thread::spawn(move || {
            let ok = w2.wait_for(4, &s2);
            st2.store(true, Ordering::SeqCst);
            ok
        });
        std::thread::sleep(Duration::from_millis(50));
        assert!(!started.load(Ordering::SeqCst), "4 is outside [0, 2)");
        w.advance(2);
        std::thread::sleep(Duration::from_millis(50));
        assert!(!started.load(Ordering::SeqCst), "4 is outside [2, 4)");
        w.advance(3);
        assert!(t.join().unwrap(), "4 is inside [3, 5)");
    }

    #[test]
    fn window_lets_go_on_stop() {
        let w = Arc::new(Window::new(1));
        let stop = Arc::new(AtomicBool::new(false));
        let (w2, s2) = (w.clone(), stop.clone());
        let t = std::thread::spawn(move || w2.wait_for(10, &s2));
        std::thread::sleep(Duration::from_millis(20));
        stop.store(true, Ordering::Relaxed);
        w.release();
        assert!(!t.join().unwrap());
    }
}
