package codebook

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites the file under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
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
		t.Errorf("%s differs from the output (run go test -update after checking the diff):\n%s", path, firstDiff(got, want))
	}
}

func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n got  " + gl + "\n want " + wl
		}
	}
	return ""
}

// sameEntries compares two codebooks' IDs, kinds and patterns (folded, as sets per entry).
func sameEntries(t *testing.T, got, want *Codebook) {
	t.Helper()
	type entry struct {
		kind string
		pats []string
	}
	entries := func(cb *Codebook) map[string]entry {
		m := map[string]entry{}
		add := func(id, kind string, pats []string) {
			var keys []string
			for _, p := range pats {
				k := keyOf(p)
				keys = append(keys, strings.Repeat("*", b2i(k.prefix))+k.text+strings.Repeat("*", b2i(k.suffix)))
			}
			slices.Sort(keys)
			m[id] = entry{kind, keys}
		}
		for _, c := range cb.Categories() {
			add(c.ID, c.Kind, c.Terms)
		}
		for _, tg := range cb.Targets {
			add(tg.ID, kindTarget, tg.Aliases)
		}
		return m
	}
	g, w := entries(got), entries(want)
	if len(g) != len(w) {
		t.Errorf("%d entries, want %d", len(g), len(w))
	}
	for id, we := range w {
		ge, ok := g[id]
		switch {
		case !ok:
			t.Errorf("%s: missing", id)
		case ge.kind != we.kind:
			t.Errorf("%s: kind %s, want %s", id, ge.kind, we.kind)
		case !slices.Equal(ge.pats, we.pats):
			t.Errorf("%s: patterns\n got  %v\n want %v", id, ge.pats, we.pats)
		}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// runCut cuts Latin-and-digit runs whole and Han text into pairs of characters, every other
// character alone: a segmenter of its own, different from jieba, for the round trip.
func runCut(s string) []string {
	var out []string
	rs := []rune(s)
	for i := 0; i < len(rs); {
		j := i + 1
		switch {
		case isWordRune(rs[i]):
			for j < len(rs) && isWordRune(rs[j]) {
				j++
			}
		case unicode.Is(unicode.Han, rs[i]) && j < len(rs) && unicode.Is(unicode.Han, rs[j]):
			j++
		}
		out = append(out, string(rs[i:j]))
		i = j
	}
	return out
}

func TestQuantedaRoundTrip(t *testing.T) {
	cb := mustDefault(t)
	for _, tc := range []struct {
		name string
		cut  func(string) []string
	}{
		{"whole patterns", nil},
		{"pairs of characters", runCut},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := cb.WriteQuanteda(&buf, tc.cut); err != nil {
				t.Fatal(err)
			}
			back, err := ReadQuanteda(bytes.NewReader(buf.Bytes()), "default.quanteda.yml")
			if err != nil {
				t.Fatal(err)
			}
			sameEntries(t, back, cb)
			// exact spelling and order survive, not only the folded sets
			for i, c := range cb.Categories() {
				if !slices.Equal(back.Categories()[i].Terms, c.Terms) {
					t.Errorf("%s: terms %v, want %v", c.ID, back.Categories()[i].Terms, c.Terms)
				}
			}
			for i, tg := range cb.Targets {
				if !slices.Equal(back.Targets[i].Aliases, tg.Aliases) {
					t.Errorf("%s: aliases %v, want %v", tg.ID, back.Targets[i].Aliases, tg.Aliases)
				}
			}
		})
	}
	t.Run("split form", func(t *testing.T) {
		var buf bytes.Buffer
		if err := cb.WriteQuanteda(&buf, runCut); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`"遥遥 领先"`, `"错失 了一 个时 代"`, `"*概念 股"`, `"GPT - 4o"`, `"GPU*"`} {
			if !strings.Contains(buf.String(), want) {
				t.Errorf("output lacks %s", want)
			}
		}
	})
}

func TestLIWCRoundTrip(t *testing.T) {
	cb := mustDefault(t)
	var buf bytes.Buffer
	if err := cb.WriteLIWC(&buf); err != nil {
		t.Fatal(err)
	}
	golden(t, "default.dic", buf.Bytes())
	back, err := ReadLIWC(bytes.NewReader(buf.Bytes()), "default.dic")
	if err != nil {
		t.Fatal(err)
	}
	sameEntries(t, back, cb)
	if !strings.Contains(buf.String(), "\n遥遥领先\t1\t11\t16\n") {
		t.Errorf("遥遥领先 is not one line with competition, triumphalism and slang")
	}
}

func TestReadQuanteda(t *testing.T) {
	const dict = `# a dictionary written by hand in R
bubble: [泡沫, "割 韭菜", "*概念 股"]
Hype Words:
  - 炸裂
  - "Sam Altman"
economy:
  jobs: [失业, 裁员]
  growth: 生产力
triumphalism: [遥遥领先]
us_ai: [Sora, "GPT - 4"]
empty: []
`
	cb, err := ReadQuanteda(strings.NewReader(dict), "hand.yml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		id, kind string
		pats     []string
	}{
		{"bubble", KindFrame, []string{"泡沫", "割韭菜", "*概念股"}},
		{"hype_words", KindFrame, []string{"炸裂", "Sam Altman"}},
		{"economy_jobs", KindFrame, []string{"失业", "裁员"}},
		{"economy_growth", KindFrame, []string{"生产力"}},
		{"triumphalism", KindRhetoric, []string{"遥遥领先"}},
		{"us_ai", kindTarget, []string{"Sora", "GPT-4"}},
	} {
		t.Run(tc.id, func(t *testing.T) {
			var got []string
			kind := kindTarget
			if c := cb.Category(tc.id); c != nil {
				got, kind = c.Terms, c.Kind
			} else if tg := cb.Target(tc.id); tg != nil {
				got = tg.Aliases
			} else {
				t.Fatalf("no %s in %v %v", tc.id, cb.FrameIDs(), cb.TargetIDs())
			}
			if kind != tc.kind || !slices.Equal(got, tc.pats) {
				t.Errorf("%s %v, want %s %v", kind, got, tc.kind, tc.pats)
			}
		})
	}
	if cb.Category("empty") != nil {
		t.Errorf("an empty category was kept")
	}
	if cb.Category("hype_words").En != "Hype Words" {
		t.Errorf("label %q", cb.Category("hype_words").En)
	}
	if _, err := Parse(cb.Raw, "again.yml"); err != nil {
		t.Errorf("the imported codebook's YAML does not parse: %v", err)
	}
}

func TestReadLIWC(t *testing.T) {
	const dic = "\ufeff%\n01\tbubble\n2\tslang (网络用语)\n3\tus_ai\n%\n泡沫\t1\n割韭菜\t1\t2\n卡脖子 02\nSam Altman 3\nsora\t3\nSora\t3\n"
	cb, err := ReadLIWC(strings.NewReader(dic), "hand.dic")
	if err != nil {
		t.Fatal(err)
	}
	if got := cb.Category("bubble").Terms; !slices.Equal(got, []string{"泡沫", "割韭菜"}) {
		t.Errorf("bubble %v", got)
	}
	if got := cb.RhetoricIDs(); !slices.Equal(got, []string{"slang"}) {
		t.Errorf("rhetoric %v, want [slang]", got)
	}
	if got := cb.Targets[0].Aliases; !slices.Equal(got, []string{"Sam Altman", "sora"}) {
		t.Errorf("us_ai %v (case variants are kept once)", got)
	}
}

func TestReadErrors(t *testing.T) {
	for _, tc := range []struct {
		name, format, input, want string
	}{
		{"quanteda not a mapping", "quanteda", "- a\n- b\n", "d:1:1: want a mapping"},
		{"quanteda nested list", "quanteda", "bubble:\n  - [a, b]\n", "d:2:5: category \"bubble\": a pattern must be a string"},
		{"quanteda bad pattern", "quanteda", "bubble: [\"泡*沫\"]\n", "'*' is allowed only at the start or end"},
		{"quanteda syntax", "quanteda", "bubble: [a\n", "d:1: did not find expected"},
		{"LIWC no header", "liwc", "泡沫\t1\n", "d:1: want % before the category list"},
		{"LIWC unknown number", "liwc", "%\n1\tbubble\n%\n泡沫\t1\n炒作\t7\n", "d:5: word \"炒作\": category number 7 is not in the header"},
		{"LIWC conditional", "liwc", "%\n1\tbubble\n2\tx\n%\nlike\t02 134/125\n", "d:5: want a word and its category numbers"},
		{"LIWC unclosed", "liwc", "%\n1\tbubble\n", "d:2: the category list is not closed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if tc.format == "liwc" {
				_, err = ReadLIWC(strings.NewReader(tc.input), "d")
			} else {
				_, err = ReadQuanteda(strings.NewReader(tc.input), "d")
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestRejoin(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"中美 竞争", "中美竞争"},
		{"GPT - 4o", "GPT-4o"},
		{"Sam  Altman", "Sam Altman"},
		{"美国 AI", "美国AI"},
		{"iPhone 时刻", "iPhone时刻"},
		{"*概念 股", "*概念股"},
		{"GPT - 3.5", "GPT-3.5"},
		{"GPT - 4 o", "GPT-4o"},
		{"7 nm", "7nm"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := rejoin(tc.in); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
