package codebook

import (
	"slices"
	"testing"
	"unicode/utf8"
)

const mergeYAML = `name: merge
version: 1
exclusions: [泡沫箱]
frames:
  - id: competition
    terms: [遥遥领先, 领先, Sora]
    exclude: [领先地位]
  - id: bubble
    terms: [泡沫, "*概念股", 概念股]
rhetoric:
  - id: triumphalism
    terms: [遥遥领先, SORA, "GPU*", 领先地位]
  - id: slang
    terms: [遥遥领先]
targets:
  - id: us_ai
    aliases: [Sora, ＳＯＲＡ-2, "*GPT"]
  - id: china_ai
    aliases: [遥遥领先]
`

func TestPatternsMerge(t *testing.T) {
	cb, err := Parse([]byte(mergeYAML), "merge.yml")
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Text, Raw      string
		Prefix, Suffix bool
		Categories     []string
		Targets        []string
		Exclude        []string
		CatExclude     [][]string
	}
	want := []row{
		{"遥遥领先", "遥遥领先", false, false, []string{"competition", "triumphalism", "slang"}, []string{"china_ai"}, nil, [][]string{nil, nil, nil}},
		{"领先", "领先", false, false, []string{"competition"}, nil, nil, [][]string{{"领先地位"}}},
		{"sora", "Sora", false, false, []string{"competition", "triumphalism"}, []string{"us_ai"}, nil, [][]string{nil, nil}},
		{"泡沫", "泡沫", false, false, []string{"bubble"}, nil, []string{"泡沫箱"}, [][]string{nil}},
		{"概念股", "*概念股", true, false, []string{"bubble"}, nil, nil, [][]string{nil}},
		{"概念股", "概念股", false, false, []string{"bubble"}, nil, nil, [][]string{nil}},
		{"gpu", "GPU*", false, true, []string{"triumphalism"}, nil, nil, [][]string{nil}},
		{"领先地位", "领先地位", false, false, []string{"triumphalism"}, nil, nil, [][]string{nil}},
		{"sora-2", "ＳＯＲＡ-2", false, false, nil, []string{"us_ai"}, nil, nil},
		{"gpt", "*GPT", true, false, nil, []string{"us_ai"}, nil, nil},
	}
	pats := cb.Patterns()
	if len(pats) != len(want) {
		t.Fatalf("%d patterns, want %d: %+v", len(pats), len(want), pats)
	}
	for i, p := range pats {
		t.Run(p.Raw, func(t *testing.T) {
			got := row{p.Text, p.Raw, p.Prefix, p.Suffix, p.Categories, p.Targets, p.Exclude, p.CategoryExclude}
			w := want[i]
			if got.Text != w.Text || got.Raw != w.Raw || got.Prefix != w.Prefix || got.Suffix != w.Suffix ||
				!slices.Equal(got.Categories, w.Categories) || !slices.Equal(got.Targets, w.Targets) ||
				!slices.Equal(got.Exclude, w.Exclude) || len(got.CatExclude) != len(w.CatExclude) {
				t.Fatalf("got  %+v\nwant %+v", got, w)
			}
			for j := range w.CatExclude {
				if !slices.Equal(got.CatExclude[j], w.CatExclude[j]) {
					t.Errorf("CategoryExclude[%d] = %v, want %v", j, got.CatExclude[j], w.CatExclude[j])
				}
			}
		})
	}
	t.Run("per-category exclusion", func(t *testing.T) {
		p := pats[1] // 领先, excluded from competition inside 领先地位
		text := "巩固领先地位"
		m := p.FindAll(text)[0]
		if got := p.CategoriesAt(text, m.TextStart, m.TextEnd); got != nil {
			t.Errorf("CategoriesAt = %v, want nil", got)
		}
		text = "继续领先"
		m = p.FindAll(text)[0]
		if got := p.CategoriesAt(text, m.TextStart, m.TextEnd); !slices.Equal(got, []string{"competition"}) {
			t.Errorf("CategoriesAt = %v", got)
		}
	})
}

// chars converts byte offsets of a match into character offsets, for readable cases.
func chars(text string, b int) int { return utf8.RuneCountInString(text[:b]) }

func TestFindAll(t *testing.T) {
	type span struct{ Start, End, TextStart, TextEnd int } // characters
	for _, tc := range []struct {
		name, pattern, text string
		want                []span
	}{
		{"Han substring", "泡沫", "AI泡沫，泡沫！", []span{{2, 4, 2, 4}, {5, 7, 5, 7}}},
		{"case-insensitive", "Sora", "sora和SORA", []span{{0, 4, 0, 4}, {5, 9, 5, 9}}},
		{"Latin word edge", "GPT4", "GPT4o不是GPT4", []span{{7, 11, 7, 11}}},
		{"Latin next to Han", "Meta", "Meta的Llama，Metaverse", []span{{0, 4, 0, 4}}},
		{"digit edge", "H20", "H200和H20", []span{{5, 8, 5, 8}}},
		{"hyphen is an edge", "GPT-4", "GPT-4o和GPT-4。", []span{{7, 12, 7, 12}}},
		{"leading glob takes Latin", "*概念股", "AI概念股与算力概念股", []span{{0, 5, 2, 5}, {8, 11, 8, 11}}},
		{"leading glob, zero characters", "*概念股", "概念股", []span{{0, 3, 0, 3}}},
		{"trailing glob", "GPU*", "GPUs、GPU集群和eGPU", []span{{0, 4, 0, 3}, {5, 8, 5, 8}}},
		{"leading glob lifts the edge", "*GPT", "ChatGPT与GPTs", []span{{0, 7, 4, 7}}},
		{"both globs", "*GPT*", "ChatGPT4o！", []span{{0, 9, 4, 7}}},
		{"glob stops at space", "GPT*", "GPT 4", []span{{0, 3, 0, 3}}},
		{"no overlap", "哈哈", "哈哈哈哈哈", []span{{0, 2, 0, 2}, {2, 4, 2, 4}}},
		{"case beyond ASCII", "Éclair", "ÉCLAIR和éclair", []span{{0, 6, 0, 6}, {7, 13, 7, 13}}},
		{"rejected occurrence then a good one", "GPT", "GPTs GPT", []span{{5, 8, 5, 8}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := keyOf(tc.pattern)
			p := &Pattern{Text: k.text, Raw: tc.pattern, Prefix: k.prefix, Suffix: k.suffix}
			var got []span
			for _, m := range p.FindAll(tc.text) {
				got = append(got, span{chars(tc.text, m.Start), chars(tc.text, m.End),
					chars(tc.text, m.TextStart), chars(tc.text, m.TextEnd)})
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestDictWords(t *testing.T) {
	cb, err := Parse([]byte(mergeYAML), "merge.yml")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"概念股", "泡沫", "遥遥领先", "领先", "领先地位"}
	if got := cb.DictWords(); !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	words := mustDefault(t).DictWords()
	for _, w := range []string{"遥遥领先", "断层式领先", "错失了一个时代", "美国AI", "iPhone时刻", "概念股"} {
		if !slices.Contains(words, w) {
			t.Errorf("default DictWords lacks %q", w)
		}
	}
	for _, w := range []string{"Sora", "GPT-4", "H100"} {
		if slices.Contains(words, w) {
			t.Errorf("default DictWords has %q, which has no Han character", w)
		}
	}
	if !slices.IsSorted(words) || len(slices.Compact(slices.Clone(words))) != len(words) {
		t.Errorf("DictWords not sorted and unique")
	}
}

// TestSpanPlainEdges checks the shortcut that Patterns sets for patterns without stars or
// Latin edges: Span gives what the full check gives, for every pattern of the default
// codebook, with a letter, a digit, a Han character or nothing on either side.
func TestSpanPlainEdges(t *testing.T) {
	cb, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	plain := 0
	for _, p := range cb.Patterns() {
		full := p
		full.plainEdges = false
		if p.plainEdges {
			plain++
		}
		for _, side := range []string{"", "a", "7", "中"} {
			text := side + p.Text + side
			start, end := len(side), len(side)+len(p.Text)
			s, e, ok := p.Span(text, start, end)
			ws, we, wok := full.Span(text, start, end)
			if s != ws || e != we || ok != wok {
				t.Errorf("%q in %q: Span = %d, %d, %v, full check %d, %d, %v", p.Raw, text, s, e, ok, ws, we, wok)
			}
		}
	}
	if plain == 0 {
		t.Error("no pattern of the default codebook has plain edges")
	}
}
