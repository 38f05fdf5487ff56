// Command index turns a corpus into a bleve index on disk that search and stats answer from:
// it reads each document (ingest), analyses it (normalize, segment, tag, stance) and writes
// its words, its exact characters, its markers, frames, stance and metadata (pipeline/index).
//
//	go run ./cmd/index                       # corpora/ into huashu.bleve
//	go run ./cmd/index -index my.bleve -prune texts/ posts.jsonl
//
// Re-running it re-indexes only the records whose content changed; -prune removes records
// whose files are gone; killed at any moment, running it again completes the index.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
)

func main() {
	exiting = true
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err))
}

// exiting is set by main, whose process ends as soon as Run returns: jieba's dictionaries
// are then left to the operating system, which frees them at once, where jieba's own
// destructors take 0.12 s. Tests call Run many times and free them.
var exiting bool

// errSkipped is returned when the run finished but some input was skipped (exit status 1).
var errSkipped = errors.New("some input was skipped")

// errUsage marks a command-line mistake (exit status 2).
var errUsage = errors.New("usage")

func exitCode(err error) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.Is(err, errSkipped):
		return 1
	default:
		msg := err.Error()
		if !strings.HasPrefix(msg, "index: ") { // the index package says it already
			msg = "index: " + msg
		}
		fmt.Fprintln(os.Stderr, msg)
		return 1
	}
}
