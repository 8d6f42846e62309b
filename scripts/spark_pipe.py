#!/usr/bin/env python3
"""Runs blotter's pipe mode under PySpark (local mode) and checks it against
a direct run, fact for fact.

    pip install pyspark            # needs Java 17+
    cargo build --release
    python3 scripts/spark_pipe.py [--bin target/release/blotter] [--corpus corpus] [--partitions 4]

Every corpus/*.txt becomes one request line {"id": path, "text": ...};
`RDD.pipe("<blotter> --input jsonl")` turns each partition's lines into
records. The records must come back one per article, in order, with the
same facts as `blotter --format jsonl corpus/` (the records' fact lists are
compared after dropping `source`, which is the id in one and the path in
the other). Prints a summary; exits 1 on any mismatch, 2 when PySpark or
the binary is missing.
"""

import argparse
import codecs
import glob
import json
import os
import shlex
import subprocess
import sys

# blotter reads invalid UTF-8 by replacing each bad byte with "?" (offsets
# stay byte-exact); do the same so both runs see the same text.
codecs.register_error("qmark", lambda e: ("?" * (e.end - e.start), e.end))

KINDS = ["seizures", "cash", "counts", "dates", "quotes", "officials"]


def facts(record):
    """The record without its source: what must be equal."""
    return {k: record.get(k, []) for k in KINDS}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default=os.path.join(root, "target", "release", "blotter"))
    ap.add_argument("--corpus", default=os.path.join(root, "corpus"))
    ap.add_argument("--partitions", type=int, default=4)
    args = ap.parse_args()

    blotter = os.path.abspath(args.bin)
    if not os.access(blotter, os.X_OK):
        print(f"spark_pipe: no blotter binary at {blotter} (cargo build --release)", file=sys.stderr)
        return 2
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        print("spark_pipe: PySpark is not installed (pip install pyspark)", file=sys.stderr)
        return 2

    # The same articles, in the same (sorted path) order as a folder run.
    paths = sorted(glob.glob(os.path.join(args.corpus, "**", "*.txt"), recursive=True))
    if not paths:
        print(f"spark_pipe: no *.txt under {args.corpus}", file=sys.stderr)
        return 2
    requests = []
    for p in paths:
        with open(p, "rb") as f:
            text = f.read().decode("utf-8", errors="qmark")
        requests.append(json.dumps({"id": os.path.relpath(p, root), "text": text}))

    direct_out = subprocess.run(
        [blotter, "--quiet", "--format", "jsonl", args.corpus],
        check=False, capture_output=True, text=True,
    )
    direct = [json.loads(line) for line in direct_out.stdout.splitlines() if line.strip()]
    if len(direct) != len(paths):
        print(f"spark_pipe: the direct run gave {len(direct)} records for {len(paths)} files "
              f"(exit {direct_out.returncode})", file=sys.stderr)
        return 1

    spark = (SparkSession.builder.master(f"local[{args.partitions}]")
             .appName("blotter-pipe-check")
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    try:
        rdd = spark.sparkContext.parallelize(requests, args.partitions)
        cmd = f"{shlex.quote(blotter)} --input jsonl"
        piped = [json.loads(line) for line in rdd.pipe(cmd, env={"RUST_BACKTRACE": "0"}).collect()]
        partitions = rdd.getNumPartitions()
    finally:
        spark.stop()

    problems = []
    if len(piped) != len(requests):
        problems.append(f"{len(requests)} requests, {len(piped)} records back")
    ids = [json.loads(r)["id"] for r in requests]
    back = [r.get("source") for r in piped]
    if back != ids[: len(back)]:
        problems.append("records came back out of order")
    by_id = {r.get("source"): r for r in piped}
    same = 0
    n_facts = 0
    for i, (req_id, d) in enumerate(zip(ids, direct)):
        n_facts += sum(len(d.get(k, [])) for k in KINDS)
        p = by_id.get(req_id)
        if p is None:
            problems.append(f"{req_id}: no record back")
        elif "error" in p:
            problems.append(f"{req_id}: error record: {p['error']}")
        elif facts(p) != facts(d):
            diff = [k for k in KINDS if p.get(k, []) != d.get(k, [])]
            problems.append(f"{req_id}: facts differ in {', '.join(diff)}")
        else:
            same += 1

    print(f"spark_pipe: {len(requests)} articles through RDD.pipe on {partitions} partitions "
          f"(local mode), {len(piped)} records back")
    print(f"spark_pipe: {same}/{len(requests)} records identical to the direct run "
          f"({n_facts} facts), order {'kept' if back == ids else 'NOT kept'}")
    for p in problems[:20]:
        print(f"  MISMATCH {p}")
    if problems:
        print(f"spark_pipe: FAILED ({len(problems)} problems)")
        return 1
    print("spark_pipe: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
