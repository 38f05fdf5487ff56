package index

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2/search"

	"github.com/huashu/huashu/pipeline/model"
)

// ParagraphSpans parses the stored value of FieldParagraphs: the paragraphs' spans in
// characters (code points) of the essay's text, end exclusive.
func ParagraphSpans(stored string) ([]model.Span, error) {
	if stored == "" {
		return nil, nil
	}
	parts := strings.Split(stored, " ")
	out := make([]model.Span, len(parts))
	for i, p := range parts {
		a, b, ok := strings.Cut(p, "-")
		start, err1 := strconv.Atoi(a)
		end, err2 := strconv.Atoi(b)
		if !ok || err1 != nil || err2 != nil || start > end {
			return nil, fmt.Errorf("index: %s: span %d %q: want start-end", FieldParagraphs, i+1, p)
		}
		out[i] = model.Span{Start: start, End: end}
	}
	return out, nil
}

// ParseSpans parses a value of FieldSpans (formatCharByteSpans): the paragraphs' spans in
// characters and in bytes of the essay's text, end exclusive.
func ParseSpans(v string) (chars, bytes []model.Span, err error) {
	if v == "" {
		return nil, nil, nil
	}
	// 4 numbers a span, of a byte or more
	return AppendSpans(make([]model.Span, 0, len(v)/4), make([]model.Span, 0, len(v)/4), v)
}

// AppendSpans parses v as ParseSpans does, appending to chars and bytes (buffers that a
// caller reuses from one essay to the next).
func AppendSpans(chars, bytes []model.Span, v string) ([]model.Span, []model.Span, error) {
	var nums [4]int
	prevC, prevB := 0, 0
	for i, k := 0, 0; i < len(v); k++ {
		for j := range nums {
			var n uint64
			var ok bool
			if i, n, ok = spanNumber(v, i); !ok {
				return nil, nil, fmt.Errorf("index: %s: span %d: truncated or corrupt (%d bytes)", FieldSpans, k+1, len(v))
			}
			nums[j] = int(n)
			if j == 0 || j == 2 {
				nums[j] = int(n>>1) ^ -int(n&1) // zigzag
			}
		}
		c := model.Span{Start: prevC + nums[0], End: prevC + nums[0] + nums[1]}
		b := model.Span{Start: prevB + nums[2], End: prevB + nums[2] + nums[3]}
		if c.Start < 0 || b.Start < 0 {
			return nil, nil, fmt.Errorf("index: %s: span %d starts before the text", FieldSpans, k+1)
		}
		chars, bytes = append(chars, c), append(bytes, b)
		prevC, prevB = c.End, b.End
	}
	return chars, bytes, nil
}

// spanNumber reads a number written by appendSpanNumber at v[i:].
func spanNumber(v string, i int) (int, uint64, bool) {
	var n, scale uint64 = 0, 1
	for ; i < len(v) && scale < 1<<56; i++ {
		d := v[i]
		if d < 0x80 {
			if d == 0x7F {
				return i, 0, false
			}
			return i + 1, n + uint64(d)*scale, true
		}
		if d == 0xFF {
			return i, 0, false
		}
		n += uint64(d-0x80) * scale
		scale *= 127
	}
	return i, 0, false
}

// Passage is one paragraph of an essay and the term locations of a hit that fall inside it.
type Passage struct {
	// N is the paragraph's index, from 0.
	N int
	// Start and End are character offsets (code points) into the essay's text, end
	// exclusive.
	Start, End int
	// Locations holds the hit's locations inside the paragraph, by field and term, as bleve
	// gives them (Start and End are byte offsets into the essay's text).
	Locations search.FieldTermLocationMap
}

// Has reports whether the passage holds a location of term in field.
func (p *Passage) Has(field, term string) bool {
	return len(p.Locations[field][term]) > 0
}

// Passages distributes the term locations of an essay hit (a search with
// IncludeLocations) over its paragraphs: text is the essay's stored FieldText, spans its
// ParagraphSpans. It returns the passages that hold at least one location, in text order.
// A phrase on FieldExact contributes the locations of its characters, so a passage holds
// the phrase when it holds its first character's location from that phrase match; a
// search that asks for two conditions inside one passage keeps the passages that hold a
// location of each.
func Passages(text string, spans []model.Span, locs search.FieldTermLocationMap) []Passage {
	if len(spans) == 0 || len(locs) == 0 {
		return nil
	}
	// The paragraphs' byte offsets, from one pass over the text.
	cur := &byteCursor{s: text}
	starts := make([]int, len(spans))
	ends := make([]int, len(spans))
	for i, s := range spans {
		starts[i] = cur.bytes(s.Start)
		ends[i] = cur.bytes(s.End)
	}
	byPara := map[int]search.FieldTermLocationMap{}
	for field, terms := range locs {
		for term, ls := range terms {
			for _, l := range ls {
				i := sort.SearchInts(starts, int(l.Start)+1) - 1 // last paragraph starting at or before l
				if i < 0 || int(l.Start) >= ends[i] {
					continue // between paragraphs: markup left out of every paragraph
				}
				m := byPara[i]
				if m == nil {
					m = search.FieldTermLocationMap{}
					byPara[i] = m
				}
				if m[field] == nil {
					m[field] = search.TermLocationMap{}
				}
				m[field][term] = append(m[field][term], l)
			}
		}
	}
	out := make([]Passage, 0, len(byPara))
	for i, m := range byPara {
		out = append(out, Passage{N: i, Start: spans[i].Start, End: spans[i].End, Locations: m})
	}
	sort.Slice(out, func(a, b int) bool { return out[a].N < out[b].N })
	return out
}
