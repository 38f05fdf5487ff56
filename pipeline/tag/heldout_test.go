package tag

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/normalize"
)

// Run `go test ./pipeline/tag/ -run TestHeldOut -update-heldout` to rewrite the "### Held-out
// set" subsection at the end of the Markers section of docs/accuracy.md. TestAccuracy's
// -update-accuracy rewrites that whole section, subsection included: run this one after it.
var updateHeldOut = flag.Bool("update-heldout", false, "rewrite the held-out subsection of docs/accuracy.md")

// heldOutFile holds sentences annotated blind to the tagger's rules, in gold.jsonl's format:
// its author read only CODEBOOK.md and default.yml, and committed it before reading the tagger.
const heldOutFile = "testdata/heldout.jsonl"

// heldOutHeading opens the subsection of the Markers section that TestHeldOut writes.
const heldOutHeading = "### Held-out set"

// heldOutFloor is the precision and recall on markers below which TestHeldOut fails: a floor
// that says the tagger still works, not a target to tune it to.
const heldOutFloor = 0.80

// readGold reads path (the author's gold set or the held-out set) as gold sentences and checks
// each marker against its text: the term at its character offset, in order without overlap,
// categories of cb, and the sentence's question flag.
func readGold(t testing.TB, path string, cb *codebook.Codebook) []goldSentence {
	t.Helper()
	known := map[string]bool{}
	for _, c := range cb.Categories() {
		known[c.ID] = true
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []goldSentence
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var g goldSentence
		if err := json.Unmarshal(sc.Bytes(), &g); err != nil {
			t.Fatalf("%s:%d: %v", path, line, err)
		}
		runes := []rune(g.Text)
		prev := 0
		for _, m := range g.Markers {
			end := m.Start + utf8.RuneCountInString(m.Term)
			if m.Start < prev || end > len(runes) || string(runes[m.Start:end]) != m.Term {
				t.Fatalf("%s:%d: marker %q at %d is not in the text, or overlaps the one before", path, line, m.Term, m.Start)
			}
			prev = end
			if len(m.Categories) == 0 {
				t.Fatalf("%s:%d: marker %q has no category", path, line, m.Term)
			}
			for _, id := range m.Categories {
				if !known[id] {
					t.Fatalf("%s:%d: marker %q: unknown category %q", path, line, m.Term, id)
				}
			}
			if m.Question != g.Question {
				t.Fatalf("%s:%d: marker %q: question %v in a sentence with question %v", path, line, m.Term, m.Question, g.Question)
			}
		}
		out = append(out, g)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// heldOutRun is the pipeline's reading of one gold sentence.
type heldOutRun struct {
	// markers are keyed by their extent in characters of the gold text.
	markers              map[span]Match
	question, rhetorical bool
	// parts is the number of sentences normalize cut the gold sentence into.
	parts int
}

// runPipeline normalizes text as annotate does (traditional to simplified, full-width folded),
// segments and tags each sentence that normalize finds, and maps every match back to
// character offsets of text with Result.Span. The gold sentence is a question (rhetorical)
// when any of its parts is.
func runPipeline(f fixture, n *normalize.Normalizer, text string) heldOutRun {
	nr := n.Normalize(text)
	run := heldOutRun{markers: map[span]Match{}, parts: len(nr.Sentences)}
	inQuote, paragraph := false, -1
	for _, s := range nr.Sentences {
		if s.Paragraph != paragraph {
			inQuote, paragraph = false, s.Paragraph
		}
		sentence := nr.Text(s)
		res := f.tg.Tag(Sentence{Text: sentence, Tokens: f.seg.Tokenize(sentence), InQuote: inQuote})
		inQuote = res.InQuote
		run.question = run.question || res.Question
		run.rhetorical = run.rhetorical || res.Rhetorical
		for _, m := range res.Matches {
			start, end := nr.Span(s.AStart+m.Start, s.AStart+m.End)
			run.markers[span{start, end}] = m
		}
	}
	return run
}

// TestHeldOut runs the real pipeline (normalize, segment with the codebook's words, tag) over
// the held-out sentences and reports precision, recall and F1 of markers (same start and
// end), of each category, and of each modifier as a yes/no label over the markers found by
// both; with -v it prints every disagreement. Nothing is tuned to the set. It fails only when
// marker precision or recall falls below heldOutFloor.
func TestHeldOut(t *testing.T) {
	f := testFixture(t)
	n, err := normalize.New(normalize.Options{Traditional: true})
	if err != nil {
		t.Fatal(err)
	}
	gold := readGold(t, heldOutFile, f.cb)

	tl := newTally(f.cb)
	tl.sentencePrefix = "sentence: "
	tl.showPattern = true
	split := 0
	for _, g := range gold {
		run := runPipeline(f, n, g.Text)
		if run.parts > 1 {
			split++
		}
		tl.sentence(g, run.question, run.rhetorical)
		tl.compare(g.Text, g.Markers, run.markers)
	}
	tl.logErrors(t)

	var b strings.Builder
	fmt.Fprintf(&b, "%d sentences (`pipeline/tag/%s`), %d gold markers, written and annotated by a second\n", len(gold), heldOutFile, tl.nGold)
	fmt.Fprintf(&b, "coder from CODEBOOK.md and default.yml alone, committed before the tagger's code, tests and\n")
	fmt.Fprintf(&b, "gold were read, and not changed after. The whole pipeline runs: normalize (traditional to\n")
	fmt.Fprintf(&b, "simplified, full-width folded; offsets mapped back to the text as written), jieba with the\n")
	fmt.Fprintf(&b, "codebook's words, tag. Scored as the table above; %d of the sentences were cut in two or more\n", split)
	fmt.Fprintf(&b, "by normalize, and count as a question when any part is one. Regenerate with\n\n")
	fmt.Fprintf(&b, "    go test ./pipeline/tag/ -run TestHeldOut -update-heldout\n\n")
	tl.writeTable(&b, f.cb)
	// History that regenerating must keep: the figure below is no longer a blind one.
	fmt.Fprintf(&b, "\nNegated precision was 0.899 when this set was first scored. It rose to 0.912 when potential\n")
	fmt.Fprintf(&b, "complements (V不C: 逃不掉, 免不了, 离不开, 比不上 …) stopped counting as negations of what follows\n")
	fmt.Fprintf(&b, "them, a rule taken from the seed essay (逃不掉……失业); by then this set's errors had been read,\n")
	fmt.Fprintf(&b, "and one of them (免不了被淘汰) is of that kind, so 0.912 is no longer a blind figure.\n")
	t.Log("\n" + b.String())

	if *updateHeldOut {
		if err := writeSubsection(accuracyDoc, "## Markers", heldOutHeading, b.String()); err != nil {
			t.Fatal(err)
		}
	}
	if tl.markers.precision() < heldOutFloor || tl.markers.recall() < heldOutFloor {
		t.Errorf("markers: precision %.3f recall %.3f, want both ≥ %.2f", tl.markers.precision(), tl.markers.recall(), heldOutFloor)
	}
}

// writeSubsection puts heading and body at the end of the section of the Markdown file path
// that starts with the line section (up to the next "## " heading or the end of the file):
// it replaces the subsection heading where the section has it, else appends it there. The
// rest of the file is left as it is; a file without the section is an error.
func writeSubsection(path, section, heading, body string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	doc := string(data)
	start := strings.Index(doc, section+"\n")
	if start < 0 {
		return fmt.Errorf("%s: no line %q", path, section)
	}
	end := len(doc)
	if i := strings.Index(doc[start+len(section):], "\n## "); i >= 0 {
		end = start + len(section) + i + 1
	}
	head, tail := doc[:end], doc[end:]
	if i := strings.Index(head[start:], "\n"+heading+"\n"); i >= 0 {
		head = head[:start+i+1]
	}
	sub := heading + "\n\n" + strings.TrimRight(body, "\n") + "\n"
	head = strings.TrimRight(head, "\n") + "\n\n" + sub
	if tail != "" {
		head += "\n"
	}
	return os.WriteFile(path, []byte(head+tail), 0o644)
}

func TestWriteSubsection(t *testing.T) {
	tests := []struct {
		name, doc, want string
	}{
		{"appended at the end of the last section",
			"# A\n\n## Markers\n\ntable\n",
			"# A\n\n## Markers\n\ntable\n\n### Held-out set\n\nnew\n"},
		{"appended before the next section",
			"# A\n\n## Markers\n\ntable\n\n## Stance\n\nmore\n",
			"# A\n\n## Markers\n\ntable\n\n### Held-out set\n\nnew\n\n## Stance\n\nmore\n"},
		{"replaced where it was",
			"# A\n\n## Markers\n\ntable\n\n### Held-out set\n\nold\nold\n\n## Stance\n\nmore\n",
			"# A\n\n## Markers\n\ntable\n\n### Held-out set\n\nnew\n\n## Stance\n\nmore\n"},
		{"a subsection of another section is left alone",
			"## Markers\n\ntable\n\n## Stance\n\n### Held-out set\n\nx\n",
			"## Markers\n\ntable\n\n### Held-out set\n\nnew\n\n## Stance\n\n### Held-out set\n\nx\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := t.TempDir() + "/accuracy.md"
			if err := os.WriteFile(path, []byte(tt.doc), 0o644); err != nil {
				t.Fatal(err)
			}
			for range 2 { // a second run changes nothing
				if err := writeSubsection(path, "## Markers", heldOutHeading, "new\n"); err != nil {
					t.Fatal(err)
				}
				got, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if string(got) != tt.want {
					t.Fatalf("got\n%q\nwant\n%q", got, tt.want)
				}
			}
		})
	}
	t.Run("a file without the section is an error", func(t *testing.T) {
		path := t.TempDir() + "/accuracy.md"
		if err := os.WriteFile(path, []byte("# A\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := writeSubsection(path, "## Markers", heldOutHeading, "new\n"); err == nil {
			t.Fatal("no error")
		}
	})
}
