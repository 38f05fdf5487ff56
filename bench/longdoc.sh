#!/usr/bin/env bash
# bench/longdoc.sh: peak memory and time of `annotate` (and, with INDEX=1, `index`) on a corpus
# that is one long plain-text document, made of the texts of a generated corpus run together
# (a paragraph each), for each size in MB given.
#
#   bench/longdoc.sh              # 5, 20 and 50 MB (50 MB is the default -max-size)
#   bench/longdoc.sh 10 40
#   INDEX=1 bench/longdoc.sh 2 5  # index as well (-max-doc-mb raised to the size)
#
# annotate must stay within 500 MB whatever the size; index skips a document over
# -max-doc-mb (5 MB) by default, since bleve takes ~95 bytes a byte of one document.
# Needs GNU time at /usr/bin/time for peak RSS, and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(5 20 50)
TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
  echo "bench/longdoc.sh: GNU time is needed at /usr/bin/time (apt-get install time)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/annotate" ./cmd/annotate
go build -o "$work/index" ./cmd/index
go build -o "$work/gen" ./bench/gen
max=0
for mb in "${SIZES[@]}"; do max=$(echo "if ($mb > $max) $mb else $max" | bc); done
"$work/gen" -format jsonl -mb "$(echo "$max * 1.2 + 2" | bc)" -docs 1 -out "$work/corpus" >/dev/null

for mb in "${SIZES[@]}"; do
  mkdir -p "$work/doc$mb"
  # The texts, one paragraph each, up to mb MB (2^20 bytes), cut at a paragraph's end.
  python3 - "$mb" "$work/doc$mb/long.txt" "$work"/corpus/jsonl/*.jsonl <<'PY'
import json, sys
limit, out = float(sys.argv[1]) * 2**20, open(sys.argv[2], "wb")
n = 0
for path in sys.argv[3:]:
    for line in open(path, encoding="utf-8"):
        b = (json.loads(line)["text"].replace("\n", "") + "\n").encode("utf-8")
        if n + len(b) > limit:
            sys.exit(0)
        out.write(b)
        n += len(b)
PY
  size=$(stat -c %s "$work/doc$mb/long.txt")
  label=$(printf '%.1f MB' "$(echo "scale=2; $size / 1048576" | bc)")
  $TIME -f "%e %M" -o "$work/time" "$work/annotate" -q "$work/doc$mb" >/dev/null
  read -r secs kb <"$work/time"
  printf 'annotate, one document of %s: %6.1f s  peak RSS %5d MB\n' "$label" "$secs" $((kb / 1024))
  if [ "${INDEX:-0}" = 1 ]; then
    rm -rf "$work/ix"
    $TIME -f "%e %M" -o "$work/time" "$work/index" -q -index "$work/ix" -max-doc-mb "$((mb + 1))" "$work/doc$mb"
    read -r secs kb <"$work/time"
    printf 'index,    one document of %s: %6.1f s  peak RSS %5d MB\n' "$label" "$secs" $((kb / 1024))
  fi
  rm -rf "$work/doc$mb"
done
