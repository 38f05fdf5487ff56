package tag

import (
	"reflect"
	"sync"
	"testing"
)

// TestTagConcurrent tags the gold sentences from four goroutines at once, as the analysis
// pipeline's workers do, and expects what tagging them one by one gives: the working memory
// that Tag reuses must never be shared by two calls. Run it with -race as well.
func TestTagConcurrent(t *testing.T) {
	f := testFixture(t)
	gold := readGold(t, goldFile, f.cb)
	sents := make([]Sentence, len(gold))
	want := make([]Result, len(gold))
	for i, g := range gold {
		sents[i] = Sentence{Text: g.Text, Tokens: f.seg.Tokenize(g.Text), InQuote: i%2 == 1}
		want[i] = f.tg.Tag(sents[i])
	}
	const workers = 4
	got := make([][]Result, workers)
	var wg sync.WaitGroup
	for w := range workers {
		got[w] = make([]Result, len(sents))
		wg.Go(func() {
			for k := range sents {
				i := (k + w*len(sents)/workers) % len(sents)
				got[w][i] = f.tg.Tag(sents[i])
			}
		})
	}
	wg.Wait()
	for w := range workers {
		for i := range sents {
			if !reflect.DeepEqual(got[w][i], want[i]) {
				t.Errorf("worker %d, %q: got %+v, want %+v", w, sents[i].Text, got[w][i], want[i])
			}
		}
	}
}
