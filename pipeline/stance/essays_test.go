package stance_test

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/huashu/huashu/pipeline/analyze"
	"github.com/huashu/huashu/pipeline/ingest"
	"github.com/huashu/huashu/pipeline/model"
	"github.com/huashu/huashu/pipeline/stance/classify"
)

// essaysGold is the document-level gold standard: the author's stance toward each target in
// each essay of corpora/essays, labelled by a reader blind to huashu's output.
const essaysGold = "testdata/essays_gold.tsv"

// heldOutFrom splits the gold essays by date: those of 2023 and 2024 (31) are the
// development set that the rules may be tuned on; those from 2025 on (14) are held out and
// give the figure reported in docs/accuracy.md.
const heldOutFrom = "2025"

// essayFloor is the F_avg (mean F1 of favor and against) below which TestEssayStance fails,
// per target, on all essays. It guards against regressions; the held-out figure is reported,
// not asserted.
var essayFloor = map[string]float64{"us_ai": 0.50, "china_ai": 0.38}

var essaysVerbose = flag.Bool("essays.v", false, "print every essay whose stance the rules get wrong")

// essayLabel is one line of the gold file.
type essayLabel struct {
	file   string
	labels map[string]string // by target ID
	low    bool              // the annotator's confidence was low
}

func readEssayGold(t *testing.T) []essayLabel {
	t.Helper()
	f, err := os.Open(essaysGold)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []essayLabel
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		l := sc.Text()
		if l == "" || strings.HasPrefix(l, "#") || strings.HasPrefix(l, "file\t") {
			continue
		}
		cols := strings.Split(l, "\t")
		if len(cols) != 5 {
			t.Fatalf("%s:%d: %d columns, want 5 (file, us_ai, china_ai, confidence, note)", essaysGold, line, len(cols))
		}
		for _, lab := range cols[1:3] {
			if lab != model.Favor && lab != model.Against && lab != model.None {
				t.Fatalf("%s:%d: label %q, want favor, against or none", essaysGold, line, lab)
			}
		}
		out = append(out, essayLabel{
			file:   cols[0],
			labels: map[string]string{"us_ai": cols[1], "china_ai": cols[2]},
			low:    cols[3] == "low",
		})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// score returns the F1 of favor and of against, and the accuracy, of predictions against
// gold labels of one target, as the NLPCC benchmark scores them.
func score(gold, pred []string) (favor, against, acc float64) {
	ex := make([]classify.Example, len(gold))
	for i, g := range gold {
		ex[i].Label = g
	}
	m := classify.Score(ex, pred)
	return m.Labels[0].F1, m.Labels[1].F1, m.Accuracy
}

// TestEssayStance scores the document-level stance of the rules (through the whole analysis,
// as annotate and index run it) against the essays' gold labels, and prints the table of
// docs/accuracy.md: F1 of favor and against, F_avg and accuracy per target, on the
// development essays, the held-out essays and all of them, beside the baseline that says
// none everywhere.
func TestEssayStance(t *testing.T) {
	gold := readEssayGold(t)
	if len(gold) != 45 {
		t.Fatalf("%d gold essays, want 45", len(gold))
	}
	a, err := analyze.New(analyze.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	pred := map[string]map[string]string{}
	var paths []string
	for _, g := range gold {
		paths = append(paths, filepath.Join(corpusDir, "essays", g.file))
	}
	err = ingest.Walk(context.Background(), paths, ingest.Options{}, nil, func(d *model.Document) error {
		an, err := a.Analyze(d)
		if err != nil {
			return err
		}
		labels := map[string]string{}
		for id, st := range an.Annotation.Stance {
			labels[id] = st.Label
		}
		pred[filepath.Base(d.Path)] = labels
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	var b strings.Builder
	fmt.Fprintf(&b, "| target | essays | n | F1 favor | F1 against | F_avg | accuracy | all-none accuracy |\n|---|---|---:|---:|---:|---:|---:|---:|\n")
	for _, target := range []string{"us_ai", "china_ai"} {
		for _, set := range []string{"development (2023–2024)", "held out (2025)", "all"} {
			var g, p, none []string
			for _, e := range gold {
				held := e.file >= heldOutFrom
				if set == "all" || held == strings.HasPrefix(set, "held") {
					g = append(g, e.labels[target])
					p = append(p, labelOr(pred[e.file][target]))
					none = append(none, model.None)
				}
			}
			fav, ag, acc := score(g, p)
			_, _, noneAcc := score(g, none)
			fmt.Fprintf(&b, "| %s | %s | %d | %.2f | %.2f | %.2f | %.2f | %.2f |\n", target, set, len(g), fav, ag, (fav+ag)/2, acc, noneAcc)
			if set == "all" && (fav+ag)/2 < essayFloor[target] {
				t.Errorf("%s: F_avg %.2f on all essays, below the floor %.2f", target, (fav+ag)/2, essayFloor[target])
			}
		}
	}
	t.Logf("document-level stance of the rules against %s:\n%s", essaysGold, b.String())
	if *essaysVerbose {
		for _, e := range gold {
			for _, target := range []string{"us_ai", "china_ai"} {
				if got := labelOr(pred[e.file][target]); got != e.labels[target] {
					t.Logf("%s %s: gold %s, rules %s (confidence low: %v)", e.file, target, e.labels[target], got, e.low)
				}
			}
		}
	}
}

// labelOr returns label, or none when the analysis gave no label.
func labelOr(label string) string {
	if label == "" {
		return model.None
	}
	return label
}
