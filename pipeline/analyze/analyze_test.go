package analyze

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/huashu/huashu/pipeline/diag"
	"github.com/huashu/huashu/pipeline/ingest"
	"github.com/huashu/huashu/pipeline/model"
	"github.com/huashu/huashu/pipeline/stance"
)

var (
	sharedOnce sync.Once
	shared     *Analyzer
	sharedErr  error
)

// testAnalyzer is one Analyzer for the package's tests (jieba costs ~0.5 s and ~130 MB).
func testAnalyzer(t testing.TB) *Analyzer {
	t.Helper()
	sharedOnce.Do(func() { shared, sharedErr = New(Options{}) })
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return shared
}

// runeSlice returns characters [start, end) of s, one character per invalid byte.
func runeSlice(s string, start, end int) string {
	c, b0, b1 := 0, -1, len(s)
	for i := 0; i <= len(s); {
		if c == start && b0 < 0 {
			b0 = i
		}
		if c == end {
			b1 = i
			break
		}
		if i == len(s) {
			break
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		c++
	}
	if b0 < 0 {
		b0 = len(s)
	}
	return s[b0:b1]
}

// checkAnnotation checks the invariants every annotation must hold.
func checkAnnotation(t *testing.T, a *Analyzer, r *model.Analyzed) {
	t.Helper()
	ann := r.Annotation
	text := r.Doc.Text
	if got := utf8.RuneCountInString(text); got != ann.Chars {
		t.Errorf("%s: chars = %d, text has %d", ann.ID, ann.Chars, got)
	}
	prevEnd := 0
	for i, s := range ann.Sentences {
		if s.Start < prevEnd || s.End <= s.Start || s.End > ann.Chars {
			t.Errorf("%s: sentence %d [%d,%d) out of order or range", ann.ID, i, s.Start, s.End)
		}
		prevEnd = s.End
	}
	frameHits := map[string]int{}
	isFrame := map[string]bool{}
	for _, id := range a.Codebook().FrameIDs() {
		isFrame[id] = true
	}
	for i, m := range ann.Markers {
		if got := runeSlice(text, m.Start, m.End); got != m.Term {
			t.Errorf("%s: marker %d: text[%d:%d] = %q, term %q", ann.ID, i, m.Start, m.End, got, m.Term)
		}
		if m.Sentence < 0 || m.Sentence >= len(ann.Sentences) {
			t.Fatalf("%s: marker %d: sentence %d out of range", ann.ID, i, m.Sentence)
		}
		s := ann.Sentences[m.Sentence]
		if m.Start < s.Start || m.End > s.End {
			t.Errorf("%s: marker %q [%d,%d) outside its sentence [%d,%d)", ann.ID, m.Term, m.Start, m.End, s.Start, s.End)
		}
		if m.Question != s.Question {
			t.Errorf("%s: marker %q question=%v, sentence question=%v", ann.ID, m.Term, m.Question, s.Question)
		}
		for _, c := range m.Categories {
			if isFrame[c] {
				frameHits[c]++
				if !contains(s.Frames, c) {
					t.Errorf("%s: sentence %d lacks frame %s of marker %q", ann.ID, m.Sentence, c, m.Term)
				}
			}
		}
	}
	var share float64
	for id, fs := range ann.Frames {
		if fs.Hits != frameHits[id] {
			t.Errorf("%s: frame %s hits = %d, markers give %d", ann.ID, id, fs.Hits, frameHits[id])
		}
		share += fs.Share
	}
	if len(ann.Frames) > 0 && (share < 0.99 || share > 1.01) {
		t.Errorf("%s: frame shares add up to %.3f", ann.ID, share)
	}
	for i, toks := range r.Tokens {
		for _, tok := range toks {
			if tok.Start < ann.Sentences[i].Start || tok.End > ann.Sentences[i].End || tok.End <= tok.Start {
				t.Errorf("%s: token %q [%d,%d) outside sentence %d", ann.ID, tok.Text, tok.Start, tok.End, i)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestAnalyzeSmall(t *testing.T) {
	a := testAnalyzer(t)
	tests := []struct {
		name     string
		path     string
		text     string
		terms    []string // markers' terms, in order
		negated  []string // terms that must be negated
		question bool     // the first sentence is a question
	}{
		{"plain text", "a.txt", "美国又一次划时代遥遥领先。", []string{"划时代", "遥遥领先"}, nil, false},
		{"negated bubble", "b.txt", "Sora并非泡沫。", []string{"泡沫"}, []string{"泡沫"}, false},
		{"full-width and traditional", "c.txt", "這個ＡＩ模型遙遙領先嗎？", []string{"遙遙領先"}, nil, true},
		{"markdown markup kept out", "d.md", "# 标题\n\n**泡沫**正在被[炒作](https://example.com/泡沫)。", []string{"泡沫", "炒作"}, nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := a.Analyze(&model.Document{ID: tc.path, Path: tc.path, Text: tc.text})
			if err != nil {
				t.Fatal(err)
			}
			checkAnnotation(t, a, r)
			var got, neg []string
			for _, m := range r.Annotation.Markers {
				got = append(got, m.Term)
				if m.Negated {
					neg = append(neg, m.Term)
				}
			}
			j := 0
			for _, g := range got {
				if j < len(tc.terms) && g == tc.terms[j] {
					j++
				}
			}
			if j < len(tc.terms) || len(got) != len(tc.terms) {
				t.Errorf("markers %q, want %q among them in order", got, tc.terms)
			}
			for _, n := range tc.negated {
				if !contains(neg, n) {
					t.Errorf("%q not negated (negated: %q)", n, neg)
				}
			}
			if len(r.Annotation.Sentences) == 0 || r.Annotation.Sentences[0].Question != tc.question {
				t.Errorf("first sentence question = %v, want %v", r.Annotation.Sentences, tc.question)
			}
		})
	}
}

// corpusDocs reads the sample corpus and, when present, the shared real corpora.
func corpusDocs(t *testing.T) []*model.Document {
	t.Helper()
	paths := []string{"../../corpora"}
	for _, p := range []string{"../../../shared/corpora/openaxo-news", "../../../shared/seeds"} {
		if _, err := os.Stat(p); err == nil {
			paths = append(paths, p)
		}
	}
	// Each root is walked on its own: IDs are relative to their root, so README.md of two
	// roots would be the same ID.
	var docs []*model.Document
	for _, p := range paths {
		log := diag.NewLog(nil, 0)
		err := ingest.Walk(context.Background(), []string{p}, ingest.Options{}, log, func(d *model.Document) error {
			docs = append(docs, d)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if log.Skipped() > 0 {
			t.Fatalf("%s: skipped records: %v", p, log.All())
		}
	}
	return docs
}

func TestCorporaInvariants(t *testing.T) {
	a := testAnalyzer(t)
	docs := corpusDocs(t)
	if len(docs) < 40 {
		t.Fatalf("only %d documents in the corpora", len(docs))
	}
	for _, d := range docs {
		r, err := a.Analyze(d)
		if err != nil {
			t.Fatal(err)
		}
		checkAnnotation(t, a, r)
	}
}

// TestNoWords checks that NoWords changes nothing of the annotation, the count of words
// included, and only leaves the words out.
func TestNoWords(t *testing.T) {
	a := testAnalyzer(t)
	b := *a // the same stages
	b.noWords = true
	for _, d := range corpusDocs(t) {
		full, counted := mustAnalyze(t, a, d), mustAnalyze(t, &b, d)
		want, _ := json.Marshal(full.Annotation)
		got, _ := json.Marshal(counted.Annotation)
		if !bytes.Equal(got, want) {
			t.Fatalf("%s: with NoWords the annotation differs:\n%s\nwant\n%s", d.ID, got, want)
		}
		if counted.Tokens != nil || full.Tokens == nil {
			t.Fatalf("%s: words %d with NoWords, %d without", d.ID, len(counted.Tokens), len(full.Tokens))
		}
	}
}

func TestStreamKeepsInputOrder(t *testing.T) {
	a := testAnalyzer(t)
	docs := corpusDocs(t)
	for _, workers := range []int{1, 3, 8} {
		ch := make(chan *model.Document)
		go func() {
			for _, d := range docs {
				ch <- d
			}
			close(ch)
		}()
		var ids []string
		err := a.Stream(context.Background(), ch, workers, diag.NewLog(nil, 0), func(r *model.Analyzed) error {
			ids = append(ids, r.Annotation.ID)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) != len(docs) {
			t.Fatalf("workers=%d: %d results for %d documents", workers, len(ids), len(docs))
		}
		for i, d := range docs {
			if ids[i] != d.ID {
				t.Fatalf("workers=%d: result %d is %s, want %s", workers, i, ids[i], d.ID)
			}
		}
	}
}

// TestStreamBoundsBytes: with documents longer than Options.InFlightBytes, Stream takes a
// document from its input only once the one before is emitted (so it holds one, and has
// read at most the next), whatever the number of workers; the results stay in order.
func TestStreamBoundsBytes(t *testing.T) {
	a := *testAnalyzer(t) // the same stages, a budget of 100 bytes
	a.inFlight = 100
	docs := corpusDocs(t)[:12]
	for _, d := range docs {
		if len(d.Text) <= 100 {
			t.Fatalf("%s has %d bytes, want more than 100", d.ID, len(d.Text))
		}
	}
	for _, inFlight := range []int64{100, 0} {
		a.inFlight = inFlight
		ch := make(chan *model.Document)
		var sent atomic.Int64 // documents taken from ch
		go func() {
			for _, d := range docs {
				ch <- d
				sent.Add(1)
			}
			close(ch)
		}()
		most, emitted := int64(0), int64(0)
		err := a.Stream(context.Background(), ch, 4, diag.NewLog(nil, 0), func(r *model.Analyzed) error {
			if r.Annotation.ID != docs[emitted].ID {
				t.Fatalf("result %d is %s, want %s", emitted, r.Annotation.ID, docs[emitted].ID)
			}
			emitted++
			time.Sleep(5 * time.Millisecond) // room for the feeder to run ahead, if it may
			most = max(most, sent.Load()-emitted)
			return nil
		})
		if err != nil || emitted != int64(len(docs)) {
			t.Fatalf("InFlightBytes %d: %v after %d results of %d", inFlight, err, emitted, len(docs))
		}
		// Taken but not emitted: the next one (read, waiting for the budget) at most.
		if inFlight > 0 && most > 1 {
			t.Errorf("InFlightBytes %d: %d documents taken ahead of the one emitted, want at most 1", inFlight, most)
		}
		if inFlight == 0 && most <= 1 { // the check above can fail: 2 × 4 documents in flight
			t.Errorf("default budget: at most %d documents taken ahead; the test cannot tell a bound", most)
		}
	}
}

func TestStreamStopsOnEmitError(t *testing.T) {
	a := testAnalyzer(t)
	docs := corpusDocs(t)
	ch := make(chan *model.Document)
	go func() {
		defer close(ch)
		for _, d := range docs {
			ch <- d
		}
	}()
	n := 0
	stop := context.Canceled
	err := a.Stream(context.Background(), ch, 2, diag.NewLog(nil, 0), func(r *model.Analyzed) error {
		n++
		if n == 3 {
			return stop
		}
		return nil
	})
	if err != stop || n != 3 {
		t.Fatalf("Stream = %v after %d results, want %v after 3", err, n, stop)
	}
	for range ch { // the feeder must not be stuck: drain what is left
	}
}

func TestSeedEssayFrames(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "seeds", "sora-essay.txt"))
	if err != nil {
		t.Skip("seed essay absent:", err)
	}
	a := testAnalyzer(t)
	r, err := a.Analyze(&model.Document{ID: "sora-essay.txt", Path: "sora-essay.txt", Text: string(data)})
	if err != nil {
		t.Fatal(err)
	}
	checkAnnotation(t, a, r)
	var frames []string
	for id := range r.Annotation.Frames {
		frames = append(frames, id)
	}
	sort.Strings(frames)
	for _, want := range []string{"bubble", "compute", "epochal", "labor", "productivity", "competition"} {
		if !contains(frames, want) {
			t.Errorf("seed essay frames %v lack %s", frames, want)
		}
	}
	if !strings.Contains(runeSlice(string(data), 0, r.Annotation.Chars), "Sora") {
		t.Error("runeSlice broken")
	}
}

func BenchmarkAnalyze(b *testing.B) {
	a := testAnalyzer(b)
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "seeds", "sora-essay.txt"))
	if err != nil {
		b.Skip("seed essay absent")
	}
	doc := &model.Document{ID: "seed", Path: "seed.txt", Text: string(data)}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := a.Analyze(doc); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestIsWord checks isWord's fast paths against its definition, a letter or a digit, for every
// code point of the first three planes, alone and after punctuation.
func TestIsWord(t *testing.T) {
	for r := rune(0); r < 0x30000; r++ {
		want := unicode.IsLetter(r) || unicode.IsDigit(r)
		for _, s := range []string{string(r), "，" + string(r), string(r) + "。"} {
			if got := isWord(s); got != want {
				t.Fatalf("isWord(%q) = %v, want %v", s, got, want)
			}
		}
	}
	for _, s := range []string{"", " ", "，。", "——"} {
		if isWord(s) {
			t.Errorf("isWord(%q) = true", s)
		}
	}
}

// BenchmarkIsWord: typical tokens, Han words and the punctuation and Latin words between them.
func BenchmarkIsWord(b *testing.B) {
	toks := []string{"人工智能", "，", "的", "。", "GPT", "2024", "“", "一", "上", "！", "（", "AI"}
	for b.Loop() {
		for _, t := range toks {
			isWord(t)
		}
	}
}

// TestCharCursor checks charCursor.slice against slicing at the characters that ranging over
// the string gives (an invalid byte one character), in order and after going back, on valid
// and invalid UTF-8.
func TestCharCursor(t *testing.T) {
	for _, s := range []string{
		"", "abc", "遥遥领先，泡沫？", "a中b🙂c\u00e9d", "泡\xff沫\xe4\xb8", "\xf0\x9f", "中文🙂\xc3(x",
	} {
		var starts []int // byte offset of each character; ranging counts an invalid byte as one
		for i := range s {
			starts = append(starts, i)
		}
		starts = append(starts, len(s))
		cc := newCharCursor(s)
		n := len(starts) - 1
		for _, pair := range [][2]int{{0, 0}, {0, 1}, {1, n}, {n, n}, {0, n}, {n / 2, n}, {0, n / 2}} {
			a, b := min(pair[0], n), min(pair[1], n)
			if got, want := cc.slice(a, b), s[starts[a]:starts[b]]; got != want {
				t.Errorf("%q: slice(%d, %d) = %q, want %q", s, a, b, got, want)
			}
		}
	}
}

// mustAnalyze analyses d or fails the test.
func mustAnalyze(t *testing.T, a *Analyzer, d *model.Document) *model.Analyzed {
	t.Helper()
	r, err := a.Analyze(d)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// batchScorer gives the rules every sentence at once (Rules.Score), as Analyze does for a
// scorer that is not the rules.
type batchScorer struct{ rules *stance.Rules }

func (s batchScorer) Score(ann *model.Annotation, in []stance.Input) { s.rules.Score(ann, in) }

// TestLongDocumentInBlocks checks a document of several blocks (blockBytes): its sentences,
// words and markers are those of its parts analysed one by one, and reading its sentences
// for stance block by block (stance.Doc) gives what reading them all at the end gives.
func TestLongDocumentInBlocks(t *testing.T) {
	a := testAnalyzer(t)
	var parts []string
	var sentences, tokens, markers, size int
	for _, d := range corpusDocs(t) {
		if !strings.HasSuffix(d.Path, ".md") || strings.HasSuffix(d.Path, "README.md") {
			continue
		}
		// As plain text: the parts are read as the long document is.
		r := mustAnalyze(t, a, &model.Document{ID: d.ID, Path: "part.txt", Text: d.Text})
		parts = append(parts, d.Text)
		sentences += len(r.Annotation.Sentences)
		tokens += r.Annotation.Tokens
		markers += len(r.Annotation.Markers)
		if size += len(d.Text); size > 3*blockBytes {
			break
		}
	}
	if size <= 3*blockBytes {
		t.Fatalf("the corpora hold %d bytes of essays: want more than 3 blocks", size)
	}
	long := &model.Document{ID: "long", Path: "long.txt", Text: strings.Join(parts, "\n\n")}
	got := mustAnalyze(t, a, long)
	ann := got.Annotation
	if len(ann.Sentences) != sentences || ann.Tokens != tokens || len(ann.Markers) != markers {
		t.Errorf("%d parts together: %d sentences, %d words, %d markers; one by one %d, %d, %d",
			len(parts), len(ann.Sentences), ann.Tokens, len(ann.Markers), sentences, tokens, markers)
	}
	stanced := 0
	for _, s := range ann.Sentences {
		if len(s.Stance) > 0 {
			stanced++
		}
	}
	if stanced < 100 {
		t.Errorf("only %d sentences with a stance", stanced)
	}
	checkAnnotation(t, a, got)

	b := *a // the same stages, the rules given every sentence at the end
	b.stance = batchScorer{a.stance.(*stance.Rules)}
	want := mustAnalyze(t, &b, long)
	wj, _ := json.Marshal(want.Annotation)
	gj, _ := json.Marshal(got.Annotation)
	if !bytes.Equal(gj, wj) {
		t.Errorf("stance read block by block differs from stance read at the end")
	}
}
