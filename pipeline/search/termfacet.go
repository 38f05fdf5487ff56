package search

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Terms facets (markers, categories, sources, dates as given…) are counted by the searcher
// of countedQuery, as it yields each match, rather than by bleve's terms facet builder,
// which turns every term it visits into a new string and looks it up twice: a marker facet
// over 15,000 essays visits ~300,000 terms, and that bookkeeping was two thirds of the
// query's time. The counts are those of bleve's builder (tested): per term the number of
// matches that hold it, the total of terms visited, the matches holding none.

// termCounts holds the counts of the terms facets of one search (or of one part of it),
// and, when keep is a field's index, the first term of that field in every match (and its
// term locations with takeLocs), by the match's internal number.
type termCounts struct {
	fields []string
	keep   int
	kept   map[uint64]*keptDoc
	// takeLocs takes each match's term locations into kept
	takeLocs bool
	doc      uint64           // the internal number of the match being visited
	index    []map[string]int // per field: term → position in counts
	terms    [][]string
	counts   [][]int
	total    []int // terms visited, per field
	missing  []int // matches with no term, per field
	seen     []bool
}

func newTermCounts(fields []string) *termCounts {
	n := len(fields)
	c := &termCounts{fields: fields, keep: -1, index: make([]map[string]int, n), terms: make([][]string, n),
		counts: make([][]int, n), total: make([]int, n), missing: make([]int, n), seen: make([]bool, n)}
	for i := range fields {
		c.index[i] = map[string]int{}
	}
	return c
}

// visit counts one term of a field; it allocates only for a term not seen before.
func (c *termCounts) visit(field string, term []byte) {
	for i, f := range c.fields {
		if f != field {
			continue
		}
		if i == c.keep {
			if !c.seen[i] {
				c.keptDoc().value = string(term)
			}
			c.seen[i] = true
			continue
		}
		c.total[i]++
		c.seen[i] = true
		k, ok := c.index[i][string(term)]
		if !ok {
			k = len(c.counts[i])
			t := string(term)
			c.index[i][t] = k
			c.terms[i] = append(c.terms[i], t)
			c.counts[i] = append(c.counts[i], 0)
		}
		c.counts[i][k]++
	}
}

// keptDoc returns what is kept of the match being visited.
func (c *termCounts) keptDoc() *keptDoc {
	d := c.kept[c.doc]
	if d == nil {
		d = &keptDoc{}
		c.kept[c.doc] = d
	}
	return d
}

// result returns the counts of field i as bleve's facet result, every term kept (Fixup
// cuts it to the size asked for, adding the rest to Other).
func (c *termCounts) result(i int) *bsearch.FacetResult {
	fr := &bsearch.FacetResult{Field: c.fields[i], Total: c.total[i], Missing: c.missing[i], Terms: &bsearch.TermFacets{}}
	for k, t := range c.terms[i] {
		fr.Terms.Add(&bsearch.TermFacet{Term: t, Count: c.counts[i][k]})
	}
	return fr
}

// countedQuery matches what Inner matches, counting the terms of Counts' fields in every
// match its searcher yields.
type countedQuery struct {
	Inner  query.Query `json:"query"`
	Counts *termCounts `json:"-"`
}

// MarshalJSON writes the query for debugging output; bleve cannot read it back.
func (q *countedQuery) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]any{"counted": q.Counts.fields, "query": q.Inner})
}

// Searcher implements query.Query.
func (q *countedQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions) (bsearch.Searcher, error) {
	var fields []string // each once: the reader visits a field once per time it is named
	for _, f := range q.Counts.fields {
		if !slices.Contains(fields, f) {
			fields = append(fields, f)
		}
	}
	dvr, err := r.DocValueReader(fields)
	if err != nil {
		return nil, err
	}
	inner, err := q.Inner.Searcher(ctx, r, m, opts)
	if err != nil {
		return nil, err
	}
	return &countingSearcher{Searcher: inner, dvr: dvr, counts: q.Counts}, nil
}

// countingSearcher counts the terms of each match that the searcher it wraps yields.
type countingSearcher struct {
	bsearch.Searcher
	dvr    index.DocValueReader
	counts *termCounts
}

// Next implements search.Searcher.
func (s *countingSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	dm, err := s.Searcher.Next(ctx)
	return dm, s.count(dm, err)
}

// Advance implements search.Searcher.
func (s *countingSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	dm, err := s.Searcher.Advance(ctx, id)
	return dm, s.count(dm, err)
}

func (s *countingSearcher) count(dm *bsearch.DocumentMatch, err error) error {
	if err != nil || dm == nil {
		return err
	}
	c := s.counts
	clear(c.seen)
	c.doc = binary.BigEndian.Uint64(dm.IndexInternalID)
	if err := s.dvr.VisitDocValues(dm.IndexInternalID, c.visit); err != nil {
		return err
	}
	for i, seen := range c.seen {
		if !seen {
			c.missing[i]++
		}
	}
	if c.takeLocs {
		c.keptDoc().locs = slices.Clone(dm.FieldTermLocations)
		dm.FieldTermLocations = dm.FieldTermLocations[:0]
	}
	return nil
}
