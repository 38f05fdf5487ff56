// Command jiebaalone times jieba alone on a corpus, doing the cutting annotate does and
// nothing else: the ceiling that jieba sets on annotate's speed (gojieba's dictionaries, cut by
// pipeline/segment's cutter, as annotate cuts them).
//
//	go run ./bench/jiebaalone CORPUS
//
// It reads and normalizes every document first (untimed; the corpus is held in memory), then
// times loading the segmenter with the codebook's words (as annotate does) and cutting each
// document's sentences with Segmenter.TokenizeSpans, on one goroutine and on -workers. MB
// are MiB of original text, as annotate counts them. bench/annotate.sh prints its line.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/huashu/huashu/internal/cli"
	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/diag"
	"github.com/huashu/huashu/pipeline/ingest"
	"github.com/huashu/huashu/pipeline/model"
	"github.com/huashu/huashu/pipeline/normalize"
	"github.com/huashu/huashu/pipeline/segment"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "jiebaalone:", err)
		os.Exit(1)
	}
}

// doc is one document ready to cut: its analysis text and sentence spans.
type doc struct {
	analysis string
	spans    []segment.Span
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("jiebaalone", flag.ContinueOnError)
	fs.SetOutput(stderr)
	workers := fs.Int("workers", runtime.NumCPU(), "goroutines cutting at once in the second run")
	paths, err := cli.Parse(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return fmt.Errorf("usage: jiebaalone [-workers N] CORPUS...")
	}
	plain, err := normalize.New(normalize.Options{Traditional: true})
	if err != nil {
		return err
	}
	md, err := normalize.New(normalize.Options{Traditional: true, Markdown: true})
	if err != nil {
		return err
	}
	var docs []doc
	var bytes int64
	log := diag.NewLog(stderr, 0)
	err = ingest.Walk(context.Background(), paths, ingest.Options{}, log, func(d *model.Document) error {
		n := plain
		if normalize.IsMarkdownPath(d.Path) {
			n = md
		}
		r := n.Normalize(d.Text)
		spans := make([]segment.Span, len(r.Sentences))
		for i, s := range r.Sentences {
			spans[i] = segment.Span{Start: s.AStart, End: s.AEnd}
		}
		docs = append(docs, doc{analysis: r.Analysis, spans: spans})
		bytes += int64(len(d.Text))
		return nil
	})
	if err != nil {
		return err
	}
	cb, err := codebook.Default()
	if err != nil {
		return err
	}
	begin := time.Now()
	seg, err := segment.New(segment.Options{Words: cb.DictWords()})
	if err != nil {
		return err
	}
	defer seg.Close()
	load := time.Since(begin).Seconds()
	mb := float64(bytes) / (1 << 20)
	one := cut(seg, docs, 1)
	many := cut(seg, docs, *workers)
	fmt.Fprintf(stdout, "jieba alone: loading %.2f s; cutting %.2f MB/s on 1 goroutine, %.2f MB/s on %d; "+
		"load and cut on %d: %.2f MB/s (%d documents, %.1f MB)\n",
		load, mb/one, mb/many, *workers, *workers, mb/(load+many), len(docs), mb)
	return nil
}

// cut cuts every document on workers goroutines and returns the seconds it took.
func cut(seg *segment.Segmenter, docs []doc, workers int) float64 {
	start := time.Now()
	next := make(chan int, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				seg.TokenizeSpans(docs[i].analysis, docs[i].spans)
			}
		})
	}
	for i := range docs {
		next <- i
	}
	close(next)
	wg.Wait()
	return time.Since(start).Seconds()
}
