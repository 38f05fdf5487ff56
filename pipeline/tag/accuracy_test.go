package tag

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// Run `go test ./pipeline/tag/ -run TestAccuracy -update-accuracy` to rewrite the Markers
// section of docs/accuracy.md with the table that TestAccuracy computes.
var updateAccuracy = flag.Bool("update-accuracy", false, "rewrite the Markers section of docs/accuracy.md")

// goldFile holds the hand-annotated sentences (see testdata/README.md).
const goldFile = "testdata/gold.jsonl"

// accuracyDoc is the file whose Markers section TestAccuracy rewrites.
const accuracyDoc = "../../docs/accuracy.md"

// goldSentence is one line of the gold file.
type goldSentence struct {
	Text       string       `json:"text"`
	Markers    []goldMarker `json:"markers"`
	Question   bool         `json:"question"`
	Rhetorical bool         `json:"rhetorical"`
	// InQuote is true when the sentence starts inside a quotation opened before it.
	InQuote bool `json:"in_quote,omitempty"`
}

// goldMarker is one marker of the gold. Start is a character offset into the text.
type goldMarker struct {
	Term       string   `json:"term"`
	Start      int      `json:"start"`
	Categories []string `json:"categories"`
	Negated    bool     `json:"negated"`
	Quoted     bool     `json:"quoted"`
	Question   bool     `json:"question"`
}

// score counts true positives, false positives and false negatives.
type score struct{ tp, fp, fn int }

func (s score) precision() float64 { return ratio(s.tp, s.tp+s.fp) }
func (s score) recall() float64    { return ratio(s.tp, s.tp+s.fn) }
func (s score) f1() float64 {
	p, r := s.precision(), s.recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// ratio is a/b, and 1 when b is 0 (nothing to find, nothing wrongly found).
func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func (s *score) add(gold, got bool) {
	switch {
	case gold && got:
		s.tp++
	case got:
		s.fp++
	case gold:
		s.fn++
	}
}

// span is a marker's extent in characters.
type span struct{ start, end int }

// TestAccuracy runs the real segmenter and tagger over the gold sentences and checks
// precision and recall of markers (same start and end), and of each modifier as a binary
// label over the markers found in both.
func TestAccuracy(t *testing.T) {
	f := testFixture(t)
	gold := readGold(t, goldFile, f.cb)
	tl := newTally(f.cb)
	for _, g := range gold {
		res := f.tg.Tag(Sentence{Text: g.Text, Tokens: f.seg.Tokenize(g.Text), InQuote: g.InQuote})
		tl.sentence(g, res.Question, res.Rhetorical)
		got := map[span]Match{}
		for _, m := range res.Matches {
			s := span{utf8.RuneCountInString(g.Text[:m.Start]), utf8.RuneCountInString(g.Text[:m.End])}
			got[s] = m
		}
		tl.compare(g.Text, g.Markers, got)
	}
	tl.logErrors(t)

	var b strings.Builder
	fmt.Fprintf(&b, "%d hand-annotated sentences (`pipeline/tag/%s`), %d gold markers; real jieba\n", len(gold), goldFile, tl.nGold)
	fmt.Fprintf(&b, "segmentation with the default codebook's words. A marker is found when start and end\n")
	fmt.Fprintf(&b, "agree; a modifier is scored as a yes/no label over the markers found.\n\n")
	tl.writeTable(&b, f.cb)
	t.Log("\n" + b.String())

	if *updateAccuracy {
		if err := writeSection(accuracyDoc, "## Markers", markersIntro+b.String()); err != nil {
			t.Fatal(err)
		}
	}

	check := func(name string, s score, min float64) {
		if s.precision() < min || s.recall() < min {
			t.Errorf("%s: precision %.3f recall %.3f, want both ≥ %.2f", name, s.precision(), s.recall(), min)
		}
	}
	check("markers", tl.markers, 0.90)
	check("negated", tl.negated, 0.85)
	check("quoted", tl.quoted, 0.85)
	check("question", tl.question, 0.85)
}

// markersIntro opens the Markers section of docs/accuracy.md.
const markersIntro = `Measured by ` + "`TestAccuracy`" + ` in pipeline/tag; regenerate this section with

    go test ./pipeline/tag/ -run TestAccuracy -update-accuracy

`

// writeSection replaces the section of the Markdown file path that starts with the line
// heading, up to the next "## " heading, with heading and body; it appends the section when
// the file lacks it and creates the file when it does not exist.
func writeSection(path, heading, body string) error {
	data, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	doc := string(data)
	if doc == "" {
		doc = "# Accuracy\n"
	}
	section := heading + "\n\n" + strings.TrimRight(body, "\n") + "\n"
	start := strings.Index(doc, heading+"\n")
	if start < 0 {
		doc = strings.TrimRight(doc, "\n") + "\n\n" + section
	} else {
		rest := doc[start+len(heading)+1:]
		end := len(doc)
		if i := strings.Index(rest, "\n## "); i >= 0 {
			end = start + len(heading) + 1 + i + 1
			section += "\n"
		}
		doc = doc[:start] + section + doc[end:]
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(doc), 0o644)
}
