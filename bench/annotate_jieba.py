#!/usr/bin/env python3
"""The job `annotate` does, done the way a researcher would in Python: jieba.lcut every text
and count the codebook's terms among the words. Used by bench/annotate.sh as a baseline.

Usage: annotate_jieba.py CODEBOOK.yml FILE.jsonl...
Prints one line: documents, characters, marker hits.
"""
import json
import sys

import jieba
import yaml


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        cb = yaml.safe_load(f)
    terms = {}
    for kind in ("frames", "rhetoric"):
        for cat in cb.get(kind) or []:
            for t in cat["terms"]:
                t = t.strip("*").lower()
                terms.setdefault(t, []).append(cat["id"])
    for t in terms:  # keep the codebook's phrases whole, as a careful researcher would
        jieba.add_word(t, freq=100000)
    jieba.setLogLevel(60)
    docs = chars = hits = 0
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                text = json.loads(line).get("text", "")
                docs += 1
                chars += len(text)
                for w in jieba.lcut(text):
                    if w.lower() in terms:
                        hits += 1
    print(f"python-jieba: {docs} documents, {chars} characters, {hits} marker hits")


if __name__ == "__main__":
    main()
