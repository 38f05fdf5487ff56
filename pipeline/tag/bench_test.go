package tag

import (
	"testing"
)

// BenchmarkTag tags the gold sentences, segmented beforehand: the tagger's cost alone, in
// bytes of Chinese analysis text per second.
func BenchmarkTag(b *testing.B) {
	f := testFixture(b)
	gold := readGold(b, goldFile, f.cb)
	sents := make([]Sentence, len(gold))
	size := 0
	for i, g := range gold {
		sents[i] = Sentence{Text: g.Text, Tokens: f.seg.Tokenize(g.Text)}
		size += len(g.Text)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, s := range sents {
			f.tg.Tag(s)
		}
	}
}

// BenchmarkNew compiles the default codebook's automaton.
func BenchmarkNew(b *testing.B) {
	f := testFixture(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(f.cb); err != nil {
			b.Fatal(err)
		}
	}
}
