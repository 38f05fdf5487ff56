package search

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// A search on a read-only index is split into parts that run at once, one per core: part k
// of n answers the query for the documents whose internal numbers fall in the k-th n-th of
// the index, and the parts' results are merged into exactly the result of one search over
// the whole index (same total, hits, scores, order and facet counts). bleve's collector
// runs on one goroutine, so a query that reads many postings (an OR group of phrases, a
// facet over thousands of essays) otherwise leaves the other core idle. Scores do not
// depend on the part: bleve's term scorer takes its statistics from the whole index.
//
// Only a read-only index is split (Open): its snapshot, and so the numbering of its
// documents, cannot change between the parts' searches.

// GCPercent is the garbage collector's setting (GOGC) that cmd/search runs with, unless
// GOGC is set: a search allocates its matches' term vectors and locations, and its live
// heap is small, so collecting at 400 % instead of 100 % cut the medians of the slower
// queries by 15–25 % (bench/searchlat, 20,000 essays), for a process that lives one query.
// bench/searchlat runs with it too.
const GCPercent = 400

// partFacetSize is the number of terms a part's terms facet returns: every term, so that
// the merged counts are exact; the merged facet is then cut to the size asked for.
const partFacetSize = 1 << 20

// countedFacet is a terms facet that the search's own searcher counts (termfacet.go).
type countedFacet struct {
	name, field string
	size        int
}

// search runs req, as parts at once when the searcher may split it, and counts the
// facets of counted (absent from req.Facets) into the result's facets.
func (s *Searcher) search(ctx context.Context, req *bleve.SearchRequest, counted ...countedFacet) (*bleve.SearchResult, error) {
	res, _, err := s.run(ctx, req, counted, "")
	return res, err
}

// keptDoc is what a search kept of one match (searchKeeping): the first doc-values term of
// a field, and, when the search asks for term locations, the match's locations (taken from
// it, so that bleve does not build its maps of them).
type keptDoc struct {
	value string
	locs  []bsearch.FieldTermLocation
}

// searchKeeping runs req as search does, and keeps the first doc-values term of field in
// each match and, with req.IncludeLocations, its term locations (the hits have none), by
// the match's internal number.
func (s *Searcher) searchKeeping(ctx context.Context, req *bleve.SearchRequest, field string) (*bleve.SearchResult, map[uint64]*keptDoc, error) {
	return s.run(ctx, req, nil, field)
}

// run runs req (in parts when the searcher may split it), with counted facets and, when
// keep names a field, what searchKeeping keeps.
func (s *Searcher) run(ctx context.Context, req *bleve.SearchRequest, counted []countedFacet, keep string) (*bleve.SearchResult, map[uint64]*keptDoc, error) {
	fields := make([]string, len(counted))
	for i, c := range counted {
		fields[i] = c.field
	}
	if keep != "" {
		fields = append(fields, keep)
	}
	var newCounts func() *termCounts
	if len(fields) > 0 {
		newCounts = func() *termCounts {
			c := newTermCounts(fields)
			if keep != "" {
				c.keep, c.kept, c.takeLocs = len(fields)-1, map[uint64]*keptDoc{}, req.IncludeLocations
			}
			return c
		}
	}
	var res *bleve.SearchResult
	var counts []*termCounts
	var err error
	if n := max(s.parts, 1); n == 1 {
		part := *req
		if newCounts != nil {
			counts = []*termCounts{newCounts()}
			part.Query = &countedQuery{Inner: req.Query, Counts: counts[0]}
		}
		res, err = s.idx.SearchInContext(ctx, &part)
	} else {
		res, counts, err = s.splitSearch(ctx, req, n, newCounts)
	}
	if err != nil || newCounts == nil {
		return res, nil, err
	}
	if res.Facets == nil {
		res.Facets = bsearch.FacetResults{}
	}
	for i, c := range counted {
		fr := counts[0].result(i)
		for _, pc := range counts[1:] {
			fr.Merge(pc.result(i))
		}
		fr.Fixup(c.size)
		res.Facets[c.name] = fr
	}
	var kept map[uint64]*keptDoc
	if keep != "" {
		kept = counts[0].kept
		for _, pc := range counts[1:] {
			maps.Copy(kept, pc.kept)
		}
	}
	return res, kept, nil
}

// splitSearch runs req as n parts at once and merges their results; with newCounts, each
// part counts doc-values terms into a termCounts of its own, which it returns.
func (s *Searcher) splitSearch(ctx context.Context, req *bleve.SearchRequest, n int, newCounts func() *termCounts) (*bleve.SearchResult, []*termCounts, error) {
	start := time.Now()
	var counts []*termCounts
	if newCounts != nil {
		counts = make([]*termCounts, n)
	}
	results := make([]*bleve.SearchResult, n)
	errs := make([]error, n)
	done := make(chan int, n)
	for k := range n {
		part := *req
		part.Query = &partQuery{Inner: req.Query, Part: k, Parts: n}
		if newCounts != nil {
			counts[k] = newCounts()
			part.Query = &countedQuery{Inner: part.Query, Counts: counts[k]}
		}
		part.From, part.Size = 0, req.From+req.Size
		if req.Facets != nil {
			part.Facets = make(bleve.FacetsRequest, len(req.Facets))
			for name, fr := range req.Facets {
				c := *fr
				if c.Field != "" && len(c.NumericRanges) == 0 && len(c.DateTimeRanges) == 0 {
					c.Size = partFacetSize
				}
				part.Facets[name] = &c
			}
		}
		part.Sort = req.Sort.Copy()
		go func() {
			results[k], errs[k] = s.idx.SearchInContext(ctx, &part)
			done <- k
		}()
	}
	for range n {
		<-done
	}
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	out := &bleve.SearchResult{Request: req, Status: &bleve.SearchStatus{}, Facets: bsearch.FacetResults{}}
	var seen uint64
	lists := make([]bsearch.DocumentMatchCollection, len(results))
	for k, r := range results {
		// A hit's number is its rank among the matches in index order, the last tie-break
		// of bleve's sort: numbered across the parts, the merged order is one search's.
		for _, h := range r.Hits {
			h.HitNumber += seen
		}
		seen += r.Total
		lists[k] = r.Hits
		r.Hits = nil
		out.Merge(r)
	}
	// Each part's hits are in order: merge them.
	cacheScore, cacheDesc := req.Sort.CacheIsScore(), req.Sort.CacheDescending()
	for {
		best := -1
		for k, l := range lists {
			if len(l) > 0 && (best < 0 || req.Sort.Compare(cacheScore, cacheDesc, l[0], lists[best][0]) < 0) {
				best = k
			}
		}
		if best < 0 {
			break
		}
		out.Hits = append(out.Hits, lists[best][0])
		lists[best] = lists[best][1:]
	}
	from := min(req.From, len(out.Hits))
	out.Hits = out.Hits[from:min(from+req.Size, len(out.Hits))]
	for name, fr := range req.Facets {
		out.Facets.Fixup(name, fr.Size)
	}
	out.Took = time.Since(start)
	return out, counts, nil
}

// partQuery matches what Inner matches among the documents of part Part of Parts.
type partQuery struct {
	Inner query.Query `json:"query"`
	Part  int         `json:"part"`
	Parts int         `json:"parts"`
}

// MarshalJSON writes the query for debugging output; bleve cannot read it back.
func (q *partQuery) MarshalJSON() ([]byte, error) {
	type plain partQuery
	return json.Marshal((*plain)(q))
}

// Searcher implements query.Query.
func (q *partQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions) (bsearch.Searcher, error) {
	lo, hi, err := partBounds(r, q.Part, q.Parts)
	if err != nil {
		return nil, err
	}
	inner, err := q.Inner.Searcher(ctx, r, m, opts)
	if err != nil {
		return nil, err
	}
	return &partSearcher{Searcher: inner, lo: lo, hi: hi}, nil
}

// partBounds returns the internal document numbers [lo, hi) of part k of n of the
// snapshot r: the numbers run from 0 to the total size of its segments, deleted documents
// included.
func partBounds(r index.IndexReader, k, n int) (lo, hi uint64, err error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return 0, 0, fmt.Errorf("search: cannot split a search over a %T", r)
	}
	var total uint64
	for _, seg := range snap.Segments() {
		total += uint64(seg.FullSize())
	}
	return total * uint64(k) / uint64(n), total * uint64(k+1) / uint64(n), nil
}

// partSearcher yields the matches of the searcher it wraps whose internal numbers are in
// [lo, hi).
type partSearcher struct {
	bsearch.Searcher
	lo, hi  uint64
	started bool
	done    bool
}

// Next implements search.Searcher.
func (s *partSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if !s.started {
		return s.Advance(ctx, nil)
	}
	if s.done {
		return nil, nil
	}
	dm, err := s.Searcher.Next(ctx)
	return s.keep(ctx, dm, err)
}

// Advance implements search.Searcher.
func (s *partSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	if s.done {
		return nil, nil
	}
	if id == nil || binary.BigEndian.Uint64(id) < s.lo {
		id = index.NewIndexInternalID(nil, s.lo)
	}
	s.started = true
	dm, err := s.Searcher.Advance(ctx, id)
	return s.keep(ctx, dm, err)
}

// keep returns dm when it is in the part; past the part's end it ends the search.
func (s *partSearcher) keep(ctx *bsearch.SearchContext, dm *bsearch.DocumentMatch, err error) (*bsearch.DocumentMatch, error) {
	if err != nil || dm == nil {
		s.done = dm == nil
		return dm, err
	}
	if binary.BigEndian.Uint64(dm.IndexInternalID) >= s.hi {
		s.done = true
		ctx.DocumentMatchPool.Put(dm)
		return nil, nil
	}
	return dm, nil
}
