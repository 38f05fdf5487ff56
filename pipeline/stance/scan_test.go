package stance

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/huashu/huashu/pipeline/segment"
)

// TestDecodeRune compares decodeRune with utf8.DecodeRuneInString on every sequence of up to
// three bytes that begins with a byte of a three-byte character, whole and cut short.
func TestDecodeRune(t *testing.T) {
	buf := make([]byte, 3)
	for c := 0xE0; c <= 0xEF; c++ {
		for b1 := range 256 {
			for b2 := range 256 {
				buf[0], buf[1], buf[2] = byte(c), byte(b1), byte(b2)
				for n := 1; n <= 3; n++ {
					s := string(buf[:n])
					r, size := decodeRune(s, 0)
					wr, wsize := utf8.DecodeRuneInString(s)
					if r != wr || size != wsize {
						t.Fatalf("% x: got %U %d, want %U %d", buf[:n], r, size, wr, wsize)
					}
				}
			}
		}
	}
	for _, s := range []string{"a", "é", "中文", "😀", "\xff", "\x80中"} {
		r, size := decodeRune(s, 0)
		if wr, wsize := utf8.DecodeRuneInString(s); r != wr || size != wsize {
			t.Errorf("%q: got %U %d, want %U %d", s, r, size, wr, wsize)
		}
	}
}

// TestIndex checks wordIndex.index against its definition, offset by offset: the character
// as utf8.DecodeRuneInString reads it there, and the lists with a word that is a prefix of
// the text there (found by trying every word), and lexiconAt against the lexicon's words.
func TestIndex(t *testing.T) {
	r, _ := testEnv(t)
	words := map[string]listMask{}
	for w := range r.lexicon.words {
		words[w] |= lexiconBit
	}
	for _, l := range cueLists {
		for _, w := range l.words {
			words[w] |= l.bit
		}
	}
	for _, ps := range []*patternSet{&r.aliases, &r.stancePatterns} {
		for _, ks := range ps.byFirst {
			for _, k := range ks {
				words[ps.pats[k].Text] |= ps.bit
			}
		}
	}
	texts := []string{
		"", "a", "不", "并非泡沫。", "DeepSeek比GPT-4便宜得多。", "deepseek遥遥领先！",
		"“遥遥领先”的国产大模型？", "不\xff强大", "\x80\x80所谓的突破", "强\xe4\xb8", "超越😀GPT-4",
		"全角ＡＩ　与 tab\t和\n换行", "e4\xe4\xb8\xad", "\xed\xa0\x80不如", "DeepSeek超越OpenAI",
	}
	for _, it := range []string{"testdata/gold.tsv", "testdata/heldout.tsv"} {
		data, err := os.ReadFile(it)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(data), "\n") {
			if cols := strings.Split(l, "\t"); len(cols) == 5 {
				texts = append(texts, cols[4])
			}
		}
	}
	for _, orig := range texts {
		lists := make([]listMask, len(orig)+1)
		chars := make([]charInfo, len(orig)+1)
		runes, all, upper := r.index.index(orig, lists, chars, nil)
		text := asciiLower(orig)
		if upper != (text != orig) {
			t.Errorf("%q: upper %t", orig, upper)
		}
		var wantRunes []rune
		var wantAll listMask
		for i := 0; i <= len(text); i++ {
			var want listMask
			var wantChar charInfo
			if i < len(text) {
				for w, m := range words {
					if strings.HasPrefix(text[i:], w) {
						want |= m
					}
				}
				r, size := utf8.DecodeRuneInString(text[i:])
				wantChar = classify(r, size)
			}
			if lists[i] != want {
				t.Errorf("%q at byte %d: lists %b, want %b", text, i, lists[i], want)
			}
			if chars[i] != wantChar {
				t.Errorf("%q at byte %d: char %08b, want %08b", text, i, chars[i], wantChar)
			}
			wantAll |= want
		}
		for i := 0; i < len(text); {
			r, size := utf8.DecodeRuneInString(text[i:])
			if r == utf8.RuneError && size == 1 {
				r = noRune
			}
			wantRunes = append(wantRunes, r)
			i += size
		}
		if !slices.Equal(runes, wantRunes) {
			t.Errorf("%q: runes %q, want %q", text, runes, wantRunes)
		}
		if all != wantAll {
			t.Errorf("%q: all %b, want %b", text, all, wantAll)
		}
		for k, i := 0, 0; k < len(runes); k, i = k+1, i+chars[i].size() {
			var want []lexiconMatch
			for w, v := range r.lexicon.words {
				if strings.HasPrefix(text[i:], w) {
					want = append(want, lexiconMatch{len(w), v})
				}
			}
			slices.SortFunc(want, func(a, b lexiconMatch) int { return b.n - a.n })
			if got := r.index.lexiconAt(runes[k:], nil); !slices.Equal(got, want) {
				t.Errorf("%q at byte %d: lexicon %v, want %v", text, i, got, want)
			}
		}
	}
}

// BenchmarkIndex times wordIndex.index alone (one walk of the trie per character) over
// the sentences of the sample essays.
func BenchmarkIndex(b *testing.B) {
	r, _ := testEnv(b)
	files, _ := filepath.Glob("../../corpora/essays/*.md")
	if len(files) == 0 {
		b.Skip("sample essays not available")
	}
	var texts []string
	size := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		ins, _ := splitSentences(string(data), nil)
		for _, in := range ins {
			texts = append(texts, in.Text)
			size += len(in.Text)
		}
	}
	lists := make([]listMask, size+1)
	chars := make([]charInfo, size+1)
	runes := make([]rune, 0, size+1)
	b.SetBytes(int64(size))
	b.ResetTimer()
	for range b.N {
		for _, t := range texts {
			runes, _, _ = r.index.index(t, lists[:len(t)+1], chars[:len(t)+1], runes)
		}
	}
}

// TestTokensOutOfOrder reads sentences with jieba's tokens, which serve as their own spans,
// and again with the same tokens shuffled and with invalid ones added, which need spans of
// their own: every offset's token and the hits found must be the same.
func TestTokensOutOfOrder(t *testing.T) {
	r, seg := testEnv(t)
	for _, text := range []string{
		"DeepSeek比GPT-4便宜得多。", "国产大模型并非泡沫，但也谈不上遥遥领先。", "想象中好用的Sora不如Kimi好用吗？",
	} {
		t.Run(text, func(t *testing.T) {
			toks := seg.Tokenize(text)
			mixed := slices.Clone(toks)
			slices.Reverse(mixed)
			mixed = append(mixed, segment.Token{Start: -1, End: 2}, segment.Token{Start: 3, End: 3}, segment.Token{Start: 0, End: len(text) + 1})
			mem := getDocMemory([]Input{{Text: text, Tokens: toks}, {Text: text, Tokens: mixed}})
			defer mem.release()
			a := r.read(mem, text, toks, nil, false, false)
			b := r.read(mem, text, mixed, nil, false, false)
			if a.spans != nil || b.spans == nil {
				t.Fatalf("spans: in order %v, mixed %v; want nil, then spans", a.spans, b.spans)
			}
			for i := 0; i <= len(text); i++ {
				as, ae := a.tokenAround(i)
				bs, be := b.tokenAround(i)
				if as != bs || ae != be {
					t.Errorf("byte %d: token %d-%d in order, %d-%d mixed", i, as, ae, bs, be)
				}
			}
			if !reflect.DeepEqual(a.hits, b.hits) {
				t.Errorf("hits differ:\n in order %+v\n    mixed %+v", a.hits, b.hits)
			}
		})
	}
}

// TestCharSeeker asks a charSeeker for character offsets in and out of order, past the end
// and across sentences, against counting from the start each time.
func TestCharSeeker(t *testing.T) {
	texts := []string{"DeepSeek比GPT-4便宜\xff得多。", "国产大模型", ""}
	asks := [][2]int{{0, 3}, {0, 9}, {0, 9}, {0, 2}, {0, 40}, {0, 12}, {1, 4}, {1, 1}, {0, 5}, {2, 0}, {2, 3}, {1, 7}, {1, 0}}
	c := charSeeker{sentence: -1}
	for _, a := range asks {
		text := texts[a[0]]
		want := 0
		for k := 0; k < a[1] && want < len(text); k++ {
			_, size := utf8.DecodeRuneInString(text[want:])
			want += size
		}
		if got := c.byteOffset(a[0], text, a[1]); got != want {
			t.Errorf("sentence %d, character %d: byte %d, want %d", a[0], a[1], got, want)
		}
	}
}

// TestDoneReusesTables reads sentences one at a time as Score does: each sentence's tables
// are cut from the same arrays, sized for the longest sentence, and come to the next one
// cleared; and a sentence read after done gets the same hits as one read alone.
func TestDoneReusesTables(t *testing.T) {
	r, seg := testEnv(t)
	texts := []string{"国产大模型并非泡沫，但也谈不上遥遥领先。", "DeepSeek比GPT-4便宜得多。", "想象中好用的Sora不如Kimi好用吗？"}
	ins := make([]Input, len(texts))
	for i, text := range texts {
		ins[i] = Input{Text: text, Tokens: seg.Tokenize(text)}
	}
	mem := getDocMemory(ins)
	defer mem.release()
	longest := len(texts[0]) + 1
	if len(mem.all.lists) != longest || len(mem.all.flags) != 2*longest {
		t.Fatalf("tables of %d and %d entries, want %d and %d (the longest sentence)", len(mem.all.lists), len(mem.all.flags), longest, 2*longest)
	}
	var first *listMask
	for i, in := range ins {
		s := r.read(mem, in.Text, in.Tokens, nil, false, false)
		if first == nil {
			first = &s.lists[0]
		} else if &s.lists[0] != first {
			t.Errorf("sentence %d: tables not cut from the memory's arrays", i)
		}
		alone := getDocMemory(ins[i : i+1])
		want := r.read(alone, in.Text, in.Tokens, nil, false, false)
		if !reflect.DeepEqual(s.hits, want.hits) || s.question != want.question || s.any != want.any {
			t.Errorf("sentence %d read after others: hits %+v, want %+v", i, s.hits, want.hits)
		}
		alone.release()
		mem.done(s)
		if s.lists != nil || s.starts != nil {
			t.Errorf("sentence %d keeps its tables after done", i)
		}
		for j, l := range mem.all.lists {
			if l != 0 || mem.all.chars[j] != 0 {
				t.Fatalf("sentence %d: tables not cleared at byte %d", i, j)
			}
		}
	}
}
