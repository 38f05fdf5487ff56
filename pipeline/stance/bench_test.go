package stance_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/huashu/huashu/pipeline/analyze"
	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/ingest"
	"github.com/huashu/huashu/pipeline/model"
	"github.com/huashu/huashu/pipeline/stance"
)

// scoreCall is what the analysis hands the stance scorer for one document.
type scoreCall struct {
	ann   *model.Annotation
	sents []stance.Input
}

// capture is a Scorer that keeps what it is given, to replay it in a benchmark.
type capture struct{ calls []scoreCall }

func (c *capture) Score(ann *model.Annotation, sents []stance.Input) {
	c.calls = append(c.calls, scoreCall{ann, sents})
}

// essayCalls runs the analysis (normalize, jieba, tagger) over the sample essays
// (corpora/essays/*.md) and returns what it would hand the stance scorer, with the essays'
// size in bytes of original text.
func essayCalls(b *testing.B) (*stance.Rules, []scoreCall, int64) {
	b.Helper()
	files, _ := filepath.Glob(filepath.Join(corpusDir, "essays", "*.md"))
	if len(files) == 0 {
		b.Skip("sample essays not available")
	}
	cb, err := codebook.Default()
	if err != nil {
		b.Fatal(err)
	}
	rules, err := stance.NewRules(cb, stance.RulesOptions{})
	if err != nil {
		b.Fatal(err)
	}
	c := &capture{}
	a, err := analyze.New(analyze.Options{Codebook: cb, Stance: c})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	var size int64
	err = ingest.Walk(context.Background(), files, ingest.Options{}, nil, func(d *model.Document) error {
		size += int64(len(d.Text))
		_, err := a.Analyze(d)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return rules, c.calls, size
}

// BenchmarkScore times Rules.Score alone over the sample essays, segmented and tagged once
// before the timer. MB/s are of original essay text, comparable with the whole analysis'.
func BenchmarkScore(b *testing.B) {
	rules, calls, size := essayCalls(b)
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for _, c := range calls {
			rules.Score(c.ann, c.sents)
		}
	}
}
