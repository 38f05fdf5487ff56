package search

import (
	"bytes"
	"encoding/binary"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	hindex "github.com/huashu/huashu/pipeline/index"
)

// latinPhrase returns the phrase folded as the exact field folds it, and whether it is made
// of letters and digits alone (a–z, 0–9 once folded): such a phrase can only stand inside a
// run of them, which index.FieldLatin holds whole.
func latinPhrase(phrase string) (string, bool) {
	folded := hindex.FoldExactString(phrase)
	for _, r := range folded {
		if !hindex.IsLatin(r) {
			return "", false
		}
	}
	return folded, folded != ""
}

// latinSearcher answers an exact phrase of letters and digits from index.FieldLatin: in
// each segment, the runs (terms) that contain the phrase, found by a walk of the segment's
// dictionary, and their postings, merged by document. A match's places are its runs'
// positions plus the phrase's offsets in them: the places the exact field's characters
// would give (tested), without reading the positions of every letter of the phrase.
type latinSearcher struct {
	phraseBase
	latin  string // FieldLatin
	phrase string // folded

	found [][]runCount // per segment, the runs that hold the phrase
	seg   int
	runs  []latinRun // the current segment's runs, on their current documents

	started bool
	done    bool
}

// latinRun is one term of FieldLatin that holds the phrase: its postings iterator and
// current posting, and the phrase's offsets in it.
type latinRun struct {
	it   segment.PostingsIterator
	cur  segment.Posting
	offs []uint64
}

// newLatinSearcher returns the searcher of a phrase of letters and digits, folded, in the
// runs of field latin.
func newLatinSearcher(base phraseBase, latin, phrase string) (*latinSearcher, error) {
	s := &latinSearcher{phraseBase: base, latin: latin, phrase: phrase, seg: -1}
	s.width = uint64(len(phrase)) // bytes: letters and digits are ASCII
	// The runs that hold the phrase, found once; Count: an upper bound, their documents.
	for _, ss := range s.Segs {
		runs, err := s.segmentRuns(ss)
		if err != nil {
			return nil, err
		}
		for _, r := range runs {
			s.Total += r.count
		}
		s.found = append(s.found, runs)
	}
	if len(s.Segs) == 0 {
		s.done = true
	}
	return s, nil
}

// runCount is a run that holds the phrase and the number of its documents.
type runCount struct {
	term  []byte
	count uint64
	pl    segment.PostingsList
}

// segmentRuns returns the terms of the segment's FieldLatin that hold the phrase.
func (s *latinSearcher) segmentRuns(ss *scorch.SegmentSnapshot) ([]runCount, error) {
	var into []runCount
	dict, err := ss.Segment().Dictionary(s.latin)
	if err != nil {
		return nil, err
	}
	it := dict.AutomatonIterator(hindex.EveryTerm{}, nil, nil)
	for {
		e, err := it.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			return into, nil
		}
		if !strings.Contains(e.Term, s.phrase) {
			continue
		}
		pl, err := dict.PostingsList([]byte(e.Term), ss.Deleted(), nil)
		if err != nil {
			return nil, err
		}
		if pl != nil && pl.Count() > 0 {
			into = append(into, runCount{term: []byte(e.Term), count: pl.Count(), pl: pl})
		}
	}
}

// enter opens the runs of segment seg that hold the phrase, on their first documents at or
// after local, or those of the first later segment that has any; done when none has.
func (s *latinSearcher) enter(seg int, local uint64) error {
	for ; seg < len(s.Segs); seg, local = seg+1, 0 {
		s.seg = seg
		s.runs = s.runs[:0]
		for _, f := range s.found[seg] {
			r := latinRun{it: f.pl.Iterator(true, false, true, nil), offs: phraseOffsets(f.term, []byte(s.phrase))}
			var p segment.Posting
			var err error
			if local == 0 {
				p, err = r.it.Next()
			} else {
				p, err = r.it.Advance(local)
			}
			if err != nil {
				return err
			}
			if p != nil {
				r.cur = p
				s.runs = append(s.runs, r)
			}
		}
		if len(s.runs) > 0 {
			return nil
		}
	}
	s.done = true
	return nil
}

// phraseOffsets returns every offset of phrase in term, overlapping ones too ("aa" is twice
// in "aaa", as the exact field's characters say).
func phraseOffsets(term, phrase []byte) []uint64 {
	var offs []uint64
	for i := 0; ; {
		j := bytes.Index(term[i:], phrase)
		if j < 0 {
			return offs
		}
		offs = append(offs, uint64(i+j))
		i += j + 1
	}
}

// first returns the smallest current document of the runs.
func (s *latinSearcher) first() uint64 {
	d := s.runs[0].cur.Number()
	for _, r := range s.runs[1:] {
		d = min(d, r.cur.Number())
	}
	return d
}

// move advances the runs on documents before local (all on doc when next is set, to their
// next document); runs that run out are dropped, and past the segment's last document the
// next segment is entered.
func (s *latinSearcher) move(local uint64, next bool) error {
	kept := s.runs[:0]
	for _, r := range s.runs {
		n := r.cur.Number()
		if (next && n == local) || (!next && n < local) {
			var p segment.Posting
			var err error
			if next {
				p, err = r.it.Next()
			} else {
				p, err = r.it.Advance(local)
			}
			if err != nil {
				return err
			}
			if p == nil {
				continue
			}
			r.cur = p
		}
		kept = append(kept, r)
	}
	s.runs = kept
	if len(s.runs) == 0 {
		return s.enter(s.seg+1, 0)
	}
	return nil
}

// Next implements search.Searcher.
func (s *latinSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if s.done {
		return nil, nil
	}
	var err error
	if !s.started {
		s.started = true
		err = s.enter(0, 0)
	} else {
		err = s.move(s.first(), true)
	}
	if err != nil || s.done {
		return nil, err
	}
	return s.match(ctx), nil
}

// Advance implements search.Searcher.
func (s *latinSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	if s.done {
		return nil, nil
	}
	num := binary.BigEndian.Uint64(id)
	seg := s.SegmentOf(num)
	var err error
	switch {
	case !s.started || seg > s.seg:
		s.started = true
		err = s.enter(seg, num-s.Offsets[seg])
	case seg == s.seg:
		err = s.move(num-s.Offsets[seg], false)
	}
	if err != nil || s.done {
		return nil, err
	}
	return s.match(ctx), nil
}

// match returns the runs' first document: every run there holds the phrase, at its
// position plus each offset of the phrase in it.
func (s *latinSearcher) match(ctx *bsearch.SearchContext) *bsearch.DocumentMatch {
	doc := s.first()
	s.starts = s.starts[:0]
	for _, r := range s.runs {
		if r.cur.Number() != doc {
			continue
		}
		for _, l := range r.cur.Locations() {
			for _, o := range r.offs {
				s.starts = append(s.starts, l.Pos()+o)
			}
		}
	}
	if s.locs {
		slices.Sort(s.starts)
	}
	return s.matchAt(ctx, s.seg, doc, len(s.starts))
}

// Size implements search.Searcher.
func (s *latinSearcher) Size() int { return 64 + 64*len(s.runs) }
