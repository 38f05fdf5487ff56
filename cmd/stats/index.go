package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/huashu/huashu/pipeline/index"
	"github.com/huashu/huashu/pipeline/search"
	"github.com/huashu/huashu/pipeline/stats"
)

// openIndex opens the index at dir read-only; a folder without one is an error wrapping
// search.ErrNoIndex that says how to build it.
func openIndex(dir string) (*index.Index, error) {
	if _, err := os.Stat(filepath.Join(dir, index.MetaFile)); errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w at %s: run `go run ./cmd/index` first", search.ErrNoIndex, dir)
	}
	return index.Open(dir)
}

// namedQuery is a query of the command line and the name its mistakes are reported under.
type namedQuery struct {
	name, text string
}

// compileQuery compiles queries (the query language of docs/query.md) for essays over ix,
// into one plan that matches the essays every query matches; none, or only empty ones, match
// every essay. A mistake is a *search.Error named after its query, at its line and column.
// It loads the query analyzer's jieba dictionaries when a query has words to cut.
func compileQuery(ix *index.Index, schema *search.Schema, queries ...namedQuery) (*search.Plan, error) {
	var trees []search.Node
	var plan *search.Plan
	for _, q := range queries {
		if q.text == "" {
			continue
		}
		n, err := search.Parse(q.text)
		if err == nil {
			// Compiled alone, so that a mistake is placed in its own query.
			plan, err = schema.Compile(q.text, n)
		}
		if err != nil {
			var qe *search.Error
			if errors.As(err, &qe) {
				qe.Name = q.name
			}
			return nil, err
		}
		trees = append(trees, n)
	}
	switch len(trees) {
	case 0:
		return schema.Compile("", &search.MatchAll{})
	case 1:
	default:
		var err error
		if plan, err = schema.Compile("", &search.And{Args: trees}); err != nil {
			return nil, err
		}
	}
	if len(plan.Words) > 0 || slices.Contains(plan.LocationFields, schema.Text) {
		if err := ix.LoadAnalyzer(); err != nil {
			return nil, err
		}
	}
	return plan, nil
}

// eachIndexDoc calls fn for each essay of ix that plan matches, in the order of their IDs, as
// stats.DecodeDoc builds it from the stored annotation and words. One essay is decoded at a
// time: what fn does not keep can be collected before the next.
func eachIndexDoc(ctx context.Context, ix *index.Index, plan *search.Plan, fn func(stats.Doc) error) error {
	return ix.Essays(ctx, plan.Query, func(id string, annotation []byte, words string) error {
		d, err := stats.DecodeDoc(annotation, words)
		if err != nil {
			return fmt.Errorf("%s: essay %s: %w", ix.Dir, id, err)
		}
		return fn(d)
	})
}

// indexDocs returns the essays of ix that plan matches, all in memory (the tests compare
// them with annotate's); the command streams them with eachIndexDoc.
func indexDocs(ctx context.Context, ix *index.Index, plan *search.Plan) ([]stats.Doc, error) {
	var docs []stats.Doc
	err := eachIndexDoc(ctx, ix, plan, func(d stats.Doc) error {
		docs = append(docs, d)
		return nil
	})
	return docs, err
}
