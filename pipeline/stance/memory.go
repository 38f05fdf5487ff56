package stance

import "github.com/huashu/huashu/pipeline/segment"

// docMemory holds the sentences of one document and their per-byte tables in a few large
// allocations. The rules read thousands of short sentences; allocating each one's tables
// apart cost more than filling them. A docMemory is used by one goroutine, for one call of
// Score, ScoreWith, ScoreText or Polarity.
type docMemory struct {
	sents []sentence
	flags []bool // token starts and ends
	lists []listMask
	chars []charInfo
	spans [][2]int
	// cands is findHits' scratch list, reused from sentence to sentence.
	cands []hit
}

// newDocMemory sizes the memory for the sentences ins (their texts and tokens).
func newDocMemory(ins []Input) *docMemory {
	bytes, toks, withToks := 0, 0, 0
	for _, in := range ins {
		bytes += len(in.Text) + 1
		toks += len(in.Tokens)
		if in.Tokens != nil {
			withToks += len(in.Text) + 1
		}
	}
	return &docMemory{
		sents: make([]sentence, 0, len(ins)),
		flags: make([]bool, 2*withToks),
		lists: make([]listMask, bytes),
		chars: make([]charInfo, bytes),
		spans: make([][2]int, 0, toks),
	}
}

// next returns a new zero sentence of text with its tables cut from the memory: lists and
// chars of len(text)+1 entries, and with tokens (toks not nil) starts and ends as well, and
// spans with room for every token. When the memory was sized for fewer sentences, bytes or
// tokens, what is missing is allocated apart.
func (m *docMemory) next(text string, toks []segment.Token) *sentence {
	if len(m.sents) == cap(m.sents) {
		m.sents = make([]sentence, 0, 16)
	}
	m.sents = append(m.sents, sentence{})
	s := &m.sents[len(m.sents)-1]
	n := len(text) + 1
	s.lists = take(&m.lists, n)
	s.chars = take(&m.chars, n)
	if toks != nil {
		s.starts = take(&m.flags, n)
		s.ends = take(&m.flags, n)
		if len(toks) > cap(m.spans)-len(m.spans) {
			m.spans = make([][2]int, 0, len(toks))
		}
		// A full slice expression, so that appending to one sentence's spans never runs
		// into the next one's.
		s.spans = m.spans[len(m.spans) : len(m.spans) : len(m.spans)+len(toks)]
		m.spans = m.spans[:len(m.spans)+len(toks)]
	}
	return s
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
