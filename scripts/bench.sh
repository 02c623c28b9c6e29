#!/usr/bin/env bash
# Benchmark aiposture on a synthetic Terraform tree, a pre-commit style file
# list and the bundled example.
#
# Usage: scripts/bench.sh [--files N] [--mb M] [--runs K] [--small-runs J] [--no-build]
#
#   --files N       .tf files in the synthetic tree (default 4000)
#   --mb M          approximate tree size in MB of 10^6 bytes (default 12)
#   --runs K        timed runs of the full scan (default 5)
#   --small-runs J  timed runs of the pre-commit and example scans (default 20)
#   --no-build      use the existing binary instead of `cargo build --release`
#
# Environment:
#   BENCH_DIR      where the tree lives (default target/bench-tree); it is
#                  reused while --files, --mb and the generator are unchanged
#   AIPOSTURE_BIN  binary to measure (default target/release/aiposture)
#   PYTHON         Python 3 interpreter (default python3)
#
# Figures go to stdout as a table and, one JSON object per line, to
# target/bench-results.jsonl.  Exit codes 0 and 1 of aiposture count as
# success (1 means "findings"); anything else aborts with its stderr shown.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

files=4000
mb=12
runs=5
small_runs=20
build=1

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }
die() { echo "bench.sh: $*" >&2; exit 1; }

while (($#)); do
    case $1 in
        --files) files=${2:?--files needs a value}; shift 2 ;;
        --mb) mb=${2:?--mb needs a value}; shift 2 ;;
        --runs) runs=${2:?--runs needs a value}; shift 2 ;;
        --small-runs) small_runs=${2:?--small-runs needs a value}; shift 2 ;;
        --no-build) build=0; shift ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
done

python=${PYTHON:-python3}
bin=${AIPOSTURE_BIN:-target/release/aiposture}
tree=${BENCH_DIR:-target/bench-tree}
results=target/bench-results.jsonl

# --- build ------------------------------------------------------------------
if ((build)); then
    echo "building release binary..." >&2
    cargo build --release --quiet
fi
[[ -x $bin ]] || die "$bin not found or not executable (build it, or drop --no-build)"

# --- synthetic tree -------------------------------------------------------------
# The stamp lives beside the tree, not inside it, so the scanner never sees it.
# It records the parameters and the generator's hash: a changed generator
# must not be benchmarked against a stale tree.
stamp_file=$tree.params
stamp="files=$files mb=$mb generator=$(sha256sum scripts/gen-bench-tree.py | cut -c1-16)"
if [[ -d $tree && -f $stamp_file && $(<"$stamp_file") == "$stamp" ]]; then
    echo "reusing $tree ($stamp)" >&2
else
    if [[ -e $tree ]]; then
        # Only delete what this script made earlier (it left a stamp).
        [[ -f $stamp_file ]] || die "$tree exists but was not made by bench.sh; remove it or set BENCH_DIR"
        rm -rf -- "$tree"
    fi
    rm -f -- "$stamp_file"
    # Generate beside the final place and rename, so an interrupted run never
    # leaves a half-written tree that looks complete.
    staging=$tree.tmp.$$
    trap 'rm -rf -- "$staging"' EXIT
    "$python" scripts/gen-bench-tree.py "$staging" --files "$files" --target-mb "$mb" >&2
    mv -- "$staging" "$tree"
    trap - EXIT
    echo "$stamp" >"$stamp_file"
fi

# --- sanity check -----------------------------------------------------------------
# One scan with real JSON output: it fails loudly on exit code 2, and the tree
# is full of deliberate misconfigurations, so a report that never mentions a
# generated module means the scanner skipped the tree (e.g. ignore rules) and
# the figures below would be meaningless.
scan_json=$tree.scan.json
scan_err=$(mktemp)
status=0
"$bin" scan "$tree" --format json --output "$scan_json" 2>"$scan_err" || status=$?
if ((status != 0 && status != 1)); then
    cat "$scan_err" >&2
    rm -f -- "$scan_err"
    die "sanity scan of $tree failed with exit code $status"
fi
rm -f -- "$scan_err"
grep -q 'svc-0' "$scan_json" ||
    echo "warning: $scan_json mentions no svc-* path; is the scanner skipping $tree?" >&2

# --- benchmarks ---------------------------------------------------------------------
mkdir -p target
: >"$results"
table=()

bench() { # bench LABEL RUNS UNIT [bench_run.py options...] -- CMD...
    local label=$1 n=$2 unit=$3 line
    shift 3
    line=$("$python" scripts/bench_run.py --label "$label" --runs "$n" --unit "$unit" --record "$results" "$@")
    table+=("$line")
}

bench "full scan" "$runs" s --inputs "$tree" --throughput -- \
    "$bin" scan "$tree" --format json --output /dev/null

# What a pre-commit hook does: scan only the staged files of one module.
module=$tree/svc-0001
staged=()
for name in main.tf iam.tf network.tf sagemaker.tf lambda.tf; do
    [[ -f $module/$name ]] && staged+=("$module/$name")
done
if ((${#staged[@]})); then
    bench "pre-commit (${#staged[@]} files)" "$small_runs" ms --inputs "${staged[@]}" -- \
        "$bin" scan "${staged[@]}"
fi

example=testdata/examples/genai-platform
if [[ -d $example ]]; then
    bench "example genai-platform" "$small_runs" ms --inputs "$example" -- \
        "$bin" scan "$example" --format json --output /dev/null
else
    echo "skipping example: $example not found" >&2
fi

# --- report -----------------------------------------------------------------------
rev=$(git rev-parse --short HEAD 2>/dev/null || echo "no commit")
dirty=$(git status --porcelain 2>/dev/null | grep -q . && echo "+dirty" || true)
echo
echo "aiposture benchmark: $bin, rev $rev$dirty, $(nproc) CPUs"
printf '  %s\n' "${table[@]}"
echo "(JSON lines: $results; full scan report: $scan_json)"
