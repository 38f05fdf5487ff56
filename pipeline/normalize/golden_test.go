package normalize

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/")

// TestGolden normalizes each testdata/<case>/input.* and compares a listing of the result
// with testdata/<case>/want.txt (go test -update rewrites it).
func TestGolden(t *testing.T) {
	cases := []struct {
		name string
		opts Options
	}{
		{"markdown", Options{Markdown: true, Traditional: true}},
		{"plain", Options{Traditional: true, MaxSentence: 20}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			inputs, _ := filepath.Glob(filepath.Join("testdata", c.name, "input.*"))
			if len(inputs) != 1 {
				t.Fatalf("want one input in testdata/%s, have %v", c.name, inputs)
			}
			in, err := os.ReadFile(inputs[0])
			if err != nil {
				t.Fatal(err)
			}
			n, err := New(c.opts)
			if err != nil {
				t.Fatal(err)
			}
			r := n.Normalize(string(in))
			max := c.opts.MaxSentence
			if max == 0 {
				max = DefaultMaxSentence
			}
			check(t, r, max)
			got := listing(r)
			wantPath := filepath.Join("testdata", c.name, "want.txt")
			if *update {
				if err := os.WriteFile(wantPath, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(wantPath)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("listing differs from %s (go test -update rewrites it):\n%s", wantPath, got)
			}
		})
	}
}

// listing prints a Result for a golden file: the analysis text, then each paragraph and
// sentence with its offsets, its analysis text and the original it spans.
func listing(r *Result) string {
	var b strings.Builder
	orig := []rune(r.Original)
	fmt.Fprintf(&b, "chars %d\nanalysis %q\n", r.Chars, r.Analysis)
	for i, p := range r.Paragraphs {
		fmt.Fprintf(&b, "\nparagraph %d [%d,%d)\n", i, p.Start, p.End)
		for j, s := range r.Sentences {
			if s.Paragraph != i {
				continue
			}
			fmt.Fprintf(&b, "  sentence %d [%d,%d) analysis [%d,%d) %q\n    original %q\n",
				j, s.Start, s.End, s.AStart, s.AEnd, r.Text(s), string(orig[s.Start:s.End]))
		}
	}
	return b.String()
}
