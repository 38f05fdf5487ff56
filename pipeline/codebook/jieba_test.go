package codebook_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/segment"
)

// newSegmenter builds a real gojieba segmenter with words kept whole, or skips when the
// jieba dictionaries cannot be found on this machine.
func newSegmenter(t *testing.T, words []string) *segment.Segmenter {
	t.Helper()
	seg, err := segment.New(segment.Options{Words: words})
	if err != nil {
		t.Skipf("no jieba dictionaries: %v", err)
	}
	t.Cleanup(func() { seg.Close() })
	return seg
}

// TestQuantedaJieba exports the default codebook split by plain jieba (as an R user's
// jiebaR would cut the text), compares it with a golden file, and reads it back.
func TestQuantedaJieba(t *testing.T) {
	cb, err := codebook.Default()
	if err != nil {
		t.Fatal(err)
	}
	seg := newSegmenter(t, nil)
	var buf bytes.Buffer
	if err := cb.WriteQuanteda(&buf, seg.Cut); err != nil {
		t.Fatal(err)
	}
	goldenFile(t, "default.quanteda.yml", buf.Bytes())
	for _, want := range []string{`"中美 竞争"`, `"AI 芯片"`, `"GPT - 4 o"`, `"7 nm"`, `"iPhone 时刻"`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("plain jieba output lacks %s", want)
		}
	}
	back, err := codebook.ReadQuanteda(&buf, "default.quanteda.yml")
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cb.Categories() {
		if got := back.Categories()[i]; got.ID != c.ID || !slices.Equal(got.Terms, c.Terms) {
			t.Errorf("%s: read back as %s %v", c.ID, got.ID, got.Terms)
		}
	}
	for i, tg := range cb.Targets {
		if got := back.Targets[i]; got.ID != tg.ID || !slices.Equal(got.Aliases, tg.Aliases) {
			t.Errorf("%s: read back as %s %v", tg.ID, got.ID, got.Aliases)
		}
	}
}

// TestDictWordsKeepPatternsWhole checks that jieba, given DictWords, keeps the codebook's
// phrases one word, in context, as the tag stage's short-pattern rule and quanteda need.
func TestDictWordsKeepPatternsWhole(t *testing.T) {
	cb, err := codebook.Default()
	if err != nil {
		t.Fatal(err)
	}
	seg := newSegmenter(t, cb.DictWords())
	for _, tc := range []struct{ text, word string }{
		{"美国又一次遥遥领先了。", "遥遥领先"},
		{"国产芯片断层式领先。", "断层式领先"},
		{"他说中国错失了一个时代。", "错失了一个时代"},
		{"这也就那么回事吧", "也就那么回事"},
		{"股市的韭菜又被割韭菜", "割韭菜"},
	} {
		t.Run(tc.word, func(t *testing.T) {
			if words := seg.Cut(tc.text); !slices.Contains(words, tc.word) {
				t.Errorf("Cut(%q) = %q: %s is not one word", tc.text, words, tc.word)
			}
		})
	}
	var buf bytes.Buffer
	if err := cb.WriteQuanteda(&buf, seg.Cut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"遥遥领先"`) {
		t.Errorf("with the codebook's words, 遥遥领先 is still split")
	}
}

func goldenFile(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if codebook.UpdateFlag() {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output; run go test -update after checking the diff", path)
	}
}
