package search

import (
	"context"
	"encoding/json"
	"testing"
)

// TestSplitSearchIsOneSearch checks that a search run as parts at once, with its terms
// facets counted by its own searcher, returns what one search over the whole index with
// bleve's facets returns: total, hits in order with their scores, fields and KWIC lines,
// and facet counts.
func TestSplitSearchIsOneSearch(t *testing.T) {
	s := sampleSearcher(t)
	one := NewSearcher(s.idx, s.schema)
	one.loadWords = s.loadWords
	queries := []string{
		"", "泡沫", `"遥遥领先"`, `"DeepSeek" OR "深度求索" OR "国产大模型"`,
		"frame:bubble stance.us_ai:against", "marker.neg:泡沫", "frame.bubble:>2",
		`date:>="2024-02-01" frame:epochal`, "(Sora OR ChatGPT) frame:bubble",
		"NOT frame:bubble", "概念*", `"华尔街" "泡沫"`, `"没有这个短语"`,
	}
	options := []Options{
		{Size: 20, Context: 10, Lines: 3, Facets: []string{"marker", "source", "month", "year", "frame", "stance.us_ai"}},
		{Size: 5, From: 3, Sort: SortDate, Facets: []string{"marker"}, FacetSize: 3},
		{Size: 100000},
		{Size: 0, Facets: []string{"category", "author"}},
		{Size: 3, Passages: true, Facets: []string{"marker", "source", "month"}},
		{Size: 7, From: 2, Passages: true, Sort: SortDate, Context: 8},
		{Size: 9, From: 1, Sort: "-frame.bubble"},
		{Size: 6, Passages: true, Sort: "chars"},
	}
	for _, q := range queries {
		for oi, opts := range options {
			one.parts, one.bleveFacets = 1, true
			want, err := one.Search(context.Background(), q, opts)
			if err != nil {
				t.Fatalf("%q: %v", q, err)
			}
			one.bleveFacets = false
			for _, parts := range []int{1, 2, 3, 7} {
				one.parts = parts
				got, err := one.Search(context.Background(), q, opts)
				if err != nil {
					t.Fatalf("%q in %d parts: %v", q, parts, err)
				}
				if g, w := asJSON(t, got), asJSON(t, want); g != w {
					i := 0
					for i < min(len(g), len(w)) && g[i] == w[i] {
						i++
					}
					i = max(0, i-100)
					t.Errorf("%q, options %d, in %d parts, from byte %d:\n got %.300s\nwant %.300s", q, oi, parts, i, g[i:], w[i:])
				}
			}
		}
	}
	if s.parts < 1 {
		t.Errorf("Open's searcher runs in %d parts", s.parts)
	}
}

func asJSON(t *testing.T, r *Result) string {
	t.Helper()
	r.Took = 0
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
