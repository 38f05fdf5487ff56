// Package searchtest builds real huashu indexes for the tests and benchmarks of search: the
// documents are read by ingest, analysed by analyze (the real gojieba, the default codebook)
// and written by index, exactly as cmd/index does, one goroutine doing it all.
package searchtest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/huashu/huashu/pipeline/analyze"
	"github.com/huashu/huashu/pipeline/diag"
	"github.com/huashu/huashu/pipeline/index"
	"github.com/huashu/huashu/pipeline/ingest"
	"github.com/huashu/huashu/pipeline/model"
)

// Doc is one indexed document with its annotation, as annotate would print it.
type Doc struct {
	Doc        *model.Document
	Annotation *model.Annotation
}

// Build indexes the documents under paths into a new index at dir and returns them, in the
// order ingest read them. The jieba segmenter it loads (~130 MB) stays loaded for the
// process, to analyse queries. With keep false the documents are not returned (for large
// corpora). Analysis runs on workers goroutines (0: the number of CPUs); one goroutine
// writes the index.
func Build(ctx context.Context, dir string, paths []string, keep bool, workers int) ([]*Doc, error) {
	a, err := analyze.New(analyze.Options{})
	if err != nil {
		return nil, err
	}
	// The analyzer stays open: its segmenter, shared with the index package, cuts the
	// queries of the index afterwards without loading jieba a second time.
	index.ShareSegmenter(a.Segmenter())
	w, err := index.OpenWriter(dir, index.Options{Codebook: a.Codebook(), UserDict: a.Segmenter().UserDict()})
	if err != nil {
		return nil, err
	}
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	docs := make(chan *model.Document, 64)
	walked := make(chan error, 1)
	log := diag.NewLog(os.Stderr, 100)
	go func() {
		defer close(docs)
		walked <- ingest.Walk(ctx, paths, ingest.Options{}, log, func(d *model.Document) error {
			select {
			case docs <- d:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	var out []*Doc
	err = a.Stream(ctx, docs, workers, log, func(r *model.Analyzed) error {
		if keep {
			out = append(out, &Doc{Doc: r.Doc, Annotation: r.Annotation})
		}
		return w.Add(r)
	})
	cancel() // stops the walk if Stream stopped early
	if werr := <-walked; err == nil && werr != context.Canceled {
		err = werr
	}
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("searchtest: %w", err)
	}
	if n := log.Skipped(); n > 0 {
		return nil, fmt.Errorf("searchtest: %d documents skipped: %s", n, log.Summary())
	}
	return out, nil
}

// ModuleRoot returns the folder of the module's go.mod, found upwards from the working
// directory, so that tests in any package can find corpora/ and queries/.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("searchtest: no go.mod above the working directory")
		}
		dir = parent
	}
}
