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

// ParseSpans parses a value of FieldSpans: the paragraphs' spans in characters and in bytes
// of the essay's text, end exclusive. (By hand: a search for passages parses one per essay.)
func ParseSpans(v string) (chars, bytes []model.Span, err error) {
	if v == "" {
		return nil, nil, nil
	}
	n := strings.Count(v, " ") + 1
	chars, bytes = make([]model.Span, n), make([]model.Span, n)
	i := 0
	for k := range n {
		var cs, bs model.Span
		ok := true
		i, cs, ok = parseSpan(v, i, 'c', ok)
		if ok && i < len(v) && v[i] == '/' {
			i, bs, ok = parseSpan(v, i+1, 'b', ok)
		} else {
			ok = false
		}
		if !ok || (i < len(v) && v[i] != ' ') {
			return nil, nil, fmt.Errorf("index: %s: span %d of %q: want c<start>-<end>/b<start>-<end>", FieldSpans, k+1, v)
		}
		chars[k], bytes[k] = cs, bs
		i++
	}
	return chars, bytes, nil
}

// parseSpan parses "<unit><start>-<end>" at v[i:], returning the index after it.
func parseSpan(v string, i int, unit byte, ok bool) (int, model.Span, bool) {
	if i >= len(v) || v[i] != unit {
		return i, model.Span{}, false
	}
	i, start, ok1 := parseUint(v, i+1)
	if !ok1 || i >= len(v) || v[i] != '-' {
		return i, model.Span{}, false
	}
	i, end, ok2 := parseUint(v, i+1)
	if !ok2 || start > end {
		return i, model.Span{}, false
	}
	return i, model.Span{Start: start, End: end}, ok
}

// parseUint parses the decimal digits at v[i:].
func parseUint(v string, i int) (int, int, bool) {
	n, j := 0, i
	for j < len(v) && v[j] >= '0' && v[j] <= '9' && j-i < 12 {
		n = n*10 + int(v[j]-'0')
		j++
	}
	return j, n, j > i
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
