package index

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/numeric"
	bsearch "github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// NumberRangeQuery finds the documents whose numeric field (a numberField: frame.<id>,
// chars…) holds a value in a range, as bleve's NumericRangeQuery would on bleve's own
// numeric fields; that query asks for 15 prefixes of which huashu indexes one, and misses.
// Its searcher reads, in each segment it reaches, the coarse terms inside the range and the
// full-precision terms of its two edges (numberKeys), and ORs their postings. Every match
// scores the same, the query's boost (bleve scored a range's matches by the rarity of their
// value).
type NumberRangeQuery struct {
	Field        string   `json:"field"`
	Min          *float64 `json:"min,omitempty"`
	Max          *float64 `json:"max,omitempty"`
	InclusiveMin bool     `json:"inclusive_min,omitempty"`
	InclusiveMax bool     `json:"inclusive_max,omitempty"`
	Boost        float64  `json:"boost,omitempty"`
}

// SetBoost implements query.BoostableQuery.
func (q *NumberRangeQuery) SetBoost(b float64) { q.Boost = b }

// MarshalJSON writes the query for debugging output; bleve cannot read it back.
func (q *NumberRangeQuery) MarshalJSON() ([]byte, error) {
	type plain NumberRangeQuery
	return json.Marshal((*plain)(q))
}

// span returns the range as sortable numbers (see sortable), both ends inclusive; false
// when it holds no number.
func (q *NumberRangeQuery) span() (lo, hi int64, ok bool) {
	lo, hi = math.MinInt64, math.MaxInt64
	if q.Min != nil {
		lo = sortable(*q.Min)
		if !q.InclusiveMin {
			if lo == math.MaxInt64 {
				return 0, 0, false
			}
			lo++ // the next float64
		}
	}
	if q.Max != nil {
		hi = sortable(*q.Max)
		if !q.InclusiveMax {
			if hi == math.MinInt64 {
				return 0, 0, false
			}
			hi--
		}
	}
	return lo, hi, lo <= hi
}

// Searcher implements query.Query.
func (q *NumberRangeQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions) (bsearch.Searcher, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("index: number ranges need a scorch index, not %T", r)
	}
	boost := q.Boost
	if boost == 0 {
		boost = 1
	}
	s := &rangeSearcher{SearcherBase: NewSearcherBase(snap, boost), field: q.Field, seg: -1}
	lo, hi, ok := q.span()
	if !ok {
		s.Segs, s.Offsets = nil, nil // an empty range
	}
	s.fine, s.coarse = numberKeys(lo, hi)
	s.whole = fineKeys(lo, hi)
	s.docs = make([]*roaring.Bitmap, len(s.Segs))
	for _, ss := range s.Segs {
		s.Total += ss.Count() // an upper bound: the segments' matches are read when reached
	}
	return s, nil
}

// omitCounter is a dictionary that can walk its terms without reading their postings
// (zap's).
type omitCounter interface {
	AutomatonIteratorOmitCount(a segment.Automaton, startKeyInclusive, endKeyExclusive []byte) segment.DictionaryIterator
}

// segmentDocs returns the local numbers of the matches in segment seg, read on first use:
// a search split into parts (or a conjunction that skips ahead) reads only the segments
// it reaches.
func (s *rangeSearcher) segmentDocs(seg int) (*roaring.Bitmap, error) {
	if s.docs[seg] != nil {
		return s.docs[seg], nil
	}
	ss := s.Segs[seg]
	docs := roaring.New()
	dict, err := ss.Segment().Dictionary(s.field)
	if err != nil {
		return nil, err
	}
	ranges := []keyRange{s.whole}
	if s.coarse != nil && hasShift(dict, coarseShift) {
		ranges = append(s.fine, *s.coarse)
	}
	for _, kr := range ranges {
		if err := s.addRange(docs, dict, kr, ss.Deleted()); err != nil {
			return nil, err
		}
	}
	s.docs[seg] = docs
	return docs, nil
}

// terms walks the keys of a range of dict without reading their postings where the
// dictionary can (zap's): the range reads the postings of each term once, after.
func terms(dict segment.TermDictionary, kr keyRange) segment.DictionaryIterator {
	if oc, ok := dict.(omitCounter); ok {
		return oc.AutomatonIteratorOmitCount(EveryTerm{}, kr.start, kr.end)
	}
	return dict.AutomatonIterator(EveryTerm{}, kr.start, kr.end)
}

// hasShift reports whether dict holds prefix codes of the given shift.
func hasShift(dict segment.TermDictionary, shift uint) bool {
	first := numeric.ShiftStartInt64 + byte(shift)
	e, err := terms(dict, keyRange{[]byte{first}, []byte{first + 1}}).Next()
	return err == nil && e != nil
}

// addRange adds to docs the documents of the terms of dict in kr, deleted ones left out.
func (s *rangeSearcher) addRange(docs *roaring.Bitmap, dict segment.TermDictionary, kr keyRange, deleted *roaring.Bitmap) error {
	it := terms(dict, kr)
	for {
		e, err := it.Next()
		if err != nil || e == nil {
			return err
		}
		if s.pl, err = dict.PostingsList([]byte(e.Term), deleted, s.pl); err != nil {
			return err
		}
		s.it = s.pl.Iterator(false, false, false, s.it)
		if err := addPostings(docs, s.it); err != nil {
			return err
		}
	}
}

// addPostings adds the documents of a postings iterator to docs: from the iterator's own
// bitmap when the segment gives it (zap does), else one by one.
func addPostings(docs *roaring.Bitmap, it segment.PostingsIterator) error {
	if o, ok := it.(segment.OptimizablePostingsIterator); ok {
		if n, ok := o.DocNum1Hit(); ok {
			docs.Add(uint32(n))
			return nil
		}
		if bm := o.ActualBitmap(); bm != nil {
			docs.Or(bm)
			return nil
		}
	}
	for {
		p, err := it.Next()
		if err != nil || p == nil {
			return err
		}
		docs.Add(uint32(p.Number()))
	}
}

// rangeSearcher is the searcher of NumberRangeQuery: each segment's matching documents, in
// order. Count is an upper bound, the live documents of the segments.
type rangeSearcher struct {
	SearcherBase
	field string
	// The range as keys of the field's dictionary: the full-precision terms of its edges
	// and the coarse terms of its inside (numberKeys), or all its full-precision terms, for
	// a segment without coarse terms (built by huashu from 60fc7f7 to 3b52629).
	fine   []keyRange
	coarse *keyRange
	whole  keyRange
	docs   []*roaring.Bitmap // per segment, the local numbers of the matches, once read
	pl     segment.PostingsList
	it     segment.PostingsIterator

	seg  int // the current segment, -1 before the first
	iter roaring.IntPeekable
	cur  uint64 // the global number of the last match returned, when has
	has  bool
}

// Next implements search.Searcher.
func (s *rangeSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	for s.iter == nil || !s.iter.HasNext() {
		if s.seg+1 >= len(s.docs) {
			s.has = false
			return nil, nil
		}
		s.seg++
		docs, err := s.segmentDocs(s.seg)
		if err != nil {
			return nil, err
		}
		s.iter = docs.Iterator()
	}
	local := uint64(s.iter.Next())
	s.cur, s.has = s.Offsets[s.seg]+local, true
	return s.match(ctx), nil
}

// Advance implements search.Searcher: the first match at or after id (the current one when
// it is not before id).
func (s *rangeSearcher) Advance(ctx *bsearch.SearchContext, id bindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	num := binary.BigEndian.Uint64(id)
	if s.has && s.cur >= num {
		return s.match(ctx), nil
	}
	if len(s.docs) == 0 {
		return nil, nil
	}
	seg := s.SegmentOf(num)
	if seg < s.seg {
		return s.Next(ctx)
	}
	if seg == s.seg && s.iter != nil { // forward in the current segment
		s.iter.AdvanceIfNeeded(uint32(num - s.Offsets[seg]))
		return s.Next(ctx)
	}
	docs, err := s.segmentDocs(seg)
	if err != nil {
		return nil, err
	}
	s.seg = seg
	s.iter = docs.Iterator()
	s.iter.AdvanceIfNeeded(uint32(num - s.Offsets[seg]))
	return s.Next(ctx)
}

// Size implements search.Searcher.
func (s *rangeSearcher) Size() int {
	n := 64
	for _, d := range s.docs {
		if d == nil {
			continue
		}
		n += int(d.GetSizeInBytes())
	}
	return n
}

// match returns the current match: every match scores the query's boost.
func (s *rangeSearcher) match(ctx *bsearch.SearchContext) *bsearch.DocumentMatch {
	dm := ctx.DocumentMatchPool.Get()
	dm.IndexInternalID = bindex.NewIndexInternalID(dm.IndexInternalID, s.cur)
	dm.Score = s.Boost * s.QueryNorm
	return dm
}

// SearcherBase is what huashu's own searchers (number ranges here, exact phrases in
// search) share: the snapshot's segments, with the number of their first document (scorch
// numbers the documents of its segments one after the other, deleted ones included), an
// upper bound of the matches, and the boost and query norm that score them.
type SearcherBase struct {
	Segs    []*scorch.SegmentSnapshot
	Offsets []uint64
	Total   uint64 // Count: an upper bound of the matches
	Boost   float64
	// QueryNorm is set by a parent searcher.
	QueryNorm float64
}

// NewSearcherBase lists the snapshot's segments.
func NewSearcherBase(snap *scorch.IndexSnapshot, boost float64) SearcherBase {
	b := SearcherBase{Boost: boost, QueryNorm: 1}
	var at uint64
	for _, ss := range snap.Segments() {
		b.Segs = append(b.Segs, ss)
		b.Offsets = append(b.Offsets, at)
		at += uint64(ss.FullSize())
	}
	return b
}

// SegmentOf returns the segment that holds the document of global number num.
func (b *SearcherBase) SegmentOf(num uint64) int {
	seg := len(b.Offsets) - 1
	for seg > 0 && b.Offsets[seg] > num {
		seg--
	}
	return seg
}

// Close implements search.Searcher.
func (b *SearcherBase) Close() error { return nil }

// Weight implements search.Searcher.
func (b *SearcherBase) Weight() float64 { return b.Boost * b.Boost }

// SetQueryNorm implements search.Searcher.
func (b *SearcherBase) SetQueryNorm(n float64) { b.QueryNorm = n }

// Count implements search.Searcher.
func (b *SearcherBase) Count() uint64 { return b.Total }

// Min implements search.Searcher.
func (b *SearcherBase) Min() int { return 0 }

// DocumentMatchPoolSize implements search.Searcher.
func (b *SearcherBase) DocumentMatchPoolSize() int { return 1 }

// EveryTerm is an automaton that accepts every term: the walk of a dictionary (between
// bounds).
type EveryTerm struct{}

func (EveryTerm) Start() int               { return 0 }
func (EveryTerm) IsMatch(int) bool         { return true }
func (EveryTerm) CanMatch(int) bool        { return true }
func (EveryTerm) WillAlwaysMatch(int) bool { return true }
func (EveryTerm) Accept(int, byte) int     { return 0 }
