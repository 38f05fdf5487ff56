package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/huashu/huashu/pipeline/model"
)

// Stored-only fields of an essay, kept for stats, which never analyses text again: not
// indexed, no term vectors, no doc values; read back by Essays (docs/stats.md).
const (
	// FieldAnnotation holds the essay's annotation as annotate prints it: model.Annotation
	// as JSON (HTML characters not escaped), without Text.
	FieldAnnotation = "annotation"
	// FieldWords holds the essay's jieba words in text order (model.Analyzed.Tokens
	// flattened: punctuation and spaces left out), lower-cased as FieldText indexes them,
	// joined by single spaces ("" for an essay without words). A word never holds a space.
	FieldWords = "words"
)

// addStored adds FieldAnnotation and FieldWords to d: ann is the essay's annotation and
// words its terms of FieldText. An annotation that JSON cannot encode (a NaN score) is left
// out, and Essays reports the essay.
func addStored(d *document.Document, ann *model.Annotation, words []term) {
	a := *ann
	a.Text = ""
	if data, err := a.AppendJSON(nil); err == nil { // as annotate prints it
		d.AddField(storedField(FieldAnnotation, data))
	}
	n := len(words)
	for _, w := range words {
		n += len(w.text)
	}
	joined := make([]byte, 0, n)
	for i, w := range words {
		if i > 0 {
			joined = append(joined, ' ')
		}
		joined = append(joined, w.text...)
	}
	d.AddField(storedField(FieldWords, joined))
}

// storedField returns a field that is stored and nothing else: it has no terms.
func storedField(name string, value []byte) *field {
	return &field{name: name, value: value, opts: bindex.StoreField, terms: func() []term { return nil }}
}

// essayPage is the number of essays whose stored fields Essays loads per search (a variable
// for the tests, which page through small indexes).
var essayPage = 1000

// Essays runs q (nil: every essay) and calls fn for each matching essay in the order of
// their IDs (bytes), with its stored FieldAnnotation (JSON, owned by fn) and FieldWords. It
// searches page by page (1,000 essays a page, each page after the last ID of the one before)
// and loads only those two stored fields. It stops at fn's first error, which it returns,
// or when ctx is done. An essay without a stored annotation (written by an older huashu) is
// an error that says to rebuild the index. It is safe for concurrent use, as the Index is.
func (ix *Index) Essays(ctx context.Context, q query.Query, fn func(id string, annotation []byte, words string) error) error {
	if q == nil {
		q = bleve.NewMatchAllQuery()
	}
	var after []string
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		req := bleve.NewSearchRequestOptions(q, essayPage, 0, false)
		req.SortBy([]string{"_id"})
		req.Fields = []string{FieldAnnotation, FieldWords}
		req.SearchAfter = after
		res, err := ix.SearchInContext(ctx, req)
		if err != nil {
			return fmt.Errorf("index: %s: %w", ix.Dir, err)
		}
		for _, h := range res.Hits {
			ann, _ := h.Fields[FieldAnnotation].(string)
			if ann == "" {
				return fmt.Errorf("index: %s: essay %s has no stored %s: the index was built by an older huashu; build it again with index -rebuild", ix.Dir, h.ID, FieldAnnotation)
			}
			words, _ := h.Fields[FieldWords].(string)
			if err := fn(h.ID, []byte(ann), words); err != nil {
				return err
			}
		}
		if len(res.Hits) < essayPage {
			return nil
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
}
