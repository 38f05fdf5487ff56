package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/huashu/huashu/pipeline/analyze"
	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/model"
	"github.com/huashu/huashu/pipeline/search"
	"github.com/huashu/huashu/pipeline/search/searchtest"
	"github.com/huashu/huashu/pipeline/stats"
)

// sample is the sample corpus (corpora/) indexed by pipeline/index, as cmd/index indexes
// it, and analysed a second time by pipeline/analyze, as annotate analyses it: the
// reference that the tables read from the index must equal.
var sample struct {
	once sync.Once
	tmp  string
	// dir is the index; jsonl annotate's output of the corpus, in ID order (the order in
	// which stats reads the index).
	dir, jsonl string
	// docs are annotate's annotations with the documents' jieba words, in ID order.
	docs []stats.Doc
	cb   *codebook.Codebook
	skip string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sample.tmp != "" {
		os.RemoveAll(sample.tmp)
	}
	os.Exit(code)
}

// sampleIndex builds the sample index and its reference once.
func sampleIndex(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("indexes the sample corpus")
	}
	sample.once.Do(func() { sample.skip, sample.err = buildSample() })
	if sample.skip != "" {
		t.Skip(sample.skip)
	}
	if sample.err != nil {
		t.Fatal(sample.err)
	}
}

func buildSample() (skip string, err error) {
	root, err := searchtest.ModuleRoot()
	if err != nil {
		return "", err
	}
	corpora := filepath.Join(root, "corpora")
	if _, err := os.Stat(corpora); err != nil {
		return "no sample corpus: " + err.Error(), nil
	}
	if sample.tmp, err = os.MkdirTemp("", "huashu-stats-test-"); err != nil {
		return "", err
	}
	sample.dir = filepath.Join(sample.tmp, "huashu.bleve")
	indexed, err := searchtest.Build(context.Background(), sample.dir, []string{corpora}, true, 0)
	if err != nil {
		return "", err
	}
	// annotate's side: the same documents analysed again, printed as annotate prints them.
	an, err := analyze.New(analyze.Options{})
	if err != nil {
		return "", err
	}
	defer an.Close()
	sample.cb = an.Codebook()
	sort.Slice(indexed, func(i, j int) bool { return indexed[i].Doc.ID < indexed[j].Doc.ID })
	var jsonl bytes.Buffer
	enc := json.NewEncoder(&jsonl)
	enc.SetEscapeHTML(false)
	for _, d := range indexed {
		r, err := an.Analyze(d.Doc)
		if err != nil {
			return "", err
		}
		if err := enc.Encode(r.Annotation); err != nil {
			return "", err
		}
		doc := stats.Doc{Ann: r.Annotation}
		for _, ws := range r.Tokens {
			for _, w := range ws {
				doc.Words = append(doc.Words, w.Text)
			}
		}
		sample.docs = append(sample.docs, doc)
	}
	sample.jsonl = filepath.Join(sample.tmp, "annotations.jsonl")
	return "", os.WriteFile(sample.jsonl, jsonl.Bytes(), 0o644)
}

// csvOf writes tab as the command writes it by default (CSV).
func csvOf(t *testing.T, tab *stats.Table) string {
	t.Helper()
	var b bytes.Buffer
	if err := stats.Write(&b, tab, stats.WriteOptions{Format: stats.CSV}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// firstDiff describes the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d of %d/%d:\n got %.300s\nwant %.300s", i+1, len(g), len(w), gl, wl)
		}
	}
	return "equal"
}

// TestIndexEqualsAnnotate checks that every table read from the index equals the table of
// annotate's output on the same corpus: the annotation-only tables against -annotations,
// keyness and collocates (which need the words annotate does not print) against
// pipeline/stats over the annotations and jieba's words.
func TestIndexEqualsAnnotate(t *testing.T) {
	sampleIndex(t)
	isWeibo := func(d stats.Doc) bool { return d.Ann.Source == "weibo" }
	var weibo, other []stats.Doc
	for _, d := range sample.docs {
		if isWeibo(d) {
			weibo = append(weibo, d)
		} else {
			other = append(other, d)
		}
	}
	if len(weibo) == 0 || len(other) == 0 {
		t.Fatalf("%d weibo posts and %d other documents: the corpus changed", len(weibo), len(other))
	}
	for _, c := range []struct {
		name string
		args []string
		// want computes the reference table; nil: the same flags over -annotations.
		want func() (*stats.Table, error)
	}{
		{"docs", []string{"-table", "docs"}, nil},
		{"groups", []string{"-table", "groups"}, nil},
		{"groups by source and month", []string{"-table", "groups", "-by", "source,month"}, nil},
		{"groups by author, long", []string{"-table", "groups", "-by", "author", "-long"}, nil},
		{"markers", []string{"-table", "markers"}, nil},
		{"cooccurrence", []string{"-table", "cooccurrence"}, nil},
		{"keyness", []string{"-compare", "source:weibo", "NOT source:weibo"}, func() (*stats.Table, error) {
			return stats.Keyness(weibo, other, stats.KeynessOptions{})
		}},
		{"keyness rayson min 3", []string{"-compare", "source:weibo", "NOT source:weibo", "-correction", "rayson", "-min", "3"}, func() (*stats.Table, error) {
			return stats.Keyness(weibo, other, stats.KeynessOptions{Correction: stats.Rayson, Min: 3})
		}},
		{"collocates", []string{"-table", "collocates", "-term", "泡沫"}, func() (*stats.Table, error) {
			return stats.Collocates(sample.docs, stats.CollocateOptions{Term: "泡沫", Window: 5})
		}},
		{"collocates of a Latin word", []string{"-table", "collocates", "-term", "ChatGPT", "-window", "3"}, func() (*stats.Table, error) {
			return stats.Collocates(sample.docs, stats.CollocateOptions{Term: "ChatGPT", Window: 3})
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, stderr, err := run(t, "", append([]string{"-index", sample.dir}, c.args...)...)
			if err != nil {
				t.Fatalf("%v\n%s", err, stderr)
			}
			var want string
			if c.want == nil {
				if want, stderr, err = run(t, "", append([]string{"-annotations", sample.jsonl}, c.args...)...); err != nil {
					t.Fatalf("%v\n%s", err, stderr)
				}
			} else {
				tab, err := c.want()
				if err != nil {
					t.Fatal(err)
				}
				want = csvOf(t, tab)
			}
			if strings.Count(got, "\n") < 2 {
				t.Fatalf("a table of no rows:\n%s", got)
			}
			if got != want {
				t.Errorf("the index's table differs from annotate's: %s", firstDiff(got, want))
			}
		})
	}
}

// docIDs returns the id column of a docs table in CSV.
func docIDs(t *testing.T, out string) []string {
	t.Helper()
	var ids []string
	for _, r := range records(t, out) {
		ids = append(ids, r["id"])
	}
	return ids
}

// TestQueryLimitsDocuments checks that -query keeps exactly the essays that search finds.
func TestQueryLimitsDocuments(t *testing.T) {
	sampleIndex(t)
	s, err := search.Open(sample.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, q := range []string{
		"frame:bubble",
		"stance.us_ai:against",
		`"遥遥领先"`,
		"泡沫",
		"frame:bubble OR frame:labor",
		"frame:bubble AND NOT source:weibo",
		"(rhetoric:* OR marker:算力) date:2024",
		"marker.neg:泡沫",
		"chars:>1000",
		"no-such-word-anywhere",
	} {
		t.Run(q, func(t *testing.T) {
			res, err := s.Search(context.Background(), q, search.Options{Size: 10000})
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, h := range res.Hits {
				want = append(want, h.ID)
			}
			sort.Strings(want)
			out, _, err := run(t, "", "-index", sample.dir, "-query", q, "-table", "docs")
			if err != nil {
				t.Fatal(err)
			}
			got := docIDs(t, out)
			if uint64(len(got)) != res.Total || !slices.Equal(got, want) {
				t.Errorf("%d essays, search finds %d: %v…, want %v…", len(got), res.Total, got[:min(len(got), 5)], want[:min(len(want), 5)])
			}
			// The groups table counts the same essays.
			out, _, err = run(t, "", "-index", sample.dir, "-query", q)
			if err != nil {
				t.Fatal(err)
			}
			g := records(t, out)
			switch {
			case len(want) == 0 && len(g) != 0:
				t.Errorf("groups: %v, want no row", g)
			case len(want) > 0 && (len(g) != 1 || g[0]["documents"] != strconv.Itoa(len(want))):
				t.Errorf("groups: %v, want one row of %d documents", g, len(want))
			}
		})
	}
	if testing.Verbose() {
		t.Logf("%d essays in the index", len(sample.docs))
	}
}

// TestKeynessCounts checks that the counts of keyness -compare add up to the words, markers
// and categories of the two queries' essays, as search finds them.
func TestKeynessCounts(t *testing.T) {
	sampleIndex(t)
	s, err := search.Open(sample.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	byID := map[string]stats.Doc{}
	for _, d := range sample.docs {
		byID[d.Ann.ID] = d
	}
	const qa, qb = `frame:bubble AND NOT "遥遥领先"`, "stance.us_ai:against OR source:weibo"
	var want [2]map[string]int // kind → count
	for i, q := range []string{qa, qb} {
		res, err := s.Search(context.Background(), q, search.Options{Size: 10000})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total < 5 {
			t.Fatalf("%s finds %d essays: the corpus changed", q, res.Total)
		}
		want[i] = map[string]int{}
		for _, h := range res.Hits {
			d := byID[h.ID]
			want[i][stats.KindWord] += len(d.Words)
			want[i][stats.KindMarker] += len(d.Ann.Markers)
			for _, m := range d.Ann.Markers {
				want[i][stats.KindCategory] += len(m.Categories)
			}
		}
	}
	out, _, err := run(t, "", "-index", sample.dir, "-compare", qa, qb)
	if err != nil {
		t.Fatal(err)
	}
	var got [2]map[string]int
	got[0], got[1] = map[string]int{}, map[string]int{}
	for _, r := range records(t, out) {
		for i, col := range []string{"n_target", "n_reference"} {
			n, err := strconv.Atoi(r[col])
			if err != nil {
				t.Fatalf("%s %q: %v", col, r[col], err)
			}
			got[i][r["kind"]] += n
		}
	}
	for i, side := range []string{"target", "reference"} {
		for _, k := range []string{stats.KindWord, stats.KindMarker, stats.KindCategory} {
			if got[i][k] != want[i][k] || want[i][k] == 0 {
				t.Errorf("%s %ss: the table counts %d, the essays hold %d", side, k, got[i][k], want[i][k])
			}
		}
	}
}

func TestIndexErrors(t *testing.T) {
	t.Run("no index", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "huashu.bleve")
		_, _, err := run(t, "", "-index", dir)
		if !errors.Is(err, search.ErrNoIndex) || exitCode(err, io.Discard) != 1 {
			t.Fatalf("err = %v (exit %d), want no index, exit 1", err, exitCode(err, io.Discard))
		}
		if want := "no index at " + dir + ": run `go run ./cmd/index` first"; err.Error() != want {
			t.Errorf("message %q, want %q", err, want)
		}
	})
	sampleIndex(t)
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown frame", []string{"-query", "frame:bubbel"}, `query:1:7: unknown frame "bubbel"`},
		{"unbalanced", []string{"-query", "泡沫 AND (frame:bubble"}, "query:1:"},
		{"query B", []string{"-compare", "frame:bubble", "source:weibo OR stance.us_ai:maybe"}, "query B:1:"},
		{"query A", []string{"-compare", "nofield:x", "source:weibo"}, "query A:1:1:"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := run(t, "", append([]string{"-index", sample.dir}, c.args...)...)
			var qe *search.Error
			if !errors.As(err, &qe) || exitCode(err, io.Discard) != 2 {
				t.Fatalf("err = %v (exit %d), want a query error, exit 2", err, exitCode(err, io.Discard))
			}
			if !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("message %q, want it to start with %q", err, c.want)
			}
		})
	}
	t.Run("compare finds nothing", func(t *testing.T) {
		_, _, err := run(t, "", "-index", sample.dir, "-compare", "frame:bubble", "no-such-word-anywhere")
		if err == nil || !strings.Contains(err.Error(), "query B") || exitCode(err, io.Discard) != 1 {
			t.Errorf("err = %v, want query B finds no essay, exit 1", err)
		}
	})
}

// TestStoredAnnotation checks that what the index stores decodes to annotate's annotation.
func TestStoredAnnotation(t *testing.T) {
	sampleIndex(t)
	ix, err := openIndex(sample.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	plan, err := compileQuery(ix, search.NewSchema(ix))
	if err != nil {
		t.Fatal(err)
	}
	docs, err := indexDocs(context.Background(), ix, plan)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != len(sample.docs) {
		t.Fatalf("%d essays in the index, annotate printed %d", len(docs), len(sample.docs))
	}
	for i, d := range docs {
		w := sample.docs[i]
		if !annotationsEqual(d.Ann, w.Ann) {
			t.Errorf("%s: the stored annotation differs from annotate's", d.Ann.ID)
		}
		if len(d.Words) != len(w.Words) || len(d.Words) != d.Ann.Tokens {
			t.Errorf("%s: %d words stored, annotate has %d (tokens %d)", d.Ann.ID, len(d.Words), len(w.Words), d.Ann.Tokens)
			continue
		}
		for j := range d.Words {
			if d.Words[j] != strings.ToLower(w.Words[j]) {
				t.Errorf("%s: word %d is %q, want %q", d.Ann.ID, j, d.Words[j], w.Words[j])
				break
			}
		}
	}
}

func annotationsEqual(a, b *model.Annotation) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}
