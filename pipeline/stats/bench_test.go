package stats

import "testing"

// Benchmarks over the sample corpus (272 documents, 62,415 characters): b.SetBytes is the
// UTF-8 size of the text the annotations describe, so MB/s reads as corpus text summarised
// per second.
func BenchmarkTables(b *testing.B) {
	cb, docs := sampleDocs(b)
	cases := []struct {
		name string
		fn   func() error
	}{
		{"docs", func() error { Docs(cb, docs); return nil }},
		{"groups-by-source-month", func() error { _, err := Groups(cb, docs, []string{"source", "month"}); return err }},
		{"markers", func() error { Markers(cb, docs); return nil }},
		{"cooccurrence", func() error { Cooccurrence(cb, docs); return nil }},
		{"keyness", func() error {
			_, err := Keyness(docs[:len(docs)/2], docs[len(docs)/2:], KeynessOptions{})
			return err
		}},
		{"collocates", func() error { _, err := Collocates(docs, CollocateOptions{Term: "泡沫"}); return err }},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(sample.bytes)
			b.ReportAllocs()
			for b.Loop() {
				if err := c.fn(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
