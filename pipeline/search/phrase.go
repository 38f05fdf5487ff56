package search

import (
	"context"
	"encoding/json"
	"math"
	"sort"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// exactPhraseQuery finds the documents whose field holds a phrase at consecutive positions:
// on the exact field (one token per character, Position the character's index), exactly the
// texts that contain the phrase as a substring. It answers what bleve's MatchPhraseQuery
// answers on that field, without building the map of term locations of every candidate
// document that bleve's phrase searcher builds (most of its time on a one-character
// field): its searcher intersects the characters' posting lists and compares their
// positions in place. When the search asks for term locations, each match is one location
// of the term Phrase in Field, whose Pos is the position of its first character and whose
// Start and End are character offsets (not bytes) into the text: a search for passages
// finds the paragraph of a phrase from them (KWIC finds phrases in the text).
type exactPhraseQuery struct {
	Phrase string  `json:"exact_phrase"`
	Field  string  `json:"field"`
	Boost  float64 `json:"boost,omitempty"`
}

// SetBoost implements query.BoostableQuery.
func (q *exactPhraseQuery) SetBoost(b float64) { q.Boost = b }

// MarshalJSON writes the query for debugging output; bleve cannot read it back.
func (q *exactPhraseQuery) MarshalJSON() ([]byte, error) {
	type plain exactPhraseQuery
	return json.Marshal((*plain)(q))
}

// Searcher implements query.Query: the phrase is analysed by the field's analyzer, as the
// field was at index time.
func (q *exactPhraseQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions) (bsearch.Searcher, error) {
	a := m.AnalyzerNamed(m.AnalyzerNameForPath(q.Field))
	if a == nil {
		return nil, errNoAnalyzer(q.Field)
	}
	toks := a.Analyze([]byte(q.Phrase))
	boost := q.Boost
	if boost == 0 {
		boost = 1
	}
	s := &phraseSearcher{boost: boost, queryNorm: 1, locs: opts.IncludeTermVectors, field: q.Field, term: q.Phrase}
	if len(toks) == 0 {
		s.done = true
		return s, nil
	}
	// One reader per distinct character: a character that recurs in the phrase (the e of
	// DeepSeek, the 遥 of 遥遥领先) has its postings and positions read once.
	first := toks[0].Position
	readerOf := make(map[string]int, len(toks))
	for _, t := range toks {
		k, ok := readerOf[string(t.Term)]
		if !ok {
			tr, err := r.TermFieldReader(ctx, t.Term, q.Field, false, false, true)
			if err != nil {
				s.Close()
				return nil, err
			}
			k = len(s.readers)
			readerOf[string(t.Term)] = k
			s.readers = append(s.readers, tr)
			s.docs = append(s.docs, &index.TermFieldDoc{})
		}
		s.tokens = append(s.tokens, phraseToken{reader: k, offset: uint64(t.Position - first)})
		s.width = uint64(t.Position-first) + 1
	}
	s.count = s.readers[0].Count()
	for _, tr := range s.readers[1:] {
		s.count = min(s.count, tr.Count())
	}
	return s, nil
}

// phraseToken is one token of a phrase: the reader of its character and its position
// relative to the phrase's first token.
type phraseToken struct {
	reader int
	offset uint64
}

type errNoAnalyzer string

func (e errNoAnalyzer) Error() string { return "search: no analyzer for field " + string(e) }

// phraseSearcher is the searcher of exactPhraseQuery. Like bleve's searchers, it is used by
// one goroutine.
type phraseSearcher struct {
	// readers holds one reader per distinct character of the phrase.
	readers []index.TermFieldReader
	tokens  []phraseToken
	// docs[k] is reader k's current document (nil when it is exhausted); its buffers are
	// reused from one document to the next.
	docs      []*index.TermFieldDoc
	cur       []*index.TermFieldDoc
	started   bool
	done      bool
	count     uint64
	boost     float64
	queryNorm float64
	// locs asks for the matches' locations: term in field, width characters from the
	// first one's position; starts holds the current document's.
	locs   bool
	field  string
	term   string
	width  uint64
	starts []uint64
}

// Next implements search.Searcher.
func (s *phraseSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if s.done {
		return nil, nil
	}
	if !s.started {
		s.started = true
		s.cur = make([]*index.TermFieldDoc, len(s.readers))
		for k, r := range s.readers {
			d, err := r.Next(s.docs[k].Reset())
			if err != nil {
				return nil, err
			}
			if d == nil {
				s.done = true
				return nil, nil
			}
			s.cur[k] = d
		}
	} else if err := s.step(0, nil); err != nil || s.done {
		return nil, err
	}
	return s.match(ctx)
}

// Advance implements search.Searcher.
func (s *phraseSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	if s.done {
		return nil, nil
	}
	if !s.started {
		s.started = true
		s.cur = make([]*index.TermFieldDoc, len(s.readers))
		for k, r := range s.readers {
			d, err := r.Advance(id, s.docs[k].Reset())
			if err != nil {
				return nil, err
			}
			if d == nil {
				s.done = true
				return nil, nil
			}
			s.cur[k] = d
		}
		return s.match(ctx)
	}
	for k := range s.readers {
		if s.cur[k].ID.Compare(id) < 0 {
			if err := s.step(k, id); err != nil || s.done {
				return nil, err
			}
		}
	}
	return s.match(ctx)
}

// step moves reader k to its next document, or to the first at or after id when id is set.
func (s *phraseSearcher) step(k int, id index.IndexInternalID) error {
	var d *index.TermFieldDoc
	var err error
	if id == nil {
		d, err = s.readers[k].Next(s.docs[k].Reset())
	} else {
		d, err = s.readers[k].Advance(id, s.docs[k].Reset())
	}
	if err != nil {
		return err
	}
	if d == nil {
		s.done = true
		return nil
	}
	s.cur[k] = d
	return nil
}

// match returns the first document, from the readers' current ones on, that holds the
// phrase: the readers are brought to a common document (leapfrog), whose positions are then
// compared.
func (s *phraseSearcher) match(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	for !s.done {
		// The largest current document is the first candidate.
		target := s.cur[0].ID
		for _, d := range s.cur[1:] {
			if d.ID.Compare(target) > 0 {
				target = d.ID
			}
		}
		aligned := true
		for k := range s.readers {
			if s.cur[k].ID.Compare(target) < 0 {
				if err := s.step(k, target); err != nil || s.done {
					return nil, err
				}
			}
			if !s.cur[k].ID.Equals(target) {
				aligned = false
			}
		}
		if !aligned {
			continue
		}
		if freq := s.freq(); freq > 0 {
			dm := ctx.DocumentMatchPool.Get()
			dm.IndexInternalID = append(dm.IndexInternalID[:0], target...)
			dm.Score = s.boost * s.queryNorm * math.Sqrt(float64(freq))
			for _, p := range s.starts {
				dm.FieldTermLocations = append(dm.FieldTermLocations, bsearch.FieldTermLocation{
					Field: s.field, Term: s.term,
					Location: bsearch.Location{Pos: p, Start: p - 1, End: p - 1 + s.width},
				})
			}
			return dm, nil
		}
		if err := s.step(0, nil); err != nil {
			return nil, err
		}
	}
	return nil, nil
}

// freq counts the places where the phrase starts in the readers' common current document:
// the positions p such that every token k is at p + its offset. The token whose character
// is rarest in the document anchors the search. With locs, starts receives those positions.
func (s *phraseSearcher) freq() int {
	s.starts = s.starts[:0]
	anchor := s.tokens[0]
	for _, t := range s.tokens[1:] {
		if len(s.cur[t.reader].Vectors) < len(s.cur[anchor.reader].Vectors) {
			anchor = t
		}
	}
	n := 0
	for _, v := range s.cur[anchor.reader].Vectors {
		if v.Pos < anchor.offset {
			continue
		}
		p := v.Pos - anchor.offset
		ok := true
		for _, t := range s.tokens {
			if ok = hasPos(s.cur[t.reader].Vectors, p+t.offset); !ok {
				break
			}
		}
		if ok {
			n++
			if s.locs {
				s.starts = append(s.starts, p)
			}
		}
	}
	return n
}

// hasPos tells whether the vectors, in position order, hold position p.
func hasPos(vs []*index.TermFieldVector, p uint64) bool {
	i := sort.Search(len(vs), func(i int) bool { return vs[i].Pos >= p })
	return i < len(vs) && vs[i].Pos == p
}

// Close implements search.Searcher.
func (s *phraseSearcher) Close() error {
	var first error
	for _, r := range s.readers {
		if err := r.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Weight implements search.Searcher.
func (s *phraseSearcher) Weight() float64 { return s.boost * s.boost }

// SetQueryNorm implements search.Searcher.
func (s *phraseSearcher) SetQueryNorm(n float64) { s.queryNorm = n }

// Count implements search.Searcher: an upper bound, the rarest token's document count.
func (s *phraseSearcher) Count() uint64 { return s.count }

// Min implements search.Searcher.
func (s *phraseSearcher) Min() int { return 0 }

// Size implements search.Searcher.
func (s *phraseSearcher) Size() int {
	n := 64
	for _, r := range s.readers {
		n += r.Size()
	}
	return n
}

// DocumentMatchPoolSize implements search.Searcher.
func (s *phraseSearcher) DocumentMatchPoolSize() int { return 1 }
