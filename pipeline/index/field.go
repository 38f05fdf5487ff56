package index

import (
	"sync"
	"unicode"
	"unicode/utf8"

	bindex "github.com/blevesearch/bleve_index_api"
)

// term is one occurrence of a term that huashu computed itself: the words analyze cut, a
// marker, a character of the exact field.
type term struct {
	text       string
	start, end int // byte offsets into the text
	pos        int // from 1
}

// field is a text field whose term frequencies huashu builds directly from its terms,
// instead of going through an analyzer's token stream and bleve's TokenFrequency: the
// locations of a field come from one allocation, and Size does not walk them (bleve calls
// it on every document of a batch, from the one goroutine that builds the segment). It
// implements bleve's document.Field; bleve calls Analyze on one of its analysis goroutines.
type field struct {
	name  string
	value []byte
	opts  bindex.FieldIndexingOptions
	terms func() []term // called once, by Analyze
	// analyze, when set instead of terms, returns the term frequencies and the number of
	// terms itself (FieldExact: exactFrequencies).
	analyze func() (bindex.TokenFrequencies, int)
	freqs   bindex.TokenFrequencies
	length  int
}

func (f *field) Name() string                                      { return f.name }
func (f *field) ArrayPositions() []uint64                          { return nil }
func (f *field) Options() bindex.FieldIndexingOptions              { return f.opts }
func (f *field) Value() []byte                                     { return f.value }
func (f *field) NumPlainTextBytes() uint64                         { return uint64(len(f.value)) }
func (f *field) EncodedFieldType() byte                            { return 't' }
func (f *field) AnalyzedLength() int                               { return f.length }
func (f *field) AnalyzedTokenFrequencies() bindex.TokenFrequencies { return f.freqs }

// Size estimates the memory the field holds, in bytes, without walking its locations.
func (f *field) Size() int {
	return 64 + len(f.name) + len(f.value) + f.length*64
}

// Analyze computes the term frequencies (with locations when the field has term vectors).
func (f *field) Analyze() {
	if f.analyze != nil {
		f.freqs, f.length = f.analyze()
		f.analyze = nil
		return
	}
	ts := f.terms()
	f.terms = nil
	f.length = len(ts)
	f.freqs = frequencies(ts, f.opts.IncludeTermVectors())
}

// frequencies builds bleve's term frequencies of ts in two passes: count each term, then
// lay out every location in one slice and every term's location pointers in another.
func frequencies(ts []term, vectors bool) bindex.TokenFrequencies {
	index := make(map[string]int32, len(ts)/2+1)
	counts := make([]int32, 0, len(ts)/2+1)
	ids := make([]int32, len(ts))
	for i := range ts {
		id, ok := index[ts[i].text]
		if !ok {
			id = int32(len(counts))
			index[ts[i].text] = id
			counts = append(counts, 0)
		}
		counts[id]++
		ids[i] = id
	}
	freqs := make([]bindex.TokenFreq, len(counts))
	out := make(bindex.TokenFrequencies, len(counts))
	for text, id := range index {
		tf := &freqs[id]
		tf.Term = []byte(text)
		tf.SetFrequency(int(counts[id]))
		out[text] = tf
	}
	if !vectors {
		return out
	}
	locs := make([]bindex.TokenLocation, len(ts))
	ptrs := make([]*bindex.TokenLocation, len(ts))
	next := make([]int32, len(counts)) // where each term's pointers start, then fill
	at := int32(0)
	for id, c := range counts {
		next[id] = at
		freqs[id].Locations = ptrs[at : at : at+c]
		at += c
	}
	for i, t := range ts {
		locs[i] = bindex.TokenLocation{Start: t.start, End: t.end, Position: t.pos}
		tf := &freqs[ids[i]]
		tf.Locations = append(tf.Locations, &locs[i])
	}
	return out
}

// exactScratch is what exactFrequencies reuses from one text to the next: the term number
// (plus one) of each character of the Basic Multilingual Plane seen in the current text,
// and the term number and position of each indexed character.
type exactScratch struct {
	ids  [1 << 16]int32
	used []rune
	ord  []int32
	pos  []int32
}

var exactScratchPool = sync.Pool{New: func() any { return new(exactScratch) }}

// exactFrequencies returns the term frequencies of FieldExact for text and the number of
// its terms: one term per character but white space, folded by FoldExact, at the
// character's position (from 1; white space keeps its position), with no byte offsets (a
// phrase query reads positions only, and without them the index is 7 % smaller). It is
// what frequencies(exactTerms(text), true) returns (exactTerms, in the tests, is the
// reference), in one pass over the text, a character's term found in a table indexed by
// the character instead of a map of strings, and without the intermediate terms (40 bytes
// a character). On the 20,000-essay benchmark corpus this field is 31 million characters.
func exactFrequencies(text []byte) (bindex.TokenFrequencies, int) {
	sc := exactScratchPool.Get().(*exactScratch)
	defer func() {
		for _, r := range sc.used {
			sc.ids[r] = 0
		}
		sc.used, sc.ord, sc.pos = sc.used[:0], sc.ord[:0], sc.pos[:0]
		exactScratchPool.Put(sc)
	}()
	var chars []rune // the character of each term number
	var counts []int32
	var astral map[rune]int32 // term numbers of characters beyond U+FFFF
	pos := 0
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(text[i:])
		}
		i += size
		pos++
		if unicode.IsSpace(r) {
			continue
		}
		r = FoldExact(r)
		var id int32
		var ok bool
		if r < 1<<16 {
			id, ok = sc.ids[r]-1, sc.ids[r] > 0
		} else {
			id, ok = astral[r]
		}
		if !ok {
			id = int32(len(chars))
			chars, counts = append(chars, r), append(counts, 0)
			if r < 1<<16 {
				sc.ids[r] = id + 1
				sc.used = append(sc.used, r)
			} else {
				if astral == nil {
					astral = map[rune]int32{}
				}
				astral[r] = id
			}
		}
		counts[id]++
		sc.ord = append(sc.ord, id)
		sc.pos = append(sc.pos, int32(pos))
	}
	freqs := make([]bindex.TokenFreq, len(chars))
	out := make(bindex.TokenFrequencies, len(chars))
	locs := make([]bindex.TokenLocation, len(sc.ord))
	ptrs := make([]*bindex.TokenLocation, len(sc.ord))
	at := int32(0)
	for id, r := range chars {
		s := string(r)
		tf := &freqs[id]
		tf.Term = []byte(s)
		tf.SetFrequency(int(counts[id]))
		tf.Locations = ptrs[at : at : at+counts[id]]
		at += counts[id]
		out[s] = tf
	}
	for k, id := range sc.ord {
		locs[k].Position = int(sc.pos[k])
		tf := &freqs[id]
		tf.Locations = append(tf.Locations, &locs[k])
	}
	return out, len(sc.ord)
}

// LatinTerms returns the terms of FieldLatin for text: each maximal run of characters that
// FoldExact makes a–z or 0–9, folded, at the position of its first character (from 1, as
// the exact field numbers them).
func LatinTerms(text []byte) []term {
	var out []term
	var run []byte
	start, pos := 0, 0
	flush := func() {
		if len(run) > 0 {
			out = append(out, term{text: string(run), pos: start})
			run = run[:0]
		}
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRune(text[i:])
		pos++
		if f := FoldExact(r); IsLatin(f) {
			if len(run) == 0 {
				start = pos
			}
			run = append(run, byte(f))
		} else {
			flush()
		}
		i += size
	}
	flush()
	return out
}

// IsLatin tells whether a folded character is one that FieldLatin holds: a–z or 0–9.
func IsLatin(r rune) bool { return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' }
