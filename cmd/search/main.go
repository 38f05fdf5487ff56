// Command search answers queries from the index that cmd/index builds: essays or passages
// with their frames, stance and keyword-in-context lines, facets, and saved queries. The
// query language is in docs/query.md.
//
//	go run ./cmd/search [flags] QUERY
//	go run ./cmd/search -saved queries/ -by source
//
// Exit status: 0 on success, 1 on a failure (no index, an unreadable file), 2 on a mistake in
// the query or the flags.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"

	"github.com/huashu/huashu/pipeline/search"
)

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(search.GCPercent) // one query per process: see GCPercent
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// exitCode reports err on stderr and returns the exit status it calls for.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var usage *usageError
	var qe *search.Error
	switch {
	case errors.As(err, &usage) && usage.err == nil:
		return 2 // -h: the usage is already printed
	case errors.As(err, &usage), errors.As(err, &qe):
		fmt.Fprintln(stderr, "search:", err)
		return 2
	}
	fmt.Fprintln(stderr, "search:", err)
	return 1
}
