package normalize

import (
	"strings"
	"testing"
)

// FuzzNormalize checks that Normalize never panics and keeps its invariants on any input:
// go test -fuzz FuzzNormalize ./pipeline/normalize/
func FuzzNormalize(f *testing.F) {
	f.Add("他说：“我们赢了。”然后走了。", false, false)
	f.Add("## 標題 {#a}\n\n**遙遙領先**，[鏈接](http://x.cn/(a))？\n| a | b |\n|---|---|\n", true, true)
	f.Add("ab\xffc\xe4\xb8d\x00。\r\n\r\nＡＢＣ　１２３", false, true)
	f.Add(strings.Join(pieces, ""), true, false)
	normalizers := map[[2]bool]*Normalizer{}
	for _, md := range []bool{false, true} {
		for _, trad := range []bool{false, true} {
			n, err := New(Options{Markdown: md, Traditional: trad, MaxSentence: 40})
			if err != nil {
				f.Fatal(err)
			}
			normalizers[[2]bool{md, trad}] = n
		}
	}
	f.Fuzz(func(t *testing.T, in string, md, trad bool) {
		r := normalizers[[2]bool{md, trad}].Normalize(in)
		check(t, r, 40)
		for _, x := range []int{-1, 0, 1, len(r.Analysis) / 2, len(r.Analysis), len(r.Analysis) + 1} {
			if s, e := r.Span(x, x+3); s < 0 || e > r.Chars || s > e {
				t.Fatalf("Span(%d, %d) = (%d, %d) out of [0, %d]", x, x+3, s, e, r.Chars)
			}
		}
	})
}
