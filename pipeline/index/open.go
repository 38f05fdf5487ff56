// Package index is huashu's index stage: it writes analysed documents (model.Analyzed) into
// a bleve index on disk, and opens such an index for search and stats. It is the only
// package of huashu, with search, that imports bleve.
//
// An index holds essays and passages (one per paragraph, ID PassageID(essay, n)); field
// names are the Field constants, and docs/design.md says why the index is laid out so.
// Words are cut once, by analyze: the writer indexes the words it is given, and queries are
// cut by WordsAnalyzer with the user dictionary recorded in the index. Phrases and
// substrings are answered exactly by FieldExact, one token per character.
//
// An index is self-contained: MetaFile records the huashu version, the codebook (YAML and
// hash) and the user dictionary that built it, and its bleve mapping carries the user
// dictionary that the query analyzer needs.
package index

import (
	"fmt"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"

	"github.com/huashu/huashu/pipeline/codebook"
)

// Index is an open huashu index, for searching: the embedded bleve.Index answers queries,
// with FieldText analysed by WordsAnalyzer and FieldExact by ExactAnalyzer as the index
// records them. It is safe for concurrent use, as bleve.Index is.
type Index struct {
	bleve.Index
	// Dir is the index folder.
	Dir string
	// Meta records what built the index.
	Meta *Meta
	// Codebook is the codebook recorded in the index (not whatever codebook is on disk).
	Codebook *codebook.Codebook

	closeOnce sync.Once
	closeErr  error
}

// Close closes the index; closing it again does nothing and returns the first result.
func (ix *Index) Close() error {
	ix.closeOnce.Do(func() { ix.closeErr = ix.Index.Close() })
	return ix.closeErr
}

// Open opens the index at dir read-only. Queries on FieldText load the jieba dictionaries on
// first use (~0.5 s, ~130 MB); call LoadAnalyzer to load them now and see any error.
func Open(dir string) (*Index, error) {
	meta, err := readMeta(dir)
	if err != nil {
		return nil, err
	}
	if meta.Format != Format {
		return nil, fmt.Errorf("index: %s has layout %d and this huashu reads layout %d: build it again with index -rebuild", dir, meta.Format, Format)
	}
	cb, err := meta.ParseCodebook()
	if err != nil {
		return nil, err
	}
	idx, err := openBleve(dir, true)
	if err != nil {
		return nil, err
	}
	return &Index{Index: idx, Dir: dir, Meta: meta, Codebook: cb}, nil
}

// LoadAnalyzer loads the query analyzer's jieba dictionaries now, returning any error
// (bleve's analyzers cannot return one: a failed load would make text queries find nothing).
func (ix *Index) LoadAnalyzer() error {
	a := ix.Mapping().AnalyzerNamed(WordsAnalyzer)
	wa, ok := a.(*wordsAnalyzer)
	if !ok {
		return fmt.Errorf("index: %s: no %s analyzer in the mapping", ix.Dir, WordsAnalyzer)
	}
	_, err := wa.segmenter()
	return err
}

// Slice returns the characters [start, end) of text (code points; an invalid byte counts as
// one), as FieldStart and FieldEnd give a passage in its essay's stored text. Offsets out of
// range are clamped.
func Slice(text string, start, end int) string {
	c := &byteCursor{s: text}
	b0 := c.bytes(max(start, 0))
	b1 := c.bytes(max(end, start, 0))
	return text[b0:b1]
}

// CharOffset converts a byte offset of text, such as a term vector's Start or End in the
// stored FieldText, into a character offset (code points; an invalid byte counts as one).
func CharOffset(text string, byteOffset int) int {
	if byteOffset > len(text) {
		byteOffset = len(text)
	}
	n := 0
	for i := 0; i < byteOffset; n++ {
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
	return n
}
