package index

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/huashu/huashu/pipeline/analyze"
	"github.com/huashu/huashu/pipeline/diag"
	"github.com/huashu/huashu/pipeline/ingest"
	"github.com/huashu/huashu/pipeline/model"
)

var (
	analyzerOnce sync.Once
	analyzer     *analyze.Analyzer
	analyzerErr  error
)

// testAnalyzer returns the process's analyzer (the jieba dictionaries load once).
func testAnalyzer(t testing.TB) *analyze.Analyzer {
	t.Helper()
	analyzerOnce.Do(func() {
		analyzer, analyzerErr = analyze.New(analyze.Options{})
		if analyzerErr == nil {
			ShareSegmenter(analyzer.Segmenter())
		}
	})
	if analyzerErr != nil {
		t.Fatal(analyzerErr)
	}
	return analyzer
}

// corpusDocs reads the sample corpus, and the shared real news articles when present.
func corpusDocs(t testing.TB) []*model.Document {
	t.Helper()
	paths := []string{"../../corpora"}
	if _, err := os.Stat("../../../shared/corpora/openaxo-news"); err == nil {
		paths = append(paths, "../../../shared/corpora/openaxo-news")
	}
	var docs []*model.Document
	log := diag.NewLog(nil, 0)
	err := ingest.Walk(context.Background(), paths, ingest.Options{}, log, func(d *model.Document) error {
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) < 200 {
		t.Skipf("only %d documents in the sample corpus", len(docs))
	}
	return docs
}

// analyzeAll analyses docs, failing the test on any error.
func analyzeAll(t testing.TB, docs []*model.Document) []*model.Analyzed {
	t.Helper()
	an := testAnalyzer(t)
	out := make([]*model.Analyzed, len(docs))
	for i, d := range docs {
		a, err := an.Analyze(d)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = a
	}
	return out
}

// write builds or updates the index at dir with as, then opens it for searching.
func write(t testing.TB, dir string, as []*model.Analyzed, opts Options) (*Index, Stats) {
	t.Helper()
	if opts.Codebook == nil {
		opts.Codebook = testAnalyzer(t).Codebook()
		opts.UserDict = testAnalyzer(t).Segmenter().UserDict()
	}
	w, err := OpenWriter(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if w.Unchanged(a.Doc) {
			continue
		}
		if err := w.Add(a); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.Prune(); err != nil {
		t.Fatal(err)
	}
	st := w.Stats()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix, st
}

// ids runs q and returns the sorted IDs of every hit.
func ids(t testing.TB, ix *Index, q query.Query) []string {
	t.Helper()
	req := bleve.NewSearchRequestOptions(q, 100000, 0, false)
	res, err := ix.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = h.ID
	}
	sort.Strings(out)
	return out
}

func queryString(s string) query.Query { return bleve.NewQueryStringQuery(s) }

var (
	corpusOnce  sync.Once
	corpusIndex *Index
	corpusAll   []*model.Analyzed
)

// sampleIndex indexes the sample corpus once for the tests that only read it.
func sampleIndex(t *testing.T) (*Index, []*model.Analyzed) {
	t.Helper()
	docs := corpusDocs(t)
	corpusOnce.Do(func() {
		corpusAll = analyzeAll(t, docs)
		dir := filepath.Join(os.TempDir(), fmt.Sprintf("huashu-index-test-%d", os.Getpid()))
		os.RemoveAll(dir)
		w, err := OpenWriter(dir, Options{Codebook: testAnalyzer(t).Codebook(), UserDict: testAnalyzer(t).Segmenter().UserDict(), Stance: "rules"})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range corpusAll {
			if err := w.Add(a); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if corpusIndex, err = Open(dir); err != nil {
			t.Fatal(err)
		}
	})
	if corpusIndex == nil {
		t.Fatal("the sample index could not be built")
	}
	return corpusIndex, corpusAll
}

func TestMain(m *testing.M) {
	code := m.Run()
	if corpusIndex != nil {
		corpusIndex.Close()
		os.RemoveAll(corpusIndex.Dir)
	}
	os.Exit(code)
}

// drawPhrases draws n phrases of 2–8 characters without white space from the texts, and
// for every fourth one also a variant with two characters swapped (which may occur
// nowhere).
func drawPhrases(texts []string, n int, seed int64) []string {
	rng := rand.New(rand.NewSource(seed))
	var out []string
	for len(out) < n {
		rs := []rune(texts[rng.Intn(len(texts))])
		l := 2 + rng.Intn(7)
		if len(rs) <= l {
			continue
		}
		s := rng.Intn(len(rs) - l)
		p := rs[s : s+l]
		if strings.IndexFunc(string(p), unicode.IsSpace) >= 0 {
			continue
		}
		out = append(out, string(p))
		if len(out)%4 == 0 && len(p) > 2 {
			q := append([]rune(nil), p...)
			q[0], q[1] = q[1], q[0]
			out = append(out, string(q))
		}
	}
	return out
}

// TestExactPhrases checks FieldExact against a brute-force substring scan: for each phrase
// the essays returned are exactly those whose folded text contains the folded phrase.
func TestExactPhrases(t *testing.T) {
	ix, all := sampleIndex(t)
	texts := make([]string, len(all))
	folded := make([]string, len(all))
	for i, a := range all {
		texts[i] = a.Doc.Text
		folded[i] = FoldExactString(a.Doc.Text)
	}
	phrases := drawPhrases(texts, 250, 1)
	// Cases a random draw may miss: repeated characters, Latin letters in any case and
	// width, punctuation, a phrase that occurs nowhere.
	phrases = append(phrases, "哈哈", "哈哈哈", "。。", "OpenAI", "openai", "ＯｐｅｎＡＩ", "GPT-4", "遥遥领先", "“遥遥领先”", "泡沫，", "不存在的短语甲乙")
	if len(phrases) < 200 {
		t.Fatalf("only %d phrases", len(phrases))
	}
	empty := 0
	for i, p := range phrases {
		var want []string
		fp := FoldExactString(p)
		for j, f := range folded {
			if strings.Contains(f, fp) {
				want = append(want, all[j].Doc.ID)
			}
		}
		sort.Strings(want)
		if len(want) == 0 {
			empty++
		}
		q := bleve.NewMatchPhraseQuery(p)
		q.SetField(FieldExact)
		got := ids(t, ix, q)
		if !equal(got, want) {
			t.Errorf("phrase %d %q: got %d essays %v, want %d %v", i, p, len(got), head(got), len(want), head(want))
		}
		if i%10 == 0 { // the query-string form says the same
			got := ids(t, ix, queryString(FieldExact+`:"`+strings.ReplaceAll(p, `"`, `\"`)+`"`))
			if !equal(got, want) {
				t.Errorf("query string exact:%q: got %d essays, want %d", p, len(got), len(want))
			}
		}
	}
	t.Logf("%d phrases, %d of them found nowhere", len(phrases), empty)
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func head(s []string) []string {
	if len(s) > 5 {
		return s[:5]
	}
	return s
}

// TestAnnotationFields checks the marker, category, frame, stance, metadata and count
// fields against what the annotations say, essay by essay.
func TestAnnotationFields(t *testing.T) {
	ix, all := sampleIndex(t)
	cb := testAnalyzer(t).Codebook()

	// Every marker term and category, asserted and negated, from the annotations.
	asserted, negated := map[string][]string{}, map[string][]string{}
	assertedCat, negatedCat := map[string][]string{}, map[string][]string{}
	addOnce := func(m map[string][]string, k, id string) {
		if l := m[k]; len(l) == 0 || l[len(l)-1] != id {
			m[k] = append(l, id)
		}
	}
	for _, a := range all {
		for _, m := range a.Annotation.Markers {
			term := strings.ToLower(m.Term)
			if m.Negated {
				addOnce(negated, term, a.Doc.ID)
				for _, c := range m.Categories {
					addOnce(negatedCat, c, a.Doc.ID)
				}
			} else {
				addOnce(asserted, term, a.Doc.ID)
				for _, c := range m.Categories {
					addOnce(assertedCat, c, a.Doc.ID)
				}
			}
		}
	}
	if len(negated) == 0 || len(asserted) == 0 {
		t.Fatalf("the sample corpus has %d asserted and %d negated marker terms: want both", len(asserted), len(negated))
	}
	check := func(field string, want map[string][]string) {
		for k, ws := range want {
			w := append([]string(nil), ws...)
			sort.Strings(w)
			q := bleve.NewTermQuery(k)
			q.SetField(field)
			if got := ids(t, ix, q); !equal(got, w) {
				t.Errorf("%s:%s: got %d essays, want %d", field, k, len(got), len(w))
			}
		}
	}
	check(FieldMarker, asserted)
	check(FieldMarkerNeg, negated)
	check(FieldCategory, assertedCat)
	check(FieldCategoryNeg, negatedCat)

	for _, f := range cb.Frames {
		for _, limit := range []float64{0, 1, 2.5} {
			var want []string
			for _, a := range all {
				if a.Annotation.Frames[f.ID].Per1K > limit {
					want = append(want, a.Doc.ID)
				}
			}
			sort.Strings(want)
			got := ids(t, ix, &NumberRangeQuery{Field: FrameField(f.ID), Min: &limit})
			if !equal(got, want) {
				t.Errorf("%s:>%g: got %d essays, want %d", FrameField(f.ID), limit, len(got), len(want))
			}
		}
	}
	for _, tg := range cb.Targets {
		for _, label := range []string{model.Favor, model.Against, model.None} {
			var want []string
			for _, a := range all {
				if a.Annotation.Stance[tg.ID].Label == label {
					want = append(want, a.Doc.ID)
				}
			}
			sort.Strings(want)
			if got := ids(t, ix, queryString(StanceField(tg.ID)+":"+label)); !equal(got, want) {
				t.Errorf("%s:%s: got %d essays, want %d", StanceField(tg.ID), label, len(got), len(want))
			}
		}
		var want []string
		for _, a := range all {
			if a.Annotation.Stance[tg.ID].Score < 0 {
				want = append(want, a.Doc.ID)
			}
		}
		sort.Strings(want)
		zero := 0.0
		if got := ids(t, ix, &NumberRangeQuery{Field: StanceScoreField(tg.ID), Max: &zero}); !equal(got, want) {
			t.Errorf("%s:<0: got %d essays, want %d", StanceScoreField(tg.ID), len(got), len(want))
		}
	}

	// Metadata: each author, source and metadata value, and a date range.
	byKey := map[string][]string{}
	var since []string
	for _, a := range all {
		d := a.Doc
		if d.Author != "" {
			byKey[FieldAuthor+"\x00"+d.Author] = append(byKey[FieldAuthor+"\x00"+d.Author], d.ID)
		}
		if d.Source != "" {
			byKey[FieldSource+"\x00"+d.Source] = append(byKey[FieldSource+"\x00"+d.Source], d.ID)
		}
		for k, v := range d.Meta {
			byKey[MetaField(k)+"\x00"+v] = append(byKey[MetaField(k)+"\x00"+v], d.ID)
		}
		if d.Date >= "2025-01-01" && len(d.Date) == 10 {
			since = append(since, d.ID)
		}
	}
	for k, want := range byKey {
		field, value, _ := strings.Cut(k, "\x00")
		sort.Strings(want)
		q := bleve.NewTermQuery(value)
		q.SetField(field)
		if got := ids(t, ix, q); !equal(got, want) {
			t.Errorf("%s:%q: got %d essays, want %d", field, value, len(got), len(want))
		}
	}
	sort.Strings(since)
	if got := ids(t, ix, queryString(FieldDate+`:>="2025-01-01"`)); !equal(got, since) {
		t.Errorf(`date:>="2025-01-01": got %d essays, want %d`, len(got), len(since))
	}
}

// TestStoredFields checks what a hit carries back: the text, the counts, the paragraph
// spans, the hash.
func TestStoredFields(t *testing.T) {
	ix, all := sampleIndex(t)
	for _, a := range all[:20] {
		req := bleve.NewSearchRequest(bleve.NewDocIDQuery([]string{a.Doc.ID}))
		req.Fields = []string{"*"}
		res, err := ix.Search(req)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != 1 {
			t.Fatalf("%s: %d hits", a.Doc.ID, len(res.Hits))
		}
		f := res.Hits[0].Fields
		if f[FieldText] != a.Doc.Text {
			t.Errorf("%s: stored text differs", a.Doc.ID)
		}
		if f[FieldHash] != a.Doc.Hash || f[FieldChars] != float64(a.Annotation.Chars) || f[FieldTokens] != float64(a.Annotation.Tokens) {
			t.Errorf("%s: hash %v chars %v tokens %v, want %s %d %d", a.Doc.ID, f[FieldHash], f[FieldChars], f[FieldTokens], a.Doc.Hash, a.Annotation.Chars, a.Annotation.Tokens)
		}
		chars, bytes := docSpans(t, ix, res.Hits[0].IndexInternalID)
		if fmt.Sprint(chars) != fmt.Sprint(a.Annotation.Paragraphs) {
			t.Errorf("%s: paragraphs %v, want %v", a.Doc.ID, chars, a.Annotation.Paragraphs)
		}
		for i, b := range bytes {
			if got, want := a.Doc.Text[b.Start:b.End], Slice(a.Doc.Text, chars[i].Start, chars[i].End); got != want {
				t.Errorf("%s: paragraph %d: bytes give %q, characters %q", a.Doc.ID, i, got, want)
			}
		}
	}
}

// TestWords checks that a query on the words field is cut as the documents were: a word
// of an essay that jieba cuts as one word when it stands alone finds that essay. (A word
// that jieba cuts otherwise alone, such as 撑着 → 撑/着, is the trap of FACTS.md that the
// exact field is for.)
func TestWords(t *testing.T) {
	ix, all := sampleIndex(t)
	seg := testAnalyzer(t).Segmenter()
	rng := rand.New(rand.NewSource(2))
	alone := 0
	for k := 0; k < 200; k++ {
		a := all[rng.Intn(len(all))]
		var words []model.Token
		for _, ws := range a.Tokens {
			words = append(words, ws...)
		}
		if len(words) == 0 {
			continue
		}
		w := words[rng.Intn(len(words))]
		if ts := queryWords(seg, w.Text); len(ts) != 1 || string(ts[0].Term) != strings.ToLower(w.Text) {
			continue
		}
		alone++
		q := bleve.NewMatchQuery(w.Text)
		q.SetField(FieldText)
		got := ids(t, ix, q)
		if i := sort.SearchStrings(got, a.Doc.ID); i == len(got) || got[i] != a.Doc.ID {
			t.Errorf("text:%q does not find %s", w.Text, a.Doc.ID)
		}
	}
	if alone < 100 {
		t.Errorf("only %d of 200 words drawn are cut alone as in their text", alone)
	}
}

// TestPassages checks that a marker's location (bytes) falls in the byte span, kept in
// FieldSpans, of the paragraph that holds it.
func TestPassages(t *testing.T) {
	ix, all := sampleIndex(t)
	checked := 0
	for _, a := range all {
		for _, m := range a.Annotation.Markers {
			if m.Negated || checked > 50 {
				continue
			}
			checked++
			term := strings.ToLower(m.Term)
			q := bleve.NewConjunctionQuery(bleve.NewDocIDQuery([]string{a.Doc.ID}), termQuery(FieldMarker, term))
			req := bleve.NewSearchRequest(q)
			req.IncludeLocations = true
			res, err := ix.Search(req)
			if err != nil || len(res.Hits) != 1 {
				t.Fatalf("%s marker %q: %v, %d hits", a.Doc.ID, m.Term, err, len(res.Hits))
			}
			h := res.Hits[0]
			_, bytes := docSpans(t, ix, h.IndexInternalID)
			want := a.Annotation.Sentences[m.Sentence].Paragraph
			found := false
			for _, l := range h.Locations[FieldMarker][term] {
				for i, b := range bytes {
					if int(l.Start) >= b.Start && int(l.End) <= b.End {
						if !strings.Contains(strings.ToLower(a.Doc.Text[b.Start:b.End]), term) {
							t.Errorf("%s: paragraph %d does not hold %q", a.Doc.ID, i, m.Term)
						}
						found = found || i == want
					}
				}
			}
			if !found {
				t.Errorf("%s: marker %q at %d: not located in paragraph %d", a.Doc.ID, m.Term, m.Start, want)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no marker in the sample corpus")
	}
}

// docSpans reads the paragraph spans of an essay from FieldSpans' doc values.
func docSpans(t *testing.T, ix *Index, id bindex.IndexInternalID) (chars, bytes []model.Span) {
	t.Helper()
	adv, err := ix.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	dvr, err := r.DocValueReader([]string{FieldSpans})
	if err != nil {
		t.Fatal(err)
	}
	var v string
	if err := dvr.VisitDocValues(id, func(_ string, term []byte) { v = string(term) }); err != nil {
		t.Fatal(err)
	}
	chars, bytes, err = ParseSpans(v)
	if err != nil {
		t.Fatal(err)
	}
	return chars, bytes
}

func termQuery(field, term string) query.Query {
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	return q
}

func TestFoldExact(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"han unchanged", "遥遥领先", "遥遥领先"},
		{"latin lower-cased", "OpenAI GPT-4", "openai gpt-4"},
		{"full-width folded", "ＯｐｅｎＡＩ１２３！", "openai123!"},
		{"traditional kept", "這個泡沫", "這個泡沫"},
		{"ideographic space kept", "a\u3000b", "a\u3000b"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := FoldExactString(tc.in)
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			if utf8.RuneCountInString(got) != utf8.RuneCountInString(tc.in) {
				t.Errorf("length changed: %d → %d characters", utf8.RuneCountInString(tc.in), utf8.RuneCountInString(got))
			}
		})
	}
}
