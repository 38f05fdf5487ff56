// Command gen builds a large synthetic corpus for huashu's benchmarks by recombining the
// paragraphs and posts of the sample corpus in corpora/.
//
// Usage:
//
//	go run ./bench/gen -docs N -out DIR [-seed S] [-format md|jsonl|mixed] [-mb M] [-corpus DIR]
//
// It reads the essays (corpora/essays/*.md: front matter and body), the Weibo posts
// (corpora/weibo.jsonl) and the forum rows (corpora/forum.csv), and writes N documents, each
// made of sample paragraphs and posts drawn at random, 300 to 5,000 characters long, with
// metadata (title, author, source, date, tags) drawn from the samples. Markdown documents go to
// DIR/md/NNNN/ folders of at most 1,000 files; JSONL records go to DIR/jsonl/part-NNNN.jsonl
// files of at most 5,000 records. With -mb it keeps writing past N documents until at least
// M megabytes (M × 2^20 bytes) are written. The output is a function of the sample corpus, the
// seed and the flags: the same inputs give the same bytes.
//
// The documents make no sense as essays; they have the vocabulary, the punctuation, the
// paragraph lengths and the metadata spread of real commentary, which is what the ingest,
// segmentation, tagging and indexing benchmarks need.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	err := Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
