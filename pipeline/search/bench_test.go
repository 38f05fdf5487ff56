package search

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/huashu/huashu/pipeline/index"
	"github.com/huashu/huashu/pipeline/search/searchtest"
)

func BenchmarkParse(b *testing.B) {
	q := `frame:(bubble OR hype) "遥遥领先" -marker.neg:泡沫 stance.us_ai:against date:>="2024-02-01" (芯片 OR 算力)`
	b.SetBytes(int64(len(q)))
	for b.Loop() {
		if _, err := Parse(q); err != nil {
			b.Fatal(err)
		}
	}
}

// essayText returns the text of a sample essay, or skips.
func essayText(b *testing.B) string {
	root, err := searchtest.ModuleRoot()
	if err != nil {
		b.Skip(err)
	}
	data, err := os.ReadFile(filepath.Join(root, "corpora", "essays", "2023-09-far-ahead-in-quotes.md"))
	if err != nil {
		b.Skip(err)
	}
	return string(data)
}

func BenchmarkFindAll(b *testing.B) {
	text := essayText(b)
	runes := []rune(text)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if len(FindAll(runes, "遥遥领先", index.FoldExact)) == 0 {
			b.Fatal("not found")
		}
	}
}

func BenchmarkConcordance(b *testing.B) {
	text := essayText(b)
	runes := []rune(text)
	spans := FindAll(runes, "遥遥领先", index.FoldExact)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Concordance("doc", text, nil, spans, 20)
	}
}

// BenchmarkSearch runs queries on the sample index, as cmd/search does (20 hits, KWIC).
func BenchmarkSearch(b *testing.B) {
	s := sampleSearcher(b)
	for _, q := range []string{"泡沫", `"遥遥领先"`, "frame:bubble stance.us_ai:against", `"泡沫" "华尔街"`} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Search(context.Background(), q, Options{Size: 20, Context: 20}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
