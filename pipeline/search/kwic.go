package search

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/width"

	"github.com/huashu/huashu/pipeline/normalize"
)

// Line is one keyword-in-context (concordance) line: a hit with its left and right context.
type Line struct {
	// DocID is the document the line comes from.
	DocID string `json:"doc,omitempty"`
	// Start and End are character (code point) offsets of the keyword in the document's
	// text, end exclusive.
	Start int `json:"start"`
	End   int `json:"end"`
	// Left and Right are up to the asked number of characters of context, white space
	// (line breaks included) shown as one space.
	Left    string `json:"left"`
	Keyword string `json:"keyword"`
	Right   string `json:"right"`
}

// Concordance returns one line per span of text, in the order of spans, with up to context
// characters on each side. Spans are character offsets, end exclusive; a span outside the
// text or empty is skipped. The runes of text may be given (nil computes them).
func Concordance(docID, text string, runes []rune, spans []Span, context int) []Line {
	if runes == nil {
		runes = []rune(text)
	}
	return ConcordanceShown(docID, runes, nil, spans, context)
}

// ConcordanceShown is Concordance for a text shown without its markup: vis holds the
// visibility of each rune (normalize.Result.Visibility; nil: all Visible). Hidden runes
// are left out of the lines, AsSpace runes show as a space (a run of white space and
// AsSpace runes as one), and only Visible runes count as context.
func ConcordanceShown(docID string, runes []rune, vis []normalize.Visibility, spans []Span, context int) []Line {
	if len(vis) != len(runes) {
		vis = nil // a text whose visibility was not computed for it is shown whole
	}
	// Context counts the characters shown as they are: not markup, whether hidden or shown
	// as a space.
	shown := func(i int) bool { return vis == nil || vis[i] == normalize.Visible }
	lines := make([]Line, 0, len(spans))
	for _, s := range spans {
		if s.Start < 0 || s.End > len(runes) || s.Start >= s.End {
			continue
		}
		lo := s.Start
		for n := 0; lo > 0 && n < context; lo-- {
			if shown(lo - 1) {
				n++
			}
		}
		hi := s.End
		for n := 0; hi < len(runes) && n < context; hi++ {
			if shown(hi) {
				n++
			}
		}
		lines = append(lines, Line{
			DocID:   docID,
			Start:   s.Start,
			End:     s.End,
			Left:    cleanContext(runes, vis, lo, s.Start),
			Keyword: cleanContext(runes, vis, s.Start, s.End),
			Right:   cleanContext(runes, vis, s.End, hi),
		})
	}
	return lines
}

// Span is a range of characters (code points) of a text, end exclusive.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// cleanContext shows runes[from:to] without its Hidden runes (vis may be nil), each run of
// white space, control characters or AsSpace runes as one space.
func cleanContext(runes []rune, vis []normalize.Visibility, from, to int) string {
	var b strings.Builder
	space := false
	for i := from; i < to; i++ {
		r := runes[i]
		if vis != nil && vis[i] == normalize.Hidden {
			continue
		}
		if unicode.IsSpace(r) || unicode.IsControl(r) || vis != nil && vis[i] == normalize.AsSpace {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// FindAll returns the spans (character offsets, end exclusive) of every occurrence of needle
// in runes, overlapping ones included. Characters are compared after fold (nil: as they
// are), and any white space matches any white space, as the exact field of the index
// compares them. An empty needle has no occurrence.
func FindAll(runes []rune, needle string, fold func(rune) rune) []Span {
	nr := []rune(needle)
	if len(nr) == 0 || len(nr) > len(runes) {
		return nil
	}
	norm := func(r rune) rune {
		if unicode.IsSpace(r) {
			return ' '
		}
		if fold != nil {
			return fold(r)
		}
		return r
	}
	for i, r := range nr {
		nr[i] = norm(r)
	}
	var out []Span
	for i := 0; i+len(nr) <= len(runes); i++ {
		if norm(runes[i]) != nr[0] {
			continue
		}
		j := 1
		for ; j < len(nr); j++ {
			if norm(runes[i+j]) != nr[j] {
				break
			}
		}
		if j == len(nr) {
			out = append(out, Span{Start: i, End: i + len(nr)})
		}
	}
	return out
}

// MergeSpans sorts spans and joins those that overlap (spans that only touch, such as two
// markers side by side, stay apart), so that no character is shown twice as a keyword.
func MergeSpans(spans []Span) []Span {
	if len(spans) == 0 {
		return nil
	}
	s := append([]Span(nil), spans...)
	sort.Slice(s, func(i, j int) bool {
		if s[i].Start != s[j].Start {
			return s[i].Start < s[j].Start
		}
		return s[i].End < s[j].End
	})
	out := s[:1]
	for _, x := range s[1:] {
		last := &out[len(out)-1]
		if x.Start < last.End {
			last.End = max(last.End, x.End)
			continue
		}
		out = append(out, x)
	}
	return out
}

// KWIC sort orders.
const (
	// SortPosition keeps lines in document order (the default).
	SortPosition = "position"
	// SortLeft sorts by the left context, read from the keyword outwards (AntConc's 1L, 2L…).
	SortLeft = "left"
	// SortRight sorts by the right context, read from the keyword outwards (1R, 2R…).
	SortRight = "right"
)

// SortLines sorts concordance lines in place by the context nearest the keyword, its
// letters and digits only (quotation marks and other punctuation are skipped, as AntConc
// sorts by words), comparing Chinese by pinyin (the collation of language.Chinese) and
// ties by keyword, document and position. by is SortLeft, SortRight or SortPosition (a no-op); another value is an error.
func SortLines(lines []Line, by string) error {
	var key func(l Line) string
	switch by {
	case SortPosition, "":
		return nil
	case SortLeft:
		key = func(l Line) string { return reverse(wordChars(l.Left)) }
	case SortRight:
		key = func(l Line) string { return wordChars(l.Right) }
	default:
		return fmt.Errorf("kwic sort %q: want %s, %s or %s", by, SortLeft, SortRight, SortPosition)
	}
	col := collate.New(language.Chinese)
	keys := make([]string, len(lines))
	for i, l := range lines {
		keys[i] = key(l)
	}
	idx := make([]int, len(lines))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		la, lb := lines[idx[a]], lines[idx[b]]
		if c := col.CompareString(keys[idx[a]], keys[idx[b]]); c != 0 {
			return c < 0
		}
		if la.Keyword != lb.Keyword {
			return la.Keyword < lb.Keyword
		}
		if la.DocID != lb.DocID {
			return la.DocID < lb.DocID
		}
		return la.Start < lb.Start
	})
	sorted := make([]Line, len(lines))
	for i, j := range idx {
		sorted[i] = lines[j]
	}
	copy(lines, sorted)
	return nil
}

// wordChars returns the letters and digits of s.
func wordChars(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			return r
		}
		return -1
	}, s)
}

func reverse(s string) string {
	rs := []rune(s)
	for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
		rs[i], rs[j] = rs[j], rs[i]
	}
	return string(rs)
}

// RuneWidth returns the number of terminal columns r takes: 2 for East Asian wide and
// full-width characters (Han, kana, full-width punctuation), 0 for combining marks and
// control characters, 1 otherwise.
func RuneWidth(r rune) int {
	switch {
	case r < 0x20 || r >= 0x7f && r < 0xa0:
		return 0
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// Width returns the number of terminal columns s takes (see RuneWidth).
func Width(s string) int {
	w := 0
	for _, r := range s {
		w += RuneWidth(r)
	}
	return w
}

// PadLeft returns s preceded by spaces up to cols columns; PadRight follows s by them.
func PadLeft(s string, cols int) string {
	return strings.Repeat(" ", max(0, cols-Width(s))) + s
}

// PadRight returns s followed by spaces up to cols columns.
func PadRight(s string, cols int) string {
	return s + strings.Repeat(" ", max(0, cols-Width(s)))
}

// Truncate returns the longest prefix of s that fits in cols columns, with "…" at its end
// when something was cut.
func Truncate(s string, cols int) string {
	if Width(s) <= cols {
		return s
	}
	w := 0
	for i, r := range s {
		if w+RuneWidth(r)+1 > cols {
			return s[:i] + "…"
		}
		w += RuneWidth(r)
	}
	return s
}

// ANSI escapes that highlight the keyword on a terminal.
const (
	highlightOn  = "\x1b[1;31m"
	highlightOff = "\x1b[0m"
)

// FormatLines writes lines aligned on the keyword as AntConc shows them: the left contexts
// right-aligned in one column, the keywords starting in the same column, each line prefixed
// by prefix(line) (a document id, or nothing when prefix is nil). With color, the keyword is
// highlighted with ANSI escapes.
func FormatLines(b *strings.Builder, lines []Line, indent string, prefix func(Line) string, color bool) {
	formatLines(b, lines, indent, prefix, color, 0)
}

// formatLines is FormatLines with the left contexts padded to at least leftCols columns, so
// that several lists line up.
func formatLines(b *strings.Builder, lines []Line, indent string, prefix func(Line) string, color bool, leftCols int) {
	prefixCols := 0
	for _, l := range lines {
		leftCols = max(leftCols, Width(l.Left))
		if prefix != nil {
			prefixCols = max(prefixCols, Width(prefix(l)))
		}
	}
	for _, l := range lines {
		b.WriteString(indent)
		if prefix != nil {
			b.WriteString(PadRight(prefix(l), prefixCols))
			b.WriteString("  ")
		}
		b.WriteString(PadLeft(l.Left, leftCols))
		b.WriteString(" ")
		if color {
			b.WriteString(highlightOn + l.Keyword + highlightOff)
		} else {
			b.WriteString("[" + l.Keyword + "]")
		}
		b.WriteString(" ")
		b.WriteString(strings.TrimRight(l.Right, " "))
		b.WriteString("\n")
	}
}
