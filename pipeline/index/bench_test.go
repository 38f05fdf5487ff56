package index

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"
)

// BenchmarkAdd measures the writer alone (documents analysed beforehand) on the sample
// corpus: building the bleve documents, bleve's analysis, segments and merges.
func BenchmarkAdd(b *testing.B) {
	docs := corpusDocs(b)
	all := analyzeAll(b, docs)
	var size int64
	for _, a := range all {
		size += int64(len(a.Doc.Text))
	}
	b.SetBytes(size)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dir := filepath.Join(b.TempDir(), "x.bleve")
		w, err := OpenWriter(dir, Options{Codebook: testAnalyzer(b).Codebook(), UserDict: testAnalyzer(b).Segmenter().UserDict()})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for _, a := range all {
			if err := w.Add(a); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExactPhrase measures phrase queries on FieldExact. It uses the index named by
// $HUASHU_BENCH_INDEX (a large one, as bench/index.sh builds) when set, else the sample
// corpus.
func BenchmarkExactPhrase(b *testing.B) {
	var ix *Index
	if dir := os.Getenv("HUASHU_BENCH_INDEX"); dir != "" {
		var err error
		if ix, err = Open(dir); err != nil {
			b.Fatal(err)
		}
		defer ix.Close()
	} else {
		ix, _ = sampleIndex(&testing.T{})
	}
	for _, p := range []string{"泡沫", "遥遥领先", "人工智能", "的一", "中国的大模型", "不是泡沫"} {
		b.Run(p, func(b *testing.B) {
			q := bleve.NewMatchPhraseQuery(p)
			q.SetField(FieldExact)
			req := bleve.NewSearchRequestOptions(q, 10, 0, false)
			for i := 0; i < b.N; i++ {
				if _, err := ix.Search(req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
