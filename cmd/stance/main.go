// Command stance trains, evaluates and applies huashu's stance classifier.
//
//	stance train   -data FILE -o MODEL [-cv K] [feature flags]
//	stance eval    -model MODEL -data FILE
//	stance cv      -data FILE [-k K] [feature flags]
//	stance predict -model MODEL FILE...
//
// Data files are TSV (the NLPCC 2016 files as they are), CSV or JSONL with id, target, text
// and label (or stance) columns; see package classify.
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
	err := Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
		os.Exit(2)
	case errors.Is(err, errUsage):
		fmt.Fprintln(os.Stderr, "stance:", err)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "stance:", err)
		os.Exit(1)
	}
}
