package stance

import (
	"fmt"
	"testing"

	"github.com/huashu/huashu/pipeline/model"
)

// TestJudged checks how many sentences must take a side for a document to judge a target.
func TestJudged(t *testing.T) {
	for _, c := range []struct {
		n, labelled int
		inTitle     bool
		want        bool
	}{
		{1, 1, false, true},
		{11, 1, false, true},
		{12, 1, false, false},
		{12, 2, false, true},
		{23, 2, false, true},
		{24, 2, false, false},
		{40, 2, false, false},
		{40, 3, false, true},
		{400, 3, false, true},
		{40, 0, true, true},
		{5, 0, false, false},
	} {
		t.Run(fmt.Sprintf("%d sentences, %d labelled, title %v", c.n, c.labelled, c.inTitle), func(t *testing.T) {
			if got := judged(c.n, c.labelled, c.inTitle); got != c.want {
				t.Errorf("judged(%d, %d, %v) = %v, want %v", c.n, c.labelled, c.inTitle, got, c.want)
			}
		})
	}
}

// TestDocumentTitle scores hand-built documents of many sentences: a target named in passing
// is none, a title that names a target speaks of it, a title that names none speaks of the
// main target, and one that speaks of the writer's side (我们) of no target; a clause of the
// title that speaks of the reader (你) evaluates no target.
func TestDocumentTitle(t *testing.T) {
	r, seg := testEnv(t)
	filler := "下午我们在会议室里讨论了下个季度的排期。"
	doc := func(title string, body ...string) *model.Annotation {
		for len(body) < 30 {
			body = append(body, filler)
		}
		ann := &model.Annotation{ID: "doc", Title: title}
		var inputs []Input
		off := 0
		for i, s := range body {
			n := len([]rune(s))
			ann.Sentences = append(ann.Sentences, model.Sentence{Start: off, End: off + n, Paragraph: i / 3})
			inputs = append(inputs, Input{Text: s, Tokens: seg.Tokenize(s)})
			off += n + 1
		}
		r.Score(ann, inputs)
		return ann
	}
	neutralUS := []string{"英伟达今天公布了季度财报。", "英伟达的发布会在周三举行。", "英伟达的股东大会在加州召开。", "英伟达的新卡下个月发货。"}
	for _, c := range []struct {
		name, title string
		body        []string
		us, cn      string
	}{
		{"praise in passing", "", []string{"OpenAI的新模型非常强大。"}, model.None, model.None},
		{"praise in passing, title names it", "OpenAI的新模型", []string{"OpenAI的新模型非常强大。"}, model.Favor, model.None},
		{"title judges a target it names", "文心一言，也就那么回事", []string{"文心一言昨天开了发布会。"}, model.None, model.Against},
		{"title speaks of the main target", "这回不是泡沫", neutralUS, model.Favor, model.None},
		{"title of the writer's side", "我们又落后了一步", neutralUS, model.None, model.None},
		{"title of the reader", "英伟达的新卡，你先别急", neutralUS, model.None, model.None},
		{"title named, body silent", "英伟达的新卡，不及预期", neutralUS, model.Against, model.None},
		{"no main target", "这回不是泡沫", append(neutralUS[:3:3], "华为今天公布了季度财报。", "华为的发布会在周三举行。"), model.None, model.None},
		{"three sentences judge", "", []string{"Sora的画面非常惊艳。", "Sora的物理效果也很出色。", "Sora的镜头语言相当成熟。"}, model.Favor, model.None},
	} {
		t.Run(c.name, func(t *testing.T) {
			ann := doc(c.title, c.body...)
			for target, want := range map[string]string{"us_ai": c.us, "china_ai": c.cn} {
				if got := ann.Stance[target]; got.Label != want {
					t.Errorf("%s: got %s (%.3f, favor %d, against %d), want %s", target, got.Label, got.Score, got.Favor, got.Against, want)
				}
			}
		})
	}
}

// TestMainTarget checks which target a document speaks of most.
func TestMainTarget(t *testing.T) {
	r, _ := testEnv(t)
	mk := func(us, cn int) []targetScores {
		var out []targetScores
		for range us {
			out = append(out, targetScores{{target: "us_ai"}})
		}
		for range cn {
			out = append(out, targetScores{{target: "china_ai"}})
		}
		return append(out, nil, nil)
	}
	for _, c := range []struct {
		us, cn int
		want   string
	}{
		{0, 0, ""},
		{2, 0, ""},
		{3, 0, "us_ai"},
		{4, 2, "us_ai"},
		{4, 3, ""},
		{1, 6, "china_ai"},
	} {
		t.Run(fmt.Sprintf("us %d china %d", c.us, c.cn), func(t *testing.T) {
			if got := r.mainTarget(mk(c.us, c.cn)); got != c.want {
				t.Errorf("mainTarget = %q, want %q", got, c.want)
			}
		})
	}
}
