package search

import (
	"reflect"
	"strings"
	"testing"

	"github.com/huashu/huashu/pipeline/index"
	"github.com/huashu/huashu/pipeline/normalize"
)

func TestConcordance(t *testing.T) {
	text := "今天你“遥遥领先”了吗？\n我的回答是：先让我用一个月再说。"
	runes := []rune(text)
	tests := []struct {
		name    string
		spans   []Span
		context int
		want    []Line
	}{
		{"middle", []Span{{4, 8}}, 3, []Line{{Start: 4, End: 8, Left: "天你“", Keyword: "遥遥领先", Right: "”了吗"}}},
		{"clipped at start, line break", []Span{{0, 2}}, 5, []Line{{Start: 0, End: 2, Left: "", Keyword: "今天", Right: "你“遥遥领"}}},
		{"line break in context", []Span{{13, 15}}, 3, []Line{{Start: 13, End: 15, Left: "吗？ ", Keyword: "我的", Right: "回答是"}}},
		{"clipped at end", []Span{{28, 29}}, 4, []Line{{Start: 28, End: 29, Left: "个月再说", Keyword: "。", Right: ""}}},
		{"outside and empty spans skipped", []Span{{-1, 2}, {3, 3}, {29, 31}}, 4, []Line{}},
		{"zero context", []Span{{4, 8}}, 0, []Line{{Start: 4, End: 8, Keyword: "遥遥领先"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Concordance("", text, runes, tt.spans, tt.context)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Concordance(%v, %d)\n got %+v\nwant %+v", tt.spans, tt.context, got, tt.want)
			}
		})
	}
}

// TestConcordanceShown checks KWIC lines of a Markdown text: markup is left out and does
// not count as context, a <br /> or a table border shows as a space, offsets stay those of
// the original text.
func TestConcordanceShown(t *testing.T) {
	text := "## 泡沫之辩\n\n这**不是**[泡沫](https://x.cn/a)，<br />是**算力**。\n\n| 年份 | 泡沫 |\n|---|---|\n"
	n, err := normalize.New(normalize.Options{Markdown: true})
	if err != nil {
		t.Fatal(err)
	}
	runes := []rune(text)
	vis := n.Normalize(text).Visibility()
	spans := FindAll(runes, "泡沫", nil)
	if len(spans) != 3 {
		t.Fatalf("FindAll found %d 泡沫, want 3", len(spans))
	}
	got := ConcordanceShown("d", runes, vis, spans, 4)
	want := []Line{
		{DocID: "d", Start: 3, End: 5, Left: "", Keyword: "泡沫", Right: "之辩 "},         // 之辩 and two line breaks
		{DocID: "d", Start: 17, End: 19, Left: " 这不是", Keyword: "泡沫", Right: "， 是算力"}, // ** [ ]( ) hidden, <br /> a space
		{DocID: "d", Start: 60, End: 62, Left: "年份 ", Keyword: "泡沫", Right: " "},      // the cell borders are spaces
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ConcordanceShown\n got %+v\nwant %+v", got, want)
	}
	for _, l := range got {
		if string(runes[l.Start:l.End]) != l.Keyword {
			t.Errorf("line %+v: the original text at its offsets is %q", l, string(runes[l.Start:l.End]))
		}
	}
	if plain := ConcordanceShown("d", runes, nil, spans[:1], 4); plain[0].Right != "之辩 " || plain[0].Left != "## " {
		t.Errorf("without visibility: %+v, want the text as it is", plain[0])
	}
}

func TestFindAll(t *testing.T) {
	tests := []struct {
		name, text, needle string
		want               []Span
	}{
		{"chinese", "泡沫不是泡沫箱里的泡沫", "泡沫", []Span{{0, 2}, {4, 6}, {9, 11}}},
		{"overlapping", "哈哈哈哈", "哈哈", []Span{{0, 2}, {1, 3}, {2, 4}}},
		{"folded as the exact field", "Sora、sora 和 ＳＯＲＡ", "SORA", []Span{{0, 4}, {5, 9}, {12, 16}}},
		{"any white space", "泡沫\n破了，泡沫 破了", "泡沫 破了", []Span{{0, 5}, {6, 11}}},
		{"absent", "泡沫", "炒作", nil},
		{"needle longer", "泡", "泡沫", nil},
		{"empty needle", "泡沫", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FindAll([]rune(tt.text), tt.needle, index.FoldExact)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("FindAll(%q, %q) = %v, want %v", tt.text, tt.needle, got, tt.want)
			}
		})
	}
}

func TestMergeSpans(t *testing.T) {
	got := MergeSpans([]Span{{5, 6}, {0, 2}, {1, 3}, {3, 4}, {9, 12}, {10, 11}, {5, 6}})
	want := []Span{{0, 3}, {3, 4}, {5, 6}, {9, 12}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("MergeSpans = %v, want %v", got, want)
	}
}

func TestSortLines(t *testing.T) {
	lines := []Line{
		{DocID: "a", Start: 1, Left: "我们已经", Keyword: "遥遥领先", Right: "了吗"},
		{DocID: "b", Start: 2, Left: "真的", Keyword: "遥遥领先", Right: "吗"},
		{DocID: "c", Start: 3, Left: "所谓“", Keyword: "遥遥领先", Right: "”不过"},
	}
	tests := []struct {
		by   string
		want []string
	}{
		// Left: by the character nearest the keyword, punctuation skipped: 经 jing, 的 de,
		// 谓 wei → de, jing, wei.
		{SortLeft, []string{"b", "a", "c"}},
		// Right: 了 le, 吗 ma, 不 bu → bu, le, ma.
		{SortRight, []string{"c", "a", "b"}},
		{SortPosition, []string{"a", "b", "c"}},
	}
	for _, tt := range tests {
		t.Run(tt.by, func(t *testing.T) {
			ls := append([]Line(nil), lines...)
			if err := SortLines(ls, tt.by); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, l := range ls {
				got = append(got, l.DocID)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("SortLines(%s) = %v, want %v", tt.by, got, tt.want)
			}
		})
	}
	if err := SortLines(lines, "middle"); err == nil {
		t.Error("SortLines(middle): no error")
	}
}

func TestWidth(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"abc", 3},
		{"遥遥领先", 8},
		{"“遥遥领先”", 10}, // curly quotes are ambiguous width: one column
		{"ＡＢ１", 6},
		{"GPT-4很强", 9},
		{"e\u0301", 1},
		{"", 0},
	}
	for _, tt := range tests {
		t.Run(tt.s, func(t *testing.T) {
			if got := Width(tt.s); got != tt.want {
				t.Errorf("Width(%q) = %d, want %d", tt.s, got, tt.want)
			}
		})
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		s    string
		cols int
		want string
	}{
		{"今天你遥遥领先了吗", 9, "今天你遥…"},
		{"今天", 4, "今天"},
		{"abcdef", 4, "abc…"},
	}
	for _, tt := range tests {
		if got := Truncate(tt.s, tt.cols); got != tt.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tt.s, tt.cols, got, tt.want)
		}
	}
}

// TestFormatLinesAligned checks that every keyword starts in the same terminal column,
// whatever mix of wide and narrow characters the left contexts hold.
func TestFormatLinesAligned(t *testing.T) {
	lines := []Line{
		{DocID: "essay-1", Left: "我们已经", Keyword: "遥遥领先", Right: "了吗"},
		{DocID: "e2", Left: "GPT-4 还是", Keyword: "遥遥领先", Right: "？"},
		{DocID: "e3", Left: "", Keyword: "遥遥领先", Right: "的宣传"},
	}
	var b strings.Builder
	FormatLines(&b, lines, "  ", func(l Line) string { return l.DocID }, false)
	want := "" +
		"  essay-1    我们已经 [遥遥领先] 了吗\n" +
		"  e2       GPT-4 还是 [遥遥领先] ？\n" +
		"  e3                  [遥遥领先] 的宣传\n"
	if b.String() != want {
		t.Errorf("FormatLines:\n%s\nwant:\n%s", b.String(), want)
	}
	for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		if col := Width(line[:strings.Index(line, "[")]); col != 22 {
			t.Errorf("keyword at column %d, want 22: %q", col, line)
		}
	}
	b.Reset()
	FormatLines(&b, lines[:1], "", nil, true)
	if want := "我们已经 \x1b[1;31m遥遥领先\x1b[0m 了吗\n"; b.String() != want {
		t.Errorf("FormatLines with color = %q, want %q", b.String(), want)
	}
}

// TestFoldExact checks that the fast path folds every character as index.FoldExact does.
func TestFoldExact(t *testing.T) {
	for r := rune(0); r < 0x110000; r++ {
		if got, want := foldExact(r), index.FoldExact(r); got != want {
			t.Fatalf("foldExact(%U) = %U, index.FoldExact gives %U", r, got, want)
		}
	}
}
