package search

import (
	"context"
	"math/rand"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/huashu/huashu/pipeline/index"
)

// TestExactPhraseMatchesBleve checks the phrase searcher against bleve's MatchPhraseQuery on
// the same field: alone, in a conjunction with another phrase and with a filter (which
// drive it by Advance), and under a NOT.
func TestExactPhraseMatchesBleve(t *testing.T) {
	s := sampleSearcher(t)
	rng := rand.New(rand.NewSource(9))
	var phrases []string
	for len(phrases) < 150 {
		rs := []rune(sample.docs[rng.Intn(len(sample.docs))].doc.Text)
		l := 1 + rng.Intn(6)
		if len(rs) <= l {
			continue
		}
		at := rng.Intn(len(rs) - l)
		if p := string(rs[at : at+l]); strings.IndexFunc(p, unicode.IsSpace) < 0 {
			phrases = append(phrases, p)
		}
	}
	phrases = append(phrases, "哈哈", "哈哈哈", "遥遥领先", "AI", "ａｉ", "DeepSeek", "泡沫泡沫", "泡沫 破", "不存在的短语")
	ours := func(p string) query.Query { return &exactPhraseQuery{Phrase: p, Field: index.FieldExact} }
	theirs := func(p string) query.Query {
		q := query.NewMatchPhraseQuery(p)
		q.SetField(index.FieldExact)
		return q
	}
	run := func(q query.Query) []string {
		req := bleve.NewSearchRequestOptions(q, 100000, 0, false)
		res, err := s.idx.SearchInContext(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		sort.Strings(ids)
		return ids
	}
	filter := query.NewTermQuery("bubble")
	filter.SetField(index.FieldCategory)
	for i, p := range phrases {
		q2 := phrases[(i+1)%len(phrases)]
		for _, c := range []struct {
			name         string
			ours, theirs query.Query
		}{
			{"alone", ours(p), theirs(p)},
			{"and phrase", query.NewConjunctionQuery([]query.Query{ours(p), ours(q2)}), query.NewConjunctionQuery([]query.Query{theirs(p), theirs(q2)})},
			{"and filter", query.NewConjunctionQuery([]query.Query{filter, ours(p)}), query.NewConjunctionQuery([]query.Query{filter, theirs(p)})},
			{"or phrase", query.NewDisjunctionQuery([]query.Query{ours(p), ours(q2)}), query.NewDisjunctionQuery([]query.Query{theirs(p), theirs(q2)})},
			{"not", query.NewBooleanQuery([]query.Query{filter}, nil, []query.Query{ours(p)}), query.NewBooleanQuery([]query.Query{filter}, nil, []query.Query{theirs(p)})},
		} {
			got, want := run(c.ours), run(c.theirs)
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("%q %s %q: %s", p, c.name, q2, diff(got, want))
			}
		}
	}
}
