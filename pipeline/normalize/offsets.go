package normalize

import "unicode/utf8"

// piece maps a stretch of the analysis text back to the original.
//
// The analysis bytes [a, next piece's a) come from the original characters [c, c+n). In a
// one-to-one piece (atomic false) the k-th rune of those bytes comes from character c+k, so
// the piece holds exactly n runes, each w bytes long; in an atomic piece its bytes come from the n characters
// as a whole (a "\r\n" turned into "\n", an HTML entity, a space standing for dropped markup,
// a conversion that changed the number of runes). Original characters that produced no
// analysis text (dropped markup) lie between pieces.
type piece struct {
	a, c, n int32 // 16 bytes a piece: a document must be shorter than 2 GiB
	// w is the width in bytes of every rune of a one-to-one piece: a rune of another width
	// starts a new piece, so that Span finds a rune's character by division.
	w      int8
	atomic bool
}

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
	b.buf, b.pieces = appendRune(b.buf, b.pieces, r, c)
}

// appendRune appends r, produced by original character c alone, to buf and its map. It
// works on slices that the caller holds in local variables, to keep the hot loop free of
// stores of pointers to the heap.
func appendRune(buf []byte, pieces []piece, r rune, c int) ([]byte, []piece) {
	return utf8.AppendRune(buf, r), extend(pieces, len(buf), utf8.RuneLen(r), c)
}

// appendChar is appendRune for a character that is written as it stands in the original:
// ch is its UTF-8 encoding.
func appendChar(buf []byte, pieces []piece, ch string, c int) ([]byte, []piece) {
	return append(buf, ch...), extend(pieces, len(buf), len(ch), c)
}

// extend maps the w bytes at analysis offset a to original character c: the last piece
// grows by one character when it ends just before both, else a piece is added.
func extend(pieces []piece, a, w, c int) []piece {
	if k := len(pieces) - 1; k >= 0 {
		p := &pieces[k]
		if !p.atomic && int(p.c+p.n) == c && int(p.w) == w {
			p.n++
			return pieces
		}
	}
	return append(pieces, piece{a: int32(a), c: int32(c), n: 1, w: int8(w)})
}

// atomic appends s, produced by the original characters [c0, c1) as a whole.
func (b *builder) atomic(s string, c0, c1 int) {
	if s == "" {
		return
	}
	b.pieces = append(b.pieces, piece{a: int32(len(b.buf)), c: int32(c0), n: int32(c1 - c0), atomic: true})
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
	lo, hi := 0, len(m.pieces) // the answer is the last piece with a <= x
	for hi-lo > 1 {
		mid := int(uint(lo+hi) >> 1)
		if int(m.pieces[mid].a) <= x {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// end returns the analysis byte offset where piece i ends.
func (m *offsetMap) end(i int) int {
	if i+1 < len(m.pieces) {
		return int(m.pieces[i+1].a)
	}
	return len(m.analysis)
}

// charAt returns the original character range that produced the analysis rune holding byte
// x (0 <= x < len(analysis)).
func (m *offsetMap) charAt(x int) (int, int) { return m.charAtPiece(x, m.find(x)) }

// charAtPiece is charAt for a byte x known to lie in piece i.
func (m *offsetMap) charAtPiece(x, i int) (int, int) {
	p := m.pieces[i]
	if p.atomic {
		return int(p.c), int(p.c + p.n)
	}
	k := (x - int(p.a)) / int(p.w)
	return int(p.c) + k, int(p.c) + k + 1
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
	return m.snapIn(x, m.find(x), up)
}

// snapIn is snap for an x inside the analysis text, known to lie in piece i.
func (m *offsetMap) snapIn(x, i int, up bool) int {
	if p := m.pieces[i]; p.atomic && int(p.a) < x {
		if up {
			return m.end(i)
		}
		return int(p.a)
	}
	return x
}

// Cursor maps analysis byte ranges to original characters like Result.Span, with the same
// results, but remembers the piece its last range ended in: a caller that maps the ranges
// of a document in increasing order (a sentence's words) pays O(1) a range instead of two
// binary searches. Ranges out of order are still mapped correctly, at O(log n). A Cursor is
// for one goroutine.
type Cursor struct {
	m *offsetMap
	i int // the piece the last lookup found
}

// Cursor returns a new Cursor over r, starting at the beginning of the analysis text.
func (r *Result) Cursor() *Cursor { return &Cursor{m: &r.m} }

// Span is Result.Span.
func (c *Cursor) Span(aStart, aEnd int) (start, end int) {
	m := c.m
	n := len(m.analysis)
	aStart = min(max(aStart, 0), n)
	aEnd = min(max(aEnd, aStart), n)
	if aStart == aEnd {
		return m.span(aStart, aEnd)
	}
	s, _ := m.charAtPiece(aStart, c.find(aStart))
	_, e := m.charAtPiece(aEnd-1, c.find(aEnd-1))
	return s, e
}

// snap is offsetMap.snap, finding the piece with the cursor.
func (c *Cursor) snap(x int, up bool) int {
	if x <= 0 || x >= len(c.m.analysis) {
		return x
	}
	return c.m.snapIn(x, c.find(x), up)
}

// find returns the index of the piece holding analysis byte x (0 <= x < len(analysis)):
// the last piece that begins at or before x, as offsetMap.find. From the piece it found
// last it gallops forward (1, 2, 4 … pieces), then searches the last step by halves, so
// that ranges in increasing order cost O(log d) for a distance of d pieces; a range behind
// the last one costs a binary search over all the pieces.
func (c *Cursor) find(x int) int {
	p := c.m.pieces
	if c.i >= len(p) || int(p[c.i].a) > x {
		c.i = c.m.find(x)
		return c.i
	}
	lo, hi := c.i, c.i+1 // p[lo].a <= x; the answer is in [lo, hi) once p[hi].a > x
	for step := 1; hi < len(p) && int(p[hi].a) <= x; step *= 2 {
		lo, hi = hi, hi+step
	}
	hi = min(hi, len(p))
	for hi-lo > 1 {
		mid := int(uint(lo+hi) >> 1)
		if int(p[mid].a) <= x {
			lo = mid
		} else {
			hi = mid
		}
	}
	c.i = lo
	return lo
}
