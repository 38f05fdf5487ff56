package normalize

import (
	"os"
	"strings"
	"testing"

	"github.com/longbridgeapp/opencc"
)

// benchText returns about 1 MB of real Chinese text: the seed essay repeated.
func benchText(b *testing.B) string {
	data, err := os.ReadFile(seedPath)
	if err != nil {
		b.Skipf("seed essay absent: %v", err)
	}
	return strings.Repeat(string(data)+"\n\n", 1<<20/len(data)+1)
}

func BenchmarkNormalize(b *testing.B) {
	text := benchText(b)
	s2t, err := opencc.New("s2t")
	if err != nil {
		b.Fatal(err)
	}
	traditional, err := s2t.Convert(text)
	if err != nil {
		b.Fatal(err)
	}
	var corpus strings.Builder
	for _, f := range corpusFiles(b) {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		corpus.Write(data)
		corpus.WriteString("\n\n")
	}
	cases := []struct {
		name string
		opts Options
		text string
	}{
		{"plain", Options{}, text},
		{"plain+t2s", Options{Traditional: true}, text},
		{"traditional+t2s", Options{Traditional: true}, traditional},
		{"markdown+t2s", Options{Markdown: true, Traditional: true}, corpus.String()},
		{"longline", Options{}, strings.Repeat("模型遥遥领先", 1<<20/18)},
	}
	for _, c := range cases {
		if c.text == "" {
			continue
		}
		b.Run(c.name, func(b *testing.B) {
			n, err := New(c.opts)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(c.text)))
			b.ReportAllocs()
			for b.Loop() {
				n.Normalize(c.text)
			}
		})
	}
}

// BenchmarkOpenCCConvert measures the library's own Convert on the same traditional text,
// for comparison with traditional+t2s above.
func BenchmarkOpenCCConvert(b *testing.B) {
	text := benchText(b)[:1<<18]
	s2t, _ := opencc.New("s2t")
	t2s, _ := opencc.New("t2s")
	traditional, _ := s2t.Convert(text)
	b.SetBytes(int64(len(traditional)))
	for b.Loop() {
		t2s.Convert(traditional)
	}
}
