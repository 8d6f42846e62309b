#!/usr/bin/env bash
# Renders the corpus report (`blotter --format html corpus/`), loads it in
# headless Chromium and checks what a reader would get: the DOM has a
# highlight per fact and the SVG chart, the page logs no errors, and a
# screenshot is written to target/report.png.
#
#   scripts/browser_check.sh [path/to/blotter]
#
# Exits 0 when all is well, 1 on a failed check. Without Chromium it prints
# a skip line and exits 0 (CI installs Chromium first when it can).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${1:-target/release/blotter}
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [[ -z "$CHROMIUM" ]]; then
    echo "browser check: skipped (no chromium on this machine)"
    exit 0
fi
if [[ ! -x "$BIN" ]]; then
    cargo build --release --quiet
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p target
report="$PWD/target/report.html"
"$BIN" --quiet --format html corpus/ >"$report" 2>"$work/blotter.err" || {
    echo "browser check: blotter exited non-zero:" >&2
    grep -v '^ ' "$work/blotter.err" | head -20 >&2
    exit 1
}
expected=$("$BIN" --quiet --format jsonl corpus/ 2>/dev/null | python3 -c '
import json, sys
kinds = ["seizures", "cash", "counts", "dates", "quotes", "officials"]
print(sum(len(json.loads(l).get(k, [])) for l in sys.stdin for k in kinds))')

chrome() {
    # A fresh profile each time; no network features; 60 s at most.
    timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic \
        --no-first-run --disable-background-networking --disable-component-update \
        --disable-sync --disable-dev-shm-usage --user-data-dir="$(mktemp -d -p "$work")" "$@"
}

# One article alone too: its page has no summary, so the screenshot shows
# highlighted text (here facts nested in quotes).
one=corpus/nz-police-east-tamaki-storage-meth.txt
"$BIN" --quiet --format html "$one" >target/report-article.html 2>>"$work/blotter.err"

chrome --dump-dom "file://$report" >"$work/dom.html" 2>"$work/dom.err"
chrome --enable-logging=stderr --v=0 --hide-scrollbars --window-size=1200,2000 \
    --screenshot="$PWD/target/report.png" "file://$report" >/dev/null 2>"$work/shot.err"
chrome --enable-logging=stderr --v=0 --hide-scrollbars --window-size=1200,1600 \
    --screenshot="$PWD/target/report-article.png" "file://$PWD/target/report-article.html" \
    >/dev/null 2>>"$work/shot.err"

fail=0
check() { # check NAME CONDITION-RESULT
    if [[ "$2" == ok ]]; then echo "  ok   $1"; else echo "  FAIL $1: $2"; fail=1; fi
}
echo "browser check: $CHROMIUM ($("$CHROMIUM" --version 2>/dev/null | head -1))"

facts=$(grep -o 'data-fact="[^"]*"' "$work/dom.html" | sort -u | wc -l)
[[ "$facts" -eq "$expected" && "$facts" -gt 0 ]] && r=ok || r="$facts highlighted facts in the DOM, $expected in the records"
check "a highlight per fact ($facts)" "$r"

grep -q '<svg class="chart"' "$work/dom.html" && grep -q '<rect' "$work/dom.html" && r=ok || r="no SVG bar chart in the DOM"
check "SVG bar chart" "$r"

articles=$(grep -c '<article id="a' "$work/dom.html" || true)
[[ "$articles" -gt 1 ]] && grep -q 'href="#a1"' "$work/dom.html" && r=ok || r="$articles articles, or no links to them"
check "articles with anchors ($articles)" "$r"

external=$(grep -Eo '(src|href)="(https?:)?//[^"]*"' "$work/dom.html" | head -3 || true)
[[ -z "$external" ]] && r=ok || r="external resources: $external"
check "self-contained" "$r"

errors=$(grep -E 'Uncaught|:CONSOLE|ERR_FILE_NOT_FOUND|Failed to load' "$work/shot.err" "$work/dom.err" | head -5 || true)
[[ -z "$errors" ]] && r=ok || r="$errors"
check "no console errors" "$r"

if [[ -s target/report.png ]]; then
    size=$(python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print("%dx%d" % struct.unpack(">II", d[16:24]))' target/report.png)
    check "screenshot target/report.png ($size)" ok
else
    check "screenshot" "no target/report.png written"
fi
[[ -s target/report-article.png ]] && r=ok || r="no target/report-article.png written"
check "screenshot target/report-article.png (one article: $one)" "$r"

if [[ $fail -ne 0 ]]; then
    echo "browser check: FAILED"
    exit 1
fi
echo "browser check: passed"
