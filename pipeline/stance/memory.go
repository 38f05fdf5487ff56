package stance

import (
	"sync"

	"github.com/huashu/huashu/pipeline/segment"
)

// docMemory holds the reading of a document's sentences and their per-byte tables in a few
// large allocations, reused from document to document through memPool. The scorers read
// one sentence at a time, score it and hand it back with its tables (done, recycle), so
// that the memory is that of the longest sentence, not of the whole document. The rules
// read thousands of short sentences; allocating each one's tables apart cost more than
// filling them. A docMemory is used by one goroutine, for one call of Score, ScoreWith,
// ScoreText or Polarity or one Doc, which gets it with getDocMemory or newDocMemory and
// gives it back with release once nothing refers to its sentences.
type docMemory struct {
	sents []sentence
	flags []bool // token starts and ends
	lists []listMask
	chars []charInfo
	runes []rune
	// clauses, hits, mentions and ints are chunks that the sentences' clauses, hits,
	// mentions and clauses' mention indexes are cut from (room); the last chunk is kept
	// for the next document.
	clauses  []clause
	hits     []hit
	mentions []mention
	ints     []int
	// cands is findHits' scratch list, reused from sentence to sentence.
	cands []hit
	// The per-document arrays of the steps around reading (reuse): the markers of every
	// sentence, each sentence's cut from them, how each sentence opens, their scores, whose
	// entries are cut from the chunk entries (room), and their weights.
	markers    []markerInput
	bySentence [][]markerInput
	counts     []int
	opens      []opening
	scores     []targetScores
	entries    []targetEntry
	weights    []float64
	// all holds the tables' whole arrays, for release to clear and the next use to cut
	// again.
	all struct {
		flags []bool
		lists []listMask
		chars []charInfo
		runes []rune
	}
}

// memPool keeps docMemory for reuse.
var memPool sync.Pool

// maxPooledBytes bounds the text (in bytes) whose memory is kept for reuse: one huge
// document must not hold its tables for the rest of a run.
const maxPooledBytes = 1 << 20

// getDocMemory returns a memory whose tables are sized for the longest of the sentences ins
// (their texts and tokens): the callers read one sentence at a time and hand its tables
// back (done) before reading the next. A sentence read while another still holds the
// tables gets its own (next).
func getDocMemory(ins []Input) *docMemory {
	bytes, withToks := 0, 0
	for _, in := range ins {
		n := len(in.Text) + 1
		bytes = max(bytes, n)
		if in.Tokens != nil {
			withToks = max(withToks, n)
		}
	}
	return newDocMemory(len(ins), bytes, withToks)
}

// newDocMemory returns a memory whose tables are sized for bytes entries, and withToks for
// the token flags. The scorers read and score one sentence at a time (recycle), so two
// sentences (one and the document's title) fit whatever n is.
func newDocMemory(n, bytes, withToks int) *docMemory {
	m, _ := memPool.Get().(*docMemory)
	if m == nil {
		m = &docMemory{}
	}
	m.sents = grow(m.sents, min(n, 2))[:0]
	m.flags = grow(m.all.flags, 2*withToks)
	m.lists = grow(m.all.lists, bytes)
	m.chars = grow(m.all.chars, bytes)
	m.runes = grow(m.all.runes, bytes)
	m.clauses, m.hits, m.mentions, m.ints = m.clauses[:0], m.hits[:0], m.mentions[:0], m.ints[:0]
	m.entries = m.entries[:0]
	m.all.flags, m.all.lists, m.all.chars = m.flags, m.lists, m.chars
	m.all.runes = m.runes
	return m
}

// grow returns xs with length n, reusing its array when it is large enough (its entries
// are then as release left them: zero for the tables it clears).
func grow[T any](xs []T, n int) []T {
	if cap(xs) < n {
		return make([]T, n)
	}
	return xs[:n]
}

// release clears the tables that must be zero on entry (lists, chars and token flags) and
// puts the memory back in the pool. The arrays of sentences, clauses, hits and the rest are
// not cleared: every entry is written before it is read (next, room, reuse), and what their
// old entries refer to (the last document's texts) is kept only while the memory waits in
// the pool, which lets go of it within two garbage collections. Clearing them cost more
// than all the allocations they save.
func (m *docMemory) release() {
	if len(m.all.lists) > maxPooledBytes {
		return
	}
	clear(m.all.flags)
	clear(m.all.lists)
	clear(m.all.chars)
	m.cands = m.cands[:0]
	memPool.Put(m)
}

// done hands the tables of s, the sentence read last, back for the next sentence, cleared;
// s keeps what was read from them (its hits, clauses, mentions and shape) but not the
// tables themselves, nor its words, so that a caller that adds sentences one at a time
// (Doc) need not keep them. The rules score a sentence from its own tables and from the scores of
// the sentences before it, so a document needs the tables of one sentence at a time: they
// take ~11 bytes a byte of text, which for all of a 10 MB document's sentences at once was
// 112 MB.
func (m *docMemory) done(s *sentence) {
	clear(s.lists)
	clear(s.chars)
	clear(s.starts)
	clear(s.ends)
	s.lists, s.chars, s.runes, s.starts, s.ends = nil, nil, nil, nil, nil
	s.toks, s.spans = nil, nil // only the reading looks at the words
	m.flags, m.lists, m.chars, m.runes = m.all.flags, m.all.lists, m.all.chars, m.all.runes
}

// forget clears what the arrays of the reading still hold of the sentences read last:
// their texts and words, cut from the document's analysis text. Doc.Finish calls it before
// it puts the scores together, so that a long document's analysis text (50 MB for a
// document of 50 MB) is not kept alive by a stale entry until the annotation is complete.
func (m *docMemory) forget() {
	clear(m.sents[:cap(m.sents)])
	clear(m.hits[:cap(m.hits)])
	clear(m.mentions[:cap(m.mentions)])
	clear(m.cands[:cap(m.cands)])
}

// recycle hands back the sentence read last and what its reading was cut from (its hits,
// clauses, mentions and their indexes), once it is scored and nothing refers to it: a
// document's sentences are read into the same memory one after the other, and a long
// document no longer keeps the reading of every sentence (for a 20 MB document, 130 of the
// 250 MB live). The scores stay (entries).
func (m *docMemory) recycle() {
	m.sents = m.sents[:0]
	m.clauses, m.hits, m.mentions, m.ints = m.clauses[:0], m.hits[:0], m.mentions[:0], m.ints[:0]
}

// next returns a new zero sentence of text with its tables cut from the memory: lists,
// chars and runes of len(text)+1 entries, and with tokens (toks not nil) starts and ends as
// well. When the memory was sized for fewer sentences or bytes (a document's title is read
// beside its sentences), what is missing is allocated apart, and the arrays kept for the
// next document stay the large ones.
func (m *docMemory) next(text string, toks []segment.Token) *sentence {
	var s *sentence
	if len(m.sents) < cap(m.sents) {
		m.sents = append(m.sents, sentence{})
		s = &m.sents[len(m.sents)-1]
	} else {
		s = &sentence{}
	}
	n := len(text) + 1
	s.lists = take(&m.lists, n)
	s.chars = take(&m.chars, n)
	s.runes = take(&m.runes, n)
	if toks != nil {
		s.starts = take(&m.flags, n)
		s.ends = take(&m.flags, n)
	}
	return s
}

// reuse returns n zero entries in the array *xs holds, when it is large enough, or in a new
// one, which *xs then holds for the next use.
func reuse[T any](xs *[]T, n int) []T {
	if cap(*xs) < n {
		*xs = make([]T, n)
		return *xs
	}
	*xs = (*xs)[:n]
	clear(*xs)
	return *xs
}

// take cuts the first n zero entries off *pool, or allocates them when the pool is short.
func take[T any](pool *[]T, n int) []T {
	if len(*pool) < n {
		return make([]T, n)
	}
	out := (*pool)[:n:n]
	*pool = (*pool)[n:]
	return out
}

// room returns an empty slice with room for n entries, cut from the chunk *slab, or from
// a new chunk when it is short: of at least 256 entries and twice the last one, so that
// the chunk kept for the next document soon holds a whole document's. Appending past n
// entries allocates apart: the full slice expression keeps one sentence's entries from
// running into the next one's.
func room[T any](slab *[]T, n int) []T {
	if cap(*slab)-len(*slab) < n {
		*slab = make([]T, 0, max(n, 256, 2*cap(*slab)))
	}
	k := len(*slab)
	*slab = (*slab)[:k+n]
	return (*slab)[k : k : k+n]
}
