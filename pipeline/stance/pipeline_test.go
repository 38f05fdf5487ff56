package stance_test

import (
	"os"
	"testing"

	"github.com/huashu/huashu/pipeline/analyze"
	"github.com/huashu/huashu/pipeline/model"
)

// TestSoraEssayPipeline runs the seed essay through the whole analysis (normalize, jieba,
// tagger markers, the rules as the default Scorer): against US AI, for Chinese AI.
func TestSoraEssayPipeline(t *testing.T) {
	data, err := os.ReadFile("../../../shared/seeds/sora-essay.txt")
	if err != nil {
		t.Skipf("seed essay not available: %v", err)
	}
	a, err := analyze.New(analyze.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	res, err := a.Analyze(&model.Document{ID: "sora-essay.txt", Path: "sora-essay.txt", Text: string(data)})
	if err != nil {
		t.Fatal(err)
	}
	st := res.Annotation.Stance
	if st["us_ai"].Label != model.Against {
		t.Errorf("us_ai: %+v, want against", st["us_ai"])
	}
	if st["china_ai"].Label != model.Favor {
		t.Errorf("china_ai: %+v, want favor", st["china_ai"])
	}
	for _, id := range []string{"us_ai", "china_ai"} {
		for _, i := range st[id].Evidence {
			if got := res.Annotation.Sentences[i].Stance[id]; got != st[id].Label {
				t.Errorf("%s: evidence sentence %d is %q, not %s", id, i, got, st[id].Label)
			}
		}
	}
}
