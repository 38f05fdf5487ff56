// Command stats writes frame statistics as tables that R, pandas and Excel read (CSV, TSV,
// JSON, tidy long format) and as charts (SVG, PNG), from annotations: documents, groups,
// markers, frame co-occurrence, keyness and collocates, of the essays of the index that
// cmd/index builds or of annotate's output. See docs/stats.md.
//
//	go run ./cmd/stats -table groups -by source,month -excel -o groups.csv
//	go run ./cmd/stats -index huashu.bleve -query 'frame:bubble' -by month -chart rates.svg
//	go run ./cmd/stats -compare 'source:微博' 'source:新闻' -min 5
//	go run ./cmd/stats -annotations ann.jsonl -table docs
//	go run ./cmd/stats -export-codebook quanteda -o codebook.quanteda.yml
//
// Exit status: 0 on success, 1 on a failure (no index, an unreadable file), 2 on a mistake in
// the flags or in a query.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/huashu/huashu/pipeline/search"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// errUsage marks a command-line mistake (exit status 2); the message was printed.
var errUsage = errors.New("usage")

// exitCode reports err on stderr and returns the exit status it calls for.
func exitCode(err error, stderr io.Writer) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.As(err, new(*search.Error)):
		fmt.Fprintln(stderr, "stats:", err) // name:line:column: message
		return 2
	default:
		fmt.Fprintln(stderr, "stats:", err)
		return 1
	}
}
