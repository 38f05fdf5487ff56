package search

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	hindex "github.com/huashu/huashu/pipeline/index"
	"math"
	"sort"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// exactPhraseQuery finds the documents whose field holds a phrase at consecutive positions:
// on the exact field (one token per character, Position the character's index), exactly the
// texts that contain the phrase as a substring. It answers what bleve's MatchPhraseQuery
// answers on that field, without building the map of term locations of every candidate
// document that bleve's phrase searcher builds (most of its time on a one-character
// field): its searcher intersects the characters' posting lists and compares their
// positions in place, segment by segment, on the index segments' own postings iterators
// (bleve's term field reader copies every position into a term vector first: a fifth of
// the time of a phrase of common characters). When the search asks for term locations, each match is one location
// of the term Phrase in Field, whose Pos is the position of its first character and whose
// Start and End are character offsets (not bytes) into the text: a search for passages
// finds the paragraph of a phrase from them (KWIC finds phrases in the text).
type exactPhraseQuery struct {
	Phrase string `json:"exact_phrase"`
	Field  string `json:"field"`
	// Latin, when set, is index.FieldLatin: a phrase of letters and digits alone is then
	// found in its runs (latin.go).
	Latin string  `json:"latin,omitempty"`
	Boost float64 `json:"boost,omitempty"`
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
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("search: exact phrases need a scorch index, not %T", r)
	}
	a := m.AnalyzerNamed(m.AnalyzerNameForPath(q.Field))
	if a == nil {
		return nil, errNoAnalyzer(q.Field)
	}
	toks := a.Analyze([]byte(q.Phrase))
	boost := q.Boost
	if boost == 0 {
		boost = 1
	}
	base := newPhraseBase(snap, q.Field, q.Phrase, boost, opts.IncludeTermVectors)
	if folded, ok := latinPhrase(q.Phrase); ok && q.Latin != "" {
		return newLatinSearcher(base, q.Latin, folded)
	}
	s := &phraseSearcher{phraseBase: base, seg: -1}
	if len(toks) == 0 || len(s.Segs) == 0 {
		s.done = true
		return s, nil
	}
	// One iterator per distinct character: a character that recurs in the phrase (the e of
	// DeepSeek, the 遥 of 遥遥领先) has its postings and positions read once.
	first := toks[0].Position
	termOf := make(map[string]int, len(toks))
	for _, t := range toks {
		k, ok := termOf[string(t.Term)]
		if !ok {
			k = len(s.terms)
			termOf[string(t.Term)] = k
			s.terms = append(s.terms, append([]byte(nil), t.Term...))
		}
		s.tokens = append(s.tokens, phraseToken{reader: k, offset: uint64(t.Position - first)})
		s.width = uint64(t.Position-first) + 1
	}
	s.cur = make([]segment.Posting, len(s.terms))
	s.its = make([]segment.PostingsIterator, len(s.terms))
	s.pos = make([][]uint64, len(s.terms))
	s.cursor = make([]int, len(s.terms))
	// Count: an upper bound, the rarest character's documents.
	for k, term := range s.terms {
		var n uint64
		for _, ss := range s.Segs {
			pl, err := s.postings(ss, term)
			if err != nil {
				return nil, err
			}
			if pl != nil {
				n += pl.Count()
			}
		}
		if k == 0 || n < s.Total {
			s.Total = n
		}
	}
	return s, nil
}

// phraseToken is one token of a phrase: its character (an index into the searcher's terms)
// and its position relative to the phrase's first token.
type phraseToken struct {
	reader int
	offset uint64
}

type errNoAnalyzer string

func (e errNoAnalyzer) Error() string { return "search: no analyzer for field " + string(e) }

// phraseSearcher is the searcher of exactPhraseQuery. Like bleve's searchers, it is used by
// one goroutine. It walks the segments in order; in the current one, its/cur hold each
// character's postings iterator and current posting.
type phraseSearcher struct {
	phraseBase
	terms  [][]byte // the phrase's distinct characters, as indexed
	tokens []phraseToken

	seg    int // the current segment, -1 before the first
	its    []segment.PostingsIterator
	cur    []segment.Posting
	pos    [][]uint64 // the positions of cur, read when the characters align
	cursor []int
	id     []byte // the current match's internal ID

	started bool
	done    bool
}

// phraseBase is what the searchers of an exact phrase share: the snapshot's segments, the
// phrase's score and the locations of its matches.
type phraseBase struct {
	hindex.SearcherBase
	// locs asks for the matches' locations: term (the phrase as asked) in field (the exact
	// field), width characters from the first one's position; starts holds the current
	// document's.
	locs   bool
	field  string
	term   string
	width  uint64
	starts []uint64
}

// newPhraseBase lists the snapshot's segments.
func newPhraseBase(snap *scorch.IndexSnapshot, field, term string, boost float64, locs bool) phraseBase {
	return phraseBase{SearcherBase: hindex.NewSearcherBase(snap, boost), field: field, term: term, locs: locs}
}

// matchAt returns the match of document doc of segment seg, where the phrase stands freq
// times, scored by it, with the locations of starts when they are asked for.
func (b *phraseBase) matchAt(ctx *bsearch.SearchContext, seg int, doc uint64, freq int) *bsearch.DocumentMatch {
	dm := ctx.DocumentMatchPool.Get()
	dm.IndexInternalID = index.NewIndexInternalID(dm.IndexInternalID, b.Offsets[seg]+doc)
	dm.Score = b.Boost * b.QueryNorm * math.Sqrt(float64(freq))
	if b.locs {
		for _, p := range b.starts {
			dm.FieldTermLocations = append(dm.FieldTermLocations, bsearch.FieldTermLocation{
				Field: b.field, Term: b.term,
				Location: bsearch.Location{Pos: p, Start: p - 1, End: p - 1 + b.width},
			})
		}
	}
	return dm
}

// postings returns the postings of term in field in segment ss, deleted documents left out;
// nil when the segment does not hold it.
func (s *phraseSearcher) postings(ss *scorch.SegmentSnapshot, term []byte) (segment.PostingsList, error) {
	dict, err := ss.Segment().Dictionary(s.field)
	if err != nil {
		return nil, err
	}
	pl, err := dict.PostingsList(term, ss.Deleted(), nil)
	if err != nil || pl == nil || pl.Count() == 0 {
		return nil, err
	}
	return pl, nil
}

// Next implements search.Searcher.
func (s *phraseSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if s.done {
		return nil, nil
	}
	var err error
	if !s.started {
		s.started = true
		err = s.enter(0, 0)
	} else {
		err = s.step(0, 0, false)
	}
	if err != nil || s.done {
		return nil, err
	}
	return s.match(ctx)
}

// Advance implements search.Searcher.
func (s *phraseSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	if s.done {
		return nil, nil
	}
	num := binary.BigEndian.Uint64(id)
	seg := s.SegmentOf(num)
	if !s.started || seg > s.seg {
		s.started = true
		if err := s.enter(seg, num-s.Offsets[max(seg, 0)]); err != nil || s.done {
			return nil, err
		}
	} else if seg == s.seg {
		local := num - s.Offsets[seg]
		for k := range s.its {
			if s.cur[k].Number() < local {
				if err := s.step(k, local, true); err != nil || s.done {
					return nil, err
				}
				if s.seg != seg { // the segment ran out: the next one's first documents are after id
					break
				}
			}
		}
	}
	return s.match(ctx)
}

// enter opens the iterators of segment seg, on the first document at or after local, or
// of the first later segment that holds every character; done when there is none.
func (s *phraseSearcher) enter(seg int, local uint64) error {
	for ; seg < len(s.Segs); seg, local = seg+1, 0 {
		s.seg = seg
		ok := true
		for k, term := range s.terms {
			pl, err := s.postings(s.Segs[seg], term)
			if err != nil {
				return err
			}
			if pl == nil {
				ok = false
				break
			}
			s.its[k] = pl.Iterator(true, false, true, s.its[k])
			var p segment.Posting
			if local == 0 {
				p, err = s.its[k].Next()
			} else {
				p, err = s.its[k].Advance(local)
			}
			if err != nil {
				return err
			}
			if p == nil {
				ok = false
				break
			}
			s.cur[k] = p
		}
		if ok {
			return nil
		}
	}
	s.done = true
	return nil
}

// step moves character k's iterator to its next document, or to the first at or after
// local when to is set; past the segment's last, it enters the next segment.
func (s *phraseSearcher) step(k int, local uint64, to bool) error {
	var p segment.Posting
	var err error
	if to {
		p, err = s.its[k].Advance(local)
	} else {
		p, err = s.its[k].Next()
	}
	if err != nil {
		return err
	}
	if p == nil {
		return s.enter(s.seg+1, 0)
	}
	s.cur[k] = p
	return nil
}

// match returns the first document, from the iterators' current ones on, that holds the
// phrase: the iterators are brought to a common document (leapfrog), whose positions are
// then compared.
func (s *phraseSearcher) match(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	for !s.done {
		// The largest current document is the first candidate.
		target := s.cur[0].Number()
		for _, p := range s.cur[1:] {
			target = max(target, p.Number())
		}
		aligned := true
		seg := s.seg
		for k := range s.its {
			if s.cur[k].Number() < target {
				if err := s.step(k, target, true); err != nil || s.done {
					return nil, err
				}
				if s.seg != seg { // the segment ran out: start again in the next one
					aligned = false
					break
				}
			}
			if s.cur[k].Number() != target {
				aligned = false
			}
		}
		if !aligned {
			continue
		}
		if freq := s.freq(); freq > 0 {
			return s.matchAt(ctx, s.seg, target, freq), nil
		}
		if err := s.step(0, 0, false); err != nil {
			return nil, err
		}
	}
	return nil, nil
}

// freq counts the places where the phrase starts in the iterators' common current
// document: the positions p such that every token is at p + its offset. The token whose
// character is rarest in the document anchors the search; the positions of the others are
// walked forward once. With locs, starts receives those positions.
func (s *phraseSearcher) freq() int {
	for k, p := range s.cur {
		ls := p.Locations()
		ps := s.pos[k][:0]
		for _, l := range ls {
			ps = append(ps, l.Pos())
		}
		s.pos[k] = ps
		s.cursor[k] = 0
	}
	anchor := s.tokens[0]
	for _, t := range s.tokens[1:] {
		if len(s.pos[t.reader]) < len(s.pos[anchor.reader]) {
			anchor = t
		}
	}
	s.starts = s.starts[:0]
	n := 0
	for _, ap := range s.pos[anchor.reader] {
		if ap < anchor.offset {
			continue
		}
		p := ap - anchor.offset
		ok := true
		for _, t := range s.tokens {
			if ok = s.has(t.reader, p+t.offset); !ok {
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

// has tells whether character k is at position p. The anchor's positions come in order, so
// each character's cursor only moves forward; a character that recurs in the phrase is
// asked for positions out of order and searched for by bisection then.
func (s *phraseSearcher) has(k int, p uint64) bool {
	ps, i := s.pos[k], s.cursor[k]
	if i > 0 && ps[i-1] >= p {
		i = sort.Search(i, func(j int) bool { return ps[j] >= p })
	}
	for i < len(ps) && ps[i] < p {
		i++
	}
	s.cursor[k] = i
	return i < len(ps) && ps[i] == p
}

// Size implements search.Searcher.
func (s *phraseSearcher) Size() int { return 64 + 64*len(s.terms) }
