package tag

import (
	"sync"
	"testing"

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
