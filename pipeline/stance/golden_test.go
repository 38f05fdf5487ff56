package stance_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/huashu/huashu/pipeline/analyze"
	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/ingest"
	"github.com/huashu/huashu/pipeline/model"
	"github.com/huashu/huashu/pipeline/normalize"
	"github.com/huashu/huashu/pipeline/stance"
)

var update = flag.Bool("update", false, "rewrite testdata/golden-corpus.jsonl from the current rules")

// goldenPath holds, one JSON line per document of the sample corpus, everything the rules
// decided about it.
const goldenPath = "testdata/golden-corpus.jsonl"

// corpusDir is the project's sample corpus (corpora/ at the module root).
const corpusDir = "../../corpora"

// goldenRecord is one document's line of the golden file.
type goldenRecord struct {
	ID string `json:"id"`
	// Input fingerprints what the earlier stages handed to the scorer (sentence texts,
	// tokens, markers, paragraphs, rhetorical flags): when it changes, an upstream stage
	// changed, not the rules.
	Input string `json:"input"`
	// Stance is ann.Stance after Rules.Score; Sentences the stance fields of the sentences
	// that speak of a target, by index.
	Stance    map[string]model.DocStance `json:"stance"`
	Sentences []goldenSentence           `json:"sentences"`
	// Words and Chars are Rules.ScoreText over the document's analysis text with jieba's
	// tokens and with none (the rules' character mode, and their own marker matching).
	Words goldenText `json:"words"`
	Chars goldenText `json:"chars"`
	// Polarity is Rules.Polarity of the analysis text with tokens, and with none.
	Polarity      stance.Polarity `json:"polarity"`
	PolarityChars stance.Polarity `json:"polarity_chars"`
}

type goldenSentence struct {
	I           int                 `json:"i"`
	Stance      map[string]string   `json:"stance"`
	StanceScore map[string]float64  `json:"score"`
	Evidence    map[string][]string `json:"evidence,omitempty"` // nil where no rule or word decided
}

type goldenText struct {
	Sentences []map[string]stance.SentenceStance `json:"sentences"`
	Doc       map[string]model.DocStance         `json:"doc"`
}

// recorder is the default scorer that also fingerprints its input.
type recorder struct {
	rules *stance.Rules
	input string
}

func (r *recorder) Score(ann *model.Annotation, sents []stance.Input) {
	h := sha256.New()
	for i, in := range sents {
		s := ann.Sentences[i]
		fmt.Fprintf(h, "S%d %d %t %q\n", i, s.Paragraph, s.Rhetorical, in.Text)
		for _, t := range in.Tokens {
			fmt.Fprintf(h, "T%d,%d ", t.Start, t.End)
		}
	}
	for _, m := range ann.Markers {
		fmt.Fprintf(h, "M%d %d %d %q %q %v %t %t\n", m.Sentence, m.Start, m.End, m.Term, m.Pattern, m.Categories, m.Negated, m.Quoted)
	}
	r.input = hex.EncodeToString(h.Sum(nil))[:16]
	r.rules.Score(ann, sents)
}

// TestGoldenCorpus runs the whole analysis (ingest, then analyze with the default stages and
// the default rules) over every document of corpora/, and ScoreText over the sentences of
// testdata/gold.tsv and heldout.tsv, and compares, byte for byte, the rules'
// output with testdata/golden-corpus.jsonl: the document and sentence stances, scores and
// evidence, ScoreText with and without tokens, and Polarity. It guards optimisations of the
// rules, which must change no result. Regenerate with -update only for a change of rules
// that is meant.
func TestGoldenCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("sample corpus not available: %v", err)
	}
	if testing.Short() {
		t.Skip("runs jieba over the whole sample corpus")
	}
	cb, err := codebook.Default()
	if err != nil {
		t.Fatal(err)
	}
	rules, err := stance.NewRules(cb, stance.RulesOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{rules: rules}
	a, err := analyze.New(analyze.Options{Codebook: cb, Stance: rec})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	seg := a.Segmenter()

	var docs []*model.Document
	err = ingest.Walk(context.Background(), []string{corpusDir}, ingest.Options{}, nil, func(d *model.Document) error {
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) < 200 {
		t.Fatalf("read %d documents from %s, want the whole sample corpus (over 200)", len(docs), corpusDir)
	}
	// The texts are scored whole as well, in the analysis text Analyze reads: normalized
	// as Markdown for a .md file.
	plain, err := normalize.New(normalize.Options{Traditional: true})
	if err != nil {
		t.Fatal(err)
	}
	md, err := normalize.New(normalize.Options{Traditional: true, Markdown: true})
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	for _, d := range docs {
		res, err := a.Analyze(d)
		if err != nil {
			t.Fatalf("%s: %v", d.ID, err)
		}
		norm := plain
		if normalize.IsMarkdownPath(d.Path) {
			norm = md
		}
		analysis := norm.Normalize(d.Text).Analysis
		ann := res.Annotation
		rec1 := goldenRecord{ID: d.ID, Input: rec.input, Stance: ann.Stance, Sentences: []goldenSentence{}}
		for i, s := range ann.Sentences {
			if s.Stance != nil {
				rec1.Sentences = append(rec1.Sentences, goldenSentence{i, s.Stance, s.StanceScore, s.Evidence})
			}
		}
		toks := seg.Tokenize(analysis)
		_, ws, wd := rules.ScoreText(analysis, toks)
		_, cs, cd := rules.ScoreText(analysis, nil)
		rec1.Words = goldenText{ws, wd}
		rec1.Chars = goldenText{cs, cd}
		rec1.Polarity = rules.Polarity(analysis, toks)
		rec1.PolarityChars = rules.Polarity(analysis, nil)
		line, err := json.Marshal(rec1)
		if err != nil {
			t.Fatal(err)
		}
		got.Write(line)
		got.WriteByte('\n')
	}
	// The hand-written sets of the rules' own tests hold every phenomenon in few words: their
	// labels are only scored as a whole there, so their full output is kept here too.
	for _, set := range []string{"testdata/gold.tsv", "testdata/heldout.tsv"} {
		for _, it := range readTSVTexts(t, set) {
			toks := seg.Tokenize(it.text)
			_, ws, wd := rules.ScoreText(it.text, toks)
			_, cs, cd := rules.ScoreText(it.text, nil)
			rec1 := goldenRecord{ID: set + ":" + it.id, Words: goldenText{ws, wd}, Chars: goldenText{cs, cd},
				Polarity: rules.Polarity(it.text, toks), PolarityChars: rules.Polarity(it.text, nil)}
			line, err := json.Marshal(rec1)
			if err != nil {
				t.Fatal(err)
			}
			got.Write(line)
			got.WriteByte('\n')
		}
	}
	if *update {
		if err := os.WriteFile(goldenPath, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s: %d documents", goldenPath, len(docs))
		return
	}
	want, err := os.ReadFile(goldenPath)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if bytes.Equal(got.Bytes(), want) {
		return
	}
	gotLines := strings.Split(got.String(), "\n")
	wantLines := strings.Split(string(want), "\n")
	diffs := 0
	for i := range max(len(gotLines), len(wantLines)) {
		var g, w string
		if i < len(gotLines) {
			g = gotLines[i]
		}
		if i < len(wantLines) {
			w = wantLines[i]
		}
		if g == w {
			continue
		}
		var gr, wr goldenRecord
		json.Unmarshal([]byte(g), &gr)
		json.Unmarshal([]byte(w), &wr)
		id := gr.ID
		if id == "" {
			id = wr.ID
		}
		why := "the rules' output changed"
		if gr.Input != wr.Input {
			why = "the rules' input changed (an earlier stage or the corpus changed, not the rules)"
		}
		t.Errorf("%s:%d: document %s: %s\n got: %.600s\nwant: %.600s", filepath.ToSlash(goldenPath), i+1, id, why, g, w)
		if diffs++; diffs == 5 {
			t.Fatalf("more documents differ; stopping")
		}
	}
}

// readTSVTexts returns the id and text columns of a gold set (testdata/gold.tsv format).
func readTSVTexts(t *testing.T, path string) []struct{ id, text string } {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []struct{ id, text string }
	header := true
	for i, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, "#") || strings.TrimSpace(l) == "" {
			continue
		}
		if header {
			header = false
			continue
		}
		cols := strings.Split(l, "\t")
		if len(cols) != 5 {
			t.Fatalf("%s:%d: want 5 tab-separated columns, got %d", path, i+1, len(cols))
		}
		out = append(out, struct{ id, text string }{cols[0], cols[4]})
	}
	return out
}
