package normalize

import (
	"sort"
	"unicode/utf8"
)

// piece maps a stretch of the analysis text back to the original.
//
// The analysis bytes [a, next piece's a) come from the original characters [c, c+n). In a
// one-to-one piece (atomic false) the k-th rune of those bytes comes from character c+k, so
// the piece holds exactly n runes; in an atomic piece its bytes come from the n characters
// as a whole (a "\r\n" turned into "\n", an HTML entity, a space standing for dropped markup,
// a conversion that changed the number of runes). Original characters that produced no
// analysis text (dropped markup) lie between pieces.
type piece struct {
	a, c, n int
	atomic  bool
}

// maxRun bounds a one-to-one piece so that Span counts at most that many runes.
const maxRun = 32

// builder accumulates the analysis text, its offset map and the break points found while
// normalizing.
type builder struct {
	buf    []byte
	pieces []piece
	// paras holds the analysis byte offsets where a new paragraph may begin.
	paras []int
	// breaks holds the analysis byte offsets where a sentence must end.
	breaks []int
}

// rune1 appends r, produced by original character c alone.
func (b *builder) rune1(r rune, c int) {
	if k := len(b.pieces) - 1; k >= 0 {
		p := &b.pieces[k]
		if !p.atomic && p.c+p.n == c && p.n < maxRun {
			p.n++
			b.buf = utf8.AppendRune(b.buf, r)
			return
		}
	}
	b.pieces = append(b.pieces, piece{a: len(b.buf), c: c, n: 1})
	b.buf = utf8.AppendRune(b.buf, r)
}

// atomic appends s, produced by the original characters [c0, c1) as a whole.
func (b *builder) atomic(s string, c0, c1 int) {
	if s == "" {
		return
	}
	b.pieces = append(b.pieces, piece{a: len(b.buf), c: c0, n: c1 - c0, atomic: true})
	b.buf = append(b.buf, s...)
}

// offsetMap is the finished map from analysis bytes to original characters.
type offsetMap struct {
	analysis string
	pieces   []piece
	chars    int
}

// find returns the index of the piece holding analysis byte x (0 <= x < len(analysis)).
func (m *offsetMap) find(x int) int {
	return sort.Search(len(m.pieces), func(i int) bool { return m.pieces[i].a > x }) - 1
}

// end returns the analysis byte offset where piece i ends.
func (m *offsetMap) end(i int) int {
	if i+1 < len(m.pieces) {
		return m.pieces[i+1].a
	}
	return len(m.analysis)
}

// charAt returns the original character range that produced the analysis rune holding byte
// x (0 <= x < len(analysis)).
func (m *offsetMap) charAt(x int) (int, int) {
	i := m.find(x)
	p := m.pieces[i]
	if p.atomic {
		return p.c, p.c + p.n
	}
	k := 0
	for j := p.a; ; k++ {
		_, w := utf8.DecodeRuneInString(m.analysis[j:])
		if j+w > x {
			break
		}
		j += w
	}
	return p.c + k, p.c + k + 1
}

// span maps analysis bytes [aStart, aEnd) to original characters; see Result.Span.
func (m *offsetMap) span(aStart, aEnd int) (int, int) {
	n := len(m.analysis)
	aStart = min(max(aStart, 0), n)
	aEnd = min(max(aEnd, aStart), n)
	if aStart == aEnd {
		if aStart == n {
			if n == 0 {
				return 0, 0
			}
			_, e := m.charAt(n - 1)
			return e, e
		}
		s, _ := m.charAt(aStart)
		return s, s
	}
	s, _ := m.charAt(aStart)
	_, e := m.charAt(aEnd - 1)
	return s, e
}

// snap moves x out of an atomic piece that produced more than one rune, to the piece's
// start, or to its end when up is true, so that a cut at x never splits what one original
// range produced.
func (m *offsetMap) snap(x int, up bool) int {
	if x <= 0 || x >= len(m.analysis) {
		return x
	}
	i := m.find(x)
	if p := m.pieces[i]; p.atomic && p.a < x {
		if up {
			return m.end(i)
		}
		return p.a
	}
	return x
}
