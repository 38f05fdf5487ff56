package index

import (
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/numeric"
	bindex "github.com/blevesearch/bleve_index_api"
)

// numberField is a numeric field (frame.<id>, stance_score.<target>, chars, tokens,
// passages) indexed as two terms: the number's full-precision term (bleve's prefix code of
// shift 0) and one coarse prefix (shift coarseShift). bleve's own numeric field indexes 15
// coarse prefixes (shifts 4, 8 … 60) so that its range searcher can cover a range with few
// terms; for numbers that are nearly all distinct, such as frames per 1,000 characters,
// each essay then added ~12 new terms to each field, which made a quarter of the CPU time
// of indexing (docs/design.md, §3). One coarse prefix is shared by many numbers and costs
// little. NumberRangeQuery (not bleve's NumericRangeQuery, which asks for every prefix)
// covers a range with the coarse terms inside it and the full-precision terms at its two
// edges. Stored value, doc values, sorting and numeric range facets are bleve's, unchanged:
// they read the shift-0 term.
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

// coarseShift is the shift of the coarse prefix a numberField indexes: the prefix keeps the
// sign, the exponent and the first 4 bits of the mantissa of the float64, so each power of
// two is cut into 16 ranges.
const coarseShift = 48

// Analyze implements document.Field: the value's shift-0 and coarse prefix codes.
func (f *numberField) Analyze() {
	fine := f.Value()
	v, _ := f.Number()
	coarse := prefixCode(sortable(v), coarseShift)
	f.freqs = make(bindex.TokenFrequencies, 2)
	for _, t := range [][]byte{fine, coarse} {
		tf := &bindex.TokenFreq{Term: t}
		tf.SetFrequency(1)
		f.freqs[string(t)] = tf
	}
}

// AnalyzedLength implements document.Field.
func (f *numberField) AnalyzedLength() int { return 2 }

// AnalyzedTokenFrequencies implements document.Field.
func (f *numberField) AnalyzedTokenFrequencies() bindex.TokenFrequencies { return f.freqs }

// Size implements document.Field.
func (f *numberField) Size() int { return f.NumericField.Size() + 64 }

// sortable returns the int64 whose order is v's (bleve's Float64ToInt64), -0 as 0.
func sortable(v float64) int64 {
	if v == 0 {
		v = 0 // not -0, whose code sorts before 0's
	}
	return numeric.Float64ToInt64(v)
}

// bucket returns the coarse range of the sortable number x: its prefix of shift
// coarseShift, as bleve computes it.
func bucket(x int64) uint64 { return (uint64(x) ^ 1<<63) >> coarseShift }

// bucketFirst returns the least sortable number of a coarse range.
func bucketFirst(b uint64) int64 { return int64(b<<coarseShift ^ 1<<63) }

// keyRange is a range of keys of a field's dictionary: from start (inclusive) to end
// (exclusive).
type keyRange struct{ start, end []byte }

// numberKeys returns the terms that hold exactly the numbers in [lo, hi] (sortable, both
// inclusive): the coarse terms of the ranges inside it, and the full-precision terms of its
// edges (the whole of it when it spans fewer than three coarse ranges).
func numberKeys(lo, hi int64) (fine []keyRange, coarse *keyRange) {
	bl, bh := bucket(lo), bucket(hi)
	if bh < bl+2 {
		return []keyRange{fineKeys(lo, hi)}, nil
	}
	fine = []keyRange{fineKeys(lo, bucketFirst(bl+1)-1), fineKeys(bucketFirst(bh), hi)}
	return fine, &keyRange{prefixCode(bucketFirst(bl+1), coarseShift), prefixCode(bucketFirst(bh), coarseShift)}
}

// fineKeys returns the keys of the full-precision terms of the numbers in [lo, hi]
// (sortable, both inclusive). A key followed by a zero byte is the least key after it.
func fineKeys(lo, hi int64) keyRange {
	return keyRange{prefixCode(lo, 0), append(prefixCode(hi, 0), 0)}
}

func prefixCode(x int64, shift uint) []byte { return numeric.MustNewPrefixCodedInt64(x, shift) }
