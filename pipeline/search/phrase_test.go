package search

import (
	"context"
	"fmt"
	"io"
	"math/rand"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/huashu/huashu/pipeline/analyze"
	"github.com/huashu/huashu/pipeline/diag"
	"github.com/huashu/huashu/pipeline/index"
	"github.com/huashu/huashu/pipeline/ingest"
	"github.com/huashu/huashu/pipeline/model"
	"github.com/huashu/huashu/pipeline/search/searchtest"
)

// TestExactPhraseMatchesBleve checks the phrase searcher against bleve's MatchPhraseQuery on
// the same field: alone, in a conjunction with another phrase and with a filter (which
// drive it by Advance), and under a NOT; on the sample index, and on an index of many
// segments with deleted documents, which the searcher walks one by one.
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
	phrases = append(phrases, "哈哈", "哈哈哈", "遥遥领先", "AI", "ａｉ", "DeepSeek", "泡沫泡沫", "泡沫 破", "不存在的短语", "补记遥遥领先")
	t.Run("sample", func(t *testing.T) { checkPhrases(t, s.idx, phrases) })
	t.Run("segments", func(t *testing.T) {
		ix := segmentedIndex(t)
		idx := ix.Index
		adv, err := idx.Advanced()
		if err != nil {
			t.Fatal(err)
		}
		r, err := adv.Reader()
		if err != nil {
			t.Fatal(err)
		}
		segs, deleted := 0, uint64(0)
		for _, ss := range r.(*scorch.IndexSnapshot).Segments() {
			segs++
			if d := ss.Deleted(); d != nil {
				deleted += d.GetCardinality()
			}
		}
		r.Close()
		t.Logf("%d segments, %d deleted documents", segs, deleted)
		if segs < 3 || deleted == 0 {
			t.Errorf("%d segments, %d deleted documents: the case checks less than it should", segs, deleted)
		}
		checkPhrases(t, idx, phrases)
		// Split into parts, searches still give one search's result.
		one := NewSearcher(idx, NewSchema(ix))
		one.loadWords = ix.LoadAnalyzer
		for _, q := range []string{`"遥遥领先"`, `"DeepSeek" OR "深度求索" OR "国产大模型"`, `"补记" frame:bubble`, `泡沫`} {
			opts := Options{Size: 30, Context: 5, Facets: []string{"marker", "source"}}
			one.parts, one.bleveFacets = 1, true
			want, err := one.Search(context.Background(), q, opts)
			if err != nil {
				t.Fatal(err)
			}
			one.parts, one.bleveFacets = 3, false
			got, err := one.Search(context.Background(), q, opts)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := asJSON(t, got), asJSON(t, want); g != w {
				t.Errorf("%s in 3 parts:\n got %.300s\nwant %.300s", q, g, w)
			}
		}
	})
}

// segmentedIndex indexes the sample corpus in batches of 2 KB (many segments), then
// changes every seventh essay (its old version is deleted), and opens the index.
func segmentedIndex(t *testing.T) *index.Index {
	t.Helper()
	root, err := searchtest.ModuleRoot()
	if err != nil {
		t.Skip(err)
	}
	an, err := analyze.New(analyze.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer an.Close()
	dir := filepath.Join(t.TempDir(), "x.bleve")
	w, err := index.OpenWriter(dir, index.Options{Codebook: an.Codebook(), UserDict: an.Segmenter().UserDict(), BatchBytes: 2 << 10})
	if err != nil {
		t.Fatal(err)
	}
	var docs []*model.Document
	err = ingest.Walk(context.Background(), []string{filepath.Join(root, "corpora")}, ingest.Options{}, diag.NewLog(io.Discard, 0), func(d *model.Document) error {
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	add := func(d *model.Document) {
		a, err := an.Analyze(d)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Add(a); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range docs {
		add(d)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	for i, d := range docs {
		if i%7 == 0 {
			c := *d
			c.Text += "\n\n补记：遥遥领先。"
			c.Hash += "-changed"
			add(&c)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// checkPhrases compares the phrase searcher with bleve's MatchPhraseQuery on idx.
func checkPhrases(t *testing.T, idx bleve.Index, phrases []string) {
	ours := func(p string) query.Query {
		return &exactPhraseQuery{Phrase: p, Field: index.FieldExact, Latin: index.FieldLatin}
	}
	theirs := func(p string) query.Query {
		q := query.NewMatchPhraseQuery(p)
		q.SetField(index.FieldExact)
		return q
	}
	run := func(q query.Query) []string {
		req := bleve.NewSearchRequestOptions(q, 100000, 0, false)
		res, err := idx.SearchInContext(context.Background(), req)
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

// TestLatinPhrasesMatchCharacters checks that a phrase of letters and digits found in the
// runs of index.FieldLatin gives what the exact field's characters give: the same essays,
// scores (occurrences) and locations, on the sample index and on one of many segments.
func TestLatinPhrasesMatchCharacters(t *testing.T) {
	s := sampleSearcher(t)
	seen := map[string]bool{}
	var phrases []string
	rng := rand.New(rand.NewSource(3))
	for _, d := range sample.docs {
		for _, run := range strings.FieldsFunc(index.FoldExactString(d.doc.Text), func(r rune) bool { return !index.IsLatin(r) }) {
			for n := 0; n < 3 && len(phrases) < 400; n++ {
				i := rng.Intn(len(run))
				p := run[i : i+1+rng.Intn(len(run)-i)]
				if !seen[p] {
					seen[p] = true
					phrases = append(phrases, p)
				}
			}
		}
	}
	phrases = append(phrases, "DeepSeek", "ＯｐｅｎＡＩ", "aa", "a", "0", "zzzz")
	run := func(idx bleve.Index, q query.Query) string {
		req := bleve.NewSearchRequestOptions(q, 100000, 0, false)
		req.IncludeLocations = true
		res, err := idx.SearchInContext(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, h := range res.Hits {
			fmt.Fprintf(&b, "%s %.12f", h.ID, h.Score)
			for term, ls := range h.Locations[index.FieldExact] {
				fmt.Fprintf(&b, " %s:", term)
				for _, l := range ls {
					fmt.Fprintf(&b, " %d/%d-%d", l.Pos, l.Start, l.End)
				}
			}
			b.WriteByte('\n')
		}
		return b.String()
	}
	check := func(t *testing.T, idx bleve.Index) {
		for _, p := range phrases {
			latin := &exactPhraseQuery{Phrase: p, Field: index.FieldExact, Latin: index.FieldLatin}
			chars := &exactPhraseQuery{Phrase: p, Field: index.FieldExact}
			filter := query.NewTermQuery("bubble")
			filter.SetField(index.FieldCategory)
			for _, c := range []struct {
				name         string
				latin, chars query.Query
			}{
				{"alone", latin, chars},
				{"and filter", query.NewConjunctionQuery([]query.Query{filter, latin}), query.NewConjunctionQuery([]query.Query{filter, chars})},
			} {
				if got, want := run(idx, c.latin), run(idx, c.chars); got != want {
					t.Errorf("%q %s:\n got %.300s\nwant %.300s", p, c.name, got, want)
				}
			}
		}
	}
	if len(phrases) < 100 {
		t.Fatalf("%d Latin phrases in the sample: too few to check", len(phrases))
	}
	t.Run("sample", func(t *testing.T) { check(t, s.idx) })
	t.Run("segments", func(t *testing.T) { check(t, segmentedIndex(t).Index) })
}

func TestPhraseOffsets(t *testing.T) {
	for _, c := range []struct {
		term, phrase string
		want         []uint64
	}{
		{"aaa", "aa", []uint64{0, 1}},
		{"deepseek", "e", []uint64{1, 2, 5, 6}},
		{"deepseek", "deepseek", []uint64{0}},
		{"gpt4o", "4o", []uint64{3}},
		{"gpt", "gpt4", nil},
	} {
		if got := phraseOffsets([]byte(c.term), []byte(c.phrase)); !slices.Equal(got, c.want) {
			t.Errorf("phraseOffsets(%q, %q) = %v, want %v", c.term, c.phrase, got, c.want)
		}
	}
}
