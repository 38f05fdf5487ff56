#!/usr/bin/env bash
# Times `annotate` end to end on a generated corpus and, where Debian's python3-jieba is
# installed, the same job done in Python (bench/annotate_jieba.py) on the same input.
#
#   bench/annotate.sh [MB] [RUNS]   # default 24 MB of JSONL, 5 runs of annotate
#
# Prints MB/s and peak RSS of each run, each followed by what jieba alone reaches on the same
# text (bench/jiebaalone), then the median of the runs, of jieba alone's speed (the ceiling:
# annotate does all that jieba alone does) and of annotate's speed over jieba alone's; the
# machine has slow and fast phases minutes long, and one run can be 30 % off. Python runs
# once; the speed-up is against the median run. Paste the lines into docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-24}
RUNS=${2:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/annotate" ./cmd/annotate
go build -o "$work/gen" ./bench/gen
go build -o "$work/jiebaalone" ./bench/jiebaalone
"$work/gen" -format jsonl -mb "$MB" -docs 1 -out "$work/corpus" >/dev/null
bytes=$(cat "$work"/corpus/jsonl/*.jsonl | wc -c)
texts=$(/usr/bin/python3 - "$work"/corpus/jsonl/*.jsonl <<'PY'
import json, sys
n = 0
for p in sys.argv[1:]:
    for line in open(p, encoding="utf-8"):
        if line.strip():
            n += len(json.loads(line)["text"].encode("utf-8"))
print(n)
PY
)
mb=$(echo "scale=2; $texts / 1048576" | bc)
echo "corpus: $(ls "$work"/corpus/jsonl/*.jsonl | wc -l) JSONL files, $(echo "scale=1; $bytes/1048576" | bc) MB on disk, $mb MB of text; $(nproc) cores"

measure() { # name, command...
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; return 1; }
  read -r secs kb <"$work/time"
  printf '%-14s %6.1f s  %6.2f MB/s  peak RSS %4d MB\n' "$name" "$secs" "$(echo "scale=3; $mb / $secs" | bc)" $((kb / 1024))
  echo "$secs" >"$work/$name.secs"
}

for run in $(seq 1 "$RUNS"); do
  measure annotate "$work/annotate" -q "$work/corpus"
  cat "$work/annotate.secs" >>"$work/runs"
  # The ceiling: the same loading and cutting, nothing else, right after. The machine's speed
  # drifts from minute to minute; the ratio of the two drifts less.
  "$work/jiebaalone" "$work/corpus" | tee "$work/alone"
  alone=$(sed -n 's/.*load and cut on [0-9]*: \([0-9.]*\) MB\/s.*/\1/p' "$work/alone")
  echo "scale=3; $mb / $(cat "$work/annotate.secs") / $alone" | bc >>"$work/ratios"
  echo "$alone" >>"$work/alones"
done
# spread FILE prints the median, the least and the greatest of the numbers in FILE.
spread() {
  sort -n "$1" | awk '{ v[NR] = $1 } END {
    print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2, v[1], v[NR]
  }'
}
read -r m lo hi < <(spread "$work/runs")
echo "$m" >"$work/annotate.secs"
awk -v mb="$mb" -v m="$m" -v lo="$lo" -v hi="$hi" -v n="$RUNS" 'BEGIN {
  printf "annotate: median of %d runs %.2f s, %.2f MB/s (runs %.2f-%.2f MB/s)\n", n, m, mb / m, mb / hi, mb / lo
}'
# annotate does what jieba alone does and more: no analysis, however fast, takes it past
# jieba alone's speed in the same minute.
read -r m lo hi < <(spread "$work/alones")
printf 'jieba alone (load and cut, the ceiling): median %.2f MB/s (runs %.2f-%.2f)\n' "$m" "$lo" "$hi"
read -r m lo hi < <(spread "$work/ratios")
printf 'annotate / jieba alone (load and cut): median %.2f (runs %.2f-%.2f)\n' "$m" "$lo" "$hi"
if /usr/bin/python3 -c 'import jieba, yaml' 2>/dev/null; then
  measure python-jieba /usr/bin/python3 bench/annotate_jieba.py pipeline/codebook/default.yml "$work"/corpus/jsonl/*.jsonl
  echo "speed-up: $(echo "scale=1; $(cat "$work/python-jieba.secs") / $(cat "$work/annotate.secs")" | bc)x"
else
  echo "python-jieba: skipped (install Debian's python3-jieba and python3-yaml)"
fi
