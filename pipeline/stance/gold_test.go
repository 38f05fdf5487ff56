package stance

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/model"
	"github.com/huashu/huashu/pipeline/segment"
)

var verbose = flag.Bool("gold.v", false, "print every gold sentence the rules get wrong")

// goldMin is the F_avg the rules must reach on the gold set, for each target.
const goldMin = 0.80

var (
	envOnce  sync.Once
	envRules *Rules
	envSeg   *segment.Segmenter
	envErr   error
)

// testEnv builds, once per test binary, the rules on the default codebook and the real
// jieba segmenter with the codebook's words.
func testEnv(t testing.TB) (*Rules, *segment.Segmenter) {
	t.Helper()
	envOnce.Do(func() {
		cb, err := codebook.Default()
		if err != nil {
			envErr = err
			return
		}
		envRules, envErr = NewRules(cb, RulesOptions{})
		if envErr != nil {
			return
		}
		envSeg, envErr = segment.New(segment.Options{Words: envRules.Words()})
	})
	if envErr != nil {
		t.Fatal(envErr)
	}
	return envRules, envSeg
}

// goldItem is one line of testdata/gold.tsv.
type goldItem struct {
	id, phenomenon string
	labels         map[string]string
	text           string
	line           int
}

func readGold(t *testing.T, path string) []goldItem {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var items []goldItem
	sc := bufio.NewScanner(f)
	header := true
	for line := 1; sc.Scan(); line++ {
		l := sc.Text()
		if strings.HasPrefix(l, "#") || strings.TrimSpace(l) == "" {
			continue
		}
		if header {
			header = false
			continue
		}
		cols := strings.Split(l, "\t")
		if len(cols) != 5 {
			t.Fatalf("%s:%d: want 5 tab-separated columns, got %d", path, line, len(cols))
		}
		for _, lab := range cols[2:4] {
			if lab != model.Favor && lab != model.Against && lab != model.None {
				t.Fatalf("%s:%d: label %q", path, line, lab)
			}
		}
		items = append(items, goldItem{
			id: cols[0], phenomenon: cols[1],
			labels: map[string]string{"us_ai": cols[2], "china_ai": cols[3]},
			text:   cols[4], line: line,
		})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return items
}

// f1s returns F1(favor), F1(against) and their mean over parallel gold and predicted labels.
func f1s(gold, pred []string) (float64, float64, float64) {
	f1 := func(label string) float64 {
		tp, fp, fn := 0, 0, 0
		for i := range gold {
			switch {
			case gold[i] == label && pred[i] == label:
				tp++
			case pred[i] == label:
				fp++
			case gold[i] == label:
				fn++
			}
		}
		if tp == 0 {
			return 0
		}
		p, r := float64(tp)/float64(tp+fp), float64(tp)/float64(tp+fn)
		return 2 * p * r / (p + r)
	}
	fav, ag := f1(model.Favor), f1(model.Against)
	return fav, ag, (fav + ag) / 2
}

// TestGold scores the hand-written gold set (testdata/gold.tsv: at least 150 sentences on
// both targets, with negation, contrast, concession, rhetorical questions, comparisons,
// irony, neutral mentions and sentences naming no target) and fails below goldMin F_avg for
// either target. Run with -gold.v to see the misses.
func TestGold(t *testing.T) {
	items := readGold(t, "testdata/gold.tsv")
	if len(items) < 150 {
		t.Fatalf("gold set has %d items, want at least 150", len(items))
	}
	scoreGold(t, items, goldMin)
}

// TestHeldout scores the second set (testdata/heldout.tsv, 60 sentences written after the
// rules were built). Its first score, before it showed the rules anything, is the honest one
// (docs/accuracy.md); lexicon gaps and two bugs it revealed were fixed since, so it now
// guards against regressions like the gold set.
func TestHeldout(t *testing.T) {
	scoreGold(t, readGold(t, "testdata/heldout.tsv"), heldoutMin)
}

// heldoutMin is the floor of the second set.
const heldoutMin = 0.85

// scoreGold scores items toward both default targets and fails below min F_avg.
func scoreGold(t *testing.T, items []goldItem, min float64) {
	t.Helper()
	r, seg := testEnv(t)
	for _, target := range []string{"us_ai", "china_ai"} {
		t.Run(target, func(t *testing.T) {
			var gold, pred []string
			byPhen := map[string][2]int{}
			for _, it := range items {
				_, _, doc := r.ScoreText(it.text, seg.Tokenize(it.text))
				got := doc[target].Label
				gold = append(gold, it.labels[target])
				pred = append(pred, got)
				c := byPhen[it.phenomenon]
				c[1]++
				if got == it.labels[target] {
					c[0]++
				} else if *verbose {
					texts, sents, _ := r.ScoreText(it.text, seg.Tokenize(it.text))
					var ev []string
					for i := range texts {
						if st, ok := sents[i][target]; ok {
							ev = append(ev, fmt.Sprintf("%+.2f %v", st.Score, st.Evidence))
						}
					}
					t.Logf("%s (line %d) %s: want %s, got %s %v", it.id, it.line, it.text, it.labels[target], got, ev)
				}
				byPhen[it.phenomenon] = c
			}
			fav, ag, avg := f1s(gold, pred)
			t.Logf("%s: F1 favor %.3f, F1 against %.3f, F_avg %.3f over %d items", target, fav, ag, avg, len(items))
			if *verbose {
				for p, c := range byPhen {
					t.Logf("  %-16s %d/%d", p, c[0], c[1])
				}
			}
			if avg < min {
				t.Errorf("%s: F_avg %.3f, want at least %.2f", target, avg, min)
			}
		})
	}
}
