package index

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/document"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/model"
)

// Indexing options of the kinds of field.
const (
	optText       = bindex.IndexField | bindex.StoreField | bindex.IncludeTermVectors
	optExact      = bindex.IndexField | bindex.IncludeTermVectors
	optKeyword    = bindex.IndexField | bindex.StoreField | bindex.DocValues
	optKeywordRaw = bindex.IndexField | bindex.StoreField // not faceted
	optMarkers    = bindex.IndexField | bindex.DocValues | bindex.IncludeTermVectors
	optNumber     = bindex.IndexField | bindex.StoreField | bindex.DocValues
)

// builder turns analysed documents into bleve documents. It is used by one goroutine.
type builder struct {
	cb *codebook.Codebook
}

// build returns the bleve document of an essay.
func (b *builder) build(a *model.Analyzed) *document.Document {
	doc, ann := a.Doc, a.Annotation
	text := []byte(doc.Text)
	d := document.NewDocument(doc.ID)
	add := func(name, value string, opts bindex.FieldIndexingOptions) {
		if value != "" {
			d.AddField(document.NewTextFieldCustom(name, nil, []byte(value), opts, nil))
		}
	}
	num := func(name string, v float64) {
		d.AddField(newNumberField(name, v, optNumber))
	}

	add(FieldTitle, doc.Title, optKeyword)
	add(FieldAuthor, doc.Author, optKeyword)
	add(FieldSource, doc.Source, optKeyword)
	add(FieldURL, doc.URL, optKeywordRaw)
	add(FieldPath, doc.Path, optKeyword)
	add(FieldDateText, doc.Date, optKeyword)
	add(FieldHash, doc.Hash, optKeyword)
	if date, ok := parseDate(doc.Date); ok {
		if f, err := document.NewDateTimeFieldWithIndexingOptions(FieldDate, nil, date, time.RFC3339, optNumber); err == nil {
			d.AddField(f)
		}
	}
	if len(doc.Tags) > 0 {
		tags := make([]term, len(doc.Tags))
		for i, t := range doc.Tags {
			tags[i] = term{text: t, pos: i + 1}
		}
		d.AddField(&field{name: FieldTag, value: []byte(strings.Join(doc.Tags, "\n")), opts: optKeyword, terms: func() []term { return tags }})
	}
	for k, v := range doc.Meta {
		add(MetaField(k), v, optKeyword)
	}

	// The words, with byte offsets into the text for the term vectors.
	cur := &byteCursor{s: doc.Text}
	n := 0
	for _, ws := range a.Tokens {
		n += len(ws)
	}
	words := make([]term, 0, n)
	for _, ws := range a.Tokens {
		for _, t := range ws {
			words = append(words, term{
				text: strings.ToLower(t.Text), start: cur.bytes(t.Start), end: cur.bytes(t.End),
				pos: len(words) + 1,
			})
		}
	}
	d.AddField(&field{name: FieldText, value: text, opts: optText, terms: func() []term { return words }})
	addStored(d, ann, words) // for stats: stored.go
	d.AddField(&field{name: FieldExact, value: text, opts: optExact, analyze: func() (bindex.TokenFrequencies, int) { return exactFrequencies(text) }})
	d.AddField(&field{name: FieldLatin, opts: optExact, terms: func() []term { return LatinTerms(text) }})

	// Markers, asserted and negated apart, located in the text.
	var mt markerTerms
	cur = &byteCursor{s: doc.Text}
	for _, m := range ann.Markers {
		mt.add(m, cur.bytes(m.Start), cur.bytes(m.End))
	}
	mt.addTo(d)

	for _, f := range b.cb.Frames {
		num(FrameField(f.ID), ann.Frames[f.ID].Per1K)
	}
	if ann.Stance != nil {
		for _, t := range b.cb.Targets {
			st, ok := ann.Stance[t.ID]
			if !ok {
				st.Label = model.None
			}
			add(StanceField(t.ID), st.Label, optKeyword)
			num(StanceScoreField(t.ID), st.Score)
		}
	}
	num(FieldChars, float64(ann.Chars))
	num(FieldTokens, float64(ann.Tokens))
	num(FieldPassages, float64(len(ann.Paragraphs)))
	if len(ann.Paragraphs) > 0 {
		spans := []term{{text: formatCharByteSpans(doc.Text, ann.Paragraphs), pos: 1}}
		d.AddField(&field{name: FieldSpans, opts: bindex.IndexField | bindex.DocValues, terms: func() []term { return spans }})
	}
	return d
}

// markerTerms collects the tokens of the marker fields of one essay.
type markerTerms struct {
	marker, markerNeg, category, categoryNeg []term
}

// add adds marker m, at bytes [start, end) of the text.
func (mt *markerTerms) add(m model.Marker, start, end int) {
	terms, cats := &mt.marker, &mt.category
	if m.Negated {
		terms, cats = &mt.markerNeg, &mt.categoryNeg
	}
	*terms = append(*terms, term{text: strings.ToLower(m.Term), start: start, end: end, pos: len(*terms) + 1})
	for _, c := range m.Categories {
		*cats = append(*cats, term{text: c, start: start, end: end, pos: len(*cats) + 1})
	}
}

func (mt *markerTerms) addTo(d *document.Document) {
	for _, f := range []struct {
		name  string
		terms []term
	}{
		{FieldMarker, mt.marker}, {FieldMarkerNeg, mt.markerNeg},
		{FieldCategory, mt.category}, {FieldCategoryNeg, mt.categoryNeg},
	} {
		if len(f.terms) > 0 {
			ts := f.terms
			d.AddField(&field{name: f.name, opts: optMarkers, terms: func() []term { return ts }})
		}
	}
}

// parseDate parses Document.Date: YYYY-MM-DD or RFC 3339.
func parseDate(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range []string{"2006-01-02", time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// byteCursor converts character offsets (code points; an invalid byte counts as one) into
// byte offsets of s, moving forward from its last position, so that offsets given in order
// cost one pass over s.
type byteCursor struct {
	s          string
	char, byte int
}

func (c *byteCursor) bytes(char int) int {
	if char < c.char {
		c.char, c.byte = 0, 0
	}
	for c.char < char && c.byte < len(c.s) {
		_, size := utf8.DecodeRuneInString(c.s[c.byte:])
		c.byte += size
		c.char++
	}
	return c.byte
}

// formatCharByteSpans writes spans (characters of text) as FieldSpans holds them: for each
// span, four numbers, each written as appendSpanNumber writes it: the gap from the previous
// span's end (zigzag: a span may start before it) and the length, in characters, then in
// bytes. A paragraph costs ~5 bytes where decimal text cost ~25: a search for passages
// decompresses the doc values of every essay it reads.
func formatCharByteSpans(text string, spans []model.Span) string {
	cur := &byteCursor{s: text}
	b := make([]byte, 0, 6*len(spans))
	prevC, prevB := 0, 0
	for _, s := range spans {
		bs, be := cur.bytes(s.Start), cur.bytes(s.End)
		b = appendSpanNumber(b, zigzag(s.Start-prevC))
		b = appendSpanNumber(b, uint64(s.End-s.Start))
		b = appendSpanNumber(b, zigzag(bs-prevB))
		b = appendSpanNumber(b, uint64(be-bs))
		prevC, prevB = s.End, be
	}
	return string(b)
}

func zigzag(n int) uint64 { return uint64(n<<1) ^ uint64(n>>63) }

// appendSpanNumber appends n in base 127, lowest digit first: a digit that another follows
// is written 0x80+d, the last one d, so that no byte is 0xFF, which separates the terms of
// bleve's doc values.
func appendSpanNumber(b []byte, n uint64) []byte {
	for n >= 127 {
		b = append(b, 0x80+byte(n%127))
		n /= 127
	}
	return append(b, byte(n))
}
