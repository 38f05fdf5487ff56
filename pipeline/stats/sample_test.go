package stats

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/huashu/huashu/pipeline/analyze"
	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/diag"
	"github.com/huashu/huashu/pipeline/ingest"
	"github.com/huashu/huashu/pipeline/model"
)

// sample holds the sample corpus (corpora/) analysed once by the real pipeline, as annotate
// analyses it: the annotations are annotate's output, the words its jieba words.
var sample struct {
	once sync.Once
	cb   *codebook.Codebook
	docs []Doc
	err  error
	skip string
	// bytes is the UTF-8 size of the documents' original text.
	bytes int64
}

func sampleDocs(t testing.TB) (*codebook.Codebook, []Doc) {
	t.Helper()
	if testing.Short() {
		t.Skip("analyses the sample corpus")
	}
	t.Helper()
	sample.once.Do(func() {
		root := filepath.Join("..", "..", "corpora")
		if _, err := os.Stat(root); err != nil {
			sample.skip = "no sample corpus: " + err.Error()
			return
		}
		an, err := analyze.New(analyze.Options{})
		if err != nil {
			sample.skip = "cannot build the analyzer (jieba dictionaries?): " + err.Error()
			return
		}
		defer an.Close()
		sample.cb = an.Codebook()
		var docs []*model.Document
		sample.err = ingest.Walk(context.Background(), []string{root}, ingest.Options{}, diag.NewLog(nil, 0), func(d *model.Document) error {
			docs = append(docs, d)
			return nil
		})
		for _, d := range docs {
			res, err := an.Analyze(d)
			if err != nil {
				sample.err = err
				return
			}
			sample.bytes += int64(len(d.Text))
			doc := Doc{Ann: res.Annotation}
			for _, toks := range res.Tokens {
				for _, tok := range toks {
					doc.Words = append(doc.Words, tok.Text)
				}
			}
			sample.docs = append(sample.docs, doc)
		}
	})
	if sample.skip != "" {
		t.Skip(sample.skip)
	}
	if sample.err != nil {
		t.Fatal(sample.err)
	}
	if len(sample.docs) < 100 {
		t.Fatalf("%d documents in the sample corpus, want the essays, posts and forum rows", len(sample.docs))
	}
	return sample.cb, sample.docs
}

// TestSampleTotals checks every table on the sample corpus against sums taken directly from
// annotate's output (the annotations' Frames, Chars, Tokens, Markers, Sentences, Stance).
func TestSampleTotals(t *testing.T) {
	cb, docs := sampleDocs(t)
	var chars, tokens, markers, sentences int
	frameHits := map[string]int{}
	frameDocs := map[string]int{}
	frameSents := map[string]int{}
	stance := map[string]map[string]int{}
	for _, d := range docs {
		a := d.Ann
		chars += a.Chars
		tokens += a.Tokens
		markers += len(a.Markers)
		sentences += len(a.Sentences)
		for f, fs := range a.Frames {
			frameHits[f] += fs.Hits
			if fs.Hits > 0 {
				frameDocs[f]++
			}
		}
		for _, s := range a.Sentences {
			for _, f := range s.Frames {
				frameSents[f]++
			}
		}
		for tg, s := range a.Stance {
			if stance[tg] == nil {
				stance[tg] = map[string]int{}
			}
			stance[tg][s.Label]++
		}
		if len(d.Words) != a.Tokens {
			t.Fatalf("%s: %d words, Tokens %d", a.ID, len(d.Words), a.Tokens)
		}
	}
	if markers == 0 || frameHits["bubble"] == 0 {
		t.Fatalf("the sample corpus has %d markers, %d bubble hits: the analysis found nothing", markers, frameHits["bubble"])
	}
	t.Logf("%d documents, %d characters, %d words, %d markers, %d sentences", len(docs), chars, tokens, markers, sentences)

	t.Run("docs", func(t *testing.T) {
		tab := Docs(cb, docs)
		if len(tab.Rows) != len(docs) {
			t.Fatalf("%d rows for %d documents", len(tab.Rows), len(docs))
		}
		for r, d := range docs {
			for _, f := range cb.FrameIDs() {
				fs := d.Ann.Frames[f]
				if got := int(tab.Float(r, f+"_hits")); got != fs.Hits {
					t.Fatalf("%s %s_hits = %d, annotate says %d", d.Ann.ID, f, got, fs.Hits)
				}
				// annotate rounds per_1k_chars to 3 decimals.
				if got := tab.Float(r, f+"_per_1k"); math.Abs(got-fs.Per1K) > 0.0005+1e-12 {
					t.Fatalf("%s %s_per_1k = %v, annotate says %v", d.Ann.ID, f, got, fs.Per1K)
				}
			}
		}
	})
	t.Run("groups", func(t *testing.T) {
		all, err := Groups(cb, docs, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{"documents": len(docs), "chars": chars, "tokens": tokens, "markers": markers}
		for _, f := range cb.FrameIDs() {
			want[f+"_hits"] = frameHits[f]
			want[f+"_docs"] = frameDocs[f]
		}
		for _, tg := range cb.TargetIDs() {
			for _, l := range []string{model.Favor, model.Against, model.None} {
				want[tg+"_"+l] = stance[tg][l]
			}
		}
		for col, n := range want {
			if got := int(all.Float(0, col)); got != n {
				t.Errorf("all %s = %d, annotate's sum %d", col, got, n)
			}
		}
		// Grouped by source and by month, the rows add up to the whole.
		for _, by := range [][]string{{"source"}, {"month"}, {"source", "year"}} {
			g, err := Groups(cb, docs, by)
			if err != nil {
				t.Fatal(err)
			}
			for col, n := range want {
				sum := 0
				for r := range g.Rows {
					sum += int(g.Float(r, col))
				}
				if sum != n {
					t.Errorf("by %v: rows' %s add up to %d, want %d", by, col, sum, n)
				}
			}
		}
	})
	t.Run("markers", func(t *testing.T) {
		tab := Markers(cb, docs)
		sum := 0
		for r := range tab.Rows {
			sum += int(tab.Float(r, "count"))
		}
		if sum != markers {
			t.Errorf("marker counts add up to %d, annotate has %d markers", sum, markers)
		}
	})
	t.Run("cooccurrence", func(t *testing.T) {
		tab := Cooccurrence(cb, docs)
		n := len(cb.Frames)
		if len(tab.Rows) != n*(n-1)/2 {
			t.Fatalf("%d rows, want %d", len(tab.Rows), n*(n-1)/2)
		}
		for r := range tab.Rows {
			for _, side := range []string{"a", "b"} {
				f := tab.Str(r, "frame_"+side)
				if got := int(tab.Float(r, "docs_"+side)); got != frameDocs[f] {
					t.Fatalf("%s docs = %d, annotate has %d", f, got, frameDocs[f])
				}
				if got := int(tab.Float(r, "sentences_"+side)); got != frameSents[f] {
					t.Fatalf("%s sentences = %d, annotate has %d", f, got, frameSents[f])
				}
			}
		}
	})
	t.Run("keyness", func(t *testing.T) {
		var weibo, rest []Doc
		for _, d := range docs {
			if filepath.Base(d.Ann.Path) == "weibo.jsonl" {
				weibo = append(weibo, d)
			} else {
				rest = append(rest, d)
			}
		}
		if len(weibo) == 0 || len(rest) == 0 {
			t.Fatalf("weibo %d, rest %d", len(weibo), len(rest))
		}
		tab, err := Keyness(weibo, rest, KeynessOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var nt, nr, words [2]int
		for _, d := range weibo {
			words[0] += len(d.Words)
		}
		for _, d := range rest {
			words[1] += len(d.Words)
		}
		cats := map[string]bool{}
		for _, c := range cb.Categories() {
			cats[c.ID] = true
		}
		for r := range tab.Rows {
			k := tab.Str(r, "kind")
			if k == KindWord {
				nt[0] += int(tab.Float(r, "n_target"))
				nr[0] += int(tab.Float(r, "n_reference"))
			}
			if k == KindCategory && !cats[tab.Str(r, "feature")] {
				t.Errorf("category %q is not in the codebook", tab.Str(r, "feature"))
			}
		}
		if nt[0] != words[0] || nr[0] != words[1] {
			t.Errorf("word counts add up to %d and %d, the sets have %d and %d words", nt[0], nr[0], words[0], words[1])
		}
	})
	t.Run("collocates", func(t *testing.T) {
		tab, err := Collocates(docs, CollocateOptions{Term: "泡沫"})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, d := range docs {
			for _, w := range d.Words {
				if w == "泡沫" {
					n++
				}
			}
		}
		if n == 0 || len(tab.Rows) == 0 {
			t.Fatalf("泡沫 occurs %d times, %d collocates", n, len(tab.Rows))
		}
		if got := int(tab.Float(0, "node_freq")); got != n {
			t.Errorf("node_freq %d, 泡沫 occurs %d times", got, n)
		}
	})
	t.Run("csv parses back", func(t *testing.T) {
		groups, err := Groups(cb, docs, []string{"source", "month"})
		if err != nil {
			t.Fatal(err)
		}
		for _, tab := range []*Table{Docs(cb, docs), groups, Markers(cb, docs), Cooccurrence(cb, docs)} {
			for _, long := range []bool{false, true} {
				var buf bytes.Buffer
				if err := Write(&buf, tab, WriteOptions{Format: CSV, Long: long}); err != nil {
					t.Fatal(err)
				}
				want := tab
				if long {
					want = Long(tab)
				}
				parseBack(t, buf.Bytes(), want, ',')
			}
		}
	})
}
