#!/usr/bin/env bash
# bench/index.sh: times `index` (cmd/index) on a generated corpus and, in the same run, bleve
# alone indexing the same text cut into words beforehand (whitespace analyzer, one writer,
# batches of 500: bench/blevealone), and prints MB/s, their ratio, peak RSS and index sizes.
#
#   bench/index.sh                      # 20,000 documents, at least 50 MB
#   DOCS=40000 MB=200 bench/index.sh    # larger
#   FORMAT=mixed REPEAT=2 bench/index.sh
#
# Environment: DOCS (20000), MB (50), FORMAT (md), REPEAT (1: runs of each), WORK (a temporary
# folder, removed at the end unless given). Needs GNU time at /usr/bin/time for peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."

DOCS=${DOCS:-20000}
MB=${MB:-50}
FORMAT=${FORMAT:-md}
REPEAT=${REPEAT:-1}
if [ -z "${WORK:-}" ]; then
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"
TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
  echo "bench/index.sh: GNU time is needed at /usr/bin/time (apt-get install time)" >&2
  exit 1
fi

echo "building into $WORK" >&2
go build -o "$WORK/index" ./cmd/index
go build -o "$WORK/blevealone" ./bench/blevealone
if [ ! -d "$WORK/corpus" ]; then
  go run ./bench/gen -docs "$DOCS" -mb "$MB" -format "$FORMAT" -out "$WORK/corpus" >&2
fi
if [ ! -f "$WORK/words.tsv" ]; then
  "$WORK/blevealone" -prep "$WORK/words.tsv" "$WORK/corpus" >&2
fi

# measure NAME COMMAND...: runs COMMAND under GNU time, prints "NAME MB/s RSS-MB wall CPU-s".
# The MB/s is the command's own figure (text bytes of the documents per second, both sides);
# CPU-s is user + system time, steadier than wall time on a machine shared with other work.
measure() {
  local name=$1
  shift
  local log="$WORK/$name.log"
  "$TIME" -v "$@" >"$log" 2>&1 || { cat "$log" >&2; echo "bench/index.sh: $name failed" >&2; exit 1; }
  local rate rss secs cpu
  rate=$(grep -o '([0-9.]* MB/s)' "$log" | tail -1 | tr -d '()' | cut -d' ' -f1)
  rss=$(awk -F: '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.1f", s}' "$log")
  echo "$name $rate $rss $secs $cpu"
}

size_mb() { du -sm "$1" | cut -f1; }

text_mb=$(awk -F'\t' '{s += $2} END {printf "%.1f", s/1048576}' "$WORK/words.tsv")
docs=$(wc -l <"$WORK/words.tsv")
echo "corpus: $docs documents, $text_mb MB of text ($FORMAT), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-22s %8s %8s %10s %8s %9s\n' run MB/s peak-MB wall CPU-s index-MB
for r in $(seq "$REPEAT"); do
  rm -rf "$WORK/huashu.bleve" "$WORK/alone.bleve"
  read -r n1 h_rate h_rss h_secs h_cpu < <(measure huashu "$WORK/index" -index "$WORK/huashu.bleve" "$WORK/corpus")
  h_size=$(size_mb "$WORK/huashu.bleve")
  read -r n2 a_rate a_rss a_secs a_cpu < <(measure blevealone "$WORK/blevealone" -index "$WORK/alone.bleve" "$WORK/words.tsv")
  a_size=$(size_mb "$WORK/alone.bleve")
  read -r n3 b_rate b_rss b_secs b_cpu < <(measure blevealone-noall "$WORK/blevealone" -all=false -index "$WORK/alone.bleve" "$WORK/words.tsv")
  b_size=$(size_mb "$WORK/alone.bleve")
  printf '%-22s %8s %8s %10s %8s %9s\n' "huashu index" "$h_rate" "$h_rss" "$h_secs" "$h_cpu" "$h_size"
  printf '%-22s %8s %8s %10s %8s %9s\n' "bleve alone (_all)" "$a_rate" "$a_rss" "$a_secs" "$a_cpu" "$a_size"
  printf '%-22s %8s %8s %10s %8s %9s\n' "bleve alone (no _all)" "$b_rate" "$b_rss" "$b_secs" "$b_cpu" "$b_size"
  awk -v h="$h_rate" -v a="$a_rate" -v b="$b_rate" -v hc="$h_cpu" -v ac="$a_cpu" -v bc="$b_cpu" -v s="$h_size" -v t="$text_mb" \
    'BEGIN {printf "ratio of MB/s: huashu/bleve alone %.2f (no _all: %.2f); of CPU-s per MB: %.2f (%.2f); index %.1f MB per MB of text\n", h/a, h/b, ac/hc, bc/hc, s/t}'
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
