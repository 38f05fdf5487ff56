package index

import (
	"math"

	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/numeric"
	bindex "github.com/blevesearch/bleve_index_api"
)

// numberField is a numeric field (frame.<id>, stance_score.<target>, chars, tokens,
// passages) indexed as one term: the number's full-precision term, bleve's prefix-coded
// value of shift 0. bleve's own numeric field also indexes 15 coarser prefixes of the value
// so that its range searcher can cover a range with few terms; for numbers that are nearly
// all distinct, such as frames per 1,000 characters, those prefixes made a quarter of the
// CPU time of indexing (docs/design.md, §3). A range on such a field is a range of
// shift-0 terms in the field's dictionary instead: numberRange gives its bounds, and
// NumberRangeQuery (not bleve's NumericRangeQuery, which needs the prefixes) reads them. Stored value, doc values, sorting and numeric range facets are bleve's, unchanged:
// they use the shift-0 term alone.
type numberField struct {
	*document.NumericField
	freqs bindex.TokenFrequencies
}

func newNumberField(name string, v float64, opts bindex.FieldIndexingOptions) *numberField {
	if v == 0 {
		v = 0 // not -0, whose code sorts before 0's
	}
	return &numberField{NumericField: document.NewNumericFieldWithIndexingOptions(name, nil, v, opts)}
}

// Analyze implements document.Field: one term, the value's shift-0 prefix code.
func (f *numberField) Analyze() {
	v := f.Value()
	tf := &bindex.TokenFreq{Term: v}
	tf.SetFrequency(1)
	f.freqs = bindex.TokenFrequencies{string(v): tf}
}

// AnalyzedLength implements document.Field.
func (f *numberField) AnalyzedLength() int { return 1 }

// AnalyzedTokenFrequencies implements document.Field.
func (f *numberField) AnalyzedTokenFrequencies() bindex.TokenFrequencies { return f.freqs }

// Size implements document.Field.
func (f *numberField) Size() int { return f.NumericField.Size() + 64 }

// numberTerm returns the term that a numberField indexes for v.
func numberTerm(v float64) []byte {
	if v == 0 {
		v = 0
	}
	return numeric.MustNewPrefixCodedInt64(numeric.Float64ToInt64(v), 0)
}

// numberRange returns the terms that bound the values of a numeric field (in the order of
// its dictionary, which is the order of the numbers): the terms of min and max, or for an
// open bound the term of the least or greatest value a float64 encodes. Only shift-0 terms
// lie between them, so a range of them reads the same documents in an index whose numeric
// fields also hold bleve's coarser prefixes (built before numberField).
func numberRange(min, max *float64) (lo, hi []byte) {
	if min != nil {
		lo = numberTerm(*min)
	} else {
		lo = numeric.MustNewPrefixCodedInt64(math.MinInt64, 0)
	}
	if max != nil {
		hi = numberTerm(*max)
	} else {
		hi = numeric.MustNewPrefixCodedInt64(math.MaxInt64, 0)
	}
	return lo, hi
}
