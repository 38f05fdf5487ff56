package normalize

import (
	"strings"
	"testing"
)

// shown renders what a reader sees of original: its Visible characters, a run of AsSpace
// characters as one space.
func shown(original string, vis []Visibility) string {
	var b strings.Builder
	i := 0
	space := false
	for _, r := range original {
		switch vis[i] {
		case Visible:
			b.WriteRune(r)
			space = false
		case AsSpace:
			if !space {
				b.WriteByte(' ')
			}
			space = true
		}
		i++
	}
	return b.String()
}

func TestVisibility(t *testing.T) {
	tests := []struct {
		name     string
		markdown bool
		in, want string
	}{
		{"plain text is all visible", false, "这是**泡沫**吗？<br />", "这是**泡沫**吗？<br />"},
		{"emphasis", true, "这是**泡沫**，不是*奇迹*。", "这是泡沫，不是奇迹。"},
		{"heading and list", true, "## 算力之争\n\n- 第一条\n- 第二条\n", "算力之争\n\n第一条\n第二条\n"},
		{"link keeps its text", true, "见[这篇报道](https://example.com/a)。", "见这篇报道。"},
		{"html break is a space", true, "第一句。<br />第二句。", "第一句。 第二句。"},
		{"table", true, "| 年份 | 芯片 |\n|---|---|\n| 2024 | H20 |\n", "  年份   芯片  \n\n  2024   H20  \n"}, // white space as it was: KWIC folds runs of it
		{"traditional stays as written", true, "這是**泡沫**", "這是泡沫"},
		{"invalid byte counts one", true, "泡\xff沫", "泡\ufffd沫"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := New(Options{Markdown: tt.markdown, Traditional: true})
			if err != nil {
				t.Fatal(err)
			}
			r := n.Normalize(tt.in)
			vis := r.Visibility()
			if len(vis) != r.Chars {
				t.Fatalf("%d visibilities for %d characters", len(vis), r.Chars)
			}
			if got := shown(strings.ToValidUTF8(tt.in, "\ufffd"), vis); got != tt.want {
				t.Errorf("shown %q\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}
