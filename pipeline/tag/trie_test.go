package tag

import (
	"cmp"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/coregx/ahocorasick"
)

// newAC compiles strs into the Aho–Corasick automaton the trie replaced: the reference.
func newAC(t testing.TB, strs []string) *ahocorasick.Automaton {
	t.Helper()
	ac, err := ahocorasick.NewBuilder().AddStrings(strs).Build()
	if err != nil {
		t.Fatal(err)
	}
	return ac
}

// acHits finds every occurrence of the automaton's strings in text.
func acHits(ac *ahocorasick.Automaton, text []byte) []hit {
	var hits []hit
	for _, m := range ac.FindAllOverlapping(text) {
		hits = append(hits, hit{m.PatternID, m.Start, m.End})
	}
	return hits
}

func sortHits(h []hit) []hit {
	slices.SortFunc(h, func(a, b hit) int {
		return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end), cmp.Compare(a.id, b.id))
	})
	return h
}

func compareTrie(t testing.TB, ac *ahocorasick.Automaton, tr *trie, name string, text []byte) {
	t.Helper()
	want := sortHits(acHits(ac, text))
	got := tr.findAll(text, nil)
	if !slices.Equal(got, want) {
		t.Fatalf("%s: the trie found %d occurrences, the automaton %d\n trie %v\n automaton %v", name, len(got), len(want), got, want)
	}
}

// tagStrings returns the strings the Tagger's trie holds, by ID.
func tagStrings(tg *Tagger) []string {
	strs := make([]string, len(tg.slots))
	for id, pis := range tg.slots {
		strs[id] = tg.pats[pis[0]].Text
	}
	return strs
}

// TestTrieAgainstAC checks that the trie finds, in the gold sentences, the sample corpus,
// the shared corpora and text made of overlapping patterns, the occurrences of the default
// codebook's patterns that the Aho–Corasick automaton finds.
func TestTrieAgainstAC(t *testing.T) {
	f := testFixture(t)
	strs := tagStrings(f.tg)
	var texts []string
	for _, g := range readGold(t, goldFile, f.cb) {
		texts = append(texts, g.Text)
	}
	for _, glob := range []string{"../../corpora/*/*.md", "../../corpora/*.*", "../../../shared/corpora/*/*.md", "../../../shared/seeds/*"} {
		paths, _ := filepath.Glob(glob)
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			texts = append(texts, string(foldCase(string(data))))
		}
	}
	// Patterns run together, each cut after every character: nested, crossing and
	// repeated occurrences, and prefixes that stop short.
	var b strings.Builder
	for i, s := range strs {
		b.WriteString(s)
		b.WriteString(strs[(i*7+3)%len(strs)])
		for j := range s {
			if j > 0 {
				b.WriteString(s[:j])
			}
		}
		b.WriteString("，")
	}
	texts = append(texts, b.String())
	n, ac := 0, newAC(t, strs)
	for _, text := range texts {
		compareTrie(t, ac, f.tg.trie, "text", []byte(text))
		n += len(f.tg.trie.findAll([]byte(text), nil))
	}
	if n < 1000 {
		t.Fatalf("only %d occurrences in %d texts: the comparison proves little", n, len(texts))
	}
}

// FuzzTrieAgainstAC compares the trie with the automaton on any strings ("|" separates
// them) and text, valid UTF-8.
func FuzzTrieAgainstAC(f *testing.F) {
	f.Add("泡沫|遥遥领先|领先|遥遥|a|ab|b", "遥遥领先的泡沫ab，领先")
	f.Add("aa|aaa|a", "aaaaa")
	f.Add("中美|美国|国产|产业", "中美国产业")
	f.Add("🙂|🙂🙂|x🙂", "x🙂🙂🙂")
	f.Fuzz(func(t *testing.T, patterns, text string) {
		if !utf8.ValidString(patterns) || !utf8.ValidString(text) {
			t.Skip()
		}
		var strs []string
		seen := map[string]bool{}
		for _, s := range strings.Split(patterns, "|") {
			if s != "" && !seen[s] {
				seen[s] = true
				strs = append(strs, s)
			}
		}
		if len(strs) == 0 {
			t.Skip()
		}
		compareTrie(t, newAC(t, strs), newTrie(strs), "fuzz", []byte(text))
	})
}
