package normalize

import (
	"unicode"
	"unicode/utf8"

	"github.com/huashu/huashu/pipeline/model"
)

// terminator reports whether r ends a sentence.
func terminator(r rune) bool {
	switch r {
	case '。', '！', '？', '!', '?', '；', ';', '…':
		return true
	}
	return false
}

// closer reports whether r closes a quotation or bracket, and so belongs to the sentence
// when it follows the sentence's terminator.
func closer(r rune) bool {
	switch r {
	case '”', '’', '」', '』', '）', ')', '】', '》', '〉', '］', ']', '"', '\'', '〕', '〗':
		return true
	}
	return false
}

// runeLen returns the length of the character whose first byte is b, in valid UTF-8.
func runeLen(b byte) int {
	switch {
	case b < 0xC0:
		return 1
	case b < 0xE0:
		return 2
	case b < 0xF0:
		return 3
	}
	return 4
}

// cutter reports whether a sentence that is too long may be cut after r.
func cutter(r rune) bool {
	switch r {
	case '，', '、', ',', ';':
		return true
	}
	return unicode.IsSpace(r)
}

// split fills Sentences and Paragraphs. paras are the analysis offsets where paragraphs may
// begin (the first is 0), breaks those where a sentence must end, both ascending.
func (r *Result) split(paras, breaks []int, maxRunes int) {
	a := r.Analysis
	bi := 0
	cur := r.Cursor() // the sentences come in order: their spans cost O(1) each
	for pi, ps := range paras {
		pe := len(a)
		if pi+1 < len(paras) {
			pe = paras[pi+1]
		}
		first := len(r.Sentences)
		para := len(r.Paragraphs)
		// The sentence so far is [s, i) and holds n runes; runes before skip are taken.
		s, n, skip := ps, 0, ps
		// The analysis text is valid UTF-8: a character's length is told by its first byte,
		// and only the first bytes of terminators (ASCII, E2 …, E3 。, EF ！？；) are decoded.
		for i, size := ps, 0; i < pe; i += size {
			size = runeLen(a[i])
			if i < skip {
				continue
			}
			if bi < len(breaks) && breaks[bi] <= i {
				for bi < len(breaks) && breaks[bi] < i {
					bi++
				}
				if bi < len(breaks) && breaks[bi] == i && i > s {
					r.add(cur, s, i, n, para, maxRunes)
					s, n = i, 0
				}
			}
			c := rune(a[i])
			if c >= utf8.RuneSelf {
				c = utf8.RuneError // no terminator or line break
				if b := a[i]; b == 0xE2 || b == 0xE3 || b == 0xEF {
					c, _ = utf8.DecodeRuneInString(a[i:])
				}
			}
			switch {
			case c == '\n':
				r.add(cur, s, i, n, para, maxRunes)
				s, n = i+1, 0
			case terminator(c):
				j := i + size
				n++
				for j < pe {
					c, w := utf8.DecodeRuneInString(a[j:])
					if !terminator(c) && !closer(c) {
						break
					}
					j += w
					n++
				}
				if k := min(cur.snap(j, true), pe); k != j {
					j, n = k, -1
				}
				r.add(cur, s, j, n, para, maxRunes)
				s, n, skip = j, 0, j
			default:
				n++
			}
		}
		r.add(cur, s, pe, n, para, maxRunes)
		if n := len(r.Sentences); n > first {
			r.Paragraphs = append(r.Paragraphs, model.Span{Start: r.Sentences[first].Start, End: r.Sentences[n-1].End})
		}
	}
}

// add appends the sentence of analysis bytes [s, e), which holds n runes (-1 if unknown),
// trimmed of whitespace, in pieces of at most maxRunes runes, unless it is empty. cur maps
// the offsets of a sentence that is not too long.
func (r *Result) add(cur *Cursor, s, e, n, para, maxRunes int) {
	a := r.Analysis
	if n >= 0 && n <= maxRunes {
		if s, e = trim(a, s, e); s < e {
			r.push(cur, s, e, para)
		}
		return
	}
	for {
		s, e = trim(a, s, e)
		if s >= e {
			return
		}
		// Find the end of the first maxRunes runes; the whole rest when it is not longer.
		lim, n := s, 0
		for lim < e && n < maxRunes {
			_, w := utf8.DecodeRuneInString(a[lim:])
			lim += w
			n++
		}
		if lim >= e {
			r.push(nil, s, e, para)
			return
		}
		cut := -1
		for j := s; j < lim; {
			c, w := utf8.DecodeRuneInString(a[j:])
			j += w
			if cutter(c) {
				cut = j
			}
		}
		if cut <= s {
			cut = lim
		}
		if c := r.m.snap(cut, false); c > s {
			cut = c
		} else {
			cut = min(r.m.snap(cut, true), e)
		}
		cs, ce := trim(a, s, cut)
		if cs < ce {
			r.push(nil, cs, ce, para)
		}
		s = cut
	}
}

// push appends the sentence of analysis bytes [s, e), mapped by cur, or by binary search
// when cur is nil (the pieces of an overlong sentence, found after looking ahead).
func (r *Result) push(cur *Cursor, s, e, para int) {
	var start, end int
	if cur != nil {
		start, end = cur.Span(s, e)
	} else {
		start, end = r.m.span(s, e)
	}
	r.Sentences = append(r.Sentences, Sentence{Start: start, End: end, AStart: s, AEnd: e, Paragraph: para})
}

// trim narrows [s, e) of a to exclude whitespace at both ends.
func trim(a string, s, e int) (int, int) {
	for s < e {
		c, w := utf8.DecodeRuneInString(a[s:])
		if !unicode.IsSpace(c) {
			break
		}
		s += w
	}
	for e > s {
		c, w := utf8.DecodeLastRuneInString(a[s:e])
		if !unicode.IsSpace(c) {
			break
		}
		e -= w
	}
	return s, e
}
