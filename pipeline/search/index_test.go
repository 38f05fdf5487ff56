package search

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/huashu/huashu/pipeline/index"
	"github.com/huashu/huashu/pipeline/model"
	"github.com/huashu/huashu/pipeline/search/searchtest"
)

// sample is the index of the sample corpus (corpora/) that the tests of this package share,
// built once by TestMain in a temporary folder.
var sample struct {
	dir  string
	s    *Searcher
	docs []*oracleDoc // in ingest order
	byID map[string]*oracleDoc
	err  error // why there is no index
}

func TestMain(m *testing.M) {
	code := func() int {
		dir, err := os.MkdirTemp("", "huashu-search-test-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		sample.err = buildSample(filepath.Join(dir, "index"))
		if sample.s != nil {
			defer sample.s.Close()
		}
		return m.Run()
	}()
	os.Exit(code)
}

func buildSample(dir string) error {
	root, err := searchtest.ModuleRoot()
	if err != nil {
		return err
	}
	corpora := filepath.Join(root, "corpora")
	if _, err := os.Stat(corpora); err != nil {
		return err
	}
	docs, err := searchtest.Build(context.Background(), dir, []string{corpora}, true, 0)
	if err != nil {
		return err
	}
	sample.byID = map[string]*oracleDoc{}
	for _, d := range docs {
		od := newOracleDoc(d.Doc, d.Annotation)
		sample.docs = append(sample.docs, od)
		sample.byID[d.Doc.ID] = od
	}
	sample.dir = dir
	sample.s, err = Open(dir)
	return err
}

// sampleSearcher returns the searcher over the sample index, or skips the test.
func sampleSearcher(t testing.TB) *Searcher {
	t.Helper()
	if sample.err != nil {
		if errors.Is(sample.err, os.ErrNotExist) {
			t.Skipf("no sample corpus: %v", sample.err)
		}
		t.Fatalf("building the sample index: %v", sample.err)
	}
	return sample.s
}

// ids runs q and returns the IDs of every hit, sorted.
func ids(t testing.TB, s *Searcher, q string, passages bool) []string {
	t.Helper()
	r, err := s.Search(context.Background(), q, Options{Passages: passages, Size: 100000})
	if err != nil {
		t.Fatalf("Search(%q): %v", q, err)
	}
	if int(r.Total) != len(r.Hits) {
		t.Fatalf("Search(%q): total %d, %d hits", q, r.Total, len(r.Hits))
	}
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.ID)
	}
	sort.Strings(out)
	return out
}

// oracleIDs evaluates q on the sample's annotations; ok is false when the oracle cannot
// decide it (a bare word).
func oracleIDs(t testing.TB, q string) (out []string, ok bool) {
	t.Helper()
	n, err := Parse(q)
	if err != nil {
		t.Fatalf("Parse(%q): %v", q, err)
	}
	defer func() {
		if r := recover(); r != nil {
			if _, unknown := r.(oracleUnknown); !unknown {
				panic(r)
			}
			out, ok = nil, false
		}
	}()
	cb := sample.s.Schema().Codebook
	for _, d := range sample.docs {
		if d.eval(cb, n) {
			out = append(out, d.doc.ID)
		}
	}
	sort.Strings(out)
	return out, true
}

func diff(got, want []string) string {
	g, w := map[string]bool{}, map[string]bool{}
	for _, x := range got {
		g[x] = true
	}
	for _, x := range want {
		w[x] = true
	}
	var extra, missing []string
	for _, x := range got {
		if !w[x] {
			extra = append(extra, x)
		}
	}
	for _, x := range want {
		if !g[x] {
			missing = append(missing, x)
		}
	}
	return fmt.Sprintf("%d extra %v, %d missing %v", len(extra), extra, len(missing), missing)
}

// TestPhraseTotals checks that a phrase finds exactly the essays whose text holds it: the
// codebook's terms and 300 random substrings of 1 to 8 characters of the sample texts.
func TestPhraseTotals(t *testing.T) {
	s := sampleSearcher(t)
	phrases := map[string]bool{"遥遥领先": true, "“遥遥领先”": true, "Sora": true, "ＡＩ": true, "GPT-4": true, "泡": true}
	for _, c := range s.Schema().Codebook.Categories() {
		for _, term := range c.Terms {
			if !strings.Contains(term, "*") {
				phrases[term] = true
			}
		}
	}
	rng := rand.New(rand.NewSource(5))
	for len(phrases) < 600 {
		d := sample.docs[rng.Intn(len(sample.docs))]
		rs := []rune(d.doc.Text)
		l := 1 + rng.Intn(8)
		if len(rs) <= l {
			continue
		}
		at := rng.Intn(len(rs) - l)
		p := string(rs[at : at+l])
		if strings.IndexFunc(p, unicode.IsSpace) < 0 {
			phrases[p] = true
		}
	}
	checked := 0
	for p := range phrases {
		folded := index.FoldExactString(p)
		var want []string
		for _, d := range sample.docs {
			if strings.Contains(index.FoldExactString(d.doc.Text), folded) {
				want = append(want, d.doc.ID)
			}
		}
		sort.Strings(want)
		got := ids(t, s, quote(p), false)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: %d essays, want %d: %s", quote(p), len(got), len(want), diff(got, want))
		}
		checked++
	}
	t.Logf("%d phrases checked", checked)
}

// TestKWICPhrase checks that the KWIC lines of a phrase are its occurrences, each showing the
// phrase at offsets that point at it in the text.
func TestKWICPhrase(t *testing.T) {
	s := sampleSearcher(t)
	for _, p := range []string{"遥遥领先", "泡沫", "sora"} {
		t.Run(p, func(t *testing.T) {
			r, err := s.Search(context.Background(), quote(p), Options{Size: 1000, Context: 10})
			if err != nil {
				t.Fatal(err)
			}
			lines := 0
			for _, h := range r.Hits {
				d := sample.byID[h.ID]
				rs := []rune(d.doc.Text)
				want := strings.Count(index.FoldExactString(d.doc.Text), index.FoldExactString(p))
				if len(h.KWIC) != want {
					t.Errorf("%s: %d KWIC lines, want %d occurrences", h.ID, len(h.KWIC), want)
				}
				for _, l := range h.KWIC {
					if got := string(rs[l.Start:l.End]); index.FoldExactString(got) != index.FoldExactString(p) || l.Keyword != got {
						t.Errorf("%s: line at %d-%d shows %q, text has %q", h.ID, l.Start, l.End, l.Keyword, got)
					}
				}
				lines += len(h.KWIC)
			}
			if lines == 0 {
				t.Errorf("no KWIC line for %q", p)
			}
		})
	}
}

// TestKWICWords checks that a word query shows the word where jieba cut it.
func TestKWICWords(t *testing.T) {
	s := sampleSearcher(t)
	r, err := s.Search(context.Background(), "泡沫", Options{Size: 5, Context: 8})
	if err != nil {
		t.Fatal(err)
	}
	if r.Total == 0 {
		t.Fatal("no essay has the word 泡沫")
	}
	for _, h := range r.Hits {
		if len(h.KWIC) == 0 {
			t.Errorf("%s: no KWIC line", h.ID)
		}
		for _, l := range h.KWIC {
			if l.Keyword != "泡沫" {
				t.Errorf("%s: keyword %q at %d-%d, want 泡沫", h.ID, l.Keyword, l.Start, l.End)
			}
		}
	}
}

// annotationQueries returns queries on annotation and metadata fields that the oracle can
// decide, covering every frame, rhetoric category, target and label, the markers that occur
// in the sample, dates and combinations.
func annotationQueries(s *Searcher) []string {
	cb := s.Schema().Codebook
	var qs []string
	for _, c := range cb.Frames {
		qs = append(qs, "frame:"+c.ID, "frame.neg:"+c.ID, "frame.any:"+c.ID, "frame."+c.ID+":>1", "frame."+c.ID+":<=0.5")
	}
	for _, c := range cb.Rhetoric {
		qs = append(qs, "rhetoric:"+c.ID, "rhetoric.neg:"+c.ID, "rhetoric.any:"+c.ID)
	}
	for _, t := range cb.Targets {
		for _, l := range []string{"favor", "against", "none"} {
			qs = append(qs, "stance."+t.ID+":"+l)
		}
		qs = append(qs, "stance."+t.ID+":>0.2", "stance."+t.ID+":<=-0.2")
	}
	terms := map[string]bool{}
	for _, d := range sample.docs {
		for _, m := range d.ann.Markers {
			terms[m.Term] = true
		}
	}
	var sorted []string
	for t := range terms {
		sorted = append(sorted, t)
	}
	sort.Strings(sorted)
	for i, t := range sorted {
		if i%3 == 0 && !strings.ContainsAny(t, " \"\\") {
			qs = append(qs, "marker:"+quote(t), "marker.neg:"+quote(t), "marker.any:"+quote(t))
		}
	}
	qs = append(qs,
		"frame:bubble -frame.neg:bubble", "frame.neg:bubble -frame:bubble",
		"frame:(bubble OR compute) NOT rhetoric:hype", "category:slang", "frame:c*",
		`date:2024`, `date:2024-02`, `date:>="2024-02-01"`, `date:<2024-01`, `date:>2025-06 OR date:<=2023-05`,
		`"泡沫" -marker:泡沫`, `"遥遥领先" OR "断层式领先"`, `NOT "的"`, "chars:>2000", "tokens:<100",
		`source:weibo`, `source:weibo frame:labor`, `(frame:bubble OR frame:labor) (stance.us_ai:against OR stance.china_ai:favor)`,
	)
	return qs
}

// TestAnnotationFilters checks that the annotation fields answer what annotate says of the
// same documents: the same essays, one for one.
func TestAnnotationFilters(t *testing.T) {
	s := sampleSearcher(t)
	nonEmpty := 0
	for _, q := range annotationQueries(s) {
		t.Run(q, func(t *testing.T) {
			want, ok := oracleIDs(t, q)
			if !ok {
				t.Fatalf("the oracle cannot decide %q", q)
			}
			got := ids(t, s, q, false)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s: %d essays, annotate says %d: %s", q, len(got), len(want), diff(got, want))
			}
			if len(want) > 0 {
				nonEmpty++
			}
		})
	}
	if nonEmpty < 40 {
		t.Errorf("only %d annotation queries match something: the test checks too little", nonEmpty)
	}
}

// TestShippedQueries runs every saved query of queries/ on the sample: each must find
// something, and where the oracle can decide the query, exactly what annotate says.
func TestShippedQueries(t *testing.T) {
	s := sampleSearcher(t)
	root, _ := searchtest.ModuleRoot()
	saved, err := LoadSaved(filepath.Join(root, "queries"))
	if err != nil {
		t.Fatal(err)
	}
	for _, sq := range saved {
		t.Run(sq.Name, func(t *testing.T) {
			got := ids(t, s, sq.Query, false)
			if len(got) == 0 {
				t.Errorf("%s finds nothing in the sample corpus", sq.Query)
			}
			if want, ok := oracleIDs(t, sq.Query); ok && strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s: %d essays, annotate says %d: %s", sq.Query, len(got), len(want), diff(got, want))
			}
			if _, err := s.Search(context.Background(), sq.Query, Options{Facets: sq.Facets}); err != nil {
				t.Errorf("facets %v: %v", sq.Facets, err)
			}
			if _, err := s.Search(context.Background(), sq.Query, Options{Passages: true, Size: 10, Context: 10}); err != nil {
				t.Errorf("passages: %v", err)
			}
		})
	}
	m, err := s.RunSaved(context.Background(), saved, "source", false)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range m.Rows {
		sum := r.Missing
		for _, c := range r.Counts {
			sum += c
		}
		if uint64(sum) != r.Total {
			t.Errorf("matrix row %s: groups add up to %d, total %d", r.Name, sum, r.Total)
		}
	}
}

// TestFacetsAddUp checks facet counts against the totals and against annotate.
func TestFacetsAddUp(t *testing.T) {
	s := sampleSearcher(t)
	for _, q := range []string{"*", `"泡沫"`, "frame:bubble", "NOT frame:labor"} {
		t.Run(q, func(t *testing.T) {
			r, err := s.Search(context.Background(), q, Options{
				Facets:    []string{"source", "year", "month", "frame", "rhetoric", "stance.us_ai", "marker"},
				FacetSize: 1000,
			})
			if err != nil {
				t.Fatal(err)
			}
			want, _ := oracleIDs(t, q)
			if int(r.Total) != len(want) {
				t.Fatalf("total %d, annotate says %d", r.Total, len(want))
			}
			sum := func(f *Facet) int {
				n := 0
				for _, v := range f.Values {
					n += v.Count
				}
				return n
			}
			// Single-valued facets: every document counts once, in a value or as missing.
			for _, name := range []string{"source", "stance.us_ai"} {
				f := r.Facets.Get(name)
				if got := sum(f) + f.Missing + f.Other; got != int(r.Total) {
					t.Errorf("facet %s adds up to %d (missing %d), total %d", name, got, f.Missing, r.Total)
				}
			}
			dated := 0
			for _, id := range want {
				if _, _, err := ParsePeriod(sample.byID[id].doc.Date); err == nil && sample.byID[id].doc.Date != "" {
					dated++
				}
			}
			if y, m := sum(r.Facets.Get("year")), sum(r.Facets.Get("month")); y != dated || m != dated {
				t.Errorf("years add up to %d, months to %d, want %d dated documents", y, m, dated)
			}
			// Multi-valued facets: each value counts the documents that have it.
			for _, name := range []string{"frame", "rhetoric"} {
				for _, v := range r.Facets.Get(name).Values {
					docs, _ := oracleIDs(t, fmt.Sprintf("(%s) %s:%s", orAll(q), name, v.Value))
					if len(docs) != v.Count {
						t.Errorf("facet %s %s: %d, annotate says %d", name, v.Value, v.Count, len(docs))
					}
				}
			}
			for _, v := range r.Facets.Get("month").Values {
				docs, _ := oracleIDs(t, fmt.Sprintf("(%s) date:%s", orAll(q), v.Value))
				if len(docs) != v.Count {
					t.Errorf("facet month %s: %d, annotate says %d", v.Value, v.Count, len(docs))
				}
			}
		})
	}
}

func orAll(q string) string {
	if q == "*" {
		return "*"
	}
	return q
}

// TestSearchErrors checks that mistakes come back as positioned errors.
func TestSearchErrors(t *testing.T) {
	s := sampleSearcher(t)
	tests := []struct{ query, want string }{
		{"frame:bubble (泡沫 OR 炒作", "query:1:14: unbalanced parenthesis: '(' without ')'"},
		{`"遥遥领先`, "query:1:1: unterminated quote"},
		{"frame:bubbel", `query:1:7: unknown frame "bubbel"`},
		{"泡沫 AND", "query:1:4: AND needs a query after it"},
		{"stance.us_ai:maybe", "query:1:14: stance.us_ai: wants favor, against or none"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			_, err := s.Search(context.Background(), tt.query, Options{})
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Search(%q) = %v, want a *search.Error", tt.query, err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("Search(%q) error %q, want %q…", tt.query, err, tt.want)
			}
		})
	}
}

// passageOracle returns the passages (ID, text) of the sample whose paragraph satisfies
// keep.
func passageOracle(keep func(d *oracleDoc, para int, text string) bool) []string {
	var out []string
	for _, d := range sample.docs {
		rs := []rune(d.doc.Text)
		for i, p := range d.ann.Paragraphs {
			if keep(d, i, string(rs[p.Start:p.End])) {
				out = append(out, PassageID(d.doc.ID, i))
			}
		}
	}
	sort.Strings(out)
	return out
}

// TestPassages checks passage queries against the paragraphs of annotate's output.
func TestPassages(t *testing.T) {
	s := sampleSearcher(t)
	has := func(text, p string) bool {
		return strings.Contains(index.FoldExactString(text), index.FoldExactString(p))
	}
	marker := func(d *oracleDoc, para int, ok func(negated bool, cats []string) bool) bool {
		for _, m := range d.ann.Markers {
			if d.ann.Sentences[m.Sentence].Paragraph == para && ok(m.Negated, m.Categories) {
				return true
			}
		}
		return false
	}
	inCats := func(cats []string, id string) bool {
		for _, c := range cats {
			if c == id {
				return true
			}
		}
		return false
	}
	tests := []struct {
		query string
		keep  func(d *oracleDoc, para int, text string) bool
	}{
		{`"遥遥领先"`, func(d *oracleDoc, _ int, text string) bool { return has(text, "遥遥领先") }},
		{`"泡沫" "华尔街"`, func(d *oracleDoc, _ int, text string) bool { return has(text, "泡沫") && has(text, "华尔街") }},
		{`"泡沫" -"股市"`, func(d *oracleDoc, _ int, text string) bool { return has(text, "泡沫") && !has(text, "股市") }},
		{`frame:bubble`, func(d *oracleDoc, para int, _ string) bool {
			return marker(d, para, func(neg bool, cats []string) bool { return !neg && inCats(cats, "bubble") })
		}},
		{`frame.neg:bubble frame:epochal`, func(d *oracleDoc, para int, _ string) bool {
			return marker(d, para, func(neg bool, cats []string) bool { return neg && inCats(cats, "bubble") }) &&
				marker(d, para, func(neg bool, cats []string) bool { return !neg && inCats(cats, "epochal") })
		}},
		{`frame:labor stance.us_ai:against`, func(d *oracleDoc, para int, _ string) bool {
			return d.ann.Stance["us_ai"].Label == "against" &&
				marker(d, para, func(neg bool, cats []string) bool { return !neg && inCats(cats, "labor") })
		}},
		{`"遥遥领先" source:weibo`, func(d *oracleDoc, _ int, text string) bool {
			return has(text, "遥遥领先") && d.doc.Source == "weibo"
		}},
		// Conditions on the essay under a NOT and in an OR.
		{`"泡沫" NOT source:weibo`, func(d *oracleDoc, _ int, text string) bool {
			return has(text, "泡沫") && d.doc.Source != "weibo"
		}},
		{`"遥遥领先" (source:weibo OR stance.china_ai:favor)`, func(d *oracleDoc, _ int, text string) bool {
			return has(text, "遥遥领先") && (d.doc.Source == "weibo" || d.ann.Stance["china_ai"].Label == "favor")
		}},
		// Folded phrases (case, full width), an OR of phrases and a phrase beside a word.
		{`"openai" ("泡沫" OR "ｓｏｒａ")`, func(d *oracleDoc, _ int, text string) bool {
			return has(text, "openai") && (has(text, "泡沫") || has(text, "sora"))
		}},
		{`"“遥遥领先”" NOT frame:bubble`, func(d *oracleDoc, para int, text string) bool {
			return has(text, "“遥遥领先”") && !marker(d, para, func(neg bool, cats []string) bool { return !neg && inCats(cats, "bubble") })
		}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			want := passageOracle(tt.keep)
			got := ids(t, s, tt.query, true)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s: %d passages, want %d: %s", tt.query, len(got), len(want), diff(got, want))
			}
			if len(want) == 0 {
				t.Errorf("%s: no passage in the sample: the case checks nothing", tt.query)
			}
		})
	}
	r, err := s.Search(context.Background(), `"遥遥领先"`, Options{Passages: true, Size: 3, Context: 5})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range r.Hits {
		if h.Essay == "" || len(h.KWIC) == 0 {
			t.Errorf("passage %s: essay %q, %d KWIC lines", h.ID, h.Essay, len(h.KWIC))
		}
		text := []rune(sample.byID[h.Essay].doc.Text)
		for _, l := range h.KWIC {
			if string(text[l.Start:l.End]) != "遥遥领先" {
				t.Errorf("passage %s: line at %d-%d is %q in the essay", h.ID, l.Start, l.End, string(text[l.Start:l.End]))
			}
		}
	}
}

// TestSortDate checks that -sort date orders hits by date.
func TestSortDate(t *testing.T) {
	s := sampleSearcher(t)
	for _, order := range []string{SortDate, SortDateDesc} {
		r, err := s.Search(context.Background(), "frame:bubble", Options{Size: 1000, Sort: order})
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i < len(r.Hits); i++ {
			a, b := r.Hits[i-1].Date, r.Hits[i].Date
			if order == SortDateDesc {
				a, b = b, a
			}
			if a > b && b != "" {
				t.Errorf("-sort %s: %s (%s) before %s (%s)", order, r.Hits[i-1].ID, r.Hits[i-1].Date, r.Hits[i].ID, r.Hits[i].Date)
			}
		}
	}
}

// TestSortNumber checks that -sort by a number of the essay orders hits by it, for essays
// and for passages, and that an unknown number is refused.
func TestSortNumber(t *testing.T) {
	s := sampleSearcher(t)
	value := map[string]func(h *Hit) float64{
		"-frame.bubble":  func(h *Hit) float64 { return h.Frames["bubble"] },
		"frame.labor":    func(h *Hit) float64 { return h.Frames["labor"] },
		"-frame.compute": func(h *Hit) float64 { return h.Frames["compute"] },
	}
	for order, v := range value {
		for _, passages := range []bool{false, true} {
			r, err := s.Search(context.Background(), "泡沫 OR 遥遥领先", Options{Size: 1000, Sort: order, Passages: passages})
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Hits) < 20 {
				t.Fatalf("-sort %s: %d hits, want more to compare", order, len(r.Hits))
			}
			distinct := map[float64]bool{}
			for i, h := range r.Hits {
				distinct[v(h)] = true
				if i == 0 {
					continue
				}
				a, b := v(r.Hits[i-1]), v(h)
				if strings.HasPrefix(order, "-") {
					a, b = b, a
				}
				if a > b {
					t.Fatalf("-sort %s (passages %v): hit %d %s (%v) after %s (%v)", order, passages, i, h.ID, v(h), r.Hits[i-1].ID, v(r.Hits[i-1]))
				}
			}
			if len(distinct) < 5 {
				t.Fatalf("-sort %s: %d distinct values among the hits: want more to compare", order, len(distinct))
			}
		}
	}
	for _, bad := range []string{"title", "frame.colour", "-stance.eu_ai", "-"} {
		if _, err := s.Search(context.Background(), "泡沫", Options{Size: 1, Sort: bad}); err == nil {
			t.Errorf("-sort %s: no error", bad)
		}
	}
}

// TestKWICMarkers checks that the KWIC lines of a marker or category query are exactly the
// markers annotate reports, asserted or negated as asked, at the same offsets.
func TestKWICMarkers(t *testing.T) {
	s := sampleSearcher(t)
	tests := []struct {
		query string
		want  func(m model.Marker) bool
	}{
		{"marker.neg:泡沫", func(m model.Marker) bool { return m.Negated && m.Term == "泡沫" }},
		{"marker:泡沫", func(m model.Marker) bool { return !m.Negated && m.Term == "泡沫" }},
		{"frame:bubble", func(m model.Marker) bool { return !m.Negated && slices.Contains(m.Categories, "bubble") }},
		{"rhetoric.any:triumphalism", func(m model.Marker) bool { return slices.Contains(m.Categories, "triumphalism") }},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r, err := s.Search(context.Background(), tt.query, Options{Size: 1000, Context: 5})
			if err != nil {
				t.Fatal(err)
			}
			lines := 0
			for _, h := range r.Hits {
				var want []string
				for _, m := range sample.byID[h.ID].ann.Markers {
					if tt.want(m) {
						want = append(want, fmt.Sprintf("%d-%d", m.Start, m.End))
					}
				}
				var got []string
				for _, l := range h.KWIC {
					got = append(got, fmt.Sprintf("%d-%d", l.Start, l.End))
				}
				if strings.Join(got, " ") != strings.Join(want, " ") {
					t.Errorf("%s: KWIC at %v, markers at %v", h.ID, got, want)
				}
				lines += len(got)
			}
			if lines == 0 {
				t.Error("no KWIC line: the case checks nothing")
			}
		})
	}
}

// TestStanceEvidence checks the sentences a hit of a stance clause shows: for each target of
// the query, the essay's evidence sentences of annotate's output (at most maxEvidence), as
// they stand in the text, or its title when the title alone decided; none for a query
// without a stance clause, nor for passages.
func TestStanceEvidence(t *testing.T) {
	s := sampleSearcher(t)
	ctx := context.Background()
	res, err := s.Search(ctx, "stance.china_ai:favor OR stance.us_ai:against", Options{Size: 1000, Context: 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) < 5 {
		t.Fatalf("%d hits, want at least 5 to check", len(res.Hits))
	}
	shown, titles := 0, 0
	for _, h := range res.Hits {
		d := sample.byID[h.ID]
		for _, target := range []string{"china_ai", "us_ai"} {
			var want []string
			for _, i := range d.ann.Stance[target].Evidence {
				if len(want) == maxEvidence {
					break
				}
				sp := d.ann.Sentences[i]
				want = append(want, strings.Join(strings.Fields(string([]rune(d.doc.Text)[sp.Start:sp.End])), " "))
			}
			if st := d.ann.Stance[target]; len(want) == 0 && st.Label != model.None {
				want = []string{d.doc.Title} // the title decided
				titles++
			}
			got := h.Evidence[target]
			if len(got) != len(want) {
				t.Errorf("%s %s: %d evidence sentences, want %d (%q)", h.ID, target, len(got), len(want), want)
				continue
			}
			for i := range got {
				shown++
				// Markdown markup is left out of what is shown: compare without it.
				if strip(got[i]) != strip(want[i]) {
					t.Errorf("%s %s evidence %d:\n got %q\nwant %q", h.ID, target, i, got[i], want[i])
				}
			}
		}
	}
	if shown == 0 || titles == 0 {
		t.Errorf("%d evidence sentences shown, %d titles standing as evidence: want some of both", shown, titles)
	}
	for _, q := range []string{"frame:bubble", "泡沫"} {
		res, err := s.Search(ctx, q, Options{Size: 5, Context: 20})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			if h.Evidence != nil {
				t.Errorf("%q: hit %s shows stance evidence %v", q, h.ID, h.Evidence)
			}
		}
	}
	pres, err := s.Search(ctx, "stance.china_ai:favor", Options{Size: 5, Context: 20, Passages: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range pres.Hits {
		if h.Evidence != nil {
			t.Errorf("passage %s shows stance evidence", h.ID)
		}
	}
}

// strip leaves out white space and the characters of Markdown markup.
func strip(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || strings.ContainsRune("*_#[]()>`|", r) {
			return -1
		}
		return r
	}, s)
}
