package segment

import (
	"testing"

	"github.com/yanyiwu/gojieba"
)

// TestCutDefaultMatchesGojieba checks that the direct call gives, word for word and offset
// for offset, what gojieba's Tokenize gives: on every sentence and every whole text of the
// sample and shared corpora, and on the probe.
func TestCutDefaultMatchesGojieba(t *testing.T) {
	s := testSegmenter(t)
	if !s.direct {
		t.Fatal("probe: the direct call disagrees with gojieba's Tokenize (did gojieba change? see cjieba.go)")
	}
	check := func(text string) {
		t.Helper()
		want := s.jieba.Tokenize(text, gojieba.DefaultMode, true)
		got := cutDefault(s.jieba, text, 7, nil)
		if len(got) != len(want) {
			t.Fatalf("%.40q: %d words, gojieba gives %d", text, len(got), len(want))
		}
		for i, w := range want {
			if g := got[i]; g.Text != w.Str || g.Start != w.Start+7 || g.End != w.End+7 {
				t.Fatalf("%.40q: word %d is %+v, gojieba gives %+v (offsets moved by 7)", text, i, g, w)
			}
		}
	}
	words, texts := 0, spanTexts(t)
	for _, text := range texts {
		if len(text) <= chunk {
			check(text)
		}
		for _, sp := range sentenceSpans(text) {
			check(text[sp.Start:sp.End])
			words++
		}
	}
	check(probeText)
	check("")
	check("。")
	t.Logf("%d texts, %d sentences", len(texts), words)
}
