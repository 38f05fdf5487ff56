package codebook

import (
	"os"
	"strings"
	"testing"
)

// benchText is Chinese commentary-like text for the benchmarks: the seed essay when it is
// present, else a sentence built here, repeated.
func benchText(b *testing.B) string {
	if data, err := os.ReadFile("../../../shared/seeds/sora-essay.txt"); err == nil {
		return string(data)
	}
	return strings.Repeat("Sora横空出世，中文互联网一边倒地热捧，美国又一次遥遥领先，AI概念股暴涨。", 100)
}

func BenchmarkParseDefault(b *testing.B) {
	b.SetBytes(int64(len(defaultYAML)))
	for b.Loop() {
		if _, err := Default(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPatterns(b *testing.B) {
	cb, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(defaultYAML)))
	for b.Loop() {
		cb.Patterns()
	}
}

// BenchmarkFindAllDefault runs every pattern's reference scan over the text, with the
// exclusion checks: the cost a tagger without an automaton would pay.
func BenchmarkFindAllDefault(b *testing.B) {
	cb, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	pats := cb.Patterns()
	text := benchText(b)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		for i := range pats {
			for _, m := range pats[i].FindAll(text) {
				pats[i].CategoriesAt(text, m.TextStart, m.TextEnd)
			}
		}
	}
}
