package search

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/huashu/huashu/pipeline/index"
)

// ErrNoIndex is returned (wrapped) by Open when there is no index at the folder.
var ErrNoIndex = errors.New("no index")

// Open opens the huashu index at dir read-only and returns a Searcher over it; Close closes
// the index. A folder without an index is an error wrapping ErrNoIndex that says how to build
// one.
func Open(dir string) (*Searcher, error) {
	if _, err := os.Stat(filepath.Join(dir, index.MetaFile)); errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w at %s: run `go run ./cmd/index` first", ErrNoIndex, dir)
	}
	ix, err := index.Open(dir)
	if err != nil {
		return nil, err
	}
	s := NewSearcher(ix.Index, NewSchema(ix))
	s.loadWords = ix.LoadAnalyzer
	s.close = ix.Close
	// Read-only: a search may run as parts at once, one per core (split.go).
	s.parts = min(runtime.GOMAXPROCS(0), maxParts)
	return s, nil
}

// maxParts bounds the parts a search runs as: each part costs its own walk of the query's
// first postings and its own stored fields for the hits it returns.
const maxParts = 4

// NewSchema returns the schema of a huashu index: the query fields of docs/query.md mapped
// onto pipeline/index's fields, checked against the codebook recorded in the index.
func NewSchema(ix *index.Index) *Schema {
	return &Schema{
		Text:     index.FieldText,
		Exact:    index.FieldExact,
		Date:     index.FieldDate,
		DateText: index.FieldDateText,
		Keywords: map[string]string{
			"title":     index.FieldTitle,
			"author":    index.FieldAuthor,
			"source":    index.FieldSource,
			"url":       index.FieldURL,
			"path":      index.FieldPath,
			"tag":       index.FieldTag,
			"date_text": index.FieldDateText,
		},
		Meta: index.FieldMetaPrefix,
		Numbers: map[string]string{
			"chars":    index.FieldChars,
			"tokens":   index.FieldTokens,
			"passages": index.FieldPassages,
		},
		Marker:      index.FieldMarker,
		MarkerNeg:   index.FieldMarkerNeg,
		Category:    index.FieldCategory,
		CategoryNeg: index.FieldCategoryNeg,
		FrameNumber: index.FrameField,
		StanceLabel: index.StanceField,
		StanceScore: index.StanceScoreField,
		Spans:       index.FieldSpans,
		Latin:       index.FieldLatin,
		Annotation:  index.FieldAnnotation,
		PassageFields: []string{
			index.FieldText, index.FieldExact, index.FieldMarker, index.FieldMarkerNeg,
			index.FieldCategory, index.FieldCategoryNeg,
		},
		Codebook: ix.Codebook,
		Fold:     foldExact,
	}
}

// foldExact is index.FoldExact with a fast path: ASCII, and the CJK blocks U+2E80–U+A63F,
// where no character has a case mapping (checked over the whole range), are folded without
// a lookup in the Unicode case tables.
func foldExact(r rune) rune {
	switch {
	case r < 0x80:
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	case r >= 0x2E80 && r < 0xA640:
		return r
	}
	return index.FoldExact(r)
}
