package normalize

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
)

// check verifies the invariants that every Result must keep, whatever the input.
func check(t testing.TB, r *Result, maxSentence int) {
	t.Helper()
	if !utf8.ValidString(r.Analysis) {
		t.Fatalf("analysis is not valid UTF-8: %q", r.Analysis)
	}
	if r.Chars != utf8.RuneCountInString(r.Original) {
		t.Fatalf("Chars = %d, want %d", r.Chars, utf8.RuneCountInString(r.Original))
	}
	// Every analysis rune maps to a non-empty original range, and the ranges never go back.
	prevS, prevE := 0, 0
	for x, c := range r.Analysis {
		if c == 0 || unicode.IsControl(c) && c != '\n' && c != '\t' {
			t.Fatalf("analysis byte %d holds control character %U", x, c)
		}
		w := utf8.RuneLen(c)
		s, e := r.Span(x, x+w)
		if s < 0 || e > r.Chars || s >= e {
			t.Fatalf("Span(%d, %d) of %q = (%d, %d), out of [0, %d] or empty", x, x+w, c, s, e, r.Chars)
		}
		if s < prevS || e < prevE {
			t.Fatalf("Span(%d, %d) of %q = (%d, %d) goes back from (%d, %d)", x, x+w, c, s, e, prevS, prevE)
		}
		prevS, prevE = s, e
	}
	checkCursor(t, r)
	prevEnd, prevAEnd, prevPara := 0, 0, 0
	for i, s := range r.Sentences {
		if s.AStart < prevAEnd || s.AStart >= s.AEnd || s.AEnd > len(r.Analysis) {
			t.Fatalf("sentence %d: analysis [%d, %d) after %d, of %d", i, s.AStart, s.AEnd, prevAEnd, len(r.Analysis))
		}
		if s.Start < prevEnd || s.Start >= s.End || s.End > r.Chars {
			t.Fatalf("sentence %d: [%d, %d) overlaps or is empty (previous end %d, chars %d)", i, s.Start, s.End, prevEnd, r.Chars)
		}
		if gs, ge := r.Span(s.AStart, s.AEnd); gs != s.Start || ge != s.End {
			t.Fatalf("sentence %d: [%d, %d) but Span = (%d, %d)", i, s.Start, s.End, gs, ge)
		}
		text := r.Text(s)
		if strings.TrimSpace(text) != text || text == "" {
			t.Fatalf("sentence %d %q is not trimmed", i, text)
		}
		if n := utf8.RuneCountInString(text); n > maxSentence {
			t.Fatalf("sentence %d has %d runes, more than %d", i, n, maxSentence)
		}
		if s.Paragraph < prevPara || s.Paragraph > prevPara+1 || s.Paragraph >= len(r.Paragraphs) {
			t.Fatalf("sentence %d: paragraph %d after %d of %d", i, s.Paragraph, prevPara, len(r.Paragraphs))
		}
		if p := r.Paragraphs[s.Paragraph]; s.Start < p.Start || s.End > p.End {
			t.Fatalf("sentence %d [%d, %d) outside paragraph %d [%d, %d)", i, s.Start, s.End, s.Paragraph, p.Start, p.End)
		}
		prevEnd, prevAEnd, prevPara = s.End, s.AEnd, s.Paragraph
	}
	for i := 1; i < len(r.Paragraphs); i++ {
		if r.Paragraphs[i].Start < r.Paragraphs[i-1].End {
			t.Fatalf("paragraph %d %v overlaps %v", i, r.Paragraphs[i], r.Paragraphs[i-1])
		}
	}
	if len(r.Sentences) > 0 && r.Sentences[len(r.Sentences)-1].Paragraph != len(r.Paragraphs)-1 {
		t.Fatalf("the last paragraph has no sentence")
	}
}

// checkCursor verifies that a Cursor maps every range as Span does: each rune in order, each
// sentence's two-rune ranges (as a sentence's words come), and ranges that jump back and out
// of bounds.
func checkCursor(t testing.TB, r *Result) {
	t.Helper()
	n := len(r.Analysis)
	var ranges [][2]int
	for x, c := range r.Analysis {
		ranges = append(ranges, [2]int{x, x + utf8.RuneLen(c)})
	}
	for _, s := range r.Sentences {
		for x := s.AStart; x < s.AEnd; x += 2 {
			ranges = append(ranges, [2]int{x, min(x+5, s.AEnd)})
		}
	}
	for i := 0; i <= n+1; i += 1 + n/7 {
		ranges = append(ranges, [2]int{n - i, n - i + 4}, [2]int{i - 1, i}, [2]int{i, i}, [2]int{i, i - 2})
	}
	cur := r.Cursor()
	for _, g := range ranges {
		ws, we := r.Span(g[0], g[1])
		if s, e := cur.Span(g[0], g[1]); s != ws || e != we {
			t.Fatalf("Cursor.Span(%d, %d) = (%d, %d), Span = (%d, %d), analysis %q", g[0], g[1], s, e, ws, we, r.Analysis)
		}
	}
	// snap as split uses it: at every byte in order (inside characters too), then at the
	// ranges' ends, which jump back and forth.
	snaps := make([]int, 0, n+2*len(ranges))
	for x := -1; x <= n+1; x++ {
		snaps = append(snaps, x)
	}
	for _, g := range ranges {
		snaps = append(snaps, g[1], g[0])
	}
	cur = r.Cursor()
	for _, x := range snaps {
		for _, up := range []bool{false, true} {
			if got, want := cur.snap(x, up), r.m.snap(x, up); got != want {
				t.Fatalf("Cursor.snap(%d, %v) = %d, offsetMap.snap = %d, analysis %q", x, up, got, want, r.Analysis)
			}
		}
	}
}

// checkVerbatim verifies, for text without markup, that each analysis rune that came from
// one original character alone is that character, unless cleaning or folding changed it.
func checkVerbatim(t *testing.T, r *Result) {
	t.Helper()
	orig := []rune(r.Original) // invalid bytes become U+FFFD one by one, as chars count them
	for x, c := range r.Analysis {
		s, e := r.Span(x, x+utf8.RuneLen(c))
		if e != s+1 {
			if c != '\n' {
				t.Fatalf("analysis %q at %d maps to %d characters", c, x, e-s)
			}
			continue
		}
		o := orig[s]
		if o == c {
			continue
		}
		changed := o == utf8.RuneError || unicode.IsControl(o) || o == 0x3000 || o >= 0xff01 && o <= 0xff5e || o == 0x2028 || o == 0x2029 || o == 0xa0 || invisible(o)
		if !changed {
			t.Fatalf("analysis %q at byte %d maps to original %q at %d", c, x, o, s)
		}
	}
}

// corpusFiles returns the Markdown files of the openaxo-news corpus, or nil when it is absent.
func corpusFiles(t testing.TB) []string {
	var files []string
	root := filepath.Join("..", "..", "..", "shared", "corpora", "openaxo-news")
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && d.Name() != "README.md" {
			files = append(files, p)
		}
		return nil
	})
	return files
}

// pieces of input that the random documents are made of: each rule of the package, and text.
var pieces = []string{
	"中国", "模型", "遥遥领先", "這個模型遙遙領先", "乾隆年間", "頭髮", "二噁英", "么麼",
	"。", "！", "？", "?", "!", "；", ";", "…", "……", "?!", "”", "“", "「", "」", "』", "（", "）", ")",
	"，", "、", ",", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "\x00", "\x01", "\x7f", "\u0085",
	"\xff", "\xe4\xb8", "\xc0", "\ufffd", "\u200b", "\ufeff", "\u3000", "ＡＢＣ", "１２３", "，", "？",
	"OpenAI", "GPT-5", "sora", "3.5", "a", "b",
	"# ", "## ", "**", "*", "_", "__", "~~", "~", "`", "```", "\n```\n", "[", "]", "(", ")", "](",
	"[链接](https://example.com/a_(b))", "![图](x.png)", "<br />", "<b>", "</b>", "<!--", "-->",
	"&amp;", "&nbsp;", "&#0;", "&#10;", "{#anchor}", "\n---\n", "\n===\n", "\n*** ** * ** ***\n",
	"| ", " |", "\n|---|---|\n", "\n> ", "\n- ", "\n1. ", "\n* ", "\\", "\\*", "https://a.b/c?d=1",
	"www.example.com", "<https://x.y>", "[^1]", "\n[^1]: 注", "\n[ref]: https://x.y\n",
}

// randomDoc builds a document of n pieces.
func randomDoc(rng *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}

func TestProperties(t *testing.T) {
	type input struct{ name, text string }
	var inputs []input
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		inputs = append(inputs, input{"random" + string(rune('a'+i%26)), randomDoc(rng, 1+rng.IntN(200))})
	}
	if b, err := os.ReadFile(seedPath); err == nil {
		inputs = append(inputs, input{"sora-essay", string(b)})
	}
	for _, f := range corpusFiles(t) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, input{filepath.Base(f), string(b)})
	}
	for _, md := range []bool{false, true} {
		for _, trad := range []bool{false, true} {
			for _, max := range []int{0, 7} {
				opts := Options{Markdown: md, Traditional: trad, MaxSentence: max}
				n, err := New(opts)
				if err != nil {
					t.Fatal(err)
				}
				if max == 0 {
					max = DefaultMaxSentence
				}
				for _, in := range inputs {
					r := n.Normalize(in.text)
					check(t, r, max)
					if !md && !trad {
						checkVerbatim(t, r)
					}
				}
			}
		}
	}
}

// TestTraditionalIsOpenCC checks that converting while normalizing gives what OpenCC's
// own Convert gives on the analysis text, on real text made traditional and on the pieces.
func TestTraditionalIsOpenCC(t *testing.T) {
	s2t, err := opencc.New("s2t")
	if err != nil {
		t.Fatal(err)
	}
	t2s, err := opencc.New("t2s")
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	if b, err := os.ReadFile(seedPath); err == nil {
		texts = append(texts, string(b))
	}
	files := corpusFiles(t)
	if len(files) > 20 {
		files = files[:20]
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	texts = append(texts, strings.Join(pieces, ""))
	rng := rand.New(rand.NewPCG(3, 4))
	for range 50 {
		texts = append(texts, randomDoc(rng, 100))
	}
	for _, md := range []bool{false, true} {
		plain, _ := New(Options{Markdown: md})
		trad, _ := New(Options{Markdown: md, Traditional: true})
		for i, text := range texts {
			tt, err := s2t.Convert(text)
			if err != nil {
				t.Fatal(err)
			}
			for _, in := range []string{text, tt} {
				simple := plain.Normalize(in).Analysis
				want, err := t2s.Convert(simple)
				if err != nil {
					t.Fatal(err)
				}
				if got := trad.Normalize(in).Analysis; got != want {
					t.Fatalf("markdown %v, text %d: analysis differs from opencc t2s at byte %d:\n got %q\nwant %q",
						md, i, firstDiff(got, want), clip(got, firstDiff(got, want)), clip(want, firstDiff(got, want)))
				}
			}
		}
	}
}

func firstDiff(a, b string) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return i
}

func clip(s string, at int) string {
	lo, hi := max(at-30, 0), min(at+30, len(s))
	return s[lo:hi]
}
