package index

import (
	"fmt"
	"math"
	"math/rand"
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/model"
)

// numberValues returns, per numeric field, each essay's value as the index holds it (0 for
// a frame the essay lacks).
func numberValues(cb *codebook.Codebook, as []*model.Analyzed) map[string]map[string]float64 {
	out := map[string]map[string]float64{}
	put := func(field, id string, v float64) {
		if out[field] == nil {
			out[field] = map[string]float64{}
		}
		out[field][id] = v
	}
	for _, a := range as {
		id, ann := a.Doc.ID, a.Annotation
		for _, f := range cb.Frames {
			put(FrameField(f.ID), id, ann.Frames[f.ID].Per1K)
		}
		if ann.Stance != nil {
			for _, tg := range cb.Targets {
				put(StanceScoreField(tg.ID), id, ann.Stance[tg.ID].Score)
			}
		}
		put(FieldChars, id, float64(ann.Chars))
		put(FieldTokens, id, float64(ann.Tokens))
		put(FieldPassages, id, float64(len(ann.Paragraphs)))
	}
	return out
}

// TestNumberRangeQuery checks every comparison on every numeric field against a scan of the
// values, on an index of many segments where some essays were replaced (deleted documents
// in the older segments), alone and inside a conjunction (which advances the searcher).
func TestNumberRangeQuery(t *testing.T) {
	as := analyzeAll(t, corpusDocs(t))
	ix, _ := write(t, filepath.Join(t.TempDir(), "ix"), as, Options{BatchBytes: 40 << 10, Stance: "rules"})
	again := slices.Clone(as) // every seventh essay changed: replaced, the rest unchanged
	for i, a := range as {
		if i%7 == 0 {
			d := *a.Doc
			d.Hash += "-changed"
			b := *a
			b.Doc = &d
			again[i] = &b
		}
	}
	ix.Close()
	ix, st := write(t, ix.Dir, again, Options{BatchBytes: 40 << 10, Stance: "rules"})
	if st.Essays != (len(as)+6)/7 || st.Unchanged != len(as)-st.Essays {
		t.Fatalf("the second run wrote %d essays and kept %d: want every seventh replaced", st.Essays, st.Unchanged)
	}
	if n := segments(t, ix); n < 3 {
		t.Fatalf("the index has %d segments: want several", n)
	}

	// A frequent marker, to intersect the ranges with.
	withMarker := map[string]bool{}
	for _, a := range as {
		for _, m := range a.Annotation.Markers {
			if m.Term == "泡沫" && !m.Negated {
				withMarker[a.Doc.ID] = true
			}
		}
	}
	marker := bleve.NewTermQuery("泡沫")
	marker.SetField(FieldMarker)

	rng := rand.New(rand.NewSource(1))
	checked := 0
	for field, values := range numberValues(testAnalyzer(t).Codebook(), as) {
		var vs []float64
		for _, v := range values {
			vs = append(vs, v)
		}
		slices.Sort(vs)
		// Bounds: the least, the greatest, values in between, and numbers held by no essay.
		// Bounds: the least, the greatest, values in between, numbers held by no essay, and
		// the edges of coarse ranges (2, 2.125 and 0.5 start one; the number before 4 ends one).
		bounds := []float64{vs[0], vs[len(vs)-1], vs[len(vs)/2], vs[rng.Intn(len(vs))], vs[rng.Intn(len(vs))],
			vs[0] - 1, vs[len(vs)-1] + 1, vs[len(vs)/3] + 1e-9, 0, -0.5, math.Inf(1), math.Inf(-1),
			2, 2.125, 0.5, math.Nextafter(4, 0), 1000}
		for _, b := range bounds {
			for _, c := range []struct {
				op   string
				q    NumberRangeQuery
				want func(v float64) bool
			}{
				{">", NumberRangeQuery{Min: &b}, func(v float64) bool { return v > b }},
				{">=", NumberRangeQuery{Min: &b, InclusiveMin: true}, func(v float64) bool { return v >= b }},
				{"<", NumberRangeQuery{Max: &b}, func(v float64) bool { return v < b }},
				{"<=", NumberRangeQuery{Max: &b, InclusiveMax: true}, func(v float64) bool { return v <= b }},
				{"=", NumberRangeQuery{Min: &b, Max: &b, InclusiveMin: true, InclusiveMax: true}, func(v float64) bool { return v == b }},
				{"in [b, median]", NumberRangeQuery{Min: &b, Max: &vs[len(vs)/2], InclusiveMin: true, InclusiveMax: true},
					func(v float64) bool { return v >= b && v <= vs[len(vs)/2] }},
			} {
				q := c.q
				q.Field = field
				var want, wantMarker []string
				for id, v := range values {
					if c.want(v) {
						want = append(want, id)
						if withMarker[id] {
							wantMarker = append(wantMarker, id)
						}
					}
				}
				sort.Strings(want)
				sort.Strings(wantMarker)
				name := fmt.Sprintf("%s %s %g", field, c.op, b)
				if got := ids(t, ix, &q); !equal(got, want) {
					t.Errorf("%s: got %d essays, want %d", name, len(got), len(want))
				}
				if got := ids(t, ix, query.NewConjunctionQuery([]query.Query{marker, &q})); !equal(got, wantMarker) {
					t.Errorf("%s AND marker:泡沫: got %d essays, want %d", name, len(got), len(wantMarker))
				}
				checked++
			}
		}
	}
	if checked < 500 {
		t.Fatalf("checked %d ranges: want more", checked)
	}
	t.Logf("%d ranges checked on %d essays, %d segments", checked, len(as), segments(t, ix))
}

// segments returns the number of segments of the index.
func segments(t *testing.T, ix *Index) int {
	t.Helper()
	r, err := ix.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	snap, err := r.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	return len(snap.(*scorch.IndexSnapshot).Segments())
}

// TestNumberFieldSortsAndStores checks that a numeric field indexed as one term still sorts
// by its doc values and returns its stored value.
func TestNumberFieldSortsAndStores(t *testing.T) {
	ix, as := sampleIndex(t)
	chars := map[string]float64{}
	for _, a := range as {
		chars[a.Doc.ID] = float64(a.Annotation.Chars)
	}
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), len(as), 0, false)
	req.SortBy([]string{"-" + FieldChars, "_id"})
	req.Fields = []string{FieldChars}
	res, err := ix.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != len(as) {
		t.Fatalf("got %d hits, want %d", len(res.Hits), len(as))
	}
	for i, h := range res.Hits {
		if got := h.Fields[FieldChars]; got != chars[h.ID] {
			t.Fatalf("%s: stored chars %v, want %v", h.ID, got, chars[h.ID])
		}
		if i > 0 && chars[res.Hits[i-1].ID] < chars[h.ID] {
			t.Fatalf("hit %d (%s, %v chars) sorts after one of %v chars", i, h.ID, chars[h.ID], chars[res.Hits[i-1].ID])
		}
	}
}

// TestNumberRangeWithoutCoarseTerms checks ranges on a field that holds the full-precision
// terms alone, as huashu indexed numbers from 60fc7f7 to 3b52629: NumberRangeQuery
// reads all the terms of such a segment, and finds what it finds on numberFields.
func TestNumberRangeWithoutCoarseTerms(t *testing.T) {
	idx, err := bleve.NewUsing(filepath.Join(t.TempDir(), "x.bleve"), bleve.NewIndexMapping(), "scorch", "scorch", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	rng := rand.New(rand.NewSource(2))
	values := map[string]float64{}
	b := idx.NewBatch()
	for i := 0; i < 3000; i++ {
		id := fmt.Sprintf("d%04d", i)
		v := math.Round(rng.ExpFloat64()*400) / 100 // 0 to ~40, with repeats
		if i%10 == 0 {
			v = -v
		}
		values[id] = v
		d := document.NewDocument(id)
		code := string(prefixCode(sortable(v), 0))
		d.AddField(&field{name: "old", opts: bindex.IndexField, terms: func() []term { return []term{{text: code, pos: 1}} }})
		d.AddField(newNumberField("new", v, bindex.IndexField))
		if err := b.IndexAdvanced(d); err != nil {
			t.Fatal(err)
		}
	}
	if err := idx.Batch(b); err != nil {
		t.Fatal(err)
	}
	for _, bound := range []float64{0, 1, 2, 2.125, 3.99, 4, 8, -1, 0.5, 40} {
		for _, c := range []struct {
			name string
			q    NumberRangeQuery
			want func(v float64) bool
		}{
			{">", NumberRangeQuery{Min: &bound}, func(v float64) bool { return v > bound }},
			{"<=", NumberRangeQuery{Max: &bound, InclusiveMax: true}, func(v float64) bool { return v <= bound }},
		} {
			var want []string
			for id, v := range values {
				if c.want(v) {
					want = append(want, id)
				}
			}
			sort.Strings(want)
			for _, f := range []string{"old", "new"} {
				q := c.q
				q.Field = f
				res, err := idx.Search(bleve.NewSearchRequestOptions(&q, len(values), 0, false))
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, h := range res.Hits {
					got = append(got, h.ID)
				}
				sort.Strings(got)
				if !equal(got, want) {
					t.Errorf("%s %s %g: got %d documents, want %d", f, c.name, bound, len(got), len(want))
				}
			}
		}
	}
}
