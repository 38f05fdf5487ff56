package segment

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// spanTexts returns the texts to cut: the sample corpus's files, the shared news articles (in
// folders by year and month) and the real essay when present, and cases written here.
func spanTexts(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, pattern := range []string{"../../corpora/*", "../../corpora/essays/*", "../../../shared/corpora/openaxo-news/*/*/*.md", "../../../shared/seeds/*.txt"} {
		paths, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil || !utf8.Valid(data) {
				continue
			}
			out = append(out, string(data))
		}
	}
	if len(out) < 40 {
		t.Fatalf("found %d texts to cut: want the sample corpus", len(out))
	}
	return append(out,
		"真的吗？是的。他说：“遥遥领先！”然后呢……没有了。 OpenAI 发布 GPT-4，  国产大模型\t追赶。",
		"。。，，  \n\n开头就是标点。结尾没有标点",
		"a。b，c d\te\nf？g！h；i…j")
}

// sentenceSpans splits text after each 。！？；… and newline, leaving the white space between
// sentences out of the spans, as normalize's sentences do.
func sentenceSpans(text string) []Span {
	var out []Span
	start := 0
	flush := func(end int) {
		s, e := start, end
		for s < e && (text[s] == ' ' || text[s] == '\n' || text[s] == '\t') {
			s++
		}
		for e > s && (text[e-1] == ' ' || text[e-1] == '\n' || text[e-1] == '\t') {
			e--
		}
		if e > s {
			out = append(out, Span{s, e})
		}
		start = end
	}
	for i, r := range text {
		if strings.ContainsRune("。！？；…\n", r) {
			flush(i + utf8.RuneLen(r))
		}
	}
	flush(len(text))
	return out
}

// randomSpans cuts text at random rune boundaries into spans, some with gaps between them.
func randomSpans(text string, rng *rand.Rand) []Span {
	var cuts []int
	for i := range text {
		if i > 0 && rng.Intn(12) == 0 {
			cuts = append(cuts, i)
		}
	}
	cuts = append(cuts, len(text))
	var out []Span
	start := 0
	for _, c := range cuts {
		s := start
		if rng.Intn(4) == 0 && s < c { // leave the span's first character out: a gap
			_, size := utf8.DecodeRuneInString(text[s:])
			s += size
		}
		if s < c {
			out = append(out, Span{s, c})
		}
		start = c
	}
	return out
}

// TestTokenizeSpans checks that TokenizeSpans gives, span by span, what one Tokenize call per
// span gives, on sentence spans and random spans of real texts.
func TestTokenizeSpans(t *testing.T) {
	s := testSegmenter(t)
	rng := rand.New(rand.NewSource(1))
	calls, spans := 0, 0
	for i, text := range spanTexts(t) {
		for kind, sps := range map[string][]Span{"sentences": sentenceSpans(text), "random": randomSpans(text, rng)} {
			got := s.TokenizeSpans(text, sps)
			if len(got) != len(sps) {
				t.Fatalf("text %d, %s: %d token lists for %d spans", i, kind, len(got), len(sps))
			}
			for k, sp := range sps {
				want := s.Tokenize(text[sp.Start:sp.End])
				if len(want) == 0 && len(got[k]) == 0 {
					continue
				}
				if !reflect.DeepEqual(got[k], want) {
					t.Fatalf("text %d, %s span %d %q:\n got %v\nwant %v", i, kind, k, text[sp.Start:sp.End], got[k], want)
				}
			}
			spans += len(sps)
			for k := 0; k < len(sps); {
				j := k + 1
				for j < len(sps) && sps[j].End-sps[k].Start <= maxRun && cutBetween(text, sps[j-1].End, sps[j].Start) {
					j++
				}
				calls++
				k = j
			}
		}
	}
	t.Logf("%d spans in %d calls to jieba", spans, calls)
	if calls*10 > spans*9 {
		t.Errorf("%d calls for %d spans: spans are hardly ever joined", calls, spans)
	}
}

func BenchmarkTokenizeSpans(b *testing.B) {
	s := testSegmenter(b)
	in := seedOrSample(b)
	sps := sentenceSpans(in)
	for _, mode := range []string{"each", "joined"} {
		b.Run(fmt.Sprint(mode), func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for i := 0; i < b.N; i++ {
				if mode == "joined" {
					s.TokenizeSpans(in, sps)
					continue
				}
				for _, sp := range sps {
					s.Tokenize(in[sp.Start:sp.End])
				}
			}
		})
	}
}
