//! The `blotter` command: parses flags and hands over to the library.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use blotter::app::batch::{self, BatchOptions};
use blotter::output::write::Format;
use blotter::rules::RuleSet;
use blotter::{Extractor, Options};

/// Turn police press releases and crime news into structured records:
/// drug seizures, money, counts, dates, quotes and officials.
///
/// Reads standard input when no path is given. A folder is searched
/// recursively for *.txt files, processed in parallel and written in
/// sorted path order.
#[derive(Parser)]
#[command(name = "blotter", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    extract: ExtractArgs,
}

#[derive(Args)]
struct RuleArgs {
    /// A rules folder that extends the built-in rules (same id replaces a
    /// rule; `enabled = false` turns one off).
    #[arg(long, value_name = "DIR", global = true)]
    rules: Option<PathBuf>,
    /// With --rules: use only that folder, not the built-in rules.
    #[arg(long, global = true)]
    no_default_rules: bool,
}

#[derive(Args)]
struct ExtractArgs {
    /// Articles: files or folders (default: standard input).
    paths: Vec<PathBuf>,
    /// Output format (default: pretty JSON for one article, JSON Lines for several).
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// How input is given: plain text files, or JSON Lines on stdin
    /// ({"id", "text", "date"} per line; for Spark's RDD.pipe).
    #[arg(long, value_enum, default_value = "text")]
    input: InputArg,
    /// Reference date for yearless and relative dates (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = ref_date)]
    ref_date: Option<String>,
    /// Read 04/03/2024 as 4 March.
    #[arg(long, conflicts_with = "month_first")]
    day_first: bool,
    /// Read 04/03/2024 as April 3.
    #[arg(long)]
    month_first: bool,
    /// Worker threads (default: all cores).
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,
    /// Write one .json per article under DIR, mirroring the input tree.
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// With --output: skip articles whose record already exists.
    #[arg(long, requires = "output")]
    skip_existing: bool,
    /// No progress bar and no summary line.
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Json,
    Jsonl,
    /// One row per fact, one header (for spreadsheets).
    Csv,
    /// One self-contained HTML page with the facts highlighted (not streamed).
    Html,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum InputArg {
    Text,
    Jsonl,
}

#[derive(Subcommand)]
enum Command {
    /// Print the sentences of an article, one JSON object per line.
    Split {
        /// The article (default: standard input).
        path: Option<PathBuf>,
    },
    /// Show an article sentence by sentence with each fact highlighted,
    /// the rule that made it (id, file:line) and near misses.
    Explain {
        /// The article (default: standard input).
        path: Option<PathBuf>,
        /// `text` for people (colour on a terminal unless NO_COLOR is set), `json` for programs.
        #[arg(long, value_enum, default_value = "text")]
        format: ExplainFormat,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Work with rule files.
    Rules {
        #[command(subcommand)]
        action: RulesCommand,
        #[command(flatten)]
        rules: RuleArgs,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ExplainFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum RulesCommand {
    /// Load and compile every rule; print warnings (unused pieces, alias clashes, rules without examples).
    Check,
    /// Run every rule's examples and counter-examples.
    Test {
        /// Only rules whose id contains this.
        filter: Option<String>,
    },
    /// List every rule: id, kind, file:line, number of examples.
    List,
    /// Write the built-in rule files into DIR, to start a folder of your own.
    Export {
        dir: PathBuf,
        /// Write into a folder that is not empty.
        #[arg(long)]
        force: bool,
    },
}

/// `--ref-date`: a real calendar date, or a usage error (exit 2) before
/// anything is read.
fn ref_date(s: &str) -> Result<String, String> {
    if blotter::is_iso_date(s) {
        Ok(s.to_string())
    } else {
        Err(format!("`{s}` is not a calendar date written YYYY-MM-DD"))
    }
}

/// Exit statuses: 0 all well, 1 some input failed, 2 rules or usage wrong.
const FAILED: u8 = 1;
const BAD_RULES: u8 = 2;

fn main() -> ExitCode {
    blotter::app::heap::pad_growth();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        // A usage problem found before anything was written (two inputs
        // mapped to one --output file).
        Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => {
            eprintln!("blotter: {e}");
            ExitCode::from(BAD_RULES)
        }
        Err(e) => {
            eprintln!("blotter: {e}");
            ExitCode::from(FAILED)
        }
    }
}

fn load_rules(args: &RuleArgs) -> Result<RuleSet, u8> {
    let loaded = match &args.rules {
        Some(dir) => RuleSet::with_user_dir(dir, !args.no_default_rules),
        None => RuleSet::builtin(),
    };
    loaded.map_err(|e| {
        eprintln!(
            "{}",
            blotter::rules::diagnostics::render(&e, blotter::rules::diagnostics::stderr_color())
        );
        eprintln!(
            "blotter: nothing was extracted; fix the rule and run again (`blotter rules check`)"
        );
        BAD_RULES
    })
}

fn run(cli: Cli) -> std::io::Result<u8> {
    match cli.command {
        None => extract(cli.extract),
        Some(Command::Split { path }) => split(path),
        Some(Command::Rules { action, rules }) => rules_command(action, &rules),
        Some(Command::Explain {
            path,
            format,
            rules,
        }) => explain(path, format, &rules),
    }
}

/// The main job: articles in, records out.
fn extract(args: ExtractArgs) -> std::io::Result<u8> {
    // -j N bounds every pool, also the one that builds rules and runs a
    // long article's rules in parallel (it is the first use, so this holds).
    // Its threads' heaps are huge-page memory, as the batch workers' are: a
    // fresh run spent a sixth of its time in page faults
    // ([`blotter::app::heap`]).
    let mut pool = blotter::app::heap::pool_builder();
    if let Some(n) = args.threads {
        pool = pool.num_threads(n.max(1));
    }
    let _ = pool.build_global();
    let rules = match load_rules(&args.rules) {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let day_first = if args.day_first {
        Some(true)
    } else if args.month_first {
        Some(false)
    } else {
        None
    };
    let options = Options {
        ref_date: args.ref_date.clone(),
        day_first,
    };
    // Never dropped: the process ends when this returns, and freeing the
    // rules' regexes and trees one node at a time was about 3% of the
    // instructions of a one-sentence run.
    let extractor = std::mem::ManuallyDrop::new(Extractor::with_options(rules, options));
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut err = std::io::stderr();

    if args.input == InputArg::Jsonl {
        let failed = blotter::app::pipe::run(&extractor, std::io::stdin().lock(), &mut out)?;
        return Ok(if failed > 0 { FAILED } else { 0 });
    }

    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.paths.clone()
    };
    let single = paths.len() == 1 && !paths[0].is_dir();
    let format = match args.format {
        Some(FormatArg::Json) => Format::Json,
        Some(FormatArg::Jsonl) => Format::Jsonl,
        Some(FormatArg::Csv) => Format::Csv,
        Some(FormatArg::Html) => return html_report(&extractor, &paths, &args, &mut out),
        None if single => Format::Json,
        None => Format::Jsonl,
    };
    let threads = args.threads.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    let opts = BatchOptions {
        format,
        threads,
        output: args.output.clone(),
        skip_existing: args.skip_existing,
        quiet: args.quiet,
    };
    if format == Format::Csv && opts.output.is_none() {
        out.write_all(&blotter::output::csv_out::header())?;
    }
    let summary = batch::run(&extractor, &paths, &opts, &mut out, &mut err)?;
    out.flush()?;
    Ok(if summary.failures > 0 { FAILED } else { 0 })
}

/// `--format html`: every record at once, then one self-contained page.
fn html_report(
    extractor: &Extractor,
    paths: &[PathBuf],
    args: &ExtractArgs,
    out: &mut dyn Write,
) -> std::io::Result<u8> {
    let threads = args.threads.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    let (records, failures) =
        blotter::app::batch::collect(extractor, paths, threads, &mut std::io::stderr())?;
    out.write_all(blotter::output::report::render(&records).as_bytes())?;
    out.flush()?;
    Ok(if failures > 0 { FAILED } else { 0 })
}

/// Reads one article for a single-article command, reporting a failure.
fn read_one(path: &std::path::Path) -> Option<blotter::app::read::Input> {
    blotter::app::read::read(path)
        .map_err(|e| eprintln!("blotter: {}: {e}", path.display()))
        .ok()
}

/// `blotter split`: the sentences, so users can see what the rules see.
fn split(path: Option<PathBuf>) -> std::io::Result<u8> {
    let path = path.unwrap_or_else(|| PathBuf::from("-"));
    let Some(input) = read_one(&path) else {
        return Ok(FAILED);
    };
    let norm = blotter::text::normalise::normalise(&input.text);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (i, s) in blotter::text::split::split(&norm).iter().enumerate() {
        let line = serde_json::json!({
            "sentence": i,
            "paragraph": s.paragraph,
            "span": [s.start, s.end],
            "text": &input.text[s.start..s.end],
        });
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(0)
}

/// `blotter explain`: what was found in an article, where and by which rule.
fn explain(path: Option<PathBuf>, format: ExplainFormat, args: &RuleArgs) -> std::io::Result<u8> {
    let rules = match load_rules(args) {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let path = path.unwrap_or_else(|| PathBuf::from("-"));
    let Some(input) = read_one(&path) else {
        return Ok(FAILED);
    };
    let ex = Extractor::new(rules);
    let e = blotter::output::explain::explain(&ex, &path.display().to_string(), &input.text);
    let mut out = std::io::stdout().lock();
    match format {
        ExplainFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&e)?)?,
        ExplainFormat::Text => write!(
            out,
            "{}",
            blotter::output::explain::render(&e, blotter::output::explain::stdout_color())
        )?,
    }
    Ok(0)
}

fn rules_command(action: RulesCommand, args: &RuleArgs) -> std::io::Result<u8> {
    if let RulesCommand::Export { dir, force } = &action {
        return blotter::rules::export(dir, *force)
            .map(|n| {
                println!("wrote {n} rule files to {}", dir.display());
                0
            })
            .or_else(|e| {
                eprintln!("blotter: {e}");
                Ok(FAILED)
            });
    }
    let rules = match load_rules(args) {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let mut out = std::io::stdout().lock();
    match action {
        RulesCommand::Check => {
            // The embedded rules build their regexes on first use: check all.
            if let Err(e) = rules.compile_all() {
                let color = blotter::rules::diagnostics::stderr_color();
                eprintln!("{}", blotter::rules::diagnostics::render(&e, color));
                return Ok(BAD_RULES);
            }
            for w in &rules.warnings {
                writeln!(out, "warning: {w}")?;
            }
            for n in rules.unfolded() {
                writeln!(out, "note: {n}")?;
            }
            writeln!(
                out,
                "{} rules, {} lexicons, {} pieces: ok ({} warnings)",
                rules.rules.len(),
                rules.lexicons.len(),
                rules.pieces.len(),
                rules.warnings.len()
            )?;
            Ok(0)
        }
        RulesCommand::List => {
            for r in &rules.rules {
                writeln!(
                    out,
                    "{:<36} {:<8} {:<28} {} examples, {} counter",
                    r.id,
                    r.kind.name(),
                    r.origin.to_string(),
                    r.examples.len(),
                    r.counter.len()
                )?;
                if let Some(doc) = &r.doc {
                    writeln!(out, "    {}", doc.trim())?;
                }
            }
            // The ids the quote and official stages give their facts.
            for c in &rules.code_rules {
                let kind = c.id.split('.').next().unwrap_or("");
                writeln!(
                    out,
                    "{:<36} {:<8} {:<28} (code stage)",
                    c.id,
                    kind,
                    c.origin.to_string()
                )?;
                writeln!(out, "    {}", c.doc.trim())?;
            }
            Ok(0)
        }
        RulesCommand::Test { filter } => {
            let ex = Extractor::new(rules);
            let outcomes = blotter::examples::check_all(&ex, filter.as_deref());
            let failed = outcomes.iter().filter(|o| o.failure.is_some()).count();
            write!(out, "{}", blotter::examples::report(&outcomes))?;
            Ok(if failed == 0 { 0 } else { FAILED })
        }
        RulesCommand::Export { .. } => unreachable!("handled above"),
    }
}
