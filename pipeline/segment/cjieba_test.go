package segment

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yanyiwu/gojieba"
)

// TestCutDefaultMatchesGojieba checks that the cutter gives, word for word and offset
// for offset, what gojieba's Tokenize gives: on every sentence and every whole text of the
// sample and shared corpora, and on the probe.
func TestCutDefaultMatchesGojieba(t *testing.T) {
	s := testSegmenter(t)
	if s.cut == nil {
		t.Fatal("probe: the cutter disagrees with gojieba's Tokenize (did gojieba change? see cjieba.go)")
	}
	check := func(text string) {
		t.Helper()
		if err := sameAsGojieba(s, text); err != "" {
			t.Fatal(err)
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

// sameAsGojieba compares the cutter's words of text with gojieba's Tokenize and describes
// the first difference ("" for none).
func sameAsGojieba(s *Segmenter, text string) string {
	want := s.jieba.Tokenize(text, gojieba.DefaultMode, true)
	got := s.cut.cutDefault(text, 7, nil)
	if len(got) != len(want) {
		return fmt.Sprintf("%.40q: %d words, gojieba gives %d", text, len(got), len(want))
	}
	for i, w := range want {
		if g := got[i]; g.Text != w.Str || g.Start != w.Start+7 || g.End != w.End+7 {
			return fmt.Sprintf("%.40q: word %d is %+v, gojieba gives %+v (offsets moved by 7)", text, i, g, w)
		}
	}
	return ""
}

// TestCutDefaultMatchesGojiebaOnDictionary checks the cutter against gojieba's Tokenize on
// every word of the main dictionary, in runs of words that follow each other in the file
// (so that each word and many of its neighbours' prefixes meet the cutter's tables of the
// trie's second and third levels) and in runs of words drawn at random.
func TestCutDefaultMatchesGojiebaOnDictionary(t *testing.T) {
	s := testSegmenter(t)
	if s.cut == nil {
		t.Fatal("probe: the cutter disagrees with gojieba's Tokenize")
	}
	words := dictionaryWords(t, s)
	var b strings.Builder
	run := func(w string) {
		b.WriteString(w)
		if b.Len() >= 200 {
			if err := sameAsGojieba(s, b.String()); err != "" {
				t.Fatal(err)
			}
			b.Reset()
		}
	}
	for _, w := range words {
		run(w)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range len(words) / 2 {
		run(words[rng.IntN(len(words))])
	}
	run(strings.Repeat("。", 200))
	// One run of ~60 KB without a separator (the cutter's buffers grow past what a thread
	// keeps between calls, bigRun), then a short one (after they are let go).
	b.Reset()
	for i := 0; b.Len() < chunk-100; i += 7 {
		b.WriteString(words[i%len(words)])
	}
	for _, text := range []string{b.String(), words[0] + words[1]} {
		if err := sameAsGojieba(s, text); err != "" {
			t.Fatal(err)
		}
	}
	t.Logf("%d words", len(words))
}

// dictionaryWords returns the words of s's main dictionary.
func dictionaryWords(t testing.TB, s *Segmenter) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(s.dictDir, "jieba.dict.utf8"))
	if err != nil {
		t.Fatal(err)
	}
	var words []string
	for line := range strings.Lines(string(data)) {
		if w, _, ok := strings.Cut(line, " "); ok {
			words = append(words, w)
		}
	}
	if len(words) < 100000 {
		t.Fatalf("%d words in the dictionary: expected jieba's ~350,000", len(words))
	}
	return words
}

// FuzzCutDictionaryWords compares the cutter with gojieba's Tokenize on texts made of the
// dictionary's words, which random text seldom holds: every three bytes of the input pick a
// word, and their top bits whether a separator or a character beyond the Basic
// Multilingual Plane goes before it, or it loses its first or its last character.
func FuzzCutDictionaryWords(f *testing.F) {
	f.Add([]byte("\x00\x01\x02\x10\x20\x30\xff\xfe\xfd"))
	f.Add([]byte("huashu rhetoric of AI"))
	s := testSegmenter(f)
	if s.cut == nil {
		f.Fatal("probe: the cutter disagrees with gojieba's Tokenize")
	}
	words := dictionaryWords(f, s)
	f.Fuzz(func(t *testing.T, picks []byte) {
		var b strings.Builder
		for i := 0; i+2 < len(picks); i += 3 {
			k := int(picks[i])<<16 | int(picks[i+1])<<8 | int(picks[i+2])
			w := words[k%len(words)]
			switch k >> 21 {
			case 0:
				b.WriteString("，")
			case 1:
				b.WriteString("𠀀")
			case 2:
				_, size := utf8.DecodeRuneInString(w)
				w = w[size:]
			case 3:
				_, size := utf8.DecodeLastRuneInString(w)
				w = w[:len(w)-size]
			}
			b.WriteString(w)
		}
		if err := sameAsGojieba(s, b.String()); err != "" {
			t.Fatal(err)
		}
	})
}

// FuzzCutDefault compares the cutter with gojieba's Tokenize on any valid UTF-8 text without
// NUL (what tokenize hands it).
func FuzzCutDefault(f *testing.F) {
	for _, seed := range []string{probeText, "我们中出了一个叛徒", "AI泡沫，真的吗？ 遥遥领先!!", "2024年3月，Sora发布。\t\n𠀀𠀁", "ａｂｃ１２３，。", "欧阳娜娜和司马懿在杭研大厦见了张三丰", "iPhone15售价3.14万元，GPT4o与Claude-3.5相比", "他说：「赢麻了」。。。abc123def 4.5.6"} {
		f.Add(seed)
	}
	s := testSegmenter(f)
	if s.cut == nil {
		f.Fatal("probe: the cutter disagrees with gojieba's Tokenize")
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) || strings.IndexByte(text, 0) >= 0 {
			return
		}
		if err := sameAsGojieba(s, text); err != "" {
			t.Fatal(err)
		}
	})
}

// TestVendoredHeaders checks that the cppjieba and limonp headers in third_party, which
// cutter.cpp compiles against, are those of the gojieba module that go.mod names (so that
// the cutter reads gojieba's structures as gojieba built them). It skips where the module's
// source is not on this machine.
func TestVendoredHeaders(t *testing.T) {
	mod := filepath.Dir(gojieba.DICT_DIR) // DICT_DIR is <module>/deps/cppjieba/dict
	if _, err := os.Stat(filepath.Join(mod, "include")); err != nil {
		t.Skipf("gojieba's source is not here (%v)", err)
	}
	pairs := map[string]string{
		"../../third_party/cppjieba/include": filepath.Join(mod, "include"),
		"../../third_party/limonp/include":   filepath.Join(mod, "deps", "limonp", "include"),
	}
	for ours, theirs := range pairs {
		n := 0
		err := filepath.WalkDir(theirs, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(theirs, path)
			want, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			got, err := os.ReadFile(filepath.Join(ours, rel))
			if err != nil {
				t.Errorf("%s: missing from %s (%v)", rel, ours, err)
				return nil
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s/%s differs from gojieba's %s: copy gojieba's headers again", ours, rel, path)
			}
			n++
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Errorf("no headers in %s", theirs)
		}
	}
}

// BenchmarkCutDefault times the cutter against gojieba's Tokenize (its Go wrapper) on the
// seed essay's sentences, or the sample corpus's when the seed is absent.
func BenchmarkCutDefault(b *testing.B) {
	s := testSegmenter(b)
	in := seedOrSample(b)
	sps := sentenceSpans(in)
	for _, impl := range []string{"cutter", "gojieba"} {
		b.Run(impl, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for i := 0; i < b.N; i++ {
				for _, sp := range sps {
					if impl == "cutter" {
						s.cut.cutDefault(in[sp.Start:sp.End], 0, nil)
					} else {
						s.jieba.Tokenize(in[sp.Start:sp.End], gojieba.DefaultMode, true)
					}
				}
			}
		})
	}
}

// BenchmarkNewCutter times building a cutter over a loaded jieba (its tables), which New
// adds to jieba's load.
func BenchmarkNewCutter(b *testing.B) {
	s := testSegmenter(b)
	for b.Loop() {
		newCutter(s.jieba).free()
	}
}

// TestCutDefaultMatchesGojiebaOnWeibo compares the cutter with gojieba's Tokenize on every
// post of the NLPCC 2016 corpora in ../shared (real Weibo text: emoji beyond the Basic
// Multilingual Plane, traditional characters, URLs, hashtags, digits mixed with letters),
// whole and sentence by sentence. It skips where the corpus is absent.
func TestCutDefaultMatchesGojiebaOnWeibo(t *testing.T) {
	s := testSegmenter(t)
	if s.cut == nil {
		t.Fatal("probe: the cutter disagrees with gojieba's Tokenize")
	}
	paths, _ := filepath.Glob("../../../shared/eval/nlpcc2016/*.tsv")
	if len(paths) == 0 {
		t.Skip("../shared/eval/nlpcc2016 is not here")
	}
	posts, beyondBMP := 0, 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			fields := strings.Split(line, "\t")
			if len(fields) < 3 {
				continue
			}
			text := fields[2]
			if !utf8.ValidString(text) || strings.IndexByte(text, 0) >= 0 {
				continue
			}
			posts++
			if strings.IndexFunc(text, func(r rune) bool { return r >= 1<<16 }) >= 0 {
				beyondBMP++
			}
			if err := sameAsGojieba(s, text); err != "" {
				t.Fatalf("%s: %s", p, err)
			}
			for _, sp := range sentenceSpans(text) {
				if err := sameAsGojieba(s, text[sp.Start:sp.End]); err != "" {
					t.Fatalf("%s: %s", p, err)
				}
			}
		}
	}
	if posts < 1000 {
		t.Fatalf("read %d posts from %v: want the NLPCC corpora", posts, paths)
	}
	t.Logf("%d posts, %d with characters beyond the Basic Multilingual Plane", posts, beyondBMP)
}
