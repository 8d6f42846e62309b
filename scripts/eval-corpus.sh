#!/usr/bin/env bash
# Scores the release build on corpus/ with the shared scorer (../shared/eval),
# the same way the hidden set is scored. Extra arguments go to score.py
# (e.g. --show-errors). Usage: scripts/eval-corpus.sh [--show-errors] [PREFIX]
set -euo pipefail
cd "$(dirname "$0")/.."
scorer=../shared/eval/score.py
[ -f "$scorer" ] || { echo "skipping: ../shared/eval not found"; exit 0; }
prefix=""
args=()
for a in "$@"; do case "$a" in --*) args+=("$a");; *) prefix="$a";; esac; done
set_dir=$(mktemp -d)
trap 'rm -rf "$set_dir"' EXIT
mkdir -p "$set_dir/articles" "$set_dir/gold"
for f in corpus/"$prefix"*.txt; do
  stem=$(basename "$f" .txt)
  [ -f "corpus/$stem.json" ] || continue
  ln -s "$PWD/$f" "$set_dir/articles/$stem.txt"
  ln -s "$PWD/corpus/$stem.json" "$set_dir/gold/$stem.json"
done
python3 "$scorer" --set "$set_dir" --bin target/release/blotter "${args[@]+"${args[@]}"}"
