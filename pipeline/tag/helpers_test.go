package tag

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/segment"
)

// fixture is the default codebook, its Tagger and one Segmenter that keeps the codebook's
// words whole, shared by the package's tests: a Segmenter costs ~0.5 s and ~130 MB.
type fixture struct {
	cb  *codebook.Codebook
	tg  *Tagger
	seg *segment.Segmenter
}

var (
	fixOnce sync.Once
	fix     fixture
	fixErr  error
)

func testFixture(t testing.TB) fixture {
	t.Helper()
	fixOnce.Do(func() {
		fix.cb, fixErr = codebook.Default()
		if fixErr != nil {
			return
		}
		fix.tg, fixErr = New(fix.cb)
		if fixErr != nil {
			return
		}
		fix.seg, fixErr = segment.New(segment.Options{Words: fix.cb.DictWords()})
	})
	if fixErr != nil {
		t.Fatal(fixErr)
	}
	return fix
}

// tagText segments text and tags it as one sentence.
func tagText(t testing.TB, text string, inQuote bool) Result {
	f := testFixture(t)
	return f.tg.Tag(Sentence{Text: text, Tokens: f.seg.Tokenize(text), InQuote: inQuote})
}

// tally scores the tagger against gold sentences: markers by span, each category and each
// modifier, the sentence's question and rhetorical flags, and lists every disagreement.
// TestAccuracy and TestHeldOut share it so that both sets are scored by the same rules.
type tally struct {
	markers, negated, quoted, question score
	// sentQuestion and rhetorical are the sentence-level flags.
	sentQuestion, rhetorical score
	perCat                   map[string]*score
	// nGold counts the gold markers, one per distinct span.
	nGold int
	// errs lists the disagreements, unsorted.
	errs []string
	// sentencePrefix opens the message about a sentence-level disagreement.
	sentencePrefix string
	// showPattern adds the pattern that found it to the message about a spurious marker.
	showPattern bool
}

// newTally returns an empty tally with a score for each category of cb.
func newTally(cb *codebook.Codebook) *tally {
	tl := &tally{perCat: map[string]*score{}}
	for _, c := range cb.Categories() {
		tl.perCat[c.ID] = &score{}
	}
	return tl
}

// sentence scores the question and rhetorical flags the tagger found in the gold sentence g
// against g's own.
func (tl *tally) sentence(g goldSentence, question, rhetorical bool) {
	tl.sentQuestion.add(g.Question, question)
	tl.rhetorical.add(g.Rhetorical, rhetorical)
	if g.Question != question || g.Rhetorical != rhetorical {
		tl.errs = append(tl.errs, fmt.Sprintf("%squestion %v/%v rhetorical %v/%v (gold/got): %s",
			tl.sentencePrefix, g.Question, question, g.Rhetorical, rhetorical, g.Text))
	}
}

// compare scores the markers got, keyed by their extent in characters of text, against the
// gold markers want of text: a marker is found when start and end agree, and its categories
// and modifiers are scored over the markers found by both.
func (tl *tally) compare(text string, want []goldMarker, got map[span]Match) {
	runes := []rune(text)
	wanted := map[span]goldMarker{}
	for _, m := range want {
		wanted[span{m.Start, m.Start + utf8.RuneCountInString(m.Term)}] = m
	}
	tl.nGold += len(wanted)
	for s, gm := range wanted {
		m, ok := got[s]
		tl.markers.add(true, ok)
		for _, id := range gm.Categories {
			tl.perCat[id].add(true, ok && slices.Contains(m.Categories, id))
		}
		if !ok {
			tl.errs = append(tl.errs, fmt.Sprintf("missed %q at %d: %s", gm.Term, s.start, text))
			continue
		}
		for _, id := range m.Categories {
			if !slices.Contains(gm.Categories, id) {
				tl.perCat[id].add(false, true)
			}
		}
		if !slices.Equal(gm.Categories, m.Categories) {
			tl.errs = append(tl.errs, fmt.Sprintf("categories of %q: gold %v, got %v: %s", gm.Term, gm.Categories, m.Categories, text))
		}
		tl.negated.add(gm.Negated, m.Negated)
		tl.quoted.add(gm.Quoted, m.Quoted)
		tl.question.add(gm.Question, m.Question)
		if gm.Negated != m.Negated || gm.Quoted != m.Quoted || gm.Question != m.Question {
			tl.errs = append(tl.errs, fmt.Sprintf("modifiers of %q (negated, quoted, question): gold %v %v %v, got %v %v %v: %s",
				gm.Term, gm.Negated, gm.Quoted, gm.Question, m.Negated, m.Quoted, m.Question, text))
		}
	}
	for s, m := range got {
		if _, ok := wanted[s]; ok {
			continue
		}
		tl.markers.add(false, true)
		for _, id := range m.Categories {
			tl.perCat[id].add(false, true)
		}
		term := string(runes[s.start:s.end])
		if tl.showPattern {
			tl.errs = append(tl.errs, fmt.Sprintf("spurious %q at %d (%s): %s", term, s.start, m.Pattern, text))
		} else {
			tl.errs = append(tl.errs, fmt.Sprintf("spurious %q at %d: %s", term, s.start, text))
		}
	}
}

// logErrors logs the disagreements in sorted order.
func (tl *tally) logErrors(t testing.TB) {
	t.Helper()
	slices.Sort(tl.errs)
	for _, e := range tl.errs {
		t.Log(e)
	}
}

// writeTable writes the Markdown table of the scores to b, one row a measure and then one a
// category of cb in the codebook's order.
func (tl *tally) writeTable(b *strings.Builder, cb *codebook.Codebook) {
	fmt.Fprintf(b, "| measure | gold | precision | recall | F1 |\n|---|---:|---:|---:|---:|\n")
	row := func(name string, s score) {
		fmt.Fprintf(b, "| %s | %d | %.3f | %.3f | %.3f |\n", name, s.tp+s.fn, s.precision(), s.recall(), s.f1())
	}
	row("**markers**", tl.markers)
	row("negated", tl.negated)
	row("quoted", tl.quoted)
	row("question (marker)", tl.question)
	row("question (sentence)", tl.sentQuestion)
	row("rhetorical (sentence)", tl.rhetorical)
	for _, c := range cb.Categories() {
		row("category "+c.ID, *tl.perCat[c.ID])
	}
}
