package tag

import (
	"os"
	"strings"
	"testing"

	"github.com/huashu/huashu/pipeline/normalize"
)

// seedEssay is a commentary on Sora kept beside the repository (never copied into it).
const seedEssay = "../../../shared/seeds/sora-essay.txt"

// seedMatch is a marker of the seed essay with its sentence.
type seedMatch struct {
	Match
	sentence string
	abs      int // byte offset of the sentence in the analysis text
}

// TestSeedEssay tags the seed essay sentence by sentence, carrying the quotation state
// through each paragraph, and checks the markers a reader sees in it.
func TestSeedEssay(t *testing.T) {
	data, err := os.ReadFile(seedEssay)
	if os.IsNotExist(err) {
		t.Skipf("%s is absent", seedEssay)
	}
	if err != nil {
		t.Fatal(err)
	}
	f := testFixture(t)
	n, err := normalize.New(normalize.Options{})
	if err != nil {
		t.Fatal(err)
	}
	doc := n.Normalize(string(data))
	var matches []seedMatch
	rhetorical := map[string]bool{}
	inQuote, para := false, -1
	for _, s := range doc.Sentences {
		if s.Paragraph != para {
			inQuote, para = false, s.Paragraph
		}
		text := doc.Text(s)
		r := f.tg.Tag(Sentence{Text: text, Tokens: f.seg.Tokenize(text), InQuote: inQuote})
		inQuote = r.InQuote
		rhetorical[text] = r.Rhetorical
		for _, m := range r.Matches {
			matches = append(matches, seedMatch{m, text, s.AStart})
			checkMatchText(t, text, m)
		}
	}
	if len(matches) == 0 {
		t.Fatal("no markers in the seed essay")
	}

	// covered reports whether the analysis text's occurrence at byte at of term lies in a
	// marker, and returns it.
	covered := func(at int, term string) (seedMatch, bool) {
		for _, m := range matches {
			if m.abs+m.Start <= at && at+len(term) <= m.abs+m.End {
				return m, true
			}
		}
		return seedMatch{}, false
	}
	occurrences := func(term string) []int {
		var out []int
		for off := 0; ; {
			i := strings.Index(doc.Analysis[off:], term)
			if i < 0 {
				return out
			}
			out = append(out, off+i)
			off += i + len(term)
		}
	}

	// Every occurrence of these is a marker.
	for _, term := range []string{"遥遥领先", "断层式领先", "划时代", "泡沫", "零元购", "华尔街"} {
		occ := occurrences(term)
		if len(occ) == 0 {
			t.Errorf("%q does not occur in the essay: has it changed?", term)
		}
		for _, at := range occ {
			if _, ok := covered(at, term); !ok {
				t.Errorf("%q at byte %d is no marker", term, at)
			}
		}
	}
	// These occur in words of their own and inside longer words (失业者); at least one
	// occurrence of each is a marker, and the count is logged.
	for _, term := range []string{"算力", "芯片", "失业"} {
		occ := occurrences(term)
		hit := 0
		for _, at := range occ {
			if _, ok := covered(at, term); ok {
				hit++
			}
		}
		t.Logf("%s: %d of %d occurrences are markers", term, hit, len(occ))
		if hit == 0 {
			t.Errorf("no occurrence of %q is a marker", term)
		}
	}
	for _, at := range occurrences("零元购") {
		if m, _ := covered(at, "零元购"); !m.Quoted {
			t.Errorf("零元购 at byte %d is not quoted: %+v", at, m.Match)
		}
	}
	found := false
	for text, r := range rhetorical {
		if strings.Contains(text, "真相果真如此吗") {
			found = true
			if !r {
				t.Errorf("%q is not a rhetorical question", text)
			}
		}
	}
	if !found {
		t.Error("no sentence holds 真相果真如此吗")
	}
}

// checkMatchText checks that a match's text is its pattern's: the literal text, with the
// letters and digits a glob took in around it.
func checkMatchText(t *testing.T, text string, m Match) {
	t.Helper()
	got := string(foldCase(text[m.Start:m.End]))
	lit := strings.ToLower(strings.Trim(m.Pattern, "*"))
	ok := got == lit
	switch {
	case strings.HasPrefix(m.Pattern, "*") && !strings.HasSuffix(m.Pattern, "*"):
		ok = strings.HasSuffix(got, lit)
	case strings.HasSuffix(m.Pattern, "*") && !strings.HasPrefix(m.Pattern, "*"):
		ok = strings.HasPrefix(got, lit)
	case strings.HasPrefix(m.Pattern, "*"):
		ok = strings.Contains(got, lit)
	}
	if !ok {
		t.Errorf("match %q at %d..%d of %q is not pattern %q", text[m.Start:m.End], m.Start, m.End, text, m.Pattern)
	}
}
