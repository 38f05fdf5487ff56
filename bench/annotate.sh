#!/usr/bin/env bash
# Times `annotate` end to end on a generated corpus and, where Debian's python3-jieba is
# installed, the same job done in Python (bench/annotate_jieba.py) on the same input.
#
#   bench/annotate.sh [MB]        # default 24 MB of JSONL
#
# Prints MB/s and peak RSS of each, and what jieba alone reaches on the same text
# (bench/jiebaalone); paste the lines into docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-24}
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

measure annotate "$work/annotate" -q "$work/corpus"
"$work/jiebaalone" "$work/corpus" # the ceiling: the same cutting, nothing else
if /usr/bin/python3 -c 'import jieba, yaml' 2>/dev/null; then
  measure python-jieba /usr/bin/python3 bench/annotate_jieba.py pipeline/codebook/default.yml "$work"/corpus/jsonl/*.jsonl
  echo "speed-up: $(echo "scale=1; $(cat "$work/python-jieba.secs") / $(cat "$work/annotate.secs")" | bc)x"
else
  echo "python-jieba: skipped (install Debian's python3-jieba and python3-yaml)"
fi
