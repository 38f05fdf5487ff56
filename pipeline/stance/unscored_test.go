package stance

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestUnscored reads every sentence of the gold sets and the sample essays, with jieba's
// tokens and without, both whole (read) and as the scoring of targets does
// (readForTargets), which skips most of a sentence that can have no score: the cues the
// document's stance reads must be the same, and a sentence found unscored must have no
// score when read whole, whatever topic it is handed.
func TestUnscored(t *testing.T) {
	r, seg := testEnv(t)
	var texts []string
	for _, path := range []string{"testdata/gold.tsv", "testdata/heldout.tsv"} {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(data), "\n") {
			if cols := strings.Split(l, "\t"); len(cols) == 5 {
				texts = append(texts, cols[4])
			}
		}
	}
	files, _ := filepath.Glob("../../corpora/essays/*.md")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	skipped := 0
	for _, withTokens := range []bool{true, false} {
		name := "characters"
		if withTokens {
			name = "tokens"
		}
		t.Run(name, func(t *testing.T) {
			for _, text := range texts {
				toks := seg.Tokenize(text)
				if !withTokens {
					toks = nil
				}
				ins, _ := splitSentences(text, toks)
				mem := getDocMemory(append(ins, ins...))
				for _, in := range ins {
					whole := r.read(mem, in.Text, in.Tokens, nil, false, false)
					part := r.readForTargets(mem, in.Text, in.Tokens, nil, false, false)
					if whole.question != part.question || whole.doubt != part.doubt ||
						whole.opensConclusion != part.opensConclusion || whole.opensContrast != part.opensContrast ||
						whole.corefCue != part.corefCue || len(whole.mentions) != len(part.mentions) {
						t.Errorf("%q: whole read question %t doubt %t conclusion %t contrast %t coref %q mentions %d; for targets %t %t %t %t %q %d",
							in.Text, whole.question, whole.doubt, whole.opensConclusion, whole.opensContrast, whole.corefCue, len(whole.mentions),
							part.question, part.doubt, part.opensConclusion, part.opensContrast, part.corefCue, len(part.mentions))
					}
					if part.clauses != nil {
						continue // read whole
					}
					skipped++
					if ts := whole.scoreTargets(mem, r.targets); ts != nil {
						t.Errorf("%q: skipped, but scored %v when read whole", in.Text, ts)
					}
				}
				mem.release()
			}
		})
	}
	if skipped == 0 {
		t.Error("no sentence was skipped: the test checks nothing")
	}
}
