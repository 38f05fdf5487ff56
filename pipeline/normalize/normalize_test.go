package normalize

import (
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/huashu/huashu/pipeline/model"
)

// seedPath is a real essay; tests that read it skip when it is absent.
const seedPath = "../../../shared/seeds/sora-essay.txt"

// sent is an expected sentence: its analysis text and its original character range.
type sent struct {
	text       string
	start, end int
	para       int
}

func TestNormalize(t *testing.T) {
	md := Options{Markdown: true}
	tests := []struct {
		name     string
		opts     Options
		in       string
		analysis string
		chars    int
		paras    []model.Span
		sents    []sent
	}{
		{
			name: "terminators", in: "你好。今天好吗？好！",
			analysis: "你好。今天好吗？好！", chars: 10,
			paras: []model.Span{{Start: 0, End: 10}},
			sents: []sent{{"你好。", 0, 3, 0}, {"今天好吗？", 3, 8, 0}, {"好！", 8, 10, 0}},
		},
		{
			name: "quote after full stop", in: "他说：“我们赢了。”然后走了。",
			analysis: "他说：“我们赢了。”然后走了。", chars: 15,
			paras: []model.Span{{Start: 0, End: 15}},
			sents: []sent{{"他说：“我们赢了。”", 0, 10, 0}, {"然后走了。", 10, 15, 0}},
		},
		{
			name: "ellipsis and ?! stay together", in: "真的吗?!不会吧……好吧。",
			analysis: "真的吗?!不会吧……好吧。", chars: 13,
			paras: []model.Span{{Start: 0, End: 13}},
			sents: []sent{{"真的吗?!", 0, 5, 0}, {"不会吧……", 5, 10, 0}, {"好吧。", 10, 13, 0}},
		},
		{
			name: "brackets after terminator", in: "「好！」（完。）再见",
			analysis: "「好！」（完。）再见", chars: 10,
			paras: []model.Span{{Start: 0, End: 10}},
			sents: []sent{{"「好！」", 0, 4, 0}, {"（完。）", 4, 8, 0}, {"再见", 8, 10, 0}},
		},
		{
			name: "ASCII question mark, comma is no end", in: "Sora横空出世,美国遥遥领先。真相果真如此吗?\n",
			analysis: "Sora横空出世,美国遥遥领先。真相果真如此吗?\n", chars: 25,
			paras: []model.Span{{Start: 0, End: 24}},
			sents: []sent{{"Sora横空出世,美国遥遥领先。", 0, 16, 0}, {"真相果真如此吗?", 16, 24, 0}},
		},
		{
			name:     "full-width letters digits and space fold, Chinese punctuation stays",
			in:       "ＡＢＣ１２３，ＯｐｅｎＡＩ　发布？５０％",
			analysis: "ABC123，OpenAI 发布？50%", chars: 20,
			paras: []model.Span{{Start: 0, End: 20}},
			sents: []sent{{"ABC123，OpenAI 发布？", 0, 17, 0}, {"50%", 17, 20, 0}},
		},
		{
			name: "traditional to simplified", opts: Options{Traditional: true}, in: "「這個模型遙遙領先」",
			analysis: "「这个模型遥遥领先」", chars: 10,
			paras: []model.Span{{Start: 0, End: 10}},
			sents: []sent{{"「这个模型遥遥领先」", 0, 10, 0}},
		},
		{
			name: "traditional phrase and supplementary plane", opts: Options{Traditional: true}, in: "乾隆年間，二噁英。",
			analysis: "乾隆年间，二\U0002bac7英。", chars: 9,
			paras: []model.Span{{Start: 0, End: 9}},
			sents: []sent{{"乾隆年间，二\U0002bac7英。", 0, 9, 0}},
		},
		{
			name: "traditional left alone without the option", in: "這個模型",
			analysis: "這個模型", chars: 4,
			paras: []model.Span{{Start: 0, End: 4}},
			sents: []sent{{"這個模型", 0, 4, 0}},
		},
		{
			name: "invalid bytes are one character each", in: "ab\xffc\xe4\xb8d。",
			analysis: "ab\ufffdc\ufffd\ufffdd。", chars: 8,
			paras: []model.Span{{Start: 0, End: 8}},
			sents: []sent{{"ab\ufffdc\ufffd\ufffdd。", 0, 8, 0}},
		},
		{
			name: "NUL and controls become spaces", in: "前\x00后\x01\x7f。\u200b\u0085",
			analysis: "前 后  。 ", chars: 8,
			paras: []model.Span{{Start: 0, End: 6}},
			sents: []sent{{"前 后  。", 0, 6, 0}},
		},
		{
			name: "CRLF and CR are newlines, blank line ends the paragraph", in: "第一行\r\n第二行\r\r\n第二段。",
			analysis: "第一行\n第二行\n\n第二段。", chars: 15,
			paras: []model.Span{{Start: 0, End: 8}, {Start: 11, End: 15}},
			sents: []sent{{"第一行", 0, 3, 0}, {"第二行", 5, 8, 0}, {"第二段。", 11, 15, 1}},
		},
		{
			name: "whitespace only", in: "  \n\t\n\u3000\u3000\n",
			analysis: "  \n\t\n  \n", chars: 8,
		},
		{
			name: "empty", in: "", analysis: "", chars: 0,
		},
		{
			name: "long sentence cut after the last comma", opts: Options{MaxSentence: 10},
			in:       "一二三四五，六七八九十一二三四五六七八九十。",
			analysis: "一二三四五，六七八九十一二三四五六七八九十。", chars: 22,
			paras: []model.Span{{Start: 0, End: 22}},
			sents: []sent{{"一二三四五，", 0, 6, 0}, {"六七八九十一二三四五", 6, 16, 0}, {"六七八九十。", 16, 22, 0}},
		},
		{
			name: "long sentence cut at a space", opts: Options{MaxSentence: 6}, in: "ab cd ef gh",
			analysis: "ab cd ef gh", chars: 11,
			paras: []model.Span{{Start: 0, End: 11}},
			sents: []sent{{"ab cd", 0, 5, 0}, {"ef gh", 6, 11, 0}},
		},
		{
			name: "markdown heading with anchor", opts: md, in: "## 标题 {#anchor}\n正文。",
			analysis: "标题 \n正文。", chars: 19,
			paras: []model.Span{{Start: 3, End: 5}, {Start: 16, End: 19}},
			sents: []sent{{"标题", 3, 5, 0}, {"正文。", 16, 19, 1}},
		},
		{
			name: "markdown emphasis", opts: md, in: "**龙牡**的*核心*定位，根据**国家（NMPA）**备案。",
			analysis: "龙牡的核心定位，根据国家（NMPA）备案。", chars: 31,
			paras: []model.Span{{Start: 2, End: 31}},
			sents: []sent{{"龙牡的核心定位，根据国家（NMPA）备案。", 2, 31, 0}},
		},
		{
			name: "markdown bold ends after full-width colon", opts: md, in: "**发布日期：**2025年",
			analysis: "发布日期：2025年", chars: 14,
			paras: []model.Span{{Start: 2, End: 14}},
			sents: []sent{{"发布日期：2025年", 2, 14, 0}},
		},
		{
			name: "markdown link keeps text, image goes", opts: md, in: "见[《公告》](https://x.cn/a(b))。![图](p.png)完。",
			analysis: "见《公告》。完。", chars: 40,
			paras: []model.Span{{Start: 0, End: 40}},
			sents: []sent{{"见《公告》。", 0, 27, 0}, {"完。", 38, 40, 0}},
		},
		{
			name: "markdown table rows and cells", opts: md, in: "| 类型 | 成分 |\n|---|---|\n| **中药** | 党参、白术 |",
			analysis: "  类型   成分  \n\n  中药   党参、白术  ", chars: 40,
			paras: []model.Span{{Start: 2, End: 9}, {Start: 26, End: 38}},
			sents: []sent{{"类型", 2, 4, 0}, {"成分", 7, 9, 0}, {"中药", 26, 28, 1}, {"党参、白术", 33, 38, 1}},
		},
		{
			name: "markdown list, quote and rule", opts: md, in: "- 第一项。\n- 第二项\n\n> 引用。\n\n*** ** * ** ***\n",
			analysis: "第一项。\n第二项\n\n引用。\n\n\n", chars: 37,
			paras: []model.Span{{Start: 2, End: 6}, {Start: 9, End: 12}, {Start: 16, End: 19}},
			sents: []sent{{"第一项。", 2, 6, 0}, {"第二项", 9, 12, 1}, {"引用。", 16, 19, 2}},
		},
		{
			name: "markdown br ends a sentence, bare URL goes", opts: md, in: "换行<br />下一句 https://a.com/x 结束。",
			analysis: "换行 下一句  结束。", chars: 31,
			paras: []model.Span{{Start: 0, End: 31}},
			sents: []sent{{"换行", 0, 2, 0}, {"下一句  结束。", 8, 31, 0}},
		},
		{
			name: "markdown setext heading", opts: md, in: "前文\n标题\n---\n正文。",
			analysis: "前文\n标题\n\n正文。", chars: 13,
			paras: []model.Span{{Start: 0, End: 2}, {Start: 3, End: 5}, {Start: 10, End: 13}},
			sents: []sent{{"前文", 0, 2, 0}, {"标题", 3, 5, 1}, {"正文。", 10, 13, 2}},
		},
		{
			name: "markdown code span and escapes", opts: md, in: "用`go test`运行\\*不是强调\\*。",
			analysis: "用go test运行*不是强调*。", chars: 21,
			paras: []model.Span{{Start: 0, End: 21}},
			sents: []sent{{"用go test运行*不是强调*。", 0, 21, 0}},
		},
		{
			name: "markdown keeps words apart", opts: md, in: "a **b**c [x](y)z <i>w</i>v &amp; ＡＢ<img src=\"x\">C",
			analysis: "a bc xz wv & AB C", chars: 49,
			paras: []model.Span{{Start: 0, End: 49}},
			sents: []sent{{"a bc xz wv & AB C", 0, 49, 0}},
		},
		{
			name: "markdown fenced code stays as text", opts: md, in: "```go\nx := 1\n```\n后文",
			analysis: "\nx := 1\n\n后文", chars: 19,
			paras: []model.Span{{Start: 6, End: 12}, {Start: 17, End: 19}},
			sents: []sent{{"x := 1", 6, 12, 0}, {"后文", 17, 19, 1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := New(tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			r := n.Normalize(tt.in)
			if r.Original != tt.in {
				t.Errorf("Original = %q", r.Original)
			}
			if r.Analysis != tt.analysis {
				t.Errorf("Analysis = %q, want %q", r.Analysis, tt.analysis)
			}
			if r.Chars != tt.chars {
				t.Errorf("Chars = %d, want %d", r.Chars, tt.chars)
			}
			if !reflect.DeepEqual(r.Paragraphs, tt.paras) {
				t.Errorf("Paragraphs = %v, want %v", r.Paragraphs, tt.paras)
			}
			var got []sent
			for _, s := range r.Sentences {
				got = append(got, sent{r.Text(s), s.Start, s.End, s.Paragraph})
			}
			if !reflect.DeepEqual(got, tt.sents) {
				t.Errorf("Sentences =\n%v\nwant\n%v", got, tt.sents)
			}
			// The analysis offsets are where each sentence's text stands, in order.
			from := 0
			for i, s := range r.Sentences {
				want := strings.Index(r.Analysis[from:], tt.sents[i].text) + from
				if s.AStart != want || s.AEnd != want+len(tt.sents[i].text) {
					t.Errorf("sentence %d at analysis [%d, %d), want [%d, %d)", i, s.AStart, s.AEnd, want, want+len(tt.sents[i].text))
				}
				from = s.AEnd
			}
			max := tt.opts.MaxSentence
			if max == 0 {
				max = DefaultMaxSentence
			}
			check(t, r, max)
		})
	}
}

func TestSpan(t *testing.T) {
	tests := []struct {
		name       string
		opts       Options
		in         string
		word       string // the word of the analysis text, its first occurrence
		start, end int
	}{
		{"plain word", Options{}, "美国又一次遥遥领先。", "遥遥领先", 5, 9},
		{"folded word", Options{}, "新模型ＧＰＴ－５发布", "GPT-5", 3, 8},
		{"folded space", Options{}, "甲　乙", " ", 1, 2},
		{"traditional word", Options{Traditional: true}, "「這個模型遙遙領先」", "遥遥领先", 5, 9},
		{"traditional phrase", Options{Traditional: true}, "他乾乾淨淨地走了", "干干净净", 1, 5},
		{"invalid byte", Options{}, "a\xffb", "\ufffd", 1, 2},
		{"CRLF newline", Options{}, "甲\r\n乙", "\n", 1, 3},
		{"after invalid bytes", Options{}, "\xe4\xb8\xff模型", "模型", 3, 5},
		{"bold word", Options{Markdown: true}, "**遥遥领先**了", "遥遥领先", 2, 6},
		{"across dropped bold", Options{Markdown: true}, "遥遥**领先**", "遥遥领先", 0, 6},
		{"link text", Options{Markdown: true}, "见[公告](http://x.cn)。", "公告", 2, 4},
		{"entity", Options{Markdown: true}, "A&amp;B", "&", 1, 6},
		{"space for dropped markup", Options{Markdown: true}, "a<img>b", " ", 1, 6},
		{"word beyond a heading anchor", Options{Markdown: true}, "# 题 {#x}\n模型", "模型", 9, 11},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := New(tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			r := n.Normalize(tt.in)
			a := strings.Index(r.Analysis, tt.word)
			if a < 0 {
				t.Fatalf("%q not in analysis %q", tt.word, r.Analysis)
			}
			if s, e := r.Span(a, a+len(tt.word)); s != tt.start || e != tt.end {
				t.Errorf("Span(%q) = (%d, %d), want (%d, %d)", tt.word, s, e, tt.start, tt.end)
			}
		})
	}
}

func TestSpanEdges(t *testing.T) {
	n, _ := New(Options{Markdown: true})
	r := n.Normalize("**模型**")
	tests := []struct {
		name         string
		aStart, aEnd int
		wantS, wantE int
	}{
		{"whole", 0, len(r.Analysis), 2, 4},
		{"inside a rune", 1, 2, 2, 3},
		{"empty at start", 0, 0, 2, 2},
		{"empty at end", len(r.Analysis), len(r.Analysis), 4, 4},
		{"clamped", -5, 100, 2, 4},
		{"reversed", 3, 0, 3, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if s, e := r.Span(tt.aStart, tt.aEnd); s != tt.wantS || e != tt.wantE {
				t.Errorf("Span(%d, %d) = (%d, %d), want (%d, %d)", tt.aStart, tt.aEnd, s, e, tt.wantS, tt.wantE)
			}
		})
	}
	empty := n.Normalize("")
	if s, e := empty.Span(0, 0); s != 0 || e != 0 {
		t.Errorf("Span of the empty text = (%d, %d)", s, e)
	}
}

// TestLongLine checks that a 2 MB line with no separator becomes many short sentences, fast.
func TestLongLine(t *testing.T) {
	line := strings.Repeat("模型遥遥领先", 2<<20/18)
	for _, opts := range []Options{{}, {Markdown: true, Traditional: true}} {
		n, _ := New(opts)
		start := time.Now()
		r := n.Normalize(line)
		took := time.Since(start)
		wantN := (utf8.RuneCountInString(line) + DefaultMaxSentence - 1) / DefaultMaxSentence
		if len(r.Sentences) != wantN {
			t.Errorf("%+v: %d sentences, want %d", opts, len(r.Sentences), wantN)
		}
		if took > 2*time.Second {
			t.Errorf("%+v: took %v", opts, took)
		}
		check(t, r, DefaultMaxSentence)
	}
}

func TestNewRejectsNegativeMaxSentence(t *testing.T) {
	if _, err := New(Options{MaxSentence: -1}); err == nil {
		t.Fatal("New accepted MaxSentence -1")
	}
}

// TestConcurrent normalizes from several goroutines with one Normalizer (run with -race).
func TestConcurrent(t *testing.T) {
	n, _ := New(Options{Markdown: true, Traditional: true})
	in := "## 這個模型\n\n**遙遙領先**，真的嗎？\n"
	want := n.Normalize(in)
	done := make(chan *Result)
	for range 4 {
		go func() {
			var r *Result
			for range 50 {
				r = n.Normalize(in)
			}
			done <- r
		}()
	}
	for range 4 {
		if r := <-done; r.Analysis != want.Analysis || !reflect.DeepEqual(r.Sentences, want.Sentences) {
			t.Fatalf("concurrent result differs: %q", r.Analysis)
		}
	}
}

// TestPathologicalMarkdown checks that long lines made of markup that never closes take
// linear time: each must finish quickly.
func TestPathologicalMarkdown(t *testing.T) {
	const size = 400 << 10
	units := map[string]string{
		"open brackets":        "[",
		"open brackets, words": "[链接 ",
		"bracket and paren":    "[a](",
		"backtick runs":        "`` ` ",
		"closers only":         "a* ",
		"openers only":         " *a",
		"underscores":          "_a_ b_",
		"tags":                 "<a ",
		"anchors":              "{#a ",
		"parentheses URL":      "http://x.cn/)",
		"entities":             "&amp",
		"images":               "![",
	}
	n, _ := New(Options{Markdown: true})
	for name, unit := range units {
		t.Run(name, func(t *testing.T) {
			in := strings.Repeat(unit, size/len(unit))
			start := time.Now()
			r := n.Normalize(in)
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("took %v for %d bytes", took, len(in))
			}
			check(t, r, DefaultMaxSentence)
		})
	}
}

// TestManyLinksOnOneLine checks that the budget that bounds scans on a line does not run
// out on real markup: every link of a long line is recognized.
func TestManyLinksOnOneLine(t *testing.T) {
	line := strings.Repeat("见[《报告》](https://example.com/a/very/long/path/to/the/report?id=12345&x=(1)) `代码` **强调** ", 2000)
	n, _ := New(Options{Markdown: true})
	r := n.Normalize(line)
	for _, markup := range []string{"http", "[", "]", "`", "*"} {
		if strings.Contains(r.Analysis, markup) {
			t.Errorf("%q left in the analysis text", markup)
		}
	}
	if got := strings.Count(r.Analysis, "《报告》"); got != 2000 {
		t.Errorf("%d link texts, want 2000", got)
	}
	check(t, r, DefaultMaxSentence)
}
