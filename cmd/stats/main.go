// Command stats writes frame statistics as tables that R, pandas and Excel read (CSV, TSV,
// JSON, tidy long format) and as charts (SVG, PNG), from annotations: documents, groups,
// markers, frame co-occurrence, keyness and collocates. See docs/stats.md.
//
//	go run ./cmd/stats -annotations ann.jsonl -table groups -by source,month -excel -o groups.csv
//	go run ./cmd/stats -annotations ann.jsonl -by month -chart rates.svg
//	go run ./cmd/stats -export-codebook quanteda -o codebook.quanteda.yml
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
	err := Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err))
}

// errUsage marks a command-line mistake (exit status 2); the message was printed.
var errUsage = errors.New("usage")

func exitCode(err error) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	default:
		fmt.Fprintln(os.Stderr, "stats:", err)
		return 1
	}
}
