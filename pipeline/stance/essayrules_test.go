package stance

import (
	"strings"
	"testing"

	"github.com/huashu/huashu/pipeline/model"
)

// TestEssayRules checks the sentence rules that the essays' document-level stance called
// for: a third party's act against a target, a grade that describes, a mistaken belief,
// reported words, a charge in scare quotes, a first-person concession, a negated degree, a
// counterpart's name, a circumstance and a few lexicon entries. want is the label toward the
// target ("": not spoken of at all), mark a modifier that the evidence must show, or a rule
// ("rule:…"; "" for none).
func TestEssayRules(t *testing.T) {
	r, seg := testEnv(t)
	for _, c := range []struct {
		name, text, target, want, mark string
	}{
		{"sanction is no verdict", "去年，美国宣布对华为断供，随后又加码制裁。", "china_ai", model.None, ""},
		{"choking is no verdict", "华为在芯片上被卡脖子已经好几年了。", "china_ai", model.None, ""},
		{"breaking the blockade is praise", "昇腾芯片终于突破封锁，实现了量产。", "china_ai", model.Favor, ""},
		{"a grade describes", "这家数据中心采购了一批英伟达的高端GPU。", "us_ai", model.None, ""},
		{"mistaken belief reverses", "有人以为GPT-5无所不能，其实它连简单的算术都会出错。", "us_ai", model.Against, "believed"},
		{"mistaken belief alone", "他们原以为DeepSeek只是一个普通的追随者。", "china_ai", model.Favor, "believed"},
		{"first-person opinion is no belief", "我以为，国产大模型的进步非常明显。", "china_ai", model.Favor, ""},
		{"以为 inside a word", "华为的新机一上市就卖空，大家已经习以为常，这款产品确实很强。", "china_ai", model.Favor, ""},
		{"belief ends at a contrast", "很多人以为ChatGPT很聪明，但它的回答经常错得离谱。", "us_ai", model.Against, "believed"},
		{"reported words", "微软在公告里写道：“我们的新模型在多项测试中表现得非常出色”，对此我不作评论。", "us_ai", model.None, "reported"},
		{"a charge in scare quotes is held at a distance", "有评论把英伟达的上涨称为“泡沫”。", "us_ai", model.Against, "quoted"},
		{"first-person concession", "我不否认Gemini是一个好产品，但谷歌的宣传实在太夸张了。", "us_ai", model.Against, ""},
		{"concession alone counts less", "我承认OpenAI的模型很强大。", "us_ai", model.Favor, ""},
		{"negated degree", "文心一言的错误虽然不少，但远没有到网上说的那种完全不能用的离谱程度。", "china_ai", model.Favor, "negated"},
		{"degree not negated", "文心一言的回答错得离谱。", "china_ai", model.Against, ""},
		{"a counterpart is another's", "几家公司都在宣传自己的“中国版Sora”有多么强大。", "us_ai", "", ""},
		{"the name itself is kept", "Sora的画面确实非常强大。", "us_ai", model.Favor, ""},
		{"a circumstance counts less", "在预算远不如对手的情况下，DeepSeek做出了一个聪明的模型。", "china_ai", model.Favor, "rule:topic"},
		{"supporting a quantity is a spec", "Gemini宣布支持一百万字的上下文。", "us_ai", model.None, ""},
		{"a safety mechanism is a topic", "OpenAI正在讨论新的安全机制。", "us_ai", model.None, ""},
		{"world-class is praise", "华为做出了世界级的芯片。", "china_ai", model.Favor, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			texts, sents, doc := r.ScoreText(c.text, seg.Tokenize(c.text))
			if c.want == "" {
				// The target must not be spoken of at all.
				for i := range texts {
					if st, ok := sents[i][c.target]; ok {
						t.Errorf("%s: spoken of (%v), want not", c.target, st)
					}
				}
				return
			}
			if got := doc[c.target].Label; got != c.want {
				t.Errorf("%s: got %s (%.3f), want %s; sentences %v", c.target, got, doc[c.target].Score, c.want, sents)
			}
			if c.mark == "" {
				return
			}
			found := false
			for i := range texts {
				for _, e := range sents[i][c.target].Evidence {
					found = found || e == c.mark || strings.Contains(e, c.mark+"]") || strings.Contains(e, ","+c.mark)
				}
			}
			if !found {
				t.Errorf("%s: no word marked %s in the evidence %v", c.target, c.mark, sents)
			}
		})
	}
}
